"""Every script in examples/ runs, writes its figure and prints the right numbers.

Each printed number is recomputed here another way: closed forms, exact
rational arithmetic, powers of the transition matrix. The scripts run in this
interpreter (conftest's ``run_example``); one refusal runs in a real one, to
check the command line as a user meets it.
"""
import re
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from momentum_theory import spectral

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
# Chapter-section examples; beyond_*.py and exercise_*.py are run by the test
# files of their own modules (test_regimes.py, test_exercises.py, ...).
SCRIPTS = sorted(p.name for p in EXAMPLES.glob("*.py")
                 if not p.name.startswith(("beyond_", "exercise_")))
FIGURE = {
    "leaky_average.py": "leaky_average.png",
    "ill_conditioned_2d.py": "ill_conditioned_2d.png",
    "momentum_2d.py": "momentum_2d.png",
    "effective_weight.py": "effective_weight.png",
    "training_experiment.py": "training_experiment.png",
    "scalar_quadratic.py": "scalar_quadratic.png",
    "stability_region.py": "stability_region.png",
    "polyak_counterexample.py": "polyak_counterexample.png",
}
NUMBER = r"(-?[\d.]+(?:e[+-]?\d+)?)"


def numbers(pattern, text):
    found = re.findall(pattern, text)
    assert found, f"{pattern!r} not in output:\n{text}"
    return [tuple(float(x) for x in (m if isinstance(m, tuple) else (m,))) for m in found]


def test_every_example_is_covered():
    assert SCRIPTS == sorted(FIGURE)


@pytest.fixture(scope="module")
def outputs(tmp_path_factory, run_example):
    """Run every example once into one folder; keep output and folder.

    Without --data the training example uses the default data set.
    """
    out = tmp_path_factory.mktemp("examples")
    return out, {s: run_example(s, out) for s in SCRIPTS}


def test_examples_write_their_figures_and_refuse_to_overwrite(outputs):
    out, texts = outputs
    assert set(texts) == set(FIGURE)
    for script in texts:
        target = out / FIGURE[script]
        assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", script
        assert target.stat().st_size > 20_000
        assert f"wrote {target}" in texts[script]
    # In a real interpreter, as a user runs it: a failing status and a message naming --force.
    refused = subprocess.run([sys.executable, str(EXAMPLES / "scalar_quadratic.py"), str(out)],
                             capture_output=True, text=True, timeout=120)
    assert refused.returncode != 0 and "force" in refused.stderr


def test_leaky_average_numbers(outputs):
    text = outputs[1]["leaky_average.py"]
    [(gap,)] = numbers(r"unrolled sum\| .*= " + NUMBER, text)
    assert gap < 1e-12
    for beta, mean, std, theory in numbers(
            r"beta = " + NUMBER + r": mean of \(1-beta\) v_t = " + NUMBER
            + r" .*std = " + NUMBER + r", theory .* = " + NUMBER, text):
        assert theory == pytest.approx(np.sqrt((1 - beta) / (1 + beta)), abs=1e-4)
        assert std == pytest.approx(theory, rel=0.05)
        assert mean == pytest.approx(1.0, abs=0.05)


def test_ill_conditioned_numbers(outputs):
    text = outputs[1]["ill_conditioned_2d.py"]
    found = numbers(r"GD eta = " + NUMBER + r": x_20 = \(" + NUMBER + ", " + NUMBER + r"\)", text)
    assert [eta for eta, *_ in found] == [0.4, 0.6]
    for eta, x1, x2 in found:
        # closed form of gradient descent on each coordinate: x_t = (1 - eta*a)^t x_0
        assert x1 == pytest.approx(-5 * (1 - 0.2 * eta) ** 20, rel=1e-5)
        assert x2 == pytest.approx(-2 * (1 - 4 * eta) ** 20, rel=1e-5)
    assert "eta = 0.6: x_20" in text and abs(found[1][2]) > 1000
    assert re.search(r"eta = 0\.6: .*\|x2\| grows at every step: True", text)
    assert re.search(r"eta = 0\.4: .*\|x2\| grows at every step: False", text)


def test_momentum_numbers(outputs):
    text = outputs[1]["momentum_2d.py"]
    found = numbers(r"beta = " + NUMBER + r": x_20 = \(" + NUMBER + ", " + NUMBER
                    + r"\); distance to the minimum " + NUMBER, text)
    assert [beta for beta, *_ in found] == [0.5, 0.25]
    for beta, x1, x2, dist in found:
        # twenty powers of R(beta, eta, lambda) acting on (v_0, x_0) = (0, x_0)
        for lam, x0, got in ((0.2, -5.0, x1), (4.0, -2.0, x2)):
            R = spectral.transition_matrix(0.6, lam, beta)
            want = (np.linalg.matrix_power(R, 20) @ np.array([0.0, x0]))[1]
            assert got == pytest.approx(want, rel=1e-5, abs=1e-12)
        assert dist == pytest.approx(np.hypot(x1, x2), rel=1e-5)
    assert found[0][3] < 0.1  # beta = 0.5 ends within 0.1 of the minimum
    assert found[1][3] > found[0][3]  # beta = 0.25 is slower


def test_effective_weight_numbers(outputs):
    text = outputs[1]["effective_weight.py"]
    found = numbers(r"beta = " + NUMBER + r": sum of the first 40 weights = " + NUMBER
                    + r"; limit 1/\(1-beta\) = " + NUMBER, text)
    assert [b for b, *_ in found] == [0.95, 0.9, 0.6, 0.0]
    for beta, total, limit in found:
        b = Fraction(str(beta))
        exact = sum(b ** k for k in range(40))  # 0**0 == 1, as beta**0 in the plot
        assert total == pytest.approx(float(exact), abs=1e-6)
        assert limit == pytest.approx(float(1 / (1 - b)), abs=1e-6)


def test_scalar_quadratic_numbers(outputs):
    text = outputs[1]["scalar_quadratic.py"]
    found = numbers(r"lambda = " + NUMBER + r": eta\*lambda = " + NUMBER + r", .*x_19/x_0 = "
                    + NUMBER, text)
    assert [lam for lam, *_ in found] == [0.1, 1.0, 10.0, 19.0]
    for lam, h, ratio in found:
        assert h == pytest.approx(0.1 * lam)
        exact = (1 - Fraction(1, 10) * Fraction(str(lam))) ** 19
        assert ratio == pytest.approx(float(exact), rel=1e-6, abs=1e-300)
    assert re.findall(r"converges: (True|False)", text) == ["True", "True", "True", "True"]


def test_stability_region_numbers(outputs):
    text = outputs[1]["stability_region.py"]
    found = numbers(r"beta = " + NUMBER + r": largest stable eta\*lambda by root finding = "
                    + NUMBER, text)
    assert len(found) == 6
    for beta, edge in found:
        assert edge == pytest.approx(2 + 2 * beta, abs=1e-9)
        inside, outside = (spectral.spectral_radius(edge + d, beta) for d in (-1e-6, 1e-6))
        assert inside < 1 < outside
    assert "agrees with the derived region on 1.000000" in text


def test_training_experiment_on_the_airfoil_data(tmp_path, airfoil_path, run_example):
    text = run_example("training_experiment.py", tmp_path, "--data", airfoil_path)
    assert "airfoil" in text.lower()
    [(floor,)] = numbers(r"least-squares floor = " + NUMBER, text)
    assert floor == pytest.approx(0.2417, abs=5e-4)
    finals = {(lr, m): loss for lr, m, loss in numbers(
        r"lr = " + NUMBER + r", momentum = " + NUMBER + r": final loss " + NUMBER, text)}
    assert set(finals) >= {(0.02, 0.5), (0.01, 0.9), (0.005, 0.9)}
    assert finals[(0.005, 0.9)] == pytest.approx(floor, rel=0.03)
    assert all(loss >= floor * (1 - 1e-9) for loss in finals.values())
    assert (tmp_path / "training_experiment.png").stat().st_size > 20_000


def test_training_experiment_names_its_data_without_a_file(outputs):
    text = outputs[1]["training_experiment.py"]
    assert re.search(r"^data: (airfoil|synthetic)", text, re.MULTILINE)
    [(floor,)] = numbers(r"least-squares floor = " + NUMBER, text)
    finals = numbers(r"momentum = " + NUMBER + r": final loss " + NUMBER, text)
    assert len(finals) == 4 and all(loss >= floor * (1 - 1e-9) for _, loss in finals)
