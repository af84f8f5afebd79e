r"""The verdict on a typed answer, and how it displays itself.

- :class:`CheckResult` -- what :func:`~momentum_theory.answers.check_answer`
  returns: the verdict, an explanation, the counterexample when wrong and the
  answer as SymPy read it; ``str()`` is the summary a terminal shows, ``repr()``
  one short line, and Jupyter shows ``_repr_html_`` (the verdict, the answer in
  LaTeX, the counterexample as a table);
- :data:`VERDICTS` -- ``"correct"``, ``"wrong"``, ``"undecided"``.

Examples
--------
>>> from momentum_theory.answers import check_answer
>>> r = check_answer(3, "minimizer", "Q^-1 c")
>>> r
<CheckResult 3 minimizer: wrong>
>>> print(r)  # doctest: +ELLIPSIS
exercise 3, part minimizer: wrong
  read as: Q**(-1)*c
  It differs from the reference on the instance below: values differ.
  counterexample:
    Q        = [[1]]
    c        = [[1]]
    b        = 0
    expected = -1
    yours    = 1
"""
from __future__ import annotations

import html
from dataclasses import dataclass, field

from momentum_theory.answers._common import printable

__all__ = ["CheckResult", "VERDICTS"]

#: The possible values of :attr:`CheckResult.verdict`.
VERDICTS = ("correct", "wrong", "undecided")

_WORDS = {"correct": "correct", "wrong": "wrong", "undecided": "could not decide"}
_COLOURS = {"correct": "#1a7f37", "wrong": "#cf222e", "undecided": "#9a6700"}


@dataclass(frozen=True, repr=False)
class CheckResult:
    """The verdict on one typed answer.

    Attributes
    ----------
    exercise, part : int, str
        What was checked.
    verdict : str
        ``"correct"``, ``"wrong"`` or ``"undecided"`` (could not decide within
        the size limits and the time and memory budget).
    explanation : str
        One or two sentences: how it was decided, or why it could not be.
    counterexample : dict or None
        When wrong: the instance (variable -> value; matrices as nested
        lists, fractions as ``"p/q"`` strings) with ``expected`` and ``yours``.
    parsed : SymPy object or None
        The answer as SymPy read it (matrix names as ``MatrixSymbol``).
    seconds : float or None
        Wall-clock time of the decision, from starting its worker to having
        its verdict (not compared by ``==``).
    boundary : str or None
        For a wrong region: where the counterexample lies with respect to the
        derived region (the boundary it violates, or "inside the region" and
        the answer's boundary that excludes it).
    label : str or None
        How the part is addressed in the chapter: ``"exercise 3"`` or a topic
        such as ``"leaky-averages"`` (:attr:`AnswerPart.label`).

    Examples
    --------
    >>> from momentum_theory.answers import check_answer
    >>> r = check_answer(1, "effective_weight", "1/(1-beta)")
    >>> r, r.correct, r.decided
    (<CheckResult 1 effective_weight: correct>, True, True)
    >>> "correct" in r._repr_html_()
    True
    """

    exercise: int
    part: str
    verdict: str
    explanation: str
    counterexample: dict | None = None
    parsed: object | None = None
    seconds: float | None = field(default=None, compare=False)
    boundary: str | None = None
    label: str | None = None

    def __post_init__(self):
        if self.verdict not in VERDICTS:
            raise ValueError(f"verdict must be one of {', '.join(VERDICTS)}, "
                             f"got {self.verdict!r}")

    @property
    def correct(self):
        """``True`` (correct), ``False`` (wrong) or ``None`` (undecided).

        ``None`` is falsy, so ``if result.correct:`` accepts only answers
        shown to be correct; test ``result.correct is False`` (or
        :attr:`verdict`) to tell a wrong answer from an undecided one.
        """
        return {"correct": True, "wrong": False}.get(self.verdict)

    @property
    def feedback(self) -> str:
        """What to tell the person who typed the answer: the explanation, and for
        a wrong region where its counterexample lies (:attr:`boundary`)."""
        return self.explanation + (f" The point is {self.boundary}." if self.boundary else "")

    @property
    def decided(self) -> bool:
        """Whether the verdict is ``"correct"`` or ``"wrong"``."""
        return self.verdict != "undecided"

    def summary(self) -> str:
        """A few lines for a terminal (also ``str(result)``)."""
        lines = [f"{self.label or f'exercise {self.exercise}'}, part {self.part}: "
                 f"{_WORDS[self.verdict]}"]
        if self.parsed is not None:
            lines.append(f"  read as: {printable(self.parsed)}")
        lines.append(f"  {self.explanation}")
        if self.boundary:
            lines.append(f"  the point is {self.boundary}")
        if self.counterexample:
            lines.append("  counterexample:")
            width = max(len(k) for k in self.counterexample)
            for key, value in self.counterexample.items():
                lines.append(f"    {key:<{width}} = {printable(value)}")
        return "\n".join(lines)

    __str__ = summary

    def __repr__(self) -> str:
        # One line, whatever the size of the answer: the details are in str().
        return f"<CheckResult {self.exercise} {self.part}: {self.verdict}>"

    def _repr_html_(self) -> str:
        word = _WORDS[self.verdict]
        where = html.escape((self.label or f"exercise {self.exercise}").capitalize())
        parts = [f"<p><strong>{where}, part {html.escape(self.part)}</strong>"
                 f" &mdash; <strong style=\"color: {_COLOURS[self.verdict]}\">{word}</strong></p>"]
        if self.parsed is not None:
            parts.append(f"<p><em>read as:</em> {_latex_html(self.parsed)}</p>")
        parts.append(f"<p>{html.escape(self.explanation, quote=False)}</p>")
        if self.boundary:
            parts.append(f"<p>The point is {html.escape(self.boundary, quote=False)}.</p>")
        if self.counterexample:
            rows = "".join(f"<tr><td>{html.escape(str(key), quote=False)}</td>"
                           f"<td><code>{html.escape(printable(value), quote=False)}</code></td></tr>"
                           for key, value in self.counterexample.items())
            parts.append("<table><caption>counterexample</caption><thead><tr><th>name</th>"
                         f"<th>value</th></tr></thead><tbody>{rows}</tbody></table>")
        return "<div>" + "".join(parts) + "</div>"


def _latex_html(expr) -> str:
    r"""Inline math for Jupyter (MathJax reads ``\( \)`` in HTML); plain text if SymPy cannot."""
    try:
        import sympy as sp
        latex = sp.latex(expr)
    except Exception:  # noqa: BLE001 - a display never fails: fall back to the text
        return f"<code>{html.escape(printable(expr), quote=False)}</code>"
    return r"\(" + html.escape(latex, quote=False) + r"\)"
