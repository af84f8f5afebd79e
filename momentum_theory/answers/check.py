r"""Deciding typed answers within a budget: :func:`check_answer`, :func:`check_answers`.

- :func:`check_answer` -- one answer to one part; a :class:`~momentum_theory.answers.CheckResult`;
- :func:`check_answers` -- many answers, several workers at a time;
- :data:`TIME_LIMIT`, :data:`MEMORY_LIMIT` -- the default budget (2 s, 200 MiB).

How it decides
--------------
An answer is read and vetted in the caller first (:func:`~momentum_theory.answers.parse`,
its names, its kind); one that cannot be used raises
:class:`~momentum_theory.answers.AnswerError` before any work is done. Then:

1. *Symbolic*: the answer, built as a SymPy expression, is compared with the
   reference derived in :mod:`momentum_theory.symbolic` (or
   :mod:`momentum_theory.noise`); a difference that simplifies to zero is a
   proof (for matrix answers: a proof for a general symmetric 2x2 ``Q``).
2. *Concrete instances*: the answer is evaluated with exact rational
   arithmetic on small instances first and then on random ones, and compared
   with a reference computed from the problem itself on that instance
   (:mod:`~momentum_theory.answers.parts`).

The verdict is ``"correct"`` only with a proof: for a formula, the symbolic
step of 1. (an identity in every variable proves it for any given values);
for a region, an exact comparison of the two regions as sets
(:mod:`~momentum_theory.answers.regions`). It is ``"wrong"`` when it differs on
some instance or sample point (the first one is the counterexample; for a
region, :attr:`CheckResult.boundary` says which boundary it violates), and
``"undecided"`` otherwise (not proved, a value too large to compute exactly,
or the budget ran out). Instances only find counterexamples: agreeing on all
of them is not a proof, and values are compared exactly (no tolerance).

Budget
------
Every decision runs in a worker process forked from the caller
(:mod:`~momentum_theory.answers.workers`), with :data:`TIME_LIMIT` seconds of
wall-clock time (``time_limit=``) and :data:`MEMORY_LIMIT` bytes of address
space beyond what the caller already uses (``memory_limit=``; ``RLIMIT_AS``),
plus a CPU-time limit (``RLIMIT_CPU``) as a backstop. A worker that reaches
the limit is killed and the verdict is ``"undecided"``: signals cannot
interrupt the big-integer arithmetic of CPython, a killed process can. Inside
the worker, the symbolic step gets about half of the time and stops early on
its own (SymPy is pure Python, so a timer signal does reach it); the instances
get the rest. Forking the already-imported caller costs a few milliseconds;
the references that do not depend on the answer are derived once per process
in the caller, before the fork. On a platform without ``os.fork`` the decision
runs in the calling process, with the size limits and the timer only.

Examples
--------
>>> r = check_answer(3, "minimizer", "-inv(Q)*c")
>>> r.verdict, r.correct
('correct', True)
>>> r = check_answer(3, "minimizer", "Q^-1 c")
>>> r.correct, r.counterexample["Q"], r.counterexample["c"]
(False, [[1]], [[1]])
>>> r = check_answer(2, "gd_iterate", "x0 (1+h)^t", given={"t": "10^9"})
>>> r.verdict, r.correct
('undecided', None)
"""
from __future__ import annotations

import math
import os
import random
import time
from dataclasses import dataclass, replace

from momentum_theory.answers.comparison import (display_symbols, same, symbolic_reference,
                                                symbolic_step)
from momentum_theory.answers.errors import AnswerError, EvaluationError, LimitError
from momentum_theory.answers.evaluation import evaluate, holds, to_sympy
from momentum_theory.answers.parsing import free_names, is_condition, parse
from momentum_theory.answers.parts import AnswerPart, find_part
from momentum_theory.answers.result import CheckResult
from momentum_theory.answers.workers import OutOfTime, Timer, run_in_workers

__all__ = ["check_answer", "check_answers", "TIME_LIMIT", "MEMORY_LIMIT"]

#: Wall-clock seconds one decision may take (the default of ``time_limit=``).
TIME_LIMIT = 2.0
#: Bytes of address space one decision may add to the caller's (``memory_limit=``).
MEMORY_LIMIT = 200 * 2**20

# Shares of the time limit, from the start of the worker: the symbolic step
# stops at the first, the instances at the second; the caller kills the worker
# at the full limit whatever it is doing.
_SYMBOLIC_SHARE = 0.45
_INSTANCE_SHARE = 0.85


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


# -- preparing: everything that needs no budget happens in the caller -----------------

@dataclass(frozen=True)
class _Task:
    spec: AnswerPart
    tree: tuple
    fixed: dict


def _prepare(exercise, part, answer, given):
    """Read and vet one answer; raises AnswerError / ValueError / TypeError at once.

    Parsing is linear in the (bounded) length of the answer, so this is instant;
    nothing here depends on how large the answer's values would become.
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
    return _Task(spec, tree, _given_values(spec, given))


_INSTANCES = {}


def _warm(task, seed):
    """Work that does not depend on the answer, done once per process in the caller:
    the derived reference, the display symbols and (without given values) the
    instances with their references. Forked workers inherit all of it."""
    spec = task.spec
    if spec.kind != "condition":
        symbolic_reference(spec)
    if spec.kind == "matrix":
        from momentum_theory import symbolic
        symbolic.symmetric_matrix(2), symbolic.vector(2, "c"), symbolic.vector(2, "x")
    display_symbols(spec)
    key = (spec.exercise, spec.name, seed)
    if not task.fixed and key not in _INSTANCES:
        instances = spec._instances(random.Random(seed), {})
        _INSTANCES[key] = [(inst, spec._reference(inst)) for inst in instances]


def _instance_pairs(task, seed):
    """(instance, reference or a LimitError) pairs, references computed lazily."""
    spec = task.spec
    cached = None if task.fixed else _INSTANCES.get((spec.exercise, spec.name, seed))
    if cached is not None:
        yield from cached
        return
    for inst in spec._instances(random.Random(seed), dict(task.fixed)):
        try:
            yield inst, spec._reference(inst)
        except LimitError as exc:
            yield inst, exc


# -- deciding: the part that runs under the budget ---------------------------------------

def _decide(task, seed, time_limit, start):
    """The verdict on a prepared answer; stops itself near ``start + time_limit``."""
    spec, tree, fixed = task.spec, task.tree, task.fixed
    progress = _Progress()
    with Timer() as timer:
        proved, symbolic_note, parsed = False, "", None
        try:
            timer.at(start + _SYMBOLIC_SHARE * time_limit)
            try:
                parsed = to_sympy(tree, display_symbols(spec))
            except (EvaluationError, AnswerError):
                parsed = None
            if spec.kind != "condition":
                proved = symbolic_step(tree, spec, fixed)
        except OutOfTime:
            symbolic_note = " (the symbolic step ran out of its share of the time)"
        finally:
            timer.cancel()
        timer.at(start + _INSTANCE_SHARE * time_limit)
        try:
            return _decide_on_instances(task, seed, parsed, proved, symbolic_note, progress)
        except OutOfTime:
            return _undecided(spec, parsed,
                              f"Could not decide within the time limit of {time_limit:g} s: "
                              f"{progress.text}.")
        finally:
            timer.cancel()


class _Progress:
    """How far the instances got, for the message when time runs out."""
    text = "it was stopped before the first instance was decided"


def _decide_on_instances(task, seed, parsed, proved, symbolic_note, progress):
    spec, tree = task.spec, task.tree
    agreed, skipped, total = 0, [], 0
    for inst, expected in _instance_pairs(task, seed):
        total += 1
        if isinstance(expected, LimitError):
            skipped.append(f"the reference: {expected}")
            continue
        try:
            yours = holds(tree, inst) if spec.kind == "condition" else evaluate(tree, inst)
            if spec.kind == "condition":
                equal, reason = yours == expected, "the condition gives the wrong verdict"
            else:
                equal, reason = same(yours, expected)
        except LimitError as exc:
            skipped.append(f"your answer: {exc}")
            continue
        except (EvaluationError, ArithmeticError, TypeError, ValueError) as exc:
            return _wrong(spec, inst, expected, f"cannot be evaluated: {exc}", parsed,
                          f"Your answer has no value on this instance ({exc}).")
        if not equal and spec.kind == "condition":
            return _decide_region_wrong(spec, tree, inst, expected, yours, parsed)
        if not equal:
            note = (" (SymPy simplified the difference to 0, so the two agree as formulas "
                    "but not on this instance of the domain)" if proved else "")
            return _wrong(spec, inst, expected, yours, parsed,
                          f"It differs from the reference on the instance below: {reason}.{note}")
        agreed += 1
        progress.text = (f"your answer agreed with the reference on the {agreed} instances "
                          "checked so far, and no counterexample was found")
    n = total
    if spec.kind == "condition":
        if skipped:
            return _undecided(spec, parsed,
                              f"Could not decide: on {len(skipped)} of {n} points a comparison "
                              f"could not be settled exactly (first: {skipped[0]}); it agreed "
                              f"with the exact convergence test on the other {agreed}.")
        return _decide_region_exactly(task, parsed, n)
    if skipped and not proved:
        return _undecided(spec, parsed,
                          f"Could not decide: on {len(skipped)} of {n} instances a value is too "
                          f"large to compute exactly (first: {skipped[0]}); it agreed with the "
                          f"reference on the other {agreed}, and SymPy did not prove the two "
                          f"formulas equal{symbolic_note}.")
    if not proved:
        return _undecided(spec, parsed,
                          f"Could not decide: equal on all {n} exact instances, but SymPy did "
                          f"not prove the difference from the derived formula to be 0 within "
                          f"the budget{symbolic_note}, and agreeing on instances is no proof.")
    if spec.kind == "matrix":
        how = (f"Proved equal for a general symmetric 2x2 Q with SymPy, and equal on all {n} "
               "exact instances (Q up to 4x4).")
    elif skipped:
        how = (f"Proved equal with SymPy (the difference from the derived formula is exactly "
               f"0), and equal on the {agreed} of {n} exact instances small enough to compute.")
    else:
        how = f"Proved equal with SymPy, and equal on all {n} exact instances."
    return CheckResult(spec.exercise, spec.name, "correct", how, None, parsed)


def _decide_region_wrong(spec, tree, inst, expected, yours, parsed):
    from momentum_theory.answers.regions import violated_boundary
    where = violated_boundary(spec, inst)
    if not yours:
        failing = _failing_clauses(tree, inst)
        if failing:
            where += f"; your boundary {failing} excludes it"
    method = "gradient descent" if spec.name == "gd_region" else "momentum"
    says = (f"your condition holds there, but {method} does not converge" if yours
            else f"{method} converges there, but your condition is false")
    result = _wrong(spec, inst, expected, yours, parsed,
                    f"It gives the wrong verdict at the point below ({says}).")
    return replace(result, boundary=where)


def _failing_clauses(tree, inst):
    """The answer's clauses (as text) that are false at a point."""
    import sympy as sp
    clauses = []
    for clause in (tree[1] if tree[0] == "and" else (tree,)):
        if clause[0] == "rel":
            clauses += [("rel", pair, (op,)) for op, pair in
                        zip(clause[2], zip(clause[1], clause[1][1:]))]
        else:
            _, x, lo, lo_closed, hi, hi_closed = clause
            x = x if x is not None else ("name", "h")
            clauses += [("rel", (lo, x), ("<=" if lo_closed else "<",)),
                        ("rel", (x, hi), ("<=" if hi_closed else "<",))]
    names = {n: sp.Symbol(n) for n in ("eta", "lambda", "beta")}
    names["h"] = sp.Symbol("h")
    out = []
    for clause in clauses:
        try:
            if not holds(clause, inst):
                out.append(sp.sstr(to_sympy(clause, names)).replace("lambda", "lambda"))
        except (EvaluationError, AnswerError):
            continue
    return " and ".join(out)


def _decide_region_exactly(task, parsed, n):
    """After the points agreed: compare the regions as sets (:mod:`.regions`)."""
    from momentum_theory.answers.regions import decide_region
    spec = task.spec
    try:
        outcome = decide_region(task.tree, spec, dict(task.fixed))
    except (ArithmeticError, ValueError, TypeError, RecursionError) as exc:
        # Anything SymPy cannot do with these boundaries leaves the question open.
        outcome = ("unknown", f"SymPy could not handle its boundaries ({type(exc).__name__})")
    if outcome[0] == "equal":
        return CheckResult(spec.exercise, spec.name, "correct",
                           f"Equal to the derived region as sets: {outcome[1]}; it also agrees "
                           f"with the exact convergence test on all {n} test points.",
                           None, parsed)
    if outcome[0] == "differ":
        _, inst, yours, expected = outcome
        if isinstance(yours, str):  # the answer has no value there
            return _wrong(spec, inst, expected, yours, parsed,
                          f"Your condition cannot be evaluated at the point below: {yours}.")
        return _decide_region_wrong(spec, task.tree, inst, expected, yours, parsed)
    return _undecided(spec, parsed,
                      f"Could not decide: it agrees with the exact convergence test on all {n} "
                      f"test points, but the regions could not be compared exactly: "
                      f"{outcome[1]}.")


def _plain(value):
    """A SymPy value as plain Python for the counterexample dict."""
    import sympy as sp
    if isinstance(value, sp.MatrixBase):
        return [[_plain(value[i, j]) for j in range(value.cols)] for i in range(value.rows)]
    if isinstance(value, bool):
        return value
    if value.is_Rational and int(value.p).bit_length() + int(value.q).bit_length() > _PLAIN_BITS:
        digits = int((int(value.p).bit_length() + int(value.q).bit_length()) * 0.30103) + 1
        return f"(an exact number of about {digits} digits)"
    if value.is_Integer:
        return int(value)
    if value.is_Rational:
        return f"{value.p}/{value.q}"
    text = str(value)
    return text if len(text) <= 400 else text[:397] + "..."


#: Exact numbers larger than this (bits) are described, not written out, in a
#: counterexample: nobody reads them, and str() of a huge integer is slow.
_PLAIN_BITS = 2000



def _wrong(spec, inst, expected, yours, parsed, explanation):
    example = {k: _plain(v) for k, v in inst.items()}
    if spec.kind == "condition":
        example["eta*lambda"] = _plain(inst["eta"] * inst["lambda"])
    example["expected"] = _plain(expected) if not isinstance(expected, bool) else expected
    example["yours"] = yours if isinstance(yours, (bool, str)) else _plain(yours)
    return CheckResult(spec.exercise, spec.name, "wrong", explanation, example, parsed)


def _undecided(spec, parsed, explanation):
    return CheckResult(spec.exercise, spec.name, "undecided", explanation, None, parsed)


def _check_limits(time_limit, memory_limit, jobs):
    import numbers
    if isinstance(time_limit, bool) or not isinstance(time_limit, numbers.Real) \
            or not math.isfinite(time_limit) or not 0 < time_limit <= 3600:
        raise ValueError(f"time_limit must be a number of seconds in (0, 3600], got {time_limit!r}")
    if isinstance(memory_limit, bool) or not isinstance(memory_limit, numbers.Integral) \
            or not 2**20 <= memory_limit <= 2**40:
        raise ValueError("memory_limit must be a whole number of bytes from 1 MiB to 1 TiB, "
                         f"got {memory_limit!r}")
    if jobs is not None and (isinstance(jobs, bool) or not isinstance(jobs, numbers.Integral)
                             or not 1 <= jobs <= 64):
        raise ValueError(f"jobs must be a whole number from 1 to 64, got {jobs!r}")


# -- the public functions ----------------------------------------------------------------------

def check_answer(exercise, part, answer, *, given=None, seed=0, time_limit=TIME_LIMIT,
                 memory_limit=MEMORY_LIMIT):
    r"""Check a typed answer to one part of an exercise.

    Parameters
    ----------
    exercise : int or str
        The chapter's exercise number (3, 4) or a topic (``"leaky-averages"``,
        ``"scalar-functions"``, ``"quadratic"``, ``"stochastic"``); the
        checker's original numbers 1 to 4 stay aliases.
    part : str
        A part name from :func:`~momentum_theory.answers.answer_parts`
        (``momentum-theory check --list``).
    answer : str or SymPy object
        The answer, e.g. ``"-Q^-1 c"``, ``"b - 1/2 c^T Q^{-1} c"``,
        ``"(1-eta*lambda)^t*x0"``, ``"0 < eta*lambda < 2 + 2*beta"``,
        ``"(0, 2+2*beta)"``. The grammar is in
        :mod:`momentum_theory.answers.parsing`.
    given : dict, optional
        Fixed values for some scalar variables, e.g. ``{"beta": "0.9"}``:
        the answer then only has to be right for that value.
    seed : int
        Seed of the random instances (the verdict does not depend on it for
        a correct answer).
    time_limit : float
        Wall-clock seconds the decision may take (default :data:`TIME_LIMIT`,
        2 s); past it the verdict is ``"undecided"``.
    memory_limit : int
        Bytes of address space the decision may add (default
        :data:`MEMORY_LIMIT`, 200 MiB); past it the verdict is ``"undecided"``.

    Returns
    -------
    CheckResult
        ``verdict`` is ``"correct"``, ``"wrong"`` or ``"undecided"``;
        ``correct`` is ``True``, ``False`` or ``None`` accordingly.

    Raises
    ------
    AnswerError
        A ``ValueError``: the answer cannot be used (syntax, a name, a size or
        a kind of answer that is not allowed); the message says what. Raised
        at once, before any worker starts.
    ValueError, TypeError
        Unknown exercise/part, a bad ``given``, ``time_limit`` or ``memory_limit``.

    Examples
    --------
    >>> check_answer(2, "gd_iterate", "x0*(1 - lambda*eta)**t").correct
    True
    >>> r = check_answer(2, "region", "0 <= eta*lambda < 2 + 2*beta")
    >>> r.correct, r.counterexample["eta"], r.counterexample["expected"]
    (False, 0, False)
    >>> check_answer(2, "region", "(0, 3.8)", given={"beta": "0.9"}).correct
    True
    >>> check_answer(2, "gd_iterate", "(1-eta*lambda)^t*x0", given={"t": "3000"}).verdict
    'correct'
    """
    _check_limits(time_limit, memory_limit, None)
    task = _prepare(exercise, part, answer, given)
    return _run([(0, task)], seed, time_limit, memory_limit, 1)[0]


def check_answers(items, *, seed=0, time_limit=TIME_LIMIT, memory_limit=MEMORY_LIMIT,
                  jobs=None):
    """Check many answers, each in its own worker under the same budget.

    Parameters
    ----------
    items : iterable of tuples
        ``(exercise, part, answer)`` or ``(exercise, part, answer, given)``.
    seed, time_limit, memory_limit
        As for :func:`check_answer`, for every item.
    jobs : int, optional
        Workers running at the same time (default: the number of CPUs, at most 4).

    Returns
    -------
    list
        One entry per item, in order: its :class:`CheckResult`, or the
        :class:`AnswerError` / ``ValueError`` / ``TypeError`` that
        :func:`check_answer` would have raised for it (unusable answers are
        rejected in the caller without starting a worker).

    Examples
    --------
    >>> out = check_answers([(3, "minimizer", "-Q^-1 c"), (3, "minimizer", "import os"),
    ...                      (1, "effective_weight", "1/(1+beta)")])
    >>> out[0].verdict, type(out[1]).__name__, out[2].verdict
    ('correct', 'AnswerError', 'wrong')
    """
    _check_limits(time_limit, memory_limit, jobs)
    if isinstance(items, (str, bytes)) or not hasattr(items, "__iter__"):
        raise TypeError(f"items must be an iterable of (exercise, part, answer[, given]) tuples, "
                        f"got {type(items).__name__}")
    outcomes, tasks = [], []
    for index, item in enumerate(items):
        if not isinstance(item, (tuple, list)) or len(item) not in (3, 4):
            raise TypeError(f"items[{index}] must be (exercise, part, answer) or "
                            f"(exercise, part, answer, given), got {item!r:.80}")
        exercise, part, answer, *rest = item
        try:
            tasks.append((index, _prepare(exercise, part, answer, rest[0] if rest else None)))
            outcomes.append(None)
        except (ValueError, TypeError) as exc:
            outcomes.append(exc)
    if jobs is None:
        jobs = max(1, min(4, os.cpu_count() or 1))
    for index, result in _run(tasks, seed, time_limit, memory_limit, jobs).items():
        outcomes[index] = result
    return outcomes


def _run(tasks, seed, time_limit, memory_limit, jobs):
    for _, task in tasks:
        _warm(task, seed)
    if hasattr(os, "fork"):
        def decide(task, start):  # runs in the worker; _decide is looked up there
            return _decide(task, seed, time_limit, start)

        results = {}
        outcomes = run_in_workers(tasks, decide, time_limit, memory_limit, jobs)
        for index, task in tasks:
            kind, value, seconds = outcomes[index]
            if kind == "result":
                results[index] = replace(value, seconds=seconds, label=task.spec.label)
            elif value == "time":
                results[index] = replace(_undecided(
                    task.spec, None, f"Could not decide within the time limit of "
                    f"{time_limit:g} s (the computation was stopped)."), seconds=seconds,
                    label=task.spec.label)
            else:
                results[index] = replace(_undecided(task.spec, None, f"Could not decide: {value}."),
                                         seconds=seconds, label=task.spec.label)
        return results
    # No fork (Windows): in this process, with the size limits and the timer only.
    results = {}  # pragma: no cover
    for index, task in tasks:  # pragma: no cover
        start = time.monotonic()
        results[index] = replace(_decide(task, seed, time_limit, start),
                                 seconds=time.monotonic() - start, label=task.spec.label)
    return results  # pragma: no cover
