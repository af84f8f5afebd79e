"""The plain pass: rho in one rounding of D, and the decision which points to refine.

Two twins that make the same decisions, op for op: :func:`radius_into`,
in-place ufuncs over one chunk (the maps), and :func:`radius_point`, the
same operations on Python floats (scalar calls, which root finders make one
point at a time: NumPy's per-call overhead would be most of their cost).
A point the plain pass cannot vouch for goes to the double-double path
(:mod:`.accurate`, or its batch kernel :mod:`.refine`).
"""
from __future__ import annotations

import math

import numpy as np

from momentum_theory._radius.accurate import radius_point_accurate

# The plain pass is refined where 0 <= V < SLIVER U**2 (near critical damping,
# real roots): there its error grows like 1/sqrt(V). Elsewhere it stays within
# 2 ulp of the correctly rounded value (measured on 2e7 points against the slow
# path; tests/test_accuracy.py asserts <= 4 ulp against mpmath). Points with
# -MARGIN U**2 < V < 0, where the sign of V is not certain, are refined too,
# and so is any point where a square overflowed (NaN in the test below).
SLIVER = 0.075
MARGIN = 2.0 ** -40
SLIVER_MID = 0.5 * (SLIVER - MARGIN)
SLIVER_HALF = 0.5 * (SLIVER + MARGIN)
# Plain results this close to 1 are refined as well: rho < 1 is the question
# users ask, and the exact rho is 1 on both edges of the convergence region.
NEAR_ONE = 2.0 ** -50

# |rho - 1| < NEAR_ONE as one unsigned comparison of bit patterns (see radius_into).
_ONE_LOW = np.float64(1.0 - NEAR_ONE).view(np.uint64) + np.uint64(1)
_ONE_WIDTH = np.float64(1.0 + NEAR_ONE).view(np.uint64) - _ONE_LOW


def radius_into(h, beta, out, a, b, c, d, m):
    """Plain-pass spectral radius of one chunk into ``out``; True if ``m`` marks points to refine.

    ``h``, ``out``, the scratch ``a, b, c, d`` and the boolean ``m`` are 1-D
    arrays of one length; ``beta`` is one too, or a float for a chunk of
    constant beta (a grid row), which saves a square root per point.
    In-place ufuncs only, under ``np.errstate(invalid="ignore",
    over="ignore", divide="ignore")`` set by the caller, who sends the points
    marked in ``m`` (the thin sliver near critical damping, and rho within
    ``NEAR_ONE`` of 1) to the double-double path. T is carried as ``T + Tl``
    (exact but for the rounding of the tiny ``e1 + e2``); the pass works with
    ``U = T / 2`` and ``V = D / 4 = U**2 - beta + U Tl``. The decisions are
    those of :func:`radius_point`, op for op.
    """
    row = np.ndim(beta) == 0
    if row and not -1.0 <= beta <= 1.0:
        # The Fast2Sum for e1 below needs |beta| <= 1; outside the theory's
        # range the slow path is exact enough and fast enough.
        m[...] = True
        return True
    # Two reductions per chunk: cheaper than marking |beta| > 1 point by point.
    in_range = row or (beta.size > 0 and -1.0 <= beta.min() and beta.max() <= 1.0)
    if row:
        s = 1.0 + beta
        e1 = beta - (s - 1.0)
    else:
        s = np.add(beta, 1.0, out=a)         # s = fl(1 + beta)
        e1 = np.subtract(beta, np.subtract(s, 1.0, out=b), out=b)   # its error (Fast2Sum)
    np.subtract(s, h, out=c)                 # t = fl(s - h)
    np.subtract(c, s, out=d)
    np.subtract(c, d, out=out)
    np.subtract(s, out, out=a)
    np.add(d, h, out=d)
    np.subtract(a, d, out=a)                 # e2, its rounding error (TwoSum: h has any size)
    np.add(a, e1, out=b)
    np.add(c, b, out=a)
    np.subtract(a, c, out=c)
    np.subtract(b, c, out=b)                 # T + Tl = t + e1 + e2
    np.multiply(a, 0.5, out=a)               # U
    np.multiply(a, a, out=c)                 # U**2
    np.subtract(c, beta, out=d)
    np.multiply(a, b, out=b)
    np.add(d, b, out=d)                      # V = U**2 - beta + U Tl
    # Sliver test |V / U**2 - mid| >= half, i.e. V / U**2 outside
    # (-MARGIN, SLIVER): one division instead of two scalings.
    np.divide(d, c, out=b)
    np.subtract(b, SLIVER_MID, out=b)
    np.abs(b, out=b)
    np.greater_equal(b, SLIVER_HALF, out=m)  # False in the sliver and where NaN
    if not in_range:                          # and False where |beta| > 1 (or NaN)
        np.logical_and(m, np.abs(beta) <= 1.0, out=m)
    np.sqrt(d, out=d)                        # NaN where V < 0 ...
    np.abs(a, out=a)
    np.add(a, d, out=a)
    root = np.sqrt(beta) if row else np.sqrt(beta, out=out)   # ... and where beta < 0
    np.fmax(a, root, out=out)                # complex roots: |U| + NaN loses to sqrt(beta)
    # rho = 1 exactly at h = 0 and h = 2 + 2 beta, the edges of convergence:
    # refine there too, so that rho < 1 is decided by the exact value. The
    # test |rho - 1| < NEAR_ONE, in two passes: non-negative doubles sort
    # like their bit patterns, and unsigned wrap-around folds both sides.
    bits = a.view(np.uint64)
    np.subtract(out.view(np.uint64), _ONE_LOW, out=bits)
    near = c.view(bool)[: m.size]
    np.less(bits, _ONE_WIDTH, out=near)
    np.less_equal(m, near, out=m)            # refine = not fine, or near 1
    return bool(m.any())


def radius_point(h, beta):
    """One point on Python floats, bit for bit what the array path gives, in microseconds.

    The operations of :func:`radius_into`, in the same order, then
    :func:`~momentum_theory._radius.accurate.radius_point_accurate` where it
    would mark the point.
    """
    if not -1.0 <= beta <= 1.0:
        return radius_point_accurate(h, beta)
    s = beta + 1.0
    e1 = beta - (s - 1.0)
    t = s - h
    d = t - s
    a = s - (t - d)
    e = e1 + (a - (d + h))
    big = t + e
    tl = e - (big - t)
    u = big * 0.5
    c = u * u
    v = (c - beta) + u * tl
    if c != 0:
        q = v / c
    else:                            # what NumPy's division gives, without the exception
        q = math.nan if v == 0 or v != v else math.copysign(math.inf, v)
    if not abs(q - SLIVER_MID) >= SLIVER_HALF:
        return radius_point_accurate(h, beta)
    real = abs(u) + math.sqrt(v) if v >= 0 else math.nan
    root = math.sqrt(beta) if beta >= 0 else math.nan
    rho = root if real != real else (real if root != root else max(real, root))
    if not abs(rho - 1.0) >= NEAR_ONE:
        return radius_point_accurate(h, beta)
    return rho
