"""Private helpers shared by the modules of :mod:`momentum_theory.exercises`: HTML display.

- :func:`html_result` -- a result's ``_repr_html_``: a heading, paragraphs, tables;
- :func:`html_table` -- a table from a header and rows (cells escaped unless wrapped in :class:`Raw`).
"""
from __future__ import annotations

import html


class Raw(str):
    """A cell or paragraph that is HTML already (math, markup): not escaped again."""


def _cell(value) -> str:
    return value if isinstance(value, Raw) else html.escape(str(value), quote=False)


def html_table(header, rows) -> str:
    head = "".join(f"<th>{_cell(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{_cell(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def html_result(number, title, paragraphs, *tables) -> str:
    parts = [f"<h4>Exercise {number}: {html.escape(title, quote=False)}</h4>"]
    parts += [f"<p>{_cell(p)}</p>" for p in paragraphs]
    parts += list(tables)
    return "<div>" + "".join(parts) + "</div>"


def math_html(latex, display=False) -> str:
    r"""Math for Jupyter: MathJax reads ``\( \)`` and ``\[ \]`` inside HTML output."""
    left, right = (r"\[", r"\]") if display else (r"\(", r"\)")
    return Raw(left + html.escape(latex, quote=False) + right)
