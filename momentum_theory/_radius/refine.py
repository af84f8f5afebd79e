"""The refinement kernel: the double-double slow path as in-place ufuncs on a batch.

:func:`refine_sliver` does the arithmetic of
:func:`~momentum_theory._radius.accurate.radius_accurate`, operation for
operation, on the points the plain pass set aside, writing into preallocated
rows: a batch costs ~100 passes over cached memory and no allocation, where
the general path allocates at every step. A batch it cannot handle exactly
as the general path would (``|beta| > 1``, a ``|T|`` outside
``[2**-40, 2**400]``, a discriminant whose sign needs exact rationals) is
declined, and the caller uses the general path: either way a point gets the
same bits, whatever batch it lands in.
"""
from __future__ import annotations

import numpy as np

from momentum_theory._eft import SPLITTER  # Dekker's splitter, 2**27 + 1
from momentum_theory._radius.accurate import UNSURE

#: Rows of scratch a batch needs (``work`` in :func:`refine_sliver`).
WORK_ROWS = 11


def refine_sliver(h, beta, out, work, real):
    """rho of sliver points into ``out``, in place; False (nothing written) if they do not qualify.

    The arithmetic of :func:`~momentum_theory._radius.accurate.radius_accurate`,
    written with ``out=`` into the 11 rows of ``work`` (and the boolean
    ``real``) so that a batch costs ~100 passes over cached memory and no
    allocation. Batches with any ``|beta| > 1`` or any ``|T|`` outside
    ``[2**-40, 2**400]`` (overflow, or a T so small that the Fast2Sums
    below could fail) are declined: they go to the general slow path, which
    gives the same bits where both apply, so a point's value does not
    depend on the batch it lands in.
    """
    if not (-1.0 <= beta.min() and beta.max() <= 1.0):
        return False
    add, sub, mul = np.add, np.subtract, np.multiply
    A, B, C, D, E, F, G, H, I, J, K = work
    add(beta, 1.0, out=A)                                     # s
    sub(A, 1.0, out=B)
    sub(beta, B, out=B)                                       # e1
    sub(A, h, out=C)                                          # t
    sub(C, A, out=D)
    sub(C, D, out=E)
    sub(A, E, out=A)
    add(D, h, out=D)
    sub(A, D, out=A)                                          # e2
    add(B, A, out=B)
    add(C, B, out=A)                                          # th
    sub(A, C, out=C)
    sub(B, C, out=B)                                          # tl
    np.abs(A, out=D)
    if not (2.0**-40 <= D.min() and D.max() <= 2.0**400):
        return False
    # th**2 = p + pe exactly (E, F), from Dekker's halves hi, lo (C, D) of th.
    mul(A, SPLITTER, out=C)
    sub(C, A, out=D)
    sub(C, D, out=C)
    sub(A, C, out=D)
    mul(A, A, out=E)
    mul(C, C, out=F)
    sub(F, E, out=F)
    mul(C, D, out=G)
    add(G, G, out=G)
    add(F, G, out=F)
    mul(D, D, out=G)
    add(F, G, out=F)
    # 2 th tl = q + qe exactly (G, J), with the halves of tl in H, I.
    mul(A, B, out=G)
    add(G, G, out=G)
    mul(B, SPLITTER, out=H)
    sub(H, B, out=I)
    sub(H, I, out=H)
    sub(B, H, out=I)
    mul(C, H, out=J)
    mul(G, 0.5, out=K)
    sub(J, K, out=J)
    mul(C, I, out=K)
    add(J, K, out=J)
    mul(D, H, out=K)
    add(J, K, out=J)
    mul(D, I, out=K)
    add(J, K, out=J)
    add(J, J, out=J)
    # D = (p - 4 beta) + q + pe + qe + tl**2, each sum a TwoSum. (Sterbenz
    # makes p - 4 beta exact in the sliver, but not at points sent here for
    # rho near 1: its error d0e keeps their bits those of the slow path.)
    mul(beta, 4.0, out=C)
    sub(E, C, out=D)                                          # TwoSum(p, -4 beta) -> D, K
    sub(D, E, out=H)
    sub(D, H, out=I)
    sub(E, I, out=I)
    add(C, H, out=C)
    sub(I, C, out=K)
    add(F, G, out=C)                                          # TwoSum(pe, q) -> C, F
    sub(C, F, out=H)
    sub(C, H, out=I)
    sub(F, I, out=F)
    sub(G, H, out=G)
    add(F, G, out=F)
    add(D, C, out=E)                                          # TwoSum(d0, C) -> E, D
    sub(E, D, out=G)
    sub(E, G, out=H)
    sub(D, H, out=D)
    sub(C, G, out=C)
    add(D, C, out=D)
    add(F, J, out=F)
    mul(B, B, out=G)
    add(F, G, out=F)
    add(F, K, out=F)
    add(D, F, out=D)
    add(E, D, out=C)                                          # TwoSum(E, D) -> dh C, dl E
    sub(C, E, out=G)
    sub(C, G, out=H)
    sub(E, H, out=E)
    sub(D, G, out=D)
    add(E, D, out=E)
    # |D| so small that only exact rationals give its sign (see
    # accurate.accurate_parts): rare, so the whole batch takes the slow path.
    mul(A, A, out=F)
    np.abs(C, out=G)
    mul(F, UNSURE, out=F)
    if np.any(np.less_equal(G, F, out=real)):
        return False
    np.greater(C, 0.0, out=real)
    # sqrt(dh + dl) = r + (dh - r**2 + dl) / (2 r), r**2 = F + G exactly.
    np.maximum(C, 0.0, out=D)
    np.sqrt(D, out=D)
    mul(D, D, out=F)
    mul(D, SPLITTER, out=H)
    sub(H, D, out=I)
    sub(H, I, out=H)
    sub(D, H, out=I)
    mul(H, H, out=G)
    sub(G, F, out=G)
    mul(H, I, out=J)
    add(J, J, out=J)
    add(G, J, out=G)
    mul(I, I, out=J)
    add(G, J, out=G)
    sub(C, F, out=C)
    sub(C, G, out=C)
    add(C, E, out=C)
    add(D, D, out=F)
    np.divide(C, F, out=C)                                    # NaN where D <= 0: unused
    # rho = (|th| + r + sign(th) tl + correction) / 2, with |th| + r exact.
    np.abs(A, out=F)
    add(F, D, out=G)
    sub(G, F, out=H)
    sub(G, H, out=I)
    sub(F, I, out=F)
    sub(D, H, out=D)
    add(F, D, out=F)
    mul(A, B, out=H)
    np.copysign(B, H, out=B)
    add(F, B, out=F)
    add(F, C, out=F)
    add(G, F, out=G)
    mul(G, 0.5, out=G)
    np.sqrt(beta, out=out)                                    # complex or double roots
    np.copyto(out, G, where=real)
    return True
