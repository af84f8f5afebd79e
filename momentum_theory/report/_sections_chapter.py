"""The report's sections on the chapter itself: derivations, figures, region, training, claims, exercises."""
from __future__ import annotations

import json
from pathlib import Path

from momentum_theory.report._common import (
    _code, _dataset, _derivation_block, _esc, _figure, _inline_math, _markdown_table, _prose,
    _save, _Section, _tex,
)


def step_derivations(ctx):
    from momentum_theory import symbolic

    parts = [f"### {ctx.say('derivation.' + d.name)}\n\n{_derivation_block(ctx, d)}\n"
             for d in symbolic.all_derivations()]
    intro = ("Each block is a chain of SymPy operations run while this report was written: the "
             "label of a row names the operation, the last rows give the result and the "
             "conditions it needs. The sections above rest on these results; "
             "`momentum_theory.symbolic` returns the same objects in a REPL or a notebook.\n\n")
    return _Section(ctx.say("section.derivations"), intro + "\n".join(parts))


def step_chapter_figures(ctx):
    from momentum_theory import figures

    drawn = figures.draw_chapter(_dataset(ctx))
    # 150 dpi, as momentum-theory figures writes them.
    written = _save(ctx, drawn, dpi=150)
    intro = ("The chapter's five figures, drawn again from this toolkit's own computations "
             "(the chapter's code is not run).\n\n")
    return _Section(ctx.say("section.chapter-figures"),
                    intro + "\n\n".join(ctx.figure(path) for path in written) + "\n",
                    {"figures": written})


def step_training(ctx):
    from momentum_theory import training

    dataset = _dataset(ctx)
    runs = training.chapter_runs(dataset)
    floor = training.least_squares_loss(dataset)
    rows = [(f"{r.lr:g}", f"{r.momentum:g}", f"{r.lr / (1 - r.momentum):g}",
             f"{r.final_loss:.5f}", f"{100 * (r.final_loss / floor - 1):.2f} %") for r in runs]
    md = ("The chapter trains a linear regression with minibatch SGD and momentum at the "
          "learning rates and momenta below, each for two epochs. The same runs here, on "
          f"{_esc(dataset.source)}. No run can go below the exact least-squares loss "
          r"(the mean of $\frac{1}{2}(\hat{y} - y)^2$ at the least-squares weights), "
          f"**{floor:.6f}**; the last column says how far above it each run ends.\n\n"
          + _markdown_table(["lr", r"momentum $\beta$",
                             r"effective step $\frac{\mathrm{lr}}{1 - \beta}$",
                             ctx.say("head.final-loss"), ctx.say("head.above-floor")], rows))
    summary = {"training": {"data": dataset.source, "least_squares_floor": floor,
                            "runs": [{"lr": r.lr, "momentum": r.momentum,
                                      "final_loss": float(r.final_loss)} for r in runs]}}
    return _Section(ctx.say("section.training"), md, summary)


def step_region(ctx):
    from momentum_theory import comparisons, spectral

    check = spectral.confirm_region(n=1000)
    edges = comparisons.edge_comparison((0.0, 0.25, 0.5, 0.75, 0.9, 0.99))
    rows = [(f"{c.beta:g}", f"{c.found:.12f}", f"{c.derived:.12f}", f"{c.difference:.1e}")
            for c in edges]
    if "chapter-figures" in ctx.sections:
        figure = "The stability-region figure among the chapter's figures shows the map.\n\n"
    else:
        figure = ctx.figure(_figure(ctx, "stability_region")) + "\n\n"
    md = (r"Along one eigenvalue $\lambda$ of the quadratic, momentum multiplies the pair "
          r"$(v_t, x_t)$ by a $2 \times 2$ matrix $R$; the iterates converge exactly when both "
          r"eigenvalues of $R$ lie inside the unit circle, which SymPy turns into "
          r"$0 < \eta\lambda < 2 + 2\beta$"
          + (" (see the derivations at the end)" if "derivations" in ctx.sections else "")
          + ". Here the region is found again without that derivation. The spectral radius of "
          r"$R$, computed numerically on a $1000 \times 1000$ grid over $(\eta\lambda, \beta)$, is below 1 "
          f"exactly inside the derived region at {check.agreement:.6f} of the {check.compared} "
          f"points compared ({check.excluded} points within the rounding band of the boundary are "
          r"left out). Root finding on $\rho(R) = 1$ puts the upper edge where the derivation "
          "does:\n\n" + figure
          + _markdown_table([r"$\beta$", "edge found by root finding", r"$2 + 2\beta$",
                             ctx.say("head.difference")], rows))
    summary = {"region_agreement_1000x1000": check.agreement,
               "region_points_compared": check.compared,
               "stability_edge": {f"{c.beta:g}": c.found for c in edges}}
    return _Section(ctx.say("section.stability-region"), md, summary)


def _chapter_sentence(source):
    """The chapter's source of a claim as Markdown: its math as math, its words escaped."""
    if source.lstrip().startswith("return "):
        return "`" + source.replace("`", "'") + "`"
    if "$" not in source:
        if "\\" in source:  # a displayed equation, or one row of an aligned block
            return _inline_math(source.strip().lstrip("&").strip().rstrip("."))
        return _esc(source)
    pieces = source.replace("$$", "$").split("$")
    return "".join(_esc(p) if i % 2 == 0 else _inline_math(p.strip().rstrip("."))
                   for i, p in enumerate(pieces))


def step_claims(ctx):
    from momentum_theory import claims

    results = claims.verify_all()
    (ctx.root / "claims.json").write_text(
        json.dumps([r.to_dict() for r in results], indent=2, ensure_ascii=False) + "\n",
        encoding="utf-8")
    if any(r.error for r in results):
        raise RuntimeError("a claim check crashed: "
                           + ", ".join(r.id for r in results if r.error))
    sources = {c.id: c.source for c in claims.CLAIMS}
    rows = []
    for r in results:
        if r.holds:
            verdict = ctx.say("verdict.holds")
        else:
            verdict = (f"**{ctx.say('verdict.fails')}**; {ctx.say('head.correction')}: "
                       + _prose(r.correction) if r.correction else
                       f"**{ctx.say('verdict.fails')}**")
        rows.append((f"`{r.id}` ({ctx.say('chapter.' + r.section)})", _prose(r.statement),
                     _chapter_sentence(sources.get(r.id, "")), verdict))
    failing = [r for r in results if not r.holds]
    md = (f"{len(results)} statements of the chapter, each decided by a computation while this "
          f"report was written; {len(failing)} do not hold as printed, and each of those comes "
          "with a correction that passes the same check. The statement is the chapter's formula "
          "(or, for a sentence, its content), beside the chapter's own sentence in its Turkish "
          "edition. What each check computed is in `claims.json` (the `evidence` field) and in "
          "the output of `momentum-theory verify-claims`.\n\n"
          + _markdown_table([ctx.say("head.claim"), ctx.say("head.statement"),
                             ctx.say("head.source"), ctx.say("head.verdict")], rows))
    summary = {"claims": {"checked": len(results), "hold": len(results) - len(failing),
                          "fail": [r.id for r in failing]}}
    return _Section(ctx.say("section.claims"), md, summary)


def _quadratic_solution(three, ctx):
    accepted = "\n".join(
        f"- `{text}`: {ctx.say('verdict.accepted') if ok else '**' + ctx.say('verdict.rejected') + '**'}"
        for text, ok in three.answers_accepted.items())
    return ("SymPy solves $\\nabla h(x) = Qx + c = 0$ for a general symmetric $2 \\times 2$ "
            "matrix $Q$ (`symbolic.quadratic(2)`; every residual of the derivation simplifies "
            f"to zero):\n\n$${_tex(ctx, 'x^* = ', three.minimizer)}$$\n\n"
            f"$${_tex(ctx, 'h(x^*) = ', three.minimum)}$$\n\n"
            "that is, $x^* = -Q^{-1} c$ and $h(x^*) = b - \\frac{1}{2} c^\\top Q^{-1} c$. "
            r"Minimising a random $6 \times 6$ instance numerically agrees to "
            f"{three.numeric_error:.1e}. The answer checker, with this as its reference, on "
            f"answers typed in the usual ways:\n\n{accepted}\n")


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
                                     lambda r, ctx: "What the solver computed:\n\n"
                                     + _code(r.summary()))(result, ctx)
        if exercise.figures:
            links = _save(ctx, figures.exercise_figures(number, result))
            body += "\n\n" + "\n\n".join(ctx.figure(link) for link in links)
        parts.append(f"### {number}. {ctx.say(f'exercise.{number}')}\n\n{body}")
    three, two = results[3], results[2]
    if not three.checks_hold or not all(three.answers_accepted.values()):
        raise RuntimeError("exercise 3's derivation or answer checks did not hold")
    summary = {"exercises": {"exercise_3_numeric_error": three.numeric_error,
                             "exercise_2_steps": {k: [int(x) for x in v]
                                                  for k, v in two.steps.items()}}}
    intro = ("The chapter ends with four exercises; each is solved by computation here, and "
             "`momentum-theory check` checks a student's answers against the same "
             "results.\n\n")
    return _Section(ctx.say("section.exercises"), intro + "\n\n".join(parts) + "\n", summary)
