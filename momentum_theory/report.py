"""``momentum-theory report``: one folder to read top to bottom.

The report is assembled by a list of steps. Each step computes with the
library, writes its files into a partial folder next to the target
(``.NAME-partial-HOST-PID-XXXXXX``) and returns a Markdown section plus
entries for ``summary.json``. Only when every step has succeeded is the
partial folder swapped into place (see :func:`write_report`), so an
interrupted or failing run never leaves a half-written report behind, and a
user's own files are never replaced.
"""
from __future__ import annotations

import json
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from momentum_theory import _output

__all__ = ["ReportError", "write_report"]


class ReportError(RuntimeError):
    """The target is unusable or a report step failed; the message says which.

    ``cli_message`` holds the same message in command-line words (``--out``,
    ``--force``); ``kept`` is where a finished report was left when it could
    not be put in place (else ``None``).
    """

    def __init__(self, message, *, cli=None, kept=None):
        super().__init__(message)
        self.cli_message = cli or message
        self.kept = kept


@dataclass
class _Section:
    title: str
    markdown: str
    summary: dict = field(default_factory=dict)


def _save(ctx, drawn, dpi=None):
    """Save figures built by :mod:`momentum_theory.figures` into figures/; their relative paths."""
    from momentum_theory import figures

    paths = figures.write_drawn(drawn, ctx.root / "figures", dpi=dpi or ctx.dpi)
    return [f"figures/{path.name}" for path in paths]


def _figure(ctx, name):
    """Build the named figure (:func:`momentum_theory.figures.draw`), save it; its relative path."""
    from momentum_theory import figures

    return _save(ctx, [figures.draw(name)])[0]


@dataclass
class _Context:
    root: Path
    dpi: int = 110
    data_path: str | None = None
    cache: dict = field(default_factory=dict)


def _markdown_table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in rows:
        lines.append("| " + " | ".join(str(c).replace("|", "\\|").replace("\n", " ") for c in row) + " |")
    return "\n".join(lines)


def _step_derivations(ctx):
    from momentum_theory import symbolic

    parts = []
    for derivation in symbolic.all_derivations():
        parts.append(f"### {derivation.name}\n\n$$\n{derivation.latex()}\n$$\n")
    return _Section("Derivations (SymPy)", "Every formula below is computed by SymPy when the "
                    "report is written, not typed in.\n\n" + "\n".join(parts))


def _dataset(ctx):
    from momentum_theory import data

    if "dataset" not in ctx.cache:
        ctx.cache["dataset"] = (data.load_airfoil(ctx.data_path) if ctx.data_path
                                else data.default_dataset())
    return ctx.cache["dataset"]


def _step_chapter_figures(ctx):
    from momentum_theory import figures

    drawn = figures.draw_chapter(_dataset(ctx))
    # 150 dpi, as momentum-theory figures writes them.
    written = _save(ctx, drawn, dpi=150)
    parts = [f"### {d.caption or d.name}\n\n![{d.name}]({path})\n\n{d.note}\n"
             for d, path in zip(drawn, written)]
    return _Section("The chapter's figures", "\n".join(parts), {"figures": written})


def _step_training(ctx):
    from momentum_theory import training

    dataset = _dataset(ctx)
    runs = training.chapter_runs(dataset)
    floor = training.least_squares_loss(dataset)
    rows = [(f"{r.lr:g}", f"{r.momentum:g}", f"{r.lr / (1 - r.momentum):g}",
             f"{r.final_loss:.5f}", f"{100 * (r.final_loss / floor - 1):.2f} %") for r in runs]
    md = (f"Data: {dataset.source}.\n\nExact least-squares floor (mean ½(ŷ − y)²): "
          f"**{floor:.6f}**.\n\n"
          + _markdown_table(["lr", "momentum β", "effective step lr/(1−β)", "final loss",
                             "above floor"], rows))
    summary = {"training": {"data": dataset.source, "least_squares_floor": floor,
                            "runs": [{"lr": r.lr, "momentum": r.momentum,
                                      "final_loss": float(r.final_loss)} for r in runs]}}
    return _Section("The practical experiment", md, summary)


def _step_region(ctx):
    from momentum_theory import comparisons, spectral

    check = spectral.confirm_region(n=1000)
    edges = comparisons.edge_comparison((0.0, 0.25, 0.5, 0.75, 0.9, 0.99))
    rows = [(f"{c.beta:g}", f"{c.found:.12f}", f"{c.derived:.12f}", f"{c.difference:.1e}")
            for c in edges]
    md = (f"See the stability-region figure above. {check.summary()}.\n\n"
          "Upper edge found by root finding on the spectral radius, against the derived "
          "edge $2 + 2\\beta$:\n\n"
          + _markdown_table(["β", "edge (root finding)", "2 + 2β", "difference"], rows))
    summary = {"region_agreement_1000x1000": check.agreement,
               "region_points_compared": check.compared,
               "stability_edge": {f"{c.beta:g}": c.found for c in edges}}
    return _Section("Stability region, confirmed numerically", md, summary)


def _step_claims(ctx):
    from momentum_theory import claims

    results = claims.verify_all()
    (ctx.root / "claims.json").write_text(
        json.dumps([r.to_dict() for r in results], indent=2, ensure_ascii=False) + "\n",
        encoding="utf-8")
    rows = [(r.id, r.section, "ERROR" if r.error else ("holds" if r.holds else "**fails**"),
             r.note) for r in results]
    failing = [r for r in results if not r.holds]
    md = (f"{len(results)} statements of the chapter, each decided by a computation when this "
          f"report was written; {len(failing)} do not hold as printed. Full evidence in "
          "`claims.json`.\n\n" + _markdown_table(["id", "section", "verdict", "note"], rows))
    if any(r.error for r in results):
        raise RuntimeError("a claim check crashed: "
                           + ", ".join(r.id for r in results if r.error))
    summary = {"claims": {"checked": len(results), "hold": len(results) - len(failing),
                          "fail": [r.id for r in failing]}}
    return _Section("The chapter's claims, checked", md, summary)


def _derivation_block(derivation):
    return f"$$\n{derivation.latex()}\n$$"


def _step_regimes(ctx):
    from momentum_theory import regimes

    derivation = regimes.derive_critical_damping()
    fig = _figure(ctx, "phase_diagram")
    lo, hi = regimes.critical_damping(0.25)
    md = ("Where the discriminant of R's characteristic polynomial vanishes the two "
          "eigenvalues coincide (critical damping); between the curves they are complex with "
          "modulus √β, outside they are real.\n\n" + _derivation_block(derivation)
          + f"\n\n![phase diagram]({fig})\n")
    return _Section("Regimes and critical damping", md,
                    {"critical_damping_at_beta_0.25": [float(lo), float(hi)]})


def _step_tuning(ctx):
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
          "Derived (SymPy):\n\n" + _derivation_block(tuning.derive_gd_optimal()) + "\n\n"
          + _derivation_block(tuning.derive_heavy_ball_optimal()) + "\n\n"
          "Rates are shown as *derived / found by SciPy minimising max over λ of ρ*:\n\n"
          + _markdown_table(["κ", "GD rate", "heavy ball η*, β*", "heavy-ball rate",
                             "Nesterov rate", "steps to 1e-6 (GD / Nesterov / HB)"], rows)
          + f"\n\n![rate vs condition number]({fig})\n")
    return _Section("Optimal tuning", md, {"optimal_tuning": summary})


def _step_nesterov(ctx):
    from momentum_theory import accelerated

    check = accelerated.confirm_nesterov_region(n=1000)
    edge = accelerated.nesterov_stability_boundary(0.5)
    fig = _figure(ctx, "region_comparison")
    md = ("Nesterov's update v_t = β v_{t−1} + ∇f(x_{t−1} − ηβ v_{t−1}), x_t = x_{t−1} − η v_t "
          "in the same framework:\n\n" + _derivation_block(accelerated.derive_nesterov_matrix())
          + "\n\n" + _derivation_block(accelerated.derive_nesterov_region())
          + f"\n\nNumeric map: {check.summary()}. Root finding at β = 0.5 puts the edge at "
          f"ηλ = {edge:.12f}.\n\n![heavy ball and Nesterov regions]({fig})\n")
    return _Section("Nesterov's accelerated gradient", md,
                    {"nesterov": {"region_agreement_1000x1000": check.agreement,
                                  "edge_at_beta_0.5": float(edge)}})


def _step_worst_case(ctx):
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


def _step_methods(ctx):
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


def _code(text):
    return "```\n" + text.strip("\n") + "\n```"


def _quadratic_solution(three):
    import sympy

    accepted = "\n".join(f"- `{text}`: {'accepted' if ok else 'REJECTED'}"
                          for text, ok in three.answers_accepted.items())
    return (f"Derived by `symbolic.quadratic(2)` (every residual of the derivation zero: "
            f"{three.checks_hold}):\n\n$$x^* = {sympy.latex(three.minimizer)}$$\n\n"
            f"$$h(x^*) = {sympy.latex(three.minimum)}$$\n\n"
            f"Numerical minimisation of a random 6×6 instance agrees to {three.numeric_error:.1e}. "
            f"The answer checker, with this as its reference:\n\n{accepted}\n")


# How a result reads in the report, by its type; the rest show their summary().
_EXERCISE_BODIES = {"QuadraticSolution": _quadratic_solution}


def _step_exercises(ctx):
    import inspect

    from momentum_theory import figures
    from momentum_theory.exercises import EXERCISES

    results, parts = {}, []
    for number, exercise in EXERCISES.items():
        # Only an exercise that trains on data takes it (exercise 1).
        takes_data = "dataset" in inspect.signature(exercise.solve).parameters
        result = exercise.solve(dataset=_dataset(ctx)) if takes_data else exercise.solve()
        results[number] = result
        body = _EXERCISE_BODIES.get(type(result).__name__, lambda r: _code(r.summary()))(result)
        if exercise.figures:
            links = _save(ctx, figures.exercise_figures(number, result))
            body += "\n\n" + "\n\n".join(f"![{Path(link).stem}]({link})" for link in links)
        parts.append(f"### {number}. {exercise.title}\n\n{body}")
    three, two = results[3], results[2]
    if not three.checks_hold or not all(three.answers_accepted.values()):
        raise RuntimeError("exercise 3's derivation or answer checks did not hold")
    summary = {"exercises": {"exercise_3_numeric_error": three.numeric_error,
                             "exercise_2_steps": {k: [int(x) for x in v]
                                                  for k, v in two.steps.items()}}}
    return _Section("The four exercises", "\n\n".join(parts) + "\n", summary)


def _step_noise(ctx):
    import sympy

    from momentum_theory import comparisons, noise

    derivation = noise.derive_stationary_covariance()
    eta, lam, beta = 0.1, 1.0, 0.9
    three = comparisons.noise_comparison(eta, lam, beta, seed=0)
    exact, mc, closed = three.lyapunov, three.monte_carlo, three.closed_form
    md = ("A minibatch gradient on λx²/2 modelled as g = λx + σξ/√B drives (v, x) to a "
          "stationary covariance P = R P Rᵀ + (σ²/B) w wᵀ, w = (1, −η). SymPy solves the "
          "three linear equations:\n\n"
          f"$$\\operatorname{{Var}}(x_\\infty) = {sympy.latex(derivation.x_variance)}$$\n\n"
          f"At η = {eta}, λ = {lam}, β = {beta}, σ = 1, B = 1: closed form {closed:.10f}, "
          f"`scipy.linalg.solve_discrete_lyapunov` {exact[1, 1]:.10f}, Monte Carlo "
          f"(contains the exact covariance at 99 % confidence: {mc.contains(exact)}).\n")
    if not three.agrees:
        raise RuntimeError("the three computations of the stationary covariance disagree")
    return _Section("Noisy gradients", md,
                    {"noise": {"x_variance_eta0.1_lam1_beta0.9": closed,
                               "lyapunov": float(exact[1, 1])}})


def _steps():
    return [
        ("derivations", _step_derivations),
        ("chapter figures", _step_chapter_figures),
        ("stability region", _step_region),
        ("training runs", _step_training),
        ("chapter claims", _step_claims),
        ("regimes", _step_regimes),
        ("optimal tuning", _step_tuning),
        ("nesterov", _step_nesterov),
        ("worst case", _step_worst_case),
        ("every method", _step_methods),
        ("noisy gradients", _step_noise),
        ("exercises", _step_exercises),
    ]


MANIFEST = _output.Manifest.filename("report")


def _prepare_target(out: Path, force: bool):
    """Refuse an unusable target; return its state for the final re-check."""
    if not out.parent.is_dir():
        raise ReportError(f"folder {out.parent} does not exist",
                          cli=f"--out {out}: folder {out.parent} does not exist")
    try:
        state = _output.target_state(out, "report")
    except NotADirectoryError:
        raise ReportError(f"{out} exists and is not a folder",
                          cli=f"--out {out} exists and is not a folder") from None
    except OSError as exc:
        raise ReportError(f"cannot read {out}: {exc.strerror}",
                          cli=f"--out {out}: cannot read it: {exc.strerror}") from None
    kind, detail = state
    if kind == "foreign":
        names = _output.describe(detail)
        if _output.Manifest.load(out, "report") is None:
            names += f" (no {MANIFEST} manifest in it)"
        raise ReportError(
            f"{out} is not empty and holds files no report wrote: {names}; force=True replaces "
            "only a previous report, so choose another folder or move them away",
            cli=f"--out {out} is not empty and holds files no report wrote: {names}; --force "
                "replaces only a previous report, so choose another --out or move them away")
    if kind == "ours" and not force:
        raise ReportError(f"{out} is not empty; pass force=True to replace the report in it",
                          cli=f"--out {out} is not empty; pass --force to replace the report "
                              "in it")
    return state


def write_report(out="momentum-report", force=False, progress=print, dpi=110, data=None):
    """Write the full report folder and return its path.

    The report is built in a partial folder beside ``out`` and swapped in
    only when complete: the old report is moved aside, the new one renamed
    in, the old one removed last. The files written are listed, with their
    SHA-256 digests, in the manifest ``out/.momentum-report.json``; only a
    folder that holds exactly such files (unchanged) counts as a previous
    report that ``force`` may replace. Anything else in ``out`` (a user's
    notes, a changed README) makes the call fail before any work, and is
    checked again just before the swap: if files appeared meanwhile, or another
    run put its report there first, nothing is replaced and the new report is
    left beside ``out`` as ``NAME.new-YYYYmmdd-HHMMSS`` (named in the error).

    Leftovers of killed runs on this host (``.NAME-partial-…`` folders, a
    previous report stranded as ``.NAME.old-…``) are removed or restored at
    the start of the next run; SIGINT/SIGTERM are held back during the swap
    (the folder renames assume POSIX semantics).

    Parameters
    ----------
    out : str or Path
        Target folder; it must not exist, be empty, or hold a previous report
        and ``force`` be true.
    force : bool
        Replace a previous report in ``out`` (never other files).
    progress : callable
        Called with one line per finished step (its name and time).
    dpi : int
        Resolution of the PNG figures.
    data : str or Path, optional
        The airfoil file for the training experiment; default
        :func:`momentum_theory.data.default_dataset` (the airfoil data if it is
        found without downloading, else the synthetic set; the report says which).

    Returns
    -------
    Path

    Raises
    ------
    ReportError
        When the target is unusable or a step fails (the message names it);
        nothing is left behind in that case, except a finished report that
        could not be put in place (``ReportError.kept``).

    Examples
    --------
    >>> write_report("/nonexistent-folder/report")
    Traceback (most recent call last):
    ...
    momentum_theory.report.ReportError: folder /nonexistent-folder does not exist
    """
    import matplotlib

    matplotlib.use("Agg")
    out = Path(out).resolve()
    if out.parent.is_dir():
        for note in _output.clean_stale(out.parent, names={out.name}, kind="report"):
            progress(note)
    expected = _prepare_target(out, force)
    try:
        tmp = _output.make_partial_folder(out)
    except OSError as exc:
        raise ReportError(f"cannot create a folder beside {out}: {exc.strerror}",
                          cli=f"--out {out}: cannot create a folder beside it: "
                              f"{exc.strerror}") from None
    placed = False
    try:
        (tmp / "figures").mkdir()
        ctx = _Context(root=tmp, dpi=dpi, data_path=data)
        sections, summary = [], {}
        start = time.perf_counter()
        steps = _steps()
        for i, (name, step) in enumerate(steps, 1):
            t0 = time.perf_counter()
            try:
                section = step(ctx)
            except Exception as exc:
                raise ReportError(f"step '{name}' failed: {type(exc).__name__}: {exc}") from exc
            sections.append(section)
            summary.update(section.summary)
            progress(f"[{i}/{len(steps)}] {name:<28} {time.perf_counter() - t0:6.1f} s")
        _write_documents(tmp, sections, summary)
        _output.Manifest.of_folder(tmp, "report").save()
        try:
            placed = _output.swap_folder(tmp, out, "report", expected, what="report")
        except _output.OutputConflict as exc:
            raise ReportError(str(exc), cli=f"--out {exc}", kept=exc.kept) from None
        if not placed:  # a held-back signal whose handler did not raise
            raise ReportError(f"interrupted; {out} was left as it was")
        progress(f"report written to {out} in {time.perf_counter() - start:.1f} s")
        return out
    except ReportError as exc:
        if exc.kept is None:
            _discard(tmp)
        raise
    except _output.Interrupted as exc:
        placed = placed or (not os.path.lexists(tmp) and os.path.isdir(out))
        if placed:
            exc.note = f"the new report was already in place at {out}"
        _discard(tmp)
        raise
    except BaseException:
        _discard(tmp)
        raise


def _discard(tmp: Path) -> None:
    with _output.signals_deferred():
        shutil.rmtree(tmp, ignore_errors=True)


def _write_documents(root: Path, sections, summary) -> None:
    toc = "\n".join(f"{i}. [{s.title}](#{_anchor(s.title)})" for i, s in enumerate(sections, 1))
    body = "\n\n".join(f"## {s.title}\n\n{s.markdown}" for s in sections)
    text = ("# Momentum: the chapter, derived, computed and checked\n\n"
            f"Written by `momentum-theory report` ({_versions()}) on "
            f"{time.strftime('%Y-%m-%d %H:%M %Z')}. Every formula, number and figure below was "
            "computed while writing it; the key numbers are also in `summary.json`, the claim "
            "checks with their evidence in `claims.json`. The chapter is the \"Momentum\" "
            "chapter of *Dive into Deep Learning*.\n\n"
            f"{toc}\n\n{body}\n")
    (root / "README.md").write_text(text, encoding="utf-8")
    (root / "summary.json").write_text(json.dumps(summary, indent=2, sort_keys=True) + "\n",
                                       encoding="utf-8")


def _versions() -> str:
    import matplotlib
    import numpy
    import scipy
    import sympy

    from momentum_theory import __version__

    return (f"momentum_theory {__version__}; SymPy {sympy.__version__}, NumPy {numpy.__version__}, "
            f"SciPy {scipy.__version__}, matplotlib {matplotlib.__version__}")


def _anchor(title: str) -> str:
    keep = [c.lower() if c.isalnum() else "-" if c in " -" else "" for c in title]
    return "".join(keep)
