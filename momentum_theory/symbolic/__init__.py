r"""The chapter's closed forms, derived by SymPy rather than typed in.

Each function returns a :class:`Derivation`: ``result`` (SymPy objects),
``steps`` (the named intermediate results, in order), ``conditions``,
``latex()``, ``pretty()`` (what ``print()`` shows) and Jupyter rendering.
Results are cached, so a second call is free.

In chapter order (:func:`all_derivations` returns them so):

==========================  ===================================================
:func:`leaky_average`       :math:`v_t = \beta v_{t-1} + g_t` unrolled
:func:`effective_weight`    :math:`\sum_\tau \beta^\tau = 1/(1-\beta)`, :math:`|\beta|<1`
:func:`quadratic`           gradient, minimizer, minimum, completed square of *h*
:func:`eigen_decoupling`    GD and momentum are diagonal in :math:`z = O(x - x^*)`
:func:`gd_scalar`           :math:`x_t = (1-\eta\lambda)^t x_0`, :math:`0 < \eta\lambda < 2`
:func:`momentum_transition` :math:`R(\beta, \eta, \lambda)`, its polynomial and eigenvalues
:func:`momentum_region`     :math:`0 < \eta\lambda < 2 + 2\beta`, :math:`-1 < \beta < 1`
==========================  ===================================================

Examples
--------
>>> from momentum_theory import symbolic as sym
>>> sym.momentum_region().result
(-1 < beta) & (0 < h) & (beta < 1) & (h < 2*beta + 2)
>>> [d.name for d in sym.all_derivations()][:3]
['leaky_average', 'effective_weight', 'quadratic']
"""
from __future__ import annotations

from momentum_theory.symbolic.averaging import effective_weight, leaky_average
from momentum_theory.symbolic.convergence import (
    gd_scalar,
    momentum_power,
    momentum_region,
    momentum_transition,
)
from momentum_theory.symbolic.derivation import (
    Derivation,
    b,
    beta,
    eta,
    h,
    lambda_,
    mu,
    symmetric_matrix,
    t,
    tau,
    v0,
    vector,
    x0,
)
from momentum_theory.symbolic.quadratic_form import decoupling_check, eigen_decoupling, quadratic

__all__ = [
    "Derivation", "all_derivations",
    "leaky_average", "effective_weight", "quadratic", "eigen_decoupling", "decoupling_check",
    "gd_scalar", "momentum_transition", "momentum_power", "momentum_region",
    "symmetric_matrix", "vector",
    "eta", "beta", "lambda_", "t", "tau", "x0", "v0", "b", "mu", "h",
]


def all_derivations():
    """Every derivation of the chapter, in the chapter's order.

    Returns
    -------
    tuple of Derivation
        ``leaky_average()``, ``effective_weight()``, ``quadratic(2)``,
        ``eigen_decoupling(2)``, ``gd_scalar()``, ``momentum_transition()``,
        ``momentum_region()``.

    Examples
    --------
    >>> len(all_derivations())
    7
    """
    return (leaky_average(), effective_weight(), quadratic(2), eigen_decoupling(2),
            gd_scalar(), momentum_transition(), momentum_region())
