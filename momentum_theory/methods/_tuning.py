r"""Worst rate over :math:`[\mu, L]` and numeric minimax tuning, for any method record.

For a record whose trace and determinant are affine in :math:`h`
(:meth:`~momentum_theory.methods.Method.affine_trace_det`) :func:`worst_rate`
is exact: between the critical-damping points (:math:`T^2 = 4D`, the roots of
a quadratic in :math:`h`) :math:`\rho = \sqrt D` is monotone, and outside them
each real root is monotone in :math:`h` (an extremum would need
:math:`t_1 r = d_1` for every :math:`h`), so the maximum is at an end or at a
critical-damping point; there :math:`\rho = \sqrt{D}` is evaluated in 40
digits (the radius has a square-root kink there, so evaluating it at a
rounded point would be off by :math:`\sim\sqrt\epsilon`). A grid is added
for safety. For other records :func:`worst_rate` takes the largest spectral radius over a grid of 4001
curvatures and refines the three largest grid maxima by zooming a 65-point
grid into their cells ten times (the radius is continuous with square-root kinks on the
critical-damping curves, where the maximum often sits: the search finds the
kink to about ``sqrt(eps)`` in rate). :func:`minimize_worst_rate` minimises
it over ``log(eta)`` and the free parameters by Nelder-Mead from two starts
(restarted from its end point while that helps), knowing nothing of any closed form.
"""
from __future__ import annotations

import math

import numpy as np

from momentum_theory import _validation as _v
from momentum_theory.methods._types import Tuned

GRID = 4001


def scalar_params(method, params):
    """The record's parameter values (defaults filled in) as checked Python floats."""
    values = method._param_values(params)
    return [_v.real_scalar(val, name) for val, name in zip(values, method.params)]


def worst_rate(method, mu, L, eta, params, grid=None):
    """:math:`\\max_{\\lambda\\in[\\mu,L]}\\rho(\\eta\\lambda, \\ldots)` (a float)."""
    mu, L = _v.curvature_interval(mu, L)
    eta = _v.real_scalar(eta, "eta")
    values = scalar_params(method, params)
    if grid is not None:
        grid = _v.count(grid, "grid", minimum=2)
    if not math.isfinite(eta * L):
        raise ValueError(f"eta * L overflows float64 (eta={eta!r}, L={L!r})")
    kw = dict(zip(method.params, values))
    coeffs = method.affine_trace_det(**kw)
    if coeffs is not None:
        rho = method.spectral_radius(eta * np.linspace(mu, L, grid or 2001), **kw)
        return max([float(np.max(rho))] + critical_radii(coeffs, eta * mu, eta * L))
    lam = np.linspace(mu, L, GRID)
    rho = np.asarray(method.spectral_radius(eta * lam, **kw))
    best = float(np.max(rho))
    peaks = np.flatnonzero((rho[1:-1] >= rho[:-2]) & (rho[1:-1] >= rho[2:])) + 1
    for i in peaks[np.argsort(rho[peaks])[::-1][:3]]:
        best = max(best, _zoom(lambda lv: method.spectral_radius(eta * lv, **kw),
                               lam[i - 1], lam[i + 1]))
    return best


def critical_radii(coeffs, lo, hi):
    """:math:`\\sqrt{D}` at the critical-damping points :math:`T^2 = 4D` inside ``[lo, hi]`` (40 digits)."""
    import mpmath

    out = []
    with mpmath.workdps(40):
        t0, t1, d0, d1 = (mpmath.mpf(c.numerator) / c.denominator for c in coeffs)
        a, b, c = t1 * t1, 2 * t0 * t1 - 4 * d1, t0 * t0 - 4 * d0
        if a != 0:
            disc = b * b - 4 * a * c
            roots = [] if disc < 0 else [(-b - mpmath.sqrt(disc)) / (2 * a),
                                         (-b + mpmath.sqrt(disc)) / (2 * a)]
        else:
            roots = [-c / b] if b != 0 else []
        for h in roots:
            if lo <= h <= hi and d0 + d1 * h >= 0:
                out.append(float(mpmath.sqrt(d0 + d1 * h)))
    return out


def _zoom(f, lo, hi, points=65, rounds=10):
    """Largest value of ``f`` found by zooming a grid of ``points`` into ``[lo, hi]`` around its maximum."""
    best = -math.inf
    for _ in range(rounds):
        x = np.linspace(lo, hi, points)
        y = np.asarray(f(x))
        i = int(np.argmax(y))
        best = max(best, float(y[i]))
        lo, hi = x[max(i - 1, 0)], x[min(i + 1, points - 1)]
        if not hi > lo:
            break
    return best


def minimize_worst_rate(method, mu, L, fixed):
    """Numeric minimax: a :class:`~momentum_theory.methods.Tuned` with ``source="numeric minimax"``."""
    from scipy.optimize import minimize

    mu, L = _v.curvature_interval(mu, L)
    fixed = {k: _v.real_scalar(v, k) for k, v in fixed.items()}
    method._param_values(fixed)                   # unknown names: TypeError
    free = [p for p in method.params if p not in fixed]
    starts = [[math.log(1.0 / L)] + [method.defaults[p] for p in free]]
    starts.append([math.log(2.0 / (mu + L))] + [0.0 for _ in free])

    def objective(v):
        params = dict(fixed)
        params.update(zip(free, v[1:]))
        if not np.all(np.isfinite(v)):
            return math.inf
        try:
            return worst_rate(method, mu, L, math.exp(v[0]), params)
        except ValueError:
            return math.inf

    best = None
    for s in starts:
        res = minimize(objective, np.array(s, dtype=float), method="Nelder-Mead",
                       options={"xatol": 1e-10, "fatol": 1e-13, "maxiter": 4000})
        # Restart from the end point while that still helps: a simplex that
        # collapsed on a kink of the (non-smooth) worst rate gets a fresh one.
        for _ in range(3 if free else 0):
            again = minimize(objective, res.x, method="Nelder-Mead",
                             options={"xatol": 1e-10, "fatol": 1e-13, "maxiter": 4000})
            if not again.fun < res.fun - 1e-12:
                break
            res = again
        if best is None or res.fun < best.fun:
            best = res
    params = dict(fixed)
    params.update({p: float(v) for p, v in zip(free, best.x[1:])})
    return Tuned(method=method.name, eta=float(math.exp(best.x[0])), params=params,
                 rate=float(best.fun), mu=mu, L=L, source="numeric minimax")
