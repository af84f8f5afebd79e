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
