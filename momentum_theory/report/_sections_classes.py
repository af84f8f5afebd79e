"""The report's sections on worst cases over a whole class: the spectrum, non-quadratic functions.

One (η, β) for every curvature in [μ, L] (``whole-spectrum``), the function
outside the quadratics on which Polyak's tuning cycles (``counterexample``),
and, opt-in, the worst case over smooth strongly convex functions computed by
PEPit (``general-functions``).
"""
from __future__ import annotations

from momentum_theory.report._common import _markdown_table, _save, _Section

#: The condition number of the whole-spectrum section, and its grid.
SPECTRUM_KAPPA = 100.0
SPECTRUM_GRID = 200


def step_whole_spectrum(ctx):
    from momentum_theory import figures, spectrum_map

    grid = spectrum_map.spectrum_rate_grid(SPECTRUM_KAPPA, n=SPECTRUM_GRID)
    link = _save(ctx, [figures.draw("whole_spectrum", data=grid)])[0]
    o = grid.optimum
    i, j = divmod(int(grid.rate.argmin()), grid.rate.shape[1])
    best = {"eta": float(grid.eta[j]), "beta": float(grid.beta[i]),
            "rate": float(grid.rate[i, j])}
    shares = grid.shares()
    optimum = {"eta": o.eta, "beta": o.params["beta"], "rate": o.rate, "source": o.source,
               "map_rate": grid.optimum_rate}
    points = _markdown_table(
        ["point", "η", "β", "worst rate over [μ, L]"],
        [(f"Polyak's tuning ({o.source})", f"{o.eta:.6f}", f"{o.params['beta']:.6f}",
          f"{o.rate:.6f} (the map there: {grid.optimum_rate:.6f})"),
         (f"best point of the {SPECTRUM_GRID} × {SPECTRUM_GRID} grid", f"{best['eta']:.6f}",
          f"{best['beta']:.6f}", f"{best['rate']:.6f}")])
    regions = _markdown_table(["region (where the worst λ sits)", "share of the grid"],
                              [(name, f"{100 * share:.2f} %") for name, share in shares.items()])
    md = ("The chapter's map is per eigenvalue: ρ(ηλ, β). A quadratic whose curvatures fill "
          "[μ, L] needs one (η, β) for all of them and converges at the worst rate "
          "r(η, β) = max over λ ∈ [μ, L] of ρ(ηλ, β). It is computed exactly, not sampled over "
          "λ: the largest of ρ at the ends λ = μ, L and of √β where the complex band begins and "
          "ends inside the interval (`spectrum_map.worst_rate_map`). Each point is named by "
          f"where its worst case comes from. At κ = {SPECTRUM_KAPPA:g} "
          f"(L = {grid.L:g}, μ = {grid.mu:g}):\n\n" + points + "\n\n" + regions
          + f"\n\n![whole spectrum]({link})\n\nNo point of the grid beats Polyak's tuning; it "
          "sits where the regions set by the smallest and the largest eigenvalue meet the "
          "complex band.\n")
    if best["rate"] < o.rate - 1e-7:
        raise RuntimeError("a grid point beats the optimal tuning's worst rate")
    summary = {"whole_spectrum": {"kappa": SPECTRUM_KAPPA, "mu": grid.mu, "L": grid.L,
                                  "grid": [SPECTRUM_GRID, SPECTRUM_GRID], "optimum": optimum,
                                  "grid_best": best, "shares": shares}}
    return _Section("The whole spectrum: one tuning for every curvature", md, summary)


def step_counterexample(ctx):
    from momentum_theory import figures, nonquadratic

    ce = nonquadratic.polyak_counterexample()
    member, cycle, quad = ce.in_class(), ce.cycle(), ce.on_quadratics()
    if not member.holds or cycle is None or not quad.all_converge:
        raise RuntimeError("the counterexample no longer shows what it should: in the class "
                           f"{member.holds}, cycle {cycle is not None}, every quadratic "
                           f"converges {quad.all_converge}")
    link = _save(ctx, [figures.draw("counterexample", ce=ce)])[0]
    lo, hi = member.quotient_range
    exact = ("" if cycle.exact is None else
             " (exactly " + ", ".join(str(x) for x in cycle.exact) + ")")
    rows = [("μ, L (κ)", f"{ce.mu:g}, {ce.L:g} ({ce.L / ce.mu:g})"),
            ("Polyak's η, β", f"{ce.eta:.10f}, {ce.beta:.10f}"),
            ("f ∈ F(μ, L): f' continuous, difference quotients of f'",
             f"{member.continuous}; in [{lo:.10f}, {hi:.10f}]"),
            ("every quadratic λx²/2, λ ∈ [μ, L]: converges",
             f"{quad.all_converge}: largest ρ {quad.max_radius:.10f} = √β "
             f"{quad.polyak_rate:.10f}"),
            ("start", f"x₋₁ = x₀ = {ce.x0:g}"),
            ("on f: cycle", f"period {cycle.period} from step {cycle.onset}: "
             + ", ".join(f"{x:.10f}" for x in cycle.points) + exact),
            ("the cycle's multiplier (< 1: it attracts)", f"{cycle.multiplier:.10f}")]
    md = ("Everything above takes one curvature at a time: on λx²/2 heavy ball is linear, and "
          "Polyak's tuning makes every λ ∈ [μ, L] converge at √β. Lessard, Recht & Packard "
          "(2016, §4.6) give a function of the same class F(μ, L) (μ-strongly convex, "
          "L-smooth) that is not quadratic, f'(x) = Lx − (L − μ)·min(max(x − 1, 0), 1), on "
          "which the same (η, β) never converges: the iterates settle into a cycle. Each line "
          "is computed (`nonquadratic.polyak_counterexample`):\n\n"
          + _markdown_table(["", "computed"], rows)
          + f"\n\n![counterexample]({link})\n\nA rate proved on quadratics is a statement about "
            "quadratics: over the whole class F(μ, L) heavy ball needs other parameters (the "
            "opt-in section `general-functions` computes worst cases over it).\n")
    summary = {"counterexample": {
        "mu": ce.mu, "L": ce.L, "eta": ce.eta, "beta": ce.beta, "x0": ce.x0,
        "in_class": member.holds, "quotient_range": [lo, hi],
        "quadratics": {"all_converge": quad.all_converge, "max_radius": quad.max_radius,
                       "sqrt_beta": quad.polyak_rate},
        "cycle": {"period": cycle.period, "onset": cycle.onset, "points": list(cycle.points),
                  "exact": None if cycle.exact is None else [str(x) for x in cycle.exact],
                  "multiplier": cycle.multiplier}}}
    return _Section("Beyond quadratics: Polyak's tuning cycles", md, summary)
