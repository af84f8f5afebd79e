"""What every command shares: the one-line error, the parser, the ``--data`` check."""
from __future__ import annotations

import argparse
import sys

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
    loads what the command would load (:func:`momentum_theory.data.select_dataset`):
    ``--data PATH``, ``--data synthetic``, else the default (the file named by
    ``$MOMENTUM_THEORY_AIRFOIL``, the package's copy, the cache, the synthetic set). The airfoil file takes milliseconds; anything over 64 MiB, a
    folder or a device is refused by its size and type, unread.
    """
    from momentum_theory import data

    if args.data == "":
        raise CommandError("--data needs a path, got an empty string", status=2)
    try:
        data.select_dataset(args.data)
    except (OSError, ValueError, TypeError) as exc:
        raise CommandError(_one_line(exc), status=1) from None

