r"""Momentum as a leaky average of gradients.

The velocity obeys :math:`v_t = \beta v_{t-1} + g_t` with :math:`v_0 = 0`.
Unrolled, it is the weighted sum :math:`\sum_{\tau=0}^{t-1} \beta^\tau g_{t-\tau}`
of past gradients, and the weights add up to :math:`1/(1-\beta)` when
:math:`|\beta| < 1`.
"""
from __future__ import annotations

import functools

import sympy as sp

from momentum_theory import _validation as _v
from momentum_theory.symbolic.derivation import Derivation, beta, t, tau

__all__ = ["leaky_average", "effective_weight"]

#: The gradients :math:`g_1, g_2, \dots` and the velocity :math:`v_t`.
g = sp.IndexedBase("g")
v = sp.IndexedBase("v")


def leaky_average(t=None):
    r"""Unroll the leaky average :math:`v_t = \beta v_{t-1} + g_t`, :math:`v_0 = 0`.

    Parameters
    ----------
    t : int or None
        A number of steps :math:`t \ge 0`: the recursion is substituted into
        itself ``t`` times and the result is a polynomial in
        :math:`\beta` and :math:`g_1, \dots, g_t`. ``None`` (default): a
        symbolic :math:`t`, solved in closed form.

    Returns
    -------
    Derivation
        ``result`` is :math:`v_t`.

    Notes
    -----
    For symbolic :math:`t` the closed form comes from variation of constants:
    put :math:`v_t = \beta^t u_t`, so :math:`u_t - u_{t-1} = \beta^{-t} g_t`;
    summing this telescoping difference from 1 to :math:`t` and re-indexing
    with :math:`\tau = t - k` gives :math:`\sum_{\tau=0}^{t-1}\beta^\tau g_{t-\tau}`.
    (The substitution needs :math:`\beta \ne 0`; the final sum also covers
    :math:`\beta = 0`, where it is :math:`g_t`.) The sum is then checked
    against the recursion: :math:`S_t - \beta S_{t-1}` reduces to :math:`g_t`
    and :math:`S_0 = 0`.

    Examples
    --------
    >>> leaky_average(3).result
    beta**2*g[1] + beta*g[2] + g[3]
    >>> leaky_average().result
    Sum(beta**tau*g[t - tau], (tau, 0, t - 1))
    """
    if t is None:
        return _leaky_average_closed_form()
    return _leaky_average_unrolled(_v.count(t, "t"))


@functools.lru_cache(maxsize=32)
def _leaky_average_unrolled(n):
    steps = {"recursion": sp.Eq(v[t], beta * v[t - 1] + g[t]), "start": sp.Eq(v[0], 0)}
    current = sp.Integer(0)
    for k in range(1, n + 1):
        current = sp.expand(beta * current + g[k])
        steps[f"unrolled_{k}"] = sp.Eq(v[k], current)
    closed = _leaky_average_closed_form().result
    at_n = closed.subs(t, n).doit()
    steps["closed_form_at_t"] = sp.Eq(v[n], at_n)
    return Derivation(
        name="leaky_average",
        description=f"the velocity after {n} steps, by repeated substitution",
        result=current,
        steps=steps,
        checks={"closed_form_agrees": sp.expand(at_n - current)},
    )


@functools.lru_cache(maxsize=1)
def _leaky_average_closed_form():
    k = sp.Symbol("k", integer=True, positive=True)
    u = sp.IndexedBase("u")
    recursion = sp.Eq(v[t], beta * v[t - 1] + g[t])
    scaled = recursion.subs({v[t]: beta**t * u[t], v[t - 1]: beta**(t - 1) * u[t - 1]})
    increment = sp.simplify(sp.solve(scaled, u[t])[0] - u[t - 1])
    telescoped = sp.summation(u[k] - u[k - 1], (k, 1, t))
    # u_0 = v_0 / beta**0 = 0, so the telescoped sum is u_t itself.
    u_t = sp.solve(sp.Eq(telescoped.subs(u[0], 0), sp.Sum(increment.subs(t, k), (k, 1, t))), u[t])[0]
    in_k = sp.Sum(sp.powsimp(sp.expand(beta**t * u_t.function)), *u_t.limits)
    closed = in_k.change_index(k, t - k, tau)

    # Check against the recursion: S_t = g_t + sum_{tau>=1}, and beta*S_{t-1}
    # moved inside and shifted by one index is exactly that tail.
    previous = closed.subs(t, t - 1)
    shifted = previous.func(beta * previous.function, *previous.limits).change_index(tau, tau + 1)
    shifted = sp.Sum(sp.powsimp(shifted.function), *shifted.limits)
    peeled = closed.function.subs(tau, 0) + sp.Sum(closed.function, (tau, 1, t - 1))
    residual = sp.simplify(peeled - shifted - g[t])
    start = closed.subs(t, 0).doit()
    steps = {
        "recursion": recursion,
        "substitution": scaled,
        "increment": sp.Eq(u[t] - u[t - 1], increment),
        "telescoping": sp.Eq(telescoped, sp.Sum(increment.subs(t, k), (k, 1, t))),
        "u_t": sp.Eq(u[t], u_t),
        "sum_over_k": sp.Eq(v[t], in_k),
        "closed_form": sp.Eq(v[t], closed),
        "check_shifted": sp.Eq(beta * v[t - 1], shifted),
        "check_recursion": sp.Eq(v[t] - beta * v[t - 1], peeled - shifted),
        "check_start": sp.Eq(v[0], start),
    }
    return Derivation(
        name="leaky_average",
        description="the velocity as a weighted sum of past gradients, for symbolic t",
        result=closed,
        steps=steps,
        checks={"recursion_residual": residual, "starts_at_zero": start,
                "first_step": closed.subs(t, 1).doit() - g[1]},
    )


@functools.lru_cache(maxsize=1)
def effective_weight():
    r"""The total weight :math:`\sum_{\tau \ge 0} \beta^\tau = 1/(1-\beta)` of the leaky average.

    Returns
    -------
    Derivation
        ``result`` is :math:`1/(1-\beta)`; ``conditions`` is
        ``(Abs(beta) < 1,)``, read off the convergent branch of SymPy's
        ``Piecewise`` answer. Steps include the partial sum
        :math:`(1-\beta^t)/(1-\beta)` and the tail :math:`\beta^t/(1-\beta)`
        it misses.

    Examples
    --------
    >>> d = effective_weight()
    >>> d.result, d.conditions
    (1/(1 - beta), (Abs(beta) < 1,))
    >>> d.steps['partial_sum']
    (1 - beta**t)/(1 - beta)
    """
    series = sp.Sum(beta**tau, (tau, 0, sp.oo))
    summed = sp.summation(beta**tau, (tau, 0, sp.oo))
    convergent = [(expr, cond) for expr, cond in summed.args if cond is not sp.true]
    if len(convergent) != 1:
        raise ArithmeticError(f"unexpected form of the geometric series: {summed}")
    weight, condition = convergent[0]
    partial_all = sp.summation(beta**tau, (tau, 0, t - 1))
    # The beta = 1 branch (t) is the degenerate case; the other is the formula.
    partial = next(expr for expr, cond in partial_all.args if cond is sp.true)
    tail = sp.simplify(weight - partial)
    return Derivation(
        name="effective_weight",
        description="the sum of the leaky-average weights (the effective number of gradients)",
        result=weight,
        steps={"series": series, "summation": summed, "partial_sum": partial,
               "tail": tail},
        conditions=(condition,),
        checks={"partial_sum_at_t_3": sp.expand(partial.subs(t, 3).cancel() - (1 + beta + beta**2)),
                "tail_is_beta_t_weight": sp.simplify(tail - beta**t * weight)},
    )
