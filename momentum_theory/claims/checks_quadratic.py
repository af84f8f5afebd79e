r"""Checks of the chapter's claims about the quadratic :math:`h(x) = \tfrac12 x^\top Q x + x^\top c + b`.

Same conventions as :mod:`momentum_theory.claims.checks_averaging`: every
check takes the statement's formula as data and returns a
:class:`~momentum_theory.claims.claim.Verdict`. A matrix formula is a callable
``formula(m)`` on one of the instances of
:func:`~momentum_theory.claims.namespaces.matrix_instances` (a generic
symmetric 2×2 :math:`Q`, a rotation :math:`O^\top\Lambda O`, an exact rational
3×3 instance), and is compared with what is derived on at least two of them.
The reference quantities (:math:`\nabla h` by ``diff``, the minimizer by
``linsolve`` of :math:`\nabla h = 0`, one gradient or momentum step) are
computed from the definition of :math:`h`, never from a formula under test.

The quadratic
-------------
- :func:`check_minimizer` -- :math:`x^* = -Q^{-1}c`.
- :func:`check_minimum` -- :math:`h(x^*) = b - \tfrac12 c^\top Q^{-1} c`.
- :func:`check_completed_square` -- :math:`h` written as a completed square.
- :func:`check_gradient` -- :math:`\nabla h`.
- :func:`check_momentum_terms` -- the terms the momentum is a leaky sum of.

Eigen-coordinates
-----------------
- :func:`check_eigendecomposition` -- :math:`Q = O^\top\Lambda O`.
- :func:`check_change_of_variables` -- :math:`h` in :math:`z = O(x - x^*)`.
- :func:`check_b_prime` -- the constant :math:`b'` left in :math:`h(z)`.
- :func:`check_gd_in_z` -- one gradient-descent step in :math:`z`.
- :func:`check_momentum_in_z` -- one momentum step in :math:`(v, z)`.
- :func:`check_decoupling` -- each eigen-direction evolves on its own.
"""
from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np

from momentum_theory.claims._common import is_zero, sympy, text
from momentum_theory.claims.claim import Verdict
from momentum_theory.claims.namespaces import matrix_instances

__all__ = [
    "check_minimizer", "check_minimum", "check_completed_square", "check_gradient",
    "check_momentum_terms", "check_eigendecomposition", "check_change_of_variables",
    "check_b_prime", "check_gd_in_z", "check_momentum_in_z", "check_decoupling",
]


def _nonzero(matrix_or_expr, simplify):
    """The entries that do not simplify to zero, as a list of (index, value)."""
    sp = sympy()
    entries = list(matrix_or_expr) if isinstance(matrix_or_expr, sp.MatrixBase) else [matrix_or_expr]
    out = []
    for i, e in enumerate(entries):
        if is_zero(e):
            continue
        # factor() puts a rational function in lowest terms itself; cancel() first
        # gives the same factors at twice the cost. Where factor() finds 0 the
        # instance's own zero test decides, as before.
        factored = sp.factor(e)
        if factored == 0:
            e = simplify(e)
            if e == 0:
                continue
            factored = sp.factor(e)
        out.append((i, factored))
    return out


def _as_matrix(value):
    sp = sympy()
    if isinstance(value, sp.MatrixBase):
        return sp.Matrix(value)
    return sp.Matrix([[value]])


def _instances(*names):
    inst = matrix_instances()
    return [inst[n] for n in names]


def _with(m, **changes):
    fields = dict(vars(m))
    fields.update(changes)
    return SimpleNamespace(**fields)


def _h(m, x=None):
    """The chapter's h(x) = x^T Q x / 2 + x^T c + b, as a scalar."""
    x = m.x if x is None else x
    return ((x.T * m.Q * x) / 2 + x.T * m.c + m.b)[0, 0]


_DERIVED = {}


def _once(kind, m, build):
    """``build(m)`` computed once per instance object (instances are fixed; SymPy results immutable)."""
    key = (kind, id(m))
    hit = _DERIVED.get(key)
    if hit is None or hit[0] is not m:
        hit = _DERIVED[key] = (m, build(m))
    return hit[1]


def _grad_h(m, x=None):
    """grad h by differentiating h entry by entry (never from a formula)."""
    sp = sympy()

    def build(m):
        objective = _h(m)
        return sp.ImmutableMatrix([sp.diff(objective, xi) for xi in m.x])
    g = sp.Matrix(_once("grad", m, build))
    return g if x is None else g.subs(dict(zip(m.x, x)), simultaneous=True)


def _argmin(m):
    """The solution of grad h = 0 (linsolve), not -Q^{-1} c."""
    sp = sympy()

    def build(m):
        sol = sp.linsolve(list(_grad_h(m)), list(m.x))
        return sp.ImmutableMatrix(sp.Matrix(next(iter(sol))).applyfunc(m.simplify))
    return sp.Matrix(_once("argmin", m, build))


# --------------------------------------------------------------------------
# The quadratic h(x) = x^T Q x / 2 + x^T c + b
# --------------------------------------------------------------------------

def _report(name, diffs, what):
    if not diffs:
        return None
    shown = ", ".join(f"[{i}] {text(e, 120)}" for i, e in diffs[:3])
    return f"on the {name} instance, {what} = {shown}"


def _compare(formula_fn, reference_fn, instances, what, ok_text):
    """Evaluate formula and reference on each instance; collect non-zero differences."""
    problems = []
    for m in instances:
        diff = _as_matrix(formula_fn(m)) - _as_matrix(reference_fn(m))
        msg = _report(m.name, _nonzero(diff, m.simplify), what)
        if msg:
            problems.append(msg)
    names = " and ".join(m.name for m in instances)
    if problems:
        return Verdict(False, "; ".join(problems))
    return Verdict(True, f"{ok_text}: the difference simplifies to 0 on the {names} instances")


def check_minimizer(formula):
    r"""``formula(m)`` is the minimizer: it solves :math:`\nabla h = 0` and the Hessian is :math:`Q \succ 0`.

    Parameters
    ----------
    formula : callable
        ``formula(m)``: the claimed minimizer (``m`` an instance of
        :func:`~momentum_theory.claims.namespaces.matrix_instances`).

    Returns
    -------
    Verdict

    Examples
    --------
    >>> check_minimizer(lambda m: -m.Qinv * m.c).holds
    True
    """
    from momentum_theory.symbolic import quadratic
    ref = quadratic(2).result

    def reference(m):
        return ref["minimizer"] if m.kind == "generic" else _argmin(m)
    v = _compare(formula, reference, _instances("generic", "exact"),
                 "stated minus the solution of grad h = 0",
                 "stated minus the solution of grad h = 0 (linsolve)")
    if v.holds:
        exact = matrix_instances()["exact"]
        pd = exact.Q.is_positive_definite and (ref["hessian"] - matrix_instances()["generic"].Q).is_zero_matrix
        return Verdict(bool(pd), v.evidence + "; the Hessian of h is Q, positive definite, so the "
                                 "critical point is the minimizer")
    return v


def check_minimum(formula):
    r"""``formula(m)`` is :math:`h(x^*)` with :math:`x^*` solving :math:`\nabla h = 0`.

    Parameters
    ----------
    formula : callable
        ``formula(m)``: the claimed minimum, a 1×1 matrix (``m`` a matrix instance).

    Returns
    -------
    Verdict

    Examples
    --------
    >>> check_minimum(lambda m: m.b - m.half * m.c.T * m.Qinv * m.c).holds
    True
    """
    from momentum_theory.symbolic import quadratic
    ref = quadratic(2).result

    def reference(m):
        if m.kind == "generic":
            return ref["minimum"]
        return _h(m, _argmin(m))
    return _compare(formula, reference, _instances("generic", "exact"),
                    "stated minus h(x*)", "stated minus h at the solved minimizer")


def check_completed_square(formula):
    r"""``formula(m)`` equals :math:`h(x)` for every :math:`x`.

    Parameters
    ----------
    formula : callable
        ``formula(m)``: the claimed completed square, in ``m.x`` (``m`` a
        matrix instance).

    Returns
    -------
    Verdict

    Examples
    --------
    >>> sq = lambda m, sign: m.half * (m.x + sign * m.Qinv * m.c).T * m.Q * (m.x + sign * m.Qinv * m.c)
    >>> rest = lambda m: m.b - m.half * m.c.T * m.Qinv * m.c
    >>> check_completed_square(lambda m: sq(m, +1) + rest(m)).holds
    True
    >>> check_completed_square(lambda m: sq(m, -1) + rest(m)).holds
    False
    """
    return _compare(formula, _h, _instances("generic", "exact"),
                    "stated minus h(x)", "stated minus h(x), x symbolic")


def check_gradient(formula):
    r"""``formula(m)`` equals :math:`\nabla h(x)` (SymPy ``diff`` of h; symbolic.quadratic on 2×2).

    Parameters
    ----------
    formula : callable
        ``formula(m)``: the claimed gradient, in ``m.x`` (``m`` a matrix instance).

    Returns
    -------
    Verdict

    Examples
    --------
    >>> check_gradient(lambda m: m.Q * (m.x + m.Qinv * m.c)).holds
    True
    >>> check_gradient(lambda m: m.Q * (m.x - m.Qinv * m.c)).evidence[:60]
    'on the generic symmetric 2x2 Q instance, stated minus grad h'
    """
    from momentum_theory.symbolic import quadratic
    ref = quadratic(2).result

    def reference(m):
        return ref["gradient"] if m.kind == "generic" else _grad_h(m)
    return _compare(formula, reference, _instances("generic", "exact"),
                    "stated minus grad h", "stated minus grad h (by diff)")


def check_momentum_terms(term):
    r"""The momentum is :math:`v_t = \sum_\tau \beta^\tau\, \mathrm{term}(x_{t-1-\tau})`.

    Runs six exact momentum steps (:math:`\eta = 1/10`, :math:`\beta = 1/2`,
    :math:`x_0 = (1, -1, 2)`) on the exact instance and compares the velocity
    with the leaky sum of ``term(m)`` evaluated at the past iterates.

    Parameters
    ----------
    term : callable
        ``term(m)``: the claimed summand, in ``m.x`` (``m`` a matrix instance).

    Returns
    -------
    Verdict

    Examples
    --------
    >>> check_momentum_terms(lambda m: m.Q * m.x + m.c).holds
    True
    """
    sp = sympy()
    m = matrix_instances()["exact"]
    eta, beta = sp.Rational(1, 10), sp.Rational(1, 2)
    x = sp.Matrix([1, -1, 2])
    xs, v = [], sp.zeros(3, 1)
    for t in range(1, 7):
        xs.append(x)
        v = beta * v + _grad_h(m, x)
        x = x - eta * v
        stated = sp.zeros(3, 1)
        for tau in range(t):
            stated += beta**tau * _as_matrix(term(_with(m, x=xs[t - 1 - tau])))
        d = (v - stated).applyfunc(sp.nsimplify)
        if not d.is_zero_matrix:
            return Verdict(False, f"exact run (eta = 1/10, beta = 1/2, x_0 = (1, -1, 2)) on the "
                                  f"{m.name}: at t = {t}, v_t - sum beta^tau term(x_(t-1-tau)) = "
                                  f"{list(d)}")
    return Verdict(True, "exact run (eta = 1/10, beta = 1/2, x_0 = (1, -1, 2)) on the exact 3x3 "
                         "instance: for t = 1..6 the velocity equals the leaky sum of the stated terms")


def check_eigendecomposition(formula):
    r"""``formula(m)`` rebuilds :math:`Q` from the orthogonal :math:`O` and positive diagonal :math:`\Lambda`.

    Numeric: ``numpy.linalg.eigh`` of six random SPD matrices (n = 2..7) gives
    :math:`Q = V \mathrm{diag}(\lambda) V^\top`; the check sets :math:`O = V^\top`,
    :math:`\Lambda = \mathrm{diag}(\lambda)` and evaluates the formula.

    Parameters
    ----------
    formula : callable
        ``formula(m)``: :math:`Q` in ``m.O`` and ``m.Lam`` (``m`` a matrix instance).

    Returns
    -------
    Verdict

    Examples
    --------
    >>> check_eigendecomposition(lambda m: m.O.T * m.Lam * m.O).holds
    True
    >>> check_eigendecomposition(lambda m: m.O * m.Lam * m.O.T).holds
    False
    """
    sp = sympy()
    rng = np.random.default_rng(7)
    worst, orth, minimum = 0.0, 0.0, math.inf
    for n in range(2, 8):
        A = rng.standard_normal((n, n))
        Q = A @ A.T + 0.1 * np.eye(n)
        lam, V = np.linalg.eigh(Q)
        m = SimpleNamespace(O=sp.Matrix(V.T), Lam=sp.diag(*[float(e) for e in lam]), I=sp.eye(n))
        built = np.array(_as_matrix(formula(m)).tolist(), dtype=float)
        worst = max(worst, float(np.max(np.abs(built - Q)) / np.max(np.abs(Q))))
        orth = max(orth, float(np.max(np.abs(V.T @ V - np.eye(n)))))
        minimum = min(minimum, float(lam.min()))
    ok = worst < 1e-12 and orth < 1e-12 and minimum > 0
    return Verdict(bool(ok), f"eigh of 6 random SPD matrices (n = 2..7): stated form rebuilds Q to "
                             f"relative {worst:.1e}; O O^T = I to {orth:.1e}; smallest eigenvalue "
                             f"{minimum:.3g} > 0")


def check_change_of_variables(formula):
    r"""``formula(m) -> (z_of_x, h_of_z)``: :math:`h(x) = h_z(z(x))` for every :math:`x`.

    Parameters
    ----------
    formula : callable
        ``formula(m) -> (z_of_x, h_of_z)``: :math:`z` in ``m.x``, and a function
        of :math:`z` (``m`` a matrix instance).

    Returns
    -------
    Verdict

    Examples
    --------
    >>> hz = lambda m: (lambda z: m.half * z.T * m.Lam * z + m.b - m.half * m.c.T * m.Qinv * m.c)
    >>> check_change_of_variables(lambda m: (m.O * (m.x + m.Qinv * m.c), hz(m))).holds
    True
    """
    def stated(m):
        z, hz = formula(m)
        return hz(z)
    return _compare(stated, _h, _instances("rotation", "exact"),
                    "h_z(z(x)) minus h(x)", "h_z(z(x)) minus h(x), x symbolic")


def check_b_prime(formula):
    r"""``formula(m)`` is the constant left in :math:`h` once :math:`\tfrac12 z^\top\Lambda z` is taken out.

    With the derived change of variables :math:`z = O(x - x^*)` (:math:`x^*`
    solving :math:`\nabla h = 0`), :math:`h(O^\top z + x^*) - \tfrac12 z^\top \Lambda z`
    must be constant and equal to the formula.

    Parameters
    ----------
    formula : callable
        ``formula(m)``: the claimed constant, a 1×1 matrix (``m`` a matrix instance).

    Returns
    -------
    Verdict

    Examples
    --------
    >>> check_b_prime(lambda m: m.b - m.half * m.c.T * m.Qinv * m.c).holds
    True
    """
    def reference(m):
        x = m.O.T * m.z + _argmin(m)
        return _h(m, x) - ((m.z.T * m.Lam * m.z) / 2)[0, 0]
    return _compare(formula, reference, _instances("rotation", "exact"),
                    "stated minus [h(O^T z + x*) - z^T Lam z/2]",
                    "stated minus h(O^T z + x*) + z^T Lam z/2, z symbolic")


def _gd_z_reference(m):
    if m.kind == "rotation":
        from momentum_theory.symbolic import eigen_decoupling
        d = eigen_decoupling(2).result["gd"]
        return d.subs(_lambda_map(m)) * m.z
    x_star = _argmin(m)
    x = m.O.T * m.z + x_star
    x_next = x - m.eta * _grad_h(m, x)
    return m.O * (x_next - x_star)


def _lambda_map(m):
    sp = sympy()
    return {sp.Symbol(f"lambda_{i + 1}", positive=True): m.Lam[i, i] for i in range(m.Lam.rows)}


def check_gd_in_z(formula):
    r"""``formula(m)`` is a list of forms of :math:`z_t` given :math:`z_{t-1}` = ``m.z``.

    Reference: one gradient-descent step :math:`x \leftarrow x - \eta\nabla h(x)`
    written in :math:`z = O(x - x^*)` — from :func:`momentum_theory.symbolic.eigen_decoupling`
    on the rotation instance, and computed directly on the exact instance.

    Parameters
    ----------
    formula : callable
        ``formula(m)``: a list of claimed forms of :math:`z_t`, in ``m.z``,
        ``m.eta``, ``m.Lam`` (``m`` a matrix instance).

    Returns
    -------
    Verdict

    Examples
    --------
    >>> check_gd_in_z(lambda m: [(m.I - m.eta * m.Lam) * m.z]).holds
    True
    >>> check_gd_in_z(lambda m: [(m.I - m.Lam) * m.z]).holds
    False
    """
    sp = sympy()
    parts = []
    for k, _ in enumerate(formula(matrix_instances()["exact"])):
        v = _compare(lambda m: formula(m)[k], _gd_z_reference, _instances("rotation", "exact"),
                     "stated minus the true z_t", "stated minus the true z_t")
        if not v.holds:
            diff = _as_matrix(formula(matrix_instances()["exact"])[k]) - _gd_z_reference(matrix_instances()["exact"])
            eta = matrix_instances()["exact"].eta
            roots = sp.solve([e for e in diff if sp.cancel(e) != 0], eta, dict=True)
            where = ", ".join(f"eta = {r[eta]}" for r in roots) or "no eta"
            return Verdict(False, f"form {k + 1}: {v.evidence}; it vanishes only for {where}")
        parts.append(v.evidence)
    return Verdict(True, "; ".join(parts))


def _momentum_z_reference(m):
    """(v_t, z_t) in eigen-coordinates (v := O v_x) after one heavy-ball step."""
    return _once("momentum_z", m, _momentum_z_step)


def _momentum_z_step(m):
    sp = sympy()
    if m.kind == "rotation":
        from momentum_theory.symbolic import eigen_decoupling
        M = eigen_decoupling(2).result["momentum"].subs(_lambda_map(m))
        nxt = M * sp.Matrix.vstack(m.v, m.z)
        return sp.ImmutableMatrix(nxt[:2, :]), sp.ImmutableMatrix(nxt[2:, :])
    x_star = _argmin(m)
    x = m.O.T * m.z + x_star
    vx = m.O.T * m.v
    vx_next = m.beta * vx + _grad_h(m, x)
    x_next = x - m.eta * vx_next
    return sp.ImmutableMatrix(m.O * vx_next), sp.ImmutableMatrix(m.O * (x_next - x_star))


def check_momentum_in_z(formula):
    r"""``formula(m) -> (v_forms, z_forms)``: forms of :math:`v_t, z_t` given ``m.v, m.z``.

    ``m.v`` is the momentum in eigen-coordinates (:math:`O v`), ``m.z`` the
    position :math:`O(x - x^*)`; references as in :func:`check_gd_in_z`.

    Parameters
    ----------
    formula : callable
        ``formula(m) -> (v_forms, z_forms)``: lists of claimed forms (``m`` a
        matrix instance).

    Returns
    -------
    Verdict

    Examples
    --------
    >>> step = lambda m: ([m.beta * m.v + m.Lam * m.z], [(m.I - m.eta * m.Lam) * m.z - m.eta * m.beta * m.v])
    >>> check_momentum_in_z(step).holds
    True
    """
    evidence = []
    for which, label in ((0, "v_t"), (1, "z_t")):
        for k in range(len(formula(matrix_instances()["exact"])[which])):
            v = _compare(lambda m: formula(m)[which][k], lambda m: _momentum_z_reference(m)[which],
                         _instances("rotation", "exact"), f"stated minus the true {label}",
                         f"{label} form {k + 1}: stated minus the true {label}")
            if not v.holds:
                return Verdict(False, f"{label} form {k + 1}: {v.evidence}")
            evidence.append(label)
    return Verdict(True, f"all {len(evidence)} stated forms ({', '.join(evidence)}) minus the true "
                         "heavy-ball step simplify to 0 on the rotation (via symbolic.eigen_decoupling) "
                         "and exact 3x3 instances; v is the momentum in eigen-coordinates (O v) and "
                         "z = O(x - x*) with x* solving grad h = 0")


def check_decoupling(directions):
    r"""In coordinates ``P = directions(m)``, each coordinate of (v, x - x*) only sees itself.

    Forms one heavy-ball step (symbolic :math:`\eta, \beta`; :math:`\beta = 0`
    is gradient descent) in :math:`(w, z) = (P v, P(x - x^*))` and takes its
    Jacobian: decoupling means every entry linking coordinate :math:`i` to
    :math:`j \ne i` is zero.

    Parameters
    ----------
    directions : callable
        ``directions(m)``: the claimed change of coordinates :math:`P`, a matrix
        (``m`` a matrix instance).

    Returns
    -------
    Verdict

    Examples
    --------
    >>> check_decoupling(lambda m: m.O).holds, check_decoupling(lambda m: m.I).holds
    (True, False)
    """
    sp = sympy()
    problems, sizes = [], []
    for m in _instances("rotation", "exact"):
        n = m.Q.rows
        P = _as_matrix(directions(m))
        Pinv = P.inv()
        x_star = _argmin(m)
        x = Pinv * m.z + x_star
        vx = Pinv * m.v
        vx_next = m.beta * vx + _grad_h(m, x)
        x_next = x - m.eta * vx_next
        step = sp.Matrix.vstack(P * vx_next, P * (x_next - x_star))
        J = step.jacobian(list(m.v) + list(m.z))
        # An entry is coupling when it is not zero; the quick exact test first, then cancel().
        off = [(a, b_, J[a, b_]) for a in range(2 * n) for b_ in range(2 * n)
               if a % n != b_ % n and not is_zero(J[a, b_])]
        coupled = [(a, b_, e) for a, b_, e in ((a, b_, m.simplify(e)) for a, b_, e in off) if e != 0]
        if coupled:
            a, b_, e = coupled[0]
            problems.append(f"on the {m.name} instance {len(coupled)} coupling entries, e.g. "
                            f"d(step {a})/d(state {b_}) = {text(e, 100)}")
        sizes.append(n)
    if problems:
        return Verdict(False, "; ".join(problems))
    return Verdict(True, "the Jacobian of one momentum step in (O v, O(x - x*)) is zero outside the "
                         "2x2 blocks {v_i, z_i} (symbolic eta, beta; beta = 0 is gradient descent) "
                         f"on the rotation and exact instances (n = {sizes})")
