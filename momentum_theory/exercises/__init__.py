r"""The chapter's four exercises, solved by computation.

Each exercise is a module with a function that returns data (a small frozen
dataclass with ``summary()``, a readable ``str()`` and an HTML display for
Jupyter); nothing here draws. The figures are drawn from a result by
:func:`momentum_theory.plots.exercise_figures` (with captions, ready to save:
:func:`momentum_theory.figures.exercise_figures`). The scripts
``examples/exercise_*.py`` run them.

Exercises
---------
1. :mod:`~momentum_theory.exercises.hyperparameters` -- :func:`exercise_1`,
   :class:`LearningRateSweep`: other (lr, momentum) pairs on the regression
   task; how far the effective step :math:`\text{lr}/(1-\beta)` explains the
   final loss.
2. :mod:`~momentum_theory.exercises.decoupled_quadratic` -- :func:`exercise_2`,
   :class:`ComponentDecay`: gradient descent vs momentum on
   :math:`f(x) = \tfrac12\sum_i \lambda_i x_i^2`, :math:`\lambda_i = 2^{-i}`,
   :math:`x_i(0) = 1`, component by component.
3. :mod:`~momentum_theory.exercises.quadratic_minimum` -- :func:`exercise_3`,
   :class:`QuadraticSolution`: minimizer and minimum of
   :math:`h(x) = \tfrac12 x^\top Q x + x^\top c + b`, derived by SymPy,
   confirmed numerically; the reference of :func:`~momentum_theory.answers.check_answer`.
4. :mod:`~momentum_theory.exercises.noisy_gradients` -- :func:`exercise_4`,
   :class:`NoiseExperiment`: the noise floor of momentum with noisy
   (minibatch) gradients against :math:`\eta`, :math:`\beta` and the batch size.

The table
---------
- :mod:`~momentum_theory.exercises.registry` -- :class:`Exercise` records in
  :data:`EXERCISES` (number -> number, title, ``solve``, ``figures``: the
  file stems of its figures).

Examples
--------
>>> from momentum_theory.exercises import EXERCISES, exercise_2
>>> EXERCISES[2].solve is exercise_2
True
>>> exercise_2(d=4)
<ComponentDecay: d = 4, 4 methods, tol = 0.001>
"""
from momentum_theory.exercises.decoupled_quadratic import ComponentDecay, exercise_2
from momentum_theory.exercises.hyperparameters import LearningRateSweep, exercise_1
from momentum_theory.exercises.noisy_gradients import NoiseExperiment, exercise_4
from momentum_theory.exercises.quadratic_minimum import QuadraticSolution, exercise_3
from momentum_theory.exercises.registry import EXERCISES, Exercise

__all__ = [
    "LearningRateSweep", "exercise_1",
    "ComponentDecay", "exercise_2",
    "QuadraticSolution", "exercise_3",
    "NoiseExperiment", "exercise_4",
    "Exercise", "EXERCISES",
]
