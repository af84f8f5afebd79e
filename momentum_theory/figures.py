"""Every figure of the package, built one way and saved one way.

Each builder computes its data with the compute modules, draws it with
:mod:`momentum_theory.plots` on a fresh :class:`matplotlib.figure.Figure`
(no pyplot state, so it works the same in scripts, servers and notebooks) and
returns the figure; its label is a one-line summary of the numbers drawn.

Builders
--------
- the chapter's, in reading order (:func:`chapter_figures`):
  :func:`traces_2d_figure`, :func:`leaky_weights_figure`,
  :func:`loss_curves_figure`, :func:`scalar_gd_figure`, :func:`stability_region_figure`;
- beyond the chapter (built in :mod:`momentum_theory.theory_figures`, offered
  here): :func:`phase_diagram_figure`, :func:`rate_vs_condition_figure`,
  :func:`region_comparison_figure`, :func:`worst_case_figure`,
  :func:`method_regions_figure` (every registered method, from its record),
  :func:`whole_spectrum_figure`, :func:`counterexample_figure` (these two are
  also written by :func:`write_figures`: :data:`FILE_FIGURES`),
  :func:`general_functions_figure` (PEPit, optional);
- the exercises': :func:`exercise_figures` (by number), with captions; they are
  drawn by :func:`momentum_theory.plots.exercise_figures` (the exercises compute,
  the plots draw, this module assembles), for the file stems listed in
  :data:`momentum_theory.exercises.EXERCISES`.

Every figure starts from :func:`momentum_theory.plots.new_figure`.

Records and saving
------------------
- :func:`draw`, :func:`draw_chapter` -- figures as :class:`DrawnFigure` records:
  figure, file stem, caption (:data:`CAPTIONS`) and note (captions are data,
  never parsed from text).
- :func:`write_figures` -- the chapter's figures to a folder; :func:`save_figure`,
  :func:`write_drawn` -- atomic writes that never replace a user's file (the
  CLI and the report save through them; they live in
  :mod:`momentum_theory.figure_files`, with the captions).
- :func:`show` -- a window outside Jupyter (``fig.show()`` alone has none: the
  figure is not pyplot's); in Jupyter a :class:`DrawnFigure` displays itself.

>>> [name for name, _ in chapter_figures()]
['traces_2d', 'leaky_weights', 'loss_curves', 'scalar_gd', 'stability_region']
>>> draw("scalar_gd").caption
'Gradient descent on λx²/2 with η = 0.1: (1 − ηλ)ᵗ.'
"""
from __future__ import annotations

# Saving and the captions live in figure_files; its public names are offered here too.
from momentum_theory.figure_files import (
    CAPTIONS, FORMATS, DrawnFigure, build_and_write, save_figure, show, write_drawn,
)
# The builders beyond the chapter live in theory_figures; they are offered here too.
from momentum_theory.theory_figures import (
    counterexample_figure, general_functions_figure, method_regions_figure, phase_diagram_figure, rate_vs_condition_figure,
    region_comparison_figure, whole_spectrum_figure, worst_case_figure,
)

__all__ = [
    "FORMATS",
    "CAPTIONS",
    "FILE_FIGURES",
    "DrawnFigure",
    "traces_2d_figure",
    "leaky_weights_figure",
    "loss_curves_figure",
    "scalar_gd_figure",
    "stability_region_figure",
    "phase_diagram_figure",
    "rate_vs_condition_figure",
    "region_comparison_figure",
    "worst_case_figure",
    "method_regions_figure",
    "whole_spectrum_figure",
    "counterexample_figure",
    "general_functions_figure",
    "exercise_figures",
    "chapter_figures",
    "draw_chapter",
    "draw",
    "show",
    "save_figure",
    "write_drawn",
    "write_figures",
]


def traces_2d_figure(trajectories=None, title=None, objective=None):
    r"""2-D runs over the contours of the objective, two a row (default: the chapter's four).

    Parameters
    ----------
    trajectories : sequence of Trajectory, optional
        Up to four runs; default :func:`momentum_theory.dynamics.chapter_2d_runs`
        (gradient descent with :math:`\eta` = 0.4 and 0.6, momentum with
        :math:`(\eta, \beta)` = (0.6, 0.5) and (0.6, 0.25), 20 steps from (-5, -2)
        on :math:`f(x) = 0.1 x_1^2 + 2 x_2^2`).
    title : str, optional
        Figure title; by default the chapter's setting when ``trajectories``
        is omitted, none otherwise.
    objective : callable, optional
        Passed to :func:`momentum_theory.plots.trace_2d` (default: the
        chapter's objective).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = traces_2d_figure()
    >>> [ax.get_title() for ax in fig.axes][:2]
    ['gradient descent: $\\eta$ = 0.4', 'gradient descent: $\\eta$ = 0.6']
    """
    from momentum_theory import dynamics, plots

    chapter = trajectories is None
    runs = list(dynamics.chapter_2d_runs() if chapter else trajectories)
    if not 1 <= len(runs) <= 4:
        raise ValueError(f"trajectories must hold 1 to 4 runs, got {len(runs)}")
    rows, cols = (len(runs) + 1) // 2, min(len(runs), 2)
    fig = plots.new_figure((5.25 * cols, 0.6 + 3.6 * rows))
    axes = fig.subplots(rows, cols, squeeze=False).ravel()
    for ax, run in zip(axes, runs):
        plots.trace_2d(run, ax=ax, objective=objective)
    for ax in axes[len(runs):]:
        ax.set_visible(False)
    if title is None and chapter:
        title = r"$f(x) = 0.1\,x_1^2 + 2\,x_2^2$: 20 steps from $(-5, -2)$"
    if title is not None:
        fig.suptitle(str(title))
    ends = ", ".join(f"{_method(run)} ends {_distance(run):.3g} from 0" for run in runs)
    fig.set_label(ends)
    return fig


def _method(run):
    beta = getattr(run, "beta", 0.0)
    if beta:
        return f"momentum ({run.eta:g}, {beta:g})"
    return f"GD {run.eta:g}"


def _distance(run):
    import numpy as np

    return float(np.linalg.norm(run.path[-1]))


def leaky_weights_figure():
    r"""Weights :math:`\beta^\tau` of the leaky average for :math:`\beta` = 0.95, 0.9, 0.6, 0.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = leaky_weights_figure()
    >>> len(fig.axes[0].lines)
    4
    """
    from momentum_theory import plots

    fig = plots.new_figure((6.4, 4.0))
    plots.leaky_weights(ax=fig.add_subplot())
    fig.set_label("beta^tau for tau < 40; effective numbers of gradients 20, 10, 2.5, 1")
    return fig


def loss_curves_figure(dataset=None, seed=0, runs=None):
    """Loss curves of the chapter's three momentum runs and plain SGD, with the floor.

    Two panels: the losses with the least-squares floor dashed, and their
    excess over the floor on a log axis (near the end every curve is within
    a few percent of the floor, too close to tell apart on the first).

    Parameters
    ----------
    dataset : Dataset, optional
        Default :func:`momentum_theory.data.default_dataset` (the airfoil file
        when one is found, the synthetic set otherwise; the title says which).
    seed : int
        Seed of the shuffling and initialisation.
    runs : sequence of TrainingRun, optional
        Runs already trained on ``dataset`` (default: train
        :func:`momentum_theory.training.chapter_runs` now).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = loss_curves_figure()
    >>> len(fig.axes[0].lines), len(fig.axes[1].lines)   # runs and floor; excess of the runs
    (5, 4)
    """
    from momentum_theory import data, plots, training

    if dataset is None:
        dataset = data.default_dataset()
    if runs is None:
        runs = training.chapter_runs(dataset=dataset, seed=seed)
    floor = training.least_squares_loss(dataset)
    fig = plots.new_figure((11.0, 4.4))
    left, right = fig.subplots(1, 2)
    plots.loss_curves(runs, floor=floor, ax=left)
    plots.loss_curves(runs, floor=floor, ax=right, excess=True, log=True)
    left.set_title("Loss over the whole data")
    right.set_title("Excess over the least-squares floor (log scale)")
    right.get_legend().remove()
    fig.suptitle("Minibatch SGD with momentum, linear regression (batch 10)\n"
                 f"data: {dataset.source}", fontsize=11)
    finals = ", ".join(f"({run.lr:g}, {run.momentum:g}) {run.losses[-1]:.4f}" for run in runs)
    fig.set_label(f"final losses {finals}; floor {floor:.4f}; data: {dataset.source}")
    return fig


def scalar_gd_figure():
    r"""Gradient descent on :math:`\lambda x^2/2`: :math:`(1-\eta\lambda)^t`, :math:`\eta` = 0.1.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = scalar_gd_figure()
    >>> len(fig.axes[0].lines)   # four curves and the zero line
    5
    """
    from momentum_theory import plots

    fig = plots.new_figure((6.4, 4.2))
    plots.scalar_gd(ax=fig.add_subplot())
    fig.set_label("(1 - eta*lambda)^t for lambda = 0.1, 1, 10, 19 and eta = 0.1")
    return fig


def stability_region_figure(n=400):
    r"""Spectral radius of momentum over :math:`(\eta\lambda, \beta)`, with both edges.

    Parameters
    ----------
    n : int
        Grid points per axis.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = stability_region_figure(n=40)
    >>> fig.axes[0].images[0].get_array().shape
    (40, 40)
    """
    from momentum_theory import plots

    fig = plots.new_figure((7.2, 4.8))
    plots.stability_region(ax=fig.add_subplot(), n=n)
    fig.set_label("rho(R) on a grid; edges eta*lambda = 2 + 2*beta and eta*lambda = 2")
    return fig


def exercise_figures(number, result):
    """The figures of one exercise, with their captions, ready to save.

    :func:`momentum_theory.plots.exercise_figures` draws them (the file stems
    are the exercise's ``figures`` in :data:`momentum_theory.exercises.EXERCISES`);
    this adds the captions of :data:`CAPTIONS` and the notes.

    Parameters
    ----------
    number : int
        An exercise with figures (1, 2 or 4; exercise 3 is algebra).
    result : object
        What that exercise's ``solve`` returned.

    Returns
    -------
    list of DrawnFigure
        In the order of the exercise's ``figures``.

    Raises
    ------
    ValueError
        If ``number`` is not an exercise with figures.
    TypeError
        If ``result`` is not that exercise's result.

    Examples
    --------
    >>> from momentum_theory.exercises import exercise_2
    >>> [(d.name, d.caption[:20]) for d in exercise_figures(2, exercise_2(d=4))]
    [('exercise_2_decay', 'Decay of each compon'), ('exercise_2_steps', 'Steps each component')]
    """
    from momentum_theory import plots

    return [DrawnFigure(name, fig, CAPTIONS.get(name, ""), fig.get_label())
            for name, fig in plots.exercise_figures(number, result).items()]


#: The figures beyond the chapter that :func:`write_figures` (``momentum-theory figures``)
#: writes after the chapter's; the rest are drawn by the report with its own data.
FILE_FIGURES = ("whole_spectrum", "counterexample")


def _named_builders():
    # Looked up when called, so that a builder replaced on the module is the one used.
    return {"traces_2d": traces_2d_figure, "leaky_weights": leaky_weights_figure,
            "loss_curves": loss_curves_figure, "scalar_gd": scalar_gd_figure,
            "stability_region": stability_region_figure, "phase_diagram": phase_diagram_figure,
            "rate_vs_condition": rate_vs_condition_figure,
            "region_comparison": region_comparison_figure, "worst_case": worst_case_figure,
            "method_regions": method_regions_figure, "whole_spectrum": whole_spectrum_figure,
            "counterexample": counterexample_figure,
            "general_functions": general_functions_figure}


def draw(name, **options):
    """Build the figure called ``name``, as a :class:`DrawnFigure` with its caption and note.

    Parameters
    ----------
    name : str
        A chapter figure (:func:`chapter_figures`) or ``"phase_diagram"``,
        ``"rate_vs_condition"``, ``"region_comparison"``, ``"worst_case"``,
        ``"method_regions"``, ``"whole_spectrum"``, ``"counterexample"``,
        ``"general_functions"`` (needs PEPit).
    **options
        Passed to the builder (``n=``, ``dataset=``, ``mark=``...).

    Returns
    -------
    DrawnFigure

    Examples
    --------
    >>> drawn = draw("stability_region", n=30)
    >>> drawn.figure.axes[0].images[0].get_array().shape
    (30, 30)
    """
    builders = _named_builders()
    if name not in builders:
        raise ValueError(f"name must be one of {', '.join(builders)}, got {name!r}")
    fig = builders[name](**options)
    return DrawnFigure(name, fig, CAPTIONS.get(name, ""), fig.get_label())


def chapter_figures(dataset=None):
    r"""The chapter's figures in reading order, as ``(name, builder)`` pairs.

    Nothing is computed until a builder is called; ``builder()`` returns a
    :class:`matplotlib.figure.Figure`.

    Parameters
    ----------
    dataset : Dataset, optional
        Passed to :func:`loss_curves_figure`.

    Yields
    ------
    (str, callable)

    Examples
    --------
    >>> dict(chapter_figures())["leaky_weights"]().axes[0].get_xlabel()
    'lag $\\tau$ (steps into the past)'
    """
    yield "traces_2d", traces_2d_figure
    yield "leaky_weights", leaky_weights_figure
    yield "loss_curves", lambda: loss_curves_figure(dataset)
    yield "scalar_gd", scalar_gd_figure
    yield "stability_region", stability_region_figure


def draw_chapter(dataset=None):
    """The chapter's figures in reading order, drawn, as :class:`DrawnFigure` records.

    Parameters
    ----------
    dataset : Dataset, optional
        Data of the loss curves (see :func:`loss_curves_figure`).

    Returns
    -------
    list of DrawnFigure

    Examples
    --------
    >>> [d.name for d in draw_chapter()][:2]
    ['traces_2d', 'leaky_weights']
    """
    return [DrawnFigure(name, fig, CAPTIONS.get(name, ""), fig.get_label())
            for name, fig in ((name, build()) for name, build in chapter_figures(dataset))]


def write_figures(out_dir, fmt="png", force=False, progress=print, dataset=None, names=None,
                  manifest=True):
    """Write the chapter's figures, then :data:`FILE_FIGURES`, to ``out_dir`` as ``<name>.<fmt>``.

    Every target is checked before anything is written, so a refused call
    leaves the folder as it was. Each file is written under a temporary name
    and renamed into place (an interrupted call leaves complete files only).
    The files written are recorded with their SHA-256 digests in
    ``out_dir/.momentum-figures.json``; ``force`` replaces only files listed
    there and unchanged, never a file the user put there. Temporary files left
    by killed runs on this host are removed first. The writing is
    :func:`momentum_theory.figure_files.build_and_write`'s.

    Parameters
    ----------
    out_dir : str or os.PathLike
        Created (with parents) when missing.
    fmt : {"png", "svg", "pdf"}
    force : bool
        Overwrite existing files that a previous call wrote (see above);
        without it any existing target is an error.
    progress : callable or None
        Called with one line per figure as soon as it is written.
    dataset : Dataset, optional
        Data of the loss curves (see :func:`loss_curves_figure`).
    names : sequence of str, optional
        Only these figures (names as in :func:`chapter_figures` or :data:`FILE_FIGURES`).
    manifest : bool
        Keep the manifest (the report turns it off: it has its own).

    Returns
    -------
    list of pathlib.Path
        The files written, in order.

    Raises
    ------
    ValueError
        Unknown format or figure name, or ``out_dir`` is not a folder.
    FileExistsError
        A target exists and ``force`` is false, or it exists and was not
        written by a previous call (all such targets are named).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     paths = write_figures(tmp, names=["scalar_gd"], progress=None)
    ...     [p.name for p in paths], paths[0].stat().st_size > 0
    (['scalar_gd.png'], True)
    """
    builders = _named_builders()
    chosen = list(chapter_figures(dataset)) + [(name, builders[name]) for name in FILE_FIGURES]
    if names is not None:
        if isinstance(names, str):
            raise TypeError("names must be a sequence of figure names, not a single string")
        known = [name for name, _ in chosen]
        unknown = [n for n in names if n not in known]
        if unknown:
            raise ValueError(f"names: unknown figure(s) {unknown}; known: {', '.join(known)}")
        chosen = [(name, build) for name, build in chosen if name in names]
    return build_and_write(chosen, out_dir, fmt=fmt, force=force, progress=progress,
                           manifest=manifest)
