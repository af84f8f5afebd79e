"""Finite-horizon worst case: polynomial vs iteration vs SymPy; exact max vs fine grid."""
from fractions import Fraction

import mpmath
import numpy as np
import pytest
import sympy as sp
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from numpy.polynomial import Polynomial

from momentum_theory.accelerated import nesterov_optimal
from momentum_theory.dynamics import heavy_ball, nesterov
from momentum_theory.symbolic import beta as BETA, eta as ETA, lambda_ as LAM, momentum_power, v0, x0
from momentum_theory.tuning import gd_optimal, heavy_ball_optimal, worst_rate
from momentum_theory.finite_horizon import MAX_STEPS, residual, residual_polynomial, worst_case

METHODS = st.sampled_from(["heavy_ball", "nesterov"])


@given(st.floats(0.05, 20.0), st.floats(0.01, 0.5), st.floats(-0.5, 0.95), st.integers(0, 30), METHODS)
def test_recursion_is_the_iteration(lam, eta, beta, n, method):
    iterate = heavy_ball if method == "heavy_ball" else nesterov
    path = iterate(lambda x: lam * x, [1.0], eta, beta, n).ravel()
    np.testing.assert_allclose(residual(lam, eta, beta, n, method=method), path,
                               rtol=1e-9, atol=1e-12 * np.abs(path).max())


@given(st.floats(0.1, 5.0), st.floats(1.0, 50.0), st.floats(0.01, 0.3), st.floats(0.0, 0.95),
       st.integers(0, 60), METHODS)
def test_chebyshev_polynomial_matches_the_recursion(mu, kappa, eta, beta, n, method):
    L = mu * kappa
    p = residual_polynomial(mu, L, eta, beta, n, method=method)
    assert p.degree() == n or n == 0
    lam = np.linspace(mu, L, 97)
    direct = residual(lam, eta, beta, n, method=method)[-1]
    scale = np.abs(direct).max() + 1e-300
    np.testing.assert_allclose(p(lam), direct, rtol=0, atol=1e-11 * scale)


@pytest.mark.parametrize("n", [0, 1, 2, 5])
def test_power_basis_coefficients_are_the_exact_sympy_ones(n):
    # x_n / x_0 from SymPy's R^n (exact rationals) vs our Chebyshev series converted.
    eta, beta = Fraction(1, 7), Fraction(2, 3)
    state = momentum_power(n).steps["state"][1].subs({v0: 0, x0: 1})
    exact = sp.Poly(state.subs({ETA: sp.Rational(1, 7), BETA: sp.Rational(2, 3)}), LAM)
    coeffs = [Fraction(int(c.p), int(c.q)) for c in reversed(exact.all_coeffs())]
    mine = residual_polynomial(0.5, 4.0, float(eta), float(beta), n).convert(kind=Polynomial).coef
    np.testing.assert_allclose(mine, [float(c) for c in coeffs], rtol=1e-11, atol=1e-14)


def fine_grid_max(mu, L, eta, beta, n, method, points=20001):
    lam = np.linspace(mu, L, points)
    values = residual(lam, eta, beta, n, method=method)[-1] ** 2
    return values.max(), lam[np.argmax(values)]


def stable_eta(scale, L, beta, method):
    """``scale`` (< 1) times the largest stable step for curvatures up to L."""
    top = 2 * (1 + beta) if method == "heavy_ball" else 2 * (1 + beta) / (1 + 2 * beta)
    return scale * top / L


@given(st.floats(0.1, 5.0), st.floats(1.5, 200.0), st.floats(0.15, 0.98), st.floats(0.0, 0.95),
       st.integers(1, 30), METHODS)
def test_exact_maximum_agrees_with_a_fine_grid(mu, kappa, eta_scale, beta, n, method):
    L = mu * kappa
    eta = stable_eta(eta_scale, L, beta, method)
    w = worst_case(mu, L, eta, beta, n, method=method)
    grid, _ = fine_grid_max(mu, L, eta, beta, n, method)
    # The exact maximum is never below a grid value, and a fine grid comes close.
    assert w.value >= grid * (1 - 1e-12)
    assert w.value <= grid * (1 + 1e-3) + 1e-300
    # It is attained where it says.
    assert residual(w.lam, eta, beta, n, method=method)[-1] ** 2 == pytest.approx(w.value, rel=1e-12, abs=0)
    assert mu <= w.lam <= L


def test_a_narrow_interior_peak_that_a_coarse_grid_misses():
    # Polyak's tuning: the ripples between the ends peak between grid points of
    # a coarse grid; the exact maximum over the interior must beat it.
    t = heavy_ball_optimal(1.0, 100.0)
    w = worst_case(2.0, 90.0, t.eta, t.beta, 60)
    coarse, _ = fine_grid_max(2.0, 90.0, t.eta, t.beta, 60, "heavy_ball", points=50)
    fine, _ = fine_grid_max(2.0, 90.0, t.eta, t.beta, 60, "heavy_ball", points=200001)
    assert coarse < w.value and w.value == pytest.approx(fine, rel=1e-8)
    assert 2.0 < w.lam < 90.0   # interior critical point, not an end


@given(st.floats(0.1, 5.0), st.floats(1.01, 100.0), st.integers(0, 40))
def test_gradient_descent_worst_case_is_the_rate_power(mu, kappa, n):
    L = mu * kappa
    g = gd_optimal(mu, L)
    w = worst_case(mu, L, g.eta, 0.0, n)
    assert w.value == pytest.approx(g.rate ** (2 * n), rel=1e-10, abs=1e-300)
    if g.rate > 0:
        assert w.constant == pytest.approx(1.0, rel=1e-9)
        np.testing.assert_allclose(w.history, g.rate ** (2.0 * np.arange(n + 1)), rtol=1e-10)


@given(st.floats(1.5, 400.0), st.integers(1, 40), METHODS)
def test_the_constant_is_the_smallest_valid_one(kappa, n, method):
    t = heavy_ball_optimal(1.0, kappa) if method == "heavy_ball" else nesterov_optimal(1.0, kappa)
    w = worst_case(1.0, kappa, t.eta, t.beta, n, method=method)
    steps = np.arange(n + 1)
    bound = w.bound(steps)
    assert np.all(w.history <= bound * (1 + 1e-12))
    assert np.any(np.isclose(w.history, bound, rtol=1e-12))       # tight somewhere
    assert w.history[0] == 1.0 and w.constant >= 1.0
    assert w.rho_max == pytest.approx(t.rate, abs=1e-7)
    assert w.ratio <= w.constant * (1 + 1e-12)


def test_polyak_transient_grows_linearly():
    # The ends of [mu, L] are critically damped: p_n ~ n rho^n there, so the
    # ratio value / rho^(2n) grows like n^2.
    t = heavy_ball_optimal(1.0, 100.0)
    r20 = worst_case(1.0, 100.0, t.eta, t.beta, 20).ratio
    r40 = worst_case(1.0, 100.0, t.eta, t.beta, 40).ratio
    assert 3.0 < r40 / r20 < 5.0


def test_degenerate_interval():
    w = worst_case(2.0, 2.0, 0.3, 0.5, 10)
    assert w.lam == 2.0 and w.value == pytest.approx(residual(2.0, 0.3, 0.5, 10)[-1] ** 2)


@pytest.mark.parametrize("call, exc, name", [
    (lambda: worst_case(1.0, 10.0, 0.1, 0.5, MAX_STEPS + 1), ValueError, "n"),
    (lambda: worst_case(1.0, 10.0, 0.1, 0.5, -1), ValueError, "n"),
    (lambda: worst_case(1.0, 10.0, 0.1, 0.5, 2.5), TypeError, "n"),
    (lambda: worst_case(0.0, 10.0, 0.1, 0.5, 5), ValueError, "mu"),
    (lambda: worst_case(1.0, 10.0, np.nan, 0.5, 5), ValueError, "eta"),
    (lambda: worst_case(1.0, 10.0, 0.1, 0.5, 5, method="adam"), ValueError, "method"),
    (lambda: residual([1.0], 0.1, "x", 5), TypeError, "beta"),
    (lambda: worst_case(1.0, 10.0, 0.1, np.inf, 5), ValueError, "beta"),
    (lambda: worst_case(np.nan, 10.0, 0.1, 0.5, 5), ValueError, "mu"),
    (lambda: worst_case(1.0, np.inf, 0.1, 0.5, 5), ValueError, "L"),
    (lambda: worst_case(-1.0, 10.0, 0.1, 0.5, 5), ValueError, "mu"),
    (lambda: worst_case(10.0, 1.0, 0.1, 0.5, 5), ValueError, "L"),
    (lambda: worst_case(1.0, 10.0, 0.1, 0.5, "5"), TypeError, "n"),
    (lambda: worst_case(1.0, 10.0, 0.1, 0.5, 5.0), TypeError, "n"),
    (lambda: worst_case(1.0, 10.0, 0.1, 0.5, 5, function_class="convex"), ValueError,
     "function_class"),
    (lambda: worst_case(1.0, 10.0, 0.1, 0.5, 5, function_class=None), TypeError, "function_class"),
    (lambda: worst_case(1.0, 10.0, 0.1, 0.5, 5, method="qhm"), ValueError, "method"),
])
def test_bad_input(call, exc, name):
    with pytest.raises(exc, match=name):
        call()


def test_worst_case_plot_draws_the_history():
    import matplotlib.pyplot as plt
    from momentum_theory.plots import worst_case_plot

    fig, ax = plt.subplots(layout="constrained")
    try:
        t = heavy_ball_optimal(1.0, 50.0)
        worst_case_plot(ax=ax, mu=1.0, L=50.0, n=12, tunings=[("polyak", t.eta, t.beta, "heavy_ball")])
        exact, asymptotic = ax.lines
        w = worst_case(1.0, 50.0, t.eta, t.beta, 12)
        np.testing.assert_allclose(exact.get_ydata(), w.history)
        np.testing.assert_allclose(asymptotic.get_ydata(), w.rho_max ** (2.0 * np.arange(13)))
        with pytest.raises(TypeError, match="tuning"):
            worst_case_plot(ax=ax, n=5, tunings=[(0.1, 0.5)])
    finally:
        plt.close(fig)


def test_example_script(tmp_path, run_example):
    import re

    text = run_example("beyond_worst_case.py", tmp_path)
    num = r"([\d.e+-]+)"
    rows = re.findall(rf"([\w.]+): n = 80: exact max \(x_n/x_0\)\^2 = {num} at lambda = {num}; "
                      rf"fine grid = {num}; rho_max = {num}; C = {num}", text)
    assert [r[0] for r in rows] == ["gd_optimal", "heavy_ball_polyak", "nesterov_optimal",
                                    "heavy_ball_beta_0.9"]
    for name, value, lam, grid, rho, c in rows:
        assert float(value) >= float(grid) * (1 - 1e-6)
        assert float(value) == pytest.approx(float(grid), rel=1e-5)
        assert 1.0 <= float(lam) <= 100.0 and float(c) >= 1.0
    gd = rows[0]
    assert float(gd[1]) == pytest.approx((99 / 101) ** 160, rel=1e-5) and float(gd[5]) == 1.0
    assert float(rows[1][4]) == pytest.approx(9 / 11, abs=1e-6)   # Polyak: (10 - 1)/(10 + 1)
    assert (tmp_path / "theory_worst_case.png").stat().st_size > 20_000


# --- Long horizons (issue 9): references in 50-digit arithmetic, by matrix powers ---------

def mp_residual(lam, eta, beta, n, method="heavy_ball"):
    """x_n / x_0 in mpmath: (x_n, x_{n-1}) = M^n (1, 1) by binary powering (x_{-1} = x_0)."""
    lam, eta, beta = mpmath.mpf(lam), mpmath.mpf(eta), mpmath.mpf(beta)
    if method == "heavy_ball":
        s, d = 1 + beta - eta * lam, beta
    else:
        s, d = (1 - eta * lam) * (1 + beta), (1 - eta * lam) * beta

    def mul(a, b):
        return (a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
                a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3])

    result, base = (mpmath.mpf(1), mpmath.mpf(0), mpmath.mpf(0), mpmath.mpf(1)), (s, -d, mpmath.mpf(1), mpmath.mpf(0))
    while n:
        if n & 1:
            result = mul(result, base)
        base = mul(base, base)
        n >>= 1
    return result[0] + result[1]


def np_residual_last(lam, eta, beta, n, method="heavy_ball"):
    """p_n on a grid in float64 by binary powering of the 2x2 matrix (log n products)."""
    lam = np.asarray(lam, dtype=float)
    if method == "heavy_ball":
        s, d = 1 + beta - eta * lam, beta + 0 * lam
    else:
        s, d = (1 - eta * lam) * (1 + beta), (1 - eta * lam) * beta
    base = np.zeros(lam.shape + (2, 2))
    base[..., 0, 0], base[..., 0, 1], base[..., 1, 0] = s, -d, 1.0
    result = np.broadcast_to(np.eye(2), base.shape).copy()
    while n:
        if n & 1:
            result = result @ base
        base = base @ base
        # keep the products in range: only the direction matters for locating maxima
        n >>= 1
    return result[..., 0, 0] + result[..., 0, 1]


def mp_worst(mu, L, eta, beta, n, method="heavy_ball", grids=(np.linspace,), points=20001, top=6):
    """Reference max of p_n^2 on [mu, L]: both ends, and the largest grid peaks refined by
    golden-section search in 50-digit arithmetic (the grid only says where to look)."""
    lam = np.concatenate([g(mu, L, points) for g in grids])
    lam = np.unique(np.clip(lam, mu, L))
    p = np.abs(np.nan_to_num(np_residual_last(lam, eta, beta, n, method)))
    peaks = np.flatnonzero((p[1:-1] >= p[:-2]) & (p[1:-1] >= p[2:])) + 1
    peaks = peaks[np.argsort(p[peaks])[::-1][:top]]
    with mpmath.workdps(50):
        best = max((mp_residual(x, eta, beta, n, method) ** 2, x) for x in (mu, L))
        phi = (mpmath.sqrt(5) - 1) / 2
        for i in peaks:
            a, b = mpmath.mpf(lam[i - 1]), mpmath.mpf(lam[i + 1])
            f = lambda x: -abs(mp_residual(x, eta, beta, n, method))
            c, d = b - phi * (b - a), a + phi * (b - a)
            fc, fd = f(c), f(d)
            for _ in range(64):
                if fc < fd:
                    b, d, fd = d, c, fc
                    c = b - phi * (b - a)
                    fc = f(c)
                else:
                    a, c, fc = c, d, fd
                    d = a + phi * (b - a)
                    fd = f(d)
            x = (a + b) / 2
            best = max(best, (mp_residual(x, eta, beta, n, method) ** 2, x))
    return float(best[0]), float(best[1])


def near_ends(width):
    """Grids that crowd points into the lobes next to each end of the interval."""
    return (np.linspace,
            lambda mu, L, k: np.linspace(mu, mu + width * (L - mu), k),
            lambda mu, L, k: np.linspace(L - width * (L - mu), L, k))


@pytest.mark.parametrize("mu, L, eta, beta, n, method, width", [
    (0.01, 1.0, 0.2, 0.0, 300, "heavy_ball", 1.0),        # the input of issue 9
    (0.01, 1.0, 0.2, 0.0, 100_000, "heavy_ball", 1e-3),
    (0.01, 1.0, 0.2, 0.3, 300, "heavy_ball", 1.0),
    (0.01, 1.0, 0.2, 0.3, 100_000, "heavy_ball", 1e-3),
    (0.5, 3.0, 1.0, 0.9, 2000, "heavy_ball", 0.05),       # interior maximum, complex regime
    (0.5, 3.0, 1.0, 0.995, 100_000, "heavy_ball", 2e-3),
    (0.01, 1.0, 0.2, 0.3, 300, "nesterov", 1.0),
    (0.26342217888551184, 18.7066753381361, 0.01865227517643777, 0.998661065779657, 100_000,
     "nesterov", 2e-3),                                   # interior maximum next to mu
    (0.01, 1.0, 0.2, 0.3, 100_000, "nesterov", 1e-3),
    (0.5, 3.0, 1.0, 0.9999, 100_000, "heavy_ball", 2e-3),  # 1 - rho = 5e-5: no cancellation
    (1e-6, 1e-3, 1.0, 0.9999, 100_000, "nesterov", 2e-3),
])
def test_long_horizons_match_a_50_digit_reference(mu, L, eta, beta, n, method, width):
    w = worst_case(mu, L, eta, beta, n, method=method)
    ref, ref_lam = mp_worst(mu, L, eta, beta, n, method, grids=near_ends(width))
    assert 0 < ref < np.inf
    assert w.value == pytest.approx(ref, rel=1e-12, abs=0)
    assert w.lam == pytest.approx(ref_lam, rel=1e-6)
    if beta > 0.8:
        assert mu < w.lam < L      # the cases meant to exercise an interior critical point do
    # the value is attained where it says, in 50 digits
    with mpmath.workdps(50):
        assert w.value == pytest.approx(float(mp_residual(w.lam, eta, beta, n, method) ** 2), rel=1e-12, abs=0)
    # and an earlier horizon of the history too
    t = n // 3
    ref_t, _ = mp_worst(mu, L, eta, beta, t, method, grids=near_ends(width))
    assert w.history[t] == pytest.approx(ref_t, rel=1e-12, abs=0)


def test_the_issue_input_is_gradient_descent_and_its_maximum_is_at_mu():
    # beta = 0: p_n = (1 - eta lambda)^n, largest at lambda = mu: 0.998^600 exactly.
    w = worst_case(0.01, 1.0, 0.2, 0.0, 300)
    with mpmath.workdps(50):
        exact = float((1 - mpmath.mpf(0.2) * mpmath.mpf(0.01)) ** 600)
    assert w.value == pytest.approx(exact, rel=1e-13, abs=0) and w.lam == 0.01
    assert w.history == pytest.approx(np.exp(np.arange(301) * 2 * np.log1p(-0.2 * 0.01)), rel=1e-12, abs=0)


@pytest.mark.parametrize("n", [1000, 10_000])
def test_long_horizon_against_a_fine_grid(n):
    # Polyak's tuning for [1, 100] on [2, 90]: every lobe of p_n is in the complex regime.
    t = heavy_ball_optimal(1.0, 100.0)
    w = worst_case(2.0, 90.0, t.eta, t.beta, n)
    lam = np.linspace(2.0, 90.0, 40 * n + 1)
    grid = np_residual_last(lam, t.eta, t.beta, n) ** 2
    assert w.value >= grid.max() * (1 - 1e-9)
    assert w.value <= grid.max() * (1 + 1e-2)
    assert 2.0 <= w.lam <= 90.0


@settings(max_examples=60)
@given(st.floats(0.01, 2.0), st.floats(1.0, 1000.0), st.floats(0.05, 0.98), st.floats(-0.9, 0.999),
       st.integers(100, 20_000), METHODS)
def test_long_horizon_never_below_sampled_curvatures(mu, kappa, eta_scale, beta, n, method):
    if method == "nesterov":
        beta = abs(beta)
    L = mu * kappa
    eta = stable_eta(eta_scale, L, beta, method)
    assume(worst_rate(mu, L, eta, beta, method=method) < 1)
    w = worst_case(mu, L, eta, beta, n, method=method)
    assert mu <= w.lam <= L and w.history.shape == (n + 1,) and w.history[0] == 1.0
    lam = np.concatenate([np.linspace(mu, L, 2001), w.lam + (L - mu) * np.linspace(-1e-3, 1e-3, 201)])
    lam = np.clip(lam, mu, L)
    grid = np_residual_last(lam, eta, beta, n, method) ** 2
    assert w.value >= grid.max() * (1 - 1e-9) - 1e-300
    # attained at w.lam (the grid includes it)
    at = np_residual_last(w.lam, eta, beta, n, method) ** 2
    assert w.value == pytest.approx(at, rel=1e-8, abs=1e-300)


@pytest.mark.parametrize("kwargs, exc, name", [
    (dict(mu=1.0, L=10.0, eta=0.5, beta=0.5, n=5), ValueError, "eta"),            # eta L = 5 > 3
    (dict(mu=1.0, L=10.0, eta=-0.1, beta=0.5, n=5), ValueError, "eta"),
    (dict(mu=1.0, L=10.0, eta=0.1, beta=1.0, n=5), ValueError, "beta"),
    (dict(mu=1.0, L=10.0, eta=0.1, beta=-1.5, n=5), ValueError, "beta"),
    (dict(mu=1.0, L=10.0, eta=0.19, beta=0.9, n=5, method="nesterov"), ValueError, "eta"),
    (dict(mu=1.0, L=10.0, eta=0.1, beta=0.5, n=301), None, None),                 # was refused
])
def test_unstable_tunings_are_refused_and_long_horizons_accepted(kwargs, exc, name):
    if exc is None:
        assert worst_case(**kwargs).history.shape == (302,)
        return
    with pytest.raises(exc, match=name):
        worst_case(**kwargs)


@pytest.mark.parametrize("mu, L, n", [(1.0, 100.0, 301), (1e-2, 1e2, 3000), (1e-4, 1e4, 100_000)])
def test_polyak_tuning_with_both_ends_critically_damped(mu, L, n):
    # Both ends sit on the critical-damping curves (theta = 0 and pi, where p_t is a
    # 0 * inf limit of the closed form): the maximum is at an end, ~ (n rho^n)^2.
    t = heavy_ball_optimal(mu, L)
    w = worst_case(mu, L, t.eta, t.beta, n)
    with mpmath.workdps(50):
        ends = [float(mp_residual(x, t.eta, t.beta, n) ** 2) for x in (mu, L)]
    ref, _ = mp_worst(mu, L, t.eta, t.beta, n, grids=near_ends(1e-3))
    assert 0 < ref == max(ends) and w.lam in (mu, L)
    assert w.value == pytest.approx(ref, rel=1e-12, abs=0)
    for k in (2, 3, 17, n // 2):   # early horizons too: there the interior can win
        ref_k, _ = mp_worst(mu, L, t.eta, t.beta, k, grids=near_ends(1e-3))
        assert w.history[k] == pytest.approx(ref_k, rel=1e-12, abs=0)


@pytest.mark.parametrize("mu, L, eta, beta", [
    (1.0, 2.0, 0.9375000000000001, -0.4),      # found by hypothesis (the explore profile)
    (1.0, 5.0, 0.5, -0.4), (1.0, 3.0, 0.75, -0.4)])   # found by a scan: 1.77x, 1.02x
def test_nesterov_negative_momentum_lobes_next_to_eta_lambda_one(mu, L, eta, beta):
    # Nesterov with beta < 0: the roots turn complex at eta*lam = 1, where rho = 0,
    # and the lobe next to that end used to be skipped (the rounded cos(pi/2) is
    # +6e-17 where the piece has cos < 0, so d log(rho)/d theta got the wrong
    # infinity): the history missed interior maxima by up to 150x.
    assert mu < 1 / eta < L
    w = worst_case(mu, L, eta, beta, 12, method="nesterov")
    for k in range(2, 13):
        ref, _ = mp_worst(mu, L, eta, beta, k, method="nesterov")
        assert w.history[k] == pytest.approx(float(ref), rel=1e-10), k


@given(st.floats(1.2, 30.0), st.floats(0.0, 1.0), st.floats(-0.45, -0.01), st.integers(2, 30))
def test_nesterov_negative_momentum_with_eta_lambda_one_inside_against_a_grid(L, where, beta, n):
    # The same shape at random: 1/eta anywhere inside [1, L] (stable there).
    eta = 1 / (1 + where * (L - 1))
    assume(1 < 1 / eta < L and worst_rate(1.0, L, eta, beta, method="nesterov") < 0.999)
    w = worst_case(1.0, L, eta, beta, n, method="nesterov")
    lam = np.linspace(1.0, L, 4001)
    grid = (residual(lam, eta, beta, n, method="nesterov") ** 2).max(axis=1)
    assert np.all(w.history >= grid * (1 - 1e-9) - 1e-24)


@settings(max_examples=100)
@given(st.floats(0.1, 5.0), st.floats(1.0, 100.0), st.floats(0.05, 0.98), st.floats(-0.9, 0.99),
       st.integers(2, 400), METHODS)
def test_whole_history_against_a_fine_grid_negative_momentum_included(mu, kappa, eta_scale, beta, n, method):
    if method == "nesterov":
        beta = max(beta, -0.4)
    L = mu * kappa
    eta = stable_eta(eta_scale, L, beta, method)
    assume(worst_rate(mu, L, eta, beta, method=method) < 1)
    w = worst_case(mu, L, eta, beta, n, method=method)
    lam = np.linspace(mu, L, 5001)
    grid = (residual(lam, eta, beta, n, method=method) ** 2).max(axis=1)
    # The float64 recursion behind the grid carries an absolute error of a few
    # ulp per step in p_t, relative to the largest |p_s| so far (1 - eta*lam
    # rounds: within an ulp of 1 it gives 0 where the exact factor is ~1e-17;
    # a decaying Nesterov history loses relative accuracy by cancellation), so
    # the comparison gets an absolute slack on p_t^2.
    err_p = 1e-13 * (1 + np.arange(n + 1)) * np.sqrt(np.maximum.accumulate(grid))
    slack = 2 * np.sqrt(grid) * err_p + err_p ** 2     # (|p| + err)^2 - p^2
    assert np.all(w.history >= grid * (1 - 1e-10) - slack)   # never below any curvature
    small = np.arange(n + 1) <= 40                             # where the grid resolves every lobe
    assert np.all(w.history[small] <= grid[small] * (1 + 1e-2) + slack[small])
    # every history entry is attained at its maximiser (the recursion, t by t)
    assert np.all((mu <= w.maximisers) & (w.maximisers <= L))
    at = residual(w.maximisers, eta, beta, n, method=method) ** 2
    np.testing.assert_allclose(w.history, np.diagonal(at), rtol=1e-9, atol=slack.max())


@settings(max_examples=12)
@given(st.floats(0.01, 2.0), st.floats(1.0, 1000.0), st.floats(0.05, 0.98), st.floats(0.0, 0.999),
       st.sampled_from([301, 2000]), METHODS)
def test_random_stable_tunings_match_a_50_digit_reference(mu, kappa, eta_scale, beta, n, method):
    L = mu * kappa
    eta = stable_eta(eta_scale, L, beta, method)
    assume(worst_rate(mu, L, eta, beta, method=method) < 1)
    w = worst_case(mu, L, eta, beta, n, method=method)
    assume(1e-300 < w.value)
    ref, _ = mp_worst(mu, L, eta, beta, n, method, grids=near_ends(2e-2) + near_ends(2e-4)[1:])
    assert w.value == pytest.approx(ref, rel=1e-12, abs=0)


def test_worst_case_displays_itself():
    from html.parser import HTMLParser

    w = worst_case(1.0, 10.0, 0.1, 0.5, 20)
    text = str(w)
    assert f"{w.value:.6e}" in text and f"{w.constant:.6g}" in text and "heavy ball" in text
    assert repr(w).startswith("<WorstCase heavy_ball n=20")
    cells = []

    class Cells(HTMLParser):
        def handle_data(self, data):
            cells.append(data)

    Cells().feed(w._repr_html_())
    assert "constant C" in cells and any(f"{w.value:.6e}" in c for c in cells)
