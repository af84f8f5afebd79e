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
from momentum_theory._short_horizon import first_steps

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


# Cody and Waite's split of log 2: LN2_HI has 32 significant bits, so
# j * LN2_HI is exact for |j| < 2**21 and L - j log 2 keeps L's accuracy.
_LN2_HI = 6.93147180369123816490e-01
_LN2_LO = 1.90821492927058770002e-10
# exp(L) is taken whole while |L| stays below this; beyond it a power of two
# 2**j is split off and applied, with the input scaling, by one final ldexp.
_EXP_SAFE = 600.0


def _binary_split(L):
    """``j`` (float, integral) with ``L - j log 2`` small where ``|L|`` is large, else 0."""
    with np.errstate(invalid="ignore"):
        return np.where((np.abs(L) > _EXP_SAFE) & np.isfinite(L), np.rint(L / np.log(2.0)), 0.0)


def _exp_split(L):
    """``(m, j)`` with ``m 2**j = exp(L)``: ``m`` in range whenever ``exp(L)`` is."""
    j = _binary_split(L)
    return np.exp((L - j * _LN2_HI) - j * _LN2_LO), j


def _exp_power(log_base, k):
    """``base ** k`` as ``(m, j)``, ``m 2**j = exp(k log base)``; ``base ** 0 = 1`` even for base 0."""
    m, j = _exp_split(np.where(k == 0, 0.0, k * log_base))
    return np.where(k == 0, 1.0, m), np.where(k == 0, 0.0, j)


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
        """``P**k`` as ``(m, j)``: ``m 2**j``, so that no factor over- or underflows alone."""
        real_m, real_j = _exp_power(log_mu1, k)
        # A double root and complex roots both have modulus sqrt(beta)
        # exactly: beta ** (k/2) of the exact input beats any rounded root
        # (out of range, exp of the logarithm with a power of two split off).
        root_m = np.abs(beta) ** (0.5 * k)
        split = np.zeros(())
        if not np.all(real | ((root_m > 2.0 ** -900) & (root_m < 2.0 ** 900))):
            log_root = 0.5 * k * np.log(np.abs(beta))
            split = _binary_split(log_root)
            root_m = np.where(split == 0, root_m,
                              np.exp((log_root - split * _LN2_HI) - split * _LN2_LO))
        return np.where(real, real_m, root_m), np.where(real, real_j, split)

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
    # Only the phase needs the wide type: sin(theta) = w / sqrt(beta), and
    # sin(k theta) is sin(hi) + cos(hi) lo for the phase split into two
    # doubles, hi + lo (double sin and cos are an ulp; sinl is ~7x slower).
    wide = np.longdouble
    m_wide = m_pair[0].astype(wide) + m_pair[1]
    w_wide = np.sqrt(-np.where(complex_, q_pair[0].astype(wide) + q_pair[1], -1.0))
    theta = np.arctan2(w_wide, m_wide)
    sin_theta = np.where(complex_, w_wide.astype(np.float64) / np.sqrt(np.abs(beta)), 1.0)

    def sin_phase(k):
        phase = k.astype(wide) * theta
        hi = phase.astype(np.float64)
        lo = (phase - hi).astype(np.float64)
        return np.sin(hi) + np.cos(hi) * lo

    def G(k):
        g_real = np.where(positive, -np.expm1(np.where(k == 0, 0.0, k * log_rho)),
                          1.0 - rho ** k) / delta
        g_complex = sin_phase(k) / sin_theta
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


def _exponent(x):
    """``e`` with ``|x| < 2**e`` (0 for 0), as floats."""
    return np.frexp(x)[1].astype(np.float64)


def _tame(*arrays):
    """True if every entry is 0 or has magnitude in [2**-250, 2**250]."""
    for arr in arrays:
        mag = np.abs(arr)
        if mag.size and not np.all((mag == 0) | ((mag >= 2.0 ** -250) & (mag <= 2.0 ** 250))):
            return False
    return True


def _first_step(lam, eta, x0s, bv_pair, lam_x0=None):
    """v_1 = beta v_0 + lam x_0 and x_1 = x_0 - eta v_1, in double-double.

    x_1 can be a tiny remainder of x_0 (eta*lam near 1), and the closed
    form multiplies its error by U_t. ``lam_x0``: the pair lam x0 when
    the caller forms it (rescaled); ``bv_pair``: beta v0 as a pair.
    """
    p2, p2e = two_product(lam, x0s) if lam_x0 is None else lam_x0
    v1, v1e = two_sum(bv_pair[0], p2)
    v1, v1e = two_sum(v1, v1e + (bv_pair[1] + p2e))
    q, qe = two_product(eta, v1)
    x1, x1e = two_sum(x0s, -q)
    return v1, x1 + (x1e - (qe + eta * v1e))


def _rescaled_first_step(lam, eta, beta, x0, v0):
    """The first step, on inputs rescaled by powers of two so that nothing leaves the range.

    eta and lam are balanced to about sqrt(eta*lam) each (2**-a and 2**a;
    v is then carried scaled by 2**-a), and x_t and v_t are each computed
    from their own inputs brought to size ~1 (the recurrence is linear;
    x_t depends on x_0 and beta v_0 only, v_t on v_0 and lam x_0), x by
    2**-ex and v by 2**-(a + ev). Exponents are added as integers: products
    such as eta * v0 may overflow where the result does not.

    Returns ``lam, eta, x0s, v0s, v1, x1, a, ex, ev`` (v1 on the v scale,
    x1 on the x scale).
    """
    # (frexp(0) has exponent 0; eta is kept a normal number, eta v_1 = O(1).)
    a = np.maximum(np.floor(0.5 * (_exponent(lam) - _exponent(eta))), -1020.0 - _exponent(eta))
    # beta v0 exactly, as (bv + bve) 2**ev0.
    ev0 = _exponent(v0)
    bv, bve = two_product(beta, np.ldexp(v0, -ev0.astype(int)))
    ex = np.maximum(_exponent(x0), np.where((bv != 0) & (eta != 0),
                                            _exponent(bv) + ev0 + _exponent(eta), -np.inf))
    ev = np.maximum(np.where(v0 != 0, _exponent(v0), -np.inf),
                    np.where((lam != 0) & (x0 != 0), _exponent(lam) + _exponent(x0), -np.inf)) - a
    ex, ev = np.where(np.isfinite(ex), ex, 0.0), np.where(np.isfinite(ev), ev, 0.0)
    lam, eta = np.ldexp(lam, -a.astype(int)), np.ldexp(eta, a.astype(int))
    # lam x0 from lam_n = lam 2**-el in [1/2, 1) and x0 2**(el - e), so
    # that neither factor leaves the range.
    el = _exponent(lam)
    lam_n = np.ldexp(lam, -el.astype(int))

    def lam_x0(e):
        return two_product(lam_n, np.where(lam_n != 0, np.ldexp(x0, (el - e).astype(int)), 0.0))

    shift_x, shift_v = (ev0 - a - ex).astype(int), (-(a + ev)).astype(int)
    x0s = np.ldexp(x0, -ex.astype(int))
    # (eta = 0: x never moves, and beta v0 was left out of ex.)
    live = eta != 0
    _, x1 = _first_step(lam, eta, x0s, (np.where(live, np.ldexp(bv, shift_x), 0.0),
                                        np.where(live, np.ldexp(bve, shift_x), 0.0)), lam_x0(ex))
    v0s = np.ldexp(v0, shift_v)
    v1, _ = _first_step(lam, eta, 0.0, two_product(beta, v0s), lam_x0(ev))
    return lam, eta, x0s, v0s, v1, x1, a, ex, ev


def _later_steps(lam, eta, beta, x0s, v0s, x1, v1, k, odd, tame):
    """``(x_t, v_t, jx, jv, plain)`` from the roots, for steps ``k`` (floats, any >= 0).

    ``x_t 2**jx`` and ``v_t 2**jv`` on the scales of ``x0s`` and ``v0s``;
    ``plain`` if no power of two was split off. Call under ``np.errstate(all="ignore")``.
    """
    gd = beta == 0
    sign, m_pair, q_pair, z = _root_data(eta, lam, beta)
    b = np.where(gd, 0.5, beta)  # the beta = 0 entries are done below
    power, c, G = _lucas(m_pair, q_pair, z, b)
    G_t, G_prev = G(k), G(k - 1.0)
    # A negative trace negates both roots: U_t(T) = sign^(t-1) U_t(|T|).
    flip = np.where((sign < 0) & ~odd, -1.0, 1.0)
    scale, j = power(k - 1.0)
    scale = flip * scale
    bracket_x = G_t * x1 - sign * c * G_prev * x0s
    bracket_v = G_t * v1 - sign * c * G_prev * v0s
    # |T| > 2**500 (eta*lam beyond ~1e150): m**2 overflows above, but the
    # roots are T and beta/T to a relative 2**-1000, so U_t = T**(t-1)
    # and x_t = T**(t-1) (x_1 - beta x_0 / T) for t >= 2.
    huge = m_pair[0] > 2.0 ** 499
    if np.any(huge):
        later = k >= 2
        log_t = np.log(2.0 * np.where(huge, m_pair[0], 1.0))
        h_scale, h_j = _exp_power(log_t, k - 1.0)
        h_scale = np.where((sign < 0) & ~odd, -h_scale, h_scale)
        to_x = np.where(later, beta * x0s / (2.0 * sign * m_pair[0]), 0.0)
        to_v = np.where(later, beta * v0s / (2.0 * sign * m_pair[0]), 0.0)
        bracket_x = np.where(huge, x1 - to_x, bracket_x)
        bracket_v = np.where(huge, v1 - to_v, bracket_v)
        scale = np.where(huge, h_scale, scale)
        j = np.where(huge, h_j, j)
    # The bracket's binary exponent joins j, so that a large bracket
    # times a large power does not overflow before the final ldexp
    # (not needed when nothing was rescaled and no power was split).
    plain = tame and not np.any(j)
    if plain:
        bx = bv_exp = np.zeros((), dtype=int)
    else:
        bracket_x, bx = np.frexp(bracket_x)
        bracket_v, bv_exp = np.frexp(bracket_v)
    # A zero bracket times an overflowed power is 0, not NaN.
    x_t = np.where(bracket_x == 0, 0.0, scale * bracket_x)
    v_t = np.where(bracket_v == 0, 0.0, scale * bracket_v)
    jx_lucas, jv_lucas = j + bx, j + bv_exp

    jx, jv = jx_lucas, jv_lucas
    if np.any(gd):
        # beta = 0 is gradient descent: x_t = (1 - eta lam)^t x_0 and
        # v_t = lam x_{t-1}, whatever v_0 was. Here z = 1 - |1 - eta lam|;
        # for |1 - eta lam| < 1/2 its log comes from the double-double 2m.
        small = z >= 0.5
        factor = 2.0 * m_pair[0]
        tail = np.log1p(np.where(small & (factor != 0), m_pair[1] / np.where(factor != 0, m_pair[0], 1.0), 0.0))
        log_factor = np.where(small, np.log(factor) + tail, np.log1p(-z))

        def gd_power(k):
            # |1 - eta lam| < 1/2: pow of its leading double (correctly
            # rounded but for an ulp, whatever k) times (1 + lo/hi)**k;
            # out of range, exp of the logarithm with 2**j split off.
            m, j = _exp_power(log_factor, k)
            direct = np.power(factor, k) * np.exp(k * tail)
            use = small & (k != 0) & (direct >= 2.0 ** -1000) & (direct <= 2.0 ** 1000)
            return np.where(use, direct, m), np.where(use, 0.0, j)

        gx, gxj = gd_power(k)
        gv, gvj = gd_power(k - 1.0)
        x_gd = np.where((sign < 0) & odd, -1.0, 1.0) * gx * x0s
        v_gd = np.where((sign < 0) & ~odd, -1.0, 1.0) * gv * v1
        x_t = np.where(gd, x_gd, x_t)
        v_t = np.where(gd, v_gd, v_t)
        jx = np.where(gd, gxj, jx)
        jv = np.where(gd, gvj, jv)
    return x_t, v_t, jx, jv, plain


def _closed_form(lam, x0, eta, beta, t, v0):
    lam = _v.real_array(lam, "lam")
    x0 = _v.real_array(x0, "x0")
    v0 = _v.real_array(v0, "v0")
    eta = _v.real_array(eta, "eta")
    beta = _v.momentum_beta(beta)
    t = _integer_steps(t)
    # Checked before broadcasting: a scalar x0, eta or v0 is one value, not n.
    given = (lam, eta, x0, v0)
    lam, x0, v0, eta, beta = _v.broadcast((lam, "lam"), (x0, "x0"), (v0, "v0"),
                                          (eta, "eta"), (beta, "beta"))
    _v.result_size(t.shape + lam.shape, 16, "t", "the broadcast lam, x0, eta, beta, v0",
                   what="a state")
    # Output axes: t's axes first (time, like heavy_ball's rows), then the rest.
    lead = (1,) * t.ndim
    lam, x0, v0, eta, beta = (a.reshape(lead + a.shape) for a in (lam, x0, v0, eta, beta))
    t = t.reshape(t.shape + (1,) * (lam.ndim - t.ndim))
    k = t.astype(np.float64)
    odd = (t % 2) == 1

    # Exact rescalings by powers of two, undone at the end, keep the
    # intermediate products in range whenever the result is (see
    # _rescaled_first_step); inputs of moderate size skip them.
    with np.errstate(all="ignore"):
        if np.any(np.isinf(eta * lam)):
            raise ValueError("eta * lam must be below the float64 range (~1.8e308): "
                             "got an eta and a lam whose product overflows")
        tame = lam.size == 0 or _tame(*given)
        if tame:
            # Nothing can over- or underflow: no rescaling (the common case).
            a = ex = ev = np.zeros(())
            # beta v0 exactly; nothing to do for the chapter's v0 = 0.
            bv, bve = two_product(beta, v0) if np.any(given[3]) else (np.zeros(()), np.zeros(()))
            x0s, v0s = x0, v0
            v1, x1 = _first_step(lam, eta, x0, (bv, bve))
        else:
            lam, eta, x0s, v0s, v1, x1, a, ex, ev = _rescaled_first_step(lam, eta, beta, x0, v0)

    # Steps 0 and 1 only: the double-double first step is the answer and
    # no roots are needed (about 1/30 of the cost of a later step).
    short = t.size == 0 or int(t.max()) <= 1
    with np.errstate(all="ignore"):
        if short:
            x_t, v_t, jx, jv, plain = x1, v1, np.zeros(()), np.zeros(()), tame
        else:
            x_t, v_t, jx, jv, plain = _later_steps(lam, eta, beta, x0s, v0s, x1, v1, k, odd, tame)
        # Undo the scalings (an exact ldexp but for the final over- or underflow).
        if not (plain and not np.any(jx) and not np.any(jv)):
            x_t = np.ldexp(x_t, (jx + ex).astype(int))
            v_t = np.ldexp(v_t, (jv + ev + a).astype(int))
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
    some platforms, the phase error grows as :math:`t\epsilon`). The first
    step :math:`x_1 = x_0 - \eta(\beta v_0 + \lambda x_0)` is formed in
    double-double too, so near :math:`\eta\lambda = 1`, where :math:`x_1` is
    a tiny remainder of :math:`x_0`, it keeps its digits (the loop's
    :math:`x_1` does not: its error is an ulp of :math:`x_0`); gradient
    descent (:math:`\beta = 0`) takes :math:`|1 - \eta\lambda|^t` from the
    same double-double. The error is then a few ulp times
    :math:`1 + |\log \mu^{t-1}|` of the size of the terms
    :math:`|U_t x_1| + |\beta U_{t-1} x_0|`, for :math:`x_1` the exact first
    step of the given doubles (tests: exact rationals, 64 ulp): relative
    to :math:`x_t` unless the two cancel (a start on the slower
    eigenvector). Note that :math:`\eta\lambda` is the exact product of
    the doubles: ``eta=0.1, lam=10`` gives :math:`1 - \eta\lambda = -2^{-54}`,
    not 0.

    Range: inputs are rescaled by powers of two (exactly) so that no
    intermediate over- or underflows where the result is representable:
    any finite inputs with :math:`\eta\lambda` in the float64 range
    (a product that overflows raises ``ValueError``). Results beyond
    float64 underflow to 0 (a convergent run: :math:`0.9^t` for
    :math:`t \gtrsim 7000`) or overflow to :math:`\pm\infty` (a divergent
    one), never NaN; subnormal results carry fewer digits, and so do
    :math:`x_1` and the states after it where the product
    :math:`\beta v_0` itself is below the normal range (a subnormal
    ``beta``, say) but the result is not.

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
    happens beyond the float64 range. A single step ``t`` of 1 or 2 (or 3
    from rest, ``v0 = 0``) on float64 arrays or floats of moderate size
    (``2**-250`` to ``2**250``) skips the roots: :math:`x_1 = x_0 s`,
    :math:`x_2 = T x_1 - \beta x_0` and :math:`x_3 = T x_2 - \beta x_1` from
    :math:`s = 1 - \eta\lambda` formed to a few ulp (the exact error of the
    product ``eta * lam``), within about 10 ulp of the terms (33 at step 3)
    at a few array passes.

    Examples
    --------
    >>> momentum_iterate([1.0, 8.0], 1.0, eta=0.125, beta=0.5, t=[0, 1, 2])
    array([[ 1.      ,  1.      ],
           [ 0.875   ,  0.      ],
           [ 0.703125, -0.5     ]])
    >>> float(momentum_iterate(10.0, 1.0, eta=0.1, beta=0.5, t=1))  # the double 0.1 is not 1/10
    -5.551115123125783e-17
    >>> float(momentum_iterate(1.0, 1.0, eta=0.1, beta=0.5, t=10**6))  # underflows
    0.0
    >>> t = 10**6
    >>> x = float(momentum_iterate(1e-5, 1.0, eta=0.1, beta=0.5, t=t))
    >>> round(x, 6)
    0.135335
    """
    fast = first_steps(lam, x0, eta, beta, t, v0, _accurate_x1)
    if fast is not None:
        return fast
    _, x_t = _closed_form(lam, x0, eta, beta, t, v0)
    return _v.scalar_out(x_t, lam, x0, eta, beta, t, v0)


def _accurate_x1(lam, eta, x0, beta, v0):
    """The first step ``x_1`` in double-double (for a nonzero start velocity)."""
    return _first_step(lam, eta, x0, two_product(beta, v0))[1]
