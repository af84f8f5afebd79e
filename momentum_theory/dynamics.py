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
    x1 = _v.real_array(x1, "x1", allow_nonfinite=True)
    x2 = _v.real_array(x2, "x2", allow_nonfinite=True)
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
        grad = quadratic_gradient(grad_or_coefficients)
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


# --------------------------------------------------------------------------
# Closed form on diagonal quadratics
# --------------------------------------------------------------------------
# Error-free transformations (Knuth's TwoSum, Dekker's TwoProduct) carry the
# trace 1 + beta - eta*lam and the quarter discriminant m^2 - beta in
# double-double. Two cancellations matter: the discriminant on the
# critical-damping curves (without care the closed form loses ~t^2 eps
# there, the loop only ~t eps), and 1 - mu_1 when the dominant root is near
# 1 (mu_1^t for t = 10^6 needs log mu_1 to ~1e-18 absolute).

_SPLITTER = 134217729.0  # 2**27 + 1


def _two_sum(a, b):
    s = a + b
    bb = s - a
    return s, (a - (s - bb)) + (b - bb)


def _split(a):
    c = _SPLITTER * a
    hi = c - (c - a)
    return hi, a - hi


def _two_prod(a, b):
    p = a * b
    ah, al = _split(a)
    bh, bl = _split(b)
    return p, ((ah * bh - p) + ah * bl + al * bh) + al * bl


def _root_data(eta, lam, beta):
    r"""Quantities of :math:`\mu^2 - T\mu + \beta`, :math:`T = 1 + \beta - \eta\lambda`.

    Returns ``(sign, m, q, z)``: ``sign`` of ``T`` (+1 for 0); ``m = |T|/2``
    as a double-double pair ``(hi, lo)``; ``q = m^2 - beta`` as a pair, to
    about ``eps**2 * m**2``; and ``z = 1 + beta - 2m``, the characteristic
    polynomial of the folded roots at 1, i.e. :math:`(1-\mu_1)(1-\mu_2)`,
    to a few ulp of itself. All for the exact product ``eta * lam`` of the
    float inputs.
    """
    p, pe = _two_prod(eta, lam)
    s, se = _two_sum(1.0, beta)
    th, tl = _two_sum(s, -p)
    th, tl = _two_sum(th, tl + (se - pe))
    sign = np.where(th < 0, -1.0, 1.0)
    mh, ml = 0.5 * sign * th, 0.5 * sign * tl
    sq, sqe = _two_prod(mh, mh)
    qh, ql = _two_sum(sq, -beta)
    qh, ql = _two_sum(qh, ql + (sqe + 2.0 * mh * ml))
    zh, zl = _two_sum(s, -2.0 * mh)
    z = zh + (zl + (se - 2.0 * ml))
    return sign, (mh, ml), (qh, ql), z


def _exp_power(log_base, k):
    """``base ** k`` as ``exp(k log base)``, with ``base ** 0 = 1`` even for base 0."""
    return np.where(k == 0, 1.0, np.exp(k * log_base))


def _lucas(m_pair, q_pair, z, beta):
    r"""Scaled root-power sums of the folded roots :math:`\mu_{1,2} = m \pm \sqrt{q}`.

    :math:`U_k = (\mu_1^k - \mu_2^k)/(\mu_1 - \mu_2)` is returned as
    ``(power, c, G)`` with :math:`U_k = P^{k-1} G(k)`: ``P`` is the dominant
    modulus, ``power(k) = P**k``, ``c = beta / P`` and ``G(k)`` is at most
    ``k`` in size. ``beta`` must be nonzero and ``m >= 0``.
    """
    m, q = m_pair[0], q_pair[0]
    real = q > 0
    complex_ = q < 0
    d = np.sqrt(np.where(real, q, 0.0))
    mu1 = m + d
    safe_mu1 = np.where(real, mu1, 1.0)

    # log mu_1 through 1 - mu_1, one root of the polynomial shifted to 1:
    # (1 - mu_1) + (1 - mu_2) = 2 - 2m and (1 - mu_1)(1 - mu_2) = z. The root
    # of larger size is a sum without cancellation, the other comes from z.
    one_minus_m = (1.0 - m_pair[0]) - m_pair[1]
    big = one_minus_m + d
    one_minus_mu1 = np.where(one_minus_m >= 0, z / np.where(big != 0, big, 1.0), one_minus_m - d)
    # A root far from 1 has an accurate log of its own.
    log_mu1 = np.where(one_minus_mu1 < 0.5, np.log1p(-one_minus_mu1), np.log(safe_mu1))
    c = np.where(real, beta / safe_mu1, np.sqrt(np.abs(beta)))

    def power(k):
        # A double root and complex roots both have modulus sqrt(beta)
        # exactly: beta ** (k/2) of the exact input beats any rounded root.
        return np.where(real, _exp_power(log_mu1, k), np.abs(beta) ** (0.5 * k))

    # Real roots: G_k = (1 - rho^k) / (1 - rho), rho = mu2/mu1, with
    # 1 - rho = 2d/mu1 exactly, so no difference of nearby roots is formed.
    delta = np.where(real, 2.0 * d / safe_mu1, 1.0)
    positive = beta > 0
    rho = c / safe_mu1
    # rho near 1: log1p of the exact 1 - rho; rho small: log of rho itself.
    log_rho = np.where(delta < 0.5, np.log1p(-np.where(delta < 0.5, delta, 0.0)),
                       np.log(np.where(real & positive, rho, 0.5)))

    # Complex roots sqrt(beta) e^{+-i theta}: G_k = sin(k theta) / sin(theta).
    # An error e in theta moves the phase k*theta by k*e, so theta is taken
    # in extended precision from the double-double m and q.
    wide = np.longdouble
    m_wide = m_pair[0].astype(wide) + m_pair[1]
    w_wide = np.sqrt(-np.where(complex_, q_pair[0].astype(wide) + q_pair[1], -1.0))
    theta = np.arctan2(w_wide, m_wide)
    sin_theta = np.sin(theta)

    def G(k):
        g_real = np.where(positive, -np.expm1(np.where(k == 0, 0.0, k * log_rho)),
                          1.0 - rho ** k) / delta
        g_complex = (np.sin(k.astype(wide) * theta) / sin_theta).astype(np.float64)
        # Double root (critical damping, R a Jordan block): U_k = k m^(k-1).
        return np.where(real, g_real, np.where(complex_, g_complex, k))

    return power, c, G


def _integer_steps(t):
    arr = np.asarray(t)
    if isinstance(t, bool) or arr.dtype == bool or arr.dtype.kind not in "iu":
        raise TypeError(f"t must be an integer or an array of integers, got {arr.dtype}")
    if np.any(arr < 0):
        raise ValueError("t must be >= 0")
    return arr


def _closed_form(lam, x0, eta, beta, t, v0):
    lam = _v.real_array(lam, "lam")
    x0 = _v.real_array(x0, "x0")
    v0 = _v.real_array(v0, "v0")
    eta = _v.real_array(eta, "eta")
    beta = _v.momentum_beta(beta)
    t = _integer_steps(t)
    lam, x0, v0, eta, beta = _v.broadcast((lam, "lam"), (x0, "x0"), (v0, "v0"),
                                          (eta, "eta"), (beta, "beta"))
    # Output axes: t's axes first (time, like heavy_ball's rows), then the rest.
    lead = (1,) * t.ndim
    lam, x0, v0, eta, beta = (a.reshape(lead + a.shape) for a in (lam, x0, v0, eta, beta))
    t = t.reshape(t.shape + (1,) * (lam.ndim - t.ndim))
    k = t.astype(np.float64)
    odd = (t % 2) == 1

    # The first step as the loop computes it; then x_t = U_t x_1 - beta U_{t-1} x_0
    # (likewise for v), from Cayley-Hamilton: R^t = U_t R - beta U_{t-1} I.
    v1 = beta * v0 + lam * x0
    x1 = x0 - eta * v1

    sign, m_pair, q_pair, z = _root_data(eta, lam, beta)
    gd = beta == 0
    with np.errstate(all="ignore"):
        b = np.where(gd, 0.5, beta)  # the beta = 0 entries are done below
        power, c, G = _lucas(m_pair, q_pair, z, b)
        G_t, G_prev = G(k), G(k - 1.0)
        # A negative trace negates both roots: U_t(T) = sign^(t-1) U_t(|T|).
        flip = np.where((sign < 0) & ~odd, -1.0, 1.0)
        scale = flip * power(k - 1.0)
        bracket_x = G_t * x1 - sign * c * G_prev * x0
        bracket_v = G_t * v1 - sign * c * G_prev * v0
        # A zero bracket times an overflowed power is 0, not NaN.
        x_t = np.where(bracket_x == 0, 0.0, scale * bracket_x)
        v_t = np.where(bracket_v == 0, 0.0, scale * bracket_v)

        # beta = 0 is gradient descent: x_t = (1 - eta lam)^t x_0 and
        # v_t = lam x_{t-1}, whatever v_0 was. Here z = 1 - |1 - eta lam|.
        log_factor = np.log1p(-z)
        x_gd = np.where((sign < 0) & odd, -1.0, 1.0) * _exp_power(log_factor, k) * x0
        v_gd = np.where((sign < 0) & ~odd, -1.0, 1.0) * _exp_power(log_factor, k - 1.0) * v1
    x_t = np.where(gd, x_gd, x_t)
    v_t = np.where(gd, v_gd, v_t)
    first = t == 0
    x_t = np.where(first, x0, x_t)
    v_t = np.where(first, v0, v_t)
    return v_t, x_t


def momentum_state(lam, x0, eta, beta, t, v0=0.0):
    r"""The heavy-ball state :math:`(v_t, x_t)` on :math:`\lambda x^2/2`, in closed form.

    Parameters
    ----------
    lam : array_like
        Curvatures :math:`\lambda_i` of the diagonal quadratic
        :math:`f(x) = \sum_i \lambda_i x_i^2 / 2`.
    x0 : array_like
        Start point (broadcast against ``lam``).
    eta : array_like
        Step size (broadcast against ``lam``).
    beta : array_like
        Momentum in (-1, 1) (broadcast against ``lam``).
    t : int or array_like of int
        Step(s), >= 0.
    v0 : array_like, optional
        Start velocity; 0 as in the chapter.

    Returns
    -------
    (v_t, x_t) : tuple of float or ndarray
        Each of shape ``shape(t) + broadcast shape of the other inputs``
        (time first, as in the rows of :func:`heavy_ball`); scalars when
        every input is a scalar.

    Notes
    -----
    The state obeys :math:`(v_t, x_t) = R^t (v_0, x_0)` with
    :math:`R = \begin{bmatrix}\beta & \lambda\\ -\eta\beta & 1-\eta\lambda\end{bmatrix}`.
    Cayley–Hamilton gives :math:`R^t = U_t R - \beta U_{t-1} I`, with
    :math:`U_t = (\mu_1^t - \mu_2^t)/(\mu_1 - \mu_2)` over the eigenvalues
    :math:`\mu_{1,2}` (see :func:`momentum_theory.spectral.transition_eigenvalues`),
    so :math:`x_t = U_t x_1 - \beta U_{t-1} x_0` and likewise for :math:`v`.
    :math:`U_t` is evaluated without subtracting nearby roots:

    * real roots: :math:`\mu_1^{t-1}(1-\rho^t)/(1-\rho)`,
      :math:`\rho = \mu_2/\mu_1`, via ``expm1``/``log1p``;
    * complex roots :math:`\sqrt\beta e^{\pm i\theta}`:
      :math:`\beta^{(t-1)/2} \sin(t\theta)/\sin\theta`;
    * a double root (critical damping, :math:`\eta\lambda = (1\pm\sqrt\beta)^2`,
      where R is a Jordan block): :math:`t\mu^{t-1}`;

    and the branches meet continuously. The cost is a fixed number of ufunc
    passes: step :math:`10^6` costs what step 10 does.

    Accuracy: the trace and discriminant are carried in double-double
    (error-free TwoSum/TwoProduct), so the critical curves lose nothing;
    :math:`\mu_1^{t-1}` is :math:`\exp((t-1)\log\mu_1)` with
    :math:`\log\mu_1` to an ulp even for :math:`\mu_1` near 1, or
    :math:`\beta^{(t-1)/2}` for complex roots; their phase :math:`t\theta`
    is carried in ``numpy.longdouble`` (where that is plain double, as on
    some platforms, the phase error grows as :math:`t\epsilon`). The error
    is then a few ulp times :math:`1 + |\log \mu^{t-1}|` of the size of the
    terms :math:`|U_t x_1| + |\beta U_{t-1} x_0|`: relative to :math:`x_t`
    unless the two cancel (a start on the slower eigenvector), as for the loop.

    Range: results beyond float64 underflow to 0 (a convergent run:
    :math:`0.9^t` for :math:`t \gtrsim 7000`) or overflow to
    :math:`\pm\infty` (a divergent one), never NaN; the underflow can come
    a factor :math:`t` early, and subnormal results carry fewer digits.

    Examples
    --------
    >>> v, x = momentum_state(1.0, 1.0, eta=0.5, beta=0.5, t=[1, 2, 3])
    >>> v
    array([1. , 1. , 0.5])
    >>> x
    array([ 0.5 ,  0.  , -0.25])
    """
    v_t, x_t = _closed_form(lam, x0, eta, beta, t, v0)
    inputs = (lam, x0, eta, beta, t, v0)
    return _v.scalar_out(v_t, *inputs), _v.scalar_out(x_t, *inputs)


def momentum_iterate(lam, x0, eta, beta, t, v0=0.0):
    r"""The heavy-ball iterate :math:`x_t` on :math:`\sum_i \lambda_i x_i^2/2`, in closed form.

    Parameters
    ----------
    lam : array_like
        Curvatures :math:`\lambda_i` (one per coordinate of a diagonal quadratic).
    x0 : array_like
        Start point (broadcast against ``lam``).
    eta : array_like
        Step size (broadcast against ``lam``).
    beta : array_like
        Momentum in (-1, 1) (broadcast against ``lam``).
    t : int or array_like of int
        Step(s), >= 0.
    v0 : array_like, optional
        Start velocity; 0 as in the chapter.

    Returns
    -------
    float or ndarray
        Shape ``shape(t) + broadcast shape of the other inputs``; with
        ``t = arange(steps + 1)`` and ``v0 = 0`` it is what
        ``heavy_ball(lambda x: lam * x, x0, eta, beta, steps)`` returns.

    Notes
    -----
    See :func:`momentum_state` for the formula, its accuracy and what
    happens beyond the float64 range.

    Examples
    --------
    >>> momentum_iterate([1.0, 10.0], 1.0, eta=0.1, beta=0.5, t=[0, 1, 2])
    array([[ 1.  ,  1.  ],
           [ 0.9 ,  0.  ],
           [ 0.76, -0.5 ]])
    >>> float(momentum_iterate(1.0, 1.0, eta=0.1, beta=0.5, t=10**6))  # underflows
    0.0
    >>> t = 10**6
    >>> x = float(momentum_iterate(1e-5, 1.0, eta=0.1, beta=0.5, t=t))
    >>> round(x, 6)
    0.135335
    """
    _, x_t = _closed_form(lam, x0, eta, beta, t, v0)
    return _v.scalar_out(x_t, lam, x0, eta, beta, t, v0)
