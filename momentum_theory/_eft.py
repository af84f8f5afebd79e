"""Error-free transformations of IEEE double arithmetic (vectorised).

``two_sum(a, b)`` (Knuth) and ``two_product(a, b)`` (Dekker, with Veltkamp's
split) return ``(s, e)`` with ``s = fl(a op b)`` and ``s + e = a op b``
exactly, barring overflow. They let a few quantities be carried as unevaluated
double-double pairs ``hi + lo`` where a plain double would cancel.
"""
from __future__ import annotations

import numpy as np

# 2**27 + 1 cuts a double into two halves of at most 26 significant bits, whose
# products are exact.
SPLITTER = 134217729.0


def two_sum(a, b):
    """``(s, e)`` with ``s = fl(a + b)`` and ``s + e == a + b`` exactly.

    >>> two_sum(1.0, 2.0 ** -60)
    (1.0, 8.673617379884035e-19)
    """
    s = a + b
    bb = s - a
    return s, (a - (s - bb)) + (b - bb)


def split(a):
    """``(hi, lo)`` with ``hi + lo == a`` and each half at most 26 bits long.

    >>> split(1.0 + 2.0 ** -40)
    (1.0, 9.094947017729282e-13)
    """
    c = SPLITTER * a
    hi = c - (c - a)
    return hi, a - hi


def two_product(a, b):
    """``(p, e)`` with ``p = fl(a * b)`` and ``p + e == a * b`` exactly.

    >>> p, e = two_product(1.0 + 2.0 ** -30, 1.0 - 2.0 ** -30)
    >>> p, e
    (1.0, -8.673617379884035e-19)
    >>> from fractions import Fraction
    >>> p, e = two_product(1e308, 0.1)         # beyond Dekker's split: scaled first
    >>> Fraction(p) + Fraction(e) == Fraction(1e308) * Fraction(0.1)
    True
    """
    p = a * b
    if np.any(np.abs(a) > _SPLIT_MAX) or np.any(np.abs(b) > _SPLIT_MAX):
        return _two_product_scaled(a, b, p)
    ah, al = split(a)
    bh, bl = split(b)
    return p, ((ah * bh - p) + ah * bl + al * bh) + al * bl


# Dekker's split multiplies by 2**27 + 1: above this it would overflow.
_SPLIT_MAX = 2.0 ** 995


def _two_product_scaled(a, b, p):
    """:func:`two_product` for operands beyond ``_SPLIT_MAX``: halve them by 2**54 first.

    The scaled product's error term is scaled back exactly (it cannot
    underflow: one factor is above 2**941). An overflowing ``p`` stays inf.
    """
    with np.errstate(over="ignore", invalid="ignore"):
        sa = np.where(np.abs(a) > _SPLIT_MAX, 2.0 ** -54, 1.0)
        sb = np.where(np.abs(b) > _SPLIT_MAX, 2.0 ** -54, 1.0)
        a2, b2 = a * sa, b * sb
        p2 = a2 * b2
        ah, al = split(a2)
        bh, bl = split(b2)
        e = (((ah * bh - p2) + ah * bl + al * bh) + al * bl) / (sa * sb)
        e = np.where(np.isfinite(p), e, 0.0)
    if np.ndim(p) == 0:
        return p, float(e) if isinstance(p, float) else e[()]
    return p, e
