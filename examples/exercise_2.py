"""Exercise 2: gradient descent vs momentum on f(x) = 1/2 sum_i 2^-i x_i^2, from x_i = 1.

For each component, the steps until |x_i| stays below 1e-3, simulated and
predicted from the closed-form rate, under four stated step sizes: GD with
1/L and 2/(mu + L), momentum with eta = 1/L and beta = 0.9, and the
Polyak-optimal momentum tuning for the spectrum [mu, L] = [2^-d, 1/2].

    python examples/exercise_2.py OUTDIR [--d D] [--force]
"""
import argparse
from pathlib import Path

from momentum_theory.exercises import exercise_2
from momentum_theory.figures import exercise_figures


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder for the figures (created if missing)")
    parser.add_argument("--d", type=int, default=10, help="number of components (default 10)")
    parser.add_argument("--force", action="store_true", help="overwrite existing figures")
    args = parser.parse_args(argv)

    decay = exercise_2(d=args.d)
    for method in decay.methods:
        eta, beta = decay.settings[method]
        print(f"{method}: eta = {eta:.6g}, beta = {beta:.6g}, "
              f"slowest component needs {decay.steps[method].max()} steps")
    print(decay.summary())
    args.out.mkdir(parents=True, exist_ok=True)
    # Figures made without pyplot: nothing to close; each is saved atomically.
    for drawn in exercise_figures(2, decay):
        try:
            print("wrote", drawn.save(args.out / f"{drawn.name}.png", force=args.force))
        except FileExistsError as exc:
            parser.exit(1, f"{exc}\n")


if __name__ == "__main__":
    main()
