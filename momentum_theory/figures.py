"""Build the chapter's figures and write them to a folder.

Each builder computes its data with the compute modules, draws it with
:mod:`momentum_theory.plots` on a fresh :class:`matplotlib.figure.Figure`
(no pyplot state, so it works the same in scripts, servers and notebooks) and
returns the figure; its label is a one-line summary of the numbers drawn.
:func:`write_figures` saves them all, and is what ``momentum-theory figures``
and the report call.

>>> [name for name, _ in chapter_figures()]
['traces_2d', 'leaky_weights', 'loss_curves', 'scalar_gd', 'stability_region']
"""
from __future__ import annotations

import os
from pathlib import Path

from matplotlib.figure import Figure

from momentum_theory import _output

__all__ = [
    "FORMATS",
    "traces_2d_figure",
    "leaky_weights_figure",
    "loss_curves_figure",
    "scalar_gd_figure",
    "stability_region_figure",
    "chapter_figures",
    "save_figure",
    "write_figures",
]

FORMATS = ("png", "svg", "pdf")

# File dates off, so writing the same figure twice gives the same bytes.
_METADATA = {"png": {}, "svg": {"Date": None}, "pdf": {"CreationDate": None}}


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


def save_figure(fig, path, force=False):
    """Save one figure, refusing to replace an existing file unless ``force``.

    The format follows the file suffix (png, svg or pdf); PNGs get 150 dpi.
    The file is written under a temporary name beside ``path`` and renamed
    into place, so an interrupted call never leaves a truncated file; without
    ``force`` a file that appears at ``path`` meanwhile is not replaced either.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    path : str or os.PathLike
        Target file; its folder must exist.
    force : bool
        Overwrite an existing file.

    Returns
    -------
    pathlib.Path

    Raises
    ------
    FileExistsError
        ``path`` exists and ``force`` is false.
    ValueError
        Unsupported suffix, or the folder is missing.

    Examples
    --------
    >>> import os, tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     target = save_figure(scalar_gd_figure(), os.path.join(tmp, "gd.svg"))
    ...     target.read_text()[:5]
    '<?xml'
    """
    return _save(fig, path, force)


def _save(fig, path, force, before_publish=None):
    if not isinstance(fig, Figure):
        raise TypeError(f"fig must be a matplotlib Figure, got {type(fig).__name__}")
    target = Path(path)
    fmt = target.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ValueError(f"path must end in .png, .svg or .pdf, got {target.name!r}")
    if not target.parent.is_dir():
        raise ValueError(f"path: folder {target.parent} does not exist")
    if os.path.lexists(target) and not force:
        raise _exists([target], target.parent)
    try:
        with _output.atomic_file(target, replace=force, before_publish=before_publish) as fh:
            fig.savefig(fh, format=fmt, dpi=150, metadata=_METADATA[fmt])
    except FileExistsError as exc:
        if isinstance(exc, _output.OutputConflict):
            raise
        raise _exists([target], target.parent) from None
    return target


def _exists(paths, folder):
    names = _output.describe(p.name for p in paths)
    verb = "exists" if len(paths) == 1 else "exist"
    return _output.OutputConflict(
        f"{names} already {verb} in {folder}; pass force=True to overwrite",
        paths=paths, cli=f"{names} already {verb} in {folder}; pass --force to replace "
                         f"{'it' if len(paths) == 1 else 'them'} (nothing was written)")


class _Ledger:
    """The figures a previous run wrote in a folder (its manifest), kept up to date."""

    def __init__(self, folder, kind):
        self.manifest = (_output.Manifest.load(folder, kind)
                         or _output.Manifest(folder, kind))

    def foreign(self, targets):
        return [t for t in targets if os.path.lexists(t) and not self.manifest.owns(t.name, t)]

    def before_publish(self, target, kind="figures"):
        def record(tmp):
            if os.path.lexists(target) and not self.manifest.owns(target.name, target):
                raise _foreign([target], target.parent, kind)
            kept = self.manifest.files.get(target.name, [])[-1:]
            self.manifest.files[target.name] = kept + [_output.file_digest(tmp)]
            self.manifest.save()
        return record

    def settle(self):
        for name in list(self.manifest.files):
            path = self.manifest.folder / name
            if self.manifest.owns(name, path):
                self.manifest.files[name] = [_output.file_digest(path)]
            else:  # gone, or replaced by someone else since
                del self.manifest.files[name]
        if self.manifest.files or self.manifest.path.exists():
            self.manifest.save()


def _foreign(paths, folder, kind="figures"):
    names = _output.describe(p.name for p in paths)
    manifest = _output.Manifest.filename(kind)
    return _output.OutputConflict(
        f"{names} in {folder} not written by a previous {kind} run (not in its {manifest}, or "
        "changed since); force=True replaces only such files: move or delete them",
        paths=paths,
        cli=f"{names} in {folder} not written by momentum-theory {kind} (or changed since); "
            "--force replaces only files a previous run wrote, so move or delete them first "
            "(nothing was written)")


def _write_drawn(drawn, out, *, force, kind, progress=None):
    """Save figures already drawn (``{stem: Figure}``) as PNGs in ``out``, all or none checked.

    Every target is checked before the first is written, as in
    :func:`write_figures`, with a manifest of kind ``kind``.
    """
    out = Path(out)
    targets = [out / f"{stem}.png" for stem in drawn]
    _output.clean_stale(out, names={t.name for t in targets} | {_output.Manifest.filename(kind)})
    existing = [t for t in targets if os.path.lexists(t)]
    if existing and not force:
        raise _exists(existing, out)
    ledger = _Ledger(out, kind)
    foreign = ledger.foreign(existing)
    if foreign:
        raise _foreign(foreign, out, kind)
    written = []
    try:
        for fig, target in zip(drawn.values(), targets):
            _save(fig, target, force, before_publish=ledger.before_publish(target, kind))
            written.append(target)
            if progress is not None:
                progress(target)
    finally:
        with _output.signals_deferred():
            ledger.settle()
    return written


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


def write_figures(out_dir, fmt="png", force=False, progress=print, dataset=None, names=None,
                  manifest=True):
    """Write the chapter's figures to ``out_dir`` as ``<name>.<fmt>``.

    Every target is checked before anything is written, so a refused call
    leaves the folder as it was. Each file is written under a temporary name
    and renamed into place (an interrupted call leaves complete files only).
    The files written are recorded with their SHA-256 digests in
    ``out_dir/.momentum-figures.json``; ``force`` replaces only files listed
    there and unchanged, never a file the user put there. Temporary files left
    by killed runs on this host are removed first.

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
        Only these figures (names as in :func:`chapter_figures`).
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
    if not isinstance(fmt, str) or fmt.lower() not in FORMATS:
        raise ValueError(f"fmt must be one of {', '.join(FORMATS)}, got {fmt!r}")
    fmt = fmt.lower()
    if not isinstance(force, bool):
        raise TypeError(f"force must be True or False, got {type(force).__name__}")
    if progress is not None and not callable(progress):
        raise TypeError(f"progress must be callable or None, got {type(progress).__name__}")
    try:
        out = Path(out_dir)
    except TypeError:
        raise TypeError(f"out_dir must be a path, got {type(out_dir).__name__}") from None
    if out.exists() and not out.is_dir():
        raise ValueError(f"out_dir {out} exists and is not a folder")
    chosen = list(chapter_figures(dataset))
    if names is not None:
        if isinstance(names, str):
            raise TypeError("names must be a sequence of figure names, not a single string")
        known = [name for name, _ in chosen]
        unknown = [n for n in names if n not in known]
        if unknown:
            raise ValueError(f"names: unknown figure(s) {unknown}; known: {', '.join(known)}")
        chosen = [(name, build) for name, build in chosen if name in names]
    targets = [out / f"{name}.{fmt}" for name, _ in chosen]
    if out.is_dir():
        _output.clean_stale(out, names={t.name for t in targets}
                            | {_output.Manifest.filename("figures")})
    existing = [t for t in targets if os.path.lexists(t)]
    if existing and not force:
        raise _exists(existing, out)
    ledger = _Ledger(out, "figures") if manifest else None
    if existing and ledger is not None:
        foreign = ledger.foreign(existing)
        if foreign:
            raise _foreign(foreign, out)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    try:
        for i, ((name, build), target) in enumerate(zip(chosen, targets), start=1):
            fig = build()
            _save(fig, target, force,
                  before_publish=ledger.before_publish(target) if ledger is not None else None)
            written.append(target)
            if progress is not None:
                progress(f"[{i}/{len(chosen)}] wrote {target}: {fig.get_label()}")
    finally:
        if ledger is not None:
            with _output.signals_deferred():
                ledger.settle()
    return written
