r"""Checks of the chapter's claims on leaky averages and the effective weight.

Every check takes the *statement's formula as data* -- a value, or a callable
that builds the chapter's expression from
:func:`~momentum_theory.claims.namespaces.scalar_namespace` -- and compares
it with what is derived here or in :mod:`momentum_theory.symbolic`, by at
least two independent routes. A check never knows which answer the chapter
gave: hand it a corrected formula and the same check passes. Each returns a
:class:`~momentum_theory.claims.claim.Verdict`.

Checks
------
- :func:`check_minibatch_gradient` -- the minibatch gradient is the mean of per-sample gradients.
- :func:`check_leaky_two_step` -- :math:`v_t` after substituting the recursion twice.
- :func:`check_leaky_unrolled` -- :math:`v_t = \sum_\tau \beta^\tau g_{t-\tau}`.
- :func:`check_geometric_total` -- the weights :math:`\beta^\tau` sum to :math:`1/(1-\beta)`.
- :func:`check_effective_step` -- under a constant gradient the step tends to :math:`\eta/(1-\beta)`.
- :func:`check_effective_count` -- :math:`1/(1-\beta)` for a given β, in exact rationals.
- :func:`check_effective_sample_size` -- how many independent gradients the leaky average is worth.
- :func:`check_averaging_horizon` -- large β averages far back, small β barely changes the gradient.
- :func:`check_minibatch_variance` -- the variance of a minibatch mean, against the batch size.
"""
from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from momentum_theory.claims._common import sympy, text
from momentum_theory.claims.claim import Verdict
from momentum_theory.claims.namespaces import scalar_namespace

__all__ = [
    "check_minibatch_gradient", "check_leaky_two_step", "check_leaky_unrolled",
    "check_geometric_total", "check_effective_step", "check_effective_count",
    "check_effective_sample_size", "check_averaging_horizon", "check_minibatch_variance",
]


def check_minibatch_gradient(weight):
    r"""The minibatch gradient is :math:`\sum_i w(|B|)\, h_i` with per-sample gradients :math:`h_i`.

    ``weight(s)`` gives the coefficient of each per-sample gradient in terms
    of ``s.B``; the reference differentiates the batch mean of undefined
    per-sample losses :math:`f(x_i, w)`, :math:`w \in \mathbb{R}^2`, for
    :math:`|B| = 1, \dots, 4`.

    Parameters
    ----------
    weight : callable
        ``weight(s)``: the coefficient of each per-sample gradient, in ``s.B``
        (``s`` the scalar namespace).

    Returns
    -------
    Verdict

    Examples
    --------
    >>> check_minibatch_gradient(lambda s: 1 / s.B).holds
    True
    >>> check_minibatch_gradient(lambda s: 1).holds
    False
    """
    sp = sympy()
    s = scalar_namespace()
    w = sp.symbols("w_1 w_2", real=True)
    f = sp.Function("f")
    bad = []
    for size in range(1, 5):
        losses = [f(sp.Symbol(f"x_{i}"), *w) for i in range(size)]
        coeff = sp.sympify(weight(s)).subs(s.B, size)
        for wj in w:
            lhs = sp.diff(sp.Add(*losses) / size, wj)
            rhs = coeff * sp.Add(*(sp.diff(L, wj) for L in losses))
            d = sp.expand(lhs - rhs)  # linear in the derivatives: expand decides zero
            if d != 0:
                bad.append((size, wj, d))
    if bad:
        size, wj, d = bad[0]
        return Verdict(False, f"with |B| = {size}: d/d{wj} of the batch mean minus the stated "
                              f"combination = {text(d)} (not 0)")
    return Verdict(True, "d/dw of the batch-mean loss minus the stated combination of per-sample "
                         "gradients simplifies to 0 for |B| = 1..4 (losses as undefined SymPy "
                         "functions of w in R^2)")


def check_leaky_two_step(formula):
    r"""Two substitutions of :math:`v_t = \beta v_{t-1} + g_t` give ``formula(s)``.

    Parameters
    ----------
    formula : callable
        ``formula(s)``: :math:`v_t` in ``s.v_tm2``, ``s.g_tm1``, ``s.g_t`` and
        ``s.beta`` (``s`` the scalar namespace).

    Returns
    -------
    Verdict

    Examples
    --------
    >>> check_leaky_two_step(lambda s: s.beta**2 * s.v_tm2 + s.beta * s.g_tm1 + s.g_t).holds
    True
    """
    sp = sympy()
    s = scalar_namespace()
    v_tm1 = s.beta * s.v_tm2 + s.g_tm1
    v_t = s.beta * v_tm1 + s.g_t
    d = sp.expand(v_t - formula(s))
    if d == 0:
        return Verdict(True, f"substituting the recursion twice gives v_t = {sp.expand(v_t)}; "
                             "the stated form minus it expands to 0")
    return Verdict(False, f"substituting the recursion twice gives v_t = {sp.expand(v_t)}; "
                          f"the difference is {text(-d)}")


def check_leaky_unrolled(weight):
    r"""With :math:`v_0 = 0`, :math:`v_t = \sum_{\tau=0}^{t-1} w(\tau)\, g_{t-\tau}` for ``weight(s)`` in ``s.tau``.

    References: :func:`momentum_theory.symbolic.leaky_average` unrolled by
    substitution for :math:`t = 1..8`, and a float loop over 60 random
    gradients at :math:`\beta = 0.9`.

    Parameters
    ----------
    weight : callable
        ``weight(s)``: the weight of :math:`g_{t-\tau}`, in ``s.tau`` and
        ``s.beta`` (``s`` the scalar namespace).

    Returns
    -------
    Verdict

    Examples
    --------
    >>> check_leaky_unrolled(lambda s: s.beta**s.tau).holds
    True
    >>> check_leaky_unrolled(lambda s: s.beta**(s.tau + 1)).holds
    False
    """
    sp = sympy()
    from momentum_theory.symbolic import leaky_average
    from momentum_theory.symbolic.averaging import g
    s = scalar_namespace()
    w = sp.sympify(weight(s))
    for T in range(1, 9):
        unrolled = leaky_average(T).result
        stated = sp.Add(*(w.subs(s.tau, k) * g[T - k] for k in range(T)))
        d = sp.expand(unrolled - stated)
        if d != 0:
            return Verdict(False, f"at t = {T}: unrolling the recursion gives {text(unrolled)}, "
                                  f"the stated sum gives {text(sp.expand(stated))}")
    rng = np.random.default_rng(0)
    grads = rng.standard_normal(60)
    v = 0.0
    for gk in grads:
        v = 0.9 * v + gk
    weights = np.array([float(w.subs({s.tau: k, s.beta: sp.Rational(9, 10)})) for k in range(60)])
    summed = float(np.dot(weights, grads[::-1]))
    if not math.isclose(v, summed, rel_tol=1e-12, abs_tol=1e-12):
        return Verdict(False, f"float loop at beta = 0.9, t = 60 gives {v!r}, the sum {summed!r}")
    return Verdict(True, "equals the recursion unrolled by substitution (symbolic.leaky_average) "
                         f"for t = 1..8, and a float loop at beta = 0.9, t = 60 ({v:.12g} vs {summed:.12g})")


def check_geometric_total(formula):
    r"""The weights :math:`\beta^\tau` add up to ``formula(s)`` for :math:`|\beta| < 1`.

    References: :func:`momentum_theory.symbolic.effective_weight` and
    compensated partial sums (``math.fsum``, 4000 terms) at four values of β.

    Parameters
    ----------
    formula : callable
        ``formula(s)``: the claimed sum, in ``s.beta`` (``s`` the scalar namespace).

    Returns
    -------
    Verdict

    Examples
    --------
    >>> check_geometric_total(lambda s: 1 / (1 - s.beta)).holds
    True
    >>> check_geometric_total(lambda s: s.beta / (1 - s.beta)).holds
    False
    """
    sp = sympy()
    from momentum_theory.symbolic import effective_weight
    s = scalar_namespace()
    stated = sp.sympify(formula(s))
    derived = effective_weight().result
    d = sp.simplify(derived - stated)
    rows = []
    ok = d == 0
    for bval in (0.25, 0.5, 0.9, 0.95):
        total = math.fsum(bval**k for k in range(4000))
        value = float(stated.subs(s.beta, bval))
        rows.append(f"beta={bval}: sum={total:.12g}, stated={value:.12g}")
        ok = ok and math.isclose(total, value, rel_tol=1e-12)
    head = (f"SymPy summation gives {derived} (for |beta| < 1); stated minus derived = {text(d)}")
    return Verdict(bool(ok), head + "; partial sums: " + "; ".join(rows))


def check_effective_step(formula):
    r"""Under a constant gradient :math:`g` the step tends to ``formula(s)`` times :math:`g`.

    References: ``rsolve`` of :math:`v_t = \beta v_{t-1} + g`, :math:`v_0 = 0`,
    and its limit for :math:`\beta = 1/(1+k) \in (0, 1)`; and
    :func:`momentum_theory.dynamics.heavy_ball` on :math:`f(x) = g x`.

    Parameters
    ----------
    formula : callable
        ``formula(s)``: the claimed limit of the step per unit gradient, in
        ``s.eta`` and ``s.beta`` (``s`` the scalar namespace).

    Returns
    -------
    Verdict

    Examples
    --------
    >>> check_effective_step(lambda s: s.eta / (1 - s.beta)).holds
    True
    """
    sp = sympy()
    from momentum_theory.dynamics import heavy_ball
    s = scalar_namespace()
    vf = sp.Function("v")
    k = sp.Symbol("k", positive=True)
    v_t = sp.rsolve(vf(s.t + 1) - s.beta * vf(s.t) - s.g, vf(s.t), {vf(0): 0})
    limit = sp.limit(v_t.subs(s.beta, 1 / (1 + k)), s.t, sp.oo)
    step = sp.simplify(s.eta * limit / s.g)
    stated = sp.sympify(formula(s))
    d = sp.simplify(step - stated.subs(s.beta, 1 / (1 + k)))
    eta, beta, gval = 0.05, 0.8, 2.0
    path = heavy_ball(lambda x: np.full_like(x, gval), [0.0], eta, beta, 400).ravel()
    sim = -(path[-1] - path[-2]) / gval
    value = float(stated.subs({s.eta: eta, s.beta: beta}))
    ok = d == 0 and math.isclose(sim, value, rel_tol=1e-9)
    return Verdict(bool(ok), f"v_t = {v_t}; as t -> oo the step eta*v_t/g -> "
                             f"{sp.simplify(step.subs(k, 1 / s.beta - 1))}"
                             f" (stated minus derived: {text(d)}); heavy_ball with eta = {eta}, "
                             f"beta = {beta}: step/g after 400 steps = {sim:.12g}, stated {value:.12g}")


def check_effective_count(formula):
    r"""``formula = (beta_text, claimed)``: :math:`1/(1-\beta)` equals ``claimed`` exactly.

    Parameters
    ----------
    formula : (str, number)
        ``(beta_text, claimed)``: β as a decimal string, and the claimed
        :math:`1/(1-\beta)`.

    Returns
    -------
    Verdict

    Examples
    --------
    >>> check_effective_count(("0.9", 10)).holds, check_effective_count(("0.95", 19)).holds
    (True, False)
    """
    sp = sympy()
    from momentum_theory.symbolic import effective_weight
    beta_text, claimed = formula
    exact = 1 / (1 - Fraction(beta_text))
    derived = effective_weight().result.subs(scalar_namespace().beta, sp.Rational(beta_text))
    ok = exact == Fraction(claimed) and derived == sp.Rational(claimed)
    return Verdict(bool(ok), f"1/(1 - {beta_text}) = {exact} in exact rationals, {derived} from "
                             f"symbolic.effective_weight (floating point gives "
                             f"{1 / (1 - float(beta_text))!r}); stated {claimed}")


def check_effective_sample_size(formula):
    r"""``formula = (beta_text, claimed)``: the leaky average is worth ``claimed`` independent gradients.

    An *effective sample size* is the number of independent, equally weighted
    samples whose mean has the same variance as the weighted mean (Kish's
    :math:`(\sum w)^2 / \sum w^2`). For the weights :math:`\beta^\tau` it is
    :math:`(1+\beta)/(1-\beta)`; the sum of the weights, :math:`1/(1-\beta)`,
    is how much a *constant* gradient is amplified, a different number.
    References: the SymPy summation of :func:`momentum_theory.symbolic.effective_weight`
    (at β and at β², for the squares), exact rationals at the given β, and
    the variance recursion :math:`V_t = \beta^2 V_{t-1} + 1` iterated
    in exact rationals.

    Parameters
    ----------
    formula : (str, number)
        ``(beta_text, claimed)``: β as a decimal string and the claimed
        effective sample size.

    Returns
    -------
    Verdict

    Examples
    --------
    >>> check_effective_sample_size(("0.9", 19)).holds, check_effective_sample_size(("0.9", 10)).holds
    (True, False)
    """
    sp = sympy()
    s = scalar_namespace()
    beta_text, claimed = formula
    b = sp.Rational(beta_text)
    from momentum_theory.symbolic import effective_weight
    total = effective_weight().result                  # sum_tau beta^tau, by SymPy summation
    squares = total.subs(s.beta, s.beta**2)            # sum_tau (beta^2)^tau
    kish = sp.factor(sp.cancel(total**2 / squares))
    exact = kish.subs(s.beta, b)
    # Second route: Var(v_t) for unit-variance independent gradients, iterated exactly.
    bf = Fraction(beta_text)
    var = Fraction(0)
    for _ in range(400):
        var = bf * bf * var + 1
    limit = Fraction(1) / (1 - bf * bf)
    iterated = (1 / (1 - bf)) ** 2 / var
    ok = (exact == sp.Rational(claimed) and Fraction(claimed) == (1 + bf) / (1 - bf)
          and abs(iterated - Fraction(claimed)) < Fraction(1, 10**6) and abs(var - limit) < Fraction(1, 10**9))
    return Verdict(bool(ok), f"weights beta^tau: sum = {total}, sum of squares = {squares}; effective "
                             f"sample size (sum)^2/(sum of squares) = {kish} = {exact} at beta = "
                             f"{beta_text} (variance recursion iterated 400 times in exact rationals: "
                             f"{float(iterated):.9g}); the sum of the weights alone is "
                             f"{total.subs(s.beta, b)}; stated {claimed}")


def check_averaging_horizon(formula):
    r"""``formula = dict(large_beta=..., small_beta=...)``: what large and small β do to the average.

    ``large_beta`` is ``"long-range"`` (the average reaches far into the
    past) or ``"short-range"``; ``small_beta`` is ``"slight correction"``
    (:math:`v_t` stays close to the gradient :math:`g_t`) or ``"large
    correction"``. Computed: the mean age of the averaged gradients,
    :math:`A(\beta) = \sum_\tau \tau\beta^\tau / \sum_\tau \beta^\tau` (the sum by
    :func:`momentum_theory.symbolic.effective_weight`, the weighted one as
    :math:`\beta\,\partial_\beta` of it), its monotonicity and limits; the largest relative correction
    :math:`|v_t - g_t| / G` over gradients bounded by :math:`G`,
    :math:`\beta/(1-\beta)`; and a float run over 200 random gradients at
    β = 0.05 and 0.95.

    Parameters
    ----------
    formula : dict
        ``large_beta`` and ``small_beta``, the claimed behaviours (see above).

    Returns
    -------
    Verdict

    Examples
    --------
    >>> check_averaging_horizon(dict(large_beta="long-range", small_beta="slight correction")).holds
    True
    >>> check_averaging_horizon(dict(large_beta="short-range", small_beta="slight correction")).holds
    False
    """
    sp = sympy()
    s = scalar_namespace()
    from momentum_theory.symbolic import effective_weight
    q = sp.Symbol("q", positive=True)                       # beta = q / (1 + q) runs over (0, 1)
    weights = effective_weight().result                     # sum_tau beta^tau, by SymPy summation
    ages = s.beta * sp.diff(weights, s.beta)                # sum_tau tau beta^tau
    age = sp.cancel(ages / weights)
    growing = sp.factor(sp.diff(age, s.beta).subs(s.beta, q / (1 + q)))
    increasing = bool(growing.is_positive)
    to_one = sp.limit(age, s.beta, 1, "-")
    to_zero = sp.limit(age, s.beta, 0, "+")
    correction = sp.simplify(weights - 1)                  # sup |v - g| / G = sum_{tau >= 1} beta^tau
    rng = np.random.default_rng(1)
    grads = rng.uniform(-1.0, 1.0, 200)
    measured = {}
    for bval in (0.05, 0.95):
        v, worst = 0.0, 0.0
        for gk in grads:
            v = bval * v + gk
            worst = max(worst, abs(v - gk))
        measured[bval] = worst
    found_large = "long-range" if increasing and to_one == sp.oo else "short-range"
    found_small = ("slight correction" if to_zero == 0 and correction.subs(s.beta, 0) == 0
                   else "large correction")
    ok = formula.get("large_beta") == found_large and formula.get("small_beta") == found_small
    return Verdict(bool(ok), f"mean age of the averaged gradients A(beta) = {age}: increasing on (0, 1): "
                             f"{increasing}, -> {to_one} as beta -> 1, -> {to_zero} as beta -> 0; largest "
                             f"|v_t - g_t| for gradients bounded by G: {correction} G; 200 random "
                             f"gradients in [-1, 1]: max |v - g| = {measured[0.05]:.3g} at beta = 0.05, "
                             f"{measured[0.95]:.3g} at beta = 0.95 -> large beta: {found_large}, small "
                             f"beta: {found_small}; stated {formula}")


def check_minibatch_variance(factor):
    r"""The variance of a minibatch-mean gradient is ``factor(s)`` (in ``s.B``) times one sample's.

    References: SymPy's variance of the mean of :math:`B` independent
    samples, :math:`B = 1..4`; and the chapter's data: the per-sample
    gradients of the loss :math:`\tfrac12(x^\top w + b - y)^2` on the airfoil
    data at :math:`w = 0, b = 0`, whose total variance (trace of the
    covariance) over batches drawn as the training loop draws them
    (shuffle, then consecutive batches; 40 epochs) is compared with
    ``factor`` at :math:`B = 2, 10, 50`, and with the exact
    without-replacement value :math:`\frac{N-B}{B(N-1)}`.

    Parameters
    ----------
    factor : callable
        ``factor(s)``: the claimed ratio, in ``s.B`` (``s`` the scalar namespace).

    Returns
    -------
    Verdict

    Examples
    --------
    >>> check_minibatch_variance(lambda s: 1 / s.B).holds
    True
    >>> check_minibatch_variance(lambda s: 1 / s.B**2).holds
    False
    """
    sp = sympy()
    from momentum_theory.data import load_airfoil
    s = scalar_namespace()
    stated = sp.sympify(factor(s))
    sigma = sp.Symbol("sigma", positive=True)
    sym_bad = []
    for size in range(1, 5):
        # Independent samples of variance sigma^2: Var(sum a_i xi_i) = sum a_i^2 sigma^2.
        coefficients = [sp.Rational(1, size)] * size
        variance = sp.Add(*(a**2 * sigma**2 for a in coefficients))
        if sp.simplify(variance / sigma**2 - stated.subs(s.B, size)) != 0:
            sym_bad.append(size)
    data = load_airfoil()
    A = np.column_stack([data.features, np.ones(data.n)])
    per_sample = A * (-data.targets)[:, None]              # gradient of 1/2 (a.theta - y)^2 at theta = 0
    n = data.n
    one = float(np.sum(per_sample.var(axis=0)))
    rng = np.random.default_rng(0)
    rows = []
    ok = not sym_bad
    for size in (2, 10, 50):
        means = []
        for _ in range(40):
            order = rng.permutation(n)
            usable = (n // size) * size
            means.append(per_sample[order[:usable]].reshape(-1, size, per_sample.shape[1]).mean(axis=1))
        means = np.concatenate(means)
        measured = float(np.sum(means.var(axis=0))) / one
        exact = (n - size) / (size * (n - 1))
        claimed = float(stated.subs(s.B, size))
        close = abs(measured - claimed) <= 0.1 * claimed and abs(measured - exact) <= 0.1 * exact
        ok = ok and close
        rows.append(f"B = {size}: measured {measured:.4g}, exact without replacement {exact:.4g}, "
                    f"stated {claimed:.4g}")
    head = ("Var of the mean of B independent samples / sigma^2 equals the stated factor for "
            "B = 1..4" if not sym_bad else f"Var of the mean of B independent samples / sigma^2 = 1/B "
            f"differs from the stated {stated} at B = {sym_bad}")
    return Verdict(bool(ok), f"{head}; airfoil per-sample gradients at w = 0 (total variance {one:.4g}), "
                             f"batches as in training (10% tolerance): " + "; ".join(rows))
