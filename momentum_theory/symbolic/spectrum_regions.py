r"""Where heavy ball's worst rate over a whole spectrum :math:`[\mu, L]` comes from, derived.

One :math:`(\eta, \beta)` serves every curvature :math:`\lambda \in [\mu, L]`;
its worst rate is :math:`\max_\lambda \rho(\eta\lambda, \beta)`. For heavy
ball the roots of :math:`z^2 - (1 + \beta - h)z + \beta` are complex with
modulus :math:`\sqrt\beta` throughout the band
:math:`(1-\sqrt\beta)^2 \le h \le (1+\sqrt\beta)^2`, and real outside it with
:math:`\rho = \tfrac12(|T| + \sqrt{T^2 - 4\beta}) > \sqrt\beta` increasing in
:math:`|T| = |1 + \beta - h|`. So the worst case is set by an end of the
spectrum unless all of :math:`[\eta\mu, \eta L]` lies in the band.
:func:`spectrum_regions` derives the curves in the :math:`(\eta, \beta)` plane
that separate the cases and the point where they meet (Polyak's tuning).
The numbers, for any method record, are in :mod:`momentum_theory.spectrum_map`.

Examples
--------
>>> from momentum_theory.symbolic.spectrum_regions import spectrum_regions
>>> line = spectrum_regions().result["equal_end_rates"].rhs     # 2 (1 + beta) / (mu + L)
>>> point = {"beta": 0.5, "mu": 1.0, "L": 100.0}
>>> round(float(line.subs({s: point[s.name] for s in line.free_symbols})), 12)
0.029702970297
"""
from __future__ import annotations

import functools

import sympy as sp

from momentum_theory.symbolic.convergence import momentum_region
from momentum_theory.symbolic.derivation import Derivation, beta, eta, h

__all__ = ["spectrum_regions"]


@functools.lru_cache(maxsize=1)
def spectrum_regions():
    r"""The regions of heavy ball's worst rate over :math:`[\mu, L]`, as curves in :math:`(\eta, \beta)`.

    For :math:`0 \le \beta < 1` (write :math:`s = \sqrt\beta`):

    - the complex band of one curvature: :math:`(1-s)^2 \le h \le (1+s)^2`
      (where the discriminant :math:`T^2 - 4\beta` vanishes), on which
      :math:`\rho = \sqrt\beta`;
    - outside it :math:`\rho = \tfrac12(|T| + \sqrt{T^2 - 4\beta})`, equal to
      :math:`s` on the band's edges and increasing in :math:`|T|`, so on each
      side of the band the end of :math:`[\eta\mu, \eta L]` farther from it
      is worst;
    - the curves: :math:`\eta\mu = (1-s)^2` (the smallest eigenvalue enters
      the band), :math:`\eta L = (1+s)^2` (the largest leaves it),
      :math:`|T(\eta\mu)| = |T(\eta L)|` with opposite signs, i.e.
      :math:`\eta = 2(1+\beta)/(\mu + L)` (both ends equally bad), and the
      stability edge :math:`\eta L = 2 + 2\beta` (from
      :func:`~momentum_theory.symbolic.momentum_region`);
    - the regions as conditions on :math:`(\eta, \beta, \mu, L)`;
    - the corner where the two band curves meet, solved for
      :math:`(\sqrt\eta, s)` (a linear system): Polyak's tuning, where the
      equal-rate line passes too.

    Returns
    -------
    Derivation
        ``result`` holds the four curves (``Eq(eta, ...)`` in ``beta``,
        ``mu``, ``L``), the four regions (``smallest_region``,
        ``largest_region``, ``complex_region``, ``diverges_region``: SymPy
        booleans, to be read for :math:`0 \le \beta < 1`) and the corner
        ``eta_star``, ``beta_star``, ``rate_star`` (in :math:`\kappa`).
        Checks: the real-root rate is :math:`s` on the band's edges and
        increases with :math:`|T|`; the stability edge lies
        :math:`(1-s)^2/L` beyond the band's upper curve; both band curves
        and the equal-rate line pass through the corner; its rate is
        :math:`(\sqrt\kappa - 1)/(\sqrt\kappa + 1) = \sqrt{\beta^*}`.

    Examples
    --------
    >>> d = spectrum_regions()
    >>> point = {"beta": 0.64, "mu": 1.0, "L": 100.0, "kappa": 100.0}
    >>> def at(expr):
    ...     return round(float(expr.subs({s: point[s.name] for s in expr.free_symbols})), 12)
    >>> at(d.result["mu_end_enters_band"].rhs), at(d.result["L_end_leaves_band"].rhs)  # (1 -+ 0.8)^2
    (0.04, 0.0324)
    >>> at(d.result["eta_star"]), at(d.result["beta_star"]), at(d.result["rate_star"])  # Polyak
    (0.03305785124, 0.669421487603, 0.818181818182)
    """
    mu, L, kappa = sp.symbols("mu L kappa", positive=True)
    s = sp.Symbol("s", nonnegative=True)        # s = sqrt(beta), 0 <= s < 1
    z = sp.Symbol("z")
    trace = 1 + beta - h
    poly = z ** 2 - trace * z + beta
    disc = sp.factor((trace ** 2 - 4 * beta).subs(beta, s ** 2))
    band_lo, band_hi = sorted(sp.solve(disc, h), key=lambda e: e.subs(s, sp.Rational(1, 2)))
    band_lo, band_hi = sp.factor(band_lo), sp.factor(band_hi)

    # The real-root rate as a function of a = |T|, on the band's edge a = 2s and beyond (a = 2s + u).
    a, u = sp.symbols("a u", positive=True)
    real_rate = (a + sp.sqrt(a ** 2 - 4 * s ** 2)) / 2
    slope = sp.simplify(sp.diff(real_rate, a).subs(a, 2 * s + u))

    # The curves in (eta, beta): ends of [eta mu, eta L] on the band's edges, equal end rates, stability.
    (mu_curve,) = sp.solve(sp.Eq(eta * mu, band_lo), eta)
    (L_curve,) = sp.solve(sp.Eq(eta * L, band_hi), eta)
    equal = sp.Eq(trace.subs(h, eta * mu), -trace.subs(h, eta * L))
    (equal_curve,) = sp.solve(equal, eta)
    (edge,) = [c.rhs for c in momentum_region().result.args
               if isinstance(c, sp.StrictLessThan) and c.lhs == h]
    (stable_curve,) = sp.solve(sp.Eq(eta * L, edge), eta)

    # The corner: both band curves at once; in r = sqrt(eta) the system is linear.
    r = sp.Symbol("r", positive=True)
    corner = sp.solve([r * sp.sqrt(mu) - (1 - s), r * sp.sqrt(L) - (1 + s)], [r, s], dict=True)[0]
    eta_star = sp.factor(corner[r] ** 2)
    s_star = sp.factor(corner[s])
    rate_star = sp.factor(sp.simplify(s_star.subs(L, kappa * mu)))
    # SymPy cannot use mu <= L inside square roots: the checks write mu = q^2, L = (q + d)^2.
    q, d = sp.Symbol("q", positive=True), sp.Symbol("d", nonnegative=True)

    def ordered(expr):
        return sp.simplify(expr.subs({mu: q ** 2, L: (q + d) ** 2}))

    def in_beta(expr):
        return expr.subs(s, sp.sqrt(beta))

    sq = sp.sqrt(beta)
    diverges = eta * L >= edge
    complex_ = ~diverges & (eta * mu >= (1 - sq) ** 2) & (eta * L <= (1 + sq) ** 2)
    smallest = (~diverges & (eta * mu < (1 - sq) ** 2)
                & ((eta * L <= (1 + sq) ** 2) | (eta < equal_curve)))
    largest = (~diverges & (eta * L > (1 + sq) ** 2)
               & ((eta * mu >= (1 - sq) ** 2) | (eta > equal_curve)))
    curves = {"mu_end_enters_band": sp.Eq(eta, in_beta(mu_curve)),
              "L_end_leaves_band": sp.Eq(eta, in_beta(L_curve)),
              "equal_end_rates": sp.Eq(eta, equal_curve),
              "stability_edge": sp.Eq(eta, stable_curve)}
    return Derivation(
        name="spectrum_regions",
        description="which curvature of [μ, L] sets heavy ball's worst rate, as curves in (η, β)",
        result={**curves,
                "smallest_region": smallest, "largest_region": largest,
                "complex_region": complex_, "diverges_region": diverges,
                "eta_star": eta_star, "beta_star": sp.factor(s_star ** 2), "rate_star": rate_star},
        steps={"characteristic_polynomial": poly,
               "discriminant_in_s": disc,
               "complex_band": (band_lo, band_hi),
               "rate_in_the_band": sp.sqrt(beta),
               "real_rate_in_abs_T": real_rate,
               "its_slope_beyond_the_band": slope,
               "ends_equally_bad": equal,
               "corner_in_sqrt_eta_and_s": (sp.Eq(r, corner[r]), sp.Eq(s, corner[s]))},
        checks={"real_rate_on_band_edge_is_s": sp.simplify(real_rate.subs(a, 2 * s) - s),
                "real_rate_increases_with_abs_T": sp.Eq(sp.sign(slope), 1),
                "stability_edge_beyond_band": sp.simplify(
                    stable_curve.subs(beta, s ** 2) - L_curve - (1 - s) ** 2 / L),
                "mu_curve_through_corner": ordered(mu_curve.subs(s, s_star) - eta_star),
                "L_curve_through_corner": ordered(L_curve.subs(s, s_star) - eta_star),
                "equal_rates_line_through_corner":
                    ordered(equal_curve.subs(beta, s_star ** 2) - eta_star),
                "corner_rate_in_kappa": sp.simplify(
                    rate_star - (sp.sqrt(kappa) - 1) / (sp.sqrt(kappa) + 1))},
        conditions=(sp.Le(0, beta), sp.Lt(beta, 1), sp.Le(mu, L)),
    )
