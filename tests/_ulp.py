"""The distance in ulps between float64 results and high-precision references (shared by tests)."""

import mpmath
import numpy as np


def max_ulps(got, ref):
    """The largest ``|got - ref|`` in ulps of ``float(ref)`` over paired values.

    ``got`` is array-like of doubles, ``ref`` an iterable of mpmath numbers (or
    anything ``mpmath.mpf`` takes). A reference of exactly 0 needs ``|got| < 1e-300``
    (asserted): an ulp of 0 would make any error look infinite.
    """
    worst = 0.0
    for g, r in zip(np.asarray(got, float).ravel().tolist(), ref):
        rf = float(r)
        if rf == 0.0:
            assert abs(g) < 1e-300
            continue
        worst = max(worst, float(abs(mpmath.mpf(g) - r) / np.spacing(rf)))
    return worst
