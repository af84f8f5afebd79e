r"""Exercise 3: the minimizer and the minimum of :math:`h(x) = \tfrac12 x^\top Q x + x^\top c + b`.

:func:`exercise_3` derives both with SymPy for an explicit symmetric
:math:`Q` (:func:`momentum_theory.symbolic.quadratic`), confirms them by
numerical minimisation of a random instance, and runs typed forms of the
answers through :func:`~momentum_theory.answers.check_answer`, whose
reference this is. The exercise is algebra: it has no figure.

Contents
--------
- :data:`NUMBER`, :data:`TITLE` -- the exercise's number and title.
- :class:`QuadraticSolution` -- the result; ``str()`` is its summary, and it
  renders as LaTeX (``latex()``, ``_repr_latex_``) in Jupyter.
- :func:`exercise_3` -- derive and confirm.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from momentum_theory import _validation as _v
from momentum_theory.exercises._common import html_result, html_table, math_html

__all__ = ["NUMBER", "TITLE", "QuadraticSolution", "exercise_3"]

NUMBER = 3
TITLE = "Minimizer and minimum of h"


@dataclass(frozen=True, kw_only=True, repr=False)
class QuadraticSolution:
    r"""Minimizer and minimum of :math:`h(x) = \tfrac12 x^\top Q x + x^\top c + b`.

    Attributes
    ----------
    derivation : momentum_theory.symbolic.Derivation
        :func:`momentum_theory.symbolic.quadratic` for an explicit symmetric ``n x n`` Q.
    minimizer, minimum : SymPy objects
        Its results: :math:`x^* = -Q^{-1}c` and :math:`b - \tfrac12 c^\top Q^{-1} c`
        written in the entries of Q and c.
    checks_hold : bool
        Every residual of the derivation (minimizer is :math:`-Q^{-1}c`,
        minimum is :math:`b - \tfrac12 c^\top Q^{-1}c`, ...) is zero.
    numeric_error : float
        For a random 6x6 SPD Q: largest difference between SciPy's numerical
        minimisation of h and the closed forms (minimizer and minimum).
    answers_accepted : dict
        Typed forms of the answers and whether :func:`check_answer` accepts them.
    """

    derivation: object
    minimizer: object
    minimum: object
    checks_hold: bool
    numeric_error: float
    answers_accepted: dict

    def summary(self) -> str:
        """The closed forms, the checks and the accepted answers, in a few lines."""
        import sympy as sp
        lines = [f"h(x) = 1/2 x^T Q x + x^T c + b, Q symmetric {self.minimizer.rows}x{self.minimizer.rows} "
                 "(symbolic.quadratic)",
                 f"minimizer x* = {sp.sstr(list(self.minimizer))}  (= -Q^-1 c)",
                 f"minimum h(x*) = {sp.sstr(self.minimum)}  (= b - 1/2 c^T Q^-1 c)",
                 f"every residual of the derivation is zero: {self.checks_hold}",
                 f"numerical minimisation of a random 6x6 instance agrees to {self.numeric_error:.1e}"]
        lines += [f"check_answer accepts {answer!r}: {ok}" for answer, ok in self.answers_accepted.items()]
        return "\n".join(lines)

    def latex(self) -> str:
        r"""The minimizer and the minimum as one LaTeX ``aligned`` block.

        Examples
        --------
        >>> print(exercise_3(1).latex())
        \begin{aligned}
        x^* &= \left[\begin{matrix}- \frac{c_{1}}{q_{11}}\end{matrix}\right] = -Q^{-1} c \\
        h(x^*) &= b - \frac{c_{1}^{2}}{2 q_{11}} = b - \tfrac12 c^\top Q^{-1} c
        \end{aligned}
        """
        import sympy as sp
        return ("\\begin{aligned}\n"
                f"x^* &= {sp.latex(self.minimizer)} = -Q^{{-1}} c \\\\\n"
                f"h(x^*) &= {sp.latex(self.minimum)} = b - \\tfrac12 c^\\top Q^{{-1}} c\n"
                "\\end{aligned}")

    def __str__(self) -> str:
        return self.summary()

    def __repr__(self) -> str:
        n = self.minimizer.rows
        return (f"<QuadraticSolution: n = {n}, checks {'hold' if self.checks_hold else 'FAIL'}, "
                f"numeric error {self.numeric_error:.1e}>")

    def _repr_latex_(self) -> str:
        return "$$" + self.latex() + "$$"

    def _repr_html_(self) -> str:
        rows = [[answer, "accepted" if ok else "REJECTED"] for answer, ok in self.answers_accepted.items()]
        return html_result(NUMBER, TITLE, [
            math_html(self.latex(), display=True),
            f"every residual of the derivation is zero: {self.checks_hold}; numerical minimisation "
            f"of a random 6x6 instance agrees to {self.numeric_error:.1e}"],
            html_table(["typed answer", "check_answer"], rows))


def exercise_3(n=2, seed=0):
    r"""Derive the minimizer and minimum of :math:`h` and confirm them numerically.

    Parameters
    ----------
    n : int
        Size of the symbolic Q (1 to 3 take well under a few seconds).
    seed : int
        Seed of the random numeric instance.

    Returns
    -------
    QuadraticSolution

    Examples
    --------
    >>> s = exercise_3(1)
    >>> s.minimizer, s.minimum
    (Matrix([[-c_1/q_11]]), b - c_1**2/(2*q_11))
    >>> s.checks_hold, s.numeric_error < 1e-6
    (True, True)
    """
    from scipy.optimize import minimize

    from momentum_theory import symbolic
    from momentum_theory.answers import check_answer

    n = _v.count(n, "n", minimum=1)
    seed = _v.count(seed, "seed")
    derivation = symbolic.quadratic(n)
    checks_hold = all(_is_zero(v) for v in derivation.checks.values())

    rng = np.random.default_rng(seed)
    A = rng.standard_normal((6, 6))
    Q = A @ A.T + 6 * np.eye(6)
    c = rng.standard_normal(6)
    b = float(rng.standard_normal())

    def h(x):
        return 0.5 * x @ Q @ x + x @ c + b

    found = minimize(h, np.zeros(6), jac=lambda x: Q @ x + c, method="BFGS",
                     options={"gtol": 1e-12})
    x_star = -np.linalg.solve(Q, c)
    h_star = b - 0.5 * c @ np.linalg.solve(Q, c)
    # float() on both: max(float, np.float64) returns whichever is larger, so
    # without it the type (and the printed form) would depend on rounding.
    error = max(float(np.max(np.abs(found.x - x_star))), float(abs(found.fun - h_star)))
    typed = {("minimizer", "-Q^-1 c"): None, ("minimizer", "-inv(Q)*c"): None,
             ("minimum", "b - c.T*Q^-1*c/2"): None, ("minimum", "b - 1/2 c^T Q^{-1} c"): None}
    accepted = {f"{part}: {text}": check_answer(3, part, text).correct for part, text in typed}
    return QuadraticSolution(derivation=derivation, minimizer=derivation.result["minimizer"],
                             minimum=derivation.result["minimum"], checks_hold=checks_hold,
                             numeric_error=error, answers_accepted=accepted)


def _is_zero(value):
    import sympy as sp
    if isinstance(value, sp.MatrixBase):
        return all(sp.simplify(e) == 0 for e in value)
    if isinstance(value, (bool, sp.logic.boolalg.BooleanAtom)):
        return bool(value)
    return sp.simplify(value) == 0
