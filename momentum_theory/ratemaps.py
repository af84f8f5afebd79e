r"""Large maps of the spectral radius: chunked, in place, threaded, or streamed.

:func:`momentum_theory.spectral.spectral_radius` is exact to a few ulp and
vectorised, but a map of :math:`10^8` points held in memory at once, with
the temporaries a NumPy expression makes, would need many gigabytes. Here
the map is computed chunk by chunk (a chunk's inputs, output and scratch stay
in the CPU caches), with in-place ufuncs, optionally on several threads of a
shared pool (NumPy releases the GIL inside ufuncs), either into one output array
(:func:`radius_map`, :func:`radius_grid`; the output may be a
``numpy.memmap``) or into a running reduction that never holds the map
(:func:`radius_histogram`). The values are the same, bit for bit, as those
of :func:`~momentum_theory.spectral.spectral_radius`: both call the kernels
of the private package ``momentum_theory._radius``, whose docstring lists
the variants and the tests that pin them to each other.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from momentum_theory import _radius, _validation as _v
from momentum_theory._radius import CHUNK, default_workers

__all__ = [
    "default_workers",
    "radius_map",
    "radius_grid",
    "RadiusHistogram",
    "radius_histogram",
]


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
        _v.result_size(shape, 8, "eta_lambda", "beta", what="a map (pass out=, e.g. a numpy.memmap)")
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
        _radius.radius_map(h, b, out, _workers(workers), _chunk(chunk))
    return out


def radius_grid(eta_lambda, beta, *, out=None, workers=None, chunk=CHUNK):
    """Spectral radius on the grid ``beta x eta_lambda``: rows follow ``beta``.

    The same values as ``spectral.rate_map(eta_lambda, beta).rho``, computed
    chunk by chunk into ``out`` (shape ``(len(beta), len(eta_lambda))``).

    Parameters
    ----------
    eta_lambda, beta : array_like, 1-D
        Grid axes, non-empty and finite.
    out : ndarray, optional
        Float64, C-contiguous, shape ``(len(beta), len(eta_lambda))`` (a
        ``numpy.memmap`` works); a new array when omitted.
    workers : int, optional
        Threads; default :func:`default_workers`.
    chunk : int
        Points per chunk.

    Returns
    -------
    ndarray
        ``out``.

    Examples
    --------
    >>> radius_grid([1.0, 3.5], [0.0, 0.5], workers=1)
    array([[0.        , 2.5       ],
           [0.70710678, 1.70710678]])
    """
    h = _v.grid_axis(eta_lambda, "eta_lambda")
    b = _v.grid_axis(beta, "beta")
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
    >>> hist.counts.tolist(), hist.above, hist.total
    ([74884, 524362, 67633, 83504], 250617, 1001000)
    >>> round(hist.converging_fraction, 4)
    0.5986
    """
    h, b = _inputs(eta_lambda, beta)
    edges, spec = _binning(bins, range)
    workers, chunk = _workers(workers), _chunk(chunk)
    tallies = _radius.radius_stream(h, b, lambda: _Tally(edges, spec), workers, chunk)
    return RadiusHistogram(counts=sum((t.counts for t in tallies), np.zeros(edges.size - 1, np.int64)),
                           edges=edges,
                           below=sum(t.below for t in tallies),
                           above=sum(t.above for t in tallies),
                           converging=sum(t.converging for t in tallies))
