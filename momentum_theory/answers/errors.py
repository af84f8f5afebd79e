"""The size limits of typed answers and the errors raised at them.

Limits
------
Checked by the parser (:mod:`~momentum_theory.answers.parsing`), before any
work: :data:`MAX_LENGTH` characters, :data:`MAX_TOKENS` tokens,
:data:`MAX_DEPTH` nested levels, :data:`MAX_DIGITS` digits in a number,
constant exponents of size at most :data:`MAX_EXPONENT` (roots included).
Checked by evaluation (:mod:`~momentum_theory.answers.evaluation`) after each
step: :data:`MAX_EVAL_EXPONENT`, :data:`MAX_EVAL_BITS`, :data:`MAX_VALUE_BITS`,
:data:`MAX_ROOT_BITS`, :data:`MAX_SYMBOLIC_EXPONENT`, :data:`MAX_NODES`.

Errors
------
- :class:`AnswerError` -- the answer cannot be used (refused at once);
- :class:`EvaluationError` -- it has no value on one instance (a wrong answer there);
- :class:`LimitError` -- a value too large to decide (never a wrong answer).

The three report :mod:`momentum_theory.answers` as their module, the path they
are imported from and shown under in a traceback
(``momentum_theory.answers.AnswerError: ...``).

Examples
--------
>>> from momentum_theory.answers import AnswerError, check_answer
>>> try:
...     check_answer(3, "minimizer", "9**9**9**9")
... except AnswerError as exc:
...     print(f"{type(exc).__module__}.{type(exc).__name__}: {exc}")
momentum_theory.answers.AnswerError: exponent 387420489 is larger than the allowed 64
"""
from __future__ import annotations

__all__ = ["AnswerError", "EvaluationError", "LimitError", "MAX_LENGTH", "MAX_TOKENS",
           "MAX_DEPTH", "MAX_DIGITS", "MAX_EXPONENT", "MAX_EVAL_EXPONENT", "MAX_EVAL_BITS",
           "MAX_VALUE_BITS", "MAX_ROOT_BITS", "MAX_SYMBOLIC_EXPONENT", "MAX_NODES"]

#: Longest answer, in characters.
MAX_LENGTH = 400
#: Most tokens (names, numbers, operators) in one answer.
MAX_TOKENS = 200
#: Deepest nesting of parentheses, functions and signs.
MAX_DEPTH = 24
#: Most digits in one number (and largest power of ten in its ``e`` exponent).
MAX_DIGITS = 20
#: Largest size of a constant exponent, roots included (``(10^20)^(1/2)`` is ``10^10``).
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


# Shown as momentum_theory.answers.AnswerError (the import path), not the file they live in.
for _cls in (AnswerError, EvaluationError, LimitError):
    _cls.__module__ = "momentum_theory.answers"
del _cls
