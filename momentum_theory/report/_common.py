"""What every section of the report shares: the section record, the build context, saving.

A section is a function of the build context (:class:`_Context`) returning a
:class:`_Section` (Markdown and entries for ``summary.json``); :class:`_Step`
is its row in the registry of :mod:`momentum_theory.report`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class _Section:
    title: str
    markdown: str
    summary: dict = field(default_factory=dict)
    #: Lines for the top of the report, before the contents (a link to a file beside it).
    index_links: tuple = ()


def _save(ctx, drawn, dpi=None):
    """Save figures built by :mod:`momentum_theory.figures` into figures/; their relative paths."""
    from momentum_theory import figures

    paths = figures.write_drawn(drawn, ctx.root / "figures", dpi=dpi or ctx.dpi)
    return [f"figures/{path.name}" for path in paths]


def _figure(ctx, name):
    """Build the named figure (:func:`momentum_theory.figures.draw`), save it; its relative path."""
    from momentum_theory import figures

    return _save(ctx, [figures.draw(name)])[0]


@dataclass
class _Context:
    root: Path
    dpi: int = 110
    data_path: str | None = None
    cache: dict = field(default_factory=dict)
    #: The language of the headings and words (only "en" so far).
    lang: str = "en"
    #: Math registry: each LaTeX string a section wrote (stripped) -> the parts it was printed
    #: from (SymPy objects, a Derivation, LaTeX of the small hand-typed subset), so the HTML
    #: page prints MathML from the objects (report._html), not from the LaTeX.
    math: dict = field(default_factory=dict)


def _markdown_table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in rows:
        lines.append("| " + " | ".join(str(c).replace("|", "\\|").replace("\n", " ") for c in row) + " |")
    return "\n".join(lines)


def _dataset(ctx):
    from momentum_theory import data

    if "dataset" not in ctx.cache:
        ctx.cache["dataset"] = data.select_dataset(ctx.data_path or None)
    return ctx.cache["dataset"]


def _derivation_block(ctx, derivation):
    """``$$`` block of a derivation's LaTeX, recorded with the derivation in ``ctx.math``."""
    text = derivation.latex()
    ctx.math[text.strip()] = (derivation,)
    return f"$$\n{text}\n$$"


def _tex(ctx, *parts):
    """LaTeX of ``parts`` (SymPy objects, or hand-typed LaTeX strings), recorded in ``ctx.math``."""
    import sympy

    text = "".join(p if isinstance(p, str) else sympy.latex(p) for p in parts)
    ctx.math[text.strip()] = parts
    return text


def _code(text):
    return "```\n" + text.strip("\n") + "\n```"
