"""The slow, general path: trace and discriminant as double-doubles, vectorised and scalar.

Every variant of the spectral radius falls back on these, and the fast
paths are tested against them (see the package docstring). ``T = 1 + beta - h``
and ``D = T**2 - 4 beta`` are formed with error-free transformations;
``sqrt(D)`` gets one Newton correction; the sign of a ``D`` too small to
trust is decided in exact rationals. Finite or not, any double goes in.
"""
from __future__ import annotations

import math

import numpy as np

from momentum_theory._eft import split, two_sum

#: |D| below this times T**2 (both scaled): the sign of D is decided exactly.
UNSURE = 2.0 ** -100


def two_square(a):
    """``a * a`` and its rounding error, plus Dekker's halves of ``a`` for reuse."""
    p = a * a
    hi, lo = split(a)
    return p, ((hi * hi - p) + 2.0 * hi * lo) + lo * lo, hi, lo


def scaled_trace_and_discriminant(h, beta):
    """``T = 1 + beta - h`` and ``D = T**2 - 4 beta`` as double-doubles.

    Returns ``k, th, tl, dh, dl`` with ``T = (th + tl) 2**k`` and
    ``D = (dh + dl) 4**k``. T is a sum of three doubles, so the TwoSum chain
    holds it exactly (the last rounding, of ``e1 + e2``, only happens when
    ``1 + beta - h`` did not cancel). The power-of-two scaling is exact and
    keeps the squares clear of overflow and underflow. D's error is below
    ``u**2 |D| + 8 u**3 T**2`` (``u = 2**-53``): small enough that ``sqrt(D)``
    stays accurate when D is a tiny remainder of ``T**2 - 4 beta``.
    """
    s, e1 = two_sum(1.0, beta)
    t, e2 = two_sum(s, -h)
    th, tl = two_sum(t, e1 + e2)
    th = np.where(np.isinf(t), t, th)   # keep an overflowed T infinite, not NaN
    top = np.maximum(np.abs(th), np.sqrt(np.abs(beta)))
    _, k = np.frexp(top)
    if top.size and 2.0 ** -400 < top.min() and top.max() < 2.0 ** 400:
        k = np.zeros_like(k)   # nothing to fear from the squares: skip the scaling
    else:
        th, tl, beta = np.ldexp(th, -k), np.ldexp(tl, -k), np.ldexp(beta, -2 * k)
    p, pe, hi, lo = two_square(th)
    # 2 th tl exactly, from the halves of th and of tl (Dekker's TwoProduct).
    q = 2.0 * th * tl
    tlh, tll = split(tl)
    qe = 2.0 * (((hi * tlh - 0.5 * q) + hi * tll + lo * tlh) + lo * tll)
    d0, d0e = two_sum(p, -4.0 * beta)
    a, ae = two_sum(pe, q)
    dh, dl = two_sum(d0, a)
    dl += ((ae + qe) + tl * tl) + d0e
    dh, dl = two_sum(dh, dl)
    return k, th, tl, dh, dl


def dd_sqrt(dh, dl):
    """``sqrt(dh + dl)`` for ``dh >= 0`` as ``r + c``: one Newton correction of sqrt(dh)."""
    r = np.sqrt(dh)
    m, me, _, _ = two_square(r)
    with np.errstate(divide="ignore", invalid="ignore"):
        c = (((dh - m) - me) + dl) / (2.0 * r)
    return r, np.where(r > 0, c, 0.0)


def exact_discriminant_sign(h, beta):
    """Sign of ``(1 + beta - h)**2 - 4 beta`` for the exact values of two finite doubles."""
    from fractions import Fraction

    b = Fraction(beta)
    t = 1 + b - Fraction(h)
    d = t * t - 4 * b
    return (d > 0) - (d < 0)


def accurate_parts(h, beta):
    """``(real, rho, half_imag, k, th)`` from the double-double trace and discriminant.

    ``real`` marks ``D >= 0``; ``rho = (|T| + sqrt D) / 2`` there, and
    ``half_imag = sqrt(-D) / 2`` where ``D < 0``; both within about half an ulp.
    ``T = th 2**k`` to within its rounding. Shared by ``spectral_radius``,
    ``transition_eigenvalues`` and ``regimes.classify``, so that all three
    put a point on the same side of a critical-damping curve.
    """
    k, th, tl, dh, dl = scaled_trace_and_discriminant(h, beta)
    real = ~(dh < 0)    # NaN from NaN or inf inputs stays NaN, on the rho side
    # T = th + tl is exact but for the rounding of tl (when 1 + beta - h did
    # not cancel), which moves D by up to ~2 u**2 T**2: near a critical-damping
    # curve that can flip its sign. Where |D| is that small the sign is
    # decided in exact rationals, so that every caller puts the point on its
    # true side; a D that is truly >= 0 there is taken as 0 (sqrt(D) < 2**-50 |T|).
    with np.errstate(over="ignore", invalid="ignore"):
        unsure = np.abs(dh) <= UNSURE * (th * th)
    if unsure.any():
        real, dh, dl = (np.array(a, copy=True) for a in (real, dh, dl))
        flat_real, flat_dh, flat_dl = real.reshape(-1), dh.reshape(-1), dl.reshape(-1)
        flat_h, flat_b = (np.broadcast_to(a, unsure.shape).reshape(-1) for a in (h, beta))
        for i in np.flatnonzero(unsure):
            flat_real[i] = exact_discriminant_sign(float(flat_h[i]), float(flat_b[i])) >= 0
            if flat_real[i] and flat_dh[i] < 0:
                flat_dh[i] = flat_dl[i] = 0.0
    r, rc = dd_sqrt(np.abs(dh), np.where(real, dl, -dl))
    # |T| + sqrt D adds two non-negative numbers: no cancellation, so the only
    # rounding that matters is the last one.
    big, big_e = two_sum(np.abs(th), r)
    tail = (big_e + np.where(th < 0, -tl, tl)) + rc
    rho = np.ldexp(0.5 * (big + tail), k)
    # 1 + beta - h itself overflowed (finite inputs near 1e308): rho >= |T| / 2 does too.
    rho = np.where(np.isinf(th), np.inf, rho)
    return real, rho, np.ldexp(0.5 * (r + rc), k), k, th


def radius_accurate(h, beta):
    """Spectral radius, within about half an ulp, for any inputs (the vectorised slow path)."""
    real, rho, _, _, _ = accurate_parts(h, beta)
    # D < 0: conjugate roots whose product is beta, so rho = sqrt(beta). (D = 0
    # gives |T| / 2, which equals sqrt(beta) exactly, so both round alike.)
    return np.where(real, rho, np.sqrt(np.abs(beta)))


def radius_point_accurate(h, beta):
    """:func:`radius_accurate` for one point, on Python floats, bit for bit."""
    s, e1 = two_sum(1.0, beta)
    t, e2 = two_sum(s, -h)
    if math.isinf(t):
        return math.inf
    th, tl = two_sum(t, e1 + e2)
    _, k = math.frexp(max(abs(th), math.sqrt(abs(beta))))
    th, tl, scaled = math.ldexp(th, -k), math.ldexp(tl, -k), math.ldexp(beta, -2 * k)
    p, pe, hi, lo = two_square(th)
    q = 2.0 * th * tl
    tlh, tll = split(tl)
    qe = 2.0 * (((hi * tlh - 0.5 * q) + hi * tll + lo * tlh) + lo * tll)
    d0, d0e = two_sum(p, -4.0 * scaled)
    a, ae = two_sum(pe, q)
    dh, dl = two_sum(d0, a)
    dh, dl = two_sum(dh, dl + (((ae + qe) + tl * tl) + d0e))
    if abs(dh) <= UNSURE * (th * th):          # see accurate_parts
        if exact_discriminant_sign(h, beta) < 0:
            return math.sqrt(beta)
        if dh < 0:
            dh = dl = 0.0
    if dh < 0:
        return math.sqrt(beta)
    if dh != dh:                     # NaN from NaN input
        return math.nan
    r = math.sqrt(dh)
    rc = 0.0
    if r > 0:
        m, me, _, _ = two_square(r)
        rc = (((dh - m) - me) + dl) / (2.0 * r)
    big, big_e = two_sum(abs(th), r)
    tail = (big_e + (-tl if th < 0 else tl)) + rc
    try:
        return math.ldexp(0.5 * (big + tail), k)
    except OverflowError:
        return math.inf


def radius_excess(h, beta):
    """``spectral_radius(h, beta) - 1`` to ~1e-30 absolute near rho = 1 (finite inputs).

    The rounded rho cannot resolve the root of ``rho = 1`` better than an
    ulp of 1 in h, which is everything when the root is 2e-15 (beta near
    -1). Here ``|T| + sqrt(D) - 2`` is summed in double-double from the
    double-double T and sqrt(D), so the excess keeps its digits where it
    cancels. Complex roots: ``sqrt(beta) - 1 = (beta - 1) / (sqrt(beta) + 1)``.
    """
    h = np.asarray(h, dtype=float)
    beta = np.asarray(beta, dtype=float)
    with np.errstate(all="ignore"):
        k, th, tl, dh, dl = scaled_trace_and_discriminant(h, beta)
        real = ~(dh < 0)
        r, rc = dd_sqrt(np.abs(dh), np.where(real, dl, -dl))
        # Unscale the parts (exact powers of two), then |T| + sqrt D - 2.
        big, big_e = two_sum(np.ldexp(np.abs(th), k), np.ldexp(r, k))
        top, top_e = two_sum(big, -2.0)
        tail = np.ldexp(np.where(th < 0, -tl, tl) + rc, k)
        real_excess = 0.5 * (top + ((top_e + big_e) + tail))
        root = np.sqrt(np.abs(beta))
        complex_excess = (np.abs(beta) - 1.0) / (root + 1.0)
        return np.where(real, real_excess, complex_excess)
