r"""Exercise 4: momentum with noisy (stochastic, minibatch) gradients.

With gradient noise the iterates do not converge: they settle into a
stationary distribution around the minimizer, whose mean excess loss is the
*noise floor*. :func:`exercise_4` computes it against :math:`\eta`,
:math:`\beta` and the batch size -- exactly (closed form and a discrete
Lyapunov equation) and by Monte Carlo -- and checks the stationary covariance
three ways.

Contents
--------
- :data:`NUMBER`, :data:`TITLE` -- the exercise's number and title.
- :class:`NoiseExperiment` -- the result; ``str()`` is its summary.
- :func:`exercise_4` -- run the experiment.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from momentum_theory import _validation as _v
from momentum_theory.exercises._common import html_result, html_table

__all__ = ["NUMBER", "TITLE", "NoiseExperiment", "exercise_4"]

NUMBER = 4
TITLE = "Stochastic and minibatch gradients"


@dataclass(frozen=True, kw_only=True, repr=False)
class NoiseExperiment:
    r"""Noise floor of momentum SGD on :math:`\sum_i \tfrac{\lambda_i}{2}x_i^2`.

    Attributes
    ----------
    lams : ndarray
        Curvatures (default: the chapter's :math:`0.1x_1^2 + 2x_2^2`, i.e. 0.2 and 4).
    sigma : float
        Per-example gradient noise.
    etas, betas, batch_sizes : ndarray
        Grid axes.
    floor_exact : ndarray, shape (len(betas), len(etas))
        Closed-form noise floor (SymPy-derived), batch size 1.
    floor_lyapunov : ndarray, same shape
        The same from ``scipy.linalg.solve_discrete_lyapunov``.
    floor_mc, floor_mc_stderr : ndarray, same shape
        Monte Carlo mean and standard error.
    batch_eta, batch_beta : float
        The point of the batch-size sweep.
    floor_batch_exact, floor_batch_mc, floor_batch_mc_stderr : ndarray, shape (len(batch_sizes),)
        Floor against the batch size.
    covariance_point : dict
        ``eta, lam, beta, sigma`` of the three-way covariance check.
    covariance_symbolic, covariance_lyapunov : ndarray, shape (2, 2)
        Stationary covariance of (v, x) there: SymPy closed form and SciPy.
    covariance_mc : momentum_theory.noise.MonteCarloCovariance
        Monte Carlo estimate with its confidence interval.
    """

    lams: np.ndarray
    sigma: float
    etas: np.ndarray
    betas: np.ndarray
    batch_sizes: np.ndarray
    floor_exact: np.ndarray
    floor_lyapunov: np.ndarray
    floor_mc: np.ndarray
    floor_mc_stderr: np.ndarray
    batch_eta: float
    batch_beta: float
    floor_batch_exact: np.ndarray
    floor_batch_mc: np.ndarray
    floor_batch_mc_stderr: np.ndarray
    covariance_point: dict
    covariance_symbolic: np.ndarray
    covariance_lyapunov: np.ndarray
    covariance_mc: object

    def mc_agreement(self, z=3.0) -> float:
        """Fraction of grid points whose exact floor is within ``z`` standard errors of MC."""
        inside = np.abs(self.floor_mc - self.floor_exact) <= z * self.floor_mc_stderr
        inside_b = np.abs(self.floor_batch_mc - self.floor_batch_exact) <= z * self.floor_batch_mc_stderr
        return float((inside.sum() + inside_b.sum()) / (inside.size + inside_b.size))

    def summary(self) -> str:
        """The findings in a few lines."""
        rel = np.max(np.abs(self.floor_lyapunov / self.floor_exact - 1))
        cov_rel = np.max(np.abs(self.covariance_lyapunov - self.covariance_symbolic)
                         / np.abs(self.covariance_symbolic))
        p = self.covariance_point
        return "\n".join([
            f"quadratic with curvatures {self.lams.tolist()}, noise sigma = {self.sigma:g} per example",
            f"closed form vs Lyapunov noise floor: max relative difference {rel:.1e}",
            f"Monte Carlo within 3 standard errors of the exact floor at "
            f"{100 * self.mc_agreement():.0f}% of {self.floor_mc.size + self.floor_batch_mc.size} points",
            "small steps: floor ~ d*eta*sigma^2 / (4 (1 - beta) B): it depends on the effective "
            "step eta/(1-beta) and falls like 1/B",
            f"covariance of (v, x) at eta={p['eta']:g}, lambda={p['lam']:g}, beta={p['beta']:g}: "
            f"SymPy vs SciPy max relative difference {cov_rel:.1e}; Monte Carlo "
            f"{'contains' if self.covariance_mc.contains(self.covariance_lyapunov) else 'MISSES'} "
            f"it at {100 * self.covariance_mc.confidence:.0f}% confidence",
        ])

    def __str__(self) -> str:
        return self.summary()

    def __repr__(self) -> str:
        return (f"<NoiseExperiment: curvatures {self.lams.tolist()}, {self.betas.size} betas x "
                f"{self.etas.size} etas, batch sizes {self.batch_sizes.tolist()}>")

    def _repr_html_(self) -> str:
        header = ["beta \\ eta", *(f"{eta:.3g}" for eta in self.etas)]
        rows = [[f"{beta:g}", *(f"{self.floor_exact[i, j]:.4g} (MC {self.floor_mc[i, j]:.4g} "
                                f"± {self.floor_mc_stderr[i, j]:.1g})" for j in range(self.etas.size))]
                for i, beta in enumerate(self.betas)]
        batch = [[f"{B:g}", f"{e:.4g}", f"{m:.4g} ± {s:.1g}"] for B, e, m, s in
                 zip(self.batch_sizes, self.floor_batch_exact, self.floor_batch_mc,
                     self.floor_batch_mc_stderr)]
        return html_result(NUMBER, TITLE, [
            *self.summary().splitlines(),
            "noise floor (expected excess loss) at batch size 1: exact, and Monte Carlo mean "
            "± standard error"],
            html_table(header, rows),
            f"<p>against the batch size at eta = {self.batch_eta:g}, beta = {self.batch_beta:g}:</p>",
            html_table(["batch size", "exact", "Monte Carlo"], batch))


def exercise_4(lams=(0.2, 4.0), sigma=1.0, etas=None, betas=(0.0, 0.5, 0.9),
               batch_sizes=(1, 4, 16, 64), chains=2000, seed=0):
    r"""Momentum SGD with noisy gradients: noise floor vs step, momentum and batch size.

    Parameters
    ----------
    lams : sequence of float
        Curvatures of the quadratic (default: the chapter's 2-D example).
    sigma : float
        Per-example gradient noise; a batch of ``B`` has noise :math:`\sigma/\sqrt B`.
    etas : array_like, optional
        Step sizes; default 8 log-spaced values in [0.01, 0.45] (all stable
        for :math:`\beta \ge 0` when :math:`\lambda_{\max} = 4`).
    betas : sequence of float
        Momentum values.
    batch_sizes : sequence of int
        Batch sizes for the sweep at :math:`(\eta, \beta) = (0.05, 0.9)`.
    chains : int
        Monte Carlo chains per point.
    seed : int
        Base seed (each point uses its own stream).

    Returns
    -------
    NoiseExperiment

    Examples
    --------
    >>> e = exercise_4(etas=[0.02, 0.1], betas=(0.0, 0.9), batch_sizes=(1, 10), chains=500)
    >>> bool(np.allclose(e.floor_exact, e.floor_lyapunov, rtol=1e-9))
    True
    >>> bool(np.isclose(e.floor_batch_exact[0] / e.floor_batch_exact[1], 10.0))
    True
    """
    from momentum_theory import noise

    lams = _v.real_array(lams, "lams")
    sigma = _v.real_scalar(sigma, "sigma")
    etas = np.geomspace(0.01, 0.45, 8) if etas is None else _v.real_array(etas, "etas")
    betas = _v.momentum_beta(betas)
    batch_sizes = _v.real_array(batch_sizes, "batch_sizes")
    chains = _v.count(chains, "chains", minimum=10)
    seed = _v.count(seed, "seed")
    if etas.ndim != 1 or betas.ndim != 1 or batch_sizes.ndim != 1:
        raise ValueError("etas, betas and batch_sizes must be 1-D")

    exact = np.asarray(noise.noise_floor(etas[None, :], betas[:, None], lams, sigma), dtype=float)
    cov = noise.stationary_covariance(etas[None, :, None], lams[None, None, :],
                                      betas[:, None, None], sigma)
    lyap = np.sum(0.5 * lams * cov[..., 1, 1], axis=-1)
    mc = np.empty_like(exact)
    mc_se = np.empty_like(exact)
    for i, beta in enumerate(betas):
        for j, eta in enumerate(etas):
            est = noise.simulate_noise_floor(float(eta), float(beta), lams, sigma,
                                             chains=chains, seed=seed + 100 * i + j)
            mc[i, j], mc_se[i, j] = est.mean, est.stderr

    batch_eta, batch_beta = 0.05, 0.9
    batch_exact = np.asarray(noise.noise_floor(batch_eta, batch_beta, lams, sigma,
                                               batch_size=batch_sizes), dtype=float)
    batch_mc = np.empty(batch_sizes.size)
    batch_se = np.empty(batch_sizes.size)
    for k, B in enumerate(batch_sizes):
        est = noise.simulate_noise_floor(batch_eta, batch_beta, lams, sigma, batch_size=float(B),
                                         chains=chains, seed=seed + 10_000 + k)
        batch_mc[k], batch_se[k] = est.mean, est.stderr

    point = {"eta": 0.1, "lam": 1.0, "beta": 0.9, "sigma": sigma}
    d = noise.derive_stationary_covariance()
    values = {d.symbols["eta"]: point["eta"], d.symbols["lambda"]: point["lam"],
              d.symbols["beta"]: point["beta"], d.symbols["sigma"]: sigma, d.symbols["B"]: 1}
    cov_sym = np.array(d.covariance.subs(values).evalf(), dtype=float)
    cov_lyap = noise.stationary_covariance(point["eta"], point["lam"], point["beta"], sigma)
    cov_mc = noise.simulate_stationary_covariance(point["eta"], point["lam"], point["beta"], sigma,
                                                  chains=max(chains, 4000), seed=seed + 20_000)
    return NoiseExperiment(
        lams=lams, sigma=sigma, etas=etas, betas=betas, batch_sizes=batch_sizes,
        floor_exact=exact, floor_lyapunov=lyap, floor_mc=mc, floor_mc_stderr=mc_se,
        batch_eta=batch_eta, batch_beta=batch_beta, floor_batch_exact=batch_exact,
        floor_batch_mc=batch_mc, floor_batch_mc_stderr=batch_se, covariance_point=point,
        covariance_symbolic=cov_sym, covariance_lyapunov=cov_lyap, covariance_mc=cov_mc)
