"""The report as a Jupyter notebook, ``report.ipynb``: cells that recompute each section.

:func:`write` turns the chosen section names into an nbformat v4 notebook: a
title, a setup cell (and, when a section trains on data, the dataset the
report used, chosen again with :func:`momentum_theory.data.select_dataset`),
then for each section a Markdown cell (heading and what it shows) and a few
short code cells calling the toolkit's public functions, as a student would
type them. Each code cell ends by printing or displaying the numbers the
report's ``summary.json`` holds for that section, so a reader can compare.

The notebook is written *unexecuted* (no outputs): writing it needs only
nbformat, not a kernel, and a reader runs it top to bottom (Jupyter's "Run
All", or ``jupyter nbconvert --to notebook --execute report.ipynb``). The
cells write no files.

Headings and sentences come from :data:`TEXT`, by language (``"en"``, and
``"tr"`` for the Turkish edition); the code is the same in both. nbformat is
imported only here, and this module only when ``--format ipynb`` is asked
for, so ``import momentum_theory`` stays light.
"""
from __future__ import annotations

import inspect
import os

from momentum_theory.report import _words

#: Section name -> (heading, what it shows), by language. A section missing here gets a
#: cell saying the notebook does not recompute it.
TEXT = {
    "en": {
        "derivations": ("Derivations (SymPy)",
                        "Every formula of the chapter's theory, derived by SymPy step by step. "
                        "Each derivation displays its steps; the last one is the stability "
                        "region of momentum."),
        "chapter-figures": ("The chapter's figures",
                            "The chapter's five figures, drawn from computed data."),
        "stability-region": ("Stability region, confirmed numerically",
                             "Momentum converges on $\\lambda x^2/2$ when $0 < \\eta\\lambda < 2 "
                             "+ 2\\beta$. The spectral radius of the transition matrix, computed "
                             "on a $1000 \\times 1000$ grid, agrees with the derived region; "
                             "root finding puts the edge at $2 + 2\\beta$."),
        "training": ("The practical experiment",
                     "The chapter's training runs (minibatch SGD with momentum on linear "
                     "regression), against the exact least-squares floor."),
        "claims": ("The chapter's claims, checked",
                   "Every statement of the chapter, decided by a computation: which hold as "
                   "printed, and the corrections for those that do not."),
        "regimes": ("Regimes and critical damping",
                    "Where the two eigenvalues of the transition matrix coincide (critical "
                    "damping); between those curves they are complex with modulus "
                    "$\\sqrt{\\beta}$."),
        "tuning": ("Optimal tuning",
                   "The best worst-case rate when the curvatures fill $[\\mu, L]$: derived, and "
                   "found numerically, for gradient descent, heavy ball and Nesterov."),
        "nesterov": ("Nesterov's accelerated gradient",
                     "Nesterov's update in the same framework: its transition matrix, its "
                     "stability region, confirmed on a grid."),
        "worst-case": ("Finite-horizon worst case",
                       "The exact largest $(x_n/x_0)^2$ over $\\lambda \\in [1, 100]$ after $n = "
                       "80$ steps, and the transient constant $C$, for three tunings."),
        "methods": ("Every method, compared",
                    "Every registered method: its derived region against its spectral radius (on "
                    "a $100 \\times 100$ grid here, $200 \\times 200$ in the report), and its "
                    "tuned rate at $\\kappa = 100$."),
        "whole-spectrum": ("The whole spectrum: one tuning for every curvature",
                           "The worst rate over $\\lambda \\in [\\mu, L]$ as a map over $(\\eta, "
                           "\\beta)$ at $\\kappa = 100$; no point beats Polyak's tuning."),
        "counterexample": ("Beyond quadratics: Polyak's tuning cycles",
                           "A smooth strongly convex function, not quadratic, on which heavy "
                           "ball with Polyak's tuning settles into a cycle instead of "
                           "converging."),
        "general-functions": ("Beyond quadratics: worst cases over smooth strongly convex "
                              "functions",
                              "Worst cases over the whole class $F(\\mu, L)$, computed by PEPit, "
                              "against those on quadratics, at $\\kappa = 25$ (fewer horizons "
                              "than the report; needs PEPit)."),
        "noise": ("Noisy gradients",
                  "The stationary variance of $x$ under noisy gradients, three ways: SymPy's "
                  "closed form, SciPy's Lyapunov solver and a Monte Carlo simulation."),
        "exercises": ("The four exercises",
                      "The chapter's exercises, each solved by computation."),
        "explorer": ("Interactive explorer",
                     "The interactive explorer is one HTML page, `momentum-explorer.html`, "
                     "beside this notebook in the report folder; open it in a browser. The cell "
                     "below builds the same page in memory (it writes nothing)."),
    },
    "tr": {
        "derivations": ("Türetmeler (SymPy)",
                        "Bölümün kuramındaki her formül, SymPy ile adım adım türetilir. Her "
                        "türetme adımlarını gösterir; sonuncusu momentumun kararlılık "
                        "bölgesidir."),
        "chapter-figures": ("Bölümün şekilleri",
                            "Bölümün beş şekli, hesaplanan verilerden çizilir."),
        "stability-region": ("Kararlılık bölgesi, sayısal doğrulama",
                             "Momentum, $\\lambda x^2/2$ üzerinde $0 < \\eta\\lambda < 2 + "
                             "2\\beta$ olduğunda yakınsar. Geçiş matrisinin spektral yarıçapı "
                             "$1000 \\times 1000$'lik bir ızgarada hesaplanır ve türetilen "
                             "bölgeyle örtüşür; kök bulma sınırı $2 + 2\\beta$'da bulur."),
        "training": ("Uygulamalı deney",
                     "Bölümün eğitim koşuları (doğrusal regresyonda momentumlu minigrup SGD), "
                     "kesin en küçük kareler tabanına karşı."),
        "claims": ("Bölümün iddiaları, sınanmış",
                   "Bölümün her ifadesi bir hesapla karara bağlanır: hangileri yazıldığı gibi "
                   "doğrudur, doğru olmayanların düzeltmeleri nelerdir."),
        "regimes": ("Rejimler ve kritik sönüm",
                    "Geçiş matrisinin iki özdeğerinin çakıştığı yerler (kritik sönüm); bu "
                    "eğrilerin arasında özdeğerler karmaşıktır ve modülleri "
                    "$\\sqrt{\\beta}$'dır."),
        "tuning": ("En iyi ayar",
                   "Eğrilikler $[\\mu, L]$ aralığını doldurduğunda en iyi en kötü durum hızı: "
                   "gradyan inişi, ağır top ve Nesterov için türetilmiş ve sayısal olarak "
                   "bulunmuş."),
        "nesterov": ("Nesterov'un hızlandırılmış gradyanı",
                     "Nesterov güncellemesi aynı çerçevede: geçiş matrisi ve bir ızgarada "
                     "doğrulanan kararlılık bölgesi."),
        "worst-case": ("Sonlu ufukta en kötü durum",
                       "Üç ayar için $n = 80$ adım sonra $\\lambda \\in [1, 100]$ üzerinde "
                       "$(x_n/x_0)^2$'nin kesin en büyük değeri ve geçici sabit $C$."),
        "methods": ("Bütün yöntemler, karşılaştırmalı",
                    "Kayıtlı her yöntem: türetilen bölgesi spektral yarıçapına karşı (burada "
                    "$100 \\times 100$'lük, raporda $200 \\times 200$'lük ızgarada) ve $\\kappa "
                    "= 100$ için ayarlanmış hızı."),
        "whole-spectrum": ("Bütün spektrum: her eğrilik için tek ayar",
                           "$\\kappa = 100$'de $\\lambda \\in [\\mu, L]$ üzerindeki en kötü hız, "
                           "$(\\eta, \\beta)$ üzerinde bir harita olarak; hiçbir nokta Polyak'ın "
                           "ayarını geçemez."),
        "counterexample": ("Karesel fonksiyonların ötesi: Polyak'ın ayarı döngüye girer",
                           "Karesel olmayan, düzgün ve güçlü dışbükey bir fonksiyon: Polyak'ın "
                           "ayarıyla ağır top yakınsamak yerine bir döngüye oturur."),
        "general-functions": ("Karesel fonksiyonların ötesi: düzgün ve güçlü dışbükey "
                              "fonksiyonlarda en kötü durum",
                              "Bütün $F(\\mu, L)$ sınıfı üzerindeki en kötü durumlar, PEPit ile "
                              "hesaplanır ve karesel fonksiyonlardakilerle $\\kappa = 25$'te "
                              "karşılaştırılır (rapordan daha az ufuk; PEPit gerekir)."),
        "noise": ("Gürültülü gradyanlar",
                  "Gürültülü gradyanlar altında $x$'in durağan varyansı, üç yoldan: SymPy'nin "
                  "kapalı biçimi, SciPy'nin Lyapunov çözücüsü ve bir Monte Carlo benzetimi."),
        "exercises": ("Dört alıştırma",
                      "Bölümün alıştırmaları, her biri hesapla çözülmüş."),
        "explorer": ("Etkileşimli gezgin",
                     "Etkileşimli gezgin tek bir HTML sayfasıdır: rapor klasöründe bu defterin "
                     "yanındaki `momentum-explorer.html`; bir tarayıcıda açın. Aşağıdaki hücre "
                     "aynı sayfayı bellekte kurar (hiçbir şey yazmaz)."),
    },
}

#: The words around the sections, by language.
WORDS = {
    "en": {
        "title": "# Momentum: the chapter, derived, computed and checked\n\n"
                 "This notebook recomputes each section of the report with `momentum_theory`. "
                 "Run it top to bottom (*Run All*); every number it prints can be compared with "
                 "`summary.json`, written beside it when the report was made. The cells write "
                 "no files.",
        "setup": "## Setup",
        "data": "The data of the training experiment, as the report chose it:",
        "missing": "The notebook does not recompute this section yet; see the report's "
                   "`README.md`.",
    },
    "tr": {
        "title": "# Momentum: bölüm, türetilmiş, hesaplanmış ve sınanmış\n\n"
                 "Bu defter raporun her bölümünü `momentum_theory` ile yeniden hesaplar. "
                 "Baştan sona çalıştırın (*Run All*); yazdırdığı her sayı, rapor yazılırken "
                 "yanına yazılan `summary.json` ile karşılaştırılabilir. Hücreler dosya "
                 "yazmaz.",
        "setup": "## Hazırlık",
        "data": "Eğitim deneyinin verisi, raporun seçtiği gibi:",
        "missing": "Defter bu bölümü henüz yeniden hesaplamıyor; raporun `README.md` "
                   "dosyasına bakın.",
    },
}

#: The sections whose cells use the dataset of the setup cell.
_USES_DATA = ("chapter-figures", "training", "exercises")

_SETUP = """\
from IPython.display import display

import momentum_theory
print("momentum_theory", momentum_theory.__version__)"""

# Each section's code cells, as source text; exercises are built from EXERCISES (below).
_CODE = {
    "derivations": ["""\
from momentum_theory import symbolic

derivations = symbolic.all_derivations()
for derivation in derivations:
    display(derivation)
print("momentum converges exactly when:", derivations[-1].result)"""],
    "chapter-figures": ["""\
from momentum_theory import figures

drawn = figures.draw_chapter(dataset)
for figure in drawn:
    print(figure.caption)
    display(figure)
print("figures:", [figure.name for figure in drawn])"""],
    "stability-region": ["""\
from momentum_theory import spectral

check = spectral.confirm_region(n=1000)
print(check.summary())
print("agreement:", check.agreement)""", """\
from momentum_theory import comparisons

for edge in comparisons.edge_comparison((0.0, 0.25, 0.5, 0.75, 0.9, 0.99)):
    print(f"beta = {edge.beta:g}: edge found at {edge.found!r}, "
          f"derived 2 + 2*beta = {edge.derived!r}")"""],
    "training": ["""\
from momentum_theory import training

runs = training.chapter_runs(dataset)
floor = training.least_squares_loss(dataset)
for run in runs:
    print(f"lr = {run.lr:g}, momentum = {run.momentum:g}: final loss {run.final_loss:.5f}, "
          f"{100 * (run.final_loss / floor - 1):.2f} % above the floor")
print("least-squares floor:", floor)"""],
    "claims": ["""\
from momentum_theory import claims

results = claims.verify_all()
display(results)
print("claims that hold:", sum(r.holds for r in results), "of", len(results))
print("claims that fail:", [r.id for r in results if not r.holds])"""],
    "regimes": ["""\
from momentum_theory import figures, regimes

display(regimes.derive_critical_damping())
display(figures.draw("phase_diagram"))
low, high = regimes.critical_damping(0.25)
print(f"critical damping at beta = 0.25: eta*lambda = {low} and {high}")"""],
    "tuning": ["""\
from momentum_theory import tuning

display(tuning.derive_gd_optimal())
display(tuning.derive_heavy_ball_optimal())""", """\
from momentum_theory import comparisons, figures

for kappa in (10.0, 100.0, 1000.0):
    c = comparisons.tuning_comparison(1.0, kappa)
    print(f"kappa = {kappa:g}: gradient descent {c.gd.rate:.6f}, "
          f"heavy ball {c.heavy_ball.rate:.6f} "
          f"(found numerically {c.heavy_ball_numeric.rate:.6f}), "
          f"Nesterov {c.nesterov.rate:.6f}")
display(figures.draw("rate_vs_condition"))"""],
    "nesterov": ["""\
from momentum_theory import accelerated, figures

display(accelerated.derive_nesterov_matrix())
display(accelerated.derive_nesterov_region())
check = accelerated.confirm_nesterov_region(n=1000)
print(check.summary())
print("agreement:", check.agreement)
print("edge at beta = 0.5:", float(accelerated.nesterov_stability_boundary(0.5)))
display(figures.draw("region_comparison"))"""],
    "worst-case": ["""\
from momentum_theory import figures, finite_horizon, plots, tuning

mu, L, n = 1.0, 100.0, 80
hb, gd = tuning.heavy_ball_optimal(mu, L), tuning.gd_optimal(mu, L)
curves = []
for name, eta, beta in (("gradient descent, optimal", gd.eta, 0.0),
                        ("heavy ball, Polyak's tuning", hb.eta, hb.beta),
                        ("heavy ball, beta = 0.9, eta = 1/L", 1 / L, 0.9)):
    w = finite_horizon.worst_case(mu, L, eta, beta, n)
    curves.append((name, w))
    print(f"{name}: max (x_80/x_0)^2 = {w.value:.3e} at lambda = {w.lam:.4g}, "
          f"rho_max = {w.rho_max:.5f}, C = {w.constant:.4g}")""", """\
fig = plots.new_figure((7.0, 4.8))
plots.worst_case_plot(ax=fig.add_subplot(), data=curves)
display(figures.DrawnFigure("worst_case", fig))"""],
    "methods": ["""\
from momentum_theory import comparisons, figures, methods

maps = [comparisons.method_map(name, n=100) for name in methods.available()]
for m in maps:
    print(f"{m.method}: derived region and rho < 1 agree on {m.agreement:.6f} "
          f"of {m.compared} points")
display(figures.draw("method_regions", names=maps))""", """\
c = comparisons.method_comparison(1.0, 100.0, n=80, kappas=(100.0,))
for name, tuned in c.tuned.items():
    print(f"{name}: tuned for kappa = 100, rate {tuned.rate:.6f} ({tuned.source})")"""],
    "whole-spectrum": ["""\
from momentum_theory import figures, spectrum_map

grid = spectrum_map.spectrum_rate_grid(100.0, n=200)
display(figures.draw("whole_spectrum", data=grid))
o = grid.optimum
print(f"Polyak's tuning: eta = {o.eta:.6f}, beta = {o.params['beta']:.6f}, worst rate {o.rate:.6f}")
print(f"best point of the grid: worst rate {grid.rate.min():.6f}")
for region, share in grid.shares().items():
    print(f"{region}: {100 * share:.2f} % of the grid")"""],
    "counterexample": ["""\
from momentum_theory import figures, nonquadratic

ce = nonquadratic.polyak_counterexample()
cycle = ce.cycle()
display(figures.draw("counterexample", ce=ce))
print("f is in the class F(mu, L):", ce.in_class().holds)
print("every quadratic in the class converges:", ce.on_quadratics().all_converge)
print(f"heavy ball cycles with period {cycle.period} from step {cycle.onset}:",
      list(cycle.points))"""],
    "general-functions": ["""\
from momentum_theory import figures, methods

data = methods.general_class_comparison(kappa=25.0, n_max=10, ns=(1, 2, 5, 10))
display(figures.draw("general_functions", data=data))
for c in data.curves:
    print(f"{c.label}: after 10 steps, quadratics {c.quadratic[10]:.3e}, "
          f"the class F(mu, L) {c.general[-1]:.3e}")"""],
    "noise": ["""\
from momentum_theory import comparisons, noise

display(noise.derive_stationary_covariance())
three = comparisons.noise_comparison(0.1, 1.0, 0.9, seed=0)
print(three)
print("closed form:", three.closed_form)
print("the three agree:", three.agrees)"""],
    "explorer": ["""\
from momentum_theory import explorer, methods

page = explorer.page()
print(f"{explorer.DEFAULT_FILE}: {len(page.encode('utf-8'))} bytes, "
      f"methods {methods.available()}")"""],
}


def _exercise_cells():
    """A heading and one code cell per exercise of :data:`EXERCISES`, by its number."""
    from momentum_theory.exercises import EXERCISES

    cells = []
    for number, exercise in EXERCISES.items():
        takes_data = "dataset" in inspect.signature(exercise.solve).parameters
        lines = ["from momentum_theory import figures",
                 "from momentum_theory.exercises import EXERCISES", "",
                 f"result = EXERCISES[{number}].solve({'dataset=dataset' if takes_data else ''})",
                 "print(result.summary())"]
        if exercise.figures:
            lines += [f"for figure in figures.exercise_figures({number}, result):",
                      "    display(figure)"]
        cells.append(("markdown", f"### {number}. {exercise.title}"))
        cells.append(("code", "\n".join(lines)))
    return cells


def _data_source(data_path):
    """The ``select_dataset`` argument as Python source: a literal, never pasted text."""
    if data_path is None:
        return "None"
    if isinstance(data_path, str) and data_path == "synthetic":
        return repr("synthetic")
    # The notebook runs in the report's folder: a relative path is made absolute here.
    return repr(os.path.abspath(os.fsdecode(os.fspath(data_path))))


def cells(names, data_path=None, lang="en"):
    """The notebook's cells, as ``(kind, source)`` pairs, for the chosen sections.

    Parameters
    ----------
    names : sequence of str
        Section names of :data:`momentum_theory.report.SECTIONS`, in report order.
    data_path : str, os.PathLike or None
        The report's ``data`` choice (None, ``"synthetic"`` or a path); the
        setup cell chooses the same dataset when a section uses it.
    lang : str
        ``"en"`` or ``"tr"`` for the headings (others fall back to English).

    Returns
    -------
    list of (str, str)
        ``("markdown", text)`` or ``("code", source)``.

    Examples
    --------
    >>> [kind for kind, _ in cells(["noise"])]
    ['markdown', 'markdown', 'code', 'markdown', 'code']
    >>> print(cells(["training"], data_path="synthetic")[4][1])
    from momentum_theory import data
    <BLANKLINE>
    dataset = data.select_dataset('synthetic')
    print(dataset.source)
    """
    text, words = TEXT.get(lang, TEXT["en"]), WORDS.get(lang, WORDS["en"])
    out = [("markdown", words["title"]), ("markdown", words["setup"]), ("code", _SETUP)]
    if any(name in _USES_DATA for name in names):
        out.append(("markdown", words["data"]))
        out.append(("code", "from momentum_theory import data\n\n"
                            f"dataset = data.select_dataset({_data_source(data_path)})\n"
                            "print(dataset.source)"))
    for name in names:
        heading, about = text.get(name, (name, words["missing"]))
        if "section." + name in _words.keys():  # the same headings as the report's documents
            heading = _words.say(lang, "section." + name)
        out.append(("markdown", f"## {heading}\n\n{about}"))
        if name == "exercises":
            out.extend(_exercise_cells())
        else:
            out.extend(("code", source) for source in _CODE.get(name, ()))
    return out


def write(path, names, ctx):
    """Write the notebook for the chosen sections to ``path`` (nbformat v4, unexecuted).

    Parameters
    ----------
    path : str or Path
        The file to write (the report's ``report.ipynb``, in its partial folder).
    names : sequence of str
        Section names, in report order.
    ctx : object
        The report's build context: its ``data_path`` and ``lang`` are used.

    Returns
    -------
    nbformat.NotebookNode
        The notebook written, validated against nbformat's schema.

    Examples
    --------
    >>> import pathlib, tempfile, types
    >>> ctx = types.SimpleNamespace(data_path=None, lang="en")
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     nb = write(pathlib.Path(tmp) / "report.ipynb", ["regimes"], ctx)
    ...     written = (pathlib.Path(tmp) / "report.ipynb").read_text(encoding="utf-8")
    >>> nb.nbformat, [cell.cell_type for cell in nb.cells]
    (4, ['markdown', 'markdown', 'code', 'markdown', 'code'])
    >>> '"## Three regimes and critical damping' in written
    True
    """
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    made = {"markdown": new_markdown_cell, "code": new_code_cell}
    nb = new_notebook(
        cells=[made[kind](source) for kind, source in cells(names, ctx.data_path, ctx.lang)],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                 "language": "python"},
                  "language_info": {"name": "python"}})
    for number, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{number}"  # stable ids: the same report gives the same file
    nbformat.validate(nb)
    with open(path, "w", encoding="utf-8") as handle:
        nbformat.write(nb, handle)
    return nb
