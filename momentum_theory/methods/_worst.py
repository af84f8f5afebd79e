r"""Residual polynomials, finite-horizon worst cases and iteration for any method record.

Started at rest (:math:`x_{-1} = x_0`) on :math:`f = \tfrac12\lambda x^2`, a
record's iterates are :math:`x_t = p_t(h)\,x_0` with
:math:`p_{-1} = p_0 = 1`, :math:`p_{t+1} = T p_t - D p_{t-1}`.

Where ``T`` and ``D`` are affine in ``h`` (the whole two-step family; see
:meth:`~momentum_theory.methods.Method.affine_trace_det`) :func:`worst_case`
is exact: the lobe-by-lobe search of :mod:`momentum_theory.methods._lobes`
on the exact coefficients, O(n). For any other rule it maximises :math:`p_n(\lambda)^2` over :math:`[\mu, L]` by a
dense grid (at least 16 points per possible lobe of :math:`p_n`, which has
at most :math:`2n` real critical points in ``h`` for the two-step family)
and a bounded local search (SciPy's Brent) in the cells around the five
largest grid maxima. The grid maximum is a lower bound; the refinement
only raises it.
"""
from __future__ import annotations

import math

import numpy as np

from momentum_theory import _validation as _v
from momentum_theory.methods._lobes import _history
from momentum_theory.methods._result import WorstCase
from momentum_theory.methods._tuning import scalar_params, worst_rate

#: Horizon limit of the exact worst case (O(n) time and memory).
MAX_EXACT_STEPS = 1_000_000

#: Horizon limit of the grid worst case of a non-affine rule (the grid costs O(n**2)).
MAX_STEPS = 5000


def _trace_det(method, h, values):
    """Rounded ``T`` and ``D`` at curvature products ``h`` (1-D) and scalar parameters."""
    arrays = [np.asarray(h, dtype=float)] + [np.full(np.shape(h), v) for v in values]
    xs = method._internal(arrays)
    with np.errstate(all="ignore"):
        th, tl, _ = method.spec.trace.dd(xs)
        dh, dl, _ = method.spec.det.dd(xs)
    return th + tl, dh + dl


def residual(method, eta_lambda, n, params):
    """:math:`p_t(h)` for ``t = 0..n``, shape ``(n + 1,) + shape``."""
    n = _v.count(n, "n")
    arrays = method._arrays(eta_lambda, params, extra=(n + 1,))
    xs = method._internal(arrays)
    with np.errstate(all="ignore"):
        th, tl, _ = method.spec.trace.dd(xs)
        dh, dl, _ = method.spec.det.dd(xs)
    T, D = th + tl, dh + dl
    out = np.empty((n + 1,) + arrays[0].shape)
    prev = cur = np.ones(arrays[0].shape)
    out[0] = cur
    for t in range(1, n + 1):
        prev, cur = cur, T * cur - D * prev
        out[t] = cur
    return out


def _p_at(T, D, n):
    prev = cur = 1.0
    for _ in range(n):
        prev, cur = cur, T * cur - D * prev
    return cur


def _constant(log_abs, rho):
    """C = max_t history[t] / rho^(2t), formed in logs (rho**(2t) underflows first)."""
    steps = np.arange(log_abs.size)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        log_c = 2.0 * log_abs - 2.0 * steps * np.log(rho) if rho > 0 else \
            np.where(log_abs > -np.inf, np.inf, -np.inf)
        log_c[0] = 0.0
    return float(np.exp(np.max(log_c)))


def worst_case(method, mu, L, eta, n, params):
    """Worst (x_n/x_0)^2 over [mu, L]: see the module notes. Returns a :class:`WorstCase`."""
    mu, L = _v.curvature_interval(mu, L)
    eta = _v.real_scalar(eta, "eta")
    n = _v.count(n, "n")
    values = scalar_params(method, params)
    kw = dict(zip(method.params, values))
    coeffs = method.affine_trace_det(**kw)
    limit = MAX_STEPS if coeffs is None else MAX_EXACT_STEPS
    if n > limit:
        raise ValueError(f"n must be <= {limit} for {method.name}'s worst case, got {n}")
    if not eta > 0:
        raise ValueError(f"eta must be positive, got {eta}")
    rho = worst_rate(method, mu, L, eta, params)
    if not rho < 1.0:
        raise ValueError(f"eta and the parameters must be stable on [mu, L] (spectral radius < 1 "
                         f"for every curvature), got {', '.join(f'{k}={v}' for k, v in kw.items())}: "
                         f"max spectral radius {rho:.6g}")
    beta = float(kw.get("beta", math.nan))
    if coeffs is None:
        return _grid_worst_case(method, mu, L, eta, n, values, rho, beta, kw)
    log_abs, where = _history(mu, L, eta, coeffs, n)
    with np.errstate(under="ignore"):
        history = np.exp(2.0 * log_abs)
    return WorstCase(mu=mu, L=L, eta=eta, beta=beta, n=n, method=method.name,
                     value=float(history[-1]), lam=float(where[-1]), rho_max=rho,
                     history=history, maximisers=where, constant=_constant(log_abs, rho), params=kw)


def _grid_worst_case(method, mu, L, eta, n, values, rho, beta, kw):
    """A non-affine rule: dense grid, then a bounded search around the largest grid peaks."""
    from scipy.optimize import minimize_scalar

    size = max(4001, 32 * n + 1)
    lam = np.linspace(mu, L, size)
    T, D = _trace_det(method, eta * lam, values)
    history = np.empty(n + 1)
    where = np.empty(n + 1)
    prev = cur = np.ones(size)
    history[0], where[0] = 1.0, mu
    for t in range(1, n + 1):
        prev, cur = cur, T * cur - D * prev
        sq = cur * cur
        i = int(np.argmax(sq))
        history[t], where[t] = sq[i], lam[i]
    value, best = history[n], where[n]
    if n > 0:
        sq = cur * cur
        peaks = np.flatnonzero((sq[1:-1] >= sq[:-2]) & (sq[1:-1] >= sq[2:])) + 1
        candidates = peaks[np.argsort(sq[peaks])[::-1][:5]] if peaks.size else np.array([], int)

        def neg(lv):
            Ts, Ds = _trace_det(method, np.array([eta * float(np.squeeze(lv))]), values)
            p = _p_at(float(Ts[0]), float(Ds[0]), n)
            return -p * p

        for i in candidates:
            lo, hi = lam[max(i - 1, 0)], lam[min(i + 1, size - 1)]
            res = minimize_scalar(neg, bounds=(lo, hi), method="bounded",
                                  options={"xatol": 1e-13 * max(1.0, abs(hi))})
            if -res.fun > value:
                value, best = float(-res.fun), float(res.x)
        history[n], where[n] = value, best
    steps = np.arange(n + 1)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
        if rho > 0:
            log_c = np.log(history) - 2.0 * steps * math.log(rho)
        else:
            log_c = np.where(history > 0, np.inf, -np.inf)
        log_c[0] = 0.0
    constant = float(np.exp(np.max(log_c)))
    return WorstCase(mu=mu, L=L, eta=eta, beta=beta, n=n, method=method.name, value=float(value),
                     lam=float(best), rho_max=rho, history=history, maximisers=where,
                     constant=constant, params=kw, exact=False)


def numeric_rule(method, eta, params):
    r"""The captured rule at numbers: ``(A, B, [(G, P, Q), ...])`` as floats.

    :math:`x_{t+1} = A x_t + B x_{t-1} + \sum G\,\nabla f(P x_t + Q x_{t-1})`: what
    :func:`iterate` runs on any gradient and what the PEPit problems of
    :mod:`momentum_theory.methods._pep` are built from (the step and the
    parameters go through the record's own map, e.g. triple momentum's kappa).
    """
    import sympy as sp

    values = scalar_params(method, params)
    internal = method._internal([np.array(eta)] + [np.array(v) for v in values])
    spec = method.spec
    subs = {spec.step: float(internal[0])}
    subs.update({s: float(v) for s, v in zip(spec.symbols, internal[1:])})

    def num(expr):
        return float(sp.sympify(expr).subs(subs))

    A, B, terms = spec.rule
    return num(A), num(B), [(num(G), num(P), num(Q)) for G, P, Q in terms]


def iterate(method, grad, x0, eta, steps, params):
    """Run the captured rule on ``grad`` from rest; returns ``(steps + 1, d)`` (or ``(steps + 1,)``)."""
    if not callable(grad):
        raise TypeError(f"grad must be callable, got {type(grad).__name__}")
    x0 = _v.real_array(x0, "x0")
    if x0.ndim > 1:
        raise ValueError(f"x0 must be a scalar or a 1-D array, got shape {x0.shape}")
    eta = _v.real_scalar(eta, "eta")
    steps = _v.count(steps, "steps")
    _v.result_size((steps + 1,) + x0.shape, 8, "steps", "x0", what="iterates")
    A, B, terms = numeric_rule(method, eta, params)
    out = np.empty((steps + 1,) + x0.shape)
    x_prev = x = x0.astype(float)
    out[0] = x
    for t in range(1, steps + 1):
        nxt = A * x + B * x_prev
        for G, P, Q in terms:
            g = np.asarray(grad(P * x + Q * x_prev), dtype=float)
            if g.shape != x0.shape:
                raise ValueError(f"grad must return an array of x0's shape {x0.shape}, got {g.shape}")
            nxt = nxt + G * g
        x_prev, x = x, nxt
        out[t] = x
    return out
