"""The report: complete, consistent with the library, atomic, never overwriting by accident."""
import json
import re

import numpy as np
import pytest

from momentum_theory import cli, report, tuning
from momentum_theory.report import _words


@pytest.fixture
def written(default_report):
    return default_report


def test_report_folder_has_document_figures_and_summary(written):
    path, lines = written
    text = (path / "README.md").read_text(encoding="utf-8")
    # the chapter's story first, the derivations last, headings by meaning, in this order
    summary = json.loads((path / "summary.json").read_text())
    assert summary["sections"][:5] == ["chapter-figures", "stability-region", "training",
                                       "claims", "exercises"]
    assert summary["sections"][-1] == "derivations"
    assert re.findall(r"^## (.*)$", text, re.M) == [
        _words.say("en", "section." + name) for name in summary["sections"]]
    # every image the document links to exists and is a PNG
    links = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", text)
    assert len(links) >= 15
    for link in links:
        assert (path / link).read_bytes()[:4] == b"\x89PNG", link
    # LaTeX blocks are balanced
    assert text.count("$$") % 2 == 0 and "\\begin{aligned}" in text
    # one progress line per step, each with its time
    assert all(re.search(r"\d+\.\d s$", line) for line in lines[:-1])
    assert lines[-1].startswith("report written to")


def test_summary_numbers_agree_with_the_library(written):
    path, _ = written
    summary = json.loads((path / "summary.json").read_text())
    assert summary["region_agreement_1000x1000"] == 1.0
    for beta, edge in summary["stability_edge"].items():
        assert edge == pytest.approx(2 + 2 * float(beta), abs=1e-10)
    hb = summary["optimal_tuning"]["kappa=100"]["heavy_ball"]
    ref = tuning.heavy_ball_optimal(1.0, 100.0)
    assert (hb["eta"], hb["beta"]) == pytest.approx((ref.eta, ref.beta), rel=1e-12)
    assert hb["rate_numeric"] == pytest.approx(hb["rate"], abs=1e-5)
    assert hb["rate"] == pytest.approx((np.sqrt(100) - 1) / (np.sqrt(100) + 1), rel=1e-12)
    claims = json.loads((path / "claims.json").read_text())
    assert summary["claims"]["checked"] == len(claims) >= 15
    assert set(summary["claims"]["fail"]) == {c["id"] for c in claims if not c["holds"]}


def test_every_method_section_table_figure_and_summary_agree(written):
    from momentum_theory import methods

    path, _ = written
    text = (path / "README.md").read_text(encoding="utf-8")
    section = _section(path, _words.say("en", "section.methods"))
    every = json.loads((path / "summary.json").read_text())["methods_kappa100"]
    names = methods.available()
    assert sorted(every["regions"]) == sorted(every["tuned"]) == sorted(names)  # keys sorted
    regions_part, rates_part = section.split("![method_regions]", 1)

    def rows_of(part):
        return {line.split(" | ")[0].strip("| `"): line for line in part.splitlines()
                if line.startswith("| ")}

    region_rows, rate_rows = rows_of(regions_part), rows_of(rates_part)
    # the figures, read back from their Axes before they were saved
    panels = {p["title"].split(" (")[0]: p for p in every["figures"]["regions"]}
    curves = every["figures"]["worst_case"][0]["lines"]
    for name in names:
        region = every["regions"][name]
        # the figure's panel, the table's row and summary.json: one grid, one set of parameters
        panel = panels[name]
        assert panel["xlim"] == pytest.approx([0.0, region["eta_lambda_max"]])
        assert f"\\eta\\lambda \\in [0, {region['eta_lambda_max']:g}]$" in region_rows[name]
        if region["axis"] is not None:
            assert panel["ylim"] == pytest.approx(region["axis_range"])
            lo, hi = region["axis_range"]
            assert f"\\in [{lo:g}, {hi:g}]$" in region_rows[name]
        for p, v in region["fixed"].items():  # the panel's title names the fixed values too
            assert f" = {v:g}$" in region_rows[name] and f"$ = {v:g})" in panel["title"]
        assert f"| {region['agreement']:.6f} of" in region_rows[name]
        assert region["agreement"] == 1.0
        record = methods.get(name)
        assert region["axis"] == (record.params[0] if record.params else None)
        assert region["fixed"] == {p: record.defaults[p] for p in record.params[1:]}
        tuned = every["tuned"][name]
        if tuned["source"] == "closed form":
            t = record.optimal(1.0, 100.0)
            assert tuned["rate"] == pytest.approx(t.rate, rel=1e-12)
            assert every["optimal_rate"]["kappa=100"][name] == pytest.approx(t.rate, rel=1e-12)
        else:
            assert name not in every["optimal_rate"]["kappa=100"]
            # the numeric minimax of a family holding heavy ball is no worse than Polyak's rate
            assert tuned["rate"] == pytest.approx(9 / 11, abs=1e-5)
        w = tuned["worst_case_n80"]
        assert 0 < w["value"] <= w["constant"] * w["rho_max"] ** 160 * (1 + 1e-9)
        assert f"{w['value']:.3e}" in rate_rows[name]
        # the worst-case figure's curve ends at the table's value, after 80 steps
        (label,) = [k for k in curves if k.startswith(f"{name}:")]
        assert curves[label] == pytest.approx([80.0, w["value"]], rel=1e-12)
    for link in ("figures/method_regions.png", "figures/method_worst_case.png"):
        assert f"]({link})" in section and (path / link).read_bytes()[:4] == b"\x89PNG"


def test_the_worst_case_table_and_its_figure_use_the_same_tunings(written):
    from momentum_theory import finite_horizon

    path, _ = written
    section = _section(path, _words.say("en", "section.worst-case"))
    summary = json.loads((path / "summary.json").read_text())["worst_case_n80_mu1_L100"]
    (drawn,) = summary.pop("figure")
    assert drawn["xlim"] == [0.0, 80.0] and len(summary) == 3
    for key, row in summary.items():
        # recomputed from the row's own eta and beta
        w = finite_horizon.worst_case(1.0, 100.0, row["eta"], row["beta"], 80)
        assert w.value == pytest.approx(row["value"], rel=1e-12)
        assert f"| {row['label']} | {row['eta']:.5f} | {row['beta']:.5f} | {w.value:.3e} |" \
            in section
        (label,) = [k for k in drawn["lines"] if k.startswith(row["label"] + ":")]
        assert drawn["lines"][label] == pytest.approx([80.0, row["value"]], rel=1e-12)
    assert {row["beta"] for row in summary.values()} >= {0.0, 0.9}


def test_non_empty_target_is_refused_and_left_alone(tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep me")
    with pytest.raises(report.ReportError, match="not empty and holds files no report wrote: "
                                                 "notes.txt"):
        report.write_report(out, progress=lambda line: None)
    assert (out / "notes.txt").read_text() == "keep me"
    assert cli.main(["report", "--out", str(out)]) == 1


def test_failing_step_leaves_nothing_behind(tmp_path, monkeypatch):
    out = tmp_path / "rep"

    def broken(ctx):
        (ctx.root / "figures" / "half.png").write_bytes(b"x")
        raise ZeroDivisionError("boom")

    region = {s.name: s.build for s in report.SECTIONS}["stability-region"]
    monkeypatch.setattr(report, "_steps", lambda names: [("first", region), ("broken", broken)])
    with pytest.raises(report.ReportError, match="step 'broken' failed: ZeroDivisionError: boom"):
        report.write_report(out, progress=lambda line: None)
    assert list(tmp_path.iterdir()) == []


def test_force_replaces_an_old_report(tmp_path, monkeypatch):
    out = tmp_path / "rep"
    report.write_report(out, progress=lambda line: None, sections="stability-region")
    first = json.loads((out / report.MANIFEST).read_text())["run"]
    report.write_report(out, force=True, progress=lambda line: None, sections="stability-region")
    assert json.loads((out / report.MANIFEST).read_text())["run"] != first
    assert (out / "README.md").exists() and (out / "summary.json").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rep"]
    (out / "README.md").write_text("edited by hand")  # no longer what the report wrote
    with pytest.raises(report.ReportError, match=r"README.md \(changed\)"):
        report.write_report(out, force=True, progress=lambda line: None,
                            sections="stability-region")
    assert (out / "README.md").read_text() == "edited by hand"


# --------------------------------------------------------------------------- sections

def test_the_default_report_writes_the_default_sections_in_order(written):
    path, lines = written
    summary = json.loads((path / "summary.json").read_text())
    assert summary["sections"] == list(report.DEFAULT_SECTIONS)
    assert [line.split()[1] for line in lines[:-1]] == list(report.DEFAULT_SECTIONS)
    assert len(lines) == len(report.DEFAULT_SECTIONS) + 1
    text = (path / "README.md").read_text(encoding="utf-8")
    assert text.count("\n## ") == len(report.DEFAULT_SECTIONS)
    opt_in = [s.name for s in report.SECTIONS if not s.default]
    assert not set(opt_in) & set(summary["sections"])


def test_resolve_sections_keywords_order_and_refusals():
    names = [s.name for s in report.SECTIONS]
    assert len(set(names)) == len(names) and "default" not in names and "all" not in names
    assert report.resolve_sections() == report.resolve_sections("default") == report.DEFAULT_SECTIONS
    assert report.resolve_sections("all") == tuple(names)
    assert report.resolve_sections(["noise", "regimes", "noise"]) == ("regimes", "noise")
    assert report.resolve_sections(" noise , regimes ") == ("regimes", "noise")
    opt_in = [s.name for s in report.SECTIONS if not s.default]
    for name in opt_in:
        assert report.resolve_sections(f"default,{name}") == tuple(
            n for n in names if n in report.DEFAULT_SECTIONS or n == name)
    with pytest.raises(ValueError, match=r"^sections: unknown section 'regime'; valid: "
                                         r"chapter-figures, .*, derivations, default, all$"):
        report.resolve_sections("regimes,regime")
    with pytest.raises(ValueError, match="sections: no section named"):
        report.resolve_sections(" , ")
    with pytest.raises(TypeError, match="sections must be"):
        report.resolve_sections(3)


def test_a_report_of_chosen_sections_has_only_those(tmp_path):
    lines = []
    out = report.write_report(tmp_path / "r", progress=lines.append, sections="noise,regimes")
    summary = json.loads((out / "summary.json").read_text())
    assert summary["sections"] == ["regimes", "noise"]
    assert set(summary) == {"sections", "critical_damping_at_beta_0.25", "noise"}
    text = (out / "README.md").read_text(encoding="utf-8")
    assert re.findall(r"^## (.*)$", text, re.M) == [_words.say("en", "section.regimes"),
                                                   _words.say("en", "section.noise")]
    assert "claims.json" not in text and not (out / "claims.json").exists()
    assert sorted(p.name for p in (out / "figures").iterdir()) == ["phase_diagram.png"]
    assert [line.split()[:2] for line in lines[:-1]] == [["[1/2]", "regimes"], ["[2/2]", "noise"]]


def test_an_unknown_section_is_refused_before_any_work(tmp_path):
    with pytest.raises(ValueError, match="unknown section 'nope'"):
        report.write_report(tmp_path / "r", progress=lambda line: None, sections="regimes,nope")
    assert list(tmp_path.iterdir()) == []


def _needing_sections():
    return [s for s in report.SECTIONS if s.needs]


def test_a_section_whose_extra_is_missing_names_it_and_writes_nothing(tmp_path, monkeypatch,
                                                                      capsys):
    import sys

    for section in _needing_sections():
        for module, _ in section.needs:
            monkeypatch.setitem(sys.modules, module, None)  # as if not installed
    for section in _needing_sections():
        extra = section.needs[0][1]
        with pytest.raises(report.ReportError,
                           match=rf"{section.name} needs .*pip install 'momentum-theory\[{extra}\]'"):
            report.write_report(tmp_path / "r", progress=lambda line: None,
                                sections=f"regimes,{section.name}")
        assert list(tmp_path.iterdir()) == []
        assert cli.main(["report", "--out", str(tmp_path / "r"), "--sections",
                         f"default,{section.name}"]) == 1
        out, err = capsys.readouterr()
        assert out == "" and err.count("\n") == 1 and "--sections" in err
        assert f"momentum-theory[{extra}]" in err and list(tmp_path.iterdir()) == []
    # a fake opt-in section proves the check runs even before one lands
    fake = report.ReportSection("fake-extra", "needs a module that is not there",
                                lambda ctx: None, default=False,
                                needs=(("no_such_module_xyz", "fake"),))
    monkeypatch.setattr(report, "SECTIONS", report.SECTIONS + (fake,))
    monkeypatch.setitem(report._KEYWORDS, "all", tuple(s.name for s in report.SECTIONS))
    with pytest.raises(report.ReportError, match=r"fake-extra needs no_such_module_xyz.*"
                                                 r"momentum-theory\[fake\]'.*nothing was written"):
        report.write_report(tmp_path / "r", progress=lambda line: None, sections="all")
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------- new sections

def _section(path, title):
    text = (path / "README.md").read_text(encoding="utf-8")
    return text.split(f"\n## {title}", 1)[1].split("\n## ", 1)[0]


def test_whole_spectrum_numbers_match_a_recomputation(written):
    from momentum_theory import spectrum_map

    path, _ = written
    whole = json.loads((path / "summary.json").read_text())["whole_spectrum"]
    section = _section(path, _words.say("en", "section.whole-spectrum"))
    mu, L, kappa = whole["mu"], whole["L"], whole["kappa"]
    assert (mu, L) == (1 / kappa, 1.0)
    # the optimum: Polyak's closed form, its rate (sqrt(kappa) - 1)/(sqrt(kappa) + 1), and the map
    ref = tuning.heavy_ball_optimal(mu, L)
    o = whole["optimum"]
    assert (o["eta"], o["beta"]) == pytest.approx((ref.eta, ref.beta), rel=1e-12)
    assert o["rate"] == pytest.approx((np.sqrt(kappa) - 1) / (np.sqrt(kappa) + 1), rel=1e-12)
    assert float(spectrum_map.worst_rate_map(mu, L, o["eta"], o["beta"])) == pytest.approx(
        o["map_rate"], rel=1e-12)
    # Both ends of [mu, L] are critically damped at Polyak's tuning: a double root, whose
    # modulus a floating-point radius gets to about sqrt(machine epsilon) only.
    assert o["map_rate"] == pytest.approx(o["rate"], rel=1e-7)
    # the worst rate at the optimum, sampled over the spectrum: sqrt(beta) everywhere inside
    lams = np.linspace(mu, L, 2001)
    sampled = max(methods_radius(o["eta"] * lams, o["beta"]))
    assert sampled == pytest.approx(o["rate"], rel=1e-7)
    best = whole["grid_best"]
    assert best["rate"] >= o["rate"] - 1e-7
    assert float(spectrum_map.worst_rate_map(mu, L, best["eta"], best["beta"])) == pytest.approx(
        best["rate"], rel=1e-12)
    assert f"| {o['eta']:.6f} | {o['beta']:.6f} | {o['rate']:.6f}" in section
    assert f"| {best['eta']:.6f} | {best['beta']:.6f} | {best['rate']:.6f} |" in section
    # the regions: the table's names and shares, summing to the whole grid
    assert sum(whole["shares"].values()) == pytest.approx(1.0, abs=1e-12)
    assert sorted(whole["shares"]) == sorted(spectrum_map.REGION_NAMES)  # json sorts keys
    for name, share in whole["shares"].items():
        shown = name.replace("sqrt(beta)", r"$\sqrt{\beta}$")  # the report writes math
        assert f"| {shown} | {100 * share:.2f} % |" in section
    assert whole["shares"]["diverges"] > 0 and whole["shares"]["complex roots at sqrt(beta)"] > 0
    link = "figures/whole_spectrum.png"
    assert f"]({link})" in section and (path / link).read_bytes()[:4] == b"\x89PNG"


def methods_radius(h, beta):
    from momentum_theory import spectral

    return np.asarray(spectral.spectral_radius(h, beta))


def test_the_explorer_is_written_listed_in_the_manifest_and_linked(written):
    from momentum_theory import explorer, methods

    path, _ = written
    name = explorer.DEFAULT_FILE
    page = path / name
    assert page.read_text(encoding="utf-8") == explorer.page()
    manifest = json.loads((path / report.MANIFEST).read_text())
    from momentum_theory import _output

    assert manifest["files"][name] == [_output.file_digest(page)]
    text = (path / "README.md").read_text(encoding="utf-8")
    head = text.split("\n1. [", 1)[0]  # the index: before the table of contents
    assert f"[`{name}`]({name})" in head
    assert f"]({name})" in _section(path, _words.say("en", "section.explorer"))
    summary = json.loads((path / "summary.json").read_text())["explorer"]
    assert summary == {"file": name, "bytes": page.stat().st_size,
                       "methods": list(methods.available())}


def test_counterexample_numbers_match_a_recomputation(written):
    from fractions import Fraction

    from momentum_theory import spectral

    path, _ = written
    ce = json.loads((path / "summary.json").read_text())["counterexample"]
    section = _section(path, _words.say("en", "section.counterexample"))
    mu, L, eta, beta = ce["mu"], ce["L"], ce["eta"], ce["beta"]
    ref = tuning.heavy_ball_optimal(mu, L)
    assert (eta, beta) == pytest.approx((ref.eta, ref.beta), rel=1e-12)
    assert (mu, L) == (1.0, 25.0) and (eta, beta) == pytest.approx((1 / 9, 4 / 9), rel=1e-12)
    assert f"| Polyak's $\\eta$, $\\beta$ | {eta:.10f}, {beta:.10f} |" in section
    # every quadratic with curvature in [mu, L] converges: rho <= sqrt(beta) < 1 on a grid
    rho = np.asarray(spectral.spectral_radius(eta * np.linspace(mu, L, 4001), beta))
    assert rho.max() == pytest.approx(np.sqrt(beta), rel=1e-7) and rho.max() < 1
    assert ce["quadratics"]["all_converge"] is True
    assert ce["quadratics"]["max_radius"] == pytest.approx(rho.max(), rel=1e-7)
    # the cycle, exactly: three steps of heavy ball in rationals return to the start
    exact = [Fraction(x) for x in ce["cycle"]["exact"]]
    e, b, m, big = Fraction(1, 9), Fraction(4, 9), Fraction(1), Fraction(25)

    def grad(x):
        return big * x - (big - m) * min(max(x - 1, Fraction(0)), Fraction(1))

    prev, x = exact[-1], exact[0]
    seen = []
    for _ in range(3):
        seen.append(x)
        x, prev = x + b * (x - prev) - e * grad(x), x
    assert seen == exact and x == exact[0]
    assert ce["cycle"]["period"] == 3 and all(p != 0 for p in exact)
    # ... and the float run from x0 lands on it
    x_prev = x_cur = ce["x0"]
    run = []
    for _ in range(ce["cycle"]["onset"] + 3):
        g = L * x_cur - (L - mu) * min(max(x_cur - 1.0, 0.0), 1.0)
        x_cur, x_prev = x_cur + beta * (x_cur - x_prev) - eta * g, x_cur
        run.append(x_cur)
    assert sorted(run[-3:]) == pytest.approx(sorted(float(p) for p in exact), abs=1e-9)
    assert ce["cycle"]["points"] == pytest.approx([float(p) for p in exact], abs=1e-12)
    shown = [("-" if p < 0 else "") + rf"\frac{{{abs(p.numerator)}}}{{{p.denominator}}}"
             for p in exact]
    assert "(exactly " + ", ".join(f"${t}$" for t in shown) + ")" in section
    assert ce["in_class"] is True and ce["quotient_range"] == pytest.approx([mu, L], rel=1e-8)
    assert 0 < ce["cycle"]["multiplier"] < 1
    link = "figures/counterexample.png"
    assert f"]({link})" in section and (path / link).read_bytes()[:4] == b"\x89PNG"


def test_general_functions_numbers_match_a_recomputation(tmp_path, monkeypatch):
    pytest.importorskip("PEPit")
    from momentum_theory import finite_horizon, methods
    from momentum_theory.report import _sections_classes as classes

    monkeypatch.setattr(classes, "GENERAL_NS", (1, 2, 3))  # seconds, not minutes
    monkeypatch.setattr(classes, "GENERAL_TABLE_NS", (1, 3))
    assert "general-functions" not in report.DEFAULT_SECTIONS
    out = report.write_report(tmp_path / "r", progress=lambda line: None,
                              sections="general-functions")
    summary = json.loads((out / "summary.json").read_text())
    assert summary["sections"] == ["general-functions"]
    general = summary["general_functions"]
    kappa, mu, L = general["kappa"], general["mu"], general["L"]
    assert (kappa, mu, L, general["ns"]) == (25.0, 1.0, 25.0, [1, 2, 3])
    section = _section(out, "Beyond quadratics: worst cases")
    tunings = general["tunings"]
    assert sorted(tunings) == sorted(["gradient descent", "heavy ball, Polyak",
                                      "heavy ball, safe", "Nesterov", "triple momentum"])
    for label, t in tunings.items():
        assert set(t["status"].values()) == {"optimal"}, label
        # quadratics: the exact worst case, two ways (the record; the chapter's heavy ball)
        record = methods.get(t["method"])
        for n, value in t["quadratic"].items():
            assert value == pytest.approx(record.worst_case(mu, L, t["eta"], int(n),
                                                            **t["params"]).value, rel=1e-9)
            if t["method"] == "heavy_ball":
                assert value == pytest.approx(finite_horizon.worst_case(
                    mu, L, t["eta"], t["params"]["beta"], int(n)).value, rel=1e-9)
        # from rest the first step of gd, heavy ball and Nesterov is a gradient step, whose
        # worst case over F(mu, L) is max((1 - eta mu)^2, (1 - eta L)^2) (tight on quadratics)
        if t["method"] in ("gd", "heavy_ball", "nesterov"):
            one = max((1 - t["eta"] * mu) ** 2, (1 - t["eta"] * L) ** 2)
            assert t["general"]["1"] == pytest.approx(one, rel=1e-5)
            assert t["quadratic"]["1"] == pytest.approx(one, rel=1e-9)
        # the class holds every quadratic: its worst case is at least theirs
        for n in t["general"]:
            assert t["general"][n] >= t["quadratic"][n] * (1 - 1e-5), (label, n)
        row = [line for line in section.splitlines() if line.startswith(f"| {label} |")][0]
        for n in ("1", "3"):
            assert f"{t['quadratic'][n]:.3e} / {t['general'][n]:.3e}" in row
    gd = tunings["gradient descent"]
    for n in ("1", "2", "3"):  # gd at 2/(mu + L): ((kappa - 1)/(kappa + 1))^(2n) on both
        assert gd["general"][n] == pytest.approx((12 / 13) ** (2 * int(n)), rel=1e-5)
    polyak = tunings["heavy ball, Polyak"]
    assert polyak["general"]["3"] > 1  # no contraction over the class
    assert "for heavy ball, Polyak" in section
    link = "figures/general_functions.png"
    assert f"]({link})" in section and (out / link).read_bytes()[:4] == b"\x89PNG"
