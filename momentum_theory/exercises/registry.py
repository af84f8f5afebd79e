"""The table of the chapter's exercises, for code that handles every exercise alike.

Contents
--------
- :class:`Exercise` -- one exercise: ``number``, ``title``, ``solve`` (returns
  its result) and ``figures`` (the file stems of its figures, ``()`` for an
  exercise without one: data, drawn by :func:`momentum_theory.plots.exercise_figures`).
- :data:`EXERCISES` -- number -> :class:`Exercise`, read-only, in chapter order.

The command line, the plots and the report can dispatch through the table
instead of branching on the number; a new exercise joins by adding a module
and a row here (and, if it has figures, their builder in
:mod:`momentum_theory.plots.noise`). Nothing here draws: the exercises compute,
the plots layer draws.

Examples
--------
>>> [(e.number, e.figures) for e in EXERCISES.values()][:3]
[(1, ('exercise_1_heatmap', 'exercise_1_collapse')), (2, ('exercise_2_decay', 'exercise_2_steps')), (3, ())]
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
    figures : tuple of str
        The file stems of its figures, in order (``()`` when it has none);
        :func:`momentum_theory.plots.exercise_figures` draws them from a result.

    Examples
    --------
    >>> EXERCISES[2].figures
    ('exercise_2_decay', 'exercise_2_steps')
    >>> bool(EXERCISES[3].figures)
    False
    """

    number: int
    title: str
    solve: Callable
    figures: tuple[str, ...] = ()

    def __str__(self) -> str:
        return f"exercise {self.number}: {self.title}"


def _row(module, solve, figures=()):
    return module.NUMBER, Exercise(module.NUMBER, module.TITLE, solve, tuple(figures))


EXERCISES = MappingProxyType(dict([
    _row(hyperparameters, hyperparameters.exercise_1,
         ("exercise_1_heatmap", "exercise_1_collapse")),
    _row(decoupled_quadratic, decoupled_quadratic.exercise_2,
         ("exercise_2_decay", "exercise_2_steps")),
    _row(quadratic_minimum, quadratic_minimum.exercise_3),
    _row(noisy_gradients, noisy_gradients.exercise_4,
         ("exercise_4_noise_floor", "exercise_4_batch_covariance")),
]))
