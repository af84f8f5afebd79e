"""Numbers computed two ways: each record agrees with a third computation."""
import numpy as np
import pytest

from momentum_theory import comparisons, spectral


def test_edge_comparison_is_the_root_of_rho_minus_one():
    for c in comparisons.edge_comparison([0.0, 0.3, 0.8]):
        assert c.derived == 2 + 2 * c.beta and c.difference < 1e-9
        # third way: the radius crosses 1 at the edge found
        assert spectral.spectral_radius(c.found - 1e-6, c.beta) < 1 < spectral.spectral_radius(
            c.found + 1e-6, c.beta)


def test_tuning_comparison_agrees_with_the_closed_forms():
    c = comparisons.tuning_comparison(1.0, 100.0)
    assert c.kappa == 100.0 and c.rate_gap < 1e-5
    assert c.heavy_ball.rate == pytest.approx(9 / 11, rel=1e-12)  # (sqrt k - 1)/(sqrt k + 1)
    assert c.gd.rate == pytest.approx(99 / 101, rel=1e-12)  # (k - 1)/(k + 1)
    gd, nag, hb = c.steps(1e-6)
    assert hb < nag < gd
    assert "kappa = 100" in str(c)


def test_noise_comparison_three_ways():
    c = comparisons.noise_comparison(0.1, 1.0, 0.9)
    assert c.agrees is True
    # fourth way: the Lyapunov fixed point P = R P R^T + w w^T by iteration
    R = spectral.transition_matrix(0.1, 1.0, 0.9)
    w = np.array([[1.0], [-0.1]])
    P = np.zeros((2, 2))
    for _ in range(5000):
        P = R @ P @ R.T + w @ w.T
    assert P[1, 1] == pytest.approx(c.closed_form, rel=1e-9)
