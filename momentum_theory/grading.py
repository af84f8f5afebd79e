r"""Grading a class: every answer of a CSV file decided as ``check`` decides one.

:func:`grade_csv` turns ``ANSWERS.csv`` into ``GRADES.csv`` and
``GRADES-summary.csv`` (:func:`summary_path`), written atomically and never
over existing files unless ``force=True``; :func:`grade_rows` grades rows in
memory; :func:`read_answers` reads an answers file with the line of each row.

Each answer goes to :func:`momentum_theory.answers.check_answers`, the
many-answer form of :func:`~momentum_theory.answers.check_answer`: it is
decided in its own forked worker under the same time and memory budget as
``momentum-theory check`` (2 s and 200 MiB by default), a few workers at a
time, so one slow or hostile answer ends as "could not decide" and never holds
up the rest. Identical answers to the same part are decided once: the key is
the part, the given values and the answer with its spaces, tabs and line
breaks collapsed to one space (the answer grammar treats any run of them as
one separator), so a class whose answers repeat is graded quickly.

Verdicts, one per row: ``correct``, ``wrong``, ``could not decide`` (the
three of ``check``), ``unreadable`` (``check`` refuses the answer: syntax, a
name or a size not allowed; ``check`` exits 2 on it) and ``malformed`` (the
row itself: a missing field, an unknown part, an empty answer or student,
bytes that are not UTF-8, a field over :data:`MAX_FIELD` characters, or an
unusable ``given``). Malformed rows keep their line number and everything
else is graded.

Examples
--------
>>> rows = [{"student": "ana", "part": "3 minimizer", "answer": "-Q^-1 c"},
...         {"student": "bo", "part": "minimizer", "answer": "Q^-1 c"},
...         {"student": "cy", "part": "3 maximizer", "answer": "c"}]
>>> [g.verdict for g in grade_rows(rows)]
['correct', 'wrong', 'malformed']
"""
from __future__ import annotations

import json
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from momentum_theory import _output
from momentum_theory._class_csv import (ADDED_COLUMNS, DELIMITERS, MAX_FILE_BYTES,
                                        REQUIRED_COLUMNS, read_answers)
from momentum_theory._class_csv import csv_bytes as _csv_bytes
from momentum_theory._class_csv import read_with_style as _read_with_style

__all__ = ["grade_rows", "grade_csv", "read_answers", "summary_path", "GradedRow",
           "GradeSummary", "VERDICTS", "REQUIRED_COLUMNS", "ADDED_COLUMNS", "SUMMARY_COLUMNS",
           "MAX_FIELD", "MAX_FILE_BYTES", "DELIMITERS"]

#: The verdict of a graded row, in the order the summary counts them.
VERDICTS = ("correct", "wrong", "could not decide", "unreadable", "malformed")
#: Columns of the summary file.
SUMMARY_COLUMNS = ("part", "answers", "correct", "wrong", "could_not_decide", "unreadable",
                   "malformed")
#: Longest field accepted, in characters (an answer is at most 400 anyway).
MAX_FIELD = 10_000

_WORDS = {"correct": "correct", "wrong": "wrong", "undecided": "could not decide"}
_SPACES = re.compile(r"[ \t\r\n]+")
_UNKNOWN = "(unknown part)"


@dataclass(frozen=True)
class GradedRow:
    """One graded row.

    Attributes
    ----------
    line : int
        Line of the answers file where the row starts (the header is line 1).
    fields : dict
        The row's columns as read (every input column, in the input's order).
    part : str or None
        The part as ``"EXERCISE NAME"`` (``"3 minimizer"``), ``None`` when unknown.
    verdict : str
        One of :data:`VERDICTS`.
    feedback : str
        How it was decided, or what is wrong with the row.
    counterexample : dict or None
        Where a wrong answer differs (as in :class:`~momentum_theory.answers.CheckResult`).
    result : CheckResult or None
        The checker's record, ``None`` for unreadable and malformed rows.

    Examples
    --------
    >>> g = grade_rows([{"student": "bo", "part": "1 effective_weight", "answer": "1/(1+beta)"}])[0]
    >>> g.line, g.part, g.verdict, "expected" in json.loads(g.csv_fields()["counterexample"])
    (2, '1 effective_weight', 'wrong', True)
    """

    line: int
    fields: dict
    part: str | None
    verdict: str
    feedback: str
    counterexample: dict | None = None
    result: object | None = field(default=None, compare=False)

    def csv_fields(self) -> dict:
        """The row of ``GRADES.csv``: the input columns, then :data:`ADDED_COLUMNS`
        (the counterexample as JSON)."""
        example = ("" if self.counterexample is None else
                   json.dumps(self.counterexample, ensure_ascii=False, default=str))
        return {**self.fields, "line": str(self.line), "verdict": self.verdict,
                "feedback": self.feedback, "counterexample": example}


@dataclass
class GradeSummary:
    """What :func:`grade_csv` did.

    Attributes
    ----------
    counts : dict
        Part (``"3 minimizer"``, ``"(unknown part)"``) -> verdict -> number of rows.
    malformed : list of (int, str)
        Line and reason of every malformed row.
    rows : int
        Rows graded (malformed ones included; blank lines are skipped).
    decisions : int
        Distinct answers decided (identical answers to a part are decided once).
    seconds : float
        Wall-clock time of reading, grading and writing.
    out, summary_out : Path or None
        The files written (``None`` from :func:`grade_rows` alone).

    Examples
    --------
    >>> s = GradeSummary({"3 minimizer": {"correct": 2, "wrong": 1}}, [], 3, 2, 1.5)
    >>> s.total("correct"), s.answers_per_second
    (2, 2.0)
    """

    counts: dict
    malformed: list
    rows: int
    decisions: int
    seconds: float
    out: Path | None = None
    summary_out: Path | None = None

    def total(self, verdict) -> int:
        """Rows with this verdict over every part."""
        return sum(c.get(verdict, 0) for c in self.counts.values())

    @property
    def answers_per_second(self) -> float:
        """Rows graded per second of wall-clock time."""
        return self.rows / self.seconds if self.seconds > 0 else float("inf")

    def table_rows(self) -> list:
        """The summary as rows of :data:`SUMMARY_COLUMNS`, one per part, then ``all``."""
        out = []
        for part, counts in list(self.counts.items()) + [("all", {v: self.total(v)
                                                                   for v in VERDICTS})]:
            out.append([part, sum(counts.get(v, 0) for v in VERDICTS)]
                       + [counts.get(v, 0) for v in VERDICTS])
        return out

    def table(self) -> str:
        """The summary as an aligned text table (what ``grade`` prints).

        Examples
        --------
        >>> print(GradeSummary({"3 minimizer": {"correct": 2, "wrong": 1}}, [], 3, 2, 1.0).table())
        part         answers  correct  wrong  could_not_decide  unreadable  malformed
        3 minimizer  3        2        1      0                 0           0
        all          3        2        1      0                 0           0
        """
        rows = [list(SUMMARY_COLUMNS)] + [[str(c) for c in r] for r in self.table_rows()]
        widths = [max(len(r[i]) for r in rows) for i in range(len(SUMMARY_COLUMNS))]
        return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows)


# -- parts and given values --------------------------------------------------------------

def _parts():
    from momentum_theory.answers import answer_parts
    return answer_parts()


def _resolve_part(text):
    """``(exercise, name)`` for ``"3 minimizer"``, ``"3:minimizer"``, ``"3/minimizer"`` or a
    name that only one exercise has (``"minimizer"``); ValueError says why not."""
    from momentum_theory.answers import find_part
    words = [w for w in re.split(r"[\s:/]+", text.strip()) if w]
    if len(words) == 2:
        try:
            spec = find_part(words[0], words[1])
        except (ValueError, TypeError) as exc:
            raise ValueError(f"unknown part {text!r}: {exc}") from None
        return spec.exercise, spec.name
    if len(words) == 1:
        key = words[0].lower().replace("-", "_")
        found = [p for p in _parts() if p.name == key]
        if len(found) == 1:
            return found[0].exercise, found[0].name
        if found:
            raise ValueError(f"part {text!r} belongs to several exercises "
                             f"({', '.join(str(p.exercise) for p in found)}); write e.g. "
                             f"'{found[0].exercise} {found[0].name}'")
    raise ValueError(f"unknown part {text!r}; write it as 'EXERCISE PART' from "
                     "'momentum-theory check --list', e.g. '3 minimizer'")


def _given(text):
    """``"beta=0.9; t=3000"`` -> ``(("beta", "0.9"), ("t", "3000"))``."""
    items = []
    for item in filter(str.strip, (text or "").split(";")):
        name, sep, value = item.partition("=")
        if not sep or not name.strip() or not value.strip():
            raise ValueError(f"given takes NAME=VALUE items separated by ';', got {item.strip()!r}")
        items.append((name.strip(), value.strip()))
    return tuple(sorted(items))


# -- grading -------------------------------------------------------------------------------

def _check_row(row):
    """(key, part label) for a usable row, or raise ValueError with the reason."""
    problem = row.get("\0problem")
    if problem:
        raise ValueError(problem)
    for column in REQUIRED_COLUMNS:
        if not isinstance(row.get(column), str):
            raise ValueError(f"no text in column {column!r}")
    for column, value in row.items():
        if isinstance(value, str) and len(value) > MAX_FIELD:
            raise ValueError(f"field {column!r} has {len(value)} characters (at most {MAX_FIELD})")
    if not row["student"].strip():
        raise ValueError("empty student")
    exercise, name = _resolve_part(row["part"])
    answer = _SPACES.sub(" ", row["answer"]).strip()
    if not answer:
        raise ValueError("empty answer")
    given = _given(row.get("given"))
    return (exercise, name, given, answer), f"{exercise} {name}"


def grade_rows(rows, *, time_limit=None, memory_limit=None, jobs=None, seed=0, progress=None,
               lines=None, stats=None):
    """Grade answers: one :class:`GradedRow` per row, in order.

    Parameters
    ----------
    rows : iterable of mappings
        Each with ``student``, ``part`` (``"3 minimizer"``, or a part name
        only one exercise has) and ``answer``; an optional ``given``
        (``"beta=0.9; t=3000"``) fixes variables as ``check --given`` does;
        other keys are kept.
    time_limit, memory_limit : optional
        The budget of each decision (default: that of ``check``, 2 s and
        200 MiB; see :func:`~momentum_theory.answers.check_answer`).
    jobs : int, optional
        Decisions running at the same time (default: the CPUs, at most 4).
    seed : int
        Seed of the checker's random instances.
    progress : callable, optional
        ``progress(done, total)`` after each batch of decisions.
    lines : sequence of int, optional
        Line number of each row (default 2, 3, ...: a header on line 1).
    stats : dict, optional
        Filled with ``decisions``: the number of distinct answers decided.

    Returns
    -------
    list of GradedRow

    Examples
    --------
    >>> out = grade_rows([{"student": "ana", "part": "2 gd_region", "answer": "0 < h < 2"},
    ...                   {"student": "bo", "part": "2 gd_region", "answer": "0<h<2"},
    ...                   {"student": "cy", "part": "2 gd_region", "answer": "import os"}])
    >>> [(g.line, g.verdict) for g in out]
    [(2, 'correct'), (3, 'correct'), (4, 'unreadable')]
    """
    from momentum_theory.answers import MEMORY_LIMIT, TIME_LIMIT, AnswerError, check_answers

    if isinstance(rows, (str, bytes)) or not hasattr(rows, "__iter__"):
        raise TypeError(f"rows must be an iterable of mappings, got {type(rows).__name__}")
    rows = list(rows)
    lines = list(range(2, len(rows) + 2) if lines is None else lines)
    if len(lines) != len(rows):
        raise ValueError(f"lines must give one line number per row ({len(rows)}), got {len(lines)}")
    if jobs is None:
        jobs = max(1, min(4, os.cpu_count() or 1))
    if isinstance(jobs, bool) or not isinstance(jobs, int) or not 1 <= jobs <= 64:
        raise ValueError(f"jobs must be a whole number from 1 to 64, got {jobs!r}")
    if progress is not None and not callable(progress):
        raise TypeError(f"progress must be a callable progress(done, total), "
                        f"got {type(progress).__name__}")
    time_limit = TIME_LIMIT if time_limit is None else time_limit
    memory_limit = MEMORY_LIMIT if memory_limit is None else memory_limit
    planned, keys = [], {}  # per row: (key, label) or the reason it is malformed
    for index, row in enumerate(rows):
        if not hasattr(row, "get") or not hasattr(row, "items"):
            raise TypeError(f"rows[{index}] must be a mapping of column -> text, "
                            f"got {type(row).__name__}")
        try:
            key, label = _check_row(row)
        except ValueError as exc:
            planned.append(str(exc))
            continue
        planned.append((key, label))
        keys.setdefault(key, 0)
        keys[key] += 1
    total = len(rows)
    done = sum(1 for p in planned if isinstance(p, str))
    decided = {}
    order = list(keys)
    batch = max(8, 4 * jobs)
    if progress is not None:
        progress(done, total)
    for start in range(0, len(order), batch):
        chunk = order[start:start + batch]
        items = [(k[0], k[1], k[3], dict(k[2]) or None) for k in chunk]
        for key, outcome in zip(chunk, check_answers(items, seed=seed, time_limit=time_limit,
                                                      memory_limit=memory_limit, jobs=jobs)):
            decided[key] = outcome
            done += keys[key]
        if progress is not None:
            progress(done, total)
    if stats is not None:
        stats["decisions"] = len(order)
    out = []
    for row, line, plan in zip(rows, lines, planned):
        fields = {k: v for k, v in row.items() if k != "\0problem"}
        if isinstance(plan, str):
            label = None
            try:
                label = "{} {}".format(*_resolve_part(str(row.get("part") or "")))
            except ValueError:
                pass
            out.append(GradedRow(line, fields, label, "malformed", f"line {line}: {plan}"))
            continue
        key, label = plan
        outcome = decided[key]
        if isinstance(outcome, AnswerError):
            out.append(GradedRow(line, fields, label, "unreadable",
                                 f"The answer cannot be read: {outcome}"))
        elif isinstance(outcome, Exception):  # a given value the part refuses
            out.append(GradedRow(line, fields, label, "malformed", f"line {line}: {outcome}"))
        else:
            feedback = getattr(outcome, "feedback", None) or outcome.explanation
            out.append(GradedRow(line, fields, label, _WORDS[outcome.verdict], feedback,
                                 outcome.counterexample, outcome))
    return out


def _summarise(graded):
    order = {f"{p.exercise} {p.name}": i for i, p in enumerate(_parts())}
    counts = {}
    for g in graded:
        label = g.part or _UNKNOWN
        counts.setdefault(label, {v: 0 for v in VERDICTS})[g.verdict] += 1
    ordered = dict(sorted(counts.items(), key=lambda kv: order.get(kv[0], len(order))))
    malformed = [(g.line, g.feedback.split(": ", 1)[1]) for g in graded if g.verdict == "malformed"]
    return ordered, malformed


# -- files -----------------------------------------------------------------------------------

def summary_path(out):
    """Where the summary of ``out`` goes: ``GRADES.csv`` -> ``GRADES-summary.csv``.

    Parameters
    ----------
    out : path
        The grades file.

    Returns
    -------
    Path
        Beside ``out``, its stem with ``-summary`` (``.csv`` if it has no suffix).

    Examples
    --------
    >>> summary_path("marks/GRADES.csv").as_posix()
    'marks/GRADES-summary.csv'
    """
    out = Path(out)
    return out.with_name(f"{out.stem}-summary{out.suffix or '.csv'}")


def _refuse_existing(targets):
    there = [t for t in targets if os.path.lexists(t)]
    if there:
        names = _output.describe(t.name for t in there)
        verb = "exists" if len(there) == 1 else "exist"
        raise _output.OutputConflict(
            f"{names} already {verb} in {there[0].parent}; pass force=True to overwrite",
            paths=there, cli=f"{names} already {verb} in {there[0].parent}; pass --force to "
                             f"replace {'it' if len(there) == 1 else 'them'} (nothing was written)")
    for t in targets:
        if not t.parent.is_dir():
            raise FileNotFoundError(2, "No such folder", str(t.parent))


def grade_csv(path_in, path_out, force=False, *, summary_out=None, time_limit=None,
              memory_limit=None, jobs=None, seed=0, progress=None):
    """Grade ``path_in`` into ``path_out`` and its summary file.

    Parameters
    ----------
    path_in : path
        The answers: a UTF-8 CSV with a header naming ``student``, ``part``
        and ``answer`` (any order; other columns, ``given`` included, are kept).
    path_out : path
        The grades: the input columns, then ``line``, ``verdict``,
        ``feedback`` and ``counterexample`` (JSON), one row per input row
        in the input's order.
    force : bool
        Replace ``path_out`` and the summary if they exist (default: refuse,
        before any work, with :class:`FileExistsError`).
    summary_out : path, optional
        The per-part counts (:data:`SUMMARY_COLUMNS`, one row per part and a
        last ``all`` row); default :func:`summary_path` of ``path_out``.
    time_limit, memory_limit, jobs, seed, progress
        As for :func:`grade_rows`.

    Returns
    -------
    GradeSummary

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     answers = Path(tmp) / "answers.csv"
    ...     _ = answers.write_text("student,part,answer,group\\n"
    ...                            "ana,3 minimizer,-Q^-1 c,A\\nbo,3 minimizer,,B\\n")
    ...     s = grade_csv(answers, Path(tmp) / "grades.csv")
    ...     grades = (Path(tmp) / "grades.csv").read_text().splitlines()
    >>> s.counts["3 minimizer"]["correct"], s.malformed
    (1, [(3, 'empty answer')])
    >>> grades[0]
    'student,part,answer,group,line,verdict,feedback,counterexample'
    """
    began = time.monotonic()
    path_in, path_out = Path(path_in), Path(path_out)
    summary_out = summary_path(path_out) if summary_out is None else Path(summary_out)
    if not isinstance(force, bool):
        raise TypeError(f"force must be True or False, got {type(force).__name__}")
    targets = [path_out, summary_out]
    if len({p.resolve() for p in [path_in] + targets}) < 3:
        raise ValueError("path_out: the grades and the summary must be new files, "
                         f"other than the answers {path_in} and each other")
    if not force:
        _refuse_existing(targets)
    columns, read, style = _read_with_style(path_in)
    stats = {}
    graded = grade_rows([row for _, row in read], lines=[line for line, _ in read],
                        time_limit=time_limit, memory_limit=memory_limit, jobs=jobs, seed=seed,
                        progress=progress, stats=stats)
    header = columns + list(ADDED_COLUMNS)
    grades = _csv_bytes(header, [[g.csv_fields().get(c, "") for c in header] for g in graded],
                        **style)
    counts, malformed = _summarise(graded)
    summary = GradeSummary(counts, malformed, len(graded), stats["decisions"], 0.0,
                           path_out, summary_out)
    table = _csv_bytes(list(SUMMARY_COLUMNS), summary.table_rows(), **style)
    for target, data in ((path_out, grades), (summary_out, table)):
        try:
            with _output.atomic_file(target, replace=force) as fh:
                fh.write(data)
        except FileExistsError as exc:
            if isinstance(exc, _output.OutputConflict):
                raise
            _refuse_existing([target])
            raise
    summary.seconds = time.monotonic() - began
    return summary
