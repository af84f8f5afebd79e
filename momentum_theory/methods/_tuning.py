r"""Worst rate over :math:`[\mu, L]` and numeric minimax tuning, for any method record.

For a record whose trace and determinant are affine in :math:`h`
(:meth:`~momentum_theory.methods.Method.affine_trace_det`) :func:`worst_rate`
is exact and takes two evaluations: the maximum over :math:`[\eta\mu, \eta L]`
sits at an end. Where the roots are complex (an interval of :math:`h`: the
discriminant :math:`T^2 - 4D` is a quadratic with leading coefficient
:math:`t_1^2 \ge 0`) :math:`\rho = \sqrt D` is monotone; outside it each real
root is monotone in :math:`h` (:math:`r' = 0` would need :math:`r = d_1/t_1`,
which is then a root for every :math:`h`), so :math:`\rho` falls and then
rises at most; and a critical-damping point is no local maximum (on the real
side :math:`\rho` exceeds :math:`\sqrt{D(h_c)}` by about
:math:`\sqrt{|h - h_c|}`). The argument is that of
:mod:`momentum_theory.spectrum_map`, checked against dense scans in the
tests. Each end's radius is computed from the exact rational :math:`T` and
:math:`D` at that ``h`` and rounded once (:func:`end_radii`), so the worst
rate is correctly rounded (but for 2**-128 relative) for the double-precision ends ``eta * mu`` and
``eta * L``. For other records :func:`worst_rate` takes the largest spectral radius over a grid of 4001
curvatures and refines the three largest grid maxima by zooming a 65-point
grid into their cells ten times (the radius is continuous with square-root kinks on the
critical-damping curves, where the maximum often sits: the search finds the
kink to about ``sqrt(eps)`` in rate).

:func:`minimize_worst_rate` minimises it over ``log(eta)`` and the free
parameters by Nelder-Mead from two starts (restarted from its end point while
that helps), knowing nothing of any closed form. For an affine record
without a parameter map this search runs on the worst rate in plain float64
(:func:`float_coefficients`: microseconds a point, off by
:math:`\sim\sqrt\epsilon` near critical damping), is continued on simplices
turned at random (a collapsed simplex cannot turn along the kink valley the
optimum sits in), and then repeated from its end point on the exact worst
rate, which gives the answer and its rate.
"""
from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from momentum_theory import _validation as _v
from momentum_theory._radius import companion as _c
from momentum_theory.methods._affine import affine_coefficients
from momentum_theory.methods._types import Tuned

GRID = 4001
ROUNDS = (20, 10)
PATIENCE = (3, 2)


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
    coeffs = affine_coefficients(method, tuple(values))     # affine_trace_det, values checked
    if coeffs is not None:
        return max(end_radii(coeffs, eta * mu, eta * L))
    lam = np.linspace(mu, L, GRID)
    rho = np.asarray(method.spectral_radius(eta * lam, **kw))
    best = float(np.max(rho))
    peaks = np.flatnonzero((rho[1:-1] >= rho[:-2]) & (rho[1:-1] >= rho[2:])) + 1
    for i in peaks[np.argsort(rho[peaks])[::-1][:3]]:
        best = max(best, _zoom(lambda lv: method.spectral_radius(eta * lv, **kw),
                               lam[i - 1], lam[i + 1]))
    return best


def end_radii(coeffs, lo, hi):
    """:math:`\\rho` at ``lo`` and ``hi`` from the exact affine coefficients, rounded once.

    ``companion.exact_radius``: correctly rounded but for :math:`2^{-128}` relative.
    """
    t0, t1, d0, d1 = coeffs
    out = []
    for h in (lo, hi):
        q = Fraction(h)
        out.append(_c.exact_radius(t0 + t1 * q, d0 + d1 * q))   # inf past the largest double
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


def float_coefficients(method):
    """``values -> [t0, t1, d0, d1]`` in float64 for a record without a parameter map, else None.

    The cheap stand-in for :meth:`~momentum_theory.methods.Method.affine_trace_det`
    that :func:`minimize_worst_rate` searches with first (None when T or D has
    a term in :math:`h^2` or higher, or the record maps its parameters first).
    """
    if method._to_internal is not None:
        return None
    polys = []
    for poly in (method.spec.trace, method.spec.det):
        if any(ex[0] > 1 for _, ex in poly.terms):
            return None
        polys.append([(float(c), ex[0], ex[1:]) for c, ex in poly.terms])

    def coefficients(values):
        out = []
        for terms in polys:
            c = [0.0, 0.0]
            for coeff, power, rest in terms:
                for x, k in zip(values, rest):
                    if k:
                        coeff *= x ** k
                c[power] += coeff
            out += c
        return out
    return coefficients


def _float_radius(t0, t1, d0, d1, h):
    """The spectral radius at ``h`` in plain float64 (off by ~sqrt(eps) near critical damping)."""
    T, D = t0 + t1 * h, d0 + d1 * h
    disc = T * T - 4.0 * D
    rho = math.sqrt(D) if disc < 0 else 0.5 * (abs(T) + math.sqrt(disc))
    return rho if math.isfinite(rho) else math.inf


_OPTIONS = {"xatol": 1e-10, "fatol": 1e-13, "maxiter": 4000}


def _nelder_mead(objective, starts, restarts):
    """Nelder-Mead from each start, restarted from its end point while that helps; the best result."""
    from scipy.optimize import minimize

    best = None
    for s in starts:
        res = minimize(objective, np.array(s, dtype=float), method="Nelder-Mead", options=_OPTIONS)
        # Restart from the end point while that still helps: a simplex that
        # collapsed on a kink of the (non-smooth) worst rate gets a fresh one.
        for _ in range(restarts):
            again = minimize(objective, res.x, method="Nelder-Mead", options=_OPTIONS)
            if not again.fun < res.fun - 1e-12:
                break
            res = again
        if best is None or res.fun < best.fun:
            best = res
    return best


def _polish(objective, res, scale, rounds, patience, rng):
    """Restart Nelder-Mead from ``res`` on simplices of size ``scale`` in random orientations.

    A simplex that collapsed across a kink valley of the worst rate cannot
    turn along it; a fresh one, turned at random, can. Stops after
    ``patience`` restarts in a row that do not improve, or ``rounds`` in all.
    """
    from scipy.optimize import minimize

    misses = 0
    for _ in range(rounds):
        d = res.x.size
        turn, _r = np.linalg.qr(rng.standard_normal((d, d)))
        simplex = np.vstack([res.x, res.x + scale * np.maximum(1.0, np.abs(res.x)) * turn.T])
        again = minimize(objective, res.x, method="Nelder-Mead",
                         options=dict(_OPTIONS, initial_simplex=simplex))
        if again.fun < res.fun:
            res, misses = again, 0
        else:
            misses += 1
            if misses == patience:
                break
    return res


def minimize_worst_rate(method, mu, L, fixed):
    """Numeric minimax: a :class:`~momentum_theory.methods.Tuned` with ``source="numeric minimax"``.

    For a record with affine ``T`` and ``D`` (and no parameter map) the search
    runs first on the worst rate in plain float64 (microseconds a point), then
    again from its end point on the exact worst rate (:func:`worst_rate`): the
    answer, its rate included, is the exact search's.
    """
    mu, L = _v.curvature_interval(mu, L)
    fixed = {k: _v.real_scalar(v, k) for k, v in fixed.items()}
    method._param_values(fixed)                   # unknown names: TypeError
    free = [p for p in method.params if p not in fixed]
    starts = [[math.log(1.0 / L)] + [method.defaults[p] for p in free]]
    starts.append([math.log(2.0 / (mu + L))] + [0.0 for _ in free])
    restarts = 3 if free else 0
    position = {p: i for i, p in enumerate(method.params)}

    def values_at(v):
        values = [0.0] * len(method.params)
        for p, x in fixed.items():
            values[position[p]] = x
        for p, x in zip(free, v[1:]):
            values[position[p]] = float(x)
        return values

    def objective(v):
        if not np.all(np.isfinite(v)):
            return math.inf
        try:
            return worst_rate(method, mu, L, math.exp(v[0]), dict(zip(method.params, values_at(v))))
        except ValueError:
            return math.inf

    coefficients = float_coefficients(method)
    if coefficients is not None:
        def rough(v):
            if not np.all(np.isfinite(v)):
                return math.inf
            eta = math.exp(v[0])
            t0, t1, d0, d1 = coefficients(values_at(v))
            return max(_float_radius(t0, t1, d0, d1, eta * mu), _float_radius(t0, t1, d0, d1, eta * L))

        def exact(v):                 # worst_rate's affine path without re-checking the inputs
            eta = math.exp(v[0]) if np.all(np.isfinite(v)) else math.inf
            if not math.isfinite(eta * L):
                return math.inf
            coeffs = method.affine_trace_det(**dict(zip(method.params, values_at(v))))
            return max(end_radii(coeffs, eta * mu, eta * L))

        rng = np.random.default_rng(0)
        near = _polish(rough, _nelder_mead(rough, starts, restarts), 1e-3, ROUNDS[0], PATIENCE[0], rng)
        best = _polish(exact, _nelder_mead(exact, [near.x], 0), 1e-6, ROUNDS[1], PATIENCE[1], rng)
    else:
        best = _nelder_mead(objective, starts, restarts)
    params = dict(fixed)
    params.update({p: float(v) for p, v in zip(free, best.x[1:])})
    return Tuned(method=method.name, eta=float(math.exp(best.x[0])), params=params,
                 rate=float(best.fun), mu=mu, L=L, source="numeric minimax")
