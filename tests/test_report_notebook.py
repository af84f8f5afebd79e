"""report.ipynb: the notebook is valid, embeds the data path safely, and, run top to bottom
in a real kernel, prints the numbers the report's own code put in summary.json."""
import ast
import json
import os
import sys
import types

import pytest

from momentum_theory import data, report
from momentum_theory.report import _notebook, _words

try:
    import nbformat
except ImportError:  # the notebook extra is not installed: only the tests without it run
    nbformat = None

needs_nbformat = pytest.mark.skipif(nbformat is None, reason="nbformat (the notebook extra) "
                                                              "is not installed")


def _quiet(line):
    pass


def _write(tmp_path, sections, **kwargs):
    out = report.write_report(tmp_path / "report", progress=_quiet, sections=sections,
                              formats=("md", "ipynb"), **kwargs)
    nb = nbformat.read(out / "report.ipynb", as_version=4)
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    return out, nb, summary


def _code_cells(nb):
    return [cell for cell in nb.cells if cell.cell_type == "code"]


# -- without a kernel ----------------------------------------------------------------------

def test_every_section_has_headings_in_both_languages_and_cells_that_parse():
    names = [s.name for s in report.SECTIONS]
    for lang in ("en", "tr"):
        assert set(_notebook.TEXT[lang]) == set(names), lang
        assert set(_notebook.WORDS[lang]) == set(_notebook.WORDS["en"])
    for name in names:
        assert name in _notebook._CODE or name == "exercises", name
    made = _notebook.cells(names, data_path="synthetic")
    code = [source for kind, source in made if kind == "code"]
    for source in code:
        ast.parse(source)  # a syntax error in a cell fails here, before any kernel
    # One heading per section, in the order given.
    headings = [text.split("\n", 1)[0] for kind, text in made
                if kind == "markdown" and text.startswith("## ")]
    # the report's own headings (report/_words.py), so the notebook and the page agree
    assert headings[1:] == [f"## {_words.say('en', 'section.' + n)}" for n in names]


def test_a_section_without_cells_gets_a_note_not_a_crash():
    made = _notebook.cells(["no-such-section"])
    assert made[-1][0] == "markdown" and "does not recompute" in made[-1][1]


@needs_nbformat
def test_the_written_notebook_is_valid_and_listed_in_the_manifest(tmp_path):
    out, nb, summary = _write(tmp_path, "regimes")
    nbformat.validate(nb)
    assert nb.nbformat == 4 and nb.metadata.kernelspec.name == "python3"
    assert all(not cell.outputs for cell in _code_cells(nb))  # written unexecuted
    assert "report.ipynb" in (out / report.MANIFEST).read_text(encoding="utf-8")
    assert summary["sections"] == ["regimes"]
    text = [cell.source for cell in nb.cells]
    assert text[0].startswith("# Momentum") and "summary.json" in text[0]
    assert any(s.startswith("## Three regimes and critical damping") for s in text)
    # No section trains on data here, so there is no data cell.
    assert not any("select_dataset" in s for s in text)
    # The same sections give the same bytes (stable cell ids).
    again = tmp_path / "again.ipynb"
    _notebook.write(again, ["regimes"], types.SimpleNamespace(data_path=None, lang="en"))
    assert again.read_bytes() == (out / "report.ipynb").read_bytes()


@needs_nbformat
def test_turkish_headings(tmp_path):
    path = tmp_path / "tr.ipynb"
    nb = _notebook.write(path, ["regimes", "noise"],
                         types.SimpleNamespace(data_path=None, lang="tr"))
    markdown = [c.source for c in nb.cells if c.cell_type == "markdown"]
    assert markdown[0].startswith("# Momentum: bölüm")
    assert f"## {_words.say('tr', 'section.regimes')}" in markdown[2]
    assert f"## {_words.say('tr', 'section.noise')}" in markdown[3]
    assert "Üç rejim" in markdown[2] and "Gürültülü gradyanlar" in markdown[3]
    # The code is the same in both languages.
    en = _notebook.write(tmp_path / "en.ipynb", ["regimes", "noise"],
                         types.SimpleNamespace(data_path=None, lang="en"))
    assert [c.source for c in _code_cells(nb)] == [c.source for c in _code_cells(en)]


HOSTILE = "it's \"odd\" \\ '); open('PWNED', 'w'); ('"


def _data_cell(cells):
    """The source of the one code cell that chooses the dataset (notebook cells or pairs)."""
    pairs = [(c.cell_type, c.source) if hasattr(c, "source") else c for c in cells]
    sources = [source for kind, source in pairs if kind == "code"]
    found = [s for s in sources if "select_dataset" in s]
    assert len(found) == 1
    return found[0]


@pytest.mark.parametrize("given, argument", [
    (None, None),
    ("synthetic", "synthetic"),
    (f"/tmp/{HOSTILE}/airfoil.dat", f"/tmp/{HOSTILE}/airfoil.dat"),
    ("a\nb\\c.dat", os.path.abspath("a\nb\\c.dat")),  # relative: made absolute
])
def test_the_data_choice_is_a_literal(given, argument):
    source = _data_cell(_notebook.cells(["training"], data_path=given))
    tree = ast.parse(source)
    # Exactly: an import, the assignment, the print; nothing else made it in.
    assert [type(node).__name__ for node in tree.body] == ["ImportFrom", "Assign", "Expr"]
    call = tree.body[1].value
    assert ast.unparse(call.func) == "data.select_dataset"
    assert len(call.args) == 1 and isinstance(call.args[0], ast.Constant)
    assert call.args[0].value == argument


def test_ipynb_without_nbformat_names_the_extra(tmp_path, monkeypatch):
    real = report._module_found
    monkeypatch.setattr(report, "_module_found", lambda m: m != "nbformat" and real(m))
    with pytest.raises(report.ReportError) as info:
        report.write_report(tmp_path / "report", progress=_quiet, sections="regimes",
                            formats="md,ipynb")
    assert "momentum-theory[notebook]" in str(info.value)
    assert "--format ipynb" in info.value.cli_message
    assert not (tmp_path / "report").exists() and list(tmp_path.iterdir()) == []
    # md alone does not need it.
    report.write_report(tmp_path / "md", progress=_quiet, sections="regimes", formats="md")


def test_the_notebook_extra_is_in_the_test_extra_and_pinned_at_its_minimums():
    import configparser
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    cfg = configparser.ConfigParser()
    cfg.read(root / "setup.cfg")
    extras = cfg["options.extras_require"]
    notebook = [line.strip() for line in extras["notebook"].splitlines() if line.strip()]
    assert sorted(n.split(">=")[0] for n in notebook) == ["ipykernel", "nbclient", "nbformat"]
    assert set(notebook) <= {line.strip() for line in extras["test"].splitlines()}
    pins = dict(line.split("==") for line in (root / ".ci" / "oldest.txt").read_text().splitlines()
                if "==" in line and not line.startswith("#"))
    for requirement in notebook:
        name, minimum = requirement.split(">=")
        assert pins[name].split(".")[:len(minimum.split("."))] == minimum.split("."), name
        assert set(pins[name].split(".")[len(minimum.split(".")):]) <= {"0"}, name


# -- run in a kernel -----------------------------------------------------------------------

def _kernel_manager(tmp_path):
    """A kernel of this interpreter: a kernelspec of our own, in a folder only we search.

    The spec names ``sys.executable`` itself, so neither a user's ``python3``
    kernelspec nor PATH can send the notebook to another Python.
    """
    pytest.importorskip("ipykernel")
    from jupyter_client import KernelManager
    from jupyter_client.kernelspec import KernelSpecManager

    spec = tmp_path / "kernels" / "momentum-theory-test"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "momentum_theory test", "language": "python"}), encoding="utf-8")
    specs = KernelSpecManager(kernel_dirs=[str(spec.parent)])
    return KernelManager(kernel_name="momentum-theory-test", kernel_spec_manager=specs)


def _execute(nb, tmp_path):
    """Run ``nb`` top to bottom in a fresh kernel, with cwd a folder of its own; return it."""
    nbclient = pytest.importorskip("nbclient")
    nb.cells.append(nbformat.v4.new_code_cell(
        "import sys, os\nprint('interpreter:', sys.executable)\nprint('prefix:', sys.prefix)\n"
        "print('cwd:', os.getcwd())"))
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    client = nbclient.NotebookClient(nb, km=_kernel_manager(tmp_path), timeout=600,
                                     resources={"metadata": {"path": str(cwd)}})
    client.execute()
    errors = [(cell.source, out.get("ename"), out.get("evalue")) for cell in _code_cells(nb)
              for out in cell.outputs if out.output_type == "error"]
    assert not errors, errors
    lines = _lines(nb.cells[-1])
    assert lines["interpreter"] == sys.executable
    assert lines["prefix"] == sys.prefix
    assert os.path.samefile(lines["cwd"], cwd)
    return nb, cwd


def _text(cell):
    return "".join(out.text for out in cell.outputs if out.output_type == "stream")


def _lines(cell):
    """``label: value`` lines printed by a cell, as a dict."""
    found = {}
    for line in _text(cell).splitlines():
        label, sep, value = line.partition(": ")
        if sep:
            found[label] = value
    return found


def _cell(nb, marker):
    """The one code cell whose source contains ``marker``."""
    found = [cell for cell in _code_cells(nb) if marker in cell.source]
    assert len(found) == 1, marker
    return found[0]


@pytest.mark.slow
@needs_nbformat
def test_the_notebook_runs_and_prints_the_reports_numbers(tmp_path):
    # Training data in a file and folder whose names would break out of a naive string
    # literal; one row more than the package's copy, so its source names the file.
    folder = tmp_path / HOSTILE
    folder.mkdir()
    airfoil = folder / f"{HOSTILE}.dat"
    rows = data.airfoil_package_path().read_text(encoding="utf-8")
    airfoil.write_text(rows + rows.splitlines(True)[0], encoding="utf-8")
    out, nb, summary = _write(tmp_path, "stability-region,training,claims,regimes,noise",
                              data=str(airfoil))
    assert repr(str(airfoil)) in _data_cell(nb.cells)
    nb, cwd = _execute(nb, tmp_path)

    assert not (cwd / "PWNED").exists() and not (folder / "PWNED").exists()
    assert sorted(p.name for p in cwd.iterdir()) == []  # the cells write no files
    assert f"airfoil-format file {airfoil.name}, 1500 rows" in _text(_cell(nb, "select_dataset"))
    assert summary["training"]["data"] == _text(_cell(nb, "select_dataset")).strip()

    region = _lines(_cell(nb, "confirm_region"))
    assert float(region["agreement"]) == summary["region_agreement_1000x1000"]
    assert f"of {summary['region_points_compared']} grid points" in _text(
        _cell(nb, "confirm_region"))
    edges = _text(_cell(nb, "edge_comparison"))
    for beta, found in summary["stability_edge"].items():
        assert f"beta = {beta}: edge found at {found!r}," in edges
        assert abs(found - (2 + 2 * float(beta))) < 1e-9  # and the derived edge is 2 + 2 beta

    training = _lines(_cell(nb, "chapter_runs"))
    assert float(training["least-squares floor"]) == summary["training"]["least_squares_floor"]
    runs = _text(_cell(nb, "chapter_runs"))
    for run in summary["training"]["runs"]:
        assert (f"lr = {run['lr']:g}, momentum = {run['momentum']:g}: final loss "
                f"{run['final_loss']:.5f},") in runs

    claims = _lines(_cell(nb, "verify_all"))
    c = summary["claims"]
    assert claims["claims that hold"] == f"{c['hold']} of {c['checked']}"
    assert ast.literal_eval(claims["claims that fail"]) == c["fail"]
    assert any("text/html" in out.get("data", {}) for out in _cell(nb, "verify_all").outputs)

    lo, hi = summary["critical_damping_at_beta_0.25"]
    assert f"eta*lambda = {lo!r} and {hi!r}" in _text(_cell(nb, "critical_damping"))
    assert any("image/png" in out.get("data", {})
               for out in _cell(nb, "critical_damping").outputs)

    noise = _lines(_cell(nb, "noise_comparison"))
    assert float(noise["closed form"]) == summary["noise"]["x_variance_eta0.1_lam1_beta0.9"]
    assert abs(float(noise["closed form"]) - summary["noise"]["lyapunov"]) < 1e-12
    assert noise["the three agree"] == "True"


@pytest.mark.slow
@needs_nbformat
def test_the_notebook_of_every_default_section_runs(tmp_path):
    out, nb, summary = _write(tmp_path, "default")
    assert summary["sections"] == list(report.DEFAULT_SECTIONS)
    nb, cwd = _execute(nb, tmp_path)
    assert list(cwd.iterdir()) == []

    derivations = _cell(nb, "all_derivations")
    latex = [o for o in derivations.outputs if "text/latex" in o.get("data", {})]
    assert len(latex) >= 7
    assert "(h < 2*beta + 2)" in _lines(derivations)["momentum converges exactly when"]

    names = ast.literal_eval(_lines(_cell(nb, "draw_chapter"))["figures"])
    assert [f"figures/{n}.png" for n in names] == summary["figures"]
    pngs = [o for o in _cell(nb, "draw_chapter").outputs if "image/png" in o.get("data", {})]
    assert len(pngs) == len(names)

    tuning = _text(_cell(nb, "tuning_comparison"))
    for kappa in ("10", "100", "1000"):
        hb = summary["optimal_tuning"][f"kappa={kappa}"]["heavy_ball"]
        assert f"kappa = {kappa}: " in tuning and f"heavy ball {hb['rate']:.6f}" in tuning

    nesterov = _lines(_cell(nb, "confirm_nesterov_region"))
    assert float(nesterov["agreement"]) == summary["nesterov"]["region_agreement_1000x1000"]
    assert float(nesterov["edge at beta = 0.5"]) == summary["nesterov"]["edge_at_beta_0.5"]

    worst = _text(_cell(nb, "worst_case("))
    tunings = {k: w for k, w in summary["worst_case_n80_mu1_L100"].items() if k != "figure"}
    assert len(tunings) == 3
    for w in tunings.values():
        assert f"max (x_80/x_0)^2 = {w['value']:.3e} at lambda = {w['lambda']:.4g}, " in worst

    tuned = _text(_cell(nb, "method_comparison"))
    for name, t in summary["methods_kappa100"]["tuned"].items():
        assert f"{name}: tuned for kappa = 100, rate {t['rate']:.6f} ({t['source']})" in tuned

    spectrum = _text(_cell(nb, "spectrum_rate_grid"))
    ws = summary["whole_spectrum"]
    assert f"worst rate {ws['optimum']['rate']:.6f}" in spectrum
    assert f"best point of the grid: worst rate {ws['grid_best']['rate']:.6f}" in spectrum

    cycle = summary["counterexample"]["cycle"]
    ce = _text(_cell(nb, "polyak_counterexample"))
    assert f"period {cycle['period']} from step {cycle['onset']}: {cycle['points']!r}" in ce

    three = _text(_cell(nb, "EXERCISES[3]"))
    assert "every residual of the derivation is zero: True" in three
    assert f"agrees to {summary['exercises']['exercise_3_numeric_error']:.1e}" in three

    explorer = _text(_cell(nb, "explorer.page"))
    assert f"{summary['explorer']['bytes']} bytes" in explorer


@pytest.mark.slow
@needs_nbformat
def test_the_opt_in_general_functions_cells_run(tmp_path):
    pytest.importorskip("PEPit")
    # Written directly: the report's own section solves its PEPs for about a minute.
    nb = _notebook.write(tmp_path / "general.ipynb", ["general-functions"],
                         types.SimpleNamespace(data_path=None, lang="en"))
    nb, _ = _execute(nb, tmp_path)
    cell = _cell(nb, "general_class_comparison")
    assert any("image/png" in out.get("data", {}) for out in cell.outputs)
    rows = _lines(cell)
    # Gradient descent's worst case is the same on quadratics and over the whole class
    # (its worst function is quadratic); Polyak's heavy ball does not contract over it.
    quadratic, general = rows["gradient descent"].split(", the class F(mu, L) ")
    assert float(quadratic.split()[-1]) == pytest.approx(float(general), rel=1e-4)
    assert float(rows["heavy ball, Polyak"].split()[-1]) > 1.0
