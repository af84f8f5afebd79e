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

from momentum_theory.accelerated import (
    confirm_nesterov_region,
    nesterov_converges,
    nesterov_eigenvalues,
    nesterov_optimal,
    nesterov_spectral_radius,
    nesterov_transition_matrix,
)
from momentum_theory.data import default_dataset, load_airfoil, make_regression_data
from momentum_theory.dynamics import (
    chapter_2d_runs,
    heavy_ball,
    momentum_iterate,
    momentum_state,
    nesterov,
    run_2d,
)
from momentum_theory.regimes import Regime, classify, critical_damping
from momentum_theory.spectral import (
    confirm_region,
    in_region,
    rate_map,
    spectral_radius,
    stability_boundary,
    transition_eigenvalues,
    transition_matrix,
)
from momentum_theory.training import chapter_runs, least_squares_loss, train_momentum
from momentum_theory.tuning import (
    gd_optimal,
    heavy_ball_optimal,
    minimize_worst_rate,
    steps_to_tolerance,
    worst_rate,
)
from momentum_theory.finite_horizon import worst_case

__version__ = "0.3.0"

# Submodules that pull in heavy dependencies (SymPy, matplotlib) load on first use.
_LAZY_MODULES = {"symbolic", "plots", "figures", "report", "claims", "exercises", "answers",
                 "comparisons", "methods",
                 "noise", "explorer", "nonquadratic", "spectrum_map", "grading"}
# Functions from those modules, resolved on first use as well.
_LAZY_FUNCTIONS = {"check_answer": "answers", "verify_all": "claims", "explore": "explorer"}

__all__ = [
    # spectral analysis of heavy ball
    "transition_matrix", "transition_eigenvalues", "spectral_radius", "stability_boundary",
    "rate_map", "confirm_region",
    # regimes, tuning, worst case
    "Regime", "classify", "critical_damping", "in_region",
    "heavy_ball_optimal", "gd_optimal", "minimize_worst_rate", "worst_rate",
    "steps_to_tolerance", "worst_case",
    # Nesterov
    "nesterov_transition_matrix", "nesterov_eigenvalues", "nesterov_spectral_radius",
    "nesterov_converges", "nesterov_optimal", "confirm_nesterov_region",
    # iterating
    "heavy_ball", "nesterov", "momentum_iterate", "momentum_state", "chapter_2d_runs", "run_2d",
    # data and training
    "load_airfoil", "default_dataset", "make_regression_data",
    "train_momentum", "chapter_runs", "least_squares_loss",
    # lazily loaded (SymPy)
    "check_answer", "verify_all",
]


def __getattr__(name):
    if name in _LAZY_MODULES:
        return importlib.import_module(f"momentum_theory.{name}")
    if name in _LAZY_FUNCTIONS:
        return getattr(importlib.import_module(f"momentum_theory.{_LAZY_FUNCTIONS[name]}"), name)
    raise AttributeError(f"module 'momentum_theory' has no attribute {name!r}")
