"""The fast kernel behind ``spectral_radius`` and the maps of :mod:`momentum_theory.ratemaps`.

A plain pass of in-place ufuncs over one chunk gives rho within 2 ulp
except on a thin sliver near critical damping (and next to rho = 1); those
points are gathered and recomputed in double-double arithmetic, in batches.
Chunks are spread over a persistent pool of threads: NumPy releases the GIL
inside each ufunc, so threads on disjoint chunks use separate cores.
Everything here trusts its caller (checked arrays, ``out`` C-contiguous);
the public entry points are in :mod:`momentum_theory.spectral` and
:mod:`momentum_theory.ratemaps`.
"""
from __future__ import annotations

import os
import threading

import numpy as np

from momentum_theory._eft import SPLITTER  # Dekker's splitter, 2**27 + 1
from momentum_theory.spectral import _NEAR_ONE, _SLIVER_HALF, _SLIVER_MID, _UNSURE, _radius_accurate

#: Points per chunk of the plain pass. Larger than an L2-sized chunk on
#: purpose: each ufunc call holds the GIL for about a microsecond, and with
#: two threads short calls make them queue for it (16384-point chunks gave
#: 1.3x on 2 cores, 65536 gave 1.7x). The chunk's 7 rows (3.5 MiB) stream
#: from L3 about as fast as from L2 on the machines measured.
CHUNK = 65536

_ONE_LOW = np.float64(1.0 - _NEAR_ONE).view(np.uint64) + np.uint64(1)
_ONE_WIDTH = np.float64(1.0 + _NEAR_ONE).view(np.uint64) - _ONE_LOW


def _radius_into(h, beta, out, a, b, c, d, m):
    """Plain-pass spectral radius of one chunk into ``out``; True if ``m`` marks points to refine.

    ``h``, ``out``, the scratch ``a, b, c, d`` and the boolean ``m`` are 1-D
    arrays of one length; ``beta`` is one too, or a float for a chunk of
    constant beta (a grid row), which saves a square root per point.
    In-place ufuncs only, under ``np.errstate(invalid="ignore",
    over="ignore", divide="ignore")`` set by the caller, who sends the points
    marked in ``m`` (the thin sliver near critical damping, and rho within
    ``_NEAR_ONE`` of 1) to :func:`_refine_sliver`. T is carried as ``T + Tl``
    (exact but for the rounding of the tiny ``e1 + e2``); the pass works with
    ``U = T / 2`` and ``V = D / 4 = U**2 - beta + U Tl``. The decisions are
    those of :func:`momentum_theory.spectral._radius_point`, op for op.
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
    # (-_MARGIN, _SLIVER): one division instead of two scalings.
    np.divide(d, c, out=b)
    np.subtract(b, _SLIVER_MID, out=b)
    np.abs(b, out=b)
    np.greater_equal(b, _SLIVER_HALF, out=m)  # False in the sliver and where NaN
    if not in_range:                          # and False where |beta| > 1 (or NaN)
        np.logical_and(m, np.abs(beta) <= 1.0, out=m)
    np.sqrt(d, out=d)                        # NaN where V < 0 ...
    np.abs(a, out=a)
    np.add(a, d, out=a)
    root = np.sqrt(beta) if row else np.sqrt(beta, out=out)   # ... and where beta < 0
    np.fmax(a, root, out=out)                # complex roots: |U| + NaN loses to sqrt(beta)
    # rho = 1 exactly at h = 0 and h = 2 + 2 beta, the edges of convergence:
    # refine there too, so that rho < 1 is decided by the exact value. The
    # test |rho - 1| < _NEAR_ONE, in two passes: non-negative doubles sort
    # like their bit patterns, and unsigned wrap-around folds both sides.
    bits = a.view(np.uint64)
    np.subtract(out.view(np.uint64), _ONE_LOW, out=bits)
    near = c.view(bool)[: m.size]
    np.less(bits, _ONE_WIDTH, out=near)
    np.less_equal(m, near, out=m)            # refine = not fine, or near 1
    return bool(m.any())


# Sliver points are gathered and refined up to this many at a time: the
# refinement costs ~110 ufunc calls whatever its size, and with two threads
# short calls also wait for the GIL, so a thread's whole share of a 1e6-point
# map (about 8000 points) goes in one batch. Its 11 work rows take 1.4 MiB.
_BATCH = 16384


def _refine_sliver(h, beta, out, work, real):
    """rho of sliver points into ``out``, in place; False (nothing written) if they do not qualify.

    The arithmetic of :func:`momentum_theory.spectral._radius_accurate`,
    written with ``out=`` into the 11 rows of ``work`` (and the boolean
    ``real``) so that a batch costs ~100 passes over cached memory and no
    allocation. Batches with any ``|beta| > 1`` or any ``|T|`` outside
    ``[2**-40, 2**400]`` (overflow, or a T so small that the Fast2Sums
    below could fail) are declined: they go to the general slow path, which
    gives the same bits where both apply, so a point's value does not
    depend on the batch it lands in.
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
    mul(A, SPLITTER, out=C)
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
    mul(B, SPLITTER, out=H)
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
    # D = (p - 4 beta) + q + pe + qe + tl**2, each sum a TwoSum. (Sterbenz
    # makes p - 4 beta exact in the sliver, but not at points sent here for
    # rho near 1: its error d0e keeps their bits those of the slow path.)
    mul(beta, 4.0, out=C)
    sub(E, C, out=D)                                          # TwoSum(p, -4 beta) -> D, K
    sub(D, E, out=H)
    sub(D, H, out=I)
    sub(E, I, out=I)
    add(C, H, out=C)
    sub(I, C, out=K)
    add(F, G, out=C)                                          # TwoSum(pe, q) -> C, F
    sub(C, F, out=H)
    sub(C, H, out=I)
    sub(F, I, out=F)
    sub(G, H, out=G)
    add(F, G, out=F)
    add(D, C, out=E)                                          # TwoSum(d0, C) -> E, D
    sub(E, D, out=G)
    sub(E, G, out=H)
    sub(D, H, out=D)
    sub(C, G, out=C)
    add(D, C, out=D)
    add(F, J, out=F)
    mul(B, B, out=G)
    add(F, G, out=F)
    add(F, K, out=F)
    add(D, F, out=D)
    add(E, D, out=C)                                          # TwoSum(E, D) -> dh C, dl E
    sub(C, E, out=G)
    sub(C, G, out=H)
    sub(E, H, out=E)
    sub(D, G, out=D)
    add(E, D, out=E)
    # |D| so small that only exact rationals give its sign (see
    # spectral._accurate_parts): rare, so the whole batch takes the slow path.
    mul(A, A, out=F)
    np.abs(C, out=G)
    mul(F, _UNSURE, out=F)
    if np.any(np.less_equal(G, F, out=real)):
        return False
    np.greater(C, 0.0, out=real)
    # sqrt(dh + dl) = r + (dh - r**2 + dl) / (2 r), r**2 = F + G exactly.
    np.maximum(C, 0.0, out=D)
    np.sqrt(D, out=D)
    mul(D, D, out=F)
    mul(D, SPLITTER, out=H)
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


class _Workspace:
    """One thread's scratch for one chunk size, kept between calls.

    Fresh scratch would cost a page fault per 4 KiB on every call (about
    8 % of a 1e6-point map); this is about 4.5 MiB per thread at the
    default chunk, allocated once per thread that computes maps.
    """

    def __init__(self, chunk):
        self.chunk = chunk
        self.rows = np.empty((4, chunk))                      # the plain pass's a, b, c, d
        self.mark = np.empty(chunk, dtype=bool)
        self.values = np.empty(chunk)                         # a chunk's rho, when streamed
        self.h, self.beta, self.rho = np.empty(_BATCH), np.empty(_BATCH), np.empty(_BATCH)
        self.where = np.empty(_BATCH, dtype=np.intp)
        self.work = np.empty((11, _BATCH))
        self.real = np.empty(_BATCH, dtype=bool)
        self.busy = False


_LOCAL = threading.local()


class _borrowed_workspace:
    """``with _borrowed_workspace(chunk) as ws``: this thread's cached workspace, or a fresh one.

    A fresh one is made when the cached one is in use (a re-entrant call,
    say from a histogram callback) or was made for another chunk size.
    """

    def __init__(self, chunk):
        cached = getattr(_LOCAL, "ws", None)
        if cached is not None and not cached.busy and cached.chunk == chunk:
            self.ws = cached
        else:
            self.ws = _Workspace(chunk)
            if cached is None or not cached.busy:
                _LOCAL.ws = self.ws

    def __enter__(self):
        self.ws.busy = True
        return self.ws

    def __exit__(self, *exc):
        self.ws.busy = False


def _refine_batch(h, beta, rho, ws):
    n = h.size
    if not _refine_sliver(h, beta, rho, [w[:n] for w in ws.work], ws.real[:n]):
        rho[...] = _radius_accurate(h, beta)


class _Sliver:
    """Points set aside by the plain pass, refined in batches of up to ``_BATCH`` and handed on.

    The batch is refined when the next chunk's points would not fit, and at
    the end. ``deliver(values, where)`` gets refined rho and the flat
    positions the points came from, all of chunks already finished. A chunk
    that marks more points than a whole batch has them refined at once and
    handed to ``now(values, idx)`` with positions inside the chunk: its
    output may be an nditer buffer not yet written back.
    """

    def __init__(self, ws, deliver, now):
        self.ws, self.deliver, self.now, self.size = ws, deliver, now, 0
        # Only refined points can be NaN or inf (the plain pass marks every
        # point whose V is not finite): tracking them here spares the caller
        # a pass over the whole map to look for non-finite input.
        self.finite = True

    def add(self, h, beta, mark, base):
        ws = self.ws
        idx = mark.nonzero()[0]
        if self.size + idx.size > ws.h.size:
            self.flush()
        if idx.size > ws.h.size:
            for lo in range(0, idx.size, _BATCH):
                part = idx[lo:lo + _BATCH]
                rho = ws.rho[: part.size]
                _refine_batch(h[part], beta[part], rho, ws)
                self.finite = self.finite and bool(np.isfinite(rho.max()))
                self.now(rho, part)
            return
        end = self.size + idx.size
        np.take(h, idx, out=ws.h[self.size:end])
        np.take(beta, idx, out=ws.beta[self.size:end])
        np.add(idx, base, out=ws.where[self.size:end])
        self.size = end

    def flush(self):
        ws, n = self.ws, self.size
        if n:
            _refine_batch(ws.h[:n], ws.beta[:n], ws.rho[:n], ws)
            self.finite = self.finite and bool(np.isfinite(ws.rho[:n].max()))
            self.deliver(ws.rho[:n], ws.where[:n])
        self.size = 0


def chunks(operands, start, stop, chunk, writes=()):
    """The chunked nditer over flat positions ``[start, stop)`` (a context manager).

    ``writes`` lists the indices of operands that are written.
    """
    flags = [["writeonly"] if i in writes else ["readonly"] for i in range(len(operands))]
    it = np.nditer(operands, flags=["external_loop", "buffered", "ranged", "zerosize_ok"],
                   op_flags=flags, order="C", buffersize=chunk)
    it.iterrange = (start, stop)
    it.reset()
    return it


def _radius_spans(h, beta, out, spans, chunk):
    """Fill the flat positions of each ``(start, stop)`` taken from ``spans`` in ``out``.

    Returns False if any value written is NaN or infinite.
    """
    flat = out.reshape(-1)

    def deliver(values, where):
        flat[where] = values

    with _borrowed_workspace(chunk) as ws, \
            np.errstate(invalid="ignore", over="ignore", divide="ignore"):
        oc = None

        def now(values, idx):
            oc[idx] = values

        sliver = _Sliver(ws, deliver, now)
        for start, stop in spans:
            with chunks([h, beta, out], start, stop, chunk, writes=(2,)) as it:
                for hc, bc, oc in it:
                    n = hc.shape[0]
                    b = bc[0] if bc.strides[0] == 0 else bc      # a grid row: one beta
                    if _radius_into(hc, b, oc, *ws.rows[:, :n], ws.mark[:n]):
                        sliver.add(hc, bc, ws.mark[:n], it.iterindex)
        sliver.flush()
    return sliver.finite


# --------------------------------------------------------------------------
# Threads: one pool for the process, made on first use and kept, so that a
# map pays no thread start-up (about 0.1 ms) per call.
# --------------------------------------------------------------------------

_POOL = None
_POOL_KEY = None
_POOL_LOCK = threading.Lock()


def _pool(workers):
    """A shared executor with at least ``workers`` threads (remade after a fork)."""
    global _POOL, _POOL_KEY
    # Imported here: concurrent.futures would add ~10 ms to `import momentum_theory`.
    from concurrent.futures import ThreadPoolExecutor

    with _POOL_LOCK:
        pid = os.getpid()
        # A forked child inherits the pool object but not its threads.
        if _POOL is None or _POOL_KEY[0] != pid or _POOL_KEY[1] < workers:
            # A smaller pool is left to finish what it was given (another
            # caller may still be submitting to it); its threads end with it.
            _POOL = ThreadPoolExecutor(workers, thread_name_prefix="momentum_theory")
            _POOL_KEY = (pid, workers)
        return _POOL


def split(n, chunk, workers):
    """``[(start, stop), ...]`` covering ``range(n)``: whole chunks, a few spans per worker.

    More spans than workers lets a thread that finishes early take more
    work (the sliver's share of a grid varies from row to row).
    """
    chunks_total = -(-n // chunk)
    parts = min(chunks_total, 4 * workers) if workers > 1 else 1
    per = -(-chunks_total // parts) * chunk
    return [(lo, min(lo + per, n)) for lo in range(0, n, per)]


def run_spans(task, spans, workers):
    """``task(span_iterator)`` on ``workers`` threads that share ``spans``; their results.

    Each thread pulls the next span when done with one (``next`` on a list
    iterator is atomic under the GIL). The calling thread is one of them.
    """
    workers = max(1, min(workers, len(spans)))
    todo = iter(spans)
    if workers == 1:
        return [task(todo)]
    jobs = [_pool(workers - 1).submit(task, todo) for _ in range(workers - 1)]
    mine = task(todo)
    return [mine] + [job.result() for job in jobs]


def _radius_map(h, beta, out, workers=1, chunk=CHUNK):
    """``out[...] = rho(h, beta)``, broadcasting, chunk by chunk, on ``workers`` threads.

    ``out`` must be C-contiguous with the broadcast shape. Returns True if
    every value is finite.
    """
    spans = split(out.size, chunk, workers)
    return all(run_spans(lambda todo: _radius_spans(h, beta, out, todo, chunk), spans, workers))
