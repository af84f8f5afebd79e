r"""Values of parsed answers: exact SymPy arithmetic on concrete instances.

- :func:`evaluate` -- the value of an expression on an instance;
- :func:`holds` -- the truth of a condition on an instance;
- :func:`to_sympy` -- the answer as a SymPy object, for display.

:func:`evaluate` and :func:`holds` walk the tree made by
:func:`~momentum_theory.answers.parse` with an environment of exact
numbers (or symbols, or explicit matrices); :func:`to_sympy` builds a SymPy
object for display, with ``Q``, ``c``, ``x`` as ``MatrixSymbol``. Each
operation checks shapes and sizes itself, so an answer that has no value on
an instance (``Q + c``, ``1/0``) raises
:class:`~momentum_theory.answers.EvaluationError` instead of
surfacing a SymPy error.

Sizes are bounded after *every* step, not only in the parser: each
intermediate value (an exact number, a matrix entry, a symbolic expression
after SymPy's automatic simplification such as ``(beta^64)^64 = beta^4096``)
is checked against :data:`~momentum_theory.answers.errors.MAX_VALUE_BITS`,
:data:`~momentum_theory.answers.errors.MAX_SYMBOLIC_EXPONENT` and
:data:`~momentum_theory.answers.errors.MAX_NODES`, and a power against
:data:`~momentum_theory.answers.errors.MAX_EVAL_EXPONENT` and
:data:`~momentum_theory.answers.errors.MAX_EVAL_BITS` before it is computed.
A value that would grow past them raises
:class:`~momentum_theory.answers.LimitError` ("too large to decide",
never "wrong"); so does a comparison SymPy cannot decide exactly.
"""
from __future__ import annotations

from fractions import Fraction

from momentum_theory.answers._common import bits, bounded, brief, guard_power, is_matrix
from momentum_theory.answers.errors import (MAX_EVAL_BITS, MAX_EVAL_EXPONENT, MAX_EXPONENT,
                                            MAX_ROOT_BITS, MAX_SYMBOLIC_EXPONENT, MAX_VALUE_BITS,
                                            AnswerError, EvaluationError, LimitError)

__all__ = ["evaluate", "holds", "to_sympy"]


def _collapse(value):
    # A 1x1 matrix is a scalar: c^T Q^-1 c is added to b in the chapter.
    if is_matrix(value) and value.shape == (1, 1):
        return value[0, 0]
    return value


def _shape(value):
    return value.shape if is_matrix(value) else "scalar"


def evaluate(tree, env):
    """Value of a parsed (non-condition) answer with exact SymPy arithmetic.

    Parameters
    ----------
    tree : tuple
        From :func:`parse`.
    env : dict
        Name -> SymPy number, SymPy symbol or explicit SymPy matrix. ``h``
        defaults to ``eta*lambda``.

    Returns
    -------
    SymPy expression or ImmutableMatrix (1x1 results come back as scalars).

    Raises
    ------
    EvaluationError
        Shapes that do not conform, division by zero, a singular matrix:
        the answer has no value on this instance.
    LimitError
        (A subclass of ``EvaluationError``.) A value would grow past the
        size limits: it is too large to compute, which says nothing about
        whether the answer is right.

    Examples
    --------
    >>> import sympy as sp
    >>> from momentum_theory.answers import parse
    >>> Q = sp.ImmutableMatrix([[2, 0], [0, 4]]); c = sp.ImmutableMatrix([1, 1])
    >>> evaluate(parse("b - 1/2 c^T Q^{-1} c"), {"Q": Q, "c": c, "b": sp.Integer(1)})
    5/8
    >>> evaluate(parse("(beta^64)^64"), {"beta": sp.Symbol("beta")})
    Traceback (most recent call last):
        ...
    momentum_theory.answers.LimitError: the power beta**4096 has an exponent larger than 256; it is not expanded
    """
    return bounded(_evaluate(tree, env))


def _evaluate(tree, env):
    import sympy as sp

    kind = tree[0]
    if kind == "num":
        return sp.Rational(tree[1].numerator, tree[1].denominator)
    if kind == "name":
        name = tree[1]
        if name == "h" and "h" not in env:
            return _evaluate_bounded(("*", ("name", "eta"), ("name", "lambda")), env)
        if name not in env:
            raise EvaluationError(f"no value for {name!r}")
        return _collapse(env[name])
    if kind == "neg":
        return -_evaluate_bounded(tree[1], env)
    if kind in ("+", "-", "*", "/"):
        a = _evaluate_bounded(tree[1], env)
        b = _evaluate_bounded(tree[2], env)
        return _collapse(_binary(kind, a, b))
    if kind == "^":
        return _collapse(_power(_evaluate_bounded(tree[1], env), _evaluate_bounded(tree[2], env)))
    if kind in ("T", "transpose"):
        a = _evaluate_bounded(tree[1], env)
        return _collapse(a.T) if is_matrix(a) else a
    if kind == "inv":
        return _collapse(_power(_evaluate_bounded(tree[1], env), sp.Integer(-1)))
    if kind in ("sqrt", "abs"):
        a = _evaluate_bounded(tree[1], env)
        if is_matrix(a):
            raise EvaluationError(f"{kind} of a {a.shape[0]}x{a.shape[1]} matrix is not defined")
        return _power(a, sp.Rational(1, 2)) if kind == "sqrt" else sp.Abs(a)
    raise EvaluationError("an inequality or interval has no value; expected an expression")


def _evaluate_bounded(tree, env):
    return bounded(_evaluate(tree, env))


def _max_bits(value):
    """Largest exact number (in bits) in a value; 0 when it holds none at its top level."""
    if is_matrix(value):
        return max((_max_bits(e) for e in value), default=0)
    return bits(value) if getattr(value, "is_Rational", False) else 0


def _binary(op, a, b):
    # Bound the result before computing it: the exact sum, product or quotient of
    # numbers of m and n bits has at most about m + n bits (plus the matrix size).
    if _max_bits(a) + _max_bits(b) > MAX_VALUE_BITS:
        raise LimitError(f"the result would be an exact number larger than {MAX_VALUE_BITS} bits")
    if op in ("+", "-"):
        if is_matrix(a) != is_matrix(b) or (is_matrix(a) and a.shape != b.shape):
            raise EvaluationError(f"cannot {'add' if op == '+' else 'subtract'} "
                                  f"{_shape_text(a)} and {_shape_text(b)}")
        return a + b if op == "+" else a - b
    if op == "*":
        if is_matrix(a) and is_matrix(b) and a.shape[1] != b.shape[0]:
            raise EvaluationError(f"cannot multiply {_shape_text(a)} by {_shape_text(b)}")
        return a * b
    if is_matrix(b):
        raise EvaluationError(f"division by {_shape_text(b)} is not defined; use inv(Q) or Q^-1")
    if b == 0:
        raise EvaluationError("division by zero")
    return a / b


def _shape_text(value):
    if is_matrix(value):
        return f"a {value.shape[0]}x{value.shape[1]} matrix"
    return "a scalar"


def _power(base, exponent):
    import sympy as sp

    if is_matrix(exponent):
        raise EvaluationError("a matrix cannot be an exponent")
    if is_matrix(base):
        if base.shape[0] != base.shape[1]:
            raise EvaluationError(f"only square matrices have powers, not {_shape_text(base)}")
        if not exponent.is_Integer:
            raise EvaluationError(f"matrix powers need an integer exponent, got {brief(exponent)}")
        if abs(int(exponent)) > MAX_EXPONENT:
            raise LimitError(f"matrix powers above {MAX_EXPONENT} are not computed, "
                             f"got {brief(exponent)}")
        if exponent < 0:
            if base.det() == 0:
                raise EvaluationError("the matrix is singular and has no inverse")
            base, exponent = base.inv(), -exponent
        if base.is_symbolic():
            if abs(int(exponent)) > 8:
                raise LimitError("symbolic matrix powers above 8 are not expanded")
        else:
            entry_bits = max((_fraction(e).numerator.bit_length() + _fraction(e).denominator.bit_length()
                                   for e in base), default=1)
            if (entry_bits + base.shape[0].bit_length()) * int(exponent) > MAX_EVAL_BITS:
                raise LimitError(f"the matrix power ^{exponent} would have too large entries")
        return base ** int(exponent)
    if exponent.is_Integer and base.is_Rational:
        e = int(exponent)
        if base == 0 and e < 0:
            raise EvaluationError("division by zero (0 to a negative power)")
        if base in (0, 1, -1):  # cheap at any exponent (0^0 = 1, as in SymPy)
            return base ** (e % 2 if base == -1 else min(e, 1))
        guard_power(_fraction(base), e, LimitError)
        return base ** e
    if exponent.is_number:
        if exponent.is_Rational and not base.is_number and abs(exponent) > MAX_SYMBOLIC_EXPONENT:
            raise LimitError(f"the power ({brief(base)})^{brief(exponent)} has an exponent "
                             f"larger than {MAX_SYMBOLIC_EXPONENT}; it is not expanded")
        if base.is_number:
            if _too_large(exponent, MAX_EVAL_EXPONENT):
                raise LimitError(f"exponent {brief(exponent)} is too large")
            if base == 0 and exponent.is_negative:
                raise EvaluationError("division by zero (0 to a negative power)")
            if base.is_Rational and exponent.is_Rational:
                # A root of an exact number: SymPy's perfect-power search grows
                # steeply with the size of the number, so bound it first.
                if bits(base) * abs(int(exponent.p)) > MAX_ROOT_BITS:
                    raise LimitError(f"the root ({brief(base)})^({exponent}) is of too large "
                                     "a number")
    return sp.Pow(base, exponent)


def _too_large(number, limit):
    """|number| > limit for a SymPy number, decided without trusting a huge evaluation."""
    import sympy as sp
    if number.is_Rational:
        return abs(number) > limit
    try:
        size = abs(sp.N(number, 15))
    except (ArithmeticError, ValueError, TypeError):  # pragma: no cover - SymPy refuses
        return True
    return not size.is_number or not size.is_finite or size > limit


def _fraction(r):
    return Fraction(int(r.p), int(r.q))


def _compare(op, a, b):
    import sympy as sp

    if is_matrix(a) or is_matrix(b):
        raise EvaluationError(f"cannot compare {_shape_text(a)} with {_shape_text(b)}")
    if not (a.is_real is not False and b.is_real is not False):
        raise EvaluationError("cannot compare complex numbers")
    result = {"<": sp.Lt, "<=": sp.Le, ">": sp.Gt, ">=": sp.Ge}[op](a, b)
    if result not in (sp.true, sp.false):
        # Not a wrong answer: SymPy could not settle the comparison exactly.
        raise LimitError(f"cannot decide {brief(a)} {op} {brief(b)} exactly")
    return bool(result)


def holds(tree, env):
    """Truth of a parsed condition on one concrete instance.

    An interval without a variable, such as ``(0, 2 + 2*beta)``, is about
    ``h = eta*lambda``.

    Parameters
    ----------
    tree : tuple
        A condition from :func:`~momentum_theory.answers.parse`.
    env : dict
        Name -> exact SymPy number (as for :func:`evaluate`).

    Returns
    -------
    bool

    Raises
    ------
    EvaluationError
        An expression rather than a condition, or a comparison of matrices or
        complex numbers.
    LimitError
        SymPy could not settle a comparison exactly (too large to decide).

    Examples
    --------
    >>> import sympy as sp
    >>> from momentum_theory.answers import parse
    >>> env = {"eta": sp.Rational(1, 2), "lambda": sp.Integer(3), "beta": sp.Rational(1, 2)}
    >>> holds(parse("0 < eta*lambda < 2 + 2*beta"), env), holds(parse("h in (0, 1]"), env)
    (True, False)
    """
    kind = tree[0]
    if kind == "and":
        return all(holds(c, env) for c in tree[1])
    if kind == "rel":
        values = [evaluate(e, env) for e in tree[1]]
        return all(_compare(op, a, b) for op, a, b in zip(tree[2], values, values[1:]))
    if kind == "in":
        _, variable, lo, lo_closed, hi, hi_closed = tree
        x = evaluate(variable if variable is not None else ("name", "h"), env)
        return (_compare("<=" if lo_closed else "<", evaluate(lo, env), x)
                and _compare("<=" if hi_closed else "<", x, evaluate(hi, env)))
    raise EvaluationError("expected an inequality or an interval, got an expression")


def to_sympy(tree, symbols):
    """A SymPy object for display: matrix names become ``MatrixSymbol``.

    Parameters
    ----------
    tree : tuple
        From :func:`parse`.
    symbols : dict
        Name -> SymPy ``Symbol`` or ``MatrixSymbol``.

    Examples
    --------
    >>> import sympy as sp
    >>> from momentum_theory.answers import parse
    >>> n = sp.Symbol("n")
    >>> to_sympy(parse("-inv(Q)*c"), {"Q": sp.MatrixSymbol("Q", n, n), "c": sp.MatrixSymbol("c", n, 1)})
    -Q**(-1)*c
    """
    import sympy as sp

    from sympy.matrices.expressions.matexpr import MatrixElement

    def scalar(v):
        # MatrixElement keeps (c.T*Q**-1*c)[0, 0] readable; v[0, 0] would expand into a Sum.
        if isinstance(v, sp.MatrixExpr) and v.shape == (1, 1):
            return MatrixElement(v, 0, 0)
        return v

    def bounded_power(a, b):
        # A power too large to compute is shown as it was typed, unevaluated.
        try:
            return bounded(_power(a, b))
        except LimitError:
            return sp.Pow(a, b, evaluate=False)

    def go(node):
        kind = node[0]
        if kind == "num":
            return sp.Rational(node[1].numerator, node[1].denominator)
        if kind == "name":
            if node[1] == "h" and "h" not in symbols:
                return symbols["eta"] * symbols["lambda"]
            return symbols[node[1]]
        if kind == "neg":
            return -go(node[1])
        if kind in ("+", "-", "*", "/", "^"):
            a, b = go(node[1]), go(node[2])
            mat = isinstance(a, sp.MatrixExpr), isinstance(b, sp.MatrixExpr)
            if kind in ("+", "-") and mat[0] != mat[1]:
                a, b = scalar(a), scalar(b)
            if kind == "+":
                return a + b
            if kind == "-":
                return a - b
            if kind == "*":
                return a * b
            if kind == "/":
                return a * scalar(b) ** -1 if mat[1] else a / b
            if not (mat[0] or mat[1]):
                return bounded_power(a, b)
            return a ** b
        if kind in ("T", "transpose"):
            a = go(node[1])
            return a.T if isinstance(a, sp.MatrixExpr) else a
        if kind == "inv":
            return go(node[1]) ** -1
        if kind == "sqrt":
            a = scalar(go(node[1]))
            return sp.sqrt(a) if isinstance(a, sp.MatrixExpr) else bounded_power(a, sp.S.Half)
        if kind == "abs":
            return sp.Abs(scalar(go(node[1])))
        if kind == "rel":
            ops = {"<": sp.Lt, "<=": sp.Le, ">": sp.Gt, ">=": sp.Ge}
            values = [scalar(go(e)) for e in node[1]]
            parts = [ops[op](a, b, evaluate=False)
                     for op, a, b in zip(node[2], values, values[1:])]
            return parts[0] if len(parts) == 1 else sp.And(*parts, evaluate=False)
        if kind == "in":
            _, variable, lo, lo_closed, hi, hi_closed = node
            x = go(variable if variable is not None else ("name", "h"))
            return sp.And((sp.Le if lo_closed else sp.Lt)(go(lo), x, evaluate=False),
                          (sp.Le if hi_closed else sp.Lt)(x, go(hi), evaluate=False),
                          evaluate=False)
        if kind == "and":
            return sp.And(*[go(c) for c in node[1]], evaluate=False)
        raise AnswerError(f"cannot display {kind!r}")  # pragma: no cover

    try:
        return go(tree)
    except (TypeError, ValueError, ArithmeticError) as exc:
        # SymPy refuses ill-shaped matrix expressions; the numeric check explains why.
        raise EvaluationError(f"the answer is not a well-formed expression: {exc}") from None
