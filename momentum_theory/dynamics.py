r"""Iterating gradient descent, heavy-ball momentum and Nesterov's method.

The update rules are written as the chapter writes them:

.. math::

    v_t = \beta v_{t-1} + \nabla f(x_{t-1}), \qquad x_t = x_{t-1} - \eta v_t,

with :math:`v_0 = 0`; :math:`\beta = 0` is plain gradient descent.

Three layers:

* step-by-step loops for any gradient: :func:`heavy_ball`, :func:`nesterov`;
* the chapter's 2-D experiment on :math:`f(x) = 0.1 x_1^2 + 2 x_2^2`:
  :func:`chapter_2d_runs`, :func:`run_2d`, :func:`chapter_objective`,
  :func:`quadratic_gradient`;
* closed forms on diagonal quadratics :math:`\sum_i \lambda_i x_i^2 / 2`:
  :func:`momentum_iterate` and :func:`momentum_state` give step :math:`t`
  directly from powers of the transition matrix :math:`R`, at a cost that
  does not depend on :math:`t`.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from momentum_theory import _validation as _v
# The closed form lives in its own module; it is part of this module's API.
from momentum_theory.closed_form import momentum_iterate, momentum_state

__all__ = [
    "heavy_ball",
    "nesterov",
    "quadratic_gradient",
    "Trajectory",
    "chapter_objective",
    "run_2d",
    "chapter_2d_runs",
    "momentum_iterate",
    "momentum_state",
]

#: The chapter's objective :math:`f(x) = 0.1 x_1^2 + 2 x_2^2` as coefficients.
CHAPTER_COEFFICIENTS = (0.1, 2.0)
#: The chapter's start point and number of steps (``d2l.train_2d``).
CHAPTER_START = (-5.0, -2.0)
CHAPTER_STEPS = 20


# --------------------------------------------------------------------------
# Step-by-step iteration
# --------------------------------------------------------------------------

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


def _iterate(grad, x0, eta, beta, steps, lookahead):
    """The loop shared by heavy ball (``lookahead=False``) and Nesterov."""
    if not callable(grad):
        raise TypeError(f"grad must be callable, got {type(grad).__name__}")
    x = _start(x0)
    eta = _v.real_scalar(eta, "eta")
    beta = _v.real_scalar(beta, "beta")
    steps = _v.count(steps, "steps")
    _v.result_size((steps + 1, x.size), 8, "steps", "x0", what="a trajectory")
    path = np.empty((steps + 1, x.size))
    path[0] = x
    v = np.zeros_like(x)
    for t in range(1, steps + 1):
        # Nesterov evaluates the gradient where the momentum alone would carry x.
        y = x - eta * beta * v if lookahead else x
        v = beta * v + _gradient(grad, y)
        x = x - eta * v
        path[t] = x
    return path


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

    Notes
    -----
    :math:`v_t = \beta v_{t-1} + \nabla f(x_{t-1})`,
    :math:`x_t = x_{t-1} - \eta v_t`, :math:`v_0 = 0`.

    Examples
    --------
    >>> heavy_ball(lambda x: 2.0 * x, [1.0], eta=0.25, beta=0.0, steps=3).ravel()
    array([1.   , 0.5  , 0.25 , 0.125])
    """
    return _iterate(grad, x0, eta, beta, steps, lookahead=False)


def nesterov(grad, x0, eta, beta, steps):
    r"""Iterate Nesterov's accelerated gradient and return the whole trajectory.

    Same contract as :func:`heavy_ball`; the only change is where the
    gradient is taken.

    Parameters
    ----------
    grad, x0, eta, beta, steps
        As for :func:`heavy_ball`.

    Returns
    -------
    ndarray, shape (steps + 1, d)
        Row ``t`` is :math:`x_t`; row 0 is ``x0``.

    Notes
    -----
    Momentum form, with :math:`v_0 = 0`:

    .. math::

        v_t = \beta v_{t-1} + \nabla f(x_{t-1} - \eta\beta v_{t-1}), \qquad
        x_t = x_{t-1} - \eta v_t .

    It is the same sequence as the look-ahead form
    :math:`y_t = x_t + \beta (x_t - x_{t-1})`,
    :math:`x_{t+1} = y_t - \eta \nabla f(y_t)` with :math:`x_{-1} = x_0`,
    because :math:`x_t - x_{t-1} = -\eta v_t` makes
    :math:`y_t = x_t - \eta\beta v_t`.

    Examples
    --------
    >>> nesterov(lambda x: 2.0 * x, [1.0], eta=0.25, beta=0.5, steps=2).ravel()
    array([1.   , 0.5  , 0.125])
    >>> heavy_ball(lambda x: 2.0 * x, [1.0], eta=0.25, beta=0.5, steps=2).ravel()
    array([1. , 0.5, 0. ])
    """
    return _iterate(grad, x0, eta, beta, steps, lookahead=True)


def quadratic_gradient(coefficients):
    r"""Gradient of :math:`f(x) = \sum_i a_i x_i^2`, as a callable.

    Parameters
    ----------
    coefficients : array_like, 1-D
        The :math:`a_i` (finite reals; negative ones give a saddle). The
        chapter's :math:`f = 0.1 x_1^2 + 2 x_2^2` is ``(0.1, 2)``.

    Returns
    -------
    callable
        ``grad(x) = 2 a * x`` for ``x`` of shape ``(len(coefficients),)``;
        its attribute ``coefficients`` holds the :math:`a_i`.

    Notes
    -----
    The factor :math:`2a_i` is formed once; doubling is exact in binary, so
    ``grad`` rounds exactly like the chapter's ``0.2 * x1`` and ``4 * x2``.

    Examples
    --------
    >>> grad = quadratic_gradient((0.1, 2))
    >>> grad([-5.0, -2.0])
    array([-1., -8.])
    """
    a = _v.real_array(coefficients, "coefficients")
    if a.ndim > 1 or a.size == 0:
        raise ValueError(f"coefficients must be a number or a non-empty 1-D sequence, got shape {a.shape}")
    twice = 2.0 * np.atleast_1d(a)

    def grad(x):
        x = _v.real_array(x, "x", allow_nonfinite=True)
        if x.shape != twice.shape:
            raise ValueError(f"x must have shape {twice.shape} to match the coefficients, got {x.shape}")
        return twice * x

    grad.coefficients = twice / 2.0
    return grad


# --------------------------------------------------------------------------
# The chapter's 2-D experiment
# --------------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class Trajectory:
    """The iterates of one run, with the settings that produced them.

    Attributes
    ----------
    name : str
        A label such as ``"momentum, η = 0.6, β = 0.5"``.
    eta, beta : float
        Step size and momentum (``beta == 0``: gradient descent).
    path : ndarray, shape (steps + 1, d)
        Row ``t`` is :math:`x_t`; row 0 is the start.
    """

    name: str
    eta: float
    beta: float
    path: np.ndarray

    @property
    def steps(self) -> int:
        """Number of updates (``len(path) - 1``)."""
        return self.path.shape[0] - 1

    @property
    def final(self) -> np.ndarray:
        """The last iterate :math:`x_{\\text{steps}}`."""
        return self.path[-1]


def _default_name(eta, beta):
    if beta == 0:
        return f"gradient descent, η = {eta:g}"
    return f"momentum, η = {eta:g}, β = {beta:g}"


def chapter_objective(x1, x2):
    r"""The chapter's objective :math:`f(x) = 0.1 x_1^2 + 2 x_2^2`, vectorised.

    Parameters
    ----------
    x1, x2 : array_like
        Coordinates; broadcast against each other (e.g. a meshgrid).

    Returns
    -------
    float or ndarray

    Examples
    --------
    >>> float(chapter_objective(-5.0, -2.0))
    10.5
    >>> chapter_objective([1.0, 0.0], [0.0, 1.0])
    array([0.1, 2. ])
    """
    x1 = _v.real_array(x1, "x1")
    x2 = _v.real_array(x2, "x2")
    x1, x2 = _v.broadcast((x1, "x1"), (x2, "x2"))
    return _v.scalar_out(0.1 * x1 ** 2 + 2 * x2 ** 2, x1, x2)


def run_2d(grad_or_coefficients, eta, beta, steps=CHAPTER_STEPS, start=CHAPTER_START, name=None):
    r"""One run of gradient descent / momentum from ``start``, as a :class:`Trajectory`.

    Parameters
    ----------
    grad_or_coefficients : callable or array_like
        A gradient ``grad(x)``, or the coefficients :math:`a_i` of
        :math:`f = \sum_i a_i x_i^2` (see :func:`quadratic_gradient`).
    eta, beta : float
        Step size and momentum; ``beta = 0`` is gradient descent.
    steps : int
        Number of updates (the chapter's ``train_2d`` uses 20).
    start : array_like
        Start point; the chapter's is ``(-5, -2)``. Any dimension works,
        the name only recalls the chapter's 2-D pictures.
    name : str, optional
        Label; by default it names the method and its parameters.

    Returns
    -------
    Trajectory

    Examples
    --------
    >>> run = run_2d((0.1, 2), eta=0.4, beta=0.0, steps=1)
    >>> run.name, run.path[1]
    ('gradient descent, η = 0.4', array([-4.6,  1.2]))
    """
    if callable(grad_or_coefficients):
        grad = grad_or_coefficients
    else:
        _v.real_array(grad_or_coefficients, "grad_or_coefficients")   # named as passed
        grad = quadratic_gradient(grad_or_coefficients)
    start = _v.real_array(start, "start")
    eta = _v.real_scalar(eta, "eta")
    beta = _v.real_scalar(beta, "beta")
    if name is None:
        name = _default_name(eta, beta)
    elif not isinstance(name, str):
        raise TypeError(f"name must be a string, got {type(name).__name__}")
    path = heavy_ball(grad, start, eta, beta, steps)
    return Trajectory(name, eta, beta, path)


def chapter_2d_runs(steps=CHAPTER_STEPS, start=CHAPTER_START):
    r"""The chapter's four runs on :math:`f(x) = 0.1 x_1^2 + 2 x_2^2`, in its order.

    1. gradient descent, :math:`\eta = 0.4` (converges, slowly along :math:`x_1`);
    2. gradient descent, :math:`\eta = 0.6` (:math:`|1 - 4\eta| = 1.4`: diverges along :math:`x_2`);
    3. momentum, :math:`(\eta, \beta) = (0.6, 0.5)` (converges);
    4. momentum, :math:`(\eta, \beta) = (0.6, 0.25)` (converges, slowly).

    Parameters
    ----------
    steps : int
        Updates per run (the chapter: 20).
    start : (float, float)
        Start point (the chapter: ``(-5, -2)``).

    Returns
    -------
    list of Trajectory

    Notes
    -----
    The iterates are those of the chapter's ``gd_2d`` and ``momentum_2d``
    update functions: the momentum runs agree bit for bit; the gradient
    descent runs compute ``x - eta * (0.2 * x)`` where ``gd_2d`` computes
    ``x - (eta * 0.2) * x``, a difference in the last bit at most per step.

    Examples
    --------
    >>> runs = chapter_2d_runs()
    >>> [r.name for r in runs]  # doctest: +NORMALIZE_WHITESPACE
    ['gradient descent, η = 0.4', 'gradient descent, η = 0.6',
     'momentum, η = 0.6, β = 0.5', 'momentum, η = 0.6, β = 0.25']
    >>> runs[2].final.round(4)
    array([0.0072, 0.0026])
    """
    start = _v.real_array(start, "start")
    if start.shape != (2,):
        raise ValueError(f"start must be a point (x1, x2), got shape {start.shape}")
    grad = quadratic_gradient(CHAPTER_COEFFICIENTS)
    settings = [(0.4, 0.0), (0.6, 0.0), (0.6, 0.5), (0.6, 0.25)]
    return [run_2d(grad, eta, beta, steps=steps, start=start) for eta, beta in settings]
