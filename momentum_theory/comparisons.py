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
=============================  =================================================

>>> print(edge_comparison([0.5])[0])
beta = 0.5: edge 3.000000000000 by root finding, 2 + 2*beta = 3.000000000000
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["EdgeComparison", "edge_comparison", "TuningComparison", "tuning_comparison",
           "NoiseComparison", "noise_comparison"]


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
