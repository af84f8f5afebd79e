"""``momentum-theory check``: decide a typed answer to an exercise."""
from __future__ import annotations

import argparse
import sys

from momentum_theory.cli._common import _time_limit

_CHECK_OPTIONS = "--given NAME=VALUE, --time-limit SECONDS, --list"
#: Exit status of ``check`` for each verdict (2 is a usage error or an unusable answer).
_CHECK_STATUS = {"correct": 0, "wrong": 1, "undecided": 3}


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
        # The chapter's exercise number (or -), the alias number, the topic, the part.
        for part in answer_parts():
            chapter = "-" if part.chapter_exercise is None else str(part.chapter_exercise)
            print(f"{part.exercise}  {part.name:<17} {part.description} "
                  f"[chapter exercise: {chapter}; topic: {part.topic}]")
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


def add_parser(sub) -> None:
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
    p.add_argument("exercise", nargs="?",
                   help="the chapter's exercise number (3, 4) or a topic (leaky-averages, "
                        "scalar-functions, quadratic, stochastic); 1 to 4 are aliases")
    p.add_argument("part", nargs="?", help="part name (see --list)")
    p.add_argument("answer", nargs=argparse.REMAINDER,
                   help="the answer, quoted, e.g. \"b - 1/2 c^T Q^{-1} c\"")
    p.set_defaults(func=_cmd_check)
