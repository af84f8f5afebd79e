"""Chapter section "Effective sample weight": the weights beta^tau and their sum 1/(1-beta).

A step of momentum moves like a gradient step of size eta / (1 - beta) once the
leaky average has filled up.

    python examples/effective_weight.py OUTDIR [--force]
"""
import argparse
from pathlib import Path

import numpy as np
from matplotlib.figure import Figure

from momentum_theory import plots
from momentum_theory.figures import save_figure

BETAS = (0.95, 0.9, 0.6, 0.0)
HORIZON = 40


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder for the figure (created if missing)")
    parser.add_argument("--force", action="store_true", help="overwrite an existing figure")
    args = parser.parse_args(argv)

    for beta in BETAS:
        weights = beta ** np.arange(HORIZON)
        print(f"beta = {beta}: sum of the first {HORIZON} weights = {weights.sum():.6f}; "
              f"limit 1/(1-beta) = {1 / (1 - beta):.6f}")

    args.out.mkdir(parents=True, exist_ok=True)
    fig = Figure(figsize=(6.4, 4.0), layout="constrained")
    plots.leaky_weights(BETAS, horizon=HORIZON, ax=fig.add_subplot())
    try:
        print("wrote", save_figure(fig, args.out / "effective_weight.png", force=args.force))
    except FileExistsError as exc:
        parser.exit(1, f"{exc}\n")


if __name__ == "__main__":
    main()
