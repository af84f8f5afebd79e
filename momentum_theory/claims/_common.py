"""Private helpers shared by the modules of :mod:`momentum_theory.claims`.

- :func:`sympy` -- SymPy, imported on first use (``import momentum_theory`` stays light);
- :func:`is_zero` -- a quick exact zero test (the numerator over one denominator expands to 0);
- :func:`fmt`, :func:`text` -- numbers and SymPy expressions in evidence strings;
- :func:`verdict_word`, :func:`math_html`, :func:`wrap` -- the display of results.
"""
from __future__ import annotations

import functools
import html
import textwrap


def sympy():
    import sympy as sp
    return sp


def is_zero(expr) -> bool:
    """True when ``expr`` is 0 because its numerator over one denominator expands to 0.

    Sound (``together`` and ``expand`` are identities) and much cheaper than
    ``cancel`` on the large rational expressions of the matrix instances;
    False means "not shown zero here", and the caller falls back to its own test.

    A rational function of plain symbols with rational coefficients (no
    floats, roots or functions) is decided in SymPy's field of fractions
    over those symbols instead: exact arithmetic on sparse polynomials, the
    same answer as expanding the numerator, at about half the cost.
    """
    sp = sympy()
    decided = _rational_function_is_zero(sp, expr)
    if decided is not None:
        return decided
    numerator, _ = sp.fraction(sp.together(expr))
    return sp.expand(numerator) == 0


def _rational_function_is_zero(sp, expr):
    """``expr == 0`` decided in QQ(symbols), or None when ``expr`` is not such a rational function."""
    if not isinstance(expr, sp.Expr):
        return None
    symbols = expr.free_symbols
    if not symbols or not all(type(s) in (sp.Symbol, sp.Dummy) for s in symbols):
        return None
    if expr.has(sp.Float):
        return None  # a float's rounding is decided by the fallback, as before
    field = _fraction_field(tuple(sorted(symbols, key=sp.default_sort_key)))
    try:
        return field.from_sympy(expr) == field.zero
    except (sp.polys.polyerrors.CoercionFailed, sp.polys.polyerrors.PolynomialError,
            ZeroDivisionError):
        return None


@functools.lru_cache(maxsize=64)
def _fraction_field(symbols):
    return sympy().QQ.frac_field(*symbols)


def fmt(value, digits=4) -> str:
    return f"{float(value):.{digits}g}"


def text(expr, limit=160) -> str:
    s = sympy().sstr(expr)
    return s if len(s) <= limit else s[:limit - 3] + "..."


def verdict_word(holds, error=None) -> str:
    return "ERROR" if error else ("holds" if holds else "fails")


_COLOURS = {"holds": "#1a7f37", "fails": "#cf222e", "ERROR": "#9a6700"}


def verdict_html(word) -> str:
    return f'<strong style="color: {_COLOURS[word]}">{word}</strong>'


def math_html(latex) -> str:
    r"""Inline math for Jupyter: MathJax reads ``\( \)`` inside HTML output."""
    return r"\(" + html.escape(latex, quote=False) + r"\)"


def wrap(label, body, width=100) -> str:
    """``label`` then ``body`` wrapped, continuation lines indented under the body."""
    indent = " " * len(label)
    return textwrap.fill(body, width=width, initial_indent=label, subsequent_indent=indent,
                         break_long_words=False, break_on_hyphens=False)
