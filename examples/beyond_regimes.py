"""Beyond the chapter: the regimes of heavy-ball momentum (phase diagram).

Derives the critical-damping curves eta*lambda = (1 -+ sqrt(beta))^2 in SymPy,
checks them against the eigenvalues numpy computes, classifies a few points
and draws the phase diagram with rate contours.

    python examples/beyond_regimes.py OUTDIR [--force]
"""
import argparse
from pathlib import Path

import numpy as np
from matplotlib.figure import Figure

from momentum_theory import plots, regimes, spectral
from momentum_theory.figures import save_figure

POINTS = [(0.1, 0.25), (1.0, 0.25), (2.4, 0.25), (2.6, 0.25), (1.0, 0.9)]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder for the figure (created if missing)")
    parser.add_argument("--force", action="store_true", help="overwrite an existing figure")
    args = parser.parse_args(argv)
    target = args.out / "theory_phase_diagram.png"
    if target.exists() and not args.force:  # refuse before the work, not after
        parser.exit(1, f"{target} exists; pass --force to overwrite it\n")

    derivation = regimes.derive_critical_damping()
    print(derivation.pretty(use_unicode=False))
    for beta in (0.25, 0.5, 0.81):
        lower, upper = regimes.critical_damping(beta)
        gaps = [abs(np.diff(np.linalg.eigvals(spectral.transition_matrix(h, 1.0, beta)))[0])
                for h in (lower, upper)]
        print(f"beta = {beta}: critical damping at eta*lambda = {lower:.6f} and {upper:.6f}; "
              f"eigenvalue gap there = {max(gaps):.1e}")
    for h, beta in POINTS:
        code = regimes.classify(h, beta)
        print(f"eta*lambda = {h}, beta = {beta}: {code.name} (rho = {spectral.spectral_radius(h, beta):.6f})")

    args.out.mkdir(parents=True, exist_ok=True)
    fig = Figure(figsize=(7.4, 5.0), layout="constrained")
    plots.phase_diagram(ax=fig.add_subplot())
    try:
        print("wrote", save_figure(fig, target, force=args.force))
    except FileExistsError as exc:
        parser.exit(1, f"{exc}\n")


if __name__ == "__main__":
    main()
