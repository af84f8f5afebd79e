"""Tests for the package momentum_theory.claims: catalogue, checks, verification, display.

Three kinds of test:

* the catalogue is what it says (ids, sections, sources quoted verbatim from
  the chapter);
* every check is *sensitive*: it passes on a correct formula and fails on a
  wrong one, so the verdicts come from computation (the printed formula of a
  failing claim is rejected, the corrected one accepted by the same check);
* the findings are confirmed a second, independent way: plain NumPy on random
  positive definite matrices, without SymPy or the check code.
"""
import html
import json
import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, strategies as st

from momentum_theory import claims
from momentum_theory.claims import checks_example_2d, checks_training, checks_tuning
from momentum_theory.cli import main

SEED = Path(__file__).resolve().parent.parent.parent / "shared" / "seed" / "000_be60228a8d92ce3a.txt"
SECTIONS = {"Leaky averages", "An ill-conditioned problem", "The momentum method",
            "Effective sample weight", "Practical experiments", "Quadratic convex functions",
            "Scalar functions", "Summary"}
FAILING = {"completed-square", "gradient", "momentum-terms", "change-of-variables", "gd-in-z",
           "scalar-gd-beyond-one", "leaky-batch-benefits", "effective-sample-size-0.9",
           "lr-0.01-under-control", "positive-definite-eigenvalues", "large-beta-desirable"}


@pytest.fixture(scope="module")
def results():
    return {r.id: r for r in claims.verify_all()}


def _claim(claim_id):
    return next(c for c in claims.CLAIMS if c.id == claim_id)


# --------------------------------------------------------------------------
# The catalogue
# --------------------------------------------------------------------------

def test_catalogue_has_unique_slugs_and_known_sections():
    cat = claims.catalogue()
    assert len(cat) >= 15
    ids = [c.id for c in cat]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9]+(?:[.-][a-z0-9]+)*", i) for i in ids)
    assert {c.section for c in cat} <= SECTIONS
    assert all(c.statement.strip() and callable(c.check) for c in cat)


def test_every_source_is_quoted_verbatim_from_the_chapter():
    if not SEED.is_file():
        pytest.skip(f"chapter text not found at {SEED}")
    text = SEED.read_text(encoding="utf-8")
    missing = [c.id for c in claims.CLAIMS if c.source not in text]
    assert missing == []


def test_catalogue_covers_the_displayed_theory_equations():
    ids = {c.id for c in claims.CLAIMS}
    for needed in ("minimizer", "minimum", "completed-square", "gradient", "change-of-variables",
                   "b-prime", "gd-in-z", "momentum-in-z", "scalar-gd-step", "scalar-gd-power",
                   "momentum-matrix", "momentum-region", "leaky-unrolled", "weights-sum",
                   "effective-samples-0.9", "beta-zero-is-gd"):
        assert needed in ids


def test_catalogue_covers_the_statements_issue_12_lists():
    ids = {c.id for c in claims.CLAIMS}
    for needed in ("large-beta-desirable", "leaky-batch-benefits", "effective-sample-size-0.9",
                   "lr-0.005-converges-better", "framework-optimizer", "gradients-add-and-cancel",
                   "eigenvalues-set-rate", "positive-definite-eigenvalues", "orthogonal-gradients",
                   "minibatch-variance", "large-small-beta", "momentum-accelerates", "quadratic-scope"):
        assert needed in ids


def test_qualitative_sentences_are_listed_with_a_reason():
    claim_ids = {c.id for c in claims.CLAIMS}
    qual = claims.QUALITATIVE
    ids = [q.id for q in qual]
    assert len(ids) == len(set(ids)) and not set(ids) & claim_ids
    for q in qual:
        assert isinstance(q, claims.Qualitative) and q.section in SECTIONS
        assert len(q.reason) > 20 and set(q.covered_by) <= claim_ids
        assert re.fullmatch(r"[a-z0-9]+(?:[.-][a-z0-9]+)*", q.id)
    if SEED.is_file():
        text = SEED.read_text(encoding="utf-8")
        assert [q.id for q in qual if q.source not in text] == []
        # A sentence is either checked or listed as qualitative, never both.
        assert not {q.source for q in qual} & {c.source for c in claims.CLAIMS}


def test_qualitative_display():
    q = next(q for q in claims.QUALITATIVE if q.covered_by)
    assert repr(q) == f"<Qualitative {q.id}>"
    lines = str(q).splitlines()
    assert lines[0] == f"{q.id} ({q.section}): qualitative -- {q.reason}"
    assert lines[1] == f"  chapter: {q.source}" and lines[2].startswith("  checked instead by: ")
    page = q._repr_html_()
    assert page.startswith("<div>") and html.escape(q.reason) in page and "checked instead by" in page


# --------------------------------------------------------------------------
# The verdicts
# --------------------------------------------------------------------------

def test_no_check_crashes_and_findings_are_the_sign_and_eta_errors(results):
    assert [r.id for r in results.values() if r.error] == []
    assert {i for i, r in results.items() if not r.holds} == FAILING


def test_corrections_exactly_for_failing_claims(results):
    for r in results.values():
        if r.holds:
            assert r.correction is None
        else:
            assert r.correction and "no candidate correction" not in r.correction
            assert "corrected form passes the same check" in r.evidence


@pytest.mark.parametrize("claim_id", sorted(FAILING))
def test_failing_claim_passes_its_own_check_once_corrected(claim_id):
    claim = _claim(claim_id)
    assert not claim.check(claim.formula).holds
    assert claim.check(claim.corrections[0].formula).holds


def test_evidence_shows_the_computed_differences(results):
    assert "-2*c_1, [1] -2*c_2" in results["gradient"].evidence
    assert "-2*(c_1*x_1 + c_2*x_2)" in results["completed-square"].evidence
    assert "-2*(c_1*x_1 + c_2*x_2)" in results["change-of-variables"].evidence
    assert "eta = 1" in results["gd-in-z"].evidence
    assert "Interval.open(2, oo)" in results["scalar-gd-beyond-one"].evidence


def test_region_evidence_has_three_routes(results):
    ev = results["momentum-region"].evidence
    assert "Jury" in ev and "root finding" in ev and "agrees with the derived region on 1.000000" in ev


# Mutations: a wrong formula for each claim that holds must be rejected by its check.
MUTATIONS = [
    ("minibatch-gradient", lambda s: 1 / (s.B + 1)),
    ("leaky-two-step", lambda s: s.beta * s.v_tm2 + s.beta * s.g_tm1 + s.g_t),
    ("leaky-unrolled", lambda s: s.beta**(s.tau + 1)),
    ("f2d-minimum", lambda s: (1, 0)),
    ("f2d-gradient", lambda s: (s.Rational(1, 10) * s.x1, 2 * s.x2)),
    ("gd-0.4-converges", dict(eta=0.4, beta=0.0, converges=False)),
    ("gd-0.4-converges", dict(eta=0.4, beta=0.0, converges=True, speed="slowly", direction="x2")),
    ("gd-0.6-diverges-x2", dict(eta=0.6, beta=0.0, converges=False, direction="x1")),
    ("gd-0.6-faster-x1", dict(better=(0.4, 0.0), worse=(0.6, 0.0), coordinate=0)),
    ("momentum-0.5-converges", dict(eta=0.6, beta=0.5, converges=True, speed="slowly")),
    ("momentum-0.25-barely-converges", dict(eta=0.6, beta=0.25, converges=True, speed="well")),
    ("momentum-0.25-beats-gd", dict(better=(0.6, 0.0), worse=(0.6, 0.25), coordinate=None)),
    ("beta-zero-is-gd", lambda s: (s.beta * s.v + s.g, s.x - s.eta * (s.v + s.g))),
    ("weights-sum", lambda s: 1 / (1 + s.beta)),
    ("effective-step", lambda s: s.eta / (1 + s.beta)),
    ("effective-samples-0.9", ("0.9", 9)),
    ("minimizer", lambda m: m.Qinv * m.c),
    ("minimum", lambda m: m.b + m.half * m.c.T * m.Qinv * m.c),
    ("eigendecomposition", lambda m: m.O * m.Lam * m.O.T),
    ("b-prime", lambda m: m.b + m.half * m.c.T * m.Qinv * m.c),
    ("momentum-in-z", lambda m: ([m.beta * m.v - m.Lam * m.z], [m.z - m.eta * (m.beta * m.v + m.Lam * m.z)])),
    ("momentum-in-z", lambda m: ([m.beta * m.v + m.Lam * m.z], [(m.I - m.eta * m.Lam) * m.z + m.eta * m.beta * m.v])),
    ("decoupling", lambda m: m.I),
    ("scalar-gd-step", lambda s: [(1 + s.eta * s.lam) * s.x]),
    ("scalar-gd-power", lambda s: (1 - s.eta * s.lam)**(s.t + 1) * s.x0),
    ("scalar-gd-converges", lambda s: s.Interval.open(0, 1)),
    ("scalar-gd-fastest", lambda s: 2),
    ("scalar-gd-fastest", lambda s: s.Rational(1, 2)),
    ("scalar-gd-diverges-above-two", lambda s: s.Interval.open(3, s.oo)),
    ("momentum-matrix", lambda s: s.Matrix([[s.beta, s.lam], [s.eta * s.beta, 1 - s.eta * s.lam]])),
    ("momentum-power", lambda s: s.Matrix([[s.beta, -s.lam], [-s.eta * s.beta, 1 - s.eta * s.lam]])),
    ("momentum-region", lambda s: (0, 2 + s.beta)),
    ("momentum-region", lambda s: (s.Rational(1, 10), 2 + 2 * s.beta)),
    ("region-wider-than-gd", lambda s: (-1, 0)),
    ("effective-gradients", lambda s: s.beta / (1 - s.beta)),
    ("minibatch-variance", lambda s: 1 / s.B**2),
    ("minibatch-variance", lambda s: 1 / s.B**0.5),
    ("large-small-beta", dict(large_beta="short-range", small_beta="slight correction")),
    ("large-small-beta", dict(large_beta="long-range", small_beta="large correction")),
    ("f2d-stretched", dict(before=(0.1, 2), after=(1, 2), flat="x1")),
    ("f2d-stretched", dict(before=(1, 2), after=(0.1, 2), flat="x2")),
    ("gradients-add-and-cancel", dict(adds="x2", cancels="x1")),
    ("lr-0.005-converges-better", dict(better=(0.01, 0.9), worse=(0.005, 0.9))),
    ("framework-optimizer", lambda *a: checks_training.pytorch_sgd(*a, dampening=0.9)),
    ("framework-optimizer", lambda *a: checks_training.pytorch_sgd(*a, nesterov=True)),
    ("orthogonal-gradients", lambda m, gx: m.O.T * gx),
    ("orthogonal-gradients", lambda m, gx: m.Lam * m.O * gx),
    ("eigenvalues-set-rate", lambda R: np.linalg.norm(R, 2)),
    ("eigenvalues-set-rate", lambda R: abs(R[0, 0]) ** 0.5),   # sqrt(beta): right only when complex
    ("momentum-accelerates", dict(from_kappa=1.5, factor=2)),
    ("momentum-accelerates", dict(from_kappa=10, factor=5)),
    ("quadratic-scope", dict(converges_on="smooth strongly convex", fails_on=None)),
    ("quadratic-scope", dict(converges_on="quadratic", fails_on="quadratic")),
]


@pytest.mark.parametrize("claim_id, wrong", MUTATIONS, ids=[f"{c}-{i}" for i, (c, _) in enumerate(MUTATIONS)])
def test_check_rejects_a_wrong_formula(results, claim_id, wrong):
    assert results[claim_id].holds  # the chapter's version passes ...
    assert not _claim(claim_id).check(wrong).holds  # ... a wrong one does not


def test_every_holding_claim_has_a_mutation():
    mutated = {c for c, _ in MUTATIONS}
    holding = {c.id for c in claims.CLAIMS} - FAILING
    assert holding - mutated == set()


def test_checks_accept_other_correct_forms():
    claim = _claim
    assert claim("effective-samples-0.9").check(("0.8", 5)).holds
    assert claim("minimizer").check(lambda m: -(m.Q.inv() * m.c)).holds
    assert claim("gradient").check(lambda m: m.Q * m.x + m.c).holds
    assert claim("momentum-region").check(lambda s: (0, 2 * (1 + s.beta))).holds
    assert claim("scalar-gd-power").check(lambda s: s.x0 * (1 - s.lam * s.eta)**s.t).holds
    assert claim("gd-0.6-diverges-x2").check(dict(eta=0.6, beta=0.0, converges=False)).holds
    assert claim("scalar-gd-converges").check(lambda s: s.Interval.open(0, 2)).holds
    assert claim("effective-sample-size-0.9").check(("0.5", 3)).holds
    assert claim("positive-definite-eigenvalues").check(lambda Q: bool(np.allclose(Q, Q.T))).holds
    assert claim("eigenvalues-set-rate").check(lambda R: max(abs(np.roots([1, -np.trace(R), np.linalg.det(R)])))).holds
    assert claim("leaky-batch-benefits").check(lambda s: s.Rational(3, 2)).holds   # within the factor 2


def test_framework_rules_of_keras_and_gluon_also_retrace_the_chapter():
    # tf.keras.optimizers.SGD and Gluon's sgd: velocity = m * velocity - lr * g; w = w + velocity.
    def keras(param, velocity, grad, lr, momentum, first):
        velocity = momentum * velocity - lr * grad
        return param + velocity, velocity
    assert checks_training.check_framework_rule(keras).holds


def test_pytorch_rule_equals_the_chapter_rule_step_by_step():
    rng = np.random.default_rng(5)
    p1 = p2 = rng.standard_normal(4)
    b1 = b2 = np.zeros(4)
    for t in range(50):
        g = rng.standard_normal(4)
        p1, b1 = checks_training.pytorch_sgd(p1, b1, g, 0.01, 0.9, t == 0)
        p2, b2 = checks_training.chapter_rule(p2, b2, g, 0.01, 0.9, t == 0)
    np.testing.assert_allclose(p1, p2, rtol=1e-14, atol=1e-15)
    p3, b3 = checks_training.pytorch_sgd(p1, b1, g, 0.01, 0.9, False, dampening=0.9)
    assert not np.allclose(b3, 0.9 * b1 + g)


def test_new_findings_show_their_numbers(results):
    assert "= 19 at beta = 0.9" in results["effective-sample-size-0.9"].evidence
    assert "the sum of the weights alone is 10" in results["effective-sample-size-0.9"].evidence
    assert "0.1 for (0.01, 0.9) vs 0.04 for (0.02, 0.5)" in results["lr-0.01-under-control"].evidence
    assert "Q = [[1, -3], [1, 2]]" in results["positive-definite-eigenvalues"].evidence
    assert "17 + 12 sqrt(2) = 33.97" in results["large-beta-desirable"].evidence
    assert "equivalent batch 1.005" in results["leaky-batch-benefits"].evidence
    assert "period 3" in results["quadratic-scope"].evidence
    assert "SHA-1 verified" in results["lr-0.005-converges-better"].evidence


def test_run_criterion_is_the_stated_one_percent():
    slow = checks_example_2d.check_run(dict(eta=0.6, beta=0.25, converges=True, speed="slowly"))
    assert "4.185%" in slow.evidence and checks_example_2d.SLOW_FRACTION == 0.01
    well = checks_example_2d.check_run(dict(eta=0.6, beta=0.5, converges=True, speed="well"))
    assert "0.1416%" in well.evidence


# --------------------------------------------------------------------------
# The findings, confirmed independently with plain NumPy
# --------------------------------------------------------------------------

def _random_problem(seed, n):
    rng = np.random.default_rng(seed)
    A = rng.standard_normal((n, n))
    Q = A @ A.T + 0.5 * np.eye(n)
    return Q, rng.standard_normal(n), rng.standard_normal(), rng.standard_normal(n)


def _h(Q, c, b, x):
    return 0.5 * x @ Q @ x + x @ c + b


@given(seed=st.integers(0, 2**32 - 1), n=st.integers(2, 5))
def test_numpy_printed_gradient_and_square_are_off_by_the_linear_term(seed, n):
    Q, c, b, x = _random_problem(seed, n)
    Qi_c = np.linalg.solve(Q, c)
    eps = 1e-6
    fd = np.array([(_h(Q, c, b, x + eps * e) - _h(Q, c, b, x - eps * e)) / (2 * eps) for e in np.eye(n)])
    scale = 1 + np.abs(fd).max()
    assert np.allclose(Q @ (x + Qi_c), fd, atol=1e-6 * scale)            # corrected
    assert np.allclose(Q @ (x - Qi_c) - fd, -2 * c, atol=1e-6 * scale)   # printed: off by -2c
    printed = 0.5 * (x - Qi_c) @ Q @ (x - Qi_c) + b - 0.5 * c @ Qi_c
    fixed = 0.5 * (x + Qi_c) @ Q @ (x + Qi_c) + b - 0.5 * c @ Qi_c
    h = _h(Q, c, b, x)
    tol = 1e-9 * (1 + abs(h) + abs(printed))
    assert abs(fixed - h) < tol
    assert abs((printed - h) - (-2 * x @ c)) < tol


@given(seed=st.integers(0, 2**32 - 1), n=st.integers(2, 5), eta=st.floats(0.01, 0.3))
def test_numpy_gd_in_eigen_coordinates_needs_eta(seed, n, eta):
    Q, c, b, x = _random_problem(seed, n)
    lam, V = np.linalg.eigh(Q)
    O = V.T
    x_star = -np.linalg.solve(Q, c)
    z = O @ (x - x_star)                       # the corrected change of variables
    hz = 0.5 * z @ (lam * z) + b - 0.5 * c @ np.linalg.solve(Q, c)
    assert abs(hz - _h(Q, c, b, x)) < 1e-9 * (1 + abs(hz))
    x_next = x - eta * (Q @ x + c)
    z_next = O @ (x_next - x_star)
    assert np.allclose(z_next, (1 - eta * lam) * z, atol=1e-9 * (1 + np.abs(z).max()))
    printed = (1 - lam) * z                    # z_t = (I - Lambda) z_{t-1}, no eta
    assert np.allclose(printed - z_next, (eta - 1) * lam * z, atol=1e-9 * (1 + np.abs(lam * z).max()))


@given(beta=st.floats(0.05, 0.99))
def test_numpy_effective_sample_size_is_not_the_sum_of_the_weights(beta):
    w = beta ** np.arange(20000)
    kish = w.sum() ** 2 / (w * w).sum()
    assert abs(kish - (1 + beta) / (1 - beta)) < 1e-9 * kish
    assert abs(w.sum() - 1 / (1 - beta)) < 1e-9 / (1 - beta)
    assert kish > 1.9 * w.sum() - 1   # (1 + beta)/(1 - beta) = 2/(1 - beta) - 1


@given(a=st.integers(-5, 5), b=st.integers(-5, 5), c=st.integers(-5, 5), d=st.integers(-5, 5))
def test_numpy_definiteness_and_eigenvalues_agree_exactly_for_symmetric_matrices(a, b, c, d):
    Q = np.array([[a, b], [c, d]], dtype=float)
    S = (Q + Q.T) / 2
    definite = np.linalg.eigvalsh(S).min() > 1e-12             # x^T Q x = x^T S x
    eig = np.linalg.eigvals(Q)
    positive = bool(np.all(np.abs(eig.imag) < 1e-12) and np.all(eig.real > 1e-12))
    if b == c:
        assert definite == positive
    elif (a, b, c, d) in {(1, -3, 1, 2), (-1, -2, 2, 3)}:     # the check's counterexamples
        assert definite != positive


def _lyapunov_xx(h, beta):
    """Var(x) of the stationary state, by the Kronecker-product linear system (no SciPy)."""
    R = np.array([[beta, 1.0], [-h * beta, 1 - h]])
    w = np.array([1.0, -h])
    P = np.linalg.solve(np.eye(4) - np.kron(R, R), np.outer(w, w).ravel()).reshape(2, 2)
    return P[1, 1]


@given(beta=st.floats(0.3, 0.95), h=st.floats(1e-4, 1e-3))
def test_numpy_momentum_floor_equals_sgd_at_the_same_long_run_step(beta, h):
    equivalent_batch = _lyapunov_xx(h / (1 - beta), 0.0) / _lyapunov_xx(h, beta)
    assert abs(equivalent_batch - 1) < 0.05
    assert (1 / (1 - beta)) / equivalent_batch > 1.3   # the chapter's count of averaged gradients overshoots


@given(seed=st.integers(0, 2**32 - 1), n=st.integers(2, 5))
def test_numpy_an_orthogonal_change_of_variables_rotates_the_gradient(seed, n):
    Q, c, b, x = _random_problem(seed, n)
    O, _ = np.linalg.qr(np.random.default_rng(seed + 1).standard_normal((n, n)))
    x_star = -np.linalg.solve(Q, c)
    z = O @ (x - x_star)
    eps = 1e-6
    hz = [(_h(Q, c, b, O.T @ (z + eps * e) + x_star) - _h(Q, c, b, O.T @ (z - eps * e) + x_star)) / (2 * eps)
          for e in np.eye(n)]
    gx = Q @ x + c
    scale = 1 + np.abs(gx).max()
    assert np.allclose(hz, O @ gx, atol=1e-5 * scale)
    assert abs(np.linalg.norm(hz) - np.linalg.norm(gx)) < 1e-5 * scale


def test_quadratic_scope_needs_a_real_counterexample(monkeypatch):
    class Quadratic:   # the counterexample's interface, but a quadratic: heavy ball converges on it
        mu, L, x0 = 1.0, 25.0, 3.3
        eta, beta = 1 / 9, 4 / 9

        def grad(self, x):
            return 10.0 * np.asarray(x, dtype=float)

        def f(self, x):
            return 5.0 * np.asarray(x, dtype=float) ** 2

        def run(self, steps):
            xs = [self.x0, self.x0]
            for _ in range(steps):
                xs.append(xs[-1] + self.beta * (xs[-1] - xs[-2]) - self.eta * float(self.grad(xs[-1])))
            return np.array(xs[1:])

    statement = dict(converges_on="quadratic", fails_on="smooth strongly convex")
    monkeypatch.setattr(checks_tuning, "_polyak_counterexample", lambda: Quadratic())
    verdict = checks_tuning.check_quadratic_scope(statement)
    assert not verdict.holds and "converges to the minimizer" in verdict.evidence
    monkeypatch.setattr(checks_tuning, "_polyak_counterexample", lambda: None)
    missing = checks_tuning.check_quadratic_scope(statement)
    assert not missing.holds and "not available" in missing.evidence


def test_quadratic_scope_counterexample_from_the_module():
    nonquadratic = pytest.importorskip("momentum_theory.nonquadratic")
    ce = nonquadratic.polyak_counterexample()
    xs = ce.run(900)
    # Iterated here with plain floats: period 3, far from the minimizer 0.
    assert np.max(np.abs(xs[-3:] - xs[-6:-3])) < 1e-9 and np.min(np.abs(xs[-60:])) > 0.1
    verdict = checks_tuning.check_quadratic_scope(dict(converges_on="quadratic", fails_on="smooth strongly convex"))
    assert verdict.holds and "in the class: True" in verdict.evidence


@given(h=st.floats(1.05, 1.95))
def test_numpy_gd_between_one_and_two_still_converges(h):
    x = 1.0
    for _ in range(2000):
        x *= 1 - h
    assert abs(x) < 1e-20


# --------------------------------------------------------------------------
# API and CLI
# --------------------------------------------------------------------------

def test_to_dict_has_exactly_the_json_keys(results):
    d = results["gradient"].to_dict()
    assert list(d) == ["id", "section", "statement", "holds", "evidence", "correction"]
    json.dumps(d)


def test_verify_all_subset_keeps_chapter_order():
    assert [r.id for r in claims.verify_all(["gradient", "minimizer"])] == ["minimizer", "gradient"]
    with pytest.raises(ValueError, match="claim_id"):
        claims.verify_all(["nope"])
    with pytest.raises(TypeError, match="ids"):
        claims.verify_all("gradient")


def test_verify_rejects_bad_ids():
    with pytest.raises(ValueError, match="claim_id"):
        claims.verify("no-such-claim")
    with pytest.raises(TypeError, match="claim_id"):
        claims.verify(3)


def test_a_crashing_check_is_reported_not_raised(monkeypatch, capsys):
    def boom(formula):
        raise ZeroDivisionError("deliberate")
    broken = claims.Claim("broken", "Summary", "1 = 0", "", None, boom)
    monkeypatch.setattr(claims.chapter, "CLAIMS", (broken,))
    [r] = claims.verify_all()
    assert r.error and "ZeroDivisionError" in r.error and r.holds is False
    assert r.verdict == "ERROR" and "check crashed" in str(r) and "crashed" in r._repr_html_()
    assert claims.verify("broken").error == r.error
    assert main(["verify-claims"]) == 1
    out, err = capsys.readouterr()
    assert "ERROR" in out and "broken" in err


def test_cli_json_end_to_end(monkeypatch, capsys):
    # The full catalogue is run by the `results` fixture; here a cheap subset, end to end.
    subset = tuple(c for c in claims.CLAIMS if c.id in {"gradient", "momentum-matrix", "scalar-gd-beyond-one"})
    monkeypatch.setattr(claims.chapter, "CLAIMS", subset)
    assert main(["verify-claims", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in data] == [c.id for c in subset]
    for rec in data:
        assert set(rec) == {"id", "section", "statement", "holds", "evidence", "correction"}
        assert isinstance(rec["holds"], bool)
        assert (rec["correction"] is None) == rec["holds"]
    assert {r["id"] for r in data if not r["holds"]} == {"gradient", "scalar-gd-beyond-one"}


def test_cli_json_holds_for_every_claim(results, monkeypatch, capsys):
    monkeypatch.setattr(claims, "verify_all", lambda: list(results.values()))
    assert main(["verify-claims", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data) == len(claims.CLAIMS)
    assert {r["id"] for r in data if not r["holds"]} == FAILING


def test_cli_table(monkeypatch, capsys, results):
    monkeypatch.setattr(claims, "verify_all", lambda: list(results.values()))
    assert main(["verify-claims"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].split() == ["id", "section", "verdict", "note"]
    assert any(line.startswith("gradient ") and " fails " in line for line in lines)
    assert any(line.startswith("momentum-region ") and " holds " in line for line in lines)
    assert f"{len(results)} claims: {len(results) - len(FAILING)} hold, {len(FAILING)} fail, 0 checks crashed" in out


def test_format_table_cuts_long_notes():
    r = claims.ClaimResult("x", "Summary", "s", True, "y" * 500, None)
    line = claims.format_table([r], note_width=20).splitlines()[1]
    assert line.endswith("y" * 17 + "...")
    with pytest.raises(ValueError, match="note_width"):
        claims.format_table([r], note_width=2)


# --------------------------------------------------------------------------
# Display
# --------------------------------------------------------------------------

def test_result_displays_as_text_with_the_latex_unescaped(results):
    r = results["gradient"]
    assert repr(r) == "<ClaimResult gradient: fails>"
    text = str(r)
    lines = text.splitlines()
    assert lines[0] == "gradient (Quadratic convex functions): fails"
    # The LaTeX is printed as written, not as a repr with doubled backslashes.
    assert lines[1] == "  chapter:     " + r.statement
    assert lines[2] == "  should read: " + r.correction
    assert "\\\\" not in text and lines[3].startswith("  evidence:    on the generic")
    assert max(len(line) for line in lines[3:]) <= 100
    held = str(results["minimum"])
    assert held.startswith("minimum (Quadratic convex functions): holds") and "should read" not in held


def test_result_html_typesets_statement_and_correction(results):
    page = results["scalar-gd-beyond-one"]._repr_html_()
    assert page.startswith("<div>") and page.endswith("</div>")
    # LaTeX inside \( \) for MathJax; < > & escaped for HTML, not for LaTeX.
    assert r"\(\text{beyond } \eta \lambda = 1 \text{ things diverge}\)" in page
    assert r"1 &lt; \eta \lambda &lt; 2" in page and "<details>" in page
    assert ">fails<" in results["gradient"]._repr_html_()
    assert ">holds<" in results["minimum"]._repr_html_()


def test_result_list_displays_as_the_table(results):
    subset = claims.ClaimResults([results["minimum"], results["gradient"]])
    assert str(subset) == claims.format_table(subset)
    page = subset._repr_html_()
    assert page.count("<tr>") == 3 and "2 claims: 1 hold, 1 fail, 0 checks crashed" in page
    assert r"should read: \(\partial_{\mathbf{x}} h" in page
    assert isinstance(claims.verify_all(["minimum"]), list)


def test_claim_and_verdict_display():
    claim = _claim("momentum-region")
    assert repr(claim) == "<Claim momentum-region (Scalar functions)>"
    assert str(claim) == "momentum-region (Scalar functions): " + claim.statement
    assert html.escape(claim.source, quote=False) in claim._repr_html_()
    v = claims.Verdict(False, "1 - 2 = -1", "1 = 1")
    assert str(v) == "fails: 1 - 2 = -1\n  should read: 1 = 1"
    corr = _claim("gradient").corrections[0]
    assert str(corr) == corr.latex and corr._repr_latex_() == f"${corr.latex}$"


# --------------------------------------------------------------------------
# The package
# --------------------------------------------------------------------------

PACKAGE = Path(claims.__file__).resolve().parent
OLD_NAMES = {"Claim", "Correction", "ClaimResult", "CLAIMS", "catalogue", "verify", "verify_all",
             "format_table"}


def test_public_names_of_the_old_module_are_still_exported():
    assert OLD_NAMES <= set(claims.__all__)
    for name in claims.__all__:
        assert getattr(claims, name) is not None
    assert claims.catalogue() is claims.CLAIMS
    assert [c.section for c in claims.CLAIMS if c.section not in claims.SECTIONS] == []


def test_old_check_modules_are_gone():
    import importlib
    for name in ("claim_checks", "claim_checks_quadratic", "claim_checks_scalar"):
        with pytest.raises(ModuleNotFoundError):
            importlib.import_module(f"momentum_theory.{name}")


def test_every_check_lives_in_a_checks_module_of_the_package():
    modules = {c.check.__module__ for c in claims.CLAIMS}
    assert modules == {f"momentum_theory.claims.checks_{t}"
                       for t in ("averaging", "example_2d", "quadratic", "scalar", "eigenbasis", "noise",
                                 "training", "tuning")}


def test_modules_are_short_and_their_docstrings_list_the_contents():
    import importlib
    for path in sorted(PACKAGE.glob("*.py")):
        assert len(path.read_text().splitlines()) < 600, path.name
        if path.name.startswith("_") and path.name != "__init__.py":
            continue
        module = importlib.import_module(f"momentum_theory.claims.{path.stem}".replace(".__init__", ""))
        for name in getattr(module, "__all__", []):
            if name.isupper():
                continue
            assert f"{name}`" in module.__doc__, f"{path.name}: {name} not in the table of contents"


def _imports(path):
    import ast
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            yield node.module, [a.name for a in node.names]
        elif isinstance(node, ast.Import):
            for a in node.names:
                yield a.name, []


def test_no_private_name_crosses_a_package_boundary():
    # Inside claims/, private helpers come only from claims/_common.py; from outside,
    # nothing imports a private name of claims/.
    root = PACKAGE.parent
    for path in sorted(PACKAGE.glob("*.py")):
        for module, names in _imports(path):
            private = [n for n in names if n.startswith("_")]
            if module.startswith("momentum_theory.claims"):
                assert private == [], (path.name, module, names)
            elif module == "momentum_theory":  # the root's argument checks are shared by all
                assert set(private) <= {"_validation"}, (path.name, names)
            elif module.startswith("momentum_theory"):
                assert private == [] and "._" not in module, (path.name, module, names)
    for path in sorted(root.rglob("*.py")):
        if PACKAGE in path.parents:
            continue
        for module, names in _imports(path):
            if module.startswith("momentum_theory.claims"):
                assert "._" not in module and not any(n.startswith("_") for n in names), path
