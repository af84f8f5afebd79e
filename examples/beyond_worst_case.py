"""Beyond the chapter: the exact finite-horizon worst case over curvatures in [mu, L].

For a few tunings on [1, 100], the exact maximum over lambda of (x_n/x_0)^2
(ends and critical points of the residual polynomial, no grid), a fine grid
for comparison, the asymptotic rate rho_max and the constant C in the
guarantee (x_t/x_0)^2 <= C rho_max^(2t), t <= n.

    python examples/beyond_worst_case.py OUTDIR [--force]
"""
import argparse
from pathlib import Path

import numpy as np
from matplotlib.figure import Figure

from momentum_theory import accelerated, finite_horizon, plots, tuning
from momentum_theory.figures import save_figure

MU, L, N = 1.0, 100.0, 80


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder for the figure (created if missing)")
    parser.add_argument("--force", action="store_true", help="overwrite an existing figure")
    args = parser.parse_args(argv)
    target = args.out / "theory_worst_case.png"
    if target.exists() and not args.force:  # refuse before the work, not after
        parser.exit(1, f"{target} exists; pass --force to overwrite it\n")

    g, p = tuning.gd_optimal(MU, L), tuning.heavy_ball_optimal(MU, L)
    q = accelerated.nesterov_optimal(MU, L)
    cases = [("gd_optimal", g.eta, 0.0, "heavy_ball"), ("heavy_ball_polyak", p.eta, p.beta, "heavy_ball"),
             ("nesterov_optimal", q.eta, q.beta, "nesterov"), ("heavy_ball_beta_0.9", 1 / L, 0.9, "heavy_ball")]
    lam = np.linspace(MU, L, 200001)
    for name, eta, beta, method in cases:
        w = finite_horizon.worst_case(MU, L, eta, beta, N, method=method)
        grid = (finite_horizon.residual(lam, eta, beta, N, method=method)[-1] ** 2).max()
        print(f"{name}: n = {N}: exact max (x_n/x_0)^2 = {w.value:.6e} at lambda = {w.lam:.6f}; "
              f"fine grid = {grid:.6e}; rho_max = {w.rho_max:.6f}; C = {w.constant:.6g}")

    args.out.mkdir(parents=True, exist_ok=True)
    fig = Figure(figsize=(7.0, 4.6), layout="constrained")
    plots.worst_case_plot(ax=fig.add_subplot(), mu=MU, L=L, n=N)
    try:
        print("wrote", save_figure(fig, target, force=args.force))
    except FileExistsError as exc:
        parser.exit(1, f"{exc}\n")


if __name__ == "__main__":
    main()
