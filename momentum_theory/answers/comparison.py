"""Comparing an answer with the reference: the symbolic step and exact equality.

The two comparisons of :func:`~momentum_theory.answers.check_answer`:

- :func:`symbolic_step` -- evaluate the answer with the chapter's symbols and
  ask SymPy whether its difference from :func:`symbolic_reference` (the part's
  derived formula) is zero; every value is size-checked after each step, so
  that nothing is expanded past the limits of :mod:`~momentum_theory.answers.errors`;
- :func:`same` -- compare two exact values on an instance, calling them
  different only at guaranteed precision;
- :func:`display_symbols` -- the symbols an answer is shown in (``Q``, ``c``,
  ``x`` as ``MatrixSymbol``).
"""
from __future__ import annotations

from momentum_theory.answers._common import bounded
from momentum_theory.answers.errors import LimitError
from momentum_theory.answers.evaluation import evaluate

__all__ = ["symbolic_step", "symbolic_reference", "same", "display_symbols"]


def _expansion_estimate(tree):
    """Rough number of terms after expanding: guards the symbolic step against blow-up.

    Matrix names count as their 2x2 symbolic entries, so matrix products and
    powers grow the estimate as they grow the work.
    """
    from math import comb
    kind = tree[0]
    if kind == "num":
        return 1
    if kind == "name":
        return 4 if tree[1] in ("Q", "c", "x") else 1
    if kind in ("neg", "T", "transpose", "inv", "sqrt", "abs"):
        return _expansion_estimate(tree[1])
    a, b = _expansion_estimate(tree[1]), _expansion_estimate(tree[2])
    if kind in ("+", "-"):
        return a + b
    if kind in ("*", "/"):
        return a * b
    exponent = tree[2]
    if exponent[0] == "neg":
        exponent = exponent[1]
    if exponent[0] == "num" and exponent[1].denominator == 1:
        k = int(exponent[1])
        return comb(a + k - 1, k) if a < 10_000 else a ** 2
    return a * b


def _sym_env():
    """Chapter symbols for the symbolic comparison (the derivations' own symbols)."""
    from momentum_theory import symbolic
    from momentum_theory.noise import derive_stationary_covariance
    d = derive_stationary_covariance().symbols
    return {"eta": symbolic.eta, "lambda": symbolic.lambda_, "beta": symbolic.beta,
            "t": symbolic.t, "x0": symbolic.x0, "b": symbolic.b, "sigma": d["sigma"],
            "B": d["B"]}


def display_symbols(part):
    """The symbols a parsed answer is shown in: the chapter's, with matrix names as ``MatrixSymbol``.

    Parameters
    ----------
    part : AnswerPart
        The part checked. A condition is shown in symbols without assumptions:
        with the chapter's (positive ``eta``, ``lambda``) SymPy would turn a
        clause such as ``0 <= eta*lambda`` into ``True`` and drop it from the
        display, and it does so when the result is unpickled from its worker.

    Returns
    -------
    dict
        Name -> SymPy ``Symbol`` or ``MatrixSymbol`` (``Q`` is n x n, ``c`` and ``x`` n x 1).

    Examples
    --------
    >>> from momentum_theory.answers import find_part
    >>> symbols = display_symbols(find_part(3, "minimizer"))
    >>> symbols["Q"].shape, symbols["beta"]
    ((n, n), beta)
    >>> display_symbols(find_part(2, "region"))["eta"].is_positive is None
    True
    """
    import sympy as sp
    env = dict(_sym_env())
    if part.kind == "condition":
        env = {name: sp.Symbol(symbol.name) for name, symbol in env.items()}
    n = sp.Symbol("n", integer=True, positive=True)
    env.update({"Q": sp.MatrixSymbol("Q", n, n), "c": sp.MatrixSymbol("c", n, 1),
                "x": sp.MatrixSymbol("x", n, 1)})
    return env


_SYMBOLIC_REFERENCES = {}


def symbolic_reference(part):
    """The part's derived reference, computed once per process.

    The checker calls it in the caller, before any worker is forked, so that
    workers find it ready.

    Parameters
    ----------
    part : AnswerPart
        The part checked.

    Returns
    -------
    SymPy object or None
        The formula derived by :mod:`momentum_theory.symbolic` or
        :mod:`momentum_theory.noise`; ``None`` when the part has none
        (the conditions) or its derivation failed.

    Examples
    --------
    >>> from momentum_theory.answers import find_part
    >>> symbolic_reference(find_part(1, "effective_weight"))
    1/(1 - beta)
    >>> symbolic_reference(find_part(2, "region")) is None
    True
    """
    key = (part.exercise, part.name)
    if key not in _SYMBOLIC_REFERENCES:
        reference = None
        if part._symbolic is not None:
            try:
                reference = part._symbolic()
            except Exception:  # noqa: BLE001 - no derivation just means no symbolic step
                reference = None
        _SYMBOLIC_REFERENCES[key] = reference
    return _SYMBOLIC_REFERENCES[key]


def symbolic_step(tree, part, given):
    """Whether the difference from the derived reference simplifies to zero.

    Parameters
    ----------
    tree : tuple
        The parsed answer (:func:`~momentum_theory.answers.parse`).
    part : AnswerPart
        The part it answers.
    given : dict
        Fixed values (name -> SymPy number) substituted on both sides.

    Returns
    -------
    bool
        ``True`` is a proof; ``False`` proves nothing (the instances decide).

    Notes
    -----
    Every value is size-checked after each step (evaluation, substitution of the
    given values): a power like ``(1 - eta*lambda)^3000`` is not expanded, and the
    verdict is then left to the instances. Matrix answers are compared for a
    general symmetric 2x2 ``Q``.

    Examples
    --------
    >>> from momentum_theory.answers import find_part, parse
    >>> symbolic_step(parse("-Q^-1 c"), find_part(3, "minimizer"), {})
    True
    >>> symbolic_step(parse("x0 (1+h)^t"), find_part(2, "gd_iterate"), {})
    False
    """
    import sympy as sp
    reference = symbolic_reference(part)
    if reference is None or _expansion_estimate(tree) > (20_000 if part.kind == "matrix" else 400):
        return False
    try:
        if part.kind == "matrix":
            from momentum_theory import symbolic
            env = {"Q": symbolic.symmetric_matrix(2), "c": symbolic.vector(2, "c"),
                   "x": symbolic.vector(2, "x"), "b": symbolic.b}
            yours = evaluate(tree, env)
            if isinstance(reference, sp.MatrixBase) and reference.shape == (1, 1):
                reference = reference[0, 0]
            if isinstance(yours, sp.MatrixBase) != isinstance(reference, sp.MatrixBase):
                return False
            if isinstance(yours, sp.MatrixBase):
                return yours.shape == reference.shape and all(
                    sp.cancel(a - r) == 0 for a, r in zip(yours, reference))
            return sp.cancel(yours - reference) == 0
        env = _sym_env()
        # First as formulas in every variable: an identity then holds for any
        # given values too (x0 (1-eta lambda)^t with t = 20000 given is proved
        # without expanding the power).
        try:
            yours = bounded(evaluate(tree, env))
            if _is_zero(bounded(yours - reference)):
                return True
        except LimitError:
            pass
        if not given:
            return False
        subs = {env[k]: v for k, v in given.items()}
        yours = evaluate(tree, {**env, **{k: v for k, v in given.items()}})
        difference = yours - reference.subs(subs)
        if difference == 0:  # the same form, however large its powers
            return True
        return _is_zero(bounded(difference))
    except Exception:  # noqa: BLE001
        # The symbolic step is only a shortcut to a proof: whatever SymPy
        # cannot do here (or any error inside it) leaves the verdict to the
        # exact instances, and no SymPy traceback reaches the user.
        return False


def _is_zero(difference):
    import sympy as sp
    return sp.cancel(difference) == 0 or sp.simplify(difference) == 0


def same(yours, expected):
    """Whether two exact values on an instance are equal, and if not why.

    Parameters
    ----------
    yours, expected : SymPy number or matrix
        The answer's value and the reference's.

    Returns
    -------
    (bool, str)
        Equal or not, and the reason they differ (``"values differ"``, or the shapes).

    Raises
    ------
    LimitError
        The difference could not be evaluated precisely enough to call it nonzero.

    Examples
    --------
    >>> import sympy as sp
    >>> same(sp.sqrt(8), 2 * sp.sqrt(2))
    (True, 'values differ')
    >>> same(sp.ImmutableMatrix([1, 2]), sp.Integer(1))
    (False, 'your answer is a 2x1 matrix, the reference is a scalar')
    """
    import sympy as sp
    ym, em = isinstance(yours, sp.MatrixBase), isinstance(expected, sp.MatrixBase)
    if ym or em:
        if ym != em or yours.shape != expected.shape:
            return False, (f"your answer is {_shape_words(yours)}, the reference is "
                           f"{_shape_words(expected)}")
        return all(same(a, e)[0] for a, e in zip(yours, expected)), "values differ"
    if yours.is_Rational and expected.is_Rational:
        return yours == expected, "values differ"
    difference = bounded(yours - expected)
    if difference == 0:
        return True, "values differ"
    # No tolerance: "equal" needs an exact zero, "different" a nonzero value at
    # guaranteed precision; anything else is "too large to decide".
    try:
        d = difference.evalf(30, strict=True)
    except (ArithmeticError, ValueError, TypeError):
        d = None
    if d is not None and d.is_number and d != 0:
        return False, "values differ"
    if d is not None and not d.is_number:
        return False, "your answer does not evaluate to a number"
    try:
        zero = bounded(sp.simplify(difference)) == 0 or difference.equals(0) is True
    except (ArithmeticError, ValueError, TypeError) as exc:
        raise LimitError("the difference from the reference could not be decided exactly") \
            from exc
    if zero:
        return True, "values differ"
    raise LimitError("the difference from the reference could not be evaluated "
                     "precisely enough to call it 0 or not")


def _shape_words(value):
    import sympy as sp
    if isinstance(value, sp.MatrixBase):
        return f"a {value.rows}x{value.cols} matrix"
    return "a scalar"
