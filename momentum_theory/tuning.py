r"""Optimal step size and momentum for curvatures spread over :math:`[\mu, L]`.

Momentum with a single :math:`(\eta, \beta)` must serve every curvature
:math:`\lambda \in [\mu, L]` of the quadratic at once; its worst rate is
:math:`\max_{\lambda\in[\mu,L]} \rho(\eta\lambda, \beta)`. Minimising that
worst rate gives Polyak's tuning

.. math::

    \eta^* = \frac{4}{(\sqrt L + \sqrt\mu)^2}, \qquad
    \beta^* = \Bigl(\frac{\sqrt L - \sqrt\mu}{\sqrt L + \sqrt\mu}\Bigr)^2, \qquad
    \rho^* = \frac{\sqrt\kappa - 1}{\sqrt\kappa + 1},

with :math:`\kappa = L/\mu`, against gradient descent's
:math:`\eta^* = 2/(\mu + L)` and :math:`\rho^* = (\kappa - 1)/(\kappa + 1)`.

Convention (the chapter's): :math:`v_t = \beta v_{t-1} + \nabla f(x_{t-1})`,
:math:`x_t = x_{t-1} - \eta v_t`. Eliminating :math:`v` gives the classic form
:math:`x_{t+1} = x_t - \eta\nabla f(x_t) + \beta(x_t - x_{t-1})`, so the step
multiplying the gradient is :math:`\eta` itself.

:func:`heavy_ball_optimal` and :func:`gd_optimal` give the closed forms;
:func:`derive_heavy_ball_optimal` / :func:`derive_gd_optimal` derive them in
SymPy; :func:`minimize_worst_rate` finds the optimum numerically with SciPy,
knowing nothing of the closed forms.
"""
from __future__ import annotations

import functools
import math

import numpy as np

from momentum_theory import _validation as _v
# Tuning is defined below this module and accelerated (whose nesterov_optimal
# returns one), so that neither imports the other for it.
from momentum_theory._tuning_record import Tuning, below_one, finite_step, steps_needed
from momentum_theory.accelerated import nesterov_spectral_radius
from momentum_theory.spectral import spectral_radius

__all__ = [
    "Tuning",
    "heavy_ball_optimal",
    "gd_optimal",
    "worst_rate",
    "minimize_worst_rate",
    "steps_to_tolerance",
    "derive_gd_optimal",
    "derive_heavy_ball_optimal",
]



def heavy_ball_optimal(mu, L) -> Tuning:
    r"""Polyak's optimal heavy-ball tuning for curvatures in :math:`[\mu, L]`.

    Parameters
    ----------
    mu, L : float
        Smallest and largest curvature, :math:`0 < \mu \le L`.

    Returns
    -------
    Tuning
        :math:`\eta = 4/(\sqrt L + \sqrt\mu)^2`,
        :math:`\beta = ((\sqrt L - \sqrt\mu)/(\sqrt L + \sqrt\mu))^2`,
        rate :math:`(\sqrt\kappa - 1)/(\sqrt\kappa + 1)`.

    Notes
    -----
    At this tuning both ends of the interval sit on the critical-damping
    curves :math:`\eta\lambda = (1 \mp \sqrt\beta)^2`, so every
    :math:`\lambda \in [\mu, L]` has complex eigenvalues of modulus
    :math:`\sqrt\beta`: the rate is the same for all curvatures. See
    :func:`derive_heavy_ball_optimal` for the derivation.

    Numerics: with :math:`d = 2/(\sqrt\kappa + 1)`, :math:`\beta = 1 - d(2 - d)`
    and rate :math:`1 - d` are each rounded once, and
    :math:`\eta = (2/(\sqrt L + \sqrt\mu))^2` does not overflow for any
    float ``L``. For :math:`\kappa \gtrsim 1.3\cdot 10^{33}` the exact
    :math:`\beta` or rate is within half an ulp of 1 and rounds to 1.0,
    which is not a convergent tuning: ``ValueError`` then.

    Raises
    ------
    ValueError
        ``mu <= 0``, ``L < mu``, non-finite input, or ``L / mu`` so large
        that :math:`\beta` or the rate rounds to 1.

    Examples
    --------
    >>> t = heavy_ball_optimal(1.0, 100.0)
    >>> round(t.eta, 12), round(t.beta, 12), round(t.rate, 12)
    (0.033057851240, 0.669421487603, 0.818181818182)
    """
    mu, L = _v.curvature_interval(mu, L)
    sl, sm = math.sqrt(L), math.sqrt(mu)
    # 1 - beta and 1 - rate from d = 2/(sqrt(kappa) + 1), with no
    # cancellation: beta = (1 - d)**2 = 1 - d (2 - d) rounds once, where
    # squaring a rounded ratio near 1 would double its error.
    d = 2.0 * sm / (sl + sm)
    beta, rate = 1.0 - d * (2.0 - d), 1.0 - d
    below_one(beta, rate, mu, L, d * (2.0 - d), d)
    eta = finite_step((2.0 / (sl + sm)) ** 2, mu, L)
    return Tuning(eta=eta, beta=beta, rate=rate, mu=mu, L=L, method="heavy_ball")


def gd_optimal(mu, L) -> Tuning:
    r"""The optimal constant step of gradient descent for curvatures in :math:`[\mu, L]`.

    Parameters
    ----------
    mu, L : float
        Smallest and largest curvature, :math:`0 < \mu \le L`.

    Returns
    -------
    Tuning
        :math:`\eta = 2/(\mu + L)`, :math:`\beta = 0`, rate :math:`(\kappa - 1)/(\kappa + 1)`.

    Notes
    -----
    The rate on curvature :math:`\lambda` is :math:`|1 - \eta\lambda|`; the
    worst over the interval is the larger of the two ends, minimised when they
    are equal: :math:`1 - \eta\mu = \eta L - 1`.

    Examples
    --------
    >>> t = gd_optimal(1.0, 100.0)
    >>> round(t.eta, 12), t.beta, round(t.rate, 12)
    (0.019801980198, 0.0, 0.980198019802)
    """
    mu, L = _v.curvature_interval(mu, L)
    r = mu / L                     # no mu + L: it overflows for L near the float64 maximum
    return Tuning(eta=finite_step((2.0 / L) / (1.0 + r), mu, L), beta=0.0,
                  rate=(1.0 - r) / (1.0 + r), mu=mu, L=L, method="gd")


_METHODS = ("heavy_ball", "gd", "nesterov")


def _method(method):
    if method not in _METHODS:
        raise ValueError(f"method must be one of {_METHODS}, got {method!r}")
    return method


def worst_rate(mu, L, eta, beta, *, method="heavy_ball", grid=2001):
    r"""The worst spectral radius :math:`\max_{\lambda\in[\mu,L]}\rho(\eta\lambda,\beta)`.

    Parameters
    ----------
    mu, L : float
        Curvature interval.
    eta, beta : float
        The tuning (``beta`` is ignored for ``method="gd"``).
    method : {"heavy_ball", "gd", "nesterov"}
        Whose spectral radius: heavy ball (:func:`~momentum_theory.spectral.spectral_radius`),
        gradient descent (heavy ball with ``beta = 0``) or Nesterov
        (:func:`~momentum_theory.accelerated.nesterov_spectral_radius`).
    grid : int
        Evenly spaced curvatures, on top of the exact candidates.

    Returns
    -------
    float

    Notes
    -----
    For heavy ball, :math:`\rho(h)` is constant (:math:`\sqrt\beta`) between
    the critical-damping points :math:`h = (1 \pm \sqrt\beta)^2` and
    monotone outside them; for Nesterov the kinks are at
    :math:`h = ((1-\beta)/(1+\beta))^2` and :math:`h = 1`. The maximum over an
    interval is therefore at an end or a kink; ends and kinks are evaluated
    exactly and the grid only adds safety for unusual ``beta``. On a
    critical-damping curve :math:`\rho` has a square-root kink, so a rounding
    error :math:`\epsilon` in :math:`\eta\lambda` can move it by
    :math:`\sim\sqrt\epsilon`: at Polyak's tuning (both ends on the curves)
    expect agreement with the closed-form rate to about 1e-8, not 1e-16.

    Examples
    --------
    >>> round(worst_rate(1.0, 100.0, 2 / 101, 0.0), 12)
    0.980198019802
    >>> t = heavy_ball_optimal(1.0, 100.0)
    >>> abs(worst_rate(1.0, 100.0, t.eta, t.beta) - t.rate) < 1e-7   # sqrt(eps): see Notes
    True
    """
    mu, L = _v.curvature_interval(mu, L)
    eta = _v.real_scalar(eta, "eta")
    beta = _v.real_scalar(beta, "beta")
    method = _method(method)
    grid = _v.count(grid, "grid", minimum=2)
    if method == "gd":
        beta = 0.0
    if not math.isfinite(eta * L):
        raise ValueError(f"eta * L overflows float64 (eta={eta!r}, L={L!r})")
    h = [eta * np.linspace(mu, L, grid)]
    if 0 <= beta < 1:
        s = math.sqrt(beta)
        if method == "nesterov":
            kinks = np.array([((1 - beta) / (1 + beta)) ** 2, 1.0])
        else:
            kinks = np.array([(1 - s) ** 2, (1 + s) ** 2])
        h.append(kinks[(kinks >= eta * mu) & (kinks <= eta * L)])
    h = np.concatenate(h)
    if method == "nesterov":
        return float(np.max(nesterov_spectral_radius(h, beta)))
    return float(np.max(spectral_radius(h, beta)))


def minimize_worst_rate(mu, L, *, method="heavy_ball", grid=2001):
    r"""Find the tuning that minimises the worst rate over :math:`[\mu, L]`, numerically.

    Nested bounded scalar searches of :func:`worst_rate`: the best
    :math:`\log\eta` for each :math:`\beta`, inside a search over
    :math:`\beta \in [0, 1)` (one search over :math:`\log\eta` for gradient
    descent). It does not use the closed forms; comparing its answer with :func:`heavy_ball_optimal`,
    :func:`gd_optimal` and :func:`~momentum_theory.accelerated.nesterov_optimal`
    checks the derivations.

    Parameters
    ----------
    mu, L : float
        Curvature interval.
    method : {"heavy_ball", "gd", "nesterov"}
        Which method to tune (``"gd"`` tunes ``eta`` with ``beta = 0``).
    grid : int
        Passed to :func:`worst_rate`.

    Returns
    -------
    Tuning
        ``method`` is ``"numeric " + method``.

    Notes
    -----
    The objective is flat along the complex regime (the heavy-ball rate is
    :math:`\sqrt\beta` there whatever :math:`\eta`) and has square-root kinks
    at the optimum, where a rounding error :math:`\epsilon` moves the rate by
    :math:`\sim\sqrt\epsilon`. Measured for :math:`1 < \kappa \le 10^5`
    (heavy ball and Nesterov): the rate within 1.5e-8 of the closed form,
    :math:`(\eta, \beta)` within 2e-7 relative; :math:`\eta` within 1e-6
    relative for gradient descent. The tests use 1e-7 for the rate and 1e-4
    for the parameters.

    Examples
    --------
    >>> t = minimize_worst_rate(1.0, 16.0)
    >>> round(t.rate, 6), round(t.eta, 5), round(t.beta, 5)
    (0.6, 0.16, 0.36)
    """
    from scipy import optimize

    mu, L = _v.curvature_interval(mu, L)
    method = _method(method)
    label = f"numeric {method}"
    if method == "gd":
        def objective_gd(log_eta):
            return worst_rate(mu, L, math.exp(log_eta), 0.0, method="gd", grid=grid)
        # Any eta > 2/L diverges on L; the optimum is in (0, 2/L).
        res = optimize.minimize_scalar(objective_gd, bounds=(math.log(1e-3 / L), math.log(2.0 / L)),
                                       method="bounded", options=dict(xatol=1e-12))
        eta = math.exp(res.x)
        return Tuning(eta=eta, beta=0.0, rate=objective_gd(res.x), mu=mu, L=L, method=label)

    def worst(log_eta, beta):
        return worst_rate(mu, L, math.exp(log_eta), beta, method=method, grid=grid)

    # Nested bounded searches: for each beta the best eta, then the best beta.
    # A joint 2-D search stalls on the ridge where both ends of [mu, L] sit on
    # kinks of rho (that is where the optimum is); the nested 1-D searches
    # only need each profile to be unimodal. Every eta with eta*L < 4.5 is
    # covered (beyond 2 + 2 beta < 4 heavy ball diverges on L).
    eta_bounds = (math.log(1e-3 / L), math.log(4.5 / L))

    def best_eta(beta):
        return optimize.minimize_scalar(lambda le: worst(le, beta), bounds=eta_bounds,
                                        method="bounded", options=dict(xatol=1e-13))

    outer = optimize.minimize_scalar(lambda b: best_eta(b).fun, bounds=(0.0, 1.0 - 1e-12),
                                     method="bounded", options=dict(xatol=1e-14))
    beta = float(outer.x)
    inner = best_eta(beta)
    eta = math.exp(inner.x)
    return Tuning(eta=eta, beta=beta, rate=worst(inner.x, beta), mu=mu, L=L, method=label)


def steps_to_tolerance(rate, eps):
    r"""Steps :math:`t` with :math:`\text{rate}^t \le \varepsilon`: :math:`\lceil\ln\varepsilon/\ln\text{rate}\rceil`.

    Parameters
    ----------
    rate : array_like
        Per-step contraction, in [0, 1).
    eps : array_like
        Tolerance, in (0, 1).

    Returns
    -------
    int or ndarray of int
        The smallest such :math:`t` (1 when ``rate == 0``: one step is
        still needed).

    Examples
    --------
    >>> int(steps_to_tolerance(0.5, 1e-3))
    10
    >>> steps_to_tolerance([gd_optimal(1, 100).rate, heavy_ball_optimal(1, 100).rate], 1e-6).tolist()
    [691, 69]
    """
    return steps_needed(rate, eps)


# --- SymPy derivations -------------------------------------------------------

def derive_gd_optimal():
    r"""Derive gradient descent's optimal step on :math:`[\mu, L]` in SymPy.

    The rate on curvature :math:`\lambda` is :math:`|1 - \eta\lambda|`, whose
    maximum over the interval is at an end. Lowering :math:`\eta` helps the
    end :math:`L` and hurts :math:`\mu`, so the optimum equalises them:
    :math:`1 - \eta\mu = \eta L - 1`.

    Returns
    -------
    Derivation
        ``result['eta']`` (in ``mu``, ``L``) and ``result['rate']`` (in
        ``kappa = L/mu``).

    Examples
    --------
    >>> d = derive_gd_optimal()
    >>> d.result["eta"], d.result["rate"]
    (2/(L + mu), (kappa - 1)/(kappa + 1))
    """
    return _gd_optimal()


@functools.lru_cache(maxsize=1)
def _gd_optimal():
    import sympy as sp
    from momentum_theory.symbolic import Derivation, eta, lambda_

    mu, L, kappa = sp.symbols("mu L kappa", positive=True)
    balance = sp.Eq(1 - eta * mu, eta * L - 1)
    (eta_star,) = sp.solve(balance, eta)
    rate = sp.factor(sp.simplify((1 - eta * mu).subs(eta, eta_star)))
    rate_kappa = sp.factor(sp.simplify(rate.subs(L, kappa * mu)))
    return Derivation(
        name="gd_optimal",
        description="the constant step of gradient descent that minimises the worst rate on [μ, L]",
        result={"eta": eta_star, "rate": rate_kappa},
        steps={"rate_on_curvature_lambda": sp.Abs(1 - eta * lambda_),
               "equal_error_at_both_ends": balance,
               "eta_star": eta_star, "rate": rate, "rate_with_L_equal_kappa_mu": rate_kappa},
        checks={"both_ends_equal": sp.simplify((1 - eta_star * mu) - (eta_star * L - 1))},
        conditions=(sp.Le(mu, L),),
    )


def derive_heavy_ball_optimal():
    r"""Derive Polyak's heavy-ball tuning on :math:`[\mu, L]` in SymPy.

    In the complex regime :math:`(1 - s)^2 \le \eta\lambda \le (1 + s)^2`
    (:math:`s = \sqrt\beta`) the rate is :math:`s` for every curvature.
    Covering all of :math:`[\mu, L]` needs
    :math:`(1 - s)/\sqrt\mu \le \sqrt\eta \le (1 + s)/\sqrt L`, which is
    possible iff :math:`(1 - s)\sqrt L \le (1 + s)\sqrt\mu`; SymPy solves
    that (linear, increasing) inequality for the smallest :math:`s`, then
    puts both ends on the critical-damping curves to get :math:`\eta`. That
    this also beats every tuning that leaves some curvature in the real
    regime is not part of the derivation: :func:`minimize_worst_rate`
    confirms it numerically.

    Returns
    -------
    Derivation
        ``result['eta']``, ``result['beta']`` (in ``mu``, ``L``) and
        ``result['rate']`` (in ``kappa = L/mu``).

    Examples
    --------
    >>> r = derive_heavy_ball_optimal().result
    >>> r["rate"]
    (sqrt(kappa) - 1)/(sqrt(kappa) + 1)
    >>> r["eta"], r["beta"]
    (4/(sqrt(L) + sqrt(mu))**2, (sqrt(L) - sqrt(mu))**2/(sqrt(L) + sqrt(mu))**2)
    """
    return _heavy_ball_optimal()


@functools.lru_cache(maxsize=1)
def _heavy_ball_optimal():
    import sympy as sp
    from momentum_theory.regimes import derive_critical_damping
    from momentum_theory.symbolic import Derivation, beta, eta, h

    mu, L, kappa = sp.symbols("mu L kappa", positive=True)
    s = sp.Symbol("s", nonnegative=True)  # s = sqrt(beta), with s < 1
    t = sp.Symbol("t", positive=True)  # t = sqrt(eta)
    lower, upper = derive_critical_damping().result["curves"]
    # Square roots of the curves (1 -+ s)^2, using 0 <= s < 1.
    root_lower, root_upper = (sp.refine(sp.sqrt(c.subs(beta, s ** 2)), sp.Q.lt(s, 1))
                              for c in (lower, upper))
    cover = sp.And(root_lower <= t * sp.sqrt(mu), t * sp.sqrt(L) <= root_upper)
    feasible = root_lower * sp.sqrt(L) <= root_upper * sp.sqrt(mu)
    slack = sp.expand(feasible.rhs - feasible.lhs)  # feasible iff slack >= 0
    (s_min,) = sp.solve(slack, s)
    s_min = sp.factor(s_min)
    ends = (sp.Eq(t * sp.sqrt(mu), root_lower), sp.Eq(t * sp.sqrt(L), root_upper))
    (sol,) = [d for d in sp.solve(ends, [t, s], dict=True) if sp.simplify(d[s] - s_min) == 0]
    eta_star = sp.factor(sol[t] ** 2)
    beta_star = sp.factor(sol[s] ** 2)
    rate_kappa = sp.factor(sp.simplify(sp.powsimp(
        sp.expand_power_base(s_min.subs(L, kappa * mu), force=True))))
    # SymPy cannot use mu <= L inside square roots; checks write mu = r^2, L = (r + d)^2.
    r, d = sp.Symbol("r", positive=True), sp.Symbol("d", nonnegative=True)

    def on_ordered(expr):
        return sp.simplify(expr.subs({mu: r ** 2, L: (r + d) ** 2}))

    return Derivation(
        name="heavy_ball_optimal",
        description="Polyak's heavy-ball tuning: the whole of [μ, L] in the complex regime",
        result={"eta": eta_star, "beta": beta_star, "rate": rate_kappa},
        steps={"critical_damping_curves": (sp.Eq(h, lower), sp.Eq(h, upper)),
               "unknowns": (sp.Eq(s, sp.sqrt(beta)), sp.Eq(t, sp.sqrt(eta))),
               "complex_regime_for_every_curvature": cover,
               "such_t_exists_iff": feasible,
               "smallest_rate": sp.Eq(s, s_min),
               "both_ends_on_the_curves": ends,
               "eta_star": eta_star, "beta_star": beta_star,
               "rate_with_L_equal_kappa_mu": rate_kappa},
        checks={"feasibility_increases_with_s": sp.Eq(sp.sign(sp.diff(slack, s)), 1),
                "rate_is_sqrt_beta": on_ordered(sp.sqrt(beta_star) - s_min),
                "mu_end_on_lower_curve": on_ordered(eta_star * mu - lower.subs(beta, beta_star)),
                "L_end_on_upper_curve": on_ordered(eta_star * L - upper.subs(beta, beta_star))},
        conditions=(sp.Le(mu, L),),
    )
