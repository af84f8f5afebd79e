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
    floats, roots or functions) is decided with exact sparse polynomials over
    QQ: numerator and denominator are built term by term without cancelling
    common factors (no polynomial gcd at every step, which made SymPy's field
    of fractions about six times slower here), and the expression is zero
    exactly when the numerator is the zero polynomial.

    Examples
    --------
    >>> import sympy as sp
    >>> x, y = sp.symbols("x y")
    >>> is_zero(1 / (x - y) - 1 / (x + y) - 2 * y / (x**2 - y**2))
    True
    >>> is_zero(x / y - 1)
    False
    """
    sp = sympy()
    decided = _rational_function_is_zero(sp, expr)
    if decided is not None:
        return decided
    numerator, _ = sp.fraction(sp.together(expr))
    return sp.expand(numerator) == 0


def _rational_function_is_zero(sp, expr):
    """``expr == 0`` decided on exact polynomials, or None when ``expr`` is not such a rational function."""
    if not isinstance(expr, sp.Expr):
        return None
    symbols = expr.free_symbols
    if not symbols or not all(type(s) in (sp.Symbol, sp.Dummy) for s in symbols):
        return None
    if expr.has(sp.Float):
        return None  # a float's rounding is decided by the fallback, as before
    ring = _polynomial_ring(tuple(sorted(symbols, key=sp.default_sort_key)))
    try:
        numerator, denominator = _numerator_denominator(sp, expr, ring)
    except _NotRational:
        return None
    if not denominator:  # a denominator that is the zero polynomial: undefined everywhere
        return None
    return not numerator


class _NotRational(Exception):
    """A node that is not a sum, product, integer power, rational number or symbol."""


def _numerator_denominator(sp, expr, ring):
    """``(p, q)`` in ``ring`` with ``expr == p / q``, common factors not cancelled."""
    if expr.is_Symbol:
        return ring.gens[ring.symbols.index(expr)], ring.one
    if expr.is_Rational:
        return ring(sp.QQ(expr.p, expr.q)), ring.one
    if expr.is_Add:
        p, q = ring.zero, ring.one
        for term in expr.args:
            tp, tq = _numerator_denominator(sp, term, ring)
            if tq == q:
                p += tp
            else:
                p, q = p * tq + tp * q, q * tq
        return p, q
    if expr.is_Mul:
        p, q = ring.one, ring.one
        for factor in expr.args:
            fp, fq = _numerator_denominator(sp, factor, ring)
            p, q = p * fp, q * fq
        return p, q
    if expr.is_Pow and expr.exp.is_Integer:
        bp, bq = _numerator_denominator(sp, expr.base, ring)
        e = int(expr.exp)
        return (bp ** e, bq ** e) if e >= 0 else (bq ** -e, bp ** -e)
    raise _NotRational


@functools.lru_cache(maxsize=64)
def _polynomial_ring(symbols):
    return sympy().polys.rings.ring(symbols, sympy().QQ)[0]


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
