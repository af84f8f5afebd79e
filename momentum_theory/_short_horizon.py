r"""Steps 1 to 3 of :func:`momentum_theory.closed_form.momentum_iterate` without the roots.

:math:`x_1 = x_0 s - \eta\beta v_0`, :math:`x_2 = T x_1 - \beta x_0` and (from
rest, :math:`v_0 = 0`) :math:`x_3 = T x_2 - \beta x_1`, with
:math:`s = 1 - \eta\lambda` and :math:`T = s + \beta`. ``s`` is formed to
about 3 ulp of itself from the exact error of the product ``eta * lam``
(Dekker; none when a factor is a power of two), so neither the cancellation
next to :math:`\eta\lambda = 1` nor the one in the trace is rounded in:

* :math:`x_1` is within about 4 ulp of itself (the double-double first step
  when :math:`v_0 \ne 0`, where :math:`x_0 s` and :math:`\eta\beta v_0` may
  cancel);
* :math:`x_2` is within about 10 ulp of its terms
  :math:`|T x_1| + |\beta x_0|`: three roundings of those terms, plus the
  error of :math:`T`, at most :math:`u(|T| + 3|s|)`, times :math:`|x_1|`,
  and :math:`|s x_1| \le 2(|T x_1| + |\beta x_0|)` when :math:`v_0 = 0`;
* :math:`x_3` is within 33 ulp (to first order) of its terms
  :math:`|U_3 x_1| + |\beta U_2 x_0|`, :math:`U_3 = T^2 - \beta`,
  :math:`U_2 = T`. A rounding :math:`\delta_k` made at step :math:`k`
  reaches step 3 as :math:`U_{4-k}\delta_k`, so the error is at most
  :math:`u(4|U_3 x_1| + \sum_{k=2,3} |U_{4-k}|((3|T| + 3|s|)|x_{k-1}| +
  2|\beta x_{k-2}|))`; from rest every :math:`x_k` is a multiple of
  :math:`x_0` and the ratio to the terms is a function of
  :math:`(\eta\lambda, \beta)` alone, whose largest value over the plane is
  33, at :math:`\eta\lambda = 3`, :math:`\beta \to 1` (where :math:`U_3 = 0`;
  ``tests/test_short_horizon.py`` recomputes it). Measured against 50
  digits on the benchmark's adversarial sets: at most 6.5 ulp of the terms,
  where the closed form reached 53 (the :math:`\beta \to 0` set). From a
  nonzero :math:`v_0`, :math:`x_1` is free of :math:`x_0` and next to
  :math:`U_3 = 0` the terms vanish while the rounding does not: no bound,
  and the closed form takes those calls.

That is the closed form's contract (a few ulp of
:math:`|U_t x_1| + |\beta U_{t-1} x_0|`; :math:`U_1 = 1`, :math:`U_2 = T`)
at a handful of array passes instead of the closed form's several hundred.
Longer horizons are not taken here: the same first-order bound, over the
looser scale :math:`|U_t|(|x_0| + |\eta\lambda x_0|) + |\beta U_{t-1} x_0|`
the closed form is tested on, grows like :math:`t^3` — 91, 191, 341, 557,
838 and 1201 ulp at :math:`t = 4, \dots, 9` — and over the terms themselves
it is unbounded from :math:`t = 4`: at :math:`\eta\lambda = 1`,
:math:`x_1 = 0` and the terms :math:`|\beta U_{t-1} x_0|` vanish where
:math:`U_{t-1}` does (:math:`\beta \to 1` at :math:`t = 4`,
:math:`\beta \approx 0.382` at :math:`t = 6`) while the rounding of
:math:`\beta x_0` at step 2 does not. Checking each point as the loop runs
(a running error bound) costs more passes than the loop itself, while the
points that fail would need the closed form, whose fixed cost (~3 ms at
10**4 points) exceeds the whole loop for ``t`` below a few hundred (see
docs/performance.md).
"""
from __future__ import annotations

import math
import threading

import numpy as np

from momentum_theory._eft import SPLITTER, split

#: Inputs are taken only in this range, so that no product over- or underflows
#: where the result would not (the closed form rescales the others).
_RANGE = 2.0 ** 250
_F64 = np.dtype(np.float64)
#: Calls up to this many points use the per-thread scratch arrays.
_SCRATCH_MAX = 2 ** 16
_SCRATCH = threading.local()
#: The largest double below 1: ``|beta| <= _BELOW_ONE`` is ``|beta| < 1``.
_BELOW_ONE = 1.0 - 2.0 ** -53


def _plain(value):
    """``value`` as a float64 array or a Python float, or None for anything else."""
    if type(value) is float or (type(value) is int and abs(value) < 2 ** 53):
        return float(value)
    if type(value) is np.ndarray and value.dtype == np.float64 and value.size:
        return value
    return None


def _is(value, number):
    """``value`` is the Python float ``number`` (arrays never are)."""
    return type(value) is float and value == number


def _in_range(value, bound):
    """Every entry of ``value`` in ``[-bound, bound]`` (False for NaN), by two reductions."""
    if type(value) is float:
        return -bound <= value <= bound
    return bool(-bound <= np.minimum.reduce(value, axis=None)
                and np.maximum.reduce(value, axis=None) <= bound)


def _not_tiny(value):
    """Every entry of ``value`` 0 or at least ``2**-250`` in size (no underflow in its products)."""
    if type(value) is float:
        return value == 0.0 or abs(value) >= 1.0 / _RANGE
    size = np.abs(value)
    return bool(((size >= 1.0 / _RANGE) | (size == 0.0)).all())


def _finite(value):
    """Every entry of ``value`` finite, by one reduction (a sum of finite entries can
    only overflow to inf, which errs on the safe side)."""
    return math.isfinite(value if type(value) is float else np.add.reduce(value, axis=None))


def _scratch(n, k):
    """``k`` float64 work arrays of ``n`` entries, kept by this thread between calls.

    Fresh temporaries of ~100 KB make glibc give the heap top back to the
    system and fault it in again on the next call (~200 us for the handful of
    arrays of Dekker's product at 10**4 points, against ~40 us of arithmetic).
    """
    store = getattr(_SCRATCH, "arrays", None)
    if store is None or store.shape[0] < k or store.shape[1] < n:
        store = _SCRATCH.arrays = np.empty((k, max(n, 1024)))
    return store[:k, :n]


def _one_minus_product_scratch(ah, al, lam):
    """``1 - eta * lam`` for a float ``eta = ah + al`` (split) and an array ``lam``, on scratch."""
    flat = lam.reshape(-1)
    p, bh, bl, err = _scratch(flat.size, 4)
    eta = ah + al
    np.multiply(flat, eta, out=p)
    s = np.subtract(1.0, p)                   # the result's own storage
    np.multiply(flat, SPLITTER, out=bh)       # lam = bh + bl, 26 bits each
    np.subtract(bh, flat, out=err)
    bh -= err
    np.subtract(flat, bh, out=bl)
    np.multiply(bh, ah, out=err)              # ((ah bh - p) + ah bl + al bh) + al bl
    err -= p
    np.multiply(bl, ah, out=p)
    err += p
    np.multiply(bh, al, out=p)
    err += p
    np.multiply(bl, al, out=p)
    err += p
    s -= err
    return s.reshape(lam.shape)


def _one_minus_product(eta, lam):
    """``1 - eta * lam`` to about 3 ulp of itself (Dekker's exact error of the product).

    None if a factor is too large for the split (or not finite).
    """
    if _is(eta, 1.0):
        return 1.0 - lam                      # the product is lam, exactly
    p = eta if _is(lam, 1.0) else eta * lam
    s = 1.0 - p
    if any(type(f) is float and (f == 0.0 or abs(math.frexp(f)[0]) == 0.5) for f in (eta, lam)):
        return s                              # a power of two: p is exact
    if not (_in_range(eta, _RANGE) and _in_range(lam, _RANGE)):
        return None
    if type(lam) is float:
        eta, lam = lam, eta                   # the array (if one) second
    ah, al = split(eta)
    if type(eta) is float and type(lam) is np.ndarray and lam.size <= _SCRATCH_MAX:
        return _one_minus_product_scratch(ah, al, lam)
    if type(lam) is float:                    # two floats
        bh, bl = split(lam)
        return s - (((ah * bh - p) + ah * bl + al * bh) + al * bl)
    # Dekker's a*b - p = ((ah bh - p) + ah bl + al bh) + al bl, with lam = bh + bl
    # split in place (fewer fresh arrays: each costs page faults at this size).
    bh = lam * SPLITTER
    err = bh - lam
    bh -= err
    bl = lam - bh
    np.multiply(ah, bh, out=err)
    err -= p
    term = ah * bl
    err += term
    np.multiply(al, bh, out=term)
    err += term
    np.multiply(al, bl, out=term)
    err += term
    s -= err
    return s


def first_steps(lam, x0, eta, beta, t, v0, first_step):
    """``x_t`` for ``t`` in {1, 2, 3} as momentum_iterate returns it, or None if the call does not qualify.

    It qualifies when ``t`` is a single int 1 or 2, or 3 with ``v0`` zero
    (and a finite result: an overflow on the way is left to the closed form,
    which rescales), and every input is a
    float or a non-empty float64 array, finite, with ``x0`` and ``v0`` 0 or
    between ``2**-250`` and ``2**250`` in size (``eta`` and ``lam`` too
    unless one of them is a power of two), ``|beta| < 1``, shapes
    broadcasting; the closed form takes (and validates) everything else.
    ``first_step(lam, eta, x0, beta, v0)`` gives ``x_1`` in double-double,
    for a nonzero ``v0``. A call whose inputs are all scalars gets a NumPy
    scalar back. (Kept lean: at 10**4 points a step of the loop costs ~10 us.)
    """
    if type(t) is not int:
        if not isinstance(t, np.integer):
            return None
        t = int(t)
    if t != 1 and t != 2 and t != 3:
        return None
    args = (lam, x0, eta, beta, v0)
    if not all(type(a) is float or (type(a) is np.ndarray and a.dtype == _F64 and a.size)
               for a in args):
        lam, x0, eta, beta, v0 = args = [_plain(a) for a in args]
        if any(a is None for a in args):
            return None
    shapes = {a.shape for a in args if type(a) is not float}
    if len(shapes) > 1:
        try:
            shape = np.broadcast_shapes(*shapes)
        except ValueError:
            return None
    else:
        shape = shapes.pop() if shapes else ()
    # lam and eta are checked through s (and before Dekker's split, which needs range).
    if not _in_range(beta, _BELOW_ONE):
        return None
    if not (_is(x0, 1.0) or (_in_range(x0, _RANGE) and _not_tiny(x0))):
        return None
    at_rest = _is(v0, 0.0) or (type(v0) is not float and not v0.any())
    if t == 3 and not at_rest:
        return None                           # x_1 free of x_0: no bound next to U_3 = 0
    if not (at_rest or (_in_range(v0, _RANGE) and _not_tiny(v0))):
        return None
    with np.errstate(all="ignore"):
        s = _one_minus_product(eta, lam)
        # A finite sum means every entry is finite: lam and eta were, and
        # eta * lam did not overflow (at t = 3 the result's own check covers s).
        if s is None or (t < 3 and not _finite(s)):
            return None
        if at_rest:
            if _is(x0, 1.0):
                x1 = s
            elif t == 1 and type(x0) is float and type(s) is np.ndarray:
                s *= x0                       # s is this call's own array
                x1 = s
            else:
                x1 = x0 * s
        else:
            x1 = first_step(lam, eta, x0, beta, v0)
        if t >= 2:
            trace = s + beta
            x2 = x1 * trace                   # T x_1, then minus beta x_0
            x2 -= beta if _is(x0, 1.0) else beta * x0
            if t == 3:
                x2 *= trace                   # T x_2 - beta x_1, in x_2's own storage
                x2 -= beta * x1
                # Anything not finite (a NaN lam, or an overflow on the way that the
                # true x_3 need not share) is left to the closed form, which
                # validates and rescales.
                if not _finite(x2):
                    return None
            x1 = x2
    if type(x1) is float or x1.shape != shape:
        x1 = np.array(np.broadcast_to(x1, shape), dtype=np.float64)
    return x1[()] if not shape else x1
