"""The report's sections beyond the chapter: regimes, tuning, Nesterov, worst case, every method, noise."""
from __future__ import annotations

from momentum_theory.report._common import (
    _derivation_block, _figure, _markdown_table, _save, _Section, _tex,
)


def step_regimes(ctx):
    from momentum_theory import regimes

    derivation = regimes.derive_critical_damping()
    fig = _figure(ctx, "phase_diagram")
    lo, hi = regimes.critical_damping(0.25)
    md = ("Where the discriminant of R's characteristic polynomial vanishes the two "
          "eigenvalues coincide (critical damping); between the curves they are complex with "
          "modulus √β, outside they are real.\n\n" + _derivation_block(ctx, derivation)
          + f"\n\n![phase diagram]({fig})\n")
    return _Section("Regimes and critical damping", md,
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
    md = ("For curvatures spread over [μ, L] (κ = L/μ, here μ = 1) the best worst-case rate. "
          "Derived (SymPy):\n\n" + _derivation_block(ctx, tuning.derive_gd_optimal()) + "\n\n"
          + _derivation_block(ctx, tuning.derive_heavy_ball_optimal()) + "\n\n"
          "Rates are shown as *derived / found by SciPy minimising max over λ of ρ*:\n\n"
          + _markdown_table(["κ", "GD rate", "heavy ball η*, β*", "heavy-ball rate",
                             "Nesterov rate", "steps to 1e-6 (GD / Nesterov / HB)"], rows)
          + f"\n\n![rate vs condition number]({fig})\n")
    return _Section("Optimal tuning", md, {"optimal_tuning": summary})


def step_nesterov(ctx):
    from momentum_theory import accelerated

    check = accelerated.confirm_nesterov_region(n=1000)
    edge = accelerated.nesterov_stability_boundary(0.5)
    fig = _figure(ctx, "region_comparison")
    md = ("Nesterov's update v_t = β v_{t−1} + ∇f(x_{t−1} − ηβ v_{t−1}), x_t = x_{t−1} − η v_t "
          "in the same framework:\n\n" + _derivation_block(ctx, accelerated.derive_nesterov_matrix())
          + "\n\n" + _derivation_block(ctx, accelerated.derive_nesterov_region())
          + f"\n\nNumeric map: {check.summary()}. Root finding at β = 0.5 puts the edge at "
          f"ηλ = {edge:.12f}.\n\n![heavy ball and Nesterov regions]({fig})\n")
    return _Section("Nesterov's accelerated gradient", md,
                    {"nesterov": {"region_agreement_1000x1000": check.agreement,
                                  "edge_at_beta_0.5": float(edge)}})


def step_worst_case(ctx):
    from momentum_theory import finite_horizon, tuning

    hb, gd = tuning.heavy_ball_optimal(1.0, 100.0), tuning.gd_optimal(1.0, 100.0)
    rows, summary = [], {}
    for name, eta, beta in (("gradient descent (optimal)", gd.eta, 0.0),
                            ("heavy ball (Polyak)", hb.eta, hb.beta),
                            ("heavy ball (β = 0.5, η = 1/L)", 0.01, 0.5)):
        w = finite_horizon.worst_case(1.0, 100.0, eta, beta, 80)
        rows.append((name, f"{eta:.5f}", f"{beta:.5f}", f"{w.value:.3e}", f"{w.lam:.4g}",
                     f"{w.rho_max:.5f}", f"{w.constant:.4g}"))
        summary[name] = {"value": w.value, "lambda": w.lam, "rho_max": w.rho_max,
                         "constant": w.constant}
    fig = _figure(ctx, "worst_case")
    md = ("Exact maximum over λ ∈ [1, 100] of (x_n/x_0)² after n = 80 steps from v_0 = 0 "
          "(endpoints and the real roots of the polynomial's derivative), and the constant C "
          "of the guarantee (x_t/x_0)² ≤ C ρ_max^{2t} for t ≤ n. Polyak's tuning has the best "
          "rate but a large transient: both ends of [μ, L] are critically damped.\n\n"
          + _markdown_table(["tuning", "η", "β", "max (x_n/x_0)²", "at λ", "ρ_max", "C"], rows)
          + f"\n\n![worst case]({fig})\n")
    return _Section("Finite-horizon worst case", md, {"worst_case_n80_mu1_L100": summary})


def step_methods(ctx):
    """Every registered method, from its record: regions, optimal rates, exact worst cases."""
    from momentum_theory import comparisons, figures, methods, plots

    names = methods.available()
    maps = [comparisons.method_map(name, n=200) for name in names]
    drawn = figures.draw("method_regions", names=maps)
    regions = _save(ctx, [drawn])[0]
    c = comparisons.method_comparison(1.0, 100.0, n=80, kappas=(10.0, 100.0, 1000.0))
    if any(m.agreement != 1.0 for m in maps):
        raise RuntimeError("a method's derived region disagrees with its spectral radius: "
                           + ", ".join(m.method for m in maps if m.agreement != 1.0))
    fig = plots.new_figure((7.0, 4.8))
    plots.worst_case_plot(ax=fig.add_subplot(), data=[(n, c.worst[n]) for n in names
                                                      if n in c.worst])
    worst = _save(ctx, [figures.DrawnFigure("method_worst_case", fig,
                                            figures.CAPTIONS["method_worst_case"])])[0]
    map_rows, map_summary = [], {}
    for m in maps:
        map_rows.append((m.method, m.settings(), f"{m.agreement:.6f} of {m.compared}"))
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
        params = ", ".join(f"{k} = {v:.4g}" for k, v in t.params.items())
        w = c.worst.get(name)
        rate_rows.append((name, *rates, f"{t.rate:.6f} ({t.source})", f"{t.eta:.4g}",
                          params or "–", f"{w.value:.3e}" if w else "–",
                          f"{w.constant:.4g}" if w else c.skipped.get(name, "–")))
        tuned_summary[name] = {"eta": t.eta, "params": t.params, "rate": t.rate,
                               "source": t.source}
        if w:
            tuned_summary[name]["worst_case_n80"] = {"value": w.value, "lambda": w.lam,
                                                     "rho_max": w.rho_max,
                                                     "constant": w.constant}
    md = ("Every method below is a record of `momentum_theory.methods` (its update rule, "
          "derived in SymPy); this section calls the same functions of each, by name from "
          "`methods.available()`.\n\nRegions over (ηλ, the method's first parameter), the "
          "others at the record's defaults; the derived region (`record.region()`) against "
          "ρ < 1 from `record.spectral_radius` on a 200 × 200 grid:\n\n"
          + _markdown_table(["method", "grid, fixed parameters", "agreement"], map_rows)
          + f"\n\n![regions of every method]({regions})\n\nFigure: {drawn.note}.\n\n"
          "Optimal worst rate max over λ ∈ [μ, L] of ρ: closed forms (`record.optimal`) at "
          "each κ; for methods without one, the record's numeric minimax "
          "(`minimize_worst_rate`, seconds a call) at κ = 100 only. Then each method tuned for "
          "κ = 100 (μ = 1, L = 100), its exact worst (x_80/x_0)² over λ ∈ [1, 100] "
          "(`record.worst_case`) and the constant C of (x_t/x_0)² ≤ C ρ_max^{2t}:\n\n"
          + _markdown_table(["method"] + [f"κ = {k:g}" for k in kappas]
                            + ["κ = 100 tuned rate", "η", "parameters", "worst (x_80/x_0)²",
                               "C"], rate_rows)
          + "\n\nMethods whose tunings coincide (the numeric minimax of a family that "
            "contains heavy ball may land on Polyak's tuning) draw the same curve.\n\n"
          + f"![worst case of every method]({worst})\n")
    summary = {"methods_kappa100": {"regions": map_summary, "tuned": tuned_summary,
                                    "optimal_rate": {f"kappa={k:g}": c.rates[k] for k in kappas},
                                    "skipped": c.skipped}}
    return _Section("Every method, compared", md, summary)


def step_noise(ctx):
    from momentum_theory import comparisons, noise

    derivation = noise.derive_stationary_covariance()
    var_x = r"\operatorname{Var}(x_\infty) = "
    eta, lam, beta = 0.1, 1.0, 0.9
    three = comparisons.noise_comparison(eta, lam, beta, seed=0)
    exact, mc, closed = three.lyapunov, three.monte_carlo, three.closed_form
    md = ("A minibatch gradient on λx²/2 modelled as g = λx + σξ/√B drives (v, x) to a "
          "stationary covariance P = R P Rᵀ + (σ²/B) w wᵀ, w = (1, −η). SymPy solves the "
          "three linear equations:\n\n"
          f"$${_tex(ctx, var_x, derivation.x_variance)}$$\n\n"
          f"At η = {eta}, λ = {lam}, β = {beta}, σ = 1, B = 1: closed form {closed:.10f}, "
          f"`scipy.linalg.solve_discrete_lyapunov` {exact[1, 1]:.10f}, Monte Carlo "
          f"(contains the exact covariance at 99 % confidence: {mc.contains(exact)}).\n")
    if not three.agrees:
        raise RuntimeError("the three computations of the stationary covariance disagree")
    return _Section("Noisy gradients", md,
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
          "η, β, μ and L, and every view follows: the map of ρ over (ηλ, β) with the derived "
          "region's edge, the path on the chapter's two-dimensional quadratic, the error of "
          "each eigen-component, the eigenvalues of R, and the numbers. Its formulas are printed "
          "from the method records, so it offers every registered method: "
          + ", ".join(f"`{n}`" for n in names) + ". The setting lives in the address "
          f"(`{name}#method=nesterov&eta=0.5&beta=0.5`), so a link shares it. "
          "`momentum-theory explore` writes the same page on its own.\n")
    link = (f"**Interactive:** [`{name}`]({name}) explores every method's map, paths and "
            "eigenvalues with sliders (one self-contained page; open it in a browser).")
    summary = {"explorer": {"file": name, "bytes": len(text.encode("utf-8")),
                            "methods": list(names)}}
    return _Section("Interactive explorer", md, summary, index_links=(link,))
