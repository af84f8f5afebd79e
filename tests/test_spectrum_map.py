"""The whole-spectrum worst rate (momentum_theory.spectrum_map) and its plot (plots.spectrum).

Every number is checked another way: dense sampling of lambda (the exact value
is >= every sample and a zoom into the best sample reaches it), eigenvalues from
numpy.linalg.eigvals, the methods package's own worst_rate, the SymPy
derivation of heavy ball's regions, and Polyak's closed form.
"""
import math

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

import momentum_theory as mt
from momentum_theory import methods
from momentum_theory import spectrum_map as sm
from momentum_theory.plots.spectrum import spectrum_rate_map, spectrum_view

matplotlib.use("Agg")

AFFINE = ["heavy_ball", "nesterov", "qhm", "two_step"]


def _eig_radius(record, h, beta, params=None):
    """max |eigenvalue| of the record's companion matrix, by numpy.linalg.eigvals."""
    mats = record.matrix(np.asarray(h, dtype=float), beta=beta, **(params or {}))
    return np.abs(np.linalg.eigvals(mats)).max(axis=-1)


def _sampled_max(record, mu, L, eta, beta, params=None, n=4001):
    """Largest radius over n curvatures, then a zoom into the best cell: (sampled, zoomed)."""
    params = params or {}
    lam = np.linspace(mu, L, n)
    rho = np.asarray(record.spectral_radius(eta * lam, beta=beta, **params))
    i = int(np.argmax(rho))
    sampled = float(rho[i])
    lo, hi, best = lam[max(i - 1, 0)], lam[min(i + 1, n - 1)], sampled
    for _ in range(12):
        x = np.linspace(lo, hi, 101)
        y = np.asarray(record.spectral_radius(eta * x, beta=beta, **params))
        k = int(np.argmax(y))
        best = max(best, float(y[k]))
        lo, hi = x[max(k - 1, 0)], x[min(k + 1, 100)]
    return sampled, best


POINTS = [  # (method, mu, L, eta, beta, params): every region of heavy ball and Nesterov
    ("heavy_ball", 1.0, 100.0, 0.01, 0.5, {}),        # smallest
    ("heavy_ball", 1.0, 100.0, 0.0298, 0.5, {}),      # largest
    ("heavy_ball", 1.0, 100.0, 0.02, 0.9, {}),        # complex
    ("heavy_ball", 1.0, 100.0, 0.0295, 0.3, {}),      # ends on both sides of the band
    ("heavy_ball", 1.0, 10.0, 0.1, -0.3, {}),         # negative beta: real roots only
    ("nesterov", 1.0, 100.0, 0.01, 0.9, {}),
    ("nesterov", 1.0, 100.0, 0.005, 0.5, {}),
    ("nesterov", 1.0, 100.0, 0.0132, 0.8, {}),
    ("qhm", 1.0, 50.0, 0.05, 0.8, {"nu": 0.7}),
    ("two_step", 1.0, 50.0, 0.02, 0.7, {"gamma": 0.3}),
]


@pytest.mark.parametrize("name, mu, L, eta, beta, params", POINTS)
def test_exact_against_dense_sampling_and_a_zoom(name, mu, L, eta, beta, params):
    record = methods.get(name)
    exact = float(sm.worst_rate_map(mu, L, eta, beta, method=name, **params))
    sampled, zoomed = _sampled_max(record, mu, L, eta, beta, params)
    assert exact >= sampled - 1e-14          # never below a sample
    assert exact >= zoomed - 1e-14
    dh = eta * (L - mu) / 4000               # sampling step in h: sqrt-kinks, slope <= ~4
    assert exact - sampled <= 2.0 * math.sqrt(dh) + 5.0 * dh
    assert exact - zoomed <= 1e-7            # the zoom finds the value the exact map gives


@pytest.mark.parametrize("name, mu, L, eta, beta, params", POINTS)
def test_exact_against_eigvals(name, mu, L, eta, beta, params):
    record = methods.get(name)
    exact = float(sm.worst_rate_map(mu, L, eta, beta, method=name, **params))
    lam = np.linspace(mu, L, 20001)
    by_eig = _eig_radius(record, eta * lam, beta, params)
    assert by_eig.max() <= exact + 1e-12
    assert exact - by_eig.max() <= 2.0 * math.sqrt(eta * (L - mu) / 20000) + 1e-9
    code = int(sm.worst_rate_regions(mu, L, eta, beta, method=name, **params)[0])
    if code in (sm.SMALLEST, sm.LARGEST):    # the rate is the radius at that end
        end = mu if code == sm.SMALLEST else L
        assert abs(exact - float(_eig_radius(record, eta * end, beta, params))) < 1e-12


def test_heavy_ball_against_the_chapters_matrix_R():
    # R acts on (v, x) (the chapter's form), not on (x_t, x_{t-1}): an independent matrix.
    mu, L = 1.0, 100.0
    rng = np.random.default_rng(3)
    for _ in range(40):
        eta, beta = rng.uniform(0.001, 0.04), rng.uniform(-0.5, 0.99)
        exact = float(sm.worst_rate_map(mu, L, eta, beta))
        lam = np.linspace(mu, L, 4001)
        R = mt.transition_matrix(eta, lam, beta)
        rho = np.abs(np.linalg.eigvals(R)).max(axis=-1)
        assert rho.max() <= exact + 1e-12
        assert exact - rho.max() <= 2.0 * math.sqrt(eta * (L - mu) / 4000) + 1e-9


@pytest.mark.parametrize("name, params", [("heavy_ball", {}), ("nesterov", {}),
                                          ("qhm", {"nu": 0.5})])
def test_equals_the_methods_package_worst_rate(name, params):
    # The record's worst_rate: the same ends and critical points, plus a grid.
    record = methods.get(name)
    rng = np.random.default_rng(7)
    eta = rng.uniform(0.001, 0.05, 30)
    beta = rng.uniform(0.0, 0.98, 30)
    mapped = sm.worst_rate_map(1.0, 100.0, eta, beta, method=name, **params)
    for e, b, m in zip(eta, beta, mapped):
        assert float(m) == pytest.approx(record.worst_rate(1.0, 100.0, e, beta=b, **params),
                                         rel=1e-13, abs=1e-13)


def test_broadcasting_and_scalar_results():
    eta = np.linspace(0.001, 0.04, 7)
    beta = np.linspace(0.0, 0.95, 5)
    grid = sm.worst_rate_map(1.0, 100.0, eta[None, :], beta[:, None])
    assert grid.shape == (5, 7)
    one = [float(sm.worst_rate_map(1.0, 100.0, e, b)) for b in beta for e in eta]
    assert grid.ravel().tolist() == one
    assert np.ndim(sm.worst_rate_map(1.0, 100.0, 0.01, 0.5)) == 0
    codes, names = sm.worst_rate_regions(1.0, 100.0, eta[None, :], beta[:, None])
    assert codes.shape == (5, 7) and codes.dtype == np.int8 and len(names) == 4


# --- the regions against their definitions -----------------------------------------------

def _derived_predicates():
    d = sm.derive_regions()
    names = ("smallest_region", "largest_region", "complex_region", "diverges_region")
    out = []
    for key in names:
        expr = d.result[key]
        symbols = {s.name: s for s in expr.free_symbols}
        args = [symbols.get(n, sp.Symbol(n)) for n in ("eta", "beta", "mu", "L")]
        out.append(sp.lambdify(args, expr, modules="numpy"))
    return out


def _far_from_curves(eta, beta, mu, L, margin=1e-6):
    s = np.sqrt(np.maximum(beta, 0.0))
    curves = [(1 - s) ** 2 / mu, (1 + s) ** 2 / L, 2 * (1 + beta) / (mu + L), 2 * (1 + beta) / L]
    return np.all([np.abs(eta - c) > margin * c for c in curves], axis=0)


def test_heavy_ball_codes_match_the_derived_regions():
    mu, L = 1.0 / 100.0, 1.0
    rng = np.random.default_rng(11)
    eta = rng.uniform(0.01, 4.2, 20000)
    # beta to 3 decimals: the intervals of h are solved exactly once per distinct beta
    # (about 0.1 ms each), so 20000 distinct values cost 2 s and these at most 991 0.1 s.
    beta = np.round(rng.uniform(0.0, 0.99, 20000), 3)
    keep = _far_from_curves(eta, beta, mu, L)
    eta, beta = eta[keep], beta[keep]
    codes, _ = sm.worst_rate_regions(mu, L, eta, beta)
    predicates = _derived_predicates()
    truth = np.array([np.broadcast_to(p(eta, beta, mu, L), eta.shape) for p in predicates])
    assert (truth.sum(axis=0) == 1).all()                  # the derived regions tile the plane
    assert (codes == np.argmax(truth, axis=0)).all()
    assert set(np.unique(codes).tolist()) == {0, 1, 2, 3}   # every region was hit


def test_heavy_ball_complex_code_means_the_whole_spectrum_is_in_the_band():
    mu, L = 1.0, 30.0
    rng = np.random.default_rng(5)
    eta = rng.uniform(0.001, 0.14, 5000)
    beta = np.round(rng.uniform(0.0, 0.99, 5000), 3)   # at most 991 distinct (see above)
    keep = _far_from_curves(eta, beta, mu, L)
    eta, beta = eta[keep], beta[keep]
    codes, _ = sm.worst_rate_regions(mu, L, eta, beta)
    rates = sm.worst_rate_map(mu, L, eta, beta)
    s = np.sqrt(beta)
    inside = ((1 - s) ** 2 <= eta * mu) & (eta * L <= (1 + s) ** 2)
    assert ((codes == sm.COMPLEX) == inside).all()
    assert np.allclose(rates[inside], s[inside], rtol=1e-14)     # rho = sqrt(beta) there
    assert (rates[~inside & (codes != sm.DIVERGES)] > s[~inside & (codes != sm.DIVERGES)]).all()


@pytest.mark.parametrize("name, params", [("nesterov", {}), ("qhm", {"nu": 0.7}),
                                          ("two_step", {"gamma": 0.4})])
def test_generic_codes_against_their_definitions(name, params):
    # smallest / largest: the rate is that end's radius, its roots real (eigvals);
    # complex: the rate is |eig| at a curvature with complex roots and no end is larger;
    # diverges: some sampled curvature has a radius >= 1 (points near the edge skipped).
    record = methods.get(name)
    mu, L = 1.0, 40.0
    rng = np.random.default_rng(13)
    seen = set()
    for _ in range(150):
        eta, beta = rng.uniform(0.001, 0.06), rng.uniform(0.0, 0.98)
        rate = float(sm.worst_rate_map(mu, L, eta, beta, method=name, **params))
        code = int(sm.worst_rate_regions(mu, L, eta, beta, method=name, **params)[0])
        lam = np.linspace(mu, L, 2001)
        eig = np.linalg.eigvals(record.matrix(eta * lam, beta=beta, **params))
        radius = np.abs(eig).max(axis=-1)
        if abs(radius.max() - 1.0) < 1e-3:
            continue
        seen.add(code)
        if code == sm.DIVERGES:
            assert radius.max() >= 1.0
            continue
        assert radius.max() < 1.0
        complex_roots = np.abs(eig[:, 0].imag) > 1e-12
        if code in (sm.SMALLEST, sm.LARGEST):
            i = 0 if code == sm.SMALLEST else -1
            assert not complex_roots[i]
            assert rate == pytest.approx(radius[i], abs=1e-12)
            assert radius[i] >= radius.max() - 1e-12
        else:
            assert rate >= radius.max() - 1e-12
            near = complex_roots & (radius >= radius.max() - 2e-3)
            assert near.any()                     # the worst sample has complex roots
    assert {sm.SMALLEST, sm.COMPLEX, sm.DIVERGES} <= seen


def test_region_names():
    names = sm.worst_rate_regions(1.0, 10.0, 0.1, 0.5)[1]
    assert names == sm.REGION_NAMES
    assert names[sm.COMPLEX] == "complex roots at sqrt(beta)"
    nesterov = sm.worst_rate_regions(1.0, 10.0, 0.1, 0.5, method="nesterov")[1]
    assert nesterov[sm.COMPLEX].startswith("complex roots at sqrt(") and "h" in nesterov[sm.COMPLEX]


# --- a property ---------------------------------------------------------------------------

@settings(max_examples=60, deadline=None)
@given(kappa=st.floats(1.0, 1e4), eta_scale=st.floats(0.01, 4.5), beta=st.floats(-0.9, 0.99),
       cut=st.tuples(st.floats(0.0, 1.0), st.floats(0.0, 1.0)),
       name=st.sampled_from(["heavy_ball", "nesterov"]))
def test_worst_rate_bounds_every_curvature_and_shrinks_with_the_spectrum(kappa, eta_scale, beta,
                                                                         cut, name):
    mu, L = 1.0 / kappa, 1.0
    eta = eta_scale / L
    whole = float(sm.worst_rate_map(mu, L, eta, beta, method=name))
    a, b = sorted(cut)
    sub_mu, sub_L = mu + a * (L - mu), mu + b * (L - mu)
    if sub_mu > 0 and sub_L >= sub_mu:
        part = float(sm.worst_rate_map(sub_mu, sub_L, eta, beta, method=name))
        assert part <= whole + 1e-12 * max(1.0, whole)
        record = methods.get(name)
        for lam in (sub_mu, sub_L, 0.5 * (sub_mu + sub_L)):
            assert float(record.spectral_radius(eta * lam, beta=beta)) <= whole + 1e-12 * max(1, whole)
    code = int(sm.worst_rate_regions(mu, L, eta, beta, method=name)[0])
    assert (code == sm.DIVERGES) == (not (whole < 1.0)) or abs(whole - 1.0) < 1e-12


@settings(max_examples=40, deadline=None)
@given(beta=st.floats(-0.95, 0.99), gamma=st.floats(-1.0, 2.0), eta=st.floats(0.002, 0.2),
       L=st.floats(1.0, 200.0))
def test_the_ends_suffice_for_the_whole_two_step_family(beta, gamma, eta, L):
    # No interior curvature beats the ends, whatever the family member (a zoom would find it).
    record = methods.get("two_step")
    exact = float(sm.worst_rate_map(1.0, L, eta, beta, method="two_step", gamma=gamma))
    sampled, zoomed = _sampled_max(record, 1.0, L, eta, beta, {"gamma": gamma}, n=2001)
    scale = max(1.0, exact)
    assert exact >= zoomed - 1e-14 * scale
    assert exact - zoomed <= 1e-7 * scale


# --- the optimum ---------------------------------------------------------------------------

@pytest.mark.parametrize("kappa", [4.0, 100.0, 2500.0])
def test_polyak_optimum_on_the_map(kappa):
    g = sm.spectrum_rate_grid(kappa, n=120)
    polyak = (math.sqrt(kappa) - 1) / (math.sqrt(kappa) + 1)
    assert g.optimum.source == "closed form"
    assert g.optimum.rate == pytest.approx(polyak, rel=1e-15)
    assert g.optimum.eta == pytest.approx(4 / (1 + math.sqrt(g.mu)) ** 2, rel=1e-15)
    assert g.optimum.params["beta"] == pytest.approx(polyak ** 2, rel=1e-14)
    # the exact map at Polyak's tuning: his rate (up to the sqrt(eps) of rounding eta*lambda)
    assert abs(g.optimum_rate - polyak) < 1e-7
    # no grid point beats it, and the grid's best is near it
    assert g.rate.min() >= polyak - 1e-12
    assert g.rate.min() - polyak < 0.05 * (1 - polyak)
    # a fine local grid around it: still nothing below
    eta = g.optimum.eta * np.linspace(0.98, 1.02, 81)
    beta = g.optimum.params["beta"] + np.linspace(-0.01, 0.01, 81) * (1 - polyak)
    local = sm.worst_rate_map(g.mu, g.L, eta[None, :], beta[:, None])
    assert local.min() >= polyak - 1e-9
    assert sm.worst_rate_regions(g.mu, g.L, g.optimum.eta, g.optimum.params["beta"])[0] != 3


def test_polyak_point_from_the_derivation():
    d = sm.derive_regions()
    point = {"mu": 0.01, "L": 1.0, "kappa": 100.0}
    values = {k: float(d.result[k].subs({s: point[s.name] for s in d.result[k].free_symbols}))
              for k in ("eta_star", "beta_star", "rate_star")}
    t = mt.heavy_ball_optimal(0.01, 1.0)
    assert values["eta_star"] == pytest.approx(t.eta, rel=1e-14)
    assert values["beta_star"] == pytest.approx(t.beta, rel=1e-14)
    assert values["rate_star"] == pytest.approx(t.rate, rel=1e-14)


def test_nesterov_optimum_on_the_map():
    g = sm.spectrum_rate_grid(100.0, n=80, method="nesterov")
    closed = 1 - 2 / math.sqrt(3 * 100 + 1)
    assert g.optimum.rate == pytest.approx(closed, rel=1e-14)
    assert abs(g.optimum_rate - closed) < 1e-7
    assert g.rate.min() >= closed - 1e-12


def test_a_method_without_a_closed_form_gets_the_numeric_minimax():
    g = sm.spectrum_rate_grid(20.0, n=40, method="qhm", nu=0.7)
    assert g.optimum.source == "numeric minimax"
    assert g.optimum.params["nu"] == 0.7
    assert abs(g.optimum_rate - g.optimum.rate) < 1e-9
    assert g.rate.min() >= g.optimum.rate - 1e-6


# --- the curves against the derivation -------------------------------------------------------

def test_heavy_ball_curves_equal_the_derived_ones():
    g = sm.spectrum_rate_grid(100.0, n=50)
    d = sm.derive_regions()
    b = g.beta
    for key in ("mu_end_enters_band", "L_end_leaves_band", "equal_end_rates", "stability_edge"):
        expr = d.result[key].rhs
        symbols = {s.name: s for s in expr.free_symbols}
        f = sp.lambdify([symbols.get(n, sp.Symbol(n)) for n in ("beta", "mu", "L")], expr)
        derived = np.broadcast_to(f(b, g.mu, g.L), b.shape)
        numeric = g.curves[key]
        ok = np.isfinite(numeric)
        assert ok.sum() >= 10
        assert np.allclose(numeric[ok], derived[ok], rtol=1e-9 if key == "equal_end_rates" else 1e-14)
    # the equal-rate line exists exactly below Polyak's beta, where the ends straddle the band
    below = b < g.optimum.params["beta"]
    assert np.isfinite(g.curves["equal_end_rates"][below]).all()
    assert np.isnan(g.curves["equal_end_rates"][~below]).all()


def test_derivation_checks_and_conditions():
    d = sm.derive_regions()
    assert d.name == "spectrum_regions"
    assert all(v == 0 or v is sp.true for v in d.checks.values())
    assert len(d.checks) == 7
    assert "sqrt" in str(d.result["mu_end_enters_band"])


def test_grid_record_displays_and_shares():
    g = sm.spectrum_rate_grid(100.0, n=30)
    text = str(g)
    assert "kappa = 100" in text and "0.818182" in text
    assert repr(g).startswith("<SpectrumRateGrid heavy_ball")
    shares = g.shares()
    assert sum(shares.values()) == pytest.approx(1.0)
    assert set(shares) == set(g.names)
    assert g.eta.shape == (30,) and g.rate.shape == (30, 30) and g.region.shape == (30, 30)
    from html.parser import HTMLParser

    cells = []

    class Cells(HTMLParser):
        def handle_data(self, data):
            cells.append(data)

    Cells().feed(g._repr_html_())
    assert "complex roots at sqrt(beta)" in cells and any("0.818182" in c for c in cells)
    share = shares["complex roots at sqrt(beta)"]
    assert f"{share:.1%}" in cells


# --- bad inputs name the argument ------------------------------------------------------------

@pytest.mark.parametrize("kwargs, exc, word", [
    (dict(mu=0.0), ValueError, "mu"),
    (dict(mu=math.nan), ValueError, "mu"),
    (dict(L=0.5), ValueError, "L"),
    (dict(eta=-0.1), ValueError, "eta"),
    (dict(eta=math.inf), ValueError, "eta"),
    (dict(eta="0.1"), TypeError, "eta"),
    (dict(beta=math.nan), ValueError, "beta"),
    (dict(beta=True), TypeError, "beta"),
    (dict(eta=[0.1, 0.2], beta=[0.1, 0.2, 0.3]), ValueError, "eta"),
    (dict(method="nope"), ValueError, "method"),
    (dict(method=3), TypeError, "method"),
    (dict(method="gd"), ValueError, "beta"),
    (dict(method="triple_momentum"), ValueError, "beta"),
    (dict(method="qhm", nu=math.nan), ValueError, "nu"),
    (dict(gamma=0.5), TypeError, "gamma"),
])
@pytest.mark.parametrize("fn", [sm.worst_rate_map, sm.worst_rate_regions])
def test_bad_inputs_name_the_argument(fn, kwargs, exc, word):
    call = dict(mu=1.0, L=10.0, eta=0.1, beta=0.5)
    call.update(kwargs)
    with pytest.raises(exc, match=rf"\b{word}\b"):
        fn(**call)


@pytest.mark.parametrize("kwargs, exc, word", [
    (dict(kappa=0.5), ValueError, "kappa"),
    (dict(kappa=math.inf), ValueError, "kappa"),
    (dict(n=1), ValueError, "n"),
    (dict(n=2.5), TypeError, "n"),
    (dict(beta_range=(0.5, 0.1)), ValueError, "beta_range"),
    (dict(beta_range=0.5), TypeError, "beta_range"),
    (dict(eta_max=-1.0), ValueError, "eta_max"),
    (dict(method="gd"), ValueError, "beta"),
])
def test_grid_bad_inputs_name_the_argument(kwargs, exc, word):
    call = dict(kappa=10.0, n=10)
    call.update(kwargs)
    with pytest.raises(exc, match=rf"\b{word}\b"):
        sm.spectrum_rate_grid(**call)


# --- the plot --------------------------------------------------------------------------------

def test_spectrum_view_draws_the_grid():
    g = sm.spectrum_rate_grid(100.0, n=60)
    left, right = spectrum_view(g, cmap="magma")
    try:
        mesh = left.collections[0]
        drawn = np.ma.masked_array(mesh.get_array()).reshape(g.rate.shape)
        diverges = g.region == sm.DIVERGES
        assert (np.ma.getmaskarray(drawn) == diverges).all()
        assert np.array_equal(drawn.data[~diverges], g.rate[~diverges])
        assert mesh.get_cmap().name == "magma"                  # kwargs reach pcolormesh
        star = [ln for ln in left.get_lines() if ln.get_label().startswith("optimum")][0]
        assert star.get_xdata()[0] == g.optimum.eta and star.get_ydata()[0] == g.optimum.params["beta"]
        texts = [t.get_text() for t in left.texts]
        assert "complex roots at sqrt(beta)" in texts and "set by the smallest eigenvalue" in texts
        legend = [t.get_text() for t in left.get_legend().get_texts()]
        assert any("(1-\\sqrt{\\beta})^2" in t for t in legend)
        # right: the chapter's map, and the optimum's spectrum as a segment
        assert right.images[0].get_array().shape == (60, 60)
        segment = [ln for ln in right.get_lines() if ln.get_label().startswith("spectrum")][0]
        assert np.allclose(segment.get_xdata(), [g.optimum.eta * g.mu, g.optimum.eta * g.L])
        assert right.get_xlim()[1] == pytest.approx(g.eta[-1] * g.L, rel=0.02)
    finally:
        plt.close(left.figure)


def test_spectrum_view_for_nesterov_uses_the_method_map():
    g = sm.spectrum_rate_grid(100.0, n=40, method="nesterov")
    fig, axes = plt.subplots(1, 2)
    try:
        out = spectrum_view(g, axes=axes, colorbar=False)
        assert list(out) == list(axes)
        assert "nesterov" in out[1].get_title()
        assert "heavy ball" not in " ".join(t.get_text() for t in out[0].get_legend().get_texts())
    finally:
        plt.close(fig)


def test_plot_bad_inputs():
    g = sm.spectrum_rate_grid(10.0, n=10)
    with pytest.raises(TypeError, match="data"):
        spectrum_rate_map(np.zeros((3, 3)))
    with pytest.raises(TypeError, match="axes"):
        spectrum_view(g, axes=[1, 2])
    with pytest.raises(TypeError, match="colorbar"):
        spectrum_rate_map(g, colorbar="yes")
    plt.close("all")


def test_the_derived_band_is_the_regimes_critical_damping():
    from momentum_theory.regimes import derive_critical_damping
    from momentum_theory.symbolic import beta

    s = [x for x in sm.derive_regions().steps["discriminant_in_s"].free_symbols if x.name == "s"][0]
    band = [b.subs(s, sp.sqrt(beta)) for b in sm.derive_regions().steps["complex_band"]]
    curves = derive_critical_damping().result["curves"]
    assert all(sp.simplify(a - b) == 0 for a, b in zip(band, curves))


def test_heavy_ball_form_is_read_off_the_coefficients_not_the_name():
    # heavy ball and two_step at gamma = 0 have T = 1 + beta - h, D = beta; Nesterov and
    # two_step at gamma != 0 do not, so the derived heavy-ball curves must not be drawn for them
    kappa = 25.0
    assert mt.spectrum_map.spectrum_rate_grid(kappa, n=12).heavy_ball_form
    assert mt.spectrum_map.spectrum_rate_grid(kappa, n=12, method="two_step", gamma=0.0).heavy_ball_form
    assert not mt.spectrum_map.spectrum_rate_grid(kappa, n=12, method="two_step",
                                               gamma=0.3).heavy_ball_form
    assert not mt.spectrum_map.spectrum_rate_grid(kappa, n=12, method="nesterov").heavy_ball_form
