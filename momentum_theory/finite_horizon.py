r"""Finite-horizon worst case of heavy ball (and Nesterov) over curvatures in :math:`[\mu, L]`.

Started with :math:`v_0 = 0`, momentum on a quadratic with curvature
:math:`\lambda` gives :math:`x_n = p_n(\lambda)\,x_0` where :math:`p_n` is a
polynomial of degree :math:`n` in :math:`\lambda` (the *residual polynomial*).
Eliminating :math:`v` (with :math:`x_{-1} = x_0`, which is what
:math:`v_0 = 0` means):

.. math::

    \text{heavy ball:}\quad p_t = (1 + \beta - \eta\lambda)\,p_{t-1} - \beta\,p_{t-2},

    \text{Nesterov:}\quad p_t = (1 - \eta\lambda)\bigl((1 + \beta)\,p_{t-1} - \beta\,p_{t-2}\bigr),

with :math:`p_{-1} = p_0 = 1`. For a quadratic whose Hessian has its
spectrum in :math:`[\mu, L]`, :math:`\max_{\lambda\in[\mu,L]} p_n(\lambda)^2`
is exactly the worst ratio :math:`\|x_n - x^*\|^2 / \|x_0 - x^*\|^2`.

:func:`worst_case` finds that maximum without a grid: the maximum of
:math:`p_n^2` on an interval is at an end or where :math:`p_n' = 0`.

Numerics
--------
The polynomial is built in the Chebyshev basis on :math:`[\mu, L]`
(``numpy.polynomial.Chebyshev`` with that domain): its coefficients are
bounded by twice :math:`\max|p_n|`, so nothing blows up the way power-basis
coefficients do (those reach :math:`\sim (\eta L)^n` for a polynomial bounded
by 1). Roots of :math:`p_n'` come from the colleague matrix
(``Chebyshev.deriv().roots()``), and :math:`p_n` is evaluated at the candidates
by the recursion itself, which is the iteration and is stable. The cost is
dominated by the eigenvalues: :math:`O(n^3)` per horizon, :math:`O(n^4)` for
the whole history: about 0.05 s for :math:`n = 80` and 1 s for
:math:`n = 200` on an idle 2-core machine (much more when LAPACK's threads
compete with other work), hence the limit ``n <= 300``. Values overflow for diverging tunings once
:math:`\rho^{2n}` passes 1e308.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from momentum_theory import _validation as _v

__all__ = ["residual_polynomial", "residual", "WorstCase", "worst_case"]

MAX_STEPS = 300
_METHODS = ("heavy_ball", "nesterov")


def _check(mu, L, eta, beta, n, method):
    from momentum_theory.tuning import _interval

    mu, L = _interval(mu, L)
    eta = _v.real_scalar(eta, "eta")
    beta = _v.real_scalar(beta, "beta")
    n = _v.count(n, "n")
    if n > MAX_STEPS:
        raise ValueError(f"n must be <= {MAX_STEPS} (the exact maximum costs O(n^4) for the "
                         f"whole horizon), got {n}")
    if method not in _METHODS:
        raise ValueError(f"method must be one of {_METHODS}, got {method!r}")
    return mu, L, eta, beta, n


def _chebyshev_history(mu, L, eta, beta, n, method):
    """Residual polynomials p_0..p_n as Chebyshev series on the domain [mu, L]."""
    from numpy.polynomial import Chebyshev, chebyshev as C

    centre, half = 0.5 * (L + mu), 0.5 * (L - mu)
    if half <= 1e-9 * centre:
        # (Nearly) a single curvature: a zero-width domain cannot be mapped, and
        # any narrow domain around it keeps the accuracy relative to |p_n| there.
        half = 1e-3 * centre
    domain = [centre - half, centre + half]

    def damp(coef, scale):
        # Multiply by (scale - eta*lambda) with lambda = centre + half*s on s in [-1, 1].
        out = np.zeros(len(coef) + 1)
        out[:len(coef)] += (scale - eta * centre) * coef
        times_s = C.chebmulx(coef)  # trims trailing zeros: add it by its own length
        out[:len(times_s)] -= eta * half * times_s
        return out

    prev = np.array([1.0])  # p_{-1}
    cur = np.array([1.0])   # p_0
    polys = [Chebyshev(cur, domain=domain)]
    for _ in range(n):
        if method == "heavy_ball":
            nxt = damp(cur, 1.0 + beta)
            nxt[:len(prev)] -= beta * prev
        else:
            combo = (1.0 + beta) * cur
            combo[:len(prev)] -= beta * prev
            nxt = damp(combo, 1.0)
        prev, cur = cur, nxt
        polys.append(Chebyshev(cur, domain=domain))
    return polys


def residual_polynomial(mu, L, eta, beta, n, *, method="heavy_ball"):
    r"""The residual polynomial :math:`p_n` with :math:`x_n = p_n(\lambda)\,x_0`, as a Chebyshev series.

    Parameters
    ----------
    mu, L : float
        Curvature interval (the series' domain), :math:`0 < \mu \le L`.
    eta, beta : float
        Step size and momentum.
    n : int
        Steps, ``0 <= n <= 300``.
    method : {"heavy_ball", "nesterov"}

    Returns
    -------
    numpy.polynomial.Chebyshev
        Degree ``n``, domain ``[mu, L]`` (a wider one when ``mu == L``):
        call it on curvatures,
        ``.deriv()``, ``.roots()``, ``.convert(kind=numpy.polynomial.Polynomial)``
        (the power basis; ill-conditioned for large ``n``).

    Examples
    --------
    >>> p = residual_polynomial(1.0, 3.0, 0.5, 0.0, 2)   # gradient descent: (1 - lambda/2)^2
    >>> float(p(1.0)), float(p(3.0))
    (0.25, 0.25)
    """
    mu, L, eta, beta, n = _check(mu, L, eta, beta, n, method)
    return _chebyshev_history(mu, L, eta, beta, n, method)[-1]


def residual(lam, eta, beta, n, *, method="heavy_ball"):
    r"""All :math:`p_t(\lambda)`, ``t = 0..n``, by the recursion (the iteration itself).

    Parameters
    ----------
    lam : array_like
        Curvatures.
    eta, beta : float
        Step size and momentum.
    n : int
        Steps (>= 0).
    method : {"heavy_ball", "nesterov"}

    Returns
    -------
    ndarray, shape (n + 1,) + shape of lam
        Row ``t`` is :math:`x_t / x_0` on each curvature.

    Examples
    --------
    >>> residual([1.0, 3.0], 0.5, 0.0, 2)
    array([[ 1.  ,  1.  ],
           [ 0.5 , -0.5 ],
           [ 0.25,  0.25]])
    """
    lam = _v.real_array(lam, "lam")
    eta = _v.real_scalar(eta, "eta")
    beta = _v.real_scalar(beta, "beta")
    n = _v.count(n, "n")
    if method not in _METHODS:
        raise ValueError(f"method must be one of {_METHODS}, got {method!r}")
    out = np.empty((n + 1,) + lam.shape)
    prev = np.ones_like(lam)
    cur = np.ones_like(lam)
    out[0] = cur
    damp = 1.0 - eta * lam
    for t in range(1, n + 1):
        if method == "heavy_ball":
            nxt = (1.0 + beta - eta * lam) * cur - beta * prev
        else:
            nxt = damp * ((1.0 + beta) * cur - beta * prev)
        prev, cur = cur, nxt
        out[t] = cur
    return out


@dataclass(frozen=True, eq=False)  # holds arrays: compare fields, not objects
class WorstCase:
    r"""Exact worst case of :math:`(x_t/x_0)^2` over :math:`\lambda \in [\mu, L]`.

    Attributes
    ----------
    mu, L, eta, beta : float
        The problem and the tuning.
    n : int
        Horizon.
    method : str
        ``"heavy_ball"`` or ``"nesterov"``.
    value : float
        :math:`\max_{\lambda\in[\mu,L]} p_n(\lambda)^2`.
    lam : float
        A curvature where it is attained.
    rho_max : float
        :math:`\max_{\lambda\in[\mu,L]} \rho(\eta\lambda, \beta)`, the asymptotic rate.
    history : ndarray, shape (n + 1,)
        :math:`\max_\lambda p_t(\lambda)^2` for ``t = 0..n`` (``history[0] == 1``).
    maximisers : ndarray, shape (n + 1,)
        The maximising curvature for each ``t``.
    constant : float
        :math:`C = \max_{0\le t\le n} \text{history}[t] / \rho_{\max}^{2t}`: the
        smallest constant with :math:`(x_t/x_0)^2 \le C\rho_{\max}^{2t}` for
        every :math:`t \le n` and every curvature in the interval
        (``inf`` if ``rho_max == 0`` and some ``history[t] > 0``).
    """

    mu: float
    L: float
    eta: float
    beta: float
    n: int
    method: str
    value: float
    lam: float
    rho_max: float
    history: np.ndarray
    maximisers: np.ndarray
    constant: float

    @property
    def ratio(self) -> float:
        r""":math:`\text{value} / \rho_{\max}^{2n}` at the horizon itself."""
        return _ratio(self.value, self.rho_max, self.n)

    def bound(self, t):
        r"""The guarantee :math:`C\rho_{\max}^{2t}` (valid for ``t <= n``)."""
        t = _v.real_array(t, "t")
        return self.constant * self.rho_max ** (2.0 * t)


def _ratio(value, rho, t):
    if t == 0:
        return float(value)
    if rho == 0.0:
        return 0.0 if value == 0.0 else float("inf")
    # Logs: rho**(2t) underflows long before the ratio stops making sense.
    with np.errstate(divide="ignore"):
        return float(np.exp(np.log(value) - 2.0 * t * np.log(rho)))


def _maximise(poly, mu, L, eta, beta, t, method):
    """Exact max of poly^2 on [mu, L]: ends and real critical points."""
    candidates = [np.array([mu, L])]
    if t >= 2 and L > mu:
        crit = poly.deriv().roots()
        # Keep near-real roots generously: an extra candidate inside [mu, L]
        # can only be a valid lower bound, a lost critical point would be wrong.
        tol = 1e-6 * (L - mu)
        near = crit[np.abs(crit.imag) <= tol].real
        candidates.append(np.clip(near, mu, L))
    lam = np.concatenate(candidates)
    vals = residual(lam, eta, beta, t, method=method)[-1] ** 2
    k = int(np.argmax(vals))
    return float(vals[k]), float(lam[k])


def worst_case(mu, L, eta, beta, n, *, method="heavy_ball"):
    r"""The exact worst :math:`(x_n/x_0)^2` over curvatures in :math:`[\mu, L]`, and its guarantee.

    Heavy ball (or Nesterov) started with :math:`v_0 = 0` on
    :math:`f(x) = \tfrac12\lambda x^2`: the maximum of :math:`p_n(\lambda)^2`
    over the interval, found at the ends and at the real roots of
    :math:`p_n'` (never on a grid), for every horizon ``t <= n``.

    Parameters
    ----------
    mu, L : float
        Curvature interval, :math:`0 < \mu \le L`.
    eta, beta : float
        The tuning.
    n : int
        Horizon, ``0 <= n <= 300``.
    method : {"heavy_ball", "nesterov"}

    Returns
    -------
    WorstCase

    Notes
    -----
    :math:`\rho_{\max}` alone is not a guarantee for finite :math:`n`: at
    Polyak's tuning both ends of the interval are critically damped (a
    double eigenvalue), and :math:`p_n` grows like :math:`n\rho^n` there, so
    :math:`C` grows with the horizon. For gradient descent
    :math:`p_n = (1-\eta\lambda)^n` and :math:`C = 1`.

    Examples
    --------
    >>> from momentum_theory.tuning import gd_optimal, heavy_ball_optimal
    >>> g = gd_optimal(1.0, 10.0)
    >>> w = worst_case(1.0, 10.0, g.eta, g.beta, 20)
    >>> abs(w.value / g.rate ** 40 - 1) < 1e-12, w.constant
    (True, 1.0)
    >>> t = heavy_ball_optimal(1.0, 10.0)
    >>> w = worst_case(1.0, 10.0, t.eta, t.beta, 20)
    >>> f"max (x_20/x_0)^2 = {w.value:.4g} at lambda = {w.lam:g}; C = {w.constant:.4g}"
    'max (x_20/x_0)^2 = 4.138e-09 at lambda = 10; C = 985.3'
    """
    from momentum_theory.tuning import worst_rate

    mu, L, eta, beta, n = _check(mu, L, eta, beta, n, method)
    polys = _chebyshev_history(mu, L, eta, beta, n, method)
    history = np.empty(n + 1)
    where = np.empty(n + 1)
    for t, poly in enumerate(polys):
        history[t], where[t] = _maximise(poly, mu, L, eta, beta, t, method)
    rho = worst_rate(mu, L, eta, beta, method=method)
    constant = max(_ratio(history[t], rho, t) for t in range(n + 1))
    return WorstCase(mu=mu, L=L, eta=eta, beta=beta, n=n, method=method,
                     value=float(history[-1]), lam=float(where[-1]), rho_max=rho,
                     history=history, maximisers=where, constant=float(constant))
