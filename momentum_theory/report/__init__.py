"""``momentum-theory report``: one folder to read top to bottom.

The report is assembled from sections (:data:`SECTIONS`, in reading order).
Each section computes with the library, writes its files into a partial
folder next to the target (``.NAME-partial-HOST-PID-XXXXXX``) and returns
Markdown plus entries for ``summary.json``. Only when every chosen section
has succeeded is the partial folder swapped into place (see
:func:`write_report`), so an interrupted or failing run never leaves a
half-written report behind, and a user's own files are never replaced.

Contents
--------
- :func:`write_report` -- write the folder; ``sections=`` chooses what goes in.
- :data:`SECTIONS` -- every section as a :class:`ReportSection` (name, what it
  holds, whether it is in the default set, the extra it needs);
  :func:`resolve_sections` turns ``"default,general-functions"`` into names.
- :class:`ReportError`, :data:`MANIFEST`.

The sections themselves live in private modules by theme: the chapter's
(``_sections_chapter``), beyond the chapter (``_sections_beyond``) and the
worst cases over a whole class (``_sections_classes``); ``_common`` holds what
they share.
"""
from __future__ import annotations

import contextlib
import json
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from momentum_theory import _output
from momentum_theory.report import _sections_beyond as _beyond
from momentum_theory.report import _sections_chapter as _chapter
from momentum_theory.report import _sections_classes as _classes
from momentum_theory.report import _words
from momentum_theory.report._common import _Context
from momentum_theory.report._errors import ReportError
from momentum_theory.report._parallel import _MAX_WORKERS
from momentum_theory.report._parallel import built_in_workers as _built_in_workers
from momentum_theory.report._markdown import anchor as _anchor

__all__ = ["ReportError", "ReportSection", "SECTIONS", "DEFAULT_SECTIONS", "MANIFEST",
           "FORMATS", "LANGUAGES", "resolve_sections", "resolve_formats", "write_report"]


@dataclass(frozen=True)
class ReportSection:
    """One section of the report, as ``--sections`` names it.

    Attributes
    ----------
    name : str
        The name ``sections=`` / ``--sections`` takes (``"stability-region"``).
    about : str
        One line saying what it holds.
    build : callable
        The section itself: a function of the build context.
    default : bool
        Written when no sections are chosen (``"default"``); an opt-in section
        is written only when named, or with ``"all"``.
    needs : tuple of (str, str)
        ``(module, extra)`` pairs: an optional dependency and the
        ``pip install 'momentum-theory[extra]'`` that provides it.
    part : str
        The part of the contents it belongs to: ``"chapter"``, ``"beyond"`` or
        ``"details"``.
    """

    name: str
    about: str
    build: object
    default: bool = True
    needs: tuple = ()
    #: Where the contents list it: ``"chapter"``, ``"beyond"`` (the chapter) or ``"details"``.
    part: str = "beyond"


#: Every section, in the order the report prints them: the chapter's story first (its
#: figures, region, experiment, claims, exercises), then beyond the chapter, then the
#: derivations in detail.
SECTIONS = (
    ReportSection("chapter-figures", "the chapter's five figures", _chapter.step_chapter_figures,
                  part="chapter"),
    ReportSection("stability-region", "the region confirmed on a grid and by root finding",
                  _chapter.step_region, part="chapter"),
    ReportSection("training", "the training runs against the least-squares floor",
                  _chapter.step_training, part="chapter"),
    ReportSection("claims", "every claim of the chapter, decided by computation (claims.json)",
                  _chapter.step_claims, part="chapter"),
    ReportSection("exercises", "the four exercises with their figures",
                  _chapter.step_exercises, part="chapter"),
    ReportSection("regimes", "regimes and critical damping", _beyond.step_regimes),
    ReportSection("tuning", "optimal tuning, derived and found numerically", _beyond.step_tuning),
    ReportSection("nesterov", "Nesterov's matrix and region", _beyond.step_nesterov),
    ReportSection("worst-case", "the exact finite-horizon worst case", _beyond.step_worst_case),
    ReportSection("methods", "every registered method compared at kappa = 100",
                  _beyond.step_methods),
    ReportSection("whole-spectrum", "the worst rate over [mu, L] as a map over (eta, beta), "
                  "its optimum and regions", _classes.step_whole_spectrum),
    ReportSection("counterexample", "a smooth strongly convex function on which Polyak's "
                  "heavy ball cycles", _classes.step_counterexample),
    ReportSection("general-functions", "worst cases over smooth strongly convex functions "
                  "(PEPit) against quadratics, at kappa = 25; about a minute",
                  _classes.step_general_functions, default=False,
                  needs=(("PEPit", "pep"),)),
    ReportSection("noise", "noisy gradients: the stationary covariance three ways",
                  _beyond.step_noise),
    ReportSection("explorer", "the interactive explorer, momentum-explorer.html, linked from "
                  "the top", _beyond.step_explorer),
    ReportSection("derivations", "every derivation of momentum_theory.symbolic, step by step",
                  _chapter.step_derivations, part="details"),
)

#: The sections written when none are chosen.
DEFAULT_SECTIONS = tuple(s.name for s in SECTIONS if s.default)

_KEYWORDS = {"default": DEFAULT_SECTIONS, "all": tuple(s.name for s in SECTIONS)}


def resolve_sections(sections=None):
    """The section names to write, in report order, from names and the keywords.

    Parameters
    ----------
    sections : str or sequence of str, optional
        Section names (:data:`SECTIONS`), as a sequence or one comma-separated
        string; ``"default"`` stands for :data:`DEFAULT_SECTIONS`, ``"all"`` for
        every section, opt-in ones included. None: the default set.

    Returns
    -------
    tuple of str
        Each name once, in the order of :data:`SECTIONS` (not the order given).

    Raises
    ------
    ValueError
        An unknown name (the message lists the valid ones) or no name at all.
    TypeError
        ``sections`` is neither a string nor a sequence of strings.

    Examples
    --------
    >>> resolve_sections("noise,regimes")
    ('regimes', 'noise')
    >>> resolve_sections("default") == DEFAULT_SECTIONS
    True
    >>> resolve_sections(["regime"])
    Traceback (most recent call last):
    ...
    ValueError: sections: unknown section 'regime'; valid: chapter-figures, ...
    """
    if sections is None:
        return DEFAULT_SECTIONS
    asked = _names_asked(sections, "sections", "section")
    if not asked:
        raise ValueError(f"sections: no section named; valid: {_valid_names()}")
    known = {s.name for s in SECTIONS}
    chosen = set()
    for name in asked:
        if name in _KEYWORDS:
            chosen.update(_KEYWORDS[name])
        elif name in known:
            chosen.add(name)
        else:
            raise ValueError(f"sections: unknown section {name!r}; valid: {_valid_names()}")
    return tuple(s.name for s in SECTIONS if s.name in chosen)


#: The formats of the report: its name -> the file it writes into the folder.
FORMATS = {"md": "README.md", "html": "report.html", "ipynb": "report.ipynb"}

#: The languages of the report's headings, captions, table heads and verdicts: English and
#: Turkish (the chapter's edition); the explanatory paragraphs are in English.
LANGUAGES = _words.LANGUAGES


def resolve_formats(formats=("md",)):
    """The formats to write, each once, in the order of :data:`FORMATS`.

    Parameters
    ----------
    formats : str or sequence of str
        Format names (``"md"``, ``"html"``), as a sequence or one
        comma-separated string (``"md,html"``).

    Returns
    -------
    tuple of str

    Raises
    ------
    ValueError
        An unknown format (the message lists the valid ones) or none at all.
    TypeError
        ``formats`` is neither a string nor a sequence of strings.

    Examples
    --------
    >>> resolve_formats("html,md")
    ('md', 'html')
    >>> resolve_formats(["pdf"])
    Traceback (most recent call last):
    ...
    ValueError: formats: unknown format 'pdf'; valid: md, html, ipynb
    """
    asked = _names_asked(formats, "formats", "format")
    valid = ", ".join(FORMATS)
    if not asked:
        raise ValueError(f"formats: no format named; valid: {valid}")
    for name in asked:
        if name not in FORMATS:
            raise ValueError(f"formats: unknown format {name!r}; valid: {valid}")
    return tuple(f for f in FORMATS if f in asked)


def _names_asked(value, argument, kind):
    """The non-empty names in a comma-separated string or a sequence of strings."""
    if isinstance(value, str):
        value = value.split(",")
    try:
        asked = [name.strip() for name in value]
    except (TypeError, AttributeError):
        raise TypeError(f"{argument} must be a comma-separated string or a sequence of {kind} "
                        f"names, got {type(value).__name__}") from None
    return [name for name in asked if name]


def _valid_names():
    return ", ".join([s.name for s in SECTIONS] + list(_KEYWORDS))


def _missing_extras(names):
    """``(section, module, extra)`` for each chosen section whose optional dependency is absent."""
    return [(section.name, module, extra) for section in SECTIONS if section.name in names
            for module, extra in section.needs if not _module_found(module)]


def _module_found(module):
    import importlib.util

    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def _steps(names):
    """``(name, build)`` for each chosen section, in report order."""
    return [(s.name, s.build) for s in SECTIONS if s.name in names]


_REAL_STEPS = _steps


def _worker_count(steps):
    """How many processes build the sections: 1 (in this process) unless they can run apart.

    In parallel only with the real section list (a patched ``_steps``, as the tests of
    interrupted runs use, runs in this process), where ``fork`` exists, and with at least
    two cores this process may use.
    """
    import multiprocessing

    if _steps is not _REAL_STEPS or len(steps) < 2:
        return 1
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return 1
    return max(1, min(cores, _MAX_WORKERS, len(steps)))


def _built_sections(steps, ctx):
    """``(name, section, seconds)`` for each step, in the order of ``steps``.

    With one worker the steps run here, one after the other. With more, forked
    processes build them (longest first, see ``_parallel._EXPECTED_SECONDS``), each writing
    its files into the same partial folder; the results come back in report order, with
    the LaTeX each section recorded merged into ``ctx.math`` in that order, so the
    report is the same as built here. A failing step raises :class:`ReportError`
    naming it; on any exit the workers still running are stopped and waited for.
    """
    workers = _worker_count(steps)
    if workers < 2:
        for name, step in steps:
            t0 = time.perf_counter()
            try:
                section = step(ctx)
            except Exception as exc:
                raise ReportError(f"step '{name}' failed: {type(exc).__name__}: {exc}") from exc
            yield name, section, time.perf_counter() - t0
        return
    yield from _built_in_workers(steps, ctx, workers)


MANIFEST = _output.Manifest.filename("report")


def _prepare_target(out: Path, force: bool):
    """Refuse an unusable target; return its state for the final re-check."""
    if not out.parent.is_dir():
        raise ReportError(f"folder {out.parent} does not exist",
                          cli=f"--out {out}: folder {out.parent} does not exist")
    try:
        state = _output.target_state(out, "report")
    except NotADirectoryError:
        raise ReportError(f"{out} exists and is not a folder",
                          cli=f"--out {out} exists and is not a folder") from None
    except OSError as exc:
        raise ReportError(f"cannot read {out}: {exc.strerror}",
                          cli=f"--out {out}: cannot read it: {exc.strerror}") from None
    kind, detail = state
    if kind == "foreign":
        names = _output.describe(detail)
        if _output.Manifest.load(out, "report") is None:
            names += f" (no {MANIFEST} manifest in it)"
        raise ReportError(
            f"{out} is not empty and holds files no report wrote: {names}; force=True replaces "
            "only a previous report, so choose another folder or move them away",
            cli=f"--out {out} is not empty and holds files no report wrote: {names}; --force "
                "replaces only a previous report, so choose another --out or move them away")
    if kind == "ours" and not force:
        raise ReportError(f"{out} is not empty; pass force=True to replace the report in it",
                          cli=f"--out {out} is not empty; pass --force to replace the report "
                              "in it")
    return state


def write_report(out="momentum-report", force=False, progress=print, dpi=110, data=None,
                 sections=None, formats=("md",), lang="en"):
    """Write the report folder (by default every default section) and return its path.

    The report is built in a partial folder beside ``out`` and swapped in
    only when complete: the old report is moved aside, the new one renamed
    in, the old one removed last. The files written are listed, with their
    SHA-256 digests, in the manifest ``out/.momentum-report.json``; only a
    folder that holds exactly such files (unchanged) counts as a previous
    report that ``force`` may replace. Anything else in ``out`` (a user's
    notes, a changed README) makes the call fail before any work, and is
    checked again just before the swap: if files appeared meanwhile, or another
    run put its report there first, nothing is replaced and the new report is
    left beside ``out`` as ``NAME.new-YYYYmmdd-HHMMSS`` (named in the error).

    Leftovers of killed runs on this host (``.NAME-partial-…`` folders, a
    previous report stranded as ``.NAME.old-…``) are removed or restored at
    the start of the next run; SIGINT/SIGTERM are held back during the swap
    (the folder renames assume POSIX semantics).

    Parameters
    ----------
    out : str or Path
        Target folder; it must not exist, be empty, or hold a previous report
        and ``force`` be true.
    force : bool
        Replace a previous report in ``out`` (never other files).
    progress : callable
        Called with one line per finished step (its name and time).
    dpi : int
        Resolution of the PNG figures.
    data : str or Path, optional
        The airfoil file for the training experiment, or ``"synthetic"`` for the
        synthetic set (:func:`momentum_theory.data.select_dataset`); default
        :func:`momentum_theory.data.default_dataset` (the package's copy of the
        airfoil data on a normal install; the report says which data it used).
    sections : str or sequence of str, optional
        Which sections to write (:func:`resolve_sections`: names, ``"default"``,
        ``"all"``); default :data:`DEFAULT_SECTIONS`. ``summary.json`` lists
        them under ``"sections"``.
    formats : str or sequence of str
        What to write the report as (:func:`resolve_formats`): ``"md"``
        (``README.md``, the default), ``"html"`` (``report.html``: one
        self-contained page, figures embedded, math as MathML, no script,
        a print stylesheet), ``"ipynb"`` (``report.ipynb``: a notebook whose
        cells recompute each section with the toolkit; needs the
        ``notebook`` extra), or several (``"md,html,ipynb"``). Figures, ``summary.json``
        and ``claims.json`` are written in every case.
    lang : str
        The language of the headings, captions, table heads and verdict words:
        ``"en"`` (default) or ``"tr"`` (Turkish, the chapter's edition; the
        explanatory paragraphs stay in English). The claims table quotes the
        chapter's Turkish sentence beside each statement in either language.

    Returns
    -------
    Path

    Raises
    ------
    ValueError, TypeError
        ``sections`` names an unknown section, ``formats`` an unknown format
        or ``lang`` an unsupported language (before any work).
    ReportError
        When a chosen section needs an extra that is not installed (before
        any work; the message names the extra), the target is unusable or a
        section fails (the message names it);
        nothing is left behind in that case, except a finished report that
        could not be put in place (``ReportError.kept``).

    Examples
    --------
    >>> write_report("/nonexistent-folder/report")
    Traceback (most recent call last):
    ...
    momentum_theory.report.ReportError: folder /nonexistent-folder does not exist
    """
    names = resolve_sections(sections)
    kinds = resolve_formats(formats)
    if lang not in LANGUAGES:
        raise ValueError(f"lang: one of {', '.join(LANGUAGES)}, got {lang!r}")
    missing = _missing_extras(names)
    if "ipynb" in kinds and not _module_found("nbformat"):
        raise ReportError("formats: ipynb needs nbformat, which is not installed: pip install "
                          "'momentum-theory[notebook]' (nothing was written)",
                          cli="--format ipynb needs nbformat, which is not installed: pip "
                              "install 'momentum-theory[notebook]' (nothing was written)")
    if missing:
        needs = "; ".join(f"{section} needs {module}, which is not installed: pip install "
                          f"'momentum-theory[{extra}]'" for section, module, extra in missing)
        raise ReportError(f"sections: {needs} (nothing was written)",
                          cli=f"--sections {needs} (nothing was written)")
    import matplotlib

    matplotlib.use("Agg")
    out = Path(out).resolve()
    if out.parent.is_dir():
        for note in _output.clean_stale(out.parent, names={out.name}, kind="report"):
            progress(note)
    expected = _prepare_target(out, force)
    try:
        tmp = _output.make_partial_folder(out)
    except OSError as exc:
        raise ReportError(f"cannot create a folder beside {out}: {exc.strerror}",
                          cli=f"--out {out}: cannot create a folder beside it: "
                              f"{exc.strerror}") from None
    placed = False
    try:
        (tmp / "figures").mkdir()
        ctx = _Context(root=tmp, dpi=dpi, data_path=data, lang=lang, sections=names)
        written, summary = [], {}
        start = time.perf_counter()
        steps = _steps(names)
        with contextlib.closing(_built_sections(steps, ctx)) as built:
            for i, (name, section, seconds) in enumerate(built, 1):
                # a section registered from outside (a test, a plug-in) keeps its own title
                if "section." + name in _words.keys():
                    section.title = ctx.say("section." + name)
                section.part = next((s.part for s in SECTIONS if s.name == name), "beyond")
                written.append(section)
                summary.update(section.summary)
                progress(f"[{i}/{len(steps)}] {name:<28} {seconds:6.1f} s")
        summary["sections"] = [name for name, _ in steps]
        _write_documents(tmp, written, summary, kinds, ctx)
        _output.Manifest.of_folder(tmp, "report").save()
        try:
            placed = _output.swap_folder(tmp, out, "report", expected, what="report")
        except _output.OutputConflict as exc:
            raise ReportError(str(exc), cli=f"--out {exc}", kept=exc.kept) from None
        if not placed:  # a held-back signal whose handler did not raise
            raise ReportError(f"interrupted; {out} was left as it was")
        progress(f"report written to {out} in {time.perf_counter() - start:.1f} s")
        return out
    except ReportError as exc:
        if exc.kept is None:
            _discard(tmp)
        raise
    except _output.Interrupted as exc:
        placed = placed or (not os.path.lexists(tmp) and os.path.isdir(out))
        if placed:
            exc.note = f"the new report was already in place at {out}"
        _discard(tmp)
        raise
    except BaseException:
        _discard(tmp)
        raise


def _discard(tmp: Path) -> None:
    with _output.signals_deferred():
        shutil.rmtree(tmp, ignore_errors=True)


def _write_documents(root: Path, sections, summary, kinds=("md",), ctx=None) -> None:
    say = ctx.say
    links = "".join(f"{text}\n\n" for s in sections for text in s.index_links)
    toc, number = [], 0
    for part in ("chapter", "beyond", "details"):
        entries = [s for s in sections if s.part == part]
        if entries:
            toc.append(f"**{say('doc.part-' + part)}**\n")
        for s in entries:
            number += 1
            toc.append(f"{number}. [{s.title}](#{_anchor(s.title)})")
        toc.append("")
    body = "\n\n".join(f"## {s.title}\n\n{s.markdown}" for s in sections)
    note = say("doc.language-note")
    text = (f"# {say('doc.title')}\n\n"
            + (f"*{note}*\n\n" if note else "")
            + f"Written by `momentum-theory report` ({_versions()}) on "
            f"{time.strftime('%Y-%m-%d %H:%M %Z')}. Every formula, number and figure below was "
            "computed while writing it; the key numbers are also in `summary.json`"
            + (", the claim checks with their evidence in `claims.json`"
               if (root / "claims.json").exists() else "")
            + ". The chapter is the \"Momentum\" chapter of *Dive into Deep Learning*; its "
            "story comes first, what the field adds beyond it next, the derivations in detail "
            "last.\n\n"
            f"{links}**{say('doc.contents')}**\n\n" + "\n".join(toc) + f"\n{body}\n")
    if "md" in kinds:
        (root / FORMATS["md"]).write_text(text, encoding="utf-8")
    if "html" in kinds:
        from momentum_theory.report import _html

        _html.write(root / FORMATS["html"], text, ctx.math, lang=ctx.lang)
    if "ipynb" in kinds:
        from momentum_theory.report import _notebook

        _notebook.write(root / FORMATS["ipynb"], summary["sections"], ctx)
    (root / "summary.json").write_text(json.dumps(summary, indent=2, sort_keys=True) + "\n",
                                       encoding="utf-8")


def _versions() -> str:
    import matplotlib
    import numpy
    import scipy
    import sympy

    from momentum_theory import __version__

    return (f"momentum_theory {__version__}; SymPy {sympy.__version__}, NumPy {numpy.__version__}, "
            f"SciPy {scipy.__version__}, matplotlib {matplotlib.__version__}")

