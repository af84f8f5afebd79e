"""Worst cases over function classes (PEPit) against the exact quadratic theory and closed forms.

Every SDP here has n <= 10 (most n <= 5); the exact quadratic values are
checked against 50-digit references to say how much more accurate they are.
"""
import math
import sys

import mpmath
import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

import momentum_theory as mt
from momentum_theory import methods
from momentum_theory.methods import PepResult, general_class_comparison

pytestmark = pytest.mark.slow     # semidefinite programs: seconds each


@pytest.fixture(autouse=True, scope="module")
def _pepit():
    # Imported when a test here runs, not when the module is collected (about 1 s a
    # process: `pytest -m "not slow"` collects this module and runs none of it).
    pytest.importorskip("PEPit")

SSC = "smooth_strongly_convex"


def setting(name, mu=1.0, L=10.0):
    """A stable step and the defaults for each registered method on [mu, L]."""
    if name == "triple_momentum":
        return 1.0 / L, {"kappa": L / mu}
    return 0.1, {}


# --- the quadratic class: PEPit's SDP vs the exact computation vs 50 digits ---------

def reference_worst(record, mu, L, eta, n, params, digits=50):
    """max p_n(lambda)^2 on [mu, L] from the exact (t0, t1, d0, d1), in mpmath at ``digits``."""
    with mpmath.workdps(digits):
        t0, t1, d0, d1 = (mpmath.mpf(c.numerator) / c.denominator
                          for c in record.affine_trace_det(**params))
        e = mpmath.mpf(eta)
        T, D = [t0, t1 * e], [d0, d1 * e]          # coefficients in lambda, lowest first

        def mul(a, b):
            out = [mpmath.mpf(0)] * (len(a) + len(b) - 1)
            for i, x in enumerate(a):
                for j, y in enumerate(b):
                    out[i + j] += x * y
            return out

        def sub(a, b):
            size = max(len(a), len(b))
            a, b = a + [mpmath.mpf(0)] * (size - len(a)), b + [mpmath.mpf(0)] * (size - len(b))
            return [x - y for x, y in zip(a, b)]

        prev = cur = [mpmath.mpf(1)]
        for _ in range(n):
            prev, cur = cur, sub(mul(T, cur), mul(D, prev))
        coeffs = cur[::-1]                           # highest first, for polyval / polyroots
        while len(coeffs) > 1 and coeffs[0] == 0:
            coeffs = coeffs[1:]
        dcoeffs = [c * (len(coeffs) - 1 - i) for i, c in enumerate(coeffs[:-1])]
        candidates = [mpmath.mpf(mu), mpmath.mpf(L)]
        if len(dcoeffs) > 1:
            for r in mpmath.polyroots(dcoeffs, maxsteps=200, extraprec=200):
                if abs(mpmath.im(r)) < mpmath.mpf(10) ** (-30) and mu <= mpmath.re(r) <= L:
                    candidates.append(mpmath.re(r))
        return max(mpmath.polyval(coeffs, x) ** 2 for x in candidates)


CROSS = [("gd", 0.1, {}), ("heavy_ball", 0.1, {"beta": 0.5}), ("nesterov", 0.1, {"beta": 0.5}),
         ("qhm", 0.1, {"beta": 0.7, "nu": 0.7}), ("triple_momentum", 0.1, {"kappa": 10.0})]


@pytest.mark.parametrize("name, eta, params", CROSS)
def test_pepit_quadratic_class_agrees_with_the_exact_worst_case(name, eta, params):
    record = methods.get(name)
    n = 5
    exact = record.worst_case(1.0, 10.0, eta, n, **params).value
    pep = record.worst_case(1.0, 10.0, eta, n, function_class="quadratic_pep", **params)
    ref = reference_worst(record, 1.0, 10.0, eta, n, params)
    exact_error = abs(exact - ref) / ref
    pep_error = abs(pep.value - ref) / ref
    # Measured: the exact value within ~1e-16 of the 50-digit reference, the SDP within ~1e-9..1e-8.
    assert exact_error < 1e-13
    assert pep_error < 1e-6
    assert pep.function_class == "quadratic_pep" and pep.status in ("optimal", "optimal_inaccurate")
    assert abs(pep.gap) < 1e-6


def test_the_exact_value_is_orders_more_accurate_than_the_sdp():
    record = methods.get("heavy_ball")
    errors_exact, errors_pep = [], []
    for beta in (0.3, 0.6):
        exact = record.worst_case(1.0, 10.0, 0.1, 6, beta=beta).value
        pep = record.worst_case(1.0, 10.0, 0.1, 6, function_class="quadratic_pep", beta=beta).value
        ref = reference_worst(record, 1.0, 10.0, 0.1, 6, {"beta": beta})
        errors_exact.append(float(abs(exact - ref) / ref))
        errors_pep.append(float(abs(pep - ref) / ref))
    assert max(errors_exact) < 1e-13
    assert max(errors_exact) * 1e3 < max(max(errors_pep), 1e-12)


# --- the general class -------------------------------------------------------------

@pytest.mark.parametrize("name", ["gd", "heavy_ball", "nesterov", "two_step", "qhm", "triple_momentum"])
def test_every_registered_method_and_the_general_class_is_never_below_quadratics(name):
    record = methods.get(name)
    eta, params = setting(name)
    for n in (1, 3):
        quad = record.worst_case(1.0, 10.0, eta, n, **params).value
        general = record.worst_case(1.0, 10.0, eta, n, function_class=SSC, **params)
        assert isinstance(general, PepResult)
        assert general.method == name and general.n == n and general.function_class == SSC
        assert math.isfinite(general.value)
        assert general.value >= quad * (1 - 1e-6) - 1e-8
        assert general.iterates.shape[0] == n + 1


def test_all_registered_methods_are_covered():
    assert set(methods.available()) == {"gd", "heavy_ball", "nesterov", "two_step", "qhm",
                                        "triple_momentum"}


@pytest.mark.parametrize("mu, L, eta, n", [(1.0, 10.0, 0.1, 4), (1.0, 10.0, 2 / 11, 3),
                                           (1.0, 10.0, 0.19, 3), (0.5, 4.0, 0.1, 5),
                                           (1.0, 4.0, 0.45, 2)])
def test_gradient_descent_on_the_general_class_is_the_closed_form(mu, L, eta, n):
    """GD's tight worst case on F(mu, L): max(|1 - eta mu|, |1 - eta L|)^(2n), attained by a quadratic."""
    w = mt.worst_case(mu, L, eta, 0.0, n, method="gd", function_class=SSC)
    closed = max(abs(1 - eta * mu), abs(1 - eta * L)) ** (2 * n)
    assert abs(w.value - closed) <= 1e-6 * closed
    quad = mt.worst_case(mu, L, eta, 0.0, n, method="gd")
    assert abs(quad.value / closed - 1) < 1e-13


@settings(max_examples=12)
@given(mu=st.floats(0.1, 2.0), kappa=st.floats(2.0, 50.0), scale=st.floats(0.05, 1.9),
       n=st.integers(1, 4))
def test_gradient_descent_closed_form_holds_across_the_class(mu, kappa, scale, n):
    L = mu * kappa
    eta = scale / L                   # any stable step, 0 < eta < 2 / L
    w = methods.get("gd").worst_case(mu, L, eta, n, function_class=SSC)
    closed = max(abs(1 - eta * mu), abs(1 - eta * L)) ** (2 * n)
    assert w.value == pytest.approx(closed, rel=1e-5, abs=1e-7)


def test_polyak_heavy_ball_does_not_contract_on_the_general_class():
    """Lessard, Recht & Packard (2016): Polyak's tuning at kappa = 25 fails beyond quadratics."""
    hb = methods.get("heavy_ball")
    t = hb.optimal(1.0, 25.0)
    general = [hb.worst_case(1.0, 25.0, t.eta, n, function_class=SSC, **t.params).value
               for n in (4, 8)]
    quad = hb.worst_case(1.0, 25.0, t.eta, 8, **t.params)
    assert quad.rho_max < 1 and quad.value < 0.5          # quadratics: contracting (0.31 at n = 8)
    assert general[1] > 1 and general[1] > general[0]     # general: > 1 and growing (11, 18)
    assert min(general) > 10


def test_the_safe_heavy_ball_tuning_contracts_on_the_general_class():
    hb = methods.get("heavy_ball")
    w = hb.worst_case(1.0, 25.0, 1 / 25.0, 10, function_class=SSC, beta=0.5)
    assert 0.3 < w.value < 0.7      # measured 0.507


def test_the_worst_case_example_is_a_run_of_the_method_on_a_function_of_the_class():
    mu, L, eta, beta, n = 1.0, 10.0, 0.1, 0.6, 4
    w = methods.get("heavy_ball").worst_case(mu, L, eta, n, function_class=SSC, beta=beta)
    x, g, f = w.iterates, w.gradients, w.values
    # The iterates are heavy ball's on the returned gradients (x_{-1} = x_0).
    prev = x[0]
    for t in range(n):
        np.testing.assert_allclose(x[t + 1], x[t] + beta * (x[t] - prev) - eta * g[t], atol=1e-6)
        prev = x[t]
    np.testing.assert_allclose(w.points, x[:n], atol=1e-12)
    # The ratio is reached by the example (primal value), close to the bound.
    ratio = float(x[-1] @ x[-1]) / float(x[0] @ x[0])
    assert abs(ratio - w.value) < 1e-5 * w.value and abs(w.gap) < 1e-5 * w.value
    # The data interpolate an L-smooth mu-strongly convex function (with x* = 0, g* = 0, f* = 0).
    pts = np.vstack([np.zeros(x.shape[1]), w.points])
    grads = np.vstack([np.zeros(x.shape[1]), g])
    vals = np.concatenate([[0.0], f])
    scale = max(1.0, float(np.abs(vals).max()))
    for i in range(len(pts)):
        for j in range(len(pts)):
            dx, dg = pts[i] - pts[j], grads[i] - grads[j]
            lower = vals[j] + grads[j] @ dx + (dg @ dg / L + mu * dx @ dx - 2 * mu / L * dg @ dx) \
                / (2 * (1 - mu / L))
            assert vals[i] >= lower - 1e-6 * scale


def test_qhm_is_analysed_with_its_own_two_gradients():
    """QHM's rule asks for gradients at x_t and x_{t-1}; its quadratic twin in the two-step
    family (same trace and determinant) is a different method on the general class."""
    from momentum_theory.methods._worst import numeric_rule

    qhm = methods.get("qhm")
    eta, params, n = 0.15, {"beta": 0.9, "nu": 0.7}, 4
    A, B, terms = numeric_rule(qhm, eta, params)
    assert [(P, Q) for _, P, Q in terms] == [(1.0, 0.0), (0.0, 1.0)]
    w = qhm.worst_case(1.0, 10.0, eta, n, function_class=SSC, **params)
    assert w.points.shape[0] == n        # x_0 (= x_{-1}), x_1, ..., x_{n-1}: each asked once
    # The two-step twin: T = t0 + t1 h, D = d0 + d1 h -> beta' = d0, step eta (d1 - t1),
    # gamma' = d1 / (t1 - d1): the same residual polynomials.
    t0, t1, d0, d1 = (float(c) for c in qhm.affine_trace_det(**params))
    twin, kw, eta2 = methods.get("two_step"), {"beta": d0, "gamma": d1 / (t1 - d1)}, eta * (d1 - t1)
    quad = qhm.worst_case(1.0, 10.0, eta, n, **params).value
    assert abs(twin.worst_case(1.0, 10.0, eta2, n, **kw).value - quad) < 1e-12
    # Measured: the twin's general worst case is the quadratic one (0.76147), QHM's is 0.77691.
    other = twin.worst_case(1.0, 10.0, eta2, n, function_class=SSC, **kw).value
    assert abs(other - quad) < 1e-6 and w.value > quad + 0.01


# --- inputs ------------------------------------------------------------------------

def test_quadratic_results_are_unchanged():
    t = mt.heavy_ball_optimal(1.0, 10.0)
    a = mt.worst_case(1.0, 10.0, t.eta, t.beta, 20)
    b = mt.worst_case(1.0, 10.0, t.eta, t.beta, 20, function_class="quadratic")
    c = methods.get("heavy_ball").worst_case(1.0, 10.0, t.eta, 20, function_class="quadratic",
                                              beta=t.beta)
    assert a.value == b.value == c.value
    np.testing.assert_array_equal(a.history, c.history)


@pytest.mark.parametrize("call", [
    lambda fc: mt.worst_case(1.0, 10.0, 0.1, 0.5, 3, function_class=fc),
    lambda fc: methods.get("qhm").worst_case(1.0, 10.0, 0.1, 3, function_class=fc),
])
def test_a_bad_function_class_is_named(call):
    with pytest.raises(ValueError, match="function_class"):
        call("convex")
    with pytest.raises(TypeError, match="function_class"):
        call(3)


def test_bad_pep_inputs_are_named():
    hb = methods.get("heavy_ball")
    with pytest.raises(ValueError, match="solver"):
        hb.worst_case(1.0, 10.0, 0.1, 2, function_class=SSC, solver="NO_SUCH_SOLVER")
    with pytest.raises(TypeError, match="solver"):
        hb.worst_case(1.0, 10.0, 0.1, 2, function_class=SSC, solver=1)
    with pytest.raises(ValueError, match="n must be <= 100"):
        hb.worst_case(1.0, 10.0, 0.1, 101, function_class=SSC)
    with pytest.raises(ValueError, match="eta"):
        hb.worst_case(1.0, 10.0, -0.1, 2, function_class=SSC)
    with pytest.raises(TypeError, match="gamma"):
        hb.worst_case(1.0, 10.0, 0.1, 2, function_class=SSC, gamma=0.1)


def test_a_rule_that_moves_the_minimiser_is_refused():
    eta, beta = sp.symbols("eta beta", real=True)
    drifting = methods.from_update(lambda x, xp, grad: x + beta * xp - eta * grad(x), [eta, beta],
                                   name="drifting")
    with pytest.raises(ValueError, match="minimiser"):
        drifting.worst_case(1.0, 10.0, 0.1, 2, function_class=SSC, beta=0.1)
    scaled = methods.from_update(lambda x, xp, grad: x - eta * grad(2 * x), [eta], name="scaled")
    with pytest.raises(ValueError, match="gradient at 2 x"):
        scaled.worst_case(1.0, 10.0, 0.1, 2, function_class=SSC)


def test_a_users_rule_runs_through_pepit():
    eta, beta = sp.symbols("eta beta", real=True)
    mine = methods.from_update(lambda x, xp, grad: x + beta * (x - xp) - eta * grad(x), [eta, beta],
                               name="mine")
    a = mine.worst_case(1.0, 10.0, 0.1, 3, function_class=SSC, beta=0.4).value
    b = methods.get("heavy_ball").worst_case(1.0, 10.0, 0.1, 3, function_class=SSC, beta=0.4).value
    assert abs(a - b) < 1e-6 * b


def test_without_pepit_the_message_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "PEPit", None)
    with pytest.raises(ImportError) as err:
        mt.worst_case(1.0, 10.0, 0.1, 0.5, 3, function_class=SSC)
    message = str(err.value)
    assert 'install "momentum_theory[pep]"' in message and "\n" not in message
    # The exact quadratic worst case does not need PEPit.
    assert mt.worst_case(1.0, 10.0, 0.1, 0.5, 3).value > 0


def test_the_result_displays_itself():
    w = methods.get("gd").worst_case(1.0, 10.0, 0.1, 2, function_class=SSC)
    text = str(w)
    assert "smooth_strongly_convex" in text and f"{w.value:.8g}" in text and w.solver in text
    assert repr(w).startswith("<PepResult gd smooth_strongly_convex n=2")
    assert "<table>" in w._repr_html_()
    assert w.accurate == (w.status == "optimal")


# --- the comparison and its plot ---------------------------------------------------

@pytest.fixture(scope="module")
def comparison():
    return general_class_comparison(kappa=25.0, n_max=4, ns=[2, 4])


def test_the_comparison_holds_both_classes(comparison):
    assert comparison.kappa == 25.0 and comparison.n_max == 4
    labels = [c.label for c in comparison.curves]
    assert labels == ["gradient descent", "heavy ball, Polyak", "heavy ball, safe", "Nesterov",
                      "triple momentum"]
    for c in comparison.curves:
        record = methods.get(c.method)
        np.testing.assert_array_equal(
            c.quadratic, record.worst_case(1.0, 25.0, c.eta, 4, **c.params).history)
        assert c.ns.tolist() == [2, 4] and c.general.shape == (2,) and len(c.status) == 2
        assert np.all(c.general >= c.quadratic[c.ns] * (1 - 1e-6) - 1e-8)
    gd = comparison.curves[0]
    np.testing.assert_allclose(gd.general, (12 / 13) ** (2 * gd.ns), rtol=1e-6)
    polyak = comparison.curves[1]
    assert polyak.general[-1] > 1 and polyak.general[-1] > 4 * polyak.quadratic[-1]
    assert "kappa = 25" in str(comparison) and "ClassComparison" in repr(comparison)


@pytest.mark.parametrize("kw, exc, name", [
    (dict(kappa=1.0), ValueError, "kappa"), (dict(kappa="25"), TypeError, "kappa"),
    (dict(n_max=0), ValueError, "n_max"), (dict(n_max=101), ValueError, "n_max"),
    (dict(n_max=3, ns=[5]), ValueError, "ns"), (dict(n_max=3, ns=[1.5]), TypeError, "ns"),
    (dict(mu=0.0), ValueError, "mu"),
])
def test_bad_comparison_inputs_are_named(kw, exc, name):
    with pytest.raises(exc, match=name):
        general_class_comparison(**kw)


def test_the_plot_draws_both_classes(comparison):
    from momentum_theory import plots

    ax = plots.general_class_plot(comparison, linewidth=1.0)
    assert ax.get_yscale() == "log"
    lines = ax.get_lines()
    assert len(lines) == 2 * len(comparison.curves) + 1
    solid = [l for l in lines if l.get_linestyle() == "-" and l.get_linewidth() == 1.0]
    dashed = [l for l in lines if l.get_linestyle() == "--"]
    assert len(solid) == len(dashed) == len(comparison.curves)
    np.testing.assert_allclose(dashed[1].get_ydata(), [1.0, *comparison.curves[1].general])
    assert dashed[1].get_xdata().tolist() == [0, 2, 4]
    assert solid[0].get_color() == dashed[0].get_color()
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "heavy ball, Polyak" in labels and "smooth strongly convex (PEPit)" in labels
    with pytest.raises(TypeError, match="data"):
        plots.general_class_plot({"kappa": 25})
    with pytest.raises(TypeError, match="legend"):
        plots.general_class_plot(comparison, legend="yes")
