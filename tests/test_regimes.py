"""Regimes of heavy ball: classify vs eigvals vs iteration vs SymPy."""
import numpy as np
import pytest
import sympy as sp
from hypothesis import assume, given
from hypothesis import strategies as st

from momentum_theory import regimes
from momentum_theory.dynamics import heavy_ball
from momentum_theory.regimes import Regime, classify, critical_damping, derive_critical_damping
from momentum_theory.spectral import transition_matrix

H = st.floats(0.0, 5.0, allow_nan=False)
BETA = st.floats(0.0, 0.99, allow_nan=False)


def regime_from_eigvals(h, beta):
    """The regime read off numpy's eigenvalues of R, independently of classify."""
    mus = np.linalg.eigvals(transition_matrix(h, 1.0, beta))
    rho = np.abs(mus).max()
    if rho >= 1:
        return Regime.DIVERGENT
    if np.abs(mus.imag).max() > 0:
        return Regime.RIPPLES
    dominant = mus[np.argmax(np.abs(mus))].real
    return Regime.MONOTONE if dominant > 0 else Regime.OSCILLATING


@given(H, BETA)
def test_classify_agrees_with_numpy_eigenvalues(h, beta):
    trace = 1 + beta - h
    disc = trace * trace - 4 * beta
    mus = np.linalg.eigvals(transition_matrix(h, 1.0, beta))
    # Stay away from the boundaries, where rounding decides the side.
    assume(abs(disc) > 1e-6 and abs(np.abs(mus).max() - 1) > 1e-6 and abs(trace) > 1e-6)
    assert classify(h, beta) == regime_from_eigvals(h, beta)


def sign_changes(x):
    s = np.sign(x)
    return int(np.sum(s[1:] != s[:-1]))


@pytest.mark.parametrize("h, beta, expected", [
    (0.05, 0.3, Regime.MONOTONE), (0.3, 0.0, Regime.MONOTONE),
    (1.8, 0.05, Regime.OSCILLATING), (1.6, 0.0, Regime.OSCILLATING),
    (1.0, 0.5, Regime.RIPPLES), (0.5, 0.8, Regime.RIPPLES),
])
def test_regime_shows_in_the_iterates(h, beta, expected):
    assert classify(h, beta) == expected
    x = heavy_ball(lambda z: h * z, [1.0], eta=1.0, beta=beta, steps=80).ravel()
    tail = x[20:]
    changes = sign_changes(tail)
    if expected == Regime.MONOTONE:
        assert changes == 0
    elif expected == Regime.OSCILLATING:
        assert changes == len(tail) - 1          # flips every step
    else:
        assert 0 < changes < len(tail) - 1       # turns, but not every step
        # complex pair: the envelope shrinks by sqrt(beta) per step
        peaks = [np.abs(x[t:t + 15]).max() for t in (20, 50)]
        assert peaks[1] / peaks[0] == pytest.approx(np.sqrt(beta) ** 30, rel=0.5)


def test_divergent_iterates_grow():
    assert classify(4.5, 0.5) == Regime.DIVERGENT
    x = heavy_ball(lambda z: 4.5 * z, [1.0], eta=1.0, beta=0.5, steps=60).ravel()
    assert abs(x[-1]) > 1e3


def test_sympy_curves_match_numpy_and_kill_the_discriminant():
    d = derive_critical_damping()
    free = set().union(*(c.free_symbols for c in d.result["curves"]))
    (sym_beta,) = free
    lower, upper = (sp.lambdify(sym_beta, c, "numpy") for c in d.result["curves"])
    b = np.linspace(0, 0.99, 101)
    lo, hi = critical_damping(b)
    np.testing.assert_allclose(lower(b), lo, rtol=0, atol=1e-15)
    np.testing.assert_allclose(upper(b), hi, rtol=0, atol=1e-14)
    # On the curves numpy's eigenvalues coincide (to ~sqrt(eps), the curves are defective).
    for bb in (0.1, 0.4, 0.81):
        for h in critical_damping(bb):
            mus = np.linalg.eigvals(transition_matrix(h, 1.0, bb))
            assert abs(mus[0] - mus[1]) < 1e-6
            assert abs(abs(mus[0]) - np.sqrt(bb)) < 1e-7
    assert d.result["complex_modulus_squared"] == sym_beta


@given(st.floats(0.01, 0.98), st.floats(1e-4, 1e-2))
def test_regime_changes_across_the_curves(beta, delta):
    lo, hi = critical_damping(beta)
    assert classify(lo + delta * lo, beta) == Regime.RIPPLES or lo + delta * lo >= hi
    assert classify(lo * (1 - delta), beta) == Regime.MONOTONE
    inside = hi * (1 - delta)
    if inside > lo:
        assert classify(inside, beta) == Regime.RIPPLES
    after = hi * (1 + delta)
    if after < 2 + 2 * beta:
        assert classify(after, beta) == Regime.OSCILLATING


def test_complex_regime_modulus_is_sqrt_beta():
    from momentum_theory.spectral import spectral_radius
    b = np.linspace(0.05, 0.95, 19)
    lo, hi = critical_damping(b)
    h = 0.5 * (lo + hi)
    assert np.all(classify(h, b) == Regime.RIPPLES)
    np.testing.assert_allclose(spectral_radius(h, b), np.sqrt(b), rtol=1e-15)


def test_vectorised_shapes_and_scalars():
    codes = classify(np.linspace(0, 4, 5)[:, None], np.array([0.0, 0.5, 0.9]))
    assert codes.shape == (5, 3) and codes.dtype == np.int8
    assert isinstance(classify(1.0, 0.5), Regime)
    assert regimes.regime_label(Regime.RIPPLES).startswith("ripples")
    assert all(isinstance(x, float) for x in critical_damping(0.25))


def test_beta_zero_is_gradient_descent():
    h = np.array([0.5, 0.999, 1.001, 1.5, 2.5])
    assert classify(h, 0.0).tolist() == [1, 1, 2, 2, 0]


@pytest.mark.parametrize("call, exc, name", [
    (lambda: classify(np.nan, 0.5), ValueError, "eta_lambda"),
    (lambda: classify(1.0, "0.5"), TypeError, "beta"),
    (lambda: classify([1.0, 2.0], [0.1, 0.2, 0.3]), ValueError, "eta_lambda"),
    (lambda: critical_damping(-0.1), ValueError, "beta"),
    (lambda: critical_damping(1.0), ValueError, "beta"),
    (lambda: regimes.regime_label(7), ValueError, "code"),
])
def test_bad_input(call, exc, name):
    with pytest.raises(exc, match=name):
        call()


def test_phase_diagram_draws_the_classification():
    import matplotlib.pyplot as plt
    from momentum_theory.plots import phase_diagram

    fig, ax = plt.subplots(layout="constrained")
    try:
        assert phase_diagram(ax=ax, n=40) is ax
        shown = np.asarray(ax.images[0].get_array())
        h = np.linspace(0, 4.2, 40)
        b = np.linspace(0, 0.99, 40)
        np.testing.assert_array_equal(shown, classify(h[None, :], b[:, None]))
        with pytest.raises(ValueError, match="levels"):
            phase_diagram(ax=ax, n=20, levels=[0.5, 1.2])
    finally:
        plt.close(fig)


def test_example_script(tmp_path, run_example):
    import re

    text = run_example("beyond_regimes.py", tmp_path)
    rows = re.findall(r"beta = ([\d.]+): critical damping at eta\*lambda = ([\d.]+) and ([\d.]+); "
                      r"eigenvalue gap there = ([\d.e+-]+)", text)
    assert len(rows) == 3
    for beta, lo, hi, gap in rows:
        b = float(beta)
        assert float(lo) == pytest.approx((1 - np.sqrt(b)) ** 2, abs=1e-6)
        assert float(hi) == pytest.approx((1 + np.sqrt(b)) ** 2, abs=1e-6)
        assert float(gap) < 1e-6
    names = re.findall(r"eta\*lambda = ([\d.]+), beta = ([\d.]+): (\w+)", text)
    assert [n for *_, n in names] == ["MONOTONE", "RIPPLES", "OSCILLATING", "DIVERGENT", "RIPPLES"]
    for h, b, name in names:
        assert regime_from_eigvals(float(h), float(b)).name == name
    assert (tmp_path / "theory_phase_diagram.png").stat().st_size > 20_000


# --- exact decisions (issue 9) -------------------------------------------------

def exact_regime(h, beta):
    """The regime of the exact values of the doubles h, beta, in rationals."""
    from fractions import Fraction
    H, B = Fraction(h), Fraction(beta)
    if not (0 < H < 2 + 2 * B and abs(B) < 1):
        return Regime.DIVERGENT
    T = 1 + B - H
    if T * T - 4 * B < 0:
        return Regime.RIPPLES
    return Regime.MONOTONE if T >= 0 else Regime.OSCILLATING


def exactly_in_region(h, beta):
    from fractions import Fraction
    H, B = Fraction(h), Fraction(beta)
    return 0 < H < 2 + 2 * B and abs(B) < 1


def ulps_away(x, k):
    for _ in range(abs(k)):
        x = np.nextafter(x, np.inf if k > 0 else -np.inf)
    return float(x)


def points_next_to_the_curves(betas, reach=4):
    """Points within ``reach`` ulp of both critical-damping curves and both edges."""
    for b in betas:
        s = np.sqrt(b)
        for centre in ((1 - s) ** 2, (1 + s) ** 2, 2 + 2 * b, 0.0):
            for k in range(-reach, reach + 1):
                yield ulps_away(centre, k), float(b)


CURVE_BETAS = np.concatenate([np.linspace(0.0, 0.99, 67), [0.25, 0.81, 1e-10, 1e-300,
                                                           1 - 2.0 ** -30, 1 - 2.0 ** -53]])


def test_classify_is_exact_next_to_the_curves_and_edges():
    points = list(points_next_to_the_curves(CURVE_BETAS))
    h, b = np.array(points).T
    codes = classify(h, b)
    wrong = [(p, int(c), exact_regime(*p)) for p, c in zip(points, codes) if c != exact_regime(*p)]
    assert wrong == []


def test_classify_converges_where_rho_rounds_to_one():
    from momentum_theory.spectral import spectral_radius
    assert float(spectral_radius(1e-20, 0.5)) == 1.0          # the rounding that misled classify
    assert classify(1e-20, 0.5) == Regime.MONOTONE
    assert classify(5e-324, 0.0) == Regime.MONOTONE
    assert classify(ulps_away(3.0, -1), 0.5) == Regime.OSCILLATING
    assert classify(3.0, 0.5) == Regime.DIVERGENT


finite = st.floats(allow_nan=False, allow_infinity=False)
near_beta = st.one_of(st.floats(-1.0, 1.0), finite,
                      st.floats(0.0, 1e-12).map(lambda d: 1.0 - d),
                      st.floats(0.0, 1e-12).map(lambda d: d - 1.0))
near_h = st.one_of(st.floats(0.0, 1e-12), st.floats(-1e-300, 1e-300), st.floats(0.0, 5.0), finite)


@given(near_h, near_beta)
def test_in_region_matches_exact_rationals(h, beta):
    assert bool(regimes.in_region(h, beta)) == exactly_in_region(h, beta)
    edge = 2 + 2 * beta
    for k in (-2, -1, 0, 1, 2):
        hh = ulps_away(edge, k)
        if np.isfinite(hh):
            assert bool(regimes.in_region(hh, beta)) == exactly_in_region(hh, beta)


@given(st.floats(0.0, 1.0, exclude_max=True), st.sampled_from([0, 1]), st.integers(-3, 3))
def test_classify_matches_exact_rationals_on_and_next_to_the_curves(beta, which, k):
    s = np.sqrt(beta)
    h = ulps_away(((1 - s) ** 2, (1 + s) ** 2)[which], k)
    assert classify(h, beta) == exact_regime(h, beta)


@given(st.one_of(st.floats(-1.0, 1.0), st.floats(-2.0, 2.0)), st.floats(-1.0, 6.0))
def test_classify_matches_exact_rationals(beta, h):
    assert classify(h, beta) == exact_regime(h, beta)


def test_classify_spectral_radius_and_eigenvalues_agree_on_the_side_of_the_curves():
    from momentum_theory.spectral import in_region, spectral_radius, transition_eigenvalues
    rng = np.random.default_rng(9)
    betas = np.concatenate([CURVE_BETAS, rng.uniform(0.0, 1.0, 200)])
    h, b = np.array(list(points_next_to_the_curves(betas, reach=3))).T
    codes = classify(h, b)
    complex_roots = transition_eigenvalues(h, b)[:, 0].imag != 0
    np.testing.assert_array_equal(complex_roots & in_region(h, b), codes == Regime.RIPPLES)
    rho = spectral_radius(h, b)
    ripples = codes == Regime.RIPPLES
    # Complex roots: modulus sqrt(beta) exactly; real roots: the dominant one
    # is at least sqrt(beta) (their product is beta).
    np.testing.assert_array_equal(rho[ripples], np.sqrt(b[ripples]))
    assert np.all(rho[~ripples] >= np.sqrt(np.abs(b[~ripples])))
    # Scalar calls take another code path in spectral_radius: same decisions.
    for i in range(0, h.size, 37):
        assert classify(float(h[i]), float(b[i])) == codes[i]
        assert float(spectral_radius(float(h[i]), float(b[i]))) == rho[i]
