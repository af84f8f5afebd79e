r"""Running the checks of the catalogue.

Functions
---------
- :func:`catalogue` -- every claim, in chapter order.
- :func:`verify` -- run the check of one claim.
- :func:`verify_all` -- run every check (or a chosen few), never raising on a crashed check.
- :func:`format_table` -- a plain-text table of results.

Types
-----
- :class:`ClaimResults` -- the list :func:`verify_all` returns: ``str()``
  is the table, ``_repr_html_`` an HTML table for Jupyter.

When a claim fails, its candidate corrections are run through the same check,
and the first one that passes is reported as the correction.

Examples
--------
>>> r = verify("effective-samples-0.9")
>>> r.holds, r.correction
(True, None)
>>> r = verify("gradient")
>>> r.holds
False
>>> print(r.correction)
\partial_{\mathbf{x}} h(\mathbf{x}) = \mathbf{Q} (\mathbf{x} + \mathbf{Q}^{-1} \mathbf{c})
"""
from __future__ import annotations

import html
import traceback

from momentum_theory import _validation as _v
from momentum_theory.claims import chapter
from momentum_theory.claims._common import math_html, verdict_html
from momentum_theory.claims.claim import ClaimResult

__all__ = ["ClaimResults", "catalogue", "verify", "verify_all", "format_table"]


def catalogue() -> tuple:
    """All claims, in chapter order.

    Examples
    --------
    >>> claims = catalogue()
    >>> len(claims) >= 15, claims[0].id
    (True, 'minibatch-gradient')
    """
    # Read at call time, so that a patched catalogue (in tests) is the one run.
    return chapter.CLAIMS


def _by_id(claim_id):
    for claim in catalogue():
        if claim.id == claim_id:
            return claim
    known = ", ".join(c.id for c in catalogue())
    raise ValueError(f"claim_id must be one of: {known}; got {claim_id!r}")


def _safe_run(claim) -> ClaimResult:
    try:
        return claim.run()
    except Exception as exc:  # a crashed check is reported, not hidden or fatal
        detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        return ClaimResult(id=claim.id, section=claim.section, statement=claim.statement,
                           holds=False, evidence=f"check crashed: {detail}", correction=None,
                           error=detail)


def verify(claim_id) -> ClaimResult:
    """Run the check of one claim.

    Parameters
    ----------
    claim_id : str
        The claim's ``id``.

    Returns
    -------
    ClaimResult

    Raises
    ------
    TypeError, ValueError
        If ``claim_id`` is not a string, or names no claim.

    Examples
    --------
    >>> verify("momentum-region").holds
    True
    """
    if not isinstance(claim_id, str):
        raise TypeError(f"claim_id must be a str, got {type(claim_id).__name__}")
    return _safe_run(_by_id(claim_id))


def format_table(results, note_width=90) -> str:
    """A plain-text table of results: id, section, holds/fails, note, and a count.

    Parameters
    ----------
    results : list of ClaimResult
    note_width : int
        Notes longer than this are cut (the JSON output has them whole).

    Examples
    --------
    >>> r = ClaimResult("x", "Summary", "1 = 1", True, "computed 1 - 1 = 0", None)
    >>> print(format_table([r]))
    id  section  verdict  note
    x   Summary  holds    computed 1 - 1 = 0
    <BLANKLINE>
    1 claims: 1 hold, 0 fail, 0 checks crashed
    """
    width = _v.count(note_width, "note_width", minimum=10)
    rows = [("id", "section", "verdict", "note")]
    for r in results:
        note = r.note if len(r.note) <= width else r.note[:width - 3] + "..."
        rows.append((r.id, r.section, r.verdict, note))
    cols = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = ["  ".join([row[0].ljust(cols[0]), row[1].ljust(cols[1]), row[2].ljust(cols[2]), row[3]]).rstrip()
             for row in rows]
    lines += ["", _count_line(results)]
    return "\n".join(lines)


def _count_line(results) -> str:
    n_err = sum(1 for r in results if r.error)
    n_hold = sum(1 for r in results if r.holds)
    return (f"{len(results)} claims: {n_hold} hold, {len(results) - n_hold - n_err} fail, "
            f"{n_err} checks crashed")


class ClaimResults(list):
    """A list of :class:`~momentum_theory.claims.claim.ClaimResult` that displays as a table.

    ``str()`` is :func:`format_table`; in Jupyter, ``_repr_html_`` gives a
    table with the statements and corrections typeset.

    Examples
    --------
    >>> results = verify_all(["minimum", "gradient"])
    >>> [r.verdict for r in results]
    ['holds', 'fails']
    >>> print(str(results).splitlines()[-1])
    2 claims: 1 hold, 1 fail, 0 checks crashed
    """

    def __str__(self) -> str:
        return format_table(self)

    def _repr_html_(self) -> str:
        head = "".join(f"<th>{h}</th>" for h in ("id", "section", "verdict", "chapter", "note"))
        rows = []
        for r in self:
            if r.error:
                note = f"check crashed: <code>{html.escape(r.error)}</code>"
            elif r.correction:
                note = f"should read: {math_html(r.correction)}"
            else:
                note = html.escape(r.note)
            rows.append(f"<tr><td>{html.escape(r.id)}</td><td>{html.escape(r.section)}</td>"
                        f"<td>{verdict_html(r.verdict)}</td><td>{math_html(r.statement)}</td>"
                        f"<td>{note}</td></tr>")
        return (f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
                f"<p>{html.escape(_count_line(self))}</p>")


def verify_all(ids=None) -> ClaimResults:
    """Run every check (or those named in ``ids``), in chapter order.

    Parameters
    ----------
    ids : iterable of str, optional
        Claim ids to run; default all of :data:`~momentum_theory.claims.chapter.CLAIMS`.

    Returns
    -------
    ClaimResults
        A list of ClaimResult; a crashed check gives a result with ``error``
        set instead of raising.

    Raises
    ------
    TypeError, ValueError
        If ``ids`` holds something that is not the id of a claim.

    Examples
    --------
    >>> [(r.id, r.holds) for r in verify_all(["minimum", "gradient"])]
    [('minimum', True), ('gradient', False)]
    """
    claims = catalogue()
    if ids is not None:
        if isinstance(ids, str):
            raise TypeError("ids must be an iterable of claim ids, not a single string")
        wanted = set()
        for claim_id in ids:
            if not isinstance(claim_id, str):
                raise TypeError(f"ids must hold strings, got {type(claim_id).__name__}")
            wanted.add(_by_id(claim_id).id)
        claims = [c for c in claims if c.id in wanted]
    return ClaimResults(_safe_run(c) for c in claims)
