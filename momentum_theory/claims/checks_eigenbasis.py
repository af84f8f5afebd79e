r"""Checks of the chapter's claims about :math:`Q \succ 0` and the orthogonal change of basis.

Same conventions as :mod:`momentum_theory.claims.checks_averaging`: each check
takes the statement's content as data and returns a
:class:`~momentum_theory.claims.claim.Verdict`. Matrix formulas are callables on
the instances of :func:`~momentum_theory.claims.namespaces.matrix_instances`.

Checks
------
- :func:`check_definite_means_positive_eigenvalues` -- for which matrices
  ":math:`Q \succ 0`, that is, positive eigenvalues" holds.
- :func:`check_orthogonal_gradients` -- how the gradient transforms under
  :math:`z = O(x - x^*)`.
"""
from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np

from momentum_theory.claims._common import sympy, text
from momentum_theory.claims.claim import Verdict
from momentum_theory.claims.namespaces import matrix_instances

__all__ = ["check_definite_means_positive_eigenvalues", "check_orthogonal_gradients"]


def _positive_definite(Q):
    """x^T Q x > 0 for every x != 0: Sylvester's criterion on the symmetric part (exact)."""
    (a, b), (c, d) = Q
    s11, s12, s22 = Fraction(a), Fraction(b + c, 2), Fraction(d)
    return s11 > 0 and s11 * s22 - s12 * s12 > 0


def _positive_eigenvalues(Q):
    """Both eigenvalues real and positive: from the characteristic polynomial z^2 - tr z + det (exact)."""
    (a, b), (c, d) = Q
    trace, det = a + d, a * d - b * c
    return trace * trace - 4 * det >= 0 and trace > 0 and det > 0


def check_definite_means_positive_eigenvalues(in_class):
    r"""``in_class(Q)`` picks the matrices on which ":math:`Q \succ 0` iff all eigenvalues are positive" is claimed.

    :math:`Q \succ 0` means :math:`x^\top Q x > 0` for every :math:`x \ne 0`
    (decided exactly by Sylvester's criterion on the symmetric part
    :math:`(Q + Q^\top)/2`, which is all :math:`x^\top Q x` sees); "positive
    eigenvalues" means both roots of :math:`z^2 - \operatorname{tr}Q\,z + \det Q`
    are real and positive. Every 2×2 integer matrix with entries in
    :math:`\{-3, \dots, 3\}` (2401 of them) that ``in_class`` accepts is
    tested, and the class must contain every symmetric one (the chapter's
    :math:`h` can have any symmetric :math:`Q`). SymPy shows for a generic
    symmetric 2×2 matrix that the eigenvalues are real (the discriminant is a
    sum of squares), so for symmetric matrices positivity of the eigenvalues
    is Sylvester's conditions.

    Parameters
    ----------
    in_class : callable
        ``in_class(Q) -> bool`` on a 2×2 integer NumPy array: whether the
        claim is made for ``Q``.

    Returns
    -------
    Verdict

    Examples
    --------
    >>> check_definite_means_positive_eigenvalues(lambda Q: True).holds          # any square Q
    False
    >>> check_definite_means_positive_eigenvalues(lambda Q: bool((Q == Q.T).all())).holds
    True
    """
    sp = sympy()
    counter = {"definite, eigenvalues not positive": None, "eigenvalues positive, not definite": None}
    tested = 0
    left_out = None
    for a, b, c, d in itertools.product(range(-3, 4), repeat=4):
        Q = ((a, b), (c, d))
        if not in_class(np.array(Q)):
            if b == c and left_out is None:
                left_out = Q
            continue
        tested += 1
        pd, pe = _positive_definite(Q), _positive_eigenvalues(Q)
        if pd and not pe and counter["definite, eigenvalues not positive"] is None:
            counter["definite, eigenvalues not positive"] = Q
        if pe and not pd and counter["eigenvalues positive, not definite"] is None:
            counter["eigenvalues positive, not definite"] = Q
    p, q, r = sp.symbols("p q r", real=True)
    generic = sp.Matrix([[p, q], [q, r]])
    disc = sp.factor(generic.trace()**2 - 4 * generic.det())
    sum_of_squares = sp.expand(disc - ((p - r)**2 + 4 * q**2)) == 0
    found = {k: v for k, v in counter.items() if v is not None}
    ok = tested > 0 and not found and left_out is None and sum_of_squares
    head = (f"{tested} integer matrices in the claimed class tested; counterexamples: "
            + ("; ".join(f"{k}: Q = {list(map(list, v))}" for k, v in found.items()) if found else "none"))
    if left_out is not None:
        head += f"; the class leaves out symmetric matrices such as {list(map(list, left_out))}"
    return Verdict(bool(ok), f"{head}; generic symmetric [[p, q], [q, r]]: its discriminant {text(disc)} = (p - r)^2 + 4 q^2 "
                             f">= 0 (real eigenvalues): {sum_of_squares}; x^T Q x only sees (Q + Q^T)/2")


def check_orthogonal_gradients(law):
    r"""``law(m, gx)``: the gradient in :math:`z = O(x - x^*)` in terms of the gradient :math:`g_x` in :math:`x`.

    The reference differentiates :math:`h(O^\top z + x^*)` with respect to
    :math:`z` (SymPy, on the exact rational 3×3 instance), compares
    it with ``law``, and checks that the stated law keeps lengths
    (:math:`\|g_z\|^2 - \|g_x\|^2` simplifies to 0); then 10 gradient-descent
    steps on the exact instance in :math:`x` and in :math:`z` (same η) must
    map onto each other by :math:`z = O(x - x^*)`.

    Parameters
    ----------
    law : callable
        ``law(m, gx)``: the claimed :math:`\nabla_z h`, a SymPy column vector,
        from the instance ``m`` and :math:`g_x = \nabla_x h`.

    Returns
    -------
    Verdict

    Examples
    --------
    >>> check_orthogonal_gradients(lambda m, gx: m.O * gx).holds
    True
    >>> check_orthogonal_gradients(lambda m, gx: m.O.T * gx).holds
    False
    """
    sp = sympy()
    inst = matrix_instances()
    bad = []
    for name in ("exact",):
        m = inst[name]
        x_star = -m.Qinv * m.c
        x_of_z = m.O.T * m.z + x_star
        h = (m.half * x_of_z.T * m.Q * x_of_z + x_of_z.T * m.c + m.b)[0, 0]
        gz = sp.Matrix([sp.diff(h, zi) for zi in m.z])
        gx = (m.Q * x_of_z + m.c)
        stated = sp.Matrix(law(m, gx))
        diff = [m.simplify(e) for e in (stated - gz)]
        norm_gap = m.simplify((stated.T * stated)[0, 0] - (gx.T * gx)[0, 0])
        if any(e != 0 for e in diff) or norm_gap != 0:
            bad.append(f"{name}: stated minus d h/d z = {text([sp.factor(e) for e in diff])}, "
                       f"|stated|^2 - |g_x|^2 = {text(sp.factor(norm_gap))}")
    m = inst["exact"]
    Q = np.array(m.Q.tolist(), dtype=float)
    O = np.array(m.O.tolist(), dtype=float)
    c = np.array(m.c.tolist(), dtype=float).ravel()
    x_star = -np.linalg.solve(Q, c)
    lam = np.diag(np.array(m.Lam.tolist(), dtype=float))
    x = np.array([1.0, -2.0, 0.5])
    z = O @ (x - x_star)
    gap = 0.0
    for _ in range(10):
        x = x - 0.1 * (Q @ x + c)
        z = z - 0.1 * (lam * z)
        gap = max(gap, float(np.max(np.abs(O @ (x - x_star) - z))))
    ok = not bad and gap < 1e-12
    head = "; ".join(bad) if bad else ("on the exact rational 3x3 instance the stated law equals "
                                      "d h(O^T z + x*)/d z and keeps |g| unchanged")
    return Verdict(bool(ok), f"{head}; 10 gradient-descent steps (eta = 0.1) in x and in z agree under "
                             f"z = O(x - x*) to {gap:.1e}")
