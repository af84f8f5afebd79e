"""The report as one HTML page: Markdown and LaTeX converters, MathML from SymPy, a real browser."""
import base64
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

from momentum_theory import report, symbolic
from momentum_theory.cli import build_parser
from momentum_theory.cli._common import CommandError
from momentum_theory.report import _html, _latex, _markdown

CHEAP = "stability-region,regimes,nesterov,worst-case,noise"
# Tags the Markdown converter may produce (math and images come from callbacks).
MARKDOWN_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "table", "thead", "tbody", "tr", "th",
                 "td", "pre", "code", "ul", "ol", "li", "a", "em", "strong", "figure"}


def latex_outside_math(page):
    """Backslash commands (``\\frac``, ``\\beta``) anywhere but inside ``<math>`` elements."""
    outside = re.sub(r"<math\b.*?</math>", "", page, flags=re.S)
    return re.findall(r"\\[A-Za-z]+", outside)


def no_math(tex, display):
    return f"<math>{tex}</math>"


# -- LaTeX subset -> MathML ---------------------------------------------------------------


@pytest.mark.parametrize("tex, expected", [
    (r"2 + 2\beta", "<mrow><mn>2</mn><mo>+</mo><mn>2</mn><mi>β</mi></mrow>"),
    (r"\frac{1}{1-\beta}", "<mrow><mfrac><mn>1</mn><mrow><mn>1</mn><mo>−</mo><mi>β</mi></mrow>"
                           "</mfrac></mrow>"),
    (r"x_{t-1}^2", "<mrow><msubsup><mi>x</mi><mrow><mi>t</mi><mo>−</mo><mn>1</mn></mrow>"
                   "<mn>2</mn></msubsup></mrow>"),
    (r"\sqrt{\kappa}", "<mrow><msqrt><mi>κ</mi></msqrt></mrow>"),
    (r"\left|x\right|", "<mrow><mrow><mo>|</mo><mi>x</mi><mo>|</mo></mrow></mrow>"),
    (r"\text{for } a", "<mrow><mtext>for\u00a0</mtext><mi>a</mi></mrow>"),
    (r"\mathbf{Q}^\top", '<mrow><msup><mrow class="bf"><mi>Q</mi></mrow><mi>⊤</mi></msup></mrow>'),
    (r"a < b", "<mrow><mi>a</mi><mo>&lt;</mo><mi>b</mi></mrow>"),
    (r"\sum_{\tau=0}^{t} \Lambda",
     "<mrow><munderover><mo>∑</mo><mrow><mi>τ</mi><mo>=</mo><mn>0</mn></mrow><mi>t</mi>"
     '</munderover><mi mathvariant="normal">Λ</mi></mrow>'),
])
def test_latex_subset_becomes_the_expected_mathml(tex, expected):
    assert _latex.to_mathml(tex) == expected


@pytest.mark.parametrize("tex", [r"\unknowncommand x", r"\frac{1}", r"\begin{tikzpicture}x",
                                 r"\text{a \beta}", "x}", r"\begin{aligned}a\end{matrix}"])
def test_latex_outside_the_subset_is_refused_not_guessed(tex):
    with pytest.raises(_latex.LatexError):
        _latex.to_mathml(tex)


def test_every_derivation_reads_the_same_through_sympy_and_through_its_latex():
    """Two routes to MathML, one row count: SymPy's printer (the registry) and the LaTeX."""
    for d in symbolic.all_derivations():
        rows = _html.derivation_rows(d)
        via_latex = _latex.to_mathml(d.latex())
        # the LaTeX's own rows end in " \\\\" and a newline; rows nested in a value do not
        assert len(rows) == d.latex().count(" \\\\\n") + 1 <= via_latex.count("<mtr>"), d.name
        assert all(value.startswith("<m") for _, value in rows)


def test_sympy_mathml_is_escaped_and_piecewise_is_a_brace_of_cases():
    b = symbolic.beta
    assert "<mo>&lt;</mo>" in _html.sympy_mathml(sp.Abs(b) < 1)
    piecewise = _html.sympy_mathml(sp.Piecewise((1 / (1 - b), sp.Abs(b) < 1), (0, True)))
    assert "piecewise" not in piecewise and piecewise.startswith("<mrow><mo>{</mo><mtable")
    assert piecewise.count("<mtr>") == 2 and "otherwise" in piecewise


def test_math_element_prints_registered_sympy_objects_and_falls_back_to_the_converter():
    expr = symbolic.effective_weight().result
    registry = {"w = " + sp.latex(expr): ("w = ", expr)}
    from_sympy = _html.math_element("w = " + sp.latex(expr), True, registry)
    assert from_sympy == ('<math display="block"><mrow>' + _latex.to_mathml("w = ")
                          + _html.sympy_mathml(expr) + "</mrow></math>")
    two_beta = r"2\beta"
    assert _html.math_element(two_beta, False, {}) == f"<math>{_latex.to_mathml(two_beta)}</math>"
    broken = _html.math_element(r"\weird{x}", False, {})
    assert broken.startswith("<math><merror>") and latex_outside_math(broken) == []


# -- Markdown -> HTML ---------------------------------------------------------------------


def test_markdown_blocks_and_inlines():
    text = ("# Title & *more*\n\nA **bold** word, `a<b>` code, [link](other.html), "
            "an escaped \\* star, x_t stays.\n\n"
            "| a | $\\left\\|x\\right\\|$ |\n|---|---|\n| 1 \\| 2 | **fails** |\n\n"
            "- one\n- two $x$\n\n1. first\n2. second\n\n```\n<script>1 < 2</script>\n```\n\n"
            "$$\n\\beta\n$$\n\n![alt](figures/f.png)\n")
    images = []
    out = _markdown.to_html(text, no_math, lambda alt, src: images.append(src) or "<img>")
    assert '<h1 id="title--more">Title &amp; <em>more</em></h1>' in out
    assert "<strong>bold</strong>" in out and "<code>a&lt;b&gt;</code>" in out
    assert '<a href="other.html">link</a>' in out and "escaped * star, x_t stays" in out
    assert "<th><math>\\left|x\\right|</math></th>" in out  # \| is a bar, inside math too
    assert "<td>1 | 2</td><td><strong>fails</strong></td>" in out
    assert "<ul>\n<li>one</li>\n<li>two <math>x</math></li>\n</ul>" in out
    assert "<ol>\n<li>first</li>\n<li>second</li>\n</ol>" in out
    assert "<pre><code>&lt;script&gt;1 &lt; 2&lt;/script&gt;\n</code></pre>" not in out
    assert "<pre><code>&lt;script&gt;1 &lt; 2&lt;/script&gt;</code></pre>" in out
    assert "<math>\\beta</math>" in out and "<figure><img></figure>" in out
    assert images == ["figures/f.png"]


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200))
def test_markdown_of_any_text_makes_only_its_own_tags(text):
    out = _markdown.to_html(text, lambda tex, d: "<math></math>", lambda alt, src: "<img>")
    tags = set(re.findall(r"</?([A-Za-z][A-Za-z0-9]*)", out))
    assert tags <= MARKDOWN_TAGS | {"math", "img"}
    # every < or > left is part of a tag: text is escaped
    assert "<" not in re.sub(r"</?[a-z][a-z0-9]*(?: [a-z]+=\"[^\"<>]*\")*>", "", out)


def test_headings_get_the_ids_the_contents_links_use():
    title = "Beyond quadratics: Polyak's tuning cycles"
    out = _markdown.to_html(f"## {title}", no_math, None)
    assert f'id="{_markdown.anchor(title)}"' in out
    assert _markdown.anchor(title) == "beyond-quadratics-polyaks-tuning-cycles"


# -- write_report(formats=..., lang=...) ----------------------------------------------------


def test_formats_and_lang_are_checked_before_any_work(tmp_path):
    assert report.resolve_formats("html, md") == ("md", "html")
    assert report.resolve_formats(["html"]) == ("html",)
    with pytest.raises(ValueError, match="formats: unknown format 'pdf'"):
        report.write_report(tmp_path / "r", formats="pdf")
    with pytest.raises(ValueError, match="formats: no format"):
        report.resolve_formats(",")
    with pytest.raises(TypeError, match="formats"):
        report.resolve_formats(3)
    with pytest.raises(ValueError, match="lang: one of en, tr, got 'de'"):
        report.write_report(tmp_path / "r", lang="de")
    with pytest.raises(ValueError, match="formats: unknown format 'pdf'"):
        report.write_report(tmp_path / "r", formats="pdf", lang="tr")
    assert not (tmp_path / "r").exists()


def test_cli_lang_option():
    parse = build_parser().parse_args
    assert parse(["report"]).lang == "en"
    assert parse(["report", "--lang", "tr"]).lang == "tr"
    with pytest.raises(CommandError, match="--lang: invalid choice: 'de'"):
        parse(["report", "--lang", "de"])


def test_cli_format_option_comma_separated_or_repeated():
    parse = build_parser().parse_args
    assert parse(["report"]).format is None  # write_report's default: md
    assert parse(["report", "--format", "html,md"]).format == ("md", "html")
    assert parse(["report", "--format", "html", "--format", "md"]).format == ("md", "html")
    with pytest.raises(CommandError, match="--format: unknown format 'pdf'") as exc:
        parse(["report", "--format", "pdf"])
    assert exc.value.status == 2


@pytest.fixture(scope="module")
def cheap_html(tmp_path_factory):
    out = tmp_path_factory.mktemp("html-report") / "report"
    report.write_report(out, progress=lambda line: None, sections=CHEAP, formats="md,html")
    return out


def test_html_page_is_self_contained_and_listed_in_the_manifest(cheap_html):
    page = (cheap_html / "report.html").read_text(encoding="utf-8")
    manifest = json.loads((cheap_html / report.MANIFEST).read_text())
    assert "report.html" in json.dumps(manifest) and "README.md" in json.dumps(manifest)
    assert page.startswith("<!DOCTYPE html>") and '<html lang="en">' in page
    assert "<script" not in page.lower() and "http://" not in page and "https://" not in page
    assert "default-src 'none'" in page  # the browser may fetch nothing
    links = re.findall(r'\b(?:src|href)="([^"]*)"', page)
    assert links and all(link.startswith(("data:image/png;base64,", "#")) for link in links)
    # every figure of the Markdown is embedded, byte for byte
    markdown = (cheap_html / "README.md").read_text(encoding="utf-8")
    figures = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", markdown)
    embedded = re.findall(r'src="data:image/png;base64,([^"]+)"', page)
    assert len(figures) == len(embedded) >= 3
    assert [base64.b64decode(e) for e in embedded] == [(cheap_html / f).read_bytes()
                                                       for f in figures]
    assert "@media print" in page and "break-before: page" in page


def test_html_math_is_mathml_from_sympy_and_no_latex_is_left_outside(cheap_html):
    from momentum_theory import noise, regimes

    page = (cheap_html / "report.html").read_text(encoding="utf-8")
    markdown = (cheap_html / "README.md").read_text(encoding="utf-8")
    assert latex_outside_math(page) == [] and "<merror" not in page
    assert page.count("<math") == markdown.count("$$") // 2 + len(re.findall(r"(?<!\$)\$(?!\$)",
                                                                              markdown)) // 2
    # the registered objects were printed by SymPy, not re-read from LaTeX
    assert _html.sympy_mathml(noise.derive_stationary_covariance().x_variance) in page
    for _, value in _html.derivation_rows(regimes.derive_critical_damping()):
        assert value in page
    # the headings are the Markdown's, in order
    assert re.findall(r"^## (.*)$", markdown, re.M) == [
        re.sub("<[^>]+>", "", h).replace("&#x27;", "'")
        for h in re.findall(r"<h2 [^>]*>(.*?)</h2>", page)]


def test_html_only_writes_no_markdown(tmp_path):
    out = report.write_report(tmp_path / "r", progress=lambda line: None,
                              sections="stability-region", formats=("html",))
    assert sorted(p.name for p in out.iterdir()) == [".momentum-report.json", "figures",
                                                     "report.html", "summary.json"]


def test_full_default_report_converts_without_gaps(default_report):
    """Every formula the full report writes is read (no <merror>), from its Markdown alone,
    and no LaTeX command is left outside math anywhere, the claims table included."""
    path, _ = default_report
    markdown = (path / "README.md").read_text(encoding="utf-8")
    page = _html.page(markdown, path, {})
    assert "<merror" not in page
    assert latex_outside_math(page) == []
    # no Python repr of a SymPy object leaks into the words
    assert not re.search(r"Interval\.|Symbol\(|Rational\(|<function ", page)


# -- a real browser -----------------------------------------------------------------------

CHROMIUM = next((p for p in ("/usr/bin/chromium", shutil.which("chromium") or "",
                             shutil.which("chromium-browser") or "") if p and Path(p).is_file()),
                None)


def chromium(tmp_path, *args):
    if CHROMIUM is None:
        pytest.skip("no chromium found (/usr/bin/chromium or on PATH): the browser test needs one")
    profile = tmp_path / "profile"
    done = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
                           "--disable-quic", "--no-first-run", "--disable-background-networking",
                           "--disable-component-update", "--disable-sync",
                           f"--user-data-dir={profile}", *args],
                          capture_output=True, text=True, timeout=120)
    return done


@pytest.mark.slow
def test_page_renders_in_headless_chromium(cheap_html, tmp_path):
    import matplotlib.image as mpimg
    import numpy as np

    shot = tmp_path / "report.png"
    chromium(tmp_path, f"--screenshot={shot}", "--window-size=1200,3000",
             (cheap_html / "report.html").as_uri())
    assert shot.is_file(), "chromium wrote no screenshot"
    pixels = mpimg.imread(shot)[..., :3]
    assert pixels.shape[:2] == (3000, 1200)
    # text (dark) and figures (coloured: matplotlib's lines) are on the page
    assert (pixels.max(axis=2) < 0.3).mean() > 0.005
    colourful = (pixels.max(axis=2) - pixels.min(axis=2)) > 0.3
    assert colourful.mean() > 0.001


@pytest.mark.slow
def test_page_prints_each_section_on_its_own_pages(cheap_html, tmp_path):
    pdf = tmp_path / "report.pdf"
    chromium(tmp_path, f"--print-to-pdf={pdf}", "--no-pdf-header-footer",
             (cheap_html / "report.html").as_uri())
    assert pdf.is_file(), "chromium wrote no PDF"
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf.read_bytes()))
    sections = len(CHEAP.split(","))
    assert pages >= sections + 1  # the title page, then a page break before every section


# Measures, in the page, every table and block formula wider than the text column. The copy
# under test drops the page's Content-Security-Policy only so that this probe may run.
_WIDTH_PROBE = """<script>
addEventListener("load", () => {
  const wide = [];
  document.querySelectorAll("table, math[display=block]").forEach((el) => {
    const room = document.body.clientWidth;
    if (el.getBoundingClientRect().width > room + 1 && el.tagName === "TABLE")
      wide.push(el.tagName + " " + Math.round(el.getBoundingClientRect().width) + " > " + room
                + ": " + el.textContent.slice(0, 60));
  });
  const out = document.createElement("pre");
  out.id = "probe";
  out.textContent = JSON.stringify({tables: document.querySelectorAll("table").length, wide});
  document.body.appendChild(out);
});
</script>"""


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "tr"])
def test_no_table_of_the_full_report_is_wider_than_the_page(default_report, tmp_path, lang):
    """Long formulas in table cells are cut where a line may break, so every table fits
    the text column of a 1100-pixel window (the claims table in particular)."""
    import html as html_module

    if lang == "en":  # the full default report, from its Markdown
        path, _ = default_report
        page = _html.page((path / "README.md").read_text(encoding="utf-8"), path, {})
    else:  # the Turkish one, with the widest tables
        out = report.write_report(tmp_path / "tr", progress=lambda line: None,
                                  sections="claims,methods,worst-case", formats="html",
                                  lang="tr")
        page = (out / "report.html").read_text(encoding="utf-8")
    probe = tmp_path / "probe.html"
    probe.write_text(re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", page)
                     .replace("</body>", _WIDTH_PROBE + "</body>"), encoding="utf-8")
    done = chromium(tmp_path, "--window-size=1100,3000", "--virtual-time-budget=5000",
                    "--dump-dom", probe.as_uri())
    found = re.search(r'<pre id="probe">(.*?)</pre>', done.stdout, re.S)
    assert found, done.stderr[-2000:]
    result = json.loads(html_module.unescape(found.group(1)))
    assert result["tables"] >= 4 and result["wide"] == []


def test_cli_writes_the_html_report(tmp_path, capsys):
    from momentum_theory.cli import main

    out = tmp_path / "r"
    assert main(["report", "--out", str(out), "--sections", "regimes", "--format", "html"]) == 0
    assert (out / "report.html").is_file() and not (out / "README.md").exists()
    assert "report written to" in capsys.readouterr().out
