"""``momentum-theory grade``: grade a class's answers from a CSV file."""
from __future__ import annotations

import argparse
import sys
import time

from momentum_theory.cli._common import CommandError, _time_limit

#: Seconds between the plain progress lines when stderr is not a terminal.
PLAIN_EVERY = 10.0
#: A run shorter than this shows no progress at all.
QUIET_FOR = 2.0
#: Malformed rows named one by one on stderr before "and N more".
SHOW_MALFORMED = 20


def _jobs(text):
    try:
        jobs = int(text)
    except ValueError:
        jobs = 0
    if not 1 <= jobs <= 64:
        raise argparse.ArgumentTypeError(f"must be a whole number from 1 to 64, got {text!r}")
    return jobs


class Progress:
    """``progress(done, total)`` for :func:`momentum_theory.grading.grade_csv`, on ``stream``.

    On a terminal: a bar redrawn in place (at most ten times a second);
    otherwise a plain line every :data:`PLAIN_EVERY` seconds. Nothing at all
    during the first :data:`QUIET_FOR` seconds, so short runs stay silent.
    """

    def __init__(self, stream, clock=time.monotonic):
        self.stream, self.clock = stream, clock
        try:
            self.tty = bool(stream.isatty())
        except (AttributeError, ValueError, OSError):
            self.tty = False
        self.began = clock()
        self.shown = None
        self.drawn = False

    def __call__(self, done, total):
        now = self.clock()
        if self.stream is None or now - self.began < QUIET_FOR:
            return
        every = 0.1 if self.tty else PLAIN_EVERY
        if self.shown is not None and now - self.shown < every and done < total:
            return
        self.shown = now
        if self.tty:
            width = 30
            filled = width * done // max(total, 1)
            self.stream.write(f"\rgrading [{'#' * filled}{'.' * (width - filled)}] "
                              f"{done}/{total} answers")
            self.drawn = True
        else:
            self.stream.write(f"grading: {done} of {total} answers graded "
                              f"({now - self.began:.0f} s)\n")
        self.stream.flush()

    def finish(self):
        if self.drawn and self.stream is not None:
            self.drawn = False
            self.stream.write("\n")
            self.stream.flush()


def _cmd_grade(args) -> int:
    """``grade ANSWERS.csv --out GRADES.csv``: exit 0 when the grades are written (whatever
    the verdicts), 1 when a file stops it, 2 on a usage error."""
    from momentum_theory import _output, grading

    if not args.out:
        raise CommandError("--out needs a file name, got an empty string", status=2)
    progress = Progress(sys.stderr)
    try:
        with _output.interrupts_raise():  # SIGTERM too: workers stopped, nothing written
            summary = grading.grade_csv(args.answers, args.out, force=args.force,
                                        time_limit=args.time_limit, jobs=args.jobs,
                                        progress=progress)
    except (_output.Interrupted, KeyboardInterrupt) as exc:
        progress.finish()
        return _output.interrupted_exit("grade", exc, "nothing was written")
    except FileExistsError as exc:
        raise CommandError(_output.cli_message(exc)) from None
    except ValueError as exc:  # the answers file itself (header, size)
        raise CommandError(str(exc).replace("path: ", "", 1).replace("path_out: ", "--out: ", 1),
                           status=1) from None
    finally:
        progress.finish()
    print(summary.table())
    print(f"{summary.rows} answers ({summary.decisions} distinct) graded in "
          f"{summary.seconds:.1f} s; wrote {summary.out} and {summary.summary_out}")
    if summary.malformed:
        lines = [f"line {line}: {why}" for line, why in summary.malformed[:SHOW_MALFORMED]]
        more = len(summary.malformed) - SHOW_MALFORMED
        print(f"momentum-theory grade: {len(summary.malformed)} malformed "
              f"row{'s' if len(summary.malformed) != 1 else ''}, not graded "
              f"(listed in {summary.out}):", file=sys.stderr)
        for line in lines:
            print(f"  {line}", file=sys.stderr)
        if more > 0:
            print(f"  and {more} more", file=sys.stderr)
    return 0


def add_parser(sub) -> None:
    p = sub.add_parser("grade", help="grade a class: a CSV of student,part,answer",
                       description="Grade every answer of ANSWERS.csv (columns student, part, "
                                   "answer; others are copied) as 'check' would, each within "
                                   "the same budget (2 s, --time-limit). Writes --out FILE "
                                   "with each row's verdict, feedback and counterexample, and "
                                   "FILE-summary.csv with the counts per part; prints the "
                                   "summary. Malformed rows are listed with their line "
                                   "numbers and the rest are graded. Exit status: 0 written "
                                   "(whatever the verdicts), 1 a file stopped it (an output "
                                   "that exists without --force, an unreadable answers file), "
                                   "2 usage error.")
    p.add_argument("answers", metavar="ANSWERS.csv", help="the answers, UTF-8 CSV with a header")
    p.add_argument("--out", required=True, metavar="FILE",
                   help="the grades CSV; its summary goes beside it as FILE-summary.csv")
    p.add_argument("--force", action="store_true",
                   help="replace the grades and summary files if they exist")
    p.add_argument("--time-limit", type=_time_limit, metavar="SECONDS",
                   help="wall-clock budget of each decision (default 2, as for check)")
    p.add_argument("--jobs", type=_jobs, metavar="N",
                   help="decisions at the same time (default: the CPUs, at most 4)")
    p.set_defaults(func=_cmd_grade)
