"""The explorer page (issue 13): self-contained, and in a real browser equal to the package.

Without a browser: the HTML refers to no network, stays under 1 MB, and the
command refuses to overwrite a file without --force. With Debian's headless
Chromium (``slow``): the page's self-test numbers (rho, regime, T, D and a
trajectory at fixed points, for every registered method) are compared with
the package's to 1e-12 relative, and chromedriver (driven through its W3C
HTTP API with urllib: no Selenium) moves a slider and drags the point, and
the page's point, trajectory and numbers must change. The browser tests skip,
naming the missing program, only where Chromium is not installed.
"""
from __future__ import annotations

import base64
import html
import json
import math
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import types
import urllib.error
import urllib.request
from pathlib import Path

import numpy as np
import pytest

import momentum_theory
from momentum_theory import cli, explorer, methods, regimes, spectral

SCREENSHOT_ENV = "MOMENTUM_THEORY_EXPLORER_SCREENSHOT"   # where to keep the screenshot too
CHROME_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage"]


@pytest.fixture(scope="module")
def page_html():
    return explorer.page("heavy_ball")


# --- without a browser --------------------------------------------------------

def test_the_page_refers_to_no_network(page_html):
    assert not re.search(r"https?:", page_html, re.I)
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(//|[a-z]+:)""", page_html, re.I)
    for needle in ("<link", "<iframe", "cdn", "fetch(", "XMLHttpRequest", "WebSocket", "import(",
                   "@import", "url("):
        assert needle.lower() not in page_html.lower(), needle
    # every script and style is inline
    assert re.findall(r"<script[^>]*>", page_html) == ["<script>"]


def test_the_page_is_small_and_offers_every_method(page_html):
    assert len(page_html.encode("utf-8")) <= 1_000_000
    for name in methods.available():
        assert f'"{name}": {{info:' in page_html
        # the derived region is shown as the record derives it
        result = methods.get(name).region().result
        shown = " and ".join(str(a) for a in result.args) if result.args else str(result)
        assert json.dumps(shown).replace("<", "\\u003c").replace(">", "\\u003e") in page_html


def test_the_initial_method_is_the_one_asked_for():
    text = explorer.page("nesterov")
    assert 'const INITIAL_METHOD = "nesterov";' in text


def test_bad_method_is_refused_naming_the_argument():
    with pytest.raises(ValueError, match="method must be one of"):
        explorer.page("adam")
    with pytest.raises(TypeError, match="method must be a str"):
        explorer.page(3)


def test_explore_returns_the_text_outside_jupyter(monkeypatch):
    monkeypatch.delitem(sys.modules, "IPython", raising=False)
    assert momentum_theory.explore("gd") == explorer.page("gd")


def test_explore_displays_inline_in_a_running_kernel(monkeypatch):
    shown = []
    fake = types.ModuleType("IPython")
    fake.get_ipython = lambda: types.SimpleNamespace(kernel=object())
    display = types.ModuleType("IPython.display")
    display.HTML = lambda text: ("HTML", text)
    display.display = shown.append
    fake.display = display
    monkeypatch.setitem(sys.modules, "IPython", fake)
    monkeypatch.setitem(sys.modules, "IPython.display", display)
    assert explorer.explore("qhm") is None
    (kind, frame), = shown
    assert kind == "HTML" and frame.startswith("<iframe srcdoc=")
    assert html.unescape(frame.split('srcdoc="', 1)[1].split('" style=', 1)[0]) == explorer.page("qhm")


def test_a_shell_without_a_kernel_gets_the_text(monkeypatch):
    fake = types.ModuleType("IPython")
    fake.get_ipython = lambda: types.SimpleNamespace()     # a terminal IPython: no kernel
    monkeypatch.setitem(sys.modules, "IPython", fake)
    assert isinstance(explorer.explore("gd"), str)


def test_import_stays_light_and_explore_loads_lazily():
    code = ("import sys, momentum_theory as mt; assert 'momentum_theory.explorer' not in sys.modules; "
            "f = mt.explore; f('gd'); assert 'matplotlib' not in sys.modules; print(f.__module__)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "momentum_theory.explorer"


def test_cli_writes_then_refuses_to_overwrite_without_force(tmp_path, capsys):
    target = tmp_path / "page.html"
    assert cli.main(["explore", "--out", str(target), "--method", "qhm"]) == 0
    assert 'const INITIAL_METHOD = "qhm";' in target.read_text(encoding="utf-8")
    assert "wrote" in capsys.readouterr().out
    target.write_text("mine", encoding="utf-8")
    assert cli.main(["explore", "--out", str(target)]) == 1
    err = capsys.readouterr().err
    assert "exists; pass --force to overwrite it" in err and err.startswith("momentum-theory explore:")
    assert target.read_text(encoding="utf-8") == "mine"
    assert cli.main(["explore", "--out", str(target), "--force"]) == 0
    assert target.read_text(encoding="utf-8") == explorer.page("heavy_ball")
    assert not [p for p in tmp_path.iterdir() if p.name != "page.html"]   # no temporary left


def test_cli_default_file_name(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert cli.main(["explore"]) == 0
    assert (tmp_path / explorer.DEFAULT_FILE).is_file()
    assert explorer.DEFAULT_FILE == "momentum-explorer.html"


@pytest.mark.parametrize("argv, status, words", [
    (["explore", "--method", "adam"], 2, "--method 'adam' is not a registered method"),
    (["explore", "--out", ""], 2, "--out needs a file name"),
    (["explore", "--out", "no-such-folder/x.html"], 1, "does not exist"),
    (["explore", "--colour", "red"], 2, "unrecognized arguments"),
])
def test_cli_bad_options_are_named(tmp_path, monkeypatch, capsys, argv, status, words):
    monkeypatch.chdir(tmp_path)
    assert cli.main(argv) == status
    assert words in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_cli_refuses_a_folder(tmp_path, capsys):
    assert cli.main(["explore", "--out", str(tmp_path), "--force"]) == 1
    assert "is a folder" in capsys.readouterr().err


# --- in a real browser ------------------------------------------------------------

def _program(name, debian_path):
    found = shutil.which(name) or (debian_path if os.path.exists(debian_path) else None)
    if found is None:
        pytest.skip(f"{name} not found (neither on PATH nor at {debian_path}): "
                    f"install Debian's 'chromium' and 'chromium-driver' to run the browser tests")
    return found


def _chromium():
    return _program("chromium", "/usr/bin/chromium")


def _selftest(tmp_path, url_tail="#selftest"):
    target = tmp_path / "page.html"
    target.write_text(explorer.page("heavy_ball"), encoding="utf-8")
    out = subprocess.run([_chromium(), *CHROME_FLAGS, f"--user-data-dir={tmp_path / 'profile'}",
                          "--dump-dom", target.as_uri() + url_tail],
                         capture_output=True, text=True, timeout=180)
    found = re.search(r'<pre id="selftest">(.*?)</pre>', out.stdout, re.S)
    assert found and found.group(1).strip(), f"no self-test output; stderr: {out.stderr[-2000:]}"
    return json.loads(html.unescape(found.group(1)))


@pytest.fixture(scope="module")
def selftest(tmp_path_factory):
    return _selftest(tmp_path_factory.mktemp("selftest"))


def _regime(record, h, params):
    """The regime from the package, decided without the page's formulas."""
    if not record.converges(h, **params):
        return "divergent"
    z = record.eigenvalues(h, **params)
    if np.any(np.asarray(z).imag != 0):
        return "ripples"
    return "monotone" if record.matrix(h, **params)[0, 0] >= 0 else "oscillating"


def _close(a, b, rel=1e-12, scale=0.0):
    return abs(a - b) <= rel * max(abs(a), abs(b), scale)


@pytest.mark.slow
def test_selftest_covers_every_method(selftest):
    assert sorted(selftest["methods"]) == sorted(methods.available())
    for name, block in selftest["methods"].items():
        assert len(block["points"]) >= 5, name
        assert len(block["trajectory"]["x"]) == block["trajectory"]["steps"] + 1
    assert selftest["redraw_ms"]["median"] > 0


def _compare_with_the_package(record, block, problem):
    regimes_seen = set()
    for p in block["points"]:
        h, params = p["h"], p["params"]
        R = record.matrix(h, **params)
        assert _close(p["T"], float(R[0, 0]), scale=1.0), (record.name, p)
        assert _close(p["D"], float(-R[0, 1]), scale=1.0), (record.name, p)
        assert _close(p["rho"], float(record.spectral_radius(h, **params))), (record.name, p)
        # a second, independent route: the moduli of the eigenvalues
        assert _close(p["rho"], float(np.abs(record.eigenvalues(h, **params)).max()), rel=1e-9)
        assert p["regime"] == _regime(record, h, params), (record.name, p)
        regimes_seen.add(p["regime"])
    assert "divergent" in regimes_seen and len(regimes_seen) >= 2
    t = block["trajectory"]
    coefficients = np.array(problem["coefficients"])
    want = record.iterate(lambda y: 2 * coefficients * y, problem["start"], t["eta"],
                          t["steps"], **t["params"])
    got = np.array(t["x"])
    assert got.shape == want.shape
    scale = float(np.abs(want).max())
    for a, b in zip(got.ravel(), want.ravel()):
        assert _close(float(a), float(b), scale=1e-4 * scale), (record.name, a, b)


@pytest.mark.slow
@pytest.mark.parametrize("name", ["gd", "heavy_ball", "nesterov", "two_step", "qhm",
                                  "triple_momentum"])
def test_page_numbers_equal_the_package(selftest, name):
    _compare_with_the_package(methods.get(name), selftest["methods"][name], selftest["problem"])


@pytest.mark.slow
def test_a_rule_of_your_own_runs_in_the_page_as_in_python(tmp_path):
    import sympy as sp

    eta, beta = sp.symbols("eta beta", positive=True)
    record = methods.from_update(lambda x, xp, grad: x + beta * (x - xp) - eta * grad(x + beta * x),
                                 [eta, beta], name="my_rule", defaults={"beta": 0.3})
    methods.register(record)
    try:
        out = _selftest(tmp_path)
    finally:
        methods.unregister("my_rule")
    _compare_with_the_package(record, out["methods"]["my_rule"], out["problem"])


@pytest.mark.slow
def test_heavy_ball_agrees_with_the_chapter_functions(selftest):
    # heavy ball has its own closed forms in the package: spectral_radius and classify
    labels = {regimes.Regime.DIVERGENT: "divergent", regimes.Regime.MONOTONE: "monotone",
              regimes.Regime.OSCILLATING: "oscillating", regimes.Regime.RIPPLES: "ripples"}
    for p in selftest["methods"]["heavy_ball"]["points"]:
        beta = p["params"]["beta"]
        assert _close(p["rho"], float(spectral.spectral_radius(p["h"], beta)))
        assert p["regime"] == labels[regimes.classify(p["h"], beta)]


@pytest.mark.slow
def test_query_string_also_starts_the_selftest(tmp_path):
    out = _selftest(tmp_path, "?selftest")
    assert sorted(out["methods"]) == sorted(methods.available())


# --- chromedriver through its W3C HTTP API ------------------------------------------

class _Driver:
    """A minimal W3C WebDriver client (urllib): just what these tests use."""

    def __init__(self, tmp_path):
        chromium = _chromium()
        driver = _program("chromedriver", "/usr/bin/chromedriver")
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = open(tmp_path / "chromedriver.log", "w")
        self.proc = subprocess.Popen([driver, f"--port={self.port}"], stdout=self.log,
                                     stderr=subprocess.STDOUT)
        self.session = None
        deadline = time.monotonic() + 30
        while True:
            try:
                if self._call("GET", "/status", timeout=2)["ready"]:
                    break
            except (OSError, urllib.error.URLError):
                pass
            if time.monotonic() > deadline or self.proc.poll() is not None:
                self.close()
                raise AssertionError("chromedriver did not start within 30 s")
            time.sleep(0.2)
        caps = {"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {
            "binary": chromium,
            "args": CHROME_FLAGS + [f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1100,1120"],
        }}}}
        try:
            self.session = self._call("POST", "/session", caps, timeout=90)["sessionId"]
        except BaseException:
            self.close()
            raise

    def _call(self, method, path, body=None, timeout=60):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                return json.loads(resp.read())["value"]
        except urllib.error.HTTPError as exc:
            raise AssertionError(f"{method} {path}: {exc.code} {exc.read()[:500]!r}") from None

    def __call__(self, method, path, body=None):
        return self._call(method, f"/session/{self.session}{path}", body)

    def js(self, script, *args):
        return self("POST", "/execute/sync", {"script": script, "args": list(args)})

    def element(self, css):
        found = self("POST", "/element", {"using": "css selector", "value": css})
        return next(iter(found.values()))

    def settle(self):
        """Wait for the page's next animation frame (its redraw) to have run."""
        self("POST", "/execute/async", {"script": "const done = arguments[0]; requestAnimationFrame("
                                                 "() => requestAnimationFrame(() => done(1)));",
                                        "args": []})

    def close(self):
        try:
            if self.session:
                self._call("DELETE", f"/session/{self.session}", timeout=30)
        except (OSError, AssertionError, urllib.error.URLError):
            pass
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)
        self.log.close()


@pytest.fixture(scope="module")
def driver(tmp_path_factory):
    d = _Driver(tmp_path_factory.mktemp("webdriver"))
    yield d
    d.close()


READ = """return {point: document.getElementById('map').dataset.point,
  last: document.getElementById('traj').dataset.last,
  rhoMu: Number(document.getElementById('rho-mu').dataset.value),
  rhoL: Number(document.getElementById('rho-L').dataset.value),
  worst: Number(document.getElementById('rho-worst').dataset.value),
  regimeL: document.getElementById('rho-L').dataset.regime,
  eta: document.getElementById('o-eta').textContent, hash: location.hash,
  method: document.getElementById('method').value};"""


@pytest.mark.slow
def test_a_slider_moved_by_keyboard_moves_the_point_trajectory_and_numbers(driver, tmp_path):
    target = tmp_path / "page.html"
    target.write_text(explorer.page("heavy_ball"), encoding="utf-8")
    driver("POST", "/url", {"url": target.as_uri()})
    driver.settle()
    before = driver.js(READ)
    assert before["method"] == "heavy_ball"
    slider = driver.element("#s-eta")
    label = driver.js("return document.querySelector('label[for=s-eta]').textContent;")
    assert label.startswith("step size")
    driver("POST", f"/element/{slider}/value", {"text": "\ue014" * 25})   # ArrowRight x 25
    driver.settle()
    after = driver.js(READ)
    assert after["point"] != before["point"]
    assert after["last"] != before["last"]
    # (rho at L may stay: in the complex regime it is sqrt(beta) whatever eta is)
    assert after["rhoMu"] != before["rhoMu"] and after["eta"] != before["eta"]
    # the fragment holds the new setting, and the numbers are the package's
    state = dict(part.split("=") for part in after["hash"].lstrip("#").split("&"))
    assert state["method"] == "heavy_ball"
    eta, beta, L = float(state["eta"]), float(state["beta"]), float(state["L"])
    assert float(after["point"].split(",")[0]) == eta * L
    assert _close(after["rhoL"], float(methods.get("heavy_ball").spectral_radius(eta * L, beta=beta)))


@pytest.mark.slow
def test_dragging_the_point_sets_eta_and_beta(driver, tmp_path):
    target = tmp_path / "page.html"
    target.write_text(explorer.page("heavy_ball"), encoding="utf-8")
    driver("POST", "/url", {"url": target.as_uri()})
    driver.settle()
    before = driver.js(READ)
    box = driver.js("const r = document.getElementById('map').getBoundingClientRect();"
                    "return [r.left + r.width / 2, r.top + r.height / 2];")
    cx, cy = round(box[0]), round(box[1])
    driver("POST", "/actions", {"actions": [{"type": "pointer", "id": "mouse",
                                             "parameters": {"pointerType": "mouse"}, "actions": [
        {"type": "pointerMove", "origin": "viewport", "x": cx - 90, "y": cy - 100},
        {"type": "pointerDown", "button": 0},
        {"type": "pointerMove", "origin": "viewport", "x": cx - 60, "y": cy - 110},
        {"type": "pointerUp", "button": 0}]}]})
    driver.settle()
    after = driver.js(READ)
    h, beta = (float(v) for v in after["point"].split(","))
    # x = -60 from the centre of a 300-pixel canvas over [0, hmax = 4.5]: h about 1.35
    assert after["point"] != before["point"] and abs(h - 1.35) < 0.05 and abs(beta - 0.87) < 0.03
    assert after["last"] != before["last"]


@pytest.mark.slow
def test_a_shared_link_restores_the_setting(driver, tmp_path):
    target = tmp_path / "page.html"
    target.write_text(explorer.page("heavy_ball"), encoding="utf-8")
    driver("POST", "/url", {"url": target.as_uri() + "#method=qhm&eta=0.3&beta=0.6&nu=0.8&mu=0.5&L=5"})
    driver.settle()
    now = driver.js(READ)
    assert now["method"] == "qhm"
    qhm = methods.get("qhm")
    assert _close(now["rhoL"], float(qhm.spectral_radius(0.3 * 5, beta=0.6, nu=0.8)))
    assert now["regimeL"] == _regime(qhm, 0.3 * 5, {"beta": 0.6, "nu": 0.8})
    # a hostile fragment is only parsed as numbers and names, never run: nothing changes
    driver("POST", "/url", {"url": target.as_uri() + "#method=alert(1)&eta=1e999&beta=abc"})
    driver.settle()
    later = driver.js(READ)
    assert later["method"] == "qhm" and later["eta"] == now["eta"] and later["rhoL"] == now["rhoL"]


@pytest.mark.slow
def test_every_method_can_be_chosen_in_the_page(driver, tmp_path):
    target = tmp_path / "page.html"
    target.write_text(explorer.page("gd"), encoding="utf-8")
    driver("POST", "/url", {"url": target.as_uri()})
    driver.settle()
    seen = {}
    for name in methods.available():
        driver.js("const s = document.getElementById('method'); s.value = arguments[0];"
                  "s.dispatchEvent(new Event('change'));", name)
        driver.settle()
        now = driver.js(READ)
        assert now["method"] == name and now["hash"].startswith(f"#method={name}&")
        assert math.isfinite(now["worst"])
        seen[name] = now["point"]
    assert len(seen) == len(methods.available())


@pytest.mark.slow
def test_screenshot(driver, tmp_path):
    target = tmp_path / "page.html"
    target.write_text(explorer.page("heavy_ball"), encoding="utf-8")
    driver("POST", "/url", {"url": target.as_uri()})
    driver.settle()
    png = base64.b64decode(driver("GET", "/screenshot"))
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert width >= 1000 and height >= 800
    keep = os.environ.get(SCREENSHOT_ENV)
    (Path(keep) if keep else tmp_path / "explorer.png").write_bytes(png)


def test_a_registered_rule_of_your_own_is_in_the_page():
    import sympy as sp

    eta, beta = sp.symbols("eta beta", positive=True)
    record = methods.from_update(lambda x, xp, grad: x + beta * (x - xp) - eta * grad(x + beta * x),
                                 [eta, beta], name="my_rule", defaults={"beta": 0.3})
    methods.register(record)
    try:
        text = explorer.page("my_rule")
        assert '"my_rule": {info:' in text and 'const INITIAL_METHOD = "my_rule";' in text
    finally:
        methods.unregister("my_rule")
    assert '"my_rule"' not in explorer.page("heavy_ball")


def test_cli_open_hands_the_file_to_the_browser(tmp_path, monkeypatch, capsys):
    import webbrowser

    opened = []
    monkeypatch.setattr(webbrowser, "open", lambda uri: opened.append(uri) or False)
    target = tmp_path / "p.html"
    assert cli.main(["explore", "--out", str(target), "--open"]) == 0
    assert opened == [target.resolve().as_uri()]
    assert "no web browser could be started" in capsys.readouterr().out


@pytest.mark.slow
def test_random_points_in_the_page_equal_the_package(driver, tmp_path):
    # The page's own functions (METHODS, tdOf, radius, regime), called at 300
    # random points per method, against the record: 1e-12 relative, looser
    # only where T^2 - 4D nearly cancels (there sqrt amplifies any rounding).
    target = tmp_path / "page.html"
    target.write_text(explorer.page("heavy_ball"), encoding="utf-8")
    driver("POST", "/url", {"url": target.as_uri()})
    driver.settle()
    rng = np.random.default_rng(13)
    for name in methods.available():
        record = methods.get(name)
        info = driver.js("return METHODS[arguments[0]].info;", name)
        points = []
        for _ in range(300):
            params = {}
            for q in info["params"]:
                u = float(rng.uniform())
                params[q["name"]] = (q["lo"] * (q["hi"] / q["lo"]) ** u if q["log"]
                                     else q["lo"] + u * (q["hi"] - q["lo"]))
            points.append({"h": float(rng.uniform(0, info["hmax"])), "params": params})
        got = driver.js("""const m = METHODS[arguments[0]];
            return arguments[1].map(p => { const td = tdOf(m, p.h, m.info.params.map(q => p.params[q.name]));
              return [td[0], td[1], radius(td[0], td[1]), regime(m, td[0], td[1], td[2])]; });""",
                        name, points)
        for p, (T, D, rho, reg) in zip(points, got):
            R = record.matrix(p["h"], **p["params"])
            T0, D0 = float(R[0, 0]), float(-R[0, 1])
            assert _close(T, T0, scale=1.0) and _close(D, D0, scale=1.0), (name, p)
            gap = abs(T0 * T0 - 4 * D0) / max(T0 * T0, abs(D0), 1e-300)
            rel = 1e-12 if gap > 1e-6 else 1e-6
            assert _close(rho, float(record.spectral_radius(p["h"], **p["params"])), rel=rel), (name, p)
            if gap > 1e-9 and abs(rho - 1) > 1e-9:
                assert reg == _regime(record, p["h"], p["params"]), (name, p)


@pytest.mark.slow
def test_the_pages_worst_rate_is_the_packages(driver, tmp_path):
    # Grid plus bisected critical-damping points in the page (the setting read
    # through the page's own fragment parser); the exact worst_rate (ends and
    # critical damping) in the package.
    target = tmp_path / "page.html"
    target.write_text(explorer.page("heavy_ball"), encoding="utf-8")
    driver("POST", "/url", {"url": target.as_uri()})
    driver.settle()
    rng = np.random.default_rng(5)
    compared = 0
    for name in methods.available():
        record = methods.get(name)
        info = driver.js("return METHODS[arguments[0]].info;", name)
        for _ in range(6):
            mu = float(rng.uniform(0.05, 1.0))
            L = float(mu * rng.uniform(2.0, 60.0))
            eta = float(rng.uniform(0.05, 0.9) * info["hmax"] / L)
            params = {q["name"]: float(rng.uniform(max(q["lo"], 0.05), min(q["hi"], 0.95))
                                       if not q["log"] else q["lo"] * (q["hi"] / q["lo"]) ** rng.uniform())
                      for q in info["params"]}
            got = driver.js("""const p = arguments[0];
                readFragment("#method=" + p.name + "&eta=" + p.eta + "&mu=" + p.mu + "&L=" + p.L +
                  Object.keys(p.params).map(k => "&" + k + "=" + p.params[k]).join(""));
                const m = METHODS[state.method];
                return [state.method, worstRate(m, paramVector(m))];""",
                            {"name": name, "eta": eta, "mu": mu, "L": L, "params": params})
            method_shown, result = got
            assert method_shown == name
            if result["div"]:
                continue
            want = record.worst_rate(mu, L, eta, **params)
            assert _close(result["worst"], float(want), rel=1e-12), (name, mu, L, eta, params)
            compared += 1
    assert compared >= 12
