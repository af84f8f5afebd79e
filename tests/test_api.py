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
