"""The chapter plots: what is on the Axes equals what was computed, a second way."""
from types import SimpleNamespace

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from matplotlib.figure import Figure

from momentum_theory import plots, spectral
from momentum_theory.dynamics import heavy_ball


@pytest.fixture
def ax():
    fig = Figure(layout="constrained")
    return fig.add_subplot()


@pytest.fixture(autouse=True)
def _close_pyplot_figures():
    yield
    plt.close("all")


def _legend_texts(ax):
    return [t.get_text() for t in ax.get_legend().get_texts()]


# --- leaky weights ---------------------------------------------------------

def test_leaky_weights_draws_beta_to_the_tau_for_the_chapter_betas(ax):
    out = plots.leaky_weights(ax=ax)
    assert out is ax
    assert len(ax.lines) == 4
    for line, beta in zip(ax.lines, [0.95, 0.9, 0.6, 0.0]):
        tau, w = line.get_data()
        np.testing.assert_array_equal(tau, np.arange(40))
        # second way: the recursion w_t = beta * w_{t-1} that defines the leaky average
        expected = [1.0]
        for _ in range(39):
            expected.append(beta * expected[-1])
        np.testing.assert_allclose(w, expected, rtol=1e-13, atol=0)
    labels = _legend_texts(ax)
    assert labels[0].startswith(r"$\beta$ = 0.95") and "= 20)" in labels[0]
    assert "= 10)" in labels[1] and "= 2.5)" in labels[2] and "= 1)" in labels[3]
    assert ax.get_xlabel() and ax.get_ylabel() and ax.get_title()


@settings(max_examples=40)
@given(beta=st.floats(-0.95, 0.95), horizon=st.integers(1, 400))
def test_leaky_weights_sum_approaches_effective_number(beta, horizon):
    fig = Figure()
    ax = plots.leaky_weights(betas=[beta], horizon=horizon, ax=fig.add_subplot())
    w = ax.lines[0].get_ydata()
    # geometric series: sum_{tau < H} beta^tau = (1 - beta^H) / (1 - beta)
    assert np.sum(w) == pytest.approx((1 - beta ** horizon) / (1 - beta), rel=1e-11, abs=1e-12)


@pytest.mark.parametrize("kwargs, error, match", [
    (dict(betas=[1.0]), ValueError, "betas"),
    (dict(betas=[np.nan]), ValueError, "betas"),
    (dict(betas="0.5"), TypeError, "betas"),
    (dict(horizon=0), ValueError, "horizon"),
    (dict(horizon=2.5), TypeError, "horizon"),
    (dict(ax="not an axes"), TypeError, "ax"),
])
def test_leaky_weights_rejects_bad_arguments(kwargs, error, match):
    with pytest.raises(error, match=match):
        plots.leaky_weights(**kwargs)


# --- leaky average ----------------------------------------------------------

@settings(max_examples=30)
@given(g=st.lists(st.floats(-10, 10), min_size=1, max_size=40), beta=st.floats(0.0, 0.95))
def test_leaky_average_equals_the_unrolled_sum(g, beta):
    fig = Figure()
    ax = plots.leaky_average(g, betas=[beta], ax=fig.add_subplot())
    np.testing.assert_array_equal(ax.lines[0].get_ydata(), g)
    g = np.asarray(g)
    # the chapter's unrolled form v_t = sum_{tau < t} beta^tau g_{t - tau}
    unrolled = [sum(beta ** tau * g[t - tau] for tau in range(t + 1)) for t in range(len(g))]
    np.testing.assert_allclose(ax.lines[1].get_ydata(), (1 - beta) * np.array(unrolled),
                               rtol=1e-10, atol=1e-10)


# --- scalar gradient descent -----------------------------------------------

def test_scalar_gd_matches_simulated_gradient_descent(ax):
    plots.scalar_gd(ax=ax)
    curves = ax.lines[:4]
    for line, lam in zip(curves, [0.1, 1.0, 10.0, 19.0]):
        t, y = line.get_data()
        np.testing.assert_array_equal(t, np.arange(20))
        simulated = heavy_ball(lambda x: lam * x, [1.0], eta=0.1, beta=0.0, steps=19).ravel()
        np.testing.assert_allclose(y, simulated, rtol=1e-12, atol=1e-15)
    # lambda = 10: eta * lambda = 1 reaches the minimum in one step
    assert np.all(curves[2].get_ydata()[1:] == 0.0)
    # lambda = 19: 1 - 1.9 = -0.9, so the iterates alternate in sign and shrink
    y19 = curves[3].get_ydata()
    assert np.all(np.sign(y19[1:]) == (-1.0) ** np.arange(1, 20))
    labels = _legend_texts(ax)
    assert any("= 19" in s and "= 1.9)" in s for s in labels)


@pytest.mark.parametrize("kwargs, error, match", [
    (dict(lambdas=[[1.0, 2.0]]), ValueError, "lambdas"),
    (dict(lambdas=[]), ValueError, "lambdas"),
    (dict(eta=np.inf), ValueError, "eta"),
    (dict(eta="0.1"), TypeError, "eta"),
    (dict(horizon=-1), ValueError, "horizon"),
])
def test_scalar_gd_rejects_bad_arguments(kwargs, error, match):
    with pytest.raises(error, match=match):
        plots.scalar_gd(**kwargs)


# --- stability region -----------------------------------------------------

def test_stability_region_heat_map_is_the_spectral_radius_where_it_converges(ax):
    n = 120
    plots.stability_region(ax=ax, n=n)
    image = ax.images[0]
    data = image.get_array()
    h = np.linspace(0.0, 5.0, n)
    b = np.linspace(0.0, 1.0, n)
    rho = spectral.spectral_radius(h[None, :], b[:, None])
    np.testing.assert_array_equal(data.mask, rho >= 1)
    np.testing.assert_array_equal(data.data, rho)
    assert image.get_clim() == (0.0, 1.0)
    # second way: eigenvalues of R by numpy at a sample of convergent cells
    rng = np.random.default_rng(1)
    for i, j in rng.integers(0, n, size=(40, 2)):
        eig = np.linalg.eigvals(spectral.transition_matrix(h[j], 1.0, b[i]))
        assert np.max(np.abs(eig)) == pytest.approx(rho[i, j], abs=1e-6)


def test_stability_region_divergent_cells_lie_beyond_the_derived_edge(ax):
    n = 200
    plots.stability_region(ax=ax, n=n)
    mask = ax.images[0].get_array().mask
    H, B = np.meshgrid(np.linspace(0, 5, n), np.linspace(0, 1, n))
    derived = (H > 0) & (H < 2 + 2 * B) & (B < 1)
    far = np.abs(H - (2 + 2 * B)) > 1e-9
    far &= H > 0
    np.testing.assert_array_equal(~mask[far], derived[far])


def test_stability_region_draws_both_edges_a_colorbar_and_a_divergent_legend(ax):
    plots.stability_region(ax=ax, n=60)
    edge, gd = ax.lines[:2]
    x, y = edge.get_data()
    np.testing.assert_allclose(x, 2 + 2 * np.asarray(y))
    assert np.all(np.asarray(gd.get_xdata()) == 2.0)
    assert gd.get_linestyle() == "--"
    labels = _legend_texts(ax)
    assert any("2 + 2\\beta" in s for s in labels)
    assert any("= 2$" in s and "gradient descent" in s for s in labels)
    assert any("diverges" in s for s in labels)
    assert len(ax.figure.axes) == 2  # the heat map and its colorbar
    assert "rho" in ax.figure.axes[1].get_ylabel()
    # divergent region drawn hatched
    assert any(getattr(c, "hatches", None) == ["///"] for c in ax.collections)


def test_stability_region_follows_the_requested_window(ax):
    plots.stability_region(ax=ax, eta_lambda_max=3.0, beta_range=(0.2, 0.6), n=30)
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    assert x0 < 0 < 3 < x1 < 3.1 and y0 < 0.2 < 0.6 < y1 < 0.62


@pytest.mark.parametrize("kwargs, error, match", [
    (dict(eta_lambda_max=0), ValueError, "eta_lambda_max"),
    (dict(beta_range=(0.5, 0.2)), ValueError, "beta_range"),
    (dict(beta_range=(0.0, 1.5)), ValueError, "beta_range"),
    (dict(beta_range=0.5), TypeError, "beta_range"),
    (dict(n=1), ValueError, "n"),
])
def test_stability_region_rejects_bad_arguments(kwargs, error, match):
    with pytest.raises(error, match=match):
        plots.stability_region(**kwargs)


# --- 2-D trace -------------------------------------------------------------

def _quadratic(x1, x2):
    return 0.1 * x1 ** 2 + 2 * x2 ** 2


def _run(eta, beta):
    path = heavy_ball(lambda x: np.array([0.2 * x[0], 4 * x[1]]), [-5.0, -2.0], eta, beta, 20)
    return SimpleNamespace(name="run", eta=eta, beta=beta, path=path)


def test_trace_2d_draws_the_path_over_contours(ax):
    run = _run(0.6, 0.5)
    plots.trace_2d(run, ax=ax, objective=_quadratic, minimum=(0, 0))
    np.testing.assert_array_equal(ax.lines[0].get_xydata(), run.path)
    assert ax.collections, "contour lines are missing"
    assert ax.get_title() == r"momentum: $\eta$ = 0.6, $\beta$ = 0.5"
    labels = _legend_texts(ax)
    assert labels[0] == "iterates $x_0, \\dots, x_{20}$"
    assert any(s.startswith("start (-5, -2)") for s in labels) and "minimum" in labels
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    assert x0 < -5 and x1 > 0 and y0 < -2 and y1 > 0  # start and minimum in frame
    assert not ax.texts  # nothing left the frame


def test_trace_2d_counts_the_iterates_a_diverging_run_throws_out(ax):
    run = _run(0.6, 0.0)
    plots.trace_2d(run, ax=ax, objective=_quadratic)
    assert ax.get_title() == r"gradient descent: $\eta$ = 0.6"
    # second way: x2_t = (1 - 0.6 * 4)^t * (-2) in closed form, x1_t = 0.88^t * (-5)
    t = np.arange(21)
    closed = np.column_stack([-5 * 0.88 ** t, -2 * (-1.4) ** t])
    np.testing.assert_allclose(run.path, closed, rtol=1e-12)
    outside = np.linalg.norm(closed, axis=1) > 2 * np.linalg.norm(closed[0])
    note = ax.texts[0].get_text()
    assert note.startswith(f"{outside.sum()} iterates lie outside the frame")
    assert f"x_{{{np.argmax(outside)}}}" in note
    y0, y1 = ax.get_ylim()
    assert y1 < 20 and y0 > -20


def test_trace_2d_uses_the_chapter_objective_by_default(ax):
    plots.trace_2d(np.array([[-5.0, -2.0], [-4.0, 1.0]]), ax=ax)
    assert ax.get_title() == "iterates"
    assert "minimum" in _legend_texts(ax)


@pytest.mark.parametrize("path, error, match", [
    (np.zeros((3, 3)), ValueError, "trajectory"),
    (np.array([[np.nan, 0.0], [1.0, 1.0]]), ValueError, "trajectory"),
    ("path", TypeError, "trajectory"),
])
def test_trace_2d_rejects_bad_paths(path, error, match):
    with pytest.raises(error, match=match):
        plots.trace_2d(path, objective=_quadratic)


def test_trace_2d_rejects_a_non_callable_objective():
    with pytest.raises(TypeError, match="objective"):
        plots.trace_2d(np.zeros((2, 2)), objective=3.0)


# --- loss curves -----------------------------------------------------------

def _fake_runs():
    epochs = np.linspace(0, 2, 16)
    return [SimpleNamespace(lr=lr, momentum=m, epochs=epochs,
                            losses=0.25 + 0.3 * np.exp(-k * epochs), data_source="toy data")
            for k, (lr, m) in enumerate([(0.02, 0.5), (0.01, 0.9)], start=1)]


def test_loss_curves_draw_each_run_and_the_floor(ax):
    runs = _fake_runs()
    plots.loss_curves(runs, floor=0.2417, ax=ax)
    for line, run in zip(ax.lines, runs):
        np.testing.assert_array_equal(line.get_xdata(), run.epochs)
        np.testing.assert_array_equal(line.get_ydata(), run.losses)
    floor = ax.lines[-1]
    assert floor.get_linestyle() == "--" and np.all(np.asarray(floor.get_ydata()) == 0.2417)
    assert _legend_texts(ax) == ["lr = 0.02, momentum = 0.5", "lr = 0.01, momentum = 0.9",
                                 "least-squares floor 0.2417"]
    assert "toy data" in ax.get_title()
    assert ax.get_xlabel() == "epoch" and ax.get_yscale() == "linear"


def test_loss_curves_switch_to_log_scale_for_a_wide_range(ax):
    run = SimpleNamespace(lr=0.1, momentum=0.0, epochs=[0, 1, 2], losses=[100.0, 1.0, 0.5],
                          data_source="toy")
    plots.loss_curves([run], ax=ax)
    assert ax.get_yscale() == "log"
    assert len(ax.lines) == 1


def test_loss_curves_excess_is_the_distance_to_the_floor(ax):
    runs = _fake_runs()
    plots.loss_curves(runs, floor=0.25, ax=ax, excess=True, log=True)
    assert len(ax.lines) == len(runs)  # no floor line: the floor is 0 here
    for line, run in zip(ax.lines, runs):
        np.testing.assert_allclose(line.get_ydata(), 0.3 * np.exp(-np.asarray(run.epochs)
                                                                  * (runs.index(run) + 1)))
    assert ax.get_yscale() == "log" and "0.2500" in ax.get_ylabel()


@pytest.mark.parametrize("runs, kwargs, error, match", [
    ([], {}, ValueError, "runs"),
    ([object()], {}, TypeError, r"runs\[0\]"),
    ([SimpleNamespace(lr=1, momentum=0, epochs=[0, 1], losses=[1.0])], {}, ValueError,
     r"runs\[0\]"),
    (None, dict(floor=np.nan), ValueError, "floor"),
    (None, dict(log="yes"), TypeError, "log"),
    (None, dict(excess=True), ValueError, "floor"),
    (None, dict(floor=0.2, excess=1), TypeError, "excess"),
])
def test_loss_curves_reject_bad_arguments(runs, kwargs, error, match):
    with pytest.raises(error, match=match):
        plots.loss_curves(_fake_runs() if runs is None else runs, **kwargs)


# --- every plot --------------------------------------------------------------

def _every_plot(ax_factory):
    yield plots.leaky_weights(ax=ax_factory())
    yield plots.leaky_average([1.0, -1.0, 2.0], ax=ax_factory())
    yield plots.scalar_gd(ax=ax_factory())
    yield plots.stability_region(ax=ax_factory(), n=40)
    yield plots.trace_2d(_run(0.4, 0.0), ax=ax_factory(), objective=_quadratic)
    yield plots.loss_curves(_fake_runs(), floor=0.25, ax=ax_factory())


def test_plots_leave_global_state_alone_and_open_no_pyplot_figure():
    before = dict(matplotlib.rcParams)
    open_before = plt.get_fignums()
    axes = list(_every_plot(lambda: Figure(layout="constrained").add_subplot()))
    assert plt.get_fignums() == open_before
    after = dict(matplotlib.rcParams)
    assert after == before
    for a in axes:
        assert a.get_title() and a.get_xlabel() and a.get_ylabel()


def test_plots_without_ax_make_their_own_constrained_figure():
    ax = plots.scalar_gd()
    assert ax.figure.get_layout_engine().__class__.__name__ == "ConstrainedLayoutEngine"
    assert plt.get_fignums()


def test_every_plot_renders_to_a_non_empty_png(tmp_path):
    for k, a in enumerate(_every_plot(lambda: Figure(layout="constrained").add_subplot())):
        target = tmp_path / f"{k}.png"
        a.figure.savefig(target, dpi=60)
        assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert target.stat().st_size > 5_000


# --- data in, kwargs through, one colorbar, a marked point -------------------

def test_stability_region_draws_a_rate_map_it_is_given(ax):
    h, b = np.linspace(0.0, 4.0, 30), np.linspace(0.0, 0.9, 20)
    m = spectral.rate_map(h, b)
    out = plots.stability_region(ax=ax, data=m, cmap="magma", alpha=0.8)
    assert out is ax
    image = ax.images[0]
    np.testing.assert_array_equal(image.get_array().data, m.rho)
    assert image.get_cmap().name == "magma" and image.get_alpha() == 0.8
    with pytest.raises(TypeError, match="data"):
        plots.stability_region(data=np.zeros((3, 3)))


def test_a_second_call_on_the_same_axes_adds_no_second_colorbar(ax):
    plots.stability_region(ax=ax, n=30)
    plots.stability_region(ax=ax, n=30, mark=(2.4, 0.25))
    assert len(ax.figure.axes) == 2
    labels = _legend_texts(ax)
    assert len(labels) == len(set(labels))  # the edges drawn twice are listed once


def test_colorbar_false_draws_none(ax):
    plots.stability_region(ax=ax, n=30, colorbar=False)
    assert len(ax.figure.axes) == 1
    with pytest.raises(TypeError, match="colorbar"):
        plots.stability_region(ax=ax, n=30, colorbar="no")


def test_mark_is_a_star_with_its_rate_in_the_legend(ax):
    plots.stability_region(ax=ax, n=30, mark=(2.4, 0.25))
    star = [line for line in ax.lines if line.get_marker() == "*"]
    assert len(star) == 1 and tuple(star[0].get_xydata()[0]) == (2.4, 0.25)
    rho = float(spectral.spectral_radius(2.4, 0.25))
    assert f"{rho:.3g}" in _legend_texts(ax)[-1]
    with pytest.raises(ValueError, match="mark"):
        plots.stability_region(ax=ax, n=30, mark=(1.0, 2.0, 3.0))


def test_phase_diagram_and_region_comparison_take_their_maps_and_a_mark():
    from momentum_theory.accelerated import nesterov_rate_map

    h, b = np.linspace(0.0, 4.0, 40), np.linspace(0.0, 0.95, 30)
    ax = plots.phase_diagram(data=spectral.rate_map(h, b), mark=(1.0, 0.5), n=10)
    assert ax.images[0].get_array().shape == (30, 40)
    assert any("ripples" in t for t in _legend_texts(ax))
    fig = Figure(layout="constrained")
    pair = fig.subplots(1, 2)
    maps = (spectral.rate_map(h, b), nesterov_rate_map(h, b))
    plots.region_comparison(ax=pair, data=maps, mark=(1.0, 0.5), cmap="plasma")
    plots.region_comparison(ax=pair, data=maps)
    assert len(fig.axes) == 3  # two panels, one colorbar even after a second call
    assert pair[1].images[0].get_cmap().name == "plasma"
    np.testing.assert_array_equal(pair[1].images[0].get_array().data, maps[1].rho)
    with pytest.raises(ValueError, match="grid"):
        plots.region_comparison(ax=pair, data=(maps[0], nesterov_rate_map(h[:-1], b)))


@pytest.mark.parametrize("draw", [
    lambda ax: plots.leaky_weights(ax=ax, color="k", linewidth=3),
    lambda ax: plots.scalar_gd(ax=ax, color="k", linewidth=3),
    lambda ax: plots.leaky_average([1.0, 2.0], betas=[0.5], ax=ax, color="k", linewidth=3),
    lambda ax: plots.trace_2d(_run(0.4, 0.0), ax=ax, objective=_quadratic, color="k",
                              linewidth=3),
    lambda ax: plots.loss_curves(_fake_runs(), ax=ax, color="k", linewidth=3),
    lambda ax: plots.rate_vs_condition(ax=ax, kappa=[1, 10], color="k", linewidth=3),
])
def test_keyword_arguments_reach_matplotlib(ax, draw):
    assert draw(ax) is ax
    styled = [line for line in ax.lines if line.get_linewidth() == 3]
    assert styled and all(line.get_color() == "k" for line in styled)


def test_worst_case_plot_draws_worst_cases_it_is_given(ax):
    from momentum_theory.finite_horizon import worst_case

    cases = [("a", worst_case(1.0, 100.0, 0.01, 0.5, 30)),
             ("b", worst_case(1.0, 100.0, 0.015, 0.0, 30))]
    assert plots.worst_case_plot(ax=ax, data=cases, linewidth=3) is ax
    exact = ax.lines[::2]
    for line, (_, w) in zip(exact, cases):
        np.testing.assert_array_equal(line.get_ydata(), w.history)
        assert line.get_linewidth() == 3
    with pytest.raises(ValueError, match="share"):
        plots.worst_case_plot(data=[cases[0], ("c", worst_case(1.0, 50.0, 0.01, 0.5, 30))])
    with pytest.raises(TypeError, match="WorstCase"):
        plots.worst_case_plot(data=[("a", 3)])


def test_rate_vs_condition_draws_tunings_it_is_given(ax):
    from momentum_theory.tuning import gd_optimal, heavy_ball_optimal

    kappa = [1.0, 10.0, 100.0]
    data = {"heavy_ball": [heavy_ball_optimal(1.0, k) for k in kappa],
            "gd": [gd_optimal(1.0, k) for k in kappa]}
    plots.rate_vs_condition(ax=ax, kappa=kappa, data=data, quantity="gap")
    np.testing.assert_allclose(ax.lines[0].get_ydata(), [1 - t.rate for t in data["heavy_ball"]])
    assert ax.lines[1].get_label() == "gradient descent"
    with pytest.raises(ValueError, match="kappa"):
        plots.rate_vs_condition(data=data)
    with pytest.raises(ValueError, match="one tuning per kappa"):
        plots.rate_vs_condition(kappa=[1.0, 10.0], data=data)


def test_sweep_heatmap_keeps_one_colorbar_and_can_draw_none():
    from momentum_theory.data import make_regression_data
    from momentum_theory.exercises import exercise_1

    sweep = exercise_1(make_regression_data(), lrs=[0.002, 0.02], momenta=(0.0, 0.9))
    fig = Figure(layout="constrained")
    ax = fig.add_subplot()
    plots.sweep_heatmap(sweep, ax=ax, cmap="viridis")
    plots.sweep_heatmap(sweep, ax=ax)
    assert len(fig.axes) == 2 and ax.images[0].get_cmap().name == "viridis"
    bare = Figure(layout="constrained").add_subplot()
    plots.sweep_heatmap(sweep, ax=bare, colorbar=False)
    assert len(bare.figure.axes) == 1


@pytest.mark.parametrize("draw", [plots.scalar_gd, plots.leaky_weights,
                                  lambda **kw: plots.stability_region(n=10, **kw)])
def test_an_unknown_keyword_is_refused_by_matplotlib(draw):
    with pytest.raises((AttributeError, TypeError), match="no_such_property"):
        draw(no_such_property=1)


def test_method_regions_takes_records_names_or_maps():
    from momentum_theory import comparisons, methods

    records = [methods.get(name) for name in methods.available()]
    axes = plots.method_regions(records, n=20)
    assert len(axes) == len(records)
    assert [a.get_title().split(" ")[0] for a in axes] == methods.available()
    assert axes[0].get_ylabel() == r"spectral radius $\rho$"     # gd: no parameter
    assert axes[1].get_ylabel() == r"$\beta$" and axes[5].get_ylabel() == r"$\kappa$"
    fig = plots.new_figure((8, 3))
    pair = fig.subplots(1, 2)
    maps = [comparisons.method_map("qhm", n=15, fixed={"nu": 0.3}), "nesterov"]
    out = plots.method_regions(maps, ax=pair, n=15, cmap="plasma", colorbar=False)
    assert list(out) == list(pair) and out[0].get_title() == r"qhm ($\nu$ = 0.3)"
    plots.method_regions(["two_step"], n=15, fixed={"two_step": {"gamma": 0.1}})
    with pytest.raises(TypeError, match="2 Axes"):
        plots.method_regions(["gd", "qhm"], ax=pair[:1], n=10)
    with pytest.raises(TypeError, match="method records"):
        plots.method_regions([3.5], n=10)
    with pytest.raises(ValueError, match="at least one"):
        plots.method_regions([], n=10)


def test_no_plot_report_cli_or_figure_code_branches_on_a_method_name():
    from pathlib import Path

    import momentum_theory

    root = Path(momentum_theory.__file__).parent
    files = [*(root / "plots").glob("*.py"), *(root / "cli").glob("*.py"),
             *(root / "report").glob("*.py"), *(root / "explorer").glob("*.py"),
             root / "figures.py", root / "theory_figures.py"]
    assert all(p.is_file() for p in files) and len(files) > 10
    hits = [f"{p.name}:{i}" for p in files
            for i, line in enumerate(p.read_text().splitlines(), 1) if "method ==" in line]
    assert hits == []
