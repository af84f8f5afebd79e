r"""Checks of the chapter's claims on one eigen-direction, :math:`f(x) = \tfrac{\lambda}{2} x^2`.

Same conventions as :mod:`momentum_theory.claims.checks_averaging`: each check
takes the statement's formula as data, a callable on
:func:`~momentum_theory.claims.namespaces.scalar_namespace`, and returns a
:class:`~momentum_theory.claims.claim.Verdict`. References are
:mod:`momentum_theory.symbolic` derivations, exact rational iteration and the
numeric maps of :mod:`momentum_theory.spectral`.

Gradient descent
----------------
- :func:`check_scalar_gd_step` -- one step is :math:`(1 - \eta\lambda) x`.
- :func:`check_scalar_gd_power` -- :math:`x_t = (1 - \eta\lambda)^t x_0`.
- :func:`check_scalar_gd_convergence_set` -- where it converges.
- :func:`check_scalar_gd_divergence_set` -- where it diverges.
- :func:`check_scalar_gd_fastest` -- where the rate is best.

Momentum
--------
- :func:`check_momentum_matrix` -- the transition matrix :math:`R(\beta, \eta, \lambda)`.
- :func:`check_momentum_power` -- :math:`t` steps are :math:`R^t`.
- :func:`check_momentum_region` -- the region :math:`0 < \eta\lambda < 2 + 2\beta`.
- :func:`check_region_wider` -- it is wider than gradient descent's.
- :func:`check_rate_from_eigenvalues` -- the eigenvalues of :math:`R` set the speed of convergence.
"""
from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from momentum_theory.claims._common import sympy, text
from momentum_theory.claims.claim import Verdict
from momentum_theory.claims.namespaces import scalar_namespace

__all__ = [
    "check_scalar_gd_step", "check_scalar_gd_power", "check_scalar_gd_convergence_set",
    "check_scalar_gd_divergence_set", "check_scalar_gd_fastest",
    "check_momentum_matrix", "check_momentum_power", "check_momentum_region",
    "check_region_wider", "check_rate_from_eigenvalues",
]


def check_scalar_gd_step(forms):
    r"""Each of ``forms(s)`` equals :math:`x - \eta f'(x)` for :math:`f = \lambda x^2/2`.

    Parameters
    ----------
    forms : callable
        ``forms(s)``: a list of claimed forms of the step, in ``s.x``,
        ``s.eta``, ``s.lam`` (``s`` the scalar namespace).

    Returns
    -------
    Verdict

    Examples
    --------
    >>> check_scalar_gd_step(lambda s: [(1 - s.eta * s.lam) * s.x]).holds
    True
    """
    sp = sympy()
    s = scalar_namespace()
    step = s.x - s.eta * sp.diff(s.lam * s.x**2 / 2, s.x)
    for k, form in enumerate(forms(s)):
        d = sp.expand(form - step)
        if d != 0:
            return Verdict(False, f"form {k + 1} minus x - eta f'(x) = {d}")
    return Verdict(True, f"x - eta f'(x) = {step}; every stated form expands to it")


def check_scalar_gd_power(formula):
    r"""``formula(s)`` is :math:`x_t`: ``symbolic.gd_scalar`` (rsolve) and exact iteration.

    Parameters
    ----------
    formula : callable
        ``formula(s)``: the claimed :math:`x_t`, in ``s.x0``, ``s.eta``, ``s.lam``,
        ``s.t`` (``s`` the scalar namespace).

    Returns
    -------
    Verdict

    Examples
    --------
    >>> check_scalar_gd_power(lambda s: s.x0 * (1 - s.eta * s.lam)**s.t).holds
    True
    """
    sp = sympy()
    from momentum_theory.symbolic import gd_scalar
    s = scalar_namespace()
    stated = sp.sympify(formula(s))
    solved = gd_scalar().result["solution"]
    d = sp.simplify(stated - solved)
    worst = 0
    for eta, lam, x0 in ((Fraction(1, 10), Fraction(19), Fraction(3)), (Fraction(1, 3), Fraction(2), Fraction(-1))):
        x = x0
        for t in range(13):
            value = Fraction(str(stated.subs({s.eta: sp.Rational(eta.numerator, eta.denominator),
                                              s.lam: sp.Rational(lam.numerator, lam.denominator),
                                              s.x0: sp.Rational(x0.numerator, x0.denominator), s.t: t})))
            worst = max(worst, abs(value - x))
            x = x - eta * lam * x
    ok = d == 0 and worst == 0
    return Verdict(bool(ok), f"rsolve gives x_t = {solved} (stated minus it: {text(d)}); exact "
                             f"Fraction iteration for t = 0..12 at two settings differs by {worst}")


def check_scalar_gd_convergence_set(interval):
    r"""``interval(s)`` is the set of :math:`\eta\lambda` where gradient descent converges.

    Parameters
    ----------
    interval : callable
        ``interval(s)``: the claimed set, a SymPy set of :math:`\eta\lambda`
        (``s`` the scalar namespace).

    Returns
    -------
    Verdict

    Examples
    --------
    >>> check_scalar_gd_convergence_set(lambda s: s.Interval.open(0, 2)).holds
    True
    """
    sp = sympy()
    from momentum_theory.symbolic import gd_scalar
    s = scalar_namespace()
    derived = gd_scalar().result["region"].as_set()
    stated = interval(s)
    samples = [0.05, 0.5, 1.0, 1.5, 1.95, 2.0, 2.05, 3.0]
    mismatch = [hv for hv in samples if (abs(1 - hv) ** 400 < 1e-6) != bool(stated.contains(sp.Float(hv)))]
    ok = derived == stated and not mismatch
    return Verdict(bool(ok), f"|1 - eta*lambda| < 1 reduces to eta*lambda in {sympy().sstr(derived)} "
                             f"(symbolic.gd_scalar); stated {sympy().sstr(stated)}; 400-step "
                             f"iteration disagrees with the stated set at {mismatch or 'no'} samples")


def check_scalar_gd_divergence_set(interval):
    r"""``interval(s)`` is the set of :math:`\eta\lambda > 0` where :math:`|x_t| \to \infty`.

    Parameters
    ----------
    interval : callable
        ``interval(s)``: the claimed set, a SymPy set of :math:`\eta\lambda`
        (``s`` the scalar namespace).

    Returns
    -------
    Verdict

    Examples
    --------
    >>> check_scalar_gd_divergence_set(lambda s: s.Interval.open(2, s.oo)).holds
    True
    >>> check_scalar_gd_divergence_set(lambda s: s.Interval.open(1, s.oo)).holds
    False
    """
    sp = sympy()
    s = scalar_namespace()
    diverge = sp.solve_univariate_inequality(sp.Abs(1 - s.h) > 1, s.h, relational=False)
    derived = diverge.intersect(sp.Interval.open(0, sp.oo))
    stated = interval(s)
    samples = [0.5, 1.0, 1.5, 1.9, 2.0, 2.1, 3.0]
    growth = {hv: abs(1 - hv) ** 200 for hv in samples}
    mismatch = [hv for hv in samples if (growth[hv] > 1e6) != bool(stated.contains(sp.Float(hv)))]
    ok = derived == stated and not mismatch
    note = (f"x_t = (1 - eta*lambda)^t x_0: |x_t| -> oo exactly for eta*lambda in {sympy().sstr(derived)}; "
            f"for 1 < eta*lambda < 2 the factor lies in (-1, 0): e.g. eta*lambda = 1.5 gives "
            f"|x_200/x_0| = {growth[1.5]:.1e} (converges, alternating sign); eta*lambda = 2 oscillates "
            f"without converging; stated {sympy().sstr(stated)}; mismatching samples: {mismatch or 'none'}")
    return Verdict(bool(ok), note)


def check_scalar_gd_fastest(value):
    r"""The rate :math:`|1 - \eta\lambda|` improves as :math:`\eta\lambda` grows up to ``value(s)``, and is best there.

    Parameters
    ----------
    value : callable
        ``value(s)``: the claimed best :math:`\eta\lambda` (``s`` the scalar
        namespace).

    Returns
    -------
    Verdict

    Examples
    --------
    >>> check_scalar_gd_fastest(lambda s: 1).holds, check_scalar_gd_fastest(lambda s: 2).holds
    (True, False)
    """
    sp = sympy()
    s = scalar_namespace()
    rate = sp.Abs(1 - s.h)
    best = sp.solve(sp.diff((1 - s.h) ** 2, s.h), s.h)
    stated = sp.sympify(value(s))
    falling = sp.is_strictly_decreasing(rate, sp.Interval.open(0, stated)) if stated > 0 else False
    ok = best == [stated] and bool(falling)
    return Verdict(bool(ok), f"rate |1 - eta*lambda| is minimal (0) at eta*lambda = {best}; strictly "
                             f"decreasing on (0, {stated}): {falling}")


def check_momentum_matrix(formula):
    r"""``formula(s)`` is the matrix of one heavy-ball step on :math:`f = \lambda x^2/2`, state (v, x).

    References: :func:`momentum_theory.symbolic.momentum_transition` and one
    exact rational step at three parameter sets.

    Parameters
    ----------
    formula : callable
        ``formula(s)``: the claimed 2×2 matrix, in ``s.eta``, ``s.beta``, ``s.lam``
        (``s`` the scalar namespace).

    Returns
    -------
    Verdict

    Examples
    --------
    >>> R = lambda s: s.Matrix([[s.beta, s.lam], [-s.eta * s.beta, 1 - s.eta * s.lam]])
    >>> check_momentum_matrix(R).holds
    True
    """
    sp = sympy()
    from momentum_theory.symbolic import momentum_transition
    s = scalar_namespace()
    R = sp.Matrix(formula(s))
    derived = sp.Matrix(momentum_transition().result["R"])
    d = (R - derived).applyfunc(sp.expand)
    worst = 0
    for eta, lam, beta, v0, x0 in ((1, 3, sp.Rational(1, 2), 2, -1), (sp.Rational(1, 10), 19, sp.Rational(9, 10), 0, 1),
                                   (sp.Rational(3, 5), 4, sp.Rational(1, 4), -3, 5)):
        v1 = beta * v0 + lam * x0
        x1 = x0 - eta * v1
        got = R.subs({s.eta: eta, s.lam: lam, s.beta: beta}) * sp.Matrix([v0, x0])
        worst = max(worst, abs(got[0] - v1), abs(got[1] - x1))
    ok = d.is_zero_matrix and worst == 0
    return Verdict(bool(ok), f"Jacobian of (v_(t+1), x_(t+1)) in (v_t, x_t) (symbolic.momentum_transition) "
                             f"= {derived.tolist()}; stated minus it = {d.tolist()}; exact one-step "
                             f"check at 3 settings: largest error {worst}")


def check_momentum_power(formula):
    r"""The state after :math:`t` steps is ``formula(s)`` to the power :math:`t` times :math:`(v_0, x_0)`.

    Exact rational iteration of the update for :math:`t \le 15` at three
    settings, and ``symbolic.momentum_power(3)``.

    Parameters
    ----------
    formula : callable
        ``formula(s)``: the claimed 2×2 matrix, in ``s.eta``, ``s.beta``, ``s.lam``
        (``s`` the scalar namespace).

    Returns
    -------
    Verdict

    Examples
    --------
    >>> R = lambda s: s.Matrix([[s.beta, s.lam], [-s.eta * s.beta, 1 - s.eta * s.lam]])
    >>> check_momentum_power(R).holds
    True
    """
    sp = sympy()
    from momentum_theory.symbolic import momentum_power
    s = scalar_namespace()
    R = sp.Matrix(formula(s))
    d3 = (R**3 - sp.Matrix(momentum_power(3).result)).applyfunc(sp.expand)
    for eta, lam, beta, v0, x0 in ((sp.Rational(1, 2), 3, sp.Rational(1, 2), 1, -2),
                                   (sp.Rational(3, 5), 4, sp.Rational(1, 4), 0, -2),
                                   (sp.Rational(1, 10), 19, sp.Rational(9, 10), 2, 1)):
        Rn = R.subs({s.eta: eta, s.lam: lam, s.beta: beta})
        v, x = sp.Integer(v0), sp.Integer(x0)
        for t in range(1, 16):
            v = beta * v + lam * x
            x = x - eta * v
            got = Rn**t * sp.Matrix([v0, x0])
            if got[0] != v or got[1] != x:
                return Verdict(False, f"at eta = {eta}, lambda = {lam}, beta = {beta}, t = {t}: "
                                      f"iteration gives ({v}, {x}), R^t gives ({got[0]}, {got[1]})")
    ok = d3.is_zero_matrix
    return Verdict(bool(ok), "R^t (v_0, x_0) equals the exactly iterated update for t = 1..15 at 3 "
                             f"settings; R^3 minus symbolic.momentum_power(3) = {d3.tolist()}")


def check_momentum_region(formula):
    r"""``formula(s) -> (lower, upper)`` in β: momentum converges iff lower < ηλ < upper, for β ∈ (0, 1).

    Three routes: the Jury conditions (:func:`momentum_theory.symbolic.momentum_region`)
    at symbolic and sample β; the boundary found by root finding on
    :math:`\rho(R) = 1` (:func:`momentum_theory.spectral.stability_boundary`);
    and the spectral-radius map on a 300×300 grid (:func:`momentum_theory.spectral.confirm_region`).

    Parameters
    ----------
    formula : callable
        ``formula(s) -> (lower, upper)``: the claimed ends of the region, in
        ``s.beta`` (``s`` the scalar namespace).

    Returns
    -------
    Verdict

    Examples
    --------
    >>> check_momentum_region(lambda s: (0, 2 + 2 * s.beta)).holds
    True
    """
    sp = sympy()
    from momentum_theory import spectral
    from momentum_theory.symbolic import momentum_region
    s = scalar_namespace()
    lower, upper = (sp.sympify(e) for e in formula(s))
    derived = momentum_region().result
    mismatch = []
    for bval in (sp.Rational(1, 20), sp.Rational(1, 4), sp.Rational(1, 2), sp.Rational(9, 10), sp.Rational(99, 100)):
        got = derived.subs(s.beta, bval).as_set()
        want = sp.Interval.open(lower.subs(s.beta, bval), upper.subs(s.beta, bval))
        if got != want:
            mismatch.append(f"beta = {bval}: Jury gives {got}, stated {want}")
    k = sp.Symbol("k", positive=True)
    in_unit = 1 / (1 + k)  # runs over every beta in (0, 1) as k runs over (0, oo)
    # Each Jury condition involving h is one half-line in h; SymPy cannot
    # intersect half-lines with symbolic ends, so their ends are compared directly.
    pieces = [sp.solve_univariate_inequality(c.subs(s.beta, in_unit), s.h, relational=False)
              for c in derived.args if s.h in c.free_symbols]
    lows = [p.inf for p in pieces if p.inf != -sp.oo]
    highs = [p.sup for p in pieces if p.sup != sp.oo]
    sym_ok = (len(lows) == 1 and len(highs) == 1 and all(p.left_open and p.right_open for p in pieces)
              and sp.simplify(lows[0] - lower.subs(s.beta, in_unit)) == 0
              and sp.simplify(highs[0] - upper.subs(s.beta, in_unit)) == 0)
    betas = np.linspace(0.05, 0.95, 19)
    edge = spectral.stability_boundary(betas)
    stated_edge = np.array([float(upper.subs(s.beta, float(bv))) for bv in betas])
    edge_err = float(np.max(np.abs(edge - stated_edge)))
    lo_f = sp.lambdify(s.beta, lower, "numpy")
    up_f = sp.lambdify(s.beta, upper, "numpy")
    grid = spectral.confirm_region(n=300, region=lambda H, B: (lo_f(B) < H) & (H < up_f(B)))
    ok = not mismatch and bool(sym_ok) and edge_err < 1e-9 and grid.agreement == 1.0
    head = "; ".join(mismatch) if mismatch else (
        f"Jury conditions give {derived}, the same interval as stated for every beta in (0, 1) "
        f"(symbolic beta = 1/(1+k)): {bool(sym_ok)}")
    return Verdict(bool(ok), f"{head}; root finding on rho(R) = 1 at 19 betas in [0.05, 0.95]: "
                             f"largest |edge - stated upper| = {edge_err:.1e}; {grid.summary()}")


def check_region_wider(beta_range):
    r"""For every β in ``beta_range(s)`` the momentum region strictly contains GD's :math:`(0, 2)`.

    Uses the derived regions (``symbolic.momentum_region`` and its
    :math:`\beta = 0` case) and the chapter's own :math:`x_2` direction
    (:math:`\eta\lambda = 2.4`, :math:`\beta = 0.5`) as a witness.

    Parameters
    ----------
    beta_range : callable
        ``beta_range(s) -> (lo, hi)``: the claimed range of β (``s`` the scalar
        namespace).

    Returns
    -------
    Verdict

    Examples
    --------
    >>> check_region_wider(lambda s: (0, 1)).holds, check_region_wider(lambda s: (-1, 0)).holds
    (True, False)
    """
    sp = sympy()
    from momentum_theory.spectral import spectral_radius
    from momentum_theory.symbolic import momentum_region
    s = scalar_namespace()
    lo, hi = (sp.sympify(e) for e in beta_range(s))
    region = momentum_region().result
    gd = region.subs(s.beta, 0).as_set()
    wider = sp.Interval.open(-1, 1)
    bad = []
    for bval in np.linspace(float(lo), float(hi), 11)[1:-1]:
        bv = sp.Rational(str(round(bval, 6)))
        mom = region.subs(s.beta, bv).as_set()
        if not (gd.is_subset(mom) and mom != gd):
            bad.append(f"beta = {bv}: momentum {mom} vs GD {gd}")
    # GD's interval is (0, 2); momentum's is strictly wider iff eta*lambda = 2 is inside it.
    contains = sp.solve_univariate_inequality(
        sp.And(*[c for c in region.args if s.h in c.free_symbols]).subs(s.h, 2), s.beta, relational=False)
    range_set = sp.Interval.open(lo, hi)
    ok = not bad and range_set.is_subset(contains.intersect(wider))
    witness = (float(spectral_radius(2.4, 0.0)), float(spectral_radius(2.4, 0.5)))
    return Verdict(bool(ok), f"GD region {gd}; eta*lambda = 2 lies inside the momentum region exactly "
                             f"for beta in {contains.intersect(wider)}; stated beta range {range_set}"
                             f"{'; ' + '; '.join(bad[:2]) if bad else ''}; witness from the chapter's x2 "
                             f"direction (eta*lambda = 2.4): rho = {witness[0]:.3g} for GD, "
                             f"{witness[1]:.3g} with beta = 0.5")



def _observed_rate(R, steps=400):
    """Per-step growth of ||R^t s_0|| between t = steps and 2 steps, from a generic start.

    The state is renormalised every step and the logarithms of the growth
    summed, so neither underflow nor overflow can occur.
    """
    state = np.array([0.3, 1.0])
    log_growth = 0.0
    for t in range(1, 2 * steps + 1):
        state = R @ state
        size = float(np.linalg.norm(state))
        if t > steps:
            log_growth += math.log(size)
        state = state / size
    return math.exp(log_growth / steps)


def check_rate_from_eigenvalues(rate):
    r"""``rate(R)`` (R a 2×2 NumPy array) is the speed of convergence of :math:`s_t = R^t s_0`.

    The speed is measured, not derived: the per-step growth of
    :math:`\|R^t s_0\|` between :math:`t = 400` and :math:`800`, from a start
    with both components nonzero, at 12 settings of :math:`(\eta\lambda, \beta)`
    covering real, complex and repeated (critically damped, :math:`R`
    defective) eigenvalues and divergent ones. The stated rate must match it
    within 1% at every setting, and so must the largest eigenvalue modulus
    from :func:`momentum_theory.spectral.spectral_radius` (the second route).

    Parameters
    ----------
    rate : callable
        ``rate(R) -> float``: the claimed speed, from the matrix.

    Returns
    -------
    Verdict

    Examples
    --------
    >>> import numpy as np
    >>> check_rate_from_eigenvalues(lambda R: max(abs(np.linalg.eigvals(R)))).holds
    True
    >>> check_rate_from_eigenvalues(lambda R: np.linalg.norm(R, 2)).holds   # the matrix norm
    False
    """
    from momentum_theory.spectral import spectral_radius, transition_matrix
    settings = [(0.12, 0.5), (2.4, 0.5), (0.05, 0.0), (1.5, 0.0), (0.5, 0.2), (3.5, 0.9),
                (1.0, 0.9), ((1 - 0.6) ** 2, 0.36), ((1 + 0.6) ** 2, 0.36), (0.01, 0.81),
                (2.2, 0.0), (4.0, 0.9)]
    worst_stated = worst_radius = 0.0
    rows = []
    for h, beta in settings:
        R = np.asarray(transition_matrix(h, 1.0, beta), dtype=float)
        seen = _observed_rate(R)
        stated = float(rate(R))
        radius = float(spectral_radius(h, beta))
        worst_stated = max(worst_stated, abs(stated - seen) / seen)
        worst_radius = max(worst_radius, abs(radius - seen) / seen)
        rows.append(f"({h:.3g}, {beta:g}): {seen:.4f}")
    ok = worst_stated < 0.01 and worst_radius < 0.01
    return Verdict(bool(ok), f"measured per-step rate of ||R^t s_0|| (t = 400..800) at (eta*lambda, beta) = "
                             f"{', '.join(rows)}; largest relative gap to the stated rate "
                             f"{worst_stated:.2e}, to the largest eigenvalue modulus {worst_radius:.2e} "
                             f"(1% allowed: the defective cases converge like t rho^t)")
