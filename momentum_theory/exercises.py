r"""The chapter's four exercises, solved by computation.

Each function returns data (a small frozen dataclass); the pictures are in
:mod:`momentum_theory.plots.noise` and the scripts ``examples/exercise_*.py``.

1. :func:`exercise_1` -- other (lr, momentum) pairs on the regression task:
   final loss after 2 epochs over a grid, and how far the effective step
   :math:`\text{lr}/(1-\beta)` explains it.
2. :func:`exercise_2` -- gradient descent vs momentum on
   :math:`f(x) = \tfrac12\sum_i \lambda_i x_i^2`, :math:`\lambda_i = 2^{-i}`,
   :math:`x_i(0) = 1`: the decay of every component and the steps each needs
   to shrink by :math:`10^{-3}`, simulated and predicted from the rates.
3. :func:`exercise_3` -- minimizer and minimum of
   :math:`h(x) = \tfrac12 x^\top Q x + x^\top c + b`, derived by SymPy,
   confirmed numerically; the reference of :func:`~momentum_theory.answers.check_answer`.
4. :func:`exercise_4` -- momentum with noisy (minibatch) gradients: the noise
   floor against :math:`\eta`, :math:`\beta` and the batch size, exact and
   simulated, and the stationary covariance three ways.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from momentum_theory import _validation as _v

__all__ = [
    "LearningRateSweep", "exercise_1",
    "ComponentDecay", "exercise_2",
    "QuadraticSolution", "exercise_3",
    "NoiseExperiment", "exercise_4",
]


# -- exercise 1 ----------------------------------------------------------------------

@dataclass(frozen=True)
class LearningRateSweep:
    r"""Final training loss over a grid of (lr, momentum), and the effective-step test.

    The effective-step rule says: momentum with ``(lr, beta)`` ends up where
    plain SGD with step :math:`s = \text{lr}/(1-\beta)` ends up. The sweep
    tests it directly by also running plain SGD at every :math:`s`.

    Attributes
    ----------
    lrs, momenta : ndarray
        Grid axes; the arrays below are shaped ``(len(momenta), len(lrs))``.
    final_loss : ndarray
        Loss over the whole data after the last epoch (``inf`` if not finite).
    effective_step : ndarray
        :math:`s = \text{lr}/(1-\beta)`.
    sgd_at_effective_step : ndarray
        Final loss of plain SGD run with step :math:`s` (same seed, same batches):
        the effective-step rule's prediction.
    optimum : float
        The least-squares loss, the floor of every run.
    diverged, sgd_diverged : ndarray of bool
        Momentum runs, and the SGD predictions, that blew up (final loss not
        finite or more than 100 times the starting loss).
    log_error : ndarray
        :math:`\log_{10}` (momentum loss / prediction); NaN where either is not finite.
    rank_correlation_effective_step, rank_correlation_lr : float
        Spearman rank correlation over all cells between the momentum run's
        final loss and plain SGD's at the effective step, resp. at the bare
        lr (ignoring momentum), for comparison. Runs that blew up rank last.
    explained_effective_step, explained_lr : float
        Fraction of all cells predicted within ``tolerance`` by each rule.
    breaks_down : ndarray of bool
        Cells where the prediction is off by more than ``tolerance`` (10 %),
        or where one of the two diverged and the other did not.
    tolerance : float
        The relative error that counts as "explained".
    data_source : str
        Which data set was used.
    """

    lrs: np.ndarray
    momenta: np.ndarray
    final_loss: np.ndarray
    effective_step: np.ndarray
    sgd_at_effective_step: np.ndarray
    optimum: float
    diverged: np.ndarray
    sgd_diverged: np.ndarray
    log_error: np.ndarray
    rank_correlation_effective_step: float
    rank_correlation_lr: float
    explained_effective_step: float
    explained_lr: float
    breaks_down: np.ndarray
    tolerance: float
    data_source: str

    def summary(self) -> str:
        """What the sweep shows, in a few lines."""
        lines = [f"data: {self.data_source}; least-squares optimum {self.optimum:.5f}",
                 f"plain SGD at the effective step lr/(1-beta) predicts "
                 f"{100 * self.explained_effective_step:.0f}% of the cells within "
                 f"{100 * self.tolerance:.0f}% (SGD at the bare lr: {100 * self.explained_lr:.0f}%); "
                 f"rank correlation with the final loss: {self.rank_correlation_effective_step:.3f} "
                 f"(bare lr: {self.rank_correlation_lr:.3f})"]
        for i, beta in enumerate(self.momenta):
            bad = self.breaks_down[i]
            if bad.any():
                steps = ", ".join(f"{s:.3g}" for s in self.effective_step[i][bad])
                lines.append(f"beta = {beta:g}: off by more than {100 * self.tolerance:.0f}% "
                             f"at effective step {steps}")
            else:
                worst = float(np.nanmax(np.abs(self.log_error[i])))
                lines.append(f"beta = {beta:g}: within {100 * (10 ** worst - 1):.1f}% everywhere")
        return "\n".join(lines)


_BLOW_UP = 100.0


def _rank_correlation(a, b, a_bad, b_bad):
    from scipy.stats import spearmanr
    a = np.where(a_bad, np.inf, a).ravel()
    b = np.where(b_bad, np.inf, b).ravel()
    if a.size < 3 or np.all(a == a[0]) or np.all(b == b[0]):
        return float("nan")
    # inf ranks last, as a run that blew up should.
    return float(spearmanr(np.nan_to_num(a, posinf=np.finfo(float).max),
                           np.nan_to_num(b, posinf=np.finfo(float).max)).statistic)


def exercise_1(dataset=None, lrs=None, momenta=(0.0, 0.5, 0.9, 0.99), epochs=2,
               batch_size=10, seed=0, tolerance=0.1):
    r"""Sweep (lr, momentum) on the chapter's regression task; test the effective step.

    Parameters
    ----------
    dataset : Dataset, optional
        Default :func:`momentum_theory.data.default_dataset` (airfoil when
        found, else synthetic).
    lrs : array_like, optional
        Learning rates; default 12 log-spaced values in [0.001, 0.05].
    momenta : sequence of float
        :math:`\beta` values in [0, 1).
    epochs, batch_size, seed : int
        As in :func:`momentum_theory.training.train_momentum` (2, 10, 0).
    tolerance : float
        Relative error of the prediction that still counts as explained.

    Returns
    -------
    LearningRateSweep

    Notes
    -----
    For a constant gradient the velocity tends to :math:`g/(1-\beta)`, so
    momentum moves like plain SGD with step :math:`s = \text{lr}/(1-\beta)`;
    on a quadratic the slow directions (:math:`\eta\lambda \ll (1-\beta)^2`)
    contract like gradient descent with step :math:`s`. The rule fails when
    :math:`\beta` is so large that the run is short compared with the memory
    :math:`1/(1-\beta)` (the velocity never settles and, in the complex
    regime, the rate cannot beat :math:`\sqrt\beta`), and near the edge of
    stability, which for momentum lies at :math:`\text{lr}\,\lambda = 2 + 2\beta`,
    i.e. at :math:`s\lambda = 2(1+\beta)/(1-\beta)`, far beyond SGD's
    :math:`s\lambda = 2`.

    Examples
    --------
    >>> from momentum_theory.data import make_regression_data
    >>> sweep = exercise_1(make_regression_data(), lrs=[0.002, 0.01], momenta=(0.0, 0.5))
    >>> sweep.final_loss.shape, bool(sweep.effective_step[1, 0] == 0.004)
    ((2, 2), True)
    >>> bool(np.all(sweep.sgd_at_effective_step[0] == sweep.final_loss[0]))   # beta = 0
    True
    """
    from momentum_theory import training
    from momentum_theory.data import default_dataset

    dataset = default_dataset() if dataset is None else dataset
    lrs = np.geomspace(0.001, 0.05, 12) if lrs is None else _v.real_array(lrs, "lrs")
    momenta = _v.real_array(momenta, "momenta")
    tolerance = _v.real_scalar(tolerance, "tolerance")
    if lrs.ndim != 1 or lrs.size == 0 or np.any(lrs <= 0):
        raise ValueError("lrs must be a non-empty 1-D array of positive learning rates")
    if momenta.ndim != 1 or momenta.size == 0 or np.any((momenta < 0) | (momenta >= 1)):
        raise ValueError("momenta must be a non-empty 1-D array of values in [0, 1)")
    if tolerance <= 0:
        raise ValueError("tolerance must be > 0")
    runs = {}

    def final(lr, beta):
        key = (float(lr), float(beta))
        if key not in runs:
            run = training.train_momentum(dataset, key[0], key[1], epochs=epochs,
                                          batch_size=batch_size, seed=seed)
            last = run.losses[-1]
            runs[key] = (last if np.isfinite(last) else np.inf, run.losses[0])
        return runs[key]

    step = lrs[None, :] / (1.0 - momenta[:, None])
    shape = step.shape
    loss, start, predicted, sgd_bare = (np.empty(shape) for _ in range(4))
    for i, beta in enumerate(momenta):
        for j, lr in enumerate(lrs):
            loss[i, j], start[i, j] = final(lr, beta)
            # beta = 0 with lr = s is the same run as the beta = 0 row: reuse it.
            predicted[i, j] = final(lr if beta == 0 else step[i, j], 0.0)[0]
            sgd_bare[i, j] = final(lr, 0.0)[0]
    optimum = training.least_squares_loss(dataset)
    # "Diverged": blew up by orders of magnitude. A stable run that rings
    # (beta = 0.99) may end above its start without diverging.
    diverged = ~np.isfinite(loss) | (loss > _BLOW_UP * start)
    sgd_diverged = ~np.isfinite(predicted) | (predicted > _BLOW_UP * start)
    bare_diverged = ~np.isfinite(sgd_bare) | (sgd_bare > _BLOW_UP * start)
    with np.errstate(divide="ignore", invalid="ignore"):
        log_loss = np.where(diverged, np.nan, np.log10(loss))
        log_pred = np.where(sgd_diverged, np.nan, np.log10(predicted))
        log_bare = np.where(bare_diverged, np.nan, np.log10(sgd_bare))
        log_error = np.where(np.isfinite(log_loss) & np.isfinite(log_pred), log_loss - log_pred,
                             np.nan)
    limit = np.log10(1.0 + tolerance)

    def misses(prediction_log, prediction_diverged):
        err = np.abs(np.nan_to_num(log_loss - prediction_log, nan=np.inf))
        return ((diverged != prediction_diverged) | (err > limit)) & ~(diverged & prediction_diverged)

    breaks = misses(log_pred, sgd_diverged)
    return LearningRateSweep(lrs, momenta, loss, step, predicted, float(optimum), diverged,
                             sgd_diverged, log_error,
                             _rank_correlation(loss, predicted, diverged, sgd_diverged),
                             _rank_correlation(loss, sgd_bare, diverged, bare_diverged),
                             float(1.0 - breaks.mean()),
                             float(1.0 - misses(log_bare, bare_diverged).mean()),
                             breaks, tolerance, dataset.source)


# -- exercise 2 ----------------------------------------------------------------------

@dataclass(frozen=True)
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
    return ComponentDecay(lambdas, tol, tuple(settings), settings, trajectories, steps, predicted)


# -- exercise 3 ----------------------------------------------------------------------

@dataclass(frozen=True)
class QuadraticSolution:
    r"""Minimizer and minimum of :math:`h(x) = \tfrac12 x^\top Q x + x^\top c + b`.

    Attributes
    ----------
    derivation : momentum_theory.symbolic.Derivation
        :func:`momentum_theory.symbolic.quadratic` for an explicit symmetric ``n x n`` Q.
    minimizer, minimum : SymPy objects
        Its results: :math:`x^* = -Q^{-1}c` and :math:`b - \tfrac12 c^\top Q^{-1} c`
        written in the entries of Q and c.
    checks_hold : bool
        Every residual of the derivation (minimizer is :math:`-Q^{-1}c`,
        minimum is :math:`b - \tfrac12 c^\top Q^{-1}c`, ...) is zero.
    numeric_error : float
        For a random 6x6 SPD Q: largest difference between SciPy's numerical
        minimisation of h and the closed forms (minimizer and minimum).
    answers_accepted : dict
        Typed forms of the answers and whether :func:`check_answer` accepts them.
    """

    derivation: object
    minimizer: object
    minimum: object
    checks_hold: bool
    numeric_error: float
    answers_accepted: dict


def exercise_3(n=2, seed=0):
    r"""Derive the minimizer and minimum of :math:`h` and confirm them numerically.

    Parameters
    ----------
    n : int
        Size of the symbolic Q (1 to 3 take well under a few seconds).
    seed : int
        Seed of the random numeric instance.

    Returns
    -------
    QuadraticSolution

    Examples
    --------
    >>> s = exercise_3(1)
    >>> s.minimizer, s.minimum
    (Matrix([[-c_1/q_11]]), b - c_1**2/(2*q_11))
    >>> s.checks_hold, s.numeric_error < 1e-6
    (True, True)
    """
    from scipy.optimize import minimize

    from momentum_theory import symbolic
    from momentum_theory.answers import check_answer

    n = _v.count(n, "n", minimum=1)
    seed = _v.count(seed, "seed")
    derivation = symbolic.quadratic(n)
    checks_hold = all(_is_zero(v) for v in derivation.checks.values())

    rng = np.random.default_rng(seed)
    A = rng.standard_normal((6, 6))
    Q = A @ A.T + 6 * np.eye(6)
    c = rng.standard_normal(6)
    b = float(rng.standard_normal())

    def h(x):
        return 0.5 * x @ Q @ x + x @ c + b

    found = minimize(h, np.zeros(6), jac=lambda x: Q @ x + c, method="BFGS",
                     options={"gtol": 1e-12})
    x_star = -np.linalg.solve(Q, c)
    h_star = b - 0.5 * c @ np.linalg.solve(Q, c)
    # float() on both: max(float, np.float64) returns whichever is larger, so
    # without it the type (and the printed form) would depend on rounding.
    error = max(float(np.max(np.abs(found.x - x_star))), float(abs(found.fun - h_star)))
    typed = {("minimizer", "-Q^-1 c"): None, ("minimizer", "-inv(Q)*c"): None,
             ("minimum", "b - c.T*Q^-1*c/2"): None, ("minimum", "b - 1/2 c^T Q^{-1} c"): None}
    accepted = {f"{part}: {text}": check_answer(3, part, text).correct for part, text in typed}
    return QuadraticSolution(derivation, derivation.result["minimizer"],
                             derivation.result["minimum"], checks_hold, error, accepted)


def _is_zero(value):
    import sympy as sp
    if isinstance(value, sp.MatrixBase):
        return all(sp.simplify(e) == 0 for e in value)
    if isinstance(value, (bool, sp.logic.boolalg.BooleanAtom)):
        return bool(value)
    return sp.simplify(value) == 0


# -- exercise 4 ----------------------------------------------------------------------

@dataclass(frozen=True)
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
    return NoiseExperiment(lams, sigma, etas, betas, batch_sizes, exact, lyap, mc, mc_se,
                           batch_eta, batch_beta, batch_exact, batch_mc, batch_se, point,
                           cov_sym, cov_lyap, cov_mc)
