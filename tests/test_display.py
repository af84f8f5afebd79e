"""Results display themselves: ``str()`` for a terminal, HTML and LaTeX for Jupyter.

Covers the result objects of ``tuning`` (heavy ball, gradient descent, the
numerical optimum), ``accelerated`` (Nesterov's tuning and derivations),
``regimes`` (the critical-damping derivation), ``methods`` (a record's region
derivation) and ``noise`` (the covariance derivation and both Monte Carlo
estimates). Derivations themselves are tested in ``test_symbolic.py``. Each display is checked for the numbers it must show,
HTML for being well-formed with a table holding those numbers, LaTeX for its
``$`` delimiters.
"""
from html.parser import HTMLParser

import pytest
from hypothesis import given, strategies as st

from momentum_theory import accelerated, methods, noise, regimes, tuning
from momentum_theory.symbolic import Derivation

# Elements that take no closing tag; none of our displays should need another.
VOID = {"br", "hr", "img", "meta", "input", "wbr"}


class _TableReader(HTMLParser):
    """Checks that tags nest properly and collects every table's rows of cell text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open = []
        self.tables = []
        self.cell = None
        self.errors = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        self.open.append(tag)
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            if not self.tables:
                self.errors.append("<tr> outside a table")
            else:
                self.tables[-1].append([])
        elif tag in ("td", "th"):
            if not (self.tables and self.tables[-1]):
                self.errors.append(f"<{tag}> outside a row")
            self.cell = []

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.open or self.open[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.open[-1] if self.open else 'nothing'}")
            return
        self.open.pop()
        if tag in ("td", "th") and self.tables and self.tables[-1]:
            self.tables[-1][-1].append("".join(self.cell).strip())
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def read_tables(markup):
    """The tables of ``markup`` as lists of rows of cell text; fails if it is not well-formed."""
    assert isinstance(markup, str) and markup.strip()
    reader = _TableReader()
    reader.feed(markup)
    reader.close()
    assert not reader.errors, reader.errors
    assert not reader.open, f"unclosed: {reader.open}"
    return reader.tables


def assert_latex(text):
    """Inline or display math, delimited for Jupyter, with balanced braces."""
    assert isinstance(text, str)
    assert text.startswith("$") and text.endswith("$") and len(text.strip("$")) > 0
    body = text[2:-2] if text.startswith("$$") else text[1:-1]
    assert "$" not in body
    depth = 0
    for i, ch in enumerate(body):
        if ch in "{}" and (i == 0 or body[i - 1] != "\\"):
            depth += 1 if ch == "{" else -1
            assert depth >= 0, body
    assert depth == 0, body


# --------------------------------------------------------------------- tunings

TUNINGS = {
    "heavy_ball": lambda: tuning.heavy_ball_optimal(1.0, 16.0),
    "gd": lambda: tuning.gd_optimal(1.0, 16.0),
    "nesterov": lambda: accelerated.nesterov_optimal(1.0, 16.0),
    "numeric": lambda: tuning.minimize_worst_rate(1.0, 16.0),
}


@pytest.mark.parametrize("make", TUNINGS.values(), ids=TUNINGS.keys())
def test_tuning_displays_its_numbers(make):
    t = make()
    steps = str(t.steps(1e-6))
    numbers = [f"{t.eta:.6g}", f"{t.beta:.6g}", f"{t.rate:.6g}", steps]

    text = str(t)
    assert text != repr(t) and "Tuning(" not in text
    for number in numbers + ["[1, 16]", "kappa = 16"]:
        assert number in text

    (table,) = read_tables(t._repr_html_())
    header, row = table
    assert len(header) == len(row) == 4
    assert header[:2] == ["η", "β"] and "ρ" in header[2]
    assert row == numbers

    tex = t._repr_latex_()
    assert_latex(tex)
    for symbol, value in ((r"\eta", t.eta), (r"\beta", t.beta), (r"\rho", t.rate)):
        assert f"{symbol} = {value:.6g}" in tex
    assert r"\kappa = 16" in tex


def test_tuning_names_its_method():
    assert str(tuning.heavy_ball_optimal(1, 100)).startswith("heavy ball tuning")
    assert str(tuning.gd_optimal(1, 100)).startswith("gradient descent tuning")
    assert str(accelerated.nesterov_optimal(1, 100)).startswith("Nesterov tuning")
    numeric = tuning.minimize_worst_rate(1, 100, method="nesterov")
    assert str(numeric).startswith("Nesterov (numerical optimum) tuning")
    # A user's own method name is shown as given, and escaped where it is markup.
    own = tuning.Tuning(eta=0.1, beta=0.5, rate=0.9, mu=1.0, L=10.0, method="my_rule <&>")
    assert str(own).startswith("my_rule <&> tuning")
    assert "my_rule &lt;&amp;&gt;" in own._repr_html_()
    read_tables(own._repr_html_())
    tex = own._repr_latex_()
    assert_latex(tex)
    assert r"my\_rule <\&>" in tex


def test_tuning_that_never_converges_and_extreme_numbers():
    # rate rounds to 1 for kappa = 10^600 (gradient descent): no step count.
    t = tuning.gd_optimal(1e-300, 1e300)
    assert t.rate == 1.0
    assert "never" in str(t) and "kappa = inf" in str(t)
    (table,) = read_tables(t._repr_html_())
    assert table[1][-1] == "never"
    tex = t._repr_latex_()
    assert_latex(tex)
    # Exponents are written as powers of ten, infinity as \infty.
    assert r"2 \cdot 10^{-300}" in tex and r"\kappa = \infty" in tex
    assert "e-" not in tex and "inf)" not in tex


@given(mu=st.floats(1e-6, 1e3), spread=st.floats(1.0, 1e6),
       make=st.sampled_from([tuning.heavy_ball_optimal, tuning.gd_optimal,
                             accelerated.nesterov_optimal]))
def test_any_closed_form_tuning_displays(mu, spread, make):
    t = make(mu, mu * spread)
    assert f"eta = {t.eta:.6g}" in str(t) and f"worst rate = {t.rate:.6g}" in str(t)
    (table,) = read_tables(t._repr_html_())
    assert table[1][:3] == [f"{t.eta:.6g}", f"{t.beta:.6g}", f"{t.rate:.6g}"]
    assert_latex(t._repr_latex_())


# ---------------------------------------------------------- derivations elsewhere

DERIVATIONS = {
    "gd_optimal": tuning.derive_gd_optimal,
    "heavy_ball_optimal": tuning.derive_heavy_ball_optimal,
    "nesterov_matrix": accelerated.derive_nesterov_matrix,
    "nesterov_region": accelerated.derive_nesterov_region,
    "nesterov_optimal": accelerated.derive_nesterov_optimal,
    "critical_damping": regimes.derive_critical_damping,
    "qhm_region": lambda: methods.get("qhm").region(),
}


@pytest.mark.parametrize("derive", DERIVATIONS.values(), ids=DERIVATIONS.keys())
def test_derivations_of_the_analysis_modules_display(derive):
    d = derive()
    assert isinstance(d, Derivation)
    text = str(d)
    assert text == d.pretty(use_unicode=True)  # pytest's captured stdout is UTF-8
    assert text.splitlines()[0].startswith(d.name) and "=> " in text
    assert len(text.splitlines()) > len(d.steps)
    assert_latex(d._repr_latex_())


# ------------------------------------------------------------------------ noise

def test_covariance_derivation_displays():
    d = noise.derive_stationary_covariance()
    text = str(d)
    assert "CovarianceDerivation(" not in text
    assert text.splitlines()[0] == "stationary covariance of (v, x) under noisy momentum"
    assert "Var(x_inf) =" in text and "P =" in text
    assert "η" in text and "σ" in text  # pretty-printed, not sympy.sstr
    assert_latex(d._repr_latex_())


@pytest.fixture(scope="module")
def monte_carlo():
    return noise.simulate_stationary_covariance(0.1, 1.0, 0.5, chains=2000, seed=4)


def test_monte_carlo_covariance_displays(monte_carlo):
    mc = monte_carlo
    text = str(mc)
    assert "MonteCarloCovariance(" not in text and "array(" not in text
    assert f"{mc.chains} chains" in text and f"{mc.burn_in} burn-in steps" in text
    for name, (i, j) in (("P_vv", (0, 0)), ("P_vx", (0, 1)), ("P_xx", (1, 1))):
        line = next(li for li in text.splitlines() if li.strip().startswith(name))
        for number in (mc.covariance[i, j], mc.stderr[i, j], mc.lower[i, j], mc.upper[i, j]):
            assert f"{number:.4g}" in line
    assert "99% interval" in text

    (table,) = read_tables(mc._repr_html_())
    header, *rows = table
    assert header == ["entry", "estimate", "standard error", "99% interval"]
    assert [r[0] for r in rows] == ["Pvv", "Pvx", "Pxx"]
    assert rows[2][1:] == [f"{mc.covariance[1, 1]:.4g}", f"{mc.stderr[1, 1]:.4g}",
                           f"[{mc.lower[1, 1]:.4g}, {mc.upper[1, 1]:.4g}]"]

    tex = mc._repr_latex_()
    assert_latex(tex)
    assert r"\begin{pmatrix}" in tex and tex.count(r"\pm") == 5


def test_noise_floor_estimate_displays():
    est = noise.simulate_noise_floor(0.1, 0.5, [1.0, 4.0], chains=1000, seed=2)
    lo, hi = est.interval()
    text = str(est)
    assert "NoiseFloorEstimate(" not in text
    for number in (f"{est.mean:.3g}", f"{est.stderr:.3g}", f"{lo:.3g}", f"{hi:.3g}",
                   f"{est.chains} chains", f"{est.burn_in} burn-in"):
        assert number in text

    (table,) = read_tables(est._repr_html_())
    header, row = table
    assert header[0] == "mean loss" and "σ" in header[2]
    assert row == [f"{est.mean:.4g}", f"{est.stderr:.4g}", f"[{lo:.4g}, {hi:.4g}]",
                   str(est.chains), str(est.burn_in)]

    tex = est._repr_latex_()
    assert_latex(tex)
    assert f"{est.mean:.4g} \\pm {est.stderr:.4g}" in tex


def test_small_numbers_are_powers_of_ten_in_latex():
    est = noise.NoiseFloorEstimate(mean=2.5e-9, stderr=3e-11, chains=10, burn_in=5)
    tex = est._repr_latex_()
    assert_latex(tex)
    assert r"2.5 \cdot 10^{-9} \pm 3 \cdot 10^{-11}" in tex


# ------------------------------------------------------------ the checker itself

def test_the_html_checker_catches_bad_markup():
    with pytest.raises(AssertionError):
        read_tables("<div><table><tr><td>1</td></tr></div>")  # table left open
    with pytest.raises(AssertionError):
        read_tables("<td>1</td>")  # cell outside a row
    with pytest.raises(AssertionError):
        assert_latex(r"\eta = 1")
    with pytest.raises(AssertionError):
        assert_latex(r"$\frac{1}{2$")
