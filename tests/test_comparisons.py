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


@pytest.mark.parametrize("name", ["gd", "heavy_ball", "nesterov", "two_step", "qhm",
                                  "triple_momentum"])
def test_method_map_derived_region_agrees_with_the_spectral_radius(name):
    from momentum_theory import methods

    m = comparisons.method_map(methods.get(name), n=60)
    assert m.agreement == 1.0 and m.compared + m.excluded == m.rho.size
    record = methods.get(name)
    assert m.axis == (record.params[0] if record.params else None)
    assert set(m.fixed) == set(record.params[1:])
    # the map's edge is inside the grid: some points converge, some do not
    assert m.derived.any() and not m.derived.all()
    # third way: the record's exact membership test
    kw = dict(m.fixed)
    if m.axis:
        kw[m.axis] = m.values[:, None]
    exact = np.broadcast_to(record.converges(m.eta_lambda, **kw), m.rho.shape)
    keep = np.abs(m.rho - 1) >= m.band
    assert np.array_equal(exact[keep], m.derived[keep])


def test_method_map_fixes_the_others_and_refuses_the_axis_or_unknown_names():
    m = comparisons.method_map("two_step", n=20, fixed={"gamma": 0.25})
    assert m.fixed == {"gamma": 0.25} and "gamma = 0.25" in m.settings()
    with pytest.raises(ValueError, match="second axis"):
        comparisons.method_map("two_step", n=20, fixed={"beta": 0.5})
    with pytest.raises(TypeError, match="no parameter 'delta'"):
        comparisons.method_map("two_step", n=20, fixed={"delta": 0.5})
    with pytest.raises(ValueError, match="gamma"):
        comparisons.method_map("two_step", n=20, fixed={"gamma": float("nan")})
    with pytest.raises(ValueError, match="name must be one of"):
        comparisons.method_map("nope")
    assert comparisons.axis_range(comparisons_record("two_step"), "gamma") == (-1.0, 2.0)


def comparisons_record(name):
    from momentum_theory import methods

    return methods.get(name)


def test_method_comparison_tunes_and_takes_worst_cases_from_the_records():
    c = comparisons.method_comparison(1.0, 100.0, n=20, kappas=(10.0, 100.0),
                                      names=["gd", "heavy_ball", "triple_momentum"])
    assert c.kappa == 100.0 and set(c.tuned) == {"gd", "heavy_ball", "triple_momentum"}
    assert c.rates[100.0]["heavy_ball"] == pytest.approx(9 / 11, rel=1e-12)
    assert c.rates[10.0]["triple_momentum"] == pytest.approx(1 - 1 / np.sqrt(10), rel=1e-12)
    for name, w in c.worst.items():
        assert w.n == 20 and 0 < w.value <= w.constant * w.rho_max ** 40 * (1 + 1e-9)
        assert w.rho_max == pytest.approx(c.tuned[name].rate, abs=1e-6)
