"""The ``momentum-theory`` command line (also ``python -m momentum_theory``).

Thin by design: parse arguments, call the library, print or write files.
Every subcommand is a ``_cmd_<name>(args) -> int`` function registered in
:func:`build_parser`; its return value is the process exit code.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _writable_file(path: str, force: bool) -> Path:
    target = Path(path)
    if target.exists() and not force:
        raise SystemExit(f"momentum-theory: {target} exists; pass --force to overwrite it")
    if not target.parent.exists():
        raise SystemExit(f"momentum-theory: folder {target.parent} does not exist")
    return target


def _cmd_region(args) -> int:
    from momentum_theory import spectral, symbolic

    target = _writable_file(args.plot, args.force) if args.plot else None
    region = symbolic.momentum_region()
    print("Momentum (heavy ball) converges on a quadratic with curvature lambda iff")
    print()
    print(region.pretty())
    print()
    print("LaTeX:", region.latex())
    print()
    check = spectral.confirm_region(n=args.grid)
    print("Numeric confirmation:", check.summary())
    betas = [0.0, 0.25, 0.5, 0.9]
    edges = spectral.stability_boundary(betas)
    print("Upper edge found by root finding on rho(R) = 1 (vs derived 2 + 2*beta):")
    for b, e in zip(betas, edges):
        print(f"  beta = {b:<4}  eta*lambda* = {e:.12f}   derived {2 + 2 * b:.12f}")
    if target is not None:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        from momentum_theory import plots

        fig, ax = plt.subplots(figsize=(7, 4.8), layout="constrained")
        plots.stability_region(ax=ax)
        fig.savefig(target, dpi=150)
        plt.close(fig)
        print(f"wrote {target}")
    return 0 if check.agreement == 1.0 else 1


def _cmd_report(args) -> int:
    from momentum_theory.report import ReportError, write_report

    try:
        write_report(args.out, force=args.force, data=args.data,
                     progress=lambda line: print(line, flush=True))
    except ReportError as exc:
        print(f"momentum-theory report: {exc}", file=sys.stderr)
        return 1
    return 0


def _cmd_figures(args) -> int:
    from momentum_theory.figures import write_figures

    dataset = None
    try:
        if args.data:
            from momentum_theory.data import load_airfoil
            dataset = load_airfoil(args.data)
        write_figures(args.out, fmt=args.format, force=args.force, dataset=dataset,
                      names=args.only, progress=lambda line: print(line, flush=True))
    except OSError as exc:  # an existing target without --force, an unreadable data file
        print(f"momentum-theory figures: {exc}", file=sys.stderr)
        return 1
    return 0


def _cmd_verify_claims(args) -> int:
    import json

    from momentum_theory.claims import verify_all

    results = verify_all()
    if args.json:
        print(json.dumps([r.to_dict() for r in results], indent=2, ensure_ascii=False))
    else:
        from momentum_theory.claims import format_table
        print(format_table(results))
    crashed = [r.id for r in results if r.error]
    if crashed:
        print(f"momentum-theory verify-claims: checks crashed: {', '.join(crashed)}", file=sys.stderr)
    # A claim that fails is a finding about the chapter; only a crashed check is an error.
    return 1 if crashed else 0


def _split_check_options(args):
    # The answer is argparse.REMAINDER (so "-Q^-1 c" is not taken for an
    # option); options typed after it are picked out of it here.
    answer, given, listing = [], list(args.given or []), args.list
    words = list(args.answer or [])
    while words:
        word = words.pop(0)
        if word == "--list":
            listing = True
        elif word == "--given" and words:
            given.append(words.pop(0))
        elif word.startswith("--given="):
            given.append(word[len("--given="):])
        else:
            answer.append(word)
    return " ".join(answer), given, listing


def _cmd_check(args) -> int:
    from momentum_theory.answers import AnswerError, answer_parts, check_answer

    answer, given_items, listing = _split_check_options(args)
    if listing:
        for part in answer_parts():
            print(f"{part.exercise}  {part.name:<17} {part.description}")
        return 0
    if args.exercise is None or args.part is None or not answer.strip():
        print('momentum-theory check: give EXERCISE PART "ANSWER", or --list for the parts',
              file=sys.stderr)
        return 2
    given = {}
    for item in given_items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip() or not value.strip():
            print(f"momentum-theory check: --given takes NAME=VALUE, got {item!r}", file=sys.stderr)
            return 2
        given[name.strip()] = value.strip()
    try:
        result = check_answer(args.exercise, args.part, answer, given=given or None)
    except (AnswerError, ValueError, TypeError) as exc:
        print(f"momentum-theory check: {exc}", file=sys.stderr)
        return 2
    print(result.summary())
    return 0 if result.correct else 1


def _cmd_exercises(args) -> int:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from momentum_theory import exercises
    from momentum_theory.figures import save_figure
    from momentum_theory.plots import exercise_figures

    dataset = None
    if args.data:
        from momentum_theory.data import load_airfoil
        dataset = load_airfoil(args.data)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    results = {}
    for number in sorted(set(args.only or [1, 2, 3, 4])):
        print(f"== exercise {number}", flush=True)
        if number == 1:
            results[1] = exercises.exercise_1(dataset)
            print(results[1].summary())
        elif number == 2:
            results[2] = exercises.exercise_2()
            print(results[2].summary())
        elif number == 3:
            solution = exercises.exercise_3()
            print("minimizer:", solution.minimizer.T)
            print("minimum:", solution.minimum)
            print("derivation checks hold:", solution.checks_hold,
                  f"| numeric error {solution.numeric_error:.1e}")
        else:
            results[4] = exercises.exercise_4()
            print(results[4].summary())
    status = 0
    for number, result in results.items():
        for stem, fig in exercise_figures(number, result).items():
            try:
                print("wrote", save_figure(fig, out / f"{stem}.png", force=args.force))
            except FileExistsError as exc:
                print(f"momentum-theory exercises: {exc}", file=sys.stderr)
                status = 1
            finally:
                plt.close(fig)
    return status


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="momentum-theory",
        description="Gradient descent with momentum: derivations, maps, figures, checks.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    p = sub.add_parser("region", help="derive and confirm the momentum stability region")
    p.add_argument("--plot", metavar="FILE", help="also write the stability-region picture")
    p.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    p.add_argument("--grid", type=int, default=1000, help="grid points per axis (default 1000)")
    p.set_defaults(func=_cmd_region)

    p = sub.add_parser("report", help="write the full report folder (the main job)")
    p.add_argument("--out", default="momentum-report", metavar="DIR",
                   help="report folder (default: momentum-report/)")
    p.add_argument("--force", action="store_true", help="replace DIR if it is not empty")
    p.add_argument("--data", metavar="PATH",
                   help="airfoil_self_noise.dat for the training experiment "
                        "(default: found in $MOMENTUM_THEORY_AIRFOIL or the cache, else synthetic)")
    p.set_defaults(func=_cmd_report)

    # further subcommands are registered below

    p = sub.add_parser("check", help="check a typed answer to an exercise (--list: the parts)",
                       description='Check a typed answer, e.g. check 3 minimizer "-Q^-1 c". '
                                   "Exit status: 0 correct, 1 wrong, 2 unusable input.")
    p.add_argument("--list", action="store_true", help="list every EXERCISE PART pair")
    p.add_argument("--given", action="append", metavar="NAME=VALUE",
                   help="fix a variable, e.g. --given beta=0.9 (repeatable)")
    p.add_argument("exercise", nargs="?", help="exercise number, 1 to 4")
    p.add_argument("part", nargs="?", help="part name (see --list)")
    p.add_argument("answer", nargs=argparse.REMAINDER,
                   help="the answer, quoted, e.g. \"b - 1/2 c^T Q^{-1} c\"")
    p.set_defaults(func=_cmd_check)

    p = sub.add_parser("exercises", help="solve the four exercises and write their figures")
    p.add_argument("--out", required=True, metavar="DIR", help="folder for the figures")
    p.add_argument("--force", action="store_true", help="overwrite figures that exist")
    p.add_argument("--data", metavar="PATH", help="airfoil data file for exercise 1")
    p.add_argument("--only", type=int, action="append", choices=[1, 2, 3, 4], metavar="N",
                   help="run only exercise N (repeatable)")
    p.set_defaults(func=_cmd_exercises)

    p = sub.add_parser("verify-claims", help="check every claim of the chapter by computation")
    p.add_argument("--json", action="store_true",
                   help="print a JSON list (id, section, statement, holds, evidence, correction)")
    p.set_defaults(func=_cmd_verify_claims)

    p = sub.add_parser("figures", help="write every figure of the chapter to a folder")
    p.add_argument("--out", required=True, metavar="DIR",
                   help="folder for the figures (created if missing)")
    p.add_argument("--format", choices=["png", "svg", "pdf"], default="png",
                   help="file format (default png)")
    p.add_argument("--force", action="store_true", help="overwrite figures that already exist")
    p.add_argument("--data", metavar="PATH",
                   help="airfoil data file for the loss curves (default: found file or synthetic set)")
    p.add_argument("--only", action="append", metavar="NAME",
                   help="write only this figure (repeatable): traces_2d, leaky_weights, "
                        "loss_curves, scalar_gd, stability_region")
    p.set_defaults(func=_cmd_figures)

    return parser


def main(argv=None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except (ValueError, TypeError) as exc:
        print(f"momentum-theory {args.command}: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
