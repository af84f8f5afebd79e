r"""Heavy ball on diagonal quadratics in closed form: step :math:`t` at the cost of step 1.

On :math:`f(x) = \sum_i \lambda_i x_i^2 / 2` each coordinate evolves by powers
of the transition matrix :math:`R(\beta, \eta, \lambda_i)`;
:func:`momentum_state` and :func:`momentum_iterate` evaluate those powers from
the roots of :math:`\mu^2 - (1 + \beta - \eta\lambda)\mu + \beta`, so
:math:`t = 10^6` costs what :math:`t = 10` costs. They agree with the loop
:func:`momentum_theory.dynamics.heavy_ball` and with 50-digit matrix powers.
"""
from __future__ import annotations

import numpy as np

from momentum_theory import _validation as _v
from momentum_theory._eft import two_product, two_sum

__all__ = ["momentum_iterate", "momentum_state"]


# Error-free transformations (Knuth's TwoSum, Dekker's TwoProduct) carry the
# trace 1 + beta - eta*lam and the quarter discriminant m^2 - beta in
# double-double. Two cancellations matter: the discriminant on the
# critical-damping curves (without care the closed form loses ~t^2 eps
# there, the loop only ~t eps), and 1 - mu_1 when the dominant root is near
# 1 (mu_1^t for t = 10^6 needs log mu_1 to ~1e-18 absolute).

def _root_data(eta, lam, beta):
    r"""Quantities of :math:`\mu^2 - T\mu + \beta`, :math:`T = 1 + \beta - \eta\lambda`.

    Returns ``(sign, m, q, z)``: ``sign`` of ``T`` (+1 for 0); ``m = |T|/2``
    as a double-double pair ``(hi, lo)``; ``q = m^2 - beta`` as a pair, to
    about ``eps**2 * m**2``; and ``z = 1 + beta - 2m``, the characteristic
    polynomial of the folded roots at 1, i.e. :math:`(1-\mu_1)(1-\mu_2)`,
    to a few ulp of itself. All for the exact product ``eta * lam`` of the
    float inputs.
    """
    p, pe = two_product(eta, lam)
    s, se = two_sum(1.0, beta)
    th, tl = two_sum(s, -p)
    th, tl = two_sum(th, tl + (se - pe))
    sign = np.where(th < 0, -1.0, 1.0)
    mh, ml = 0.5 * sign * th, 0.5 * sign * tl
    sq, sqe = two_product(mh, mh)
    qh, ql = two_sum(sq, -beta)
    qh, ql = two_sum(qh, ql + (sqe + 2.0 * mh * ml))
    zh, zl = two_sum(s, -2.0 * mh)
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
