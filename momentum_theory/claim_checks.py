r"""The computations that decide the chapter's claims (used by :mod:`momentum_theory.claims`).

Every check takes the *statement's formula as data* — a value, or a callable
that builds the chapter's expression from :func:`scalar_namespace` — and
compares it with what is derived here or in :mod:`momentum_theory.symbolic`,
by at least two independent routes (a symbolic derivation and an exact or
floating-point iteration, a simulation and a closed form). A check never
knows which answer the chapter gave: hand it a corrected formula and the same
check passes. This module holds the shared pieces and the checks on leaky
averages and the 2-D example; the checks on the quadratic :math:`h` and its
eigen-coordinates live in :mod:`momentum_theory.claim_checks_quadratic`, those
on one eigen-direction :math:`f(x) = \lambda x^2/2` in
:mod:`momentum_theory.claim_checks_scalar`.

Each check returns a :class:`Verdict`.
"""
from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from fractions import Fraction
from types import SimpleNamespace

import numpy as np

__all__ = [
    "Verdict", "SLOW_FRACTION", "scalar_namespace",
    "check_minibatch_gradient", "check_leaky_two_step", "check_leaky_unrolled",
    "check_geometric_total", "check_effective_step", "check_effective_count",
    "check_2d_minimum", "check_2d_gradient", "check_run", "check_run_order",
    "check_beta_zero_is_gd",
]

#: A run "converges slowly" when more than this fraction of the start's
#: distance to the minimizer is left after the chapter's 20 steps.
SLOW_FRACTION = 0.01


@dataclass(frozen=True)
class Verdict:
    """What a check found.

    Attributes
    ----------
    holds : bool
        Whether the formula it was given agrees with the computation.
    evidence : str
        The computed facts behind the verdict.
    correction : str or None
        A correction the check computed itself (used when the claim has no
        candidate correction that verifies).
    """

    holds: bool
    evidence: str
    correction: str | None = None


def _sp():
    import sympy
    return sympy


def _fmt(value, digits=4) -> str:
    return f"{float(value):.{digits}g}"


def _text(expr, limit=160) -> str:
    s = _sp().sstr(expr)
    return s if len(s) <= limit else s[:limit - 3] + "..."


# --------------------------------------------------------------------------
# Namespaces handed to formulas
# --------------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def scalar_namespace():
    r"""The scalar symbols a formula may use, named as in the chapter.

    ``eta, beta, lam`` (:math:`\lambda`), ``t, tau, x0, h`` (:math:`\eta\lambda`)
    come from :mod:`momentum_theory.symbolic`; ``x, v, g`` are a position, a
    velocity and a gradient, ``v_tm2, g_tm1, g_t`` the terms of the two-step
    unrolling, ``B`` a batch size; ``Rational, Interval, oo, Matrix`` build
    values.

    Examples
    --------
    >>> s = scalar_namespace()
    >>> 1 / (1 - s.beta)
    1/(1 - beta)
    """
    sp = _sp()
    from momentum_theory import symbolic as sym
    return SimpleNamespace(
        eta=sym.eta, beta=sym.beta, lam=sym.lambda_, t=sym.t, tau=sym.tau, x0=sym.x0, h=sym.h,
        x=sp.Symbol("x", real=True), v=sp.Symbol("v", real=True), g=sp.Symbol("g", real=True),
        v_tm2=sp.Symbol("v_{t-2}", real=True), g_tm1=sp.Symbol("g_{t-1}", real=True),
        g_t=sp.Symbol("g_t", real=True), B=sp.Symbol("B", integer=True, positive=True),
        x1=sp.Symbol("x_1", real=True), x2=sp.Symbol("x_2", real=True),
        Rational=sp.Rational, Interval=sp.Interval, oo=sp.oo, Matrix=sp.Matrix)


# --------------------------------------------------------------------------
# Leaky averages and effective weight
# --------------------------------------------------------------------------

def check_minibatch_gradient(weight):
    r"""The minibatch gradient is :math:`\sum_i w(|B|)\, h_i` with per-sample gradients :math:`h_i`.

    ``weight(s)`` gives the coefficient of each per-sample gradient in terms
    of ``s.B``; the reference differentiates the batch mean of undefined
    per-sample losses :math:`f(x_i, w)`, :math:`w \in \mathbb{R}^2`, for
    :math:`|B| = 1, \dots, 4`.

    Examples
    --------
    >>> check_minibatch_gradient(lambda s: 1 / s.B).holds
    True
    >>> check_minibatch_gradient(lambda s: 1).holds
    False
    """
    sp = _sp()
    s = scalar_namespace()
    w = sp.symbols("w_1 w_2", real=True)
    f = sp.Function("f")
    bad = []
    for size in range(1, 5):
        losses = [f(sp.Symbol(f"x_{i}"), *w) for i in range(size)]
        coeff = sp.sympify(weight(s)).subs(s.B, size)
        for wj in w:
            lhs = sp.diff(sp.Add(*losses) / size, wj)
            rhs = coeff * sp.Add(*(sp.diff(L, wj) for L in losses))
            d = sp.expand(lhs - rhs)  # linear in the derivatives: expand decides zero
            if d != 0:
                bad.append((size, wj, d))
    if bad:
        size, wj, d = bad[0]
        return Verdict(False, f"with |B| = {size}: d/d{wj} of the batch mean minus the stated "
                              f"combination = {_text(d)} (not 0)")
    return Verdict(True, "d/dw of the batch-mean loss minus the stated combination of per-sample "
                         "gradients simplifies to 0 for |B| = 1..4 (losses as undefined SymPy "
                         "functions of w in R^2)")


def check_leaky_two_step(formula):
    r"""Two substitutions of :math:`v_t = \beta v_{t-1} + g_t` give ``formula(s)``.

    Examples
    --------
    >>> check_leaky_two_step(lambda s: s.beta**2 * s.v_tm2 + s.beta * s.g_tm1 + s.g_t).holds
    True
    """
    sp = _sp()
    s = scalar_namespace()
    v_tm1 = s.beta * s.v_tm2 + s.g_tm1
    v_t = s.beta * v_tm1 + s.g_t
    d = sp.expand(v_t - formula(s))
    if d == 0:
        return Verdict(True, f"substituting the recursion twice gives v_t = {sp.expand(v_t)}; "
                             "the stated form minus it expands to 0")
    return Verdict(False, f"substituting the recursion twice gives v_t = {sp.expand(v_t)}; "
                          f"the difference is {_text(-d)}")


def check_leaky_unrolled(weight):
    r"""With :math:`v_0 = 0`, :math:`v_t = \sum_{\tau=0}^{t-1} w(\tau)\, g_{t-\tau}` for ``weight(s)`` in ``s.tau``.

    References: :func:`momentum_theory.symbolic.leaky_average` unrolled by
    substitution for :math:`t = 1..8`, and a float loop over 60 random
    gradients at :math:`\beta = 0.9`.

    Examples
    --------
    >>> check_leaky_unrolled(lambda s: s.beta**s.tau).holds
    True
    >>> check_leaky_unrolled(lambda s: s.beta**(s.tau + 1)).holds
    False
    """
    sp = _sp()
    from momentum_theory.symbolic import leaky_average
    from momentum_theory.symbolic.averaging import g
    s = scalar_namespace()
    w = sp.sympify(weight(s))
    for T in range(1, 9):
        unrolled = leaky_average(T).result
        stated = sp.Add(*(w.subs(s.tau, k) * g[T - k] for k in range(T)))
        d = sp.expand(unrolled - stated)
        if d != 0:
            return Verdict(False, f"at t = {T}: unrolling the recursion gives {_text(unrolled)}, "
                                  f"the stated sum gives {_text(sp.expand(stated))}")
    rng = np.random.default_rng(0)
    grads = rng.standard_normal(60)
    v = 0.0
    for gk in grads:
        v = 0.9 * v + gk
    weights = np.array([float(w.subs({s.tau: k, s.beta: sp.Rational(9, 10)})) for k in range(60)])
    summed = float(np.dot(weights, grads[::-1]))
    if not math.isclose(v, summed, rel_tol=1e-12, abs_tol=1e-12):
        return Verdict(False, f"float loop at beta = 0.9, t = 60 gives {v!r}, the sum {summed!r}")
    return Verdict(True, "equals the recursion unrolled by substitution (symbolic.leaky_average) "
                         f"for t = 1..8, and a float loop at beta = 0.9, t = 60 ({v:.12g} vs {summed:.12g})")


def check_geometric_total(formula):
    r"""The weights :math:`\beta^\tau` add up to ``formula(s)`` for :math:`|\beta| < 1`.

    References: :func:`momentum_theory.symbolic.effective_weight` and
    compensated partial sums (``math.fsum``, 4000 terms) at four values of β.

    Examples
    --------
    >>> check_geometric_total(lambda s: 1 / (1 - s.beta)).holds
    True
    >>> check_geometric_total(lambda s: s.beta / (1 - s.beta)).holds
    False
    """
    sp = _sp()
    from momentum_theory.symbolic import effective_weight
    s = scalar_namespace()
    stated = sp.sympify(formula(s))
    derived = effective_weight().result
    d = sp.simplify(derived - stated)
    rows = []
    ok = d == 0
    for bval in (0.25, 0.5, 0.9, 0.95):
        total = math.fsum(bval**k for k in range(4000))
        value = float(stated.subs(s.beta, bval))
        rows.append(f"beta={bval}: sum={total:.12g}, stated={value:.12g}")
        ok = ok and math.isclose(total, value, rel_tol=1e-12)
    head = (f"SymPy summation gives {derived} (for |beta| < 1); stated minus derived = {_text(d)}")
    return Verdict(bool(ok), head + "; partial sums: " + "; ".join(rows))


def check_effective_step(formula):
    r"""Under a constant gradient :math:`g` the step tends to ``formula(s)`` times :math:`g`.

    References: ``rsolve`` of :math:`v_t = \beta v_{t-1} + g`, :math:`v_0 = 0`,
    and its limit for :math:`\beta = 1/(1+k) \in (0, 1)`; and
    :func:`momentum_theory.dynamics.heavy_ball` on :math:`f(x) = g x`.

    Examples
    --------
    >>> check_effective_step(lambda s: s.eta / (1 - s.beta)).holds
    True
    """
    sp = _sp()
    from momentum_theory.dynamics import heavy_ball
    s = scalar_namespace()
    vf = sp.Function("v")
    k = sp.Symbol("k", positive=True)
    v_t = sp.rsolve(vf(s.t + 1) - s.beta * vf(s.t) - s.g, vf(s.t), {vf(0): 0})
    limit = sp.limit(v_t.subs(s.beta, 1 / (1 + k)), s.t, sp.oo)
    step = sp.simplify(s.eta * limit / s.g)
    stated = sp.sympify(formula(s))
    d = sp.simplify(step - stated.subs(s.beta, 1 / (1 + k)))
    eta, beta, gval = 0.05, 0.8, 2.0
    path = heavy_ball(lambda x: np.full_like(x, gval), [0.0], eta, beta, 400).ravel()
    sim = -(path[-1] - path[-2]) / gval
    value = float(stated.subs({s.eta: eta, s.beta: beta}))
    ok = d == 0 and math.isclose(sim, value, rel_tol=1e-9)
    return Verdict(bool(ok), f"v_t = {v_t}; as t -> oo the step eta*v_t/g -> "
                             f"{sp.simplify(step.subs(k, 1 / s.beta - 1))}"
                             f" (stated minus derived: {_text(d)}); heavy_ball with eta = {eta}, "
                             f"beta = {beta}: step/g after 400 steps = {sim:.12g}, stated {value:.12g}")


def check_effective_count(formula):
    r"""``formula = (beta_text, claimed)``: :math:`1/(1-\beta)` equals ``claimed`` exactly.

    Examples
    --------
    >>> check_effective_count(("0.9", 10)).holds, check_effective_count(("0.95", 19)).holds
    (True, False)
    """
    sp = _sp()
    from momentum_theory.symbolic import effective_weight
    beta_text, claimed = formula
    exact = 1 / (1 - Fraction(beta_text))
    derived = effective_weight().result.subs(scalar_namespace().beta, sp.Rational(beta_text))
    ok = exact == Fraction(claimed) and derived == sp.Rational(claimed)
    return Verdict(bool(ok), f"1/(1 - {beta_text}) = {exact} in exact rationals, {derived} from "
                             f"symbolic.effective_weight (floating point gives "
                             f"{1 / (1 - float(beta_text))!r}); stated {claimed}")


# --------------------------------------------------------------------------
# The 2-D example f(x) = 0.1 x1^2 + 2 x2^2
# --------------------------------------------------------------------------

def _chapter_f(s):
    return s.Rational(1, 10) * s.x1**2 + 2 * s.x2**2


def check_2d_minimum(point):
    r"""``point(s)`` is the unique minimizer of :math:`f(x) = 0.1 x_1^2 + 2 x_2^2`.

    Examples
    --------
    >>> check_2d_minimum(lambda s: (0, 0)).holds
    True
    """
    sp = _sp()
    s = scalar_namespace()
    f = _chapter_f(s)
    xs = [s.x1, s.x2]
    crit = sp.solve([sp.diff(f, xi) for xi in xs], xs, dict=True)
    hess = sp.hessian(f, xs)
    pd = all(e > 0 for e in hess.eigenvals())
    stated = tuple(sp.sympify(p) for p in point(s))
    found = tuple(crit[0][xi] for xi in xs) if len(crit) == 1 else None
    ok = pd and found == stated
    return Verdict(bool(ok), f"grad f = 0 only at {found}; Hessian {hess.tolist()} is positive "
                             f"definite: {pd}; stated {stated}")


def _curvatures():
    sp = _sp()
    s = scalar_namespace()
    hess = sp.hessian(_chapter_f(s), [s.x1, s.x2])
    return np.array([float(hess[0, 0]), float(hess[1, 1])])


def check_2d_gradient(formula):
    r"""``formula(s)`` (the gradient used by ``gd_2d`` / ``momentum_2d``) is :math:`\nabla f`.

    Examples
    --------
    >>> check_2d_gradient(lambda s: (s.Rational(1, 5) * s.x1, 4 * s.x2)).holds
    True
    >>> check_2d_gradient(lambda s: (s.Rational(1, 10) * s.x1, 2 * s.x2)).holds
    False
    """
    sp = _sp()
    s = scalar_namespace()
    f = _chapter_f(s)
    grad = [sp.diff(f, xi) for xi in (s.x1, s.x2)]
    stated = [sp.sympify(e) for e in formula(s)]
    d = [sp.simplify(a - b) for a, b in zip(grad, stated)]
    lam = _curvatures()
    ok = all(e == 0 for e in d) and len(stated) == 2
    return Verdict(bool(ok), f"grad f = {grad}; stated {stated}; curvatures {lam[0]:g} and "
                             f"{lam[1]:g}: the x2 direction is {lam[1] / lam[0]:g} times stiffer")


def _run(eta, beta):
    """The chapter's 20-step run from (-5, -2): dynamics.chapter_2d_runs, or run_2d for other settings."""
    from momentum_theory import dynamics
    for run in dynamics.chapter_2d_runs():
        if run.eta == eta and run.beta == beta:
            return run.path
    return dynamics.run_2d(dynamics.CHAPTER_COEFFICIENTS, eta, beta).path


def _behaviour(eta, beta):
    """Per-coordinate spectral radius, simulated path, closed-form twin, verdict fields."""
    from momentum_theory.spectral import spectral_radius, transition_matrix
    lam = _curvatures()
    rho = np.array([float(spectral_radius(eta * l, beta)) for l in lam])
    path = _run(eta, beta)
    steps = path.shape[0] - 1
    # The same iterate from R^t: an independent route to x_20 per coordinate.
    twin = np.array([(np.linalg.matrix_power(transition_matrix(eta, l, beta), steps)
                      @ np.array([0.0, x0]))[1] for l, x0 in zip(lam, path[0])])
    agree = np.allclose(twin, path[-1], rtol=1e-9, atol=1e-12)
    left = float(np.linalg.norm(path[-1]) / np.linalg.norm(path[0]))
    converges = bool(rho.max() < 1)
    # Both coordinates can share one rate (complex eigenvalues: sqrt(beta) each).
    direction = "x1 and x2 alike" if abs(rho[0] - rho[1]) < 1e-12 else f"x{int(np.argmax(rho)) + 1}"
    speed = None if not converges else ("slowly" if left > SLOW_FRACTION else "well")
    return SimpleNamespace(rho=rho, left=left, converges=converges, direction=direction,
                           speed=speed, steps=steps, agree=agree, final=path[-1])


def _describe(b):
    if b.direction == "x1 and x2 alike":
        where = "at the same rate along x1 and x2"
    else:
        where = f"along {b.direction}" if not b.converges else f"slowest along {b.direction}"
    return f"diverges {where}" if not b.converges else f"converges {b.speed} ({where})"


def check_run(formula):
    r"""The behaviour of one of the chapter's 2-D runs.

    ``formula = dict(eta=, beta=, converges=, speed=, direction=)``;
    ``speed`` (``"well"``/``"slowly"``) and ``direction`` (``"x1"``/``"x2"``:
    the coordinate that diverges, or converges slowest) may be ``None``
    (not claimed). Criterion: the run converges iff the spectral radius of
    the iteration is below 1 on both coordinates; it converges *slowly* when
    more than ``SLOW_FRACTION`` (1%) of the start's distance is left after the
    chapter's 20 steps. The 20-step iterate is checked against
    :math:`R^{20}` as well.

    Examples
    --------
    >>> check_run(dict(eta=0.6, beta=0.0, converges=False, direction="x2")).holds
    True
    >>> check_run(dict(eta=0.6, beta=0.5, converges=True, speed="slowly")).holds
    False
    """
    eta, beta = formula["eta"], formula["beta"]
    b = _behaviour(eta, beta)
    claimed = {k: formula.get(k) for k in ("converges", "speed", "direction")}
    found = {"converges": b.converges, "speed": b.speed, "direction": b.direction}
    ok = b.agree and all(v is None or found[k] == v for k, v in claimed.items()
                         if not (k == "speed" and claimed["converges"] is False))
    ev = (f"eta = {eta}, beta = {beta}: spectral radius {_fmt(b.rho[0])} along x1, "
          f"{_fmt(b.rho[1])} along x2; after {b.steps} steps x = ({_fmt(b.final[0])}, "
          f"{_fmt(b.final[1])}), {_fmt(100 * b.left)}% of the start distance "
          f"({'agrees' if b.agree else 'DISAGREES'} with R^{b.steps}) -> {_describe(b)}")
    return Verdict(bool(ok), ev, None if ok else f"\\text{{The run {_describe(b)}.}}")


def check_run_order(formula):
    r"""Run ``better`` beats run ``worse``: smaller spectral radius and less left after 20 steps.

    ``formula = dict(better=(eta, beta), worse=(eta, beta), coordinate=None or 0 or 1)``
    compares the whole iterate (``None``) or one coordinate.

    Examples
    --------
    >>> check_run_order(dict(better=(0.6, 0.5), worse=(0.6, 0.25))).holds
    True
    """
    better, worse = _behaviour(*formula["better"]), _behaviour(*formula["worse"])
    i = formula.get("coordinate")
    if i is None:
        rb, rw = better.rho.max(), worse.rho.max()
        lb, lw = better.left, worse.left
        where = "overall"
    else:
        rb, rw = better.rho[i], worse.rho[i]
        lb, lw = abs(better.final[i]), abs(worse.final[i])
        where = f"along x{i + 1}"
    ok = rb < rw and lb < lw and better.agree and worse.agree
    return Verdict(bool(ok), f"{where}: spectral radius {_fmt(rb)} for (eta, beta) = "
                             f"{formula['better']} vs {_fmt(rw)} for {formula['worse']}; after 20 "
                             f"steps {_fmt(lb)} vs {_fmt(lw)}")


def check_beta_zero_is_gd(update):
    r"""``update(s) -> (v_new, x_new)``: at :math:`\beta = 0` it is the gradient-descent step.

    Symbolically, for every previous velocity ``v``; and numerically, the
    update iterated with :math:`\beta = 0` on the chapter's :math:`f` against
    a plain gradient-descent loop and against :func:`momentum_theory.dynamics.run_2d`.

    Examples
    --------
    >>> check_beta_zero_is_gd(lambda s: (s.beta * s.v + s.g, s.x - s.eta * (s.beta * s.v + s.g))).holds
    True
    """
    sp = _sp()
    from momentum_theory.dynamics import CHAPTER_COEFFICIENTS, run_2d
    s = scalar_namespace()
    v_new, x_new = (sp.sympify(e) for e in update(s))
    d = sp.expand(x_new.subs(s.beta, 0) - (s.x - s.eta * s.g))
    step = sp.lambdify((s.v, s.x, s.g, s.eta, s.beta), (v_new, x_new), "numpy")
    lam = _curvatures()
    worst = 0.0
    for eta in (0.4, 0.6):
        library = run_2d(CHAPTER_COEFFICIENTS, eta, 0.0).path
        x_gd = x = library[0].copy()
        v = np.zeros_like(x)
        for row in library[1:]:
            v, x = (np.asarray(a, dtype=float) for a in step(v, x, lam * x, eta, 0.0))
            x_gd = x_gd - eta * lam * x_gd
            scale = np.maximum(np.abs(x_gd), 1e-300)
            worst = max(worst, float(np.max(np.abs(x - x_gd) / scale)),
                        float(np.max(np.abs(row - x_gd) / scale)))
    ok = d == 0 and worst < 1e-12
    return Verdict(bool(ok), f"x_t at beta = 0 minus (x_(t-1) - eta g) = {_text(d)} for every v_(t-1); "
                             f"iterated at beta = 0 on the chapter's f (eta = 0.4, 0.6; 20 steps) it "
                             f"matches a plain gradient-descent loop and dynamics.run_2d to relative "
                             f"{worst:.1e}")
