r"""Exercise 2: gradient descent and momentum on :math:`f(x) = \tfrac12\sum_i 2^{-i} x_i^2`.

In eigen-coordinates the quadratic decouples, so each component
:math:`x_i` decays on its own, from :math:`x_i(0) = 1`, at the rate of its
curvature :math:`\lambda_i = 2^{-i}`. :func:`exercise_2` runs gradient
descent and momentum at four settings and counts, per component, the steps
until it stays within a tolerance -- simulated, and predicted from the rates.

Contents
--------
- :data:`NUMBER`, :data:`TITLE` -- the exercise's number and title.
- :class:`ComponentDecay` -- the result; ``str()`` is its table of steps.
- :func:`exercise_2` -- run the four settings.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from momentum_theory import _validation as _v
from momentum_theory.exercises._common import Raw, html_result, html_table

__all__ = ["NUMBER", "TITLE", "ComponentDecay", "exercise_2"]

NUMBER = 2
TITLE = "Gradient descent and momentum on ½ Σ 2⁻ⁱ xᵢ²"


@dataclass(frozen=True, kw_only=True, repr=False)
class ComponentDecay:
    r"""Gradient descent vs momentum on :math:`\tfrac12\sum_i 2^{-i} x_i^2`, component by component.

    Attributes
    ----------
    lambdas : ndarray, shape (d,)
        :math:`\lambda_i = 2^{-i}`, :math:`i = 1..d`.
    tol : float
        Target: :math:`|x_i(t)| \le` ``tol`` from then on (start 1).
    methods : tuple of str
        Names of the runs, e.g. ``"GD, eta = 1/L"``.
    settings : dict
        Method -> ``(eta, beta)``.
    trajectories : dict
        Method -> ndarray ``(steps + 1, d)`` of :math:`x_i(t)`.
    steps : dict
        Method -> ndarray ``(d,)``: simulated steps until component ``i``
        stays within ``tol`` (``-1`` if not within the horizon).
    predicted : dict
        Method -> ndarray ``(d,)``: :math:`\lceil \ln(\text{tol}) / \ln\rho_i\rceil`
        from the closed-form rate :math:`\rho_i = \rho(\eta\lambda_i, \beta)`
        (exact for gradient descent; ignores the constant prefactor for momentum).
    """

    lambdas: np.ndarray
    tol: float
    methods: tuple
    settings: dict
    trajectories: dict
    steps: dict
    predicted: dict

    def summary(self) -> str:
        """Steps per component for each method, as a table."""
        width = max(len(m) for m in self.methods)
        head = "  i  lambda_i   " + "  ".join(f"{m:>{width}}" for m in self.methods)
        rows = [head]
        for i, lam in enumerate(self.lambdas):
            cells = "  ".join(f"{f'{self.steps[m][i]} (~{self.predicted[m][i]})':>{width}}"
                              for m in self.methods)
            rows.append(f"{i + 1:>3d}  {lam:<9.3g}  {cells}")
        rows.append(f"simulated steps until |x_i| stays <= {self.tol:g}; (~ predicted from the "
                    "rate rho(eta*lambda_i, beta): exact for GD, without the prefactor for momentum)")
        return "\n".join(rows)

    def __str__(self) -> str:
        return self.summary()

    def __repr__(self) -> str:
        return (f"<ComponentDecay: d = {self.lambdas.size}, {len(self.methods)} methods, "
                f"tol = {self.tol:g}>")

    def _repr_html_(self) -> str:
        header = ["i", Raw(r"\(\lambda_i\)"), *self.methods]
        rows = [[i + 1, f"{lam:.3g}",
                 *(f"{self.steps[m][i]} (~{self.predicted[m][i]})" for m in self.methods)]
                for i, lam in enumerate(self.lambdas)]
        settings = "; ".join(f"{m}: eta = {eta:.4g}, beta = {beta:.4g}"
                             for m, (eta, beta) in self.settings.items())
        return html_result(NUMBER, TITLE, [
            f"simulated steps until |x_i| stays <= {self.tol:g}, from x_i = 1 "
            "(~ predicted from the rate rho(eta*lambda_i, beta): exact for gradient descent, "
            "without the prefactor for momentum)", settings], html_table(header, rows))


def _settle_step(path, tol):
    """First t after which |x| stays <= tol on the simulated horizon; -1 if never."""
    above = np.abs(path) > tol
    out = np.full(path.shape[1], -1)
    for i in range(path.shape[1]):
        idx = np.nonzero(above[:, i])[0]
        if idx.size == 0:
            out[i] = 0
        elif idx[-1] + 1 < path.shape[0]:
            out[i] = idx[-1] + 1
    return out


def exercise_2(d=10, tol=1e-3, max_steps=20000):
    r"""GD and momentum on :math:`f(x) = \tfrac12\sum_{i=1}^d 2^{-i} x_i^2` from :math:`x_i = 1`.

    Step sizes (with :math:`\mu = 2^{-d}`, :math:`L = 1/2`):

    - ``GD, eta = 1/L``: the textbook safe step;
    - ``GD, eta = 2/(mu+L)``: the best constant step for gradient descent
      (:func:`momentum_theory.tuning.gd_optimal`);
    - ``momentum, eta = 1/L, beta = 0.9``: the common default :math:`\beta`;
    - ``momentum, Polyak-optimal``: :func:`momentum_theory.tuning.heavy_ball_optimal`
      for the spectrum :math:`[\mu, L]`.

    Parameters
    ----------
    d : int
        Number of components (2 to 20).
    tol : float
        Shrink factor to reach, in (0, 1).
    max_steps : int
        Longest simulation.

    Returns
    -------
    ComponentDecay

    Examples
    --------
    >>> r = exercise_2(d=4)
    >>> r.steps["GD, eta = 1/L"].tolist()          # (1 - 2^-i / 2^-1)^t <= 1e-3
    [1, 10, 25, 52]
    >>> bool(r.steps["momentum, Polyak-optimal"].max() < r.steps["GD, eta = 1/L"].max())
    True
    """
    from momentum_theory import tuning
    from momentum_theory.dynamics import heavy_ball
    from momentum_theory.spectral import spectral_radius

    d = _v.count(d, "d", minimum=2)
    if d > 20:
        raise ValueError(f"d must be at most 20 (lambda_d = 2^-d), got {d}")
    tol = _v.real_scalar(tol, "tol")
    if not 0 < tol < 1:
        raise ValueError(f"tol must lie in (0, 1), got {tol}")
    max_steps = _v.count(max_steps, "max_steps", minimum=1)
    lambdas = 2.0 ** -np.arange(1, d + 1)
    mu, L = float(lambdas[-1]), float(lambdas[0])
    gd = tuning.gd_optimal(mu, L)
    hb = tuning.heavy_ball_optimal(mu, L)
    settings = {
        "GD, eta = 1/L": (1.0 / L, 0.0),
        "GD, eta = 2/(mu+L)": (gd.eta, 0.0),
        "momentum, eta = 1/L, beta = 0.9": (1.0 / L, 0.9),
        "momentum, Polyak-optimal": (hb.eta, hb.beta),
    }
    trajectories, steps, predicted = {}, {}, {}
    for name, (eta, beta) in settings.items():
        rho = np.asarray(spectral_radius(eta * lambdas, beta), dtype=float)
        with np.errstate(divide="ignore"):
            pred = np.where(rho > 0, np.ceil(np.log(tol) / np.log(np.maximum(rho, 1e-300))), 1)
        pred = np.where(rho < 1, pred, -1).astype(int)
        # Momentum has a prefactor (and a t*rho^t term at critical damping):
        # simulate well past the rate prediction so the settling is observed.
        horizon = int(min(max_steps, 3 * max(pred.max(), 1) + 100))
        path = heavy_ball(lambda x: lambdas * x, np.ones(d), eta, beta, horizon)
        trajectories[name] = path
        steps[name] = _settle_step(path, tol)
        predicted[name] = pred
    return ComponentDecay(lambdas=lambdas, tol=tol, methods=tuple(settings), settings=settings,
                          trajectories=trajectories, steps=steps, predicted=predicted)
