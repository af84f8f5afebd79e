"""Tests for momentum_theory.symbolic: every derived formula against an independent route.

The derivations are compared with exact rational simulation (fractions.Fraction),
NumPy linear algebra, the closed forms of momentum_theory.spectral and
recomputation of their own steps, so that a result typed in as a constant (or
a step that does not lead to the result) fails here.
"""
import doctest
import functools
import math
from fractions import Fraction

import numpy as np
import pytest
import sympy as sp
from hypothesis import assume, given, strategies as st

from momentum_theory import spectral
from momentum_theory import symbolic as sym
from momentum_theory.symbolic import averaging, convergence, derivation, quadratic_form

g = sp.IndexedBase("g")
# The names of sym.all_derivations() in the chapter's order (checked by
# test_all_derivations_in_chapter_order). Tests are parametrized by name so that
# collecting this file derives nothing; each derivation is built when a test runs.
DERIVATIONS = ["leaky_average", "effective_weight", "quadratic", "eigen_decoupling",
               "gd_scalar", "momentum_transition", "momentum_region"]
fractions = st.fractions(min_value=-3, max_value=3, max_denominator=20)


# ------------------------------------------------------------ symbols, object

def test_symbols_print_as_the_chapter_writes_them():
    assert sp.pretty(sym.eta * sym.beta * sym.lambda_) == "β⋅η⋅λ"
    assert sp.latex(sym.lambda_) == r"\lambda"
    assert sym.eta.is_positive and sym.lambda_.is_positive
    assert sym.beta.is_real and sym.beta.is_positive is None
    assert sym.t.is_integer and sym.tau.is_integer


def test_matrix_helpers():
    Q = sym.symmetric_matrix(3)
    assert Q == Q.T and Q[0, 2] == sp.Symbol("q_13", real=True)
    assert sym.vector(2, "z").shape == (2, 1)
    big = sym.symmetric_matrix(10)
    assert str(big[0, 9]) == "q_1,10"
    with pytest.raises(ValueError, match="name"):
        sym.vector(2, "1x")
    with pytest.raises(TypeError, match="name"):
        sym.vector(2, 3)
    with pytest.raises(ValueError, match="n"):
        sym.symmetric_matrix(0)


def test_derivations_are_cached_and_read_only():
    d = sym.quadratic(2)
    assert sym.quadratic(2) is d
    with pytest.raises(TypeError):
        d.steps["gradient"] = 0
    with pytest.raises(TypeError):
        d.result["minimizer"][0] = 0
    with pytest.raises(AttributeError):
        d.name = "other"


def test_a_failing_check_refuses_to_build():
    with pytest.raises(ArithmeticError, match="bad"):
        sym.Derivation("x", sp.Integer(1), {}, checks={"bad": sym.beta})
    # Strings are not parsed (parsing would evaluate them).
    with pytest.raises(sp.SympifyError):
        sym.Derivation("x", "__import__('os')", {})


def _derivation(name):
    return sym.all_derivations()[DERIVATIONS.index(name)]


@pytest.mark.parametrize("name", DERIVATIONS)
def test_display_of_every_derivation(name):
    d = _derivation(name)
    tex = d.latex()
    assert tex.startswith(r"\begin{aligned}") and tex.endswith(r"\end{aligned}")
    assert "\n\n" not in tex  # a blank line would end a Markdown $$ block
    assert d._repr_latex_() == f"$${tex}$$"
    text = d.pretty()
    for name in d.steps:
        assert derivation._label(name) in text
    ascii_text = d.pretty(use_unicode=False)
    assert ascii_text.isascii()
    r = repr(d)
    assert r.startswith(f"<Derivation {d.name}:") and len(r) < 160 and "\n" not in r
    assert all(derivation._is_zero(v) for v in d.checks.values()) and d.checks


@pytest.mark.parametrize("name", DERIVATIONS)
def test_print_shows_the_pretty_form(name, monkeypatch, capsys):
    d = _derivation(name)
    # print(d) in a REPL: the steps and the result, never the one-line repr.
    print(d)
    shown = capsys.readouterr().out
    assert shown == d.pretty() + "\n"
    assert shown.startswith(f"{d.name}: ") and "=> " in shown
    if isinstance(d.result, dict):
        # Every result part is marked as one, whether or not it also is a step.
        marked = " ".join(line for line in shown.splitlines() if line.startswith("  => "))
        assert all(derivation._label(k) in marked for k in d.result)
    # A terminal that cannot show Unicode gets the ASCII form instead of an error;
    # a StringIO (doctest, redirect_stdout) takes any text.
    import io
    monkeypatch.setattr("sys.stdout", io.StringIO())
    assert str(d) == d.pretty()
    monkeypatch.setattr("sys.stdout", io.TextIOWrapper(io.BytesIO(), encoding="ascii"))
    assert str(d) == d.pretty(use_unicode=False) and str(d).isascii()


def test_all_derivations_in_chapter_order():
    names = [d.name for d in sym.all_derivations()]
    assert names == DERIVATIONS


def test_predicate_only_for_regions():
    with pytest.raises(TypeError, match="region"):
        sym.quadratic(1).predicate()
    inside = sym.momentum_region().predicate()
    with pytest.raises(TypeError, match="2 arguments"):
        inside(1.0)
    with pytest.raises(ValueError, match="eta_lambda"):
        inside(float("nan"), 0.5)
    with pytest.raises(ValueError, match="broadcast"):
        inside([1.0, 2.0], [0.1, 0.2, 0.3])
    assert inside(1.0, 0.5).shape == ()


# ---------------------------------------------------------------- leaky average

@functools.lru_cache(maxsize=None)
def _unrolled_as_function(steps):
    """The derived v_t as plain Python arithmetic (works on Fractions, exactly)."""
    G = sp.symbols(f"G1:{steps + 2}")
    expr = sym.leaky_average(steps).result.xreplace({g[k + 1]: G[k] for k in range(steps)})
    return sp.lambdify([sym.beta, G[:steps]], expr, modules="math")


@given(beta=fractions, grads=st.lists(fractions, max_size=8))
def test_unrolled_leaky_average_equals_exact_simulation(beta, grads):
    v = Fraction(0)
    for gk in grads:
        v = beta * v + gk
    assert Fraction(_unrolled_as_function(len(grads))(beta, grads)) == v


def test_closed_form_matches_unrolling_and_the_recursion():
    S = sym.leaky_average().result
    for k in range(7):
        assert sp.expand(S.subs(sym.t, k).doit() - sym.leaky_average(k).result) == 0
    # Recursion at a concrete t, computed here rather than read from the steps.
    step = (S.subs(sym.t, 6) - sym.beta * S.subs(sym.t, 5)).doit()
    assert sp.expand(step) == g[6]
    steps = sym.leaky_average().steps
    assert steps["check_recursion"].rhs == g[sym.t]
    assert steps["check_start"].rhs == 0
    assert steps["closed_form"].rhs == S


def test_leaky_average_rejects_bad_t():
    with pytest.raises(ValueError, match="^t must"):
        sym.leaky_average(-1)
    with pytest.raises(TypeError, match="^t must"):
        sym.leaky_average(2.5)
    assert sym.leaky_average(t=2) is sym.leaky_average(2)


def test_effective_weight_against_partial_sums():
    d = sym.effective_weight()
    assert d.conditions == (sp.Abs(sym.beta) < 1,)
    weight = sp.lambdify(sym.beta, d.result)
    for b in (-0.7, 0.0, 0.5, 0.9):
        assert math.isclose(weight(b), math.fsum(b**k for k in range(4000)), rel_tol=1e-12)
    partial = d.steps["partial_sum"]
    for k in range(6):
        exact = sum(Fraction(3, 7) ** j for j in range(k))
        assert partial.subs({sym.t: k, sym.beta: sp.Rational(3, 7)}) == sp.Rational(
            exact.numerator, exact.denominator)
    # The convergent branch of SymPy's answer is the result.
    assert d.steps["summation"].args[0] == (d.result, d.conditions[0])
    assert sp.simplify(partial + d.steps["tail"] - d.result) == 0


# ---------------------------------------------------------------- quadratic

def _spd(draw, n):
    a = np.array(draw(st.lists(st.floats(-2, 2), min_size=n * n, max_size=n * n))).reshape(n, n)
    return a @ a.T + 0.5 * np.eye(n)


@pytest.fixture(scope="module")
def quadratic_numeric():
    funcs = {}
    for n in (2, 3):
        d = sym.quadratic(n)
        Q, c, x = sym.symmetric_matrix(n), sym.vector(n, "c"), sym.vector(n, "x")
        args = (sorted(Q.free_symbols, key=str), list(c), sym.b, list(x))
        funcs[n] = {k: sp.lambdify(args, v, "numpy") for k, v in d.result.items()}
        funcs[n]["conditions"] = sp.lambdify(args, list(d.conditions), "numpy")
        funcs[n]["objective"] = sp.lambdify(args, d.steps["objective"], "numpy")
        funcs[n]["q_index"] = [tuple(int(ch) - 1 for ch in str(s)[2:]) for s in args[0]]
    return funcs


@given(data=st.data(), n=st.sampled_from([2, 3]))
def test_quadratic_against_numpy(quadratic_numeric, data, n):
    f = quadratic_numeric[n]
    Q = _spd(data.draw, n)
    c = np.array(data.draw(st.lists(st.floats(-3, 3), min_size=n, max_size=n)))
    b = data.draw(st.floats(-3, 3))
    x = np.array(data.draw(st.lists(st.floats(-3, 3), min_size=n, max_size=n)))
    q = [Q[i, j] for i, j in f["q_index"]]
    args = (q, list(c), b, list(x))
    x_star = np.linalg.solve(Q, -c)
    scale = 1 + np.abs(x_star).max()
    assert np.allclose(np.ravel(f["minimizer"](*args)), x_star, rtol=1e-9, atol=1e-9 * scale)
    h = 0.5 * x @ Q @ x + x @ c + b
    assert math.isclose(f["objective"](*args), h, rel_tol=1e-12, abs_tol=1e-10)
    assert math.isclose(f["minimum"](*args), b - 0.5 * c @ np.linalg.solve(Q, c),
                        rel_tol=1e-9, abs_tol=1e-9 * scale**2)
    assert math.isclose(f["completed_square"](*args), h, rel_tol=1e-9, abs_tol=1e-8 * scale**2)
    assert np.allclose(np.ravel(f["gradient"](*args)), Q @ x + c, atol=1e-12)
    assert np.allclose(f["hessian"](*args), Q)
    assert all(f["conditions"](*args))  # Sylvester's test holds for an SPD matrix


def test_quadratic_conditions_reject_an_indefinite_matrix(quadratic_numeric):
    f = quadratic_numeric[2]
    Q = np.array([[1.0, 2.0], [2.0, 1.0]])
    q = [Q[i, j] for i, j in f["q_index"]]
    assert not all(f["conditions"](q, [0, 0], 0, [0, 0]))


@pytest.mark.parametrize("n", [1, 2, 3])
def test_quadratic_steps_lead_to_the_result(n):
    d = sym.quadratic(n)
    x = sym.vector(n, "x")
    objective = d.steps["objective"]
    gradient = sp.Matrix([sp.diff(objective, xi) for xi in x])
    assert gradient == d.result["gradient"]
    at_min = dict(zip(x, d.result["minimizer"]))
    assert gradient.subs(at_min).applyfunc(sp.cancel) == sp.zeros(n, 1)
    assert sp.cancel(objective.subs(at_min) - d.result["minimum"]) == 0
    assert sp.hessian(objective, list(x)) == sym.symmetric_matrix(n)


def test_quadratic_rejects_bad_n():
    with pytest.raises(ValueError, match="n"):
        sym.quadratic(0)
    with pytest.raises(TypeError, match="n"):
        sym.quadratic("2")


# ---------------------------------------------------------------- decoupling

def test_decoupling_blocks_are_the_scalar_transition_matrices():
    lam = [sp.Symbol(f"lambda_{i}", positive=True) for i in (1, 2, 3)]
    R = sym.momentum_transition().result["R"]
    for n in (2, 3):
        d = sym.eigen_decoupling(n)
        assert d.result["gd"] == sp.diag(*[1 - sym.eta * lam[i] for i in range(n)])
        for i, block in enumerate(d.result["per_direction"]):
            assert block == R.subs(sym.lambda_, lam[i])
        M = d.result["momentum"]
        assert all(M[i, j] == 0 for i in range(2 * n) for j in range(2 * n)
                   if i % n != j % n)


@functools.lru_cache(maxsize=None)
def _decoupled_numeric(part):
    lam = sp.symbols("lambda_1 lambda_2", positive=True)
    return sp.lambdify([*lam, sym.eta, sym.beta], sym.eigen_decoupling(2).result[part], "numpy")


@given(theta=st.floats(-3, 3), l1=st.floats(0.1, 5), l2=st.floats(0.1, 5),
       eta=st.floats(0.01, 1), beta=st.floats(0, 0.99),
       pts=st.lists(st.floats(-3, 3), min_size=6, max_size=6))
def test_decoupled_step_matches_a_numpy_step(theta, l1, l2, eta, beta, pts):
    O = np.array([[math.cos(theta), -math.sin(theta)], [math.sin(theta), math.cos(theta)]])
    Q = O.T @ np.diag([l1, l2]) @ O
    x_star, x, v = np.array(pts[:2]), np.array(pts[2:4]), np.array(pts[4:])
    M = np.array(_decoupled_numeric("momentum")(l1, l2, eta, beta), dtype=float)
    v_next = beta * v + Q @ (x - x_star)
    x_next = x - eta * v_next
    got = M @ np.concatenate([O @ v, O @ (x - x_star)])
    want = np.concatenate([O @ v_next, O @ (x_next - x_star)])
    assert np.allclose(got, want, atol=1e-9)
    G = np.array(_decoupled_numeric("gd")(l1, l2, eta, beta), dtype=float)
    assert np.allclose(G @ (O @ (x - x_star)), O @ (x - eta * Q @ (x - x_star) - x_star), atol=1e-9)


def test_eigen_decoupling_bounds():
    with pytest.raises(ValueError, match="n must be"):
        sym.eigen_decoupling(5)
    with pytest.raises(ValueError, match="n"):
        sym.eigen_decoupling(1)


@given(n=st.integers(1, 12), seed=st.integers(0, 2**32 - 1),
       eta=st.floats(1e-3, 1), beta=st.floats(-0.99, 0.99))
def test_decoupling_check_random_spd(n, seed, eta, beta):
    assert sym.decoupling_check(eta=eta, beta=beta, n=n, seed=seed) < 1e-12


def test_decoupling_check_given_matrices():
    assert sym.decoupling_check(np.diag([1.0, 2.0, 3.0])) == 0.0
    rng = np.random.default_rng(3)
    A = rng.standard_normal((6, 6))
    assert sym.decoupling_check(A @ A.T + np.eye(6), eta=0.3, beta=0.5) < 1e-12
    assert sym.decoupling_check(n=4, seed=np.random.default_rng(0)) < 1e-12
    for bad in ([[1.0, 2.0], [0.0, 1.0]], [[1.0, 2.0], [2.0, 1.0]], [[1.0, np.nan], [np.nan, 1.0]],
                np.ones(3), np.zeros((0, 0))):
        with pytest.raises(ValueError, match="Q"):
            sym.decoupling_check(bad)
    with pytest.raises(TypeError, match="eta"):
        sym.decoupling_check(eta="0.1")
    with pytest.raises(TypeError, match="Q"):
        sym.decoupling_check("Q")


# ---------------------------------------------------------------- scalar GD

@given(x0=fractions, h=fractions, steps=st.integers(0, 12))
def test_gd_solution_equals_exact_iteration(x0, h, steps):
    x = x0
    for _ in range(steps):
        x = x - h * x
    assert Fraction(_gd_solution()(x0, h, 1, steps)) == x


@functools.lru_cache(maxsize=None)
def _gd_solution():
    sol = sym.gd_scalar().result["solution"]
    return sp.lambdify([sym.x0, sym.eta, sym.lambda_, sym.t], sol, modules="math")


def test_gd_region_is_where_the_rate_is_below_one():
    inside = sym.gd_scalar().predicate()
    h = np.linspace(-1, 3, 4001)
    rate = np.abs(1 - h)
    keep = np.abs(rate - 1) > 1e-9
    assert np.array_equal(inside(h)[keep], (rate < 1)[keep])
    assert sym.gd_scalar().result["region"] == sym.momentum_region().steps["gd_region"]
    steps = sym.gd_scalar().steps
    assert sp.reduce_inequalities([steps["convergence_condition"]], [sym.h]) == steps["region"]


# ---------------------------------------------------------------- momentum

@functools.lru_cache(maxsize=None)
def _transition_numeric():
    d = sym.momentum_transition()
    args = [sym.eta, sym.lambda_, sym.beta]
    return {k: sp.lambdify(args, d.result[k], "numpy")
            for k in ("R", "trace", "determinant", "discriminant", "eigenvalues")}


@given(eta=st.floats(0.01, 2), lam=st.floats(0.01, 20), beta=st.floats(-0.99, 0.99))
def test_transition_matrix_and_spectrum_against_numpy(eta, lam, beta):
    f = _transition_numeric()
    R = np.array(f["R"](eta, lam, beta), dtype=float)
    assert np.allclose(R, spectral.transition_matrix(eta, lam, beta), rtol=0, atol=1e-15)
    assert math.isclose(f["trace"](eta, lam, beta), np.trace(R), abs_tol=1e-12)
    assert math.isclose(f["determinant"](eta, lam, beta), np.linalg.det(R),
                        rel_tol=1e-9, abs_tol=1e-12)
    # Complex arguments so that the square root of a negative discriminant is defined.
    mus = sorted(np.asarray(f["eigenvalues"](complex(eta), complex(lam), complex(beta))),
                 key=lambda z: (z.real, z.imag))
    ref = sorted(np.linalg.eigvals(R), key=lambda z: (z.real, z.imag))
    disc = f["discriminant"](eta, lam, beta)
    tol = 1e-7 if abs(disc) < 1e-6 else 1e-9  # defective R near disc = 0 loses digits
    assert np.allclose(mus, ref, atol=tol * (1 + lam * eta))


def test_transition_steps_lead_to_R():
    d = sym.momentum_transition()
    v, x = sp.IndexedBase("v"), sp.IndexedBase("x")
    t = sym.t
    rhs = [d.steps["velocity_update"].rhs, d.steps["position_update_substituted"].rhs]
    assert sp.Matrix(rhs).jacobian([v[t], x[t]]) == d.result["R"]
    # The substituted equation is the position update with the velocity update put in.
    direct = d.steps["position_update"].rhs.subs(v[t + 1], d.steps["velocity_update"].rhs)
    assert sp.expand(direct - rhs[1]) == 0
    R = sp.Matrix(d.result["R"])
    p = sp.Poly(d.result["characteristic_polynomial"], sym.mu)
    cayley_hamilton = sum((c * R**k for k, c in enumerate(reversed(p.all_coeffs()))), sp.zeros(2))
    assert cayley_hamilton.applyfunc(sp.expand) == sp.zeros(2)
    T, D = d.result["trace"], d.result["determinant"]
    assert sp.expand(d.result["discriminant"] - (T**2 - 4 * D)) == 0


def _exact_momentum(eta, lam, beta, v, x, steps):
    for _ in range(steps):
        v = beta * v + lam * x
        x = x - eta * v
    return v, x


@functools.lru_cache(maxsize=None)
def _power_as_function(steps):
    """R^t from the derivation as plain Python arithmetic in (eta, lambda, beta)."""
    P = sym.momentum_power(steps).result
    return sp.lambdify([sym.eta, sym.lambda_, sym.beta], list(P), modules="math")


@given(eta=fractions, lam=fractions, beta=fractions, v=fractions, x=fractions,
       steps=st.integers(0, 7))
def test_momentum_power_equals_exact_rational_simulation(eta, lam, beta, v, x, steps):
    want = _exact_momentum(eta, lam, beta, v, x, steps)
    p00, p01, p10, p11 = (Fraction(e) for e in _power_as_function(steps)(eta, lam, beta))
    assert (p00 * v + p01 * x, p10 * v + p11 * x) == want


def test_momentum_power_is_R_to_the_t():
    R = sp.Matrix(sym.momentum_transition().result["R"])
    for k in (0, 1, 5):
        assert (sym.momentum_power(k).result - R**k).applyfunc(sp.expand) == sp.zeros(2)
    with pytest.raises(ValueError, match="^t must"):
        sym.momentum_power(-1)


def test_momentum_region_is_the_chapters_claim():
    d = sym.momentum_region()
    h, b = sym.h, sym.beta
    claim = sp.And(0 < h, h < 2 + 2 * b, -1 < b, b < 1)
    assert {r.canonical for r in d.result.args} == {r.canonical for r in claim.args}
    assert d.steps["region_as_intervals"] == (
        sp.Contains(h, sp.Interval.open(0, 2 + 2 * b), evaluate=False),
        sp.Contains(b, sp.Interval.open(-1, 1), evaluate=False))
    # Steps agree with the transition matrix recomputed here, and reduce to the result.
    p = sp.Poly(sp.Matrix(sym.momentum_transition().result["R"]).charpoly(sym.mu).as_expr()
                .subs(sym.lambda_, h / sym.eta), sym.mu)
    _, a1, a0 = (sp.expand(c) for c in p.all_coeffs())
    assert (d.steps["a_1"], d.steps["a_0"]) == (a1, a0)
    assert sp.reduce_inequalities(list(d.steps["jury_applied"]), [h]) == d.result
    # At h = 2 + 2 beta the polynomial has the root -1: the upper edge is real.
    assert sp.expand(p.as_expr().subs({sym.mu: -1, h: 2 + 2 * b})) == 0


def test_region_predicate_against_the_spectral_map():
    inside = sym.momentum_region().predicate()
    h = np.linspace(0.0, 5.0, 401)
    b = np.linspace(-0.99, 0.99, 397)
    m = spectral.rate_map(h, b)
    H, B = np.meshgrid(h, b)
    keep = np.abs(m.rho - 1) > 1e-9
    assert np.array_equal(inside(H, B)[keep], m.converges[keep])
    assert spectral.confirm_region(n=300, region=inside).agreement == 1.0


@given(h=st.floats(-1, 6), b=st.floats(-0.999, 0.999))
def test_region_predicate_pointwise(h, b):
    rho = float(spectral.spectral_radius(h, b))
    assume(abs(rho - 1) > 1e-9)
    assert bool(_region_predicate()(h, b)) == (rho < 1)


@functools.lru_cache(maxsize=None)
def _region_predicate():
    return sym.momentum_region().predicate()


def test_results_follow_from_their_steps():
    gd = sym.gd_scalar()
    x = sp.Function("x")
    rec, sol = gd.steps["recursion"], gd.result["solution"]
    residual = (rec.lhs - rec.rhs).subs(x(sym.t + 1), sol.subs(sym.t, sym.t + 1)).subs(x(sym.t), sol)
    assert sp.simplify(residual) == 0 and sol.subs(sym.t, 0) == sym.x0
    assert gd.steps["rate_in_h"] == sp.simplify(sol.subs(sym.t, sym.t + 1) / sol).subs(
        sym.lambda_, sym.h / sym.eta)

    dec = sym.eigen_decoupling(2)
    z, w = sym.vector(2, "z"), sym.vector(2, "w")
    assert dec.steps["gd_step_in_z"].jacobian(z) == dec.result["gd"]
    stacked = sp.Matrix.vstack(sp.Matrix(dec.steps["momentum_w_step"]),
                               sp.Matrix(dec.steps["momentum_z_step"]))
    assert stacked.jacobian(list(w) + list(z)) == dec.result["momentum"]

    p3 = sym.momentum_power(3)
    state = p3.result * sp.Matrix([sym.v0, sym.x0])
    assert (p3.steps["state"] - state).applyfunc(sp.expand) == sp.zeros(2, 1)


# ---------------------------------------------------------------- doctests

@pytest.mark.parametrize("module", [sym, derivation, averaging, quadratic_form, convergence],
                         ids=lambda m: m.__name__)
def test_doctests(module):
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    assert result.failed == 0 and result.attempted > 0


def test_steps_and_parts_are_read_only_dicts():
    import copy
    import pickle

    d = sym.effective_weight()
    assert list(d.steps) == ["series", "summation", "partial_sum", "tail"]
    for mapping in (d.steps, sym.gd_scalar().result):
        assert isinstance(mapping, dict)
        for change in (lambda m: m.update(a=1), lambda m: m.pop("tail", None), lambda m: m.clear(),
                       lambda m: m.setdefault("a", 1), lambda m: m.__delitem__("tail")):
            with pytest.raises(TypeError, match="read-only"):
                change(mapping)
        assert copy.deepcopy(mapping) == mapping
    again = pickle.loads(pickle.dumps(sym.gd_scalar()))
    assert again.result == sym.gd_scalar().result and again.steps == sym.gd_scalar().steps
