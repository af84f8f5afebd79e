r"""Checking typed answers to the chapter's exercises.

:func:`check_answer` takes an answer (a string, or a SymPy object) for one
checkable part (:func:`answer_parts` lists them; a part is addressed by the
chapter's exercise number or topic, the old numbers 1 to 4 are aliases) and decides, within a time
and memory budget, whether it is right: the verdict is ``"correct"``,
``"wrong"`` (with the smallest counterexample) or ``"undecided"`` (could not
decide; never a hidden wrong). Strings are never executed.

Modules
-------
- :mod:`~momentum_theory.answers.check` -- :func:`check_answer`,
  :func:`check_answers`, the budget :data:`TIME_LIMIT`, :data:`MEMORY_LIMIT`.
- :mod:`~momentum_theory.answers.result` -- :class:`CheckResult` (``str``,
  ``repr`` and an HTML display for Jupyter), :data:`VERDICTS`.
- :mod:`~momentum_theory.answers.parts` -- :class:`AnswerPart`,
  :func:`answer_parts`, :func:`find_part`: each part's instances and reference.

Reading and evaluating an answer
--------------------------------
- :mod:`~momentum_theory.answers.parsing` -- :func:`parse` (the grammar and the
  allow-list), :func:`free_names`, :func:`is_condition`.
- :mod:`~momentum_theory.answers.constants` -- constant folding with limits,
  used by the parser.
- :mod:`~momentum_theory.answers.evaluation` -- :func:`evaluate`, :func:`holds`,
  :func:`to_sympy`: exact values, every intermediate one bounded.
- :mod:`~momentum_theory.answers.comparison` -- the symbolic step and exact equality.
- :mod:`~momentum_theory.answers.regions` -- region answers compared with the
  derived region as sets, exactly.
- :mod:`~momentum_theory.answers.errors` -- the size limits, :class:`AnswerError`,
  :class:`EvaluationError`, :class:`LimitError`.
- :mod:`~momentum_theory.answers.workers` -- one forked worker per decision,
  killed at its time limit.

Examples
--------
>>> from momentum_theory.answers import check_answer
>>> check_answer(3, "minimizer", "-Q^-1 c")
<CheckResult 3 minimizer: correct>
>>> check_answer(3, "minimizer", "Q^-1 c").correct
False
>>> check_answer(2, "gd_iterate", "x0 (1+h)^t", given={"t": "10^9"}).verdict
'undecided'
>>> check_answer(3, "minimizer", "__import__('os')")
Traceback (most recent call last):
    ...
momentum_theory.answers.AnswerError: name '__import__' is not allowed (position 1); allowed names: B, b, beta, c, eta, h, lambda, Q, sigma, t, x, x0; functions: abs, inv, sqrt, transpose
"""
from momentum_theory.answers.check import MEMORY_LIMIT, TIME_LIMIT, check_answer, check_answers
from momentum_theory.answers.errors import AnswerError, EvaluationError, LimitError
from momentum_theory.answers.evaluation import evaluate, holds, to_sympy
from momentum_theory.answers.parsing import free_names, is_condition, parse
from momentum_theory.answers.parts import AnswerPart, answer_parts, find_part
from momentum_theory.answers.result import VERDICTS, CheckResult

__all__ = ["check_answer", "check_answers", "CheckResult", "VERDICTS", "TIME_LIMIT",
           "MEMORY_LIMIT", "AnswerPart", "answer_parts", "find_part",
           "AnswerError", "EvaluationError", "LimitError",
           "parse", "free_names", "is_condition", "evaluate", "holds", "to_sympy"]
