r"""The exact worst case of any record with trace and determinant affine in ``h``, lobe by lobe.

Behind :meth:`momentum_theory.methods.Method.worst_case` (and so
:func:`momentum_theory.finite_horizon.worst_case`). It works from the exact
coefficients :math:`T = t_0 + t_1 h`, :math:`D = d_0 + d_1 h`
(:meth:`~momentum_theory.methods.Method.affine_trace_det`), never from a name.
The error factor after ``t`` steps is :math:`p_t(\lambda)`, the solution of
:math:`p_t = s\,p_{t-1} - d\,p_{t-2}` with :math:`p_0 = p_{-1} = 1`. Where the
roots of :math:`z^2 - s z + d` are real and :math:`D \ge 0` with :math:`d_1 = 0`
(heavy ball), :math:`|p_t|` is monotone in :math:`\lambda`, so only the ends
of :math:`[\mu, L]` matter (elsewhere real stretches are also searched
directly, :mod:`._lobe_search`); where they are
complex, :math:`p_t = \rho^t A \sin\Phi_t` oscillates with one critical point
between consecutive zeros (a *lobe*). :func:`_history` walks the lobes from
both ends inwards for all horizons at once and stops when the envelope
:math:`\rho^t A` at both walkers is below the best value found (the envelope
has a single minimum, so nothing between them can be larger).

The complex part of the interval is cut at :math:`h^*`, where
:math:`\cos\theta = T/2\sqrt D` turns back (:func:`_pieces`): on each piece
:math:`\lambda` is monotone in :math:`\theta`. Contents: ``_history`` (the
driver), ``_Family`` (the recursion in closed form on one piece),
``_endpoint`` / ``_endpoint_log_abs`` (exact ends, via mpmath), ``_pieces``,
``_solve_phase`` / ``_lobe_max`` (one lobe), ``_sincos`` (reduced phase).
Tests: ``tests/test_finite_horizon.py`` (heavy ball, Nesterov) and
``tests/test_methods.py`` (the family) pin the search to 50-digit references
and to fine grids.
"""
from __future__ import annotations

import math

import numpy as np

from momentum_theory import _eft
from momentum_theory.methods._lobe_search import _search, _search_real, _turning


_TWO_PI = 2.0 * np.pi
_TWO_PI_LO = 2.4492935982947064e-16   # 2*pi - _TWO_PI
_LOG_MARGIN = 1e-9     # prune a lobe only if its envelope is below the best value by this (log scale)


def _sincos(tau, tau_lo=0.0):
    """cos, sin and sin(theta/2) of theta = 2 pi (tau + tau_lo), each with a small
    relative error, and theta as a double-double (th, tl) (tau in [0, 1/2]).

    The quarter turn nearest to tau is removed exactly first, so sin(theta) stays
    accurate next to theta = pi, where p_t is a 0 * inf limit (A ~ 1/sin(theta)).
    """
    tau = np.asarray(tau, dtype=float)
    quarter = np.round(4.0 * tau)                # 0, 1 or 2
    r = tau - 0.25 * quarter                     # exact (Sterbenz), |r| <= 1/8
    rh, rl = _eft.two_product(_TWO_PI, r)
    rl = rl + _TWO_PI_LO * r + _TWO_PI * tau_lo
    sr, cr = np.sin(rh), np.cos(rh)
    sr, cr = sr + cr * rl, cr - sr * rl
    s = np.where(quarter == 1, cr, np.where(quarter == 2, -sr, sr))
    c = np.where(quarter == 1, -sr, np.where(quarter == 2, -cr, cr))
    th, tl = _eft.two_product(_TWO_PI, tau)
    tl = tl + _TWO_PI_LO * tau + _TWO_PI * tau_lo
    half = np.sin(0.5 * th) + np.cos(0.5 * th) * (0.5 * tl)      # sin(theta / 2)
    return c, s, half, th, tl


class _Family:
    r"""The complex regime of one piece of a method's recursion, parametrised by :math:`\tau = \theta / 2\pi`.

    With :math:`T = t_0 + t_1 h`, :math:`D = d_0 + d_1 h` (``coeffs``, exact
    fractions) the roots are :math:`\rho e^{\pm i\theta}`, :math:`\rho^2 = D`,
    :math:`2\rho\cos\theta = T`, and :math:`p_t = \rho^t\,A\,\sin\Phi_t` with
    :math:`z = e^{i\theta} - \rho`, :math:`A = |z| / \sin\theta`,
    :math:`\Phi_t = t\theta + \arg z`. Three shapes, told apart by the
    coefficients (never by a name):

    - ``"const"`` (:math:`d_1 = 0`, heavy ball): :math:`\rho = \sqrt{d_0}`,
      :math:`h = (2\rho\cos\theta - t_0)/t_1`, :math:`\theta \in (0, \pi)`;
    - ``"linear"`` (:math:`t_0 d_1 = t_1 d_0`, Nesterov): :math:`\rho = \kappa\cos\theta`,
      :math:`\kappa = 2 d_1/t_1`;
    - ``"branch"`` (the rest): :math:`a\rho^2 - 2\rho\cos\theta + b = 0` with
      :math:`a = t_1/d_1`, :math:`b = t_0 - a d_0`; the root with
      :math:`\operatorname{sign}(a\rho - \cos\theta) = \sigma` on this piece
      (computed divided by :math:`a`, which is huge next to the "const" shape).
    """

    def __init__(self, coeffs, eta, sigma=1.0):
        t0, t1, d0, d1 = coeffs
        self.eta, self.sigma = eta, sigma
        self.t0, self.t1, self.d0, self.d1 = (float(c) for c in coeffs)
        # log(rho) is multiplied by t (up to 10^6): it is formed from the exact
        # coefficients with relative error ~eps, never from a rounded rho.
        if d1 == 0:
            self.kind = "const"
            self.rho0 = math.sqrt(d0) if d0 > 0 else 0.0
            self.one_minus = float(1 - d0) / (1.0 + self.rho0)      # 1 - rho, accurately
            self.log_rho0 = 0.5 * _log_exact(d0) if d0 > 0 else -math.inf
            self.tau_range = (0.0, 0.5) if d0 > 0 and t1 != 0 else None
        elif t0 * d1 == t1 * d0:
            self.kind = "linear"
            kappa = 2 * d1 / t1
            self.kappa = float(kappa)
            self.one_minus = float(1 - kappa)                        # 1 - kappa, accurately
            self.log_kappa = _log_exact(abs(kappa))
            self.h0, self.c2 = float(-d0 / d1), float(kappa * kappa / d1)
            self.tau_range = (0.0, 0.25) if kappa > 0 else (0.25, 0.5)
        else:
            self.kind = "branch"
            # a rho^2 - 2 c rho + b = 0 with a = t1/d1, b = t0 - a d0, divided by a
            # (a is huge next to the "const" shape): rho^2 - 2 c p rho + q = 0.
            self.flat = t1 == 0
            if self.flat:
                self.b = float(t0)                # T = b: rho = b / (2 c)
            else:
                self.p, self.q = float(d1 / t1), float(t0 * d1 / t1 - d0)
                self.s = sigma if t1 / d1 > 0 else -sigma
            self.tau_range = (0.0, 0.5)

    def rho(self, c):
        """rho on this piece's branch, without cancellation ("branch" only)."""
        with np.errstate(divide="ignore", invalid="ignore"):
            if self.flat:
                return self.b / (2.0 * c)
            cp = c * self.p
            root = self.s * np.sqrt(np.maximum(cp * cp - self.q, 0.0))
            # the root with sign s, from the product of the roots where the sum cancels
            return np.where(cp * self.s >= 0, cp + root, self.q / (cp - root))

    def lam(self, tau):
        c = _sincos(tau)[0]
        if self.kind == "const":
            h = (2.0 * self.rho0 * c - self.t0) / self.t1
        elif self.kind == "linear":
            h = self.h0 + self.c2 * c ** 2
        else:
            h = (self.rho(c) ** 2 - self.d0) / self.d1
        return h / self.eta

    def _dlog_rho(self, c, s):
        """d log(rho) / d theta."""
        with np.errstate(divide="ignore", invalid="ignore"):
            if self.kind == "const":
                return np.zeros_like(c)
            if self.kind == "linear":
                return -s / c
            if self.flat:
                return s / c
            return -s * self.p / (self.rho(c) - c * self.p)

    def parts(self, tau, t, tau_lo=0.0, *, value=True):
        """log E (E = rho^t A, the envelope; only if ``value``), psi = arg z, and the
        tau-derivatives of log E and of Phi."""
        if value:
            c, s, half, th, tl = _sincos(tau, tau_lo)
        else:   # derivatives and the unreduced phase only locate points: plain float64
            th = _TWO_PI * np.asarray(tau, dtype=float)
            c, s, half = np.cos(th), np.sin(th), np.sin(0.5 * th)
        if self.kind == "linear":
            # rho = kappa cos(theta) >= 0: cos has kappa's sign on the whole piece. At
            # its end theta = pi/2 (rho = 0) the rounded cos may not (6e-17 for a
            # kappa < 0), and d log(rho)/d theta = -tan(theta) would get the wrong infinity.
            c = np.copysign(c, self.kappa)
        zr, zi, z2 = self.z(c, s, half)
        dlog_rho = self._dlog_rho(c, s)
        if self.kind == "const":
            dzr = -s
        elif self.kind == "linear":
            dzr = -self.one_minus * s
        else:
            dzr = -s - self.rho(c) * dlog_rho
        dzi = c
        with np.errstate(divide="ignore", invalid="ignore"):
            dlog_e = t * dlog_rho + (dzr * zr + dzi * zi) / z2 - c / s
            if value:
                if self.kind == "const":
                    log_rho = self.log_rho0
                elif self.kind == "linear":   # log|kappa cos theta|; log cos as
                    # log1p(-2 sin^2(theta/2)) near 0, accurate relative to its (small) size
                    log_cos = np.where(c > 0.5, np.log1p(-2.0 * half * half), np.log(np.abs(c)))
                    log_rho = self.log_kappa + log_cos
                else:
                    log_rho = np.log(self.rho(c))
                log_e = t * log_rho + 0.5 * np.log(z2) - np.log(np.abs(s))
            else:
                log_e = None
        psi = np.arctan2(zi, zr)
        dpsi = (dzi * zr - dzr * zi) / z2
        return log_e, psi, _TWO_PI * dlog_e, _TWO_PI * (t + dpsi)

    @staticmethod
    def half_turns(t, tau, tau_lo=0.0):
        """t*theta / pi = 2 t tau modulo 1 (in [-1/2, 1/2]), with 2 t tau formed exactly."""
        ph, pl = _eft.two_product(2.0 * t, tau)
        return (ph - np.round(ph)) + (pl + 2.0 * t * tau_lo)

    def z(self, c, s, half):
        """z = e^(i theta) - rho: real part, imaginary part, |z|^2, without cancellation
        where 1 - rho is small: cos(theta) - rho = (1 - rho) - 2 sin^2(theta/2) and
        |z|^2 = (1 - rho)^2 + 4 rho sin^2(theta/2)."""
        if self.kind == "const":
            zr = np.where(c > 0, self.one_minus - 2.0 * half * half, c - self.rho0)
            return zr, s, self.one_minus ** 2 + 4.0 * self.rho0 * half * half
        if self.kind == "linear":
            zr = self.one_minus * c
            return zr, s, zr * zr + s * s
        rho = self.rho(c)
        one_minus = 1.0 - rho
        zr = np.where(c > 0, one_minus - 2.0 * half * half, c - rho)
        return zr, s, np.where(c > 0, one_minus ** 2 + 4.0 * rho * half * half, zr * zr + s * s)

    def phase(self, tau, t):
        """Phi_t (unreduced, for bracketing)."""
        return _TWO_PI * t * tau + self.parts(tau, t, value=False)[1]

    def log_abs(self, tau, t, tau_lo=0.0):
        """log|p_t| at theta = 2 pi (tau + tau_lo).

        Phi_t = t theta + arg z is reduced modulo pi in two exact pieces, so that
        |sin Phi_t| keeps its relative accuracy where it is tiny next to
        theta = 0 or pi (there A ~ 1/sin(theta) is huge and p_t a 0 * inf limit).
        """
        log_e = self.parts(tau, t, tau_lo)[0]
        zr, zi, _ = self.z(*_sincos(tau, tau_lo)[:3])
        # arg z = m pi + psi_r, |psi_r| <= pi/2, psi_r small where arg z is near 0 or pi
        psi_r = np.where(zr >= 0, np.arctan2(zi, zr), -np.arctan2(zi, -zr))
        sin_phi = np.sin(np.pi * self.half_turns(t, tau, tau_lo) + psi_r)
        with np.errstate(divide="ignore"):
            return log_e + np.log(np.abs(sin_phi))


def _log_exact(x):
    """log of a positive Fraction with a small relative error, also next to 1."""
    return math.log1p(float(x - 1)) if abs(x - 1) < 0.5 else math.log(float(x))


def _mp(x):
    import mpmath
    return mpmath.mpf(x.numerator) / x.denominator


def _endpoint(lam, eta, coeffs):
    """Scalars that give p_t(lam) for every t, from 40-digit arithmetic on the exact inputs.

    Returns ``("complex", tau_hi, tau_lo)`` (tau = theta / 2 pi as a double-double),
    ``("real", log|r1|, 1 - r2, r1, w, log|w|, 1 - w)`` with ``r1`` the dominant root and
    ``w = r2 / r1``, or ``("zero",)`` when both roots vanish.
    """
    import mpmath

    with mpmath.workdps(40):
        h = mpmath.mpf(eta) * mpmath.mpf(lam)
        t0, t1, d0, d1 = (_mp(c) for c in coeffs)
        s, d = t0 + t1 * h, d0 + d1 * h
        disc = s * s - 4 * d
        if disc < 0:
            tau = mpmath.acos(s / (2 * mpmath.sqrt(d))) / (2 * mpmath.pi)
            hi = float(tau)
            return ("complex", hi, float(tau - hi))
        sq = mpmath.sqrt(disc)
        r1 = (s + sq) / 2 if s >= 0 else (s - sq) / 2
        if r1 == 0:
            return ("zero",)
        r2 = d / r1
        w = r2 / r1
        log_w = float(mpmath.log(abs(w))) if w != 0 else -math.inf
        return ("real", float(mpmath.log(abs(r1))), float(1 - r2), float(r1), float(w),
                log_w, float(1 - w))


def _pieces(coeffs, eta, mu, L):
    r"""The complex part of [eta mu, eta L] in pieces where theta is monotone in lambda:
    a list of ``(family, h_lo, h_hi)`` (mpmath numbers) and the split point ``h*`` or None.

    :math:`T^2 - 4D` is a quadratic in ``h``; between its roots the roots of the
    recursion are complex. There :math:`\cos\theta = T/2\sqrt D` has at most one
    extremum, at :math:`h^* = (d_1 t_0 - 2 t_1 d_0)/(t_1 d_1)` (where
    :math:`2 t_1 D = d_1 T`): the pieces end there.
    """
    import mpmath

    t0, t1, d0, d1 = coeffs
    with mpmath.workdps(40):
        lo, hi = mpmath.mpf(eta) * mpmath.mpf(mu), mpmath.mpf(eta) * mpmath.mpf(L)
        A, B, C = t1 * t1, 2 * t0 * t1 - 4 * d1, t0 * t0 - 4 * d0
        if A == 0:
            if B == 0:
                return [], None
            root = _mp(-C / B)
            lo, hi = (max(lo, root), hi) if B < 0 else (lo, min(hi, root))
        else:
            disc = B * B - 4 * A * C
            if disc <= 0:
                return [], None
            sq = mpmath.sqrt(_mp(disc))
            r1, r2 = (-_mp(B) - sq) / (2 * _mp(A)), (-_mp(B) + sq) / (2 * _mp(A))
            lo, hi = max(lo, r1), min(hi, r2)
        if not lo < hi:
            return [], None
        split = None
        if t1 != 0 and d1 != 0 and t0 * d1 != t1 * d0:
            star = _mp((d1 * t0 - 2 * t1 * d0) / (t1 * d1))
            if lo < star < hi:
                split = star
        bounds = [lo, hi] if split is None else [lo, split, hi]
        out = []
        for a, b in zip(bounds[:-1], bounds[1:]):
            sigma = 1.0
            if d1 != 0 and t0 * d1 != t1 * d0:
                m = (a + b) / 2
                rho = mpmath.sqrt(_mp(d0) + _mp(d1) * m)
                c = (_mp(t0) + _mp(t1) * m) / (2 * rho)
                sigma = 1.0 if _mp(t1 / d1) * rho - c >= 0 else -1.0
            out.append((_Family(coeffs, eta, sigma), a, b))
        return out, split


def _tau_at(h, coeffs):
    """tau = theta / 2 pi at ``h`` (mpmath) inside or on the edge of the complex regime."""
    import mpmath

    with mpmath.workdps(40):
        t0, t1, d0, d1 = (_mp(c) for c in coeffs)
        d = d0 + d1 * h
        if d <= 0:
            return 0.25        # T = D = 0 (the "linear" shape): cos(theta) -> 0
        c = (t0 + t1 * h) / (2 * mpmath.sqrt(d))
        return float(mpmath.acos(max(-1, min(1, c))) / (2 * mpmath.pi))


def _endpoint_log_abs(end, fam, t):
    """log|p_t| at an end of the interval for every t in the float array ``t``."""
    if end[0] == "zero":
        return np.where(t == 0, 0.0, -np.inf)
    if end[0] == "complex":
        return fam.log_abs(end[1], t, end[2])
    _, log_r1, one_minus_r2, r1, w, log_w, one_minus_w = end
    # p_t = r1^t [(1 - r2) S_t + r1 w^(t+1)],  S_t = (1 - w^(t+1)) / (1 - w) = sum_j w^j.
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        power = np.exp((t + 1) * log_w)                  # |w|^(t+1)
        if w == 1.0:
            total = t + 1.0
        elif w > 0:
            total = np.expm1((t + 1) * log_w) / math.expm1(log_w)
        elif w < 0:
            odd = (t % 2) == 0                           # t + 1 odd: w^(t+1) < 0
            total = np.where(odd, 1.0 + power, -np.expm1((t + 1) * log_w)) / one_minus_w
            power = np.where(odd, -power, power)
        else:
            total = np.ones_like(t)
        bracket = one_minus_r2 * total + r1 * power
        return t * log_r1 + np.log(np.abs(bracket))


def _solve_phase(fam, target, lo, hi, t):
    """tau in [lo, hi] with Phi_t(tau) = target (Phi increases): safeguarded Newton."""
    # Start from the nearer end (the edges are about 1/(2t) apart), one Newton step.
    lo, hi, target = np.array(lo, dtype=float), np.array(hi, dtype=float), np.asarray(target, dtype=float)
    x0 = np.where(target - fam.phase(lo, t) <= np.pi, lo, hi)
    _, psi, _, dphi = fam.parts(x0, t, value=False)
    x = x0 - (_TWO_PI * t * x0 + psi - target) / dphi
    x = np.where(np.isfinite(x) & (x > lo) & (x < hi), x, 0.5 * (lo + hi))
    active = np.arange(x.size)
    for it in range(100):
        xa, ta, la, ha = x[active], t[active], lo[active], hi[active]
        _, psi, _, dphi = fam.parts(xa, ta, value=False)
        f = _TWO_PI * ta * xa + psi - target[active]
        la = np.where(f < 0, xa, la)
        ha = np.where(f > 0, xa, ha)
        step = xa - f / dphi
        new = np.where((step > la) & (step < ha), step, 0.5 * (la + ha))
        x[active], lo[active], hi[active] = new, la, ha
        # an edge only has to separate two lobes: a phase error of 1e-9 is plenty
        active = active[np.abs(f) > 1e-9]
        if not active.size:
            break
    return x


def _lobe_max(fam, lo, hi, t, k):
    r"""Largest |p_t| on [lo, hi], a part of lobe ``k`` (where k pi < Phi_t < (k + 1) pi).

    In a lobe :math:`p_t' = E\,(g\sin\Phi + \Phi'\cos\Phi) = E R \sin(\Phi + \gamma)` with
    :math:`g = (\log E)'`, :math:`\gamma = \operatorname{atan2}(\Phi', g) \in (0, \pi)`: the one
    critical point of the lobe solves :math:`u = \Phi + \gamma - (k + 1)\pi = 0`, and
    :math:`u` is nearly linear, so regula falsi (Illinois) converges in a few steps.
    Returns (log|p_t| at the critical point, or -inf if it is not inside [lo, hi]; its tau).
    """
    target = (k + 1) * np.pi

    def u(x, tt, tgt):
        _, psi, dlog_e, dphi = fam.parts(x, tt, value=False)
        value = _TWO_PI * tt * x + psi + np.arctan2(dphi, dlog_e) - tgt
        # At h* (a piece's end where d(rho)/d(theta) is infinite) Phi' is infinite
        # too and atan2 gives pi/4, not the limit: NaN there, as for a NaN g.
        return np.where(np.isfinite(dphi), value, np.nan)

    # At theta = 0, g is -inf and gamma = pi: the limit, which u gives as computed.
    # An end where u is NaN (h*) is moved just inside the lobe (by 1e-9 of its
    # width), where both derivatives are finite.
    lo, hi = np.array(lo, dtype=float), np.array(hi, dtype=float)     # the caller's stay
    u_lo, u_hi = u(lo, t, target), u(hi, t, target)
    for end, other, val in ((lo, hi, u_lo), (hi, lo, u_hi)):
        bad = np.isnan(val) & (lo < hi)
        if np.any(bad):
            end[bad] = end[bad] + 1e-9 * (other[bad] - end[bad])
            val[bad] = u(end[bad], t[bad], target[bad])
    has = (u_lo < 0) & (u_hi > 0)
    out = np.full(t.shape, -np.inf)
    where = np.full(t.shape, np.nan)
    if not np.any(has):
        return out, where
    a, b, fa, fb, tt, tgt = lo[has], hi[has], u_lo[has], u_hi[has], t[has], target[has]
    x = a.copy()
    side = np.zeros(a.shape, dtype=int)
    active = np.arange(a.size)
    for it in range(200):
        aa, bb, ffa, ffb = a[active], b[active], fa[active], fb[active]
        x_new = (aa * ffb - bb * ffa) / (ffb - ffa)
        x_new = np.where(np.isfinite(x_new) & (x_new >= aa) & (x_new <= bb), x_new, 0.5 * (aa + bb))
        fx = u(x_new, tt[active], tgt[active])
        neg = fx < 0
        sd = side[active]
        a[active] = np.where(neg, x_new, aa)
        fa[active] = np.where(neg, fx, np.where(sd == 1, 0.5 * ffa, ffa))
        b[active] = np.where(neg, bb, x_new)
        fb[active] = np.where(neg, np.where(sd == -1, 0.5 * ffb, ffb), fx)
        side[active] = np.where(neg, -1, 1)
        x[active] = x_new
        # u is a phase: |u| <= 1e-8 leaves a relative error ~u^2/2 in |p_t|
        active = active[np.abs(fx) > 1e-8]
        if not active.size:
            break
    out[has] = fam.log_abs(x, tt)
    where[has] = x
    return out, where


def _history(mu, L, eta, coeffs, n):
    """log max_lambda |p_t(lambda)| and a maximiser, for t = 0..n (``coeffs``: exact t0, t1, d0, d1)."""
    t = np.arange(n + 1, dtype=float)
    ends = [_endpoint(mu, eta, coeffs), _endpoint(L, eta, coeffs)]
    # The complex part of [mu, L]; outside it |p_t| is monotone in lambda (no
    # critical points), so the ends cover it.
    pieces, split = _pieces(coeffs, eta, mu, L)
    fams = [pieces[0][0] if pieces else _Family(coeffs, eta), pieces[-1][0] if pieces else None]
    fams[1] = fams[1] or fams[0]
    best = _endpoint_log_abs(ends[0], fams[0], t)
    where = np.full(n + 1, mu)
    at_L = _endpoint_log_abs(ends[1], fams[1], t)
    better = at_L > best
    best[better], where[better] = at_L[better], L
    best[0], where[0] = 0.0, mu
    if n < 2 or mu == L:
        return best, where
    T = t[2:]
    t0, t1, d0, d1 = coeffs
    if not (d1 == 0 and d0 >= 0):
        # Heavy ball with beta >= 0 is monotone in the real regime (Gauss-Lucas, see
        # finite_horizon); in general it is not (D < 0: roots of both signs), so the
        # real stretches of [mu, L] are searched for interior maxima too.
        lo, hi = eta * mu, eta * L
        edges = [lo] + [x for piece in pieces for x in (float(piece[1]), float(piece[2]))] + [hi]
        for a, b in zip(edges[0::2], edges[1::2]):
            if b > a:
                _search_real(coeffs, eta, a, b, T, best[2:], where[2:])
    star = None if split is None else _tau_at(split, coeffs)
    if split is not None:
        # theta turns back at h*: a piece's end there is not covered by its lobes.
        fam = pieces[0][0]
        val = fam.log_abs(np.full(T.size, star), T)
        lam = float(split) / eta
        better = val > best[2:]
        best[2:][better], where[2:][better] = val[better], lam
    for fam, a, b in pieces:
        taus = []
        for h, end, at in ((a, ends[0], mu), (b, ends[1], L)):
            if end[0] == "complex" and abs(float(h) - eta * at) <= 4e-16 * abs(eta * at):
                taus.append(end[1])
            else:
                tau = _tau_at(h, coeffs)
                taus.append(min((0.0, 0.25, 0.5), key=lambda e: abs(e - tau))
                            if min(abs(tau - e) for e in (0.0, 0.25, 0.5)) < 1e-15 else tau)
        ta, tb = sorted(taus)
        if not ta < tb:
            continue
        lo, hi = np.full(T.size, ta), np.full(T.size, tb)
        # Phi_t = t theta + arg z may turn back next to an end of the piece: at h*,
        # where d(rho)/d(theta) is infinite, and also next to an end of [mu, L] when
        # h* lies just beyond it (d(arg z)/d(tau) < -t there without a split inside).
        # The walk needs Phi_t increasing: it starts where Phi_t rises, and the
        # stretches before that are searched directly.
        star_hi = None if star is None else abs(star - tb) < abs(star - ta)
        for at_hi in (False, True):
            u = _turning(fam, ta, tb, at_hi, T, contiguous=at_hi is not star_hi)
            near = u > 0
            if not np.any(near):
                continue
            if at_hi:
                hi = np.where(near, np.maximum(tb - u, lo), tb)
                _search(fam, hi[near], np.full(near.sum(), tb), T[near], best[2:], where[2:], near, mu, L)
            else:
                lo = np.where(near, ta + u, ta)
                _search(fam, np.full(near.sum(), ta), lo[near], T[near], best[2:], where[2:], near, mu, L)
        _walk(fam, lo, hi, T, best[2:], where[2:], mu, L)
    return best, where


def _walk(fam, ta, tb, T, best_T, where_T, mu, L):
    """Visit the lobes of [ta, tb] (arrays, one per t) from both ends inwards; update
    ``best_T``, ``where_T`` in place."""
    m = T.size
    x_l, x_r = np.array(ta, dtype=float), np.array(tb, dtype=float)
    k_l = np.floor(fam.phase(x_l, T) / np.pi)
    k_r = np.floor(fam.phase(x_r, T) / np.pi)
    e_l, e_r = fam.parts(x_l, T)[0], fam.parts(x_r, T)[0]
    idx = np.arange(m)

    def take(ids, log_val, tau):
        better = log_val > best_T[ids]
        ids = ids[better]
        best_T[ids] = log_val[better]
        where_T[ids] = np.clip(fam.lam(tau[better]), mu, L)

    while idx.size:
        lb = best_T[idx] - _LOG_MARGIN
        need_l, need_r = e_l[idx] >= lb, e_r[idx] >= lb
        keep = (need_l | need_r) & (k_l[idx] <= k_r[idx])
        idx, need_l, need_r = idx[keep], need_l[keep], need_r[keep]
        if not idx.size:
            break
        same = k_l[idx] == k_r[idx]
        if np.any(same):      # the walkers share one lobe: the last one to examine
            ids = idx[same]
            take(ids, *_lobe_max(fam, x_l[ids], x_r[ids], T[ids], k_l[ids]))
            k_l[ids] = k_r[ids] + 1
        left = idx[need_l & ~same]
        if left.size:
            edge = _solve_phase(fam, (k_l[left] + 1) * np.pi, x_l[left], x_r[left], T[left])
            take(left, *_lobe_max(fam, x_l[left], edge, T[left], k_l[left]))
            x_l[left], k_l[left] = edge, k_l[left] + 1
            e_l[left] = fam.parts(edge, T[left])[0]
        right = idx[need_r & ~same]
        if right.size:
            edge = _solve_phase(fam, k_r[right] * np.pi, x_l[right], x_r[right], T[right])
            take(right, *_lobe_max(fam, edge, x_r[right], T[right], k_r[right]))
            x_r[right], k_r[right] = edge, k_r[right] - 1
            e_r[right] = fam.parts(edge, T[right])[0]
