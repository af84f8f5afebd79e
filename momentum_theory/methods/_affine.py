"""A record's trace and determinant as exact affine coefficients in h (below ``_record`` and ``_tuning``)."""
from __future__ import annotations

import functools
from fractions import Fraction

import numpy as np


@functools.lru_cache(maxsize=1024)
def affine_coefficients(method, values):
    """:meth:`Method.affine_trace_det` at checked float ``values``: a pure function, kept per process.

    The nested tuning searches ask for the same parameters many times over.
    """
    if method._to_internal is None:                # the polynomials' variables are (h, params)
        offset, scale, rest = Fraction(0), Fraction(1), [Fraction(x) for x in values]
    else:
        # The record's map from (h, params) to its polynomials' variables
        # (triple momentum's kappa): linear in h, read off at h = 0 and 1.
        x0 = [float(np.asarray(x))
              for x in method._internal([np.array(0.0)] + [np.array(v) for v in values])]
        x1, x2 = (float(np.asarray(method._internal([np.array(h)] + [np.array(v) for v in values])[0]))
                  for h in (1.0, 2.0))
        if not all(np.isfinite(x0 + [x1, x2])):
            raise ValueError(f"the parameters of {method.name} map to non-finite values: {list(values)}")
        offset, scale = Fraction(x0[0]), Fraction(x1) - Fraction(x0[0])
        if Fraction(x2) != offset + 2 * scale:       # the map is not linear in h
            return None
        rest = [Fraction(x) for x in x0[1:]]
    out = []
    for poly in (method.spec.trace, method.spec.det):
        c = [Fraction(0), Fraction(0)]
        for coeff, ex in poly.terms:
            if ex[0] > 1:
                return None
            term = coeff
            for x, k in zip(rest, ex[1:]):
                term *= x ** k
            c[ex[0]] += term
        # T(h') with h' = offset + scale * h
        out += [c[0] + c[1] * offset, c[1] * scale]
    return out[0], out[1], out[2], out[3]
