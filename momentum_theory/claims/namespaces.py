r"""The symbols a claim's formula is written in.

A formula is data: a callable that builds the chapter's expression from one
of these namespaces, so that a check can evaluate the chapter's version, a
correction or a user's own attempt the same way.

Namespaces
----------
- :func:`scalar_namespace` -- scalar symbols named as in the chapter
  (``eta``, ``beta``, ``lam``, ``t``, ...), used by the checks on leaky
  averages, the 2-D example and one eigen-direction.
- :func:`matrix_instances` -- three instances of the quadratic
  :math:`h(x) = \tfrac12 x^\top Q x + x^\top c + b` a matrix formula is
  evaluated on:

  ``generic``
      :math:`Q` the symmetric 2×2 matrix of symbols ``q_ij``; the reference
      is :func:`momentum_theory.symbolic.quadratic`.
  ``rotation``
      :math:`Q = O^\top \Lambda O` with :math:`O` the rotation by the angle
      :math:`2\arctan s` (rational in the symbol :math:`s`, so ``cancel`` is
      an exact zero test) and :math:`\Lambda = \mathrm{diag}(l_1, l_2)`: every
      2×2 positive definite matrix has this form (the rotation by π, the one
      angle missed, gives the same :math:`Q` as the identity).
  ``exact``
      A 3×3 instance in exact rationals: :math:`O` a Cayley transform
      :math:`(I - S)(I + S)^{-1}` of a skew-symmetric integer :math:`S`
      (exactly orthogonal), :math:`\Lambda = \mathrm{diag}(1/2, 2, 5)`,
      :math:`c = (1, -2, 3)`.
"""
from __future__ import annotations

import functools
from types import SimpleNamespace

from momentum_theory.claims._common import sympy

__all__ = ["scalar_namespace", "matrix_instances"]


@functools.lru_cache(maxsize=1)
def scalar_namespace():
    r"""The scalar symbols a formula may use, named as in the chapter.

    ``eta, beta, lam`` (:math:`\lambda`), ``t, tau, x0, h`` (:math:`\eta\lambda`)
    come from :mod:`momentum_theory.symbolic`; ``x, v, g`` are a position, a
    velocity and a gradient, ``v_tm2, g_tm1, g_t`` the terms of the two-step
    unrolling, ``B`` a batch size, ``x1, x2`` the coordinates of the 2-D
    example; ``Rational, Interval, oo, Matrix`` build values.

    Examples
    --------
    >>> s = scalar_namespace()
    >>> 1 / (1 - s.beta)
    1/(1 - beta)
    """
    sp = sympy()
    from momentum_theory import symbolic as sym
    return SimpleNamespace(
        eta=sym.eta, beta=sym.beta, lam=sym.lambda_, t=sym.t, tau=sym.tau, x0=sym.x0, h=sym.h,
        x=sp.Symbol("x", real=True), v=sp.Symbol("v", real=True), g=sp.Symbol("g", real=True),
        v_tm2=sp.Symbol("v_{t-2}", real=True), g_tm1=sp.Symbol("g_{t-1}", real=True),
        g_t=sp.Symbol("g_t", real=True), B=sp.Symbol("B", integer=True, positive=True),
        x1=sp.Symbol("x_1", real=True), x2=sp.Symbol("x_2", real=True),
        Rational=sp.Rational, Interval=sp.Interval, oo=sp.oo, Matrix=sp.Matrix)


def _instance(**fields):
    sp = sympy()
    n = fields["Q"].rows
    return SimpleNamespace(I=sp.eye(n), half=sp.Rational(1, 2), **fields)


@functools.lru_cache(maxsize=1)
def matrix_instances():
    r"""The three instances matrix formulas are evaluated on (see the module docs).

    Returns
    -------
    dict of str -> SimpleNamespace
        Each namespace has ``Q, Qinv, c, x, b`` (``b`` a 1×1 matrix), ``I``,
        ``half``, ``eta``, ``beta``, ``simplify`` (a zero test that is exact
        on that instance) and, where known, ``O, Lam`` (:math:`Q = O^\top\Lambda O`)
        and ``z, v`` (eigen-coordinates and the momentum in them).

    Examples
    --------
    >>> m = matrix_instances()["exact"]
    >>> (m.O * m.O.T == m.I, m.Q == m.O.T * m.Lam * m.O)
    (True, True)
    """
    sp = sympy()
    from momentum_theory import symbolic as sym
    b = sp.Matrix([[sym.b]])
    out = {}
    Q = sp.Matrix(sym.symmetric_matrix(2))
    out["generic"] = _instance(kind="generic", name="generic symmetric 2x2 Q", Q=Q, Qinv=Q.inv(),
                               c=sp.Matrix(sym.vector(2, "c")), x=sp.Matrix(sym.vector(2, "x")),
                               b=b, eta=sym.eta, beta=sym.beta, simplify=sp.cancel, O=None, Lam=None)
    # Rotation by theta with s = tan(theta/2): rational entries, so cancel()
    # is an exact zero test; theta = pi, the one angle missed, gives the same Q as theta = 0.
    r = sp.Symbol("s", real=True)
    O = sp.Matrix([[1 - r**2, -2 * r], [2 * r, 1 - r**2]]) / (1 + r**2)
    ls = sp.symbols("l_1 l_2", positive=True)
    Lam = sp.diag(*ls)
    out["rotation"] = _instance(kind="rotation",
                                name="rotation Q = O^T diag(l_1, l_2) O (O: rotation by 2 atan(s))",
                                Q=O.T * Lam * O, Qinv=O.T * Lam.inv() * O, O=O, Lam=Lam,
                                c=sp.Matrix(sym.vector(2, "c")), x=sp.Matrix(sym.vector(2, "x")),
                                z=sp.Matrix(sym.vector(2, "z")), v=sp.Matrix(sym.vector(2, "w")),
                                b=b, eta=sym.eta, beta=sym.beta, simplify=sp.cancel)
    S = sp.Matrix([[0, 1, -2], [-1, 0, 1], [2, -1, 0]])
    I3 = sp.eye(3)
    O = (I3 - S) * (I3 + S).inv()
    Lam = sp.diag(sp.Rational(1, 2), 2, 5)
    out["exact"] = _instance(kind="exact", name="exact rational 3x3 Q = O^T diag(1/2, 2, 5) O",
                             Q=O.T * Lam * O, Qinv=O.T * Lam.inv() * O, O=O, Lam=Lam,
                             c=sp.Matrix([1, -2, 3]), x=sp.Matrix(sym.vector(3, "x")),
                             z=sp.Matrix(sym.vector(3, "z")), v=sp.Matrix(sym.vector(3, "w")),
                             b=b, eta=sym.eta, beta=sym.beta, simplify=sp.cancel)
    return out
