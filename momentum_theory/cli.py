"""The ``momentum-theory`` command line (also ``python -m momentum_theory``).

Thin by design: parse arguments, call the library, print or write files.
Every subcommand is a ``_cmd_<name>(args) -> int`` function registered in
:func:`build_parser`; its return value is the process exit code.

No traceback reaches a user: :func:`main` turns every error into one line
on stderr, ``momentum-theory COMMAND: what went wrong``, and an exit status:

- 0: success (for ``check``: the answer is right);
- 1: failure: a file, folder, the disk or memory stopped the command, or a
  result is negative (a wrong answer, a crashed claim check, a numeric
  region that disagrees with the derived one);
- 2: usage: the command line itself is wrong (unknown command or option, a
  number out of range, an unusable answer), whatever the machine's state;
- 130 (128 + SIGINT): interrupted by Ctrl-C (``report``, ``figures`` and
  ``exercises`` also turn SIGTERM into 143);
- 141 (128 + SIGPIPE): standard output was closed early, as in
  ``momentum-theory verify-claims --json | head -c 100``; nothing is
  printed, as a Unix tool killed by SIGPIPE would print nothing.

``--data PATH`` (and ``$MOMENTUM_THEORY_AIRFOIL``, or a file in the cache)
is checked by :func:`momentum_theory.data.load_airfoil` before any other
work, so a bad file gives the same line and status 1 in ``report``,
``figures`` and ``exercises``. With ``MOMENTUM_THEORY_DEBUG=1`` in the
environment the traceback of an unexpected error is printed before its line.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

#: Largest ``region --grid``: 5000 x 5000 = 25 million points.
MAX_GRID = 5000
# Peak memory of spectral.confirm_region per grid point, measured with
# tracemalloc at n = 2000 (42 bytes; 51 at n = 1000, where fixed costs weigh more).
_BYTES_PER_GRID_POINT = 42
# Formats matplotlib writes without extra software; the suffix of --plot picks one.
_PLOT_FORMATS = ("png", "svg", "pdf", "eps", "ps")
#: Set to 1 to see the traceback of an unexpected error.
DEBUG_ENV = "MOMENTUM_THEORY_DEBUG"


class CommandError(Exception):
    """A problem to tell the user in one line; ``status`` 1 (failure) or 2 (usage)."""

    def __init__(self, message, status=1, prog=None):
        super().__init__(message)
        self.status = status
        self.prog = prog


class _Parser(argparse.ArgumentParser):
    """argparse with its errors as one line (and ``--help`` for the rest) instead of usage text."""

    def error(self, message):
        raise CommandError(f"{message} (see '{self.prog} --help')", status=2, prog=self.prog)

    def print_help(self, file=None):
        # argparse would swallow an OSError here (a full disk under --help): let main see it.
        file = file or sys.stdout
        if file is not None:  # None when the program started with stdout closed
            file.write(self.format_help())


def _gib(size: float) -> str:
    return f"{size / 2**30:,.1f} GiB" if size >= 2**29 else f"{size / 2**20:,.0f} MiB"


def _grid_size(text: str) -> int:
    """argparse type of ``region --grid``: a whole number from 2 to :data:`MAX_GRID`."""
    try:
        n = int(text)
    except ValueError:
        n = None
    if n is None or n < 2:
        raise argparse.ArgumentTypeError(f"must be a whole number from 2 to {MAX_GRID}, got {text!r}")
    if n > MAX_GRID:
        need = n * n * _BYTES_PER_GRID_POINT
        raise argparse.ArgumentTypeError(
            f"{n} asks for {n * n:,} grid points, about {_gib(need)} of memory "
            f"({_BYTES_PER_GRID_POINT} bytes a point); at most {MAX_GRID} is allowed "
            f"({MAX_GRID ** 2:,} points, about {_gib(MAX_GRID ** 2 * _BYTES_PER_GRID_POINT)})")
    return n


def _one_line(exc) -> str:
    """An exception as one line; an OSError as its reason and file, without ``[Errno N]``."""
    if isinstance(exc, OSError) and exc.strerror:
        text = exc.strerror + (f": {exc.filename}" if exc.filename else "")
    else:
        text = str(exc)
    return " ".join(text.split()) or type(exc).__name__


def _check_data_option(args) -> None:
    """Refuse a bad airfoil file before any work: the same line and status 1 in every command.

    Called by :func:`main` for every command with a ``--data`` option. It
    loads what the command would load: ``--data PATH``, else the file named
    by ``$MOMENTUM_THEORY_AIRFOIL`` or cached (the synthetic set when there
    is none). The airfoil file takes milliseconds; anything over 64 MiB, a
    folder or a device is refused by its size and type, unread.
    """
    from momentum_theory import data

    if args.data == "":
        raise CommandError("--data needs a path, got an empty string", status=2)
    try:
        if args.data:
            data.load_airfoil(args.data)
        else:
            data.default_dataset()
    except (OSError, ValueError, TypeError) as exc:
        raise CommandError(_one_line(exc), status=1) from None


def _writable_file(path: str, force: bool) -> Path:
    """Check ``--plot FILE`` before any work: a file name we can create or, with force, replace."""
    import tempfile

    if not path:
        raise CommandError("--plot needs a file name, got an empty string", status=2)
    target = Path(path)
    if os.path.lexists(target):
        if target.is_dir():
            raise CommandError(f"{target} is a folder; --plot needs a file name, "
                               f"e.g. {target / 'region.png'}")
        if not target.is_file():
            raise CommandError(f"{target} is not a regular file; --plot only replaces regular files")
        if not force:
            raise CommandError(f"{target} exists; pass --force to overwrite it")
    if target.suffix.lower().lstrip(".") not in _PLOT_FORMATS:
        raise CommandError(f"--plot {path}: the file name must end in "
                           f"{', '.join('.' + f for f in _PLOT_FORMATS)} (it picks the format)",
                           status=2)
    folder = target.parent
    if not folder.exists():
        raise CommandError(f"folder {folder} does not exist")
    if not folder.is_dir():
        raise CommandError(f"{folder} is not a folder")
    try:  # the one sure test that a file can be created there
        fd, probe = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".probe")
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        reason = exc.strerror or _one_line(exc)
        raise CommandError(f"cannot create files in folder {folder}: {reason}") from None
    return target


def _save_plot(fig, target: Path) -> None:
    """Write the figure beside ``target`` and rename it into place: the old file or the new one."""
    import tempfile

    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    os.close(fd)
    try:
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)  # as open() would have made it, not mkstemp's 0600
        fig.savefig(tmp, format=target.suffix.lower().lstrip("."), dpi=150)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _cmd_region(args) -> int:
    target = _writable_file(args.plot, args.force) if args.plot is not None else None
    from momentum_theory import spectral, symbolic

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
        try:
            plots.stability_region(ax=ax)
            _save_plot(fig, target)
        finally:
            plt.close(fig)
        print(f"wrote {target}")
    return 0 if check.agreement == 1.0 else 1


def _cmd_report(args) -> int:
    from momentum_theory import _output

    with _output.interrupts_raise():
        try:
            from momentum_theory.report import ReportError, write_report

            try:
                write_report(args.out, force=args.force, data=args.data,
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
                    from momentum_theory.data import load_airfoil
                    dataset = load_airfoil(args.data)
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


_CHECK_OPTIONS = "--given NAME=VALUE, --time-limit SECONDS, --list"
#: Exit status of ``check`` for each verdict (2 is a usage error or an unusable answer).
_CHECK_STATUS = {"correct": 0, "wrong": 1, "undecided": 3}


def _time_limit(text):
    """Value of ``check --time-limit``: seconds in (0, 3600]."""
    try:
        seconds = float(text)
    except ValueError:
        seconds = None
    if seconds is None or not 0 < seconds <= 3600:  # also refuses nan and inf
        raise argparse.ArgumentTypeError(f"must be a number of seconds in (0, 3600], got {text!r}")
    return seconds


def _split_check_options(args):
    """(answer, given items, listing, time limit) from ``check``'s arguments.

    The answer is ``argparse.REMAINDER``, so that ``-Q^-1 c`` (or ``-h``) is
    not taken for an option: every word that starts with a single ``-`` belongs
    to the answer. Options typed after the answer are picked out of it here;
    any other word that looks like a long option (``--name`` or
    ``--name=value``) raises ``ValueError`` naming it, so that ``--bogus`` is
    a usage error rather than part of the answer.
    """
    import re

    answer, given = [], list(args.given or [])
    listing, time_limit = args.list, getattr(args, "time_limit", None)
    words = list(args.answer or [])
    while words:
        word = words.pop(0)
        name, sep, value = word.partition("=")
        if word == "--list":
            listing = True
        elif name in ("--given", "--time-limit"):
            if not sep:
                if not words:
                    raise ValueError(f"{name} needs a value after the answer "
                                     f"({'NAME=VALUE' if name == '--given' else 'SECONDS'})")
                value = words.pop(0)
            if name == "--given":
                given.append(value)
            else:
                try:
                    time_limit = _time_limit(value)
                except argparse.ArgumentTypeError as exc:
                    raise ValueError(f"--time-limit {exc}") from None
        elif re.fullmatch(r"--[A-Za-z][A-Za-z0-9_-]*", name):
            raise ValueError(f"unknown option {name!r}; the options of check are "
                             f"{_CHECK_OPTIONS} (an answer that starts with '--' can be typed "
                             "as '- -...')")
        else:
            answer.append(word)
    return " ".join(answer), given, listing, time_limit


def _cmd_check(args) -> int:
    """``check EXERCISE PART ANSWER``: exit 0 correct, 1 wrong, 2 usage error or
    unusable answer, 3 could not decide within the budget (2 s and 200 MiB by
    default; see :mod:`momentum_theory.answers`)."""
    from momentum_theory.answers import TIME_LIMIT, AnswerError, answer_parts, check_answer

    try:
        answer, given_items, listing, time_limit = _split_check_options(args)
    except ValueError as exc:
        print(f"momentum-theory check: {exc}", file=sys.stderr)
        return 2
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
        result = check_answer(args.exercise, args.part, answer, given=given or None,
                              time_limit=TIME_LIMIT if time_limit is None else time_limit)
    except (AnswerError, ValueError, TypeError) as exc:
        print(f"momentum-theory check: {exc}", file=sys.stderr)
        return 2
    print(result.summary())
    return _CHECK_STATUS[result.verdict]


def _cmd_exercises(args) -> int:
    import os

    from momentum_theory import _output

    def run(out):
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        from momentum_theory import exercises, figures
        from momentum_theory.plots import exercise_figures

        dataset = None
        if args.data:
            from momentum_theory.data import load_airfoil
            dataset = load_airfoil(args.data)
        _output.ensure_folder(out)
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
        drawn = {}
        try:
            for number, result in results.items():
                drawn.update(exercise_figures(number, result))
            figures._write_drawn(drawn, out, force=args.force, kind="exercises",
                                 progress=lambda path: print("wrote", path, flush=True))
        finally:
            for fig in drawn.values():
                plt.close(fig)
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


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="momentum-theory",
        description="Gradient descent with momentum: derivations, maps, figures, checks.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    p = sub.add_parser("region", help="derive and confirm the momentum stability region")
    p.add_argument("--plot", metavar="FILE",
                   help="also write the stability-region picture (.png, .svg, .pdf, .eps, .ps)")
    p.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    p.add_argument("--grid", type=_grid_size, default=1000, metavar="N",
                   help=f"grid points per axis, 2 to {MAX_GRID} (default 1000; memory grows "
                        f"as N^2, about {_BYTES_PER_GRID_POINT} bytes a point)")
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
                                   "The answer is decided in a separate process within a "
                                   "budget of 2 s (--time-limit) and 200 MiB of memory. "
                                   "Exit status: 0 correct, 1 wrong, 2 usage error or "
                                   "unusable answer (syntax, a name or a size not allowed), "
                                   "3 could not decide within the budget (the answer may "
                                   "still be right). Options may also follow the answer; "
                                   "any other word starting with '--' there is a usage error.")
    p.add_argument("--list", action="store_true", help="list every EXERCISE PART pair")
    p.add_argument("--given", action="append", metavar="NAME=VALUE",
                   help="fix a variable, e.g. --given beta=0.9 (repeatable)")
    p.add_argument("--time-limit", type=_time_limit, metavar="SECONDS",
                   help="wall-clock budget of the decision (default 2); past it, exit 3")
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


def _say(prog, message) -> None:
    if sys.stderr is None:  # started with stderr closed (print would fall back to stdout)
        return
    try:
        print(f"{prog}: {' '.join(str(message).split())}", file=sys.stderr, flush=True)
    except (OSError, ValueError):  # stderr itself is gone: nothing more to do
        pass


def _debug_traceback() -> None:
    if os.environ.get(DEBUG_ENV, "") not in ("", "0") and sys.stderr is not None:
        import traceback
        try:
            traceback.print_exc()
        except (OSError, ValueError):
            pass


def _discard_stdout() -> None:
    """Point fd 1 at /dev/null so that Python's last flush of stdout cannot fail again."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # not a real file (a test's capture)
        return
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, fd)
        os.close(devnull)
    except OSError:
        pass


def _flush_stdout() -> None:
    if sys.stdout is not None:  # None when the program started with stdout closed
        sys.stdout.flush()


def _settle_stdout() -> None:
    try:
        _flush_stdout()
    except (OSError, ValueError):
        _discard_stdout()


def main(argv=None) -> int:
    """Run the command line; return the exit status (see the module docstring).

    Never raises, and never prints a traceback unless ``MOMENTUM_THEORY_DEBUG=1``.
    """
    prog = "momentum-theory"
    try:
        try:
            args = build_parser().parse_args(argv)
            prog = f"momentum-theory {args.command}"
            if hasattr(args, "data"):
                _check_data_option(args)
            status = args.func(args)
        except SystemExit as exc:  # --help, or a command that exits by itself
            if isinstance(exc.code, str):
                _say(prog, exc.code)
                status = 1
            else:
                status = exc.code or 0
        # A full disk or a closed pipe on stdout shows here, while it can be
        # reported, and not in Python's last flush at exit.
        _flush_stdout()
        return status
    except CommandError as exc:
        _say(exc.prog or prog, exc)
        return exc.status
    except BrokenPipeError:  # the reader of stdout left (| head): stop quietly
        _discard_stdout()
        return 141
    except KeyboardInterrupt:
        _say(prog, "interrupted by SIGINT")
        return 130
    except MemoryError as exc:
        _debug_traceback()
        _say(prog, f"out of memory{': ' + str(exc) if str(exc) else ''}")
        return 1
    except OSError as exc:
        _debug_traceback()
        _say(prog, _one_line(exc))
        return 1
    except (ValueError, TypeError) as exc:  # an argument value the library refused
        _debug_traceback()
        _say(prog, _one_line(exc))
        return 2
    except Exception as exc:
        _debug_traceback()
        _say(prog, f"internal error, {type(exc).__name__}: {_one_line(exc)} "
                   f"(set {DEBUG_ENV}=1 to see the traceback)")
        return 1
    finally:
        _settle_stdout()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
