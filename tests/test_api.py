"""Tests about the API itself: documentation, import weight, argument hygiene."""
import importlib
import inspect
import pkgutil
import subprocess
import sys

import pytest

import momentum_theory

MODULES = sorted(
    name for _, name, _ in pkgutil.walk_packages(momentum_theory.__path__, "momentum_theory.")
    if not name.endswith("__main__")
)


def _public_objects():
    for modname in MODULES:
        module = importlib.import_module(modname)
        for name in getattr(module, "__all__", []):
            obj = getattr(module, name)
            if inspect.isfunction(obj) or inspect.isclass(obj):
                yield f"{modname}.{name}", obj


def test_every_module_has_a_docstring():
    missing = [m for m in MODULES if not (importlib.import_module(m).__doc__ or "").strip()]
    assert missing == []


def test_every_public_function_has_a_docstring_with_an_example():
    missing = [name for name, obj in _public_objects()
               if inspect.isfunction(obj) and ">>>" not in (obj.__doc__ or "")]
    assert missing == [], f"public functions without a runnable example: {missing}"


def test_every_public_class_is_documented():
    missing = [name for name, obj in _public_objects()
               if inspect.isclass(obj) and not (obj.__doc__ or "").strip()]
    assert missing == []


def test_top_level_names_resolve():
    for name in momentum_theory.__all__:
        assert getattr(momentum_theory, name) is not None


def test_import_stays_light():
    code = ("import sys, momentum_theory; "
            "heavy = [m for m in ('sympy', 'matplotlib') if m in sys.modules]; "
            "print(','.join(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"import momentum_theory pulled in: {out.stdout.strip()}"


def test_lazy_submodules_load_on_access():
    assert momentum_theory.symbolic.__name__ == "momentum_theory.symbolic"
    with pytest.raises(AttributeError, match="no attribute"):
        momentum_theory.not_a_thing  # noqa: B018


# A valid call of every public numeric function; each numeric argument is then
# replaced by a bad value, which must be refused with a message naming it.
def _grad(x):
    return 2.0 * x


VALID_CALLS = {
    "transition_matrix": dict(eta=0.1, lam=2.0, beta=0.5),
    "transition_eigenvalues": dict(eta_lambda=1.0, beta=0.5),
    "spectral_radius": dict(eta_lambda=1.0, beta=0.5),
    "stability_boundary": dict(beta=0.5),
    "rate_map": dict(eta_lambda=[1.0, 2.0], beta=[0.1, 0.5]),
    "classify": dict(eta_lambda=1.0, beta=0.5),
    "critical_damping": dict(beta=0.5),
    "heavy_ball_optimal": dict(mu=1.0, L=10.0),
    "gd_optimal": dict(mu=1.0, L=10.0),
    "worst_rate": dict(mu=1.0, L=10.0, eta=0.1, beta=0.5),
    "steps_to_tolerance": dict(rate=0.5, eps=1e-3),
    "worst_case": dict(mu=1.0, L=10.0, eta=0.1, beta=0.5, n=5),
    "nesterov_transition_matrix": dict(eta=0.1, lam=2.0, beta=0.5),
    "nesterov_eigenvalues": dict(eta_lambda=1.0, beta=0.5),
    "nesterov_spectral_radius": dict(eta_lambda=1.0, beta=0.5),
    "nesterov_converges": dict(eta_lambda=1.0, beta=0.5),
    "nesterov_optimal": dict(mu=1.0, L=10.0),
    "heavy_ball": dict(grad=_grad, x0=[1.0], eta=0.1, beta=0.5, steps=3),
    "nesterov": dict(grad=_grad, x0=[1.0], eta=0.1, beta=0.5, steps=3),
    "momentum_iterate": dict(lam=1.0, x0=1.0, eta=0.1, beta=0.5, t=3),
    "momentum_state": dict(lam=1.0, x0=1.0, eta=0.1, beta=0.5, t=3),
    "run_2d": dict(grad_or_coefficients=(0.1, 2.0), eta=0.1, beta=0.5, steps=3),
    "make_regression_data": dict(n=50, d=2, noise=1.0, seed=0),
}
BAD_VALUES = [(float("nan"), ValueError), (float("inf"), ValueError), ("0.5", TypeError),
              (None, TypeError)]
CASES = [(fn, arg, bad, exc) for fn, call in VALID_CALLS.items() for arg, value in call.items()
         if not callable(value) and not isinstance(value, (list, tuple)) or arg in ("x0",)
         for bad, exc in BAD_VALUES]


@pytest.mark.parametrize("fn", sorted(VALID_CALLS))
def test_valid_calls_work(fn):
    getattr(momentum_theory, fn)(**VALID_CALLS[fn])


@pytest.mark.parametrize("fn, arg, bad, exc", CASES, ids=[f"{c[0]}-{c[1]}-{c[2]!r}" for c in CASES])
def test_bad_numeric_argument_is_refused_by_name(fn, arg, bad, exc):
    kwargs = dict(VALID_CALLS[fn], **{arg: bad})
    with pytest.raises((ValueError, TypeError)) as info:
        getattr(momentum_theory, fn)(**kwargs)
    assert arg in str(info.value), f"{fn}({arg}={bad!r}) said: {info.value}"
    if bad is None or isinstance(bad, str):
        assert issubclass(info.type, TypeError), str(info.value)


def test_every_numeric_top_level_function_is_in_the_bad_input_table():
    skip = {"confirm_region", "confirm_nesterov_region", "minimize_worst_rate",
            "chapter_2d_runs", "load_airfoil", "default_dataset", "train_momentum",
            "chapter_runs", "least_squares_loss", "check_answer", "verify_all"}
    functions = {n for n in momentum_theory.__all__
                 if inspect.isfunction(getattr(momentum_theory, n))}
    assert functions - skip == set(VALID_CALLS)
