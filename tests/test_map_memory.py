"""Maps of the (eta*lambda, beta) plane are built chunk by chunk: the same bits, bounded memory.

Issue 15: every public function that builds a map keeps its scratch memory
bounded (``benchmarks/run.py --only memory`` measures it at 1e8 points).
Here the chunked maps are compared, bit for bit, with the whole grid
computed in one call, at chunk sizes lowered (through the private module
constants) so that a small grid needs many chunks; and tracemalloc's peak
shows the scratch stays small on a few-million-point map.
"""
import tracemalloc

import numpy as np
import pytest

from momentum_theory import accelerated as acc
from momentum_theory import spectral as sp
from momentum_theory import spectrum_map as sm


def bits(a):
    """Bytes, dtype and shape: equal only when the arrays are equal bit for bit (-0.0 != 0.0)."""
    a = np.asarray(a)
    return a.dtype, a.shape, a.tobytes()


# A grid crossing every regime of both methods: h = 1 (Nesterov's rho = 0),
# the critical-damping curves, both edges of the regions, beyond them.
H = np.linspace(0.0, 5.0, 301)
B = np.linspace(0.0, 1.0, 203, endpoint=False)


@pytest.mark.parametrize("block", [2 ** 18, 1000, 64, 1])
def test_nesterov_rate_map_in_blocks_is_the_whole_grid_bit_for_bit(monkeypatch, block):
    # block 1000: three whole rows per block; 64 and 1: pieces of one row.
    h, b = (H, B) if block > 1 else (H, B[::8])  # block 1: a call per point, so fewer rows
    whole = acc.nesterov_spectral_radius(h[None, :] / 2, b[:, None])   # one call, unchunked
    monkeypatch.setattr(sp, "_MAP_BLOCK", block)
    m = acc.nesterov_rate_map(h / 2, b)
    assert bits(m.rho) == bits(whole)
    assert bits(m.converges) == bits(whole < 1.0)
    assert m.converges.any() and not m.converges.all()


@pytest.mark.parametrize("block", [1000, 64])
def test_map_on_grid_calls_radius_on_bounded_blocks_covering_each_point_once(monkeypatch, block):
    monkeypatch.setattr(sp, "_MAP_BLOCK", block)
    seen = np.zeros((B.size, H.size), dtype=int)
    sizes = []

    def radius(h, b):
        sizes.append(np.broadcast(h, b).size)
        seen[np.searchsorted(B, b[:, 0])[:, None], np.searchsorted(H, h[0])[None, :]] += 1
        return np.abs(1.0 - h) * np.sqrt(b)

    m = sp.map_on_grid(radius, H, B)
    assert len(sizes) > 10 and max(sizes) <= block
    assert (seen == 1).all()
    assert bits(m.rho) == bits(np.abs(1.0 - H[None, :]) * np.sqrt(B[:, None]))


def test_map_on_grid_keeps_the_dtype_radius_returns(monkeypatch):
    monkeypatch.setattr(sp, "_MAP_BLOCK", 100)
    m = sp.map_on_grid(lambda h, b: (np.abs(1.0 - h) + b).astype(np.float32), H, B)
    assert bits(m.rho) == bits((np.abs(1.0 - H[None, :]) + B[:, None]).astype(np.float32))


@pytest.mark.parametrize("h, b", [(H, B), (H[:7], B[:5]), (np.linspace(0.0, 4.0, 700), B)])
def test_rate_map_is_spectral_radius_on_the_grid_bit_for_bit(h, b):
    # rate_map writes the chunked kernels straight into the map (700 x 203:
    # several 65536-point chunks, on the default threads).
    m = sp.rate_map(h, b)
    whole = sp.spectral_radius(np.broadcast_to(h[None, :], m.rho.shape).copy(),
                               np.broadcast_to(b[:, None], m.rho.shape).copy())
    assert bits(m.rho) == bits(whole)
    assert bits(m.converges) == bits(whole < 1.0)


def _worst_direct(mu, L, eta, beta, method="heavy_ball", **params):
    """max(rho(eta mu), rho(eta L)) on the whole broadcast arrays, in one call each."""
    from momentum_theory import methods

    rec = methods.get(method)
    eta, beta = np.broadcast_arrays(eta, beta)
    return np.maximum(np.asarray(rec.spectral_radius(eta * mu, beta=beta, **params)),
                      np.asarray(rec.spectral_radius(eta * L, beta=beta, **params)))


@pytest.mark.parametrize("method, params", [("heavy_ball", {}), ("nesterov", {}),
                                            ("two_step", {"gamma": 0.3})])
def test_spectrum_rate_grid_in_chunks_is_one_chunk_bit_for_bit(monkeypatch, method, params):
    monkeypatch.setattr(sm, "_CHUNK", 10 ** 9)                       # the whole grid at once
    one = sm.spectrum_rate_grid(50.0, n=150, method=method, **params)
    monkeypatch.setattr(sm, "_CHUNK", 1000)                          # 23 chunks
    many = sm.spectrum_rate_grid(50.0, n=150, method=method, **params)
    assert bits(many.rate) == bits(one.rate)
    assert bits(many.region) == bits(one.region)
    assert many.optimum_rate == one.optimum_rate
    assert len(set(many.region.ravel().tolist())) == 4                # every region on this grid
    # and the rate is the larger end's radius, computed here on the whole grid in one call
    direct = _worst_direct(many.mu, many.L, many.eta[None, :], many.beta[:, None], method, **params)
    assert bits(many.rate) == bits(direct)


@pytest.mark.parametrize("chunk", [10 ** 9, 64, 7])
def test_worst_rate_map_and_regions_any_broadcast_in_chunks(monkeypatch, chunk):
    rng = np.random.default_rng(3)
    eta = rng.uniform(0.001, 0.25, (30, 1, 17))
    beta = np.round(rng.uniform(-0.2, 0.99, (1, 40, 17)), 2)       # repeated values
    if chunk < 17:  # chunks that split the last axis: a smaller block keeps them few (~3 s less)
        eta, beta = eta[:6], beta[:, :8]
    monkeypatch.setattr(sm, "_CHUNK", 10 ** 9)
    rate1 = sm.worst_rate_map(1.0, 10.0, eta, beta)
    code1 = sm.worst_rate_regions(1.0, 10.0, eta, beta)[0]
    monkeypatch.setattr(sm, "_CHUNK", chunk)
    assert bits(sm.worst_rate_map(1.0, 10.0, eta, beta)) == bits(rate1)
    assert bits(sm.worst_rate_regions(1.0, 10.0, eta, beta)[0]) == bits(code1)
    assert bits(rate1) == bits(_worst_direct(1.0, 10.0, eta, beta))
    assert rate1.shape == code1.shape == np.broadcast_shapes(eta.shape, beta.shape)
    assert rate1.shape[-1] == 17 and code1.dtype == np.int8
    # scalars stay scalars
    assert isinstance(sm.worst_rate_map(1.0, 100.0, 0.01, 0.5), np.floating)
    assert sm.worst_rate_regions(1.0, 100.0, 0.01, 0.5)[0].shape == ()


def _scratch_mib(call):
    """tracemalloc's peak during ``call()`` minus the bytes of the arrays it returns, in MiB."""
    call()                                                            # warm up (derivations)
    tracemalloc.start()
    try:
        result = call()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    held = sum(v.nbytes for v in vars(result).values() if isinstance(v, np.ndarray))
    return (peak - held) / 2 ** 20


def test_nesterov_rate_map_scratch_is_bounded():
    # 4e6 points (a 34 MiB result): computed whole, the temporaries took about
    # 38 bytes a point (145 MiB here, 3.8 GiB at 1e8).
    h, b = np.linspace(0.0, 2.5, 2000), np.linspace(0.0, 1.0, 2000, endpoint=False)
    assert _scratch_mib(lambda: acc.nesterov_rate_map(h, b)) < 24


def test_spectrum_rate_grid_scratch_is_bounded():
    # 1e6 points (an 8.6 MiB result): computed whole, about 170 bytes a point.
    assert _scratch_mib(lambda: sm.spectrum_rate_grid(100.0, n=1000)) < 24


def test_spectrum_rate_grid_refuses_a_result_beyond_the_limit_naming_n():
    # 9 bytes a point (rate and region code): n = 22000 is 4.06 GiB.
    with pytest.raises(ValueError, match="GiB") as info:
        sm.spectrum_rate_grid(100.0, n=22000)
    assert str(info.value).startswith("n:")


@pytest.mark.parametrize("name, fixed", [("two_step", {"gamma": 0.25}), ("qhm", {"nu": 0.3}),
                                         ("gd", None)])
def test_method_map_in_blocks_is_one_block_bit_for_bit(monkeypatch, name, fixed):
    from momentum_theory import comparisons

    monkeypatch.setattr(comparisons, "_MAP_BLOCK", 10 ** 9)          # the whole grid at once
    one = comparisons.method_map(name, n=150, fixed=fixed)
    for block in (1000, 64):                                          # whole rows; pieces of rows
        monkeypatch.setattr(comparisons, "_MAP_BLOCK", block)
        many = comparisons.method_map(name, n=150, fixed=fixed)
        assert bits(many.rho) == bits(one.rho)
        assert bits(many.derived) == bits(one.derived)
        assert bits(many.eta_lambda) == bits(one.eta_lambda)     # _h_max's end, in blocks too
    assert one.derived.any() and not one.derived.all()
    assert one.agreement == 1.0


def test_method_map_scratch_is_bounded():
    # 4e6 points (a 34 MiB result); the default end of the eta*lambda axis
    # (the region's reach on 2000 x 801 points) took about 130 MiB at once.
    from momentum_theory.comparisons import method_map

    assert _scratch_mib(lambda: method_map("two_step", n=2000)) < 24


def test_method_map_counts_in_blocks_are_the_whole_map(monkeypatch):
    from momentum_theory import comparisons

    m = comparisons.method_map("qhm", n=120, fixed={"nu": 0.3}, band=1e-3)
    keep = np.abs(m.rho - 1.0) >= m.band
    whole = float(np.mean((m.rho < 1.0)[keep] == m.derived[keep]))
    # a derived region that disagrees somewhere, so agreement is below 1
    wrong = comparisons.MethodMap(m.method, m.axis, m.eta_lambda, m.values, m.fixed, m.rho,
                                  m.derived & (m.eta_lambda[None, :] < 1.5), m.band, m.region)
    wrong_whole = float(np.mean((m.rho < 1.0)[keep] == wrong.derived[keep]))
    for block in (10 ** 9, 1000, 50):
        monkeypatch.setattr(comparisons, "_MAP_BLOCK", block)
        assert (m.compared, m.excluded) == (keep.sum(), (~keep).sum())
        assert m.agreement == whole
        assert wrong.agreement == wrong_whole < 1.0
