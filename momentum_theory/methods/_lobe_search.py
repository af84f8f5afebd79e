r"""Direct searches that complete the lobe walk of :mod:`momentum_theory.methods._lobes`.

Where the walk's assumptions do not hold for a general affine recursion:
next to :math:`h^*` (where :math:`\theta` turns back, so :math:`\Phi_t` is not
monotone over a stretch spanning at most a couple of lobes: :func:`_search`;
likewise next to an end of :math:`[\mu, L]` when :math:`h^*` lies just beyond
it), and
in the real regime when :math:`D` can be negative (roots of both signs, so
:math:`|p_t|` may have interior humps for small ``t``: :func:`_search_real`).
Both are a grid plus golden-section refinement, vectorised over all horizons.
Tests: ``tests/test_methods.py`` against 50-digit references and fine grids.
"""
from __future__ import annotations

import math

import numpy as np

_TWO_PI = 2.0 * np.pi


def _real_log_abs(coeffs, h, t):
    """log|p_t(h)| where the roots are real (plain float64: it locates maxima)."""
    t0, t1, d0, d1 = (float(c) for c in coeffs)
    s, d = t0 + t1 * h, d0 + d1 * h
    with np.errstate(all="ignore"):
        sq = np.sqrt(np.maximum(s * s - 4.0 * d, 0.0))
        r1 = np.where(s >= 0, (s + sq) / 2.0, (s - sq) / 2.0)
        r2 = d / r1
        w = r2 / r1
        power = np.sign(w) ** (t + 1) * np.exp((t + 1) * np.log(np.abs(w)))
        total = np.where(np.abs(1.0 - w) > 1e-12, (1.0 - power) / (1.0 - w), t + 1.0)
        out = t * np.log(np.abs(r1)) + np.log(np.abs((1.0 - r2) * total + r1 * power))
    return np.where(np.isnan(out), -np.inf, out)


def _search_real(coeffs, eta, a, b, T, best_T, where_T, points=65, rounds=50):
    """Interior maxima of |p_t| on a real-regime stretch [a, b] of h: the largest strict
    local maximum of a grid, refined by golden section; taken only if it beats the ends."""
    h = np.linspace(a, b, points)
    vals = _real_log_abs(coeffs, h[:, None], T[None, :])            # (points, m)
    # Local maxima of the grid, its two ends included: a hump inside the first or
    # last grid cell shows only as the end being above its neighbour.
    edge = np.full((1, T.size), -np.inf)
    padded = np.concatenate([edge, vals, edge])
    peak = (vals > padded[:-2]) & (vals > padded[2:])
    cand = np.where(peak, vals, -np.inf)
    i = np.argmax(cand, axis=0)
    cols = np.arange(T.size)
    ids = np.flatnonzero(np.isfinite(cand[i, cols]) & (cand[i, cols] > best_T - 1e-6))
    if not ids.size:
        return
    tt = T[ids]
    lo, hi = h[np.maximum(i[ids] - 1, 0)], h[np.minimum(i[ids] + 1, points - 1)]
    g = (math.sqrt(5.0) - 1.0) / 2.0
    c, d = hi - g * (hi - lo), lo + g * (hi - lo)
    fc, fd = _real_log_abs(coeffs, c, tt), _real_log_abs(coeffs, d, tt)
    for _ in range(rounds):
        left = fc > fd
        lo, hi = np.where(left, lo, c), np.where(left, d, hi)
        c_new = np.where(left, hi - g * (hi - lo), d)
        d_new = np.where(left, c, lo + g * (hi - lo))
        fx = _real_log_abs(coeffs, np.where(left, c_new, d_new), tt)
        fc, fd = np.where(left, fx, fd), np.where(left, fc, fx)
        c, d = c_new, d_new
    x = np.where(fc > fd, c, d)
    val = np.maximum(fc, fd)
    better = val > best_T[ids] + 1e-12         # an interior hump, not an end's rounding
    best_T[ids[better]] = val[better]
    where_T[ids[better]] = x[better] / eta


def _turning(fam, ta, tb, at_hi, T, contiguous=False):
    """For each t, the distance ``u`` from the h* end of [ta, tb] within which Phi_t may
    decrease (0 where it increases throughout): from d(arg z)/d(tau) on a grid that
    crowds towards that end. ``contiguous``: only the falling stretch that touches
    the end (for an end of [mu, L] with h* just beyond it)."""
    width = tb - ta
    u = width * np.geomspace(1e-15, 1.0, 400)
    tau = tb - u if at_hi else ta + u
    _, _, _, dphi1 = fam.parts(tau, np.zeros_like(tau), value=False)   # 2 pi dpsi/dtau
    # Phi_t falls at grid point j where t <= -dpsi_j (a NaN counts as falling). The
    # last such j for each t, from the running maximum of -dpsi taken from the far
    # end (non-increasing in j): O(400 + m log 400), not an (m, 400) table.
    rate = np.nan_to_num(-dphi1 / _TWO_PI, nan=np.inf)
    if contiguous:      # falling at every grid point up to j: the running minimum
        reach = np.minimum.accumulate(rate)
    else:               # falling at some grid point at or beyond j: the maximum beyond
        reach = np.maximum.accumulate(rate[::-1])[::-1]
    last = np.searchsorted(-reach, -np.asarray(T, dtype=float), side="right") - 1
    # one grid step beyond the last falling point, so the walker starts where Phi rises
    return np.where(last >= 0, u[np.minimum(last + 1, u.size - 1)], 0.0)


def _search(fam, lo, hi, T, best_T, where_T, which, mu, L, points=65, rounds=40):
    """Largest |p_t| on [lo, hi] (per t) by a grid and golden-section refinement: the
    stretch next to h* spans at most a couple of lobes (arg z moves by less than pi)."""
    grid = lo[None, :] + (hi - lo)[None, :] * np.linspace(0.0, 1.0, points)[:, None]
    vals = fam.log_abs(grid, T[None, :])
    vals = np.where(np.isnan(vals), -np.inf, vals)
    i = np.argmax(vals, axis=0)
    cols = np.arange(T.size)
    a = grid[np.maximum(i - 1, 0), cols]
    b = grid[np.minimum(i + 1, points - 1), cols]
    value, tau = vals[i, cols], grid[i, cols]
    g = (math.sqrt(5.0) - 1.0) / 2.0

    def f(x):
        v = fam.log_abs(x, T)
        return np.where(np.isnan(v), -np.inf, v)

    c, d = b - g * (b - a), a + g * (b - a)
    fc, fd = f(c), f(d)
    for _ in range(rounds):
        left = fc > fd                       # the maximum is in [a, d]
        a, b = np.where(left, a, c), np.where(left, d, b)
        c_new = np.where(left, b - g * (b - a), d)
        d_new = np.where(left, c, a + g * (b - a))
        fx = f(np.where(left, c_new, d_new))
        fc, fd = np.where(left, fx, fd), np.where(left, fc, fx)
        c, d = c_new, d_new
    for x, f in ((c, fc), (d, fd)):
        f = np.where(np.isnan(f), -np.inf, f)
        up = f > value
        value, tau = np.where(up, f, value), np.where(up, x, tau)
    ids = np.flatnonzero(which)
    better = value > best_T[ids]
    best_T[ids[better]] = value[better]
    where_T[ids[better]] = np.clip(fam.lam(tau[better]), mu, L)
