"""Chapter section "An ill-conditioned problem": gradient descent on f = 0.1 x1^2 + 2 x2^2.

Twenty steps from (-5, -2) with eta = 0.4 and eta = 0.6. Each step multiplies
x1 by 1 - 0.2 eta and x2 by 1 - 4 eta: with eta = 0.6 the x2 factor is -1.4,
so |x2| grows at every step while x1 still creeps towards 0.

    python examples/ill_conditioned_2d.py OUTDIR [--force]
"""
import argparse
from pathlib import Path

import numpy as np

from momentum_theory import dynamics
from momentum_theory.figures import save_figure, traces_2d_figure


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder for the figure (created if missing)")
    parser.add_argument("--force", action="store_true", help="overwrite an existing figure")
    args = parser.parse_args(argv)

    runs = dynamics.chapter_2d_runs()[:2]
    for run in runs:
        x1, x2 = run.final
        growing = bool(np.all(np.diff(np.abs(run.path[:, 1])) > 0))
        print(f"GD eta = {run.eta}: x_20 = ({x1:.6g}, {x2:.6g}); "
              f"factors per step x1 {1 - 0.2 * run.eta:g}, x2 {1 - 4 * run.eta:g}; "
              f"|x2| grows at every step: {growing}")

    args.out.mkdir(parents=True, exist_ok=True)
    fig = traces_2d_figure(runs, title=r"Gradient descent on $f(x) = 0.1\,x_1^2 + 2\,x_2^2$")
    try:
        print("wrote", save_figure(fig, args.out / "ill_conditioned_2d.png", force=args.force))
    except FileExistsError as exc:
        parser.exit(1, f"{exc}\n")


if __name__ == "__main__":
    main()
