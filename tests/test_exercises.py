"""The four exercises: each number cross-checked another way; their figures, scripts and CLI."""
import math
import re
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pytest
import sympy as sp

from momentum_theory import cli, exercises, plots, symbolic, training
from momentum_theory.data import load_airfoil, make_regression_data
from momentum_theory.spectral import transition_matrix



# -- exercise 1 ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def sweep():
    return exercises.exercise_1(make_regression_data())


def test_sweep_cells_are_the_training_runs(sweep):
    data = make_regression_data()
    assert sweep.final_loss.shape == (4, 12)
    np.testing.assert_allclose(sweep.lrs, np.geomspace(0.001, 0.05, 12))
    for i, j in [(0, 0), (2, 5), (3, 11)]:
        run = training.train_momentum(data, sweep.lrs[j], sweep.momenta[i])
        assert sweep.final_loss[i, j] == run.losses[-1]
        s = sweep.lrs[j] / (1 - sweep.momenta[i])
        assert sweep.effective_step[i, j] == pytest.approx(s, rel=1e-15)
        assert sweep.sgd_at_effective_step[i, j] == training.train_momentum(data, s, 0.0).losses[-1]
    assert sweep.optimum == training.least_squares_loss(data)
    assert np.all(sweep.final_loss >= sweep.optimum - 1e-12)


def test_effective_step_explains_most_of_the_sweep_and_fails_at_large_beta(sweep):
    # beta = 0 is its own prediction; beta = 0.5 stays close everywhere.
    assert np.all(sweep.log_error[0] == 0) and not sweep.breaks_down[0].any()
    assert not sweep.breaks_down[1].any()
    # The effective step ranks the runs far better than the bare lr does.
    assert sweep.rank_correlation_effective_step > 0.9
    assert sweep.rank_correlation_lr < 0.5
    assert sweep.explained_effective_step > sweep.explained_lr
    # Where it stops: beta = 0.99 at large effective steps, and plain SGD blowing up there.
    assert sweep.breaks_down[3, -3:].all()
    assert sweep.sgd_diverged[3, -1] and not sweep.diverged[3, -1]
    assert "beta = 0.99: off by more than 10%" in sweep.summary()


def test_sweep_on_airfoil(airfoil_path):
    sweep = exercises.exercise_1(load_airfoil(airfoil_path), lrs=np.geomspace(0.001, 0.05, 6))
    assert sweep.data_source.startswith("airfoil")
    assert sweep.optimum == pytest.approx(0.2417, abs=5e-4)
    assert sweep.rank_correlation_effective_step > sweep.rank_correlation_lr + 0.3


def test_sweep_rejects_bad_grids():
    with pytest.raises(ValueError, match="momenta"):
        exercises.exercise_1(make_regression_data(), momenta=(0.5, 1.0))
    with pytest.raises(ValueError, match="lrs"):
        exercises.exercise_1(make_regression_data(), lrs=[-0.1])


# -- exercise 2 ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def decay():
    return exercises.exercise_2()


def test_step_sizes_are_the_stated_ones(decay):
    mu, L = 2.0 ** -10, 0.5
    assert decay.settings["GD, eta = 1/L"] == (2.0, 0.0)
    assert decay.settings["GD, eta = 2/(mu+L)"][0] == pytest.approx(2 / (mu + L), rel=1e-14)
    eta, beta = decay.settings["momentum, Polyak-optimal"]
    assert eta == pytest.approx(4 / (math.sqrt(L) + math.sqrt(mu)) ** 2, rel=1e-12)
    assert beta == pytest.approx(((math.sqrt(L) - math.sqrt(mu)) / (math.sqrt(L) + math.sqrt(mu))) ** 2,
                                 rel=1e-12)


def test_gd_steps_match_the_closed_form_exactly(decay):
    for method in ("GD, eta = 1/L", "GD, eta = 2/(mu+L)"):
        eta, _ = decay.settings[method]
        path = decay.trajectories[method]
        t = np.arange(path.shape[0])[:, None]
        np.testing.assert_allclose(path, (1 - eta * decay.lambdas) ** t, rtol=1e-9, atol=1e-300)
        for i, lam in enumerate(decay.lambdas):
            factor = abs(1 - eta * lam)
            expected = 1 if factor == 0 else math.ceil(math.log(decay.tol) / math.log(factor))
            assert abs(decay.steps[method][i] - expected) <= 1
            assert decay.predicted[method][i] == expected


def test_momentum_paths_match_powers_of_the_transition_matrix(decay):
    for method in ("momentum, eta = 1/L, beta = 0.9", "momentum, Polyak-optimal"):
        eta, beta = decay.settings[method]
        path = decay.trajectories[method]
        for i, lam in enumerate(decay.lambdas[::3]):
            R = transition_matrix(eta, lam, beta)
            for t in (1, 7, 40):
                state = np.linalg.matrix_power(R, t) @ np.array([0.0, 1.0])
                assert path[t, 3 * i] == pytest.approx(state[1], rel=1e-9, abs=1e-14)


def test_momentum_needs_far_fewer_steps_and_follows_its_rate(decay):
    gd = decay.steps["GD, eta = 2/(mu+L)"].max()
    hb = decay.steps["momentum, Polyak-optimal"].max()
    assert hb * 10 < gd
    # Interior curvatures settle at the Polyak rate (sqrt(kappa)-1)/(sqrt(kappa)+1) for all i.
    kappa = 2.0 ** 9
    rate = (math.sqrt(kappa) - 1) / (math.sqrt(kappa) + 1)
    predicted = math.ceil(math.log(decay.tol) / math.log(rate))
    interior = decay.steps["momentum, Polyak-optimal"][1:-1]
    assert np.all(np.abs(interior - predicted) <= 0.15 * predicted)
    assert np.all(decay.steps[m] >= 0 for m in decay.methods)
    assert "simulated steps" in decay.summary()


def test_exercise_2_validation():
    with pytest.raises(ValueError, match="d must be at most 20"):
        exercises.exercise_2(d=30)
    with pytest.raises(ValueError, match="tol"):
        exercises.exercise_2(tol=2.0)


# -- exercise 3 ------------------------------------------------------------------------------

def test_minimizer_and_minimum_match_matrix_formulas():
    sol = exercises.exercise_3(2)
    Q, c = symbolic.symmetric_matrix(2), symbolic.vector(2, "c")
    assert (sol.minimizer + Q.inv() * c).applyfunc(sp.cancel) == sp.zeros(2, 1)
    assert sp.cancel(sol.minimum - (symbolic.b - (c.T * Q.inv() * c)[0] / 2)) == 0
    assert sol.checks_hold
    assert sol.numeric_error < 1e-6
    assert all(sol.answers_accepted.values()) and len(sol.answers_accepted) == 4


@pytest.mark.parametrize("value_error", [False, True])
def test_exercise_3_numbers_are_plain_floats(monkeypatch, value_error):
    # max(float, np.float64) returns whichever is larger, so the type of the
    # error (and its printed form under NumPy 2) used to depend on rounding.
    # A minimizer whose value error dominates forces the branch that this
    # machine's rounding otherwise never takes.
    import scipy.optimize

    real = scipy.optimize.minimize

    def shifted(*args, **kwargs):
        found = real(*args, **kwargs)
        if value_error:
            found.fun = found.fun + 1e-9
        return found

    monkeypatch.setattr(scipy.optimize, "minimize", shifted)
    sol = exercises.exercise_3(1)
    assert type(sol.numeric_error) is float
    assert type(sol.checks_hold) is bool
    assert sol.numeric_error < 1e-6


# -- exercise 4 ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def experiment():
    return exercises.exercise_4(etas=np.geomspace(0.01, 0.45, 5), chains=1500)


def test_noise_floor_three_ways(experiment):
    np.testing.assert_allclose(experiment.floor_exact, experiment.floor_lyapunov, rtol=1e-9)
    assert experiment.mc_agreement(z=3.5) >= 0.9
    ratio = experiment.floor_batch_exact[0] / experiment.floor_batch_exact
    np.testing.assert_allclose(ratio, experiment.batch_sizes / experiment.batch_sizes[0], rtol=1e-12)
    np.testing.assert_allclose(experiment.covariance_symbolic, experiment.covariance_lyapunov,
                               rtol=1e-10)
    assert experiment.covariance_mc.contains(experiment.covariance_lyapunov)
    assert "Monte Carlo" in experiment.summary()


def test_noise_floor_depends_on_the_effective_step_for_small_steps(experiment):
    small = experiment.etas[0]
    floors = experiment.floor_exact[:, 0]
    d = len(experiment.lams)
    approx = d * small * experiment.sigma ** 2 / (4 * (1 - experiment.betas))
    np.testing.assert_allclose(floors, approx, rtol=0.05)
    # At small fixed eta more momentum raises the floor (near the edge of plain SGD's
    # region it need not: there momentum lowers it); a bigger batch always lowers it.
    assert np.all(np.diff(experiment.floor_exact[:, :3], axis=0) > 0)
    assert experiment.floor_exact[1, -1] < experiment.floor_exact[0, -1]
    assert np.all(np.diff(experiment.floor_batch_exact) < 0)


# -- figures, scripts, command line -----------------------------------------------------------

def test_plots_draw_and_label(sweep, decay, experiment):
    axes = [plots.sweep_heatmap(sweep), plots.effective_step_collapse(sweep),
            plots.component_decay(decay, decay.methods[-1]), plots.component_steps(decay),
            plots.noise_floor_vs_step(experiment), plots.noise_floor_vs_batch(experiment),
            plots.covariance_check(experiment)]
    for ax in axes:
        assert ax.get_xlabel() and ax.get_ylabel() and ax.get_title()
    assert len(axes[0].images) == 1 and len(axes[0].texts) == sweep.final_loss.size
    assert len(axes[2].lines) == len(decay.lambdas) + 1
    assert len(axes[2].yaxis.get_minorticklocs()) == 0 and len(axes[2].get_yticks()) >= 6
    plt.close("all")
    for number, result in ((1, sweep), (2, decay), (4, experiment)):
        figs = plots.exercise_figures(number, result)
        # The stems drawn are the table's, in its order (the report links them in that order).
        # Rendering them is test_example_scripts_write_their_outputs' part (the scripts save
        # these same figures), so they are not saved a second time here.
        assert tuple(figs) == exercises.EXERCISES[number].figures
        for stem, fig in figs.items():
            assert stem.startswith(f"exercise_{number}_")
            panels = [ax for ax in fig.axes if ax.get_label() != "<colorbar>"]
            assert panels and all(ax.get_title() for ax in panels)
            plt.close(fig)
    with pytest.raises(ValueError, match="exercise 3 has no figure"):
        plots.exercise_figures(3, None)
    with pytest.raises(TypeError, match="LearningRateSweep"):
        plots.sweep_heatmap(decay)
    with pytest.raises(ValueError, match="method must be one of"):
        plots.component_decay(decay, "nope")
    with pytest.raises(TypeError, match="ax must be"):
        plots.component_steps(decay, ax="axes")


def test_plot_module_exports():
    from momentum_theory.plots import noise as noise_plots
    assert set(noise_plots.__all__) <= set(plots.__all__)
    assert {"exercise_figures", "sweep_figures", "decay_figures", "noise_figures"} \
        <= set(noise_plots.__all__)


def test_example_scripts_write_their_outputs(tmp_path, run_example):
    expected = {"exercise_1.py": ["exercise_1_heatmap.png", "exercise_1_collapse.png"],
                "exercise_2.py": ["exercise_2_decay.png", "exercise_2_steps.png"],
                "exercise_3.py": ["exercise_3.md"],
                "exercise_4.py": ["exercise_4_noise_floor.png", "exercise_4_batch_covariance.png"]}
    extra = {"exercise_2.py": ["--d", "6"], "exercise_4.py": ["--chains", "300"]}
    # In this interpreter (conftest's run_example): a new one costs more than most scripts' work.
    outputs = {s: run_example(s, tmp_path, *extra.get(s, [])) for s in expected}
    for script, files in expected.items():
        for name in files:
            assert (tmp_path / name).stat().st_size > 200, name
    assert "rank correlation" in outputs["exercise_1.py"]
    assert "Polyak-optimal" in outputs["exercise_2.py"]
    assert "check_answer accepts 'minimizer: -Q^-1 c': True" in outputs["exercise_3.py"]
    assert "Monte Carlo" in outputs["exercise_4.py"]
    # Existing outputs are not overwritten without --force.
    again = run_example.status("exercise_3.py", tmp_path)
    assert again.status == 1 and "--force" in again.stderr


def test_exercises_command(tmp_path, capsys):
    assert cli.main(["exercises", "--out", str(tmp_path), "--only", "2", "--only", "3"]) == 0
    out = capsys.readouterr().out
    assert "== exercise 2" in out and "== exercise 3" in out and "minimizer" in out
    assert (tmp_path / "exercise_2_decay.png").is_file()
    assert cli.main(["exercises", "--out", str(tmp_path), "--only", "2"]) == 1
    assert "--force" in capsys.readouterr().err


# -- the package: one table, every result displays itself -------------------------------------

@pytest.fixture(scope="module")
def solution():
    return exercises.exercise_3(1)


@pytest.fixture(scope="module")
def results(sweep, decay, solution, experiment):
    return {1: sweep, 2: decay, 3: solution, 4: experiment}


def test_table_lists_the_four_exercises_in_order():
    table = exercises.EXERCISES
    assert list(table) == [1, 2, 3, 4]
    assert [e.solve for e in table.values()] == [exercises.exercise_1, exercises.exercise_2,
                                                  exercises.exercise_3, exercises.exercise_4]
    assert [e.figures for e in table.values()] == [
        ("exercise_1_heatmap", "exercise_1_collapse"), ("exercise_2_decay", "exercise_2_steps"),
        (), ("exercise_4_noise_floor", "exercise_4_batch_covariance")]
    for number, e in table.items():
        assert e.number == number and e.title and str(e) == f"exercise {number}: {e.title}"
    with pytest.raises(TypeError):
        table[5] = table[1]  # read-only
    with pytest.raises(AttributeError):
        table[1].title = "changed"  # frozen record


@pytest.mark.parametrize("number", [1, 2, 3, 4])
def test_every_result_displays_itself(results, number):
    result = results[number]
    assert str(result) == result.summary() and "\n" in str(result)
    assert repr(result).startswith(f"<{type(result).__name__}: ") and "\n" not in repr(result)
    assert len(repr(result)) < 200  # not the dataclass dump of every array
    page = result._repr_html_()
    assert page.startswith(f"<div><h4>Exercise {number}: ") and page.endswith("</div>")
    # no reprs: no "array(", no LaTeX commands with doubled backslashes
    assert "<table>" in page and "array(" not in page and not re.search(r"\\\\[a-z]", page)


@pytest.mark.parametrize("number", [1, 2, 3, 4])
def test_results_are_built_with_keywords(results, number):
    import dataclasses
    result = results[number]
    fields = {f.name: getattr(result, f.name) for f in dataclasses.fields(result)}
    assert type(result)(**fields).summary() == result.summary()
    with pytest.raises(TypeError):
        type(result)(*fields.values())
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(result, next(iter(fields)), None)


def test_html_tables_hold_the_numbers(sweep, decay, experiment):
    page = sweep._repr_html_()
    assert page.count("<tr>") == 1 + sweep.momenta.size
    assert f"{sweep.final_loss[0, 0]:.4g}" in page
    assert page.count(" *</td>") == int(sweep.breaks_down.sum())
    page = decay._repr_html_()
    assert page.count("<tr>") == 1 + decay.lambdas.size and r"\(\lambda_i\)" in page
    m = decay.methods[-1]
    assert f"{decay.steps[m][0]} (~{decay.predicted[m][0]})" in page
    page = experiment._repr_html_()
    assert page.count("<table>") == 2
    assert page.count("<tr>") == 2 + experiment.betas.size + experiment.batch_sizes.size


def test_exercise_3_renders_its_formulas(solution):
    latex = solution.latex()
    assert latex.startswith("\\begin{aligned}") and latex.endswith("\\end{aligned}")
    assert sp.latex(solution.minimizer) in latex and sp.latex(solution.minimum) in latex
    assert solution._repr_latex_() == f"$${latex}$$"
    page = solution._repr_html_()
    assert "\\[\\begin{aligned}" in page and page.count("accepted") == 4
    text = str(solution)
    assert "minimizer x* = [-c_1/q_11]" in text and "minimum h(x*) = b - c_1**2/(2*q_11)" in text
    assert "check_answer accepts 'minimizer: -Q^-1 c': True" in text


def test_the_table_lists_figures_as_data_and_the_plots_layer_draws_them():
    # The exercises compute, the plots draw: no exercise module imports plots or figures.
    import ast
    for path in sorted(PACKAGE.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [f"{node.module}.{a.name}" for a in node.names]
                     if isinstance(node, ast.ImportFrom) else [])
            assert not any(n.startswith(("momentum_theory.plots", "momentum_theory.figure"))
                           for n in names), f"{path.name} imports {names}"
    for e in exercises.EXERCISES.values():
        assert isinstance(e.figures, tuple) and all(isinstance(s, str) for s in e.figures)


def test_exercise_figures_dispatch_through_the_table(monkeypatch, decay):
    record = exercises.EXERCISES[2]
    patched = dict(exercises.EXERCISES)
    from momentum_theory.exercises import registry
    monkeypatch.setattr(registry, "EXERCISES", patched)
    monkeypatch.setattr(exercises, "EXERCISES", patched)
    # The number is checked against the table ...
    for bad in (0, 5, True, "2", [2]):
        with pytest.raises(ValueError, match="number must be 1, 2 or 4"):
            plots.exercise_figures(bad, decay)
    patched[2] = type(record)(2, record.title, record.solve, ())
    with pytest.raises(ValueError, match="exercise 2 has no figure"):
        plots.exercise_figures(2, decay)
    # ... and so are the stems drawn: a table that lists others is a bug, said so.
    patched[2] = type(record)(2, record.title, record.solve, tuple(reversed(record.figures)))
    with pytest.raises(RuntimeError, match="table row lists"):
        plots.exercise_figures(2, decay)
    patched[3] = type(record)(3, "algebra", exercises.exercise_3, ("exercise_3_drawing",))
    with pytest.raises(RuntimeError, match="no builder"):
        plots.exercise_figures(3, None)
    plt.close("all")


PACKAGE = Path(exercises.__file__).resolve().parent


def test_package_modules_are_short_and_list_their_contents():
    import importlib
    for path in sorted(PACKAGE.glob("*.py")):
        assert len(path.read_text().splitlines()) < 600, path.name
        if path.name == "_common.py":
            continue
        name = "momentum_theory.exercises" + ("" if path.stem == "__init__" else f".{path.stem}")
        module = importlib.import_module(name)
        for public in module.__all__:
            assert f"{public}`" in module.__doc__, f"{path.name}: {public} not in its docstring"


def test_no_private_name_crosses_the_package_boundary():
    import ast
    root = PACKAGE.parent
    for path in sorted(root.rglob("*.py")):
        inside = PACKAGE in path.parents
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.ImportFrom) or not (node.module or "").startswith("momentum_theory"):
                continue
            names = [a.name for a in node.names if a.name.startswith("_")]
            if inside:
                # private helpers only from the package's own _common, and only public names
                assert names in ([], ["_validation"]) or node.module != "momentum_theory", path
                if node.module == "momentum_theory":
                    assert set(names) <= {"_validation"}, path
                else:
                    assert names == [], (path.name, node.module, names)
                    assert "._" not in node.module.replace(".exercises._common", ""), path
            elif node.module.startswith("momentum_theory.exercises"):
                assert names == [] and "._" not in node.module, path


def test_rank_correlation_equals_scipy_spearmanr_bit_for_bit():
    # issue 15: computed from average ranks so that the exercises skip importing scipy.stats
    from scipy.stats import rankdata, spearmanr

    from momentum_theory.exercises import hyperparameters

    rng = np.random.default_rng(3)
    for i in range(400):
        n = int(rng.integers(3, 50))
        a = rng.integers(0, 5, n).astype(float) if i % 2 else rng.standard_normal(n)
        b = rng.integers(0, 4, n).astype(float) if i % 3 else rng.standard_normal(n)
        a_bad = rng.random(n) < 0.1          # blown-up runs rank last
        ours = hyperparameters._rank_correlation(a, b, a_bad, np.zeros(n, bool))
        a_in = np.where(a_bad, np.finfo(float).max, a)
        assert np.array_equal(hyperparameters._average_ranks(a_in), rankdata(a_in))
        if np.all(a_in == a_in[0]) or np.all(b == b[0]):
            assert math.isnan(ours)
            continue
        assert ours == float(spearmanr(a_in, b)[0])
