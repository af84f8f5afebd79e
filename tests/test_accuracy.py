"""Accuracy of the spectral radius and eigenvalues against 50-digit references.

The adversarial sets are the ones ``benchmarks/run.py`` reports on; here the
claim is asserted: within 4 ulp of mpmath for the exact float64 inputs. The
mpmath reference is itself checked against exact rational arithmetic.
"""
import importlib.util
import math
from fractions import Fraction
from pathlib import Path

import mpmath
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from momentum_theory import spectral as sp
from momentum_theory._radius import ONE_PIECE

_SETS = Path(__file__).resolve().parent.parent / "benchmarks" / "accuracy_sets.py"
_spec = importlib.util.spec_from_file_location("accuracy_sets", _SETS)
accuracy_sets = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(accuracy_sets)

SETS = accuracy_sets.adversarial_sets(1500, seed=1)
MAX_ULP = 4.0


@pytest.mark.parametrize("name", sorted(SETS))
def test_spectral_radius_within_4_ulp_on_adversarial_set(name):
    h, beta = SETS[name]
    ref = accuracy_sets.reference_radius(h, beta)
    errors = accuracy_sets.ulp_errors(sp.spectral_radius(h, beta), ref)
    assert errors.max() <= MAX_ULP, (name, h[errors.argmax()], beta[errors.argmax()], errors.max())


def test_chunked_path_within_4_ulp_on_all_sets_at_once():
    # Together the sets exceed one chunk, so this goes through the chunked
    # driver with its deferred refinement rather than the small-input path.
    h = np.concatenate([hb[0] for hb in SETS.values()] * 2)
    beta = np.concatenate([hb[1] for hb in SETS.values()] * 2)
    assert h.size > ONE_PIECE   # the chunked driver, not the small path
    rho = sp.spectral_radius(h, beta)
    np.testing.assert_array_equal(rho[: h.size // 2], rho[h.size // 2:])
    ref = accuracy_sets.reference_radius(h[: h.size // 2], beta[: h.size // 2])
    assert accuracy_sets.ulp_errors(rho[: h.size // 2], ref).max() <= MAX_ULP


def test_the_sets_are_adversarial_for_numpy_eigvals():
    # Sanity of the sets themselves: the generic eigen-solver loses about half
    # the digits on the critical-damping curves, as the benchmark reports.
    h, beta = SETS["critical (1-sqrt b)^2"]
    ref = accuracy_sets.reference_radius(h, beta)
    eig = np.abs(np.linalg.eigvals(sp.transition_matrix(1.0, h, beta))).max(axis=-1)
    assert accuracy_sets.ulp_errors(eig, ref).max() > 1e5


def _ulps_off_critical(draw_beta, ulps, sign):
    h = (1.0 + sign * math.sqrt(draw_beta)) ** 2
    step = math.inf if ulps > 0 else -math.inf
    for _ in range(abs(ulps)):
        h = math.nextafter(h, step)
    return h


@given(st.floats(1e-12, 1.0, exclude_max=True), st.integers(-40, 40), st.sampled_from([-1.0, 1.0]))
def test_within_4_ulp_next_to_critical_damping(beta, ulps, sign):
    h = _ulps_off_critical(beta, ulps, sign)
    ref = accuracy_sets.reference_radius([h], [beta])
    assert accuracy_sets.ulp_errors([sp.spectral_radius(h, beta)], ref)[0] <= MAX_ULP


@given(st.floats(-1e3, 1e3), st.floats(-1.0, 1.0))
def test_within_4_ulp_anywhere(h, beta):
    ref = accuracy_sets.reference_radius([h], [beta])
    assert accuracy_sets.ulp_errors([sp.spectral_radius(h, beta)], ref)[0] <= MAX_ULP


@given(st.floats(-1e300, 1e300), st.floats(-1e300, 1e300))
def test_huge_inputs_stay_accurate(h, beta):
    # Outside the theory's range the squares would overflow; the slow path
    # rescales by powers of two instead.
    ref = accuracy_sets.reference_radius([h], [beta])
    assert accuracy_sets.ulp_errors([sp.spectral_radius(h, beta)], ref)[0] <= MAX_ULP


def test_overflow_gives_inf_not_nan():
    # 1 + beta - h = -2e308 overflows, and rho >= |T| / 2 with it.
    assert sp.spectral_radius(1e308, -1e308) == np.inf
    assert sp.spectral_radius(-1e308, 1e308) == np.inf
    assert np.all(sp.spectral_radius(np.full(20000, -1e308), 1e308) == np.inf)


def _exact_radius_bits(h, beta, bits=80):
    """floor(rho * 2**bits) from exact rationals and an integer square root."""
    t = 1 + Fraction(beta) - Fraction(h)
    d = t * t - 4 * Fraction(beta)
    if d < 0:
        scaled = Fraction(beta) * 4**bits
    else:
        # rho = (|t| + sqrt d) / 2; both terms scaled by 2**bits, floors combined.
        root = math.isqrt(math.floor(d * 4**bits))
        return math.floor((abs(t) * 2**bits + root) / 2)
    return math.isqrt(math.floor(scaled))


@pytest.mark.parametrize("name", ["critical (1-sqrt b)^2", "critical (1+sqrt b)^2", "random"])
def test_mpmath_reference_agrees_with_exact_rationals(name):
    h, beta = SETS[name]
    keep = (np.abs(h) < 10) & (beta > 1e-3)   # keep the integers small
    h, beta = h[keep][:60], beta[keep][:60]
    ref = accuracy_sets.reference_radius(h, beta)
    for hi, bi, r in zip(h.tolist(), beta.tolist(), ref):
        exact = _exact_radius_bits(hi, bi)
        with mpmath.workdps(50):
            assert abs(mpmath.floor(r * mpmath.mpf(2) ** 80) - exact) <= 1


def test_exact_cases():
    # Complex regime: exactly sqrt(beta); D = 0 exactly: |T|/2 = sqrt(beta);
    # on the upper edge with an exact 2 + 2 beta: exactly 1.
    beta = np.array([0.25, 0.5, 0.9])
    np.testing.assert_array_equal(sp.spectral_radius(1.0 + beta, beta), np.sqrt(beta))
    s = np.array([0.5, 0.25, 0.125, 3 / 1024])
    for sign in (-1.0, 1.0):
        np.testing.assert_array_equal(sp.spectral_radius((1 + sign * s) ** 2, s * s), s)
    dyadic = np.array([-0.75, 0.25, 0.5, 0.75, 1023 / 1024])     # 2 + 2 beta exact
    np.testing.assert_array_equal(sp.spectral_radius(2 + 2 * dyadic, dyadic), 1.0)


@pytest.mark.parametrize("size", [1, 2000, 3 * ONE_PIECE])
def test_convergence_decided_exactly_on_both_edges(size):
    # rho = 1 exactly at h = 0 and at h = 2 + 2 beta (roots +1 and -1): the
    # plain pass would be off by an ulp or two there, so rho < 1 would hold
    # at h = 0 for some beta. Both edges and their neighbours, for many beta.
    rng = np.random.default_rng(size)
    top = 2**50 - 2**40
    beta = rng.integers(-top, top, size) * 2.0**-50   # |beta| < 0.999, 2 + 2 beta exact
    edge = 2 + 2 * beta
    for h, want in ((0.0, 1.0), (edge, 1.0)):
        rho = sp.spectral_radius(np.broadcast_to(h, beta.shape).copy(), beta)
        np.testing.assert_array_equal(rho, want)
    inside = sp.spectral_radius(edge * (1 - 2.0**-40), beta)
    outside = sp.spectral_radius(edge * (1 + 2.0**-40), beta)
    assert np.all(inside < 1) and np.all(outside > 1)
    assert np.all(sp.spectral_radius(np.full(size, 2.0**-40), beta) < 1)
    assert np.all(sp.spectral_radius(np.full(size, -(2.0**-40)), beta) > 1)


def _reference_roots(h, beta):
    with mpmath.workdps(50):
        t = 1 + mpmath.mpf(beta) - mpmath.mpf(h)
        d = t * t - 4 * mpmath.mpf(beta)
        if d >= 0:
            big = (t + mpmath.sign(t) * mpmath.sqrt(d)) / 2 if t != 0 else mpmath.sqrt(d) / 2
            return big, mpmath.mpf(beta) / big if big != 0 else mpmath.mpf(0)
        root = mpmath.sqrt(-d) / 2
        return mpmath.mpc(t / 2, root), mpmath.mpc(t / 2, -root)


@pytest.mark.parametrize("name", sorted(SETS))
def test_eigenvalues_consistent_with_radius_and_accurate(name):
    h, beta = SETS[name]
    h, beta = h[::5], beta[::5]
    mu = sp.transition_eigenvalues(h, beta)
    rho = sp.spectral_radius(h, beta)
    ulp = np.spacing(rho)
    assert np.all(np.abs(np.abs(mu[:, 0]) - rho) <= 2 * ulp)
    # numpy's complex abs differs between its SIMD and scalar paths (by more than
    # an ulp on some CPUs, even on an exact conjugate pair), so the ordering is
    # checked with Python's abs, which is libm's hypot of |re| and |im|.
    for first, second in mu.tolist():
        assert abs(second) <= abs(first), (first, second)
    for (hi, bi, m) in zip(h.tolist(), beta.tolist(), mu):
        for got, want in zip(m, _reference_roots(hi, bi)):
            with mpmath.workdps(50):
                err = abs(mpmath.mpc(got) - want)
                scale = max(abs(want), mpmath.mpf(2) ** -1000)
            assert float(err / scale) <= 4 * 2.0**-52, (hi, bi, got, want)
