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
:func:`worst_case` never forms the polynomial. Each :math:`p_t(\lambda)` comes
from the closed form of the two-term recursion :math:`p_t = s\,p_{t-1} - d\,p_{t-2}`
(heavy ball :math:`s = 1 + \beta - \eta\lambda`, :math:`d = \beta`; Nesterov
:math:`s = (1-\eta\lambda)(1+\beta)`, :math:`d = (1-\eta\lambda)\beta`):

- where the roots are complex, :math:`\rho e^{\pm i\theta}` with
  :math:`\rho = \sqrt d`, :math:`\cos\theta = s / 2\rho`:
  :math:`p_t = \rho^t A \sin\Phi_t`, :math:`z = e^{i\theta} - \rho`,
  :math:`A = |z|/\sin\theta`, :math:`\Phi_t = t\theta + \arg z`;
- where they are real, :math:`r_1` (dominant) and :math:`r_2 = w r_1`:
  :math:`p_t = r_1^t\bigl((1 - r_2)\sum_{j\le t} w^j + r_1 w^{t+1}\bigr)`.

Outside the complex regime :math:`|p_t|` is monotone in :math:`\lambda`
(for heavy ball with :math:`\beta \ge 0`: :math:`p_t = \beta^{t/2}(U_t(c) -
\sqrt\beta\,U_{t-1}(c))` in :math:`c = \cos\theta`, whose zeros, hence by
Gauss-Lucas its critical points, all lie in :math:`(-1, 1)`; for negative
momentum and Nesterov this was checked on fine grids, and the tests compare
with grids). Inside it the critical points are one per *lobe*
:math:`k\pi < \Phi_t < (k+1)\pi`, where :math:`\Phi_t + \gamma = (k+1)\pi` with
:math:`\gamma = \operatorname{atan2}(\Phi_t', (\log \rho^t A)') \in (0, \pi)`: a
nearly linear equation, solved by regula falsi. Lobes are visited from both
ends of the interval inwards and the walk stops once the envelope
:math:`\rho^t A \ge |p_t|` at both walkers is below the best value found:
:math:`\rho^t A` is quasi-convex in :math:`\theta` (heavy ball: :math:`A` has a
single minimum at :math:`\cos\theta = \sqrt\beta`; Nesterov: it is monotone),
so nothing between the walkers can exceed it. Typically a couple of lobes per
end; all horizons ``t = 0..n`` are processed together as arrays.

Accuracy (1e-12 relative or better against 50-digit references, up to
:math:`n = 10^5` and beyond): the phase :math:`t\theta` is reduced modulo
:math:`2\pi` exactly (:math:`\tau = \theta/2\pi`, an error-free product
:math:`t\tau`), :math:`\log\rho` is formed from the exact inputs (it is
multiplied by :math:`t`), and at the two ends of the interval (where the value
is not stationary in :math:`\lambda`) the roots, :math:`\theta` or :math:`\log w`
come from 40-digit mpmath arithmetic on the exact binary inputs, then every
:math:`t` in float64. Values are carried as logarithms: ``history`` underflows
to 0 only in the final ``exp``, while ``constant`` is formed in logs.
Cost: O(n) time and memory; for :math:`n = 10^5`, about 0.01 s when the
maximum is at an end for every horizon (gradient descent) and 0.1-0.6 s when
interior lobes must be solved (measured on a busy 2-core machine).

:func:`residual_polynomial` (the Chebyshev series, for small ``n``) is built in
the Chebyshev basis on :math:`[\mu, L]`; its coefficients are bounded by
twice :math:`\max|p_n|` but the trailing ones underflow for large ``n`` (the
reason :func:`worst_case` no longer uses it), hence ``n <= 300`` there.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from momentum_theory import _validation as _v
from momentum_theory._worst_case_lobes import _history

__all__ = ["residual_polynomial", "residual", "WorstCase", "worst_case"]

MAX_STEPS = 1_000_000      # worst_case: O(n) time and memory (10^5 steps: well under 1 s)
POLY_MAX_STEPS = 300       # residual_polynomial: the Chebyshev history is O(n^2)
_METHODS = ("heavy_ball", "nesterov")


def _check(mu, L, eta, beta, n, method, limit):

    mu, L = _v.curvature_interval(mu, L)
    eta = _v.real_scalar(eta, "eta")
    beta = _v.real_scalar(beta, "beta")
    n = _v.count(n, "n")
    if n > limit:
        raise ValueError(f"n must be <= {limit}, got {n}")
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
    mu, L, eta, beta, n = _check(mu, L, eta, beta, n, method, limit=POLY_MAX_STEPS)
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

    def _rows(self):
        name = self.method.replace("_", " ")
        return [("method", name), ("curvatures", f"[{self.mu:g}, {self.L:g}]"),
                ("eta, beta", f"{self.eta:.6g}, {self.beta:.6g}"), ("horizon n", f"{self.n}"),
                ("worst (x_n/x_0)^2", f"{self.value:.6e} at lambda = {self.lam:.6g}"),
                ("rate rho_max", f"{self.rho_max:.6g}"),
                ("constant C", f"{self.constant:.6g} (so (x_t/x_0)^2 <= C rho_max^(2t), t <= n)")]

    def __str__(self):
        return "Worst case on quadratics\n" + "\n".join(f"  {k:<18} {v}" for k, v in self._rows())

    def __repr__(self):
        return (f"<WorstCase {self.method} n={self.n}: value={self.value:.6e} "
                f"at lambda={self.lam:.6g}, C={self.constant:.6g}>")

    def _repr_html_(self):
        import html

        body = "".join(f"<tr><th style='text-align:left'>{html.escape(k)}</th>"
                       f"<td>{html.escape(v)}</td></tr>" for k, v in self._rows())
        return f"<table><caption>Worst case on quadratics</caption>{body}</table>"


def _ratio(value, rho, t):
    if t == 0:
        return float(value)
    if rho == 0.0:
        return 0.0 if value == 0.0 else float("inf")
    # Logs: rho**(2t) underflows long before the ratio stops making sense.
    with np.errstate(divide="ignore"):
        return float(np.exp(np.log(value) - 2.0 * t * np.log(rho)))


def worst_case(mu, L, eta, beta, n, *, method="heavy_ball"):
    r"""The exact worst :math:`(x_n/x_0)^2` over curvatures in :math:`[\mu, L]`, and its guarantee.

    Heavy ball (or Nesterov) started with :math:`v_0 = 0` on
    :math:`f(x) = \tfrac12\lambda x^2`: the maximum of :math:`p_n(\lambda)^2`
    over the interval, found at the ends and at the critical points of
    :math:`p_n` (never on a grid), for every horizon ``t <= n``. The critical
    points come from the closed form, lobe by lobe (see the module notes), so
    long horizons cost O(n): well under a second for ``n = 10**5``.

    Parameters
    ----------
    mu, L : float
        Curvature interval, :math:`0 < \mu \le L`.
    eta, beta : float
        The tuning: ``eta > 0``, ``-1 < beta < 1``, and stable on the whole
        interval (spectral radius below 1 at every curvature); anything else
        raises ``ValueError``.
    n : int
        Horizon, ``0 <= n <= MAX_STEPS`` (10**6).
    method : {"heavy_ball", "nesterov"}

    Returns
    -------
    WorstCase
        ``value`` and ``history`` agree with 50-digit references to about
        1e-13 (relative) while they are representable in float64; below
        ~1e-308 they underflow to 0 (``constant`` is formed in logs and does
        not).

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

    Long horizons (issue 9: the Chebyshev coefficients used to underflow):

    >>> w = worst_case(0.01, 1.0, 0.2, 0.0, 300)      # gradient descent: 0.998^600
    >>> abs(w.value / 0.998 ** 600 - 1) < 1e-13, w.lam
    (True, 0.01)
    >>> w = worst_case(0.5, 3.0, 1.0, 0.995, 100_000)  # an interior maximum
    >>> f"{w.value:.12e} at lambda = {w.lam:.10f}"
    '8.171774187970e-218 at lambda = 2.9999777776'
    """
    from momentum_theory.tuning import worst_rate

    mu, L, eta, beta, n = _check(mu, L, eta, beta, n, method, limit=MAX_STEPS)
    if not -1.0 < beta < 1.0:
        raise ValueError(f"beta must lie in the open interval (-1, 1), got {beta}")
    if not eta > 0:
        raise ValueError(f"eta must be positive, got {eta}")
    rho = worst_rate(mu, L, eta, beta, method=method)
    if not rho < 1.0:
        raise ValueError(f"eta and beta must be stable on [mu, L] (spectral radius < 1 for every "
                         f"curvature), got eta={eta}, beta={beta}: max spectral radius {rho:.6g}")
    log_abs, where = _history(mu, L, eta, beta, n, method)
    with np.errstate(under="ignore"):
        history = np.exp(2.0 * log_abs)
    steps = np.arange(n + 1)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        # log C_t = 2 log|p_t| - 2 t log rho, formed in logs (rho**(2t) underflows first)
        log_c = 2.0 * log_abs - 2.0 * steps * np.log(rho) if rho > 0 else \
            np.where(log_abs > -np.inf, np.inf, -np.inf)
        log_c[0] = 0.0
    constant = float(np.exp(np.max(log_c)))
    return WorstCase(mu=mu, L=L, eta=eta, beta=beta, n=n, method=method,
                     value=float(history[-1]), lam=float(where[-1]), rho_max=rho,
                     history=history, maximisers=where, constant=constant)
