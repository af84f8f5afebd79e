"""Chapter section "The momentum method": momentum on f = 0.1 x1^2 + 2 x2^2.

Twenty steps from (-5, -2) with the step size eta = 0.6 that made gradient
descent diverge: with beta = 0.5 momentum converges, with beta = 0.25 it
converges more slowly.

    python examples/momentum_2d.py OUTDIR [--force]
"""
import argparse
from pathlib import Path

import numpy as np

from momentum_theory import dynamics, spectral
from momentum_theory.figures import save_figure, traces_2d_figure


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder for the figure (created if missing)")
    parser.add_argument("--force", action="store_true", help="overwrite an existing figure")
    args = parser.parse_args(argv)

    runs = dynamics.chapter_2d_runs()[2:]
    for run in runs:
        x1, x2 = run.final
        # The slower of the two coordinates (curvatures 0.2 and 4) sets the rate.
        rate = max(spectral.spectral_radius(run.eta * lam, run.beta) for lam in (0.2, 4.0))
        print(f"momentum eta = {run.eta}, beta = {run.beta}: x_20 = ({x1:.6g}, {x2:.6g}); "
              f"distance to the minimum {np.hypot(x1, x2):.6g}; "
              f"asymptotic rate rho = {rate:.4f} per step")

    args.out.mkdir(parents=True, exist_ok=True)
    fig = traces_2d_figure(runs, title=r"Momentum on $f(x) = 0.1\,x_1^2 + 2\,x_2^2$, $\eta$ = 0.6")
    try:
        print("wrote", save_figure(fig, args.out / "momentum_2d.png", force=args.force))
    except FileExistsError as exc:
        parser.exit(1, f"{exc}\n")


if __name__ == "__main__":
    main()
