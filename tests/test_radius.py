"""The variants of the accurate spectral radius (``momentum_theory._radius``) pinned to each other.

Each variant must give the same bits for a point as its twin: the scalar
plain pass as the vectorised one, the scalar slow path as the vectorised
one, the batch refinement kernel as the general slow path. Accuracy against
mpmath is in test_accuracy.py; the chunked, threaded driver against the
scalar path in test_ratemaps.py.
"""
import numpy as np
import pytest
from _ulp import max_ulps
from hypothesis import given
from hypothesis import strategies as st

from momentum_theory import _radius


def _points(rng, n):
    """Ordinary points, critical-damping neighbours, both edges, extremes, beta outside [-1, 1]."""
    beta = rng.uniform(-1.0, 1.0, n)
    h = rng.uniform(-0.5, 5.0, n)
    k = n // 6
    b = np.abs(beta[:k])
    h[:k] = (1 + np.where(rng.random(k) < 0.5, -1, 1) * np.sqrt(b)) ** 2 * (1 + rng.integers(-4, 5, k) * 2.0**-52)
    beta[:k] = b
    h[k:2 * k] = rng.choice([0.0, 1e-17, -1e-17], k)                   # rho next to 1 at h = 0
    h[2 * k:3 * k] = 2 + 2 * beta[2 * k:3 * k]                         # ... and at the upper edge
    beta[3 * k:3 * k + 10] = rng.uniform(1.0, 3.0, 10)
    h[3 * k + 10:3 * k + 20] = rng.choice([1e200, -1e300, 1e308, 5e-324], 10)
    beta[3 * k + 20:3 * k + 25] = -1e308
    return h, beta


def _hard():
    rng = np.random.default_rng(2024)
    return _points(rng, 6000)


def test_scalar_plain_pass_equals_the_array_path_bit_for_bit():
    h, beta = _hard()
    rho, _ = _radius.radius(h, beta)
    one_by_one = np.array([_radius.radius_point(a, b) for a, b in zip(h.tolist(), beta.tolist())])
    np.testing.assert_array_equal(one_by_one, rho)


def test_scalar_slow_path_equals_the_vectorised_one_bit_for_bit():
    h, beta = _hard()
    with np.errstate(all="ignore"):
        vectorised = _radius.radius_accurate(h, beta)
    scalar = np.array([_radius.radius_point_accurate(a, b) for a, b in zip(h.tolist(), beta.tolist())])
    np.testing.assert_array_equal(scalar, vectorised)


def test_both_plain_passes_send_the_same_points_to_refinement():
    # radius_point refines where radius_into marks: a marked point gets the
    # slow path's value, an unmarked one the plain pass's, from both twins.
    h, beta = _hard()
    out, mark = np.empty(h.size), np.empty(h.size, dtype=bool)
    with np.errstate(all="ignore"):
        _radius.radius_into(h, beta, out, *np.empty((4, h.size)), mark)
        slow = _radius.radius_accurate(h, beta)
    assert mark.any() and not mark.all()
    point = np.array([_radius.radius_point(a, b) for a, b in zip(h.tolist(), beta.tolist())])
    np.testing.assert_array_equal(point[~mark], out[~mark])
    np.testing.assert_array_equal(point[mark], slow[mark])


def test_refinement_kernel_equals_the_slow_path_on_the_points_it_refines():
    h, beta = _hard()
    out, mark = np.empty(h.size), np.empty(h.size, dtype=bool)
    with np.errstate(all="ignore"):
        _radius.radius_into(h, beta, out, *np.empty((4, h.size)), mark)
        # Only batches the kernel accepts: |beta| <= 1 and |T| within range.
        keep = mark & (np.abs(beta) <= 1) & (np.abs(h) < 1e100)
        hm, bm = h[keep], beta[keep]
        fast = np.empty(hm.size)
        accepted = _radius.refine_sliver(hm, bm, fast, list(np.empty((11, hm.size))),
                                         np.empty(hm.size, dtype=bool))
        slow = _radius.radius_accurate(hm, bm)
    assert accepted and hm.size > 500
    np.testing.assert_array_equal(fast, slow)


def test_refinement_kernel_declines_what_it_cannot_do_alike():
    with np.errstate(all="ignore"):
        for h, beta in (([0.25, 0.5], [0.25, 1.5]), ([0.25, 1e300], [0.25, 0.5])):
            h, beta = np.array(h), np.array(beta)
            out = np.full(2, -1.0)
            assert not _radius.refine_sliver(h, beta, out, list(np.empty((11, 2))), np.empty(2, bool))


@pytest.mark.parametrize("chunk", [64, 1000, _radius.CHUNK])
@pytest.mark.parametrize("workers", [1, 2])
def test_map_driver_and_stream_driver_equal_one_piece(chunk, workers):
    h, beta = _hard()
    rho, _ = _radius.radius(h, beta)
    out = np.empty(h.size)
    _radius.radius_map(h, beta, out, workers, chunk)
    np.testing.assert_array_equal(out, rho)

    class Collect:
        def __init__(self):
            self.values = []

        def add(self, values):
            self.values.append(values.copy())

    tallies = _radius.radius_stream(h, beta, Collect, workers, chunk)
    streamed = np.concatenate([v for t in tallies for v in t.values])
    np.testing.assert_array_equal(np.sort(streamed), np.sort(rho))


def test_finite_flag_reports_nan_and_inf():
    for h in (np.array([1.0, np.nan]), np.full(3 * _radius.ONE_PIECE, np.inf), np.array(np.nan)):
        _, finite = _radius.radius(h, np.zeros_like(h))
        assert not finite
    _, finite = _radius.radius(np.linspace(0, 5, 3 * _radius.ONE_PIECE), np.full(3 * _radius.ONE_PIECE, 0.5))
    assert finite


@given(st.floats(-1.0, 1.0), st.floats(-1.0, 6.0), st.integers(-8, 8))
def test_scalar_and_array_paths_agree_near_the_curves(beta, h, ulps):
    # Points nudged by a few ulp around arbitrary ones and around the curves.
    for x in (h, (1 + abs(beta) ** 0.5) ** 2, (1 - abs(beta) ** 0.5) ** 2, 2 + 2 * beta):
        x = x + ulps * np.spacing(x)
        b = abs(beta) if x != h else beta
        rho, _ = _radius.radius(np.array([x]), np.array([b]))
        assert _radius.radius_point(float(x), float(b)) == rho[0]


# --- the affine fast path of every method (momentum_theory._radius.affine) -------------------
#
# Every registered method (and a rule a user writes) has T = t0 + t1 h and D = d0 + d1 h.
# Its spectral_radius takes a fast plain pass straight from (h, params) (the two-step
# kernel for two_step and nesterov, the generic affine kernel for the others) and refines
# what it cannot vouch for. Each is checked against 50-digit mpmath on exact rational T
# and D (from the derived polynomial's terms, evaluated in Fractions), on random points
# and on adversarial ones: a few ulp from double roots (T**2 = 4D), from |root| = 1
# (1 - T + D = 0 and 1 + T + D = 0, the edges of convergence), tiny h and huge
# parameters; and against the generic polynomial path, which must agree with it.

from fractions import Fraction  # noqa: E402

import mpmath  # noqa: E402
import sympy as sp  # noqa: E402

from momentum_theory import methods  # noqa: E402
from momentum_theory._radius import affine, companion  # noqa: E402

RANGES = {"beta": (-0.99, 0.99), "gamma": (-1.0, 2.0), "nu": (0.0, 1.0), "kappa": (1.0, 1e4)}


def _user_rule():
    eta, beta, gamma = sp.symbols("eta beta gamma", real=True)

    def look_ahead(x, x_prev, grad):
        return x + beta * (x - x_prev) - eta * grad(x + gamma * (x - x_prev))

    return methods.from_update(look_ahead, [eta, beta, gamma], name="user_look_ahead_radius")


@pytest.fixture(params=[*methods.available(), "user"], scope="module")
def method(request):
    return _user_rule() if request.param == "user" else methods.get(request.param)


def _params(m, rng, size):
    out = {}
    for p in m.params:
        lo, hi = RANGES[p]
        out[p] = np.exp(rng.uniform(np.log(lo), np.log(hi), size)) if p == "kappa" \
            else rng.uniform(lo, hi, size)
    return out


def _internal(m, h, params):
    xs = m._internal([np.asarray(h, float)] + [np.asarray(params[p], float) for p in m.params])
    return [np.ascontiguousarray(x, dtype=float) for x in np.broadcast_arrays(*xs)]


def _reference(m, xs):
    """50-digit rho at the internal doubles ``xs``, from exact rational T and D."""
    spec = m.spec
    out = []
    with mpmath.workdps(60):
        for vals in zip(*(x.ravel().tolist() for x in xs)):
            t, d = spec.trace.exact(vals), spec.det.exact(vals)
            disc = t * t - 4 * d
            mp = lambda q: mpmath.mpf(q.numerator) / q.denominator  # noqa: E731
            out.append(mpmath.sqrt(mp(d)) if disc < 0 else (abs(mp(t)) + mpmath.sqrt(mp(disc))) / 2)
    return out


def _beside(x, ks=(-3, -1, 0, 1, 2)):
    return [x + k * np.spacing(x) for k in ks]


def _adversarial(m, rng, draws=25):
    """``(h, params)``: a few ulp from double roots and from |root| = 1, tiny h, huge values."""
    hs, ps = [], {p: [] for p in m.params}

    def add(h, params):
        hs.append(h)
        for p in m.params:
            ps[p].append(params[p])

    base = _params(m, rng, draws)
    for i in range(draws):
        params = {p: float(base[p][i]) for p in m.params}
        t0, t1, d0, d1 = m.affine_trace_det(**params)      # exact rationals
        with mpmath.workdps(50):
            mp = lambda q: mpmath.mpf(q.numerator) / q.denominator  # noqa: E731
            # T**2 - 4 D = 0: a quadratic in h
            a, b, c = mp(t1 * t1), mp(2 * t0 * t1 - 4 * d1), mp(t0 * t0 - 4 * d0)
            roots = []
            if a != 0:
                disc = b * b - 4 * a * c
                if disc >= 0:
                    roots += [(-b + s * mpmath.sqrt(disc)) / (2 * a) for s in (-1, 1)]
            # 1 - T + D = 0 and 1 + T + D = 0 (a root at +1 or -1)
            for num, den in ((t0 - 1 - d0, d1 - t1), (-(1 + t0 + d0), t1 + d1)):
                if den != 0:
                    roots.append(mp(num / den))
        for r in roots:
            r = float(r)
            if np.isfinite(r) and abs(r) < 1e12:
                for x in _beside(r):
                    add(x, params)
        for x in (0.0, 5e-324, 1e-300, 2.0 ** -60, 1e-17, -1e-17):
            add(x, params)
    # huge values that keep T**2 finite (the kernels work in double precision)
    for h in (1e6, 1e30, 1e70):
        add(h, {p: float(RANGES[p][1]) for p in m.params})
    if "beta" in m.params:
        for b in (1e6, -1e6, 1e60, -3.0):
            add(2.5, dict({p: float(RANGES[p][0]) for p in m.params}, beta=b))
    if "gamma" in m.params:
        for g in (1e8, -1e8, 1e60):
            add(1e-3, dict({p: 0.5 for p in m.params}, gamma=g))
    return np.array(hs), {p: np.array(v) for p, v in ps.items()}


def test_every_method_has_an_affine_split_equal_to_its_affine_trace_det(method):
    # The split the fast path evaluates, against Method.affine_trace_det (its own code,
    # exact Fractions) at random parameters.
    rng = np.random.default_rng(11)
    split_t, split_d = method.spec.trace.affine(), method.spec.det.affine()
    assert split_t is not None and split_d is not None
    params = _params(method, rng, 5)
    for i in range(5):
        p = {k: float(v[i]) for k, v in params.items()}
        xs = [float(x.reshape(-1)[0]) for x in _internal(method, 1.0, p)]
        h_scale = Fraction(xs[0])                      # the map h' = scale * eta_lambda
        coeffs = [split_t.c0.exact(xs[1:]), split_t.c1.exact(xs[1:]) * h_scale,
                  split_d.c0.exact(xs[1:]), split_d.c1.exact(xs[1:]) * h_scale]
        assert coeffs == list(method.affine_trace_det(**p))


def test_every_method_within_8_ulp_of_mpmath_on_random_and_adversarial_points(method):
    rng = np.random.default_rng(12)
    h = np.concatenate([rng.uniform(0.0, 4.0, 400), rng.uniform(-1.0, 10.0, 100)])
    params = _params(method, rng, h.size)
    hard_h, hard_p = _adversarial(method, rng)
    for hh, pp in ((h, params), (hard_h, hard_p)):
        got = method.spectral_radius(hh, **pp)
        xs = _internal(method, hh, pp)
        assert max_ulps(got, _reference(method, xs)) <= 8
        # the generic polynomial path, on the same internal doubles: within 8 ulp too,
        # and the two agree (both are within 8 ulp of the exact value)
        generic = companion.radius(method.spec.trace, method.spec.det, xs, fast=False)
        assert max_ulps(generic, _reference(method, xs)) <= 8
        fast = companion.radius(method.spec.trace, method.spec.det, xs)
        assert max_ulps(fast, _reference(method, xs)) <= 8


def test_adversarial_points_exercise_both_tiers_of_the_fast_path(method):
    # Not a vacuous pass: the plain pass keeps most points and sends the hard ones on.
    rng = np.random.default_rng(13)
    h, params = _adversarial(method, rng)
    xs = _internal(method, h, params)
    ws = affine._Scratch(h.size)
    out = np.empty(h.size)
    form = affine.two_step_form(method.spec.trace, method.spec.det)
    with np.errstate(all="ignore"):
        if form is None:
            bad = affine.plain_chunk(method.spec.trace.affine(), method.spec.det.affine(),
                                     xs[0], xs[1:], out, ws)
        else:
            beta, gamma = (0.0 if i is None else xs[i] for i in form)
            bad = affine.two_step_chunk(xs[0], beta, gamma, out, ws)
    assert bad.any() and not bad.all()


def test_two_step_form_is_recognised_from_the_polynomials_alone():
    forms = {n: affine.two_step_form(methods.get(n).spec.trace, methods.get(n).spec.det)
             for n in methods.available()}
    assert forms == {"gd": (None, None), "heavy_ball": (1, None), "nesterov": (1, 1),
                     "two_step": (1, 2), "qhm": None, "triple_momentum": (1, 2)}
    eta, beta, gamma = sp.symbols("eta beta gamma", real=True)

    def rule(x, x_prev, grad):
        return x + beta * (x - x_prev) - eta * grad(x + gamma * (x - x_prev))

    # the user's parameter order is theirs: gamma first
    mine = methods.from_update(rule, [eta, gamma, beta])
    assert mine.params == ("gamma", "beta")
    assert affine.two_step_form(mine.spec.trace, mine.spec.det) == (2, 1)
    h = np.linspace(0.0, 4.0, 2001)
    np.testing.assert_array_equal(mine.spectral_radius(h, gamma=0.3, beta=-0.4),
                                  methods.get("two_step").spectral_radius(h, beta=-0.4, gamma=0.3))
    # not of the form: a momentum of 2 beta, or a gradient step of 2 eta
    for wrong in (lambda x, xp, g: x + 2 * beta * (x - xp) - eta * g(x),
                  lambda x, xp, g: x + beta * (x - xp) - 2 * eta * g(x + gamma * (x - xp))):
        m = methods.from_update(wrong, [eta, beta, gamma] if "gamma" in str(wrong(
            sp.Symbol("x"), sp.Symbol("y"), lambda v: v)) else [eta, beta])
        assert affine.two_step_form(m.spec.trace, m.spec.det) is None
        assert m.spec.trace.affine() is not None


def test_two_step_kernel_near_double_roots_and_edges_many_points():
    m = methods.get("two_step")
    rng = np.random.default_rng(14)
    h, params = _adversarial(m, rng, draws=150)
    got = m.spectral_radius(h, **params)
    xs = _internal(m, h, params)
    ref = _reference(m, xs)
    assert max_ulps(got, ref) <= 8
    # the two-step kernel marks fewer points than the generic affine one, and both the
    # kernel's kept points and its refined ones are within 8 ulp
    n = h.size
    ws, out = affine._Scratch(n), np.empty(n)
    with np.errstate(all="ignore"):
        bad = affine.two_step_chunk(xs[0], xs[1], xs[2], out, ws).copy()
    assert bad.any() and not bad.all()
    assert max_ulps(out[~bad], [r for r, b in zip(ref, bad) if not b]) <= 8


@given(st.floats(-1.0, 6.0), st.floats(-2.0, 2.0), st.floats(-3.0, 3.0), st.integers(-3, 3))
def test_two_step_radius_property_against_mpmath(h, beta, gamma, k):
    # a random point and, at its beta and gamma, the double roots k ulp aside
    m = methods.get("two_step")
    t0, t1, d0, d1 = m.affine_trace_det(beta=beta, gamma=gamma)
    hs = [h]
    a, b, c = t1 * t1, 2 * t0 * t1 - 4 * d1, t0 * t0 - 4 * d0
    if a != 0 and b * b - 4 * a * c >= 0:
        with mpmath.workdps(40):
            root = mpmath.sqrt(mpmath.mpf((b * b - 4 * a * c).numerator) / (b * b - 4 * a * c).denominator)
            for s in (-1, 1):
                r = float((-mpmath.mpf(b.numerator) / b.denominator + s * root)
                          / (2 * mpmath.mpf(a.numerator) / a.denominator))
                hs.append(r + k * np.spacing(r))
    hs = np.array(hs)
    got = m.spectral_radius(hs, beta=beta, gamma=gamma)           # scalar parameters
    full = m.spectral_radius(hs, beta=np.full(hs.size, beta), gamma=np.full(hs.size, gamma))
    np.testing.assert_array_equal(got, full)
    assert max_ulps(got, _reference(m, _internal(m, hs, {"beta": beta, "gamma": gamma}))) <= 8


def test_fast_and_generic_paths_agree_where_the_value_is_exact():
    two = methods.get("two_step")
    trace, det = two.spec.trace, two.spec.det
    # double roots with exact rationals: h = (1 -+ sqrt(beta))**2 at gamma = 0, beta = 1/4, 9/16
    h = np.array([0.25, 2.25, 0.0625, 3.0625])
    b = np.array([0.25, 0.25, 0.5625, 0.5625])
    g = np.zeros(4)
    want = [0.5, 0.5, 0.75, 0.75]
    for fast in (True, False):
        assert companion.radius(trace, det, [h, b, g], fast=fast).tolist() == want
    assert two.spectral_radius(h, beta=b, gamma=g).tolist() == want
    # complex roots with D = beta exact: rho = sqrt(beta), correctly rounded, on both paths
    h = np.linspace(1.2, 1.6, 50)
    b = np.full(50, 0.3)
    rho_fast = companion.radius(trace, det, [h, b, np.zeros(50)])
    rho_generic = companion.radius(trace, det, [h, b, np.zeros(50)], fast=False)
    np.testing.assert_array_equal(rho_fast, np.full(50, np.sqrt(0.3)))
    np.testing.assert_array_equal(rho_generic, rho_fast)
    # gd: T = 1 - h exact, D = 0, rho = |1 - h| exactly
    gd = methods.get("gd")
    h = np.array([0.0, 0.5, 1.0, 1.75, 2.0, 3.5, 1e-300])
    assert gd.spectral_radius(h).tolist() == np.abs(1.0 - h).tolist()


def test_a_point_value_does_not_depend_on_chunk_thread_or_batch():
    m = methods.get("two_step")
    rng = np.random.default_rng(15)
    n = 3 * affine.CHUNK + 123
    h, params = rng.uniform(0.0, 4.0, n), _params(m, rng, n)
    hard_h, hard_p = _adversarial(m, rng)
    h[:hard_h.size] = hard_h
    for p in m.params:
        params[p][:hard_h.size] = hard_p[p]
    xs = [h, params["beta"], params["gamma"]]

    def refine(sub):
        return companion.refine_points(m.spec.trace, m.spec.det, sub)

    one = affine.two_step_radius(xs, 1, 2, refine, workers=1)
    two = affine.two_step_radius(xs, 1, 2, refine, workers=2)
    np.testing.assert_array_equal(one, two)
    small = affine.two_step_radius(xs, 1, 2, refine, chunk=1000)
    np.testing.assert_array_equal(one, small)
    pick = rng.choice(n, 300, replace=False)
    alone = m.spectral_radius(h[pick], beta=params["beta"][pick], gamma=params["gamma"][pick])
    np.testing.assert_array_equal(alone, one[pick])
    scalar = [float(m.spectral_radius(float(h[i]), beta=float(params["beta"][i]),
                                      gamma=float(params["gamma"][i]))) for i in pick[:50]]
    assert scalar == one[pick[:50]].tolist()
    # the generic affine kernel, likewise
    g1 = affine.radius(m.spec.trace, m.spec.det, xs, refine, workers=1)
    g2 = affine.radius(m.spec.trace, m.spec.det, xs, refine, workers=2, chunk=5000)
    np.testing.assert_array_equal(g1, g2)


def test_nesterov_is_two_step_at_gamma_beta_bit_for_bit():
    rng = np.random.default_rng(16)
    h, b = rng.uniform(0, 4, 5000), rng.uniform(-1, 1, 5000)
    nes, two = methods.get("nesterov"), methods.get("two_step")
    np.testing.assert_array_equal(nes.spectral_radius(h, beta=b), two.spectral_radius(h, beta=b, gamma=b))


def test_fast_paths_keep_the_records_input_rules():
    two = methods.get("two_step")
    assert two.spectral_radius(np.zeros((0, 3)), beta=0.5, gamma=0.2).shape == (0, 3)
    assert two.spectral_radius(np.ones((2, 1)), beta=np.full(3, 0.2)).shape == (2, 3)
    assert isinstance(two.spectral_radius(1.0, beta=0.25, gamma=0.0), float)
    with pytest.raises(ValueError, match="gamma"):
        two.spectral_radius([1.0, 2.0], beta=0.5, gamma=[0.1, np.nan])
    with pytest.raises(ValueError, match="eta_lambda"):
        methods.get("qhm").spectral_radius([np.inf], beta=0.5)


def test_two_step_tiny_radii_and_underflowed_products():
    # T and D near the underflow threshold: gamma h underflows (an absolute error, not a
    # relative one), rho far below 2**-500 (refined) and around it (kept or not)
    m = methods.get("two_step")
    pts = []
    for b in (0.0, 5e-324, 1e-310, 1e-300, -1e-300, 1e-200, 3e-151, 1e-160):
        for g in (0.0, 5e-324, 1e-320, 1e-300, -1e-300, 1e-200):
            for h in (1.0, 1.0 + 2.0 ** -52, 0.5, 2.0):
                pts.append((h, b, g))
    h, b, g = (np.array(v) for v in zip(*pts))
    got = m.spectral_radius(h, beta=b, gamma=g)
    assert max_ulps(got, _reference(m, [h, b, g])) <= 8
    generic = companion.radius(m.spec.trace, m.spec.det, [h, b, g], fast=False)
    assert max_ulps(generic, _reference(m, [h, b, g])) <= 8


def test_small_calls_refine_point_by_point_or_in_a_batch_with_the_same_bits():
    # A one-piece call refines up to FEW marked points with the scalar slow
    # path and more in one batch: both must give the batch's bits, NaN and
    # inf included, on either side of the threshold.
    h, beta = _hard()
    h = np.concatenate([h, [np.nan, np.inf, 1.0, -np.inf]])
    beta = np.concatenate([beta, [0.5, 0.5, np.nan, 0.25]])
    out, mark = np.empty(h.size), np.empty(h.size, dtype=bool)
    with np.errstate(all="ignore"):
        _radius.radius_into(h, beta, out, *np.empty((4, h.size)), mark)
        slow = _radius.radius_accurate(h, beta)
    marked = mark.nonzero()[0]
    plain = (~mark).nonzero()[0][:200]
    for few in (1, _radius.driver.FEW, _radius.driver.FEW + 1, 4 * _radius.driver.FEW):
        pick = np.concatenate([marked[:few], marked[-4:], plain])
        rho, finite = _radius.radius(h[pick], beta[pick])
        expected = np.where(mark[pick], slow[pick], out[pick])
        np.testing.assert_array_equal(rho, expected)
        assert finite == bool(np.isfinite(expected).all())


HUGE_H = np.array([1e155, 3e170, 1e200, 1e300, 1.7e308, -1e200, -1.7e308])


def test_every_method_past_the_float_range_of_t_squared(method):
    # |T| above ~1e154: T**2 overflows in doubles (and Dekker's split above ~1e300), which
    # gave NaN; such points are decided from exact rationals, the radius rounding to inf
    # only where it exceeds the largest double. Reference: 60-digit mpmath roots of the
    # exact T and D at the same internal doubles.
    rng = np.random.default_rng(21)
    params = _params(method, rng, HUGE_H.size)
    xs = _internal(method, HUGE_H, params)
    keep = np.all([np.isfinite(x) for x in xs], axis=0)   # a map may overflow the input itself
    assert keep.sum() >= 4
    h = HUGE_H[keep]
    p = {k: v[keep] for k, v in params.items()}
    ref = _reference(method, [x[keep] for x in xs])
    biggest = np.finfo(float).max
    finite = np.array([abs(r) <= biggest for r in ref])
    for got in (method.spectral_radius(h, **p),
                companion.radius(method.spec.trace, method.spec.det, [x[keep] for x in xs],
                                 fast=False)):
        got = np.asarray(got)
        assert np.isinf(got[~finite]).all()
        assert max_ulps(got[finite], [r for r, f in zip(ref, finite) if f]) <= 8
    moduli = np.abs(method.eigenvalues(h, **p))
    assert not np.isnan(moduli).any()
    assert max_ulps(moduli[finite].max(axis=-1), [r for r, f in zip(ref, finite) if f]) <= 8


# -- polynomial values and exact signs (companion.TermPolynomial.plain, companion.signs) ------

COEFFICIENTS = st.one_of(
    st.integers(-7, 7).filter(bool),
    st.fractions(min_value=-5, max_value=5, max_denominator=9).filter(bool),
    st.sampled_from([Fraction(1, 3), Fraction(-2, 7), Fraction(1, 10), Fraction(3, 4)]))
POLYNOMIALS = st.integers(1, 3).flatmap(lambda nvars: st.builds(
    lambda terms: companion.TermPolynomial(terms, nvars),
    st.lists(st.tuples(COEFFICIENTS, st.tuples(*[st.integers(0, 2)] * nvars)),
             min_size=1, max_size=5)))
# plain()'s bound is relative: it holds where no product underflows (signs() checks that)
MODERATE = st.one_of(st.just(0.0), st.floats(2.0 ** -60, 8.0), st.floats(-8.0, -2.0 ** -60))


def _exact_sign(poly, values):
    v = poly.exact(values)
    return (v > 0) - (v < 0)


@given(POLYNOMIALS, st.lists(st.lists(MODERATE, min_size=3, max_size=3), min_size=1, max_size=4))
def test_plain_value_is_within_its_error_bound(poly, points):
    # The bound counts every rounding: d - 1 in a degree-d monomial, the product with a
    # coefficient that is not a power of two, the coefficient itself where it is not a
    # double (1/3: this one was missing, and ~17 % of plain values of x/3 broke the bound),
    # and each sum. Second-order terms are below 2**-50 of the bound.
    xs = [np.array([p[i] for p in points]) for i in range(poly.nvars)]
    value, bound = poly.plain(xs)
    value, bound = np.broadcast_to(value, xs[0].shape), np.broadcast_to(bound, xs[0].shape)
    for j in range(len(points)):
        err = abs(Fraction(float(value[j])) - poly.exact([float(x[j]) for x in xs]))
        assert err <= Fraction(companion.U) * Fraction(float(bound[j])) * (1 + Fraction(1, 2**40))


@given(POLYNOMIALS, st.lists(st.lists(MODERATE, min_size=3, max_size=3), min_size=1, max_size=3),
       st.integers(-2, 2))
def test_signs_are_exact_next_to_the_zeros(poly, points, k):
    # Each point is moved, in its first variable, onto a zero of the polynomial (where it
    # is linear there) and k ulp aside: the plain tier must pass such points on.
    cols = [[p[i] for p in points] for i in range(poly.nvars)]
    for j, p in enumerate(points):
        rest = [Fraction(v) for v in p[1:poly.nvars]]
        c0 = c1 = Fraction(0)
        for c, ex in poly.terms:
            if ex[0] > 1:
                break
            term = c
            for x, e in zip(rest, ex[1:]):
                term *= x ** e
            if ex[0]:
                c1 += term
            else:
                c0 += term
        else:
            if c1:
                root = float(-c0 / c1)
                cols[0].append(root + k * np.spacing(root))
                for i in range(1, poly.nvars):
                    cols[i].append(p[i])
    xs = [np.array(c) for c in cols]
    got = companion.signs(poly, xs)
    want = [_exact_sign(poly, [float(x[j]) for x in xs]) for j in range(xs[0].size)]
    assert got.tolist() == want


def test_signs_at_zeros_extremes_and_non_finite_inputs():
    poly = companion.TermPolynomial([(Fraction(1, 3), (1, 1)), (-1, (0, 0)), (Fraction(2), (2, 0))], 2)
    a = np.array([0.0, 3.0, 2.0 ** -500, 2.0 ** 500, 5e-324, 1e300, 1.0, np.nan, np.inf, 0.5])
    b = np.array([1.0, 1.0, 2.0 ** 510, 2.0 ** -520, 1e300, 1e-300, 3.0, 1.0, 1.0, -1.5])
    got = companion.signs(poly, [a, b])
    # the same signs as the double-double tier alone, which also handles NaN and inf
    assert got.tolist() == companion._dd_signs(poly, [a, b]).tolist()
    finite = np.isfinite(a)
    assert got[finite].tolist() == [_exact_sign(poly, [float(x), float(y)])
                                    for x, y in zip(a[finite], b[finite])]
    # shapes are kept, and a coefficient past the plain tier's range goes to double-double
    assert companion.signs(poly, [a.reshape(2, 5), b.reshape(2, 5)]).shape == (2, 5)
    big = companion.TermPolynomial([(Fraction(2) ** 70, (1,)), (-1, (0,))], 1)
    assert big.plain_exponent() is None
    assert companion.signs(big, [np.array([2.0 ** -70, 1.0, 0.0])]).tolist() == [0, 1, -1]


def test_signs_where_the_plain_value_has_the_wrong_sign_or_underflows():
    # p = x y / 3 + w x - z with z the plain value of the rest, a few ulp aside: the
    # plain sign is often wrong there (asserted, so this test can catch a plain tier
    # that trusts it), and signs() must still give the exact one.
    rng = np.random.default_rng(17)
    poly = companion.TermPolynomial([(Fraction(1, 3), (1, 1, 0, 0)), (1, (1, 0, 1, 0)),
                                     (-1, (0, 0, 0, 1))], 4)
    x, y, w = (rng.uniform(-4.0, 4.0, 3000) for _ in range(3))
    rest = (1 / 3) * (x * y) + w * x
    z = rest + rng.integers(-3, 4, rest.size) * np.spacing(rest)
    xs = [x, y, w, z]
    want = [_exact_sign(poly, [float(v[j]) for v in xs]) for j in range(x.size)]
    plain = np.sign(poly.plain(xs)[0]).astype(int)
    assert (plain != want).sum() > 100
    assert companion.signs(poly, xs).tolist() == want
    # x y z - w where x y underflows to 0 in doubles but x y z does not
    cubic = companion.TermPolynomial([(1, (1, 1, 1, 0)), (-1, (0, 0, 0, 1))], 4)
    xs = [np.array([2.0 ** -600, 2.0 ** 600]), np.array([2.0 ** -600, 2.0 ** 600]),
          np.array([2.0 ** 1000, 2.0 ** -1000]), np.array([2.0 ** -201, 2.0 ** 199])]
    assert companion.signs(cubic, xs).tolist() == [1, 1]


def test_converges_is_the_double_double_decision_at_random_and_edge_points(method):
    rng = np.random.default_rng(31)
    params = _params(method, rng, 4000)
    h = rng.uniform(-0.5, 5.0, 4000)
    h[:300] = 2 + 2 * params[method.params[0]][:300] if method.params else 2.0
    xs = _internal(method, h, params)
    want = np.ones(h.size, dtype=bool)
    for poly in method.spec.jury:
        want &= companion._dd_signs(poly, [np.broadcast_to(x, h.shape).reshape(-1) for x in xs]) > 0
    assert np.array_equal(method.converges(h, **params), want)


def test_a_rule_with_coefficients_that_are_not_doubles_keeps_the_8_ulp_contract():
    # beta/3 and eta/10 are not doubles: the generic path's error bound counts their
    # rounding (TermPolynomial.plain), so its plain pass may keep only points it can vouch for.
    eta, beta, gamma = sp.symbols("eta beta gamma", real=True)

    def thirds(x, x_prev, grad):
        return x + beta / 3 * (x - x_prev) - eta / 10 * grad(x + gamma / 3 * (x - x_prev))

    m = methods.from_update(thirds, [eta, beta, gamma], name="user_thirds_radius")
    assert affine.two_step_form(m.spec.trace, m.spec.det) is None     # the generic pass
    rng = np.random.default_rng(23)
    h = rng.uniform(0.0, 40.0, 300)
    params = _params(m, rng, h.size)
    hard_h, hard_p = _adversarial(m, rng, draws=15)
    for hh, pp in ((h, params), (hard_h, hard_p)):
        xs = _internal(m, hh, pp)
        assert max_ulps(m.spectral_radius(hh, **pp), _reference(m, xs)) <= 8
