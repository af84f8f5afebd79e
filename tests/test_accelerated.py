"""Nesterov: SymPy matrix vs NumPy vs the iteration; closed forms vs eigvals; region vs map."""
import functools

import numpy as np
import pytest
import sympy as sp
from hypothesis import assume, given
from hypothesis import strategies as st

from momentum_theory import accelerated as acc
from momentum_theory.dynamics import nesterov
from momentum_theory.symbolic import beta as BETA_SYM, eta as ETA_SYM, h as H_SYM, lambda_ as LAM_SYM
from momentum_theory.tuning import minimize_worst_rate

ETA = st.floats(0.01, 2.0)
LAM = st.floats(0.01, 3.0)
BETA = st.floats(0.0, 0.99)


@functools.lru_cache(maxsize=1)
def _sympy_matrix():
    """The derived N as a function of (eta, lambda, beta), built once (subs per example is slow)."""
    N = acc.derive_nesterov_matrix().result["N"]
    return sp.lambdify((ETA_SYM, LAM_SYM, BETA_SYM), N, "numpy")


@given(ETA, LAM, BETA)
def test_numpy_matrix_is_the_sympy_matrix(eta, lam, beta):
    exact = np.asarray(_sympy_matrix()(eta, lam, beta), dtype=float)
    np.testing.assert_allclose(acc.nesterov_transition_matrix(eta, lam, beta), exact,
                               rtol=1e-12, atol=1e-12)


@given(ETA, LAM, st.floats(-0.9, 0.99), st.floats(-3.0, 3.0), st.integers(0, 25))
def test_matrix_powers_reproduce_the_iteration(eta, lam, beta, x0, steps):
    assume(acc.nesterov_spectral_radius(eta * lam, beta) < 1.5)
    path = nesterov(lambda x: lam * x, [x0], eta, beta, steps).ravel()
    N = acc.nesterov_transition_matrix(eta, lam, beta)
    state = np.array([0.0, x0])
    for t in range(steps + 1):
        assert state[1] == pytest.approx(path[t], rel=1e-9, abs=1e-9 * max(1.0, abs(x0)))
        state = N @ state


@given(st.floats(0.0, 3.0), st.floats(-0.95, 0.99))
def test_closed_form_eigenvalues_match_numpy(h, beta):
    trace, det = (1 + beta) * (1 - h), beta * (1 - h)
    assume(abs(trace * trace - 4 * det) > 1e-6)  # defective points lose digits in eigvals
    mine = acc.nesterov_eigenvalues(h, beta)
    theirs = np.linalg.eigvals(acc.nesterov_transition_matrix(h, 1.0, beta))
    theirs = theirs[np.argsort(-np.abs(theirs), kind="stable")]
    np.testing.assert_allclose(np.sort_complex(mine), np.sort_complex(theirs), atol=1e-12)
    assert acc.nesterov_spectral_radius(h, beta) == pytest.approx(np.abs(theirs).max(), abs=1e-12)
    assert abs(mine[0]) >= abs(mine[1]) - 1e-15


@given(st.floats(0.0, 3.0), st.floats(-0.99, 0.99))
def test_jury_predicate_matches_the_spectral_radius(h, beta):
    rho = acc.nesterov_spectral_radius(h, beta)
    assume(abs(rho - 1) > 1e-9)
    assert bool(acc.nesterov_converges(h, beta)) == bool(rho < 1)


@given(st.floats(0.05, 2.0), BETA, st.floats(0.5, 2.0))
def test_iterates_vanish_iff_inside_the_region(h, beta, x0):
    rho = acc.nesterov_spectral_radius(h, beta)
    assume(abs(rho - 1) > 0.05)
    path = nesterov(lambda x: h * x, [x0], 1.0, beta, 300).ravel()
    if rho < 1:
        assert abs(path[-1]) < 1e-3 * x0
    else:
        assert np.abs(path).max() > 10 * x0


def test_sympy_region_is_the_closed_form_edge():
    d = acc.derive_nesterov_region()
    (edge,) = [rel.rhs for rel in d.result.args if rel.lhs == H_SYM]
    b = np.linspace(0, 0.99, 50)
    np.testing.assert_allclose(sp.lambdify(BETA_SYM, edge, "numpy")(b), acc.nesterov_region_edge(b),
                               rtol=1e-15)
    assert d.checks and all(v in (0, sp.true) for v in d.checks.values())


def test_root_finding_finds_the_derived_edge():
    b = np.linspace(0, 0.99, 34)
    np.testing.assert_allclose(acc.nesterov_stability_boundary(b), acc.nesterov_region_edge(b),
                               rtol=0, atol=1e-10)


def test_numeric_map_confirms_the_region_on_a_1000_grid():
    check = acc.confirm_nesterov_region(n=1000)
    assert check.agreement == 1.0 and check.compared > 990_000
    assert check.disagreements.shape == (0, 2)


def test_confirmation_can_fail():
    # A wrong region (heavy ball's edge) must be caught by the map.
    m = acc.nesterov_rate_map(np.linspace(0, 3, 200), np.linspace(0, 0.9, 50))
    wrong = np.linspace(0, 3, 200)[None, :] < 2 + 2 * np.linspace(0, 0.9, 50)[:, None]
    assert np.any(wrong & ~m.converges)


def test_nesterov_region_is_smaller_than_heavy_balls():
    b = np.linspace(0.01, 0.99, 50)
    assert np.all(acc.nesterov_region_edge(b) < 2 + 2 * b)
    assert acc.nesterov_region_edge(0.0) == 2.0


@pytest.mark.parametrize("kappa", [4.0, 100.0])
def test_optimal_tuning_derived_closed_and_numeric(kappa):
    r = acc.derive_nesterov_optimal().result
    t = acc.nesterov_optimal(1.0, kappa)
    subs = {s: {"kappa": kappa, "mu": 1.0, "L": kappa}[s.name]
            for e in r.values() for s in e.free_symbols}
    assert t.eta == pytest.approx(float(r["eta"].subs(subs)), rel=1e-13)
    assert t.beta == pytest.approx(float(r["beta"].subs(subs)), rel=1e-13)
    assert t.rate == pytest.approx(float(r["rate"].subs(subs)), rel=1e-13)
    found = minimize_worst_rate(1.0, kappa, method="nesterov")
    assert found.rate == pytest.approx(t.rate, abs=1e-6)
    assert found.eta == pytest.approx(t.eta, rel=1e-4)


def test_beta_zero_is_gradient_descent():
    h = np.linspace(0, 2.5, 11)
    np.testing.assert_allclose(acc.nesterov_spectral_radius(h, 0.0), np.abs(1 - h), atol=1e-15)


@pytest.mark.parametrize("call, exc, name", [
    (lambda: acc.nesterov_transition_matrix(np.nan, 1.0, 0.5), ValueError, "eta"),
    (lambda: acc.nesterov_spectral_radius([1.0, 2.0], [0.1, 0.2, 0.3]), ValueError, "eta_lambda"),
    (lambda: acc.nesterov_eigenvalues(1.0, None), TypeError, "beta"),
    (lambda: acc.nesterov_region_edge(-0.2), ValueError, "beta"),
    (lambda: acc.nesterov_region_edge(1.0), ValueError, "beta"),
    (lambda: acc.confirm_nesterov_region(n=1), ValueError, "n"),
    (lambda: acc.nesterov_rate_map([[1.0]], [0.5]), ValueError, "eta_lambda"),
    (lambda: acc.nesterov_optimal(1.0, 0.5), ValueError, "L"),
])
def test_bad_input(call, exc, name):
    with pytest.raises(exc, match=name):
        call()


def test_region_comparison_draws_both_maps():
    import matplotlib.pyplot as plt
    from momentum_theory.plots import region_comparison

    axes = region_comparison(n=30)
    try:
        from momentum_theory.spectral import spectral_radius

        h, b = np.linspace(0, 4.2, 30)[None, :], np.linspace(0, 0.99, 30)[:, None]
        for ax, rho in zip(axes, (spectral_radius(h, b), acc.nesterov_spectral_radius(h, b))):
            shown = ax.images[0].get_array()
            mask = np.ma.getmaskarray(shown)
            np.testing.assert_allclose(np.ma.getdata(shown)[~mask], rho[~mask])
            np.testing.assert_array_equal(mask, rho >= 1)
    finally:
        plt.close(axes[0].figure)
    fig, ax = plt.subplots()
    try:
        assert region_comparison(ax=ax, n=20) is ax
        with pytest.raises(TypeError, match="ax"):
            region_comparison(ax=[ax, ax, ax], n=20)
    finally:
        plt.close(fig)


def test_example_script(tmp_path, run_example):
    import re

    text = run_example("beyond_nesterov.py", tmp_path)
    rows = re.findall(r"beta = ([\d.]+): edge by root finding = ([\d.]+); derived .*? = ([\d.]+); "
                      r"heavy ball 2 \+ 2 beta = ([\d.]+)", text)
    assert len(rows) == 5
    for beta, found, derived, hb in rows:
        b = float(beta)
        assert float(found) == pytest.approx((2 + 2 * b) / (1 + 2 * b), abs=1e-11)
        assert float(derived) == pytest.approx(float(found), abs=1e-11)
        assert float(hb) == pytest.approx(2 + 2 * b, abs=1e-11)
    assert "agrees with the derived region on 1.000000" in text
    assert (tmp_path / "theory_region_comparison.png").stat().st_size > 20_000


def test_nesterov_closed_form_past_the_float_range_of_t_squared():
    # |T| = |(1 + beta)(1 - h)| above ~1e154 overflowed T**2 (inf, or NaN when T itself
    # overflowed); now exact there. Two ways: 60-digit mpmath roots of the exact T and d,
    # and the method record's own radius.
    import mpmath

    from momentum_theory import methods

    h = np.array([1e155, 1e200, 1e300, 1.7e308, -1e200, -1.7e308, 0.5])[:, None]
    beta = np.array([0.0, 0.5, 0.99, -0.5])[None, :]
    rho = acc.nesterov_spectral_radius(h, beta)
    eig = acc.nesterov_eigenvalues(h, beta)
    record = methods.get("nesterov").spectral_radius(h, beta=beta)
    with mpmath.workdps(60):
        for i, j in np.ndindex(rho.shape):
            H, B = mpmath.mpf(float(h[i, 0])), mpmath.mpf(float(beta[0, j]))
            T, d = (1 + B) * (1 - H), B * (1 - H)
            disc = T * T - 4 * d
            exact = mpmath.sqrt(d) if disc < 0 else (abs(T) + mpmath.sqrt(disc)) / 2
            want = float(exact)                       # inf past the largest double
            assert rho[i, j] == pytest.approx(want, rel=4e-16) or rho[i, j] == want == np.inf
            assert np.abs(eig[i, j]).max() == pytest.approx(want, rel=4e-16) \
                or np.abs(eig[i, j]).max() == want == np.inf
            assert record[i, j] == pytest.approx(want, rel=4e-16) or record[i, j] == want
            assert not np.isnan(eig[i, j]).any()
