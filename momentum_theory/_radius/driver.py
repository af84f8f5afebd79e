"""The driver: any number of points, chunk by chunk, on a shared pool of threads.

A plain pass over one chunk (:func:`~momentum_theory._radius.plain.radius_into`)
marks the points it cannot vouch for; those are gathered and refined in
batches (:func:`~momentum_theory._radius.refine.refine_sliver`, or the general
:func:`~momentum_theory._radius.accurate.radius_accurate` for a batch it
declines). Chunks are spread over a persistent pool of threads: NumPy
releases the GIL inside each ufunc, so threads on disjoint chunks use
separate cores. Results go into an output array (:func:`radius_map`) or to
a running reduction that never holds the map (:func:`radius_stream`);
:func:`radius` is what ``spectral_radius`` calls, whatever the size.
Everything here trusts its caller (checked float64 arrays, ``out``
C-contiguous).
"""
from __future__ import annotations

import math
import os
import threading

import numpy as np

from momentum_theory._radius.accurate import radius_accurate, radius_point_accurate
from momentum_theory._radius.plain import radius_into, radius_point
from momentum_theory._radius.refine import WORK_ROWS, refine_sliver

#: Points per chunk of the plain pass. Larger than an L2-sized chunk on
#: purpose: each ufunc call holds the GIL for about a microsecond, and with
#: two threads short calls make them queue for it (16384-point chunks gave
#: 1.3x on 2 cores, 65536 gave 1.7x). The chunk's 7 rows (3.5 MiB) stream
#: from L3 about as fast as from L2 on the machines measured.
CHUNK = 65536

#: :func:`radius` computes inputs up to this many points in one piece, on
#: the calling thread; larger ones go through the chunked, threaded driver.
ONE_PIECE = 16384

# Up to this many points set aside by the plain pass of a one-piece call
# are refined one by one on Python floats (radius_point_accurate), beyond it
# in one batch (radius_accurate): the crossover of ~5 us a point against the
# batch's ~100 us of fixed cost, measured for 100-point calls.
FEW = 16

# Sliver points are gathered and refined up to this many at a time: the
# refinement costs ~110 ufunc calls whatever its size, and with two threads
# short calls also wait for the GIL, so a thread's whole share of a 1e6-point
# map (about 8000 points) goes in one batch. Its 11 work rows take 1.4 MiB.
BATCH = 16384


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


def radius(h, beta):
    """``(rho, finite)`` for float64 arrays ``h`` and ``beta`` of one shape (0-d included).

    ``finite`` is False if any rho is NaN or infinite: only then need the
    caller look for non-finite input.
    """
    if h.ndim == 0:
        rho = radius_point(float(h), float(beta))
        return np.float64(rho), math.isfinite(rho)
    rho = np.empty(h.shape)
    if rho.size > ONE_PIECE:
        # The driver splits into whole chunks, so a map of one chunk stays on
        # this thread; from two chunks on the second core pays (the pool's
        # threads are already running).
        return rho, radius_map(h, beta, rho, default_workers())
    flat_h, flat_b, flat = h.ravel(), beta.ravel(), rho.reshape(-1)
    mark = np.empty(flat.size, dtype=bool)
    with np.errstate(invalid="ignore", over="ignore", divide="ignore"):
        if radius_into(flat_h, flat_b, flat, *(np.empty(flat.size) for _ in range(4)), mark):
            where = mark.nonzero()[0]
            if where.size <= FEW:
                # The batched kernel costs ~100 us whatever its size; its
                # scalar twin (the same bits) ~5 us a point.
                for i in where.tolist():
                    flat[i] = radius_point_accurate(float(flat_h[i]), float(flat_b[i]))
            else:
                flat[where] = radius_accurate(flat_h[where], flat_b[where])
    return rho, rho.size == 0 or bool(np.isfinite(rho.max()))


class Workspace:
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
        self.h, self.beta, self.rho = np.empty(BATCH), np.empty(BATCH), np.empty(BATCH)
        self.where = np.empty(BATCH, dtype=np.intp)
        self.work = np.empty((WORK_ROWS, BATCH))
        self.real = np.empty(BATCH, dtype=bool)
        self.busy = False


_LOCAL = threading.local()


class borrowed_workspace:
    """``with borrowed_workspace(chunk) as ws``: this thread's cached workspace, or a fresh one.

    A fresh one is made when the cached one is in use (a re-entrant call,
    say from a histogram callback) or was made for another chunk size.
    """

    def __init__(self, chunk):
        cached = getattr(_LOCAL, "ws", None)
        if cached is not None and not cached.busy and cached.chunk == chunk:
            self.ws = cached
        else:
            self.ws = Workspace(chunk)
            if cached is None or not cached.busy:
                _LOCAL.ws = self.ws

    def __enter__(self):
        self.ws.busy = True
        return self.ws

    def __exit__(self, *exc):
        self.ws.busy = False


def _refine_batch(h, beta, rho, ws):
    n = h.size
    if not refine_sliver(h, beta, rho, [w[:n] for w in ws.work], ws.real[:n]):
        rho[...] = radius_accurate(h, beta)


class Sliver:
    """Points set aside by the plain pass, refined in batches of up to ``BATCH`` and handed on.

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
            for lo in range(0, idx.size, BATCH):
                part = idx[lo:lo + BATCH]
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

    with borrowed_workspace(chunk) as ws, \
            np.errstate(invalid="ignore", over="ignore", divide="ignore"):
        oc = None

        def now(values, idx):
            oc[idx] = values

        sliver = Sliver(ws, deliver, now)
        for start, stop in spans:
            with chunks([h, beta, out], start, stop, chunk, writes=(2,)) as it:
                for hc, bc, oc in it:
                    n = hc.shape[0]
                    b = bc[0] if bc.strides[0] == 0 else bc      # a grid row: one beta
                    if radius_into(hc, b, oc, *ws.rows[:, :n], ws.mark[:n]):
                        sliver.add(hc, bc, ws.mark[:n], it.iterindex)
        sliver.flush()
    return sliver.finite


def _stream_spans(h, beta, spans, chunk, tally):
    """Feed rho at the flat positions of each span taken from ``spans`` to ``tally.add``."""
    # A reduction does not care about order: sliver points join later, in
    # batches; the rest of each chunk counts at once.
    def deliver(rho, where):
        tally.add(rho)

    with borrowed_workspace(chunk) as ws, \
            np.errstate(invalid="ignore", over="ignore", divide="ignore"):
        sliver = Sliver(ws, deliver, deliver)
        for start, stop in spans:
            with chunks([h, beta], start, stop, chunk) as it:
                for hc, bc in it:
                    n = hc.shape[0]
                    m, v = ws.mark[:n], ws.values[:n]
                    b = bc[0] if bc.strides[0] == 0 else bc      # a grid row: one beta
                    if not radius_into(hc, b, v, *ws.rows[:, :n], m):
                        tally.add(v)
                        continue
                    sliver.add(hc, bc, m, 0)
                    tally.add(v[~m])
        sliver.flush()
    return tally


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


def split_spans(n, chunk, workers):
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


def radius_map(h, beta, out, workers=1, chunk=CHUNK):
    """``out[...] = rho(h, beta)``, broadcasting, chunk by chunk, on ``workers`` threads.

    ``out`` must be C-contiguous with the broadcast shape. Returns True if
    every value is finite.
    """
    spans = split_spans(out.size, chunk, workers)
    return all(run_spans(lambda todo: _radius_spans(h, beta, out, todo, chunk), spans, workers))


def radius_stream(h, beta, new_tally, workers=1, chunk=CHUNK):
    """rho of ``(h, beta)`` (one shape) fed to running reductions; returns them, one per thread.

    ``new_tally()`` makes a thread's reduction, whose ``add(rho)`` gets the
    values of some points in no particular order, every point exactly once
    over all threads. The map is never held: memory is a few chunks per thread.
    """
    if h.size == 0:
        return []

    def task(todo):
        return _stream_spans(h, beta, todo, chunk, new_tally())

    return run_spans(task, split_spans(h.size, chunk, workers), workers)
