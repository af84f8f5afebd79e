r"""The chapter's LaTeX, as tokens of the answer grammar.

- :data:`LATEX` -- each allowed LaTeX command and the token it stands for
  (``None``: dropped, such as ``\left`` or the font commands :data:`FONTS`);
- :data:`LEFT_SIDES`, :func:`without_left_side` -- the left-hand sides
  (``x^* =``, ``h(x) =`` ...) dropped before an answer is read.

Used by :mod:`~momentum_theory.answers.parsing`; nothing here evaluates
anything: a command not in :data:`LATEX` is refused by the tokenizer.
"""
from __future__ import annotations

import re

__all__ = ["LATEX", "FONTS", "LEFT_SIDES", "without_left_side"]

# Font commands only change how a letter looks: \mathbf{Q} is Q (the braces group).
FONTS = ("\\mathbf", "\\boldsymbol", "\\bm", "\\mathrm", "\\mathit", "\\mathsf",
         "\\operatorname")
LATEX = {r"\eta": ("NAME", "eta"), r"\lambda": ("NAME", "lambda"), r"\beta": ("NAME", "beta"),
         r"\sigma": ("NAME", "sigma"), r"\cdot": ("OP", "*"), r"\times": ("OP", "*"),
         r"\le": ("OP", "<="), r"\leq": ("OP", "<="), r"\ge": ("OP", ">="),
         r"\geq": ("OP", ">="), r"\lt": ("OP", "<"), r"\gt": ("OP", ">"),
         r"\top": ("TOP", "T"), r"\frac": ("FRAC", "frac"), r"\tfrac": ("FRAC", "frac"),
         r"\dfrac": ("FRAC", "frac"), r"\sqrt": ("SQRTCMD", "sqrt"),
         r"\in": ("IN", "in"), r"\land": ("AND", "and"), r"\wedge": ("AND", "and"),
         r"\lvert": ("BAR", "|"), r"\rvert": ("BAR", "|"), r"\vert": ("BAR", "|"),
         r"\left": None, r"\right": None, r"\,": None, r"\;": None, r"\!": None,
         r"\quad": None, **{font: None for font in FONTS}}

# What the chapter writes before an answer's "=": x^* = ..., h(x) = ..., and the like.
LEFT_SIDES = frozenset({
    "x^*", "x^{*}", "x^\\star", "x^{\\star}", "x_*", "x_{*}", "x*", "x_t", "x_{t}",
    "h(x)", "h(x^*)", "h(x^{*})", "h(x_*)", "h^*", "h^{*}", "h_*", "h_{min}", "\\minh",
    "\\min_xh(x)", "\\nablah(x)", "\\nablah", "g(x)", "f(x)"})
_LEFT = re.compile(r"\s*([^=<>≤≥]{1,40}?)\s*=(?![=<>])")
_FONT = re.compile(r"\\(?:mathbf|boldsymbol|bm|mathrm|mathit)\{([^{}]*)\}")


def without_left_side(text):
    r"""``text`` without a leading ``x^* =``, ``h(x) =`` ... (only those: any other
    ``=`` is refused by the tokenizer with a message).

    Parameters
    ----------
    text : str
        A typed answer.

    Returns
    -------
    str

    Examples
    --------
    >>> without_left_side(r"h(\mathbf{x}^*) = b - c^T Q^{-1} c / 2")
    'b - c^T Q^{-1} c / 2'
    >>> without_left_side("y = 1")
    'y = 1'
    """
    match = _LEFT.match(text)
    if match:
        side = _FONT.sub(lambda m: m.group(1), match.group(1))
        side = re.sub(r"\s+|\\left|\\right|\\[,;!]", "", side)
        if side in LEFT_SIDES:
            return text[match.end():].lstrip()
    return text


