"""Chapter section "Scalar functions": gradient descent on f(x) = lambda x^2 / 2.

x_t = (1 - eta lambda)^t x_0: it shrinks iff 0 < eta lambda < 2, fastest at
eta lambda = 1, with alternating sign for 1 < eta lambda < 2. Drawn for the
chapter's lambda = 0.1, 1, 10, 19 and eta = 0.1.

    python examples/scalar_quadratic.py OUTDIR [--force]
"""
import argparse
from pathlib import Path

from matplotlib.figure import Figure

from momentum_theory import plots
from momentum_theory.figures import save_figure

LAMBDAS = (0.1, 1.0, 10.0, 19.0)
ETA = 0.1
HORIZON = 20


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder for the figure (created if missing)")
    parser.add_argument("--force", action="store_true", help="overwrite an existing figure")
    args = parser.parse_args(argv)

    for lam in LAMBDAS:
        factor = 1 - ETA * lam
        print(f"lambda = {lam:g}: eta*lambda = {ETA * lam:g}, "
              f"factor 1 - eta*lambda = {factor:.6g}, "
              f"x_{HORIZON - 1}/x_0 = {factor ** (HORIZON - 1):.6e}, converges: {abs(factor) < 1}")

    args.out.mkdir(parents=True, exist_ok=True)
    fig = Figure(figsize=(6.4, 4.2), layout="constrained")
    plots.scalar_gd(LAMBDAS, eta=ETA, horizon=HORIZON, ax=fig.add_subplot())
    try:
        print("wrote", save_figure(fig, args.out / "scalar_quadratic.png", force=args.force))
    except FileExistsError as exc:
        parser.exit(1, f"{exc}\n")


if __name__ == "__main__":
    main()
