r"""Iterating gradient descent and heavy-ball momentum.

The update rules are written as the chapter writes them:

.. math::

    v_t = \beta v_{t-1} + \nabla f(x_{t-1}), \qquad x_t = x_{t-1} - \eta v_t,

with :math:`v_0 = 0`; :math:`\beta = 0` is plain gradient descent.
"""
from __future__ import annotations

import numpy as np

from momentum_theory import _validation as _v

__all__ = ["heavy_ball"]


def _start(x0):
    x0 = _v.real_array(x0, "x0")
    if x0.ndim > 1:
        raise ValueError(f"x0 must be a scalar or a 1-D array, got shape {x0.shape}")
    return np.atleast_1d(x0).copy()


def _gradient(grad, x):
    g = grad(x.copy())
    try:
        g = np.asarray(g, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(f"grad must return real numbers, got {type(g).__name__}") from None
    if g.shape != x.shape and not (g.ndim == 0 and x.shape == (1,)):
        raise ValueError(f"grad must return an array shaped like x0 {x.shape}, got {g.shape}")
    return np.broadcast_to(g, x.shape)


def heavy_ball(grad, x0, eta, beta, steps):
    r"""Iterate heavy-ball momentum and return the whole trajectory.

    Parameters
    ----------
    grad : callable
        ``grad(x) -> array`` shaped like ``x``.
    x0 : array_like
        Start point (scalar or 1-D).
    eta : float
        Step size :math:`\eta`.
    beta : float
        Momentum :math:`\beta`; 0 gives gradient descent.
    steps : int
        Number of updates (>= 0).

    Returns
    -------
    ndarray, shape (steps + 1, d)
        Row ``t`` is :math:`x_t`; row 0 is ``x0``.

    Examples
    --------
    >>> heavy_ball(lambda x: 2.0 * x, [1.0], eta=0.25, beta=0.0, steps=3).ravel()
    array([1.   , 0.5  , 0.25 , 0.125])
    """
    if not callable(grad):
        raise TypeError(f"grad must be callable, got {type(grad).__name__}")
    x = _start(x0)
    eta = _v.real_scalar(eta, "eta")
    beta = _v.real_scalar(beta, "beta")
    steps = _v.count(steps, "steps")
    path = np.empty((steps + 1, x.size))
    path[0] = x
    v = np.zeros_like(x)
    for t in range(1, steps + 1):
        v = beta * v + _gradient(grad, x)
        x = x - eta * v
        path[t] = x
    return path
