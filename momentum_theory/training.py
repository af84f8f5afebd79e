r"""Minibatch SGD with momentum for linear regression: the chapter's experiment.

The chapter trains :math:`\hat y = Xw + b` on the standardised airfoil data
with the loss :math:`\tfrac12(\hat y - y)^2` averaged over each minibatch of
10, for 2 epochs, and draws the loss over the whole data every 200 examples.
:func:`train_momentum` does the same in NumPy; :func:`chapter_runs` runs the
chapter's three settings and plain SGD; :func:`least_squares_loss` gives the
exact optimum (the floor every curve approaches).
"""
from __future__ import annotations

import numbers
from dataclasses import dataclass

import numpy as np

from momentum_theory import _validation as _v
from momentum_theory.data import Dataset, default_dataset

__all__ = [
    "TrainingRun",
    "train_momentum",
    "least_squares_loss",
    "chapter_runs",
    "CHAPTER_SETTINGS",
]

#: The chapter's (lr, momentum) pairs, then plain SGD at the effective step
#: 0.005 / (1 - 0.9) = 0.05 of the last one.
CHAPTER_SETTINGS = ((0.02, 0.5), (0.01, 0.9), (0.005, 0.9), (0.05, 0.0))


@dataclass(frozen=True, eq=False)
class TrainingRun:
    """The loss curve and final parameters of one training run.

    Attributes
    ----------
    lr, momentum : float
        Learning rate and momentum :math:`\\beta` (0: plain SGD).
    examples : ndarray of int
        Examples processed when each loss was recorded (0 first).
    epochs : ndarray
        The same points in epochs (``examples / n``), the x-axis of the chapter's plots.
    losses : ndarray
        Mean :math:`\\tfrac12(\\hat y - y)^2` over the whole data at those points.
    weights : ndarray, shape (d,)
    bias : float
        Final parameters.
    data_source : str
        ``Dataset.source`` of the data trained on.
    """

    lr: float
    momentum: float
    examples: np.ndarray
    epochs: np.ndarray
    losses: np.ndarray
    weights: np.ndarray
    bias: float
    data_source: str

    @property
    def label(self) -> str:
        """A legend label such as ``"lr = 0.005, momentum = 0.9"``."""
        return f"lr = {self.lr:g}, momentum = {self.momentum:g}"

    @property
    def final_loss(self) -> float:
        """The last recorded loss."""
        return float(self.losses[-1])


def _mean_loss(X, y, w, b):
    residual = X @ w + b - y
    return 0.5 * float(np.mean(residual * residual))


def _check_dataset(dataset):
    if not isinstance(dataset, Dataset):
        raise TypeError(f"dataset must be a momentum_theory.data.Dataset, got {type(dataset).__name__}")
    return dataset


def train_momentum(dataset, lr, momentum, epochs=2, batch_size=10, seed=0, record_every=200):
    r"""Minibatch SGD with momentum on linear regression, as in the chapter.

    Parameters
    ----------
    dataset : Dataset
        E.g. :func:`momentum_theory.data.load_airfoil` or
        :func:`~momentum_theory.data.default_dataset`.
    lr : float
        Learning rate, > 0.
    momentum : float
        :math:`\beta` in [0, 1); 0 is plain minibatch SGD.
    epochs : int
        Passes over the data (>= 1; the chapter: 2).
    batch_size : int
        Examples per minibatch (>= 1; the chapter: 10). The last batch of an
        epoch is smaller when it does not divide ``n``.
    seed : int
        Seed of :func:`numpy.random.default_rng`, which draws the initial
        weights and then one shuffle per epoch, in that order.
    record_every : int
        Record the full-data loss each time the count of examples processed
        passes a multiple of this (the chapter: 200), and once at the start.

    Returns
    -------
    TrainingRun

    Notes
    -----
    Model :math:`\hat y = Xw + b`; :math:`w \sim N(0, 0.01^2)`, :math:`b = 0`.
    On each batch :math:`B` with mean loss
    :math:`\ell = \frac{1}{|B|}\sum_{i \in B} \tfrac12(\hat y_i - y_i)^2`,
    each parameter :math:`p \in \{w, b\}` with gradient :math:`g` and its own
    velocity :math:`v` (initially 0) takes

    .. math::

        v \leftarrow \beta v + g, \qquad p \leftarrow p - \text{lr}\, v,

    the chapter's ``sgd_momentum``. This is exactly PyTorch's
    ``torch.optim.SGD(params, lr=lr, momentum=beta, dampening=0)`` (no
    Nesterov, no weight decay), whose buffer starts at the first gradient,
    the same as :math:`\beta \cdot 0 + g`; so the chapter's "concise"
    version with the library optimiser follows the same rule.

    A run whose step size is too large for the data diverges: its losses grow
    to ``inf``/``nan`` instead of raising.

    Examples
    --------
    >>> from momentum_theory.data import make_regression_data
    >>> run = train_momentum(make_regression_data(), lr=0.005, momentum=0.9)
    >>> run.examples[:3].tolist(), float(run.epochs[-1])
    ([0, 200, 400], 2.0)
    >>> bool(run.losses[-1] < 0.3 < run.losses[0])
    True
    """
    dataset = _check_dataset(dataset)
    lr = _v.real_scalar(lr, "lr")
    if lr <= 0:
        raise ValueError(f"lr must be > 0, got {lr}")
    beta = _v.real_scalar(momentum, "momentum")
    if not 0 <= beta < 1:
        raise ValueError(f"momentum must be in [0, 1), got {beta}")
    epochs = _v.count(epochs, "epochs", minimum=1)
    batch_size = _v.count(batch_size, "batch_size", minimum=1)
    record_every = _v.count(record_every, "record_every", minimum=1)
    seed = _v.count(seed, "seed")

    X, y = dataset.features, dataset.targets
    n, d = X.shape
    rng = np.random.default_rng(seed)
    w = rng.normal(0.0, 0.01, size=d)
    b = 0.0
    v_w = np.zeros(d)
    v_b = 0.0

    examples, losses = [0], [_mean_loss(X, y, w, b)]
    seen = 0
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(epochs):
            order = rng.permutation(n)
            for start in range(0, n, batch_size):
                batch = order[start:start + batch_size]
                Xb, yb = X[batch], y[batch]
                residual = Xb @ w + b - yb
                # Gradients of the batch-mean loss 1/2 (y_hat - y)^2.
                g_w = Xb.T @ residual / len(batch)
                g_b = float(np.mean(residual))
                v_w = beta * v_w + g_w
                v_b = beta * v_b + g_b
                w = w - lr * v_w
                b = b - lr * v_b
                before, seen = seen, seen + len(batch)
                if seen // record_every > before // record_every:
                    examples.append(seen)
                    losses.append(_mean_loss(X, y, w, b))
    examples = np.array(examples)
    return TrainingRun(lr, beta, examples, examples / n, np.array(losses), w, float(b),
                       dataset.source)


def least_squares_loss(dataset) -> float:
    r"""The smallest possible mean :math:`\tfrac12(\hat y - y)^2` of a linear model with bias.

    Parameters
    ----------
    dataset : Dataset

    Returns
    -------
    float
        :math:`\min_{w,b} \frac{1}{n}\sum_i \tfrac12(x_i^\top w + b - y_i)^2`,
        from :func:`scipy.linalg.lstsq` on ``[X, 1]``. About 0.2417 on the
        chapter's airfoil data; the floor the training curves approach.

    Examples
    --------
    >>> from momentum_theory.data import Dataset
    >>> import numpy as np
    >>> x = np.array([[0.0], [1.0], [2.0]])
    >>> least_squares_loss(Dataset(x, np.array([1.0, 3.0, 5.0]), "line", None))  # exact fit
    0.0
    >>> round(least_squares_loss(Dataset(x, np.array([0.0, 1.0, 0.0]), "tent", None)), 6)
    0.111111
    """
    from scipy.linalg import lstsq

    dataset = _check_dataset(dataset)
    X, y = dataset.features, dataset.targets
    A = np.column_stack([X, np.ones(len(y))])
    theta, *_ = lstsq(A, y)
    loss = _mean_loss(X, y, theta[:-1], theta[-1])
    # An exact fit leaves rounding-level residuals; report it as exact.
    return 0.0 if loss < 1e-28 * max(1.0, float(np.mean(y * y))) else loss


def chapter_runs(dataset=None, seed=0):
    r"""The chapter's training runs, plus plain SGD for reference.

    Parameters
    ----------
    dataset : Dataset, optional
        Default: :func:`momentum_theory.data.default_dataset` (the airfoil
        data when it can be found without downloading, else synthetic data;
        every run's ``data_source`` says which).
    seed : int
        The same seed for every run: same initial weights, same batch order.

    Returns
    -------
    list of TrainingRun
        ``(lr, momentum)`` = (0.02, 0.5), (0.01, 0.9), (0.005, 0.9), then
        (0.05, 0): plain minibatch SGD with the effective step
        :math:`\text{lr}/(1-\beta) = 0.005/(1-0.9) = 0.05` of the last
        momentum run, so the two take steps of the same long-run size and
        differ only in the averaging. Batch size 10, 2 epochs, loss
        recorded every 200 examples.

    Examples
    --------
    >>> from momentum_theory.data import make_regression_data
    >>> runs = chapter_runs(make_regression_data())
    >>> [(r.lr, r.momentum) for r in runs]
    [(0.02, 0.5), (0.01, 0.9), (0.005, 0.9), (0.05, 0.0)]
    """
    if dataset is None:
        dataset = default_dataset()
    dataset = _check_dataset(dataset)
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise TypeError(f"seed must be an integer, got {type(seed).__name__}")
    return [train_momentum(dataset, lr, beta, seed=seed) for lr, beta in CHAPTER_SETTINGS]
