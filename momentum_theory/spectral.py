r"""Spectral analysis of the heavy-ball transition matrix.

On a quadratic with curvature :math:`\lambda`, momentum acts on the state
:math:`(v, x)` through

.. math::

    R(\beta, \eta, \lambda) = \begin{bmatrix} \beta & \lambda \\
                                           -\eta\beta & 1 - \eta\lambda \end{bmatrix},

whose trace is :math:`1 + \beta - \eta\lambda` and determinant :math:`\beta`.
The eigenvalues therefore depend on :math:`h = \eta\lambda` and :math:`\beta`
only: they are the roots of :math:`\mu^2 - (1 + \beta - h)\mu + \beta`.
Everything here is a closed form in ``(h, beta)``, vectorised and broadcasting
like a ufunc; :func:`stability_boundary` and :func:`confirm_region` find the
convergence region numerically, independently of the SymPy derivation.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from momentum_theory import _validation as _v

__all__ = [
    "transition_matrix",
    "transition_eigenvalues",
    "spectral_radius",
    "stability_boundary",
    "RateMap",
    "rate_map",
    "RegionConfirmation",
    "confirm_region",
]


def transition_matrix(eta, lam, beta):
    r"""The heavy-ball transition matrix :math:`R(\beta, \eta, \lambda)`.

    Parameters
    ----------
    eta, lam, beta : array_like
        Step size, curvature and momentum; broadcast against each other.

    Returns
    -------
    ndarray, shape (..., 2, 2)
        ``R`` acting on the column state ``(v, x)``: one step maps
        ``(v_{t}, x_{t})`` to ``(v_{t+1}, x_{t+1})``.

    Examples
    --------
    >>> transition_matrix(0.5, 2.0, 0.25)
    array([[ 0.25 ,  2.   ],
           [-0.125,  0.   ]])
    """
    eta = _v.real_array(eta, "eta")
    lam = _v.real_array(lam, "lam")
    beta = _v.real_array(beta, "beta")
    eta, lam, beta = _v.broadcast((eta, "eta"), (lam, "lam"), (beta, "beta"))
    R = np.empty(eta.shape + (2, 2))
    R[..., 0, 0] = beta
    R[..., 0, 1] = lam
    R[..., 1, 0] = -eta * beta
    R[..., 1, 1] = 1.0 - eta * lam
    return R


def _trace_and_discriminant(h, beta):
    trace = 1.0 + beta - h
    return trace, trace * trace - 4.0 * beta


def transition_eigenvalues(eta_lambda, beta):
    r"""Eigenvalues of :math:`R`, in closed form, larger modulus first.

    Parameters
    ----------
    eta_lambda : array_like
        The product :math:`h = \eta\lambda`.
    beta : array_like
        Momentum; broadcast against ``eta_lambda``.

    Returns
    -------
    ndarray of complex, shape (..., 2)
        The roots of :math:`\mu^2 - (1 + \beta - h)\mu + \beta`; the first
        has the larger (or equal) modulus.

    Notes
    -----
    With real roots the larger one is :math:`(T + \operatorname{sign}(T)\sqrt{D})/2`
    and the smaller comes from Vieta's :math:`\mu_1\mu_2 = \beta`, which avoids
    the cancellation of :math:`T - \sqrt{D}`.

    Examples
    --------
    >>> transition_eigenvalues(1.0, 0.25)
    array([0.125+0.48412292j, 0.125-0.48412292j])
    """
    h = _v.real_array(eta_lambda, "eta_lambda")
    beta = _v.real_array(beta, "beta")
    h, beta = _v.broadcast((h, "eta_lambda"), (beta, "beta"))
    trace, disc = _trace_and_discriminant(h, beta)
    out = np.empty(h.shape + (2,), dtype=complex)
    real = disc >= 0
    root = np.sqrt(np.where(real, disc, 0.0))
    big = 0.5 * (trace + np.copysign(root, trace))
    with np.errstate(divide="ignore", invalid="ignore"):
        small = np.where(big != 0, beta / np.where(big != 0, big, 1.0), 0.0)
    half_imag = 0.5 * np.sqrt(np.where(real, 0.0, -disc))
    out[..., 0] = np.where(real, big, 0.5 * trace + 1j * half_imag)
    out[..., 1] = np.where(real, small, 0.5 * trace - 1j * half_imag)
    return out


def spectral_radius(eta_lambda, beta):
    r"""Spectral radius :math:`\rho(R)`: the asymptotic rate of momentum.

    Parameters
    ----------
    eta_lambda : array_like
        The product :math:`h = \eta\lambda`.
    beta : array_like
        Momentum; broadcast against ``eta_lambda``.

    Returns
    -------
    float or ndarray
        :math:`\max |\mu|` over the two eigenvalues; a scalar when both
        inputs are scalars. Momentum converges on this curvature iff
        ``spectral_radius < 1``.

    Notes
    -----
    With :math:`T = 1 + \beta - h` and :math:`D = T^2 - 4\beta`: real roots
    (:math:`D \ge 0`) give :math:`\rho = (|T| + \sqrt{D})/2`; complex roots
    are conjugates whose product is :math:`\beta`, so :math:`\rho = \sqrt\beta`
    exactly.

    Examples
    --------
    >>> round(float(spectral_radius(2.4, 0.25)), 6)
    0.858945
    >>> float(spectral_radius(1.0, 0.25)) == 0.5   # complex regime: sqrt(beta)
    True
    >>> spectral_radius([0.5, 4.0], 0.5)
    array([0.70710678, 2.28077641])
    """
    h = _v.real_array(eta_lambda, "eta_lambda")
    beta = _v.real_array(beta, "beta")
    h, beta = _v.broadcast((h, "eta_lambda"), (beta, "beta"))
    trace, disc = _trace_and_discriminant(h, beta)
    real = disc >= 0
    rho = np.where(real,
                   0.5 * (np.abs(trace) + np.sqrt(np.where(real, disc, 0.0))),
                   np.sqrt(np.abs(beta)))
    return _v.scalar_out(rho, h, beta)


def stability_boundary(beta):
    r"""Upper edge :math:`h^*(\beta)` of the convergence region, found numerically.

    Solves :math:`\rho(h, \beta) = 1` for :math:`h > 1 + \beta` with SciPy's
    vectorised bracketing root finder; nothing here knows the closed form
    :math:`2 + 2\beta`, which is what makes it a check of the derivation.

    Parameters
    ----------
    beta : array_like
        Momentum, each entry in (-1, 1).

    Returns
    -------
    float or ndarray
        The largest stable :math:`\eta\lambda` for each ``beta``.

    Examples
    --------
    >>> round(float(stability_boundary(0.5)), 10)
    3.0
    """
    from scipy.optimize import elementwise

    beta = _v.momentum_beta(beta)
    flat = beta.ravel()

    def excess(h, b):
        return spectral_radius(h, b) - 1.0

    # At h = 1 + beta the trace vanishes and the eigenvalues are +-sqrt(-beta),
    # of modulus sqrt|beta| < 1: a point inside the region to expand from.
    start = 1.0 + flat
    bracket = elementwise.bracket_root(excess, start, start + 1.0, xmin=start, args=(flat,))
    if not np.all(bracket.success):
        raise RuntimeError("could not bracket the stability boundary")
    lo, hi = bracket.bracket
    # Keep the inside end of the bracket: the outward search may have moved it.
    found = elementwise.find_root(excess, (lo, hi), args=(flat,),
                                  tolerances=dict(xatol=1e-15, xrtol=4 * np.finfo(float).eps))
    if not np.all(found.success):
        raise RuntimeError("root finding for the stability boundary did not converge")
    return _v.scalar_out(found.x.reshape(beta.shape), beta)


@dataclass(frozen=True)
class RateMap:
    """Spectral radius on a grid of ``(eta_lambda, beta)``.

    Attributes
    ----------
    eta_lambda, beta : ndarray
        The grid axes (1-D).
    rho : ndarray, shape (len(beta), len(eta_lambda))
        Spectral radius; rows follow ``beta``, columns ``eta_lambda``.
    converges : ndarray of bool
        ``rho < 1``.
    """

    eta_lambda: np.ndarray
    beta: np.ndarray
    rho: np.ndarray
    converges: np.ndarray


def _grid_axis(values, name):
    arr = _v.real_array(values, name)
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"{name} must be a non-empty 1-D array of grid values, got shape {arr.shape}")
    return arr


def rate_map(eta_lambda, beta):
    """The spectral radius and convergence mask on a ``(beta, eta_lambda)`` grid.

    Parameters
    ----------
    eta_lambda, beta : array_like, 1-D
        Grid axes.

    Returns
    -------
    RateMap

    Examples
    --------
    >>> m = rate_map([1.0, 3.5], [0.0, 0.5])
    >>> m.converges
    array([[ True, False],
           [ True, False]])
    """
    h = _grid_axis(eta_lambda, "eta_lambda")
    b = _grid_axis(beta, "beta")
    rho = spectral_radius(h[None, :], b[:, None])
    return RateMap(h, b, rho, rho < 1.0)


@dataclass(frozen=True)
class RegionConfirmation:
    """How well the numeric map agrees with a derived region.

    Attributes
    ----------
    agreement : float
        Fraction of compared grid points where ``rho < 1`` equals the
        derived predicate.
    compared, excluded : int
        Points compared, and points left out because ``|rho - 1| < band``
        (there rounding, not the theory, decides the side).
    disagreements : ndarray, shape (k, 2)
        ``(eta_lambda, beta)`` of the points that disagree (empty when all agree).
    """

    agreement: float
    compared: int
    excluded: int
    disagreements: np.ndarray

    def summary(self) -> str:
        return (f"numeric map agrees with the derived region on {self.agreement:.6f} of "
                f"{self.compared} grid points ({self.excluded} within the boundary band left out)")


def confirm_region(n=1000, eta_lambda_max=5.0, beta_range=(0.0, 1.0), band=1e-9, region=None):
    r"""Compare the numeric convergence mask with a derived region on an n x n grid.

    Parameters
    ----------
    n : int
        Grid points per axis.
    eta_lambda_max : float
        The grid covers :math:`\eta\lambda \in [0, \text{eta\_lambda\_max}]`.
    beta_range : (float, float)
        :math:`\beta \in [\text{lo}, \text{hi})`, inside (-1, 1].
    band : float
        Points with :math:`|\rho - 1| <` ``band`` are not compared.
    region : callable, optional
        ``region(eta_lambda, beta) -> bool array``. Default: the region derived
        by SymPy in :func:`momentum_theory.symbolic.momentum_region`, lambdified.

    Returns
    -------
    RegionConfirmation

    Examples
    --------
    >>> confirm_region(n=200).agreement
    1.0
    """
    n = _v.count(n, "n", minimum=2)
    top = _v.real_scalar(eta_lambda_max, "eta_lambda_max")
    if top <= 0:
        raise ValueError("eta_lambda_max must be positive")
    lo, hi = (_v.real_scalar(x, "beta_range") for x in beta_range)
    if not (-1.0 < lo < hi <= 1.0):
        raise ValueError("beta_range must be (lo, hi) with -1 < lo < hi <= 1")
    band = _v.real_scalar(band, "band")
    if region is None:
        from momentum_theory.symbolic import momentum_region
        region = momentum_region().predicate()
    elif not callable(region):
        raise TypeError("region must be callable as region(eta_lambda, beta)")
    h = np.linspace(0.0, top, n)
    b = np.linspace(lo, hi, n, endpoint=False)
    m = rate_map(h, b)
    H, B = np.meshgrid(h, b)
    derived = np.broadcast_to(np.asarray(region(H, B), dtype=bool), H.shape)
    keep = np.abs(m.rho - 1.0) >= band
    differ = keep & (derived != m.converges)
    compared = int(keep.sum())
    agreement = 1.0 - differ.sum() / compared if compared else float("nan")
    return RegionConfirmation(float(agreement), compared, int((~keep).sum()),
                              np.column_stack([H[differ], B[differ]]))
