"""Tests for momentum_theory.training: the chapter's minibatch experiment.

The trainer is checked against PyTorch's SGD rule written out by hand (torch
itself is not a dependency), against the heavy-ball loop of
:mod:`momentum_theory.dynamics` on the full-batch objective, and its floor
against the normal equations.
"""
import numpy as np
import pytest
from hypothesis import given, strategies as st

from momentum_theory import data as D
from momentum_theory import dynamics, training as T


@pytest.fixture(scope="module")
def synthetic():
    return D.make_regression_data()


def _torch_sgd_by_hand(dataset, lr, momentum, epochs, batch_size, seed, record_every):
    """torch.optim.SGD(lr, momentum, dampening=0, nesterov=False, weight_decay=0), by hand.

    PyTorch's step for each parameter p with gradient g: on the first step the
    buffer is a copy of g, afterwards buf = momentum * buf + (1 - dampening) * g;
    then p = p - lr * buf. Random draws in the trainer's documented order:
    initial weights, then one permutation per epoch.
    """
    X, y = dataset.features, dataset.targets
    n, d = X.shape
    rng = np.random.default_rng(seed)
    params = {"w": rng.normal(0.0, 0.01, size=d), "b": np.zeros(1)}
    buffers = {"w": None, "b": None}
    dampening = 0.0

    def full_loss():
        return float(np.mean((X @ params["w"] + params["b"][0] - y) ** 2) / 2)

    losses, seen = [full_loss()], 0
    for _ in range(epochs):
        order = rng.permutation(n)
        for i in range(0, n, batch_size):
            idx = order[i:i + batch_size]
            err = X[idx] @ params["w"] + params["b"][0] - y[idx]
            grads = {"w": X[idx].T @ err / len(idx), "b": np.array([err.mean()])}
            for name, g in grads.items():
                if buffers[name] is None:
                    buffers[name] = g.copy()
                else:
                    buffers[name] = momentum * buffers[name] + (1 - dampening) * g
                params[name] = params[name] - lr * buffers[name]
            if (seen + len(idx)) // record_every > seen // record_every:
                losses.append(full_loss())
            seen += len(idx)
    return params["w"], params["b"][0], np.array(losses)


@given(lr=st.floats(0.001, 0.05), momentum=st.floats(0.0, 0.95), batch_size=st.integers(1, 40),
       seed=st.integers(0, 2 ** 32), record_every=st.integers(1, 300))
def test_update_is_pytorch_sgd_with_momentum(lr, momentum, batch_size, seed, record_every):
    data = D.make_regression_data(n=120, d=3, seed=5)
    run = T.train_momentum(data, lr, momentum, epochs=2, batch_size=batch_size, seed=seed,
                           record_every=record_every)
    w, b, losses = _torch_sgd_by_hand(data, lr, momentum, 2, batch_size, seed, record_every)
    np.testing.assert_allclose(run.weights, w, rtol=1e-12, atol=1e-14)
    assert run.bias == pytest.approx(b, rel=1e-12, abs=1e-14)
    np.testing.assert_allclose(run.losses, losses, rtol=1e-12)
    # A record at the start, then at the end of each batch that passes a multiple of record_every.
    ends = np.minimum(np.arange(batch_size, 120 + batch_size, batch_size), 120)
    ends = np.concatenate([ends, 120 + ends])
    passed = ends[ends // record_every > np.concatenate([[0], ends[:-1]]) // record_every]
    np.testing.assert_array_equal(run.examples, np.concatenate([[0], passed]))


def test_full_batch_training_is_the_heavy_ball_loop(synthetic):
    # With one batch of all examples, each step is heavy ball on the mean loss
    # f(theta) = |A theta - y|^2 / (2n), theta = (w, b): dynamics.heavy_ball's job.
    X, y = synthetic.features, synthetic.targets
    n = len(y)
    A = np.column_stack([X, np.ones(n)])
    w0 = np.random.default_rng(7).normal(0.0, 0.01, size=X.shape[1])
    path = dynamics.heavy_ball(lambda th: A.T @ (A @ th - y) / n, np.append(w0, 0.0), 0.3, 0.8, 25)
    run = T.train_momentum(synthetic, 0.3, 0.8, epochs=25, batch_size=n, seed=7, record_every=n)
    np.testing.assert_allclose(run.weights, path[-1, :-1], rtol=1e-10, atol=1e-13)
    assert run.bias == pytest.approx(path[-1, -1], abs=1e-13)
    full = [np.mean((A @ th - y) ** 2) / 2 for th in path]
    np.testing.assert_allclose(run.losses, full, rtol=1e-10)


def test_recording_points(synthetic):
    run = T.train_momentum(synthetic, 0.005, 0.9)
    np.testing.assert_array_equal(run.examples, np.arange(0, 3001, 200))
    np.testing.assert_allclose(run.epochs, run.examples / 1500)
    assert run.epochs[-1] == 2.0 and run.data_source == synthetic.source
    # 7 does not divide 200: record when a multiple of 200 is passed.
    odd = T.train_momentum(synthetic, 0.005, 0.9, batch_size=7)
    assert len(odd.examples) == 16 and odd.examples[-1] == 3000
    assert np.all(np.diff(odd.examples // 200) == 1)


def test_deterministic_given_the_seed(synthetic):
    a = T.train_momentum(synthetic, 0.01, 0.9, seed=3)
    b = T.train_momentum(synthetic, 0.01, 0.9, seed=3)
    c = T.train_momentum(synthetic, 0.01, 0.9, seed=4)
    np.testing.assert_array_equal(a.losses, b.losses)
    np.testing.assert_array_equal(a.weights, b.weights)
    assert not np.array_equal(a.losses, c.losses)


def test_least_squares_loss_is_the_normal_equations_optimum(synthetic):
    X, y = synthetic.features, synthetic.targets
    A = np.column_stack([X, np.ones(len(y))])
    theta = np.linalg.solve(A.T @ A, A.T @ y)
    direct = np.mean((A @ theta - y) ** 2) / 2
    floor = T.least_squares_loss(synthetic)
    assert floor == pytest.approx(direct, rel=1e-12)
    # It is a minimum: any perturbation of the optimum costs more.
    rng = np.random.default_rng(0)
    for _ in range(5):
        moved = theta + 1e-3 * rng.standard_normal(theta.size)
        assert np.mean((A @ moved - y) ** 2) / 2 > floor
    # Standardised data: the bias of the optimum is 0, and R^2 = 1 - 2 * floor.
    assert abs(theta[-1]) < 1e-12


def test_chapter_runs_on_synthetic_data(synthetic):
    runs = T.chapter_runs(synthetic)
    assert [(r.lr, r.momentum) for r in runs] == list(T.CHAPTER_SETTINGS)
    assert runs[3].lr == pytest.approx(runs[2].lr / (1 - runs[2].momentum))
    floor = T.least_squares_loss(synthetic)
    starts = {r.losses[0] for r in runs}
    assert len(starts) == 1  # same seed, same initial weights
    for run in runs:
        assert run.final_loss < 0.6 * run.losses[0]  # loss decreases
        assert floor <= run.final_loss < 1.1 * floor
        assert run.label == f"lr = {run.lr:g}, momentum = {run.momentum:g}"


def test_chapter_runs_on_airfoil_reach_the_floor(airfoil_path):
    data = D.load_airfoil(airfoil_path)
    floor = T.least_squares_loss(data)
    assert floor == pytest.approx(0.2417, abs=5e-5)  # the data README's number
    runs = T.chapter_runs(data)
    assert all(r.data_source == data.source and "verified" in r.data_source for r in runs)
    slow = runs[2]
    assert (slow.lr, slow.momentum) == (0.005, 0.9)
    assert floor < slow.final_loss < 1.03 * floor
    for run in runs:
        assert run.losses[0] > 0.45 and run.final_loss < 0.26
        # Past the first half-epoch the curve stays well below its start.
        assert run.losses[4:].max() < 0.65 * run.losses[0]


def test_chapter_runs_default_data_says_which():
    runs = T.chapter_runs(seed=1)
    assert all(r.data_source == runs[0].data_source for r in runs)
    assert runs[0].data_source.startswith(("airfoil", "synthetic"))


def test_divergent_run_reports_inf_or_nan_quietly(synthetic):
    with np.errstate(all="raise"):
        run = T.train_momentum(synthetic, 5.0, 0.9, epochs=3)
    assert not np.all(np.isfinite(run.losses))


@pytest.mark.parametrize("kwargs, error, name", [
    (dict(lr=0.0), ValueError, "lr"),
    (dict(lr=float("nan")), ValueError, "lr"),
    (dict(momentum=1.0), ValueError, "momentum"),
    (dict(momentum=-0.1), ValueError, "momentum"),
    (dict(epochs=0), ValueError, "epochs"),
    (dict(batch_size=0), ValueError, "batch_size"),
    (dict(batch_size=2.5), TypeError, "batch_size"),
    (dict(record_every=0), ValueError, "record_every"),
    (dict(seed=True), TypeError, "seed"),
])
def test_train_momentum_validation(synthetic, kwargs, error, name):
    args = dict(dataset=synthetic, lr=0.01, momentum=0.9) | kwargs
    with pytest.raises(error, match=name):
        T.train_momentum(**args)


def test_dataset_type_is_checked(synthetic):
    with pytest.raises(TypeError, match="dataset"):
        T.train_momentum((synthetic.features, synthetic.targets), 0.01, 0.9)
    with pytest.raises(TypeError, match="dataset"):
        T.least_squares_loss("airfoil")
    with pytest.raises(TypeError, match="dataset"):
        T.chapter_runs([1, 2])
    with pytest.raises(TypeError, match="seed"):
        T.chapter_runs(synthetic, seed=0.5)
