"""Chapter section "Leaky averages": v_t = beta v_{t-1} + g_t averages past gradients.

Checks that the recursion equals the unrolled sum v_t = sum_tau beta^tau g_{t-tau},
and that on independent noisy gradients (1 - beta) v_t has the smaller standard
deviation sqrt((1 - beta) / (1 + beta)) * std(g) once the start-up has faded.

    python examples/leaky_average.py OUTDIR [--force]
"""
import argparse
from pathlib import Path

import numpy as np
from matplotlib.figure import Figure

from momentum_theory import plots
from momentum_theory.figures import save_figure

BETAS = (0.5, 0.9)


def leaky(g, beta):
    v, out = 0.0, np.empty_like(g)
    for t, gt in enumerate(g):
        v = beta * v + gt
        out[t] = v
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder for the figure (created if missing)")
    parser.add_argument("--force", action="store_true", help="overwrite an existing figure")
    args = parser.parse_args(argv)

    rng = np.random.default_rng(0)
    g = 1.0 + rng.standard_normal(20_000)  # true gradient 1, unit noise

    short = g[:60]
    unrolled = np.array([sum(0.9 ** tau * short[t - tau] for tau in range(t + 1))
                         for t in range(short.size)])
    print(f"max |recursion - unrolled sum| (beta = 0.9, 60 steps) = "
          f"{np.max(np.abs(leaky(short, 0.9) - unrolled)):.3e}")
    for beta in BETAS:
        avg = (1 - beta) * leaky(g, beta)[200:]  # beta^200 is negligible: start-up gone
        theory = np.sqrt((1 - beta) / (1 + beta)) * 1.0
        print(f"beta = {beta}: mean of (1-beta) v_t = {avg.mean():.4f} (gradient mean 1), "
              f"std = {avg.std():.4f}, theory sqrt((1-beta)/(1+beta)) = {theory:.4f}")

    args.out.mkdir(parents=True, exist_ok=True)
    fig = Figure(figsize=(6.4, 4.0), layout="constrained")
    plots.leaky_average(g[:80], betas=BETAS, ax=fig.add_subplot())
    try:
        print("wrote", save_figure(fig, args.out / "leaky_average.png", force=args.force))
    except FileExistsError as exc:
        parser.exit(1, f"{exc}\n")


if __name__ == "__main__":
    main()
