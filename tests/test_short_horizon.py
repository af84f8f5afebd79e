"""momentum_iterate's short-horizon path (steps 1 to 3 without the roots) against 50-digit references.

``t <= 2``, and ``t = 3`` from rest (``v0 = 0``), on float64 arrays or floats
are taken by ``momentum_theory._short_horizon.first_steps``; everything else
by the closed form. Both must keep momentum_state's contract: a few ulp of
the terms ``|U_t x_1| + |beta U_{t-1} x_0|`` (x_1 the exact first step),
times ``1 + |log|`` of their size for the closed form's powers. The short
path is held to the strict terms without the log: 16 ulp at t <= 2 (its
bound is about 10), 40 ulp at t = 3 (its first-order bound is 33).
"""
import math
import sys
from fractions import Fraction
from pathlib import Path

import mpmath
import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from momentum_theory import dynamics as dyn
from momentum_theory._short_horizon import first_steps
from momentum_theory.closed_form import _accurate_x1

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from accuracy_sets import adversarial_sets  # noqa: E402

EPS = 2.0 ** -53
THRESHOLD = 3           # the longest horizon the short path takes (from rest)
SHORT_ULP = {1: 16, 2: 16, 3: 40}


def _short(t, v0):
    """Whether momentum_iterate takes the short path at step ``t`` from velocity ``v0``."""
    return t <= 2 or (t == THRESHOLD and v0 == 0.0)


def _reference(lam, x0, eta, beta, t, v0):
    """(x_t, terms, loose) at 50 digits: x_t = U_t x_1 - beta U_{t-1} x_0, the terms
    |U_t x_1| + |beta U_{t-1} x_0| and the scale tests/test_dynamics.py gives the
    closed form, |U_t| (|x_0| + |eta v_1|) + |beta U_{t-1} x_0| (x_1's own terms).

    The trace is formed as (1 - eta lam) + beta, so that a tiny beta next to
    eta lam = 1 is not lost in 1 + beta.
    """
    with mpmath.workdps(50):
        lam, x0, eta, beta, v0 = (mpmath.mpf(float(a)) for a in (lam, x0, eta, beta, v0))
        trace = (1 - eta * lam) + beta
        x1 = x0 - eta * (beta * v0 + lam * x0)
        u_prev, u = mpmath.mpf(0), mpmath.mpf(1)
        for _ in range(t - 1):
            u_prev, u = u, trace * u - beta * u_prev
        rest = abs(beta * u_prev * x0)
        loose = abs(u) * (abs(x0) + abs(eta * (beta * v0 + lam * x0))) + rest
        return u * x1 - beta * u_prev * x0, abs(u * x1) + rest, loose


def _points():
    """(eta*lam, beta) pairs: the benchmark's adversarial sets, eta*lam = 1 neighbours, huge eta*lam."""
    sets = adversarial_sets(140, seed=3)
    h = np.concatenate([s[0] for s in sets.values()])
    b = np.concatenate([s[1] for s in sets.values()])
    b = np.clip(b, -1 + 2.0 ** -52, 1 - 2.0 ** -53)
    near_one = 1.0 + np.array([0.0, 2.0 ** -52, -2.0 ** -53, 1e-12, -1e-9, 3e-16])
    h = np.concatenate([h, near_one, near_one, [1e6, 1e12, 3e30]])
    b = np.concatenate([b, np.full(6, 0.5), np.full(6, 1e-8), [0.9, -0.5, 0.3]])
    return h, b


def _check(t, eta, x0, v0, rel):
    h, b = _points()
    lam = h / eta
    got = dyn.momentum_iterate(lam, x0, eta, b, t, v0=v0)
    x0s = np.broadcast_to(x0, h.shape)
    worst = 0.0
    short = _short(t, v0)
    for i in range(h.size):
        want, terms, loose = _reference(lam[i], x0s[i], eta, b[i], t, v0)
        if not short:
            # The closed form is held to the looser scale of its own tests: next to
            # eta lam = 1 with a tiny beta (x_1 = 0, terms ~ beta**2) it is off by
            # ~1e-4 of the strict terms at t = 3 (absolute ~ eps beta U_t).
            terms = loose
        if not mpmath.mpf("1e-250") < terms < mpmath.mpf("1e250"):
            continue          # subnormal or beyond-range sizes carry fewer digits
        allowed = rel * EPS if short else rel * EPS * (1 + abs(float(mpmath.log(terms))))
        err = float(abs(got[i] - want) / terms)
        assert err <= allowed, (i, float(lam[i]), float(b[i]), t, err / EPS)
        worst = max(worst, err / EPS)
    return worst


@pytest.mark.parametrize("t", [1, 2, 3, 4, 7, 50, 100])
@pytest.mark.parametrize("eta, x0, v0", [(1.0, 1.0, 0.0), (1.0 / 3.0, 1.5, 0.0), (0.1, -2.0, 0.75)])
def test_against_50_digits_on_adversarial_points(t, eta, x0, v0):
    # Short path: within 16 ulp of the terms at t <= 2 (bound about 10), 40 at
    # t = 3 (bound 33). Closed form (t = 3 with v0 != 0, t >= 4): what
    # tests/test_dynamics.py holds it to, 64 ulp times 1 + |log| of the looser scale.
    _check(t, eta, x0, v0, SHORT_ULP[t] if _short(t, v0) else 64)


def test_the_short_path_is_taken_where_it_should_be():
    h, b = _points()
    for t in (1, 2, np.int64(2)):
        assert first_steps(h, 1.0, 1.0, b, t, 0.0, _accurate_x1) is not None
        assert first_steps(h / 0.1, 1.0, 0.1, b, t, 0.75, _accurate_x1) is not None
    for t in (3, np.int64(3)):
        assert first_steps(h, 1.0, 1.0, b, t, 0.0, _accurate_x1) is not None
        assert first_steps(h / 0.1, 1.5, 0.1, b, t, np.zeros(h.size), _accurate_x1) is not None
        # From a nonzero velocity x_1 is free of x_0, and next to U_3 = 0 no bound holds.
        assert first_steps(h / 0.1, 1.0, 0.1, b, t, 0.75, _accurate_x1) is None
    for t in (0, 4, 100, True, 2.0, np.array(2), np.array([1, 2])):
        assert first_steps(h, 1.0, 1.0, b, t, 0.0, _accurate_x1) is None
    # Not plain float64 data, or out of its range: the closed form validates or rescales.
    for lam, x0, beta in ([1.0, 2.0], 1.0, 0.5), (h.astype(np.float32), 1.0, b), \
            (h, 1e-300, b), (h, 1e300, b), (np.array([np.nan, 1.0]), 1.0, 0.5), \
            (np.array([1.0, 2.0]), 1.0, np.array([0.5, 1.0])):
        assert first_steps(lam, x0, 0.1, beta, 1, 0.0, _accurate_x1) is None


def test_bad_inputs_still_fail_naming_the_argument():
    with pytest.raises(ValueError, match="lam"):
        dyn.momentum_iterate(np.array([np.inf, 1.0]), 1.0, 1.0, 0.5, 1)
    with pytest.raises(ValueError, match="beta"):
        dyn.momentum_iterate(np.array([1.0, 1.0]), 1.0, 0.1, np.array([0.5, -1.0]), 2)
    with pytest.raises(ValueError, match="eta .* lam"):
        dyn.momentum_iterate(np.array([1e300, 1.0]), 1.0, 1e10, 0.5, 1)
    with pytest.raises(TypeError, match="t must"):
        dyn.momentum_iterate(1.0, 1.0, 0.1, 0.5, True)
    with pytest.raises(ValueError, match="broadcast"):
        dyn.momentum_iterate(np.ones(3), np.ones(2), 0.1, 0.5, 1)


def test_shapes_and_scalars_match_the_closed_form():
    lam = np.linspace(0.1, 4.0, 5)
    beta = np.array([[0.0], [0.5], [-0.3]])
    for t in (1, 2, 3):
        short = dyn.momentum_iterate(lam, 1.5, 1.0, beta, t)
        closed = dyn.momentum_state(lam, 1.5, 1.0, beta, t)[1]
        assert short.shape == closed.shape == (3, 5)
        np.testing.assert_allclose(short, closed, rtol=1e-13, atol=1e-15)
        x = dyn.momentum_iterate(3.0, 1.0, 0.1, 0.5, t)
        assert np.ndim(x) == 0 and isinstance(x, np.floating)
        assert float(x) == pytest.approx(float(dyn.momentum_state(3.0, 1.0, 0.1, 0.5, t)[1]),
                                         rel=1e-14, abs=1e-16)
        # Every input an array of its own shape, and a column of starts.
        x0 = np.array([[1.0], [-2.0], [0.5]])
        got = dyn.momentum_iterate(lam, x0, np.full(5, 0.3), beta[:, 0][:, None], t)
        np.testing.assert_allclose(got, dyn.momentum_state(lam, x0, 0.3, beta, t)[1],
                                   rtol=1e-13, atol=1e-15)
    # The inputs are never written to.
    before, x0, b = lam.copy(), np.full(5, 1.0), np.full(5, 0.5)
    for t in (1, 2, 3):
        dyn.momentum_iterate(lam, x0, 1.0, b, t)
        np.testing.assert_array_equal(lam, before)
        assert (x0 == 1.0).all() and (b == 0.5).all()


def _exact(lam, x0, eta, beta, v0, t):
    """x_t and its terms in exact rationals.

    The first step's terms carry ``eps * (|x_0| + |eta v_1|)`` besides ``|x_1|``: a
    double-double x_1 (the path for a nonzero v0, the closed form's too) is exact
    to about eps**2 of the terms it cancels, not to an ulp of any remainder. Step 3
    (taken from rest only, where x_1 = x_0 s) gets the strict terms
    ``|U_3 x_1| + |beta U_2 x_0|``, ``U_3 = T**2 - beta``, ``U_2 = T``.
    """
    lam, x0, eta, beta, v0 = (Fraction(a) for a in (lam, x0, eta, beta, v0))
    x1 = x0 - eta * (beta * v0 + lam * x0)
    first = abs(x1) + Fraction(EPS) * (abs(x0) + abs(eta * (beta * v0 + lam * x0)))
    trace = 1 + beta - eta * lam
    if t == 1:
        return x1, first
    x2 = trace * x1 - beta * x0
    if t == 2:
        return x2, abs(trace) * first + abs(beta * x0)
    assert t == 3 and v0 == 0
    return trace * x2 - beta * x1, abs((trace ** 2 - beta) * x1) + abs(beta * trace * x0)


sizes = st.floats(2.0 ** -200, 2.0 ** 200)


@given(lam=sizes | st.just(0.0), eta=sizes | st.sampled_from([1.0, 0.5, 0.1, 1 / 3]),
       beta=st.floats(-0.999, 0.999), x0=st.floats(-1e6, 1e6),
       v0=st.just(0.0) | st.floats(-1e6, 1e6), t=st.sampled_from([1, 2, 3]),
       near_one=st.booleans())
def test_short_path_within_its_ulp_of_the_terms(lam, eta, beta, x0, v0, t, near_one):
    if near_one:                      # eta * lam next to 1, where x_1 cancels
        lam = lam / (eta * lam) if lam else 1.0 / eta
    if t == 3:
        v0 = 0.0                      # step 3 is short from rest only
    assume(x0 == 0.0 or abs(x0) >= 2.0 ** -200)
    assume(v0 == 0.0 or abs(v0) >= 2.0 ** -200)
    assume(abs(eta * lam) < 2.0 ** 200)
    # A product beta v0 below the normal range (beta = 5e-324, say) underflows in
    # the first step, here as in the closed form (its Notes say so).
    assume(v0 == 0.0 or beta == 0.0 or abs(beta * v0) >= 2.0 ** -1000)
    want, terms = _exact(lam, x0, eta, beta, v0, t)
    assume(terms == 0 or Fraction(2.0 ** -900) < terms < Fraction(2.0 ** 900))
    got = first_steps(np.array([lam]), x0, eta, beta, t, v0, _accurate_x1)
    assert got is not None
    assert abs(Fraction(float(got[0])) - want) <= SHORT_ULP[t] * Fraction(EPS) * terms


@given(h=st.floats(-4.0, 8.0), beta=st.floats(-0.999, 0.999), x0=st.floats(-10, 10),
       eta=st.sampled_from([1.0, 0.3, 1 / 3]), critical=st.sampled_from([None, -1, 1]),
       eighths=st.integers(0, 8))
def test_step_three_next_to_its_hard_curves(h, beta, x0, eta, critical, eighths):
    # Where the step-3 bound is tight (h = 3, beta -> 1: U_3 = 0) or the roots
    # are double (h = (1 -+ sqrt beta)**2), and on U_3 = 0 (T = +-sqrt beta).
    if critical is not None:
        beta = abs(beta)
        h = (1 + critical * math.sqrt(beta)) ** 2 if eighths % 2 else 1 + beta + critical * math.sqrt(beta)
    elif eighths == 8:
        beta = 1 - (abs(beta) + 1e-3) * 1e-6
        h = 3.0 - abs(h) * 1e-7
    lam = h / eta
    assume(x0 == 0.0 or abs(x0) >= 2.0 ** -250)   # the short path's range
    want, terms = _exact(lam, x0, eta, beta, 0.0, 3)
    assume(terms == 0 or terms > Fraction(2.0 ** -900))
    got = first_steps(np.array([lam]), x0, eta, beta, 3, 0.0, _accurate_x1)
    assert abs(Fraction(float(got[0])) - want) <= SHORT_ULP[3] * Fraction(EPS) * terms


def test_step_three_leaves_an_overflow_to_the_closed_form():
    # x_1 = (1 - 1e300) * 2**200 overflows; the plain recurrence would then make
    # inf - inf = NaN at step 3. The closed form rescales: -inf, as the true x_3.
    lam = np.array([1e300, 1.5, np.nan])
    assert first_steps(lam[:2], 2.0 ** 200, 1.0, 0.5, 3, 0.0, _accurate_x1) is None
    with pytest.raises(ValueError, match="lam"):
        dyn.momentum_iterate(lam, 2.0 ** 200, 1.0, 0.5, 3)
    got = dyn.momentum_iterate(lam[:2], 2.0 ** 200, 1.0, 0.5, 3)
    assert got[0] == -np.inf
    assert got[1] == dyn.momentum_iterate(lam[1:2], 2.0 ** 200, 1.0, 0.5, 3)[0]


def test_step_three_bound_of_the_notes_is_33_ulp():
    # The first-order error bound written in momentum_theory/_short_horizon.py,
    # divided by the terms, over the (h, beta) plane: its largest value is 33 (at
    # h = 3, beta -> 1), which SHORT_ULP[3] = 40 covers with second-order room.
    h, beta = np.meshgrid(np.concatenate([np.linspace(-30, 40, 1401), np.geomspace(40, 1e9, 200),
                                          -np.geomspace(30, 1e9, 200), 3 - np.geomspace(1e-12, 1e-3, 50)]),
                          np.concatenate([np.linspace(-1 + 1e-9, 1 - 1e-9, 401), 1 - np.geomspace(1e-15, 1e-3, 50)]))
    s, b = 1.0 - h, np.abs(beta)
    trace = s + beta
    u = [np.zeros_like(h), np.ones_like(h), trace, trace ** 2 - beta]
    x = [1.0, s, trace * s - beta]                            # x_k / x_0 from rest
    bound = 4 * np.abs(u[3] * x[1])                           # the rounded x_1 = x_0 s (s to 3 ulp)
    for k in (2, 3):                                          # step k's rounding and T's error
        local = (3 * np.abs(trace) + 3 * np.abs(s)) * np.abs(x[k - 1]) + 2 * b * np.abs(x[k - 2])
        bound = bound + np.abs(u[4 - k]) * local
    terms = np.abs(u[3] * x[1]) + b * np.abs(u[2])
    with np.errstate(invalid="ignore"):
        ratio = bound / terms
    ratio = ratio[np.isfinite(ratio)]                         # 0/0 only at h = 1, beta = 0
    assert 32.9 < ratio.max() <= 33.0 + 1e-9


@given(h=st.floats(0.0, 6.0), beta=st.floats(-0.99, 0.99), eta=st.sampled_from([1.0, 0.3, 2.0]),
       x0=st.floats(-10, 10), t=st.integers(1, 4))
def test_short_path_and_closed_form_agree_across_the_threshold(h, beta, eta, x0, t):
    assume(x0 == 0.0 or abs(x0) > 1e-200)          # subnormal results carry fewer digits
    # momentum_state never takes the short path: the same step two ways.
    lam = np.array([h / eta, 1.0 / eta])
    short = dyn.momentum_iterate(lam, x0, eta, beta, t)
    closed = dyn.momentum_state(lam, x0, eta, beta, t)[1]
    for i in range(2):
        want, terms = _exact(lam[i], x0, eta, beta, 0.0, t) if t <= THRESHOLD else (None, None)
        if t <= THRESHOLD and terms > Fraction(2.0 ** -900):
            # The short path's ulp; inputs it leaves (x0 below 2**-250, say) take the
            # closed form, held to 64 ulp times 1 + |log terms| (its rescaled path
            # measured 46 ulp at x0 = 2e-82).
            taken = first_steps(lam, x0, eta, beta, t, 0.0, _accurate_x1) is not None
            if not taken and t == 3:
                # The closed form's own scale (see _check): next to eta lam = 1 with
                # a tiny beta its x_3 is off by far more than the strict terms beta**2 x0.
                trace = 1 + Fraction(beta) - Fraction(eta) * Fraction(lam[i])
                terms = abs(trace ** 2 - Fraction(beta)) * abs(Fraction(x0)) * (
                    1 + abs(Fraction(eta) * Fraction(lam[i]))) + abs(Fraction(beta) * trace * Fraction(x0))
            rel = SHORT_ULP[t] if taken else 64 * (1 + abs(math.log(float(terms))))
            assert abs(Fraction(float(short[i])) - want) <= rel * Fraction(EPS) * terms
        size = (2.0 + abs(h) + abs(beta)) ** t * abs(x0)          # bounds the terms
        assert abs(short[i] - closed[i]) <= 1e-12 * size
