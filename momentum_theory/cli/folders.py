"""The commands that write a folder: ``report``, ``figures``, ``exercises``.

Each one holds SIGINT and SIGTERM back while a file or folder is put in
place (:func:`momentum_theory._output.interrupts_raise`), so an interrupted
run leaves every file complete: the old version or the new one.
"""
from __future__ import annotations

import argparse
import inspect
import sys
from pathlib import Path


def _cmd_report(args) -> int:
    from momentum_theory import _output

    with _output.interrupts_raise():
        try:
            from momentum_theory.report import ReportError, write_report

            try:
                write_report(args.out, force=args.force, data=args.data, sections=args.sections,
                             formats=args.format or ("md",), lang=args.lang,
                             progress=lambda line: print(line, flush=True))
            except ReportError as exc:
                print(f"momentum-theory report: {_output.cli_message(exc)}", file=sys.stderr)
                return 1
            return 0
        except (_output.Interrupted, KeyboardInterrupt) as exc:
            return _output.interrupted_exit("report", exc, f"--out {args.out} was left as it was")


def _cmd_figures(args) -> int:
    import os

    from momentum_theory import _output

    with _output.interrupts_raise():
        try:
            from momentum_theory.figures import write_figures

            out = Path(args.out)
            try:
                if os.path.lexists(out) and not out.is_dir():
                    print(f"momentum-theory figures: --out {out} exists and is not a folder",
                          file=sys.stderr)
                    return 1
                dataset = None
                if args.data:
                    from momentum_theory.data import select_dataset
                    dataset = select_dataset(args.data)
                _output.ensure_folder(out)
                write_figures(out, fmt=args.format, force=args.force, dataset=dataset,
                              names=args.only, progress=lambda line: print(line, flush=True))
            except OSError as exc:  # an existing target, an unwritable --out, a missing data file
                print(f"momentum-theory figures: {_output.oserror_line(exc)}", file=sys.stderr)
                return 1
            return 0
        except (_output.Interrupted, KeyboardInterrupt) as exc:
            return _output.interrupted_exit("figures", exc, "every file in --out is complete "
                                            "(the old or the new version)")


def _solve(exercise, dataset):
    # Only an exercise that trains on data takes it (exercise 1); the rest run as they are.
    if "dataset" in inspect.signature(exercise.solve).parameters:
        return exercise.solve(dataset=dataset)
    return exercise.solve()


def _cmd_exercises(args) -> int:
    import os

    from momentum_theory import _output

    def run(out):
        import matplotlib
        matplotlib.use("Agg")

        from momentum_theory import figures
        from momentum_theory.exercises import EXERCISES

        dataset = None
        if args.data:
            from momentum_theory.data import select_dataset
            dataset = select_dataset(args.data)
        _output.ensure_folder(out)
        results = {}
        for number in sorted(set(args.only or EXERCISES)):
            print(f"== exercise {number}", flush=True)
            results[number] = _solve(EXERCISES[number], dataset)
            print(results[number].summary())
        drawn = [record for number, result in results.items()
                 if EXERCISES[number].figures
                 for record in figures.exercise_figures(number, result)]
        figures.write_drawn(drawn, out, force=args.force, kind="exercises",
                            progress=lambda path: print("wrote", path, flush=True))
        return 0

    with _output.interrupts_raise():
        try:
            out = Path(args.out)
            if os.path.lexists(out) and not out.is_dir():
                print(f"momentum-theory exercises: --out {out} exists and is not a folder",
                      file=sys.stderr)
                return 1
            try:
                return run(out)
            except OSError as exc:  # unwritable --out, missing data file, existing figures
                print(f"momentum-theory exercises: {_output.oserror_line(exc)}", file=sys.stderr)
                return 1
        except (_output.Interrupted, KeyboardInterrupt) as exc:
            return _output.interrupted_exit("exercises", exc, "every file in --out is complete "
                                            "(the old or the new version)")


class _SectionsOption(argparse.Action):
    """``--sections NAME[,NAME...]``: checked while parsing (exit 2); ``list`` prints them (exit 0)."""

    def __call__(self, parser, namespace, values, option_string=None):
        from momentum_theory import report

        if values.strip() == "list":
            print(_section_lines(report))
            parser.exit(0)
        try:
            setattr(namespace, self.dest, report.resolve_sections(values))
        except (ValueError, TypeError) as exc:
            parser.error(f"argument --sections: {str(exc).removeprefix('sections: ')}")


class _FormatOption(argparse.Action):
    """``--format md|html|ipynb``, comma-separated or repeated; checked while parsing (exit 2)."""

    def __call__(self, parser, namespace, values, option_string=None):
        from momentum_theory import report

        try:
            asked = report.resolve_formats(values)
        except (ValueError, TypeError) as exc:
            parser.error(f"argument --format: {str(exc).removeprefix('formats: ')}")
        chosen = set(getattr(namespace, self.dest) or ()) | set(asked)
        setattr(namespace, self.dest, report.resolve_formats(sorted(chosen)))


def _section_lines(report) -> str:
    width = max(len(s.name) for s in report.SECTIONS)
    lines = []
    for s in report.SECTIONS:
        kind = "default" if s.default else "opt-in "
        needs = "".join(f" (needs {module}: pip install 'momentum-theory[{extra}]')"
                        for module, extra in s.needs)
        lines.append(f"{s.name:<{width}}  {kind}  {s.about}{needs}")
    lines.append("keywords: default (every default section), all (every section)")
    return "\n".join(lines)


def add_report_parser(sub) -> None:
    p = sub.add_parser("report", help="write the full report folder (the main job)")
    p.add_argument("--out", default="momentum-report", metavar="DIR",
                   help="report folder (default: momentum-report/)")
    p.add_argument("--force", action="store_true", help="replace DIR if it is not empty")
    p.add_argument("--data", metavar="PATH",
                   help="airfoil_self_noise.dat for the training experiment, or 'synthetic' "
                        "(default: $MOMENTUM_THEORY_AIRFOIL, else the package's copy)")
    p.add_argument("--sections", action=_SectionsOption, default=None, metavar="NAME[,NAME...]",
                   help="write only these sections, in report order; 'default' (the default), "
                        "'all' (with the opt-in ones) and section names combine; "
                        "'--sections list' lists them")
    p.add_argument("--format", action=_FormatOption, default=None, metavar="FORMAT[,FORMAT...]",
                   help="md (README.md, the default), html (report.html: one "
                        "self-contained page, math as MathML, printable) and/or ipynb "
                        "(report.ipynb: a notebook whose cells recompute each section; needs "
                        "the notebook extra); comma-separated or repeated: --format md,html")
    from momentum_theory.report import LANGUAGES

    p.add_argument("--lang", choices=LANGUAGES, default="en",
                   help="language of the headings, captions and verdicts: en (default) or tr "
                        "(Turkish, the chapter's edition)")
    p.set_defaults(func=_cmd_report)


def add_exercises_parser(sub) -> None:
    p = sub.add_parser("exercises", help="solve the four exercises and write their figures")
    p.add_argument("--out", required=True, metavar="DIR", help="folder for the figures")
    p.add_argument("--force", action="store_true", help="overwrite figures that exist")
    p.add_argument("--data", metavar="PATH",
                   help="airfoil data file for exercise 1, or 'synthetic'")
    from momentum_theory.exercises import EXERCISES

    p.add_argument("--only", type=int, action="append", choices=sorted(EXERCISES), metavar="N",
                   help="run only exercise N (repeatable)")
    p.set_defaults(func=_cmd_exercises)


def add_figures_parser(sub) -> None:
    p = sub.add_parser("figures", help="write the chapter's figures, the whole-spectrum map and "
                                       "the counterexample to a folder")
    p.add_argument("--out", required=True, metavar="DIR",
                   help="folder for the figures (created if missing)")
    p.add_argument("--format", choices=["png", "svg", "pdf"], default="png",
                   help="file format (default png)")
    p.add_argument("--force", action="store_true", help="overwrite figures that already exist")
    p.add_argument("--data", metavar="PATH",
                   help="airfoil data file for the loss curves, or 'synthetic' "
                        "(default: the package's copy)")
    p.add_argument("--only", action="append", metavar="NAME",
                   help="write only this figure (repeatable): traces_2d, leaky_weights, "
                        "loss_curves, scalar_gd, stability_region, whole_spectrum, counterexample")
    p.set_defaults(func=_cmd_figures)
