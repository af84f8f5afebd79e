"""The explorer page: HTML, CSS and JavaScript in one string, with one slot for the generated data.

``@@DATA@@`` is replaced by :func:`momentum_theory.explorer._page.page_data`
(the method formulas printed from the records), ``@@METHOD@@`` by the
initial method's name as JSON. Nothing is fetched at view time.
"""

TEMPLATE = r"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Momentum explorer - momentum_theory</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 12px; color: #222; background: #fafafa; }
h1 { font-size: 18px; margin: 0 0 8px 0; }
.grid { display: grid; grid-template-columns: repeat(3, 340px); gap: 12px; }
section { background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: 8px; }
section h2 { font-size: 14px; margin: 0 0 6px 0; }
canvas { display: block; background: #fff; }
#map { cursor: crosshair; touch-action: none; }
.axis { font-size: 12px; color: #555; }
.caption { font-size: 12px; color: #555; margin-top: 4px; }
.row { margin: 4px 0; }
.row label { display: block; font-size: 13px; }
.row input[type=range] { width: 300px; }
output { font-variant-numeric: tabular-nums; font-weight: 600; }
table { border-collapse: collapse; font-size: 13px; table-layout: fixed; width: 100%; }
td { padding: 2px 6px; vertical-align: top; overflow-wrap: anywhere; }
td:first-child { width: 34%; }
td:first-child { color: #555; }
code { font-size: 12px; word-break: break-word; }
#selftest { white-space: pre-wrap; font-size: 11px; }
button { font: inherit; }
</style>
</head>
<body>
<h1>Momentum explorer: <span id="method-title"></span></h1>
<div class="grid">
<section aria-labelledby="h-map">
  <h2 id="h-map">1. Spectral radius over (&eta;&lambda;, <span id="y-name"></span>)</h2>
  <canvas id="map" width="300" height="300" aria-label="spectral radius map; drag the point"></canvas>
  <div class="axis" id="map-axes"></div>
  <div class="caption">Colour: &rho; (dark = fast, grey = divergent). White: the derived region edge
  (Jury conditions). Orange: critical damping T&sup2; = 4D. The bar is [&eta;&mu;, &eta;L] at the
  current parameters; drag the dot (at &eta;L).</div>
</section>
<section aria-labelledby="h-controls">
  <h2 id="h-controls">2. Parameters</h2>
  <div class="row"><label for="method">method</label>
    <select id="method"></select></div>
  <div id="sliders"></div>
  <div class="row"><button id="use-optimal" type="button">use the optimal tuning</button>
    <a id="share" href="#">link to this setting</a></div>
</section>
<section aria-labelledby="h-traj">
  <h2 id="h-traj">3. f(x) = (&mu; x&#8321;&sup2; + L x&#8322;&sup2;)/2, from (&minus;5, &minus;2)</h2>
  <canvas id="traj" width="300" height="300" aria-label="trajectory on the 2-D problem"></canvas>
  <div class="caption">At &mu; = 0.2, L = 4 this is the chapter's f = 0.1 x&#8321;&sup2; + 2 x&#8322;&sup2;.
  <span id="traj-steps"></span></div>
</section>
<section aria-labelledby="h-err">
  <h2 id="h-err">4. Error of each eigen-component over t</h2>
  <canvas id="err" width="300" height="240" aria-label="error over time, log scale"></canvas>
  <div class="caption">log&#8321;&#8320; |x<sub>t,i</sub> / x<sub>0,i</sub>|: blue &lambda; = &mu;, red
  &lambda; = L; dashed black: the worst case, max over &lambda; in [&mu;, L] (started at rest).</div>
</section>
<section aria-labelledby="h-eig">
  <h2 id="h-eig">5. Eigenvalues of R in the complex plane</h2>
  <canvas id="eig" width="300" height="300" aria-label="eigenvalues and the unit circle"></canvas>
  <div class="caption">Grey: both eigenvalues for &lambda; across [&mu;, L]; blue at &mu;, red at L.
  Circle: |z| = 1.</div>
</section>
<section aria-labelledby="h-num">
  <h2 id="h-num">6. The numbers</h2>
  <table id="numbers"><tbody></tbody></table>
</section>
</div>
<pre id="selftest"></pre>
<script>
"use strict";
@@DATA@@
const INITIAL_METHOD = @@METHOD@@;
const TOL = 1e-6, ERR_STEPS = 100, N_SPECTRUM = 241, W = 300;

// ---- numerics ---------------------------------------------------------------
function tdOf(m, h, pv) {
  const xs = m.internal(Float64Array.from([h].concat(pv)), new Float64Array(m.info.nv));
  return [m.T(xs), m.D(xs), xs];
}
function converges(m, xs) { return m.ok(xs); }
// Roots of z^2 - T z + D: the larger-modulus real root without cancellation,
// q = (T + sign(T) sqrt(T^2 - 4D)) / 2, and the other as D / q.
function roots(T, D) {
  const disc = T * T - 4 * D;
  if (disc >= 0) {
    const s = Math.sqrt(disc);
    const q = T >= 0 ? (T + s) / 2 : (T - s) / 2;
    return {complex: false, z: [[q, 0], [q !== 0 ? D / q : 0, 0]]};
  }
  const im = Math.sqrt(-disc) / 2;
  return {complex: true, z: [[T / 2, im], [T / 2, -im]]};
}
function radius(T, D) {  // |q| for real roots (q as in roots()), sqrt(D) = |z| for a conjugate pair
  const disc = T * T - 4 * D;
  if (disc >= 0) { const s = Math.sqrt(disc); return Math.abs(T >= 0 ? (T + s) / 2 : (T - s) / 2); }
  return Math.sqrt(D);
}
function regime(m, T, D, xs) {
  if (!converges(m, xs)) return "divergent";
  if (T * T - 4 * D < 0) return "ripples";
  return T >= 0 ? "monotone" : "oscillating";
}
function trajectory(m, eta, pv, lams, start, steps) {
  const v = Array.from(m.internal(Float64Array.from([eta].concat(pv)), new Float64Array(m.info.nv)));
  const r = m.rule.apply(null, v), A = r[0], B = r[1], terms = r[2];
  let x = start.slice(), xp = start.slice();
  const out = [x.slice()];
  for (let t = 1; t <= steps; t++) {
    const nxt = x.map((xi, i) => A * xi + B * xp[i]);
    for (const [G, P, Q] of terms) {
      for (let i = 0; i < x.length; i++) {
        const g = lams[i] * (P * x[i] + Q * xp[i]);
        nxt[i] = nxt[i] + G * g;
      }
    }
    xp = x; x = nxt; out.push(x.slice());
  }
  return out;
}
function stepsToTol(rate, eps) {
  if (!(rate < 1)) return Infinity;
  if (rate === 0) return 1;
  let n = Math.ceil(Math.log(eps) / Math.log(rate) - 1e-9);
  if (Math.pow(rate, n) > eps) n += 1;
  if (n > 0 && Math.pow(rate, n - 1) <= eps) n -= 1;
  return n;
}

// ---- state and the URL fragment ----------------------------------------------
const state = {method: INITIAL_METHOD, eta: 0, params: {}, mu: PROBLEM.mu, L: PROBLEM.L};
function defaultsFor(name) {
  // The chapter's setting (eta = 0.4, beta = 0.5) where the method has a beta;
  // otherwise its optimal tuning for the chapter's spectrum, where one is known.
  const m = METHODS[name], p = {};
  for (const q of m.info.params) p[q.name] = q.default;
  if ("beta" in p) { p.beta = 0.5; return {eta: 0.4, params: p}; }
  if (m.optimal) { const o = m.optimal(PROBLEM.mu, PROBLEM.L); return {eta: o.eta, params: p}; }
  if (m.info.optimalNumbers) { Object.assign(p, m.info.optimalNumbers.params); return {eta: m.info.optimalNumbers.eta, params: p}; }
  return {eta: 0.4, params: p};
}
function setMethod(name) {
  state.method = name;
  const d = defaultsFor(name);
  state.eta = d.eta; state.params = d.params;
}
function fragment() {
  const parts = ["method=" + state.method, "eta=" + state.eta];
  for (const q of METHODS[state.method].info.params) parts.push(q.name + "=" + state.params[q.name]);
  parts.push("mu=" + state.mu, "L=" + state.L);
  return "#" + parts.join("&");
}
function readFragment(text) {
  const kv = {};
  for (const part of text.replace(/^[#?]/, "").split("&")) {
    const i = part.indexOf("=");
    if (i > 0) kv[decodeURIComponent(part.slice(0, i))] = decodeURIComponent(part.slice(i + 1));
  }
  if (kv.method && Object.prototype.hasOwnProperty.call(METHODS, kv.method)) setMethod(kv.method);
  const num = (s, lo, hi) => { const x = Number(s); return Number.isFinite(x) ? Math.min(hi, Math.max(lo, x)) : null; };
  const e = num(kv.eta, 0, 1e3); if (e !== null) state.eta = e;
  const mu = num(kv.mu, 1e-3, 1e3); if (mu !== null) state.mu = mu;
  const L = num(kv.L, 1e-3, 1e3); if (L !== null) state.L = L;
  if (state.mu > state.L) state.mu = state.L;
  for (const q of METHODS[state.method].info.params) {
    const x = num(kv[q.name], q.lo, q.hi); if (x !== null) state.params[q.name] = x;
  }
}
function paramVector(m, over) {
  return m.info.params.map(q => (over && q.name in over) ? over[q.name] : state.params[q.name]);
}

// ---- sliders -------------------------------------------------------------------
const sliders = {};
function sliderSpec(name) {
  const m = METHODS[state.method];
  if (name === "eta") return {lo: 0, hi: m.info.hmax / state.L, log: false, label: "step size \u03b7"};
  if (name === "mu") return {lo: 0.01, hi: 10, log: true, label: "smallest curvature \u03bc"};
  if (name === "L") return {lo: 0.1, hi: 100, log: true, label: "largest curvature L"};
  const q = m.info.params.find(p => p.name === name);
  return {lo: q.lo, hi: q.hi, log: q.log, label: "parameter " + name};
}
function getValue(name) { return name === "eta" ? state.eta : name === "mu" ? state.mu : name === "L" ? state.L : state.params[name]; }
function setValue(name, x) {
  if (name === "eta") state.eta = x; else if (name === "mu") state.mu = Math.min(x, state.L);
  else if (name === "L") state.L = Math.max(x, state.mu); else state.params[name] = x;
}
function buildSliders() {
  const box = document.getElementById("sliders");
  box.textContent = "";
  for (const k in sliders) delete sliders[k];
  const names = ["eta"].concat(METHODS[state.method].info.params.map(q => q.name), ["mu", "L"]);
  for (const name of names) {
    const row = document.createElement("div"); row.className = "row";
    const label = document.createElement("label"); label.htmlFor = "s-" + name;
    const out = document.createElement("output"); out.id = "o-" + name; out.htmlFor = "s-" + name;
    const input = document.createElement("input");
    input.type = "range"; input.id = "s-" + name; input.min = 0; input.max = 1000; input.step = 1;
    label.append(sliderSpec(name).label + " = ", out);
    row.append(label, input); box.append(row);
    input.addEventListener("input", () => {
      const s = sliderSpec(name), u = Number(input.value) / 1000;
      setValue(name, s.log ? s.lo * Math.pow(s.hi / s.lo, u) : s.lo + u * (s.hi - s.lo));
      changed(name);
    });
    sliders[name] = {input: input, out: out};
  }
}
function syncSliders(skip) {
  for (const name in sliders) {
    const s = sliderSpec(name), x = getValue(name), el = sliders[name];
    const u = s.log ? Math.log(x / s.lo) / Math.log(s.hi / s.lo) : (x - s.lo) / (s.hi - s.lo);
    if (name !== skip) el.input.value = String(Math.round(1000 * Math.min(1, Math.max(0, u))));
    el.out.textContent = fmt(x);
    el.input.setAttribute("aria-valuetext", name + " " + fmt(x));
  }
}
function fmt(x) {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  return (a !== 0 && (a < 1e-3 || a >= 1e4)) ? x.toExponential(3) : String(Number(x.toPrecision(4)));
}

// ---- drawing -----------------------------------------------------------------------
const STOPS = [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]];
const LUT = new Uint8Array(256 * 3);
for (let i = 0; i < 256; i++) {
  const u = i / 255 * (STOPS.length - 1), k = Math.min(STOPS.length - 2, Math.floor(u)), f = u - k;
  for (let c = 0; c < 3; c++) LUT[3 * i + c] = Math.round(STOPS[k][c] + f * (STOPS[k + 1][c] - STOPS[k][c]));
}
function yAxis(m) {
  const q = m.info.params[0];
  return q ? {name: q.name, lo: q.lo, hi: q.hi, log: q.log} : {name: "\u2014", lo: 0, hi: 1, log: false, none: true};
}
function yAt(ax, j) {  // row j (0 = top) to the parameter's value
  const u = 1 - (j + 0.5) / W;
  return ax.log ? ax.lo * Math.pow(ax.hi / ax.lo, u) : ax.lo + u * (ax.hi - ax.lo);
}
function rowOf(ax, y) {
  const u = ax.log ? Math.log(y / ax.lo) / Math.log(ax.hi / ax.lo) : (y - ax.lo) / (ax.hi - ax.lo);
  return (1 - u) * W;
}
let mapImage = null, mapKey = null;
const conv = new Uint8Array(W * W), dsign = new Int8Array(W * W);
function drawMap(force) {
  const m = METHODS[state.method], ax = yAxis(m), hmax = m.info.hmax;
  const cv = document.getElementById("map"), ctx = cv.getContext("2d");
  if (!mapImage) mapImage = ctx.createImageData(W, W);
  // The map depends on the method and the parameters off its axes only: moving
  // eta, mu, L or the axis parameter reuses it (the self-test always recomputes).
  const key = state.method + "|" + paramVector(m).slice(1).join(",");
  if (force || key !== mapKey) { computeMap(m, ax, hmax); mapKey = key; }
  ctx.putImageData(mapImage, 0, 0);
  drawMapOverlay(m, ax, hmax, cv, ctx);
}
function computeMap(m, ax, hmax) {
  const px = mapImage.data, args = Float64Array.from([0].concat(paramVector(m)));
  const xs = new Float64Array(m.info.nv);
  for (let j = 0; j < W; j++) {
    if (m.info.params.length) args[1] = yAt(ax, j);
    for (let i = 0; i < W; i++) {
      args[0] = (i + 0.5) / W * hmax;
      m.internal(args, xs);
      const T = m.T(xs), D = m.D(xs), ok = m.ok(xs), idx = j * W + i, o = 4 * idx;
      conv[idx] = ok ? 1 : 0; dsign[idx] = (T * T - 4 * D) < 0 ? -1 : 1;
      if (ok) {
        const k = 3 * Math.min(255, Math.max(0, Math.round(radius(T, D) * 255)));
        px[o] = LUT[k]; px[o + 1] = LUT[k + 1]; px[o + 2] = LUT[k + 2];
      } else { px[o] = 120; px[o + 1] = 120; px[o + 2] = 120; }
      px[o + 3] = 255;
    }
  }
  for (let j = 0; j < W; j++) for (let i = 0; i < W; i++) {
    const idx = j * W + i, o = 4 * idx;
    const right = i + 1 < W ? idx + 1 : idx, down = j + 1 < W ? idx + W : idx;
    if (conv[idx] !== conv[right] || conv[idx] !== conv[down]) { px[o] = 255; px[o + 1] = 255; px[o + 2] = 255; }
    else if (conv[idx] && (dsign[idx] !== dsign[right] || dsign[idx] !== dsign[down])) { px[o] = 255; px[o + 1] = 140; px[o + 2] = 0; }
  }
}
function drawMapOverlay(m, ax, hmax, cv, ctx) {
  const x0 = state.eta * state.mu / hmax * W, x1 = state.eta * state.L / hmax * W;
  const yrow = m.info.params.length ? rowOf(ax, state.params[ax.name]) : W / 2;
  ctx.strokeStyle = "#fff"; ctx.lineWidth = 3; ctx.beginPath(); ctx.moveTo(x0, yrow); ctx.lineTo(x1, yrow); ctx.stroke();
  ctx.strokeStyle = "#d62728"; ctx.lineWidth = 1.5; ctx.beginPath(); ctx.moveTo(x0, yrow); ctx.lineTo(x1, yrow); ctx.stroke();
  ctx.fillStyle = "#d62728"; ctx.strokeStyle = "#fff"; ctx.lineWidth = 2;
  ctx.beginPath(); ctx.arc(x1, yrow, 6, 0, 2 * Math.PI); ctx.fill(); ctx.stroke();
  ctx.font = "11px sans-serif"; ctx.fillStyle = "#fff"; ctx.strokeStyle = "#000"; ctx.lineWidth = 3;
  const label = (t, x, y) => { ctx.strokeText(t, x, y); ctx.fillText(t, x, y); };
  if (!ax.none) label(ax.name + " = " + ax.hi, 4, 12);
  label((ax.none ? "" : ax.name + " = " + ax.lo + ", ") + "\u03b7\u03bb = 0", 4, W - 5);
  const right = "\u03b7\u03bb = " + hmax; label(right, W - 4 - ctx.measureText(right).width, W - 5);
  cv.dataset.point = [state.eta * state.L, m.info.params.length ? state.params[ax.name] : 0].join(",");
  document.getElementById("map-axes").textContent =
    "x: \u03b7\u03bb from 0 to " + hmax + " (" + (m.info.variables[0] === "h" ? "h" : m.info.variables[0]) +
    ");  y: " + (ax.none ? "none (no parameter besides \u03b7: \u03c1 depends on \u03b7\u03bb only)" :
    ax.name + " from " + ax.lo + " to " + ax.hi + (ax.log ? " (log scale)" : ""));
  document.getElementById("y-name").textContent = ax.name;
}
function drawTrajectory() {
  const m = METHODS[state.method], pv = paramVector(m);
  const cv = document.getElementById("traj"), ctx = cv.getContext("2d");
  const X = v => (v + 6) / 12 * W, Y = v => (3 - v) / 6 * W;
  ctx.clearRect(0, 0, W, W);
  ctx.strokeStyle = "#ccc"; ctx.lineWidth = 1;
  for (let k = 1; k <= 8; k++) {  // level sets f = c, evenly spaced in sqrt(f)
    const c = Math.pow(k * 0.9, 2) * 0.5 * state.mu;
    ctx.beginPath();
    ctx.ellipse(X(0), Y(0), Math.sqrt(2 * c / state.mu) / 12 * W, Math.sqrt(2 * c / state.L) / 6 * W, 0, 0, 2 * Math.PI);
    ctx.stroke();
  }
  ctx.strokeStyle = "#999"; ctx.beginPath(); ctx.moveTo(0, Y(0)); ctx.lineTo(W, Y(0)); ctx.moveTo(X(0), 0); ctx.lineTo(X(0), W); ctx.stroke();
  const path = trajectory(m, state.eta, pv, [state.mu, state.L], PROBLEM.start, PROBLEM.steps);
  ctx.strokeStyle = "#d62728"; ctx.fillStyle = "#d62728"; ctx.lineWidth = 1.5;
  ctx.beginPath();
  path.forEach((p, t) => { const a = Math.max(-1e4, Math.min(1e4, X(p[0]))), b = Math.max(-1e4, Math.min(1e4, Y(p[1]))); if (t) ctx.lineTo(a, b); else ctx.moveTo(a, b); });
  ctx.stroke();
  for (const p of path) { ctx.beginPath(); ctx.arc(X(p[0]), Y(p[1]), 2.5, 0, 2 * Math.PI); ctx.fill(); }
  ctx.fillStyle = "#555"; ctx.font = "11px sans-serif"; ctx.fillText("x\u2081 \u2208 [\u22126, 6], x\u2082 \u2208 [\u22123, 3]", 6, W - 6);
  const last = path[path.length - 1];
  cv.dataset.last = last.join(",");
  document.getElementById("traj-steps").textContent = PROBLEM.steps + " steps (the chapter's); last x = (" + fmt(last[0]) + ", " + fmt(last[1]) + ").";
  return path;
}
function residualPaths(m, pv) {
  const worst = new Float64Array(ERR_STEPS + 1).fill(0);
  for (let k = 0; k < N_SPECTRUM; k++) {
    const td = tdOf(m, state.eta * spectrumPoint(k, N_SPECTRUM), pv), T = td[0], D = td[1];
    let p = 1, pp = 1; worst[0] = 1;
    for (let t = 1; t <= ERR_STEPS; t++) {
      const n = T * p - D * pp; pp = p; p = n;
      const a = Math.abs(p); if (a > worst[t] || !Number.isFinite(a)) worst[t] = Number.isFinite(a) ? a : Infinity;
    }
  }
  return worst;
}
function drawErrors() {
  const m = METHODS[state.method], pv = paramVector(m), H = 240;
  const cv = document.getElementById("err"), ctx = cv.getContext("2d");
  ctx.clearRect(0, 0, W, H);
  const lo = -12, hi = 2, X = t => 30 + t / ERR_STEPS * (W - 46), Y = v => 8 + (hi - Math.max(lo, Math.min(hi, v))) / (hi - lo) * (H - 28);
  ctx.strokeStyle = "#eee"; ctx.fillStyle = "#555"; ctx.font = "10px sans-serif";
  for (let e = lo; e <= hi; e += 2) { ctx.beginPath(); ctx.moveTo(X(0), Y(e)); ctx.lineTo(X(ERR_STEPS), Y(e)); ctx.stroke(); ctx.fillText("1e" + e, 0, Y(e) + 3); }
  for (let t = 0; t <= ERR_STEPS; t += 20) ctx.fillText(String(t), X(t) - 6, H - 6);
  const path = trajectory(m, state.eta, pv, [state.mu, state.L], PROBLEM.start, ERR_STEPS);
  // the worst case first (dashed), so a component that attains it stays visible on top
  const series = [[Array.from(residualPaths(m, pv)), "#000", [5, 3]], [path.map(p => Math.abs(p[0] / PROBLEM.start[0])), "#1f77b4", []], [path.map(p => Math.abs(p[1] / PROBLEM.start[1])), "#d62728", []]];
  for (const [ys, colour, dash] of series) {
    ctx.strokeStyle = colour; ctx.lineWidth = 1.5; ctx.setLineDash(dash); ctx.beginPath();
    ys.forEach((v, t) => { const y = Y(v > 0 ? Math.log10(v) : lo); if (t) ctx.lineTo(X(t), y); else ctx.moveTo(X(t), y); });
    ctx.stroke();
  }
  ctx.setLineDash([]);
  return series[0][0];
}
function drawEigen() {
  const m = METHODS[state.method], pv = paramVector(m);
  const cv = document.getElementById("eig"), ctx = cv.getContext("2d"), s = W / 3.2;
  const X = a => W / 2 + a * s, Y = b => W / 2 - b * s;
  ctx.clearRect(0, 0, W, W);
  ctx.strokeStyle = "#ccc"; ctx.beginPath(); ctx.moveTo(0, Y(0)); ctx.lineTo(W, Y(0)); ctx.moveTo(X(0), 0); ctx.lineTo(X(0), W); ctx.stroke();
  ctx.strokeStyle = "#333"; ctx.lineWidth = 1.5; ctx.beginPath(); ctx.arc(X(0), Y(0), s, 0, 2 * Math.PI); ctx.stroke();
  const dot = (z, r, colour) => { ctx.fillStyle = colour; ctx.beginPath(); ctx.arc(X(Math.max(-2, Math.min(2, z[0]))), Y(Math.max(-2, Math.min(2, z[1]))), r, 0, 2 * Math.PI); ctx.fill(); };
  for (let k = 0; k < 61; k++) {
    const td = tdOf(m, state.eta * spectrumPoint(k, 61), pv);
    for (const z of roots(td[0], td[1]).z) dot(z, 1.5, "#aaa");
  }
  const ends = [[state.mu, "#1f77b4"], [state.L, "#d62728"]];
  for (const [lam, colour] of ends) { const td = tdOf(m, state.eta * lam, pv); for (const z of roots(td[0], td[1]).z) dot(z, 4, colour); }
  ctx.fillStyle = "#555"; ctx.font = "11px sans-serif"; ctx.fillText("Re", W - 20, Y(0) - 4); ctx.fillText("Im", X(0) + 4, 12);
}
function spectrumPoint(k, n) {  // geometric grid over [mu, L], both ends exact
  return k === 0 ? state.mu : k === n - 1 ? state.L : state.mu * Math.pow(state.L / state.mu, k / (n - 1));
}
// The worst rho over [mu, L]: the grid, plus every critical-damping point
// between two grid points (bisected to the last bit), where rho = sqrt(D).
// For a trace and determinant affine in h (the whole two-step family) the
// maximum is at an end or at such a point, so this is the exact worst rate.
function worstRate(m, pv) {
  let worst = 0, div = false, prevLam = 0, prevSign = 0;
  for (let k = 0; k < N_SPECTRUM; k++) {
    const lam = spectrumPoint(k, N_SPECTRUM), td = tdOf(m, state.eta * lam, pv);
    worst = Math.max(worst, radius(td[0], td[1]));
    if (!m.ok(td[2])) div = true;
    const sign = td[0] * td[0] - 4 * td[1] < 0 ? -1 : 1;
    if (k > 0 && sign !== prevSign) {
      let a = prevLam, b = lam;
      for (let it = 0; it < 200 && a < b; it++) {
        const c = a + (b - a) / 2;
        if (c <= a || c >= b) break;
        const tc = tdOf(m, state.eta * c, pv);
        if ((tc[0] * tc[0] - 4 * tc[1] < 0 ? -1 : 1) === prevSign) a = c; else b = c;
      }
      for (const c of [a, b]) { const tc = tdOf(m, state.eta * c, pv); if (tc[1] > 0) worst = Math.max(worst, Math.sqrt(tc[1])); }
    }
    prevLam = lam; prevSign = sign;
  }
  return {worst: worst, div: div};
}
function drawNumbers() {
  const m = METHODS[state.method], pv = paramVector(m);
  const at = lam => { const td = tdOf(m, state.eta * lam, pv); return {rho: radius(td[0], td[1]), regime: regime(m, td[0], td[1], td[2])}; };
  const a = at(state.mu), b = at(state.L);
  const wr = worstRate(m, pv), worst = wr.worst, div = wr.div;
  const rows = [
    ["method", m.info.name + ": " + m.info.description],
    ["T (trace)", m.info.trace], ["D (determinant)", m.info.det],
    ["region (derived)", m.info.region + "   [variables " + m.info.variables.join(", ") + "]"],
    ["\u03c1 at \u03bb = \u03bc", fmt(a.rho) + " (" + a.regime + ")", "rho-mu", a.rho, a.regime],
    ["\u03c1 at \u03bb = L", fmt(b.rho) + " (" + b.regime + ")", "rho-L", b.rho, b.regime],
    ["worst \u03c1 on [\u03bc, L]", fmt(worst) + (div ? " (divergent somewhere)" : "") + " (" + N_SPECTRUM + " curvatures and the critical-damping points)", "rho-worst", worst],
    ["steps to " + TOL.toExponential(0), (div || !(worst < 1)) ? "never (\u03c1 \u2265 1)" : String(stepsToTol(worst, TOL)) + " (from worst \u03c1)", "steps"],
    ["optimal for [\u03bc, L]", optimalText(m), "optimal"],
  ];
  const body = document.querySelector("#numbers tbody");
  body.textContent = "";
  for (const [k, v, id, value, regimeName] of rows) {
    const tr = document.createElement("tr"), td1 = document.createElement("td"), td2 = document.createElement("td");
    td1.textContent = k;
    if (id) td2.id = id;
    if (value !== undefined) td2.dataset.value = String(value);
    if (regimeName !== undefined) td2.dataset.regime = regimeName;
    if (k.startsWith("region") || k.startsWith("T") || k.startsWith("D")) { const c = document.createElement("code"); c.textContent = v; td2.append(c); } else td2.textContent = v;
    tr.append(td1, td2); body.append(tr);
  }
  return {rhoMu: a.rho, rhoL: b.rho, worst: worst};
}
function optimalTuning(m) {
  if (m.optimal) { const o = m.optimal(state.mu, state.L); const p = {}; for (const q of m.info.params) if (q.name in o) p[q.name] = o[q.name]; return {eta: o.eta, params: p, rate: o.rate, source: "derived (SymPy), live"}; }
  const o = m.info.optimalNumbers;
  if (o && o.mu === state.mu && o.L === state.L) return {eta: o.eta, params: o.params, rate: o.rate, source: o.source + " (computed in Python)"};
  return null;
}
function optimalText(m) {
  const o = optimalTuning(m);
  if (o) return "\u03b7 = " + fmt(o.eta) + Object.keys(o.params).map(k => ", " + k + " = " + fmt(o.params[k])).join("") + ", rate " + fmt(o.rate) + " [" + o.source + "]";
  if (m.info.optimalNumbers) return "closed form in Python (record.optimal(mu, L)); embedded at [" + m.info.optimalNumbers.mu + ", " + m.info.optimalNumbers.L + "]";
  return "no closed form: methods.get('" + m.info.name + "').minimize_worst_rate(mu, L) in Python";
}
function redraw(force) {
  drawMap(force); drawTrajectory(); drawErrors(); drawEigen(); drawNumbers();
  document.getElementById("method-title").textContent = state.method;
  document.getElementById("use-optimal").disabled = !optimalTuning(METHODS[state.method]);
  const link = document.getElementById("share"); link.href = fragment();
}
let pending = false;
function changed(skip) {
  syncSliders(skip);
  if (!pending) { pending = true; requestAnimationFrame(() => { pending = false; redraw(); history.replaceState(null, "", fragment()); }); }
}

// ---- the draggable point ----------------------------------------------------------
function dragTo(ev) {
  const m = METHODS[state.method], cv = document.getElementById("map"), r = cv.getBoundingClientRect();
  const i = Math.max(0, Math.min(W - 1, (ev.clientX - r.left) * W / r.width));
  const j = Math.max(0, Math.min(W - 1, (ev.clientY - r.top) * W / r.height));
  state.eta = (i + 0.5) / W * m.info.hmax / state.L;
  if (m.info.params.length) state.params[m.info.params[0].name] = yAt(yAxis(m), j);
  changed(null);
}

// ---- the self-test: numbers for the test suite, and the redraw time ---------------------
function selftest() {
  const out = {methods: {}, problem: PROBLEM, redraw_ms: null};
  for (const name of Object.keys(METHODS)) {
    const m = METHODS[name], first = m.info.params[0], points = [];
    const ys = first ? [0.2, 0.55, 0.9].map(u => first.log ? first.lo * Math.pow(first.hi / first.lo, u) : first.lo + u * (first.hi - first.lo)) : [null];
    for (const h of [0.05, 0.45, 0.95, 1.6, 2.7]) for (const y of ys) {
      const params = {}; for (const q of m.info.params) params[q.name] = q.default;
      if (first) params[first.name] = y;
      const pv = m.info.params.map(q => params[q.name]), td = tdOf(m, h, pv);
      points.push({h: h, params: params, T: td[0], D: td[1], rho: radius(td[0], td[1]), regime: regime(m, td[0], td[1], td[2])});
    }
    const params = {}; for (const q of m.info.params) params[q.name] = q.name === "beta" ? 0.5 : q.default;
    const eta = 0.4, pv = m.info.params.map(q => params[q.name]);
    out.methods[name] = {points: points, trajectory: {eta: eta, params: params, steps: PROBLEM.steps,
      x: trajectory(m, eta, pv, PROBLEM.coefficients.map(c => 2 * c), PROBLEM.start, PROBLEM.steps)}};
  }
  const per = {};
  for (const name of Object.keys(METHODS)) {
    setMethod(name); buildSliders(); syncSliders(null);
    const samples = [];
    for (let k = 0; k < 9; k++) { const t0 = performance.now(); redraw(true); samples.push(performance.now() - t0); }
    samples.sort((a, b) => a - b); per[name] = samples[4];
  }
  const all = Object.values(per).sort((a, b) => a - b);
  out.redraw_ms = {median: all[Math.floor(all.length / 2)], max: all[all.length - 1], per_method: per};
  setMethod(INITIAL_METHOD); buildSliders(); syncSliders(null); redraw();
  document.getElementById("selftest").textContent = JSON.stringify(out);
}

// ---- start -----------------------------------------------------------------------
function start() {
  const sel = document.getElementById("method");
  for (const name of Object.keys(METHODS)) { const o = document.createElement("option"); o.value = name; o.textContent = name; sel.append(o); }
  setMethod(INITIAL_METHOD in METHODS ? INITIAL_METHOD : Object.keys(METHODS)[0]);
  const wantTest = /(^|[#?&])selftest(&|=|$)/.test(location.hash) || /(^|[?&])selftest(&|=|$)/.test(location.search);
  if (!wantTest && location.hash.length > 1) readFragment(location.hash);
  sel.value = state.method;
  sel.addEventListener("change", () => { setMethod(sel.value); buildSliders(); changed(null); });
  document.getElementById("use-optimal").addEventListener("click", () => {
    const o = optimalTuning(METHODS[state.method]); if (!o) return;
    state.eta = o.eta; Object.assign(state.params, o.params); changed(null);
  });
  const cv = document.getElementById("map");
  cv.addEventListener("pointerdown", ev => { cv.setPointerCapture(ev.pointerId); dragTo(ev); });
  cv.addEventListener("pointermove", ev => { if (ev.buttons) dragTo(ev); });
  window.addEventListener("hashchange", () => {
    if (location.hash !== fragment()) { readFragment(location.hash); sel.value = state.method; buildSliders(); syncSliders(null); redraw(); }
  });
  buildSliders(); syncSliders(null); redraw();
  if (wantTest) selftest();
}
start();
</script>
</body>
</html>
"""
