"""Chapter section "Practical experiments": minibatch SGD with momentum for linear regression.

The chapter's runs (lr, momentum) = (0.02, 0.5), (0.01, 0.9), (0.005, 0.9):
batch size 10, 2 epochs, loss recorded every 200 examples, on the airfoil
self-noise data (first 1500 rows, every column standardised). Without --data
the default data set is used (the airfoil file when one is found, otherwise a
synthetic set of the same shape); the output says which.

    python examples/training_experiment.py OUTDIR [--data PATH] [--force]
"""
import argparse
from pathlib import Path

from momentum_theory import data, training
from momentum_theory.figures import loss_curves_figure, save_figure


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder for the figure (created if missing)")
    parser.add_argument("--data", type=Path, metavar="PATH", help="airfoil_self_noise.dat")
    parser.add_argument("--force", action="store_true", help="overwrite an existing figure")
    args = parser.parse_args(argv)

    dataset = data.load_airfoil(args.data) if args.data else data.default_dataset()
    runs = training.chapter_runs(dataset=dataset, seed=0)
    floor = training.least_squares_loss(dataset)
    print(f"data: {dataset.source}")
    print(f"least-squares floor = {floor:.6f}")
    for run in runs:
        final = run.losses[-1]
        print(f"lr = {run.lr:g}, momentum = {run.momentum:g}: final loss {final:.6f} "
              f"({100 * (final / floor - 1):.2f} % above the floor)")

    args.out.mkdir(parents=True, exist_ok=True)
    fig = loss_curves_figure(dataset, runs=runs)
    try:
        print("wrote", save_figure(fig, args.out / "training_experiment.png", force=args.force))
    except FileExistsError as exc:
        parser.exit(1, f"{exc}\n")


if __name__ == "__main__":
    main()
