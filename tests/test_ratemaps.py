"""Chunked, threaded and streamed spectral-radius maps against the plain call."""
import tracemalloc

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from momentum_theory import ratemaps as rm
from momentum_theory import spectral as sp
from momentum_theory._radius import ONE_PIECE


def _hard_points(rng, n):
    """Random points, a third of them on or next to a critical-damping curve."""
    beta = rng.uniform(-1.0, 1.0, n)
    h = rng.uniform(-0.5, 5.0, n)
    k = n // 3
    b = np.abs(beta[:k])
    h[:k] = (1 + np.where(rng.random(k) < 0.5, -1, 1) * np.sqrt(b)) ** 2
    h[:k] = h[:k] * (1 + rng.integers(-4, 5, k) * 2.0**-52)
    beta[:k] = b
    return h, beta


def _one_by_one(h, beta):
    """The unchunked reference: every point on its own (the scalar path)."""
    return np.array([sp.spectral_radius(a, b) for a, b in zip(h.ravel(), beta.ravel())])


def test_chunked_map_equals_point_by_point():
    rng = np.random.default_rng(7)
    h, beta = _hard_points(rng, 3000)
    expected = _one_by_one(h, beta)
    for workers in (1, 3):
        for chunk in (64, 999, 5000):
            got = rm.radius_map(h, beta, workers=workers, chunk=chunk)
            np.testing.assert_array_equal(got, expected)


def test_large_map_equals_small_calls_and_handles_odd_chunks():
    # More than one chunk through spectral_radius itself, with every kind of
    # point: sliver, |beta| > 1 (slow path for its chunk) and huge values.
    # A point's value must not depend on its neighbours (the chunk it lands in).
    rng = np.random.default_rng(8)
    h, beta = _hard_points(rng, 3 * ONE_PIECE + 17)
    beta[5000:5100] = rng.uniform(1.0, 3.0, 100)
    h[40000:40010] = 1e200
    expected = _one_by_one(h, beta)
    np.testing.assert_array_equal(sp.spectral_radius(h, beta), expected)
    np.testing.assert_array_equal(np.concatenate([sp.spectral_radius(h[i:i + 1000], beta[i:i + 1000])
                                                  for i in range(0, h.size, 1000)]), expected)
    np.testing.assert_array_equal(rm.radius_map(h, beta, workers=2, chunk=4096), expected)
    assert np.all(np.isfinite(expected))


def test_near_one_points_do_not_depend_on_their_batch():
    # rho within 2**-50 of 1 with beta < 0 (h tiny): refined, though not in
    # the critical-damping sliver, so T**2 - 4 beta is not exact there. They
    # must come out as the slow path gives them whether their batch goes
    # through the fast refinement (all ordinary points) or is declined (a
    # |beta| > 1 point joins it); the slow path is itself checked against
    # mpmath in test_accuracy.py.
    rng = np.random.default_rng(11)
    beta = -rng.uniform(0.05, 0.999, 400)
    h = rng.uniform(1e-17, 2e-15, 400)
    expected = _one_by_one(h, beta)
    assert np.any(np.abs(expected - 1.0) > 0)          # not all exactly 1
    np.testing.assert_array_equal(rm.radius_map(h, beta, workers=1), expected)
    mixed_h = np.concatenate([h, [0.5]])
    mixed_beta = np.concatenate([beta, [1.5]])
    np.testing.assert_array_equal(rm.radius_map(mixed_h, mixed_beta, workers=1)[:-1], expected)
    # The fast refinement on its own, batch by batch, gives the slow path's bits.
    from momentum_theory import _radius

    got = np.empty(h.size)
    with np.errstate(invalid="ignore"):
        assert _radius.refine_sliver(h, beta, got, list(np.empty((11, h.size))), np.empty(h.size, bool))
    np.testing.assert_array_equal(got, _radius.radius_accurate(h, beta))


@given(hnp.array_shapes(min_dims=0, max_dims=3, max_side=7), st.integers(64, 300),
       st.integers(1, 3), st.integers(0, 2**32 - 1))
def test_broadcast_shapes_equal_spectral_radius(shape, chunk, workers, seed):
    rng = np.random.default_rng(seed)
    h = rng.uniform(0.0, 5.0, shape)
    beta = rng.uniform(-1.2, 1.2, shape[-1:] if shape else ())
    got = rm.radius_map(h, beta, workers=workers, chunk=chunk)
    assert got.shape == np.broadcast_shapes(np.shape(h), np.shape(beta))
    np.testing.assert_array_equal(got, _one_by_one(*np.broadcast_arrays(h, beta)).reshape(got.shape))


def test_grid_equals_rate_map_and_fills_given_output(tmp_path):
    h = np.linspace(0.0, 5.0, 301)
    beta = np.linspace(0.0, 1.0, 200, endpoint=False)
    expected = sp.rate_map(h, beta).rho
    # Grid rows take the constant-beta branch of the plain pass; full copies of
    # the broadcast inputs take the general one.
    full = [np.ascontiguousarray(a) for a in np.broadcast_arrays(h[None, :], beta[:, None])]
    np.testing.assert_array_equal(expected, rm.radius_map(*full, chunk=700))
    np.testing.assert_array_equal(rm.radius_grid(h, beta, workers=2, chunk=1000), expected)
    out = np.full((200, 301), np.nan)
    assert rm.radius_grid(h, beta, out=out, workers=1) is out
    np.testing.assert_array_equal(out, expected)
    mapped = np.lib.format.open_memmap(tmp_path / "rho.npy", mode="w+", shape=(200, 301))
    rm.radius_grid(h, beta, out=mapped, chunk=512)
    mapped.flush()
    np.testing.assert_array_equal(np.load(tmp_path / "rho.npy"), expected)


def test_grid_rows_outside_the_theory_range_equal_point_by_point():
    # A grid row of constant beta with |beta| > 1 is sent whole to the slow
    # path (more points than one refinement batch when chunk is large).
    h = np.linspace(-1.0, 6.0, 3001)
    beta = np.array([-1.5, -0.3, 0.99, 1.0, 1.7, 40.0])
    expected = _one_by_one(*np.broadcast_arrays(h[None, :], beta[:, None])).reshape(beta.size, h.size)
    np.testing.assert_array_equal(rm.radius_grid(h, beta, chunk=1000, workers=2), expected)
    hist = rm.radius_histogram(h, beta[:, None], bins=10, range=(0.0, 3.0), chunk=500, workers=2)
    np.testing.assert_array_equal(hist.counts, np.histogram(expected, bins=10, range=(0.0, 3.0))[0])
    # A chunk marking more points than a batch holds is refined on the spot.
    h = np.linspace(0.0, 5.0, 20000)
    expected = _one_by_one(*np.broadcast_arrays(h[None, :], np.array([[1.5], [0.5]])))
    np.testing.assert_array_equal(rm.radius_grid(h, [1.5, 0.5], workers=1).ravel(), expected)
    hist = rm.radius_histogram(h, np.array([[1.5], [0.5]]), bins=7, range=(0.0, 3.0), workers=1)
    np.testing.assert_array_equal(hist.counts, np.histogram(expected, bins=7, range=(0.0, 3.0))[0])


@pytest.mark.parametrize("workers", [1, 2])
def test_histogram_matches_numpy_on_the_full_map(workers):
    rng = np.random.default_rng(9)
    h, beta = _hard_points(rng, 50_000)
    rho = sp.spectral_radius(h, beta)
    hist = rm.radius_histogram(h, beta, bins=37, range=(0.2, 1.7), workers=workers, chunk=1024)
    counts, edges = np.histogram(rho, bins=37, range=(0.2, 1.7))
    np.testing.assert_array_equal(hist.counts, counts)
    np.testing.assert_array_equal(hist.edges, edges)
    assert hist.below == np.count_nonzero(rho < 0.2)
    assert hist.above == np.count_nonzero(rho > 1.7)
    assert hist.total == rho.size
    assert hist.converging == np.count_nonzero(rho < 1)
    assert hist.converging_fraction == pytest.approx(np.mean(rho < 1))


def test_histogram_with_edges_on_a_grid():
    h = np.linspace(0.0, 6.0, 257)
    beta = np.linspace(-0.9, 0.99, 113)
    edges = np.array([0.0, 0.5, 0.9, 1.0, 1.1, 3.0])
    hist = rm.radius_histogram(h, beta[:, None], bins=edges, workers=2, chunk=500)
    rho = sp.rate_map(h, beta).rho
    np.testing.assert_array_equal(hist.counts, np.histogram(rho, bins=edges)[0])
    assert hist.total == h.size * beta.size
    # Independent count of the convergent region: 0 < h < 2 + 2 beta for |beta| < 1.
    H, B = np.meshgrid(h, beta)
    inside = (H > 0) & (H < 2 + 2 * B) & (np.abs(rho - 1) > 1e-12)
    assert hist.converging == np.count_nonzero(inside) + np.count_nonzero(
        (np.abs(rho - 1) <= 1e-12) & (rho < 1))


def test_histogram_does_not_hold_the_map():
    # 4e6 points: the map alone would be 32 MB; streaming stays near a few chunks.
    h = np.linspace(0.0, 5.0, 2000)
    beta = np.linspace(0.0, 1.0, 2000, endpoint=False)
    tracemalloc.start()
    try:
        hist = rm.radius_histogram(h, beta[:, None], bins=50, range=(0.0, 2.0), workers=1)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert hist.total == 4_000_000
    assert peak < 8 * 2**20


def test_map_memory_is_bounded_above_the_output():
    h = np.linspace(0.0, 5.0, 2000)
    beta = np.linspace(0.0, 1.0, 1000, endpoint=False)
    out = np.empty((1000, 2000))
    tracemalloc.start()
    try:
        rm.radius_grid(h, beta, out=out, workers=2)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8 * 2**20          # the output is 16 MB and was allocated before


def test_empty_and_default_workers():
    assert rm.radius_map(np.empty((0, 3)), 0.5).shape == (0, 3)
    hist = rm.radius_histogram(np.empty(0), 0.5, bins=3, range=(0, 1))
    assert hist.total == 0 and np.isnan(hist.converging_fraction)
    assert 1 <= rm.default_workers() <= 8


@pytest.mark.parametrize("call, exc, name", [
    (lambda: rm.radius_map([1.0, np.nan], 0.5), ValueError, "eta_lambda"),
    (lambda: rm.radius_map(1.0, [0.5, np.inf]), ValueError, "beta"),
    (lambda: rm.radius_map("1.0", 0.5), TypeError, "eta_lambda"),
    (lambda: rm.radius_map([1.0, 2.0], [0.1, 0.2, 0.3]), ValueError, "eta_lambda"),
    (lambda: rm.radius_map([1.0], 0.5, out=[0.0]), TypeError, "out"),
    (lambda: rm.radius_map([1.0], 0.5, out=np.empty(1, np.float32)), TypeError, "out"),
    (lambda: rm.radius_map([1.0], 0.5, out=np.empty(2)), ValueError, "out"),
    (lambda: rm.radius_map(np.ones((2, 2)), 0.5, out=np.empty((2, 2)).T), ValueError, "out"),
    (lambda: rm.radius_map([1.0], 0.5, workers=0), ValueError, "workers"),
    (lambda: rm.radius_map([1.0], 0.5, workers=1.5), TypeError, "workers"),
    (lambda: rm.radius_map([1.0], 0.5, workers=True), TypeError, "workers"),
    (lambda: rm.radius_map([1.0], 0.5, chunk=8), ValueError, "chunk"),
    (lambda: rm.radius_grid([[1.0]], [0.5]), ValueError, "eta_lambda"),
    (lambda: rm.radius_grid([1.0], []), ValueError, "beta"),
    (lambda: rm.radius_histogram([1.0], 0.5, bins=0), ValueError, "bins"),
    (lambda: rm.radius_histogram([1.0], 0.5, bins=[1.0, 0.5]), ValueError, "bins"),
    (lambda: rm.radius_histogram([1.0], 0.5, bins="auto"), TypeError, "bins"),
    (lambda: rm.radius_histogram([1.0], 0.5, bins=5, range=(1.0, 1.0)), ValueError, "range"),
    (lambda: rm.radius_histogram([1.0], 0.5, bins=5, range=None), ValueError, "range"),
    (lambda: rm.radius_histogram([1.0], 0.5, bins=5, range=(0, np.nan)), ValueError, "range"),
])
def test_bad_inputs_name_the_argument(call, exc, name):
    with pytest.raises(exc, match=name):
        call()


def test_a_map_beyond_the_size_limit_is_refused_unless_out_is_given():
    from momentum_theory import ratemaps
    with pytest.raises(ValueError, match=r"eta_lambda and beta.*GiB"):
        ratemaps.radius_grid(np.zeros(10 ** 5), np.zeros(10 ** 5))
