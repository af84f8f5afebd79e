"""Optimal tuning: SymPy derivation vs closed form vs numeric minimisation vs iteration."""
import dataclasses
import math

import numpy as np
import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

from momentum_theory.accelerated import nesterov_optimal
from momentum_theory.dynamics import heavy_ball
from momentum_theory.tuning import (
    Tuning,
    derive_gd_optimal,
    derive_heavy_ball_optimal,
    gd_optimal,
    heavy_ball_optimal,
    minimize_worst_rate,
    steps_to_tolerance,
    worst_rate,
)

MU = st.floats(1e-3, 10.0)
KAPPA = st.floats(1.0, 1e4)


def evaluate(expr, mu, L):
    """Evaluate a derived expression in mu, L (or kappa) at numbers."""
    names = {s.name: s for s in expr.free_symbols}
    values = {"mu": mu, "L": L, "kappa": L / mu}
    return float(expr.subs({names[n]: values[n] for n in names}))


@given(MU, KAPPA)
def test_closed_forms_match_the_sympy_derivation(mu, kappa):
    L = mu * kappa
    hb, gd = derive_heavy_ball_optimal().result, derive_gd_optimal().result
    t = heavy_ball_optimal(mu, L)
    assert t.eta == pytest.approx(evaluate(hb["eta"], mu, L), rel=1e-12)
    assert t.beta == pytest.approx(evaluate(hb["beta"], mu, L), rel=1e-10, abs=1e-15)
    assert t.rate == pytest.approx(evaluate(hb["rate"], mu, L), rel=1e-10, abs=1e-15)
    g = gd_optimal(mu, L)
    assert g.eta == pytest.approx(evaluate(gd["eta"], mu, L), rel=1e-12)
    assert g.rate == pytest.approx(evaluate(gd["rate"], mu, L), rel=1e-10, abs=1e-15)


@given(MU, KAPPA)
def test_optimal_rate_is_the_worst_spectral_radius(mu, kappa):
    L = mu * kappa
    for t, method in ((heavy_ball_optimal(mu, L), "heavy_ball"), (gd_optimal(mu, L), "gd"),
                      (nesterov_optimal(mu, L), "nesterov")):
        # At Polyak's tuning the ends sit on the critical-damping curves, where
        # rho has a square-root kink: rounding eta*mu by eps moves rho by ~sqrt(eps).
        assert worst_rate(mu, L, t.eta, t.beta, method=method) == pytest.approx(t.rate, abs=1e-7)


@given(MU, st.floats(1.5, 1e3), st.floats(-0.05, 0.05), st.floats(-0.05, 0.05))
def test_perturbing_the_optimum_never_helps(mu, kappa, d_eta, d_beta):
    L = mu * kappa
    t = heavy_ball_optimal(mu, L)
    beta = min(max(t.beta + d_beta * (1 - t.beta), 0.0), 0.999)
    assert worst_rate(mu, L, t.eta * (1 + d_eta), beta) >= t.rate - 1e-12
    g = gd_optimal(mu, L)
    assert worst_rate(mu, L, g.eta * (1 + d_eta), 0.0, method="gd") >= g.rate - 1e-12


@pytest.mark.parametrize("method, closed", [
    ("heavy_ball", heavy_ball_optimal), ("gd", gd_optimal), ("nesterov", nesterov_optimal)])
@pytest.mark.parametrize("mu, L", [(1.0, 2.0), (0.5, 8.0), (1.0, 300.0), (1.0, 1000.0),
                                   (0.01, 30.0), (1.0, 1e5)])
def test_numeric_minimisation_lands_on_the_derived_tuning(method, closed, mu, L):
    # Stated tolerance (see minimize_worst_rate): rate 1e-7, parameters 1e-4 relative.
    found, derived = minimize_worst_rate(mu, L, method=method), closed(mu, L)
    assert found.rate == pytest.approx(derived.rate, abs=1e-7)
    assert found.eta == pytest.approx(derived.eta, rel=1e-4)
    assert found.beta == pytest.approx(derived.beta, rel=1e-4, abs=1e-8)
    assert found.method == f"numeric {method}"


def test_ordering_gd_nesterov_heavy_ball():
    for kappa in (2.0, 10.0, 100.0, 1e4):
        g, n, h = gd_optimal(1, kappa), nesterov_optimal(1, kappa), heavy_ball_optimal(1, kappa)
        assert h.rate < n.rate < g.rate


@pytest.mark.parametrize("kappa", [10.0, 100.0])
def test_iterating_at_the_optimum_decays_at_the_predicted_rate(kappa):
    lam = np.linspace(1.0, kappa, 7)   # a diagonal quadratic with spectrum in [1, kappa]
    t = heavy_ball_optimal(1.0, kappa)
    path = heavy_ball(lambda x: lam * x, np.ones_like(lam), t.eta, t.beta, steps=600)
    norms = np.abs(path).max(axis=1)  # a 2-norm would underflow
    # Between steps 300 and 600 the polynomial factor n * rho^n changes little.
    observed = (norms[600] / norms[300]) ** (1 / 300)
    assert observed == pytest.approx(t.rate, rel=5e-3)
    g = gd_optimal(1.0, kappa)
    path = heavy_ball(lambda x: lam * x, np.ones_like(lam), g.eta, 0.0, steps=400)
    norms = np.abs(path).max(axis=1)  # a 2-norm would underflow
    assert (norms[400] / norms[200]) ** (1 / 200) == pytest.approx(g.rate, rel=1e-6)


@given(st.floats(0.0, 0.999), st.floats(1e-12, 0.5))
def test_steps_to_tolerance_is_the_smallest_sufficient_count(rate, eps):
    n = int(steps_to_tolerance(rate, eps))
    assert rate ** n <= eps
    if n > 0:
        assert rate ** (n - 1) > eps


def test_steps_to_tolerance_examples_and_broadcasting():
    assert int(steps_to_tolerance(0.5, 0.25)) == 2
    assert int(steps_to_tolerance(0.0, 1e-3)) == 1   # rho = 0 still takes a step
    np.testing.assert_array_equal(steps_to_tolerance([0.5, 0.9], 1e-3), [10, 66])
    assert heavy_ball_optimal(1, 100).steps(1e-6) == 69


def test_tuning_is_frozen_and_reports_kappa():
    t = heavy_ball_optimal(2.0, 50.0)
    assert isinstance(t, Tuning) and t.kappa == 25.0 and t.rate == pytest.approx(4 / 6)
    with pytest.raises(dataclasses.FrozenInstanceError):
        t.eta = 1.0


def test_kappa_one_needs_one_step():
    t = heavy_ball_optimal(3.0, 3.0)
    assert t.beta == 0.0 and t.rate == 0.0 and t.eta == pytest.approx(1 / 3)


def test_derivations_are_derived():
    d = derive_heavy_ball_optimal()
    assert set(d.result) == {"eta", "beta", "rate"}
    assert "smallest_rate" in d.steps and all(k for k in d.checks)
    kappa = [s for s in d.result["rate"].free_symbols][0]
    assert sp.simplify(d.result["rate"].subs(kappa, 49) - sp.Rational(3, 4)) == 0
    g = derive_gd_optimal()
    assert sp.simplify(g.result["rate"].subs(list(g.result["rate"].free_symbols)[0], 9)
                       - sp.Rational(4, 5)) == 0
    assert "$" not in d.latex() and "aligned" in d.latex()


@pytest.mark.parametrize("call, exc, name", [
    (lambda: heavy_ball_optimal(0.0, 1.0), ValueError, "mu"),
    (lambda: heavy_ball_optimal(2.0, 1.0), ValueError, "L"),
    (lambda: gd_optimal("1", 2.0), TypeError, "mu"),
    (lambda: gd_optimal(1.0, math.inf), ValueError, "L"),
    (lambda: steps_to_tolerance(1.0, 0.1), ValueError, "rate"),
    (lambda: steps_to_tolerance(0.5, 0.0), ValueError, "eps"),
    (lambda: worst_rate(1, 2, 0.1, 0.5, method="adam"), ValueError, "method"),
    (lambda: minimize_worst_rate(1, 2, method="sgd"), ValueError, "method"),
])
def test_bad_input(call, exc, name):
    with pytest.raises(exc, match=name):
        call()


def test_rate_vs_condition_draws_the_closed_forms():
    import matplotlib.pyplot as plt
    from momentum_theory.plots import rate_vs_condition

    fig, ax = plt.subplots(layout="constrained")
    try:
        kappa = np.array([1.0, 4.0, 25.0, 400.0])
        rate_vs_condition(ax=ax, kappa=kappa)
        gd, nag, hb = (line.get_ydata() for line in ax.lines)
        np.testing.assert_allclose(gd, (kappa - 1) / (kappa + 1))
        np.testing.assert_allclose(nag, 1 - 2 / np.sqrt(3 * kappa + 1))
        np.testing.assert_allclose(hb, (np.sqrt(kappa) - 1) / (np.sqrt(kappa) + 1))
        ax.clear()
        rate_vs_condition(ax=ax, kappa=kappa, quantity="steps", methods=("gd",))
        np.testing.assert_array_equal(ax.lines[0].get_ydata(),
                                      steps_to_tolerance((kappa - 1) / (kappa + 1), 1e-6))
        with pytest.raises(ValueError, match="quantity"):
            rate_vs_condition(ax=ax, quantity="speed")
    finally:
        plt.close(fig)


def test_example_script_prints_matching_numeric_and_derived_tunings(tmp_path, run_example):
    import re

    # In this interpreter (conftest's run_example): a new one costs more than the script's work.
    stdout = run_example("beyond_tuning.py", tmp_path)
    num = r"([\d.e+-]+)"
    rows = re.findall(rf"(gd|nesterov|heavy_ball)\s+derived eta = {num} beta = {num} rate = {num}"
                      rf" \| numeric eta = {num} beta = {num} rate = {num} \| steps to 1e-06: (\d+)",
                      stdout)
    assert len(rows) == 9
    for method, *values, steps in rows:
        eta, beta, rate, n_eta, n_beta, n_rate = map(float, values)
        assert n_rate == pytest.approx(rate, abs=1e-6)
        assert n_eta == pytest.approx(eta, rel=1e-4)
        assert n_beta == pytest.approx(beta, rel=1e-4, abs=1e-8)
        assert int(steps) == steps_to_tolerance(rate, 1e-6)
    assert (tmp_path / "theory_rate_vs_condition.png").read_bytes()[:4] == b"\x89PNG"
    refused = run_example.status("beyond_tuning.py", tmp_path)
    assert refused.status != 0 and "force" in refused.stderr


# --- the closed forms over the whole float range (issue 9) --------------------

def _mp_tunings(mu, L):
    """50-digit (eta, beta, rate) of heavy ball and Nesterov, from the exact inputs."""
    import mpmath
    with mpmath.workdps(50):
        mu_, L_ = mpmath.mpf(mu), mpmath.mpf(L)
        sk = mpmath.sqrt(L_ / mu_)
        hb = (4 / (mpmath.sqrt(L_) + mpmath.sqrt(mu_)) ** 2, ((sk - 1) / (sk + 1)) ** 2,
              (sk - 1) / (sk + 1))
        q = mpmath.sqrt(3 * L_ / mu_ + 1)
        nag = (4 / (3 * L_ + mu_), (q - 2) / (q + 2), 1 - 2 / q)
    return {"heavy_ball": hb, "nesterov": nag}


def _ulps(got, want):
    import mpmath
    return float(abs(mpmath.mpf(got) - want) / mpmath.mpf(np.spacing(abs(got))))


@pytest.mark.parametrize("mu, L", [(1.0, 100.0), (1.0, 1e10), (1.0, 1e20), (3.0, 1e30),
                                   (1.0, 4e32), (1.0, 1e33), (1e307, 1.7e308), (1e-300, 1e-290),
                                   (2.5, 2.5)])
@pytest.mark.parametrize("method", ["heavy_ball", "nesterov"])
def test_optimal_tunings_are_accurate_over_the_float_range(mu, L, method):
    fn = heavy_ball_optimal if method == "heavy_ball" else nesterov_optimal
    try:
        t = fn(mu, L)
    except ValueError:
        assert method == "nesterov" and L / mu >= 4e32          # Nesterov's beta rounds to 1 earlier
        return
    eta, beta, rate = _mp_tunings(mu, L)[method]
    assert 0.0 <= t.beta < 1.0 and 0.0 <= t.rate < 1.0 and 0.0 < t.eta < math.inf
    # Each within an ulp or two of the exact value (beta near 1: an ulp of 1).
    assert _ulps(t.beta, beta) <= 2.0 and _ulps(t.rate, rate) <= 2.0
    assert _ulps(t.eta, eta) <= 4.0


@pytest.mark.parametrize("fn", [heavy_ball_optimal, nesterov_optimal])
@pytest.mark.parametrize("mu, L", [(1.0, 1e34), (1.0, 1e308), (1e-300, 1e300)])
def test_optimal_tunings_refuse_a_beta_that_rounds_to_one(fn, mu, L):
    with pytest.raises(ValueError, match=r"L / mu .* beta must be < 1"):
        fn(mu, L)


def test_gd_optimal_step_does_not_overflow_near_the_float_maximum():
    t = gd_optimal(1e307, 1.7e308)
    assert t.eta == pytest.approx(2 / 1.8e308, rel=1e-15) and t.rate == pytest.approx(16 / 18, rel=1e-15)
