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


def _derivation_block(derivation):
    return f"$$\n{derivation.latex()}\n$$"


def _code(text):
    return "```\n" + text.strip("\n") + "\n```"
