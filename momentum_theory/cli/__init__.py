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
- 3: ``check`` only: the answer could not be decided within its budget (2 s
  and 200 MiB by default; ``--time-limit``); never given to a wrong answer;
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

import momentum_theory
from momentum_theory.cli import check as _check, folders as _folders, region as _region
from momentum_theory.cli import explore as _explore, verify as _verify
from momentum_theory.cli import grade as _grade
from momentum_theory.cli._common import (  # noqa: F401 (the names cli offered before)
    DEBUG_ENV, CommandError, _check_data_option, _one_line, _Parser,
)
from momentum_theory.cli.region import MAX_GRID

__all__ = ["build_parser", "main", "CommandError", "MAX_GRID", "DEBUG_ENV"]


def build_parser() -> argparse.ArgumentParser:
    """The parser of every subcommand, in the order ``--help`` lists them.

    Returns
    -------
    argparse.ArgumentParser

    Examples
    --------
    >>> args = build_parser().parse_args(["region", "--grid", "50"])
    >>> args.command, args.grid
    ('region', 50)
    """
    parser = _Parser(
        prog="momentum-theory",
        description="Gradient descent with momentum: derivations, maps, figures, checks.")
    parser.add_argument("--version", action="version",
                        version=f"momentum-theory {momentum_theory.__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    _region.add_parser(sub)
    _folders.add_report_parser(sub)
    _check.add_parser(sub)
    _grade.add_parser(sub)
    _folders.add_exercises_parser(sub)
    _verify.add_parser(sub)
    _folders.add_figures_parser(sub)
    _explore.add_parser(sub)
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

    Parameters
    ----------
    argv : list of str, optional
        The arguments after the program name; default ``sys.argv[1:]``.

    Returns
    -------
    int
        The exit status: 0, 1, 2, 3 (``check`` only), 130, 141 or 143.

    Examples
    --------
    >>> main(["check", "3", "minimizer", "-Q^-1 c"])
    exercise 3, part minimizer: correct
    ...
    0
    >>> main(["region", "--grid", "1"])  # the line goes to stderr
    2
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
