"""The counterexample beyond quadratics (momentum_theory.nonquadratic), each fact two ways.

The function is checked against the pieces of f' as Lessard, Recht & Packard
state them and against numerical integration; the cycle against the
heavy-ball recurrence in exact rational arithmetic and against SciPy's root
finder on the period map; convergence on quadratics against eigenvalues and
against simulation.
"""
import math
import re
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, strategies as st

from momentum_theory import methods
from momentum_theory.nonquadratic import (BREAKPOINTS, Cycle, PolyakCounterexample,
                                          polyak_counterexample)


@pytest.fixture(scope="module")
def ce():
    return polyak_counterexample()


def paper_grad(x):
    """f' exactly as stated for mu = 1, L = 25."""
    return 25 * x if x < 1 else (x + 24 if x < 2 else 25 * x - 24)


def test_the_paper_parameters_and_polyak_tuning(ce):
    assert (ce.mu, ce.L, ce.x0) == (1.0, 25.0, 3.3)
    assert ce.eta == pytest.approx(4 / (5 + 1) ** 2, rel=1e-15) == pytest.approx(1 / 9)
    assert ce.beta == pytest.approx(((5 - 1) / (5 + 1)) ** 2, rel=1e-15)
    assert ce.beta == pytest.approx(4 / 9, rel=1e-15)


def test_grad_is_the_papers_piecewise_derivative(ce):
    xs = np.concatenate([np.linspace(-5, 5, 2001), [1.0, 2.0, np.nextafter(1, 0),
                                                    np.nextafter(2, 0)]])
    want = np.array([paper_grad(x) for x in xs])
    np.testing.assert_allclose(ce.grad(xs), want, rtol=1e-15, atol=1e-13)


def test_f_is_the_integral_of_grad_from_zero(ce):
    from scipy.integrate import quad

    for x in (-3.0, -0.5, 0.7, 1.0, 1.5, 2.0, 2.5, 4.0):
        integral, err = quad(lambda t: float(ce.grad(t)), 0.0, x, points=[1.0, 2.0], epsabs=1e-13)
        assert float(ce.f(x)) == pytest.approx(integral, abs=1e-10)
    assert float(ce.f(0.0)) == 0.0 and float(ce.grad(0.0)) == 0.0
    # exact values: 25/2 x^2, x^2/2 + 24x - 12, 25/2 x^2 - 24x + 36
    for x, want in ((Fraction(1, 2), Fraction(25, 8)), (Fraction(3, 2), Fraction(201, 8)),
                    (Fraction(3), Fraction(153, 2))):
        assert float(ce.f(float(x))) == float(want)
    assert float(np.min(ce.f(np.linspace(-10, 10, 20001)))) == 0.0


def test_f_and_grad_keep_shapes(ce):
    x = np.linspace(-1, 3, 12).reshape(3, 4)
    assert ce.f(x).shape == ce.grad(x).shape == (3, 4)
    assert isinstance(float(ce.f(2.0)), float)


@pytest.mark.parametrize("mu, L", [(1.0, 25.0), (0.5, 40.0), (2.0, 3.0), (1e-3, 10.0)])
def test_in_class(mu, L):
    check = polyak_counterexample(mu, L, x0=0.5).in_class()
    assert check.holds and check.continuous
    assert [s for *_, s in check.pieces] == [Fraction(L), Fraction(mu), Fraction(L)]
    lo, hi = check.quotient_range
    assert lo == pytest.approx(mu, abs=1e-6 * L) and hi == pytest.approx(L, rel=1e-9)
    assert check.derivative_error < 1e-6 * L
    assert "True" in str(check)


def test_the_class_check_can_fail():
    class Steeper(PolyakCounterexample):
        def grad(self, x):
            return 1.1 * super().grad(x)

    ce = polyak_counterexample()
    broken = Steeper(ce.mu, ce.L, ce.eta, ce.beta, ce.x0)
    check = broken.in_class()
    assert not check.holds and check.quotient_range[1] == pytest.approx(27.5)


@given(mu=st.floats(0.01, 10.0), ratio=st.floats(1.01, 1e4),
       x=st.floats(-50, 50), y=st.floats(-50, 50))
def test_gradient_slopes_lie_in_mu_L(mu, ratio, x, y):
    L = mu * ratio
    ce = PolyakCounterexample(mu, L, 0.0, 0.0, 0.0)  # eta, beta unused here
    if abs(y - x) < 1e-6:
        y = x + 1e-3
    q = (float(ce.grad(y)) - float(ce.grad(x))) / (y - x)
    slack = 1e-12 * L * max(1.0, abs(x), abs(y)) / abs(y - x) * 8
    assert mu - slack <= q <= L + slack
    # the interpolation inequalities of F(mu, L), in one dimension
    fx, fy, gx, d = float(ce.f(x)), float(ce.f(y)), float(ce.grad(x)), y - x
    tol = 1e-12 * (abs(fx) + abs(fy) + abs(gx * d) + L * d * d + 1)
    assert fy >= fx + gx * d + mu / 2 * d * d - tol
    assert fy <= fx + gx * d + L / 2 * d * d + tol


def test_iterates_settle_into_a_period_3_cycle_away_from_the_minimiser(ce):
    xs = ce.run(3000)
    tail = xs[200:]
    assert np.abs(tail).min() > 0.6                  # never near x* = 0
    np.testing.assert_allclose(tail[3:], tail[:-3], rtol=0, atol=1e-12)
    assert np.abs(tail[1:] - tail[:-1]).min() > 1.0  # not a fixed point
    assert np.abs(tail[2:] - tail[:-2]).min() > 1.0  # not period 2
    c = ce.cycle()
    assert isinstance(c, Cycle) and c.period == 3 and c.pieces == (2, 0, 0)
    assert set(np.round(tail[-3:], 12)) == set(np.round(c.points, 12))
    assert 0 < c.onset < 200 and np.all(np.abs(xs[c.onset + 3:] - xs[c.onset:-3]) <= 1e-12 * 3)
    assert "period 3" in str(c)


def test_cycle_satisfies_the_recurrence_exactly(ce):
    c = ce.cycle()
    pts = [Fraction(2592, 1225), Fraction(792, 1225), Fraction(-2208, 1225)]
    assert list(c.exact) == pts
    eta, beta = Fraction(1, 9), Fraction(4, 9)
    for i in range(3):  # x_{i+1} = x_i + beta (x_i - x_{i-1}) - eta f'(x_i), indices mod 3
        x, prev, nxt = pts[i], pts[i - 1], pts[(i + 1) % 3]
        assert nxt == x + beta * (x - prev) - eta * paper_grad(x)
    # the float orbit sits within a few ulps (4.4e-16 near 2) of the exact one
    assert np.max(np.abs(np.array(c.points) - [float(p) for p in pts])) <= 4e-15
    assert c.error <= 4e-15


def test_cycle_is_a_root_of_the_period_map_by_scipy(ce):
    from scipy.optimize import fsolve

    def period_map(state):
        x, prev = state
        for _ in range(3):
            x, prev = x + ce.beta * (x - prev) - ce.eta * paper_grad(x), x
        return np.array([x, prev]) - state

    # The map is affine near the cycle, so the root is found to an ulp in a few steps; an
    # xtol below the map's rounding (1e-14 was used) only makes fsolve warn that it stalls.
    root, _, status, message = fsolve(period_map, [2.0, -1.7], xtol=1e-10, full_output=True)
    assert status == 1, message
    assert root[0] == pytest.approx(2592 / 1225, abs=1e-14)
    assert root[1] == pytest.approx(-2208 / 1225, abs=1e-14)


def test_cycle_attracts_at_the_quadratic_rate_cubed(ce):
    c = ce.cycle()
    assert c.multiplier == pytest.approx((2 / 3) ** 3, rel=1e-15)
    # the linearised map over a period, by NumPy: every point is on a slope-L piece
    a = 1 + ce.beta - ce.eta * ce.L
    M = np.linalg.matrix_power(np.array([[a, -ce.beta], [1.0, 0.0]]), 3)
    assert np.abs(np.linalg.eigvals(M)).max() == pytest.approx(8 / 27, abs=1e-6)


def test_which_starts_cycle(ce):
    assert ce.cycling_starts([3.3, 1.0]).tolist() == [True, True]
    for x0 in (0.5, 2.0, 3.0, 3.5, 10.0):
        xs = ce.run(3000, x0)
        assert abs(xs[-1]) < 1e-12 and not ce.cycling_starts(x0)
        assert polyak_counterexample(x0=x0).cycle() is None
    many = np.linspace(-5, 5, 101)
    runs = ce.run(3000, many)
    assert runs.shape == (3001, 101)
    np.testing.assert_array_equal(ce.cycling_starts(many), np.abs(runs[-1]) > 1e-9)


def test_every_quadratic_in_mu_L_converges_with_the_same_tuning(ce):
    q = ce.on_quadratics(num=4001)
    assert q.all_converge and min(q.region_margins) > 0
    # Polyak: both ends at critical damping, every curvature has |root| = sqrt(beta); the
    # rounded eta*L sits an ulp off the double root, which splits it by ~sqrt(ulp)
    assert q.max_radius == pytest.approx(math.sqrt(ce.beta), abs=1e-7)
    assert q.worst_rate == pytest.approx(q.max_radius, abs=1e-12)
    assert q.polyak_rate == pytest.approx(2 / 3, rel=1e-15)
    # the same by NumPy's eigenvalues of [[1 + beta - eta lambda, -beta], [1, 0]]
    for lam in np.linspace(ce.mu, ce.L, 9):
        R = np.array([[1 + ce.beta - ce.eta * lam, -ce.beta], [1.0, 0.0]])
        assert np.abs(np.linalg.eigvals(R)).max() == pytest.approx(2 / 3, abs=1e-7)
    # and by simulation, with a loop written here, from the counterexample's start
    for lam in (1.0, 2.0, 7.0, 16.0, 25.0):
        x = prev = ce.x0
        for t in range(300):
            x, prev = x + ce.beta * (x - prev) - ce.eta * lam * x, x
        assert abs(x) <= 10 * 301 * (2 / 3) ** 300 * ce.x0
    assert max(q.simulated.values()) < 1e-25 and set(q.simulated) == {1.0, 5.0, 25.0}
    hb = methods.get("heavy_ball")
    assert bool(hb.converges(ce.eta * ce.L, beta=ce.beta))
    assert not bool(hb.converges(2 + 2 * ce.beta + 1e-9, beta=ce.beta))


def test_only_kappa_matters():
    base = polyak_counterexample()
    scaled = polyak_counterexample(mu=4.0, L=100.0)
    assert scaled.x0 == base.x0
    np.testing.assert_allclose(scaled.run(300), base.run(300), rtol=0, atol=1e-9)
    assert scaled.cycle().exact == base.cycle().exact   # 4 and 100 are squares too


def test_other_kappa_search_a_start_and_confirm_in_floats():
    ce = polyak_counterexample(L=100.0)
    assert -30 <= ce.x0 <= 30 and ce.cycling_starts(ce.x0)
    assert not polyak_counterexample(L=100.0, x0=3.3).cycling_starts(3.3)
    c = polyak_counterexample(mu=1.0, L=30.0).cycle()    # sqrt(30) irrational: floats
    assert c.exact is None and c.error < 1e-12 and c.multiplier < 1
    xs = polyak_counterexample(mu=1.0, L=30.0).run(c.onset + 30)[c.onset:]
    np.testing.assert_allclose(xs[c.period:], xs[:-c.period], atol=1e-11)


def period_3_orbit(kappa):
    """The period-3 cycle (pieces 2, 0, 0) in closed form, as derived in docs/nonquadratic.md."""
    s, d = np.sqrt(kappa), kappa * (kappa + 3) ** 2
    return (3 * (kappa - 1) ** 3 / d,
            -(s - 1) * (s + 1) ** 2 * (s ** 3 - 9 * s ** 2 + 3 * s - 3) / d,
            -(s - 1) ** 2 * (s + 1) * (s ** 3 + 9 * s ** 2 + 3 * s + 3) / d)


@pytest.mark.parametrize("kappa", [21.5, 22.0, 25.0, 30.0, 100.0, 1000.0])
def test_period_3_cycle_matches_its_closed_form(kappa):
    ce = polyak_counterexample(L=kappa)
    c = ce.cycle()
    assert c.period == 3 and c.pieces == (2, 0, 0)
    np.testing.assert_allclose(c.points, period_3_orbit(kappa), rtol=0, atol=1e-12)
    assert c.multiplier == pytest.approx(ce.beta ** 1.5, rel=1e-12)


def test_the_period_3_cycle_is_born_at_the_root_of_a_cubic():
    roots = np.roots([1.0, -21.0, -9.0, -3.0])
    kappa_c = float(roots[np.abs(roots.imag) < 1e-12].real[0])
    assert kappa_c == pytest.approx(21.4265737106, abs=1e-9)
    assert period_3_orbit(kappa_c)[0] == pytest.approx(2.0, abs=1e-12)
    # above the root the other two points stay on the piece x < 1 (the docs' claim)
    kappas = np.geomspace(kappa_c, 1e8, 20001)
    _, x1, x2 = period_3_orbit(kappas)
    assert x1.max() < 0.75 and x2.max() < -0.99
    assert period_3_orbit(kappa_c - 1e-3)[0] < 2.0
    with pytest.raises(ValueError, match="x0"):
        polyak_counterexample(L=kappa_c - 0.05)
    assert polyak_counterexample(L=21.5).cycle().period == 3


def test_small_kappa_has_no_cycling_start():
    with pytest.raises(ValueError, match="x0"):
        polyak_counterexample(L=10.0)
    ce = polyak_counterexample(L=10.0, x0=3.3)
    assert ce.cycle() is None and abs(ce.run(2000)[-1]) < 1e-12


def test_summary(ce):
    text = ce.summary()
    assert "Lessard, Recht & Packard" in text and "period 3" in text
    assert "does not converge" in text and "it converges: True" in text
    assert "converge to x* = 0" in polyak_counterexample(x0=0.5).summary()


@pytest.mark.parametrize("kwargs, exc, name", [
    (dict(mu=0.0), ValueError, "mu"), (dict(mu=-1.0), ValueError, "mu"),
    (dict(L=0.5), ValueError, "L"), (dict(L=1.0), ValueError, "L"),
    (dict(mu="1"), TypeError, "mu"), (dict(L=float("nan")), ValueError, "L"),
    (dict(x0=float("inf")), ValueError, "x0"), (dict(x0="3.3"), TypeError, "x0"),
    (dict(x0=[1.0, 2.0]), TypeError, "x0"), (dict(mu=True), TypeError, "mu"),
])
def test_bad_arguments_name_themselves(kwargs, exc, name):
    with pytest.raises(exc, match=name):
        polyak_counterexample(**kwargs)


def test_bad_method_arguments(ce):
    cases = [(lambda: ce.run(-1), ValueError, "steps"), (lambda: ce.run(2.5), TypeError, "steps"),
             (lambda: ce.run(3, x0=float("nan")), ValueError, "x0"),
             (lambda: ce.f("a"), TypeError, "x"), (lambda: ce.grad([np.inf]), ValueError, "x"),
             (lambda: ce.in_class(lo=2.0, hi=1.0), ValueError, "hi"),
             (lambda: ce.in_class(num=2), ValueError, "num"),
             (lambda: ce.cycle(max_period=0), ValueError, "max_period"),
             (lambda: ce.cycle(steps=10), ValueError, "steps"),
             (lambda: ce.on_quadratics(num=1), ValueError, "num"),
             (lambda: ce.cycling_starts("x"), TypeError, "starts"),
             (lambda: ce.run(10 ** 12), ValueError, "steps")]
    for call, exc, name in cases:
        with pytest.raises(exc, match=name):
            call()


def test_plot(ce):
    import matplotlib.pyplot as plt
    from momentum_theory.plots import counterexample_plot

    axes = counterexample_plot(ce, steps=30)
    try:
        left, right = axes
        iterates = next(l for l in left.lines if l.get_label() == "on the counterexample")
        np.testing.assert_array_equal(iterates.get_ydata(), ce.run(30))
        dashed = [l for l in left.lines if l.get_linestyle() == "--"]
        assert len(dashed) == 2 and all(abs(l.get_ydata()[-1]) < 1e-3 for l in dashed)
        loop = next(l for l in right.lines if l.get_label() == "cycle of period 3")
        np.testing.assert_allclose(loop.get_xdata()[:3], ce.cycle().points)
        with pytest.raises(TypeError, match="ce"):
            counterexample_plot("paper")
        with pytest.raises(TypeError, match="ax"):
            counterexample_plot(ce, ax=left)
        with pytest.raises(ValueError, match="steps"):
            counterexample_plot(ce, steps=0)
    finally:
        plt.close(left.figure)


def test_example_script(tmp_path, run_example):
    text = run_example("polyak_counterexample.py", tmp_path)
    num = r"(-?[\d.]+(?:e[+-]?\d+)?)"
    eta, beta = map(float, re.search(rf"eta = {num}, beta = {num}", text).groups())
    assert eta == pytest.approx(1 / 9, abs=1e-12) and beta == pytest.approx(4 / 9, abs=1e-12)
    assert re.search(r"F\(mu=1, L=25\): True", text) and "all converge: True" in text
    points = re.search(rf"cycle of period 3 from step \d+: {num}, {num}, {num}", text).groups()
    np.testing.assert_allclose([float(p) for p in points], [2592 / 1225, 792 / 1225,
                                                            -2208 / 1225], atol=1e-14)
    lo, hi = map(float, re.search(rf"cycle: from {num} to {num}, one interval: True",
                                  text).groups())
    ce = polyak_counterexample()
    assert ce.cycling_starts([lo, hi]).all()
    assert not ce.cycling_starts([lo - 1e-4, hi + 1e-4]).any()
    assert 3.0 < lo < 3.1 and 3.4 < hi < 3.5
    assert (tmp_path / "polyak_counterexample.png").stat().st_size > 20_000
