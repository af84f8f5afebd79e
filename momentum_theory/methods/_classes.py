r"""Worst cases on quadratics vs on every smooth strongly convex function, over the horizon.

The data behind ``plots.general_class_plot`` and the report's section on
general functions: for a few tunings at one :math:`\kappa`, the exact worst
case on quadratics for every ``n`` (``Method.worst_case``) and PEPit's worst
case over :math:`\mathcal F_{\mu,L}` at chosen horizons
(``Method.worst_case(..., function_class="smooth_strongly_convex")``, which
needs the extra ``momentum_theory[pep]``). See ``docs/general_functions.md``.

Public as ``momentum_theory.methods.general_class_comparison`` (and its
classes). It looks the built-in records up itself, so that ``_record`` (whose
``worst_case`` loads :mod:`._pep`) and this module never import each other.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from momentum_theory import _validation as _v

__all__ = ["ClassComparison", "ClassCurve", "comparison_tunings", "general_class_comparison"]


def _record(name):
    from momentum_theory.methods._members import REGISTERED

    return next(m for m in REGISTERED if m.name == name)

#: Longest horizon of the comparison (the PEPs' own limit).
MAX_STEPS = 100
# --- quadratics vs the general class, over the horizon ------------------------

@dataclass(frozen=True, eq=False)
class ClassCurve:
    r"""One tuned method's worst case over ``n`` on both classes.

    Attributes
    ----------
    label : str
        What the plot's legend says (``"heavy ball, Polyak"``).
    method : str
        The record's name.
    eta : float
        The step.
    params : dict
        The record's other parameters.
    quadratic : ndarray, shape (n_max + 1,)
        The exact worst case on quadratics for ``n = 0..n_max``.
    ns : ndarray of int
        The horizons of the PEPs.
    general : ndarray
        The worst case over smooth strongly convex functions at ``ns`` (PEPit).
    status : tuple of str
        The solver's status of each PEP.
    """

    label: str
    method: str
    eta: float
    params: dict
    quadratic: np.ndarray
    ns: np.ndarray
    general: np.ndarray
    status: tuple


@dataclass(frozen=True, eq=False)
class ClassComparison:
    r"""Worst cases on quadratics and on smooth strongly convex functions, several tunings.

    Attributes
    ----------
    mu, L : float
        The class; ``kappa = L / mu``.
    n_max : int
        The longest horizon.
    curves : tuple of ClassCurve
    """

    mu: float
    L: float
    n_max: int
    curves: tuple

    @property
    def kappa(self) -> float:
        return self.L / self.mu

    def summary(self) -> str:
        lines = [f"Worst |x_n - x*|^2 / |x_0 - x*|^2 at kappa = {self.kappa:g}, n = {self.n_max}:"]
        for c in self.curves:
            lines.append(f"  {c.label:<22} quadratics {c.quadratic[-1]:.3e}   "
                         f"smooth strongly convex {c.general[-1]:.3e} (n = {int(c.ns[-1])})")
        return "\n".join(lines)

    def __str__(self):
        return self.summary()

    def __repr__(self):
        return (f"<ClassComparison kappa={self.kappa:g}, n <= {self.n_max}: "
                f"{', '.join(c.label for c in self.curves)}>")


def comparison_tunings(mu, L):
    r"""The tunings :func:`general_class_comparison` draws: ``[(label, method, eta, params)]``.

    Gradient descent at :math:`2/(\mu+L)`; heavy ball at Polyak's tuning
    (optimal on quadratics) and at a safe one, :math:`\eta = 1/L`,
    :math:`\beta = 1/2` (a smaller momentum: measured at :math:`\kappa = 25`,
    its general-class worst case is below 1 from n = 5 on and falls with n,
    0.98, 0.51, 0.21 at n = 5, 10, 15); Nesterov at the textbook tuning
    :math:`1/L`, :math:`(\sqrt\kappa-1)/(\sqrt\kappa+1)`, which has a
    guarantee on the general class; triple momentum at its own (:math:`1/L`,
    :math:`\kappa`).

    Parameters
    ----------
    mu, L : float
        The class, :math:`0 < \mu < L` (checked by the records).

    Returns
    -------
    list of (str, str, float, dict)
        Label, record name, step and the record's other parameters.

    Examples
    --------
    >>> from momentum_theory.methods._classes import comparison_tunings
    >>> [(label, round(eta, 4)) for label, _, eta, _ in comparison_tunings(1.0, 25.0)][:3]
    [('gradient descent', 0.0769), ('heavy ball, Polyak', 0.1111), ('heavy ball, safe', 0.04)]
    """
    k = L / mu
    polyak = _record("heavy_ball").optimal(mu, L)
    b = (math.sqrt(k) - 1.0) / (math.sqrt(k) + 1.0)
    return [("gradient descent", "gd", 2.0 / (mu + L), {}),
            ("heavy ball, Polyak", "heavy_ball", polyak.eta, dict(polyak.params)),
            ("heavy ball, safe", "heavy_ball", 1.0 / L, {"beta": 0.5}),
            ("Nesterov", "nesterov", 1.0 / L, {"beta": b}),
            ("triple momentum", "triple_momentum", 1.0 / L, {"kappa": k})]


def general_class_comparison(kappa=25.0, n_max=20, *, mu=1.0, ns=None, solver=None):
    r"""Worst case over ``n`` on quadratics vs on smooth strongly convex functions.

    For the tunings of :func:`comparison_tunings`, the exact worst case on
    quadratics with curvatures in :math:`[\mu, \kappa\mu]` for every
    ``n <= n_max`` and PEPit's worst case over :math:`\mathcal F_{\mu, L}` at
    the horizons ``ns``: one SDP per tuning and horizon (seconds each past
    n = 10; heavy ball at Polyak's tuning is the slowest).

    Parameters
    ----------
    kappa : float
        :math:`L/\mu`, > 1. At 25 (Lessard, Recht & Packard's example) heavy
        ball with Polyak's tuning does not contract on the general class.
    n_max : int
        Longest horizon, 1..100.
    mu : float
        :math:`\mu` (the ratios depend on :math:`\kappa` only).
    ns : sequence of int, optional
        Horizons of the PEPs, each in 1..n_max (default ``1..n_max``).
    solver : str, optional
        Passed to the PEPs (see :meth:`~momentum_theory.methods.Method.worst_case`).

    Returns
    -------
    ClassComparison
        Its ``curves`` hold the numbers; ``str()`` summarises them.

    Examples
    --------
    >>> from momentum_theory.methods import general_class_comparison
    >>> data = general_class_comparison(kappa=25.0, n_max=2)
    >>> [c.label for c in data.curves][:3]
    ['gradient descent', 'heavy ball, Polyak', 'heavy ball, safe']
    >>> gd = data.curves[0]          # the same on both classes: (1 - 2/26)^(2n)
    >>> bool(abs(gd.general[-1] - (12 / 13) ** 4) < 1e-6), gd.quadratic.shape
    (True, (3,))
    """
    kappa = _v.real_scalar(kappa, "kappa")
    if not kappa > 1.0:
        raise ValueError(f"kappa must be > 1, got {kappa}")
    mu = _v.real_scalar(mu, "mu")
    if not mu > 0:
        raise ValueError(f"mu must be positive, got {mu}")
    n_max = _v.count(n_max, "n_max", minimum=1)
    if n_max > MAX_STEPS:
        raise ValueError(f"n_max must be <= {MAX_STEPS}, got {n_max}")
    if ns is None:
        ns = np.arange(1, n_max + 1)
    else:
        ns = np.array([_v.count(k, "ns", minimum=1) for k in np.ravel(np.asarray(ns, dtype=object))],
                      dtype=int)
        if ns.size == 0 or ns.max() > n_max:
            raise ValueError(f"ns must hold horizons in 1..{n_max}, got {ns.tolist()}")
        ns = np.unique(ns)
    L = kappa * mu
    curves = []
    for label, name, eta, params in comparison_tunings(mu, L):
        record = _record(name)
        quadratic = record.worst_case(mu, L, eta, n_max, **params).history
        results = [record.worst_case(mu, L, eta, int(k), function_class="smooth_strongly_convex",
                                     solver=solver, **params) for k in ns]
        curves.append(ClassCurve(label=label, method=name, eta=eta, params=params,
                                 quadratic=quadratic, ns=ns,
                                 general=np.array([r.value for r in results]),
                                 status=tuple(r.status for r in results)))
    return ClassComparison(mu=mu, L=L, n_max=n_max, curves=tuple(curves))
