"""Exercise 1: other (lr, momentum) combinations, and what the effective step explains.

Sweeps lr over 12 log-spaced values in [0.001, 0.05] and momentum over
{0, 0.5, 0.9, 0.99} (batch size 10, 2 epochs), compares every run with plain
SGD at the effective step lr/(1 - momentum), and draws a heat map and the
final loss against the effective step. Without --data the default data set
is used (the airfoil file when one is found, otherwise a synthetic set).

    python examples/exercise_1.py OUTDIR [--data PATH] [--force]
"""
import argparse
from pathlib import Path

from momentum_theory import data
from momentum_theory.exercises import exercise_1
from momentum_theory.figures import exercise_figures


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder for the figures (created if missing)")
    parser.add_argument("--data", type=Path, metavar="PATH", help="airfoil_self_noise.dat")
    parser.add_argument("--force", action="store_true", help="overwrite existing figures")
    args = parser.parse_args(argv)

    dataset = data.load_airfoil(args.data) if args.data else data.default_dataset()
    sweep = exercise_1(dataset)
    print(sweep.summary())
    args.out.mkdir(parents=True, exist_ok=True)
    # Figures made without pyplot: nothing to close; each is saved atomically.
    for drawn in exercise_figures(1, sweep):
        try:
            print("wrote", drawn.save(args.out / f"{drawn.name}.png", force=args.force))
        except FileExistsError as exc:
            parser.exit(1, f"{exc}\n")


if __name__ == "__main__":
    main()
