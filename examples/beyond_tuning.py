"""Beyond the chapter: optimal step size and momentum for curvatures in [mu, L].

Derives Polyak's heavy-ball tuning and gradient descent's optimal step in
SymPy, finds both (and Nesterov's) again by minimising the worst spectral
radius numerically with SciPy, and prints the steps each needs to shrink the
error by 1e-6. Draws the optimal rate against the condition number.

    python examples/beyond_tuning.py OUTDIR [--force]
"""
import argparse
from pathlib import Path

from matplotlib.figure import Figure

from momentum_theory import accelerated, plots, tuning
from momentum_theory.figures import save_figure

EPS = 1e-6
INTERVALS = [(1.0, 10.0), (1.0, 100.0), (0.01, 100.0)]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder for the figure (created if missing)")
    parser.add_argument("--force", action="store_true", help="overwrite an existing figure")
    args = parser.parse_args(argv)
    target = args.out / "theory_rate_vs_condition.png"
    if target.exists() and not args.force:  # refuse before the work, not after
        parser.exit(1, f"{target} exists; pass --force to overwrite it\n")

    print(tuning.derive_heavy_ball_optimal().pretty(use_unicode=False))
    print(tuning.derive_gd_optimal().pretty(use_unicode=False))
    closed = {"gd": tuning.gd_optimal, "nesterov": accelerated.nesterov_optimal,
              "heavy_ball": tuning.heavy_ball_optimal}
    for mu, L in INTERVALS:
        print(f"mu = {mu:g}, L = {L:g} (kappa = {L / mu:g}):")
        for method, optimal in closed.items():
            t, found = optimal(mu, L), tuning.minimize_worst_rate(mu, L, method=method)
            print(f"  {method:<10} derived eta = {t.eta:.10g} beta = {t.beta:.10g} rate = {t.rate:.10f}"
                  f" | numeric eta = {found.eta:.10g} beta = {found.beta:.10g} rate = {found.rate:.10f}"
                  f" | steps to {EPS:g}: {t.steps(EPS)}")

    args.out.mkdir(parents=True, exist_ok=True)
    fig = Figure(figsize=(11.5, 4.4), layout="constrained")
    left, right = fig.subplots(1, 2)
    plots.rate_vs_condition(ax=left)
    plots.rate_vs_condition(ax=right, quantity="steps", eps=EPS)
    try:
        print("wrote", save_figure(fig, target, force=args.force))
    except FileExistsError as exc:
        parser.exit(1, f"{exc}\n")


if __name__ == "__main__":
    main()
