r"""Nesterov's accelerated gradient in the chapter's framework.

The update, with the gradient taken at the look-ahead point:

.. math::

    v_t = \beta v_{t-1} + \nabla f(x_{t-1} - \eta\beta v_{t-1}), \qquad
    x_t = x_{t-1} - \eta v_t .

(With :math:`y = x_{t-1} + \beta(x_{t-1} - x_{t-2})` this is the textbook
:math:`x_t = y - \eta\nabla f(y)`.) On a quadratic with curvature
:math:`\lambda` and :math:`h = \eta\lambda` the state :math:`(v, x)` moves by

.. math::

    N = \begin{bmatrix} \beta(1 - h) & \lambda \\
                        -\eta\beta(1 - h) & 1 - h \end{bmatrix},
    \qquad \operatorname{tr} N = (1 + \beta)(1 - h), \quad \det N = \beta(1 - h).

The Jury (Schur-Cohn) conditions on :math:`\mu^2 - (1+\beta)(1-h)\mu + \beta(1-h)`
give convergence iff :math:`0 < h < (2 + 2\beta)/(1 + 2\beta)` for
:math:`0 \le \beta < 1`: a *smaller* range of step sizes than heavy ball's
:math:`2 + 2\beta`, traded for a better worst-case rate on
:math:`[\mu, L]` (:func:`nesterov_optimal`).
"""
from __future__ import annotations

import functools
from fractions import Fraction

import numpy as np

from momentum_theory import _validation as _v
from momentum_theory._radius.companion import exact_radius, exact_roots
from momentum_theory._tuning_record import Tuning
from momentum_theory.spectral import compare_with_region, map_on_grid

__all__ = [
    "nesterov_transition_matrix",
    "nesterov_eigenvalues",
    "nesterov_spectral_radius",
    "nesterov_converges",
    "nesterov_region_edge",
    "nesterov_stability_boundary",
    "nesterov_rate_map",
    "confirm_nesterov_region",
    "nesterov_optimal",
    "derive_nesterov_matrix",
    "derive_nesterov_region",
    "derive_nesterov_optimal",
]


def nesterov_transition_matrix(eta, lam, beta):
    r"""Nesterov's transition matrix :math:`N` on the column state :math:`(v, x)`.

    Parameters
    ----------
    eta, lam, beta : array_like
        Step size, curvature and momentum; broadcast against each other.

    Returns
    -------
    ndarray, shape (..., 2, 2)

    Examples
    --------
    >>> nesterov_transition_matrix(0.5, 1.0, 0.5)
    array([[ 0.25 ,  1.   ],
           [-0.125,  0.5  ]])
    """
    eta = _v.real_array(eta, "eta")
    lam = _v.real_array(lam, "lam")
    beta = _v.real_array(beta, "beta")
    eta, lam, beta = _v.broadcast((eta, "eta"), (lam, "lam"), (beta, "beta"))
    _v.result_size(eta.shape + (2, 2), 8, "eta", "lam", "beta", what="transition matrices")
    damp = 1.0 - eta * lam
    N = np.empty(eta.shape + (2, 2))
    N[..., 0, 0] = beta * damp
    N[..., 0, 1] = lam
    N[..., 1, 0] = -eta * beta * damp
    N[..., 1, 1] = damp
    return N


def _trace_det_disc(h, beta):
    with np.errstate(over="ignore", invalid="ignore"):
        damp = 1.0 - h
        trace = (1.0 + beta) * damp
        det = beta * damp
        disc = trace * trace - 4.0 * det
    # Past the largest double (|T| above about 1e154) the doubles cannot say; exact can.
    overflowed = ~np.isfinite(disc)
    if overflowed.any():
        overflowed &= np.isfinite(h) & np.isfinite(beta)
    return trace, det, disc, overflowed


def _exact_trace_det(h, beta):
    """``T = (1 + beta)(1 - h)`` and ``d = beta (1 - h)`` as exact Fractions of the doubles."""
    H, B = Fraction(h), Fraction(beta)
    return (1 + B) * (1 - H), B * (1 - H)


def _inputs(eta_lambda, beta):
    h = _v.real_array(eta_lambda, "eta_lambda")
    beta = _v.real_array(beta, "beta")
    h, beta = _v.broadcast((h, "eta_lambda"), (beta, "beta"))
    # The largest result here: a pair of complex eigenvalues per point.
    _v.result_size(h.shape + (2,), 16, "eta_lambda", "beta", what="results")
    return h, beta


def nesterov_eigenvalues(eta_lambda, beta):
    r"""Eigenvalues of :math:`N` in closed form, larger modulus first.

    Parameters
    ----------
    eta_lambda, beta : array_like
        :math:`h = \eta\lambda` and momentum, broadcast together.

    Returns
    -------
    ndarray of complex, shape (..., 2)

    Notes
    -----
    Real roots: the larger is :math:`(T + \operatorname{sign}(T)\sqrt{D})/2` and
    the smaller :math:`\det N` divided by it (no cancellation).

    Examples
    --------
    >>> nesterov_eigenvalues(0.5, 0.5)
    array([0.375+0.33071891j, 0.375-0.33071891j])
    """
    h, beta = _inputs(eta_lambda, beta)
    trace, det, disc, overflowed = _trace_det_disc(h, beta)
    real = disc >= 0
    root = np.sqrt(np.where(real, disc, 0.0))
    big = 0.5 * (trace + np.copysign(root, trace))
    with np.errstate(divide="ignore", invalid="ignore"):
        small = np.where(big != 0, det / np.where(big != 0, big, 1.0), 0.0)
        half_imag = 0.5 * np.sqrt(np.where(real, 0.0, -disc))
    out = np.empty(h.shape + (2,), dtype=complex)
    out[..., 0] = np.where(real, big, 0.5 * trace + 1j * half_imag)
    out[..., 1] = np.where(real, small, 0.5 * trace - 1j * half_imag)
    for i in map(tuple, np.argwhere(overflowed)):   # the few points past the range
        out[i] = exact_roots(*_exact_trace_det(float(h[i]), float(beta[i])))
    return out


def nesterov_spectral_radius(eta_lambda, beta):
    r"""Spectral radius of :math:`N`: Nesterov's asymptotic rate on curvature :math:`\lambda`.

    Parameters
    ----------
    eta_lambda, beta : array_like
        :math:`h = \eta\lambda` and momentum, broadcast together.

    Returns
    -------
    float or ndarray
        Scalar when both inputs are scalars.

    Notes
    -----
    With :math:`T = (1+\beta)(1-h)`, :math:`d = \beta(1-h)`, :math:`D = T^2 - 4d`:
    :math:`\rho = (|T| + \sqrt D)/2` for real roots and :math:`\sqrt{d}` for
    complex ones (conjugates whose product is :math:`d`). For
    :math:`0 < \beta < 1` the roots are complex exactly for
    :math:`((1-\beta)/(1+\beta))^2 < h < 1`.

    Examples
    --------
    >>> float(nesterov_spectral_radius(0.5, 0.5)) == 0.5   # sqrt(beta (1 - h))
    True
    >>> nesterov_spectral_radius([1.0, 1.5], 0.5)
    array([0., 1.])
    """
    h, beta = _inputs(eta_lambda, beta)
    trace, det, disc, overflowed = _trace_det_disc(h, beta)
    real = disc >= 0
    with np.errstate(invalid="ignore"):
        rho = np.where(real, 0.5 * (np.abs(trace) + np.sqrt(np.where(real, disc, 0.0))),
                       np.sqrt(np.abs(det)))
    for i in map(tuple, np.argwhere(overflowed)):   # the few points past the range
        rho[i] = exact_radius(*_exact_trace_det(float(h[i]), float(beta[i])))
    return _v.scalar_out(rho, h, beta)


def nesterov_converges(eta_lambda, beta):
    r"""The Jury conditions for :math:`N`: True where Nesterov converges.

    :math:`p(1) = h > 0`, :math:`p(-1) = 1 + (1 + 2\beta)(1 - h) > 0` and
    :math:`|\beta(1 - h)| < 1`; valid for every real :math:`\beta`. For
    :math:`0 \le \beta < 1` this is :math:`0 < h < (2 + 2\beta)/(1 + 2\beta)`.

    Parameters
    ----------
    eta_lambda, beta : array_like

    Returns
    -------
    bool or ndarray of bool

    Examples
    --------
    >>> nesterov_converges([0.5, 1.4, 1.6], 0.5)
    array([ True,  True, False])
    """
    h, beta = _inputs(eta_lambda, beta)
    damp = 1.0 - h
    ok = (h > 0) & (1.0 + (1.0 + 2.0 * beta) * damp > 0) & (np.abs(beta * damp) < 1.0)
    return _v.scalar_out(ok, h, beta)


def nesterov_region_edge(beta):
    r"""The derived upper edge :math:`(2 + 2\beta)/(1 + 2\beta)` of Nesterov's region.

    Parameters
    ----------
    beta : array_like
        Momentum in [0, 1).

    Returns
    -------
    float or ndarray

    Examples
    --------
    >>> nesterov_region_edge([0.0, 0.5, 0.9])
    array([2.        , 1.5       , 1.35714286])
    """
    beta = _v.momentum_beta(beta)
    if np.any(beta < 0):
        raise ValueError("beta must lie in [0, 1) for this form of the region")
    return _v.scalar_out((2.0 + 2.0 * beta) / (1.0 + 2.0 * beta), beta)


def nesterov_stability_boundary(beta):
    r"""The upper edge of Nesterov's region found numerically (root of :math:`\rho - 1`).

    Knows nothing of the closed form :math:`(2 + 2\beta)/(1 + 2\beta)`; it
    brackets the root upward from :math:`h = 1`, where :math:`N` has
    :math:`\rho = 0`.

    Parameters
    ----------
    beta : array_like
        Momentum, each entry in [0, 1).

    Returns
    -------
    float or ndarray

    Examples
    --------
    >>> round(float(nesterov_stability_boundary(0.5)), 12)
    1.5
    """
    from scipy.optimize import elementwise

    beta = _v.momentum_beta(beta)
    if np.any(beta < 0):
        raise ValueError("beta must lie in [0, 1)")
    flat = beta.ravel()

    def excess(h, b):
        return nesterov_spectral_radius(h, b) - 1.0

    start = np.ones_like(flat)
    bracket = elementwise.bracket_root(excess, start, start + 0.5, xmin=start, args=(flat,))
    if not np.all(bracket.success):
        raise RuntimeError("could not bracket Nesterov's stability boundary")
    found = elementwise.find_root(excess, bracket.bracket, args=(flat,),
                                  tolerances=dict(xatol=1e-15, xrtol=4 * np.finfo(float).eps))
    if not np.all(found.success):
        raise RuntimeError("root finding for Nesterov's stability boundary did not converge")
    return _v.scalar_out(found.x.reshape(beta.shape), beta)


def nesterov_rate_map(eta_lambda, beta):
    """Nesterov's spectral radius and convergence mask on a ``(beta, eta_lambda)`` grid.

    Parameters
    ----------
    eta_lambda, beta : array_like, 1-D
        Grid axes.

    Returns
    -------
    momentum_theory.spectral.RateMap

    Examples
    --------
    >>> nesterov_rate_map([1.0, 1.6], [0.0, 0.5]).converges
    array([[ True,  True],
           [ True, False]])
    """
    return map_on_grid(nesterov_spectral_radius, eta_lambda, beta)


def confirm_nesterov_region(n=1000, eta_lambda_max=2.5, beta_range=(0.0, 1.0), band=1e-9):
    r"""Compare Nesterov's numeric map with the SymPy-derived region on an n x n grid.

    Parameters
    ----------
    n : int
        Grid points per axis.
    eta_lambda_max : float
        Grid over :math:`\eta\lambda \in [0, \text{eta\_lambda\_max}]`.
    beta_range : (float, float)
        :math:`\beta \in [\text{lo}, \text{hi})` with :math:`0 \le lo < hi \le 1`.
    band : float
        Points with :math:`|\rho - 1| <` ``band`` are not compared.

    Returns
    -------
    momentum_theory.spectral.RegionConfirmation

    Examples
    --------
    >>> confirm_nesterov_region(n=200).agreement
    1.0
    """
    return compare_with_region(nesterov_spectral_radius, derive_nesterov_region().predicate(),
                               n=n, eta_lambda_max=eta_lambda_max, beta_range=beta_range,
                               band=band, beta_floor=0.0)


def nesterov_optimal(mu, L):
    r"""The tuning of Nesterov's method minimising the worst rate over :math:`[\mu, L]`.

    Parameters
    ----------
    mu, L : float
        Smallest and largest curvature, :math:`0 < \mu \le L`.

    Returns
    -------
    momentum_theory.tuning.Tuning
        :math:`\eta = 4/(3L + \mu)`,
        :math:`\beta = (\sqrt{3\kappa+1} - 2)/(\sqrt{3\kappa+1} + 2)`,
        rate :math:`1 - 2/\sqrt{3\kappa + 1}` (Lessard, Recht & Packard 2016).

    Notes
    -----
    Between gradient descent's :math:`1 - 2/(\kappa+1)` and heavy ball's
    :math:`1 - 2/(\sqrt\kappa+1)`. :func:`derive_nesterov_optimal` derives it;
    ``tuning.minimize_worst_rate(mu, L, method="nesterov")`` finds it numerically.
    Computed without forming :math:`\kappa` or :math:`3L + \mu` (no
    overflow); for :math:`\kappa \gtrsim 4\cdot 10^{32}` :math:`\beta` or the
    rate rounds to 1.0 and a ``ValueError`` is raised instead.

    Examples
    --------
    >>> t = nesterov_optimal(1.0, 16.0)
    >>> round(t.eta, 12), round(t.beta, 12), round(t.rate, 12)
    (0.081632653061, 0.555555555556, 0.714285714286)
    """
    from momentum_theory import methods

    # The closed form lives with the record (methods cannot import this module).
    t = methods.get("nesterov").optimal(mu, L)
    return Tuning(eta=t.eta, beta=t.params["beta"], rate=t.rate, mu=t.mu, L=t.L, method="nesterov")


# --- SymPy derivations -------------------------------------------------------

def derive_nesterov_matrix():
    r"""Derive :math:`N`, its characteristic polynomial and eigenvalues from the update, in SymPy.

    The gradient of :math:`f = \tfrac12\lambda x^2` is taken at the look-ahead
    point :math:`x - \eta\beta v`; :math:`N` is the Jacobian of the new state
    :math:`(v', x')` with respect to :math:`(v, x)`.

    Returns
    -------
    Derivation
        ``result`` has parts ``N``, ``characteristic_polynomial`` (in
        :math:`\mu` and :math:`h = \eta\lambda`), ``trace``,
        ``determinant`` and ``eigenvalues``.

    Examples
    --------
    >>> d = derive_nesterov_matrix()
    >>> d.result["N"]
    Matrix([
    [   -beta*(eta*lambda - 1),          lambda],
    [beta*eta*(eta*lambda - 1), -eta*lambda + 1]])
    >>> d.result["trace"], d.result["determinant"]
    (-(beta + 1)*(h - 1), -beta*(h - 1))
    """
    return _nesterov_matrix()


@functools.lru_cache(maxsize=1)
def _nesterov_matrix():
    import sympy as sp
    from momentum_theory.symbolic import Derivation, beta, eta, h, lambda_, mu

    v, x = sp.symbols("v x", real=True)
    look_ahead = x - eta * beta * v
    gradient = sp.diff(lambda_ * sp.Symbol("y") ** 2 / 2, sp.Symbol("y")).subs(sp.Symbol("y"), look_ahead)
    v_next = beta * v + gradient
    x_next = x - eta * v_next
    rhs = sp.Matrix([v_next, x_next])
    state = sp.Matrix([v, x])
    N = rhs.jacobian(state).applyfunc(sp.factor)
    in_h = N.subs(lambda_, h / eta)
    poly = sp.collect(sp.expand(in_h.charpoly(mu).as_expr()), mu)
    trace = sp.factor(in_h.trace())
    det = sp.factor(in_h.det())
    eigen = tuple(sp.roots(sp.Poly(poly, mu), multiple=True))
    return Derivation(
        name="nesterov_transition",
        description="Nesterov's update on f(x) = λ x²/2 as a matrix N on the state (v, x)",
        result={"N": N, "characteristic_polynomial": poly, "trace": trace,
                "determinant": det, "eigenvalues": eigen},
        steps={"look_ahead_point": look_ahead, "velocity_update": sp.Eq(sp.Symbol("v'"), v_next),
               "position_update": sp.Eq(sp.Symbol("x'"), sp.expand(x_next)), "N": N,
               "h": sp.Eq(h, eta * lambda_), "characteristic_polynomial": poly,
               "trace": trace, "determinant": det, "eigenvalues": eigen},
        checks={"update_is_linear": sp.expand(rhs - rhs.jacobian(state) * state),
                "eigenvalue_sum_is_trace": sp.simplify(sum(eigen) - trace),
                "eigenvalue_product_is_determinant": sp.simplify(sp.expand(eigen[0] * eigen[1]) - det)},
    )


def derive_nesterov_region():
    r"""Derive Nesterov's convergence region from the Jury conditions, in SymPy.

    For :math:`p(\mu) = \mu^2 + a_1\mu + a_0` both roots lie inside the unit
    circle iff :math:`p(1) > 0`, :math:`p(-1) > 0` and :math:`|a_0| < 1`.
    SymPy evaluates the three on the polynomial of
    :func:`derive_nesterov_matrix`, solves :math:`p(-1) = 0` for the edge in
    :math:`h`, and shows that :math:`|a_0| < 1` holds at both ends of the
    resulting interval (:math:`a_0` is linear in :math:`h`) when
    :math:`0 \le \beta < 1`, so it adds nothing there.

    Returns
    -------
    Derivation
        ``result`` is ``(0 < h) & (h < 2*(beta + 1)/(2*beta + 1))``, for
        :math:`0 \le \beta < 1` (the ``conditions``);
        :meth:`~momentum_theory.symbolic.Derivation.predicate` gives
        ``f(eta_lambda, beta)``.

    Examples
    --------
    >>> d = derive_nesterov_region()
    >>> d.result
    (0 < h) & (h < 2*(beta + 1)/(2*beta + 1))
    >>> d.predicate()([1.4, 1.6], 0.5)
    array([ True, False])
    """
    return _nesterov_region()


@functools.lru_cache(maxsize=1)
def _nesterov_region():
    import sympy as sp
    from momentum_theory.symbolic import Derivation, beta, h, mu

    poly = sp.Poly(derive_nesterov_matrix().result["characteristic_polynomial"], mu)
    lead, a1, a0 = poly.all_coeffs()
    p_plus = sp.factor(poly.as_expr().subs(mu, 1))
    p_minus = sp.factor(poly.as_expr().subs(mu, -1))
    (low,) = sp.solve(p_plus, h)
    (edge,) = sp.solve(p_minus, h)
    edge = sp.factor(edge)
    # Signs need beta >= 0: check them with a nonnegative stand-in for beta.
    b = sp.Symbol("b", nonnegative=True)
    u = sp.Symbol("u", positive=True)  # 1 - beta for beta < 1
    slope_plus, slope_minus = sp.diff(p_plus, h), sp.diff(p_minus, h)
    ends = (sp.factor(a0.subs(h, low)), sp.factor(a0.subs(h, edge)))
    margins = tuple(sp.factor(1 - sp.Abs(e.subs(beta, b))) for e in ends)
    region = sp.And(sp.Lt(low, h), sp.Lt(h, edge))
    return Derivation(
        name="nesterov_region",
        description="where Nesterov's method converges on f(x) = λ x²/2, from the Jury conditions",
        result=region,
        steps={"characteristic_polynomial": poly.as_expr(), "a_1": a1, "a_0": a0,
               "jury_p_of_1": sp.Gt(p_plus, 0), "jury_p_of_minus_1": sp.Gt(p_minus, 0),
               "edge_where_mu_is_1": sp.Eq(h, low), "edge_where_mu_is_minus_1": sp.Eq(h, edge),
               "a_0_at_both_edges": ends,
               "one_minus_abs_a_0_at_both_edges_for_beta_in_0_1": tuple(m.subs(b, beta) for m in margins),
               "region": region},
        checks={"monic": lead - 1,
                "p_of_1_increases_in_h": sp.Eq(sp.sign(slope_plus), 1),
                "p_of_minus_1_decreases_in_h": sp.Eq(sp.sign(slope_minus.subs(beta, b)), -1),
                # |a0| < 1 at both ends of the interval, so on all of it (a0 is linear in h).
                "abs_a_0_below_1_at_h_low": sp.Eq(sp.sign(margins[0].subs(b, 1 - u)), 1),
                "abs_a_0_below_1_at_edge": sp.Eq(sp.sign(margins[1]), 1)},
        conditions=(sp.Le(0, beta), sp.Lt(beta, 1)),
        parameters=(h, beta),
    )


def derive_nesterov_optimal():
    r"""Derive the worst-rate-optimal Nesterov tuning on :math:`[\mu, L]`, in SymPy.

    Ansatz (confirmed numerically by :func:`momentum_theory.tuning.minimize_worst_rate`):
    at the optimum the smallest curvature sits on the critical-damping point
    below :math:`h = 1` (where :math:`D = 0`), and the largest has a negative
    real eigenvalue of the same modulus. Solving
    :math:`h(L) = \kappa\,h(\mu)` for :math:`\beta < 1` gives the tuning.

    Returns
    -------
    Derivation
        ``result['eta']`` (in ``mu``, ``L``), ``result['beta']`` and
        ``result['rate']`` (in ``kappa = L/mu``). The characteristic
        polynomial is written in ``z`` here, to keep ``mu`` for the curvature.

    Examples
    --------
    >>> r = derive_nesterov_optimal().result
    >>> r["rate"], r["eta"]
    (1 - 2/sqrt(3*kappa + 1), 4/(3*L + mu))
    """
    from momentum_theory import methods

    return methods.get("nesterov").optimal_derivation()
