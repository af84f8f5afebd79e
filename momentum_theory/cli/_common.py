"""What every command shares: the one-line error, the parser, the ``--data`` check,
the ``--time-limit`` value and the checks of an output file named on the command line."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

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



def _time_limit(text):
    """Value of ``--time-limit`` (``check``, ``grade``): seconds in (0, 3600]."""
    try:
        seconds = float(text)
    except ValueError:
        seconds = None
    if seconds is None or not 0 < seconds <= 3600:  # also refuses nan and inf
        raise argparse.ArgumentTypeError(f"must be a number of seconds in (0, 3600], got {text!r}")
    return seconds


def _new_file(path: str, force: bool, option: str, example: str) -> Path:
    """Check a file named by ``option`` before any work: creatable, or replaceable with --force.

    Refuses an empty name (status 2), a folder (suggesting ``example`` inside
    it), anything but a regular file, and an existing file without
    ``--force``. The folder it goes in is checked by :func:`_parent_folder`.
    """
    if not path:
        raise CommandError(f"{option} needs a file name, got an empty string", status=2)
    target = Path(path)
    if os.path.lexists(target):
        if target.is_dir():
            raise CommandError(f"{target} is a folder; {option} needs a file name, "
                               f"e.g. {target / example}")
        if not target.is_file():
            raise CommandError(f"{target} is not a regular file; {option} only replaces "
                               "regular files")
        if not force:
            raise CommandError(f"{target} exists; pass --force to overwrite it")
    return target


def _parent_folder(target: Path) -> Path:
    """The folder ``target`` goes in, which must exist and be a folder."""
    folder = target.parent
    if not folder.exists():
        raise CommandError(f"folder {folder} does not exist")
    if not folder.is_dir():
        raise CommandError(f"{folder} is not a folder")
    return folder
