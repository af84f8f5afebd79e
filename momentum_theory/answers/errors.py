"""The limits and the errors of typed answers (shared by parsing and evaluation).

The names are re-exported by :mod:`momentum_theory.answer_parsing`, where they
are documented and where the exception classes say they live.
"""
from __future__ import annotations

__all__ = []

MAX_LENGTH = 400
MAX_TOKENS = 200
MAX_DEPTH = 24
MAX_DIGITS = 20
MAX_EXPONENT = 64
#: Largest integer power evaluated on a concrete instance, and the largest
#: result (in bits of numerator + denominator) one power may produce.
MAX_EVAL_EXPONENT = 100_000
MAX_EVAL_BITS = 200_000
#: Largest exact number (bits of numerator + denominator) any intermediate
#: value may hold, after any step (a product of several large powers); exact
#: sums of numbers this large already take about a second (the gcd is quadratic).
MAX_VALUE_BITS = 400_000
#: Largest exact number whose root (``sqrt``, ``x^(1/3)``) is computed: SymPy's
#: search for perfect powers grows steeply with the size of the number.
MAX_ROOT_BITS = 1024
#: Largest integer exponent of a power whose base holds symbols (``beta^k``,
#: ``(1-eta*lambda)^k``) in the symbolic comparison: expanding more is not tried.
MAX_SYMBOLIC_EXPONENT = 256
#: Largest expression tree (SymPy nodes) an intermediate symbolic value may have.
MAX_NODES = 4000


class AnswerError(ValueError):
    """A typed answer that cannot be used: syntax, a name or size not allowed."""


class EvaluationError(ArithmeticError):
    """An answer that parses but has no value on one instance (shapes, 1/0, ...)."""


class LimitError(EvaluationError):
    """A value that would grow past the size limits: too large to decide, not wrong.

    Raised by evaluation when an exponent, an exact number or an expression
    tree would exceed :data:`MAX_EVAL_EXPONENT`, :data:`MAX_EVAL_BITS`,
    :data:`MAX_VALUE_BITS`, :data:`MAX_SYMBOLIC_EXPONENT` or
    :data:`MAX_NODES`, or when a comparison cannot be decided exactly. The
    checker treats it as "could not decide" on that instance, never as a
    wrong answer.
    """


for _cls in (AnswerError, EvaluationError, LimitError):
    _cls.__module__ = "momentum_theory.answer_parsing"
del _cls
