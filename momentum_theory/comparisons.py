r"""Numbers computed two ways, side by side: what the report and the command line print.

Each function returns a small record holding both computations and how far
apart they are, so the report and ``momentum-theory region`` only format;
nothing here draws.

=============================  =================================================
:func:`edge_comparison`        upper edge of the region by root finding on
                               :math:`\rho = 1` vs the derived :math:`2 + 2\beta`
:func:`tuning_comparison`      derived optimal tunings vs SciPy minimising the
                               worst rate, with Nesterov and the steps to a tolerance
:func:`noise_comparison`       stationary variance of noisy momentum: closed form,
                               discrete Lyapunov equation, Monte Carlo
:func:`method_map`             any method record over (ηλ, its first parameter):
                               the derived region (``region().predicate()``) vs
                               :math:`\rho < 1` from ``spectral_radius``
:func:`method_comparison`      every registered method at one condition number:
                               optimal worst rates (closed form or numeric
                               minimax) and exact finite-horizon worst cases
=============================  =================================================

>>> print(edge_comparison([0.5])[0])
beta = 0.5: edge 3.000000000000 by root finding, 2 + 2*beta = 3.000000000000
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

__all__ = ["EdgeComparison", "edge_comparison", "TuningComparison", "tuning_comparison",
           "NoiseComparison", "noise_comparison", "MethodMap", "method_map", "axis_range",
           "MethodComparison", "method_comparison"]


@dataclass(frozen=True)
class EdgeComparison:
    r"""The upper edge of heavy ball's region at one :math:`\beta`, found and derived."""

    beta: float
    found: float
    derived: float

    @property
    def difference(self) -> float:
        return abs(self.found - self.derived)

    def __str__(self) -> str:
        return (f"beta = {self.beta:g}: edge {self.found:.12f} by root finding, "
                f"2 + 2*beta = {self.derived:.12f}")


def edge_comparison(betas=(0.0, 0.25, 0.5, 0.75, 0.9, 0.99)):
    r"""Root finding on :math:`\rho(R) = 1` (:func:`~momentum_theory.spectral.stability_boundary`)
    against the derived edge :math:`\eta\lambda = 2 + 2\beta`, one record per :math:`\beta`.

    Parameters
    ----------
    betas : sequence of float
        Momenta in [0, 1).

    Returns
    -------
    list of EdgeComparison

    Examples
    --------
    >>> [round(c.found, 9) for c in edge_comparison([0.0, 0.9])]
    [2.0, 3.8]
    """
    from momentum_theory import spectral

    betas = np.atleast_1d(np.asarray(betas, dtype=float))
    found = np.atleast_1d(spectral.stability_boundary(betas))
    return [EdgeComparison(float(b), float(e), float(2 + 2 * b)) for b, e in zip(betas, found)]


@dataclass(frozen=True)
class TuningComparison:
    r"""Optimal tunings for curvatures in :math:`[\mu, L]`: derived, and found numerically.

    ``gd``, ``heavy_ball``, ``nesterov`` are the derived tunings
    (:class:`~momentum_theory.tuning.Tuning`); ``gd_numeric`` and
    ``heavy_ball_numeric`` what :func:`~momentum_theory.tuning.minimize_worst_rate` found.
    """

    mu: float
    L: float
    gd: object
    heavy_ball: object
    nesterov: object
    gd_numeric: object
    heavy_ball_numeric: object

    @property
    def kappa(self) -> float:
        return self.L / self.mu

    @property
    def rate_gap(self) -> float:
        """Largest distance between a derived rate and the rate found numerically."""
        return max(abs(self.gd.rate - self.gd_numeric.rate),
                   abs(self.heavy_ball.rate - self.heavy_ball_numeric.rate))

    def steps(self, eps=1e-6):
        """Steps to shrink the error by ``eps``: (GD, Nesterov, heavy ball), derived tunings."""
        return self.gd.steps(eps), self.nesterov.steps(eps), self.heavy_ball.steps(eps)

    def __str__(self) -> str:
        return (f"kappa = {self.kappa:g}: GD rate {self.gd.rate:.6f} (numeric "
                f"{self.gd_numeric.rate:.6f}), heavy ball {self.heavy_ball.rate:.6f} (numeric "
                f"{self.heavy_ball_numeric.rate:.6f}), Nesterov {self.nesterov.rate:.6f}")


def tuning_comparison(mu, L):
    r"""The derived optimal tunings of GD, heavy ball and Nesterov, and SciPy's for GD and heavy ball.

    Parameters
    ----------
    mu, L : float
        Curvature interval, :math:`0 < \mu \le L`.

    Returns
    -------
    TuningComparison

    Examples
    --------
    >>> c = tuning_comparison(1.0, 100.0)
    >>> round(c.heavy_ball.rate, 6), c.rate_gap < 1e-5
    (0.818182, True)
    """
    from momentum_theory import accelerated, tuning

    return TuningComparison(
        float(mu), float(L), tuning.gd_optimal(mu, L), tuning.heavy_ball_optimal(mu, L),
        accelerated.nesterov_optimal(mu, L), tuning.minimize_worst_rate(mu, L, method="gd"),
        tuning.minimize_worst_rate(mu, L))


@dataclass(frozen=True)
class NoiseComparison:
    r"""Stationary :math:`\operatorname{Var}(x_\infty)` of momentum with noisy gradients, three ways."""

    eta: float
    lam: float
    beta: float
    closed_form: float
    lyapunov: np.ndarray
    monte_carlo: object

    @property
    def agrees(self) -> bool:
        """Closed form = Lyapunov to 1e-12 (relative), and Monte Carlo's interval holds them."""
        exact = self.lyapunov[1, 1]
        return bool(self.monte_carlo.contains(self.lyapunov)
                    and abs(self.closed_form - exact) <= 1e-12 * self.closed_form)

    def __str__(self) -> str:
        return (f"Var(x) at eta = {self.eta:g}, lambda = {self.lam:g}, beta = {self.beta:g}: "
                f"closed form {self.closed_form:.10f}, Lyapunov {self.lyapunov[1, 1]:.10f}, "
                f"Monte Carlo interval holds it: {bool(self.monte_carlo.contains(self.lyapunov))}")


def noise_comparison(eta=0.1, lam=1.0, beta=0.9, seed=0):
    r"""Closed form (SymPy), ``scipy.linalg.solve_discrete_lyapunov`` and Monte Carlo at one tuning.

    The gradient is :math:`\lambda x + \sigma\xi` with :math:`\sigma = 1`, batch size 1.

    Parameters
    ----------
    eta, lam, beta : float
        Step size, curvature and momentum of the tuning compared.
    seed : int
        Seed of the Monte Carlo chains.

    Returns
    -------
    NoiseComparison

    Examples
    --------
    >>> noise_comparison().agrees
    True
    """
    from momentum_theory import noise

    return NoiseComparison(
        float(eta), float(lam), float(beta), float(noise.stationary_variance(eta, lam, beta)),
        noise.stationary_covariance(eta, lam, beta),
        noise.simulate_stationary_covariance(eta, lam, beta, seed=seed))


# Ranges of the map's second axis, by parameter name (the names are the
# records' own; a parameter not listed gets its default +- 1).
_AXIS_RANGES = {"beta": (0.0, 0.99), "gamma": (-1.0, 2.0), "nu": (0.0, 1.0), "kappa": (1.0, 200.0)}


def axis_range(method, name):
    """The range drawn for parameter ``name`` of ``method`` on a map's second axis.

    Parameters
    ----------
    method : momentum_theory.methods.Method
        The record.
    name : str
        One of ``method.params``.

    Returns
    -------
    (float, float)

    Examples
    --------
    >>> from momentum_theory import methods
    >>> axis_range(methods.get("qhm"), "nu")
    (0.0, 1.0)
    """
    if name not in method.params:
        raise ValueError(f"name must be a parameter of {method.name} "
                         f"({', '.join(method.params) or 'none'}), got {name!r}")
    if name in _AXIS_RANGES:
        return _AXIS_RANGES[name]
    d = method.defaults[name]
    return (d - 1.0, d + 1.0)


@dataclass(frozen=True, eq=False)
class MethodMap:
    r"""A method's spectral radius and derived region on a grid over (ηλ, its first parameter).

    Attributes
    ----------
    method : str
        The record's name.
    axis : str or None
        The parameter on the second axis (None for a method without parameters:
        then the grid is one row).
    eta_lambda, values : ndarray
        The grid axes (``values`` is ``[nan]`` when ``axis`` is None).
    fixed : dict
        The other parameters' values.
    rho : ndarray, shape (len(values), len(eta_lambda))
        ``spectral_radius``.
    derived : ndarray of bool, same shape
        The derived region, ``region().predicate()`` (SymPy, lambdified).
    band : float
        Points with :math:`|\rho - 1| <` ``band`` are not compared.
    region : object
        The record's :meth:`~momentum_theory.methods.Method.region` derivation.
    """

    method: str
    axis: object
    eta_lambda: np.ndarray
    values: np.ndarray
    fixed: dict
    rho: np.ndarray
    derived: np.ndarray
    band: float
    region: object = field(repr=False)

    def _counts(self):
        """``(compared, agreeing)``, counted in blocks of about ``_MAP_BLOCK`` points (bounded scratch)."""
        n_rows, n_cols = self.rho.shape
        cols = max(1, min(n_cols, _MAP_BLOCK))
        rows = max(1, _MAP_BLOCK // cols)
        compared = agreeing = 0
        for r in range(0, n_rows, rows):
            for c in range(0, n_cols, cols):
                rho = self.rho[r:r + rows, c:c + cols]
                derived = self.derived[r:r + rows, c:c + cols]
                keep = np.abs(rho - 1.0) >= self.band
                compared += int(np.count_nonzero(keep))
                agreeing += int(np.count_nonzero((rho < 1.0)[keep] == derived[keep]))
        return compared, agreeing

    @property
    def compared(self) -> int:
        return self._counts()[0]

    @property
    def excluded(self) -> int:
        return int(self.rho.size - self.compared)

    @property
    def agreement(self) -> float:
        """Fraction of compared points where ``rho < 1`` equals the derived region."""
        compared, agreeing = self._counts()
        if not compared:
            return 1.0
        return agreeing / compared

    def summary(self) -> str:
        return (f"numeric map agrees with the derived region on {self.agreement:.6f} of "
                f"{self.compared} grid points ({self.excluded} within the boundary band left out)")

    def settings(self) -> str:
        """The grid in words: ``"ηλ ∈ [0, 2.2] × beta ∈ [0, 0.99] (200 × 200), gamma = 0.5"``."""
        text = f"ηλ ∈ [0, {self.eta_lambda[-1]:g}]"
        if self.axis is not None:
            text += f" × {self.axis} ∈ [{self.values[0]:g}, {self.values[-1]:g}]"
        text += f" ({self.rho.shape[1]} × {self.rho.shape[0]})"
        return text + "".join(f", {k} = {v:g}" for k, v in self.fixed.items())


def _h_max(method, values, axis, fixed):
    """Right end of the ηλ axis: 10 % past the largest ηλ the derived region admits (2.2 at least)."""
    h = np.linspace(0.0, 20.0, 801)
    reached = np.zeros(h.size, dtype=bool)
    rows = max(1, _MAP_BLOCK // h.size)     # blocks of values: bounded scratch whatever n is
    for start in range(0, len(values), rows):
        block = values[start:start + rows]
        kw = dict(fixed)
        if axis is not None:
            kw[axis] = block[:, None]
        with np.errstate(all="ignore"):
            inside = np.broadcast_to(method.converges(h, **kw), (len(block), h.size))
        reached |= inside.any(axis=0)
    top = h[np.flatnonzero(reached)]
    return float(max(2.2, 1.1 * top.max())) if top.size else 4.0


def method_map(method, n=200, fixed=None, *, eta_lambda_max=None, band=1e-9):
    r"""A method record's map over (ηλ, its first parameter), the others fixed.

    Parameters
    ----------
    method : momentum_theory.methods.Method or str
        A record or a registered name.
    n : int
        Grid points per axis (>= 2); one row for a method without parameters.
    fixed : dict, optional
        Values of the parameters after the first (default: the record's ``defaults``).
    eta_lambda_max : float, optional
        Right end of the ηλ axis; default 10 % past the derived region's reach.
    band : float
        Points with ``abs(rho - 1) < band`` are not compared (rounding, not
        the theory, decides their side).

    Returns
    -------
    MethodMap

    Examples
    --------
    >>> m = method_map("two_step", n=60, fixed={"gamma": 0.5})
    >>> m.axis, m.rho.shape, m.agreement
    ('beta', (60, 60), 1.0)
    """
    from momentum_theory import _validation as _v
    from momentum_theory import methods

    if isinstance(method, str):
        method = methods.get(method)
    n = _v.count(n, "n", minimum=2)
    fixed = dict(fixed or {})
    axis = method.params[0] if method.params else None
    if axis is not None and axis in fixed:
        raise ValueError(f"fixed: {axis} is the map's second axis; fix only "
                         f"{', '.join(method.params[1:]) or '(nothing)'}")
    unknown = sorted(set(fixed) - set(method.params))
    if unknown:
        raise TypeError(f"fixed: {method.name} takes no parameter {unknown[0]!r}; its parameters "
                        f"are {', '.join(method.params) or '(none)'}")
    fixed = {k: _v.real_scalar(v, k) for k, v in fixed.items()}
    fixed = {p: fixed.get(p, method.defaults[p]) for p in method.params[1:]}
    values = np.linspace(*axis_range(method, axis), n) if axis else np.array([math.nan])
    if eta_lambda_max is None:
        eta_lambda_max = _h_max(method, values, axis, fixed)
    top = _v.real_scalar(eta_lambda_max, "eta_lambda_max")
    if not top > 0:
        raise ValueError(f"eta_lambda_max must be positive, got {top}")
    h = np.linspace(0.0, top, n)
    region = method.region()
    inside = region.predicate()
    rho = np.empty((values.size, n))
    derived = np.empty((values.size, n), dtype=bool)
    # Blocks of about _MAP_BLOCK points (whole rows, or pieces of a longer
    # row): the scratch of one block at a time, whatever n is.
    cols = min(n, _MAP_BLOCK)
    rows = max(1, _MAP_BLOCK // cols)
    for start in range(0, values.size, rows):
        block = slice(start, start + rows)
        for first in range(0, n, cols):
            part = slice(first, first + cols)
            kw = dict(fixed)
            args = [h[part]] + [fixed[p] for p in method.params[1:]]
            if axis is not None:
                kw[axis] = values[block, None]
                args = [h[part], values[block, None]] + args[1:]
            with np.errstate(all="ignore"):
                rho[block, part] = method.spectral_radius(h[part], **kw)
                derived[block, part] = inside(*args)
    return MethodMap(method.name, axis, h, values, fixed, rho, derived, float(band), region)


#: Grid points per block in :func:`method_map` (2 MiB per float64 temporary).
_MAP_BLOCK = 2 ** 18


@dataclass(frozen=True, eq=False)
class MethodComparison:
    r"""Every registered method at one curvature interval: tunings, rates and worst cases.

    Attributes
    ----------
    mu, L : float
    tuned : dict
        Method name -> :class:`~momentum_theory.methods.Tuned` (closed form where
        the record has one, else its numeric minimax).
    rates : dict
        Condition number -> {method name -> optimal worst rate}, closed forms only
        (numeric minimax at ``L / mu`` only: it takes seconds per call).
    worst : dict
        Method name -> ``WorstCase`` over ``n`` steps at the tuning in ``tuned``.
    skipped : dict
        Method name -> why it has no tuning here.
    """

    mu: float
    L: float
    n: int
    tuned: dict
    rates: dict
    worst: dict
    skipped: dict

    @property
    def kappa(self) -> float:
        return self.L / self.mu


def method_comparison(mu=1.0, L=100.0, n=80, kappas=(10.0, 100.0, 1000.0), names=None):
    r"""Tune every registered method on :math:`[\mu, L]` and take its exact worst case over ``n`` steps.

    Parameters
    ----------
    mu, L : float
        Curvature interval (:math:`\kappa = L/\mu`).
    n : int
        Horizon of the worst cases.
    kappas : sequence of float
        Condition numbers of the closed-form rate table.
    names : sequence of str, optional
        Methods to compare (default :func:`momentum_theory.methods.available`).

    Returns
    -------
    MethodComparison

    Examples
    --------
    >>> c = method_comparison(n=10, names=["gd", "heavy_ball"], kappas=(100.0,))
    >>> round(c.rates[100.0]["heavy_ball"], 6), c.worst["gd"].n
    (0.818182, 10)
    """
    from momentum_theory import methods

    names = list(methods.available() if names is None else names)
    records = [methods.get(name) for name in names]
    rates = {}
    for k in kappas:
        row = {}
        for m in records:
            try:
                row[m.name] = m.optimal(1.0, float(k)).rate
            except NotImplementedError:
                pass
        rates[float(k)] = row
    tuned, worst, skipped = {}, {}, {}
    for m in records:
        try:
            t = m.optimal(mu, L)
        except NotImplementedError:
            t = m.minimize_worst_rate(mu, L)
        tuned[m.name] = t
        try:
            worst[m.name] = m.worst_case(mu, L, t.eta, n, **t.params)
        except ValueError as exc:   # a tuning on the edge of stability
            skipped[m.name] = str(exc)
    return MethodComparison(float(mu), float(L), int(n), tuned, rates, worst, skipped)
