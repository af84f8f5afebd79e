r"""Checks of the chapter's claims about tuning over a spectrum, and where its analysis stops.

Same conventions as :mod:`momentum_theory.claims.checks_averaging`: each
check takes the statement's content as data and returns a
:class:`~momentum_theory.claims.claim.Verdict`. A quadratic whose curvatures
fill :math:`[\mu, L]` (condition number :math:`\kappa = L/\mu`) is tuned two
ways: the closed forms of :mod:`momentum_theory.tuning` (Polyak's heavy
ball, the best gradient descent) and a direct search over :math:`(\eta, \beta)`
of the worst spectral radius over the spectrum.

Constants
---------
- :data:`LARGE_BETA` -- what "a large β" means.
- :data:`KAPPAS` -- the condition numbers tried.

Checks
------
- :func:`check_large_beta` -- for which κ the best β is large.
- :func:`check_acceleration` -- how much tuned momentum speeds up tuned gradient descent.
- :func:`check_quadratic_scope` -- Polyak's tuning converges on quadratics, not on every
  smooth strongly convex function.
"""
from __future__ import annotations

import functools
import math

import numpy as np

from momentum_theory.claims.claim import Verdict

__all__ = ["LARGE_BETA", "KAPPAS", "check_large_beta", "check_acceleration", "check_quadratic_scope"]

#: A momentum β counts as large from this value on.
LARGE_BETA = 0.5
#: Condition numbers L/mu at which the claims about tuning are tested.
KAPPAS = (1.5, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 1000.0, 10000.0)


@functools.lru_cache(maxsize=32)
def _searched_beta(kappa):
    """The beta minimising the worst rate over [1, kappa], by a direct grid search over (eta, beta).

    On heavy ball the radius is monotone between the critical-damping points
    h = (1 +- sqrt(beta))^2, so the worst curvature is an end of [1, kappa]
    or one of those points: four candidates per (eta, beta).
    """
    from momentum_theory.spectral import spectral_radius
    betas = np.linspace(0.0, 0.996, 250)
    etas = np.geomspace(0.05 / kappa, 4.0 / kappa, 250)
    E, B = np.meshgrid(etas, betas, indexing="ij")
    worst = np.zeros_like(E)
    for lam in (np.full_like(E, 1.0), np.full_like(E, kappa),
                np.clip((1 - np.sqrt(B)) ** 2 / E, 1.0, kappa), np.clip((1 + np.sqrt(B)) ** 2 / E, 1.0, kappa)):
        worst = np.maximum(worst, spectral_radius(E * lam, B))
    i, j = np.unravel_index(np.argmin(worst), worst.shape)
    return float(B[i, j]), float(worst[i, j])


def check_large_beta(large_for):
    r"""``large_for(kappa) -> bool``: for which condition numbers the best β is large (:math:`\ge` 1/2).

    For each κ in :data:`KAPPAS` the β that minimises the worst rate over
    :math:`[1, \kappa]` is computed twice: Polyak's closed form
    (:func:`momentum_theory.tuning.heavy_ball_optimal`) and a grid search
    over :math:`(\eta, \beta)` (250 × 250), which must agree to 0.01. The
    claim holds when ``large_for`` says "large" exactly where that β is at
    least :data:`LARGE_BETA`. Evidence adds one eigen-direction at
    :math:`\eta\lambda = 1`, where the rate is :math:`\sqrt\beta`: larger β
    only slows it.

    Parameters
    ----------
    large_for : callable
        ``large_for(kappa) -> bool``: whether the claim says a large β is best at κ.

    Returns
    -------
    Verdict

    Examples
    --------
    >>> check_large_beta(lambda kappa: True).holds
    False
    >>> check_large_beta(lambda kappa: kappa >= 17 + 12 * 2**0.5).holds
    True
    """
    from momentum_theory.spectral import spectral_radius
    from momentum_theory.tuning import heavy_ball_optimal
    rows, wrong, disagree = [], [], []
    for kappa in KAPPAS:
        closed = heavy_ball_optimal(1.0, kappa).beta
        searched, _ = _searched_beta(kappa)
        if abs(searched - closed) > 0.01:
            disagree.append(kappa)
        large = closed >= LARGE_BETA
        if bool(large_for(kappa)) != large:
            wrong.append(kappa)
        rows.append(f"kappa = {kappa:g}: beta* = {closed:.3f} (search {searched:.3f})")
    at_one = [round(float(spectral_radius(1.0, b)), 3) for b in (0.0, 0.25, 0.5, 0.9)]
    ok = not wrong and not disagree
    return Verdict(bool(ok), "; ".join(rows) + f"; the claim misjudges kappa = {wrong or 'none'}; "
                             f"beta* >= {LARGE_BETA} exactly for kappa >= 17 + 12 sqrt(2) = "
                             f"{17 + 12 * math.sqrt(2):.2f}; one direction at eta*lambda = 1: rate "
                             f"{at_one} for beta = 0, 0.25, 0.5, 0.9")


def _run_steps(kappa, eta, beta, eps=1e-6, limit=100000):
    """Heavy ball from rest on 0.5 sum lam_i x_i^2, lam in [1, kappa] (21 values), x_i(0) = 1."""
    lams = np.linspace(1.0, kappa, 21)
    x = prev = np.ones_like(lams)
    for t in range(1, limit + 1):
        x, prev = x + beta * (x - prev) - eta * lams * x, x
        if np.max(np.abs(x)) <= eps:
            return t
    return None


def check_acceleration(formula):
    r"""``formula = dict(from_kappa=, factor=)``: tuned momentum needs ``factor`` times fewer steps.

    The claim holds when, for every κ in :data:`KAPPAS` with
    :math:`\kappa \ge` ``from_kappa``, tuned gradient descent needs at least
    ``factor`` times as many steps as tuned heavy ball, and the advantage
    grows with κ. Steps are counted twice: from the worst rates,
    :math:`\ln\varepsilon / \ln\rho` (closed forms
    :math:`(\kappa-1)/(\kappa+1)` and :math:`(\sqrt\kappa-1)/(\sqrt\kappa+1)`,
    :mod:`momentum_theory.tuning`), and by running both on a quadratic with
    21 curvatures spread over :math:`[1, \kappa]` until every coordinate is
    below :math:`10^{-6}` (for κ up to 1000).

    Parameters
    ----------
    formula : dict
        ``from_kappa``: where "ill-conditioned" starts; ``factor``: the
        smallest speed-up claimed there.

    Returns
    -------
    Verdict

    Examples
    --------
    >>> check_acceleration(dict(from_kappa=10, factor=2)).holds
    True
    >>> check_acceleration(dict(from_kappa=1.5, factor=2)).holds
    False
    """
    from momentum_theory.tuning import gd_optimal, heavy_ball_optimal
    eps = 1e-6
    rows, speedups, run_ok = [], [], True
    for kappa in KAPPAS:
        gd, hb = gd_optimal(1.0, kappa), heavy_ball_optimal(1.0, kappa)
        speed = math.log(hb.rate) / math.log(gd.rate)
        speedups.append(speed)
        text = f"kappa = {kappa:g}: {speed:.3g}x"
        if kappa <= 1000:
            n_gd = _run_steps(kappa, gd.eta, 0.0)
            n_hb = _run_steps(kappa, hb.eta, hb.beta)
            run_ok = run_ok and n_gd is not None and n_hb is not None and (n_gd > n_hb) == (speed > 1)
            text += f" (runs: {n_gd} vs {n_hb} steps)"
        rows.append(text)
    chosen = [s for k, s in zip(KAPPAS, speedups) if k >= formula["from_kappa"]]
    growing = all(b > a for a, b in zip(speedups, speedups[1:]))
    ok = bool(chosen) and min(chosen) >= formula["factor"] and growing and run_ok
    return Verdict(bool(ok), "speed-up of tuned heavy ball over tuned gradient descent (steps ratio, from "
                             "the rates): " + "; ".join(rows) + f"; grows with kappa: {growing}; "
                             f"smallest for kappa >= {formula['from_kappa']:g}: "
                             f"{min(chosen) if chosen else float('nan'):.3g} (claimed >= {formula['factor']})")


def _polyak_counterexample():
    try:
        from momentum_theory.nonquadratic import polyak_counterexample
    except ImportError:
        return None
    return polyak_counterexample()


def _settles_on_a_cycle(xs, tol=1e-9, max_period=30):
    """The smallest period p with x_{t+p} = x_t over the last 100 iterates, if the run does not converge."""
    tail = xs[-100:]
    for p in range(1, max_period + 1):
        if np.max(np.abs(tail[p:] - tail[:-p])) < tol:
            return p
    return None


def check_quadratic_scope(formula):
    r"""``formula = dict(converges_on=, fails_on=)``: where Polyak's tuned heavy ball is claimed to converge.

    Classes: ``"quadratic"`` (curvatures in :math:`[\mu, L]`) and
    ``"smooth strongly convex"`` (:math:`\mu`-strongly convex, :math:`L`-smooth).
    On the quadratic class convergence is checked by the spectral radius of
    the tuned :math:`(\eta, \beta)` at 2001 curvatures in :math:`[\mu, L]`
    (all below 1). On the general class the witness is the one-dimensional
    function of Lessard, Recht & Packard (2016, §4.6),
    :func:`momentum_theory.nonquadratic.polyak_counterexample`, checked here
    from its ``grad`` alone: every difference quotient of the gradient on a
    grid of :math:`[-10, 10]` lies in :math:`[\mu, L]` (so it is in the
    class); its ``(eta, beta)`` are Polyak's tuning for :math:`[\mu, L]`; and
    heavy ball from its ``x0``, iterated here and compared with its ``run``,
    settles on a cycle away from the minimizer. The claim holds when the
    class it says converges does, and a member of the class it says need not
    converge indeed does not.

    Parameters
    ----------
    formula : dict
        ``converges_on`` and ``fails_on``: class names (``fails_on`` may be None).

    Returns
    -------
    Verdict

    Examples
    --------
    >>> check_quadratic_scope(dict(converges_on="quadratic", fails_on="smooth strongly convex")).holds
    True
    >>> check_quadratic_scope(dict(converges_on="smooth strongly convex", fails_on=None)).holds
    False
    """
    from momentum_theory.spectral import spectral_radius
    from momentum_theory.tuning import heavy_ball_optimal
    ce = _polyak_counterexample()
    if ce is None:
        return Verdict(False, "momentum_theory.nonquadratic is not available: the general class cannot be tested")
    mu, L = float(ce.mu), float(ce.L)
    tuned = heavy_ball_optimal(mu, L)
    lams = np.linspace(mu, L, 2001)
    worst = float(np.max(spectral_radius(tuned.eta * lams, tuned.beta)))
    quadratic_converges = worst < 1
    grid = np.linspace(-10.0, 10.0, 200001)
    g = np.asarray(ce.grad(grid), dtype=float)
    slopes = np.diff(g) / np.diff(grid)
    in_class = bool(slopes.min() >= mu - 1e-9 and slopes.max() <= L + 1e-9)
    same_tuning = math.isclose(ce.eta, tuned.eta, rel_tol=1e-12) and math.isclose(ce.beta, tuned.beta, rel_tol=1e-12)
    x = prev = float(ce.x0)
    mine = [x]
    for _ in range(600):
        x, prev = x + ce.beta * (x - prev) - ce.eta * float(ce.grad(x)), x
        mine.append(x)
    mine = np.array(mine)
    theirs = np.asarray(ce.run(600), dtype=float)
    agree = bool(np.allclose(mine, theirs, rtol=0, atol=1e-9))
    zero = np.linspace(-5, 5, 100001)
    minimizer = float(zero[np.argmin(np.abs(np.asarray(ce.grad(zero))))])
    period = _settles_on_a_cycle(mine)
    distance = float(np.min(np.abs(mine[-100:] - minimizer)))
    general_fails = in_class and same_tuning and agree and period is not None and distance > 1e-3
    converges = {"quadratic": quadratic_converges, "smooth strongly convex": not general_fails}
    witness = {"quadratic": not quadratic_converges, "smooth strongly convex": general_fails}
    claimed_fail = formula.get("fails_on")
    ok = converges.get(formula["converges_on"], False) and (claimed_fail is None or witness.get(claimed_fail, False))
    ending = (f"converges to the minimizer {minimizer:g} (distance {distance:.3g})" if distance <= 1e-3 else
              f"settles on a cycle of period {period} staying {distance:.3g} away from the minimizer "
              f"{minimizer:g}")
    return Verdict(bool(ok), f"Polyak's tuning for [mu, L] = [{mu:g}, {L:g}]: eta = {tuned.eta:.6g}, "
                             f"beta = {tuned.beta:.6g}; on quadratics the largest spectral radius over "
                             f"2001 curvatures is {worst:.6f} (converge: {quadratic_converges}); the "
                             f"counterexample of Lessard, Recht & Packard (2016, sec. 4.6): gradient "
                             f"slopes in [{slopes.min():.6g}, {slopes.max():.6g}] (in the class: "
                             f"{in_class}), same tuning: {same_tuning}, run from x0 = {ce.x0:g} "
                             f"(matches its run(): {agree}) {ending}")
