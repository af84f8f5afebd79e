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
            if not inspect.isclass(obj) and callable(obj):
                # functools.lru_cache (and other wrappers) hide the function
                # from inspect.isfunction: test what they wrap.
                obj = inspect.unwrap(obj)
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
    "in_region": dict(eta_lambda=1.0, beta=0.5),
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


# --- every public numeric function of the numeric modules, every argument ----
# (issue 9: messages named an internal name -- "eta_lambda" for the user's
# eta, "coefficients" for grad_or_coefficients -- or let SciPy's own message
# through.) Names are matched as whole words: "eta" is not found in "eta_lambda".

import math  # noqa: E402
import re  # noqa: E402

import numpy as np  # noqa: E402

from momentum_theory import accelerated, dynamics, noise, ratemaps, regimes, spectral, tuning  # noqa: E402


def _region(h, b):
    return (0 < h) & (h < 2 + 2 * b)


NUMERIC_MODULES = (spectral, regimes, ratemaps, dynamics, tuning, accelerated, noise)
MODULE_CALLS = {
    spectral.transition_matrix: dict(eta=0.1, lam=2.0, beta=0.5),
    spectral.transition_eigenvalues: dict(eta_lambda=1.0, beta=0.5),
    spectral.spectral_radius: dict(eta_lambda=1.0, beta=0.5),
    spectral.stability_boundary: dict(beta=0.5),
    spectral.in_region: dict(eta_lambda=1.0, beta=0.5),
    spectral.rate_map: dict(eta_lambda=[1.0, 2.0], beta=[0.1, 0.5]),
    spectral.confirm_region: dict(n=20, eta_lambda_max=5.0, beta_range=(0.0, 1.0), band=1e-9,
                                  region=_region),
    spectral.map_on_grid: dict(radius=spectral.spectral_radius, eta_lambda=[1.0, 2.0], beta=[0.1, 0.5]),
    spectral.compare_with_region: dict(radius=spectral.spectral_radius, region=_region, n=20,
                                       eta_lambda_max=5.0, beta_range=(0.0, 1.0), band=1e-9),
    regimes.classify: dict(eta_lambda=1.0, beta=0.5),
    regimes.critical_damping: dict(beta=0.5),
    ratemaps.radius_map: dict(eta_lambda=[1.0, 2.0], beta=0.5, workers=1, chunk=64),
    ratemaps.radius_grid: dict(eta_lambda=[1.0, 2.0], beta=[0.1, 0.5], workers=1, chunk=64),
    ratemaps.radius_histogram: dict(eta_lambda=[1.0, 2.0], beta=0.5, bins=10, range=(0.0, 2.0),
                                    workers=1, chunk=64),
    dynamics.heavy_ball: dict(grad=_grad, x0=[1.0], eta=0.1, beta=0.5, steps=3),
    dynamics.nesterov: dict(grad=_grad, x0=[1.0], eta=0.1, beta=0.5, steps=3),
    dynamics.quadratic_gradient: dict(coefficients=(0.1, 2.0)),
    dynamics.chapter_objective: dict(x1=1.0, x2=2.0),
    dynamics.run_2d: dict(grad_or_coefficients=(0.1, 2.0), eta=0.1, beta=0.5, steps=3,
                          start=(-5.0, -2.0)),
    dynamics.chapter_2d_runs: dict(steps=3, start=(-5.0, -2.0)),
    dynamics.momentum_iterate: dict(lam=1.0, x0=1.0, eta=0.1, beta=0.5, t=3, v0=0.0),
    dynamics.momentum_state: dict(lam=1.0, x0=1.0, eta=0.1, beta=0.5, t=3, v0=0.0),
    tuning.heavy_ball_optimal: dict(mu=1.0, L=10.0),
    tuning.gd_optimal: dict(mu=1.0, L=10.0),
    tuning.worst_rate: dict(mu=1.0, L=10.0, eta=0.1, beta=0.5, grid=50),
    tuning.minimize_worst_rate: dict(mu=1.0, L=10.0, grid=20),
    tuning.steps_to_tolerance: dict(rate=0.5, eps=1e-3),
    accelerated.nesterov_transition_matrix: dict(eta=0.1, lam=2.0, beta=0.5),
    accelerated.nesterov_eigenvalues: dict(eta_lambda=1.0, beta=0.5),
    accelerated.nesterov_spectral_radius: dict(eta_lambda=1.0, beta=0.5),
    accelerated.nesterov_converges: dict(eta_lambda=1.0, beta=0.5),
    accelerated.nesterov_region_edge: dict(beta=0.5),
    accelerated.nesterov_stability_boundary: dict(beta=0.5),
    accelerated.nesterov_rate_map: dict(eta_lambda=[1.0, 2.0], beta=[0.1, 0.5]),
    accelerated.confirm_nesterov_region: dict(n=20, eta_lambda_max=2.5, beta_range=(0.0, 1.0),
                                              band=1e-9),
    accelerated.nesterov_optimal: dict(mu=1.0, L=10.0),
    noise.stationary_covariance: dict(eta=0.1, lam=2.0, beta=0.5, sigma=1.0, batch_size=1),
    noise.stationary_variance: dict(eta=0.1, lam=2.0, beta=0.5, sigma=1.0, batch_size=1),
    noise.noise_floor: dict(eta=0.1, beta=0.5, lams=[1.0, 2.0], sigma=1.0, batch_size=1),
    noise.simulate_stationary_covariance: dict(eta=0.1, lam=2.0, beta=0.5, sigma=1.0, batch_size=1,
                                               chains=20, burn_in=5, seed=0, confidence=0.99),
    noise.simulate_noise_floor: dict(eta=0.1, beta=0.5, lams=[1.0, 2.0], sigma=1.0, batch_size=1,
                                     chains=20, burn_in=5, seed=0),
}
# Public functions of those modules that take no numbers (derivations) or none at all.
NOT_NUMERIC = {"derive_critical_damping", "regime_label", "default_workers", "derive_gd_optimal",
               "derive_heavy_ball_optimal", "derive_nesterov_matrix", "derive_nesterov_region",
               "derive_nesterov_optimal", "derive_stationary_covariance"}


def _bad_variants(value):
    """(bad value, description) pairs: NaN and infinities in each number's place."""
    for bad in (math.nan, math.inf, -math.inf):
        if isinstance(value, (list, tuple)):
            for i in range(len(value)):
                seq = list(value)
                seq[i] = bad
                yield type(value)(seq), f"[{i}]={bad}"
        elif isinstance(value, float):
            yield bad, str(bad)


def _names(message, arg):
    return re.search(rf"(?<![A-Za-z0-9_]){re.escape(arg)}(?![A-Za-z0-9_])", message) is not None


NONFINITE_CASES = [(fn, arg, bad) for fn, call in MODULE_CALLS.items() for arg, value in call.items()
                   for bad, _ in _bad_variants(value)]
HUGE_CASES = [(fn, arg, big) for fn, call in MODULE_CALLS.items() for arg, value in call.items()
              if isinstance(value, float) for big in (1e308, -1e308, 1e200)]


def _case_id(case):
    fn, arg, bad = case
    return f"{fn.__module__.rsplit('.', 1)[1]}.{fn.__name__}-{arg}-{bad!r}"


def test_every_public_numeric_function_of_the_numeric_modules_is_in_the_table():
    listed = {fn.__name__ for fn in MODULE_CALLS}
    public = {name for module in NUMERIC_MODULES for name in module.__all__
              if inspect.isfunction(getattr(module, name))}
    assert public - NOT_NUMERIC == listed


@pytest.mark.parametrize("fn", list(MODULE_CALLS), ids=lambda fn: fn.__name__)
def test_module_table_calls_are_valid(fn):
    fn(**MODULE_CALLS[fn])


@pytest.mark.parametrize("fn, arg, bad", NONFINITE_CASES, ids=[_case_id(c) for c in NONFINITE_CASES])
def test_nan_and_inf_are_refused_naming_the_argument(fn, arg, bad):
    kwargs = dict(MODULE_CALLS[fn], **{arg: bad})
    with pytest.raises(ValueError) as info:
        fn(**kwargs)
    assert _names(str(info.value), arg), f"{fn.__name__}({arg}={bad!r}) said: {info.value}"


@pytest.mark.parametrize("fn, arg, big", HUGE_CASES, ids=[_case_id(c) for c in HUGE_CASES])
def test_huge_finite_values_work_or_are_refused_naming_the_argument(fn, arg, big):
    # Finite but extreme: either a result, or our own ValueError naming the
    # argument (never SciPy's or NumPy's message, an OverflowError, or a
    # message about an internal quantity such as eta_lambda).
    kwargs = dict(MODULE_CALLS[fn], **{arg: big})
    try:
        with np.errstate(all="ignore"):
            fn(**kwargs)
    except (ValueError, TypeError) as exc:
        assert _names(str(exc), arg), f"{fn.__name__}({arg}={big!r}) said: {exc}"


# --- the shape of the package: documented parameters, clean sources, no import
# cycles, no private names across packages, no module over 600 lines (issue 10) ---

import ast  # noqa: E402
import warnings  # noqa: E402
from pathlib import Path  # noqa: E402

PACKAGE = Path(momentum_theory.__file__).resolve().parent
SOURCES = sorted(PACKAGE.rglob("*.py"))
MAX_LINES = 600


def _module_name(path):
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULE_FILES = {_module_name(p): p for p in SOURCES}


def _sections(doc):
    """numpydoc sections of a docstring: ``{header: [lines]}`` (a header is a line underlined by dashes)."""
    lines = inspect.cleandoc(doc or "").splitlines()
    found, current = {}, None
    for i, line in enumerate(lines):
        underline = i + 1 < len(lines) and re.fullmatch(r"\s*-{3,}\s*", lines[i + 1])
        if underline and re.fullmatch(r"[A-Z][A-Za-z ]*", line.strip()):
            current = found[line.strip()] = []
        elif current is not None and not re.fullmatch(r"\s*-{3,}\s*", line):
            current.append(line)
    return found


def _documented_parameters(doc):
    """Names in the Parameters section: unindented ``name : type`` (or ``a, b : type``, ``*args``) lines."""
    names = set()
    for line in _sections(doc).get("Parameters", []):
        if line and not line[0].isspace():
            for name in line.split(" : ")[0].split(","):
                names.add(name.strip().lstrip("*"))
    return names - {""}


def test_the_docstring_parser_reads_numpydoc_parameters():
    def f(a, b, *rest, key=None, **options):
        """Summary.

        Parameters
        ----------
        a, b : float
            Two numbers.
        *rest
            More.
        key : str, optional
        **options : dict

        Returns
        -------
        out : float
            Not a parameter.
        """
    assert _documented_parameters(f.__doc__) == {"a", "b", "rest", "key", "options"}
    assert _documented_parameters("No sections at all.") == set()


PARAMETER_DOC_MODULES = tuple(MODULES)


def test_every_public_function_documents_each_parameter_and_no_other():
    # Every parameter in the signature appears in the numpydoc Parameters
    # section, and the section names nothing the signature lacks.
    # lru_cache-wrapped functions are unwrapped by _public_objects.
    problems = []
    for name, obj in _public_objects():
        if not inspect.isfunction(obj) or not name.startswith(PARAMETER_DOC_MODULES):
            continue
        params = {p for p in inspect.signature(obj).parameters if p not in ("self", "cls")}
        documented = _documented_parameters(obj.__doc__)
        if params - documented:
            problems.append(f"{name}: undocumented {sorted(params - documented)}")
        if documented - params:
            problems.append(f"{name}: documents missing {sorted(documented - params)}")
    assert problems == [], "\n".join(problems)


def test_lru_cached_public_functions_are_checked_too():
    from momentum_theory.symbolic import momentum_region

    assert not inspect.isfunction(momentum_region)          # what the unwrapping is for
    checked = {obj for _, obj in _public_objects()}
    assert inspect.unwrap(momentum_region) in checked


CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")       # every control character but newline
SOURCE_FILES = SOURCES + sorted((PACKAGE.parent / "tests").glob("*.py")) \
    + sorted((PACKAGE.parent / "benchmarks").glob("*.py"))


def _docstrings(tree):
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            doc = ast.get_docstring(node, clean=False)
            if doc is not None:
                yield getattr(node, "name", "<module>"), doc


def test_no_control_characters_in_sources_or_docstrings():
    # A literal control character in a file, or one made by an escape in a
    # non-raw docstring ("\text", "\beta" give TAB and BACKSPACE), renders as
    # garbage; docstrings with backslashes must be raw.
    problems = []
    for path in SOURCE_FILES:
        text = path.read_text(encoding="utf-8")
        for lineno, line in enumerate(text.splitlines(), 1):
            if CONTROL.search(line):
                problems.append(f"{path.name}:{lineno}: control character in the source")
        for owner, doc in _docstrings(ast.parse(text)):
            if CONTROL.search(doc):
                problems.append(f"{path.name}: docstring of {owner} holds a control character "
                                f"(an escape in a non-raw string?)")
    assert problems == [], "\n".join(problems)


def test_no_invalid_escape_sequences():
    # "\l" or "\m" in a non-raw string is a warning today and an error in a
    # future Python; in a docstring it means the r prefix is missing.
    problems = []
    for path in SOURCE_FILES:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            try:
                compile(path.read_text(encoding="utf-8"), str(path), "exec")
            except SyntaxError as exc:
                problems.append(f"{path.name}:{exc.lineno}: {exc.msg}")
    assert problems == [], "\n".join(problems)


def test_no_module_is_over_600_lines():
    # STYLE.md: a module past ~600 lines holds two concepts; split it.
    long = {_module_name(p): n for p in SOURCES
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}, f"modules over {MAX_LINES} lines: {long}"


def _imports(module, path):
    """``(target, name, lineno, top_level)`` for each ``momentum_theory`` import in the module.

    ``target`` is the module imported: for ``from P import x`` that is
    ``P.x`` when ``P.x`` is a module, else ``P`` (and ``name`` is ``x``).
    Relative imports are resolved. Function-level imports are included.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    top = {id(node) for node in tree.body}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "momentum_theory":
                    yield alias.name, None, node.lineno, id(node) in top
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            if source.split(".")[0] != "momentum_theory":
                continue
            for alias in node.names:
                if f"{source}.{alias.name}" in MODULE_FILES:
                    yield f"{source}.{alias.name}", None, node.lineno, id(node) in top
                else:
                    yield source, alias.name, node.lineno, id(node) in top


IMPORTS = {m: list(_imports(m, p)) for m, p in MODULE_FILES.items()}


def _cycles(graph):
    """The strongly connected components with more than one module (or a self-loop), Tarjan's way."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.add(w)
                if w == v:
                    break
            if len(component) > 1 or v in graph[v]:
                found.append(component)

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_the_cycle_finder_finds_cycles():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [{"a", "b", "c"}]
    assert _cycles({"a": {"a"}, "b": set()}) == [{"a"}]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycles_between_modules():
    # An edge A -> B for every `import` of B in A's source, at module level or
    # inside a function: a function-level import only postpones the cycle to
    # run time and still ties the two modules together, so both count. Edges
    # go to the module named, not to its parent packages (every module would
    # otherwise depend on the root __init__, which imports the public API).
    # The root's lazy __getattr__ (importlib) is not an import statement.
    graph = {m: {target for target, _, _, _ in IMPORTS[m] if target in MODULE_FILES}
             for m in MODULE_FILES}
    problems = []
    for component in _cycles(graph):
        edges = sorted({f"  {m} -> {target} (line {line}, {'module level' if top else 'in a function'})"
                        for m in component for target, _, line, top in IMPORTS[m]
                        if target in component})
        problems.append("cycle between " + ", ".join(sorted(component)) + ":\n" + "\n".join(edges))
    assert problems == [], "\n".join(problems)


def _private(part):
    return part.startswith("_") and not part.startswith("__")


def test_private_names_stay_in_their_package():
    # A private module (or package) is private to the package holding it:
    # anything inside that package may import it (momentum_theory._validation
    # from any module, claims._common from claims.*). A private name is
    # private to its module, unless that module is itself a private helper
    # module: then its package may import it. Private helpers of a public
    # module are never imported elsewhere; shared ones move to a private module.
    problems = []
    for module, imports in IMPORTS.items():
        for target, name, line, _ in imports:
            parts = target.split(".")
            for i, part in enumerate(parts):
                owner = ".".join(parts[:i])
                if _private(part) and not (module == owner or module.startswith(owner + ".")):
                    problems.append(f"{module}:{line} imports {target} (private to {owner})")
            if name and _private(name):
                helper = _private(parts[-1])
                owner = ".".join(parts[:-1]) if helper else target
                if not (module == owner or module.startswith(owner + ".")) or not helper:
                    problems.append(f"{module}:{line} imports {name} from {target}")
    assert problems == [], "\n".join(problems)
