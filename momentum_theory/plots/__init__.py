"""Plots: each function takes ``ax=None``, draws, and returns the Axes.

Importing this package imports matplotlib; nothing below ``plots`` does.
No function here calls ``plt.show()`` or changes global rcParams.
"""
from momentum_theory.plots.chapter import *  # noqa: F401,F403
from momentum_theory.plots.noise import *  # noqa: F401,F403
from momentum_theory.plots.theory import *  # noqa: F401,F403
from momentum_theory.plots import chapter as _chapter, noise as _noise, theory as _theory

__all__ = [*_chapter.__all__, *_noise.__all__, *_theory.__all__]
