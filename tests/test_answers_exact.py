"""Issue 14, part 2: exact verdicts, the chapter's LaTeX, the chapter's exercise numbers.

Every wrong answer is refuted with a point that is checked here, independently,
with exact Fractions against the region the chapter states (0 < eta*lambda <
2 + 2*beta for momentum, 0 < eta*lambda < 2 for gradient descent); a correct
answer is "correct" only when it is proved; otherwise "could not decide".
"""
import subprocess
import sys
import time
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from momentum_theory import cli
from momentum_theory.answers import AnswerError, answer_parts, check_answer, find_part, parse
from momentum_theory.answers.regions import decide_region, true_boundaries


def _fraction(value):
    return Fraction(value) if not isinstance(value, str) else Fraction(value)


def _point(result):
    cex = result.counterexample
    eta, lam = _fraction(cex["eta"]), _fraction(cex["lambda"])
    return eta * lam, _fraction(cex.get("beta", 0)), eta, lam


def _momentum_truth(h, beta):
    return 0 < h < 2 + 2 * beta


def _gd_truth(h, beta):
    return 0 < h < 2


# -- 1. exact verdicts: the answers the old checker accepted ---------------------------------

# (part, answer, the answer's own test with Fractions, the truth)
WRONG_REGIONS = [
    ("gd_region", "0 < eta*lambda < 1.999", lambda h, b: 0 < h < Fraction(1999, 1000), _gd_truth),
    ("region", "0 < h < 1.999 + 2*beta",
     lambda h, b: 0 < h < Fraction(1999, 1000) + 2 * b, _momentum_truth),
    ("region", "0 < h < 2 + 1.99*beta",
     lambda h, b: 0 < h < 2 + Fraction(199, 100) * b, _momentum_truth),
    ("region", "0 < h < 2 + 2*beta and beta <= 0.99",
     lambda h, b: 0 < h < 2 + 2 * b and b <= Fraction(99, 100), _momentum_truth),
    ("region", "0 <= h < 2 + 2*beta", lambda h, b: 0 <= h < 2 + 2 * b, _momentum_truth),
    ("region", "0 < h <= 2 + 2*beta", lambda h, b: 0 < h <= 2 + 2 * b, _momentum_truth),
    ("region", "0 < h < 2 + 2*beta + beta^2/1000",
     lambda h, b: 0 < h < 2 + 2 * b + b * b / 1000, _momentum_truth),
    ("gd_region", "0 < eta < 2/lambda + 1/10^30",
     lambda h, b: 0 < h < 2 + Fraction(1, 10**30), _gd_truth),
]


@pytest.mark.parametrize("part, answer, yours, truth", WRONG_REGIONS,
                         ids=[w[1] for w in WRONG_REGIONS])
def test_wrong_regions_are_refuted_with_a_point_of_the_symmetric_difference(part, answer, yours,
                                                                               truth):
    result = check_answer(2, part, answer)
    assert result.verdict == "wrong", result.summary()
    h, beta, eta, lam = _point(result)
    assert lam > 0 and 0 <= beta < 1
    # Independently, with Fractions: the point lies in exactly one of the two regions.
    assert yours(h, beta) != truth(h, beta)
    assert result.counterexample["expected"] is truth(h, beta)
    assert result.counterexample["yours"] is yours(h, beta)
    # The boundary: named when the point is outside, the answer's own when inside.
    assert result.boundary and result.boundary in result.summary()
    if truth(h, beta):
        assert result.boundary.startswith("inside the region") and "your boundary" in result.boundary
    else:
        assert "violates eta*lambda" in result.boundary


def test_the_boundary_named_is_the_one_violated():
    r = check_answer(2, "region", "0 <= h < 2 + 2*beta")
    assert r.counterexample["eta*lambda"] == 0 and "violates eta*lambda > 0" in r.boundary
    r = check_answer(2, "region", "0 < h <= 2 + 2*beta")
    h, beta, _, _ = _point(r)
    assert h == 2 + 2 * beta and "violates eta*lambda < 2 + 2*beta" in r.boundary


def test_the_effective_weight_off_by_sqrt2_over_10_to_50_is_wrong():
    r = check_answer(1, "effective_weight", "1/(1-beta) + sqrt(2)/10^50")
    assert r.verdict == "wrong"
    beta = _fraction(r.counterexample["beta"])
    assert r.counterexample["expected"] == 1 / (1 - beta)
    assert "sqrt(2)" in r.counterexample["yours"]
    # Even closer, and with a decimal: still not equal.
    assert check_answer(1, "effective_weight", "1/(1-beta) + 10^-60").verdict == "wrong"
    assert check_answer(1, "effective_weight", "1/(1-beta)*(1 + 1/10^20)").verdict == "wrong"


def test_the_iterate_at_t_20000_is_proved_and_a_wrong_one_is_never_correct():
    r = check_answer(2, "gd_iterate", "x0*(1-eta*lambda)^t", given={"t": "20000"})
    assert r.verdict == "correct" and "Proved" in r.explanation, r.summary()
    for wrong in ("x0*(1+eta*lambda)^t", "x0*(1-eta*lambda)^(t+1)", "x0*(1-eta*lambda)^(t/2)"):
        assert check_answer(2, "gd_iterate", wrong, given={"t": "20000"}).verdict != "correct"
    # One step too many is found on the instance eta*lambda = 2 (factor -1).
    r = check_answer(2, "gd_iterate", "x0*(1-eta*lambda)^(t+1)", given={"t": "20000"})
    assert r.verdict == "wrong"


def test_correct_regions_in_several_forms_are_proved_equal_as_sets():
    for part, answer in [("region", "0 < h < 2 + 2*beta"), ("region", "(0, 2+2*beta)"),
                         ("region", "h*(2 + 2*beta - h) > 0"),
                         ("region", "0 < eta < (2+2*beta)/lambda"),
                         ("region", "eta*lambda > 0 and 2*eta*lambda < 4 + 4*beta"),
                         ("gd_region", "abs(1 - eta*lambda) < 1"),
                         ("gd_region", "0 < eta*lambda < 2"), ("gd_region", "-1 < 1 - h < 1")]:
        r = check_answer(2, part, answer)
        assert r.verdict == "correct" and "as sets" in r.explanation, (answer, r.summary())


def test_what_cannot_be_compared_exactly_is_undecided_not_correct():
    # Right, but written with an irrational boundary point (h = sqrt(2)).
    r = check_answer(2, "gd_region", "0 < h < 2 and (h^2 - 2)^2 >= 0")
    assert r.verdict == "undecided" and r.correct is None
    # Depends on eta and lambda other than through their product (and is right
    # on every point the checker can sample).
    r = check_answer(2, "gd_region", "0 < h < 2 and eta^2 + lambda^2 > 0")
    assert r.verdict == "undecided"


def test_a_formula_right_on_every_instance_but_unproved_is_undecided():
    # 1/(1-beta) + (beta - beta): proved; sqrt((1-beta)^-2) is 1/|1-beta|:
    # right for beta < 1, but SymPy's beta has no such assumption.
    assert check_answer(1, "effective_weight", "1/(1-beta) + beta - beta").verdict == "correct"
    assert check_answer(1, "effective_weight", "sqrt((1-beta)^-2)").verdict == "undecided"


def test_region_decision_directly():
    part = find_part(2, "region")
    assert [t for _, t in true_boundaries("region")] == ["eta*lambda > 0",
                                                         "eta*lambda < 2 + 2*beta"]
    out = decide_region(parse("0 < h < 2 + 2*beta and beta <= 0.99"), part, {})
    assert out[0] == "differ" and out[1]["beta"] > Fraction(99, 100)


@settings(max_examples=25)
@given(a=st.fractions(min_value=0, max_value=4, max_denominator=1000),
       b=st.fractions(min_value=0, max_value=4, max_denominator=1000),
       c=st.fractions(min_value=-1, max_value=1, max_denominator=1000),
       strict=st.booleans())
def test_perturbed_region_constants_are_refuted_inside_the_symmetric_difference(a, b, c, strict):
    if (a, b, c, strict) == (2, 2, 0, True):
        b += Fraction(1, 997)
    op = "<" if strict else "<="
    answer = f"{c.numerator}/{c.denominator} {op} h < {a.numerator}/{a.denominator} + " \
             f"{b.numerator}/{b.denominator}*beta"
    r = check_answer(2, "region", answer)
    assert r.verdict == "wrong", (answer, r.summary())
    h, beta, _, _ = _point(r)
    yours = (c < h if strict else c <= h) and h < a + b * beta
    assert yours != _momentum_truth(h, beta), answer
    assert r.boundary


# -- 2. the chapter's LaTeX -----------------------------------------------------------------

LATEX = [
    (3, "minimizer", r"-\mathbf{Q}^{-1}\mathbf{c}"),
    (3, "minimizer", r"x^* = -\boldsymbol{Q}^{-1}\boldsymbol{c}"),
    (3, "minimizer", r"\mathbf{x}^* = -Q^{-1}c"),
    (3, "minimizer", r"-\left(\mathbf{Q}\right)^{-1} \cdot \mathbf{c}"),
    (3, "minimum", r"b - \frac{1}{2}\mathbf{c}^\top \mathbf{Q}^{-1}\mathbf{c}"),
    (3, "minimum", r"h(\mathbf{x}^*) = b - \tfrac{1}{2} c^{\top} Q^{-1} c"),
    (3, "minimum", r"b - \dfrac12 c^T Q^{-1} c"),
    (3, "minimum", r"h(x) = b - 1/2 c^T Q^{-1} c"),
    (3, "gradient", r"\nabla h(\mathbf{x}) = \mathbf{Q}\mathbf{x} + \mathbf{c}"),
    (3, "gradient", "Qx + c"), (3, "gradient", "Q @ x + c"),
    (2, "gd_region", r"\left| 1 - \eta\lambda \right| < 1"),
    (2, "gd_region", "|1 - ηλ| < 1"),
    (2, "region", r"0 < \eta\lambda < 2 + 2\beta"),
    (2, "region", "ηλ ∈ (0, 2+2β)"), (2, "region", r"\eta\lambda \in (0, 2 + 2\beta)"),
    (2, "region", r"0 < \eta \lambda \land \eta\lambda < 2 + 2\beta"),
    (1, "effective_weight", r"\frac{1}{1-\beta}"),
    (1, "effective_step", r"\eta \cdot \frac{1}{1-\beta}"),
    (1, "effective_step", r"\frac{\eta}{1 - \beta}"),
    (2, "gd_iterate", r"x_t = x_0 \times (1-\eta \lambda)^{t}"),
    (4, "variance", r"\frac{\eta σ² (1+\beta)}{\lambda (1-\beta) (2 + 2\beta - \eta\lambda)}"),
    (4, "variance_batch",
     r"\dfrac{\eta \sigma^2 (1+\beta)}{B \lambda (1-\beta)(2 + 2\beta - \eta \lambda)}"),
]


@pytest.mark.parametrize("exercise, part, answer", LATEX, ids=[x[2] for x in LATEX])
def test_the_chapters_latex_is_read(exercise, part, answer):
    r = check_answer(exercise, part, answer)
    assert r.verdict == "correct", r.summary()


def test_latex_of_a_wrong_answer_is_refuted():
    r = check_answer(4, "variance", r"\frac{\eta σ²}{\lambda (1-\beta) (2 + 2\beta - \eta\lambda)}")
    assert r.verdict == "wrong" and r.counterexample["expected"] != r.counterexample["yours"]
    r = check_answer(3, "minimizer", r"\mathbf{Q}^{-1}\mathbf{c}")
    assert r.verdict == "wrong"
    r = check_answer(2, "region", r"\eta\lambda \in (0, 2 + 1.99\beta)")
    assert r.verdict == "wrong" and r.boundary


def test_cli_reads_the_chapters_latex(capsys):
    assert cli.main(["check", "3", "minimizer", r"-\mathbf{Q}^{-1}\mathbf{c}"]) == 0
    assert "correct" in capsys.readouterr().out
    assert cli.main(["check", "2", "region", "0 < h < 2 + 1.99*beta"]) == 1
    out = capsys.readouterr().out
    assert "the point is inside the region" in out and "counterexample" in out
    assert cli.main(["check", "scalar-functions", "region", "0 < h < 2 + 2*beta"]) == 0


@pytest.mark.parametrize("text", [
    r"\input{/etc/passwd}", r"\def\x{1}", r"\mathbf{Q}\write18", r"\frac{1}", r"\left| Q",
    r"x = -Q^{-1}c", r"y^* = 1", r"\frac{\frac{" * 30 + "1" + "}{2}}" * 30,
    r"\sqrt{" * 40 + "beta" + "}" * 40, r"\mathbf{" * 40 + "Q" + "}" * 40,
    "|" * 60, r"\left|" * 40 + "beta" + r"\right|" * 40, r"\beta^{10^{10^{10}}}",
    r"\frac{1}{1-\beta}" * 40, "ηλ ∈ (0, 2+2β) ∈ (0, 1)", r"\text{and}",
])
def test_hostile_latex_is_refused_at_once(text):
    start = time.perf_counter()
    with pytest.raises(AnswerError):
        check_answer(1, "effective_weight", text)
    assert time.perf_counter() - start < 0.5


@pytest.mark.parametrize("text", [
    r"\beta^{64}" + r"\cdot\beta^{64}" * 20, r"\left(\frac{1}{1-\beta}\right)^{64}",
    r"\frac{1}{1-\beta}" + r"+ \sqrt{\beta}" * 20, r"|1-\beta|^{-1}" + r"\cdot|\beta|^{63}" * 8,
])
def test_heavy_latex_is_decided_within_the_budget(text):
    r = check_answer(1, "effective_weight", text, time_limit=1.0)
    assert r.verdict in ("wrong", "undecided", "correct")
    assert r.seconds is not None and r.seconds < 1.0 + 0.75


# -- 3. the chapter's exercise numbers and topics ------------------------------------------

def test_parts_are_addressed_by_chapter_exercise_or_topic_and_old_numbers_stay():
    for p in answer_parts():
        assert find_part(p.exercise, p.name) == p  # the alias
        assert find_part(p.topic, p.name) == p
        if p.chapter_exercise is not None:
            assert find_part(p.chapter_exercise, p.name) == p
    assert {p.name for p in answer_parts() if p.chapter_exercise == 3} == {
        "minimizer", "minimum", "gradient"}
    assert {p.name for p in answer_parts() if p.chapter_exercise == 4} == {
        "variance", "variance_batch"}
    r = check_answer("leaky-averages", "effective_weight", "1/(1-beta)")
    assert r.correct and r.exercise == 1 and str(r).startswith("leaky-averages, part")
    assert str(check_answer(3, "minimizer", "-Q^-1 c")).startswith("exercise 3, part minimizer")
    with pytest.raises(ValueError, match="topic"):
        find_part("momentum", "region")


def test_cli_list_shows_chapter_exercise_and_topic(capsys):
    assert cli.main(["check", "--list"]) == 0
    out = capsys.readouterr().out
    assert "chapter exercise: 3; topic: quadratic" in out
    assert "chapter exercise: -; topic: leaky-averages" in out


def test_cli_process_latex_minimizer_exits_0():
    done = subprocess.run([sys.executable, "-m", "momentum_theory", "check", "3", "minimizer",
                           r"-\mathbf{Q}^{-1}\mathbf{c}"], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr


def test_feedback_carries_the_boundary_for_a_grader():
    r = check_answer(2, "region", "0 < h < 2 + 1.99*beta")
    assert r.feedback.startswith(r.explanation) and r.boundary in r.feedback
    right = check_answer(2, "region", "0 < h < 2 + 2*beta")
    assert right.feedback == right.explanation and right.boundary is None
