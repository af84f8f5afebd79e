r"""Checks of the chapter's claims about noisy gradients: what the leaky average buys.

Same conventions as :mod:`momentum_theory.claims.checks_averaging`: each
check takes the statement's content as data and returns a
:class:`~momentum_theory.claims.claim.Verdict`. The model is
:mod:`momentum_theory.noise`: on :math:`f = \tfrac\lambda2 x^2` the gradient
is :math:`\lambda x + \sigma\xi/\sqrt B`, and the stationary variance of the
iterate (the *noise floor*) solves a Lyapunov equation.

Constants
---------
- :data:`MOST` -- what "most of the benefits" allows.

Checks
------
- :func:`check_leaky_like_a_batch` -- the batch size whose averaging the leaky average matches.
"""
from __future__ import annotations

import numpy as np

from momentum_theory.claims._common import sympy, text
from momentum_theory.claims.claim import Verdict
from momentum_theory.claims.namespaces import scalar_namespace

__all__ = ["MOST", "check_leaky_like_a_batch"]

#: "Most of the benefits" of a batch of B: at least half of its variance reduction,
#: that is an equivalent batch within a factor 2 of B.
MOST = 2.0


def _exact_floor(h, beta):
    """Var(x) of the stationary state for lambda = sigma = B = 1, step h: the Lyapunov equations in rationals."""
    sp = sympy()
    R = sp.Matrix([[beta, 1], [-h * beta, 1 - h]])
    w = sp.Matrix([1, -h])
    pvv, pvx, pxx = sp.symbols("p_vv p_vx p_xx")
    P = sp.Matrix([[pvv, pvx], [pvx, pxx]])
    residual = P - R * P * R.T - w * w.T
    solution = sp.solve([residual[0, 0], residual[0, 1], residual[1, 1]], [pvv, pvx, pxx], dict=True)[0]
    return solution[pxx]


def check_leaky_like_a_batch(batch):
    r"""``batch(s)`` (in ``s.beta``): the batch whose averaging benefit the leaky average gives.

    The benefit of averaging a batch of :math:`B` gradients is a noise floor
    :math:`B` times lower at the same step. The fair comparison for momentum
    is plain SGD with the same long-run step :math:`\eta/(1-\beta)` (what a
    steady gradient is moved by); the *equivalent batch* is the ratio of the
    two noise floors, SGD's over momentum's. Computed at
    β = 0.5, 0.9, 0.99 two ways: the stationary Lyapunov equation
    :math:`P = RPR^\top + ww^\top` solved in exact rationals at
    :math:`\eta\lambda = 10^{-6}`, and SciPy's solver
    (:func:`momentum_theory.noise.stationary_covariance`) at
    :math:`\eta\lambda = 10^{-4}`. The claim holds when the claimed batch is within
    :data:`MOST` (a factor 2) of the computed one at every β.

    Parameters
    ----------
    batch : callable
        ``batch(s)``: the claimed equivalent batch size, in ``s.beta``
        (``s`` the scalar namespace).

    Returns
    -------
    Verdict

    Examples
    --------
    >>> check_leaky_like_a_batch(lambda s: 1 / (1 - s.beta)).holds   # a batch of 1/(1 - beta)
    False
    >>> check_leaky_like_a_batch(lambda s: 1).holds                  # no better than one gradient
    True
    """
    sp = sympy()
    from momentum_theory.noise import stationary_covariance
    s = scalar_namespace()
    stated = sp.sympify(batch(s))
    h_small = sp.Rational(1, 10**6)
    rows, ok = [], True
    for btext in ("0.5", "0.9", "0.99"):
        b = sp.Rational(btext)
        bval = float(b)
        exact = _exact_floor(h_small / (1 - b), 0) / _exact_floor(h_small, b)
        hval = 1e-4
        mom = stationary_covariance(hval, 1.0, bval)[1, 1]
        measured = float(stationary_covariance(hval / (1 - bval), 1.0, 0.0)[1, 1] / mom)
        raw = float(mom / stationary_covariance(hval, 1.0, 0.0)[1, 1])
        claimed = float(stated.subs(s.beta, b))
        ok = ok and 1 / MOST <= claimed / measured <= MOST and abs(measured - float(exact)) < 0.01
        rows.append(f"beta = {btext}: equivalent batch {measured:.4g} (exact at eta*lambda = 1e-6: "
                    f"{float(exact):.6f}), stated {claimed:.4g}; at the same raw step the floor is "
                    f"{raw:.3g}x plain SGD's")
    beta = s.beta
    leaky = sp.factor((1 - beta)**2 / (1 - beta**2))
    return Verdict(bool(ok), "equivalent batch = noise floor of plain SGD at step eta/(1 - beta) over "
                             "momentum's at (eta, beta), from SciPy's Lyapunov solver at eta*lambda = "
                             "1e-4 and exact rationals: " + "; ".join(rows) + f"; the leaky average of independent gradients, "
                             f"scaled by (1 - beta), has variance {text(leaky)} sigma^2 -- a smoother "
                             "direction, but the steps are 1/(1 - beta) times longer, so the floor "
                             "does not drop")
