r"""From an update rule written with SymPy symbols to a method's derivation and polynomials.

A rule ``update(x, x_prev, grad) -> x_next`` is called once with SymPy
symbols: ``grad`` hands back a fresh placeholder :math:`g_k` and records the
point it was asked about, so the rule is captured as

.. math::

    x_{t+1} = A x_t + B x_{t-1} + \sum_k G_k\, \nabla f(P_k x_t + Q_k x_{t-1}),

which :func:`iterate` runs on any gradient. On :math:`f = \tfrac12\lambda x^2`
(``g_k = lambda * (P_k x + Q_k x_prev)``) the rule is
:math:`x_{t+1} = a x_t + b x_{t-1}`: companion matrix, characteristic
polynomial, Jury conditions and region follow by SymPy operations. Nothing
is parsed from text.
"""
from __future__ import annotations

from fractions import Fraction

import sympy as sp

from momentum_theory._radius.companion import TermPolynomial
from momentum_theory.symbolic.derivation import Derivation, h, lambda_

#: The state symbols a rule is called with, and the eigenvalue variable.
x = sp.Symbol("x_t", real=True)
x_prev = sp.Symbol("x_{t-1}", real=True)
z = sp.Symbol("z")


class Capture:
    """The ``grad`` handed to a rule: records each point and returns a placeholder."""

    def __init__(self):
        self.points = []
        self.placeholders = []

    def __call__(self, point):
        point = sp.sympify(point, strict=True) if not isinstance(point, sp.Basic) else point
        g = sp.Symbol(f"g_{len(self.points)}", real=True)
        self.points.append(sp.expand(point))
        self.placeholders.append(g)
        return g


def _linear_in_state(expr, what):
    """``(A, B)`` with ``expr = A x + B x_prev``, or ValueError saying why not."""
    expr = sp.expand(expr)
    try:
        poly = sp.Poly(expr, x, x_prev)
    except sp.PolynomialError:
        raise ValueError(f"{what} is not linear in (x, x_prev): {expr}") from None
    if poly.total_degree() > 1:
        raise ValueError(f"{what} is not linear in (x, x_prev) (degree {poly.total_degree()}): {expr}")
    const = poly.coeff_monomial(1)
    if const != 0:
        raise ValueError(f"{what} has a term without x or x_prev ({const}): on a quadratic with "
                         "minimiser 0 the rule must map 0 to 0 (linear, not affine)")
    return poly.coeff_monomial(x), poly.coeff_monomial(x_prev)


def capture_rule(update, params):
    """Call ``update`` with SymPy objects; return ``(A, B, [(G_k, P_k, Q_k)], x_next)``.

    Raises ``TypeError`` if ``update`` is not callable or returns no SymPy
    expression, ``ValueError`` if the rule is not linear in the state or uses
    symbols other than ``params`` (a third state, ``x_{t-2}``, or a symbol
    left out of ``params``).
    """
    if not callable(update):
        raise TypeError(f"update must be a callable update(x, x_prev, grad), got {type(update).__name__}")
    grad = Capture()
    out = update(x, x_prev, grad)
    if isinstance(out, (int, float, Fraction)) and not isinstance(out, bool):
        out = sp.nsimplify(out) if isinstance(out, float) else sp.Rational(out)
    if not isinstance(out, sp.Expr):
        raise TypeError(f"update must return a SymPy expression for x_next, got {type(out).__name__}")
    allowed = set(params) | {x, x_prev} | set(grad.placeholders)
    extra = out.free_symbols - allowed
    for p in grad.points:
        extra |= p.free_symbols - (set(params) | {x, x_prev})
    if extra:
        names = ", ".join(sorted(str(s) for s in extra))
        raise ValueError(f"update uses symbols that are neither the state (x, x_prev) nor in params: "
                         f"{names}. Rules with more than two steps of state (x_(t-2), ...) are not "
                         "supported; list every parameter, the step size included, in params")
    terms = []
    expanded = sp.expand(out)
    for g, point in zip(grad.placeholders, grad.points):
        P, Q = _linear_in_state(point, f"the point where grad is evaluated ({point})")
        coeff = expanded.coeff(g)
        if coeff.has(x, x_prev, *grad.placeholders) or sp.expand(expanded - coeff * g).has(g):
            raise ValueError(f"update is not linear in grad({point}): {out}")
        terms.append((sp.simplify(coeff), P, Q))
        expanded = sp.expand(expanded - coeff * g)
    A, B = _linear_in_state(expanded, "update(x, x_prev, grad)")
    return A, B, terms, out


def on_quadratic(A, B, terms):
    """Coefficients ``(a, b)`` of ``x_next = a x + b x_prev`` on ``f = lambda x**2 / 2``."""
    a = A + sum((G * lambda_ * P for G, P, _ in terms), sp.Integer(0))
    b = B + sum((G * lambda_ * Q for G, _, Q in terms), sp.Integer(0))
    return sp.expand(a), sp.expand(b)


def find_step(a, b, params):
    """The parameter ``s`` through which lambda enters only as ``s * lambda``, or ValueError."""
    for s in params:
        a_h = sp.expand(a.subs(lambda_, h / s))
        b_h = sp.expand(b.subs(lambda_, h / s))
        if not a_h.has(s, lambda_) and not b_h.has(s, lambda_):
            return s, a_h, b_h
    raise ValueError("on f(x) = lambda x**2/2 the rule must depend on the curvature only through "
                     "(step size) * lambda, with the step size one of params; got coefficients "
                     f"{a} and {b}")


def term_polynomial(expr, variables, what):
    """A :class:`TermPolynomial` of ``expr`` in ``variables``, or ValueError if it is not one."""
    expr = sp.nsimplify(sp.expand(expr), rational=True) if expr.has(sp.Float) else sp.expand(expr)
    try:
        poly = sp.Poly(expr, *variables)
    except sp.PolynomialError:
        raise ValueError(f"{what} must be a polynomial in {', '.join(map(str, variables))}; "
                         f"got {expr}") from None
    terms = []
    for monom, c in poly.terms():
        if not c.is_Rational:
            raise ValueError(f"{what} must have rational coefficients, got {c} in {expr}")
        terms.append((Fraction(int(c.p), int(c.q)), monom))
    return TermPolynomial(terms, len(variables))


def _h_on_left(condition):
    """``expr > 0`` rewritten as (terms in h, factored) against the rest, sign made positive."""
    if not isinstance(condition, (sp.StrictGreaterThan, sp.StrictLessThan)) or not condition.has(h):
        return condition
    expr = sp.expand(condition.gts - condition.lts)
    with_h = sp.Add(*[t for t in sp.Add.make_args(expr) if t.has(h)])
    rest = sp.expand(expr - with_h)
    if with_h == 0:
        return condition
    if with_h.could_extract_minus_sign():
        return sp.factor(-with_h) < rest
    return sp.factor(with_h) > -rest


def jury_region(T, D, params):
    """Jury (Schur-Cohn) for ``z**2 - T z + D``: conditions and a region reduced by SymPy."""
    charpoly = sp.expand(z ** 2 - T * z + D)
    p_plus = sp.factor(charpoly.subs(z, 1))
    p_minus = sp.factor(charpoly.subs(z, -1))
    a0 = sp.Poly(charpoly, z).coeff_monomial(1)
    conditions = [p_plus > 0, p_minus > 0, sp.factor(1 - a0) > 0, sp.factor(1 + a0) > 0]
    conditions = [c for c in conditions if c is not sp.true]
    if any(c is sp.false for c in conditions):
        return charpoly, (p_plus, p_minus, a0), sp.false
    try:
        region = sp.reduce_inequalities(conditions, [h])
    except (NotImplementedError, ValueError, TypeError):
        region = sp.And(*[_h_on_left(c) for c in conditions])
    if not isinstance(region, sp.logic.boolalg.Boolean):
        region = sp.And(*[_h_on_left(c) for c in conditions])
    elif isinstance(region, sp.And):
        region = sp.And(*[_h_on_left(c) for c in region.args])
    return charpoly, (p_plus, p_minus, a0), region


def derive(name, x_next, A, B, terms, step, params, description, extra_steps=()):
    """The :class:`Derivation` of a captured rule and its numeric polynomials.

    Returns ``(derivation, trace_poly, det_poly, jury_polys, rest)`` where
    ``rest`` are the parameters other than the step, in order.
    """
    a, b = on_quadratic(A, B, terms)
    step, a_h, b_h = find_step(a, b, params)
    rest = tuple(p for p in params if p != step)
    matrix = sp.ImmutableMatrix([[a_h, b_h], [1, 0]])
    T, D = sp.expand(matrix.trace()), sp.expand(matrix.det())
    charpoly, (p_plus, p_minus, a0), region = jury_region(T, D, rest)
    check = sp.expand(matrix.charpoly(z).as_expr() - charpoly)
    variables = (h,) + rest
    trace_poly = term_polynomial(T, variables, "the trace")
    det_poly = term_polynomial(D, variables, "the determinant")
    jury = tuple(term_polynomial(e, variables, "a Jury condition")
                 for e in (p_plus, p_minus, 1 - a0, 1 + a0))
    steps = dict(extra_steps)
    steps.update({
        "update": sp.Eq(sp.Symbol("x_{t+1}"), x_next),
        "on_quadratic": sp.Eq(sp.Symbol("x_{t+1}"), sp.collect(a * x + b * x_prev, [x, x_prev])),
        "step_size": step,
        "matrix": matrix,
        "characteristic_polynomial": sp.collect(charpoly, z),
        "trace": T,
        "determinant": D,
        "jury_conditions": (p_plus > 0, p_minus > 0, sp.Abs(a0) < 1),
    })
    derivation = Derivation(
        name=f"{name}_region",
        description=f"where {name} converges on f(x) = λ x²/2 (h = {step}·λ), by the Jury conditions",
        result=region,
        steps=steps,
        checks={"charpoly_from_matrix_minus_derived": check},
        parameters=variables,
    )
    return derivation, trace_poly, det_poly, jury, rest, step
