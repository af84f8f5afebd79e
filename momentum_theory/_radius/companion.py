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

    def affine(self):
        """The :class:`~momentum_theory._radius.affine.AffineSplit` in the first variable, or None (cached)."""
        if not hasattr(self, "_affine"):
            from momentum_theory._radius.affine import AffineSplit
            self._affine = AffineSplit.of(self) if self.nvars else None
        return self._affine

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
        """``(value, bound)``: the plain float64 sum, and a bound on its error in units of u = 2**-53.

        To first order in u: a degree-d monomial is rounded d - 1 times, its
        product with a coefficient other than a power of two once more, a
        coefficient that is not a double once more where it is rounded to
        one, and each addition after the first once (by at most u times the
        partial sum). The bound is relative, so it holds where no product
        underflows (see :meth:`plain_exponent`).
        """
        cache = {} if cache is None else cache
        total = bound = None
        for c, ex in self.terms:
            m = self._monomial_plain(ex, xs, cache)
            cf = float(c)
            rounds = 0 if Fraction(cf) == c else 1           # float(c) itself
            if m is not None:
                power_of_two = cf != 0 and math.frexp(abs(cf))[0] == 0.5
                rounds += sum(ex) - 1 + (0 if power_of_two else 1)
            term = cf if m is None else (m if cf == 1.0 else (-m if cf == -1.0 else cf * m))
            if total is None:
                total = term
                bound = rounds * np.abs(term) if rounds else 0.0
            else:
                total = total + term
                bound = bound + np.abs(total)
                if rounds:
                    bound = bound + rounds * np.abs(term)
        if total is None:
            return 0.0, 0.0
        return total, bound

    def plain_exponent(self):
        """``k`` such that inputs of size 0 or in ``[2**-k, 2**k]`` keep every plain product normal (cached).

        None where a coefficient is too large or too small for that (then
        :func:`signs` has no plain tier). Products stay within
        ``2**±960``: no underflow, so :meth:`plain`'s relative bound holds.
        """
        if not hasattr(self, "_plain_exponent"):
            try:
                fits = all(m != 0 and abs(e) <= 60
                           for m, e in (math.frexp(float(c)) for c, _ in self.terms))
            except OverflowError:      # a coefficient beyond the largest double
                fits = False
            degree = max((sum(ex) for _, ex in self.terms), default=0)
            self._plain_exponent = (960 - 61) // max(degree, 1) if fits else None
        return self._plain_exponent

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


def float_or_inf(q):
    """A Fraction as a float; past the largest double, infinity of its sign."""
    try:
        return float(q)
    except OverflowError:
        return math.inf if q > 0 else -math.inf


def exact_radius(T, D):
    """The spectral radius from exact rationals ``T`` and ``D``, correctly rounded but for 2**-128."""
    disc = T * T - 4 * D
    return float_or_inf(sqrt_fraction(D) if disc < 0 else (abs(T) + sqrt_fraction(disc)) / 2)


def exact_roots(T, D):
    """Both roots of ``z**2 - T z + D`` from exact rationals, larger modulus first (Python complex).

    Real roots: the larger is ``(T + sign(T) sqrt(disc)) / 2`` and the smaller ``D``
    divided by it, so neither cancels; a part past the largest double is infinite.
    """
    disc = T * T - 4 * D
    if disc < 0:
        re, im = float_or_inf(T / 2), float_or_inf(sqrt_fraction(-disc) / 2)
        return complex(re, im), complex(re, -im)
    big = (T + (1 if T >= 0 else -1) * sqrt_fraction(disc)) / 2
    return complex(float_or_inf(big)), complex(float_or_inf(D / big) if big else 0.0)


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
    # T**2 or 4D past the largest double (|T| above ~1e154): the doubles cannot say, exact can.
    unsure |= ~np.isfinite(qh) | ~np.isfinite(mag)
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


def radius(trace, det, xs, workers=None, fast=True):
    """Spectral radius of ``z**2 - T z + D`` at float64 arrays ``xs`` (broadcast, same shape).

    Returns ``rho`` (an array of ``xs``'s shape). Polynomials affine in the
    first variable (every member of the two-step family) take the fast path
    of :mod:`momentum_theory._radius.affine` unless ``fast`` is False (the
    tests compare both). Otherwise chunks of :data:`CHUNK` points go through
    the plain pass (:func:`_radius_chunk`), on the threads of the heavy-ball
    driver's pool size; the points it cannot vouch for are recomputed by
    :func:`dd_parts`. A point's value does not depend on its chunk.
    """
    if fast and trace.affine() is not None and det.affine() is not None:
        from momentum_theory._radius import affine
        def refine(sub):
            return refine_points(trace, det, sub)

        form = affine.two_step_form(trace, det)
        if form is None:
            return affine.radius(trace, det, xs, refine, workers)
        return affine.two_step_radius(xs, *form, refine, workers=workers)
    xs = np.broadcast_arrays(*xs)
    shape = xs[0].shape
    flat = [np.ascontiguousarray(x).reshape(-1) for x in xs]
    out = np.empty(flat[0].size)
    starts = range(0, out.size, CHUNK)

    def run(start):
        with np.errstate(all="ignore"):
            _radius_chunk(trace, det, [x[start:start + CHUNK] for x in flat],
                          out[start:start + CHUNK])

    if len(starts) > 1:
        from concurrent.futures import ThreadPoolExecutor

        from momentum_theory._radius.driver import default_workers
        with ThreadPoolExecutor(workers or default_workers()) as pool:
            list(pool.map(run, starts))
    else:
        for start in starts:
            run(start)
    return out.reshape(shape)


# Unit roundoff, and the budget of the plain pass's first-order error bound.
# The final roundings of rho = (|T| + sqrt(disc)) / 2 (or sqrt(D)) add at most
# 2 u rho, and ulp(rho) >= u rho, so a bound of BUDGET = 6 u rho keeps a kept
# point within 8 ulp of the exact radius.
U = 2.0 ** -53
BUDGET = 6.0 * U


def _radius_chunk(trace, det, xs, out):
    """Plain pass over one chunk with a first-order error bound; the rest to :func:`dd_parts`.

    With ``eT``, ``eD`` bounds on the errors of the plain ``T`` and ``D``
    (:meth:`TermPolynomial.plain`), the real-root radius
    ``r = (|T| + s)/2``, ``s = sqrt(T**2 - 4D)``, moves by at most
    ``(eT r + eD + 2u (T**2 + 4|D|)/4) / s`` and the complex one ``sqrt(D)``
    by ``eD / (2 sqrt D)``; points whose bound exceeds ``BUDGET * rho``, or
    whose discriminant's sign is not certain, are refined.
    """
    cache = {}
    T, tm = trace.plain(xs, cache)
    D, dm = det.plain(xs, cache)
    n = out.shape
    T = np.broadcast_to(T, n)
    D = np.broadcast_to(D, n)
    # In-place ufuncs on a few buffers (each op on a chunk costs ~its memory traffic).
    eT = np.multiply(tm, U * (1 + 2.0 ** -20), out=np.empty(n))
    eD = np.multiply(dm, U * (1 + 2.0 ** -20), out=np.empty(n))
    aT = np.abs(T)
    aD = np.abs(D)
    T2 = np.multiply(T, T)
    disc = np.multiply(D, -4.0)
    disc += T2
    rp = np.multiply(aD, 4.0)
    rp += T2
    rp *= 2.0 * U          # roundings of disc: u T**2 (the square) + u |disc| (the difference)
    real = disc > 0
    s = np.abs(disc, out=T2)                  # T2 is not needed any more
    err = rp.copy()
    work = np.multiply(aT, eT)
    work *= 2.0
    err += work
    np.multiply(eD, 4.0, out=work)
    err += work                               # error bound of disc
    err *= 2.0
    certain = s > err
    np.sqrt(s, out=s)
    rho = np.add(aT, s, out=aT)
    rho *= 0.5
    # real: eT rho + eD + rp / 4 <= BUDGET rho s
    np.multiply(eT, rho, out=work)
    work += eD
    rp *= 0.25
    work += rp
    np.multiply(rho, s, out=s)
    s *= BUDGET
    ok_real = work <= s
    root = np.sqrt(aD)
    aD *= 2.0 * BUDGET
    ok_cplx = eD <= aD
    fine = np.where(real, ok_real, ok_cplx)
    fine &= certain
    np.copyto(out, np.where(real, rho, root))
    bad = ~fine
    if bad.any():
        idx = np.flatnonzero(bad)
        out[idx] = refine_points(trace, det, [np.broadcast_to(x, n)[idx] for x in xs])


def refine_points(trace, det, sub):
    """rho from :func:`dd_parts` (exact rationals where unsure) at the points ``sub``.

    ``sub`` holds a 1-D array per variable (a float for a variable constant
    over the points); the result is a 1-D array of their length.
    """
    n = max((np.size(x) for x in sub if np.ndim(x)), default=1)
    sub = [np.full(n, x) if np.ndim(x) == 0 else x for x in sub]

    def exact_point(i):
        vals = [float(s_[i]) for s_ in sub]
        if not all(math.isfinite(v) for v in vals):
            return None, None
        return trace.exact(vals), det.exact(vals)

    _, rho_dd, _, _ = dd_parts(trace, det, sub, exact_point)
    return rho_dd


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
    # Where T or D pass the range of double-doubles (|value| above ~1e300), exact roots.
    for i in np.flatnonzero(~np.isfinite(out).all(axis=-1)):
        T, D = exact_point(i)
        if T is not None:
            out[i] = exact_roots(T, D)
    return out.reshape(shape + (2,))


def signs(poly, xs):
    """Exact sign (-1, 0, 1) of a polynomial at float64 arrays ``xs`` (of one shape).

    Three tiers: the plain float64 value where it is more than twice its
    first-order error bound (:meth:`TermPolynomial.plain`; the second-order
    terms are far below that factor) away from 0 and every input is 0 or of
    a size whose products can neither underflow nor overflow (nearly every
    point); double-double at the rest; rationals where even that is within
    ``2**-100`` of its magnitude. NaN and infinite inputs get the
    double-double tier's answer, as before the plain tier existed.
    """
    shape = xs[0].shape
    flat = [np.asarray(x, dtype=float).reshape(-1) for x in xs]
    k = poly.plain_exponent()
    if k is None:
        return _dd_signs(poly, flat).reshape(shape)
    with np.errstate(all="ignore"):
        sure = np.ones(flat[0].shape, dtype=bool)
        for x in flat:
            size = np.abs(x)
            sure &= (size == 0) | ((size >= 2.0 ** -k) & (size <= 2.0 ** k))
        value, bound = poly.plain(flat)
        value = np.broadcast_to(value, sure.shape)
        sure &= np.abs(value) > (2.0 * U) * bound
        s = np.sign(value).astype(np.int8)
    rest = np.flatnonzero(~sure)
    if rest.size:
        s[rest] = _dd_signs(poly, [x[rest] for x in flat])
    return s.reshape(shape)


def _dd_signs(poly, flat):
    """:func:`signs` on 1-D arrays without the plain tier: double-double, then rationals.

    A value the double-double pass could not form (its TwoProduct overflows
    above about 2**996, giving NaN) goes to rationals like a small one.
    """
    with np.errstate(all="ignore"):
        hi, lo, mag = poly.dd(flat)
        s = np.nan_to_num(np.sign(hi)).astype(np.int8)
        unsure = ~(np.abs(hi) > 2.0 ** -100 * mag)
    for i in np.flatnonzero(unsure):
        vals = [float(x[i]) for x in flat]
        if all(math.isfinite(v) for v in vals):
            v = poly.exact(vals)
            s[i] = (v > 0) - (v < 0)
    return s
