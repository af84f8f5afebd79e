r"""Checks of the chapter's claims about its training experiment on the airfoil data.

Same conventions as :mod:`momentum_theory.claims.checks_averaging`: each
check takes the statement's content as data and returns a
:class:`~momentum_theory.claims.claim.Verdict`. The runs are the chapter's
(:func:`momentum_theory.training.train_momentum`: linear regression,
batches of 10, 2 epochs, loss recorded every 200 examples) on the chapter's
data, the airfoil file the package ships (:func:`momentum_theory.data.load_airfoil`),
over :data:`SEEDS`; the least-squares floor is subtracted from every loss.

Constants
---------
- :data:`SEEDS` -- the seeds each setting is run with.
- :data:`SIMILAR` -- what "a very similar trajectory" allows.

Checks
------
- :func:`check_training_order` -- one (lr, momentum) setting ends closer to the optimum than another.
- :func:`check_under_control` -- a setting keeps its steps no larger, and its loss no worse, than another.
- :func:`check_framework_rule` -- a framework's momentum rule retraces the chapter's own.

Update rules (one step on one parameter, the form ``check_framework_rule`` takes)
-------------------------------------------------------------------------------
- :func:`chapter_rule` -- the chapter's ``sgd_momentum``.
- :func:`pytorch_sgd` -- ``torch.optim.SGD`` as its documentation states it, in NumPy.
"""
from __future__ import annotations

import functools
import math

import numpy as np

from momentum_theory.claims.claim import Verdict

__all__ = ["SEEDS", "SIMILAR", "check_training_order", "check_under_control", "check_framework_rule",
           "chapter_rule", "pytorch_sgd"]

#: Every setting is trained once per seed (initial weights and batch order).
SEEDS = (0, 1, 2, 3, 4)
#: "A very similar trajectory": recorded losses within 1% of each other.
SIMILAR = 0.01


@functools.lru_cache(maxsize=1)
def _airfoil():
    from momentum_theory.data import load_airfoil
    from momentum_theory.training import least_squares_loss
    data = load_airfoil()
    return data, least_squares_loss(data)


def _excess(lr, momentum):
    """Per seed: the mean of the last 5 recorded losses (the last 800 examples) above the floor."""
    return np.array(_excess_runs(float(lr), float(momentum)))


@functools.lru_cache(maxsize=16)
def _excess_runs(lr, momentum):
    from momentum_theory.training import train_momentum
    data, floor = _airfoil()
    return tuple(float(train_momentum(data, lr, momentum, seed=s).losses[-5:].mean() - floor)
                 for s in SEEDS)


def _predicted_floor(lr, momentum):
    """The stationary noise floor of the same (lr, momentum) on the problem's Hessian, unit noise."""
    from momentum_theory.noise import noise_floor
    data, _ = _airfoil()
    A = np.column_stack([data.features, np.ones(data.n)])
    return float(noise_floor(lr, momentum, np.linalg.eigvalsh(A.T @ A / data.n)))


def check_training_order(formula):
    r"""``formula = dict(better=(lr, momentum), worse=(lr, momentum))``: ``better`` converges better.

    "Converges better": the loss at the end of the run (mean of the last 5
    recordings) is closer to the least-squares floor, on average over
    :data:`SEEDS` and for at least 4 of the 5 seeds. The second route is the
    theory: the stationary noise floor of each setting on the problem's own
    Hessian (:func:`momentum_theory.noise.noise_floor`, noise of one size in
    every direction) must order the two the same way.

    Parameters
    ----------
    formula : dict
        ``better`` and ``worse``: ``(lr, momentum)`` pairs.

    Returns
    -------
    Verdict

    Examples
    --------
    >>> check_training_order(dict(better=(0.005, 0.9), worse=(0.01, 0.9))).holds
    True
    """
    better, worse = formula["better"], formula["worse"]
    eb, ew = _excess(*better), _excess(*worse)
    wins = int(np.sum(eb < ew))
    pb, pw = _predicted_floor(*better), _predicted_floor(*worse)
    ok = eb.mean() < ew.mean() and wins >= 4 and pb < pw
    data, floor = _airfoil()
    return Verdict(bool(ok), f"{data.source}: final loss above the floor {floor:.4f}, mean over seeds "
                             f"{list(SEEDS)}: {eb.mean():.4g} for (lr, momentum) = {better}, "
                             f"{ew.mean():.4g} for {worse} (ratio {ew.mean() / eb.mean():.3g}; "
                             f"{wins} of {len(SEEDS)} seeds agree); stationary noise floors on the "
                             f"problem's Hessian: ratio {pw / pb:.3g}")


def check_under_control(formula):
    r"""``formula = dict(run=(lr, momentum), reference=(lr, momentum))``: ``run`` is kept under control.

    "Under control" relative to ``reference``: the long-run step
    :math:`\text{lr}/(1-\beta)` (what a steady gradient is multiplied by) is
    no larger, and the loss at the end (mean over :data:`SEEDS` of the last 5
    recordings, above the floor) no worse.

    Parameters
    ----------
    formula : dict
        ``run`` and ``reference``: ``(lr, momentum)`` pairs.

    Returns
    -------
    Verdict

    Examples
    --------
    >>> check_under_control(dict(run=(0.004, 0.9), reference=(0.02, 0.5))).holds
    True
    """
    run, ref = formula["run"], formula["reference"]
    step_run, step_ref = run[0] / (1 - run[1]), ref[0] / (1 - ref[1])
    er, eref = _excess(*run).mean(), _excess(*ref).mean()
    smaller = step_run <= step_ref * (1 + 1e-12)
    ok = smaller and er <= eref
    return Verdict(bool(ok), f"long-run step lr/(1 - momentum): {step_run:.4g} for {run} vs {step_ref:.4g} "
                             f"for {ref}; final loss above the floor (mean over {len(SEEDS)} seeds): "
                             f"{er:.4g} vs {eref:.4g}",
                   None if ok else (r"\text{lr} = %.3g \text{ keeps the long-run step at } %.3g"
                                    % (ref[0] / (1 - ref[1]) * (1 - run[1]), step_ref)))


def chapter_rule(param, buf, grad, lr, momentum, first):
    """The chapter's ``sgd_momentum``: v = momentum v + g; p = p - lr v (v starts at 0).

    Parameters
    ----------
    param, buf, grad : ndarray
        The parameter, its velocity, its gradient.
    lr, momentum : float
    first : bool
        Whether this is the first step (not used: v starts at 0).

    Returns
    -------
    (ndarray, ndarray)
        The new parameter and velocity.

    Examples
    --------
    >>> import numpy as np
    >>> p, v = chapter_rule(np.array([1.0]), np.array([2.0]), np.array([0.5]), 0.1, 0.9, False)
    >>> p.tolist(), v.tolist()
    ([0.77], [2.3])
    """
    buf = momentum * buf + grad
    return param - lr * buf, buf


def pytorch_sgd(param, buf, grad, lr, momentum, first, dampening=0.0, nesterov=False):
    r"""One step of ``torch.optim.SGD`` (no weight decay) as its documentation gives it, in NumPy.

    :math:`b_1 = g_1`; then :math:`b_t = \mu b_{t-1} + (1 - \tau) g_t`
    (:math:`\tau` = ``dampening``); the step is :math:`g_t + \mu b_t` with
    ``nesterov``, else :math:`b_t`; :math:`\theta_t = \theta_{t-1} - \gamma\,\text{step}`.
    No framework is imported.

    Parameters
    ----------
    param, buf, grad : ndarray
        The parameter, its momentum buffer, its gradient.
    lr, momentum : float
        :math:`\gamma` and :math:`\mu`.
    first : bool
        The first step: the buffer starts at the gradient.
    dampening : float
        :math:`\tau` (PyTorch's default 0).
    nesterov : bool
        PyTorch's default False.

    Returns
    -------
    (ndarray, ndarray)
        The new parameter and buffer.

    Examples
    --------
    >>> import numpy as np
    >>> p, b = pytorch_sgd(np.array([1.0]), np.array([2.0]), np.array([0.5]), 0.1, 0.9, False)
    >>> p.tolist(), b.tolist()            # the chapter's rule, to the last bit
    ([0.77], [2.3])
    """
    buf = np.array(grad, dtype=float) if first else momentum * buf + (1 - dampening) * grad
    step = grad + momentum * buf if nesterov else buf
    return param - lr * step, buf


def _train_with(rule, lr, momentum, seed):
    """train_momentum's loop with the update replaced by ``rule``; returns the recorded losses."""
    data, _ = _airfoil()
    X, y = data.features, data.targets
    n, d = X.shape
    rng = np.random.default_rng(seed)
    params = [rng.normal(0.0, 0.01, size=d), np.zeros(1)]
    bufs = [np.zeros(d), np.zeros(1)]
    losses, seen, first = [], 0, True

    def loss():
        r = X @ params[0] + params[1][0] - y
        return 0.5 * float(np.mean(r * r))

    losses.append(loss())
    for _ in range(2):
        order = rng.permutation(n)
        for start in range(0, n, 10):
            batch = order[start:start + 10]
            residual = X[batch] @ params[0] + params[1][0] - y[batch]
            grads = [X[batch].T @ residual / len(batch), np.array([residual.mean()])]
            for i in range(2):
                params[i], bufs[i] = rule(params[i], bufs[i], grads[i], lr, momentum, first)
            first = False
            before, seen = seen, seen + len(batch)
            if seen // 200 > before // 200:
                losses.append(loss())
    return np.array(losses)


def check_framework_rule(rule):
    r"""``rule`` (a framework's documented momentum update) retraces the chapter's training run.

    ``rule(param, buf, grad, lr, momentum, first) -> (param, buf)`` is one
    step of the framework's optimizer on one parameter (``first``: the first
    step, when a framework may initialise its buffer). It is run in the
    chapter's loop (same initial weights, same batches, (lr, momentum) =
    (0.005, 0.9), seeds :data:`SEEDS`) and must give recorded losses within
    :data:`SIMILAR` (1%) of :func:`momentum_theory.training.train_momentum`.
    The loop itself is checked first: with the chapter's own rule it
    reproduces ``train_momentum`` to 1e-12.

    Parameters
    ----------
    rule : callable
        The framework's update, re-implemented in NumPy (see above).

    Returns
    -------
    Verdict

    Examples
    --------
    >>> check_framework_rule(pytorch_sgd).holds
    True
    >>> check_framework_rule(lambda *a: pytorch_sgd(*a, dampening=0.9)).holds   # an averaging buffer
    False
    """
    from momentum_theory.training import train_momentum
    data, _ = _airfoil()
    harness = gap = 0.0
    for seed in SEEDS:
        reference = train_momentum(data, 0.005, 0.9, seed=seed).losses
        harness = max(harness, float(np.max(np.abs(_train_with(chapter_rule, 0.005, 0.9, seed) - reference))))
        with np.errstate(over="ignore", invalid="ignore"):
            losses = _train_with(rule, 0.005, 0.9, seed)
        rel = np.abs(losses - reference) / reference
        gap = max(gap, float(np.max(rel)) if np.all(np.isfinite(rel)) else math.inf)
    ok = harness < 1e-12 and gap <= SIMILAR
    return Verdict(bool(ok), f"(lr, momentum) = (0.005, 0.9) on {data.source}, seeds {list(SEEDS)}: "
                             f"largest relative gap between the rule's loss curve and the chapter's "
                             f"{gap:.2e} ({100 * SIMILAR:g}% allowed); the loop with the chapter's own "
                             f"rule reproduces training.train_momentum to {harness:.1e}")
