r"""Exercise 1: other (learning rate, momentum) pairs on the chapter's regression task.

The chapter asks what other combinations of learning rate and momentum do.
:func:`exercise_1` sweeps a grid of (lr, β), records the final loss after two
epochs, and tests how far the *effective step* :math:`\text{lr}/(1-\beta)`
explains it, by also running plain SGD at every effective step.

Contents
--------
- :data:`NUMBER`, :data:`TITLE` -- the exercise's number and title.
- :class:`LearningRateSweep` -- the result; ``str()`` is its summary.
- :func:`exercise_1` -- run the sweep.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from momentum_theory import _validation as _v
from momentum_theory.exercises._common import Raw, html_result, html_table

__all__ = ["NUMBER", "TITLE", "LearningRateSweep", "exercise_1"]

NUMBER = 1
TITLE = "Other learning rates and momenta"


@dataclass(frozen=True, kw_only=True, repr=False)
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

    def __str__(self) -> str:
        return self.summary()

    def __repr__(self) -> str:
        return (f"<LearningRateSweep: {self.momenta.size} momenta x {self.lrs.size} lrs on "
                f"{self.data_source}; the effective step explains "
                f"{100 * self.explained_effective_step:.0f}% of the cells>")

    def _repr_html_(self) -> str:
        rows = []
        for i, beta in enumerate(self.momenta):
            cells = []
            for j in range(self.lrs.size):
                if self.diverged[i, j]:
                    cell = "diverged"
                else:
                    cell = f"{self.final_loss[i, j]:.4g}"
                # A cell the effective-step rule misses is marked, as in the heat map.
                cells.append(Raw(f"<strong>{cell}</strong> *") if self.breaks_down[i, j] else cell)
            rows.append([f"{beta:g}", *cells])
        table = html_table(["beta \\ lr", *(f"{lr:.3g}" for lr in self.lrs)], rows)
        note = (f"final loss after training; * = plain SGD at the effective step lr/(1-beta) "
                f"misses it by more than {100 * self.tolerance:.0f}%")
        return html_result(NUMBER, TITLE, [*self.summary().splitlines(), note], table)


_BLOW_UP = 100.0


def _average_ranks(x):
    """Ranks 1..n of a 1-D array, ties sharing their mean rank (``scipy.stats.rankdata``'s default)."""
    order = np.argsort(x, kind="mergesort")
    ranks = np.empty(x.size)
    sorted_x = x[order]
    # Runs of equal values: each gets the mean of the positions it spans.
    starts = np.flatnonzero(np.r_[True, sorted_x[1:] != sorted_x[:-1]])
    ends = np.r_[starts[1:], x.size]
    ranks[order] = np.repeat((starts + ends + 1) / 2.0, ends - starts)
    return ranks


def _rank_correlation(a, b, a_bad, b_bad):
    """Spearman's rank correlation: the correlation coefficient of the average ranks.

    Computed here rather than by ``scipy.stats.spearmanr`` (the same numbers:
    the same ranks into ``numpy.corrcoef``) so the exercises do not import
    ``scipy.stats``, which costs more than the whole computation.
    """
    a = np.where(a_bad, np.inf, a).ravel()
    b = np.where(b_bad, np.inf, b).ravel()
    if a.size < 3 or np.all(a == a[0]) or np.all(b == b[0]):
        return float("nan")
    # inf ranks last, as a run that blew up should.
    a = np.nan_to_num(a, posinf=np.finfo(float).max)
    b = np.nan_to_num(b, posinf=np.finfo(float).max)
    ranked = np.vstack((_average_ranks(a), _average_ranks(b)))
    return float(np.corrcoef(ranked)[1, 0])


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
    return LearningRateSweep(
        lrs=lrs, momenta=momenta, final_loss=loss, effective_step=step,
        sgd_at_effective_step=predicted, optimum=float(optimum), diverged=diverged,
        sgd_diverged=sgd_diverged, log_error=log_error,
        rank_correlation_effective_step=_rank_correlation(loss, predicted, diverged, sgd_diverged),
        rank_correlation_lr=_rank_correlation(loss, sgd_bare, diverged, bare_diverged),
        explained_effective_step=float(1.0 - breaks.mean()),
        explained_lr=float(1.0 - misses(log_bare, bare_diverged).mean()),
        breaks_down=breaks, tolerance=tolerance, data_source=dataset.source)
