r"""Convergence on one eigen-direction: :math:`f(x) = \tfrac{\lambda}{2} x^2`.

Gradient descent multiplies :math:`x` by :math:`1 - \eta\lambda` each step.
Momentum acts on the state :math:`(v, x)` through the transition matrix
:math:`R(\beta, \eta, \lambda)`; its characteristic polynomial
:math:`\mu^2 - (1 + \beta - \eta\lambda)\mu + \beta` depends on :math:`\eta`
and :math:`\lambda` only through :math:`h = \eta\lambda`, and the Jury
(Schur–Cohn) conditions on it give the stability region.
"""
from __future__ import annotations

import functools

import sympy as sp
from sympy.polys.matrices import DomainMatrix

from momentum_theory import _validation as _v
from momentum_theory.symbolic.derivation import Derivation, beta, eta, h, lambda_, mu, t, v0, x0

__all__ = ["gd_scalar", "momentum_transition", "momentum_power", "momentum_region"]


def _gradient_of_scalar_quadratic(position):
    return sp.diff(lambda_ * position**2 / 2, position)


@functools.lru_cache(maxsize=1)
def gd_scalar():
    r"""Gradient descent on :math:`f(x) = \tfrac{\lambda}{2}x^2`: closed form and convergence region.

    Returns
    -------
    Derivation
        ``result['solution']`` is :math:`x_t = x_0 (1 - \eta\lambda)^t`, from
        ``rsolve``; ``result['region']`` is :math:`0 < h < 2` in
        :math:`h = \eta\lambda`, from ``reduce_inequalities`` applied to
        :math:`|x_{t+1}/x_t| < 1`. The reduction uses a real symbol ``h``
        rather than the positive :math:`\eta, \lambda`, so that the lower
        end of the interval is derived rather than assumed.

    Examples
    --------
    >>> d = gd_scalar()
    >>> d.result['solution']
    x_0*(-eta*lambda + 1)**t
    >>> d.result['region']
    (0 < h) & (h < 2)
    """
    x = sp.Function("x")
    gradient = _gradient_of_scalar_quadratic(x(t))
    recursion = sp.Eq(x(t + 1), x(t) - eta * gradient)
    solution = sp.rsolve(recursion.lhs - recursion.rhs, x(t), {x(0): x0})
    rate = sp.simplify(solution.subs(t, t + 1) / solution)
    rate_h = rate.subs(lambda_, h / eta)
    condition = sp.Abs(rate_h) < 1
    region = sp.reduce_inequalities([condition], [h])
    return Derivation(
        name="gd_scalar",
        description="gradient descent on f(x) = λ x²/2 in closed form, and when it converges",
        result={"solution": solution, "region": region},
        steps={"gradient": gradient, "recursion": recursion, "solution": solution,
               "rate_per_step": rate, "rate_in_h": rate_h, "h": sp.Eq(h, eta * lambda_),
               "convergence_condition": condition, "region": region},
        checks={"solution_satisfies_recursion":
                sp.simplify((recursion.lhs - recursion.rhs).subs(x(t + 1), solution.subs(t, t + 1))
                            .subs(x(t), solution)),
                "initial_value": solution.subs(t, 0) - x0},
        parameters=(h,),
    )


@functools.lru_cache(maxsize=1)
def momentum_transition():
    r"""The momentum transition matrix :math:`R(\beta, \eta, \lambda)` and its spectrum.

    Starts from the update equations on :math:`f(x) = \tfrac{\lambda}{2}x^2`,

    .. math::

        v_{t+1} = \beta v_t + \lambda x_t, \qquad x_{t+1} = x_t - \eta v_{t+1},

    substitutes the first into the second, and takes the Jacobian of the
    right-hand sides with respect to :math:`(v_t, x_t)`.

    Returns
    -------
    Derivation
        ``result`` has parts ``R``, ``characteristic_polynomial`` (in
        :math:`\mu`), ``eigenvalues`` (a tuple), ``trace``, ``determinant``
        and ``discriminant``. Checks: the update is linear (no constant
        part), the eigenvalues sum to the trace and multiply to the
        determinant.

    Examples
    --------
    >>> d = momentum_transition()
    >>> d.result['R']
    Matrix([
    [     beta,           lambda],
    [-beta*eta, -eta*lambda + 1]])
    >>> d.result['trace'], d.result['determinant']
    (beta - eta*lambda + 1, beta)
    """
    v, x = sp.IndexedBase("v"), sp.IndexedBase("x")
    gradient = _gradient_of_scalar_quadratic(x[t])
    velocity = sp.Eq(v[t + 1], beta * v[t] + gradient)
    position = sp.Eq(x[t + 1], x[t] - eta * v[t + 1])
    substituted = sp.Eq(x[t + 1], sp.expand(position.rhs.subs(v[t + 1], velocity.rhs)))
    rhs = sp.Matrix([velocity.rhs, substituted.rhs])
    state = sp.Matrix([v[t], x[t]])
    R = rhs.jacobian(state)
    charpoly = R.charpoly(mu).as_expr()
    trace, det = R.trace(), sp.factor(R.det())
    discriminant = sp.discriminant(charpoly, mu)
    roots = sp.roots(sp.Poly(charpoly, mu))
    eigenvalues = tuple(sorted(roots, key=sp.default_sort_key))
    return Derivation(
        name="momentum_transition",
        description="the heavy-ball update on f(x) = λ x²/2 as a matrix R on the state (v, x)",
        result={"R": R, "characteristic_polynomial": charpoly, "eigenvalues": eigenvalues,
                "trace": trace, "determinant": det, "discriminant": discriminant},
        steps={"gradient": gradient, "velocity_update": velocity, "position_update": position,
               "position_update_substituted": substituted, "R": R,
               "characteristic_polynomial": charpoly, "trace": trace, "determinant": det,
               "discriminant": discriminant, "eigenvalues": eigenvalues,
               "eigenvalues_in_h": tuple(sp.simplify(e.subs(lambda_, h / eta)) for e in eigenvalues)},
        checks={"update_is_linear": sp.expand(rhs - R * state),
                "two_distinct_roots": sp.Integer(len(roots) - 2),
                "eigenvalue_sum_is_trace": sp.simplify(sum(eigenvalues) - trace),
                "eigenvalue_product_is_determinant":
                    sp.simplify(sp.expand(eigenvalues[0] * eigenvalues[1]) - det)},
    )


def momentum_power(t):
    r"""The ``t``-th power :math:`R^t` of the momentum transition matrix.

    Starting from :math:`(v_0, x_0)`, the state after :math:`t` steps is
    :math:`R^t (v_0, x_0)^\top`.

    Parameters
    ----------
    t : int
        Number of steps, ``>= 0``. Entries are polynomials of degree
        ``t`` in :math:`\beta, \eta, \lambda`; keep it small (< ~30).

    Returns
    -------
    Derivation
        ``result`` is :math:`R^t` with expanded entries; ``steps['state']``
        is :math:`R^t (v_0, x_0)^\top`.

    Examples
    --------
    >>> momentum_power(1).result == momentum_transition().result['R']
    True
    >>> from momentum_theory.symbolic import beta, v0
    >>> momentum_power(2).steps['state'][1].subs({beta: 0, v0: 0})
    x_0*(eta**2*lambda**2 - 2*eta*lambda + 1)
    """
    return _momentum_power(_v.count(t, "t"))


@functools.lru_cache(maxsize=16)
def _momentum_power(n):
    R = sp.Matrix(momentum_transition().result["R"])
    # Polynomial-ring matrices: expanding SymPy expression products instead
    # costs seconds at t = 20.
    ring = DomainMatrix.from_Matrix(R)
    power = (ring**n).to_Matrix()
    # The step-by-step product is an independent route to the same matrix.
    stepwise = DomainMatrix.eye(2, ring.domain)
    for _ in range(n):
        stepwise = ring * stepwise
    stepwise = stepwise.to_Matrix()
    state = sp.Matrix([v0 * power[i, 0] + x0 * power[i, 1] for i in range(2)])
    return Derivation(
        name="momentum_power",
        description=f"R^{n}: the state after {n} momentum steps from (v_0, x_0)",
        result=power,
        steps={"R": R, "state": state},
        checks={"power_equals_repeated_product": (power - stepwise).applyfunc(sp.expand)},
    )


def _as_intervals(region, symbols):
    """Read ``lo < s < hi`` off a conjunction of relations, one interval per symbol."""
    out = []
    for s in symbols:
        lo, hi, lo_open, hi_open = -sp.oo, sp.oo, True, True
        for rel in region.args:
            rel = rel.canonical
            if rel.lhs != s or rel.rhs.has(s):
                continue
            if isinstance(rel, (sp.StrictLessThan, sp.LessThan)):
                hi, hi_open = rel.rhs, isinstance(rel, sp.StrictLessThan)
            elif isinstance(rel, (sp.StrictGreaterThan, sp.GreaterThan)):
                lo, lo_open = rel.rhs, isinstance(rel, sp.StrictGreaterThan)
        out.append(sp.Contains(s, sp.Interval(lo, hi, lo_open, hi_open), evaluate=False))
    return tuple(out)


def _solved(symbol, solutions):
    eqs = tuple(sp.Eq(symbol, s) for s in solutions)
    return eqs[0] if len(eqs) == 1 else eqs


@functools.lru_cache(maxsize=1)
def momentum_region():
    r"""The stability region of momentum, from the Jury (Schur–Cohn) conditions.

    Both roots of a real monic quadratic :math:`\mu^2 + a_1\mu + a_0` lie
    strictly inside the unit circle iff

    .. math::

        |a_0| < 1, \qquad 1 + a_1 + a_0 > 0, \qquad 1 - a_1 + a_0 > 0.

    The coefficients are read off the characteristic polynomial of
    :math:`R` (from :func:`momentum_transition`) written in :math:`h = \eta\lambda`,
    substituted into the conditions, and the system is reduced by
    ``reduce_inequalities``. Where the boundary comes from is recorded too:
    a root crosses :math:`\mu = 1` when :math:`p(1) = 0`, :math:`\mu = -1`
    when :math:`p(-1) = 0`, and a complex pair crosses the circle when
    :math:`a_0 = |\mu|^2 = 1`.

    Returns
    -------
    Derivation
        ``result`` is the region :math:`0 < h < 2 + 2\beta,\ -1 < \beta < 1`
        as a SymPy boolean in ``h`` and ``beta``; ``steps['gd_region']``
        is its :math:`\beta = 0` case :math:`0 < h < 2`.
        :meth:`Derivation.predicate` turns it into a NumPy test
        ``f(eta_lambda, beta)``.

    Examples
    --------
    >>> d = momentum_region()
    >>> d.result
    (-1 < beta) & (0 < h) & (beta < 1) & (h < 2*beta + 2)
    >>> d.steps['gd_region']
    (0 < h) & (h < 2)
    >>> d.predicate()(3.5, [0.5, 0.9])
    array([False,  True])
    """
    charpoly = momentum_transition().result["characteristic_polynomial"]
    in_h = sp.collect(sp.expand(charpoly.subs(lambda_, h / eta)), mu)
    poly = sp.Poly(in_h, mu)
    lead, a1, a0 = poly.all_coeffs()
    A1, A0 = sp.symbols("a_1 a_0", real=True)
    jury = [sp.Abs(A0) < 1, 1 + A1 + A0 > 0, 1 - A1 + A0 > 0]
    applied = [cond.subs({A1: a1, A0: a0}, simultaneous=True) for cond in jury]
    region = sp.reduce_inequalities(applied, [h])
    gd_region = region.subs(beta, 0)
    plus_one = sp.solve(in_h.subs(mu, 1), h)
    minus_one = sp.solve(in_h.subs(mu, -1), h)
    on_circle = sp.solve(sp.Eq(a0, 1), beta)
    # The edges of the reduced region, read off its relations in h.
    edges = sorted({side for rel in region.args if rel.has(h)
                    for side in (rel.lhs, rel.rhs) if not side.has(h)}, key=sp.default_sort_key)
    return Derivation(
        name="momentum_region",
        description="where momentum converges on f(x) = λ x²/2, from the characteristic polynomial",
        result=region,
        steps={"h": sp.Eq(h, eta * lambda_), "characteristic_polynomial": in_h,
               "a_1": a1, "a_0": a0,
               "jury_conditions": sp.And(*jury, evaluate=False),
               "jury_applied": tuple(applied),
               "edge_where_mu_is_1": _solved(h, plus_one),
               "edge_where_mu_is_minus_1": _solved(h, minus_one),
               "edge_where_complex_pair_has_modulus_1": _solved(beta, on_circle),
               "region": region, "region_as_intervals": _as_intervals(region, (h, beta)),
               "gd_region": gd_region},
        checks={"monic": lead - 1,
                # Jury's inequalities and the root-crossing equations must
                # put the edges of the region in the same place.
                "edges_are_root_crossings": sp.Matrix(edges) - sp.Matrix(sorted(
                    plus_one + minus_one, key=sp.default_sort_key)),
                "region_holds_inside": region.subs({h: sp.Rational(1, 2), beta: sp.Rational(1, 2)})},
        parameters=(h, beta),
    )
