"""Folding the constant parts of a parsed answer, with size limits.

Used by the parser (:mod:`~momentum_theory.answers.parsing`): every name-free
subtree is evaluated once, exactly (``Fraction``) while it is rational and by
a floating-point approximation once a root makes it irrational, and refused
(:class:`~momentum_theory.answers.AnswerError`) when it would be too large to
compute; a constant exponent must be at most
:data:`~momentum_theory.answers.errors.MAX_EXPONENT` in size, roots included
(``(10^20)^(1/2)`` is ``10^10``).

- :func:`constant_value` -- the value of a name-free subtree;
- :func:`check_constant_exponent` -- refuse a constant exponent that is too large;
- :class:`NoValue` -- a constant without a value (``1/0``).
"""
from __future__ import annotations

import math
from fractions import Fraction

from momentum_theory.answers._common import guard_power, short
from momentum_theory.answers.errors import MAX_EXPONENT, MAX_VALUE_BITS, AnswerError

__all__ = ["constant_value", "check_constant_exponent", "NoValue"]



#: Exact roots of constants (``(10^20)^(1/2)``) are tried up to this many bits;
#: beyond it a constant exponent is bounded by a floating-point approximation.
_EXACT_ROOT_BITS = 4096


class NoValue(AnswerError):
    """A constant without a value (1/0): refused in an exponent, left to the
    evaluator (a wrong answer, not an unusable one) anywhere else."""


def _iroot(n, k):
    """Largest integer r with r**k <= n, for n >= 0 (Newton's method from above)."""
    if n < 2:
        return n
    x = 1 << -(-n.bit_length() // k)
    while True:
        y = ((k - 1) * x + n // x ** (k - 1)) // k
        if y >= x:
            return x
        x = y


def _exact_root(a, b):
    """a ** b for a Fraction b = p/q with q > 1: a Fraction when the root is exact and
    small enough to try, else None (irrational, complex or too large to try exactly)."""
    p, q = b.numerator, b.denominator
    if q > 64 or a < 0:
        return None
    guard_power(a, p, AnswerError)
    if a == 0:
        if p < 0:
            raise NoValue("zero to a negative power in a constant exponent")
        return Fraction(0)
    power = a ** abs(p)
    if power.numerator.bit_length() + power.denominator.bit_length() > _EXACT_ROOT_BITS:
        return None
    num, den = _iroot(power.numerator, q), _iroot(power.denominator, q)
    if num ** q != power.numerator or den ** q != power.denominator:
        return None
    root = Fraction(num, den)
    return root if p > 0 else 1 / root


def _approx(value):
    """A Fraction or complex as a complex number; inf when too large for floats."""
    if isinstance(value, complex):
        return value
    try:
        return complex(float(value))
    except OverflowError:
        return complex(math.inf)


def _finite(z):
    return z if math.isfinite(z.real) and math.isfinite(z.imag) else complex(math.inf)


def _approx_op(kind, a, b):
    a, b = _approx(a), _approx(b)
    try:
        if kind == "+":
            z = a + b
        elif kind == "-":
            z = a - b
        elif kind == "*":
            z = a * b
        elif kind == "/":
            z = a / b
        else:
            z = a ** b
    except (OverflowError, ZeroDivisionError):
        return complex(math.inf)
    return _finite(z)


def constant_value(node):
    """Value of a name-free subtree of a parsed answer.

    Parameters
    ----------
    node : tuple
        A subtree from :func:`~momentum_theory.answers.parse`.

    Returns
    -------
    Fraction, complex or None
        Exact (a ``Fraction``) while it is rational, a ``complex`` approximation
        once a root makes it irrational (``inf`` when it is too large for
        floating point), ``None`` when the subtree holds a name.

    Raises
    ------
    AnswerError
        The value would be a huge exact number; :class:`NoValue` (a subclass)
        when it has no value (``1/0``).

    Examples
    --------
    >>> from momentum_theory.answers import parse
    >>> constant_value(parse("(10^20)^(1/2)")), constant_value(parse("2*beta"))
    (Fraction(10000000000, 1), None)
    >>> abs(constant_value(parse("sqrt(2)^2")) - 2) < 1e-12
    True
    """
    kind = node[0]
    if kind == "num":
        return node[1]
    if kind in ("neg", "T", "transpose", "abs", "sqrt", "inv"):
        v = constant_value(node[1])
        if v is None:
            return None
        if kind == "neg":
            return -v
        if kind == "abs":
            return abs(v) if isinstance(v, Fraction) else complex(abs(v))
        if kind == "sqrt":
            return _constant_power(v, Fraction(1, 2))
        if kind == "inv":
            if isinstance(v, Fraction) and v == 0:
                raise NoValue("division by zero in a constant exponent")
            return 1 / v if isinstance(v, Fraction) else _approx_op("/", 1, v)
        return v
    if kind in ("+", "-", "*", "/", "^"):
        a, b = constant_value(node[1]), constant_value(node[2])
        if a is None or b is None:
            return None
        if kind == "^":
            return _constant_power(a, b)
        if kind == "/" and isinstance(b, Fraction) and b == 0:
            raise NoValue("division by zero in a constant exponent")
        if isinstance(a, Fraction) and isinstance(b, Fraction) and _fits(a, b):
            if kind == "+":
                return a + b
            if kind == "-":
                return a - b
            return a * b if kind == "*" else a / b
        return _approx_op(kind, a, b)
    return None


def _fits(a, b):
    bits = sum(v.numerator.bit_length() + v.denominator.bit_length() for v in (a, b))
    return bits <= MAX_VALUE_BITS


def _constant_power(a, b):
    if isinstance(a, Fraction) and isinstance(b, Fraction):
        if b.denominator == 1:
            guard_power(a, b, AnswerError)
            if a == 0 and b < 0:
                raise NoValue("zero to a negative power in a constant exponent")
            return a ** int(b)
        exact = _exact_root(a, b)
        if exact is not None:
            return exact
    if a == 0 and (b.real < 0 if isinstance(b, complex) else b < 0):
        raise NoValue("zero to a negative power in a constant exponent")
    return _approx_op("^", a, b)


def check_constant_exponent(node):
    """Refuse a constant exponent too large (or too finely divided) to use.

    Parameters
    ----------
    node : tuple
        The exponent's subtree; one that holds a name is left alone.

    Raises
    ------
    AnswerError
        Its size is above :data:`~momentum_theory.answers.errors.MAX_EXPONENT`
        (roots included), its denominator above 12, or it has no value.

    Examples
    --------
    >>> from momentum_theory.answers import parse
    >>> check_constant_exponent(parse("64^(1/2)"))
    >>> check_constant_exponent(parse("(10^20)^(1/2)"))
    Traceback (most recent call last):
        ...
    momentum_theory.answers.AnswerError: exponent 10000000000 is larger than the allowed 64
    """
    try:
        value = constant_value(node)
    except NoValue as exc:
        raise AnswerError(str(exc)) from None
    if value is None:
        return
    if isinstance(value, complex) and not math.isfinite(abs(value)):
        raise AnswerError(f"exponent too large to evaluate; it must be at most {MAX_EXPONENT} "
                          "in size")
    if abs(value) > MAX_EXPONENT:
        raise AnswerError(f"exponent {short(value)} is larger than the allowed {MAX_EXPONENT}")
    if isinstance(value, Fraction) and value.denominator > 12:
        raise AnswerError(f"exponent {value} has a denominator larger than 12")
