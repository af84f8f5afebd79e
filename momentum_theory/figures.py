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
- beyond the chapter: :func:`phase_diagram_figure`, :func:`rate_vs_condition_figure`,
  :func:`region_comparison_figure`, :func:`worst_case_figure`;
- the exercises': :func:`sweep_figures`, :func:`decay_figures`, :func:`noise_figures`,
  and :func:`exercise_figures` (by number, through
  :data:`momentum_theory.exercises.EXERCISES`).

Records and saving
------------------
- :func:`draw`, :func:`draw_chapter` -- figures as :class:`DrawnFigure` records:
  figure, file stem, caption and note (captions are data, never parsed from text).
- :func:`save_figure`, :func:`write_drawn`, :func:`write_figures` -- atomic writes
  that never replace a user's file (the CLI and the report save through them).
- :func:`show` -- a window outside Jupyter (``fig.show()`` alone has none: the
  figure is not pyplot's); in Jupyter a :class:`DrawnFigure` displays itself.

>>> [name for name, _ in chapter_figures()]
['traces_2d', 'leaky_weights', 'loss_curves', 'scalar_gd', 'stability_region']
>>> draw("scalar_gd").caption
'Gradient descent on λx²/2 with η = 0.1: (1 − ηλ)ᵗ.'
"""
from __future__ import annotations

from matplotlib.figure import Figure

# Saving lives in figure_files; its public names are offered here too.
from momentum_theory.figure_files import (
    FORMATS, DrawnFigure, save_figure, show, write_drawn, write_figures,
)

__all__ = [
    "FORMATS",
    "CAPTIONS",
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
    "sweep_figures",
    "decay_figures",
    "noise_figures",
    "exercise_figures",
    "chapter_figures",
    "draw_chapter",
    "draw",
    "show",
    "save_figure",
    "write_drawn",
    "write_figures",
]

#: One sentence per figure saying what it shows, by file stem (the report's headings).
CAPTIONS = {
    "traces_2d": "The ill-conditioned problem f(x) = 0.1x₁² + 2x₂², 20 steps from (−5, −2): "
                 "gradient descent (η = 0.4, 0.6) and momentum (η = 0.6 with β = 0.5, 0.25).",
    "leaky_weights": "Weights βᵗ of the leaky average.",
    "loss_curves": "Minibatch SGD with momentum on the regression data.",
    "scalar_gd": "Gradient descent on λx²/2 with η = 0.1: (1 − ηλ)ᵗ.",
    "stability_region": "Spectral radius of R over (ηλ, β).",
    "phase_diagram": "Regimes of heavy ball over (ηλ, β), with contours of ρ.",
    "rate_vs_condition": "Optimal worst-case rate against the condition number κ.",
    "region_comparison": "Where heavy ball and Nesterov converge.",
    "worst_case": "Exact finite-horizon worst case against the asymptotic rate.",
    "exercise_1_heatmap": "Final loss over (lr, momentum).",
    "exercise_1_collapse": "Final loss against the effective step lr/(1 − β).",
    "exercise_2_decay": "Decay of each component |xᵢ(t)|, one panel per method.",
    "exercise_2_steps": "Steps each component needs, simulated and predicted from the rate.",
    "exercise_4_noise_floor": "Noise floor against the step size and the effective step.",
    "exercise_4_batch_covariance": "Noise floor against the batch size; the stationary "
                                   "covariance three ways.",
}



def _figure(figsize):
    return Figure(figsize=figsize, layout="constrained")



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
    fig = _figure((5.25 * cols, 0.6 + 3.6 * rows))
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

    fig = _figure((6.4, 4.0))
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
    fig = _figure((11.0, 4.4))
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

    fig = _figure((6.4, 4.2))
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

    fig = _figure((7.2, 4.8))
    plots.stability_region(ax=fig.add_subplot(), n=n)
    fig.set_label("rho(R) on a grid; edges eta*lambda = 2 + 2*beta and eta*lambda = 2")
    return fig


def phase_diagram_figure(n=500, mark=None):
    r"""Regimes of heavy ball over :math:`(\eta\lambda, \beta)` with :math:`\rho` contours.

    Parameters
    ----------
    n : int
        Grid points per axis.
    mark : (float, float), optional
        A tuning :math:`(\eta\lambda, \beta)` to mark.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> phase_diagram_figure(n=40).axes[0].images[0].get_array().shape
    (40, 40)
    """
    from momentum_theory import plots, regimes

    fig = _figure((7.2, 5.0))
    plots.phase_diagram(ax=fig.add_subplot(), n=n, mark=mark)
    lo, hi = regimes.critical_damping(0.25)
    fig.set_label(f"critical damping at beta = 0.25: eta*lambda = {lo:.4f} and {hi:.4f}")
    return fig


def rate_vs_condition_figure(quantity="rate"):
    """Optimal worst-case rate of GD, Nesterov and heavy ball against the condition number.

    Parameters
    ----------
    quantity : {"rate", "gap", "steps"}
        As in :func:`momentum_theory.plots.rate_vs_condition`.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> len(rate_vs_condition_figure().axes[0].lines)
    3
    """
    from momentum_theory import plots, tuning

    fig = _figure((6.4, 4.4))
    plots.rate_vs_condition(ax=fig.add_subplot(), quantity=quantity)
    hb = tuning.heavy_ball_optimal(1.0, 100.0)
    fig.set_label(f"at kappa = 100: heavy ball rate {hb.rate:.4f} "
                  f"(eta = {hb.eta:.4f}, beta = {hb.beta:.4f})")
    return fig


def region_comparison_figure(n=400, mark=None):
    r"""Convergence regions of heavy ball and Nesterov, side by side, one shared colorbar.

    Parameters
    ----------
    n : int
        Grid points per axis.
    mark : (float, float), optional
        A tuning :math:`(\eta\lambda, \beta)` to mark in both panels.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> len(region_comparison_figure(n=30).axes)   # two panels and the colorbar
    3
    """
    from momentum_theory import accelerated, plots

    fig = _figure((11.0, 4.4))
    plots.region_comparison(ax=fig.subplots(1, 2, sharey=True), n=n, mark=mark)
    edge = accelerated.nesterov_region_edge(0.5)
    fig.set_label(f"edges at beta = 0.5: heavy ball 3, Nesterov {float(edge):.4f}")
    return fig


def worst_case_figure(mu=1.0, L=100.0, n=80):
    r"""Exact worst case over :math:`\lambda \in [\mu, L]` against the step, for a few tunings.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> len(worst_case_figure(n=10).axes[0].lines)
    8
    """
    from momentum_theory import plots

    fig = _figure((7.0, 4.8))
    plots.worst_case_plot(ax=fig.add_subplot(), mu=mu, L=L, n=n)
    fig.set_label(f"mu = {mu:g}, L = {L:g}, n = {n}")
    return fig


def _require(result, cls_name):
    if type(result).__name__ != cls_name:
        raise TypeError(f"expected a {cls_name} from momentum_theory.exercises, "
                        f"got {type(result).__name__}")


def sweep_figures(sweep):
    """The figures of exercise 1: the heat map of the sweep, and its collapse onto the effective step.

    Parameters
    ----------
    sweep : LearningRateSweep
        From :func:`momentum_theory.exercises.exercise_1`.

    Returns
    -------
    dict
        ``{"exercise_1_heatmap": Figure, "exercise_1_collapse": Figure}``.

    Examples
    --------
    >>> from momentum_theory.data import make_regression_data
    >>> from momentum_theory.exercises import exercise_1
    >>> sorted(sweep_figures(exercise_1(make_regression_data(), lrs=[0.002, 0.01], momenta=(0.0, 0.5))))
    ['exercise_1_collapse', 'exercise_1_heatmap']
    """
    from momentum_theory import plots

    _require(sweep, "LearningRateSweep")
    heatmap = _figure((9.0, 3.9))
    plots.sweep_heatmap(sweep, ax=heatmap.add_subplot())
    collapse = _figure((7.5, 4.8))
    plots.effective_step_collapse(sweep, ax=collapse.add_subplot())
    return {"exercise_1_heatmap": heatmap, "exercise_1_collapse": collapse}


def decay_figures(decay):
    """The figures of exercise 2: each method's component decay, and the steps per component.

    Parameters
    ----------
    decay : ComponentDecay
        From :func:`momentum_theory.exercises.exercise_2`.

    Returns
    -------
    dict
        ``{"exercise_2_decay": Figure, "exercise_2_steps": Figure}``.

    Examples
    --------
    >>> from momentum_theory.exercises import exercise_2
    >>> sorted(decay_figures(exercise_2(d=4)))
    ['exercise_2_decay', 'exercise_2_steps']
    """
    from momentum_theory import plots

    _require(decay, "ComponentDecay")
    n = len(decay.methods)
    rows = (n + 1) // 2
    panels = _figure((12.5, 3.6 * rows))
    axes = panels.subplots(rows, 2, squeeze=False)
    for ax, method in zip(axes.flat, decay.methods):
        plots.component_decay(decay, method, ax=ax, legend=False)
    handles, labels = axes.flat[0].get_legend_handles_labels()
    panels.legend(handles, labels, loc="outside right center", fontsize=8)
    for ax in list(axes.flat)[n:]:
        ax.set_visible(False)
    panels.suptitle(r"exercise 2: $f(x) = \frac{1}{2}\sum_i 2^{-i} x_i^2$ from $x_i = 1$")
    steps = _figure((7.5, 4.8))
    plots.component_steps(decay, ax=steps.add_subplot())
    return {"exercise_2_decay": panels, "exercise_2_steps": steps}


def noise_figures(experiment):
    """The figures of exercise 4: the noise floor against the step, and the batch size and covariance.

    Parameters
    ----------
    experiment : NoiseExperiment
        From :func:`momentum_theory.exercises.exercise_4`.

    Returns
    -------
    dict
        ``{"exercise_4_noise_floor": Figure, "exercise_4_batch_covariance": Figure}``.

    Examples
    --------
    >>> from momentum_theory.exercises import exercise_4
    >>> e = exercise_4(etas=[0.02, 0.1], betas=(0.0, 0.9), batch_sizes=(1, 10), chains=200)
    >>> sorted(noise_figures(e))
    ['exercise_4_batch_covariance', 'exercise_4_noise_floor']
    """
    from momentum_theory import plots

    _require(experiment, "NoiseExperiment")
    floor = _figure((12.0, 4.6))
    a, b = floor.subplots(1, 2)
    plots.noise_floor_vs_step(experiment, ax=a)
    plots.noise_floor_vs_step(experiment, ax=b, effective=True)
    batch = _figure((12.0, 4.4))
    c, d = batch.subplots(1, 2)
    plots.noise_floor_vs_batch(experiment, ax=c)
    plots.covariance_check(experiment, ax=d)
    return {"exercise_4_noise_floor": floor, "exercise_4_batch_covariance": batch}


def exercise_figures(number, result):
    """The figures of one exercise, with their captions, ready to save.

    Dispatches through :data:`momentum_theory.exercises.EXERCISES`: the
    exercise's ``figures`` function draws them.

    Parameters
    ----------
    number : int
        An exercise with figures (1, 2 or 4; exercise 3 is algebra).
    result : object
        What that exercise's ``solve`` returned.

    Returns
    -------
    list of DrawnFigure

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
    from momentum_theory.exercises import EXERCISES

    exercise = None if isinstance(number, bool) else EXERCISES.get(number)
    if exercise is None or exercise.figures is None:
        drawn = [n for n, e in EXERCISES.items() if e.figures is not None]
        bare = ", ".join(f"exercise {n} has no figure" for n, e in EXERCISES.items()
                         if e.figures is None)
        allowed = ", ".join(str(n) for n in drawn[:-1]) + f" or {drawn[-1]}"
        raise ValueError(f"number must be {allowed} ({bare}), got {number!r}")
    return [DrawnFigure(name, fig, CAPTIONS.get(name, ""), fig.get_label())
            for name, fig in exercise.figures(result).items()]


def _named_builders():
    # Looked up when called, so that a builder replaced on the module is the one used.
    return {"traces_2d": traces_2d_figure, "leaky_weights": leaky_weights_figure,
            "loss_curves": loss_curves_figure, "scalar_gd": scalar_gd_figure,
            "stability_region": stability_region_figure, "phase_diagram": phase_diagram_figure,
            "rate_vs_condition": rate_vs_condition_figure,
            "region_comparison": region_comparison_figure, "worst_case": worst_case_figure}


def draw(name, **options):
    """Build the figure called ``name``, as a :class:`DrawnFigure` with its caption and note.

    Parameters
    ----------
    name : str
        A chapter figure (:func:`chapter_figures`) or ``"phase_diagram"``,
        ``"rate_vs_condition"``, ``"region_comparison"``, ``"worst_case"``.
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

    >>> [d.name for d in draw_chapter()][:2]
    ['traces_2d', 'leaky_weights']
    """
    return [DrawnFigure(name, fig, CAPTIONS.get(name, ""), fig.get_label())
            for name, fig in ((name, build()) for name, build in chapter_figures(dataset))]
