"""Beyond quadratics: heavy ball with Polyak's tuning cycles on a smooth strongly convex function.

The function of Lessard, Recht & Packard (2016, sec. 4.6), mu = 1, L = 25:
checks that it is in the class, runs the same (eta, beta) on every quadratic
with curvature in [mu, L] (they all converge) and on the function from
x_{-1} = x_0 = 3.3 (a period-3 cycle, confirmed in exact arithmetic), scans
which starts near 3.3 cycle, and draws the iterates and the cycle.

    python examples/polyak_counterexample.py OUTDIR [--force]
"""
import argparse
from pathlib import Path

import numpy as np
from matplotlib.figure import Figure

from momentum_theory import nonquadratic, plots
from momentum_theory.figures import save_figure


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder for the figure (created if missing)")
    parser.add_argument("--force", action="store_true", help="overwrite an existing figure")
    args = parser.parse_args(argv)
    target = args.out / "polyak_counterexample.png"
    if target.exists() and not args.force:  # refuse before the work, not after
        parser.exit(1, f"{target} exists; pass --force to overwrite it\n")

    ce = nonquadratic.polyak_counterexample()
    check, quad, cycle = ce.in_class(), ce.on_quadratics(), ce.cycle()
    lo, hi = check.quotient_range
    print(f"f in F(mu={ce.mu:g}, L={ce.L:g}): {check.holds}; slopes of f' per piece "
          f"{[float(s) for *_, s in check.pieces]}; difference quotients of f' in "
          f"[{lo:.12g}, {hi:.12g}]")
    print(f"Polyak's tuning: eta = {ce.eta:.12g}, beta = {ce.beta:.12g}")
    print(f"quadratics with curvature in [{ce.mu:g}, {ce.L:g}]: all converge: {quad.all_converge}; "
          f"largest spectral radius = {quad.max_radius:.12g}; sqrt(beta) = {quad.polyak_rate:.12g}")
    for lam, ratio in quad.simulated.items():
        print(f"quadratic lambda = {lam:g}: |x_{quad.steps}/x_0| = {ratio:.3e}")
    print(f"counterexample from x0 = {ce.x0:g}: cycle of period {cycle.period} from step "
          f"{cycle.onset}: {', '.join(f'{p:.15g}' for p in cycle.points)}; exactly "
          f"{', '.join(map(str, cycle.exact))}; multiplier {cycle.multiplier:.12g}")
    starts = np.round(np.arange(30000, 35001) * 1e-4, 4)
    cycling = starts[ce.cycling_starts(starts)]
    contiguous = bool(np.all(np.diff(cycling) < 1.5e-4))
    print(f"starts in [3, 3.5] (step 1e-4) that cycle: from {cycling.min():.4f} to "
          f"{cycling.max():.4f}, one interval: {contiguous}")

    args.out.mkdir(parents=True, exist_ok=True)
    fig = Figure(figsize=(11.0, 4.4), layout="constrained")
    plots.counterexample_plot(ce, steps=60, ax=fig.subplots(1, 2))
    try:
        print("wrote", save_figure(fig, target, force=args.force))
    except FileExistsError as exc:
        parser.exit(1, f"{exc}\n")


if __name__ == "__main__":
    main()
