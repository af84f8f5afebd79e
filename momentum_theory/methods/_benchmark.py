"""Timing of a record's spectral radius against batched ``numpy.linalg.eigvals``.

For ``benchmarks/`` (timings are never asserted in the test suite).
"""
from __future__ import annotations

import time

import numpy as np


def radius_vs_eigvals(name="two_step", n=10 ** 6, seed=0, repeat=3, rounds=1, eig_repeat=None):
    """Seconds for ``spectral_radius`` and for ``eigvals`` on the same points, and their ratio.

    The points are uniform in ``eta_lambda`` [0, 4], ``beta`` [-0.99, 0.99],
    ``gamma`` [-1, 2], ``nu`` [0, 1] (what the record takes). ``eigvals``
    gets the record's companion matrices, built beforehand (not timed).
    Each of ``rounds`` rounds times both, one after the other (best of
    ``repeat`` calls of ``spectral_radius``, of ``eig_repeat`` calls of
    ``eigvals``, by default ``repeat`` too), so that a machine busy with other work slows both alike;
    the results are the medians over the rounds.

    Returns a dict: ``radius_s``, ``eigvals_s`` (median seconds), ``ratio``
    (median of the rounds' eigvals / radius), ``ratios`` (each round's),
    ``max_rel_diff`` (between the two results, a sanity check).

    Examples
    --------
    >>> r = radius_vs_eigvals(n=20000, repeat=1, rounds=3)
    >>> r["ratio"] > 1, r["max_rel_diff"] < 1e-6, len(r["ratios"])
    (True, True, 3)
    """
    from momentum_theory import methods

    m = methods.get(name)
    rng = np.random.default_rng(seed)
    ranges = {"beta": (-0.99, 0.99), "gamma": (-1.0, 2.0), "nu": (0.0, 1.0), "kappa": (1.0, 1e4)}
    h = rng.uniform(0.0, 4.0, n)
    kw = {p: rng.uniform(*ranges[p], n) for p in m.params}
    M = m.matrix(h, **kw)

    def best(f, times_=repeat):
        times = []
        for _ in range(times_):
            t0 = time.perf_counter()
            out = f()
            times.append(time.perf_counter() - t0)
        return min(times), out

    t_rho, t_eig, ratios = [], [], []
    for _ in range(rounds):
        t, rho = best(lambda: m.spectral_radius(h, **kw))
        t_rho.append(t)
        t, eig = best(lambda: np.abs(np.linalg.eigvals(M)).max(axis=1), eig_repeat or repeat)
        t_eig.append(t)
        ratios.append(t_eig[-1] / t_rho[-1])
    with np.errstate(divide="ignore", invalid="ignore"):
        diff = float(np.nanmax(np.abs(rho - eig) / np.maximum(rho, 1e-300)))
    return {"name": name, "n": n, "radius_s": float(np.median(t_rho)),
            "eigvals_s": float(np.median(t_eig)), "ratio": float(np.median(ratios)),
            "ratios": [float(r) for r in ratios], "max_rel_diff": diff}
