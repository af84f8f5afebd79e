r"""Checks of the chapter's claims on leaky averages and the effective weight.

Every check takes the *statement's formula as data* -- a value, or a callable
that builds the chapter's expression from
:func:`~momentum_theory.claims.namespaces.scalar_namespace` -- and compares
it with what is derived here or in :mod:`momentum_theory.symbolic`, by at
least two independent routes. A check never knows which answer the chapter
gave: hand it a corrected formula and the same check passes. Each returns a
:class:`~momentum_theory.claims.claim.Verdict`.

Checks
------
- :func:`check_minibatch_gradient` -- the minibatch gradient is the mean of per-sample gradients.
- :func:`check_leaky_two_step` -- :math:`v_t` after substituting the recursion twice.
- :func:`check_leaky_unrolled` -- :math:`v_t = \sum_\tau \beta^\tau g_{t-\tau}`.
- :func:`check_geometric_total` -- the weights :math:`\beta^\tau` sum to :math:`1/(1-\beta)`.
- :func:`check_effective_step` -- under a constant gradient the step tends to :math:`\eta/(1-\beta)`.
- :func:`check_effective_count` -- :math:`1/(1-\beta)` for a given β, in exact rationals.
"""
from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from momentum_theory.claims._common import sympy, text
from momentum_theory.claims.claim import Verdict
from momentum_theory.claims.namespaces import scalar_namespace

__all__ = [
    "check_minibatch_gradient", "check_leaky_two_step", "check_leaky_unrolled",
    "check_geometric_total", "check_effective_step", "check_effective_count",
]


def check_minibatch_gradient(weight):
    r"""The minibatch gradient is :math:`\sum_i w(|B|)\, h_i` with per-sample gradients :math:`h_i`.

    ``weight(s)`` gives the coefficient of each per-sample gradient in terms
    of ``s.B``; the reference differentiates the batch mean of undefined
    per-sample losses :math:`f(x_i, w)`, :math:`w \in \mathbb{R}^2`, for
    :math:`|B| = 1, \dots, 4`.

    Parameters
    ----------
    weight : callable
        ``weight(s)``: the coefficient of each per-sample gradient, in ``s.B``
        (``s`` the scalar namespace).

    Returns
    -------
    Verdict

    Examples
    --------
    >>> check_minibatch_gradient(lambda s: 1 / s.B).holds
    True
    >>> check_minibatch_gradient(lambda s: 1).holds
    False
    """
    sp = sympy()
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
                              f"combination = {text(d)} (not 0)")
    return Verdict(True, "d/dw of the batch-mean loss minus the stated combination of per-sample "
                         "gradients simplifies to 0 for |B| = 1..4 (losses as undefined SymPy "
                         "functions of w in R^2)")


def check_leaky_two_step(formula):
    r"""Two substitutions of :math:`v_t = \beta v_{t-1} + g_t` give ``formula(s)``.

    Parameters
    ----------
    formula : callable
        ``formula(s)``: :math:`v_t` in ``s.v_tm2``, ``s.g_tm1``, ``s.g_t`` and
        ``s.beta`` (``s`` the scalar namespace).

    Returns
    -------
    Verdict

    Examples
    --------
    >>> check_leaky_two_step(lambda s: s.beta**2 * s.v_tm2 + s.beta * s.g_tm1 + s.g_t).holds
    True
    """
    sp = sympy()
    s = scalar_namespace()
    v_tm1 = s.beta * s.v_tm2 + s.g_tm1
    v_t = s.beta * v_tm1 + s.g_t
    d = sp.expand(v_t - formula(s))
    if d == 0:
        return Verdict(True, f"substituting the recursion twice gives v_t = {sp.expand(v_t)}; "
                             "the stated form minus it expands to 0")
    return Verdict(False, f"substituting the recursion twice gives v_t = {sp.expand(v_t)}; "
                          f"the difference is {text(-d)}")


def check_leaky_unrolled(weight):
    r"""With :math:`v_0 = 0`, :math:`v_t = \sum_{\tau=0}^{t-1} w(\tau)\, g_{t-\tau}` for ``weight(s)`` in ``s.tau``.

    References: :func:`momentum_theory.symbolic.leaky_average` unrolled by
    substitution for :math:`t = 1..8`, and a float loop over 60 random
    gradients at :math:`\beta = 0.9`.

    Parameters
    ----------
    weight : callable
        ``weight(s)``: the weight of :math:`g_{t-\tau}`, in ``s.tau`` and
        ``s.beta`` (``s`` the scalar namespace).

    Returns
    -------
    Verdict

    Examples
    --------
    >>> check_leaky_unrolled(lambda s: s.beta**s.tau).holds
    True
    >>> check_leaky_unrolled(lambda s: s.beta**(s.tau + 1)).holds
    False
    """
    sp = sympy()
    from momentum_theory.symbolic import leaky_average
    from momentum_theory.symbolic.averaging import g
    s = scalar_namespace()
    w = sp.sympify(weight(s))
    for T in range(1, 9):
        unrolled = leaky_average(T).result
        stated = sp.Add(*(w.subs(s.tau, k) * g[T - k] for k in range(T)))
        d = sp.expand(unrolled - stated)
        if d != 0:
            return Verdict(False, f"at t = {T}: unrolling the recursion gives {text(unrolled)}, "
                                  f"the stated sum gives {text(sp.expand(stated))}")
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

    Parameters
    ----------
    formula : callable
        ``formula(s)``: the claimed sum, in ``s.beta`` (``s`` the scalar namespace).

    Returns
    -------
    Verdict

    Examples
    --------
    >>> check_geometric_total(lambda s: 1 / (1 - s.beta)).holds
    True
    >>> check_geometric_total(lambda s: s.beta / (1 - s.beta)).holds
    False
    """
    sp = sympy()
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
    head = (f"SymPy summation gives {derived} (for |beta| < 1); stated minus derived = {text(d)}")
    return Verdict(bool(ok), head + "; partial sums: " + "; ".join(rows))


def check_effective_step(formula):
    r"""Under a constant gradient :math:`g` the step tends to ``formula(s)`` times :math:`g`.

    References: ``rsolve`` of :math:`v_t = \beta v_{t-1} + g`, :math:`v_0 = 0`,
    and its limit for :math:`\beta = 1/(1+k) \in (0, 1)`; and
    :func:`momentum_theory.dynamics.heavy_ball` on :math:`f(x) = g x`.

    Parameters
    ----------
    formula : callable
        ``formula(s)``: the claimed limit of the step per unit gradient, in
        ``s.eta`` and ``s.beta`` (``s`` the scalar namespace).

    Returns
    -------
    Verdict

    Examples
    --------
    >>> check_effective_step(lambda s: s.eta / (1 - s.beta)).holds
    True
    """
    sp = sympy()
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
                             f" (stated minus derived: {text(d)}); heavy_ball with eta = {eta}, "
                             f"beta = {beta}: step/g after 400 steps = {sim:.12g}, stated {value:.12g}")


def check_effective_count(formula):
    r"""``formula = (beta_text, claimed)``: :math:`1/(1-\beta)` equals ``claimed`` exactly.

    Parameters
    ----------
    formula : (str, number)
        ``(beta_text, claimed)``: β as a decimal string, and the claimed
        :math:`1/(1-\beta)`.

    Returns
    -------
    Verdict

    Examples
    --------
    >>> check_effective_count(("0.9", 10)).holds, check_effective_count(("0.95", 19)).holds
    (True, False)
    """
    sp = sympy()
    from momentum_theory.symbolic import effective_weight
    beta_text, claimed = formula
    exact = 1 / (1 - Fraction(beta_text))
    derived = effective_weight().result.subs(scalar_namespace().beta, sp.Rational(beta_text))
    ok = exact == Fraction(claimed) and derived == sp.Rational(claimed)
    return Verdict(bool(ok), f"1/(1 - {beta_text}) = {exact} in exact rationals, {derived} from "
                             f"symbolic.effective_weight (floating point gives "
                             f"{1 / (1 - float(beta_text))!r}); stated {claimed}")
