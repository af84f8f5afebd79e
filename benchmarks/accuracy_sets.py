"""Adversarial inputs for the spectral radius and a 50-digit mpmath reference.

Shared by ``benchmarks/run.py`` (which prints the max ulp error of ours and of
``numpy.linalg.eigvals`` on each set) and ``tests/test_accuracy.py`` (which
asserts ours). Every set is a pair of float64 arrays ``(eta_lambda, beta)``;
the reference is computed from those exact doubles.
"""
from __future__ import annotations

import mpmath
import numpy as np


def _neighbours(x, k):
    """``x`` and its ``k`` nearest doubles on each side, flattened."""
    out = [x]
    up, down = x.copy(), x.copy()
    for _ in range(k):
        up = np.nextafter(up, np.inf)
        down = np.nextafter(down, -np.inf)
        out += [up, down]
    return np.concatenate(out)


def _exact_double_roots(rng, n, sign):
    """Points where D = 0 exactly: beta = s**2 and h = (1 + sign s)**2, all exact doubles."""
    s = rng.integers(1, 2**20, n) / 2.0**20          # 20 bits: s**2 and (1 +- s)**2 exact
    return (1.0 + sign * s) ** 2, s * s


def adversarial_sets(n=2000, seed=0):
    """Named sets of ``(eta_lambda, beta)`` float64 arrays, about ``n`` points each."""
    rng = np.random.default_rng(seed)
    m = max(n // 7, 1)
    sets = {}
    for name, sign in (("critical (1-sqrt b)^2", -1.0), ("critical (1+sqrt b)^2", 1.0)):
        beta = np.concatenate([rng.uniform(0.0, 1.0, m), 10.0 ** rng.uniform(-12, 0, m)])
        beta = np.minimum(beta, np.nextafter(1.0, 0.0))
        h = (1.0 + sign * np.sqrt(beta)) ** 2
        h2, b2 = _exact_double_roots(rng, m // 2, sign)
        sets[name] = (np.concatenate([_neighbours(h, 2), h2]),
                      np.concatenate([np.tile(beta, 5), b2]))
    beta = rng.uniform(0.0, 1.0, 2 * m)
    sets["boundary h = 2+2b"] = (_neighbours(2.0 + 2.0 * beta, 1), np.tile(beta, 3))
    beta = 1.0 - 2.0 ** -rng.uniform(1, 53, n)
    sets["beta -> 1"] = (np.concatenate([rng.uniform(0, 4.5, n // 2),
                                         (1 - np.sqrt(beta[n // 2:])) ** 2]), beta)
    beta = 10.0 ** rng.uniform(-300, -1, n)
    sets["beta -> 0"] = (np.concatenate([rng.uniform(0, 4.5, n // 2),
                                         (1 - np.sqrt(beta[n // 2:])) ** 2]), beta)
    sets["eta_lambda -> 0"] = (10.0 ** rng.uniform(-300, -1, n), rng.uniform(-1.0, 1.0, n))
    sets["random"] = (rng.uniform(0.0, 5.0, n), rng.uniform(-1.0, 1.0, n))
    return sets


def reference_radius(eta_lambda, beta, dps=50):
    """Spectral radius of each exact double pair, as mpmath numbers at ``dps`` digits."""
    ref = []
    with mpmath.workdps(dps):
        for h, b in zip(np.ravel(eta_lambda).tolist(), np.ravel(beta).tolist()):
            b = mpmath.mpf(b)
            t = 1 + b - mpmath.mpf(h)
            d = t * t - 4 * b
            ref.append((abs(t) + mpmath.sqrt(d)) / 2 if d >= 0 else mpmath.sqrt(b))
    return ref


def ulp_errors(values, reference):
    """``|value - ref| / ulp(ref)`` for each pair, with ulp the float64 spacing at ref."""
    errors = np.empty(len(reference))
    with mpmath.workdps(60):
        for i, (v, r) in enumerate(zip(np.ravel(values).tolist(), reference)):
            if r == 0:
                errors[i] = 0.0 if v == 0 else np.inf
                continue
            _, e = mpmath.frexp(r)                     # |r| in [2**(e-1), 2**e)
            errors[i] = float(abs(mpmath.mpf(v) - r) / mpmath.ldexp(1, int(e) - 53))
    return errors
