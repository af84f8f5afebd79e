"""What every section of the report shares: the section record, the build context, saving.

A section is a function of the build context (:class:`_Context`) returning a
:class:`_Section` (Markdown and entries for ``summary.json``); :class:`_Step`
is its row in the registry of :mod:`momentum_theory.report`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from momentum_theory.report import _words


@dataclass
class _Section:
    title: str
    markdown: str
    summary: dict = field(default_factory=dict)
    #: Lines for the top of the report, before the contents (a link to a file beside it).
    index_links: tuple = ()
    #: The part of the contents it is listed in (set from the registry).
    part: str = "beyond"


def _save(ctx, drawn, dpi=None):
    """Save figures built by :mod:`momentum_theory.figures` into figures/; their relative paths."""
    from momentum_theory import figures

    paths = figures.write_drawn(drawn, ctx.root / "figures", dpi=dpi or ctx.dpi)
    return [f"figures/{path.name}" for path in paths]


def _drawn(fig):
    """What a figure shows, read back from its Axes (for the tests that tie tables to figures).

    One record per visible Axes: its title, x and y limits, and the last point of every
    labelled line (``{label: [x, y]}``). Read before the figure is saved and closed.
    """
    axes = []
    for ax in fig.axes:
        if not ax.get_visible() or ax.get_label() == "<colorbar>":
            continue
        lines = {line.get_label(): [float(line.get_xdata()[-1]), float(line.get_ydata()[-1])]
                 for line in ax.get_lines()
                 if not line.get_label().startswith("_") and len(line.get_xdata())}
        axes.append({"title": ax.get_title(), "xlim": [float(v) for v in ax.get_xlim()],
                     "ylim": [float(v) for v in ax.get_ylim()], "lines": lines})
    return axes


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
    #: The language of the headings, captions, table heads and verdicts ("en" or "tr").
    lang: str = "en"
    #: The names of the sections chosen for this report (a section mentions another's
    #: figure only when that section is in the report).
    sections: tuple = ()
    #: Math registry: each LaTeX string a section wrote (stripped) -> the parts it was printed
    #: from (SymPy objects, a Derivation, LaTeX of the small hand-typed subset), so the HTML
    #: page prints MathML from the objects (report._html), not from the LaTeX.
    math: dict = field(default_factory=dict)


    def say(self, key):
        """The fixed word ``key`` (:mod:`momentum_theory.report._words`) in the report's language."""
        return _words.say(self.lang, key)

    def figure(self, path, stem=None):
        """Markdown of a saved figure: the image, then its caption in the report's language."""
        stem = stem or Path(path).stem
        return f"![{stem}]({path})\n\n*{self.say('doc.figure')}: {self.say('caption.' + stem)}*"


#: ASCII characters that mean something to Markdown (or start math), escaped in plain text.
_MARKDOWN_SPECIAL = set("\\`*_[]<>|$~#")


def _esc(text):
    r"""Plain text (a dataset's name, a chapter's sentence) as Markdown that shows it verbatim.

    >>> _esc("a*b_c [d] $5")
    'a\\*b\\_c \\[d\\] \\$5'
    """
    return "".join("\\" + c if c in _MARKDOWN_SPECIAL else c for c in str(text))


def _prose(latex):
    r"""LaTeX that is mostly ``\text{…}`` as words with inline math, so that it wraps.

    Top-level ``\text{…}`` groups become plain (escaped) words; what lies
    between them becomes ``$…$``. A ``\text`` inside another group (a
    fraction's numerator) stays in the math.

    >>> _prose(r"\text{large } \beta \text{: a long average}")
    'large $\\beta$: a long average'
    >>> _prose(r"\eta = 0.4:\ \text{it converges (see gd\_2d)}")
    '$\\eta = 0.4:$ it converges (see gd\\_2d)'
    >>> _prose(r"x^2 + 1")
    '$x^2 + 1$'
    """
    pieces, math, i, depth = [], [], 0, 0
    while i < len(latex):
        if depth == 0 and latex.startswith("\\text{", i):
            end, inner = i + 6, 1
            while end < len(latex) and inner:
                inner += {"{": 1, "}": -1}.get(latex[end], 0)
                end += 2 if latex[end] == "\\" else 1
            if inner:  # unbalanced: leave everything to the math
                return f"${latex.strip()}$"
            pieces.append(("math", "".join(math)))
            pieces.append(("text", latex[i + 6:end - 1]))
            math, i = [], end
            continue
        step = 2 if latex[i] == "\\" else 1
        if step == 1:
            depth += {"{": 1, "}": -1}.get(latex[i], 0)
        math.append(latex[i:i + step])
        i += step
    pieces.append(("math", "".join(math)))
    out = []
    for kind, piece in pieces:
        if kind == "text":
            out.append(_esc(_TEXT_ESCAPES.sub(r"\1", piece)))
            continue
        core = _MATH_SPACES.sub("", piece)
        if core:
            # A space the LaTeX put around the math (a blank, \\ ) stays a space in the words.
            lead = " " if _MATH_SPACES.match(piece) else ""
            trail = " " if _MATH_SPACES.search(piece[-3:]) and piece.strip() != core else ""
            out.append(f"{lead}{_inline_math(core)}{trail}")
    text = re.sub(" {2,}", " ", "".join(out))
    return re.sub(r" ([:;,.)])", r"\1", text).strip()


#: A long formula is cut into several ``$…$`` where a line may break (MathML does not
#: wrap inside one <math>): before a top-level ``=`` and after a top-level comma or ``\quad``.
_LONG_MATH = 40
_OPEN = ("\\left", "\\bigl", "\\Bigl", "\\biggl", "\\begin")
_CLOSE = ("\\right", "\\bigr", "\\Bigr", "\\biggr", "\\end")
_MATH_TOKEN = re.compile(r"\\[A-Za-z]+|\\.|.", re.S)


def _inline_math(tex):
    r"""``tex`` as inline math, cut into pieces a line can break between when it is long.

    Cuts only at the top level (outside braces, brackets, parentheses,
    ``\left…\right`` and environments): before ``=`` (after a left side of 16
    characters or more), before ``+`` (after 30 or more), after a comma or
    ``\quad``; short formulas stay whole.

    >>> _inline_math(r"x = 1")
    '$x = 1$'
    >>> print(_inline_math(r"v_t = \beta v_{t-1} + g_t, \quad x_t = x_{t-1} - \eta v_t"))
    $v_t = \beta v_{t-1} + g_t$, $x_t = x_{t-1} - \eta v_t$
    >>> print(_inline_math(r"\mathbf{g}_{t} = \frac{1}{|B|} \sum_{i \in B} h_{i} = \bar{h}"))
    $\mathbf{g}_{t} = \frac{1}{|B|} \sum_{i \in B} h_{i}$ $= \bar{h}$
    """
    tex = tex.strip()
    if len(tex) <= _LONG_MATH:
        return f"${tex}$"
    pieces, current, depth = [], [], 0
    for token in _MATH_TOKEN.findall(tex):
        if token in _OPEN or token in "{([":
            depth += 1
        elif token in _CLOSE or token in "})]":
            depth = max(0, depth - 1)
        if depth == 0 and (token == "=" and len("".join(current).strip()) >= 16
                           or token == "+" and len("".join(current).strip()) >= 30):
            pieces.append(("", "".join(current)))
            current = []
        if depth == 0 and token == ",":  # "\," (a thin space) is one token, not a comma
            pieces.append((",", "".join(current)))
            current = []
            continue
        if depth == 0 and token in ("\\quad", "\\qquad"):
            pieces.append(("", "".join(current)))
            current = []
            continue
        current.append(token)
    pieces.append(("", "".join(current)))
    out = []
    for sep, piece in pieces:
        core = _MATH_SPACES.sub("", piece)
        if core:
            out.append(f"${core}${sep}")
        elif sep and out:
            out[-1] += sep
    return " ".join(out) if len(out) > 1 else f"${tex}$"


_TEXT_ESCAPES = re.compile(r"\\([_%&$#{} ])")
# Spacing at either end of a math piece: blanks and the LaTeX spacing commands.
_MATH_SPACES = re.compile(r"^(?:\s|\\[ ,;:!]|\\q?quad\b)+|(?:\s|\\[ ,;:!]|\\q?quad\b)+$")


def _num(value, spec="g"):
    r"""A number for inside ``$…$``: ``format(value, spec)`` with an exponent as a power of ten.

    >>> _num(1.946e-13, ".4g"), _num(0.6694, ".4g"), _num(25.0)
    ('1.946 \\times 10^{-13}', '0.6694', '25')
    """
    text = format(float(value), spec)
    mantissa, e, exponent = text.partition("e")
    return f"{mantissa} \\times 10^{{{int(exponent)}}}" if e else text


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
