r"""Checking typed answers to the chapter's exercises.

:func:`check_answer` takes an answer (a string, or a SymPy object) for one
checkable part (:func:`answer_parts` lists them) and decides whether it is
right in two ways:

1. *Symbolic*: the answer, built as a SymPy expression, is compared with the
   reference derived in :mod:`momentum_theory.symbolic` (or
   :mod:`momentum_theory.noise`); a difference that simplifies to zero is a
   proof (for matrix answers: a proof for a general symmetric 2x2 ``Q``).
2. *Concrete instances*: the answer is evaluated with exact rational
   arithmetic on small instances first (a 1x1 or 2x2 ``Q`` with small
   integers, simple fractions for ``eta``, ``beta`` ...) and then on random
   ones (random symmetric positive definite ``Q`` up to 4x4, random
   parameters inside the stability region), and compared with a reference
   computed from the problem itself on that instance: the exact solution of
   :math:`\nabla h = 0`, ``t`` iterations of gradient descent, the exact
   spectral radius of :math:`R`, the exact solution of the Lyapunov equation.

An answer is correct when it agrees on every instance; the first instance
where it disagrees (the smallest, by construction of the order) is returned
as the counterexample. An answer that cannot be used (syntax, a name or a
size that is not allowed) raises :class:`AnswerError`; strings are never
executed (see :mod:`momentum_theory.answer_parsing`).

Examples
--------
>>> r = check_answer(3, "minimizer", "-inv(Q)*c")
>>> r.correct
True
>>> r = check_answer(3, "minimizer", "Q^-1 c")
>>> r.correct, r.counterexample["Q"], r.counterexample["c"]
(False, [[1]], [[1]])
"""
from __future__ import annotations

import random
from dataclasses import dataclass

from momentum_theory.answer_evaluation import evaluate, holds, to_sympy
from momentum_theory.answer_parsing import AnswerError, EvaluationError, free_names, is_condition, parse
from momentum_theory.answer_parts import AnswerPart, _plain, _sym_env, answer_parts, find_part

__all__ = ["AnswerError", "AnswerPart", "CheckResult", "answer_parts", "check_answer",
           "find_part"]


@dataclass(frozen=True)
class CheckResult:
    """The verdict on one typed answer.

    Attributes
    ----------
    exercise, part : int, str
        What was checked.
    correct : bool
        Whether the answer agrees with the reference on every instance.
    explanation : str
        One or two sentences: how it was decided.
    counterexample : dict or None
        When wrong: the instance (variable -> value; matrices as nested
        lists, fractions as ``"p/q"`` strings) with ``expected`` and ``yours``.
    parsed : SymPy object or None
        The answer as SymPy read it (matrix names as ``MatrixSymbol``).
    """

    exercise: int
    part: str
    correct: bool
    explanation: str
    counterexample: dict | None = None
    parsed: object | None = None

    def summary(self) -> str:
        """A few lines for a terminal."""
        lines = [f"exercise {self.exercise}, part {self.part}: "
                 f"{'correct' if self.correct else 'wrong'}"]
        if self.parsed is not None:
            lines.append(f"  read as: {self.parsed}")
        lines.append(f"  {self.explanation}")
        if self.counterexample:
            lines.append("  counterexample:")
            width = max(len(k) for k in self.counterexample)
            for key, value in self.counterexample.items():
                lines.append(f"    {key:<{width}} = {value}")
        return "\n".join(lines)

    __str__ = summary


# -- checking -------------------------------------------------------------------------

def _answer_text(answer):
    import numbers
    if isinstance(answer, str):
        return answer
    if isinstance(answer, bool) or answer is None:
        raise TypeError(f"answer must be a string or a SymPy expression, got {type(answer).__name__}")
    if isinstance(answer, numbers.Real):
        return str(answer)
    try:
        import sympy as sp
    except ImportError:  # pragma: no cover
        sp = None
    if sp is not None and isinstance(answer, (sp.Basic, sp.MatrixBase)):
        # A SymPy object is turned into text and read by the same safe parser,
        # so it goes through the same allow-list as a typed answer.
        # A 1x1 matrix expression printed as (c.T*Q**(-1)*c)[0, 0] is a scalar
        # already: the parser collapses 1x1 matrices itself.
        return sp.sstr(answer).replace("[0, 0]", "")
    raise TypeError(f"answer must be a string or a SymPy expression, got {type(answer).__name__}")


def _given_values(part, given):
    if given is None:
        return {}
    if not isinstance(given, dict):
        raise TypeError(f"given must be a dict of name -> value, got {type(given).__name__}")
    out = {}
    for name, value in given.items():
        if name not in part.variables or name == "h" or part.kind == "matrix":
            raise ValueError(f"given: {name!r} cannot be fixed for part {part.name!r}; "
                             f"its scalar variables: {', '.join(v for v in part.variables if v != 'h')}")
        tree = parse(str(value))
        try:
            number = evaluate(tree, {})
        except EvaluationError:
            raise ValueError(f"given: {name} must be a number, got {value!r}") from None
        if not number.is_Rational:
            raise ValueError(f"given: {name} must be a rational number, got {value!r}")
        _check_domain(name, number)
        out[name] = number
    return out


def _check_domain(name, value):
    ok = {"beta": 0 <= value < 1, "eta": value > 0, "lambda": value > 0, "sigma": value >= 0,
          "B": value >= 1 and value.is_Integer, "t": value >= 0 and value.is_Integer,
          "x0": True}[name]
    if not ok:
        domain = {"beta": "0 <= beta < 1", "eta": "eta > 0", "lambda": "lambda > 0",
                  "sigma": "sigma >= 0", "B": "an integer B >= 1",
                  "t": "an integer t >= 0"}[name]
        raise ValueError(f"given: {name} = {value} is outside the domain ({domain})")


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


def _symbolic_step(tree, part, given):
    """True when the difference from the derived reference simplifies to zero."""
    import sympy as sp
    if part._symbolic is None or _expansion_estimate(tree) > 400:
        return False
    try:
        reference = part._symbolic()
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
        yours = evaluate(tree, env).subs(subs)
        difference = yours - reference.subs(subs)
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
    d = sp.N(yours - expected, 60)
    if not d.is_number:
        return False, "your answer does not evaluate to a number"
    scale = 1 + abs(sp.N(expected, 60))
    return bool(abs(d) <= sp.Float("1e-40", 60) * scale), "values differ"


def _shape_words(value):
    import sympy as sp
    if isinstance(value, sp.MatrixBase):
        return f"a {value.rows}x{value.cols} matrix"
    return "a scalar"


def check_answer(exercise, part, answer, *, given=None, seed=0):
    r"""Check a typed answer to one part of an exercise.

    Parameters
    ----------
    exercise : int
        1 to 4.
    part : str
        A part name from :func:`answer_parts` (``momentum-theory check --list``).
    answer : str or SymPy object
        The answer, e.g. ``"-Q^-1 c"``, ``"b - 1/2 c^T Q^{-1} c"``,
        ``"(1-eta*lambda)^t*x0"``, ``"0 < eta*lambda < 2 + 2*beta"``,
        ``"(0, 2+2*beta)"``. The grammar is in
        :mod:`momentum_theory.answer_parsing`.
    given : dict, optional
        Fixed values for some scalar variables, e.g. ``{"beta": "0.9"}``:
        the answer then only has to be right for that value.
    seed : int
        Seed of the random instances (the verdict does not depend on it for
        a correct answer).

    Returns
    -------
    CheckResult

    Raises
    ------
    AnswerError
        A ``ValueError``: the answer cannot be used (syntax, a name, a size or
        a kind of answer that is not allowed); the message says what.
    ValueError, TypeError
        Unknown exercise/part, or a bad ``given``.

    Examples
    --------
    >>> check_answer(2, "gd_iterate", "x0*(1 - lambda*eta)**t").correct
    True
    >>> r = check_answer(2, "region", "0 <= eta*lambda < 2 + 2*beta")
    >>> r.correct, r.counterexample["eta"], r.counterexample["expected"]
    (False, 0, False)
    >>> check_answer(2, "region", "(0, 3.8)", given={"beta": "0.9"}).correct
    True
    """
    spec = find_part(exercise, part)
    text = _answer_text(answer)
    tree = parse(text)
    allowed = set(spec.variables)
    if {"eta", "lambda"} <= allowed:
        allowed.add("h")  # h is shorthand for eta*lambda wherever both exist
    unknown = sorted(free_names(tree) - allowed)
    if unknown:
        raise AnswerError(f"{', '.join(repr(u) for u in unknown)} not allowed in exercise "
                          f"{spec.exercise} part {spec.name}; its variables: "
                          f"{', '.join(spec.variables)}")
    if (spec.kind == "condition") != is_condition(tree):
        if spec.kind == "condition":
            raise AnswerError(f"part {spec.name} expects an inequality such as "
                              "'0 < eta*lambda < ...' or an interval such as '(0, ...)'")
        raise AnswerError(f"part {spec.name} expects an expression, not an inequality or interval")
    fixed = _given_values(spec, given)
    try:
        parsed = to_sympy(tree, _display_symbols(spec))
    except (EvaluationError, AnswerError):
        parsed = None
    proved = False if spec.kind == "condition" else _symbolic_step(tree, spec, fixed)

    rng = random.Random(seed)
    instances = spec._instances(rng, fixed)
    for inst in instances:
        expected = spec._reference(inst)
        try:
            yours = holds(tree, inst) if spec.kind == "condition" else evaluate(tree, inst)
        except (EvaluationError, ArithmeticError, TypeError, ValueError) as exc:
            return _wrong(spec, inst, expected, f"cannot be evaluated: {exc}", parsed,
                          f"Your answer has no value on this instance ({exc}).")
        if spec.kind == "condition":
            equal, reason = yours == expected, "the condition gives the wrong verdict"
        else:
            equal, reason = _same(yours, expected)
        if not equal:
            note = (" (SymPy simplified the difference to 0, so the two agree as formulas "
                    "but not on this instance of the domain)" if proved else "")
            return _wrong(spec, inst, expected, yours, parsed,
                          f"It differs from the reference on the instance below: {reason}.{note}")
    n = len(instances)
    if spec.kind == "condition":
        how = (f"It agrees with the exact convergence test on all {n} points "
               "(eta, lambda, beta), including points on and next to the edges.")
    elif proved and spec.kind == "matrix":
        how = (f"Proved equal for a general symmetric 2x2 Q with SymPy, and equal on all {n} "
               "exact instances (Q up to 4x4).")
    elif proved:
        how = f"Proved equal with SymPy, and equal on all {n} exact instances."
    else:
        how = (f"Equal on all {n} exact instances (small ones and random ones); symbolic "
               "simplification did not settle it by itself.")
    return CheckResult(spec.exercise, spec.name, True, how, None, parsed)


def _wrong(spec, inst, expected, yours, parsed, explanation):
    example = {k: _plain(v) for k, v in inst.items()}
    if spec.kind == "condition":
        example["eta*lambda"] = _plain(inst["eta"] * inst["lambda"])
    example["expected"] = _plain(expected) if not isinstance(expected, bool) else expected
    example["yours"] = yours if isinstance(yours, (bool, str)) else _plain(yours)
    return CheckResult(spec.exercise, spec.name, False, explanation, example, parsed)
