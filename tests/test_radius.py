"""The variants of the accurate spectral radius (``momentum_theory._radius``) pinned to each other.

Each variant must give the same bits for a point as its twin: the scalar
plain pass as the vectorised one, the scalar slow path as the vectorised
one, the batch refinement kernel as the general slow path. Accuracy against
mpmath is in test_accuracy.py; the chunked, threaded driver against the
scalar path in test_ratemaps.py.
"""
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from momentum_theory import _radius


def _points(rng, n):
    """Ordinary points, critical-damping neighbours, both edges, extremes, beta outside [-1, 1]."""
    beta = rng.uniform(-1.0, 1.0, n)
    h = rng.uniform(-0.5, 5.0, n)
    k = n // 6
    b = np.abs(beta[:k])
    h[:k] = (1 + np.where(rng.random(k) < 0.5, -1, 1) * np.sqrt(b)) ** 2 * (1 + rng.integers(-4, 5, k) * 2.0**-52)
    beta[:k] = b
    h[k:2 * k] = rng.choice([0.0, 1e-17, -1e-17], k)                   # rho next to 1 at h = 0
    h[2 * k:3 * k] = 2 + 2 * beta[2 * k:3 * k]                         # ... and at the upper edge
    beta[3 * k:3 * k + 10] = rng.uniform(1.0, 3.0, 10)
    h[3 * k + 10:3 * k + 20] = rng.choice([1e200, -1e300, 1e308, 5e-324], 10)
    beta[3 * k + 20:3 * k + 25] = -1e308
    return h, beta


def _hard():
    rng = np.random.default_rng(2024)
    return _points(rng, 6000)


def test_scalar_plain_pass_equals_the_array_path_bit_for_bit():
    h, beta = _hard()
    rho, _ = _radius.radius(h, beta)
    one_by_one = np.array([_radius.radius_point(a, b) for a, b in zip(h.tolist(), beta.tolist())])
    np.testing.assert_array_equal(one_by_one, rho)


def test_scalar_slow_path_equals_the_vectorised_one_bit_for_bit():
    h, beta = _hard()
    with np.errstate(all="ignore"):
        vectorised = _radius.radius_accurate(h, beta)
    scalar = np.array([_radius.radius_point_accurate(a, b) for a, b in zip(h.tolist(), beta.tolist())])
    np.testing.assert_array_equal(scalar, vectorised)


def test_both_plain_passes_send_the_same_points_to_refinement():
    # radius_point refines where radius_into marks: a marked point gets the
    # slow path's value, an unmarked one the plain pass's, from both twins.
    h, beta = _hard()
    out, mark = np.empty(h.size), np.empty(h.size, dtype=bool)
    with np.errstate(all="ignore"):
        _radius.radius_into(h, beta, out, *np.empty((4, h.size)), mark)
        slow = _radius.radius_accurate(h, beta)
    assert mark.any() and not mark.all()
    point = np.array([_radius.radius_point(a, b) for a, b in zip(h.tolist(), beta.tolist())])
    np.testing.assert_array_equal(point[~mark], out[~mark])
    np.testing.assert_array_equal(point[mark], slow[mark])


def test_refinement_kernel_equals_the_slow_path_on_the_points_it_refines():
    h, beta = _hard()
    out, mark = np.empty(h.size), np.empty(h.size, dtype=bool)
    with np.errstate(all="ignore"):
        _radius.radius_into(h, beta, out, *np.empty((4, h.size)), mark)
        # Only batches the kernel accepts: |beta| <= 1 and |T| within range.
        keep = mark & (np.abs(beta) <= 1) & (np.abs(h) < 1e100)
        hm, bm = h[keep], beta[keep]
        fast = np.empty(hm.size)
        accepted = _radius.refine_sliver(hm, bm, fast, list(np.empty((11, hm.size))),
                                         np.empty(hm.size, dtype=bool))
        slow = _radius.radius_accurate(hm, bm)
    assert accepted and hm.size > 500
    np.testing.assert_array_equal(fast, slow)


def test_refinement_kernel_declines_what_it_cannot_do_alike():
    with np.errstate(all="ignore"):
        for h, beta in (([0.25, 0.5], [0.25, 1.5]), ([0.25, 1e300], [0.25, 0.5])):
            h, beta = np.array(h), np.array(beta)
            out = np.full(2, -1.0)
            assert not _radius.refine_sliver(h, beta, out, list(np.empty((11, 2))), np.empty(2, bool))


@pytest.mark.parametrize("chunk", [64, 1000, _radius.CHUNK])
@pytest.mark.parametrize("workers", [1, 2])
def test_map_driver_and_stream_driver_equal_one_piece(chunk, workers):
    h, beta = _hard()
    rho, _ = _radius.radius(h, beta)
    out = np.empty(h.size)
    _radius.radius_map(h, beta, out, workers, chunk)
    np.testing.assert_array_equal(out, rho)

    class Collect:
        def __init__(self):
            self.values = []

        def add(self, values):
            self.values.append(values.copy())

    tallies = _radius.radius_stream(h, beta, Collect, workers, chunk)
    streamed = np.concatenate([v for t in tallies for v in t.values])
    np.testing.assert_array_equal(np.sort(streamed), np.sort(rho))


def test_finite_flag_reports_nan_and_inf():
    for h in (np.array([1.0, np.nan]), np.full(3 * _radius.ONE_PIECE, np.inf), np.array(np.nan)):
        _, finite = _radius.radius(h, np.zeros_like(h))
        assert not finite
    _, finite = _radius.radius(np.linspace(0, 5, 3 * _radius.ONE_PIECE), np.full(3 * _radius.ONE_PIECE, 0.5))
    assert finite


@given(st.floats(-1.0, 1.0), st.floats(-1.0, 6.0), st.integers(-8, 8))
def test_scalar_and_array_paths_agree_near_the_curves(beta, h, ulps):
    # Points nudged by a few ulp around arbitrary ones and around the curves.
    for x in (h, (1 + abs(beta) ** 0.5) ** 2, (1 - abs(beta) ** 0.5) ** 2, 2 + 2 * beta):
        x = x + ulps * np.spacing(x)
        b = abs(beta) if x != h else beta
        rho, _ = _radius.radius(np.array([x]), np.array([b]))
        assert _radius.radius_point(float(x), float(b)) == rho[0]
