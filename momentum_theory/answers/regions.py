r"""Deciding a region answer exactly: the answer's set against the derived one.

- :func:`decide_region` -- ``("equal", note)``, ``("differ", point, boundary)`` or
  ``("unknown", reason)`` for a parsed condition of a region part;
- :func:`true_boundaries` -- the derived region's boundaries (Jury's conditions
  on the characteristic polynomial of the one-step map).

How it decides
--------------
Both regions live in the plane of :math:`h = \eta\lambda` and :math:`\beta`
(with :math:`\lambda > 0`, :math:`\beta \in [0, 1)`). The answer's clauses are
read as SymPy expressions, :math:`\eta` is replaced by :math:`h/\lambda`
(positive powers of :math:`\lambda` do not change a sign and are divided
out; ``|a|`` is split into ``a`` and ``-a``), and every numerator and
denominator is factored into irreducible polynomials in :math:`(h, \beta)`.
Together with the derived region's boundaries they cut the plane into cells
on which both regions are constant (a cylindrical decomposition): the
critical values of :math:`\beta` are the roots of the leading coefficients,
discriminants and pairwise resultants in :math:`h`; at each critical value
and between them, the roots in :math:`h` and the points between them are
sample points. The two regions agree everywhere iff they agree on every
sample point; each sample is decided with exact rationals by the answer
itself (:func:`~momentum_theory.answers.holds`) and by the exact convergence
test of the part. When a critical value or root is irrational, or the answer
depends on :math:`\eta` and :math:`\lambda` other than through their
product, the decision is ``"unknown"`` (the checker then says "could not
decide", never "correct").
"""
from __future__ import annotations

import functools

from momentum_theory.answers.errors import EvaluationError, LimitError
from momentum_theory.answers.evaluation import evaluate, holds

__all__ = ["decide_region", "true_boundaries"]

#: Most sample points one decision visits.
MAX_SAMPLES = 4000
#: Most distinct irreducible boundary polynomials.
MAX_FACTORS = 24


@functools.lru_cache(maxsize=None)
def _symbols():
    import sympy as sp
    return sp.Symbol("h", real=True), sp.Symbol("beta", real=True), sp.Symbol("L", positive=True)


@functools.lru_cache(maxsize=None)
def true_boundaries(part_name):
    """The derived region as ``[(polynomial in h, beta, text)]``, each ``> 0`` inside.

    Derived, not typed in: Jury's conditions for the characteristic polynomial
    :math:`p(\\mu)` of the one-step map (``p(1) > 0``, ``p(-1) > 0``, ``1 - |det| > 0``).

    Parameters
    ----------
    part_name : str
        ``"region"`` (momentum) or ``"gd_region"`` (gradient descent).

    Returns
    -------
    list of (SymPy expression, str)

    Examples
    --------
    >>> [text for _, text in true_boundaries("region")]
    ['eta*lambda > 0', 'eta*lambda < 2 + 2*beta']
    >>> [str(p) for p, _ in true_boundaries("gd_region")]
    ['h', '2 - h']
    """
    import sympy as sp
    h, beta, lam = _symbols()
    mu = sp.Symbol("mu")
    if part_name == "gd_region":
        charpoly = mu - (1 - h)  # x <- (1 - eta*lambda) x
        det_ok = None
    else:
        eta = h / lam
        R = sp.Matrix([[beta, lam], [-eta * beta, 1 - eta * lam]])
        charpoly = sp.expand(R.charpoly(mu).as_expr())
        det_ok = sp.expand(1 - R.det())  # 1 - beta > 0 holds on the whole domain
        assert det_ok == 1 - beta
    degree = sp.degree(charpoly, mu)
    at_one = sp.expand(charpoly.subs(mu, 1))
    at_minus_one = sp.expand((-1) ** degree * charpoly.subs(mu, -1))
    texts = {"region": ("eta*lambda > 0", "eta*lambda < 2 + 2*beta"),
             "gd_region": ("eta*lambda > 0", "eta*lambda < 2")}[part_name]
    return [(at_one, texts[0]), (at_minus_one, texts[1])]


def _atoms(tree, env):
    """Each clause of a condition as ``(expression, strict)``: expression > 0 (or >= 0)."""
    kind = tree[0]
    if kind == "and":
        return [a for clause in tree[1] for a in _atoms(clause, env)]
    if kind == "rel":
        values = [evaluate(e, env) for e in tree[1]]
        out = []
        for op, a, b in zip(tree[2], values, values[1:]):
            out.append((b - a, True) if op == "<" else (b - a, False) if op == "<=" else
                       (a - b, True) if op == ">" else (a - b, False))
        return out
    _, variable, lo, lo_closed, hi, hi_closed = tree
    x = evaluate(variable if variable is not None else ("name", "h"), env)
    return [(x - evaluate(lo, env), not lo_closed), (evaluate(hi, env) - x, not hi_closed)]


def _without_abs(expr):
    """Expressions free of ``Abs`` whose signs decide the sign of ``expr``.

    ``|a|`` is ``a`` or ``-a``: every choice of signs, plus each ``a`` itself.
    """
    import sympy as sp
    work, out = [expr], []
    while work:
        item = work.pop()
        found = sorted(item.atoms(sp.Abs), key=lambda a: -sp.count_ops(a))
        if not found:
            out.append(item)
            continue
        outer = found[0]
        work += [item.xreplace({outer: outer.args[0]}), item.xreplace({outer: -outer.args[0]}),
                 outer.args[0]]
        if len(work) + len(out) > 64:
            raise _Unknown("the answer has too many absolute values to split")
    return out


class _Unknown(Exception):
    pass


def _polynomials(expr, h, beta, lam):
    """Irreducible factors (in h, beta) whose signs decide the sign of ``expr``."""
    import sympy as sp
    out = []
    for piece in _without_abs(expr):
        num, den = sp.fraction(sp.together(piece))
        for poly in (num, den):
            if poly.has(lam):
                p = sp.Poly(poly, lam)
                if len(p.terms()) != 1:
                    raise _Unknown("the answer depends on eta and lambda other than "
                                   "through eta*lambda")
                poly = p.terms()[0][1]
            if not poly.is_polynomial(h, beta) or poly.free_symbols - {h, beta}:
                raise _Unknown("the answer is not a polynomial inequality in eta*lambda and beta "
                               "(a root or another function)")
            if poly.free_symbols:
                for factor, _ in sp.factor_list(poly, h, beta)[1]:
                    out.append(factor)
    return out


def _rational_roots(poly, var, lo=None, hi=None):
    """Real roots of a polynomial in one variable within [lo, hi]; _Unknown if irrational."""
    import sympy as sp
    p = sp.Poly(poly, var)
    if p.degree() <= 0:
        return []
    roots = []
    for factor, _ in p.factor_list()[1]:
        if factor.degree() == 1:
            a, b = factor.all_coeffs()
            roots.append(-b / a)
        else:
            count = factor.count_roots() if lo is None else factor.count_roots(lo, hi)
            if count:
                raise _Unknown("a boundary of the region crosses another at an irrational "
                               "point, which is not sampled exactly")
    return [r for r in roots if (lo is None or r >= lo) and (hi is None or r <= hi)]


def _points_around(roots, lo=None, hi_open=None):
    import sympy as sp
    roots = sorted(set(roots))
    if not roots:
        pts = [sp.Integer(1) if lo is None else lo + 1]
    else:
        pts = [roots[0] - 1] + [x for pair in zip(roots, roots[1:])
                                for x in (pair[0], (pair[0] + pair[1]) / 2)] + [roots[-1],
                                                                                roots[-1] + 1]
    if lo is not None:
        pts = [p for p in pts if p > lo]
        if not pts:
            pts = [lo + 1]
    return pts


def _beta_samples(polys, h, beta):
    import itertools

    import sympy as sp
    critical = [sp.Integer(0), sp.Integer(1)]
    in_h = [p for p in polys if p.has(h)]
    for p in polys:
        if not p.has(h):
            critical += _rational_roots(p, beta, 0, 1)
            continue
        q = sp.Poly(p, h)
        critical += _rational_roots(q.LC(), beta, 0, 1) if q.LC().has(beta) else []
        if q.degree() >= 2:
            critical += _rational_roots(sp.discriminant(q.as_expr(), h), beta, 0, 1)
    for p, q in itertools.combinations(in_h, 2):
        res = sp.resultant(p, q, h)
        if res != 0 and res.has(beta):
            critical += _rational_roots(res, beta, 0, 1)
    critical = sorted(set(critical))
    samples = []
    for a, b in zip(critical, critical[1:]):
        samples += [a, (a + b) / 2]
    return samples  # 1 itself is outside the domain


def decide_region(tree, spec, fixed):
    """Compare a region answer with the derived region exactly, as sets.

    Parameters
    ----------
    tree : tuple
        A parsed condition (:func:`~momentum_theory.answers.parse`).
    spec : AnswerPart
        The part: ``region`` (momentum) or ``gd_region``.
    fixed : dict
        Given values (name -> SymPy rational).

    Returns
    -------
    tuple
        ``("equal", how)``; ``("differ", instance, yours, expected)`` with a
        point of the symmetric difference; or ``("unknown", reason)``.

    Examples
    --------
    >>> from momentum_theory.answers import find_part, parse
    >>> decide_region(parse("0 < h < 2 + 2*beta"), find_part(2, "region"), {})[0]
    'equal'
    >>> out = decide_region(parse("0 < h < 2 + 1.99*beta"), find_part(2, "region"), {})
    >>> out[0], out[1]["beta"] > 0, out[2], out[3]
    ('differ', True, False, True)
    """
    import sympy as sp
    h, beta, lam = _symbols()
    momentum = spec.name != "gd_region"
    env = {"beta": fixed.get("beta", beta)}
    if "eta" in fixed:
        env.update(eta=fixed["eta"], **{"lambda": h / fixed["eta"]})
        h_low = sp.Integer(0)  # eta > 0 and lambda > 0: h > 0
    else:
        lam_value = fixed.get("lambda", lam)
        env.update(eta=h / lam_value, **{"lambda": lam_value})
        h_low = None
    env["h"] = h
    try:
        atoms = _atoms(tree, env)
        polys = [p.subs(beta, env["beta"]) for p, _ in true_boundaries(spec.name)]
        for expr, _ in atoms:
            polys += _polynomials(sp.expand(expr) if expr.is_polynomial() else expr, h, beta, lam)
        unique = []
        for p in polys:
            p = sp.Poly(p, h, beta).monic().as_expr() if p.free_symbols else None
            if p is not None and p not in unique:
                unique.append(p)
        if len(unique) > MAX_FACTORS:
            return ("unknown", f"the answer has more than {MAX_FACTORS} distinct boundaries")
        betas = (_beta_samples(unique, h, beta) if momentum and "beta" not in fixed
                 else [env["beta"]] if momentum else [sp.Integer(0)])
        count = 0
        for b in betas:
            roots = []
            for p in unique:
                q = p.subs(beta, b)
                if q.has(h):
                    roots += _rational_roots(q, h)
            for x in _points_around(roots, h_low):
                count += 1
                if count > MAX_SAMPLES:
                    return ("unknown", f"more than {MAX_SAMPLES} sample points would be needed")
                inst = _instance(x, b, fixed)
                expected = spec._reference(inst)
                try:
                    yours = holds(tree, inst)
                except LimitError:
                    return ("unknown", "a comparison could not be decided exactly")
                except EvaluationError as exc:
                    return ("differ", inst, f"no value ({exc})", expected)
                if yours != expected:
                    return ("differ", inst, yours, expected)
    except _Unknown as exc:
        return ("unknown", str(exc))
    except (LimitError, sp.PolynomialError, sp.polys.polyerrors.PolificationFailed) as exc:
        return ("unknown", f"its boundaries could not be handled exactly ({exc})")
    return ("equal", f"the two regions agree on all {count} sample points of the cells cut "
                     f"out by the {len(unique)} boundaries (the answer's and the derived ones)")


def _instance(x, b, fixed):
    import sympy as sp
    inst = {"beta": b}
    if "eta" in fixed:
        inst["eta"], inst["lambda"] = fixed["eta"], x / fixed["eta"]
    else:
        lam = fixed.get("lambda", sp.Integer(1))
        inst["lambda"], inst["eta"] = lam, x / lam
    return inst


def violated_boundary(spec, inst):
    """Words for the derived boundary a point violates, or says it lies inside.

    Parameters
    ----------
    spec : AnswerPart
        A region part.
    inst : dict
        The point (eta, lambda, beta as SymPy rationals).

    Returns
    -------
    str

    Examples
    --------
    >>> import sympy as sp
    >>> from momentum_theory.answers import find_part
    >>> violated_boundary(find_part(2, "region"), {"eta": sp.Rational(399, 100),
    ...                   "lambda": sp.Integer(1), "beta": sp.Rational(99, 100)})
    'outside the region: it violates eta*lambda < 2 + 2*beta (eta*lambda = 399/100, 2 + 2*beta = 199/50)'
    """
    h, beta, lam = _symbols()
    x = inst["eta"] * inst["lambda"]
    b = inst.get("beta", 0)
    for poly, text in true_boundaries(spec.name):
        if not poly.subs({h: x, beta: b}) > 0:
            right = "0" if "> 0" in text else text.split("< ", 1)[1]
            value = "0" if right == "0" else str((poly + h).subs(beta, b))
            return (f"outside the region: it violates {text} (eta*lambda = {x}"
                    + ("" if right == "0" else f", {right} = {value}") + ")")
    return "inside the region: " + " and ".join(t for _, t in true_boundaries(spec.name))
