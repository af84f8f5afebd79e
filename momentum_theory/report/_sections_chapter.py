"""The report's sections on the chapter itself: derivations, figures, region, training, claims, exercises."""
from __future__ import annotations

import json
from pathlib import Path

from momentum_theory.report._common import (
    _code, _dataset, _derivation_block, _markdown_table, _save, _Section, _tex,
)


def step_derivations(ctx):
    from momentum_theory import symbolic

    parts = []
    for derivation in symbolic.all_derivations():
        parts.append(f"### {derivation.name}\n\n{_derivation_block(ctx, derivation)}\n")
    return _Section("Derivations (SymPy)", "Every formula below is computed by SymPy when the "
                    "report is written, not typed in.\n\n" + "\n".join(parts))


def step_chapter_figures(ctx):
    from momentum_theory import figures

    drawn = figures.draw_chapter(_dataset(ctx))
    # 150 dpi, as momentum-theory figures writes them.
    written = _save(ctx, drawn, dpi=150)
    parts = [f"### {d.caption or d.name}\n\n![{d.name}]({path})\n\n{d.note}\n"
             for d, path in zip(drawn, written)]
    return _Section("The chapter's figures", "\n".join(parts), {"figures": written})


def step_training(ctx):
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


def step_region(ctx):
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


def step_claims(ctx):
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


def _quadratic_solution(three, ctx):
    accepted = "\n".join(f"- `{text}`: {'accepted' if ok else 'REJECTED'}"
                          for text, ok in three.answers_accepted.items())
    return (f"Derived by `symbolic.quadratic(2)` (every residual of the derivation zero: "
            f"{three.checks_hold}):\n\n$${_tex(ctx, 'x^* = ', three.minimizer)}$$\n\n"
            f"$${_tex(ctx, 'h(x^*) = ', three.minimum)}$$\n\n"
            f"Numerical minimisation of a random 6×6 instance agrees to {three.numeric_error:.1e}. "
            f"The answer checker, with this as its reference:\n\n{accepted}\n")


# How a result reads in the report, by its type; the rest show their summary().
_EXERCISE_BODIES = {"QuadraticSolution": _quadratic_solution}


def step_exercises(ctx):
    import inspect

    from momentum_theory import figures
    from momentum_theory.exercises import EXERCISES

    results, parts = {}, []
    for number, exercise in EXERCISES.items():
        # Only an exercise that trains on data takes it (exercise 1).
        takes_data = "dataset" in inspect.signature(exercise.solve).parameters
        result = exercise.solve(dataset=_dataset(ctx)) if takes_data else exercise.solve()
        results[number] = result
        body = _EXERCISE_BODIES.get(type(result).__name__,
                                     lambda r, ctx: _code(r.summary()))(result, ctx)
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
