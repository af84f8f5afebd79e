"""The report's sections on worst cases over a whole class: the spectrum, non-quadratic functions.

One (η, β) for every curvature in [μ, L] (``whole-spectrum``), the function
outside the quadratics on which Polyak's tuning cycles (``counterexample``),
and, opt-in, the worst case over smooth strongly convex functions computed by
PEPit (``general-functions``).
"""
from __future__ import annotations

from momentum_theory.report._common import _esc, _markdown_table, _num, _save, _Section

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
        [ctx.say("head.point"), r"$\eta$", r"$\beta$", r"worst rate over $[\mu, L]$"],
        [(f"Polyak's tuning ({o.source})", f"{o.eta:.6f}", f"{o.params['beta']:.6f}",
          f"{o.rate:.6f} (the map there: {grid.optimum_rate:.6f})"),
         (rf"best point of the ${SPECTRUM_GRID} \times {SPECTRUM_GRID}$ grid",
          f"{best['eta']:.6f}", f"{best['beta']:.6f}", f"{best['rate']:.6f}")])
    regions = _markdown_table([ctx.say("head.region"), ctx.say("head.share")],
                              [(_esc(name).replace("sqrt(beta)", r"$\sqrt{\beta}$"),
                                f"{100 * share:.2f} %")
                               for name, share in shares.items()])
    md = (r"The chapter's map is per eigenvalue: $\rho(\eta\lambda, \beta)$. A quadratic whose "
          r"curvatures fill $[\mu, L]$ needs one $(\eta, \beta)$ for all of them and converges "
          r"at the worst rate $r(\eta, \beta) = \max_{\lambda \in [\mu, L]} \rho(\eta\lambda, "
          r"\beta)$. It is computed exactly, not sampled over $\lambda$: the largest of $\rho$ "
          r"at the ends $\lambda = \mu$ and $\lambda = L$, and of $\sqrt{\beta}$ where the "
          "complex band begins and ends inside the interval (`spectrum_map.worst_rate_map`). "
          "Each point is named by where its worst case comes from. At "
          f"$\\kappa = {SPECTRUM_KAPPA:g}$ ($L = {grid.L:g}$, $\\mu = {grid.mu:g}$):\n\n"
          + points + "\n\n" + regions + "\n\n" + ctx.figure(link) + "\n\nNo point of the "
          "grid beats Polyak's tuning; it sits where the regions set by the smallest and the "
          "largest eigenvalue meet the complex band.\n")
    if best["rate"] < o.rate - 1e-7:
        raise RuntimeError("a grid point beats the optimal tuning's worst rate")
    summary = {"whole_spectrum": {"kappa": SPECTRUM_KAPPA, "mu": grid.mu, "L": grid.L,
                                  "grid": [SPECTRUM_GRID, SPECTRUM_GRID], "optimum": optimum,
                                  "grid_best": best, "shares": shares}}
    return _Section(ctx.say("section.whole-spectrum"), md, summary)


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
             " (exactly " + ", ".join(f"${_fraction(x)}$" for x in cycle.exact) + ")")
    yes_no = {True: ctx.say("verdict.yes"), False: ctx.say("verdict.no")}
    rows = [(r"$\mu$, $L$ ($\kappa$)", f"{ce.mu:g}, {ce.L:g} ({ce.L / ce.mu:g})"),
            (r"Polyak's $\eta$, $\beta$", f"{ce.eta:.10f}, {ce.beta:.10f}"),
            (r"$f \in \mathcal{F}(\mu, L)$: $f'$ continuous; difference quotients of $f'$",
             f"{yes_no[bool(member.continuous)]}; in $[{lo:.10f}, {hi:.10f}]$"),
            (r"every quadratic $\lambda x^2 / 2$ with $\lambda \in [\mu, L]$ converges",
             rf"{yes_no[bool(quad.all_converge)]}: largest $\rho$ is {quad.max_radius:.10f} "
             rf"$= \sqrt{{\beta}}$ = {quad.polyak_rate:.10f}"),
            ("start", f"$x_{{-1}} = x_0 = {ce.x0:g}$"),
            ("on $f$: a cycle", f"period {cycle.period} from step {cycle.onset}: "
             + ", ".join(f"{x:.10f}" for x in cycle.points) + exact),
            ("the cycle's multiplier (below 1: it attracts)", f"{cycle.multiplier:.10f}")]
    md = (r"Everything above takes one curvature at a time: on $\lambda x^2 / 2$ heavy ball is "
          r"linear, and Polyak's tuning makes every $\lambda \in [\mu, L]$ converge at rate "
          r"$\sqrt{\beta}$. Lessard, Recht and Packard (2016, §4.6) give a function of the same "
          r"class $\mathcal{F}(\mu, L)$ ($\mu$-strongly convex, $L$-smooth) that is not "
          r"quadratic, $f'(x) = Lx - (L - \mu) \min(\max(x - 1, 0), 1)$, on which the same "
          r"$(\eta, \beta)$ never converges: the iterates settle into a cycle. Each line is "
          "computed (`nonquadratic.polyak_counterexample`):\n\n"
          + _markdown_table([ctx.say("head.quantity"), ctx.say("head.computed")], rows)
          + "\n\n" + ctx.figure(link) + "\n\nA rate proved on quadratics is a statement about "
          r"quadratics: over the whole class $\mathcal{F}(\mu, L)$ heavy ball needs other "
          "parameters (the opt-in section `general-functions` computes worst cases over it).\n")
    summary = {"counterexample": {
        "mu": ce.mu, "L": ce.L, "eta": ce.eta, "beta": ce.beta, "x0": ce.x0,
        "in_class": member.holds, "quotient_range": [lo, hi],
        "quadratics": {"all_converge": quad.all_converge, "max_radius": quad.max_radius,
                       "sqrt_beta": quad.polyak_rate},
        "cycle": {"period": cycle.period, "onset": cycle.onset, "points": list(cycle.points),
                  "exact": None if cycle.exact is None else [str(x) for x in cycle.exact],
                  "multiplier": cycle.multiplier}}}
    return _Section(ctx.say("section.counterexample"), md, summary)


def _fraction(x):
    """An exact rational as LaTeX: ``\\frac{p}{q}`` (with its sign in front), or the integer."""
    from fractions import Fraction

    x = Fraction(x)
    if x.denominator == 1:
        return str(x.numerator)
    sign = "-" if x < 0 else ""
    return rf"{sign}\frac{{{abs(x.numerator)}}}{{{x.denominator}}}"


#: The opt-in general-functions section: the class, the PEPs' horizons, and the table's.
GENERAL_KAPPA = 25.0
GENERAL_NS = (1, 2, 3, 5, 7, 10, 14, 20)
GENERAL_TABLE_NS = (5, 10, 20)


def step_general_functions(ctx):
    from momentum_theory import figures, methods

    ns = tuple(GENERAL_NS)
    data = methods.general_class_comparison(kappa=GENERAL_KAPPA, n_max=max(ns), ns=ns)
    link = _save(ctx, [figures.draw("general_functions", data=data)])[0]
    shown = [n for n in GENERAL_TABLE_NS if n in ns]
    rows, tunings = [], {}
    for c in data.curves:
        at = {int(n): i for i, n in enumerate(c.ns)}
        setting = ", ".join([f"$\\eta = {_num(c.eta, '.4g')}$"]
                            + [f"${_GREEK.get(k, k)} = {_num(v, '.4g')}$"
                               for k, v in c.params.items()])
        cells = [f"{c.quadratic[n]:.3e} / {c.general[at[n]]:.3e}" for n in shown]
        statuses = sorted(set(c.status))
        rows.append((_esc(c.label), setting, *cells, ", ".join(statuses)))
        tunings[c.label] = {"method": c.method, "eta": c.eta, "params": dict(c.params),
                            "quadratic": {str(n): float(c.quadratic[n]) for n in at},
                            "general": {str(n): float(c.general[at[n]]) for n in at},
                            "status": {str(n): c.status[at[n]] for n in at}}
    loose = [c.label for c in data.curves if any(s != "optimal" for s in c.status)]
    md = (r"On a quadratic the worst case after $n$ steps is a polynomial in the curvature, "
          "maximised exactly above. Over the class $\\mathcal{F}(\\mu, L)$ of $L$-smooth, "
          r"$\mu$-strongly convex functions it is the value of a small semidefinite program, the "
          "performance-estimation problem, built from each method's own update rule and solved "
          "by PEPit (`methods.general_class_comparison`). At "
          f"$\\kappa = {data.kappa:g}$ ($\\mu = {data.mu:g}$, $L = {data.L:g}$), the worst "
          r"$\|x_n - x^*\|^2 / \|x_0 - x^*\|^2$ from rest, on quadratics / over "
          r"$\mathcal{F}(\mu, L)$:" + "\n\n"
          + _markdown_table([ctx.say("head.tuning"), ctx.say("head.parameters")]
                            + [f"$n = {n}$" for n in shown] + [ctx.say("head.status")], rows)
          + "\n\n" + ctx.figure(link) + "\n\n" + _verdict(data) + "\n")
    if loose:
        md += ("\nThe solver did not report every program as solved to full accuracy for: "
               + ", ".join(loose) + " (the status column says which answer).\n")
    summary = {"general_functions": {"kappa": data.kappa, "mu": data.mu, "L": data.L,
                                     "ns": list(ns), "tunings": tunings}}
    return _Section(ctx.say("section.general-functions"), md, summary)


_GREEK = {"beta": r"\beta", "kappa": r"\kappa", "gamma": r"\gamma", "nu": r"\nu"}


def _verdict(data):
    """What the last horizon says, read off the numbers: who contracts over the class."""
    n = int(data.curves[0].ns[-1])
    same = [c.label for c in data.curves
            if abs(c.general[-1] - c.quadratic[n]) <= 1e-6 * c.quadratic[n]]
    above = [c.label for c in data.curves if c.general[-1] >= 1.0]
    below = [c.label for c in data.curves if c.general[-1] < 1.0]
    same, above, below = ([_esc(label) for label in group] for group in (same, above, below))
    text = f"At $n = {n}$"
    if same:
        text += f" the two classes agree (to $10^{{-6}}$) for {', '.join(same)};"
    if above:
        text += (f" the worst case over the class is at least 1, no contraction at all, for "
                 f"{', '.join(above)}")
        text += "; below 1 for " if below else "."
    else:
        text += " it is below 1 for "
    if below:
        text += ", ".join(below) + "."
    return text + (" A rate proved on quadratics (Polyak's tuning is optimal there) does not carry "
                   "over to the class; Nesterov's and triple momentum's tunings come with "
                   "guarantees over the whole class.")
