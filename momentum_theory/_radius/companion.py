r"""The accurate spectral radius of any 2x2 method, from its trace and determinant.

Every two-step method on :math:`f(x) = \tfrac12\lambda x^2` has a transition
matrix whose characteristic polynomial is :math:`z^2 - Tz + D`, with ``T``
and ``D`` polynomials in :math:`h = \eta\lambda` and the method's parameters
(rational coefficients). This module evaluates such polynomials three ways
from one list of terms (:class:`TermPolynomial`): plainly in float64, as
double-doubles (TwoSum/TwoProduct) and exactly in rationals; and forms

.. math::

    \rho = \sqrt{D} \ (T^2 < 4D), \qquad \rho = \tfrac12\bigl(|T| + \sqrt{T^2 - 4D}\bigr)\ (T^2 \ge 4D)

in three tiers: a plain pass where it can vouch for its result (no
cancellation in ``T`` or ``D``, the discriminant well away from 0), the
double-double path elsewhere, and exact rationals with a 130-bit square root
where even the double-double discriminant is too close to 0 to trust. The
result is within a few ulp of the exact radius of the given doubles
everywhere, on the critical-damping curves :math:`T^2 = 4D` included (see
``tests/test_methods.py``). Nothing here checks its inputs.
"""
from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from momentum_theory._eft import split, two_sum

# Plain pass: trusted where |T| >= CANCEL * sum|terms of T| (and the same for D)
# and |T**2 - 4D| >= SEPARATED * T**2 (or T = 0 exactly with D > 0 safe).
CANCEL = 0.75
SEPARATED = 0.25
# Double-double path: |disc| below this times its magnitude goes to rationals.
UNSURE = 2.0 ** -96
CHUNK = 65536


def _two_prod(a, b):
    # Dekker's TwoProduct without _eft's overflow scaling: the callers keep
    # values far below 2**995 (non-finite results fall through to NaN checks).
    p = a * b
    ah, al = split(a)
    bh, bl = split(b)
    return p, ((ah * bh - p) + ah * bl + al * bh) + al * bl


def _dd_add(ah, al, bh, bl):
    s, e = two_sum(ah, bh)
    e = e + (al + bl)
    hi = s + e
    return hi, e - (hi - s)


def _dd_mul_double(ah, al, b):
    p, e = _two_prod(ah, b)
    e = e + al * b
    hi = p + e
    return hi, e - (hi - p)


def _dd_mul(ah, al, bh, bl):
    p, e = _two_prod(ah, bh)
    e = e + (ah * bl + al * bh)
    hi = p + e
    return hi, e - (hi - p)


def _fraction_dd(c):
    hi = float(c)
    return hi, float(c - Fraction(hi))


class TermPolynomial:
    """A polynomial in ``nvars`` variables with rational coefficients, as a list of terms.

    ``terms`` is a tuple of ``(coefficient: Fraction, exponents: tuple of int)``.
    Evaluated plainly (:meth:`plain`), as a double-double (:meth:`dd`) or
    exactly (:meth:`exact`); no text is generated or evaluated.
    """

    def __init__(self, terms, nvars):
        self.terms = tuple((Fraction(c), tuple(int(e) for e in ex)) for c, ex in terms if c != 0)
        self.nvars = nvars

    def __repr__(self):
        return f"TermPolynomial({self.terms!r}, {self.nvars})"

    @staticmethod
    def _monomial_plain(ex, xs, cache):
        if ex in cache:
            return cache[ex]
        value = None
        for x, k in zip(xs, ex):
            for _ in range(k):
                value = x if value is None else value * x
        cache[ex] = value
        return value

    def plain(self, xs, cache=None):
        """``(value, magnitude)``: the plain float64 sum and the sum of the terms' moduli."""
        cache = {} if cache is None else cache
        total = mag = 0.0
        for c, ex in self.terms:
            m = self._monomial_plain(ex, xs, cache)
            cf = float(c)
            term = cf if m is None else (m if cf == 1.0 else (-m if cf == -1.0 else cf * m))
            total = total + term
            mag = mag + np.abs(term)
        return total, mag

    def dd(self, xs, cache=None):
        """``(hi, lo, magnitude)``: the value as a double-double, error below ~4 u**2 magnitude."""
        cache = {} if cache is None else cache
        shape = np.broadcast(*xs).shape if xs else ()
        hi = lo = np.zeros(shape)
        mag = np.zeros(shape)
        for c, ex in self.terms:
            key = ("dd", ex)
            if key not in cache:
                mh = ml = None
                for x, k in zip(xs, ex):
                    for _ in range(k):
                        if mh is None:
                            mh, ml = x, np.zeros(shape)
                        else:
                            mh, ml = _dd_mul_double(mh, ml, x)
                cache[key] = (mh, ml)
            mh, ml = cache[key]
            ch, cl = _fraction_dd(c)
            if mh is None:
                th, tl = np.full(shape, ch), np.full(shape, cl)
            elif cl == 0.0 and ch in (1.0, -1.0):
                th, tl = ch * mh, ch * ml
            else:
                th, tl = _dd_mul(mh, ml, ch, cl)
            hi, lo = _dd_add(hi, lo, th, tl)
            mag = mag + np.abs(th)
        return hi, lo, mag

    def exact(self, values):
        """The exact rational value at a tuple of Python floats."""
        fr = [Fraction(v) for v in values]
        total = Fraction(0)
        for c, ex in self.terms:
            term = c
            for x, k in zip(fr, ex):
                if k:
                    term *= x ** k
            total += term
        return total


def sqrt_fraction(q, bits=130):
    """``sqrt(q)`` of a non-negative Fraction as a Fraction within ``2**-bits`` relative."""
    if q <= 0:
        return Fraction(0)
    n, d = q.numerator, q.denominator
    # sqrt(n/d) = sqrt(n d) / d; scale so the integer root carries ``bits`` bits.
    nd = n * d
    shift = max(0, bits - nd.bit_length() // 2 + 2)
    root = math.isqrt(nd << (2 * shift))
    return Fraction(root, d << shift)


def exact_radius(T, D):
    """The spectral radius from exact rationals ``T`` and ``D``, correctly rounded but for 2**-128."""
    disc = T * T - 4 * D
    if disc < 0:
        return float(sqrt_fraction(D))
    return float((abs(T) + sqrt_fraction(disc)) / 2)


def _dd_sqrt(dh, dl):
    r = np.sqrt(dh)
    m, me = _two_prod(r, r)
    with np.errstate(divide="ignore", invalid="ignore"):
        c = (((dh - m) - me) + dl) / (2.0 * r)
    return r, np.where(r > 0, c, 0.0)


def dd_parts(trace, det, xs, exact_point):
    """Double-double (exact where unsure) ``(real, rho, t_half, half_imag)`` for arrays ``xs``.

    ``real`` marks ``T**2 >= 4D``; ``rho`` is the radius; ``t_half = T / 2``;
    ``half_imag = sqrt(4D - T**2) / 2`` where not real. ``exact_point(i)``
    gives the exact ``(T, D)`` of flat point ``i`` for the unsure ones.
    """
    cache = {}
    th, tl, tm = trace.dd(xs, cache)
    dh, dl, dm = det.dd(xs, cache)
    p, pe = _two_prod(th, th)
    pe = pe + 2.0 * th * tl
    qh, ql = _dd_add(p, pe, -4.0 * dh, -4.0 * dl)
    mag = tm * tm + 4.0 * dm
    real = ~(qh < 0)
    unsure = np.abs(qh) <= UNSURE * mag
    r, rc = _dd_sqrt(np.abs(qh), np.where(real, ql, -ql))
    big, big_e = two_sum(np.abs(th), r)
    rho_real = 0.5 * (big + ((big_e + np.where(th < 0, -tl, tl)) + rc))
    sd, sdc = _dd_sqrt(np.abs(dh), np.where(dh < 0, -dl, dl))
    rho = np.where(real, rho_real, sd + sdc)
    half_imag = np.where(real, 0.0, 0.5 * (r + rc))
    t_half = 0.5 * th
    if unsure.any():
        real, rho, half_imag, t_half = (np.array(a, copy=True) for a in (real, rho, half_imag, t_half))
        fr, fo, fi, ft = (a.reshape(-1) for a in (real, rho, half_imag, t_half))
        for i in np.flatnonzero(unsure.reshape(-1)):
            T, D = exact_point(i)
            if T is None:
                continue
            disc = T * T - 4 * D
            fr[i] = disc >= 0
            fo[i] = exact_radius(T, D)
            fi[i] = 0.0 if disc >= 0 else float(sqrt_fraction(-disc) / 2)
            ft[i] = float(T / 2)
    return real, rho, t_half, half_imag


def radius(trace, det, xs):
    """Spectral radius of ``z**2 - T z + D`` at float64 arrays ``xs`` (broadcast, same shape).

    Returns ``rho`` (an array of ``xs``'s shape). Plain pass with the
    refinement decision, then :func:`dd_parts` on the points it marks.
    """
    shape = xs[0].shape
    flat = [x.reshape(-1) for x in xs]
    out = np.empty(flat[0].size)
    with np.errstate(all="ignore"):
        for start in range(0, out.size, CHUNK):
            part = [x[start:start + CHUNK] for x in flat]
            _radius_chunk(trace, det, part, out[start:start + CHUNK])
    return out.reshape(shape)


def _radius_chunk(trace, det, xs, out):
    cache = {}
    T, tm = trace.plain(xs, cache)
    D, dm = det.plain(xs, cache)
    T = np.broadcast_to(T, out.shape)
    D = np.broadcast_to(D, out.shape)
    T2 = T * T
    disc = T2 - 4.0 * D
    aT = np.abs(T)
    fine = (aT >= CANCEL * tm) & (np.abs(D) >= CANCEL * dm) & (np.abs(disc) >= SEPARATED * T2)
    np.sqrt(np.abs(disc), out=disc)
    np.add(aT, disc, out=disc)
    disc *= 0.5
    root = np.sqrt(np.abs(D))
    # real roots where T**2 > 4D, i.e. where the real formula exceeds sqrt(|D|)
    np.copyto(out, np.where(T2 >= 4.0 * D, disc, root))
    bad = ~fine
    if bad.any():
        idx = np.flatnonzero(bad)
        sub = [np.broadcast_to(x, out.shape)[idx] for x in xs]

        def exact_point(i):
            vals = [float(s[i]) for s in sub]
            if not all(math.isfinite(v) for v in vals):
                return None, None
            return trace.exact(vals), det.exact(vals)

        _, rho, _, _ = dd_parts(trace, det, sub, exact_point)
        out[idx] = rho


def eigenvalues(trace, det, xs):
    """Both roots of ``z**2 - T z + D``, larger modulus first, shape ``xs[0].shape + (2,)``."""
    shape = xs[0].shape
    flat = [x.reshape(-1) for x in xs]

    def exact_point(i):
        vals = [float(s[i]) for s in flat]
        if not all(math.isfinite(v) for v in vals):
            return None, None
        return trace.exact(vals), det.exact(vals)

    with np.errstate(all="ignore"):
        real, rho, t_half, half_imag = dd_parts(trace, det, flat, exact_point)
        dh, _, _ = det.dd(flat)
        big = np.copysign(rho, t_half)
        small = np.where(big != 0, dh / big, 0.0)
    out = np.empty(flat[0].size if flat else 1, dtype=complex)
    out = np.empty(out.shape + (2,), dtype=complex)
    out[:, 0] = np.where(real, big, t_half + 1j * half_imag)
    out[:, 1] = np.where(real, small, t_half - 1j * half_imag)
    return out.reshape(shape + (2,))


def signs(poly, xs):
    """Exact sign (-1, 0, 1) of a polynomial at float64 arrays ``xs``: double-double, rationals where unsure."""
    shape = xs[0].shape
    flat = [x.reshape(-1) for x in xs]
    with np.errstate(all="ignore"):
        hi, lo, mag = poly.dd(flat)
        s = np.sign(hi).astype(np.int8)
        unsure = np.abs(hi) <= 2.0 ** -100 * mag
    for i in np.flatnonzero(unsure.reshape(-1)):
        vals = [float(x[i]) for x in flat]
        if all(math.isfinite(v) for v in vals):
            v = poly.exact(vals)
            s.reshape(-1)[i] = (v > 0) - (v < 0)
    return s.reshape(shape)
