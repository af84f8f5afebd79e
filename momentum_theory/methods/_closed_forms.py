r"""Closed-form optimal tunings of gradient descent, heavy ball and Nesterov, and their derivations.

The records' :meth:`~momentum_theory.methods.Method.optimal` and
:meth:`~momentum_theory.methods.Method.optimal_derivation`; the public
functions of :mod:`momentum_theory.tuning` (``gd_optimal``,
``heavy_ball_optimal``, ``derive_*``) and :mod:`momentum_theory.accelerated`
(``nesterov_optimal``, ``derive_nesterov_optimal``) are thin wrappers over the
records, which is why these live here: ``tuning`` goes through the registry,
so the registry cannot import ``tuning`` (no cycle).
"""
from __future__ import annotations

import functools
import math

from momentum_theory import _validation as _v
from momentum_theory._tuning_record import Tuning, below_one, finite_step


def heavy_ball_optimal(mu, L):
    """See :func:`momentum_theory.tuning.heavy_ball_optimal` (which documents it)."""
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


def gd_optimal(mu, L):
    """See :func:`momentum_theory.tuning.gd_optimal` (which documents it)."""
    mu, L = _v.curvature_interval(mu, L)
    r = mu / L                     # no mu + L: it overflows for L near the float64 maximum
    return Tuning(eta=finite_step((2.0 / L) / (1.0 + r), mu, L), beta=0.0,
                  rate=(1.0 - r) / (1.0 + r), mu=mu, L=L, method="gd")


@functools.lru_cache(maxsize=1)
def gd_derivation():
    """The SymPy derivation of :func:`gd_optimal` (cached)."""
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



@functools.lru_cache(maxsize=1)
def heavy_ball_derivation():
    """The SymPy derivation of :func:`heavy_ball_optimal` (cached)."""
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


def nesterov_optimal(mu, L):
    """See :func:`momentum_theory.accelerated.nesterov_optimal` (which documents it)."""
    mu, L = _v.curvature_interval(mu, L)
    # q = sqrt(3 kappa + 1) without forming kappa (L / mu overflows for tiny
    # mu); 1 - beta = 4/(q + 2) and 1 - rate = 2/q carry no cancellation.
    r = mu / L
    q = math.sqrt(3.0 + r) * (math.sqrt(L) / math.sqrt(mu))
    beta_gap, rate_gap = 4.0 / (q + 2.0), 2.0 / q
    beta, rate = 1.0 - beta_gap, 1.0 - rate_gap
    below_one(beta, rate, mu, L, beta_gap, rate_gap)
    eta = finite_step((4.0 / L) / (3.0 + r), mu, L)
    return Tuning(eta=eta, beta=beta, rate=rate, mu=mu, L=L, method="nesterov")


@functools.lru_cache(maxsize=1)
def nesterov_derivation():
    """The SymPy derivation of :func:`nesterov_optimal` (cached)."""
    import sympy as sp
    from momentum_theory.symbolic import Derivation, h

    beta = sp.Symbol("beta", positive=True)
    kappa, mu_, L = sp.symbols("kappa mu L", positive=True)
    z = sp.Symbol("z")
    poly = z ** 2 - (1 + beta) * (1 - h) * z + beta * (1 - h)
    disc = sp.factor(sp.discriminant(poly, z))
    (h_low,) = [r for r in sp.solve(disc, h) if r != 1]
    h_low = sp.factor(h_low)
    rate = sp.factor(sp.sqrt(sp.factor(beta * (1 - h_low))))
    (h_high,) = sp.solve(poly.subs(z, -rate), h)
    h_high = sp.factor(h_high)
    candidates = sp.solve(sp.Eq(h_high, kappa * h_low), beta)
    # Keep the root below 1 (the other exceeds 1 for every kappa > 1).
    (beta_k,) = [c for c in candidates if (c.subs(kappa, 4) < 1) is sp.true]
    rate_k = rate.subs(beta, beta_k)
    # The same numbers in their familiar form; the checks make SymPy agree.
    q = sp.sqrt(3 * kappa + 1)
    familiar_beta, familiar_rate = (q - 2) / (q + 2), 1 - 2 / q
    eta = sp.factor(sp.radsimp(sp.simplify((h_low.subs(beta, familiar_beta) / mu_)
                                           .subs(kappa, L / mu_))))
    return Derivation(
        name="nesterov_optimal",
        description="the Nesterov tuning that minimises the worst rate on [μ, L]",
        result={"eta": eta, "beta": familiar_beta, "rate": familiar_rate},
        steps={"characteristic_polynomial": poly, "discriminant": disc,
               "critical_damping_below_h_1": sp.Eq(h, h_low),
               "rate_there_sqrt_beta_1_minus_h": rate,
               "largest_curvature_has_eigenvalue_minus_rate": sp.Eq(h, h_high),
               "h_L_equals_kappa_h_mu_solved": sp.Eq(beta, beta_k),
               "beta_familiar_form": familiar_beta, "rate_in_kappa": familiar_rate,
               "eta_is_h_mu_over_mu": eta},
        checks={"beta_is_familiar_form": sp.simplify(beta_k - familiar_beta),
                "rate_is_familiar_form": sp.simplify(rate_k - familiar_rate)},
        conditions=(sp.Gt(kappa, 1),),
    )
