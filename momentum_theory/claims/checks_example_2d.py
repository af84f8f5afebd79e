r"""Checks of the chapter's claims about its 2-D example :math:`f(x) = 0.1 x_1^2 + 2 x_2^2`.

Same conventions as :mod:`momentum_theory.claims.checks_averaging`: each
check takes the statement's formula as data and returns a
:class:`~momentum_theory.claims.claim.Verdict`. The runs are the chapter's
20 steps from :math:`(-5, -2)` (:func:`momentum_theory.dynamics.chapter_2d_runs`),
each checked against powers of the transition matrix.

Constants
---------
- :data:`SLOW_FRACTION` -- what "converges slowly" means after 20 steps.

Checks
------
- :func:`check_2d_minimum` -- the unique minimizer of :math:`f`.
- :func:`check_2d_gradient` -- the gradient coded in ``gd_2d`` / ``momentum_2d``.
- :func:`check_run` -- whether one run converges, how fast, and along which coordinate.
- :func:`check_run_order` -- one run beats another.
- :func:`check_beta_zero_is_gd` -- :math:`\beta = 0` is gradient descent.
- :func:`check_stretched` -- stretching along :math:`x_1` makes the problem worse conditioned.
- :func:`check_gradients_add_and_cancel` -- along which coordinate past gradients add up or cancel.
"""
from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from momentum_theory.claims._common import fmt, sympy, text
from momentum_theory.claims.claim import Verdict
from momentum_theory.claims.namespaces import scalar_namespace

__all__ = [
    "SLOW_FRACTION",
    "check_2d_minimum", "check_2d_gradient", "check_run", "check_run_order",
    "check_beta_zero_is_gd", "check_stretched", "check_gradients_add_and_cancel",
]

#: A run "converges slowly" when more than this fraction of the start's
#: distance to the minimizer is left after the chapter's 20 steps.
SLOW_FRACTION = 0.01


def _chapter_f(s):
    return s.Rational(1, 10) * s.x1**2 + 2 * s.x2**2


def check_2d_minimum(point):
    r"""``point(s)`` is the unique minimizer of :math:`f(x) = 0.1 x_1^2 + 2 x_2^2`.

    Parameters
    ----------
    point : callable
        ``point(s)``: the claimed minimizer :math:`(x_1, x_2)` (``s`` the
        scalar namespace).

    Returns
    -------
    Verdict

    Examples
    --------
    >>> check_2d_minimum(lambda s: (0, 0)).holds
    True
    """
    sp = sympy()
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
    sp = sympy()
    s = scalar_namespace()
    hess = sp.hessian(_chapter_f(s), [s.x1, s.x2])
    return np.array([float(hess[0, 0]), float(hess[1, 1])])


def check_2d_gradient(formula):
    r"""``formula(s)`` (the gradient used by ``gd_2d`` / ``momentum_2d``) is :math:`\nabla f`.

    Parameters
    ----------
    formula : callable
        ``formula(s)``: the claimed gradient, a pair in ``s.x1``, ``s.x2`` (``s``
        the scalar namespace).

    Returns
    -------
    Verdict

    Examples
    --------
    >>> check_2d_gradient(lambda s: (s.Rational(1, 5) * s.x1, 4 * s.x2)).holds
    True
    >>> check_2d_gradient(lambda s: (s.Rational(1, 10) * s.x1, 2 * s.x2)).holds
    False
    """
    sp = sympy()
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

    Parameters
    ----------
    formula : dict
        The claimed behaviour: ``eta``, ``beta``, ``converges``, ``speed``,
        ``direction`` (see above).

    Returns
    -------
    Verdict

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
    ev = (f"eta = {eta}, beta = {beta}: spectral radius {fmt(b.rho[0])} along x1, "
          f"{fmt(b.rho[1])} along x2; after {b.steps} steps x = ({fmt(b.final[0])}, "
          f"{fmt(b.final[1])}), {fmt(100 * b.left)}% of the start distance "
          f"({'agrees' if b.agree else 'DISAGREES'} with R^{b.steps}) -> {_describe(b)}")
    return Verdict(bool(ok), ev, None if ok else f"\\text{{The run {_describe(b)}.}}")


def check_run_order(formula):
    r"""Run ``better`` beats run ``worse``: smaller spectral radius and less left after 20 steps.

    ``formula = dict(better=(eta, beta), worse=(eta, beta), coordinate=None or 0 or 1)``
    compares the whole iterate (``None``) or one coordinate.

    Parameters
    ----------
    formula : dict
        ``better`` and ``worse`` as ``(eta, beta)`` pairs, and ``coordinate``
        (see above).

    Returns
    -------
    Verdict

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
    return Verdict(bool(ok), f"{where}: spectral radius {fmt(rb)} for (eta, beta) = "
                             f"{formula['better']} vs {fmt(rw)} for {formula['worse']}; after 20 "
                             f"steps {fmt(lb)} vs {fmt(lw)}")


def check_beta_zero_is_gd(update):
    r"""``update(s) -> (v_new, x_new)``: at :math:`\beta = 0` it is the gradient-descent step.

    Symbolically, for every previous velocity ``v``; and numerically, the
    update iterated with :math:`\beta = 0` on the chapter's :math:`f` against
    a plain gradient-descent loop and against :func:`momentum_theory.dynamics.run_2d`.

    Parameters
    ----------
    update : callable
        ``update(s) -> (v_new, x_new)``: the claimed momentum update, in
        ``s.v``, ``s.x``, ``s.g``, ``s.eta``, ``s.beta`` (``s`` the scalar namespace).

    Returns
    -------
    Verdict

    Examples
    --------
    >>> check_beta_zero_is_gd(lambda s: (s.beta * s.v + s.g, s.x - s.eta * (s.beta * s.v + s.g))).holds
    True
    """
    sp = sympy()
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
    return Verdict(bool(ok), f"x_t at beta = 0 minus (x_(t-1) - eta g) = {text(d)} for every v_(t-1); "
                             f"iterated at beta = 0 on the chapter's f (eta = 0.4, 0.6; 20 steps) it "
                             f"matches a plain gradient-descent loop and dynamics.run_2d to relative "
                             f"{worst:.1e}")



def check_stretched(formula):
    r"""``formula = dict(before=(a1, a2), after=(b1, b2), flat="x1")``: the second is worse conditioned.

    For :math:`f = a_1 x_1^2 + a_2 x_2^2` the Hessian is computed by SymPy;
    the claim holds when the condition number (largest over smallest
    curvature) grows from ``before`` to ``after`` and ``after`` is flattest
    along ``flat``. Evidence also gives the 2-D runs' worst spectral radius of
    gradient descent at its best step size, :math:`(\kappa - 1)/(\kappa + 1)`,
    from a grid over η.

    Parameters
    ----------
    formula : dict
        ``before`` and ``after``: coefficients :math:`(a_1, a_2)`; ``flat``:
        the claimed flattest coordinate of ``after``.

    Returns
    -------
    Verdict

    Examples
    --------
    >>> check_stretched(dict(before=(1, 2), after=(0.1, 2), flat="x1")).holds
    True
    >>> check_stretched(dict(before=(0.1, 2), after=(1, 2), flat="x1")).holds
    False
    """
    sp = sympy()
    s = scalar_namespace()

    def curvatures(coeffs):
        a1, a2 = (sp.nsimplify(c) for c in coeffs)
        hess = sp.hessian(a1 * s.x1**2 + a2 * s.x2**2, [s.x1, s.x2])
        return [hess[0, 0], hess[1, 1]]

    def best_gd_rate(lams):
        etas = np.linspace(1e-4, 2 / float(max(lams)), 20001)
        worst = np.max(np.abs(1 - np.outer(etas, np.array(lams, dtype=float))), axis=1)
        return float(worst.min())

    lam_b, lam_a = curvatures(formula["before"]), curvatures(formula["after"])
    kappa_b, kappa_a = max(lam_b) / min(lam_b), max(lam_a) / min(lam_a)
    flat = f"x{lam_a.index(min(lam_a)) + 1}"
    ok = kappa_a > kappa_b and flat == formula.get("flat")
    return Verdict(bool(ok), f"curvatures {lam_b} -> {lam_a}: condition number {kappa_b} -> {kappa_a}; "
                             f"flattest along {flat} after; best gradient-descent rate "
                             f"{best_gd_rate(lam_b):.4f} -> {best_gd_rate(lam_a):.4f} (grid over eta)")


def _coordinate_traces(eta, beta):
    """Gradients g_t and velocities v_t of one run of the chapter's 2-D example, from run_2d's path."""
    lam = _curvatures()
    path = _run(eta, beta)
    grads = lam * path[:-1]                     # g_t = grad f(x_{t-1})
    velocities = (path[:-1] - path[1:]) / eta   # x_t = x_{t-1} - eta v_t
    return grads, velocities


def check_gradients_add_and_cancel(formula):
    r"""``formula = dict(adds="x1", cancels="x2")``: where averaging past gradients helps, where it cancels.

    Two computations on the chapter's runs. (a) In the gradient-descent
    traces (η = 0.4 and 0.6) the gradients along the coordinate that *adds
    up* keep their sign at every step, and along the one that *cancels* they
    flip sign at every step. (b) In the momentum run (η, β) = (0.6, 0.5) the
    step :math:`\eta |v_t|` along the first is larger than the plain
    gradient step :math:`\eta |g_t|` from the same point at most steps (the
    distance covered grows), and smaller at most steps along the second.
    Velocities are recovered from the iterates :math:`x_t = x_{t-1} - \eta v_t`
    and checked against the recursion :math:`v_t = \beta v_{t-1} + g_t`.

    Parameters
    ----------
    formula : dict
        ``adds`` and ``cancels``: the claimed coordinates (``"x1"``/``"x2"``).

    Returns
    -------
    Verdict

    Examples
    --------
    >>> check_gradients_add_and_cancel(dict(adds="x1", cancels="x2")).holds
    True
    >>> check_gradients_add_and_cancel(dict(adds="x2", cancels="x1")).holds
    False
    """
    flips = {}
    for eta in (0.4, 0.6):
        grads, _ = _coordinate_traces(eta, 0.0)
        signs = np.sign(grads)
        flips[eta] = np.mean(signs[1:] != signs[:-1], axis=0)
    grads, vel = _coordinate_traces(0.6, 0.5)
    rebuilt = np.zeros_like(vel)
    v = np.zeros(2)
    for t, g in enumerate(grads):
        v = 0.5 * v + g
        rebuilt[t] = v
    consistent = np.allclose(rebuilt, vel, rtol=1e-9, atol=1e-12)
    longer = np.mean(np.abs(vel[1:]) > np.abs(grads[1:]), axis=0)   # step 1 is the same for both
    names = ("x1", "x2")
    role = {}
    for i, name in enumerate(names):
        if all(flips[e][i] == 0 for e in flips) and longer[i] > 0.5:
            role[name] = "adds"
        elif all(flips[e][i] == 1 for e in flips) and longer[i] < 0.5:
            role[name] = "cancels"
        else:
            role[name] = "neither"
    ok = (consistent and role.get(formula.get("adds")) == "adds"
          and role.get(formula.get("cancels")) == "cancels")
    parts = [f"{n}: gradient sign flips at {100 * flips[0.4][i]:.0f}% / {100 * flips[0.6][i]:.0f}% of "
             f"the gradient-descent steps (eta = 0.4 / 0.6), momentum step longer than the gradient "
             f"step at {100 * longer[i]:.0f}% of steps 2..20 -> {role[n]}" for i, n in enumerate(names)]
    return Verdict(bool(ok), "; ".join(parts) + f"; velocities consistent with the recursion: {consistent}")
