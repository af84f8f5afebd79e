"""Exercise 4: momentum with stochastic (minibatch) gradients: the noise floor.

On the chapter's quadratic 0.1 x1^2 + 2 x2^2 with gradient noise sigma/sqrt(B):
the expected loss the iterates settle at, against the step size, the momentum
and the batch size, exact (SymPy closed form and scipy's discrete Lyapunov
solver) and by Monte Carlo; the stationary covariance of (v, x) three ways.

    python examples/exercise_4.py OUTDIR [--chains N] [--force]
"""
import argparse
from pathlib import Path

from momentum_theory.exercises import exercise_4
from momentum_theory.figures import exercise_figures


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder for the figures (created if missing)")
    parser.add_argument("--chains", type=int, default=2000, help="Monte Carlo chains per point")
    parser.add_argument("--force", action="store_true", help="overwrite existing figures")
    args = parser.parse_args(argv)

    experiment = exercise_4(chains=args.chains)
    print(experiment.summary())
    args.out.mkdir(parents=True, exist_ok=True)
    # Figures made without pyplot: nothing to close; each is saved atomically.
    for drawn in exercise_figures(4, experiment):
        try:
            print("wrote", drawn.save(args.out / f"{drawn.name}.png", force=args.force))
        except FileExistsError as exc:
            parser.exit(1, f"{exc}\n")


if __name__ == "__main__":
    main()
