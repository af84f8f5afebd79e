r"""What a claim is, and what checking it gives.

Types
-----
- :class:`Verdict` -- what one check found about the formula it was handed.
- :class:`Correction` -- a candidate correction: LaTeX and the formula to check.
- :class:`Claim` -- one claim of the chapter: id, section, statement, source,
  the statement's content as data (``formula``) and the ``check`` deciding it.
- :class:`ClaimResult` -- the outcome of running a claim's check (and, when it
  fails, its corrections).
- :class:`Qualitative` -- a sentence of the chapter that no computation can
  decide, with the reason (and the claims that check what it implies).

Each displays itself: ``str()`` is a readable text, ``_repr_html_`` renders
the LaTeX statement in Jupyter.

Examples
--------
>>> v = Verdict(True, "1 - 1 simplifies to 0")
>>> print(v)
holds: 1 - 1 simplifies to 0
>>> c = Claim("one", "Summary", r"1 = 1", "1 = 1", 1, lambda f: Verdict(f == 1, f"got {f}"))
>>> print(c.run())
one (Summary): holds
  chapter:  1 = 1
  evidence: got 1
"""
from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any, Callable

from momentum_theory.claims._common import math_html, verdict_html, verdict_word, wrap

__all__ = ["Verdict", "Correction", "Claim", "ClaimResult", "Qualitative"]


@dataclass(frozen=True)
class Verdict:
    """What a check found.

    Attributes
    ----------
    holds : bool
        Whether the formula it was given agrees with the computation.
    evidence : str
        The computed facts behind the verdict.
    correction : str or None
        A correction the check computed itself (used when the claim has no
        candidate correction that verifies).
    """

    holds: bool
    evidence: str
    correction: str | None = None

    def __str__(self) -> str:
        text = wrap(f"{verdict_word(self.holds)}: ", self.evidence)
        if self.correction:
            text += f"\n  should read: {self.correction}"
        return text


@dataclass(frozen=True)
class Correction:
    """A candidate correction: LaTeX and the formula the claim's check is run on."""

    latex: str
    formula: Any

    def __str__(self) -> str:
        return self.latex

    def _repr_latex_(self) -> str:
        return f"${self.latex}$"


@dataclass(frozen=True, repr=False)
class Claim:
    """One claim of the chapter.

    Attributes
    ----------
    id : str
        Short slug, e.g. ``"gradient"``.
    section : str
        The chapter section, in English.
    statement : str
        The claim as the chapter writes it, in LaTeX (prose in ``\\text``).
    source : str
        The passage of the (Turkish) chapter it comes from, verbatim.
    formula : object
        The statement's content as data, in the form ``check`` expects.
    check : callable
        ``check(formula) -> Verdict``.
    corrections : tuple of Correction
        Candidates tried, in order, when the claim fails.
    """

    id: str
    section: str
    statement: str
    source: str
    formula: Any
    check: Callable[[Any], Verdict]
    corrections: tuple = ()

    def run(self) -> "ClaimResult":
        """Run the check on the chapter's formula (and on corrections if it fails).

        Examples
        --------
        >>> c = Claim("two", "Summary", "1 + 1 = 3", "", 3,
        ...           lambda f: Verdict(f == 2, f"1 + 1 = 2, stated {f}"), (Correction("1 + 1 = 2", 2),))
        >>> r = c.run()
        >>> r.holds, r.correction
        (False, '1 + 1 = 2')
        """
        verdict = self.check(self.formula)
        correction = None
        evidence = verdict.evidence
        if not verdict.holds:
            for cand in self.corrections:
                fixed = self.check(cand.formula)
                if fixed.holds:
                    correction = cand.latex
                    evidence += f" || corrected form passes the same check: {fixed.evidence}"
                    break
            else:
                correction = verdict.correction or (
                    r"\text{no candidate correction verified; see the evidence}")
        return ClaimResult(id=self.id, section=self.section, statement=self.statement,
                           holds=bool(verdict.holds), evidence=evidence, correction=correction)

    def __repr__(self) -> str:
        return f"<Claim {self.id} ({self.section})>"

    def __str__(self) -> str:
        return f"{self.id} ({self.section}): {self.statement}"

    def _repr_html_(self) -> str:
        rows = [f"<p><strong>{html.escape(self.id)}</strong> &mdash; {html.escape(self.section)}</p>",
                f"<p>{math_html(self.statement)}</p>",
                f"<p><em>chapter:</em> {html.escape(self.source)}</p>"]
        return "<div>" + "".join(rows) + "</div>"


@dataclass(frozen=True, repr=False)
class ClaimResult:
    """The outcome of one check.

    ``error`` is set (and ``holds`` is False) when the check itself crashed.

    Examples
    --------
    >>> r = ClaimResult("x", "Summary", "1 = 2", False, "1 - 2 = -1", "1 = 1")
    >>> r
    <ClaimResult x: fails>
    >>> print(r)
    x (Summary): fails
      chapter:     1 = 2
      should read: 1 = 1
      evidence:    1 - 2 = -1
    """

    id: str
    section: str
    statement: str
    holds: bool
    evidence: str
    correction: str | None
    error: str | None = None

    def to_dict(self) -> dict:
        """The JSON record: id, section, statement, holds, evidence, correction.

        Examples
        --------
        >>> list(ClaimResult("x", "Summary", "1 = 1", True, "0 = 0", None).to_dict())
        ['id', 'section', 'statement', 'holds', 'evidence', 'correction']
        """
        return {"id": self.id, "section": self.section, "statement": self.statement,
                "holds": self.holds, "evidence": self.evidence, "correction": self.correction}

    @property
    def verdict(self) -> str:
        """``"holds"``, ``"fails"`` or ``"ERROR"`` (the check crashed)."""
        return verdict_word(self.holds, self.error)

    @property
    def note(self) -> str:
        """One line for a table: the correction, the crash, or the head of the evidence."""
        if self.error:
            return f"check crashed: {self.error}"
        if self.correction:
            return f"should read: {self.correction}"
        return self.evidence.split(";")[0]

    def __repr__(self) -> str:
        return f"<ClaimResult {self.id}: {self.verdict}>"

    def __str__(self) -> str:
        labels = [("chapter:", self.statement)]
        if self.error:
            labels.append(("check crashed:", self.error))
        else:
            if self.correction:
                labels.append(("should read:", self.correction))
            labels.append(("evidence:", self.evidence))
        width = max(len(label) for label, _ in labels) + 1
        lines = [f"{self.id} ({self.section}): {self.verdict}"]
        # LaTeX stays on one line (a formula cut in two is unreadable); prose is wrapped.
        lines += [wrap(f"  {label:<{width}}", body) if label == "evidence:"
                  else f"  {label:<{width}}{body}" for label, body in labels]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        rows = [f"<p><strong>{html.escape(self.id)}</strong> &mdash; {html.escape(self.section)}"
                f" &mdash; {verdict_html(self.verdict)}</p>",
                f"<p><em>chapter:</em> {math_html(self.statement)}</p>"]
        if self.error:
            rows.append(f"<p><em>check crashed:</em> <code>{html.escape(self.error)}</code></p>")
        elif self.correction:
            rows.append(f"<p><em>should read:</em> {math_html(self.correction)}</p>")
        rows.append(f"<details><summary>evidence</summary><p>{html.escape(self.evidence)}</p>"
                    "</details>")
        return "<div>" + "".join(rows) + "</div>"


@dataclass(frozen=True, repr=False)
class Qualitative:
    """A sentence of the chapter that is only qualitative: listed, not checked.

    Attributes
    ----------
    id : str
        Short slug, distinct from every claim's.
    section : str
        The chapter section, in English.
    source : str
        The sentence (Turkish), verbatim.
    reason : str
        Why no computation decides it.
    covered_by : tuple of str
        Ids of claims that check what the sentence implies, if any.

    Examples
    --------
    >>> q = Qualitative("heavy-ball-image", "Leaky averages", "ağır bir top", "an analogy", ())
    >>> q
    <Qualitative heavy-ball-image>
    >>> print(q)
    heavy-ball-image (Leaky averages): qualitative -- an analogy
      chapter: ağır bir top
    """

    id: str
    section: str
    source: str
    reason: str
    covered_by: tuple = ()

    def __repr__(self) -> str:
        return f"<Qualitative {self.id}>"

    def __str__(self) -> str:
        lines = [f"{self.id} ({self.section}): qualitative -- {self.reason}", f"  chapter: {self.source}"]
        if self.covered_by:
            lines.append("  checked instead by: " + ", ".join(self.covered_by))
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        covered = (f"<p><em>checked instead by:</em> {html.escape(', '.join(self.covered_by))}</p>"
                   if self.covered_by else "")
        return (f"<div><p><strong>{html.escape(self.id)}</strong> &mdash; {html.escape(self.section)}"
                f" &mdash; qualitative</p><p><em>chapter:</em> {html.escape(self.source)}</p>"
                f"<p><em>why:</em> {html.escape(self.reason)}</p>{covered}</div>")
