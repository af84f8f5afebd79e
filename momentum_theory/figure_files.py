"""Writing figures to files: one way to save, atomic, never over a user's file.

:func:`save_figure` writes one figure under a temporary name and renames it
into place; :func:`write_drawn` (figures already drawn) and
:func:`build_and_write` (``(name, build)`` pairs, each built as it is written)
check every target before the first write and keep a manifest of what they
wrote, so that ``force`` replaces only those files. :class:`DrawnFigure` is a
figure with its name, caption (:data:`CAPTIONS`) and note; :func:`show` opens
a window for a figure made without pyplot.

This module builds nothing: the builders are in :mod:`momentum_theory.figures`
(which imports this one and offers everything here too, with
:func:`~momentum_theory.figures.write_figures` for the chapter's figures).
"""
from __future__ import annotations

import io
import os
from dataclasses import dataclass
from pathlib import Path

import matplotlib
from matplotlib.figure import Figure

from momentum_theory import _output

__all__ = ["FORMATS", "CAPTIONS", "DrawnFigure", "show", "save_figure", "write_drawn",
           "build_and_write"]

FORMATS = ("png", "svg", "pdf")

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
    "method_regions": "Where each registered method converges, over (ηλ, its first parameter).",
    "method_worst_case": "Exact worst case over the steps of every registered method, tuned "
                         "for κ = 100.",
    "whole_spectrum": "The worst rate over every curvature in [μ, L] as a map over (η, β), its "
                      "regions named, beside the chapter's per-eigenvalue map.",
    "counterexample": "Heavy ball with Polyak's tuning for [μ, L] on a smooth, strongly convex "
                      "function that is not quadratic (Lessard, Recht & Packard 2016): it cycles, "
                      "while every quadratic with curvature in [μ, L] converges.",
    "general_functions": "Worst case over the horizon of five tunings: on quadratics (exact, "
                         "solid) and on smooth strongly convex functions (PEPit, dashed).",
    "exercise_1_heatmap": "Final loss over (lr, momentum).",
    "exercise_1_collapse": "Final loss against the effective step lr/(1 − β).",
    "exercise_2_decay": "Decay of each component |xᵢ(t)|, one panel per method.",
    "exercise_2_steps": "Steps each component needs, simulated and predicted from the rate.",
    "exercise_4_noise_floor": "Noise floor against the step size and the effective step.",
    "exercise_4_batch_covariance": "Noise floor against the batch size; the stationary "
                                   "covariance three ways.",
}

# File dates off, so writing the same figure twice gives the same bytes.
_METADATA = {"png": {}, "svg": {"Date": None}, "pdf": {"CreationDate": None}}


@dataclass(frozen=True)
class DrawnFigure:
    """A figure with what a document needs to show it.

    Attributes
    ----------
    name : str
        File stem (``"stability_region"``).
    figure : matplotlib.figure.Figure
    caption : str
        One sentence saying what it shows (from :data:`CAPTIONS`).
    note : str
        One line with the numbers drawn (the figure's label).

    In Jupyter it displays as its figure; elsewhere :meth:`show` opens a window.

    Examples
    --------
    >>> from momentum_theory.figures import draw
    >>> drawn = draw("leaky_weights")
    >>> drawn.name, drawn.note[:12]
    ('leaky_weights', 'beta^tau for')
    """

    name: str
    figure: Figure
    caption: str = ""
    note: str = ""

    def save(self, path, force=False, dpi=150):
        """Save atomically, as :func:`save_figure`; return the path."""
        return _save(self.figure, path, force, dpi=dpi)

    def show(self, block=None):
        """Show the figure in a window (see :func:`show`)."""
        show(self.figure, block=block)

    def _repr_png_(self):
        buffer = io.BytesIO()
        _print(self.figure, buffer, "png", 100)
        return buffer.getvalue()


def show(fig, block=None):
    """Show a figure built here in a window, outside Jupyter.

    The builders make figures without pyplot, so ``fig.show()`` alone has no
    window to use; this hands the figure to pyplot first (``plt.figure(fig)``,
    matplotlib >= 3.11) and calls ``plt.show``. With an older matplotlib, save
    it instead (:func:`save_figure`). Under a non-interactive backend (Agg)
    matplotlib warns and nothing opens.

    Parameters
    ----------
    fig : matplotlib.figure.Figure or DrawnFigure
    block : bool, optional
        Passed to :func:`matplotlib.pyplot.show`.

    Examples
    --------
    The doctests run under Agg, which has no window: the figure is handed to
    pyplot, nothing opens, and matplotlib's warning about it is silenced here.

    >>> import warnings
    >>> import matplotlib.pyplot as plt
    >>> from momentum_theory.figures import draw
    >>> fig = draw("scalar_gd").figure
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     try:
    ...         show(fig, block=False)
    ...     except RuntimeError:   # matplotlib < 3.11: save it instead
    ...         pass
    >>> plt.close(fig)
    """
    import matplotlib.pyplot as plt

    fig = getattr(fig, "figure", fig)
    if not isinstance(fig, Figure):
        raise TypeError(f"fig must be a matplotlib Figure, got {type(fig).__name__}")
    try:
        plt.figure(fig)  # adopts a Figure made without pyplot (matplotlib >= 3.11)
    except ValueError:
        raise RuntimeError("this matplotlib cannot show a figure made without pyplot "
                           "(needs matplotlib >= 3.11); save it with save_figure") from None
    plt.show(block=block)


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
    ...     from momentum_theory.figures import scalar_gd_figure
    ...     target = save_figure(scalar_gd_figure(), os.path.join(tmp, "gd.svg"))
    ...     target.read_text()[:5]
    '<?xml'
    """
    return _save(fig, path, force)


def _save(fig, path, force, before_publish=None, dpi=150):
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
            _print(fig, fh, fmt, dpi)
    except FileExistsError as exc:
        if isinstance(exc, _output.OutputConflict):
            raise
        raise _exists([target], target.parent) from None
    return target


#: The savefig settings under which drawing the figure once on an Agg canvas writes the same
#: PNG as ``savefig`` (a user's matplotlibrc may ask for more: then savefig does it).
_PLAIN_SAVEFIG = {"savefig.bbox": (None, "standard"), "savefig.facecolor": ("auto",),
                  "savefig.edgecolor": ("auto",), "savefig.transparent": (False,)}


def _print(fig, fh, fmt, dpi):
    """Write ``fig`` to the open file ``fh`` as ``fmt``: PNGs drawn once where that is the same."""
    if fmt == "png" and _draws_once(fig):
        _print_png_once(fig, fh, dpi)
    else:
        fig.savefig(fh, format=fmt, dpi=dpi, metadata=_METADATA[fmt])


def _draws_once(fig):
    return (fig.canvas.manager is None  # not a pyplot window: its canvas may be swapped
            and all(matplotlib.rcParams[key] in allowed for key, allowed in _PLAIN_SAVEFIG.items()))


def _print_png_once(fig, fh, dpi):
    """Write ``fig`` as a PNG after one layout and one draw.

    ``savefig`` draws a figure with a layout engine twice (the first pass, with
    rendering off, only places the Axes), and constrained layout runs on both
    passes; for the package's figures the second run moves nothing, so one
    draw on an Agg canvas at ``dpi`` gives the same bytes (checked by
    ``tests/test_figures.py``) in about 80 % of the time.
    """
    import matplotlib.image
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    old_canvas, old_dpi = fig.canvas, fig.dpi
    canvas = FigureCanvasAgg(fig)  # becomes fig.canvas until restored below
    try:
        fig.set_dpi(dpi)
        canvas.draw()
        matplotlib.image.imsave(fh, canvas.buffer_rgba(), format="png", origin="upper", dpi=dpi,
                                metadata=_METADATA["png"])
    finally:
        fig.set_dpi(old_dpi)
        fig.set_canvas(old_canvas)


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


def write_drawn(drawn, out, *, force=False, kind=None, progress=None, dpi=150):
    """Save figures already drawn as PNGs in ``out``: every target checked before the first write.

    Parameters
    ----------
    drawn : sequence of DrawnFigure, or dict of file stem -> Figure
    out : str or os.PathLike
        An existing folder.
    force : bool
        Replace files that a previous call of the same ``kind`` wrote.
    kind : str, optional
        Keep a manifest ``.momentum-<kind>.json`` (``"exercises"`` for
        ``momentum-theory exercises``) so that ``force`` can tell files this
        package wrote from a user's. None: no manifest, and ``force``
        replaces any file (the report writes into a fresh folder of its own).
    progress : callable, optional
        Called with each path as soon as it is written.
    dpi : int
        Resolution of the PNGs.

    Returns
    -------
    list of pathlib.Path

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     from momentum_theory.figures import draw
    ...     [p.name for p in write_drawn([draw("scalar_gd")], tmp)]
    ['scalar_gd.png']
    """
    if isinstance(drawn, dict):
        drawn = [DrawnFigure(stem, fig, CAPTIONS.get(stem, ""), fig.get_label())
                 for stem, fig in drawn.items()]
    drawn = list(drawn)
    if not all(isinstance(d, DrawnFigure) for d in drawn):
        raise TypeError("drawn must hold DrawnFigure records or be a dict of name -> Figure")
    out = Path(out)
    targets = [out / f"{d.name}.png" for d in drawn]
    keep = {t.name for t in targets}
    if kind is not None:
        keep.add(_output.Manifest.filename(kind))
    _output.clean_stale(out, names=keep)
    existing = [t for t in targets if os.path.lexists(t)]
    if existing and not force:
        raise _exists(existing, out)
    ledger = _Ledger(out, kind) if kind is not None else None
    if ledger is not None:
        foreign = ledger.foreign(existing)
        if foreign:
            raise _foreign(foreign, out, kind)
    written = []
    try:
        for record, target in zip(drawn, targets):
            _save(record.figure, target, force, dpi=dpi,
                  before_publish=ledger.before_publish(target, kind) if ledger else None)
            written.append(target)
            if progress is not None:
                progress(target)
    finally:
        if ledger is not None:
            with _output.signals_deferred():
                ledger.settle()
    return written


def build_and_write(builders, out_dir, fmt="png", force=False, progress=print, manifest=True):
    """Build each figure and write it to ``out_dir`` as ``<name>.<fmt>`` as soon as it is built.

    Every target is checked before anything is built or written, so a refused
    call leaves the folder as it was. Each file is written under a temporary
    name and renamed into place (an interrupted call leaves complete files
    only). The files written are recorded with their SHA-256 digests in
    ``out_dir/.momentum-figures.json``; ``force`` replaces only files listed
    there and unchanged, never a file the user put there. Temporary files left
    by killed runs on this host are removed first.
    :func:`momentum_theory.figures.write_figures` writes the chapter's figures
    through this.

    Parameters
    ----------
    builders : sequence of (str, callable)
        File stem and a function of no arguments returning a
        :class:`matplotlib.figure.Figure` (its label is the progress note).
    out_dir : str or os.PathLike
        Created (with parents) when missing.
    fmt : {"png", "svg", "pdf"}
    force : bool
        Overwrite existing files that a previous call wrote (see above);
        without it any existing target is an error.
    progress : callable or None
        Called with one line per figure as soon as it is written.
    manifest : bool
        Keep the manifest (the report turns it off: it has its own).

    Returns
    -------
    list of pathlib.Path
        The files written, in order.

    Raises
    ------
    ValueError
        Unknown format, or ``out_dir`` is not a folder.
    FileExistsError
        A target exists and ``force`` is false, or it exists and was not
        written by a previous call (all such targets are named).

    Examples
    --------
    >>> import tempfile
    >>> from momentum_theory.plots import new_figure
    >>> def blank():
    ...     fig = new_figure((2.0, 2.0))
    ...     fig.set_label("an empty figure")
    ...     return fig
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     paths = build_and_write([("blank", blank)], tmp, fmt="svg")
    ...     [p.name for p in paths]
    [1/1] wrote .../blank.svg: an empty figure
    ['blank.svg']
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
    chosen = list(builders)
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
