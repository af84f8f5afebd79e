r"""Large maps of the spectral radius: chunked, in place, threaded, or streamed.

:func:`momentum_theory.spectral.spectral_radius` is exact to a few ulp and
vectorised, but a map of :math:`10^8` points held in memory at once, with
the temporaries a NumPy expression makes, would need many gigabytes. Here
the map is computed chunk by chunk (a chunk's inputs, output and scratch stay
in the CPU cache), with in-place ufuncs, optionally on several threads (NumPy
releases the GIL inside ufuncs), either into one output array
(:func:`radius_map`, :func:`radius_grid`; the output may be a
``numpy.memmap``) or into a running reduction that never holds the map
(:func:`radius_histogram`). The values are the same, bit for bit, as those
of :func:`~momentum_theory.spectral.spectral_radius`.
"""
from __future__ import annotations

import builtins
import os
from dataclasses import dataclass

import numpy as np

from momentum_theory import _validation as _v
from momentum_theory.spectral import (
    _NEAR_ONE,
    _SLIVER_HALF,
    _SLIVER_MID,
    CHUNK,
    _radius_accurate,
)

__all__ = [
    "default_workers",
    "radius_map",
    "radius_grid",
    "RadiusHistogram",
    "radius_histogram",
]


def _radius_into(h, beta, out, a, b, c, d, m):
    """Plain-pass spectral radius of one chunk into ``out``; True if ``m`` marks points to refine.

    ``h``, ``out``, the scratch ``a, b, c, d`` and the boolean ``m`` are 1-D
    arrays of one length; ``beta`` is one too, or a float for a chunk of
    constant beta (a grid row), which saves a square root per point.
    In-place ufuncs only, under ``np.errstate(invalid="ignore",
    over="ignore")`` set by the caller, who sends the points marked in ``m``
    (the thin sliver near critical damping) to :func:`_radius_accurate`. T is
    carried as ``T + Tl`` (exact but for the rounding of the tiny
    ``e1 + e2``); the pass works with ``U = T / 2`` and
    ``V = D / 4 = U**2 - beta + U Tl``.
    """
    row = np.ndim(beta) == 0
    if row and not -1.0 <= beta <= 1.0:
        # The Fast2Sum for e1 below needs |beta| <= 1; outside the theory's
        # range the slow path is exact enough and fast enough.
        out[...] = _radius_accurate(h, beta)
        return False
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
    np.multiply(c, _SLIVER_MID, out=b)
    np.subtract(d, b, out=b)
    np.abs(b, out=b)
    np.multiply(c, _SLIVER_HALF, out=c)
    np.greater_equal(b, c, out=m)            # False in the sliver and where NaN
    if not in_range:                         # and False where |beta| > 1 (or NaN)
        np.logical_and(m, np.abs(beta) <= 1.0, out=m)
    np.sqrt(d, out=d)                        # NaN where V < 0 ...
    np.abs(a, out=a)
    np.add(a, d, out=a)
    root = np.sqrt(beta) if row else np.sqrt(beta, out=out)   # ... and where beta < 0
    np.fmax(a, root, out=out)                # complex roots: |U| + NaN loses to sqrt(beta)
    # rho = 1 exactly at h = 0 and h = 2 + 2 beta, the edges of convergence:
    # refine there too, so that rho < 1 is decided by the exact value. The
    # test |rho - 1| >= _NEAR_ONE, in two passes: non-negative doubles sort
    # like their bit patterns, and unsigned wrap-around folds both sides.
    bits = a.view(np.uint64)
    np.subtract(out.view(np.uint64), _ONE_LOW, out=bits)
    far = c.view(bool)[: m.size]
    np.greater_equal(bits, _ONE_WIDTH, out=far)
    np.logical_and(m, far, out=m)
    if m.all():
        return False
    np.logical_not(m, out=m)
    return True


_ONE_LOW = np.float64(1.0 - _NEAR_ONE).view(np.uint64) + np.uint64(1)
_ONE_WIDTH = np.float64(1.0 + _NEAR_ONE).view(np.uint64) - _ONE_LOW


# Sliver points are gathered and refined this many at a time: the refinement
# costs ~100 ufunc calls whatever its size, and its 11 work rows of this
# length (704 KiB) still fit in a 1 MiB L2 cache.
_BATCH = 8192
_SPLITTER = 134217729.0   # 2**27 + 1, Dekker's splitter


def _refine_sliver(h, beta, out, work, real):
    """rho of sliver points into ``out``, in place; False (nothing written) if they do not qualify.

    The arithmetic of :func:`momentum_theory.spectral._radius_accurate`,
    written with ``out=`` into the 11 rows of ``work`` (and the boolean
    ``real``) so that a batch costs ~100 passes over cached memory and no
    allocation. It relies on what the plain pass guarantees for the points
    marks in the sliver: ``4 beta`` within 10 % of ``T**2``, so
    ``T**2 - 4 beta`` is exact (Sterbenz). Batches with any ``|beta| > 1``
    or any ``|T|`` outside ``[2**-40, 2**400]`` (overflow, or a T so small
    that the Fast2Sums below could fail) are declined: they go to the
    general slow path, which gives the same bits where both apply.
    """
    if not (-1.0 <= beta.min() and beta.max() <= 1.0):
        return False
    add, sub, mul = np.add, np.subtract, np.multiply
    A, B, C, D, E, F, G, H, I, J, K = work
    add(beta, 1.0, out=A)                                     # s
    sub(A, 1.0, out=B)
    sub(beta, B, out=B)                                       # e1
    sub(A, h, out=C)                                          # t
    sub(C, A, out=D)
    sub(C, D, out=E)
    sub(A, E, out=A)
    add(D, h, out=D)
    sub(A, D, out=A)                                          # e2
    add(B, A, out=B)
    add(C, B, out=A)                                          # th
    sub(A, C, out=C)
    sub(B, C, out=B)                                          # tl
    np.abs(A, out=D)
    if not (2.0**-40 <= D.min() and D.max() <= 2.0**400):
        return False
    # th**2 = p + pe exactly (E, F), from Dekker's halves hi, lo (C, D) of th.
    mul(A, _SPLITTER, out=C)
    sub(C, A, out=D)
    sub(C, D, out=C)
    sub(A, C, out=D)
    mul(A, A, out=E)
    mul(C, C, out=F)
    sub(F, E, out=F)
    mul(C, D, out=G)
    add(G, G, out=G)
    add(F, G, out=F)
    mul(D, D, out=G)
    add(F, G, out=F)
    # 2 th tl = q + qe exactly (G, J), with the halves of tl in H, I.
    mul(A, B, out=G)
    add(G, G, out=G)
    mul(B, _SPLITTER, out=H)
    sub(H, B, out=I)
    sub(H, I, out=H)
    sub(B, H, out=I)
    mul(C, H, out=J)
    mul(G, 0.5, out=K)
    sub(J, K, out=J)
    mul(C, I, out=K)
    add(J, K, out=J)
    mul(D, H, out=K)
    add(J, K, out=J)
    mul(D, I, out=K)
    add(J, K, out=J)
    add(J, J, out=J)
    # D = (p - 4 beta) + q + pe + qe + tl**2, the first difference exact.
    mul(beta, 4.0, out=C)
    sub(E, C, out=E)
    add(F, G, out=C)                                          # TwoSum(pe, q) -> C, F
    sub(C, F, out=D)
    sub(C, D, out=H)
    sub(F, H, out=F)
    sub(G, D, out=G)
    add(F, G, out=F)
    add(E, C, out=D)                                          # TwoSum(d0, C) -> D, E
    sub(D, E, out=G)
    sub(D, G, out=H)
    sub(E, H, out=E)
    sub(C, G, out=C)
    add(E, C, out=E)
    add(F, J, out=F)
    mul(B, B, out=G)
    add(F, G, out=F)
    add(E, F, out=E)
    add(D, E, out=C)                                          # TwoSum(D, E) -> dh C, dl E
    sub(C, D, out=G)
    sub(C, G, out=H)
    sub(D, H, out=D)
    sub(E, G, out=E)
    add(D, E, out=E)
    np.greater(C, 0.0, out=real)
    # sqrt(dh + dl) = r + (dh - r**2 + dl) / (2 r), r**2 = F + G exactly.
    np.maximum(C, 0.0, out=D)
    np.sqrt(D, out=D)
    mul(D, D, out=F)
    mul(D, _SPLITTER, out=H)
    sub(H, D, out=I)
    sub(H, I, out=H)
    sub(D, H, out=I)
    mul(H, H, out=G)
    sub(G, F, out=G)
    mul(H, I, out=J)
    add(J, J, out=J)
    add(G, J, out=G)
    mul(I, I, out=J)
    add(G, J, out=G)
    sub(C, F, out=C)
    sub(C, G, out=C)
    add(C, E, out=C)
    add(D, D, out=F)
    np.divide(C, F, out=C)                                    # NaN where D <= 0: unused
    # rho = (|th| + r + sign(th) tl + correction) / 2, with |th| + r exact.
    np.abs(A, out=F)
    add(F, D, out=G)
    sub(G, F, out=H)
    sub(G, H, out=I)
    sub(F, I, out=F)
    sub(D, H, out=D)
    add(F, D, out=F)
    mul(A, B, out=H)
    np.copysign(B, H, out=B)
    add(F, B, out=F)
    add(F, C, out=F)
    add(G, F, out=G)
    mul(G, 0.5, out=G)
    np.sqrt(beta, out=out)                                    # complex or double roots
    np.copyto(out, G, where=real)
    return True


class _Sliver:
    """Points set aside by the plain pass, refined in batches and handed to ``deliver``.

    ``deliver(values, where)`` gets the refined rho and the flat positions the
    points came from. Room for ``_BATCH + chunk`` points: the driver flushes
    between chunks once ``_BATCH`` are waiting (never in the middle of one,
    whose buffered output nditer has not yet written back).
    """

    def __init__(self, chunk, deliver):
        cap = _BATCH + chunk
        self.h, self.beta, self.values = np.empty(cap), np.empty(cap), np.empty(cap)
        self.where = np.empty(cap, dtype=np.intp)
        self.work = np.empty((11, _BATCH))
        self.real = np.empty(_BATCH, dtype=bool)
        self.deliver, self.size = deliver, 0

    def add(self, h, beta, mark, base):
        idx = mark.nonzero()[0]
        end = self.size + idx.size
        np.take(h, idx, out=self.h[self.size:end])
        np.take(beta, idx, out=self.beta[self.size:end])
        np.add(idx, base, out=self.where[self.size:end])
        self.size = end

    def flush(self):
        for lo in range(0, self.size, _BATCH):
            hi = min(lo + _BATCH, self.size)
            h, beta, values = self.h[lo:hi], self.beta[lo:hi], self.values[lo:hi]
            n = hi - lo
            if not _refine_sliver(h, beta, values, [w[:n] for w in self.work], self.real[:n]):
                values[...] = _radius_accurate(h, beta)
            self.deliver(values, self.where[lo:hi])
        self.size = 0


def _radius_range(h, beta, out, start, stop, chunk):
    """Fill flat positions ``[start, stop)`` of the C-contiguous ``out``."""
    scratch = [np.empty(chunk) for _ in range(4)]
    mark = np.empty(chunk, dtype=bool)
    flat = out.reshape(-1)

    def deliver(values, where):
        flat[where] = values

    sliver = _Sliver(chunk, deliver)
    it = np.nditer([h, beta, out], flags=["external_loop", "buffered", "ranged", "zerosize_ok"],
                   op_flags=[["readonly"], ["readonly"], ["writeonly"]],
                   order="C", buffersize=chunk)
    with np.errstate(invalid="ignore", over="ignore", divide="ignore"):
        with it:
            it.iterrange = (start, stop)
            it.reset()
            for hc, bc, oc in it:
                # Before this chunk: earlier chunks' buffers are written back by now.
                if sliver.size >= _BATCH:
                    sliver.flush()
                n = hc.shape[0]
                b = bc[0] if bc.strides[0] == 0 else bc      # a grid row: one beta
                if _radius_into(hc, b, oc, *(s[:n] for s in scratch), mark[:n]):
                    sliver.add(hc, bc, mark[:n], it.iterindex)
        sliver.flush()


def _radius_map(h, beta, out, workers=1, chunk=CHUNK):
    """``out[...] = rho(h, beta)``, broadcasting, chunk by chunk, on ``workers`` threads.

    ``out`` must be C-contiguous with the broadcast shape. NumPy releases the
    GIL inside each ufunc, so threads over disjoint ranges of chunks can run
    on separate cores.
    """
    n = out.size
    workers = max(1, min(int(workers), -(-n // chunk)))
    if workers == 1:
        _radius_range(h, beta, out, 0, n, chunk)
        return out
    from concurrent.futures import ThreadPoolExecutor

    step = -(-n // workers)
    with ThreadPoolExecutor(workers) as pool:
        jobs = [pool.submit(_radius_range, h, beta, out, lo, min(lo + step, n), chunk)
                for lo in range(0, n, step)]
        for job in jobs:
            job.result()
    return out


def default_workers():
    """Threads used when ``workers=None``: the CPUs this process may run on (at most 8).

    Examples
    --------
    >>> default_workers() >= 1
    True
    """
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, 8))


def _workers(workers):
    if workers is None:
        return default_workers()
    return _v.count(workers, "workers", minimum=1)


def _chunk(chunk):
    return _v.count(chunk, "chunk", minimum=64)


def _inputs(eta_lambda, beta):
    h = _v.real_array(eta_lambda, "eta_lambda")
    b = _v.real_array(beta, "beta")
    return _v.broadcast((h, "eta_lambda"), (b, "beta"))


def _output(out, shape):
    if out is None:
        return np.empty(shape)
    if not isinstance(out, np.ndarray):
        raise TypeError(f"out must be a NumPy array, got {type(out).__name__}")
    if out.dtype != np.float64:
        raise TypeError(f"out must have dtype float64, got {out.dtype}")
    if out.shape != shape:
        raise ValueError(f"out must have shape {shape}, got {out.shape}")
    if not (out.flags.c_contiguous and out.flags.writeable):
        raise ValueError("out must be a writeable C-contiguous array")
    return out


def radius_map(eta_lambda, beta, *, out=None, workers=None, chunk=CHUNK):
    r"""Spectral radius of broadcast ``(eta_lambda, beta)``, chunk by chunk.

    Parameters
    ----------
    eta_lambda, beta : array_like
        :math:`h = \eta\lambda` and momentum; broadcast against each other
        (``h[None, :]`` and ``beta[:, None]`` give a grid without building
        the full input arrays).
    out : ndarray, optional
        Float64, C-contiguous, of the broadcast shape (a ``numpy.memmap``
        works); a new array when omitted.
    workers : int, optional
        Threads over disjoint ranges of chunks; default :func:`default_workers`.
    chunk : int
        Points per chunk.

    Returns
    -------
    ndarray
        ``out``, holding exactly what ``spectral_radius(eta_lambda, beta)``
        returns. Memory beyond ``out``: a few chunks per thread, however
        large the map.

    Examples
    --------
    >>> h = np.linspace(0.0, 5.0, 6)
    >>> radius_map(h, 0.25, workers=1)
    array([1.        , 0.5       , 0.5       , 1.59307033, 2.65586885,
           3.68210404])
    """
    h, b = _inputs(eta_lambda, beta)
    out = _output(out, h.shape)
    if out.size:
        _radius_map(h, b, out, _workers(workers), _chunk(chunk))
    return out


def _grid_axis(values, name):
    arr = _v.real_array(values, name)
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"{name} must be a non-empty 1-D array of grid values, got shape {arr.shape}")
    return arr


def radius_grid(eta_lambda, beta, *, out=None, workers=None, chunk=CHUNK):
    """Spectral radius on the grid ``beta x eta_lambda``: rows follow ``beta``.

    The same values as ``spectral.rate_map(eta_lambda, beta).rho``, computed
    chunk by chunk into ``out`` (shape ``(len(beta), len(eta_lambda))``).

    Examples
    --------
    >>> radius_grid([1.0, 3.5], [0.0, 0.5], workers=1)
    array([[0.        , 2.5       ],
           [0.70710678, 1.70710678]])
    """
    h = _grid_axis(eta_lambda, "eta_lambda")
    b = _grid_axis(beta, "beta")
    return radius_map(h[None, :], b[:, None], out=out, workers=workers, chunk=chunk)


@dataclass(frozen=True)
class RadiusHistogram:
    """Histogram of the spectral radius over a map that was never held in memory.

    Attributes
    ----------
    counts : ndarray of int64
        Points per bin; bins are half-open ``[e_i, e_{i+1})`` except the last,
        which is closed, as in ``numpy.histogram``.
    edges : ndarray
        Bin edges (``len(counts) + 1``).
    below, above : int
        Points with rho below the first edge or above the last.
    converging : int
        Points with rho < 1 (momentum converges on them).
    """

    counts: np.ndarray
    edges: np.ndarray
    below: int
    above: int
    converging: int

    @property
    def total(self) -> int:
        """Every point of the map, in a bin or not."""
        return int(self.counts.sum()) + self.below + self.above

    @property
    def converging_fraction(self) -> float:
        """Share of the map where rho < 1."""
        return self.converging / self.total if self.total else float("nan")


def _binning(bins, range_):
    """``(edges, spec)``: ``spec`` is what ``numpy.histogram`` gets as ``bins, range``.

    Equal bins are passed as a count and a range, which takes NumPy's fast
    path (arithmetic, then a check against the same edges) instead of a
    binary search per value; the counts are the same either way.
    """
    if isinstance(bins, (int, np.integer)) and not isinstance(bins, bool):
        nbins = _v.count(bins, "bins", minimum=1)
        if range_ is None or len(range_) != 2:
            raise ValueError("range must be (low, high) when bins is a number of bins")
        lo, hi = (_v.real_scalar(x, "range") for x in range_)
        if not lo < hi:
            raise ValueError(f"range must have low < high, got ({lo}, {hi})")
        return np.linspace(lo, hi, nbins + 1), (nbins, (lo, hi))
    edges = _v.real_array(bins, "bins")
    if edges.ndim != 1 or edges.size < 2 or np.any(np.diff(edges) <= 0):
        raise ValueError("bins must be a number of bins or a 1-D increasing array of edges")
    return edges, (edges, None)


class _Tally:
    """Running counts for one thread."""

    def __init__(self, edges, spec):
        self.edges, self.spec = edges, spec
        self.counts = np.zeros(edges.size - 1, dtype=np.int64)
        self.below = self.above = self.converging = 0

    def add(self, rho):
        counts, _ = np.histogram(rho, bins=self.spec[0], range=self.spec[1])
        self.counts += counts
        self.below += int(np.count_nonzero(rho < self.edges[0]))
        self.above += int(np.count_nonzero(rho > self.edges[-1]))
        self.converging += int(np.count_nonzero(rho < 1.0))


def _stream_range(h, beta, start, stop, chunk, tally):
    """Feed rho at flat positions ``[start, stop)`` of the broadcast map to ``tally``."""
    scratch = [np.empty(chunk) for _ in range(4)]
    mark = np.empty(chunk, dtype=bool)
    values = np.empty(chunk)
    # A histogram does not care about order: sliver points join later, in
    # batches; the rest of each chunk counts at once.
    sliver = _Sliver(chunk, lambda rho, where: tally.add(rho))
    it = np.nditer([h, beta], flags=["external_loop", "buffered", "ranged", "zerosize_ok"],
                   op_flags=[["readonly"], ["readonly"]], order="C", buffersize=chunk)
    with it, np.errstate(invalid="ignore", over="ignore", divide="ignore"):
        it.iterrange = (start, stop)
        it.reset()
        for hc, bc in it:
            n = hc.shape[0]
            m, v = mark[:n], values[:n]
            b = bc[0] if bc.strides[0] == 0 else bc          # a grid row: one beta
            if not _radius_into(hc, b, v, *(s[:n] for s in scratch), m):
                tally.add(v)
                continue
            sliver.add(hc, bc, m, 0)
            tally.add(v[~m])
            if sliver.size >= _BATCH:
                sliver.flush()
        sliver.flush()


def radius_histogram(eta_lambda, beta, bins=100, range=(0.0, 2.0), *,  # noqa: A002 (numpy's name)
                     workers=None, chunk=CHUNK):
    r"""Histogram of the spectral radius over a broadcast map, streamed chunk by chunk.

    The map itself is never stored: memory is a few chunks per thread, so a
    :math:`10^8`-point map costs no more than a small one.

    Parameters
    ----------
    eta_lambda, beta : array_like
        Broadcast against each other, as in :func:`radius_map`.
    bins : int or array_like
        Number of equal bins over ``range``, or the increasing bin edges.
    range : (float, float)
        Span of the equal bins (ignored when ``bins`` gives edges).
    workers : int, optional
        Threads; default :func:`default_workers`.
    chunk : int
        Points per chunk.

    Returns
    -------
    RadiusHistogram
        ``counts`` equal ``numpy.histogram(spectral_radius(eta_lambda, beta),
        bins, range)[0]``; points outside the bins are counted in ``below``
        and ``above``, those with rho < 1 in ``converging``.

    Examples
    --------
    >>> h = np.linspace(0.0, 5.0, 1001)
    >>> b = np.linspace(0.0, 1.0, 1000, endpoint=False)
    >>> hist = radius_histogram(h, b[:, None], bins=4, range=(0.0, 2.0), workers=1)
    >>> hist.counts, hist.above, hist.total
    (array([ 74884, 524362,  67633,  83504]), 250617, 1001000)
    >>> round(hist.converging_fraction, 4)
    0.5986
    """
    h, b = _inputs(eta_lambda, beta)
    edges, spec = _binning(bins, range)
    workers, chunk = _workers(workers), _chunk(chunk)
    n = h.size
    tallies = [_Tally(edges, spec) for _ in builtins.range(max(1, min(workers, -(-n // chunk))))]
    if n:
        step = -(-n // len(tallies))
        spans = [(lo, min(lo + step, n)) for lo in builtins.range(0, n, step)]
        if len(spans) == 1:
            _stream_range(h, b, 0, n, chunk, tallies[0])
        else:
            from concurrent.futures import ThreadPoolExecutor

            with ThreadPoolExecutor(len(spans)) as pool:
                jobs = [pool.submit(_stream_range, h, b, lo, hi, chunk, tally)
                        for (lo, hi), tally in zip(spans, tallies)]
                for job in jobs:
                    job.result()
    return RadiusHistogram(counts=sum(t.counts for t in tallies), edges=edges,
                           below=sum(t.below for t in tallies),
                           above=sum(t.above for t in tallies),
                           converging=sum(t.converging for t in tallies))

