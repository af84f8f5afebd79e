r"""The convex quadratic :math:`h(x) = \tfrac12 x^\top Q x + x^\top c + b` and its eigenbasis.

:func:`quadratic` derives the gradient, minimizer, minimum and completed
square for an explicit symmetric :math:`Q`; :func:`eigen_decoupling` shows
that in the coordinates :math:`z = O(x - x^*)`, where :math:`Q = O^\top\Lambda O`,
one step of gradient descent or momentum acts on each eigen-direction
separately; :func:`decoupling_check` confirms that numerically for any size.

SymPy cost grows quickly with ``n``: ``quadratic(3)`` takes about a second,
``quadratic(4)`` ten seconds or more (every entry of the minimizer is a ratio
of ``n - 1``- and ``n``-th degree cofactor polynomials, and the checks cancel
them), and :func:`eigen_decoupling` accepts ``n`` of 2 to 4.
"""
from __future__ import annotations

import functools

import numpy as np
import sympy as sp

from momentum_theory import _validation as _v
from momentum_theory.symbolic.derivation import Derivation, b, beta, eta, symmetric_matrix, vector

__all__ = ["quadratic", "eigen_decoupling", "decoupling_check"]


def _objective(Q, c, x):
    return (x.T * Q * x)[0] / 2 + (x.T * c)[0] + b


def quadratic(n=2):
    r"""Gradient, minimizer, minimum and completed square of the quadratic :math:`h`.

    Here :math:`h(x) = \tfrac12 x^\top Q x + x^\top c + b`, :math:`Q` is the explicit symmetric matrix of symbols ``q_ij``
    (:func:`symmetric_matrix`), :math:`c = (c_1, \dots, c_n)`.

    Parameters
    ----------
    n : int
        Dimension, at least 1. ``n = 2`` and ``3`` take well under a few
        seconds; the cost grows fast with ``n``.

    Returns
    -------
    Derivation
        ``result`` has parts ``gradient`` (each component by ``diff``),
        ``minimizer`` (``linsolve`` of :math:`\nabla h = 0`), ``minimum``
        (:math:`h` at the minimizer), ``completed_square``
        (:math:`\tfrac12 (x-x^*)^\top Q (x-x^*) + h(x^*)`) and ``hessian``.
        Checks: the minimizer equals :math:`-Q^{-1}c`, the minimum equals
        :math:`b - \tfrac12 c^\top Q^{-1} c`, the completed square expands
        back to :math:`h`, the gradient is :math:`Q(x - x^*)`.
        ``conditions`` are the leading principal minors of :math:`Q` being
        positive (Sylvester's test for :math:`Q \succ 0`).

    Examples
    --------
    >>> d = quadratic(1)
    >>> d.result['minimizer'], d.result['minimum']
    (Matrix([[-c_1/q_11]]), b - c_1**2/(2*q_11))
    """
    return _quadratic(_v.count(n, "n", minimum=1))


@functools.lru_cache(maxsize=8)
def _quadratic(n):
    Q, c, x = symmetric_matrix(n), vector(n, "c"), vector(n, "x")
    objective = _objective(Q, c, x)
    gradient = sp.Matrix([sp.diff(objective, xi) for xi in x])
    solutions = sp.linsolve(list(gradient), list(x))
    if len(solutions) != 1:
        raise ArithmeticError("the gradient equation has no unique solution")
    minimizer = sp.Matrix(next(iter(solutions))).applyfunc(sp.factor)
    at_minimizer = dict(zip(x, minimizer))
    # b passes through unchanged; factoring only the rest keeps it readable.
    minimum = b + sp.factor(sp.cancel(objective.subs(at_minimizer) - b))
    offset = x - minimizer
    completed = (offset.T * Q * offset)[0] / 2 + minimum
    hessian = sp.hessian(objective, list(x))

    Q_inv = Q.inv()
    minimum_formula = b - (c.T * Q_inv * c)[0] / 2
    # -Q^{-1} c and Q (x - x*) are the chapter's compact forms: shown for
    # reading, and compared with what diff/linsolve produced in the checks.
    steps = {
        "objective": objective,
        "gradient": gradient,
        "minimizer": minimizer,
        "minus_Q_inverse_c": (-Q_inv * c).applyfunc(sp.factor),
        "minimum": minimum,
        "completed_square": completed,
        "hessian": hessian,
        "gradient_about_minimizer": Q * offset,
    }
    checks = {
        "gradient_zero_at_minimizer": gradient.subs(at_minimizer).applyfunc(sp.cancel),
        "minimizer_is_minus_Q_inverse_c": (minimizer + Q_inv * c).applyfunc(sp.cancel),
        "minimum_is_b_minus_half_cQc": sp.cancel(minimum - minimum_formula),
        "completed_square_is_h": sp.cancel(completed - objective),
        "hessian_is_Q": hessian - Q,
        "gradient_is_Q_times_offset": (gradient - Q * offset).applyfunc(sp.cancel),
    }
    minors = tuple(Q[:k, :k].det() > 0 for k in range(1, n + 1))
    return Derivation(
        name="quadratic",
        description=f"minimizer and minimum of h(x) = x^T Q x/2 + x^T c + b, n = {n}",
        result={"gradient": gradient, "minimizer": minimizer, "minimum": minimum,
                "completed_square": completed, "hessian": hessian},
        steps=steps,
        conditions=minors,
        checks=checks,
    )


def _rotation(n):
    """An orthogonal O and the simplifier that proves identities in its entries."""
    if n == 2:
        theta = sp.Symbol("theta", real=True)
        s, co = sp.sin(theta), sp.cos(theta)
        O = sp.Matrix([[co, -s], [s, co]])

        def simplify(expr):
            # Expanding then using sin^2 = 1 - cos^2 is all these entries need,
            # and is two orders of magnitude faster than trigsimp.
            return sp.expand(sp.expand(expr).subs(s**2, 1 - co**2))

        return O, simplify
    # For n >= 3 a generic symbolic rotation makes the algebra crawl; the Cayley
    # transform (I - A)(I + A)^{-1} of a fixed skew-symmetric integer A is an
    # exactly orthogonal rational matrix with every entry nonzero.
    A = sp.Matrix(n, n, lambda i, j: sp.sign(j - i) * (i + j + 1))
    eye = sp.eye(n)
    return (eye - A) * (eye + A).inv(), sp.expand


def eigen_decoupling(n=2):
    r"""Gradient descent and momentum in eigen-coordinates act on each direction separately.

    With :math:`Q = O^\top \Lambda O`, :math:`\Lambda = \operatorname{diag}(\lambda_1, \dots, \lambda_n)`,
    minimizer :math:`x^*` (so :math:`c = -Q x^*`) and the change of variables
    :math:`z = O(x - x^*)`, :math:`w = O v`, one step

    - of gradient descent :math:`x \leftarrow x - \eta \nabla h(x)`, and
    - of momentum :math:`v \leftarrow \beta v + \nabla h(x)`, :math:`x \leftarrow x - \eta v`

    is written in :math:`(w, z)` and its matrix taken by ``jacobian``.

    Parameters
    ----------
    n : int
        2 (default): :math:`O` is the rotation by a symbolic angle
        :math:`\theta`. 3 or 4: :math:`O` is a fixed rational orthogonal
        matrix (a Cayley transform) and :math:`\Lambda` stays symbolic.

    Returns
    -------
    Derivation
        ``result['gd']`` is the ``n x n`` z-step matrix
        :math:`I - \eta\Lambda`; ``result['momentum']`` the ``2n x 2n``
        matrix on :math:`(w, z)`, whose four ``n x n`` blocks are diagonal;
        ``result['per_direction']`` the ``2 x 2`` matrices
        :math:`R(\beta, \eta, \lambda_i)` on :math:`(w_i, z_i)`.
        Checks: :math:`O^\top O = I`, the steps have no constant part, every
        block is diagonal, and :math:`h` in :math:`z` is
        :math:`\tfrac12 z^\top\Lambda z + h(x^*)`.

    Examples
    --------
    >>> eigen_decoupling(2).result['gd']
    Matrix([
    [-eta*lambda_1 + 1,                 0],
    [                0, -eta*lambda_2 + 1]])
    """
    n = _v.count(n, "n", minimum=2)
    if n > 4:
        raise ValueError(f"n must be 2, 3 or 4 for the symbolic decoupling (use decoupling_check "
                         f"for larger sizes), got {n}")
    return _eigen_decoupling(n)


def _is_diagonal(M):
    return all(M[i, j] == 0 for i in range(M.rows) for j in range(M.cols) if i != j)


def _off_diagonal(M):
    return sp.Matrix(M.rows, M.cols, lambda i, j: 0 if i == j else M[i, j])


@functools.lru_cache(maxsize=4)
def _eigen_decoupling(n):
    O, simplify = _rotation(n)
    lambdas = [sp.Symbol(f"lambda_{i + 1}", positive=True) for i in range(n)]
    Lam = sp.diag(*lambdas)
    Q = O.T * Lam * O
    x_star = sp.Matrix([sp.Symbol(f"x*_{i + 1}", real=True) for i in range(n)])
    x, v = vector(n, "x"), vector(n, "v")
    z, w = vector(n, "z"), vector(n, "w")
    objective = _objective(Q, -Q * x_star, x)
    gradient = sp.Matrix([sp.diff(objective, xi) for xi in x])

    to_x = dict(zip(x, O.T * z + x_star))
    to_v = dict(zip(v, O.T * w))

    def in_z(expr):
        return expr.subs(to_x, simultaneous=True).subs(to_v, simultaneous=True)

    gd_x = x - eta * gradient
    gd_z = (O * (in_z(gd_x) - x_star)).applyfunc(simplify)
    gd = gd_z.jacobian(z).applyfunc(simplify)

    v_next = beta * v + gradient
    x_next = x - eta * v_next
    w_next = (O * in_z(v_next)).applyfunc(simplify)
    z_next = (O * (in_z(x_next) - x_star)).applyfunc(simplify)
    state = list(w) + list(z)
    momentum = sp.Matrix.vstack(w_next, z_next).jacobian(state).applyfunc(simplify)
    blocks = {"w_from_w": momentum[:n, :n], "w_from_z": momentum[:n, n:],
              "z_from_w": momentum[n:, :n], "z_from_z": momentum[n:, n:]}
    per_direction = tuple(momentum.extract([i, n + i], [i, n + i]) for i in range(n))
    h_in_z = simplify(in_z(objective))
    h_at_min = simplify(objective.subs(dict(zip(x, x_star))))
    constant = h_in_z.subs(dict.fromkeys(z, 0))
    # Shown as the chapter writes it: the z-part plus a constant b'.
    b_prime = sp.Symbol("b'", real=True)
    b_rotated = b - sum(lam * yi**2 for lam, yi in zip(lambdas, O * x_star)) / 2

    steps = {"O": O, "orthogonality": (O.T * O).applyfunc(simplify), "Q": Q.applyfunc(simplify),
             "objective_in_z": simplify(h_in_z - constant) + b_prime,
             "constant_term": sp.Eq(b_prime, b_rotated),
             "gd_step_in_z": gd_z, "gd": gd,
             "momentum_w_step": w_next, "momentum_z_step": z_next, "momentum": momentum}
    steps.update({f"block_{k}": M for k, M in blocks.items()})
    steps["per_direction"] = per_direction
    quadratic_in_z = sum(lam * zi**2 for lam, zi in zip(lambdas, z)) / 2 + h_at_min
    checks = {
        "O_is_orthogonal": steps["orthogonality"] - sp.eye(n),
        "gd_is_linear_in_z": (gd_z - gd * z).applyfunc(simplify),
        "momentum_is_linear": (sp.Matrix.vstack(w_next, z_next)
                               - momentum * sp.Matrix(state)).applyfunc(simplify),
        "gd_is_diagonal": _off_diagonal(gd),
        "objective_is_half_z_Lambda_z": simplify(h_in_z - quadratic_in_z),
        "b_prime_is_minimum": simplify(constant - h_at_min),
        "b_prime_is_b_minus_half_Ox_Lambda_Ox": simplify(constant - b_rotated),
    }
    checks.update({f"{k}_is_diagonal": _off_diagonal(M) for k, M in blocks.items()})
    return Derivation(
        name="eigen_decoupling",
        description=f"GD and momentum in z = O(x - x*) are diagonal, n = {n}",
        result={"gd": gd, "momentum": momentum, "per_direction": per_direction},
        steps=steps,
        checks=checks,
    )


def decoupling_check(Q=None, eta=0.1, beta=0.9, *, n=5, seed=0):
    r"""Numerically: the z-step matrices of GD and momentum are diagonal, for any SPD ``Q``.

    Diagonalises ``Q = O^T diag(lam) O`` with ``numpy.linalg.eigh``, forms the
    one-step matrices in ``(v, x)`` coordinates (GD: ``I - eta Q``; momentum:
    ``[[beta I, Q], [-eta beta I, I - eta Q]]``) and transforms them to
    ``(w, z) = (O v, O (x - x*))``.

    Parameters
    ----------
    Q : array_like, shape (n, n), optional
        Symmetric positive definite. Default: a random SPD matrix of size
        ``n`` drawn from ``seed``.
    eta, beta : float
        Step size and momentum.
    n : int
        Size of the random ``Q`` (ignored when ``Q`` is given).
    seed : int or numpy.random.Generator
        Randomness for the default ``Q``.

    Returns
    -------
    float
        The largest off-diagonal magnitude over the GD z-matrix and the four
        ``n x n`` blocks of the momentum matrix, relative to the largest
        entry: a few multiples of machine epsilon when decoupling holds.

    Raises
    ------
    ValueError
        If ``Q`` is not square, symmetric, finite and positive definite.

    Examples
    --------
    >>> decoupling_check(n=8, seed=1) < 1e-13
    True
    """
    eta = _v.real_scalar(eta, "eta")
    beta = _v.real_scalar(beta, "beta")
    if Q is None:
        n = _v.count(n, "n", minimum=1)
        rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(_v.count(seed, "seed"))
        A = rng.standard_normal((n, n))
        Q = A @ A.T + n * np.eye(n)
    Q = _spd_matrix(Q)
    n = Q.shape[0]
    lam, V = np.linalg.eigh(Q)
    O = V.T
    eye = np.eye(n)
    gd = O @ (eye - eta * Q) @ O.T
    momentum = np.block([[beta * eye, Q], [-eta * beta * eye, eye - eta * Q]])
    T = np.block([[O, np.zeros((n, n))], [np.zeros((n, n)), O]])
    in_z = T @ momentum @ T.T
    mats = [gd, in_z[:n, :n], in_z[:n, n:], in_z[n:, :n], in_z[n:, n:]]
    off = max(float(np.max(np.abs(M - np.diag(np.diag(M))), initial=0.0)) for M in mats)
    scale = max(float(np.max(np.abs(M))) for M in mats)
    return off / scale if scale else off


def _spd_matrix(Q):
    Q = _v.real_array(Q, "Q")
    if Q.ndim != 2 or Q.shape[0] != Q.shape[1] or Q.shape[0] == 0:
        raise ValueError(f"Q must be a square matrix, got shape {Q.shape}")
    if not np.allclose(Q, Q.T, rtol=1e-12, atol=0.0):
        raise ValueError("Q must be symmetric")
    if np.linalg.eigvalsh(Q)[0] <= 0:
        raise ValueError("Q must be positive definite")
    return Q
