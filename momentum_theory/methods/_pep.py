r"""Worst cases over function classes with PEPit: every PEPit call of the package lives here.

On quadratics a method's worst case is :math:`\max_{\lambda\in[\mu,L]}
p_n(\lambda)^2`, computed exactly in :mod:`momentum_theory.methods._worst`. On
the class :math:`\mathcal F_{\mu,L}` of :math:`L`-smooth, :math:`\mu`-strongly
convex functions there is no polynomial: the worst case

.. math::

    \sup_{f\in\mathcal F_{\mu,L},\ x_0} \frac{\|x_n - x^*\|^2}{\|x_0 - x^*\|^2}
    \qquad (x_{-1} = x_0)

is the value of a performance-estimation problem (PEP; Drori & Teboulle 2014,
Taylor, Hendrickx & Glineur 2017), a small semidefinite program over the Gram
matrix of the iterates and gradients, which PEPit (Goujaud et al. 2024) builds
and hands to a cvxpy solver.

The PEP is built from the record's own update rule, the one
:meth:`~momentum_theory.methods.Method.iterate` runs:
:math:`x_{t+1} = A x_t + B x_{t-1} + \sum_k G_k \nabla f(P_k x_t + Q_k x_{t-1})`
(:func:`~momentum_theory.methods._worst.numeric_rule`). For gd, heavy ball,
Nesterov, the two-step family and triple momentum that is one gradient, at
:math:`y_t = x_t + \gamma(x_t - x_{t-1})`; QHM's rule has two, at
:math:`x_t` and :math:`x_{t-1}` (its buffer eliminated). Two rules with the
same trace and determinant are the same method on quadratics but need not be
on :math:`\mathcal F_{\mu,L}`, which is why the rule, not
:meth:`~momentum_theory.methods.Method.affine_trace_det`, is what is analysed.
A rule is accepted when it keeps every minimiser fixed, whatever its place
(:math:`A + B = 1` and :math:`P_k + Q_k = 1`); otherwise its worst case over a
shift-invariant class is unbounded and ``ValueError`` says so.

The problem is posed for :math:`f/L` (class :math:`[\mu/L, 1]`, the same
ratio), which keeps the SDP well scaled; the example's gradients and values
are scaled back. Solvers: by default CLARABEL (an interior-point method: primal and dual
values agree to about 1e-8 when it reports ``"optimal"``), and SCS (first
order, ``eps_abs = eps_rel = 1e-7``) when CLARABEL fails or reports anything
but ``"optimal"``; the result says which one answered, with its status and
duality gap.

PEPit keeps its problem in class attributes: one problem at a time per
process (no threads).
"""
from __future__ import annotations

import contextlib
import io
import math
import warnings
from dataclasses import dataclass, field

import numpy as np

from momentum_theory import _validation as _v
from momentum_theory.methods._result import rows_html, rows_text
from momentum_theory.methods._tuning import scalar_params
from momentum_theory.methods._worst import numeric_rule

#: The values ``worst_case(..., function_class=...)`` accepts.
FUNCTION_CLASSES = ("quadratic", "smooth_strongly_convex", "quadratic_pep")

#: Horizon limit of a PEP (the SDP has about n + 2 points and grows like n**2 constraints).
MAX_PEP_STEPS = 100

#: Tried in order when ``solver`` is None; the first ``"optimal"`` answer is kept.
DEFAULT_SOLVERS = ("CLARABEL", "SCS")

_OPTIONS = {"SCS": {"eps_abs": 1e-7, "eps_rel": 1e-7, "max_iters": 100_000}}

_INSTALL = 'install "momentum_theory[pep]"'


def function_class_name(function_class):
    """``function_class`` checked: one of :data:`FUNCTION_CLASSES`."""
    if not isinstance(function_class, str):
        raise TypeError(f"function_class must be a str, got {type(function_class).__name__}")
    if function_class not in FUNCTION_CLASSES:
        raise ValueError(f"function_class must be one of {list(FUNCTION_CLASSES)}, "
                         f"got {function_class!r}")
    return function_class


def _pepit():
    """PEPit and its function classes, or ImportError naming the extra."""
    try:
        import PEPit
        from PEPit import functions
    except ImportError as exc:
        raise ImportError(f"worst cases over function classes need PEPit: {_INSTALL}") from exc
    return PEPit, functions


def _solver_name(solver):
    if solver is None:
        return None
    if not isinstance(solver, str):
        raise TypeError(f"solver must be a str or None, got {type(solver).__name__}")
    import cvxpy

    installed = cvxpy.installed_solvers()
    if solver.upper() not in installed:
        raise ValueError(f"solver must be one of cvxpy's installed solvers {installed}, got {solver!r}")
    return solver.upper()


@dataclass(frozen=True, eq=False)  # holds arrays: compare fields, not objects
class PepResult:
    r"""A worst case over a function class, from PEPit's semidefinite program.

    Attributes
    ----------
    method : str
        The record's name.
    function_class : str
        ``"smooth_strongly_convex"`` or ``"quadratic_pep"`` (PEPit's quadratic class).
    mu, L, eta : float
        The class and the step.
    n : int
        Horizon.
    params : dict
        The record's other parameters.
    value : float
        The worst :math:`\|x_n - x^*\|^2 / \|x_0 - x^*\|^2`: the dual value of
        the SDP (an upper bound, up to the solver's accuracy), what PEPit returns.
    primal : float
        The primal value: the ratio reached by the worst-case example below.
    status : str
        cvxpy's status of the answer kept (``"optimal"``, ``"optimal_inaccurate"``, ...).
    solver : str
        The solver that gave it.
    gap : float
        ``value - primal``, the duality gap.
    gram_error : float
        How far the solver's Gram matrix is from positive semidefinite
        (minus its smallest eigenvalue, 0 if none is negative).
    attempts : tuple of (str, str)
        Every solver tried and its status (``"failed"`` when it raised).
    iterates : ndarray, shape (n + 1, d)
        :math:`x_t - x^*` of the worst-case example, ``t = 0..n``.
    points, gradients : ndarray, shape (m, d)
        Where the method asked for a gradient (minus :math:`x^*`) and the
        example function's gradient there, in the order asked.
    values : ndarray, shape (m,)
        :math:`f - f^*` at those points.
    """

    method: str
    function_class: str
    mu: float
    L: float
    eta: float
    n: int
    params: dict
    value: float
    primal: float
    status: str
    solver: str
    gap: float
    gram_error: float
    attempts: tuple = ()
    iterates: np.ndarray = field(default_factory=lambda: np.empty((0, 0)))
    points: np.ndarray = field(default_factory=lambda: np.empty((0, 0)))
    gradients: np.ndarray = field(default_factory=lambda: np.empty((0, 0)))
    values: np.ndarray = field(default_factory=lambda: np.empty(0))

    @property
    def accurate(self) -> bool:
        """Whether the solver reported ``"optimal"`` (not ``"optimal_inaccurate"`` or worse)."""
        return self.status == "optimal"

    def _rows(self):
        setting = ", ".join(f"{v:.6g}" for v in [self.eta, *self.params.values()])
        return [("method", self.method.replace("_", " ")),
                ("function class", f"{self.function_class} on [{self.mu:g}, {self.L:g}]"),
                ("eta, " + ", ".join(self.params) if self.params else "eta", setting),
                ("horizon n", f"{self.n}"),
                ("worst |x_n-x*|^2/|x_0-x*|^2", f"{self.value:.8g}"),
                ("solver", f"{self.solver} ({self.status}), duality gap {self.gap:.2g}, "
                           f"Gram PSD error {self.gram_error:.2g}")]

    def __str__(self):
        return rows_text("Worst case from PEPit", self._rows(), 28)

    def __repr__(self):
        return (f"<PepResult {self.method} {self.function_class} n={self.n}: "
                f"value={self.value:.6g} ({self.solver}, {self.status})>")

    def _repr_html_(self):
        return rows_html("Worst case from PEPit", self._rows())


def _checked_rule(method, eta, params):
    """The numeric rule, or ValueError if it does not keep every minimiser fixed."""
    A, B, terms = numeric_rule(method, eta, params)

    def off(a, b):
        return abs(a + b - 1.0) > 1e-12 * max(1.0, abs(a), abs(b))

    if off(A, B):
        raise ValueError(f"method {method.name!r}: its rule x+ = {A:g} x + {B:g} x_prev + ... does not "
                         "keep a minimiser fixed (the coefficients of x and x_prev must add up to 1), "
                         "so its worst case over a function class is unbounded")
    for _, P, Q in terms:
        if off(P, Q):
            raise ValueError(f"method {method.name!r}: it asks for a gradient at {P:g} x + {Q:g} x_prev, "
                             "not an affine combination of the iterates (the weights must add up to 1), "
                             "so its worst case over a function class is unbounded")
    return A, B, terms


def _build(pepit, functions, function_class, mu, L, rule, n):
    """A fresh PEP for ``rule`` over ``n`` steps; returns it and the points to read back."""
    cls = (functions.SmoothStronglyConvexFunction if function_class == "smooth_strongly_convex"
           else functions.SmoothStronglyConvexQuadraticFunction)
    problem = pepit.PEP()
    f = problem.declare_function(cls, mu=mu, L=L)
    xs = f.stationary_point()
    x0 = problem.set_initial_point()
    problem.set_initial_condition((x0 - xs) ** 2 <= 1)
    A, B, terms = rule
    iterates, asked = [x0], []
    x = x_prev = x0
    for _ in range(n):
        step = A * x + B * x_prev
        for G, P, Q in terms:
            if x is x_prev or Q == 0.0:      # x_{-1} = x_0, or the gradient at x itself
                y = x if (x is x_prev or P == 1.0) else P * x
            elif P == 0.0 and Q == 1.0:
                y = x_prev
            else:
                y = P * x + Q * x_prev
            g, fv = f.oracle(y)
            asked.append((y, g, fv))
            step = step + G * g
        x_prev, x = x, step
        iterates.append(x)
    problem.set_performance_metric((x - xs) ** 2)
    return problem, (xs, f(xs), iterates, asked)


def _read(problem, data):
    """The worst-case example as arrays (points relative to x*, values relative to f*)."""
    xs, fs, iterates, asked = data
    star = np.asarray(xs.eval(), dtype=float)
    f_star = float(fs.eval())
    seen, rows = set(), []
    for y, g, fv in asked:
        if id(y) not in seen:
            seen.add(id(y))
            rows.append((np.asarray(y.eval(), float) - star, np.asarray(g.eval(), float),
                         float(fv.eval()) - f_star))
    d = star.size
    its = np.array([np.asarray(x.eval(), float) - star for x in iterates]).reshape(-1, d)
    pts = np.array([r[0] for r in rows]).reshape(-1, d)
    grads = np.array([r[1] for r in rows]).reshape(-1, d)
    vals = np.array([r[2] for r in rows], dtype=float)
    gram = np.asarray(problem.G_value, dtype=float)
    gram_error = max(0.0, -float(np.linalg.eigvalsh(0.5 * (gram + gram.T)).min()))
    return its, pts, grads, vals, gram_error


def _solve_one(pepit, functions, function_class, mu, L, rule, n, solver):
    """One solver on a fresh problem: ``(value, primal, status, arrays)`` or ``None`` if it raised."""
    problem, data = _build(pepit, functions, function_class, mu, L, rule, n)
    quiet = io.StringIO()
    with warnings.catch_warnings(), contextlib.redirect_stdout(quiet):
        # PEPit prints a duality-gap warning even at verbose=0, and cvxpy warns on
        # inaccurate answers: both are reported in the result instead.
        warnings.simplefilter("ignore")
        try:
            value = problem.solve(wrapper="cvxpy", solver=solver, verbose=0,
                                  **_OPTIONS.get(solver, {}))
        except Exception as exc:          # cvxpy.error.SolverError, or a failed unpacking
            if type(exc).__name__ not in ("SolverError", "ValueError", "LinAlgError"):
                raise
            return None
    status = str(problem.wrapper.prob.status)
    if value is None:
        return math.inf, math.inf, status, None
    return float(value), float(problem.objective.eval()), status, _read(problem, data)


def pep_worst_case(method, mu, L, eta, n, params, function_class="smooth_strongly_convex",
                   solver=None):
    """PEPit's worst case of ``method`` over ``function_class``; a :class:`PepResult`.

    The shared implementation behind ``worst_case(..., function_class=...)``
    (see the module notes); validation first, then PEPit is imported.
    """
    function_class = function_class_name(function_class)
    if function_class == "quadratic":
        raise ValueError("function_class 'quadratic' is the exact in-house worst case, not a PEP")
    mu, L = _v.curvature_interval(mu, L)
    eta = _v.real_scalar(eta, "eta")
    if not eta > 0:
        raise ValueError(f"eta must be positive, got {eta}")
    n = _v.count(n, "n")
    if n > MAX_PEP_STEPS:
        raise ValueError(f"n must be <= {MAX_PEP_STEPS} for a PEP (an SDP of size about n + 2), got {n}")
    values = scalar_params(method, params)
    kw = dict(zip(method.params, values))
    solver = _solver_name(solver)
    rule = _checked_rule(method, eta, kw)
    pepit, functions = _pepit()
    # Built in units where L = 1 (f / L is in the class [mu / L, 1] and asks for
    # the step G L): the ratio is unchanged and the SDP is far better scaled
    # (measured: at kappa = 100 CLARABEL fails on the unscaled problem and
    # solves the scaled one).
    A, B, terms = rule
    scaled = (A, B, [(G * L, P, Q) for G, P, Q in terms])
    attempts, answers = [], []
    for name in ([solver] if solver else DEFAULT_SOLVERS):
        answer = _solve_one(pepit, functions, function_class, mu / L, 1.0, scaled, n, name)
        attempts.append((name, "failed" if answer is None else answer[2]))
        if answer is not None:
            answers.append((name, answer))
            if answer[2] == "optimal":
                break
    if not answers:
        raise RuntimeError(f"every solver failed on the PEP of {method.name} (n = {n}): {attempts}")
    optimal = [a for a in answers if a[1][2] == "optimal"]
    if optimal:
        name, (value, primal, status, arrays) = optimal[0]
    else:   # no clean answer: keep the one whose primal and dual values agree best
        name, (value, primal, status, arrays) = min(
            answers, key=lambda a: abs(a[1][0] - a[1][1]) / max(abs(a[1][0]), 1e-300))
    if arrays is None:
        empty = np.empty((0, 0))
        arrays = (empty, empty, empty, np.empty(0), math.nan)
    its, pts, grads, vals, gram_error = arrays
    grads, vals = grads * L, vals * L          # back from f / L to f
    return PepResult(method=method.name, function_class=function_class, mu=mu, L=L, eta=eta, n=n,
                     params=kw, value=value, primal=primal, status=status, solver=name,
                     gap=value - primal, gram_error=gram_error, attempts=tuple(attempts),
                     iterates=its, points=pts, gradients=grads, values=vals)

