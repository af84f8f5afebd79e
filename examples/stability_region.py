"""Chapter section "Scalar functions", momentum: where does rho(R) < 1?

The chapter states that momentum converges for 0 < eta lambda < 2 + 2 beta.
Here the upper edge is found by root finding on rho(R) = 1, with no knowledge
of that formula, and drawn over the map of the spectral radius.

    python examples/stability_region.py OUTDIR [--force]
"""
import argparse
from pathlib import Path

import numpy as np
from matplotlib.figure import Figure

from momentum_theory import comparisons, plots, spectral
from momentum_theory.figures import save_figure

BETAS = (0.0, 0.25, 0.5, 0.75, 0.9, 0.99)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder for the figure (created if missing)")
    parser.add_argument("--force", action="store_true", help="overwrite an existing figure")
    args = parser.parse_args(argv)

    for c in comparisons.edge_comparison(BETAS):
        print(f"beta = {c.beta}: largest stable eta*lambda by root finding = {c.found:.12f}; "
              f"derived 2 + 2*beta = {c.derived:.12f}")
    check = spectral.confirm_region(n=400)
    print("grid check:", check.summary())

    args.out.mkdir(parents=True, exist_ok=True)
    # Compute, then draw: the map is data; the plot takes it. The star is the
    # chapter's momentum run (eta = 0.6, beta = 0.25) on its steep coordinate (lambda = 4).
    rates = spectral.rate_map(np.linspace(0.0, 5.0, 400), np.linspace(0.0, 1.0, 400))
    fig = Figure(figsize=(7.2, 4.8), layout="constrained")
    plots.stability_region(ax=fig.add_subplot(), data=rates, mark=(0.6 * 4.0, 0.25))
    try:
        print("wrote", save_figure(fig, args.out / "stability_region.png", force=args.force))
    except FileExistsError as exc:
        parser.exit(1, f"{exc}\n")


if __name__ == "__main__":
    main()
