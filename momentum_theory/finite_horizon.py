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
:math:`p_n^2` on an interval is at an end or where :math:`p_n' = 0`. It is a
thin wrapper over the method record (``methods.get(method).worst_case``),
whose exact search works from the record's affine trace and determinant
(:meth:`~momentum_theory.methods.Method.affine_trace_det`) for the whole
two-step family; ``method`` may be a name or a record.

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

import dataclasses

import numpy as np

from momentum_theory import _validation as _v, methods
from momentum_theory.methods import WorstCase

__all__ = ["residual_polynomial", "residual", "WorstCase", "worst_case"]

MAX_STEPS = 1_000_000      # worst_case: O(n) time and memory (10^5 steps: well under 1 s)
POLY_MAX_STEPS = 300       # residual_polynomial: the Chebyshev history is O(n^2)


def _record(method):
    """The record for a registered name or a record; its parameters must be ``beta`` or none."""
    if isinstance(method, methods.Method):
        record = method
    elif not isinstance(method, str):
        raise TypeError(f"method must be a method record or a registered name, "
                        f"got {type(method).__name__}")
    elif method not in methods.available():
        raise ValueError(f"method must be one of {methods.available()} or a record, got {method!r}")
    else:
        record = methods.get(method)
    if record.params not in ((), ("beta",)):
        raise ValueError(f"method must take beta alone (or nothing) here; {record.name} takes "
                         f"{record.params}: use methods.get({record.name!r}).worst_case")
    return record


def _check(mu, L, eta, beta, n, method, limit):
    mu, L = _v.curvature_interval(mu, L)
    eta = _v.real_scalar(eta, "eta")
    beta = _v.real_scalar(beta, "beta")
    n = _v.count(n, "n")
    if n > limit:
        raise ValueError(f"n must be <= {limit}, got {n}")
    record = _record(method)
    return mu, L, eta, beta, n, record


def _coefficients(record, beta):
    """Exact (t0, t1, d0, d1) of the record at ``beta``; ValueError if T, D are not affine in h."""
    coeffs = record.affine_trace_det(**({"beta": beta} if record.params else {}))
    if coeffs is None:
        raise ValueError(f"method must have trace and determinant affine in h; {record.name} has not")
    return [float(c) for c in coeffs]


def _chebyshev_history(mu, L, eta, coeffs, n):
    """Residual polynomials p_0..p_n as Chebyshev series on the domain [mu, L]."""
    from numpy.polynomial import Chebyshev, chebyshev as C

    centre, half = 0.5 * (L + mu), 0.5 * (L - mu)
    if half <= 1e-9 * centre:
        # (Nearly) a single curvature: a zero-width domain cannot be mapped, and
        # any narrow domain around it keeps the accuracy relative to |p_n| there.
        half = 1e-3 * centre
    domain = [centre - half, centre + half]

    def times(coef, c0, c1):
        # Multiply by (c0 + c1*eta*lambda) with lambda = centre + half*s on s in [-1, 1].
        out = np.zeros(len(coef) + 1)
        out[:len(coef)] += (c0 + c1 * eta * centre) * coef
        times_s = C.chebmulx(coef)  # trims trailing zeros: add it by its own length
        out[:len(times_s)] += c1 * eta * half * times_s
        return out

    t0, t1, d0, d1 = coeffs
    prev = np.array([1.0])  # p_{-1}
    cur = np.array([1.0])   # p_0
    polys = [Chebyshev(cur, domain=domain)]
    for _ in range(n):
        # p_{t+1} = (t0 + t1 eta lambda) p_t - (d0 + d1 eta lambda) p_{t-1}
        nxt = times(cur, t0, t1)
        nxt[:len(prev) + 1] -= times(prev, d0, d1)
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
    method : str or momentum_theory.methods.Method
        ``"heavy_ball"``, ``"nesterov"``, ``"gd"``, or a record whose only
        parameter is ``beta`` (its trace and determinant affine in h).

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
    mu, L, eta, beta, n, record = _check(mu, L, eta, beta, n, method, limit=POLY_MAX_STEPS)
    return _chebyshev_history(mu, L, eta, _coefficients(record, beta), n)[-1]


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
    method : str or momentum_theory.methods.Method
        ``"heavy_ball"``, ``"nesterov"``, ``"gd"``, or a record whose only
        parameter is ``beta`` (its trace and determinant affine in h).

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
    t0, t1, d0, d1 = _coefficients(_record(method), beta)
    out = np.empty((n + 1,) + lam.shape)
    prev = np.ones_like(lam)
    cur = np.ones_like(lam)
    out[0] = cur
    h = eta * lam
    trace, det = t0 + t1 * h, d0 + d1 * h
    for t in range(1, n + 1):
        nxt = trace * cur - det * prev
        prev, cur = cur, nxt
        out[t] = cur
    return out


def worst_case(mu, L, eta, beta, n, *, method="heavy_ball", function_class="quadratic", solver=None):
    r"""The exact worst :math:`(x_n/x_0)^2` over curvatures in :math:`[\mu, L]`, and its guarantee.

    With ``function_class="smooth_strongly_convex"`` the worst case over every
    :math:`L`-smooth, :math:`\mu`-strongly convex function instead, from
    PEPit's performance-estimation SDP (the optional extra
    ``momentum_theory[pep]``; see :mod:`momentum_theory.methods._pep` and
    ``docs/general_functions.md``).

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
    method : str or momentum_theory.methods.Method
        ``"heavy_ball"``, ``"nesterov"``, ``"gd"``, or a record whose only
        parameter is ``beta`` (its trace and determinant affine in h).
    function_class : str
        ``"quadratic"`` (default: this exact computation),
        ``"smooth_strongly_convex"`` (PEPit's SDP over the general class) or
        ``"quadratic_pep"`` (PEPit's SDP over quadratics, a cross-check).
        The two PEP classes need no stability and take ``n <= 100``.
    solver : str, optional
        The cvxpy solver of a PEP (default: CLARABEL, then SCS if CLARABEL's
        answer is not ``"optimal"``).

    Returns
    -------
    WorstCase or momentum_theory.methods.PepResult
        A ``PepResult`` for the PEP classes (value, solver status, duality
        gap, the worst-case example). A ``WorstCase``'s ``value`` and ``history`` agree with 50-digit references to about
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

    Over every smooth strongly convex function (PEPit; gradient descent's
    worst case there is the same :math:`\max(|1-\eta\mu|, |1-\eta L|)^{2n}`):

    >>> p = worst_case(1.0, 10.0, g.eta, 0.0, 3, function_class="smooth_strongly_convex")
    >>> abs(p.value - g.rate ** 6) < 1e-6, p.status, p.function_class
    (True, 'optimal', 'smooth_strongly_convex')
    """
    mu, L, eta, beta, n, record = _check(mu, L, eta, beta, n, method, limit=MAX_STEPS)
    if not -1.0 < beta < 1.0:
        raise ValueError(f"beta must lie in the open interval (-1, 1), got {beta}")
    if not eta > 0:
        raise ValueError(f"eta must be positive, got {eta}")
    params = {"beta": beta} if record.params else {}
    if not (isinstance(function_class, str) and function_class == "quadratic"):
        # The record checks the name (ValueError naming function_class) and runs PEPit.
        return record.worst_case(mu, L, eta, n, function_class=function_class, solver=solver, **params)
    w = record.worst_case(mu, L, eta, n, **params)
    if not record.params:       # gradient descent: beta = 0 whatever was passed
        w = dataclasses.replace(w, beta=0.0)
    return w
