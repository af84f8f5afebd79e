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

    # further subcommands are registered below

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
