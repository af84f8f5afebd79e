"""Noisy gradients: the stationary covariance by SymPy, SciPy, exact rationals, a series and
Monte Carlo, and the noise floor."""
from fractions import Fraction

import numpy as np
import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

from momentum_theory import noise
from momentum_theory.spectral import transition_matrix


def stable_points():
    """(eta, lam, beta) with eta*lam at a fraction in (0.02, 0.95) of the edge 2 + 2*beta."""
    return st.tuples(st.floats(0.02, 0.95), st.floats(0.05, 10.0), st.floats(0.0, 0.95)).map(
        lambda p: (p[0] * (2 + 2 * p[2]) / p[1], p[1], p[2]))


def test_symbolic_covariance_solves_the_lyapunov_equation():
    d = noise.derive_stationary_covariance()
    eta, lam, beta, sigma, B = (d.symbols[k] for k in ("eta", "lambda", "beta", "sigma", "B"))
    R = sp.Matrix([[beta, lam], [-eta * beta, 1 - eta * lam]])
    w = sp.Matrix([1, -eta])
    residual = d.covariance - R * d.covariance * R.T - sigma ** 2 / B * w * w.T
    assert residual.applyfunc(sp.cancel) == sp.zeros(2, 2)
    assert d.covariance.T == d.covariance
    assert len(d.equations) == 3
    assert r"\operatorname{Var}" in d.latex() and d._repr_latex_().startswith("$")


def test_symbolic_variance_has_the_expected_limits():
    d = noise.derive_stationary_covariance()
    eta, lam, beta, sigma, B = (d.symbols[k] for k in ("eta", "lambda", "beta", "sigma", "B"))
    var = d.x_variance
    # Plain SGD: eta sigma^2 / (lambda (2 - eta lambda)) (a geometric series).
    k = sp.Symbol("k", integer=True, nonnegative=True)
    series = sp.summation((1 - eta * lam) ** (2 * k), (k, 0, sp.oo)).args[0][0] * eta ** 2 * sigma ** 2
    assert sp.simplify(var.subs({beta: 0, B: 1}) - series) == 0
    # Small steps: eta sigma^2 / (2 lambda (1 - beta)), i.e. the effective step.
    small = sp.limit(var / eta, eta, 0)
    assert sp.simplify(small - sigma ** 2 / (2 * lam * (1 - beta) * B)) == 0
    # The variance blows up at the edge of the stability region.
    assert sp.limit(var.subs({beta: sp.Rational(1, 2), lam: 1, sigma: 1, B: 1}), eta, 3, "-") == sp.oo


@given(stable_points(), st.floats(0.1, 3.0), st.integers(1, 64))
def test_closed_form_equals_scipy_lyapunov(point, sigma, batch):
    eta, lam, beta = point
    P = noise.stationary_covariance(eta, lam, beta, sigma, batch)
    closed = noise.stationary_variance(eta, lam, beta, sigma, batch)
    np.testing.assert_allclose(P[1, 1], closed, rtol=1e-7)
    # P really is a fixed point of the covariance recursion.
    R = transition_matrix(eta, lam, beta)
    w = np.array([1.0, -eta])
    np.testing.assert_allclose(R @ P @ R.T + sigma ** 2 / batch * np.outer(w, w), P, rtol=1e-7,
                               atol=1e-12 * np.abs(P).max())


@given(st.integers(1, 18), st.integers(1, 40), st.integers(1, 19))
def test_scipy_matches_exact_rational_solution(k, lam10, b20):
    beta = Fraction(b20, 20)
    lam = Fraction(lam10, 10)
    eta = Fraction(k, 20) * (2 + 2 * beta) / lam
    R = [[beta, lam], [-eta * beta, 1 - eta * lam]]
    w = [Fraction(1), -eta]
    # Unknowns P_vv, P_vx, P_xx: three linear equations, solved by Cramer's rule in Fractions.
    rows, rhs = [], []
    for i, j in ((0, 0), (0, 1), (1, 1)):
        coeff = [Fraction(0)] * 3
        index = {(0, 0): 0, (0, 1): 1, (1, 0): 1, (1, 1): 2}
        coeff[index[i, j]] += 1
        for a in range(2):
            for b in range(2):
                coeff[index[a, b]] -= R[i][a] * R[j][b]
        rows.append(coeff)
        rhs.append(w[i] * w[j])

    def det3(m):
        return (m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
                - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
                + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]))
    D = det3(rows)
    exact = []
    for col in range(3):
        m = [row[:] for row in rows]
        for r in range(3):
            m[r][col] = rhs[r]
        exact.append(det3(m) / D)
    P = noise.stationary_covariance(float(eta), float(lam), float(beta))
    np.testing.assert_allclose([P[0, 0], P[0, 1], P[1, 1]], [float(x) for x in exact], rtol=1e-8)


def test_covariance_equals_the_noise_series():
    eta, lam, beta, sigma = 0.3, 1.5, 0.6, 0.7
    R = transition_matrix(eta, lam, beta)
    w = sigma * np.array([1.0, -eta])
    total, term = np.zeros((2, 2)), np.outer(w, w)
    for _ in range(3000):
        total += term
        term = R @ term @ R.T
    np.testing.assert_allclose(noise.stationary_covariance(eta, lam, beta, sigma), total, rtol=1e-10)


@pytest.mark.parametrize("eta, lam, beta, batch", [(0.1, 1.0, 0.9, 1), (0.5, 2.0, 0.5, 4),
                                                   (0.05, 0.2, 0.0, 16), (1.5, 1.0, 0.9, 1)])
def test_monte_carlo_agrees_within_its_interval(eta, lam, beta, batch):
    exact = noise.stationary_covariance(eta, lam, beta, 1.3, batch)
    mc = noise.simulate_stationary_covariance(eta, lam, beta, 1.3, batch, chains=20000, seed=7)
    assert mc.contains(exact), (mc.lower, exact, mc.upper)
    assert mc.transient <= 1e-6
    # The interval is informative: a 15 % error in Var(x) would fall outside it.
    assert not mc.contains(exact * np.array([[1.0, 1.0], [1.0, 1.15]]))


def test_monte_carlo_is_deterministic_and_rejects_bad_arguments():
    a = noise.simulate_stationary_covariance(0.1, 1.0, 0.5, chains=500, seed=3)
    b = noise.simulate_stationary_covariance(0.1, 1.0, 0.5, chains=500, seed=3)
    np.testing.assert_array_equal(a.covariance, b.covariance)
    with pytest.raises(ValueError, match="confidence"):
        noise.simulate_stationary_covariance(0.1, 1.0, 0.5, confidence=1.5)
    with pytest.raises(ValueError, match="no stationary distribution"):
        noise.simulate_stationary_covariance(1.0, 4.0, 0.5)
    with pytest.raises(TypeError, match="eta"):
        noise.simulate_stationary_covariance("0.1", 1.0, 0.5)


def test_batch_size_divides_the_covariance():
    one = noise.stationary_covariance(0.2, 1.0, 0.7, 2.0, 1)
    np.testing.assert_allclose(noise.stationary_covariance(0.2, 1.0, 0.7, 2.0, 8), one / 8,
                               rtol=1e-12)
    np.testing.assert_allclose(noise.stationary_variance(0.2, 1.0, 0.7, 2.0, [1, 2, 8]),
                               one[1, 1] / np.array([1, 2, 8]), rtol=1e-12)


def test_stationary_covariance_broadcasts():
    P = noise.stationary_covariance([0.1, 0.2, 0.3], 1.0, [[0.0], [0.5]])
    assert P.shape == (2, 3, 2, 2)
    np.testing.assert_allclose(P[1, 2], noise.stationary_covariance(0.3, 1.0, 0.5), rtol=1e-14)


def test_noise_floor_sums_the_directions_and_is_inf_outside():
    lams = [0.2, 4.0]
    floor = noise.noise_floor(0.1, 0.5, lams, sigma=1.5, batch_size=2)
    parts = [0.5 * lam * noise.stationary_covariance(0.1, lam, 0.5, 1.5, 2)[1, 1] for lam in lams]
    assert floor == pytest.approx(sum(parts), rel=1e-12)
    assert noise.noise_floor(0.76, 0.5, lams) == np.inf      # 0.76 * 4 > 2 + 2 * 0.5
    assert np.isfinite(noise.noise_floor(0.74, 0.5, lams))
    est = noise.simulate_noise_floor(0.1, 0.5, lams, sigma=1.5, batch_size=2, chains=8000, seed=2)
    lo, hi = est.interval(3.0)
    assert lo < floor < hi


@pytest.mark.parametrize("kwargs, match", [
    (dict(eta=np.nan, lam=1.0, beta=0.5), "eta"), (dict(eta=0.1, lam=1.0, beta=1.0), "beta"),
    (dict(eta=0.1, lam=1.0, beta=0.5, sigma=-1), "sigma"),
    (dict(eta=0.1, lam=1.0, beta=0.5, batch_size=0), "batch_size"),
    (dict(eta=0.1, lam=-1.0, beta=0.5), "no stationary"), (dict(eta=3.0, lam=1.0, beta=0.4), "no stationary")])
def test_bad_arguments_are_named(kwargs, match):
    with pytest.raises((ValueError, TypeError), match=match):
        noise.stationary_covariance(**kwargs)
    with pytest.raises((ValueError, TypeError), match=match):
        noise.stationary_variance(**kwargs)


def test_noise_floor_validation():
    with pytest.raises(ValueError, match="lams"):
        noise.noise_floor(0.1, 0.5, [])
    with pytest.raises(ValueError, match="lams"):
        noise.noise_floor(0.1, 0.5, [1.0, -1.0])
    with pytest.raises(ValueError, match="batch_size"):
        noise.noise_floor(0.1, 0.5, [1.0], batch_size=0.5)
