"""Private helpers shared by the modules of :mod:`momentum_theory.answers`.

- :func:`guard_power`, :func:`short` -- refuse an exact power before computing it
  (constant folding, evaluation, the references of the parts);
- :func:`bounded`, :func:`is_matrix`, :func:`bits`, :func:`brief` -- size checks
  of SymPy values after each step (evaluation, the symbolic comparison);
- :func:`printable` -- ``str()`` of a value, shortened and never failing
  (the workers' messages, the display of results).
"""
from __future__ import annotations

import math
from fractions import Fraction

from momentum_theory.answers.errors import (MAX_EVAL_BITS, MAX_EVAL_EXPONENT, MAX_NODES,
                                            MAX_SYMBOLIC_EXPONENT, MAX_VALUE_BITS, LimitError)


def printable(value, limit=400):
    """str(value), shortened; never fails on a number too long for str()."""
    try:
        text = str(value)
    except ValueError:  # an integer past sys.get_int_max_str_digits()
        return "(too large to print)"
    return text if len(text) <= limit else text[:limit - 3] + "..."


# -- exact powers, refused before they are computed ----------------------------------

def short(value):
    """A number for a message: in full when short, else its size (never a huge str())."""
    if isinstance(value, Fraction):
        size = value.numerator.bit_length() + value.denominator.bit_length()
        if size > 100:
            return f"a number of about {int(size * 0.30103) + 1} digits"
    elif isinstance(value, complex):
        if not math.isfinite(abs(value)):
            return "a number too large for floating point"
        return f"{value.real:.6g}" if value.imag == 0 else f"{value:.6g}"
    return str(value)


def guard_power(base, exponent, error):
    """Raise ``error`` when ``base ** exponent`` (a Fraction to an integer) would be too large."""
    if abs(exponent) > MAX_EVAL_EXPONENT:
        raise error(f"exponent {short(Fraction(exponent))} is too large "
                    f"(at most {MAX_EVAL_EXPONENT})")
    size = max(abs(base.numerator), abs(base.denominator), 1).bit_length() + 1
    if size * abs(int(exponent)) > MAX_EVAL_BITS:
        raise error(f"the power ({short(Fraction(base))})^{short(Fraction(exponent))} "
                    "would be too large a number")


# -- SymPy values, checked after each step ---------------------------------------------

def is_matrix(value):
    import sympy as sp
    return isinstance(value, sp.MatrixBase)


def bits(number):
    """Size of an exact SymPy rational: bits of numerator plus denominator."""
    return int(number.p).bit_length() + int(number.q).bit_length()


def _check_bits(number):
    size = bits(number)
    if size > MAX_VALUE_BITS:
        raise LimitError(f"an exact number of {size} bits is larger than the allowed "
                         f"{MAX_VALUE_BITS} bits")


def brief(value):
    """A SymPy value for a message, at most 60 characters (huge numbers by their type)."""
    text = str(value) if _small(value) else type(value).__name__
    return text if len(text) <= 60 else text[:57] + "..."


def _small(value):
    # str() of a huge integer is slow (and refused past 4300 digits): look at sizes first.
    stack = [value]
    while stack:
        node = stack.pop()
        if getattr(node, "is_Rational", False) and \
                int(node.p).bit_length() + int(node.q).bit_length() > 1000:
            return False
        stack.extend(getattr(node, "args", ()))
    return True


def bounded(value):
    """``value`` itself, after checking that it stays within the size limits.

    Raises :class:`LimitError` for an exact number of more than
    ``MAX_VALUE_BITS`` bits, a power of a symbolic base with an exponent above
    ``MAX_SYMBOLIC_EXPONENT`` (or of a number above ``MAX_EVAL_EXPONENT``), or
    an expression of more than ``MAX_NODES`` nodes.
    """
    if is_matrix(value):
        for entry in value:
            bounded(entry)
        return value
    if getattr(value, "is_Rational", False):
        _check_bits(value)
        return value
    if isinstance(value, bool) or not hasattr(value, "args"):
        return value
    count = 0
    stack = [value]
    while stack:
        node = stack.pop()
        count += 1
        if count > MAX_NODES:
            raise LimitError(f"the expression grew beyond {MAX_NODES} terms")
        if node.is_Rational:
            _check_bits(node)
        elif node.is_Pow and node.exp.is_Rational:
            if not node.base.is_number and abs(node.exp) > MAX_SYMBOLIC_EXPONENT:
                raise LimitError(f"the power {brief(node)} has an exponent larger than "
                                 f"{MAX_SYMBOLIC_EXPONENT}; it is not expanded")
            if node.base.is_number and abs(node.exp) > MAX_EVAL_EXPONENT:
                raise LimitError(f"exponent {brief(node.exp)} is too large")
        stack.extend(node.args)
    return value
