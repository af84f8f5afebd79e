"""Chapter figures: builders, writing, overwrite protection, formats, the CLI command."""
import io

import matplotlib
import numpy as np
import pytest
from matplotlib.figure import Figure

from momentum_theory import cli, dynamics, figures

NAMES = ["traces_2d", "leaky_weights", "loss_curves", "scalar_gd", "stability_region"]
# What write_figures and `momentum-theory figures` write: the chapter's, then two beyond it.
WRITTEN = NAMES + ["whole_spectrum", "counterexample"]
MAGIC = {"png": b"\x89PNG\r\n\x1a\n", "svg": b"<?xml", "pdf": b"%PDF"}
# Quick figures for tests that only exercise the writing machinery.
LIGHT = ["leaky_weights", "scalar_gd"]


def test_chapter_figures_come_in_reading_order_and_build_lazily():
    pairs = list(figures.chapter_figures())
    assert [name for name, _ in pairs] == NAMES
    assert all(callable(build) for _, build in pairs)


def test_traces_figure_draws_the_four_chapter_runs():
    fig = figures.traces_2d_figure()
    axes = [ax for ax in fig.axes if ax.get_visible()]
    runs = dynamics.chapter_2d_runs()
    assert len(axes) == 4
    for ax, run in zip(axes, runs):
        np.testing.assert_array_equal(ax.lines[0].get_xydata(), run.path)
    assert [ax.get_title() for ax in axes] == [
        r"gradient descent: $\eta$ = 0.4", r"gradient descent: $\eta$ = 0.6",
        r"momentum: $\eta$ = 0.6, $\beta$ = 0.5", r"momentum: $\eta$ = 0.6, $\beta$ = 0.25"]
    # the diverging run, and only it, reports iterates outside the frame
    assert [bool(ax.texts) for ax in axes] == [False, True, False, False]
    assert "20 steps" in fig.get_suptitle()


def test_traces_figure_lays_out_two_runs_side_by_side():
    runs = dynamics.chapter_2d_runs()[2:]
    fig = figures.traces_2d_figure(runs, title="two runs")
    assert len(fig.axes) == 2 and fig.get_suptitle() == "two runs"
    with pytest.raises(ValueError, match="trajectories"):
        figures.traces_2d_figure(runs * 3)


def test_builders_return_labelled_figures():
    for build in (figures.leaky_weights_figure, figures.scalar_gd_figure,
                  lambda: figures.stability_region_figure(n=30)):
        fig = build()
        assert isinstance(fig, Figure) and fig.get_label()
        assert fig.get_layout_engine().__class__.__name__ == "ConstrainedLayoutEngine"


def test_loss_figure_draws_the_chapter_runs_and_the_floor(airfoil_path):
    from momentum_theory import data, training

    dataset = data.load_airfoil(airfoil_path)
    fig = figures.loss_curves_figure(dataset)
    ax = fig.axes[0]
    runs = training.chapter_runs(dataset=dataset)
    floor = training.least_squares_loss(dataset)
    assert len(ax.lines) == len(runs) + 1
    for line, run in zip(ax.lines, runs):
        np.testing.assert_array_equal(line.get_ydata(), run.losses)
    assert ax.lines[-1].get_ydata()[0] == floor
    assert floor == pytest.approx(0.2417, abs=5e-4)  # the data README's value
    assert "airfoil" in fig.get_suptitle().lower()
    excess = fig.axes[1]
    for line, run in zip(excess.lines, runs):
        np.testing.assert_allclose(line.get_ydata(), run.losses - floor, rtol=0, atol=1e-15)
    assert excess.get_yscale() == "log"


def test_write_figures_writes_every_figure_in_png(tmp_path):
    lines = []
    out = tmp_path / "new" / "folder"
    paths = figures.write_figures(out, progress=lines.append)
    assert list(figures.FILE_FIGURES) == WRITTEN[len(NAMES):]
    assert [p.name for p in paths] == [f"{n}.png" for n in WRITTEN]
    for p in paths:
        assert p.read_bytes()[:8] == MAGIC["png"] and p.stat().st_size > 20_000
    assert len(lines) == len(WRITTEN)
    assert all(f"[{i}/7] wrote {p}" in line for i, (p, line) in enumerate(zip(paths, lines), 1))
    assert "data:" in lines[2]


@pytest.mark.parametrize("fmt", ["svg", "pdf"])
def test_write_figures_in_other_formats(tmp_path, fmt):
    paths = figures.write_figures(tmp_path, fmt=fmt, progress=None, names=LIGHT)
    assert [p.suffix for p in paths] == [f".{fmt}"] * 2
    for p in paths:
        assert p.read_bytes().lstrip()[:len(MAGIC[fmt])] == MAGIC[fmt]
    if fmt == "pdf":  # no creation date in the file: the same figure gives the same bytes
        again = figures.write_figures(tmp_path / "again", fmt=fmt, progress=None, names=LIGHT)
        assert [p.read_bytes() for p in paths] == [p.read_bytes() for p in again]


def test_write_figures_refuses_to_overwrite_and_writes_nothing(tmp_path):
    existing = tmp_path / "scalar_gd.png"
    existing.write_bytes(b"keep me")
    with pytest.raises(FileExistsError, match="scalar_gd.png"):
        figures.write_figures(tmp_path, progress=None, names=LIGHT)
    # checked before writing: the figure before it in order was not written either
    assert sorted(p.name for p in tmp_path.iterdir()) == ["scalar_gd.png"]
    assert existing.read_bytes() == b"keep me"
    # force replaces only what a previous call wrote, never the user's own file
    with pytest.raises(FileExistsError, match="scalar_gd.png"):
        figures.write_figures(tmp_path, progress=None, names=LIGHT, force=True)
    assert existing.read_bytes() == b"keep me"
    existing.unlink()
    figures.write_figures(tmp_path, progress=None, names=LIGHT)
    paths = figures.write_figures(tmp_path, progress=None, names=LIGHT, force=True)
    assert existing.read_bytes()[:8] == MAGIC["png"] and len(paths) == 2


@pytest.mark.parametrize("kwargs, error, match", [
    (dict(fmt="jpg"), ValueError, "fmt"),
    (dict(fmt=None), ValueError, "fmt"),
    (dict(names=["nope"]), ValueError, "names"),
    (dict(names="scalar_gd"), TypeError, "names"),
    (dict(force="yes"), TypeError, "force"),
    (dict(progress=3), TypeError, "progress"),
])
def test_write_figures_rejects_bad_arguments(tmp_path, kwargs, error, match):
    with pytest.raises(error, match=match):
        figures.write_figures(tmp_path, **kwargs)
    assert list(tmp_path.iterdir()) == []


def test_write_figures_into_a_file_is_refused(tmp_path):
    target = tmp_path / "a_file"
    target.write_text("x")
    with pytest.raises(ValueError, match="not a folder"):
        figures.write_figures(target, progress=None, names=LIGHT)


def _savefig_png(fig, dpi=150):
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, metadata={})
    return buffer.getvalue()


@pytest.mark.parametrize("name, options", [
    ("traces_2d", {}),                   # four panels with shared labels
    ("stability_region", {"n": 40}),     # an image and a colorbar
    ("region_comparison", {}),
])
def test_png_drawn_once_is_the_png_savefig_writes(tmp_path, name, options):
    # save_figure draws a PNG once on an Agg canvas instead of savefig's two layout passes:
    # the bytes must be the same (each figure built afresh: saving moves its Axes).
    ours = figures.save_figure(figures.draw(name, **options).figure, tmp_path / "a.png")
    assert ours.read_bytes() == _savefig_png(figures.draw(name, **options).figure)
    fig = figures.draw(name, **options).figure
    canvas, dpi = fig.canvas, fig.dpi
    figures.save_figure(fig, tmp_path / "b.png")  # at 150 dpi
    assert fig.canvas is canvas and fig.dpi == dpi  # the figure is handed back as it came


def test_png_honours_a_users_savefig_settings(tmp_path):
    # A matplotlibrc asking savefig for a tight bounding box gets savefig's own PNG.
    with matplotlib.rc_context({"savefig.bbox": "tight"}):
        ours = figures.save_figure(figures.scalar_gd_figure(), tmp_path / "tight.png")
        reference = _savefig_png(figures.scalar_gd_figure())
    assert ours.read_bytes() == reference
    assert reference != _savefig_png(figures.scalar_gd_figure())


def test_save_figure_protects_existing_files(tmp_path):
    fig = figures.scalar_gd_figure()
    target = figures.save_figure(fig, tmp_path / "gd.pdf")
    assert target.read_bytes()[:4] == MAGIC["pdf"]
    with pytest.raises(FileExistsError, match="force"):
        figures.save_figure(fig, target)
    figures.save_figure(fig, target, force=True)
    with pytest.raises(ValueError, match="path"):
        figures.save_figure(fig, tmp_path / "gd.jpg")
    with pytest.raises(ValueError, match="does not exist"):
        figures.save_figure(fig, tmp_path / "missing" / "gd.png")
    with pytest.raises(TypeError, match="fig"):
        figures.save_figure("figure", tmp_path / "x.png")


def test_cli_figures_command(tmp_path, capsys):
    out = tmp_path / "figs"
    assert cli.main(["figures", "--out", str(out), "--format", "svg"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == len(WRITTEN)
    assert [line.split(": ")[0] for line in lines] == [
        f"[{i}/7] wrote {out / n}.svg" for i, n in enumerate(WRITTEN, 1)]
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [f"{n}.svg" for n in WRITTEN] + [".momentum-figures.json"])

    before = {p: p.read_bytes() for p in out.iterdir()}
    assert cli.main(["figures", "--out", str(out), "--format", "svg"]) == 1
    captured = capsys.readouterr()
    assert "--force" in captured.err and captured.out == ""
    assert {p: p.read_bytes() for p in out.iterdir()} == before


def test_cli_figures_force_only_and_bad_arguments(tmp_path, capsys):
    (tmp_path / "leaky_weights.pdf").write_text("old")
    assert cli.main(["figures", "--out", str(tmp_path), "--format", "gif"]) == 2
    only = ["--only", "leaky_weights", "--only", "scalar_gd"]
    assert cli.main(["figures", "--out", str(tmp_path), "--format", "pdf", *only]) == 1
    assert (tmp_path / "leaky_weights.pdf").read_text() == "old"
    # --force does not replace a file no previous run wrote
    assert cli.main(["figures", "--out", str(tmp_path), "--format", "pdf", "--force", *only]) == 1
    assert (tmp_path / "leaky_weights.pdf").read_text() == "old"
    (tmp_path / "leaky_weights.pdf").unlink()
    assert cli.main(["figures", "--out", str(tmp_path), "--format", "pdf", *only]) == 0
    assert cli.main(["figures", "--out", str(tmp_path), "--format", "pdf", "--force", *only]) == 0
    assert (tmp_path / "leaky_weights.pdf").read_bytes()[:4] == MAGIC["pdf"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".momentum-figures.json", "leaky_weights.pdf", "scalar_gd.pdf"]
    assert len(capsys.readouterr().out.strip().splitlines()) == 4
    assert cli.main(["figures", "--out", str(tmp_path), "--only", "nope"]) == 2
    assert "nope" in capsys.readouterr().err


def test_cli_figures_with_a_missing_data_file(tmp_path, capsys):
    assert cli.main(["figures", "--out", str(tmp_path / "o"),
                     "--data", str(tmp_path / "nope.dat")]) == 1
    assert "nope.dat" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_draw_gives_the_figure_with_its_name_caption_and_note():
    drawn = figures.draw("scalar_gd")
    assert drawn.name == "scalar_gd" and isinstance(drawn.figure, Figure)
    assert drawn.caption == figures.CAPTIONS["scalar_gd"]
    assert drawn.note == drawn.figure.get_label() and "lambda" in drawn.note
    # Jupyter's picture: drawn once, the bytes savefig gives at 100 dpi
    assert drawn._repr_png_() == _savefig_png(figures.draw("scalar_gd").figure, dpi=100)
    with pytest.raises(ValueError, match="name"):
        figures.draw("nope")


@pytest.mark.parametrize("name, panels", [("phase_diagram", 1), ("rate_vs_condition", 1),
                                          ("region_comparison", 3), ("worst_case", 1),
                                          ("method_regions", 7), ("whole_spectrum", 4),
                                          ("counterexample", 2)])
def test_the_figures_beyond_the_chapter_are_built_here(name, panels):
    options = {"n": 30} if name in ("phase_diagram", "region_comparison", "method_regions",
                                    "whole_spectrum") else {}
    options = {"n": 10} if name == "worst_case" else options
    options = {"steps": 20} if name == "counterexample" else options
    drawn = figures.draw(name, **options)
    assert len(drawn.figure.axes) == panels and drawn.caption and drawn.note
    assert drawn.figure.get_layout_engine().__class__.__name__ == "ConstrainedLayoutEngine"


def test_exercise_figures_dispatch_through_the_table(tmp_path):
    from momentum_theory.exercises import EXERCISES, exercise_2

    drawn = figures.exercise_figures(2, exercise_2(d=4))
    assert [d.name for d in drawn] == ["exercise_2_decay", "exercise_2_steps"]
    assert all(d.caption and isinstance(d.figure, Figure) for d in drawn)
    bare = [n for n, e in EXERCISES.items() if not e.figures]
    with pytest.raises(ValueError, match="no figure"):
        figures.exercise_figures(bare[0], None)
    paths = figures.write_drawn(drawn, tmp_path, kind="exercises")
    assert [p.name for p in paths] == ["exercise_2_decay.png", "exercise_2_steps.png"]
    with pytest.raises(FileExistsError):
        figures.write_drawn(drawn, tmp_path, kind="exercises")


def test_every_exercise_figure_has_a_caption_and_the_captions_live_with_the_saving():
    from momentum_theory import figure_files
    from momentum_theory.exercises import EXERCISES

    assert figures.CAPTIONS is figure_files.CAPTIONS
    stems = [stem for e in EXERCISES.values() for stem in e.figures]
    assert stems and all(figures.CAPTIONS.get(stem) for stem in stems)
    assert not hasattr(figure_files, "write_figures")      # it builds: it is figures'


def test_show_hands_the_figure_to_pyplot():
    import warnings

    import matplotlib.pyplot as plt

    fig = figures.scalar_gd_figure()
    assert fig.canvas.manager is None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Agg: "cannot show the figure"
        try:
            figures.show(fig, block=False)
        except RuntimeError as exc:  # a matplotlib too old to adopt it says so
            assert "save_figure" in str(exc)
            return
    assert fig.canvas.manager is not None
    plt.close(fig)


def test_method_regions_figure_draws_every_registered_method_and_says_its_grids():
    from momentum_theory import comparisons, methods

    drawn = figures.draw("method_regions", n=20)
    titles = [a.get_title() for a in drawn.figure.axes if a.get_visible() and a.get_title()]
    assert [t.split(" ")[0] for t in titles] == methods.available()
    maps = [comparisons.method_map(name, n=20) for name in ("nesterov", "qhm")]
    fig = figures.method_regions_figure(maps)
    assert fig.get_label() == "; ".join(f"{m.method}: {m.settings()}" for m in maps)
    # three panels a row, the empty cell hidden
    assert sum(a.get_visible() for a in figures.method_regions_figure(
        ["gd", "heavy_ball", "nesterov", "qhm"], n=10).axes) == 5


def test_the_whole_spectrum_figure_says_the_optimum_it_draws():
    from momentum_theory import spectrum_map, tuning

    grid = spectrum_map.spectrum_rate_grid(25.0, n=30)
    fig = figures.whole_spectrum_figure(data=grid)       # drawn as given: kappa, n unused
    assert fig.axes[0].collections[0].get_array().shape == (30, 30)
    ref = tuning.heavy_ball_optimal(1 / 25, 1.0)
    assert fig.get_label() == (f"kappa = 25: optimum eta = {ref.eta:.4f}, beta = "
                               f"{ref.beta:.4f}, worst rate {ref.rate:.4f} (closed form); "
                               "grid 30 x 30")
    assert ref.rate == pytest.approx((5 - 1) / (5 + 1), rel=1e-12)


def test_the_counterexample_figure_says_the_cycle_it_draws():
    from momentum_theory import nonquadratic

    ce = nonquadratic.polyak_counterexample()
    drawn = figures.draw("counterexample", ce=ce, steps=20)
    assert drawn.caption == figures.CAPTIONS["counterexample"]
    points = ", ".join(f"{x:.6g}" for x in ce.cycle().points)
    assert drawn.note.endswith(f"x0 = 3.3: cycle of period 3 through {points}")
    # a start that converges (the origin's neighbourhood is quadratic) is said to converge
    calm = nonquadratic.polyak_counterexample(x0=0.5)
    assert figures.counterexample_figure(calm, steps=5).get_label().endswith("converges")


def test_the_general_functions_figure_draws_the_comparison_it_is_given():
    pytest.importorskip("PEPit")
    from momentum_theory import methods

    data = methods.general_class_comparison(kappa=25.0, n_max=2)
    drawn = figures.draw("general_functions", data=data)
    assert drawn.caption == figures.CAPTIONS["general_functions"]
    assert drawn.figure.axes[0].get_yscale() == "log"
    gd = data.curves[0]
    assert drawn.note.startswith(f"kappa = 25, n = 2: gradient descent {gd.quadratic[2]:.3g} "
                                 f"(quadratics), {gd.general[-1]:.3g} (general)")
    assert gd.general[-1] == pytest.approx((12 / 13) ** 4, rel=1e-5)  # ((kappa-1)/(kappa+1))^2n
    assert "general_functions" not in figures.FILE_FIGURES   # optional: never written by default
