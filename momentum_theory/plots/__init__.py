"""Plots: each plot function takes ``ax=None``, draws, and returns the Axes.

Importing this package imports matplotlib; nothing below ``plots`` does.
No function here calls ``plt.show()`` or changes global rcParams.
Whole figures are made here in two places only: :func:`new_figure`, the figure
every builder starts from (constrained layout, no pyplot), and the exercises'
builders (:func:`exercise_figures`, by number, and :func:`sweep_figures`,
:func:`decay_figures`, :func:`noise_figures`), which return ``{file stem: Figure}``.
"""
from momentum_theory.plots.chapter import *  # noqa: F401,F403
from momentum_theory.plots.noise import *  # noqa: F401,F403
from momentum_theory.plots.theory import *  # noqa: F401,F403
from momentum_theory.plots.methods import *  # noqa: F401,F403
from momentum_theory.plots.counterexample import *  # noqa: F401,F403
from momentum_theory.plots.spectrum import *  # noqa: F401,F403
from momentum_theory.plots.general import *  # noqa: F401,F403
from momentum_theory.plots._axes import new_figure
from momentum_theory.plots import chapter as _chapter, methods as _methods, noise as _noise
from momentum_theory.plots import theory as _theory
from momentum_theory.plots import counterexample as _counterexample
from momentum_theory.plots import spectrum as _spectrum
from momentum_theory.plots import general as _general

__all__ = [*_chapter.__all__, *_noise.__all__, *_theory.__all__, *_methods.__all__,
           *_counterexample.__all__, *_spectrum.__all__, *_general.__all__, "new_figure"]
