"""The report's sections beyond the chapter: regimes, tuning, Nesterov, worst case, every method, noise."""
from __future__ import annotations

from momentum_theory.report._common import (
    _derivation_block, _drawn, _figure, _markdown_table, _num, _save, _Section, _tex,
)

#: Parameter names of the method records, as LaTeX.
_PARAMETER_TEX = {"beta": r"\beta", "gamma": r"\gamma", "nu": r"\nu", "kappa": r"\kappa",
                  "eta": r"\eta", "alpha": r"\alpha", "rho": r"\rho"}


def _param(name):
    """A parameter's name as LaTeX: a Greek letter, or upright text."""
    return _PARAMETER_TEX.get(name, r"\mathrm{" + name.replace("_", r"\_") + "}")


def step_regimes(ctx):
    from momentum_theory import regimes

    derivation = regimes.derive_critical_damping()
    fig = _figure(ctx, "phase_diagram")
    lo, hi = regimes.critical_damping(0.25)
    md = ("The two eigenvalues of $R$ are the roots of its characteristic polynomial. Where its "
          r"discriminant vanishes they coincide (critical damping); between the two curves "
          r"$\eta\lambda = (1 \mp \sqrt{\beta})^2$ they are complex with modulus "
          r"$\sqrt{\beta}$ (the iterates oscillate), outside they are real (monotone or "
          r"alternating decay). At $\beta = 0.25$ the curves cross at "
          f"$\\eta\\lambda = {float(lo):.6g}$ and ${float(hi):.6g}$. SymPy derives them:\n\n"
          + _derivation_block(ctx, derivation) + "\n\n" + ctx.figure(fig) + "\n")
    return _Section(ctx.say("section.regimes"), md,
                    {"critical_damping_at_beta_0.25": [float(lo), float(hi)]})


def step_tuning(ctx):
    from momentum_theory import comparisons, tuning

    rows, summary = [], {}
    for kappa in (10.0, 100.0, 1000.0):
        c = comparisons.tuning_comparison(1.0, kappa)
        hb, gd, nag = c.heavy_ball, c.gd, c.nesterov
        found, found_gd = c.heavy_ball_numeric, c.gd_numeric
        rows.append((f"{kappa:g}", f"{gd.rate:.6f} / {found_gd.rate:.6f}",
                     f"{hb.eta:.6f}, {hb.beta:.6f}", f"{hb.rate:.6f} / {found.rate:.6f}",
                     f"{nag.rate:.6f}", " / ".join(str(k) for k in c.steps(1e-6))))
        summary[f"kappa={kappa:g}"] = {
            "gd": {"eta": gd.eta, "rate": gd.rate, "rate_numeric": found_gd.rate},
            "heavy_ball": {"eta": hb.eta, "beta": hb.beta, "rate": hb.rate,
                           "rate_numeric": found.rate, "eta_numeric": found.eta,
                           "beta_numeric": found.beta},
            "nesterov": {"eta": nag.eta, "beta": nag.beta, "rate": nag.rate}}
    fig = _figure(ctx, "rate_vs_condition")
    md = (r"A quadratic whose curvatures fill $[\mu, L]$ (condition number $\kappa = L/\mu$, "
          r"here $\mu = 1$) needs one $\eta$ (and $\beta$) for all of them. The best choice "
          r"minimises the worst rate $\max_{\lambda \in [\mu, L]} \rho$. SymPy derives it for "
          "gradient descent and for heavy ball (Polyak's tuning):\n\n"
          + _derivation_block(ctx, tuning.derive_gd_optimal()) + "\n\n"
          + _derivation_block(ctx, tuning.derive_heavy_ball_optimal()) + "\n\n"
          "SciPy then minimises the worst rate numerically, without the derivation. Rates are "
          "shown as derived / found by SciPy:\n\n"
          + _markdown_table([r"$\kappa$", "gradient descent: rate",
                             r"heavy ball: $\eta^*$, $\beta^*$", "heavy ball: rate",
                             "Nesterov: rate",
                             r"steps to $10^{-6}$ (GD / Nesterov / heavy ball)"], rows)
          + "\n\n" + ctx.figure(fig) + "\n")
    return _Section(ctx.say("section.tuning"), md, {"optimal_tuning": summary})


def step_nesterov(ctx):
    from momentum_theory import accelerated

    check = accelerated.confirm_nesterov_region(n=1000)
    edge = accelerated.nesterov_stability_boundary(0.5)
    fig = _figure(ctx, "region_comparison")
    md = (r"Nesterov's method takes the gradient at the look-ahead point: "
          r"$v_t = \beta v_{t-1} + \nabla f(x_{t-1} - \eta\beta v_{t-1})$, "
          r"$x_t = x_{t-1} - \eta v_t$. Along one eigenvalue it too is a $2 \times 2$ matrix, "
          "and SymPy derives its matrix and its region:\n\n"
          + _derivation_block(ctx, accelerated.derive_nesterov_matrix())
          + "\n\n" + _derivation_block(ctx, accelerated.derive_nesterov_region())
          + f"\n\nThe numeric map agrees with the derived region at {check.agreement:.6f} of "
          f"{check.compared} grid points ({check.excluded} within the rounding band of the "
          r"boundary left out). Root finding at $\beta = 0.5$ puts the edge at "
          f"$\\eta\\lambda = {edge:.12f}$.\n\n" + ctx.figure(fig) + "\n")
    return _Section(ctx.say("section.nesterov"), md,
                    {"nesterov": {"region_agreement_1000x1000": check.agreement,
                                  "edge_at_beta_0.5": float(edge)}})


#: The horizon of the worst-case section.
WORST_CASE_HORIZON = 80


def worst_case_tunings(mu=1.0, L=100.0):
    """The worst-case section's tunings, ``(key, label, eta, beta)``: optimal GD, Polyak's, a rule.

    The label is Markdown with its math in ``$…$`` (matplotlib draws the same in the legend).
    """
    from momentum_theory import tuning

    hb, gd = tuning.heavy_ball_optimal(mu, L), tuning.gd_optimal(mu, L)
    return (("gd_optimal", "gradient descent, optimal", gd.eta, 0.0),
            ("heavy_ball_polyak", "heavy ball, Polyak's tuning", hb.eta, hb.beta),
            ("heavy_ball_beta0.9_eta1/L", r"heavy ball, $\beta = 0.9$, $\eta = 1/L$", 1.0 / L,
             0.9))


def step_worst_case(ctx):
    from momentum_theory import figures, finite_horizon, plots

    mu, L, n = 1.0, 100.0, WORST_CASE_HORIZON
    rows, summary, curves = [], {}, []
    for key, label, eta, beta in worst_case_tunings(mu, L):
        w = finite_horizon.worst_case(mu, L, eta, beta, n)
        curves.append((label, w))
        rows.append((label, f"{eta:.5f}", f"{beta:.5f}", f"{w.value:.3e}", f"{w.lam:.4g}",
                     f"{w.rho_max:.5f}", f"{w.constant:.4g}"))
        summary[key] = {"label": label, "eta": eta, "beta": beta, "value": w.value, "lambda": w.lam,
                          "rho_max": w.rho_max, "constant": w.constant}
    # The figure draws exactly the table's worst cases (same tunings, interval, horizon).
    fig = plots.new_figure((7.0, 4.8))
    plots.worst_case_plot(ax=fig.add_subplot(), data=curves)
    summary["figure"] = _drawn(fig)
    link = _save(ctx, [figures.DrawnFigure("worst_case", fig, "", "")])[0]
    md = (r"The rate $\rho$ says how fast the error shrinks in the long run; a student running "
          r"$n$ steps wants the exact worst case after $n$ steps. Over every curvature "
          rf"$\lambda \in [{mu:g}, {L:g}]$, from rest ($v_0 = 0$), after $n = {n}$ steps, the "
          r"maximum of $(x_n / x_0)^2$ is computed exactly: at the ends of the interval and at "
          "the real roots of the derivative of a polynomial in $\\lambda$. The constant $C$ is "
          r"the smallest with $(x_t / x_0)^2 \le C \rho_{\max}^{2t}$ for every $t \le n$. "
          "Polyak's tuning has the best rate but a large transient: both ends of "
          r"$[\mu, L]$ are critically damped." "\n\n"
          + _markdown_table([ctx.say("head.tuning"), r"$\eta$", r"$\beta$",
                             r"$\max (x_n / x_0)^2$", r"at $\lambda$", r"$\rho_{\max}$", "$C$"],
                            rows)
          + "\n\n" + ctx.figure(link) + "\n")
    return _Section(ctx.say("section.worst-case"), md,
                    {"worst_case_n80_mu1_L100": summary})


def _map_settings(m):
    """The grid of a method map in math: ranges, size and the fixed parameters."""
    text = rf"$\eta\lambda \in [0, {m.eta_lambda[-1]:g}]$"
    if m.axis is not None:
        text += rf", ${_param(m.axis)} \in [{m.values[0]:g}, {m.values[-1]:g}]$"
    text += rf" (${m.rho.shape[1]} \times {m.rho.shape[0]}$)"
    return text + "".join(f", ${_param(k)} = {_num(v)}$" for k, v in m.fixed.items())


def step_methods(ctx):
    """Every registered method, from its record: regions, optimal rates, exact worst cases."""
    from momentum_theory import comparisons, figures, methods, plots

    names = methods.available()
    maps = [comparisons.method_map(name, n=200) for name in names]
    drawn = figures.draw("method_regions", names=maps)
    region_panels = _drawn(drawn.figure)
    regions = _save(ctx, [drawn])[0]
    c = comparisons.method_comparison(1.0, 100.0, n=80, kappas=(10.0, 100.0, 1000.0))
    if any(m.agreement != 1.0 for m in maps):
        raise RuntimeError("a method's derived region disagrees with its spectral radius: "
                           + ", ".join(m.method for m in maps if m.agreement != 1.0))
    fig = plots.new_figure((7.0, 4.8))
    plots.worst_case_plot(ax=fig.add_subplot(), data=[(n, c.worst[n]) for n in names
                                                      if n in c.worst])
    worst_panel = _drawn(fig)
    worst = _save(ctx, [figures.DrawnFigure("method_worst_case", fig,
                                            figures.CAPTIONS["method_worst_case"])])[0]
    map_rows, map_summary = [], {}
    for m in maps:
        map_rows.append((f"`{m.method}`", _map_settings(m),
                         f"{m.agreement:.6f} of {m.compared}"))
        map_summary[m.method] = {"axis": m.axis, "axis_range": ([float(m.values[0]),
                                                                 float(m.values[-1])]
                                                                if m.axis else None),
                                 "eta_lambda_max": float(m.eta_lambda[-1]), "fixed": m.fixed,
                                 "settings": m.settings(),
                                 "grid": list(m.rho.shape), "agreement": m.agreement}
    kappas = list(c.rates)
    rate_rows, tuned_summary = [], {}
    for name in names:
        t = c.tuned[name]
        rates = [f"{c.rates[k][name]:.6f}" if name in c.rates[k] else "–" for k in kappas]
        params = ", ".join(f"${_param(k)} = {_num(v, '.4g')}$" for k, v in t.params.items())
        w = c.worst.get(name)
        rate_rows.append((f"`{name}`", *rates, f"{t.rate:.6f} ({t.source})", f"{t.eta:.4g}",
                          params or "–", f"{w.value:.3e}" if w else "–",
                          f"{w.constant:.4g}" if w else "not computed: on the edge of "
                                                        "stability"))
        tuned_summary[name] = {"eta": t.eta, "params": t.params, "rate": t.rate,
                               "source": t.source}
        if w:
            tuned_summary[name]["worst_case_n80"] = {"value": w.value, "lambda": w.lam,
                                                     "rho_max": w.rho_max,
                                                     "constant": w.constant}
    listed = ", ".join(f"`{name}`" for name in names)
    md = ("Beyond heavy ball and Nesterov, every method registered in `momentum_theory.methods` "
          f"({listed}) is analysed the same way, from its update rule alone: "
          "SymPy derives its matrix and region, and the numbers below come from the record's "
          "own functions (`record.region()`, `record.spectral_radius`, `record.worst_case`).\n\n"
          r"Each derived region against $\rho < 1$ computed numerically, over $\eta\lambda$ and "
          "the method's first parameter (the others at the record's defaults):\n\n"
          + _markdown_table([ctx.say("head.method"), "grid and fixed parameters",
                             ctx.say("head.agreement")], map_rows)
          + "\n\n" + ctx.figure(regions) + "\n\n"
          r"The optimal worst rate $\max_{\lambda \in [\mu, L]} \rho$ at each $\kappa$ from the "
          "closed forms; a method without one is tuned numerically (a minimax search) at "
          r"$\kappa = 100$ only. Then each method tuned for $\kappa = 100$ ($\mu = 1$, "
          r"$L = 100$), its exact worst case $\max (x_{80} / x_0)^2$ over $\lambda \in [1, 100]$ "
          r"and the constant $C$ of $(x_t / x_0)^2 \le C \rho_{\max}^{2t}$:" + "\n\n"
          + _markdown_table([ctx.say("head.method")] + [f"$\\kappa = {k:g}$" for k in kappas]
                            + [r"rate tuned for $\kappa = 100$", r"$\eta$",
                               ctx.say("head.parameters"), r"$\max (x_{80} / x_0)^2$", "$C$"],
                            rate_rows)
          + "\n\nMethods whose tunings coincide (the minimax of a family that contains heavy "
            "ball may land on Polyak's tuning) draw the same curve.\n\n"
          + ctx.figure(worst) + "\n")
    summary = {"methods_kappa100": {"regions": map_summary, "tuned": tuned_summary,
                                    "optimal_rate": {f"kappa={k:g}": c.rates[k] for k in kappas},
                                    "skipped": c.skipped,
                                    "figures": {"regions": region_panels,
                                                "worst_case": worst_panel}}}
    return _Section(ctx.say("section.methods"), md, summary)


def step_noise(ctx):
    from momentum_theory import comparisons, noise

    derivation = noise.derive_stationary_covariance()
    var_x = r"\operatorname{Var}(x_\infty) = "
    eta, lam, beta = 0.1, 1.0, 0.9
    three = comparisons.noise_comparison(eta, lam, beta, seed=0)
    exact, mc, closed = three.lyapunov, three.monte_carlo, three.closed_form
    if not three.agrees:
        raise RuntimeError("the three computations of the stationary covariance disagree")
    md = (r"With noisy gradients the iterates do not converge; they settle into a cloud around "
          r"the minimum. A minibatch gradient on $\lambda x^2 / 2$ is modelled as "
          r"$g = \lambda x + \sigma \xi / \sqrt{B}$; it drives $(v, x)$ to a stationary "
          r"covariance $P = R P R^\top + \frac{\sigma^2}{B} w w^\top$ with $w = (1, -\eta)$. "
          "SymPy solves the three linear equations:\n\n"
          f"$${_tex(ctx, var_x, derivation.x_variance)}$$\n\n"
          f"At $\\eta = {eta}$, $\\lambda = {lam:g}$, $\\beta = {beta}$, $\\sigma = 1$, $B = 1$ "
          f"the closed form gives {closed:.10f} and SciPy's discrete Lyapunov solver "
          f"{exact[1, 1]:.10f}; a Monte Carlo run "
          + ("contains" if mc.contains(exact) else "does **not** contain")
          + " the exact covariance in its 99 % confidence region.\n")
    return _Section(ctx.say("section.noise"), md,
                    {"noise": {"x_variance_eta0.1_lam1_beta0.9": closed,
                               "lyapunov": float(exact[1, 1])}})


def step_explorer(ctx):
    """The interactive explorer, written beside the report as one self-contained page."""
    from momentum_theory import explorer, methods

    name = explorer.DEFAULT_FILE
    text = explorer.page()
    (ctx.root / name).write_text(text, encoding="utf-8")
    names = methods.available()
    md = (f"[`{name}`]({name}), in this folder, is the explorer: one HTML file with its "
          "script inline, nothing fetched from the network; open it in a browser. Sliders move "
          r"$\eta$, $\beta$, $\mu$ and $L$, and every view follows: the map of $\rho$ over "
          r"$(\eta\lambda, \beta)$ with the derived region's edge, the path on the chapter's "
          "two-dimensional quadratic, the error of each eigen-component, the eigenvalues of "
          "$R$, and the numbers. Its formulas are printed from the method records, so it "
          "offers every registered method: " + ", ".join(f"`{n}`" for n in names) + ". The "
          f"setting lives in the address (`{name}#method=nesterov&eta=0.5&beta=0.5`), so a "
          "link shares it. `momentum-theory explore` writes the same page on its own.\n")
    link = (f"**Interactive:** [`{name}`]({name}) explores every method's map, paths and "
            "eigenvalues with sliders (one self-contained page; open it in a browser).")
    summary = {"explorer": {"file": name, "bytes": len(text.encode("utf-8")),
                            "methods": list(names)}}
    return _Section(ctx.say("section.explorer"), md, summary, index_links=(link,))
