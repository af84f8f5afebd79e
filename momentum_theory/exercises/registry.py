"""The table of the chapter's exercises, for code that handles every exercise alike.

Contents
--------
- :class:`Exercise` -- one exercise: ``number``, ``title``, ``solve`` (returns
  its result) and ``figures`` (result -> ``{file stem: Figure}``, or ``None``
  for an exercise without a figure).
- :data:`EXERCISES` -- number -> :class:`Exercise`, read-only, in chapter order.

The command line, the plots and the report can dispatch through the table
instead of branching on the number; a new exercise joins by adding a module
and a row here.

Examples
--------
>>> [(e.number, e.figures is not None) for e in EXERCISES.values()]
[(1, True), (2, True), (3, False), (4, True)]
>>> print(EXERCISES[2].solve(d=3))
  i  lambda_i   ...
"""
from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Callable

from momentum_theory.exercises import (
    decoupled_quadratic, hyperparameters, noisy_gradients, quadratic_minimum,
)

__all__ = ["Exercise", "EXERCISES"]


@dataclass(frozen=True)
class Exercise:
    """One exercise of the chapter, as a record.

    Attributes
    ----------
    number : int
        Its number in the chapter (1 to 4).
    title : str
        A short title.
    solve : callable
        ``solve(**options) -> result``; the result has ``summary()`` and
        displays itself (``str``, ``_repr_html_``).
    figures : callable or None
        ``figures(result) -> dict`` of file stem -> matplotlib Figure; ``None``
        when the exercise has no figure.
    """

    number: int
    title: str
    solve: Callable
    figures: Callable | None = None

    def __str__(self) -> str:
        return f"exercise {self.number}: {self.title}"


def _row(module, solve, figures=None):
    return module.NUMBER, Exercise(module.NUMBER, module.TITLE, solve, figures)


EXERCISES = MappingProxyType(dict([
    _row(hyperparameters, hyperparameters.exercise_1, hyperparameters.figures),
    _row(decoupled_quadratic, decoupled_quadratic.exercise_2, decoupled_quadratic.figures),
    _row(quadratic_minimum, quadratic_minimum.exercise_3),
    _row(noisy_gradients, noisy_gradients.exercise_4, noisy_gradients.figures),
]))
