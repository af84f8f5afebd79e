"""Beyond the chapter: Nesterov's accelerated gradient in the chapter's framework.

Derives Nesterov's transition matrix from its update and its convergence
region from the Jury conditions (SymPy), finds the region's edge again by
root finding on the spectral radius, confirms the whole region on a grid, and
draws it next to heavy ball's.

    python examples/beyond_nesterov.py OUTDIR [--force]
"""
import argparse
from pathlib import Path

from matplotlib.figure import Figure

from momentum_theory import accelerated, plots
from momentum_theory.figures import save_figure

BETAS = (0.0, 0.25, 0.5, 0.9, 0.99)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder for the figure (created if missing)")
    parser.add_argument("--force", action="store_true", help="overwrite an existing figure")
    args = parser.parse_args(argv)
    target = args.out / "theory_region_comparison.png"
    if target.exists() and not args.force:  # refuse before the work, not after
        parser.exit(1, f"{target} exists; pass --force to overwrite it\n")

    print(accelerated.derive_nesterov_matrix().pretty(use_unicode=False))
    print(accelerated.derive_nesterov_region().pretty(use_unicode=False))
    found = accelerated.nesterov_stability_boundary(list(BETAS))
    derived = accelerated.nesterov_region_edge(list(BETAS))
    for beta, f, d in zip(BETAS, found, derived):
        print(f"beta = {beta}: edge by root finding = {f:.12f}; derived (2 + 2 beta)/(1 + 2 beta) = {d:.12f}; "
              f"heavy ball 2 + 2 beta = {2 + 2 * beta:.12f}")
    print("grid check:", accelerated.confirm_nesterov_region(n=600).summary())

    args.out.mkdir(parents=True, exist_ok=True)
    fig = Figure(figsize=(11.0, 4.4), layout="constrained")
    plots.region_comparison(ax=fig.subplots(1, 2, sharey=True))
    try:
        print("wrote", save_figure(fig, target, force=args.force))
    except FileExistsError as exc:
        parser.exit(1, f"{exc}\n")


if __name__ == "__main__":
    main()
