"""``momentum-theory verify-claims``: every claim of the chapter, decided by computation."""
from __future__ import annotations

import sys


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


def add_parser(sub) -> None:
    p = sub.add_parser("verify-claims", help="check every claim of the chapter by computation")
    p.add_argument("--json", action="store_true",
                   help="print a JSON list (id, section, statement, holds, evidence, correction)")
    p.set_defaults(func=_cmd_verify_claims)
