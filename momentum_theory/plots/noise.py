r"""Figures for the exercises: the (lr, momentum) sweep, component decay, noise floors.

Each plot function takes the data object of :mod:`momentum_theory.exercises`,
draws on ``ax`` (a new constrained-layout figure when ``None``) and returns
the Axes. Nothing here computes more than an axis limit.

Exercise 1
    :func:`sweep_heatmap`, :func:`effective_step_collapse`.
Exercise 2
    :func:`component_decay`, :func:`component_steps`.
Exercise 4
    :func:`noise_floor_vs_step`, :func:`noise_floor_vs_batch`, :func:`covariance_check`.

Figures
    :func:`sweep_figures`, :func:`decay_figures`, :func:`noise_figures` put them
    together on new figures (``{file stem: Figure}``); :func:`exercise_figures`
    draws one exercise's by number, for the stems listed in
    :data:`momentum_theory.exercises.EXERCISES`. :func:`momentum_theory.figures.exercise_figures`
    adds their captions.
"""
from __future__ import annotations

import numpy as np
from momentum_theory.plots import _axes as _shared
from momentum_theory.plots._axes import axes_or_new as _axes, new_figure

__all__ = [
    "sweep_heatmap",
    "effective_step_collapse",
    "component_decay",
    "component_steps",
    "noise_floor_vs_step",
    "noise_floor_vs_batch",
    "covariance_check",
    "sweep_figures",
    "decay_figures",
    "noise_figures",
    "exercise_figures",
]


def _require(obj, cls_name, *fields):
    if type(obj).__name__ != cls_name or not all(hasattr(obj, f) for f in fields):
        raise TypeError(f"expected a {cls_name} from momentum_theory.exercises, "
                        f"got {type(obj).__name__}")


def _beta_colours(n):
    import matplotlib as mpl
    return [mpl.colormaps["viridis"](x) for x in np.linspace(0.0, 0.85, n)]


def sweep_heatmap(sweep, ax=None, *, colorbar=True, **kwargs):
    """Heat map of the final loss over (lr, momentum), exercise 1.

    Cells where plain SGD at the effective step ``lr/(1-beta)`` misses the
    final loss by more than the sweep's tolerance are outlined in cyan.

    Parameters
    ----------
    sweep : LearningRateSweep
        From :func:`momentum_theory.exercises.exercise_1`.
    ax : matplotlib Axes, optional
    colorbar : bool
        Draw the colorbar; a second call on the same Axes reuses it.
    **kwargs
        Passed to :meth:`~matplotlib.axes.Axes.imshow` (``cmap=``, ``alpha=``...).

    Returns
    -------
    matplotlib Axes

    Examples
    --------
    >>> from momentum_theory.exercises import exercise_1
    >>> from momentum_theory.data import make_regression_data
    >>> ax = sweep_heatmap(exercise_1(make_regression_data(), lrs=[0.002, 0.02], momenta=(0, 0.9)))
    >>> ax.get_xlabel()
    'learning rate lr'
    """
    from matplotlib.colors import LogNorm
    from matplotlib.patches import Rectangle

    _require(sweep, "LearningRateSweep", "final_loss", "breaks_down")
    colorbar = _shared.flag(colorbar, "colorbar")
    ax = _axes(ax, (8.5, 3.8))
    # Colour by the excess over the optimum: near the floor the loss itself
    # barely changes, the excess shows the structure. Cells print the loss.
    loss = np.where(np.isfinite(sweep.final_loss), _excess(sweep, sweep.final_loss), np.nan)
    finite = loss[np.isfinite(loss)]
    lo = max(float(finite.min()) if finite.size else 1e-3, 1e-12)
    hi = max(float(finite.max()) if finite.size else 1.0, lo * 1.01)
    import matplotlib as mpl
    cmap = mpl.colormaps["magma_r"].with_extremes(bad="0.86")
    image = ax.imshow(loss, **_shared.styled(
        dict(origin="lower", aspect="auto", cmap=cmap, norm=LogNorm(vmin=lo, vmax=hi)), kwargs))
    n_b, n_l = loss.shape
    for i in range(n_b):
        for j in range(n_l):
            value = sweep.final_loss[i, j]
            text = f"{value:.3g}" if np.isfinite(value) else "inf"
            dark = np.isfinite(loss[i, j]) and np.log(loss[i, j] / lo) > 0.6 * np.log(hi / lo)
            ax.text(j, i, text, ha="center", va="center", fontsize=7,
                    color="white" if dark else "black")
            if sweep.breaks_down[i, j]:
                ax.add_patch(Rectangle((j - 0.47, i - 0.47), 0.94, 0.94, fill=False,
                                       edgecolor="tab:cyan", linewidth=2.2))
    ax.set_xticks(range(n_l), [f"{lr:.3g}" for lr in sweep.lrs], rotation=45, ha="right",
                  fontsize=8)
    ax.set_yticks(range(n_b), [f"{b:g}" for b in sweep.momenta])
    ax.set_xlabel("learning rate lr")
    ax.set_ylabel(r"momentum $\beta$")
    ax.set_title("final loss after training (colour: excess over the optimum); cyan box: "
                 f"SGD at the effective step lr/(1-β) off by > {100 * sweep.tolerance:.0f}%",
                 fontsize=10)
    if colorbar:
        _shared.colorbar(ax, image, "final loss − optimum")
    return ax


def _excess(sweep, loss):
    # Runs end at or above the least-squares optimum; keep a floor for the log scale.
    return np.maximum(loss - sweep.optimum, 1e-6 * sweep.optimum)


def effective_step_collapse(sweep, ax=None, **kwargs):
    r"""Final loss against the effective step :math:`\text{lr}/(1-\beta)`, one curve per :math:`\beta`.

    If the effective step were the whole story, all curves would lie on the
    plain-SGD curve (grey). Hollow markers: cells where it misses.

    Parameters
    ----------
    sweep : LearningRateSweep
    ax : matplotlib Axes, optional
    **kwargs
        Passed to :meth:`~matplotlib.axes.Axes.plot` for each momentum's markers (``markersize=``...).

    Returns
    -------
    matplotlib Axes

    Examples
    --------
    >>> from momentum_theory.exercises import exercise_1
    >>> from momentum_theory.data import make_regression_data
    >>> ax = effective_step_collapse(exercise_1(make_regression_data(), lrs=[0.002, 0.02],
    ...                                         momenta=(0, 0.9)))
    >>> ax.get_xscale(), ax.get_yscale()
    ('log', 'log')
    """
    _require(sweep, "LearningRateSweep", "effective_step", "sgd_at_effective_step")
    ax = _axes(ax, (7, 4.6))
    s = sweep.effective_step.ravel()
    order = np.argsort(s)
    sgd = sweep.sgd_at_effective_step.ravel()[order]
    keep = np.isfinite(sgd) & ~sweep.sgd_diverged.ravel()[order]
    ax.plot(s[order][keep], _excess(sweep, sgd[keep]), color="0.55", linewidth=3, alpha=0.6,
            label="plain SGD with step s", zorder=1)
    if not keep.all():
        edge = s[order][keep].max() if keep.any() else s.min()
        ax.axvline(edge, color="0.55", linestyle=":", linewidth=1)
        ax.annotate("plain SGD blows up\nbeyond this step", (edge, 0.97),
                    xycoords=("data", "axes fraction"), xytext=(-6, 0),
                    textcoords="offset points", ha="right", va="top", fontsize=8, color="0.35")
    for i, (beta, colour) in enumerate(zip(sweep.momenta, _beta_colours(len(sweep.momenta)))):
        x, y = sweep.effective_step[i], _excess(sweep, sweep.final_loss[i])
        ok = np.isfinite(y)
        ax.plot(x[ok], y[ok], "-", color=colour, linewidth=1, zorder=2)
        good = ok & ~sweep.breaks_down[i]
        bad = ok & sweep.breaks_down[i]
        ax.plot(x[good], y[good], **_shared.styled(
            dict(marker="o", linestyle="none", color=colour, markersize=5, zorder=3,
                 label=rf"momentum, $\beta$ = {beta:g}"), kwargs))
        ax.plot(x[bad], y[bad], "o", markerfacecolor="white", markeredgecolor=colour,
                markersize=6, zorder=3)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(r"effective step $s = \mathrm{lr}/(1-\beta)$")
    ax.set_ylabel(f"final loss − least-squares optimum ({sweep.optimum:.4f})")
    ax.set_title("does the effective step explain the sweep? (hollow: off by more than "
                 f"{100 * sweep.tolerance:.0f}%)", fontsize=10)
    ax.legend(fontsize=8, loc="upper left")
    return ax


def component_decay(decay, method, ax=None, legend=True, **kwargs):
    r"""The decay of each :math:`|x_i(t)|` on a log scale for one method, exercise 2.

    Parameters
    ----------
    decay : ComponentDecay
        From :func:`momentum_theory.exercises.exercise_2`.
    method : str
        One of ``decay.methods``.
    ax : matplotlib Axes, optional
    legend : bool
        Draw the legend (a figure with several panels may want one shared legend).
    **kwargs
        Passed to :meth:`~matplotlib.axes.Axes.plot` for each component.

    Returns
    -------
    matplotlib Axes

    Examples
    --------
    >>> from momentum_theory.exercises import exercise_2
    >>> r = exercise_2(d=4)
    >>> component_decay(r, r.methods[0]).get_yscale()
    'log'
    """
    import matplotlib as mpl

    _require(decay, "ComponentDecay", "trajectories", "lambdas")
    if method not in decay.trajectories:
        raise ValueError(f"method must be one of {list(decay.methods)}, got {method!r}")
    ax = _axes(ax, (7, 4.4))
    path = np.abs(decay.trajectories[method])
    horizon = int(max(decay.steps[method].max(), 1) * 1.15) + 2
    path = path[:horizon]
    t = np.arange(path.shape[0])
    colours = [mpl.colormaps["plasma"](x) for x in np.linspace(0.0, 0.85, len(decay.lambdas))]
    floor = decay.tol * 1e-3
    for i, (lam, colour) in enumerate(zip(decay.lambdas, colours)):
        # Exact zeros (lambda = 1/eta) cannot be drawn on a log axis.
        ax.plot(t, np.maximum(path[:, i], floor), **_shared.styled(
            dict(color=colour, linewidth=1.1, label=rf"$\lambda_{{{i + 1}}} = 2^{{-{i + 1}}}$"),
            kwargs))
    ax.axhline(decay.tol, color="black", linestyle="--", linewidth=1, label=f"tol = {decay.tol:g}")
    ax.set_yscale("log")
    # Six or more decades of minor ticks add no reading (the major ones are a decade
    # apart) and were ~40 % of the time to draw exercise 2's four panels.
    ax.yaxis.set_minor_locator(mpl.ticker.NullLocator())
    # Components at the edge of the spectrum can overshoot before they decay.
    ax.set_ylim(floor, max(2.0, 1.5 * float(np.max(path))))
    ax.set_xlim(0, t[-1])
    eta, beta = decay.settings[method]
    ax.set_title(rf"{method}: $\eta$ = {eta:.4g}, $\beta$ = {beta:.4g}", fontsize=10)
    ax.set_xlabel("step t")
    ax.set_ylabel(r"$|x_i(t)|$")
    if legend:
        ax.legend(fontsize=7, ncol=2, loc="lower left")
    return ax


def component_steps(decay, ax=None, **kwargs):
    r"""Steps for each component to shrink below ``tol``: simulated (markers) vs rate prediction (lines).

    Parameters
    ----------
    decay : ComponentDecay
    ax : matplotlib Axes, optional
    **kwargs
        Passed to :meth:`~matplotlib.axes.Axes.plot` for each method's markers.

    Returns
    -------
    matplotlib Axes

    Examples
    --------
    >>> from momentum_theory.exercises import exercise_2
    >>> component_steps(exercise_2(d=4)).get_xscale()
    'log'
    """
    _require(decay, "ComponentDecay", "steps", "predicted")
    ax = _axes(ax, (7, 4.6))
    colours = ["tab:gray", "tab:brown", "tab:orange", "tab:blue"]
    markers = ["s", "D", "^", "o"]
    for k, method in enumerate(decay.methods):
        colour = colours[k % len(colours)]
        sim = decay.steps[method].astype(float)
        pred = decay.predicted[method].astype(float)
        ax.plot(decay.lambdas, np.where(pred > 0, pred, np.nan), "--", color=colour, linewidth=1)
        ax.plot(decay.lambdas, np.where(sim >= 0, np.maximum(sim, 0.8), np.nan), **_shared.styled(
            dict(marker=markers[k % len(markers)], linestyle="none", color=colour, label=method),
            kwargs))
    ax.set_xscale("log", base=2)
    ax.set_yscale("log")
    ax.set_xlabel(r"curvature $\lambda_i = 2^{-i}$")
    ax.set_ylabel(f"steps until $|x_i| \\leq$ {decay.tol:g}")
    ax.set_title("markers: simulated; dashed: from the rate $\\rho(\\eta\\lambda_i, \\beta)$",
                 fontsize=10)
    ax.legend(fontsize=8)
    return ax


def noise_floor_vs_step(experiment, ax=None, effective=False, **kwargs):
    r"""Noise floor against :math:`\eta` (or :math:`\eta/(1-\beta)`), one colour per :math:`\beta`.

    Lines: the closed form; markers with bars: Monte Carlo mean +- 3 standard errors.

    Parameters
    ----------
    experiment : NoiseExperiment
        From :func:`momentum_theory.exercises.exercise_4`.
    ax : matplotlib Axes, optional
    effective : bool
        Put the effective step :math:`\eta/(1-\beta)` on the x-axis: the curves
        then coincide for small steps.
    **kwargs
        Passed to :meth:`~matplotlib.axes.Axes.plot` for each closed-form line.

    Returns
    -------
    matplotlib Axes

    Examples
    --------
    >>> from momentum_theory.exercises import exercise_4
    >>> e = exercise_4(etas=[0.02, 0.1], betas=(0.0, 0.9), batch_sizes=(1, 4), chains=200)
    >>> noise_floor_vs_step(e, effective=True).get_xlabel()
    'effective step $\\eta/(1-\\beta)$'
    """
    _require(experiment, "NoiseExperiment", "floor_exact", "floor_mc")
    ax = _axes(ax, (7, 4.6))
    for i, (beta, colour) in enumerate(zip(experiment.betas, _beta_colours(len(experiment.betas)))):
        x = experiment.etas / (1.0 - beta) if effective else experiment.etas
        ax.plot(x, experiment.floor_exact[i], **_shared.styled(
            dict(color=colour, label=rf"$\beta$ = {beta:g} (exact)"), kwargs))
        ax.errorbar(x, experiment.floor_mc[i], yerr=3 * experiment.floor_mc_stderr[i], fmt="o",
                    color=colour, markersize=4, capsize=2)
    ax.plot([], [], "o", color="0.3", markersize=4, label="Monte Carlo ± 3 s.e.")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(r"effective step $\eta/(1-\beta)$" if effective else r"step size $\eta$")
    ax.set_ylabel(r"noise floor $\mathbb{E}\,f(x_\infty)$")
    lams = ", ".join(f"{v:g}" for v in experiment.lams)
    ax.set_title(rf"momentum SGD on curvatures ({lams}), $\sigma$ = {experiment.sigma:g}, B = 1",
                 fontsize=10)
    ax.legend(fontsize=8)
    return ax


def noise_floor_vs_batch(experiment, ax=None, **kwargs):
    r"""Noise floor against the batch size at the experiment's fixed :math:`(\eta, \beta)`.

    Parameters
    ----------
    experiment : NoiseExperiment
    ax : matplotlib Axes, optional
    **kwargs
        Passed to :meth:`~matplotlib.axes.Axes.plot` for the closed-form line.

    Returns
    -------
    matplotlib Axes

    Examples
    --------
    >>> from momentum_theory.exercises import exercise_4
    >>> e = exercise_4(etas=[0.02, 0.1], betas=(0.0, 0.9), batch_sizes=(1, 4), chains=200)
    >>> noise_floor_vs_batch(e).get_xlabel()
    'batch size B'
    """
    _require(experiment, "NoiseExperiment", "floor_batch_exact", "floor_batch_mc")
    ax = _axes(ax, (6, 4.4))
    B = experiment.batch_sizes
    ax.plot(B, experiment.floor_batch_exact, **_shared.styled(
        dict(color="tab:blue", label="exact (Lyapunov)"), kwargs))
    ax.errorbar(B, experiment.floor_batch_mc, yerr=3 * experiment.floor_batch_mc_stderr, fmt="o",
                color="tab:blue", capsize=2, label="Monte Carlo ± 3 s.e.")
    # The guide is shifted up: on top of the exact line it would be invisible.
    ax.plot(B, 2.0 * experiment.floor_batch_exact[0] * B[0] / B, ":", color="0.4",
            label="guide: slope 1/B (shifted up 2x)")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xticks(B, [f"{b:g}" for b in B])
    ax.minorticks_off()
    ax.set_xlabel("batch size B")
    ax.set_ylabel(r"noise floor $\mathbb{E}\,f(x_\infty)$")
    ax.set_title(rf"gradient noise variance $\sigma^2/B$: $\eta$ = {experiment.batch_eta:g}, "
                 rf"$\beta$ = {experiment.batch_beta:g}", fontsize=10)
    ax.legend(fontsize=8)
    return ax


def covariance_check(experiment, ax=None, **kwargs):
    r"""The stationary covariance of :math:`(v, x)` three ways, as ratios to the SciPy value.

    Parameters
    ----------
    experiment : NoiseExperiment
    ax : matplotlib Axes, optional
    **kwargs
        Passed to :meth:`~matplotlib.axes.Axes.plot` for the closed-form markers.

    Returns
    -------
    matplotlib Axes

    Examples
    --------
    >>> from momentum_theory.exercises import exercise_4
    >>> e = exercise_4(etas=[0.02], betas=(0.0,), batch_sizes=(1, 4), chains=200)
    >>> covariance_check(e).get_ylabel()
    'ratio to scipy.linalg.solve_discrete_lyapunov'
    """
    _require(experiment, "NoiseExperiment", "covariance_lyapunov", "covariance_mc")
    ax = _axes(ax, (6, 4))
    ref = experiment.covariance_lyapunov
    mc = experiment.covariance_mc
    entries = [(0, 0, r"Var $v$"), (0, 1, r"Cov $(v, x)$"), (1, 1, r"Var $x$")]
    pos = np.arange(len(entries))
    sym = [experiment.covariance_symbolic[i, j] / ref[i, j] for i, j, _ in entries]
    est = [mc.covariance[i, j] / ref[i, j] for i, j, _ in entries]
    lo = [(mc.covariance[i, j] - mc.lower[i, j]) / abs(ref[i, j]) for i, j, _ in entries]
    hi = [(mc.upper[i, j] - mc.covariance[i, j]) / abs(ref[i, j]) for i, j, _ in entries]
    ax.axhline(1.0, color="0.5", linewidth=1)
    ax.plot(pos - 0.1, sym, **_shared.styled(
        dict(marker="s", linestyle="none", color="tab:green", label="SymPy closed form"), kwargs))
    ax.errorbar(pos + 0.1, est, yerr=[lo, hi], fmt="o", color="tab:blue", capsize=3,
                label=f"Monte Carlo, {100 * mc.confidence:.0f}% interval ({mc.chains} chains)")
    ax.set_xticks(pos, [name for *_, name in entries])
    ax.set_xlim(-0.6, len(entries) - 0.4)
    ax.set_xlabel("entry of the stationary covariance of (v, x)")
    ax.set_ylabel("ratio to scipy.linalg.solve_discrete_lyapunov")
    p = experiment.covariance_point
    ax.set_title(rf"stationary covariance at $\eta$ = {p['eta']:g}, $\lambda$ = {p['lam']:g}, "
                 rf"$\beta$ = {p['beta']:g}, $\sigma$ = {p['sigma']:g}", fontsize=10)
    ax.legend(fontsize=8)
    return ax


# -- the exercises' figures: {file stem: Figure} on new figures ---------------------------------

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
    _require(sweep, "LearningRateSweep")
    heatmap = new_figure((9.0, 3.9))
    sweep_heatmap(sweep, ax=heatmap.add_subplot())
    collapse = new_figure((7.5, 4.8))
    effective_step_collapse(sweep, ax=collapse.add_subplot())
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
    _require(decay, "ComponentDecay")
    n = len(decay.methods)
    rows = (n + 1) // 2
    panels = new_figure((12.5, 3.6 * rows))
    axes = panels.subplots(rows, 2, squeeze=False)
    for ax, method in zip(axes.flat, decay.methods):
        component_decay(decay, method, ax=ax, legend=False)
    handles, labels = axes.flat[0].get_legend_handles_labels()
    panels.legend(handles, labels, loc="outside right center", fontsize=8)
    for ax in list(axes.flat)[n:]:
        ax.set_visible(False)
    panels.suptitle(r"exercise 2: $f(x) = \frac{1}{2}\sum_i 2^{-i} x_i^2$ from $x_i = 1$")
    steps = new_figure((7.5, 4.8))
    component_steps(decay, ax=steps.add_subplot())
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
    _require(experiment, "NoiseExperiment")
    floor = new_figure((12.0, 4.6))
    a, b = floor.subplots(1, 2)
    noise_floor_vs_step(experiment, ax=a)
    noise_floor_vs_step(experiment, ax=b, effective=True)
    batch = new_figure((12.0, 4.4))
    c, d = batch.subplots(1, 2)
    noise_floor_vs_batch(experiment, ax=c)
    covariance_check(experiment, ax=d)
    return {"exercise_4_noise_floor": floor, "exercise_4_batch_covariance": batch}


# Exercise number -> the builder of its figures; the stems each draws are the
# exercise's ``figures`` in momentum_theory.exercises.EXERCISES (checked on every call).
_BUILDERS = {1: sweep_figures, 2: decay_figures, 4: noise_figures}


def exercise_figures(number, result):
    """The figures of one exercise as ``{file stem: Figure}``, in the order of its table row.

    The number is checked against :data:`momentum_theory.exercises.EXERCISES`,
    and the stems drawn against that exercise's ``figures``.
    :func:`momentum_theory.figures.exercise_figures` gives the same figures
    with their captions.

    Parameters
    ----------
    number : int
        An exercise with figures (1, 2 or 4; exercise 3 is algebra).
    result : object
        What that exercise's ``solve`` returned.

    Returns
    -------
    dict
        File stem -> matplotlib Figure.

    Raises
    ------
    ValueError
        If ``number`` is not an exercise with figures.
    TypeError
        If ``result`` is not that exercise's result.
    RuntimeError
        If this module and the table disagree on the exercise's figures (a bug).

    Examples
    --------
    >>> from momentum_theory.exercises import exercise_2
    >>> list(exercise_figures(2, exercise_2(d=4)))
    ['exercise_2_decay', 'exercise_2_steps']
    """
    from momentum_theory.exercises import EXERCISES  # the table: data, below the plots

    try:
        exercise = None if isinstance(number, bool) else EXERCISES.get(number)
    except TypeError:  # unhashable
        exercise = None
    if exercise is None or not exercise.figures:
        drawn = [n for n, e in EXERCISES.items() if e.figures]
        bare = ", ".join(f"exercise {n} has no figure" for n, e in EXERCISES.items()
                         if not e.figures)
        allowed = ", ".join(str(n) for n in drawn[:-1]) + f" or {drawn[-1]}"
        raise ValueError(f"number must be {allowed} ({bare}), got {number!r}")
    build = _BUILDERS.get(number)
    if build is None:
        raise RuntimeError(f"exercise {number} lists figures {list(exercise.figures)} "
                          "but momentum_theory.plots has no builder for them")
    figs = build(result)
    if tuple(figs) != tuple(exercise.figures):
        raise RuntimeError(f"exercise {number}: drew {list(figs)}, but its table row lists "
                          f"{list(exercise.figures)}")
    return figs
