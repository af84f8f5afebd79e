"""Closed-form spectral quantities of R against independent computations."""
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from momentum_theory import spectral as sp

h_values = st.floats(0.0, 6.0, allow_nan=False)
beta_values = st.floats(-0.99, 0.99, allow_nan=False)


def _distance_to_critical_curves(h, beta):
    if beta < 0:
        return np.inf
    r = np.sqrt(beta)
    return min(abs(h - (1 - r) ** 2), abs(h - (1 + r) ** 2))


def test_transition_matrix_entries_and_broadcasting():
    R = sp.transition_matrix([0.1, 0.2], 3.0, [[0.5], [0.9]])
    assert R.shape == (2, 2, 2, 2)
    np.testing.assert_allclose(R[1, 0], [[0.9, 3.0], [-0.1 * 0.9, 1 - 0.3]])
    # R applied to (v, x) must be one momentum step: v' = beta v + lam x; x' = x - eta v'.
    eta, lam, beta, v, x = 0.3, 2.0, 0.7, 0.4, -1.5
    v_new = beta * v + lam * x
    x_new = x - eta * v_new
    np.testing.assert_allclose(sp.transition_matrix(eta, lam, beta) @ [v, x], [v_new, x_new])


@given(h_values, beta_values)
def test_eigenvalues_match_numpy_eigvals(h, beta):
    assume(_distance_to_critical_curves(h, beta) > 1e-3)
    mu = sp.transition_eigenvalues(h, beta)
    ref = np.linalg.eigvals(sp.transition_matrix(h, 1.0, beta))
    ref = ref[np.argsort(-np.abs(ref), kind="stable")]
    assert np.abs(mu[0]) >= np.abs(mu[1]) * (1 - 1e-15)
    np.testing.assert_allclose(np.sort_complex(mu), np.sort_complex(ref), atol=1e-12, rtol=1e-12)
    # Vieta: product is det R = beta, sum is trace R = 1 + beta - h.
    assert abs(mu[0] * mu[1] - beta) < 1e-12
    assert abs(mu[0] + mu[1] - (1 + beta - h)) < 1e-12


@given(h_values, beta_values)
def test_spectral_radius_matches_eigvals(h, beta):
    assume(_distance_to_critical_curves(h, beta) > 1e-3)
    ref = np.max(np.abs(np.linalg.eigvals(sp.transition_matrix(h, 1.0, beta))))
    assert sp.spectral_radius(h, beta) == pytest.approx(ref, rel=1e-12, abs=1e-14)


@given(st.floats(0.0, 0.999), st.floats(0.0, 1.0))
def test_complex_regime_radius_is_exactly_sqrt_beta(beta, s):
    lo, hi = (1 - np.sqrt(beta)) ** 2, (1 + np.sqrt(beta)) ** 2
    h = lo + s * (hi - lo)
    # Decide the regime exactly: next to the critical curves the float64
    # discriminant can have the wrong sign.
    hq, bq = Fraction(h), Fraction(beta)
    assume((1 + bq - hq) ** 2 - 4 * bq < 0)
    assert sp.spectral_radius(h, beta) == np.sqrt(beta)


@given(st.integers(-1023, 1023))
def test_radius_is_one_on_the_upper_edge(k):
    # Dyadic beta makes 2 + 2*beta exact, so the input lies exactly on the edge
    # (near beta = 1 a rounded edge would move rho by ~eps / (1 - beta)).
    beta = k / 1024
    assert sp.spectral_radius(2 + 2 * beta, beta) == pytest.approx(1.0, abs=4.5e-16)


def test_documented_value_and_scalar_in_scalar_out():
    rho = sp.spectral_radius(2.4, 0.25)
    assert np.ndim(rho) == 0
    assert rho == pytest.approx(0.8589454172900134, rel=1e-15)
    assert sp.spectral_radius([[1.0], [2.0]], [0.1, 0.2, 0.3]).shape == (2, 3)


def test_spectral_radius_by_exact_power_iteration():
    # Independent of any eigen-solver: ||R^t||^(1/t) -> rho, with R^t in exact rationals.
    h, beta = Fraction(3, 10), Fraction(1, 10)  # real regime, distinct roots
    R = [[beta, Fraction(1)], [-h * beta, 1 - h]]
    P = [[Fraction(1), Fraction(0)], [Fraction(0), Fraction(1)]]
    t = 200
    for _ in range(t):
        P = [[sum(P[i][k] * R[k][j] for k in range(2)) for j in range(2)] for i in range(2)]
    growth = float(max(abs(e) for row in P for e in row)) ** (1 / t)
    assert growth == pytest.approx(sp.spectral_radius(0.3, 0.1), rel=2e-2)


@given(st.floats(0.05, 3.0), beta_values, st.floats(0.5, 2.0))
def test_convergence_iff_radius_below_one(h, beta, x0):
    rho = sp.spectral_radius(h, beta)
    assume(abs(rho - 1) > 0.05)
    state = np.array([0.0, x0])
    R = sp.transition_matrix(h, 1.0, beta)
    for _ in range(400):
        state = R @ state
    if rho < 1:
        assert abs(state[1]) < 1e-3 * x0
    else:
        assert np.max(np.abs(state)) > 10 * x0


def test_beta_zero_is_gradient_descent():
    h = np.linspace(0, 3, 31)
    np.testing.assert_allclose(sp.spectral_radius(h, 0.0), np.abs(1 - h), atol=1e-15)


def test_stability_boundary_agrees_with_derived_edge():
    beta = np.linspace(-0.999, 0.999, 401)
    edge = sp.stability_boundary(beta)
    np.testing.assert_allclose(edge, 2 + 2 * beta, rtol=0, atol=1e-10)
    assert np.ndim(sp.stability_boundary(0.3)) == 0


def test_stability_boundary_rejects_beta_outside_unit_interval():
    with pytest.raises(ValueError, match="beta"):
        sp.stability_boundary(1.0)
    with pytest.raises(ValueError, match="beta"):
        sp.stability_boundary([0.2, -1.5])


def test_rate_map_shape_and_mask():
    m = sp.rate_map(np.linspace(0, 5, 11), np.array([0.0, 0.5]))
    assert m.rho.shape == (2, 11)
    np.testing.assert_array_equal(m.converges, m.rho < 1)
    with pytest.raises(ValueError, match="eta_lambda"):
        sp.rate_map([[1.0, 2.0]], [0.1])


def test_confirm_region_on_chapter_grid_with_explicit_predicate():
    check = sp.confirm_region(n=1000, region=lambda h, b: (0 < h) & (h < 2 + 2 * b))
    assert check.agreement == 1.0
    assert check.compared > 0.99 * 1000 * 1000
    assert check.disagreements.shape == (0, 2)


def test_confirm_region_detects_a_wrong_region():
    check = sp.confirm_region(n=200, region=lambda h, b: (0 < h) & (h < 2 + b))
    assert check.agreement < 0.95
    assert len(check.disagreements) > 0


@pytest.mark.parametrize("bad, exc", [(np.nan, ValueError), (np.inf, ValueError),
                                      ("0.5", TypeError), (None, TypeError),
                                      (1 + 2j, TypeError), (True, TypeError)])
def test_bad_inputs_name_the_argument(bad, exc):
    with pytest.raises(exc, match="beta"):
        sp.spectral_radius(1.0, bad)
    with pytest.raises(exc, match="eta_lambda"):
        sp.transition_eigenvalues(bad, 0.5)
    with pytest.raises(exc, match="lam"):
        sp.transition_matrix(0.1, bad, 0.5)


def test_mismatched_shapes_are_reported():
    with pytest.raises(ValueError, match="eta_lambda.*beta"):
        sp.spectral_radius(np.zeros(3), np.zeros(4))


def _relative_error_of_edge(found, beta):
    exact = 2 + 2 * Fraction(beta)
    return abs(float((Fraction(float(found)) - exact) / exact))


def _beta_near(centre, direction, steps=4):
    x, out = centre, []
    for _ in range(steps):
        x = np.nextafter(x, direction)
        out.append(float(x))
    return out


EDGE_BETAS = (_beta_near(-1.0, 1.0) + [-1 + 1e-15, -1 + 1e-12, -1 + 1e-8, -0.999]
              + _beta_near(0.0, 1.0) + _beta_near(0.0, -1.0) + [0.0, 1e-300, -1e-20, 0.3]
              + _beta_near(1.0, -1.0) + [1 - 1e-15, 1 - 1e-12, 0.999])


def test_stability_boundary_is_relatively_accurate_near_minus_one_zero_and_one():
    found = sp.stability_boundary(np.array(EDGE_BETAS))
    errors = [_relative_error_of_edge(f, b) for f, b in zip(found, EDGE_BETAS)]
    assert max(errors) <= 1e-14, dict(zip(EDGE_BETAS, errors))
    # One beta at a time takes the same path.
    assert _relative_error_of_edge(sp.stability_boundary(-1 + 1e-15), -1 + 1e-15) <= 1e-14


@given(st.one_of(st.floats(-1.0, 1.0, exclude_min=True, exclude_max=True),
                st.floats(1e-16, 1e-9).map(lambda d: -1.0 + d)))
def test_stability_boundary_relative_error_against_exact_rationals(beta):
    assert _relative_error_of_edge(sp.stability_boundary(beta), beta) <= 1e-12


# --- size limits and bounded memory (issue 9) ---------------------------------

@pytest.mark.parametrize("call, names", [
    (lambda: sp.rate_map(np.zeros(10 ** 5), np.zeros(10 ** 5)), ("eta_lambda", "beta")),
    (lambda: sp.spectral_radius(np.zeros((10 ** 5, 1)), np.zeros(10 ** 5)), ("eta_lambda", "beta")),
    (lambda: sp.transition_eigenvalues(np.zeros((10 ** 5, 1)), np.zeros(10 ** 5)), ("eta_lambda",)),
    (lambda: sp.transition_matrix(np.zeros((10 ** 5, 1)), 1.0, np.zeros(10 ** 5)), ("eta", "lam")),
    (lambda: sp.in_region(np.zeros((10 ** 5, 1)), np.zeros(10 ** 5)), ("eta_lambda", "beta")),
    (lambda: sp.confirm_region(n=10 ** 5), ("n",)),
])
def test_results_beyond_the_size_limit_are_refused_up_front(call, names):
    with pytest.raises(ValueError, match="GiB") as info:
        call()
    for name in names:
        assert name in str(info.value)


def test_confirm_region_in_blocks_equals_the_whole_grid(monkeypatch):
    # Whole-grid reference, computed the unchunked way, with a region that
    # disagrees on purpose (h < 1.9 + 2 beta), so disagreements are listed.
    region = lambda h, b: (0 < h) & (h < 1.9 + 2 * b)           # noqa: E731
    n, top = 301, 5.0
    h = np.linspace(0.0, top, n)
    b = np.linspace(0.0, 1.0, n, endpoint=False)
    H, B = np.meshgrid(h, b)
    rho = sp.spectral_radius(H, B)
    keep = np.abs(rho - 1.0) >= 1e-9
    differ = keep & (region(H, B) != (rho < 1.0))
    monkeypatch.setattr(sp, "_REGION_BLOCK", 1000)               # 3 rows per block
    got = sp.confirm_region(n=n, eta_lambda_max=top, region=region)
    assert got.compared == keep.sum() and got.excluded == (~keep).sum()
    np.testing.assert_array_equal(got.disagreements, np.column_stack([H[differ], B[differ]]))
    assert got.agreement == 1.0 - differ.sum() / keep.sum() < 1.0


def test_region_confirmation_displays_itself():
    from html.parser import HTMLParser

    from momentum_theory.spectral import confirm_region

    check = confirm_region(n=60)
    assert str(check) == check.summary() and f"{check.compared}" in str(check)
    assert repr(check).startswith("<RegionConfirmation agreement=1.000000")
    cells = []

    class Cells(HTMLParser):
        def handle_data(self, data):
            cells.append(data)

    Cells().feed(check._repr_html_())
    assert "points compared" in cells and f"{check.compared}" in cells
