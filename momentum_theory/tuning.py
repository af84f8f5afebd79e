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

import math

from momentum_theory import _validation as _v, methods
# Tuning is defined below this module and the method records (whose closed
# forms return one), so that neither imports the other for it.
from momentum_theory._tuning_record import Tuning, steps_needed

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
    # The closed form lives with the record (methods cannot import tuning).
    return _as_tuning(methods.get("heavy_ball").optimal(mu, L))


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
    return _as_tuning(methods.get("gd").optimal(mu, L))


def _as_tuning(tuned):
    """A record's result (``methods.Tuned``, parameters ``beta`` or none) as a :class:`Tuning`."""
    return Tuning(eta=tuned.eta, beta=tuned.params.get("beta", 0.0), rate=tuned.rate, mu=tuned.mu,
                  L=tuned.L, method=tuned.method)


def _record(method):
    """The :class:`~momentum_theory.methods.Method` for a record or a registered name."""
    if isinstance(method, methods.Method):
        return method
    if not isinstance(method, str):
        raise TypeError(f"method must be a method record or a registered name, "
                        f"got {type(method).__name__}")
    if method not in methods.available():
        raise ValueError(f"method must be one of {methods.available()} or a record, got {method!r}")
    return methods.get(method)


def _arguments(record, beta, params):
    """The record's parameters: ``beta`` where it has one (ignored otherwise), then ``params``."""
    kw = {"beta": beta} if "beta" in record.params else {}
    kw.update(params)
    return kw


def worst_rate(mu, L, eta, beta, *, method="heavy_ball", grid=2001, **params):
    r"""The worst spectral radius :math:`\max_{\lambda\in[\mu,L]}\rho(\eta\lambda,\beta)`.

    Parameters
    ----------
    mu, L : float
        Curvature interval.
    eta, beta : float
        The tuning (``beta`` is ignored by a record without one, e.g. ``"gd"``).
    method : str or momentum_theory.methods.Method
        A registered name (``"heavy_ball"``, ``"gd"``, ``"nesterov"``,
        ``"two_step"``, ...) or a record: its
        :meth:`~momentum_theory.methods.Method.worst_rate`.
    grid : int
        Checked (at least 2) and kept for compatibility; the exact maximum of a
        record with affine trace and determinant needs no grid.
    **params : float
        The record's other parameters (``gamma`` of ``"two_step"``, ...).

    Returns
    -------
    float

    Notes
    -----
    For every record with trace and determinant affine in :math:`h` (the
    two-step family) :math:`\rho` is monotone between and outside the
    critical-damping points :math:`T^2 = 4D`: heavy ball
    :math:`h = (1 \pm \sqrt\beta)^2`, Nesterov :math:`h = ((1-\beta)/(1+\beta))^2`
    and :math:`h = 1`, and no kink is a local maximum (:math:`\rho` rises
    like :math:`\sqrt{|h - h_c|}` on the real side). The maximum over an
    interval is therefore at an end, where :math:`\rho` is computed from the
    exact rational :math:`T` and :math:`D` and rounded once. At Polyak's
    tuning the ends sit on the kinks: a rounding error :math:`\epsilon` in the
    tuning moves :math:`\rho` by :math:`\sim\sqrt\epsilon`, so expect
    agreement with the closed-form rate to about 1e-8.

    Examples
    --------
    >>> round(worst_rate(1.0, 100.0, 2 / 101, 0.0), 12)
    0.980198019802
    >>> t = heavy_ball_optimal(1.0, 100.0)
    >>> abs(worst_rate(1.0, 100.0, t.eta, t.beta) - t.rate) < 1e-7   # sqrt(eps): see Notes
    True
    >>> round(worst_rate(1.0, 100.0, 0.01, 0.5, method="two_step", gamma=0.0), 6)
    0.979574
    """
    mu, L = _v.curvature_interval(mu, L)
    eta = _v.real_scalar(eta, "eta")
    beta = _v.real_scalar(beta, "beta")
    grid = _v.count(grid, "grid", minimum=2)
    record = _record(method)
    return record.worst_rate(mu, L, eta, grid=grid, **_arguments(record, beta, params))


def minimize_worst_rate(mu, L, *, method="heavy_ball", grid=2001):
    r"""Find the tuning that minimises the worst rate over :math:`[\mu, L]`, numerically.

    Nested bounded scalar searches of :func:`worst_rate`: the best
    :math:`\log\eta` for each :math:`\beta`, inside a search over
    :math:`\beta \in [0, 1)` (one search over :math:`\log\eta` for a record
    without parameters, gradient descent). It does not use the closed forms; comparing its answer with :func:`heavy_ball_optimal`,
    :func:`gd_optimal` and :func:`~momentum_theory.accelerated.nesterov_optimal`
    checks the derivations.

    Parameters
    ----------
    mu, L : float
        Curvature interval.
    method : str or momentum_theory.methods.Method
        Which method to tune: a registered name or a record. Records whose
        parameters are ``beta`` alone or none are searched here (``"gd"``
        tunes ``eta`` alone); any other record's own
        :meth:`~momentum_theory.methods.Method.minimize_worst_rate`
        (Nelder-Mead over all its parameters) answers, as a
        :class:`~momentum_theory.methods.Tuned`.
    grid : int
        Passed to :func:`worst_rate`.

    Returns
    -------
    Tuning
        ``method`` is ``"numeric " + name`` (a ``Tuned`` for records with
        other parameters, see ``method``).

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
    grid = _v.count(grid, "grid", minimum=2)
    record = _record(method)
    label = f"numeric {record.name}"
    if record.params not in ((), ("beta",)):
        return record.minimize_worst_rate(mu, L)

    def worst(log_eta, beta):
        return worst_rate(mu, L, math.exp(log_eta), beta, method=record, grid=grid)

    if not record.params:
        # Any eta > 2/L diverges on L; the optimum is in (0, 2/L).
        res = optimize.minimize_scalar(lambda le: worst(le, 0.0),
                                       bounds=(math.log(1e-3 / L), math.log(2.0 / L)),
                                       method="bounded", options=dict(xatol=1e-12))
        eta = math.exp(res.x)
        return Tuning(eta=eta, beta=0.0, rate=worst(res.x, 0.0), mu=mu, L=L, method=label)

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
    return methods.get("gd").optimal_derivation()


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
    return methods.get("heavy_ball").optimal_derivation()
