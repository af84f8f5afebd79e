"""Tests for momentum_theory.dynamics: loops, the chapter's 2-D runs, closed forms.

Every numeric claim is checked against an independent computation: a literal
transcription of the chapter's update functions, the look-ahead form of
Nesterov's method, powers of the transition matrix (NumPy and 50-digit
mpmath), and the step-by-step loop.
"""
import math
from fractions import Fraction

import mpmath
import numpy as np
import pytest
from hypothesis import assume, given, strategies as st

from momentum_theory import dynamics as dyn
from momentum_theory.spectral import spectral_radius, transition_matrix

EPS = np.finfo(float).eps


# ---------------------------------------------------------------- loops

def _nesterov_lookahead(grad, x0, eta, beta, steps):
    """Nesterov in the y-form: y_t = x_t + beta (x_t - x_{t-1}), x_{t+1} = y_t - eta grad(y_t)."""
    x_prev = x = np.atleast_1d(np.asarray(x0, dtype=float))
    out = [x]
    for _ in range(steps):
        y = x + beta * (x - x_prev)
        x_prev, x = x, y - eta * grad(y)
        out.append(x)
    return np.array(out)


finite = st.floats(-5, 5, allow_nan=False)


@given(coef=st.lists(st.floats(0.01, 3), min_size=1, max_size=4),
       eta=st.floats(0.01, 0.5), beta=st.floats(0, 0.95), steps=st.integers(0, 40),
       data=st.data())
def test_nesterov_equals_lookahead_form(coef, eta, beta, steps, data):
    x0 = data.draw(st.lists(finite, min_size=len(coef), max_size=len(coef)))
    grad = dyn.quadratic_gradient(coef)
    got = dyn.nesterov(grad, x0, eta, beta, steps)
    want = _nesterov_lookahead(grad, x0, eta, beta, steps)
    np.testing.assert_allclose(got, want, rtol=1e-11, atol=1e-11 * (1 + np.abs(want).max()))


def test_nesterov_on_a_nonquadratic_gradient():
    grad = lambda x: np.tanh(x) + 0.1 * x ** 3  # noqa: E731
    got = dyn.nesterov(grad, [2.0, -1.0], 0.3, 0.8, 60)
    want = _nesterov_lookahead(grad, [2.0, -1.0], 0.3, 0.8, 60)
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-14)
    assert np.abs(got[-1]).max() < 0.1  # it does minimise


def test_nesterov_differs_from_heavy_ball_but_not_without_momentum():
    grad = dyn.quadratic_gradient((0.1, 2.0))
    assert not np.allclose(dyn.nesterov(grad, [1, 1], 0.3, 0.5, 5), dyn.heavy_ball(grad, [1, 1], 0.3, 0.5, 5))
    np.testing.assert_array_equal(dyn.nesterov(grad, [1, 1], 0.3, 0.0, 5),
                                  dyn.heavy_ball(grad, [1, 1], 0.3, 0.0, 5))


@pytest.mark.parametrize("method", [dyn.heavy_ball, dyn.nesterov])
def test_loop_validation(method):
    grad = lambda x: x  # noqa: E731
    with pytest.raises(TypeError, match="grad"):
        method(3.0, [1.0], 0.1, 0.5, 3)
    with pytest.raises(ValueError, match="x0"):
        method(grad, [[1.0]], 0.1, 0.5, 3)
    with pytest.raises(ValueError, match="steps"):
        method(grad, [1.0], 0.1, 0.5, -1)
    with pytest.raises(ValueError, match="eta"):
        method(grad, [1.0], float("nan"), 0.5, 3)
    with pytest.raises(TypeError, match="beta"):
        method(grad, [1.0], 0.1, "0.5", 3)
    with pytest.raises(ValueError, match="grad must return"):
        method(lambda x: np.ones(3), [1.0, 2.0], 0.1, 0.5, 3)
    assert method(grad, 2.0, 0.1, 0.5, 0).tolist() == [[2.0]]


def test_quadratic_gradient():
    grad = dyn.quadratic_gradient((0.1, 2))
    np.testing.assert_array_equal(grad([-5.0, -2.0]), [-1.0, -8.0])
    # Central difference of the objective: an independent derivative.
    x, h = np.array([1.3, -0.7]), 1e-6
    fd = [(dyn.chapter_objective(*(x + h * e)) - dyn.chapter_objective(*(x - h * e))) / (2 * h)
          for e in np.eye(2)]
    np.testing.assert_allclose(grad(x), fd, rtol=1e-8)
    np.testing.assert_array_equal(dyn.quadratic_gradient(3.0)(np.array([2.0])), [12.0])
    with pytest.raises(ValueError, match="coefficients"):
        dyn.quadratic_gradient([])
    with pytest.raises(ValueError, match="coefficients"):
        dyn.quadratic_gradient([[1.0]])
    with pytest.raises(ValueError, match="coefficients"):
        dyn.quadratic_gradient([1.0, float("inf")])
    with pytest.raises(TypeError, match="coefficients"):
        dyn.quadratic_gradient("0.1, 2")
    with pytest.raises(ValueError, match="shape"):
        grad([1.0, 2.0, 3.0])


# ------------------------------------------------------- the chapter's 2-D runs

def _chapter_train_2d(trainer, eta, beta, steps=20):
    """The chapter's gd_2d / momentum_2d driven like d2l.train_2d, transcribed literally."""
    def gd_2d(x1, x2, s1, s2):
        return (x1 - eta * 0.2 * x1, x2 - eta * 4 * x2, 0, 0)

    def momentum_2d(x1, x2, v1, v2):
        v1 = beta * v1 + 0.2 * x1
        v2 = beta * v2 + 4 * x2
        return x1 - eta * v1, x2 - eta * v2, v1, v2

    step = gd_2d if trainer == "gd" else momentum_2d
    x1, x2, s1, s2 = -5, -2, 0, 0
    results = [(x1, x2)]
    for _ in range(steps):
        x1, x2, s1, s2 = step(x1, x2, s1, s2)
        results.append((x1, x2))
    return np.array(results, dtype=float)


def test_chapter_runs_are_the_chapters_iterates():
    runs = dyn.chapter_2d_runs()
    assert [(r.eta, r.beta) for r in runs] == [(0.4, 0.0), (0.6, 0.0), (0.6, 0.5), (0.6, 0.25)]
    assert all(r.path.shape == (21, 2) and r.steps == 20 for r in runs)
    for run in runs:
        kind = "gd" if run.beta == 0 else "momentum"
        want = _chapter_train_2d(kind, run.eta, run.beta)
        if kind == "momentum":
            np.testing.assert_array_equal(run.path, want)  # same operations, same bits
        else:
            # gd_2d rounds eta*0.2 first; the loop rounds 0.2*x first.
            np.testing.assert_allclose(run.path, want, rtol=1e-13, atol=0)


def test_chapter_runs_tell_the_chapters_story():
    gd4, gd6, mom5, mom25 = dyn.chapter_2d_runs()
    norm = lambda p: np.linalg.norm(p, axis=-1)  # noqa: E731
    # GD 0.4 converges: x2 (factor 1 - 0.4*4 = -0.6) fast, x1 (factor 0.92) slowly.
    assert abs(gd4.final[1]) < 1e-4 and 0.5 < abs(gd4.final[0]) < 1.0
    np.testing.assert_allclose(gd4.final, [-5 * 0.92 ** 20, -2 * (-0.6) ** 20], rtol=1e-13)
    # GD 0.6 blows up along x2 (factor 1 - 0.6*4 = -1.4) while x1 improves.
    x2 = np.abs(gd6.path[:, 1])
    assert np.all(np.diff(x2) > 0) and x2[-1] > 1000
    assert abs(gd6.final[0]) < abs(gd4.final[0])
    # Momentum (0.6, 0.5) converges to within 0.1 of the minimum (0, 0).
    assert norm(mom5.final) < 0.1
    # Momentum (0.6, 0.25) converges, but slowly: still far from the minimum.
    assert norm(mom25.final) < norm(mom25.path[0]) and norm(mom25.final) > 10 * norm(mom5.final)
    assert norm(mom25.path[-5:]).max() < norm(mom25.path[:5]).min()


def test_chapter_runs_agree_with_the_closed_form():
    # f = 0.1 x1^2 + 2 x2^2 = sum lam_i x_i^2 / 2 with lam = (0.2, 4).
    for run in dyn.chapter_2d_runs():
        closed = dyn.momentum_iterate([0.2, 4.0], [-5.0, -2.0], run.eta, run.beta, np.arange(21))
        np.testing.assert_allclose(closed, run.path, rtol=1e-12, atol=1e-13)


def test_run_2d_accepts_coefficients_or_a_gradient():
    a = dyn.run_2d((0.1, 2), 0.6, 0.5)
    b = dyn.run_2d(lambda x: np.array([0.2, 4.0]) * x, 0.6, 0.5, name="mine")
    np.testing.assert_array_equal(a.path, b.path)
    assert a.name == "momentum, η = 0.6, β = 0.5" and b.name == "mine"
    assert dyn.run_2d((1.0,), 0.1, 0.0, steps=3, start=(1.0,)).path.shape == (4, 1)
    c = dyn.run_2d([0.5, 1, 2], 0.2, 0.3, steps=4, start=[1, 1, 1])
    assert c.path.shape == (5, 3) and np.array_equal(c.final, c.path[-1])
    with pytest.raises(TypeError, match="name"):
        dyn.run_2d((0.1, 2), 0.6, 0.5, name=3)
    with pytest.raises(ValueError, match="start"):
        dyn.chapter_2d_runs(start=(1.0, 2.0, 3.0))
    with pytest.raises(ValueError, match="shape"):
        dyn.run_2d((0.1, 2), 0.6, 0.5, start=(1.0, 2.0, 3.0))


def test_chapter_objective():
    assert dyn.chapter_objective(-5.0, -2.0) == pytest.approx(10.5)
    g1, g2 = np.meshgrid(np.linspace(-1, 1, 5), np.linspace(-2, 2, 3))
    np.testing.assert_allclose(dyn.chapter_objective(g1, g2), 0.1 * g1 ** 2 + 2 * g2 ** 2)
    assert dyn.chapter_objective([1.0, 2.0], 1.0).shape == (2,)
    with pytest.raises(ValueError, match="broadcast"):
        dyn.chapter_objective([1.0, 2.0], [1.0, 2.0, 3.0])


# ------------------------------------------------------------ closed form

mpmath.mp.dps = 50


def _mp_power(matrix, t):
    power = mpmath.eye(2)
    while t:
        if t & 1:
            power = power * matrix
        matrix = matrix * matrix
        t >>= 1
    return power


def _mp_state(lam, x0, eta, beta, t, v0=0.0):
    """(v_t, x_t) = R^t (v_0, x_0) by 50-digit binary powering, and the size of their terms.

    With U_k from mu^2 = T mu - beta (companion matrix C: C^t = [[U_{t+1}, -beta U_t],
    [U_t, -beta U_{t-1}]]), x_t = U_t x_1 - beta U_{t-1} x_0 and likewise for v;
    the scale is |U_t| (|x_0| + |eta v_1|) + |beta U_{t-1} x_0|: the sizes of the terms,
    x_1's own included, which cancellation cannot shrink.
    """
    lam, x0, eta, beta, v0 = (mpmath.mpf(float(a)) for a in (lam, x0, eta, beta, v0))
    state = _mp_power(mpmath.matrix([[beta, lam], [-eta * beta, 1 - eta * lam]]), t) * mpmath.matrix([v0, x0])
    C = _mp_power(mpmath.matrix([[1 + beta - eta * lam, -beta], [1, 0]]), t)
    v1 = beta * v0 + lam * x0
    scale_x = abs(C[1, 0]) * (abs(x0) + abs(eta * v1)) + abs(C[1, 1] * x0)
    scale_v = abs(C[1, 0]) * (abs(beta * v0) + abs(lam * x0)) + abs(C[1, 1] * v0)
    return state[0], state[1], scale_v, scale_x


def _near_critical(beta, side, offset):
    """eta*lambda on (or a relative `offset` away from) the curve (1 +- sqrt(beta))^2."""
    return (1 + side * math.sqrt(beta)) ** 2 * (1 + offset)


offsets = st.sampled_from([0.0, 1e-16, -1e-16, 3e-13, -3e-13, 1e-9, -1e-9, 1e-5, -1e-5])
regimes = st.one_of(
    st.tuples(st.just("any"), st.floats(0.0, 1.0)),
    st.tuples(st.just("critical"), offsets),
    st.tuples(st.just("small"), st.floats(-9, -1)),
)


def _curvature(regime, beta, side, eta):
    kind, value = regime
    if kind == "any":
        h = value * (2.4 + 2 * beta)
    elif kind == "critical":
        h = _near_critical(beta, side, value)
    else:
        h = 10.0 ** value
    return h / eta


# Tiny |beta| is left to the matrix-power test: there the loop's own first
# step (x_1 rounded to eps |x_0|) dominates terms of size beta |x_0|.
@given(beta=st.one_of(st.floats(1e-3, 0.999), st.floats(-0.95, -1e-3), st.just(0.0),
                      st.sampled_from([0.25, 0.5, 0.81, 0.9])),
       eta=st.floats(0.05, 3.0), regime=regimes, side=st.sampled_from([1, -1]),
       x0=st.floats(0.1, 10.0) | st.floats(-10.0, -0.1), steps=st.integers(1, 150))
def test_closed_form_agrees_with_the_loop(beta, eta, regime, side, x0, steps):
    if regime[0] == "critical":
        assume(beta > 0)
    lam = _curvature(regime, beta, side, eta)
    loop = dyn.heavy_ball(lambda x: lam * x, [x0], eta, beta, steps).ravel()
    closed = dyn.momentum_iterate(lam, x0, eta, beta, np.arange(steps + 1))
    # Scale of x_t that cancellation cannot shrink: x_t = U_t x_1 - beta U_{t-1} x_0,
    # U from the exact trace of the float inputs.
    trace = float(1 + Fraction(beta) - Fraction(eta) * Fraction(lam))
    x1 = loop[1]
    u = np.zeros(steps + 1)
    u[1] = 1.0
    for k in range(2, steps + 1):
        u[k] = trace * u[k - 1] - beta * u[k - 2]
    previous = np.concatenate([[0.0], u[:-1]])
    scale = np.abs(u * x1) + np.abs(beta * previous * x0)
    scale[0] = abs(x0)
    ok = (scale > 1e-290) & (scale < 1e290)
    err = np.abs(closed - loop)[ok] / scale[ok]
    # The loop's own rounding errors grow like t min(t, N) ulp of the terms, N
    # large next to critical damping (docs/performance.md): t**2 ulp at most
    # (hypothesis found 1.008e-12 at t = 136, where t**2 ulp is 2.1e-12).
    assert err.max(initial=0.0) < 1e-13 + 2 * 2.0 ** -53 * steps ** 2


@given(beta=st.one_of(st.floats(0.0, 0.9999), st.floats(-0.95, 0.0)),
       eta=st.floats(0.05, 3.0), regime=regimes, side=st.sampled_from([1, -1]),
       x0=st.floats(-10, 10, allow_subnormal=False), v0=st.floats(-10, 10, allow_subnormal=False),
       t=st.integers(0, 3 * 10 ** 6))
def test_closed_form_matches_50_digit_matrix_powers(beta, eta, regime, side, x0, v0, t):
    if regime[0] == "critical":
        assume(beta > 0)
    # beta v0 below the normal range (a subnormal beta) has fewer digits before
    # anything is computed: momentum_state's Notes (Range) say so.
    assume(beta * v0 == 0.0 or abs(beta * v0) >= 2.0 ** -1000)
    lam = _curvature(regime, beta, side, eta)
    v, x = dyn.momentum_state(lam, x0, eta, beta, t, v0=v0)
    mv, mx, scale_v, scale_x = _mp_state(lam, x0, eta, beta, t, v0)
    for got, want, scale in ((x, mx, scale_x), (v, mv, scale_v)):
        # Keep clear of the subnormal range, where float64 itself has fewer digits.
        if not mpmath.mpf("1e-250") < scale < mpmath.mpf("1e250"):
            continue
        # A power within the float range is exp(L), |L| < 650: rounding of L
        # costs |L| eps; the phase of complex roots is carried in extended precision.
        allowed = 64 * EPS * (1 + abs(float(mpmath.log(scale))))
        assert abs(got - want) <= allowed * scale


@given(h=st.floats(0.01, 4.0), beta=st.floats(0.05, 0.95))
def test_long_run_decay_is_the_spectral_radius(h, beta):
    # |x_t|^(1/t) -> rho(R) (spectral.py's closed form): the dominant root
    # checked by a quite different route. t is chosen so that rho^t ~ e^(+-600)
    # (in range); the max over a few steps keeps a zero of the oscillation
    # from hiding the envelope; polynomial prefactors cost log(C t) / t.
    log_rho = math.log(float(spectral_radius(h, beta)))
    t0 = int(min(10 ** 6, max(50, 600 / max(abs(log_rho), 1e-12))))
    x = np.abs(dyn.momentum_iterate(h, 1.0, 1.0, beta, t0 + np.arange(8)))
    assert abs(np.log(x.max()) / t0 - log_rho) <= 0.04 * abs(log_rho) + 20 / t0


def test_closed_form_on_the_critical_curve_is_the_jordan_formula():
    # beta = 1/4, eta*lam = (1 - 1/2)^2 = 1/4: a double root mu = 1/2, all exact in binary.
    t = np.arange(60)
    x = dyn.momentum_iterate(0.25, 1.0, 1.0, 0.25, t)
    # x_t = mu^(t-1) (t x_1 - (t-1) mu x_0) with x_1 = 1 - 1/4.
    want = 0.5 ** (t - 1.0) * (t * 0.75 - (t - 1) * 0.5)
    np.testing.assert_allclose(x, want, rtol=4 * EPS, atol=0)
    loop = dyn.heavy_ball(lambda z: 0.25 * z, [1.0], 1.0, 0.25, 59).ravel()
    np.testing.assert_allclose(x, loop, rtol=1e-14, atol=0)


def test_closed_form_with_velocity_matches_numpy_matrix_powers():
    lam = np.array([0.05, 0.3, 1.0, 2.5, 4.0])
    eta, beta, x0, v0 = 0.7, 0.6, np.array([1.0, -2.0, 0.5, 3.0, -1.0]), np.array([0.3, 0.0, -1.0, 2.0, 0.1])
    t = np.arange(0, 30)
    v, x = dyn.momentum_state(lam, x0, eta, beta, t, v0=v0)
    assert v.shape == x.shape == (30, 5)
    R = transition_matrix(eta, lam, beta)
    for k in t:
        state = np.einsum("dij,dj->di", np.linalg.matrix_power(R, k), np.stack([v0, x0], axis=1))
        np.testing.assert_allclose(v[k], state[:, 0], rtol=1e-11, atol=1e-13)
        np.testing.assert_allclose(x[k], state[:, 1], rtol=1e-11, atol=1e-13)


def test_closed_form_shapes_and_scalars():
    x = dyn.momentum_iterate(1.0, 1.0, 0.1, 0.5, 3)
    assert np.ndim(x) == 0
    assert dyn.momentum_iterate([1.0, 2.0, 3.0], 1.0, 0.1, 0.5, [0, 5]).shape == (2, 3)
    assert dyn.momentum_iterate([1.0, 2.0, 3.0], 1.0, 0.1, 0.5, [[1, 2]]).shape == (1, 2, 3)
    # eta and beta broadcast against lam, like ufunc arguments.
    grid = dyn.momentum_iterate(1.0, 1.0, [0.1, 0.2], [[0.0], [0.5]], 4)
    assert grid.shape == (2, 2)
    assert grid[1, 0] == pytest.approx(float(dyn.momentum_iterate(1.0, 1.0, 0.1, 0.5, 4)), rel=1e-15)
    v, x = dyn.momentum_state(2.0, 1.0, 0.1, 0.5, 0, v0=3.0)
    assert (float(v), float(x)) == (3.0, 1.0)


def test_gradient_descent_case_ignores_the_start_velocity():
    lam, eta = np.array([0.5, 10.0, 25.0]), 0.1  # factors 0.95, -5.6e-17 (not 0: 0.1 is not 1/10), -1.5
    v, x = dyn.momentum_state(lam, 1.0, eta, 0.0, np.arange(8), v0=7.0)
    factor = [1 - Fraction(eta) * Fraction(l) for l in lam]
    want_x = [[float(f ** t) for f in factor] for t in range(8)]
    want_v = [[float(Fraction(l) * f ** t) for l, f in zip(lam, factor)] for t in range(7)]
    np.testing.assert_allclose(x, want_x, rtol=1e-14, atol=0)
    np.testing.assert_allclose(v[1:], want_v, rtol=1e-14, atol=0)


def test_huge_t_costs_nothing_and_stays_accurate():
    t = 10 ** 6
    # GD with a factor just below 1: (1 - 1e-6)^(10^6) ~ e^-1, where a rounded
    # factor would already be off by ~1e-10.
    x = dyn.momentum_iterate(1e-6, 1.0, 1.0, 0.0, t)
    assert float(x) == pytest.approx(float(mpmath.power(1 - mpmath.mpf(1e-6), t)), rel=1e-13)
    lam = np.geomspace(1e-7, 1.0, 1000)
    v, x = dyn.momentum_state(lam, 1.0, 0.5, 0.999, t)
    for i in (0, 100, 400):
        mv, mx, *_ = _mp_state(lam[i], 1.0, 0.5, 0.999, t)
        assert float(x[i]) == pytest.approx(float(mx), rel=1e-11, abs=1e-300)


def test_out_of_range_results_underflow_or_overflow_cleanly():
    with np.errstate(all="raise"):
        small = dyn.momentum_iterate([1.0, 0.3], 1.0, 0.5, 0.5, 10 ** 7)
        big = dyn.momentum_iterate([5.0, 8.0], 1.0, 1.0, 0.5, 10 ** 7)
        zero = dyn.momentum_iterate(8.0, 0.0, 1.0, 0.5, 10 ** 7)
    assert np.all(small == 0.0)
    assert np.all(np.isinf(big))
    assert float(zero) == 0.0


def test_closed_form_validation():
    with pytest.raises(TypeError, match="t must be an integer"):
        dyn.momentum_iterate(1.0, 1.0, 0.1, 0.5, 2.0)
    with pytest.raises(TypeError, match="t must be an integer"):
        dyn.momentum_iterate(1.0, 1.0, 0.1, 0.5, True)
    with pytest.raises(ValueError, match="t must be >= 0"):
        dyn.momentum_iterate(1.0, 1.0, 0.1, 0.5, [-1, 2])
    with pytest.raises(ValueError, match="beta"):
        dyn.momentum_iterate(1.0, 1.0, 0.1, 1.0, 2)
    with pytest.raises(ValueError, match="lam"):
        dyn.momentum_iterate(float("nan"), 1.0, 0.1, 0.5, 2)
    with pytest.raises(ValueError, match="lam .* x0"):
        dyn.momentum_iterate([1.0, 2.0], [1.0, 2.0, 3.0], 0.1, 0.5, 2)
    with pytest.raises(TypeError, match="v0"):
        dyn.momentum_state(1.0, 1.0, 0.1, 0.5, 2, v0="1")


# --- exact rationals: accuracy near eta*lam = 1 and the whole float range (issue 9) ---

def _exact_run(lam, x0, eta, beta, steps, v0=0.0):
    """x_0 .. x_steps of the loop in exact rationals of the float inputs, and the U_t."""
    lam, x, eta, beta, v = (Fraction(float(a)) for a in (lam, x0, eta, beta, v0))
    trace = 1 + beta - eta * lam
    xs, u = [x], [Fraction(0), Fraction(1)]
    for _ in range(steps):
        v = beta * v + lam * x
        x = x - eta * v
        xs.append(x)
        u.append(trace * u[-1] - beta * u[-2])
    return xs, u


def _term_scale(xs, u, beta, t):
    """|U_t x_1| + |beta U_{t-1} x_0|: the size of x_t's terms, exactly."""
    return abs(u[t] * xs[1]) + abs(Fraction(beta) * u[t - 1] * xs[0])


def test_first_step_near_eta_lambda_one_is_exact_to_an_ulp():
    eta = (1 - 1e-12) / 3          # eta * 3 is not 1 - 1e-12, and not exact in floats
    xs, _ = _exact_run(3.0, 1.0, eta, 0.0, 40)
    got = dyn.momentum_iterate(3.0, 1.0, eta, 0.0, np.arange(41))
    for t in range(1, 41):
        if abs(xs[t]) > Fraction(2.0 ** -1022):         # subnormals carry fewer digits
            assert abs(Fraction(float(got[t])) / xs[t] - 1) <= 4 * EPS * (1 + t), t
    for beta in (0.5, -0.3, 1e-3):
        xs, _ = _exact_run(3.0, 1.0, eta, beta, 1)
        assert abs(Fraction(float(dyn.momentum_iterate(3.0, 1.0, eta, beta, 1))) / xs[1] - 1) <= 2 * EPS


@given(lam=st.sampled_from([3.0, 7.0, 0.1, 1e-3, 10.0, 1e5]),
       delta=st.floats(1e-16, 1e-3), side=st.sampled_from([1.0, -1.0]),
       beta=st.sampled_from([0.0, 0.0, 1e-8, 1e-3, 0.1, 0.5, -0.3, 0.9, 0.999]),
       x0=st.floats(0.1, 10.0), steps=st.integers(1, 30))
def test_closed_form_near_eta_lambda_one_matches_exact_rationals(lam, delta, side, beta, x0, steps):
    # The bound of momentum_state's Notes: a few ulp times 1 + |log| of the
    # size of the terms |U_t x_1| + |beta U_{t-1} x_0|, x_1 computed exactly.
    eta = (1 + side * delta) / lam
    xs, u = _exact_run(lam, x0, eta, beta, steps)
    got = dyn.momentum_iterate(lam, x0, eta, beta, np.arange(steps + 1))
    for t in range(1, steps + 1):
        scale = _term_scale(xs, u, beta, t)
        if not Fraction(1e-290) < scale < Fraction(1e290):
            continue
        allowed = 64 * EPS * (1 + abs(math.log(float(scale))))
        assert abs(Fraction(float(got[t])) - xs[t]) <= allowed * scale, t


@pytest.mark.parametrize("lam, x0, eta, beta, t, v0", [
    (1.0, 1e308, 0.1, 0.5, 10, 0.0),           # the example: true value 6.65e306
    (1e308, 1.0, 1e-308, 0.5, 10, 0.0),        # eta*lam ~ 1 from extreme factors
    (3.0, 1e-300, 0.83, 0.0, 1900, 0.0),       # |1 - eta lam| = 1.49: power overflows, result 1e31
    (4.0, 1e-300, 1.0, 0.5, 900, 0.0),         # divergent heavy ball from a tiny start
    (1.0, 1e300, 0.1, 0.5, 500, 0.0),          # convergent from a huge start
    (1e200, 1e-300, 1e-100, 0.9, 2, 1e250),    # eta*lam = 1e100 and a huge velocity
    (2.0, 1e-310, 2.0, 0.25, 40, 0.0),         # subnormal start, divergent
])
def test_closed_form_has_no_overflow_where_the_result_is_representable(lam, x0, eta, beta, t, v0):
    _, want, _, _ = _mp_state(lam, x0, eta, beta, t, v0)     # 50-digit matrix powers
    assert mpmath.mpf("1e-300") < abs(want) < mpmath.mpf("1e307")       # representable
    got = float(dyn.momentum_iterate(lam, x0, eta, beta, t, v0=v0))
    assert math.isfinite(got)
    assert abs(got / want - 1) <= 1e-12


@given(lam=st.floats(0.0, 1e300), x0=st.floats(-1e308, 1e308), eta=st.floats(0.0, 1e300),
       beta=st.floats(-0.999, 0.999), v0=st.floats(-1e308, 1e308),
       t=st.sampled_from([1, 2, 3, 10, 1000, 10 ** 6]))
def test_closed_form_is_never_nan(lam, x0, eta, beta, v0, t):
    assume(math.isfinite(eta * lam))
    with np.errstate(all="raise"):       # and raises no floating-point warning
        v, x = dyn.momentum_state(lam, x0, eta, beta, t, v0=v0)
    assert not math.isnan(float(x)) and not math.isnan(float(v))


def test_closed_form_refuses_an_overflowing_eta_lam():
    with pytest.raises(ValueError, match="eta .* lam"):
        dyn.momentum_iterate(1e300, 1.0, 1e300, 0.5, 3)


@pytest.mark.parametrize("method", [dyn.heavy_ball, dyn.nesterov])
def test_a_trajectory_beyond_the_size_limit_is_refused_up_front(method):
    with pytest.raises(ValueError, match=r"steps.*GiB"):
        method(lambda x: x, [1.0], 0.1, 0.5, 10 ** 12)
    with pytest.raises(ValueError, match=r"t .*GiB"):
        dyn.momentum_iterate(np.ones(10 ** 5), 1.0, 0.1, 0.5, np.arange(10 ** 5))


def _batch_pairs():
    """(h, beta) pairs: random, next to both critical curves, next to eta*lam = 1, gradient descent."""
    rng = np.random.default_rng(15)
    beta = np.concatenate([rng.uniform(0.0, 0.999, 12), [0.25, 0.5, 0.81, 0.9, 0.99],
                           [0.5, 0.9, 0.3], [0.0, 0.0, -0.3, 1e-8]])
    h = np.concatenate([rng.uniform(0.0, 2.0 + 2.0 * beta[:12]),
                        [_near_critical(b, s, o) for b, s, o in
                         zip([0.25, 0.5, 0.81, 0.9, 0.99], [1, -1, 1, -1, 1], [0.0, 1e-16, -3e-13, 1e-9, 0.0])],
                        [1 + 1e-12, 1 - 1e-9, 1.0 + 2.0 ** -40], [0.3, 1 - 1e-10, 1.9, 1 + 1e-7]])
    return h, beta


@pytest.mark.parametrize("t", [1, 2, 3, 100, 10 ** 6])
def test_short_and_closed_form_paths_match_50_digit_matrix_powers(t):
    # t <= 1 takes the first-step-only path, later t the roots: both within
    # momentum_state's bound of the exact state of the given doubles, for a
    # batch in one call (eta = 1/3, so eta * lam is not h exactly; v0 != 0).
    h, beta = _batch_pairs()
    eta = 1.0 / 3.0
    lam = h / eta
    for v0 in (0.0, 0.75):
        v, x = dyn.momentum_state(lam, 1.5, eta, beta, t, v0=v0)
        for i in range(h.size):
            mv, mx, scale_v, scale_x = _mp_state(lam[i], 1.5, eta, beta[i], t, v0)
            for got, want, scale in ((x[i], mx, scale_x), (v[i], mv, scale_v)):
                if not mpmath.mpf("1e-250") < scale < mpmath.mpf("1e250"):
                    continue
                allowed = 64 * EPS * (1 + abs(float(mpmath.log(scale))))
                assert abs(got - want) <= allowed * scale, (i, t, v0)


def test_steps_0_and_1_alone_equal_the_same_steps_among_later_ones():
    # A call whose steps are all <= 1 skips the roots; the same steps in a
    # call that also asks for step 2 go through them. The first step is
    # formed the same way (double-double) in both: only the roots' U_1 = 1
    # (a quotient of sines) may cost an ulp or two.
    h, beta = _batch_pairs()
    for v0 in (0.0, -2.0):
        short = dyn.momentum_state(h, 1.5, 1.0, beta, [0, 1], v0=v0)
        both = dyn.momentum_state(h, 1.5, 1.0, beta, [0, 1, 2], v0=v0)
        for s, b in zip(short, both):
            np.testing.assert_array_equal(s[0], b[0])
            np.testing.assert_allclose(s[1], b[1], rtol=8 * EPS, atol=8 * EPS * 2.0)
