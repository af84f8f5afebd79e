r"""What the explorer page knows about each method, generated from its record.

Nothing method-specific is written here by hand: the trace :math:`T` and
determinant :math:`D` are printed from the record's exact polynomials
(``record.spec.trace``/``.det``, the same terms Python evaluates), the Jury
conditions from ``record.spec.jury``, the update rule's coefficients and a
parameter map (triple momentum's :math:`\kappa`) from the SymPy derivation
with :func:`sympy.jscode`, and the optimal tuning from
``record.optimal_derivation()`` where one is derived (else Python's
``record.optimal(mu, L)`` at the chapter's spectrum is embedded as numbers).
Every generated formula is checked here against the record at sample points
before it is written into a page, so the page and the package cannot drift
apart silently.
"""
from __future__ import annotations

import json
import math

import numpy as np

from momentum_theory.dynamics import CHAPTER_COEFFICIENTS, CHAPTER_START, CHAPTER_STEPS

#: Slider and map ranges by parameter name (the glossary's names): ``(lo, hi, log)``.
PARAMETER_RANGES = {"beta": (0.0, 0.999, False), "gamma": (0.0, 1.0, False),
                    "nu": (0.0, 1.0, False), "kappa": (1.0, 1000.0, True)}
_OTHER_RANGE = (-1.0, 1.0, False)
#: The chapter's spectrum: the Hessian of f = 0.1 x1^2 + 2 x2^2 is diag(0.2, 4).
CHAPTER_MU, CHAPTER_L = (2 * c for c in CHAPTER_COEFFICIENTS)


def _float_literal(x):
    x = float(x)
    if not math.isfinite(x):
        raise ValueError(f"a generated coefficient is not finite: {x}")
    return repr(x)


def _polynomial_js(poly, names):
    """A TermPolynomial as a JS expression: coefficient times repeated products, as Python sums them."""
    parts = []
    for c, ex in poly.terms:
        factors = [n for n, k in zip(names, ex) for _ in range(k)]
        coef = float(c)
        if not factors:
            parts.append(f"({_float_literal(coef)})")
        elif coef == 1.0:
            parts.append("*".join(factors))
        elif coef == -1.0:
            parts.append("(-(" + "*".join(factors) + "))")
        else:
            # Python multiplies the monomial first, then the coefficient: the same here.
            parts.append(f"({_float_literal(coef)})*(" + "*".join(factors) + ")")
    return " + ".join(parts) if parts else "0"


def _expr_js(expr, symbols, names):
    import sympy as sp

    expr = sp.sympify(expr)
    renamed = expr.subs({s: sp.Symbol(n) for s, n in zip(symbols, names)}, simultaneous=True)
    left = {str(s) for s in renamed.free_symbols} - set(names)
    if left:
        raise ValueError(f"a generated formula uses unknown symbols {sorted(left)}: {expr}")
    code = sp.jscode(renamed)
    if "Not supported" in code or "\n" in code:
        raise ValueError(f"a generated formula has no JavaScript form: {expr}")
    return "(" + code + ")"


def _internal_map(record):
    """``(args, exprs)``: SymPy expressions in ``p0`` (h) and ``p1..`` (the record's parameters)
    for the variables of its polynomials (the identity unless the record maps its parameters)."""
    import sympy as sp

    spec = record.spec
    inner = tuple(str(s) for s in spec.symbols)
    args = [sp.Symbol("p0")] + [sp.Symbol(f"p{i + 1}") for i in range(len(record.params))]
    if inner == tuple(record.params):
        return args, list(args)
    # A record whose parameters map onto the polynomials' variables names the
    # images in its derivation: the step's scale as "alpha_L", each variable by name.
    steps = record.region().steps
    missing = [n for n in ("alpha_L",) + inner if n not in steps]
    if missing:
        raise ValueError(f"method {record.name!r} maps its parameters but its derivation names no "
                         f"{', '.join(missing)}: the explorer cannot print the map")
    images = [steps["alpha_L"]] + [steps[n] for n in inner]
    own = {str(s): s for e in images for s in sp.sympify(e).free_symbols}
    unknown = set(own) - set(record.params)
    if unknown:
        raise ValueError(f"method {record.name!r}: its parameter map uses {sorted(unknown)}")
    subs = {own[p]: a for p, a in zip(record.params, args[1:]) if p in own}
    exprs = [sp.sympify(e).subs(subs, simultaneous=True) for e in images]
    return args, [args[0] * exprs[0]] + exprs[1:]


def _rule_js(record):
    spec = record.spec
    A, B, terms = spec.rule
    symbols = (spec.step,) + tuple(spec.symbols)
    names = [f"v{i}" for i in range(len(symbols))]
    terms_js = ", ".join("[" + ", ".join(_expr_js(e, symbols, names) for e in t) + "]" for t in terms)
    return names, (f"[{_expr_js(A, symbols, names)}, {_expr_js(B, symbols, names)}, "
                   f"[{terms_js}]]")


def _optimal(record):
    """``(live JS functions or None, Python's numbers at the chapter's spectrum or None)``."""
    import sympy as sp

    live = None
    try:
        result = record.optimal_derivation().result
    except NotImplementedError:
        result = None
    if result is not None:
        mu, L, kappa = sp.symbols("mu L kappa", positive=True)
        by_name = {}
        for key, expr in result.items():
            expr = sp.sympify(expr)
            subs = {s: {"mu": mu, "L": L, "kappa": L / mu}.get(str(s), s) for s in expr.free_symbols}
            by_name[key] = _expr_js(expr.subs(subs, simultaneous=True), (mu, L), ("mu", "L"))
        live = by_name
    try:
        t = record.optimal(CHAPTER_MU, CHAPTER_L)
        numbers = {"mu": CHAPTER_MU, "L": CHAPTER_L, "eta": float(t.eta),
                   "params": {k: float(v) for k, v in t.params.items()}, "rate": float(t.rate),
                   "source": t.source}
    except NotImplementedError:
        numbers = None
    return live, numbers


def _ranges(record):
    return {p: PARAMETER_RANGES.get(p, _OTHER_RANGE) for p in record.params}


def _h_extent(record, ranges):
    """The map's h axis: a little past the largest h in the region over the y axis' range."""
    h = np.linspace(0.0, 12.0, 2401)
    defaults = record.defaults
    if record.params:
        lo, hi, log = ranges[record.params[0]]
        ys = np.geomspace(lo, hi, 61) if log else np.linspace(lo, hi, 61)
    else:
        ys = [None]
    top = 0.0
    for y in ys:
        params = dict(defaults)
        if y is not None:
            params[record.params[0]] = float(y)
        ok = record.converges(h, **params)
        if ok.any():
            top = max(top, float(h[ok].max()))
    return float(min(max(math.ceil(top * 1.1 * 4) / 4, 2.0), 12.0))


def _check_against_record(record):
    """The generated map, T and D (evaluated in Python) against ``record.matrix`` at sample points."""
    spec = record.spec
    ranges = _ranges(record)
    rng = np.random.default_rng(7)
    args, exprs = _internal_map(record)
    for _ in range(5):
        values = [float(rng.uniform(0.05, 2.0))]
        for p in record.params:
            lo, hi, _log = ranges[p]
            values.append(float(rng.uniform(max(lo, 0.05), hi)))
        subs = dict(zip(args, values))
        inner = [float(e.subs(subs)) for e in exprs]
        want = record.matrix(values[0], **dict(zip(record.params, values[1:])))
        for poly, got in ((spec.trace, want[0, 0]), (spec.det, -want[0, 1])):
            value = float(poly.plain(inner)[0])
            if not math.isclose(value, float(got), rel_tol=1e-9, abs_tol=1e-12):
                raise AssertionError(f"the explorer's formulas for {record.name} disagree with "
                                     f"the record at {values}: {value} != {float(got)}")


def method_model(record):
    """The page's description of one method record, as a JS object literal (text)."""
    spec = record.spec
    ranges = _ranges(record)
    names = [f"v{i}" for i in range(1 + len(spec.symbols))]
    args, exprs = _internal_map(record)
    arg_names = [str(a) for a in args]
    internal_items = [_expr_js(e, args, arg_names) for e in exprs]
    rule_names, rule = _rule_js(record)
    live, numbers = _optimal(record)
    derivation = record.region()
    info = {
        "name": record.name,
        "description": record.description,
        "params": [{"name": p, "default": float(record.defaults[p]), "lo": ranges[p][0],
                    "hi": ranges[p][1], "log": ranges[p][2]} for p in record.params],
        "hmax": _h_extent(record, ranges),
        "region": " and ".join(str(a) for a in derivation.result.args)
        if derivation.result.args else str(derivation.result),
        "trace": str(derivation.steps.get("trace", "")),
        "det": str(derivation.steps.get("determinant", "")),
        "variables": [str(s) for s in derivation.parameters],
        "nv": len(names),
        "optimalNumbers": numbers,
        "optimalKeys": sorted(live) if live else [],
    }
    _check_against_record(record)
    unpack = "; ".join(f"const {n} = v[{i}]" for i, n in enumerate(names))
    unpack_p = "; ".join(f"const {n} = p[{i}]" for i, n in enumerate(arg_names))
    stores = " ".join(f"v[{i}] = {e};" for i, e in enumerate(internal_items))
    jury = " && ".join(f"({_polynomial_js(p, names)}) > 0" for p in spec.jury) or "true"
    optimal = ("null" if not live else
               "function(mu, L) { return {" +
               ", ".join(f"{json.dumps(k)}: {v}" for k, v in sorted(live.items())) + "}; }")
    # Hot functions (the map calls them 90,000 times a redraw) take and fill
    # arrays, so the browser allocates nothing per pixel.
    return ("{info: " + _json(info) + ",\n"
            f"  internal: function(p, v) {{ {unpack_p}; {stores} return v; }},\n"
            f"  T: function(v) {{ {unpack}; return {_polynomial_js(spec.trace, names)}; }},\n"
            f"  D: function(v) {{ {unpack}; return {_polynomial_js(spec.det, names)}; }},\n"
            f"  ok: function(v) {{ {unpack}; return {jury}; }},\n"
            f"  rule: function({', '.join(rule_names)}) {{ return {rule}; }},\n"
            f"  optimal: {optimal}}}")


def _json(value):
    """JSON safe inside a <script> element."""
    return (json.dumps(value, allow_nan=False)
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def page_data(names):
    """The script text defining ``METHODS`` and ``PROBLEM`` for the given registered names."""
    from momentum_theory import methods

    entries = [f"{json.dumps(n)}: {method_model(methods.get(n))}" for n in names]
    problem = {"coefficients": list(CHAPTER_COEFFICIENTS), "start": list(CHAPTER_START),
               "steps": CHAPTER_STEPS,
               "mu": CHAPTER_MU, "L": CHAPTER_L}
    return ("const METHODS = {\n" + ",\n".join(entries) + "\n};\n"
            f"const PROBLEM = {_json(problem)};\n")
