r"""Momentum with noisy gradients: the stationary covariance and the noise floor.

On the scalar quadratic :math:`f(x) = \tfrac{\lambda}{2}x^2` a stochastic
(minibatch) gradient is modelled as

.. math::

    g_t = \lambda x_{t-1} + \frac{\sigma}{\sqrt B}\,\xi_t, \qquad \xi_t \sim N(0, 1)
    \text{ independent},

the average of :math:`B` per-example gradients whose noise has variance
:math:`\sigma^2`. The chapter's update :math:`v_t = \beta v_{t-1} + g_t`,
:math:`x_t = x_{t-1} - \eta v_t` then reads, on the state :math:`s = (v, x)`,

.. math::

    s_t = R\, s_{t-1} + \frac{\sigma}{\sqrt B}\, w\,\xi_t, \qquad
    R = \begin{bmatrix} \beta & \lambda \\ -\eta\beta & 1 - \eta\lambda \end{bmatrix},
    \quad w = \begin{bmatrix} 1 \\ -\eta \end{bmatrix}.

Inside the stability region :math:`0 < \eta\lambda < 2 + 2\beta` the state
settles into a stationary distribution whose covariance :math:`P` solves the
discrete Lyapunov equation :math:`P = R P R^\top + \tfrac{\sigma^2}{B} w w^\top`.
Three ways to get :math:`P`, each a check on the others:

- :func:`derive_stationary_covariance`: SymPy solves the three linear
  equations of the symmetric 2x2 Lyapunov equation symbolically;
- :func:`stationary_covariance`: ``scipy.linalg.solve_discrete_lyapunov``;
- :func:`simulate_stationary_covariance`: Monte Carlo over independent chains,
  with a confidence interval.

The *noise floor* is the expected loss in the stationary regime,
:math:`\mathbb E f = \sum_i \tfrac{\lambda_i}{2}\operatorname{Var}(x_i)` on a
quadratic with curvatures :math:`\lambda_i` (:func:`noise_floor`).
"""
from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np

from momentum_theory import _validation as _v
from momentum_theory.spectral import in_region, spectral_radius, transition_matrix

__all__ = [
    "CovarianceDerivation",
    "derive_stationary_covariance",
    "stationary_covariance",
    "stationary_variance",
    "noise_floor",
    "MonteCarloCovariance",
    "simulate_stationary_covariance",
    "NoiseFloorEstimate",
    "simulate_noise_floor",
]


@dataclass(frozen=True)
class CovarianceDerivation:
    r"""The stationary covariance of :math:`(v, x)`, derived by SymPy.

    Attributes
    ----------
    symbols : dict
        ``eta, lambda, beta, sigma, B`` as SymPy symbols.
    equations : list
        The three scalar equations (entries (0,0), (0,1), (1,1) of
        :math:`P - R P R^\top - \tfrac{\sigma^2}{B} w w^\top = 0`).
    covariance : sympy.Matrix
        The solution :math:`P` (rows/columns ordered ``v, x``).
    x_variance : sympy.Expr
        :math:`P_{xx}`, the stationary variance of the iterate.
    """

    symbols: dict
    equations: list
    covariance: object
    x_variance: object

    def latex(self) -> str:
        """LaTeX of :math:`\\operatorname{Var}(x)` and of :math:`P`."""
        import sympy as sp
        return (r"\operatorname{Var}(x_\infty) = " + sp.latex(self.x_variance)
                + r",\qquad P = " + sp.latex(self.covariance))

    def _repr_latex_(self) -> str:
        return f"${self.latex()}$"

    def __str__(self) -> str:
        """The readable form: :math:`\\operatorname{Var}(x_\\infty)` and :math:`P`, pretty-printed.

        Examples
        --------
        >>> print(str(derive_stationary_covariance()).splitlines()[0])
        stationary covariance of (v, x) under noisy momentum
        """
        import sympy as sp
        lines = ["stationary covariance of (v, x) under noisy momentum", "  Var(x_inf) ="]
        lines += ["      " + line for line in sp.pretty(self.x_variance).splitlines()]
        lines.append("  P =")
        lines += ["      " + line for line in sp.pretty(self.covariance).splitlines()]
        return "\n".join(lines)


@functools.lru_cache(maxsize=None)
def derive_stationary_covariance() -> CovarianceDerivation:
    r"""Solve :math:`P = R P R^\top + \tfrac{\sigma^2}{B} w w^\top` symbolically.

    Returns
    -------
    CovarianceDerivation

    Notes
    -----
    :math:`P` is symmetric, so the matrix equation is three linear equations in
    :math:`P_{vv}, P_{vx}, P_{xx}`; SymPy solves them and factors the result:

    .. math::

        \operatorname{Var}(x_\infty) = \frac{\eta\sigma^2(1 + \beta)}
            {B\,\lambda(1 - \beta)(2 + 2\beta - \eta\lambda)}.

    The denominator vanishes on the edges :math:`\beta = 1` and
    :math:`\eta\lambda = 2 + 2\beta` of the stability region.

    Examples
    --------
    >>> d = derive_stationary_covariance()
    >>> eta, lam, beta, sigma, B = (d.symbols[k] for k in ("eta", "lambda", "beta", "sigma", "B"))
    >>> d.x_variance.subs({beta: 0, B: 1})   # plain SGD
    eta*sigma**2/(lambda*(-eta*lambda + 2))
    """
    import sympy as sp

    eta, lam, sigma, B = sp.symbols("eta lambda sigma B", positive=True)
    beta = sp.Symbol("beta", real=True)
    R = sp.Matrix([[beta, lam], [-eta * beta, 1 - eta * lam]])
    w = sp.Matrix([1, -eta])
    pvv, pvx, pxx = sp.symbols("P_vv P_vx P_xx")
    P = sp.Matrix([[pvv, pvx], [pvx, pxx]])
    residual = P - R * P * R.T - sigma ** 2 / B * w * w.T
    equations = [sp.Eq(residual[0, 0], 0), sp.Eq(residual[0, 1], 0), sp.Eq(residual[1, 1], 0)]
    solution = sp.solve(equations, [pvv, pvx, pxx], dict=True)
    if len(solution) != 1:  # pragma: no cover - a linear system with a unique solution
        raise RuntimeError("the Lyapunov equations did not have a unique solution")
    sol = {k: sp.factor(v) for k, v in solution[0].items()}
    cov = sp.Matrix([[sol[pvv], sol[pvx]], [sol[pvx], sol[pxx]]])
    symbols = {"eta": eta, "lambda": lam, "beta": beta, "sigma": sigma, "B": B}
    return CovarianceDerivation(symbols, equations, cov, sol[pxx])


@functools.lru_cache(maxsize=None)
def _closed_form_functions():
    import sympy as sp

    d = derive_stationary_covariance()
    args = [d.symbols[k] for k in ("eta", "lambda", "beta", "sigma", "B")]
    return tuple(sp.lambdify(args, d.covariance[i, j], modules="numpy")
                 for i, j in ((0, 0), (0, 1), (1, 1)))


def _noise_arguments(eta, lam, beta, sigma, batch_size):
    eta = _v.real_array(eta, "eta")
    lam = _v.real_array(lam, "lam")
    beta = _v.momentum_beta(beta)
    sigma = _v.real_array(sigma, "sigma")
    batch = _v.real_array(batch_size, "batch_size")
    if np.any(sigma < 0):
        raise ValueError("sigma must be >= 0")
    if np.any(batch < 1):
        raise ValueError("batch_size must be >= 1")
    _noise_variance_in_range(sigma)
    return eta, lam, beta, sigma, batch


def _noise_variance_in_range(sigma):
    """Refuse a sigma whose square (the noise variance) overflows, naming it."""
    with np.errstate(over="ignore"):
        if not np.all(np.isfinite(np.square(sigma))):
            raise ValueError("sigma must be below ~1.3e154: the noise variance sigma**2 "
                             "overflows float64")


def _require_stable(eta, lam, beta, lam_name="lam"):
    with np.errstate(over="ignore", invalid="ignore"):
        h = eta * lam
    if not np.all(np.isfinite(h)):
        raise ValueError(f"no stationary distribution: eta * {lam_name} overflows float64 "
                         f"(need 0 < eta*{lam_name} < 2 + 2*beta)")
    # Exact membership in 0 < eta*lambda < 2 + 2 beta (of the rounded product).
    bad = ~np.asarray(in_region(h, beta)) | ~(np.asarray(lam) > 0)
    if np.any(bad):
        i = np.argmax(np.broadcast_to(bad, np.broadcast(h, beta, lam).shape))
        hb = np.broadcast_arrays(h, beta, lam)
        hh, bb, ll = (float(a.ravel()[i]) for a in hb)
        raise ValueError(
            f"no stationary distribution at eta*lambda = {hh:g}, beta = {bb:g}, "
            f"{lam_name} = {ll:g}: need {lam_name} > 0 and 0 < eta*lambda < 2 + 2*beta "
            "(spectral radius < 1)")


def stationary_covariance(eta, lam, beta, sigma=1.0, batch_size=1):
    r"""Stationary covariance of :math:`(v, x)` from ``scipy.linalg.solve_discrete_lyapunov``.

    Parameters
    ----------
    eta, lam, beta : array_like
        Step size, curvature (> 0) and momentum; broadcast together and must
        lie in the stability region :math:`0 < \eta\lambda < 2 + 2\beta`.
    sigma : array_like
        Standard deviation of one example's gradient noise.
    batch_size : array_like
        Minibatch size :math:`B`; the gradient noise variance is :math:`\sigma^2/B`.

    Returns
    -------
    ndarray, shape (..., 2, 2)
        :math:`P`, rows/columns ordered ``(v, x)``.

    Raises
    ------
    ValueError
        Outside the stability region (there is no stationary distribution).

    Examples
    --------
    >>> P = stationary_covariance(0.1, 1.0, 0.5, sigma=1.0)
    >>> round(float(P[1, 1]), 10)   # eta*sigma^2*(1+beta) / (lam*(1-beta)*(2+2beta-eta*lam))
    0.1034482759
    """
    from scipy.linalg import solve_discrete_lyapunov

    eta, lam, beta, sigma, batch = _noise_arguments(eta, lam, beta, sigma, batch_size)
    _require_stable(eta, lam, beta)
    shape = np.broadcast(eta, lam, beta, sigma, batch).shape
    R = np.broadcast_to(transition_matrix(eta, lam, beta), shape + (2, 2)).reshape(-1, 2, 2)
    e = np.broadcast_to(eta, shape).ravel()
    q = np.broadcast_to(sigma ** 2 / batch, shape).ravel()
    out = np.empty((R.shape[0], 2, 2))
    for k in range(R.shape[0]):
        w = np.array([1.0, -e[k]])
        out[k] = solve_discrete_lyapunov(R[k], q[k] * np.outer(w, w))
    return out.reshape(shape + (2, 2))


def stationary_variance(eta, lam, beta, sigma=1.0, batch_size=1):
    r"""Stationary variance of the iterate, from the SymPy-derived closed form.

    Parameters
    ----------
    eta, lam, beta, sigma, batch_size : array_like
        As in :func:`stationary_covariance`; broadcast like a ufunc.

    Returns
    -------
    float or ndarray
        :math:`\eta\sigma^2(1+\beta) / (B\lambda(1-\beta)(2+2\beta-\eta\lambda))`.

    Examples
    --------
    >>> round(float(stationary_variance(0.1, 1.0, 0.5)), 10)
    0.1034482759
    >>> stationary_variance(0.1, 1.0, 0.0, batch_size=[1, 10])   # sigma^2/B noise
    array([0.05263158, 0.00526316])
    """
    eta, lam, beta, sigma, batch = _noise_arguments(eta, lam, beta, sigma, batch_size)
    _require_stable(eta, lam, beta)
    _, _, pxx = _closed_form_functions()
    out = np.asarray(pxx(eta, lam, beta, sigma, batch), dtype=float)
    out = np.broadcast_to(out, np.broadcast(eta, lam, beta, sigma, batch).shape).copy()
    return _v.scalar_out(out, eta, lam, beta, sigma, batch)


def noise_floor(eta, beta, lams, sigma=1.0, batch_size=1):
    r"""Expected stationary loss :math:`\sum_i \tfrac{\lambda_i}{2}\operatorname{Var}(x_i)`.

    Parameters
    ----------
    eta, beta, batch_size : array_like
        Broadcast together.
    lams : array_like, 1-D
        Curvatures :math:`\lambda_i > 0` of the quadratic (each coordinate gets
        independent noise of variance :math:`\sigma^2/B`).
    sigma : float
        Per-example noise standard deviation.

    Returns
    -------
    float or ndarray
        The floor; ``inf`` where some curvature lies outside the stability
        region (the loss then has no stationary value: it grows).

    Examples
    --------
    >>> round(float(noise_floor(0.01, 0.9, [1.0])), 6)   # ~ eta*sigma^2 / (4 (1 - beta))
    0.025066
    >>> noise_floor([0.1, 0.6], 0.0, [0.2, 4.0])
    array([0.05650253,        inf])
    """
    eta = _v.real_array(eta, "eta")
    beta = _v.momentum_beta(beta)
    batch = _v.real_array(batch_size, "batch_size")
    lams = _v.real_array(lams, "lams")
    if lams.ndim != 1 or lams.size == 0 or np.any(lams <= 0):
        raise ValueError("lams must be a non-empty 1-D array of positive curvatures")
    sigma = _v.real_scalar(sigma, "sigma")
    if sigma < 0:
        raise ValueError("sigma must be >= 0")
    _noise_variance_in_range(sigma)
    if np.any(batch < 1):
        raise ValueError("batch_size must be >= 1")
    eta, beta, batch = _v.broadcast((eta, "eta"), (beta, "beta"), (batch, "batch_size"))
    _, _, pxx = _closed_form_functions()
    total = np.zeros(eta.shape)
    for lam in lams:
        with np.errstate(over="ignore"):
            h = eta * lam
        # An overflowing eta*lambda lies outside the region too: inf, like any other.
        stable = np.isfinite(h) & in_region(np.where(np.isfinite(h), h, 0.0), beta)
        with np.errstate(divide="ignore", invalid="ignore"):
            var = np.asarray(pxx(eta, lam, beta, sigma, batch), dtype=float)
        total = total + np.where(stable, 0.5 * lam * var, np.inf)
    return _v.scalar_out(total, eta, beta, batch)


@dataclass(frozen=True)
class MonteCarloCovariance:
    """A Monte Carlo estimate of the stationary covariance with a confidence interval.

    Attributes
    ----------
    covariance : ndarray, shape (2, 2)
        Mean of :math:`s s^\\top` over the chains (the stationary mean is 0).
    stderr : ndarray, shape (2, 2)
        Standard error of each entry.
    lower, upper : ndarray, shape (2, 2)
        The two-sided confidence interval of each entry.
    confidence : float
        Its level.
    chains, burn_in : int
        Independent chains (one sample each) and the steps run before sampling.
    transient : float
        Upper bound :math:`\\rho^{2T}` on the relative bias left by starting at 0.
    """

    covariance: np.ndarray
    stderr: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    confidence: float
    chains: int
    burn_in: int
    transient: float

    def contains(self, exact) -> bool:
        """Whether every entry of ``exact`` lies inside its confidence interval."""
        exact = np.asarray(exact, dtype=float)
        return bool(np.all((self.lower <= exact) & (exact <= self.upper)))

    # -- display: str() for a terminal, HTML / LaTeX for Jupyter ---------------
    def _head(self) -> str:
        return (f"Monte Carlo stationary covariance of (v, x): {self.chains} chains, "
                f"{self.burn_in} burn-in steps (start-up bias <= {self.transient:.2g})")

    def __str__(self) -> str:
        """The readable form: each entry with its standard error and confidence interval.

        Examples
        --------
        >>> mc = simulate_stationary_covariance(0.1, 1.0, 0.5, chains=4000, seed=1)
        >>> print(str(mc).splitlines()[1])
          P_vv = 1.395 +- 0.03024   99% interval [1.318, 1.473]
        """
        lines = [self._head()]
        for name, ij in (("vv", (0, 0)), ("vx", (0, 1)), ("xx", (1, 1))):
            lines.append(f"  P_{name} = {self.covariance[ij]:.4g} +- {self.stderr[ij]:.4g}   "
                         f"{100 * self.confidence:g}% interval "
                         f"[{self.lower[ij]:.4g}, {self.upper[ij]:.4g}]")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><td>P<sub>{name}</sub></td><td>{self.covariance[ij]:.4g}</td>"
            f"<td>{self.stderr[ij]:.4g}</td><td>[{self.lower[ij]:.4g}, {self.upper[ij]:.4g}]</td></tr>"
            for name, ij in (("vv", (0, 0)), ("vx", (0, 1)), ("xx", (1, 1))))
        head = "".join(f"<th>{h}</th>" for h in
                       ("entry", "estimate", "standard error", f"{100 * self.confidence:g}% interval"))
        return (f"<div><p>{self._head()}</p><table><thead><tr>{head}</tr></thead>"
                f"<tbody>{rows}</tbody></table></div>")

    @staticmethod
    def _latex_number(x) -> str:
        text = f"{x:.4g}".replace("inf", r"\infty")
        if "e" in text:  # 1e-06 -> 1 \cdot 10^{-6}
            mantissa, exponent = text.split("e")
            text = rf"{mantissa} \cdot 10^{{{int(exponent)}}}"
        return text

    def _repr_latex_(self) -> str:
        c, s, num = self.covariance, self.stderr, self._latex_number
        cell = [[f"{num(c[i, j])} \\pm {num(s[i, j])}" for j in range(2)] for i in range(2)]
        return (r"$\hat P = \begin{pmatrix}" + " & ".join(cell[0]) + r" \\ " + " & ".join(cell[1])
                + rf"\end{{pmatrix}}\quad(\pm\ \text{{standard error}},\ {self.chains}"
                + r"\ \text{chains})$")


def simulate_stationary_covariance(eta, lam, beta, sigma=1.0, batch_size=1, *, chains=20000,
                                   burn_in=None, seed=0, confidence=0.99):
    r"""Estimate the stationary covariance of :math:`(v, x)` by simulation.

    Runs ``chains`` independent copies of noisy momentum from :math:`v = x = 0`
    for ``burn_in`` steps and takes the last state of each as one sample.

    Parameters
    ----------
    eta, lam, beta : float
        A point of the stability region.
    sigma, batch_size : float
        Noise: :math:`g = \lambda x + \sigma\xi/\sqrt B`.
    chains : int
        Number of independent samples.
    burn_in : int, optional
        Steps before sampling; default: enough for :math:`\rho^{2T} \le 10^{-6}`
        (the covariance after :math:`T` steps from 0 is
        :math:`P - R^T P (R^T)^\top`).
    seed : int
        Seed of ``numpy.random.default_rng``.
    confidence : float
        Level of the normal-approximation intervals, in (0, 1).

    Returns
    -------
    MonteCarloCovariance

    Examples
    --------
    >>> mc = simulate_stationary_covariance(0.1, 1.0, 0.5, chains=4000, seed=1)
    >>> mc.contains(stationary_covariance(0.1, 1.0, 0.5))
    True
    """
    from scipy.special import ndtri      # the standard normal quantile (what norm.ppf evaluates)

    eta = _v.real_scalar(eta, "eta")
    lam = _v.real_scalar(lam, "lam")
    beta = float(_v.momentum_beta(beta))
    sigma = _v.real_scalar(sigma, "sigma")
    batch = _v.real_scalar(batch_size, "batch_size")
    chains = _v.count(chains, "chains", minimum=10)
    seed = _v.count(seed, "seed")
    confidence = _v.real_scalar(confidence, "confidence")
    if not 0 < confidence < 1:
        raise ValueError("confidence must lie in (0, 1)")
    if sigma < 0 or batch < 1:
        raise ValueError("need sigma >= 0 and batch_size >= 1")
    _noise_variance_in_range(sigma)
    _require_stable(np.asarray(eta), np.asarray(lam), np.asarray(beta))
    rho = float(spectral_radius(eta * lam, beta))
    if burn_in is None:
        burn_in = max(10, math.ceil(math.log(1e-6) / (2.0 * math.log(rho)))) if rho > 0 else 10
    burn_in = _v.count(burn_in, "burn_in", minimum=1)
    if burn_in * chains > 5e8:
        raise ValueError(f"burn_in * chains = {burn_in * chains:.3g} is too much work; "
                         "the point is too close to the edge of the stability region")
    rng = np.random.default_rng(seed)
    scale = sigma / math.sqrt(batch)
    v = np.zeros(chains)
    x = np.zeros(chains)
    for _ in range(burn_in):
        g = lam * x + scale * rng.standard_normal(chains)
        v = beta * v + g
        x = x - eta * v
    s = np.stack([v, x])
    products = s[:, None, :] * s[None, :, :]
    cov = products.mean(axis=-1)
    stderr = products.std(axis=-1, ddof=1) / math.sqrt(chains)
    z = float(ndtri(0.5 + confidence / 2.0))
    return MonteCarloCovariance(cov, stderr, cov - z * stderr, cov + z * stderr,
                                confidence, chains, burn_in, rho ** (2 * burn_in))


@dataclass(frozen=True)
class NoiseFloorEstimate:
    """Monte Carlo estimate of the stationary expected loss.

    Attributes
    ----------
    mean, stderr : float
        Mean of :math:`f(x_T)` over independent chains and its standard error.
    chains, burn_in : int
        Number of chains and steps before the sample.
    """

    mean: float
    stderr: float
    chains: int
    burn_in: int

    def interval(self, z=3.0):
        """``(mean - z*stderr, mean + z*stderr)``."""
        return self.mean - z * self.stderr, self.mean + z * self.stderr

    # -- display: str() for a terminal, HTML / LaTeX for Jupyter ---------------
    def __str__(self) -> str:
        """The readable form: mean +- standard error, the 3-sigma interval, the run's size.

        Examples
        --------
        >>> print(simulate_noise_floor(0.1, 0.5, [1.0], chains=4000, seed=3))
        stationary expected loss 0.0536 +- 0.00116 (3-sigma interval [0.0501, 0.0571]; 4000 chains, 14 burn-in steps)
        """
        lo, hi = self.interval()
        return (f"stationary expected loss {self.mean:.3g} +- {self.stderr:.3g} "
                f"(3-sigma interval [{lo:.3g}, {hi:.3g}]; {self.chains} chains, "
                f"{self.burn_in} burn-in steps)")

    def _repr_html_(self) -> str:
        lo, hi = self.interval()
        head = "".join(f"<th>{h}</th>" for h in ("mean loss", "standard error", "3&sigma; interval",
                                                 "chains", "burn-in steps"))
        row = "".join(f"<td>{v}</td>" for v in (f"{self.mean:.4g}", f"{self.stderr:.4g}",
                                                f"[{lo:.4g}, {hi:.4g}]", self.chains, self.burn_in))
        return ("<div><p>Monte Carlo estimate of the stationary expected loss</p>"
                f"<table><thead><tr>{head}</tr></thead><tbody><tr>{row}</tr></tbody></table></div>")

    def _repr_latex_(self) -> str:
        num = MonteCarloCovariance._latex_number
        return (rf"$\mathbb{{E}}\,f(x_\infty) \approx {num(self.mean)} \pm {num(self.stderr)}"
                rf"\quad({self.chains}\ \text{{chains}})$")


def simulate_noise_floor(eta, beta, lams, sigma=1.0, batch_size=1, *, chains=2000,
                         burn_in=None, seed=0):
    r"""Run minibatch-SGD momentum on :math:`f(x) = \sum_i \tfrac{\lambda_i}{2} x_i^2` and
    measure the loss it settles at.

    Every coordinate gets gradient :math:`\lambda_i x_i + \sigma\xi/\sqrt B`
    with independent :math:`\xi`; chains start at the minimizer and run
    ``burn_in`` steps; :math:`f(x_T)` is averaged over chains.

    Parameters
    ----------
    eta, beta : float
        Step size and momentum, inside the stability region of every :math:`\lambda_i`.
    lams : array_like, 1-D
        Curvatures.
    sigma, batch_size : float
        Noise level and minibatch size.
    chains : int
        Independent chains.
    burn_in : int, optional
        Default: enough for :math:`\rho_{\max}^{2T} \le 10^{-4}`.
    seed : int
        Seed of ``numpy.random.default_rng``.

    Returns
    -------
    NoiseFloorEstimate

    Examples
    --------
    >>> est = simulate_noise_floor(0.1, 0.5, [1.0], chains=4000, seed=3)
    >>> lo, hi = est.interval()
    >>> bool(lo < float(noise_floor(0.1, 0.5, [1.0])) < hi)
    True
    """
    eta = _v.real_scalar(eta, "eta")
    beta = float(_v.momentum_beta(beta))
    lams = _v.real_array(lams, "lams")
    if lams.ndim != 1 or lams.size == 0 or np.any(lams <= 0):
        raise ValueError("lams must be a non-empty 1-D array of positive curvatures")
    sigma = _v.real_scalar(sigma, "sigma")
    batch = _v.real_scalar(batch_size, "batch_size")
    if sigma < 0 or batch < 1:
        raise ValueError("need sigma >= 0 and batch_size >= 1")
    _noise_variance_in_range(sigma)
    chains = _v.count(chains, "chains", minimum=10)
    seed = _v.count(seed, "seed")
    _require_stable(eta * np.ones_like(lams) / 1.0, lams, np.full_like(lams, beta), "lams")
    rho = float(np.max(spectral_radius(eta * lams, beta)))
    if burn_in is None:
        burn_in = max(10, math.ceil(math.log(1e-4) / (2.0 * math.log(rho)))) if rho > 0 else 10
    burn_in = _v.count(burn_in, "burn_in", minimum=1)
    if burn_in * chains * lams.size > 5e8:
        raise ValueError(f"burn_in * chains = {burn_in * chains:.3g} is too much work")
    rng = np.random.default_rng(seed)
    scale = sigma / math.sqrt(batch)
    v = np.zeros((chains, lams.size))
    x = np.zeros((chains, lams.size))
    for _ in range(burn_in):
        g = lams * x + scale * rng.standard_normal(x.shape)
        v = beta * v + g
        x = x - eta * v
    loss = 0.5 * np.sum(lams * x * x, axis=1)
    return NoiseFloorEstimate(float(loss.mean()), float(loss.std(ddof=1) / math.sqrt(chains)),
                              chains, burn_in)
