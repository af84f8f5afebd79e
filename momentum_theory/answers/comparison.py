"""Comparing an answer with the reference: the symbolic step and exact equality.

Helpers of :func:`momentum_theory.answers.check_answer`. The symbolic step
evaluates the answer with the chapter's symbols and asks SymPy whether its
difference from the derived reference is zero; every value is size-checked
after each step, so that nothing is expanded past the limits of
:mod:`momentum_theory.answer_parsing`. :func:`_same` compares two exact values
on an instance, and calls them different only at guaranteed precision.
"""
from __future__ import annotations

from momentum_theory.answer_evaluation import _bounded, evaluate
from momentum_theory.answer_parsing import LimitError
from momentum_theory.answer_parts import _sym_env

__all__ = []


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


def _display_symbols(part):
    import sympy as sp
    env = dict(_sym_env())
    n = sp.Symbol("n", integer=True, positive=True)
    env.update({"Q": sp.MatrixSymbol("Q", n, n), "c": sp.MatrixSymbol("c", n, 1),
                "x": sp.MatrixSymbol("x", n, 1)})
    return env


_SYMBOLIC_REFERENCES = {}


def _symbolic_reference(part):
    """The part's derived reference, computed once per process (in the caller, before
    any worker is forked, so that workers find it ready); None when there is none."""
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


def _symbolic_step(tree, part, given):
    """True when the difference from the derived reference simplifies to zero.

    Every value is size-checked after each step (evaluation, substitution of the
    given values): a power like ``(1 - eta*lambda)^3000`` is not expanded, and the
    verdict is then left to the instances.
    """
    import sympy as sp
    reference = _symbolic_reference(part)
    if reference is None or _expansion_estimate(tree) > 400:
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
        subs = {env[k]: v for k, v in given.items()}
        yours = _bounded(_bounded(evaluate(tree, env)).subs(subs))
        difference = _bounded(yours - _bounded(reference.subs(subs)))
        return sp.cancel(difference) == 0 or sp.simplify(difference) == 0
    except Exception:  # noqa: BLE001
        # The symbolic step is only a shortcut to a proof: whatever SymPy
        # cannot do here (or any error inside it) leaves the verdict to the
        # exact instances, and no SymPy traceback reaches the user.
        return False


def _same(yours, expected):
    """(equal?, reason) for two exact values."""
    import sympy as sp
    ym, em = isinstance(yours, sp.MatrixBase), isinstance(expected, sp.MatrixBase)
    if ym or em:
        if ym != em or yours.shape != expected.shape:
            return False, (f"your answer is {_shape_words(yours)}, the reference is "
                           f"{_shape_words(expected)}")
        return all(_same(a, e)[0] for a, e in zip(yours, expected)), "values differ"
    if yours.is_Rational and expected.is_Rational:
        return yours == expected, "values differ"
    difference = _bounded(yours - expected)
    if difference == 0:
        return True, "values differ"
    d = sp.N(difference, 60)
    if not d.is_number:
        return False, "your answer does not evaluate to a number"
    scale = 1 + abs(sp.N(expected, 60))
    if abs(d) <= sp.Float("1e-40", 60) * scale:
        return True, "values differ"
    # "Wrong" must be certain: the difference must be nonzero at guaranteed precision.
    try:
        difference.evalf(30, strict=True)
    except (ArithmeticError, ValueError) as exc:
        raise LimitError("the difference from the reference could not be evaluated "
                         "precisely enough") from exc
    return False, "values differ"


def _shape_words(value):
    import sympy as sp
    if isinstance(value, sp.MatrixBase):
        return f"a {value.rows}x{value.cols} matrix"
    return "a scalar"
