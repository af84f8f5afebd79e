r"""Fast plain passes for methods whose trace and determinant are affine in ``h``.

Every member of the two-step family (gd, heavy ball, Nesterov, QHM, triple
momentum, and any :func:`~momentum_theory.methods.from_update` rule of degree
<= 1 in :math:`h`) has

.. math::

    T = t_0 + t_1 h, \qquad D = d_0 + d_1 h,

with :math:`t_0, t_1, d_0, d_1` polynomials in the other parameters.
:func:`~momentum_theory._radius.companion.radius` sends such polynomials here:

- :func:`two_step_chunk` when they have the family's own shape
  ``T = 1 + beta - h - gamma h``, ``D = beta - gamma h``
  (:func:`two_step_form` recognises it from the terms: two_step, Nesterov,
  gd, heavy ball's polynomials, triple momentum, a user's rule of that
  shape). ``1 + beta - h`` is carried exactly; the bounds on the errors of
  ``T`` and ``D`` are rigorous, not first order.
- :func:`plain_chunk` otherwise (QHM): ``T = t0 + t1 h`` from the
  coefficient polynomials (:class:`AffineSplit`, read off a
  :class:`~momentum_theory._radius.companion.TermPolynomial`), with the
  first-order bounds of :meth:`TermPolynomial.plain`.

Both end in :func:`decide`: from ``T``, ``D`` and the bounds, rho and,
point by point, whether it is within :data:`BUDGET_ULPS` ulps of the exact
radius. In-place ufuncs on one thread's reused scratch rows, chunk by chunk,
on the shared pool of :mod:`~momentum_theory._radius.driver` (:func:`run`).
The points a pass cannot vouch for (a discriminant whose sign is not
certain, a bound over budget, overflow, NaN, radii below 2**-500) go
to the double-double / exact-rational tiers of
:func:`~momentum_theory._radius.companion.dd_parts` on the method's own
polynomials, point by point, so a point's value never depends on its chunk,
thread or batch.
"""
from __future__ import annotations

import math
import threading

import numpy as np

#: Points per chunk: the scratch rows of a chunk (11 of them) stay in L2/L3.
CHUNK = 32768

#: Points set aside are refined (double-double, :func:`~momentum_theory._radius.companion.dd_parts`)
#: in batches of about this many: its ~150 short ufunc calls cost more than
#: the arithmetic on small batches, and its temporaries fall out of the cache
#: on large ones (measured: ~2000 points is the sweet spot, 140 ns a point).
REFINE_BATCH = 2048

U = 2.0 ** -53
#: The plain result's error budget, in ulps of rho: with the square root's
#: nonlinearity (at most 3.4 %, see :func:`decide`) 5.7, and the last
#: roundings of (|T| + s) / 2 or sqrt(D) add at most 2 more: within 8.
BUDGET_ULPS = 5.5
_EXPONENT = np.uint64(0x7FF0000000000000)
# First-order bounds, scaled up for the second-order terms they leave out.
_SCALE = U * (1.0 + 2.0 ** -20)
#: Absolute slack for underflow: a product or sum that lands below 2**-1022
#: is rounded by up to 2**-1075 absolutely, not relatively; this covers a few
#: of them (also times a large ``h``), in :func:`plain_chunk`'s bounds.
TINY = 2.0 ** -1000
_ROWS = 11


class AffineSplit:
    """``T = t0 + t1 h``: the coefficients of a polynomial in ``(h, *params)`` that is affine in ``h``.

    ``c0`` and ``c1`` are :class:`TermPolynomial` objects in the parameters
    alone (``nvars - 1`` variables); :meth:`of` returns None when a term has
    ``h**2`` or higher.
    """

    def __init__(self, c0, c1):
        self.c0, self.c1 = c0, c1

    @classmethod
    def of(cls, poly):
        parts = ([], [])
        for c, ex in poly.terms:
            if not ex or ex[0] > 1:
                if not ex:               # a constant with no variables at all
                    parts[0].append((c, ()))
                    continue
                return None
            parts[ex[0]].append((c, ex[1:]))
        n = max(poly.nvars - 1, 0)
        poly_type = type(poly)          # companion.TermPolynomial (not imported: no cycle)
        return cls(poly_type(parts[0], n), poly_type(parts[1], n))


def _exact_double(value, bound):
    # A scalar coefficient known exactly (bound 0) and a power of two (or 0):
    # multiplying by it rounds nothing (barring underflow, covered by TINY).
    return (np.ndim(value) == 0 and np.ndim(bound) == 0 and bound == 0
            and (value == 0 or math.frexp(abs(float(value)))[0] == 0.5))


def _affine_into(c0, b0, c1, b1, h, val, err, tmp):
    """``val = c0 + c1 h`` and ``err`` >= its error / u (first order), in place; returns them."""
    if np.ndim(c1) == 0 and c1 == 0 and np.ndim(b1) == 0 and b1 == 0:
        val[...] = c0
        err[...] = b0
        return val, err
    np.multiply(h, c1, out=val)                       # p = fl(c1 h)
    exact_p = _exact_double(c1, b1)
    if exact_p:
        err[...] = 0.0
    else:
        np.abs(val, out=err)                          # its rounding
    if not (np.ndim(b1) == 0 and b1 == 0):
        np.abs(h, out=tmp)
        tmp *= b1                                     # c1's own error, times |h|
        err += tmp
    if np.ndim(c0) == 0 and c0 == 0 and np.ndim(b0) == 0 and b0 == 0:
        return val, err
    val += c0                                         # fl(c0 + p)
    np.abs(val, out=tmp)
    err += tmp
    if not (np.ndim(b0) == 0 and b0 == 0):
        err += b0
    return val, err


class _Scratch:
    def __init__(self, chunk):
        self.chunk = chunk
        self.rows = np.empty((_ROWS, chunk))
        self.masks = np.empty((3, chunk), dtype=bool)
        self.busy = False


_LOCAL = threading.local()


def _scratch(chunk):
    ws = getattr(_LOCAL, "ws", None)
    if ws is None or ws.busy or ws.chunk != chunk:
        fresh = _Scratch(chunk)
        if ws is None or not ws.busy:
            _LOCAL.ws = fresh
        return fresh
    return ws


def plain_chunk(trace, det, h, params, out, ws):
    """Plain pass over one chunk into ``out``; returns the boolean row of points to refine.

    ``trace``, ``det`` are :class:`AffineSplit`; ``h`` a 1-D array;
    ``params`` 1-D arrays of its length or floats. Call under
    ``np.errstate(all="ignore")``.
    """
    n = h.shape[0]
    A, B, C, E, F = (r[:n] for r in ws.rows[:5])
    cache = {}
    t0, bt0 = trace.c0.plain(params, cache)
    t1, bt1 = trace.c1.plain(params, cache)
    d0, bd0 = det.c0.plain(params, cache)
    d1, bd1 = det.c1.plain(params, cache)
    T, eT = _affine_into(t0, bt0, t1, bt1, h, B, C, A)
    D, eD = _affine_into(d0, bd0, d1, bd1, h, E, F, A)
    eT *= _SCALE
    eT += TINY
    eD *= _SCALE
    eD += TINY
    G, H, I, J, K, L = (r[:n] for r in ws.rows[5:11])
    return decide(T, eT, D, eD, out, (G, H, I, J, K, L), (m[:n] for m in ws.masks))


def two_step_chunk(h, beta, gamma, out, ws):
    r"""The plain pass of the two-step family (:math:`T = 1 + \beta - h - \gamma h`, :math:`D = \beta - \gamma h`).

    ``1 + beta - h`` is carried exactly (a TwoSum chain, as heavy ball's
    kernel does); only ``q = gamma h`` and three sums are rounded, so

        |fl(T) - T| <= u (|q| + |a| + |T| + |e|) <= u (|q| + 2 |T| + 2 |e|) (1 + u),
        |fl(D) - D| <= u (|q| + |D|)

    with ``a = fl(t - q)`` and ``e`` the summed TwoSum errors: a rigorous
    bound, not a first-order one (underflow: see :func:`decide`). Far
    fewer points are set aside than by :func:`plain_chunk` on the same
    polynomials (about 1 % of random points against 3 %). ``beta``, ``gamma``
    are rows or floats. Returns the boolean row of points to refine.
    """
    n = h.shape[0]
    A, B, C, E, F, G, H = (r[:n] for r in ws.rows[:7])
    row = np.ndim(beta) == 0
    if row:
        s = 1.0 + beta
        e1 = beta - (s - 1.0)
        if not abs(beta) <= 1.0:             # Fast2Sum needs |beta| <= 1: the full TwoSum
            bb = s - 1.0
            e1 = (1.0 - (s - bb)) + (beta - bb)
    else:
        s = np.add(beta, 1.0, out=A)                       # s = fl(1 + beta)
        e1 = np.subtract(s, 1.0, out=B)
        if beta.size and -1.0 <= beta.min() and beta.max() <= 1.0:
            np.subtract(beta, e1, out=e1)                  # Fast2Sum: 1 + beta = s + e1
        else:                                              # TwoSum (NaN and |beta| > 1)
            np.subtract(s, e1, out=C)
            np.subtract(1.0, C, out=C)
            np.subtract(beta, e1, out=e1)
            e1 += C
    t = np.subtract(s, h, out=C)                           # t = fl(s - h)
    d = np.subtract(t, s, out=E)
    np.subtract(t, d, out=F)
    np.subtract(s, F, out=F)
    d += h
    np.subtract(F, d, out=F)                               # e2: s - h = t + e2 (TwoSum)
    e = np.add(F, e1, out=F)                               # e = fl(e1 + e2)
    no_q = np.ndim(gamma) == 0 and gamma == 0
    if no_q:
        q = 0.0
        a = t
    else:
        q = np.multiply(h, gamma, out=G)                   # q = fl(gamma h)
        a = np.subtract(t, q, out=E)                       # a = fl(t - q)
    T = np.add(a, e, out=B)
    D = np.subtract(beta, q, out=H)
    if np.ndim(D) == 0:                                   # beta a float and gamma 0
        H[...] = D
        D = H
    # Bounds (in u, then scaled): eT = |q| + |a| + |T| + |e|, with
    # |a| <= |T| (1 + u) + |e| taken as 2 (|T| + |e|) + |q|; eD = |q| + |D|.
    eT = np.abs(e, out=F)
    eT += np.abs(T, out=E)                                 # (a is not needed any more; q in G is)
    eT *= 2.0
    eD = np.abs(D, out=A)
    if not no_q:
        aq = np.abs(q, out=G)
        eT += aq
        eD += aq
    eT *= _SCALE
    eD *= _SCALE
    I, J, K, L = (r[:n] for r in ws.rows[7:11])
    return decide(T, eT, D, eD, out, (C, E, G, I, J, K), (m[:n] for m in ws.masks))


def decide(T, eT, D, eD, out, rows, masks):
    r"""rho into ``out`` from plain ``T``, ``D`` and bounds ``eT``, ``eD`` on their errors; the points to refine.

    Real roots: :math:`\rho = (|T| + s)/2`, :math:`s = \sqrt{T^2 - 4D}`,
    moves by at most ``w / s`` with ``w = eT rho + eD + u (T**2 + |disc|) / 4``
    (the last term: the roundings of the discriminant); complex roots:
    :math:`\rho = \sqrt D` by ``eD / (2 sqrt D)``. A point is kept when
    that is within :data:`BUDGET_ULPS` ulps of rho and ``|disc| > 32 w``
    (which is at least 8 times the discriminant's error, since
    ``rho >= |T|/2``: its sign is certain and the first-order bound on the
    square root is within 3.4 % of the truth). ``T``, ``D``, ``eT``, ``eD``
    are rows of the chunk's length; ``rows`` six more for scratch, ``masks``
    three boolean ones (the first is returned).

    The budget is computed from ``rho 2**-542``, so it is 0 for radii below
    2**-500 (subnormal, no exponent bits): those are refined (the strict
    comparisons fail). Above, an underflowed product (an absolute error of
    2**-1075, not relative) is far below the slack: ``w >= u rho**2 / 4``
    >= 2**-1055 in the real case, and 2**-26 of the budget in the complex
    one. :func:`two_step_chunk` relies on this; :func:`plain_chunk`, whose
    coefficient products can underflow and then be scaled by a large ``h``,
    adds :data:`TINY` to its bounds as well.
    """
    T2, disc, adisc, rp, rho, root = rows
    ok, cplx, neg = masks
    np.multiply(T, T, out=T2)
    np.multiply(D, -4.0, out=disc)
    disc += T2
    np.abs(disc, out=adisc)
    np.add(adisc, T2, out=rp)
    rp *= 0.25 * U                                      # u (T**2 + |disc|) / 4
    s = np.sqrt(disc, out=T2)                           # NaN where disc < 0
    np.abs(T, out=rho)
    rho += s
    rho *= 0.5
    np.sqrt(D, out=root)                                # NaN where D < 0 (then the roots are real)
    # Complex roots: rho = sqrt(D). Real ones: rho >= sqrt(|D|) exactly, and a
    # kept point's sqrt(fl(D)) exceeds the exact rho by less than the budget,
    # so fmax picks the right branch without a select.
    np.fmax(rho, root, out=out)
    # w = eT rho + eD + rp, with out >= |T| / 2 for rho
    w = np.multiply(eT, out, out=rho)
    w += eD
    w += rp
    # The budget in ulps of the result: 2**e with 2**e <= rho (1 - 2**-45) < 2**(e+1),
    # from the exponent bits (of rho 2**-542, see above), so that it is an ulp of
    # the exact radius too.
    np.multiply(out, (1.0 - 2.0 ** -45) * 2.0 ** -542, out=root)
    bits = root.view(np.uint64)
    np.bitwise_and(bits, _EXPONENT, out=bits)
    root *= BUDGET_ULPS * 2.0 ** (542 - 52)
    s *= root
    np.less(w, s, out=ok)                               # real roots within budget (NaN: False)
    root *= 2.0
    root *= out
    np.less(eD, root, out=cplx)                         # complex roots within budget ...
    np.less(disc, 0.0, out=neg)
    cplx &= neg                                         # ... and complex
    ok |= cplx
    w *= 32.0
    np.greater(adisc, w, out=cplx)                      # the sign of disc is certain
    ok &= cplx
    np.logical_not(ok, out=ok)
    return ok


def two_step_form(trace, det):
    """``(i_beta, i_gamma)`` if ``T = 1 + beta - h - gamma h`` and ``D = beta - gamma h``, else None.

    ``beta`` and ``gamma`` are variables ``i_beta``, ``i_gamma`` of the
    polynomials (the first, ``h``, is 0), or None where the term is absent
    (gd: both; heavy ball: ``gamma``). Nesterov has ``i_beta == i_gamma``;
    triple momentum and a user's rule of the same shape match too, so every
    such record gets :func:`two_step_chunk`, whatever its name.
    """
    n = trace.nvars
    if det.nvars != n or n < 1:
        return None

    def mono(h_power, i=None):
        return (h_power,) + tuple(int(k == i) for k in range(1, n))

    t = {ex: c for c, ex in trace.terms}
    d = {ex: c for c, ex in det.terms}
    found = []
    for h_power, sign in ((0, 1), (1, -1)):          # beta (in T as +beta), gamma (as -gamma h)
        hits = [i for i in range(1, n) if t.get(mono(h_power, i)) == sign]
        found.append(hits[0] if len(hits) == 1 else None)
    i_beta, i_gamma = found
    want_d = {}
    if i_beta is not None:
        want_d[mono(0, i_beta)] = 1
    if i_gamma is not None:
        want_d[mono(1, i_gamma)] = -1
    want_t = dict(want_d, **{})
    want_t[mono(0)] = 1
    want_t[mono(1)] = -1
    if len(t) != len(trace.terms) or t != want_t or d != want_d:
        return None
    return i_beta, i_gamma


def _flat(x, shape):
    """A parameter as a float if it is one number at every point (a grid row, a fixed beta), else a flat row."""
    x = np.asarray(x, dtype=float)
    if x.size == 1 or (x.size and x.shape == shape and not any(x.strides)):
        return float(x.reshape(-1)[0])
    return np.ascontiguousarray(np.broadcast_to(x, shape)).reshape(-1)


def run(kernel, refine_points, xs, workers=None, chunk=CHUNK):
    """rho at float64 arrays ``xs = (h, *params)`` (one broadcast shape), chunk by chunk, threaded.

    ``kernel(h, params, out, ws)`` is a plain pass over one chunk returning
    the boolean row of points to refine; those go to
    ``refine_points(sub)`` (``sub``: their ``h`` and parameters, rows or
    floats; it returns their rho) in batches of about :data:`REFINE_BATCH`
    (the caller, :func:`momentum_theory._radius.companion.radius`, passes
    its double-double / exact tiers on the method's polynomials). Chunks are whole, so a point's value does
    not depend on where it falls.
    """
    from momentum_theory._radius import driver

    shape = np.broadcast_shapes(*(np.shape(x) for x in xs))
    h = np.ascontiguousarray(np.broadcast_to(np.asarray(xs[0], dtype=float), shape)).reshape(-1)
    params = [_flat(x, shape) for x in xs[1:]]
    out = np.empty(h.size)

    def refine(idx):
        sub = [h[idx]] + [p if isinstance(p, float) else p[idx] for p in params]
        out[idx] = refine_points(sub)

    def task(todo):
        ws = _scratch(chunk)
        ws.busy = True
        waiting, count = [], 0
        try:
            with np.errstate(all="ignore"):
                for lo, hi in todo:
                    for start in range(lo, hi, chunk):
                        stop = min(start + chunk, hi)
                        ps = [p if isinstance(p, float) else p[start:stop] for p in params]
                        idx = np.flatnonzero(kernel(h[start:stop], ps, out[start:stop], ws))
                        if idx.size:
                            waiting.append(idx + start)
                            count += idx.size
                        if count >= REFINE_BATCH:
                            refine(np.concatenate(waiting))
                            waiting, count = [], 0
                if count:
                    refine(np.concatenate(waiting))
        finally:
            ws.busy = False

    if h.size:
        workers = workers or driver.default_workers()
        if h.size <= chunk:
            workers = 1
        driver.run_spans(task, driver.split_spans(h.size, chunk, workers), workers)
    return out.reshape(shape)


def radius(trace, det, xs, refine_points, workers=None, chunk=CHUNK):
    """rho of ``z**2 - T z + D`` for polynomials affine in ``h`` (``trace.affine()`` is not None).

    The generic fast path: :func:`plain_chunk` on the :class:`AffineSplit`
    of each; ``refine_points`` as in :func:`run`.
    """
    ts, ds = trace.affine(), det.affine()

    def kernel(h, params, out, ws):
        return plain_chunk(ts, ds, h, params, out, ws)

    return run(kernel, refine_points, xs, workers, chunk)


def two_step_radius(xs, i_beta, i_gamma, refine_points, workers=None, chunk=CHUNK):
    """rho by :func:`two_step_chunk` for polynomials of the two-step form (:func:`two_step_form`).

    ``xs`` are the polynomials' variables, ``h`` first; ``beta`` is
    ``xs[i_beta]`` and ``gamma`` is ``xs[i_gamma]`` (0 where the index is
    None); ``refine_points`` as in :func:`run`.
    """
    def kernel(h, params, out, ws):
        beta = 0.0 if i_beta is None else params[i_beta - 1]
        gamma = 0.0 if i_gamma is None else params[i_gamma - 1]
        return two_step_chunk(h, beta, gamma, out, ws)

    return run(kernel, refine_points, xs, workers, chunk)
