"""Error-free transformations of IEEE double arithmetic (vectorised).

``two_sum(a, b)`` (Knuth) and ``two_product(a, b)`` (Dekker, with Veltkamp's
split) return ``(s, e)`` with ``s = fl(a op b)`` and ``s + e = a op b``
exactly, barring overflow. They let a few quantities be carried as unevaluated
double-double pairs ``hi + lo`` where a plain double would cancel.
"""
from __future__ import annotations

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
    """
    p = a * b
    ah, al = split(a)
    bh, bl = split(b)
    return p, ((ah * bh - p) + ah * bl + al * bh) + al * bl
