"""The report's one exception, in a module of its own so the worker module can raise it."""

from __future__ import annotations


class ReportError(RuntimeError):
    """The target is unusable, a section cannot run, or a section failed; the message says which.

    ``cli_message`` holds the same message in command-line words (``--out``,
    ``--force``, ``--sections``); ``kept`` is where a finished report was left
    when it could not be put in place (else ``None``).
    """

    def __init__(self, message, *, cli=None, kept=None):
        super().__init__(message)
        self.cli_message = cli or message
        self.kept = kept


ReportError.__module__ = "momentum_theory.report"  # where users import it from
