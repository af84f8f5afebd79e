"""momentum_theory: the theory of gradient descent with momentum, computed.

The numeric core (NumPy/SciPy) is imported here; SymPy and matplotlib are
only imported by the modules that need them (``momentum_theory.symbolic``,
``momentum_theory.plots``), which load on first attribute access.

>>> import momentum_theory as mt
>>> round(float(mt.spectral_radius(2.4, 0.25)), 6)
0.858945
"""
from __future__ import annotations

import importlib

from momentum_theory.dynamics import heavy_ball
from momentum_theory.spectral import (
    confirm_region,
    rate_map,
    spectral_radius,
    stability_boundary,
    transition_eigenvalues,
    transition_matrix,
)

__version__ = "0.1.0"

# Submodules that pull in heavy dependencies load on first use.
_LAZY_MODULES = {"symbolic", "plots"}

__all__ = [
    "confirm_region",
    "heavy_ball",
    "rate_map",
    "spectral_radius",
    "stability_boundary",
    "transition_eigenvalues",
    "transition_matrix",
]


def __getattr__(name):
    if name in _LAZY_MODULES:
        return importlib.import_module(f"momentum_theory.{name}")
    raise AttributeError(f"module 'momentum_theory' has no attribute {name!r}")
