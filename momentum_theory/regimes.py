r"""Regimes of heavy-ball momentum: how the error behaves, not only whether it shrinks.

The eigenvalues of the heavy-ball transition matrix are the roots of

.. math::

    p(\mu) = \mu^2 - (1 + \beta - h)\mu + \beta, \qquad h = \eta\lambda,

with discriminant :math:`D = (1 + \beta - h)^2 - 4\beta`. Four regimes:

``DIVERGENT``
    :math:`\rho \ge 1`, i.e. outside :math:`0 < h < 2 + 2\beta`,
    :math:`|\beta| < 1`: the error does not go to zero.
``MONOTONE``
    real roots, dominant root positive: the error decays without changing
    sign (eventually), like gradient descent with a small step.
``OSCILLATING``
    real roots, dominant root negative: the error flips sign every step,
    like gradient descent with :math:`\eta\lambda > 1`.
``RIPPLES``
    complex roots: the error spirals, with modulus exactly :math:`\sqrt\beta`
    per step whatever :math:`h` is (the roots are conjugate and their
    product is :math:`\beta`).

For :math:`\beta > 0` the discriminant vanishes on the critical-damping
curves :math:`h = (1 \pm \sqrt\beta)^2`; between them the roots are complex.
:func:`derive_critical_damping` derives those curves in SymPy;
:func:`classify` and :func:`critical_damping` are the NumPy side;
:func:`in_region` decides convergence exactly (re-exported from
:mod:`momentum_theory.spectral`).
"""
from __future__ import annotations

import enum
import functools

import numpy as np

from momentum_theory import _validation as _v
from momentum_theory._radius import accurate_parts
from momentum_theory.spectral import in_region

__all__ = [
    "Regime",
    "classify",
    "in_region",
    "regime_label",
    "critical_damping",
    "derive_critical_damping",
]


class Regime(enum.IntEnum):
    """Regime codes returned by :func:`classify` (integers, so arrays can hold them)."""

    DIVERGENT = 0
    MONOTONE = 1
    OSCILLATING = 2
    RIPPLES = 3

    @property
    def label(self) -> str:
        """A short human-readable description."""
        return _LABELS[self]


_LABELS = {
    Regime.DIVERGENT: "divergent",
    Regime.MONOTONE: "monotone (real roots, dominant > 0)",
    Regime.OSCILLATING: "oscillating (real roots, dominant < 0)",
    Regime.RIPPLES: "ripples (complex roots, |mu| = sqrt(beta))",
}


def classify(eta_lambda, beta):
    r"""Classify :math:`(\eta\lambda, \beta)` into a :class:`Regime`, elementwise.

    Parameters
    ----------
    eta_lambda : array_like
        The product :math:`h = \eta\lambda`.
    beta : array_like
        Momentum; broadcast against ``eta_lambda``. Any real value is
        accepted (:math:`|\beta| \ge 1` simply classifies as divergent).

    Returns
    -------
    Regime or ndarray of int8
        A :class:`Regime` member for scalar inputs, otherwise an array of
        the integer codes (``Regime.DIVERGENT == 0`` ... ``Regime.RIPPLES == 3``).

    Notes
    -----
    The dominant real root has the sign of the trace :math:`T = 1 + \beta - h`.
    Ties are resolved as follows: a double root (:math:`D = 0`) counts as real;
    :math:`T = 0` with real roots (only possible for :math:`\beta \le 0`,
    roots :math:`\pm\sqrt{-\beta}`) counts as ``MONOTONE``.

    Every decision is exact for the given doubles: ``DIVERGENT`` is
    :func:`in_region` (not ``spectral_radius >= 1``, which rounds to 1 next
    to both edges: ``classify(1e-20, 0.5)`` is ``MONOTONE``); the sign of
    :math:`T` comes from TwoSum and the sign of :math:`D` from the
    double-double discriminant that :func:`~momentum_theory.spectral.spectral_radius`
    and :func:`~momentum_theory.spectral.transition_eigenvalues` use, so a point
    next to a critical-damping curve is ``RIPPLES`` exactly when those see
    complex roots.

    Examples
    --------
    >>> classify(0.1, 0.25), classify(1.0, 0.25), classify(2.4, 0.25), classify(2.6, 0.25)
    (<Regime.MONOTONE: 1>, <Regime.RIPPLES: 3>, <Regime.OSCILLATING: 2>, <Regime.DIVERGENT: 0>)
    >>> classify([0.5, 1.5, 2.5], 0.0)
    array([1, 2, 0], dtype=int8)
    >>> classify(1e-20, 0.5)     # rho rounds to 1.0, but the iterates converge
    <Regime.MONOTONE: 1>
    """
    h = _v.real_array(eta_lambda, "eta_lambda")
    beta = _v.real_array(beta, "beta")
    h, beta = _v.broadcast((h, "eta_lambda"), (beta, "beta"))
    _v.result_size(h.shape, 1, "eta_lambda", "beta")
    with np.errstate(all="ignore"):
        # The trace and discriminant spectral_radius and transition_eigenvalues
        # use: T exactly, the sign of D exactly (double-double), so all three
        # put a point on the same side of the critical-damping curves.
        real, _, _, _, trace = accurate_parts(h, beta)
    codes = np.where(real, np.where(trace >= 0, Regime.MONOTONE, Regime.OSCILLATING),
                     Regime.RIPPLES)
    codes = np.where(in_region(h, beta), codes, Regime.DIVERGENT).astype(np.int8)
    if codes.ndim == 0:
        return Regime(int(codes))
    return codes


def regime_label(code) -> str:
    """The description of a regime code (an ``int`` or :class:`Regime`).

    Parameters
    ----------
    code : int or Regime
        A code as :func:`classify` returns them (0 to 3).

    Returns
    -------
    str

    Raises
    ------
    ValueError
        ``code`` is not one of the codes.

    Examples
    --------
    >>> regime_label(3)
    'ripples (complex roots, |mu| = sqrt(beta))'
    """
    try:
        return Regime(int(code)).label
    except (TypeError, ValueError):
        raise ValueError(f"code must be one of {[int(r) for r in Regime]}, got {code!r}") from None


def critical_damping(beta):
    r"""The critical-damping curves :math:`h = (1 \mp \sqrt\beta)^2` for :math:`\beta \ge 0`.

    Parameters
    ----------
    beta : array_like
        Momentum, each entry in [0, 1).

    Returns
    -------
    (lower, upper) : tuple of float or ndarray
        For :math:`\text{lower} < \eta\lambda < \text{upper}` the eigenvalues
        are complex; on the curves they coincide (a double root
        :math:`\pm\sqrt\beta`).

    Examples
    --------
    >>> critical_damping(0.25)
    (0.25, 2.25)
    """
    beta = _v.momentum_beta(beta)
    if np.any(beta < 0):
        raise ValueError("beta must be >= 0 (for beta < 0 the roots are always real)")
    s = np.sqrt(beta)
    lower, upper = (1.0 - s) ** 2, (1.0 + s) ** 2
    if beta.ndim == 0:
        return float(lower), float(upper)
    return lower, upper


def derive_critical_damping():
    r"""Derive the critical-damping curves and the facts behind the regimes, in SymPy.

    Takes the characteristic polynomial of :math:`R` from
    :func:`momentum_theory.symbolic.momentum_transition` (itself derived from
    the update equations), writes it in :math:`h = \eta\lambda`, computes its
    discriminant in :math:`\mu` and solves :math:`D = 0` for :math:`h`. With
    :math:`\beta = s^2` the discriminant factors as
    :math:`(h - (1-s)^2)(h - (1+s)^2)`, negative exactly between the curves.

    Returns
    -------
    Derivation
        ``result['curves']``: :math:`((1 - \sqrt\beta)^2, (1 + \sqrt\beta)^2)`;
        ``result['complex_modulus_squared']``: the product of the roots,
        :math:`\beta` (:math:`|\mu|^2` when they are complex conjugates);
        ``result['sum_of_roots']``: the trace :math:`1 + \beta - h`, whose
        sign is the sign of the dominant real root.

    Examples
    --------
    >>> d = derive_critical_damping()
    >>> d.result["curves"]
    ((sqrt(beta) - 1)**2, (sqrt(beta) + 1)**2)
    >>> d.result["complex_modulus_squared"]
    beta
    """
    return _critical_damping()


@functools.lru_cache(maxsize=1)
def _critical_damping():
    import sympy as sp
    from momentum_theory.symbolic import Derivation, beta, eta, h, lambda_, momentum_transition, mu

    s = sp.Symbol("s", nonnegative=True)  # s = sqrt(beta), for beta >= 0
    charpoly = momentum_transition().result["characteristic_polynomial"]
    poly = sp.collect(sp.expand(charpoly.subs(lambda_, h / eta)), mu)
    disc = sp.factor(sp.discriminant(poly, mu))
    roots_h = sp.solve(sp.Eq(disc, 0), h)
    # Writing beta = s**2 lets factor() show the squares (1 -+ s)**2.
    curves = sorted((sp.factor(r.subs(beta, s ** 2)).subs(s, sp.sqrt(beta)) for r in roots_h),
                    key=lambda e: float(e.subs(beta, sp.Rational(1, 4))))
    disc_in_s = sp.factor(disc.subs(beta, s ** 2))
    mu1, mu2 = sp.roots(sp.Poly(poly, mu), multiple=True)
    product = sp.simplify(sp.expand(mu1 * mu2))
    total = sp.simplify(mu1 + mu2)
    return Derivation(
        name="critical_damping",
        description="where the eigenvalues of R turn complex: the critical-damping curves",
        result={"curves": tuple(curves), "complex_modulus_squared": product,
                "sum_of_roots": total},
        steps={"characteristic_polynomial": poly, "discriminant": disc,
               "discriminant_for_beta_equal_s_squared": disc_in_s,
               "curves": tuple(sp.Eq(h, c) for c in curves),
               "product_of_roots": product, "sum_of_roots": total},
        checks={"discriminant_vanishes_on_curves":
                sp.Matrix([sp.simplify(disc.subs(h, c).subs(beta, s ** 2)) for c in curves]),
                # Between the curves (at h = 1 + beta) D = -4 beta: complex for beta > 0.
                "complex_between_curves": sp.expand(disc.subs(h, 1 + beta) + 4 * beta)},
        conditions=(beta >= 0,),
    )
