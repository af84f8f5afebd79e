#!/usr/bin/env python
"""Speed and accuracy of momentum_theory's numeric core, measured side by side.

Run from the repository root::

    python benchmarks/run.py            # the full table, about 6 minutes on 2 cores
    python benchmarks/run.py --quick    # smaller sizes, 3 rounds, fewer rows: under a minute
    python benchmarks/run.py --only memory   # only the memory rows of the maps (1e8 points)

Every speed row times ours and a reference in the same run, on the same
inputs, interleaved: each of 7 rounds (3 with ``--quick``) times the reference
and then ours (best of a few calls each), and the row prints the median of the
per-round ratios with their min-max; a target is met when the median meets it,
so other load on the machine slows both sides of a round alike. Memory rows
run each map once in a fresh interpreter and report its peak resident set
above the result (``/proc`` VmHWM, reset after a warm-up: what the machine
pays, NumPy's scratch, threads and allocator included) and tracemalloc's
peak beside it. The accuracy table gives the largest error in ulp, against
a 50-digit mpmath reference, of ``spectral_radius`` and of
``numpy.linalg.eigvals`` on each adversarial set. The test suite's wall time
is not measured here (minutes, and it shares the machine with this run).
"""
from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from accuracy_sets import adversarial_sets, reference_radius, ulp_errors  # noqa: E402

import momentum_theory as mt  # noqa: E402
from momentum_theory import ratemaps  # noqa: E402
from momentum_theory.spectral import transition_matrix  # noqa: E402


def best_time(fn, repeat):
    """Shortest wall-clock time of ``repeat`` calls of ``fn``."""
    best = np.inf
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def fmt_time(seconds):
    if seconds < 1e-3:
        return f"{seconds * 1e6:.1f} us"
    if seconds < 1.0:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds:.2f} s"


def python(code, env=None):
    """Run ``code`` in a fresh interpreter and return its stdout (last line)."""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, env=env)
    return done.stdout.strip().splitlines()[-1]


class Table:
    def __init__(self):
        self.rows = []

    def add(self, case, ours, reference, ratio, target, met):
        self.rows.append((case, ours, reference, ratio, target,
                          "-" if met is None else ("yes" if met else "NO")))
        print(f"  measured: {case}", file=sys.stderr)

    def show(self):
        head = ("case", "ours", "reference", "ratio", "target", "met")
        widths = [max(len(str(r[i])) for r in self.rows + [head]) for i in range(len(head))]
        line = "  ".join(h.ljust(w) for h, w in zip(head, widths))
        print(line)
        print("-" * len(line))
        for row in self.rows:
            print("  ".join(str(c).ljust(w) for c, w in zip(row, widths)))


def naive_radius(h, b):
    """The textbook closed form in plain float64, as the package had it at first."""
    trace = 1.0 + b - h
    disc = trace * trace - 4.0 * b
    real = disc >= 0
    return np.where(real, 0.5 * (np.abs(trace) + np.sqrt(np.where(real, disc, 0.0))),
                    np.sqrt(np.abs(b)))


def ratio_text(med, lo, hi, unit="x"):
    """``median (min-max)`` of per-round ratios."""
    return f"{med:.3g}{unit} ({lo:.3g}-{hi:.3g})"


def radius_rows(table, n, repeat, eig_repeat, rounds=7):
    """spectral_radius on n points against eigvals, a scipy loop and the memory floor.

    Every ratio is the median of ``rounds`` per-round ratios, each round timing the
    reference and ours back to back (best of ``repeat`` calls each)."""
    rng = np.random.default_rng(0)
    h = rng.uniform(0.0, 5.0, n)
    b = rng.uniform(0.0, 1.0, n)
    out = np.empty(n)
    label = f"{n:.0e}".replace("+0", "")

    workers = ratemaps.default_workers()
    ours_fn = lambda: mt.spectral_radius(h, b)  # noqa: E731
    threads = f"{workers} threads" if workers > 1 else "1 thread"
    matrices = transition_matrix(1.0, h, b)       # eta = 1, lam = h: eta * lam = h exactly
    eig_fn = lambda: np.abs(np.linalg.eigvals(matrices)).max(axis=-1)  # noqa: E731
    med, lo, hi, ours, numpy_eig = interleaved(ours_fn, eig_fn, rounds, repeat, eig_repeat)
    table.add(f"spectral_radius ({threads}), {label} points vs numpy.linalg.eigvals "
              f"on ({label},2,2), median of {rounds} rounds", fmt_time(ours), fmt_time(numpy_eig),
              ratio_text(med, lo, hi) + " faster", ">= 50x", med >= 50)

    import scipy.linalg

    sub = matrices[: max(n // 500, 200)]

    def scipy_loop():
        for m in sub:
            np.abs(scipy.linalg.eigvals(m)).max()

    scale = n / len(sub)
    med, lo, hi, ours, loop_t = interleaved(ours_fn, scipy_loop, rounds, repeat, 1)
    table.add(f"spectral_radius vs scipy.linalg.eigvals loop ({len(sub)} points, scaled to {label}), "
              f"median of {rounds} rounds", fmt_time(ours), fmt_time(loop_t * scale),
              ratio_text(med * scale, lo * scale, hi * scale) + " faster", ">= 2000x",
              med * scale >= 2000)

    floor_fn = lambda: np.add(h, b, out=out)  # noqa: E731
    med, lo, hi, ours, floor = interleaved(ours_fn, floor_fn, rounds, repeat, 3 * repeat)
    table.add(f"spectral_radius ({threads}) vs memory floor np.add(h, b, out=out), {label} "
              f"(streaming from memory), median of {rounds} rounds", fmt_time(ours), fmt_time(floor),
              ratio_text(1 / med, 1 / hi, 1 / lo) + " the floor", "<= 20x", 1 / med <= 20)

    # The floor in cache: 16384 points (inputs and output 384 KiB, in L2), the
    # same call shape; a one-piece call never reaches the thread pool.
    m = 16384
    hc, bc, oc = h[:m].copy(), b[:m].copy(), np.empty(m)
    med, lo, hi, ours_c, floor_c = interleaved(lambda: mt.spectral_radius(hc, bc),
                                               lambda: np.add(hc, bc, out=oc), rounds, 20, 60)
    table.add(f"  spectral_radius vs memory floor np.add(h, b, out=out), {m} points (in cache), "
              f"median of {rounds} rounds", fmt_time(ours_c), fmt_time(floor_c),
              ratio_text(1 / med, 1 / hi, 1 / lo) + " the floor", "report", None)

    naive = best_time(lambda: naive_radius(h, b), repeat)
    table.add("  for scale: the naive closed form (plain T and D, loses half the digits)",
              fmt_time(ours), fmt_time(naive), f"{naive / ours:.2f}x", "report", None)
    if workers > 1:
        single = best_time(lambda: ratemaps.radius_map(h, b, out=out, workers=1), repeat)
        ratio = single / floor
        table.add("  the same on 1 thread (ratemaps.radius_map(workers=1)), vs the floor",
                  fmt_time(single), fmt_time(floor), f"{ratio:.1f}x the floor", "report", None)
    return h, b


def small_radius_rows(table, n=100):
    """spectral_radius on a small call against batched eigvals on prebuilt matrices."""
    rng = np.random.default_rng(1)
    h = rng.uniform(0.0, 5.0, n)
    b = rng.uniform(0.0, 1.0, n)
    matrices = transition_matrix(1.0, h, b)
    record = mt.methods.get("heavy_ball")
    eig = lambda: np.abs(np.linalg.eigvals(matrices)).max(axis=1)  # noqa: E731
    for label, fn, target in (
            ("spectral_radius", lambda: mt.spectral_radius(h, b), ">= 1x"),
            ('  methods.get("heavy_ball").spectral_radius', lambda: record.spectral_radius(h, beta=b),
             "report")):
        med, lo, hi, ours, anchor = interleaved(fn, eig, 7, 200)
        table.add(f"{label} on {n} points vs batched numpy.linalg.eigvals, median of 7 rounds",
                  fmt_time(ours), fmt_time(anchor), ratio_text(med, lo, hi) + " faster", target,
                  med >= 1 if target != "report" else None)


def family_rows(table, n, repeat):
    """The general two-step family's spectral_radius against batched eigvals, one run.

    The target (>= 20x) is set at 10^6 points; at fewer (``--quick``: 10^5) the fixed
    costs of a call weigh more and the row is only reported.
    """
    from momentum_theory.methods._benchmark import radius_vs_eigvals

    # Median of 7 rounds, each timing both one after the other (best of `repeat`
    # calls of ours, one eigvals call): other work on the machine slows both alike.
    r = radius_vs_eigvals(name="two_step", n=n, repeat=repeat, rounds=7, eig_repeat=1)
    label = f"{n:.0e}".replace("+0", "")
    table.add(f"general-family spectral_radius on {label} points vs batched "
              f"numpy.linalg.eigvals, median of 7 rounds (max rel. diff {r['max_rel_diff']:.1e})",
              fmt_time(r["radius_s"]), fmt_time(r["eigvals_s"]),
              ratio_text(r["ratio"], min(r["ratios"]), max(r["ratios"])) + " faster",
              *((">= 20x", r["ratio"] >= 20) if n >= 10**6 else ("report", None)))


def interleaved(subject, anchor, rounds=7, repeat=1, anchor_repeat=None):
    """Median (and min, max) over ``rounds`` of anchor time / subject time, each round
    timing both back to back (best of ``repeat`` calls each, ``anchor_repeat`` for the
    anchor if given), plus the median times."""
    ratios, mine, theirs = [], [], []
    for _ in range(rounds):
        a = best_time(anchor, repeat if anchor_repeat is None else anchor_repeat)
        s = best_time(subject, repeat)
        ratios.append(a / s)
        mine.append(s)
        theirs.append(a)
    return (float(np.median(ratios)), min(ratios), max(ratios),
            float(np.median(mine)), float(np.median(theirs)))


def iterate_rows(table, n, steps_list, long_steps, quick):
    """momentum_iterate on n (h, beta) pairs against the NumPy loop, at each t in steps_list."""
    from momentum_theory.dynamics import momentum_iterate

    rng = np.random.default_rng(0)
    h = rng.uniform(0.0, 4.0, n)          # lam = h, eta = 1: eta * lam = h exactly
    beta = rng.uniform(0.0, 1.0, n)

    def loop(steps):
        x, v = np.ones(n), np.zeros(n)
        with np.errstate(all="ignore"):
            for _ in range(steps):
                v *= beta
                v += h * x
                x -= v
        return x

    for t in steps_list:
        # Beyond long_steps the loop is timed on long_steps steps and scaled (it is linear in t).
        timed = min(t, long_steps)
        scale = t / timed
        rounds = 3 if (quick and t > 1000) else 7
        repeat = 1 if timed > 1000 else (5 if timed > 50 else 50)
        med, lo, hi, ours, anchor = interleaved(lambda: momentum_iterate(h, 1.0, 1.0, beta, t),
                                                lambda: loop(timed), rounds, repeat)
        med, lo, hi, anchor = med * scale, lo * scale, hi * scale, anchor * scale
        target, met = (">= 500x", med >= 500) if t >= 10**6 else (">= 1x", med >= 1)
        note = f" (loop timed on {timed} steps and scaled)" if scale != 1 else ""
        table.add(f"momentum_iterate, {n} (h, beta) pairs, t={t} vs NumPy loop, median of "
                  f"{rounds} rounds{note}",
                  fmt_time(ours), fmt_time(anchor), ratio_text(med, lo, hi) + " faster", target, met)
    # A general step size takes Dekker's exact product error (about 12 more passes).
    eta = 0.1
    for t in (1, 2):
        med, lo, hi, ours, anchor = interleaved(
            lambda: momentum_iterate(h / eta, 1.5, eta, beta, t), lambda: loop(t), 7, 50)
        table.add(f"  the same, eta=0.1, x0=1.5 (lam = h/eta), t={t}, median of 7 rounds",
                  fmt_time(ours), fmt_time(anchor), ratio_text(med, lo, hi) + " faster", "report", None)
    closed = momentum_iterate(h, 1.0, 1.0, beta, 100)
    stepped_x = loop(100)
    rel = np.max(np.abs(closed - stepped_x) / np.maximum(np.abs(stepped_x), 1e-300))
    table.add("  agreement at t=100: max |closed - loop| / |loop|", f"{rel:.1e}", "", "",
              "<= 1e-10", rel <= 1e-10)


def worst_case_rows(table, n, repeat):
    """Exact finite-horizon worst case at a long horizon, against a 1000-point grid."""
    from momentum_theory.finite_horizon import residual, worst_case

    cases = [("gradient descent, issue-9 input", (0.01, 1.0, 0.2, 0.0)),
             ("heavy ball, interior maximum", (0.5, 3.0, 1.0, 0.995))]
    for label, (mu, L, eta, beta) in cases:
        ours = best_time(lambda: worst_case(mu, L, eta, beta, n), repeat)
        lam = np.linspace(mu, L, 1000)
        grid = best_time(lambda: residual(lam, eta, beta, n)[-1], 1)
        exact = worst_case(mu, L, eta, beta, n).value
        sampled = float(np.max(residual(lam, eta, beta, n)[-1] ** 2))
        table.add(f"worst_case n={n:.0e}, {label} (vs 1000-point grid; exact >= grid: "
                  f"{exact >= sampled * (1 - 1e-12)})".replace("+0", ""),
                  fmt_time(ours), fmt_time(grid), f"{grid / ours:.1f}x", "ours <= 1 s",
                  ours <= 1.0)


def cold_rows(table, rounds=7, derivations=True):
    if derivations:
        derivation_row(table)
    import_rows(table, rounds)


def derivation_row(table):
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    code = ("import time; t = time.perf_counter(); import momentum_theory.symbolic as s; "
            "s.all_derivations(); print(time.perf_counter() - t)")
    try:
        cold = float(python(code, env))
        table.add("symbolic.all_derivations(), cold (fresh interpreter)", fmt_time(cold),
                  "", "", "report", None)
    except (subprocess.CalledProcessError, ValueError) as exc:
        table.add("symbolic.all_derivations(), cold", f"failed: {exc}", "", "", "report", False)


def import_rows(table, rounds):
    def import_time(module):
        code = (f"import time; t = time.perf_counter(); import {module}; "
                "t = time.perf_counter() - t; import sys; "
                "print(t, 'sympy' in sys.modules or 'matplotlib' in sys.modules)")
        t, loaded = python(code).split()
        return float(t), loaded == "True"

    # Interleaved: each round imports numpy, then momentum_theory, in fresh interpreters.
    ratios, ours_t, numpy_t, heavy = [], [], [], False
    for _ in range(rounds):
        anchor, _ = import_time("numpy")
        ours, loaded = import_time("momentum_theory")
        heavy = heavy or loaded
        ratios.append(ours / anchor)
        ours_t.append(ours)
        numpy_t.append(anchor)
    med = float(np.median(ratios))
    table.add(f"import momentum_theory vs import numpy (fresh interpreters, median of {rounds} rounds)",
              fmt_time(float(np.median(ours_t))), fmt_time(float(np.median(numpy_t))),
              ratio_text(med, min(ratios), max(ratios)), "<= 1.5x", med <= 1.5)
    table.add("  sympy or matplotlib in sys.modules after import momentum_theory",
              "yes" if heavy else "no", "", "", "no", not heavy)


REPORT_FLOOR = "import sympy, scipy.optimize, matplotlib.pyplot"


def report_rows(table, rounds):
    """``momentum-theory report`` (md, default sections) against a fresh interpreter importing
    what any report needs; each round runs the floor, then the report, as subprocesses."""
    import shutil
    import tempfile

    ratios, ours_t, floor_t = [], [], []
    tmp = Path(tempfile.mkdtemp())
    try:
        for i in range(rounds):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", REPORT_FLOOR], check=True, capture_output=True)
            floor = time.perf_counter() - start
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "momentum_theory", "report",
                            "--out", str(tmp / f"r{i}")], check=True, capture_output=True)
            ours = time.perf_counter() - start
            ratios.append(ours / floor)
            ours_t.append(ours)
            floor_t.append(floor)
    except subprocess.CalledProcessError as exc:
        table.add("momentum-theory report (md, default sections)",
                  f"failed: {exc.stderr[-80:]!r}", "", "", "<= 3x", False)
        return
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    med = float(np.median(ratios))
    table.add(f"momentum-theory report (md, default sections) vs a fresh `python -c "
              f"\"{REPORT_FLOOR}\"`, median of {rounds} rounds",
              fmt_time(float(np.median(ours_t))), fmt_time(float(np.median(floor_t))),
              ratio_text(med, min(ratios), max(ratios), "x the floor"), "<= 3x", med <= 3)


# Measured in a fresh interpreter: the resident set now and at its peak.
PEAK_CODE = """
def status(key):
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) * 1024 for line in f if line.startswith(key))


def reset_peak():
    # Linux: writing 5 to clear_refs resets VmHWM, the peak resident set.
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False
"""

MEMORY_CODE = """
import dataclasses, resource, time, tracemalloc
import numpy as np
{peak_code}


def nbytes(obj):
    # The result's own arrays (fields of a dataclass, items of a tuple or dict).
    if isinstance(obj, np.ndarray):
        return obj.nbytes
    if dataclasses.is_dataclass(obj):
        return sum(nbytes(getattr(obj, f.name)) for f in dataclasses.fields(obj))
    if isinstance(obj, (tuple, list)):
        return sum(nbytes(x) for x in obj)
    if isinstance(obj, dict):
        return sum(nbytes(x) for x in obj.values())
    return 0


{setup}
def run(side):
    return {call}


run(60)                                    # warm up (imports, derivations, thread pool)
side = {side}
{before}
if reset_peak():
    base, peak = status("VmRSS:"), lambda: status("VmHWM:")
else:                                      # the high-water mark since start
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    peak = lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
tracemalloc.start()
t = time.perf_counter()
result = run(side)
t = time.perf_counter() - t
traced = tracemalloc.get_traced_memory()[1]
tracemalloc.stop()
held = nbytes(result) + {extra_bytes}
print(t, peak() - base - held, traced - held, held)
"""

# (label, setup code, call on `side`, code run before the measurement, bytes
# held outside the result (a preallocated output), side cap or None). Every
# public function that builds a map of the (eta*lambda, beta) plane.
AXES = ("h = lambda side: np.linspace(0.0, 5.0, side)\n"
        "b = lambda side: np.linspace(0.0, 1.0, side, endpoint=False)\n")
MAPS = [
    ("ratemaps.radius_grid(h, b, out=out) into a preallocated array",
     "from momentum_theory import ratemaps\n" + AXES + "OUT = {}\n",
     "ratemaps.radius_grid(h(side), b(side), out=OUT.get(side))",
     "OUT[side] = np.empty((side, side))     # untouched pages: not resident yet", "0",
     None),
    ("ratemaps.radius_histogram (streamed, never holds the map)",
     "from momentum_theory import ratemaps\n" + AXES,
     "ratemaps.radius_histogram(h(side), b(side)[:, None], bins=200, range=(0.0, 2.0))", "", "0",
     None),
    ("spectral.rate_map", "from momentum_theory.spectral import rate_map\n" + AXES,
     "rate_map(h(side), b(side))", "", "0", None),
    ("accelerated.nesterov_rate_map", "from momentum_theory.accelerated import nesterov_rate_map\n"
     + AXES, "nesterov_rate_map(h(side) / 2, b(side))", "", "0", None),
    ("comparisons.method_map('two_step')", "from momentum_theory.comparisons import method_map\n",
     "method_map('two_step', n=side)", "", "0", None),
    ("spectral.confirm_region", "from momentum_theory.spectral import confirm_region\n",
     "confirm_region(n=side)", "", "0", None),
    ("accelerated.confirm_nesterov_region",
     "from momentum_theory.accelerated import confirm_nesterov_region\n",
     "confirm_nesterov_region(n=side)", "", "0", None),
    # The exact worst rate over the spectrum at every point: 75-100 s
    # at 1e8 points on 2 loaded cores (chunked since issue 15; 1e7 took 17 s before).
    ("spectrum_map.spectrum_rate_grid(kappa=100)",
     "from momentum_theory.spectrum_map import spectrum_rate_grid\n",
     "spectrum_rate_grid(100.0, n=side)", "", "0", None),
]


def memory_rows(table, side):
    """Peak memory above the result of every map kind on a side x side grid, each in a fresh
    interpreter: the peak resident set (VmHWM, reset after the warm-up) minus the resident
    set before the call and the result's own bytes; tracemalloc's peak beside it."""
    for label, setup, call, before, extra, cap in MAPS:
        n = side if cap is None else min(side, cap)
        points = f"{n * n:.0e}".replace("+0", "")
        code = MEMORY_CODE.format(peak_code=PEAK_CODE, setup=setup, call=call, side=n,
                                  before=before, extra_bytes=extra)
        try:
            t, rss, traced, held = python(code).split()
        except (subprocess.CalledProcessError, ValueError) as exc:
            table.add(f"peak memory above the result, {label}, {points} points",
                      f"failed: {str(exc)[:60]}", "", "", "<= 100 MiB", False)
            continue
        # (tracemalloc starts after a preallocated output, so it can show below 0.)
        rss_mib, traced_mib = float(rss) / 2**20, max(float(traced) / 2**20, 0.0)
        note = "" if n == side else f" (capped at {points}: 1e8 takes minutes)"
        table.add(f"peak memory above the result ({float(held) / 2**20:.0f} MiB), {label}, "
                  f"{points} points{note}",
                  f"{rss_mib:.0f} MiB RSS, {traced_mib:.0f} MiB traced, in {fmt_time(float(t))}",
                  "", "", "<= 100 MiB", rss_mib <= 100)


def accuracy_table(n):
    print("\nAccuracy: max error in ulp against a 50-digit mpmath reference "
          "(ours must be <= 4)")
    head = ("set", "points", "spectral_radius", "numpy.linalg.eigvals")
    rows = []
    for name, (h, b) in adversarial_sets(n).items():
        ref = reference_radius(h, b)
        ours = ulp_errors(mt.spectral_radius(h, b), ref).max()
        eig = np.abs(np.linalg.eigvals(transition_matrix(1.0, h, b))).max(axis=-1)
        theirs = ulp_errors(eig, ref).max()
        rows.append((name, str(h.size), f"{ours:.2f}", f"{theirs:.3g}"))
    widths = [max(len(r[i]) for r in rows + [head]) for i in range(len(head))]
    line = "  ".join(h.ljust(w) for h, w in zip(head, widths))
    print(line)
    print("-" * len(line))
    for row in rows:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths)))


def iterate_accuracy_table(n):
    """momentum_iterate and the NumPy loop against 50 digits on the adversarial sets, t = 1 to 4."""
    import mpmath

    from momentum_theory.dynamics import momentum_iterate

    eta, x0 = 1.0 / 3.0, 1.5
    print("\nmomentum_iterate accuracy: max error in ulp of the terms |U_t x_1| + |beta U_(t-1) x_0| "
          f"(50-digit mpmath; eta = 1/3, x0 = {x0}, v0 = 0: the short path to t = 3, the closed form at t = 4)")
    head = ("set", "points") + tuple(f"t={t} {who}" for t in (1, 2, 3, 4) for who in ("ours", "loop"))
    rows = []
    for name, (h, b) in adversarial_sets(n).items():
        b = np.clip(b, -1 + 2.0 ** -52, 1 - 2.0 ** -53)
        lam = h / eta
        row = [name, str(h.size)]
        for t in (1, 2, 3, 4):
            ours = momentum_iterate(lam, x0, eta, b, t)
            x, v = np.full(h.size, x0), np.zeros(h.size)
            with np.errstate(all="ignore"):
                for _ in range(t):
                    v = b * v + lam * x
                    x = x - eta * v
            errs = [[], []]
            with mpmath.workdps(50):
                for i in range(h.size):
                    L, B, E, X0 = (mpmath.mpf(float(a)) for a in (lam[i], b[i], eta, x0))
                    trace = (1 - E * L) + B
                    x1 = X0 - E * L * X0
                    u_prev, u = mpmath.mpf(0), mpmath.mpf(1)
                    for _ in range(t - 1):
                        u_prev, u = u, trace * u - B * u_prev
                    want = u * x1 - B * u_prev * X0
                    terms = abs(u * x1) + abs(B * u_prev * X0)
                    if not mpmath.mpf("1e-250") < terms < mpmath.mpf("1e250"):
                        continue
                    for k, got in enumerate((ours[i], x[i])):
                        errs[k].append(float(abs(mpmath.mpf(float(got)) - want) / terms) / 2.0 ** -53)
            row += [f"{max(errs[0], default=0):.3g}", f"{max(errs[1], default=0):.3g}"]
        rows.append(tuple(row))
    widths = [max(len(r[i]) for r in rows + [head]) for i in range(len(head))]
    line = "  ".join(h.ljust(w) for h, w in zip(head, widths))
    print(line)
    print("-" * len(line))
    for row in rows:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths)))


def explorer_rows(table):
    """The explorer page's full redraw (300 x 300 map + the other views), from its own #selftest."""
    import html
    import json
    import re
    import shutil
    import tempfile

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.exists(chromium):
        table.add("explorer full redraw (headless chromium)", "skipped: no chromium", "", "",
                  "<= 16 ms", None)
        return
    from momentum_theory import explorer
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "page.html"
        page.write_text(explorer.page(), encoding="utf-8")
        done = subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu",
                               "--disable-quic", "--no-first-run", "--disable-background-networking",
                               "--disable-component-update", "--disable-sync",
                               f"--user-data-dir={tmp}/profile", "--dump-dom",
                               page.as_uri() + "#selftest"],
                              capture_output=True, text=True, timeout=180)
    found = re.search(r'<pre id="selftest">(.*?)</pre>', done.stdout, re.S)
    if not found or not found.group(1).strip():
        table.add("explorer full redraw (headless chromium)", "failed: no self-test output", "", "",
                  "<= 16 ms", False)
        return
    ms = json.loads(html.unescape(found.group(1)))["redraw_ms"]
    table.add("explorer full redraw, median over the methods of each one's median of 9 "
              f"(slowest method {ms['max']:.1f} ms)", f"{ms['median']:.1f} ms", "", "",
              "<= 16 ms", ms["median"] <= 16.0)


def grade_rows_bench(table, students):
    """``grading.grade_csv`` on a generated class (10 parts a student, a few dozen distinct
    answers) against ``check_answer`` called once per distinct answer, one after another."""
    import random
    import shutil
    import tempfile

    from momentum_theory import grading
    from momentum_theory.answers import check_answer

    answers = {"1 effective_weight": ["1/(1-beta)", "1/(1+beta)", "(1-beta)^-1"],
               "1 effective_step": ["eta/(1-beta)", "eta/(1+beta)"],
               "2 gd_iterate": ["x0*(1-eta*lambda)^t", "x0 (1-h)^t", "x0*(1+h)^t"],
               "2 gd_region": ["0 < h < 2", "(0, 2)", "0 <= h < 2"],
               "2 region": ["0 < h < 2 + 2*beta", "(0, 2+2*beta)", "0 < h < 2"],
               "3 minimizer": ["-Q^-1 c", "Q^-1 c", "-inv(Q)*c"],
               "3 minimum": ["b - 1/2 c^T Q^-1 c", "b + 1/2 c^T Q^-1 c"],
               "3 gradient": ["Q x + c", "Q x - c"],
               "4 variance": ["sigma^2"], "4 variance_batch": ["sigma^2/B"]}
    import csv

    rng = random.Random(14)
    rows = [("student", "part", "answer")] + [(f"s{i}", part, rng.choice(options))
                                              for i in range(students)
                                              for part, options in answers.items()]
    tmp = Path(tempfile.mkdtemp())
    try:
        with open(tmp / "answers.csv", "w", newline="", encoding="utf-8") as fh:
            csv.writer(fh).writerows(rows)
        summary = grading.grade_csv(tmp / "answers.csv", tmp / "grades.csv")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    distinct = [(part, a) for part, options in answers.items() for a in options]
    start = time.perf_counter()
    for part, answer in distinct:
        exercise, name = part.split()
        check_answer(int(exercise), name, answer)
    one_by_one = len(distinct) / (time.perf_counter() - start)
    rate = summary.answers_per_second
    table.add(f"grade a class: {summary.rows} answers ({summary.decisions} distinct) from a CSV, "
              "answers/s", f"{rate:.0f} /s", f"check_answer one by one: {one_by_one:.1f} /s",
              f"{rate / one_by_one:.0f}x", ">= 100 answers/s", rate >= 100)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="smaller sizes, fewer rounds, fewer rows (under a minute)")
    parser.add_argument("--only", choices=("memory",),
                        help="run only these rows: 'memory' = the peak memory of every map "
                             "(1e8 points; 1e6 with --quick), no accuracy tables")
    args = parser.parse_args(argv)
    quick = args.quick
    load = os.getloadavg() if hasattr(os, "getloadavg") else (float("nan"),) * 3
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"momentum_theory {mt.__version__}, numpy {np.__version__}, Python "
          f"{platform.python_version()}, {cores} cores available to this process "
          f"(os.sched_getaffinity; os.cpu_count() = {os.cpu_count()}), load average "
          f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}"
          + (" (--quick)" if quick else ""))
    if quick:
        print("--quick: 3 rounds for the 1e6-point ratios, the general family on 1e5 points, "
              "worst_case at n=1e4, maps at 1e6 points (not 1e8: the memory rows only show "
              "the smaller map fits), no report, explorer, grading or cold-derivation rows")
    if args.only == "memory":
        print("--only memory: the memory rows alone")
        print()
        table = Table()
        memory_rows(table, 1000 if quick else 10**4)
        table.show()
        return 0
    print("Ratios: median of per-round ratios (min-max over the rounds); each round times the "
          "reference and ours back to back; met means the median meets the target.")
    print()
    table = Table()
    rounds = 3 if quick else 7
    radius_rows(table, 10**6, 5 if quick else 20, 1, rounds)
    family_rows(table, 10**5 if quick else 10**6, 2 if quick else 5)
    small_radius_rows(table)
    iterate_rows(table, 10**4, (1, 2, 3, 10, 100, 10**4, 10**6), 1000 if quick else 2000, quick)
    worst_case_rows(table, 10**4 if quick else 10**5, 1 if quick else 3)
    if not quick:
        report_rows(table, 7)
    cold_rows(table, rounds, derivations=not quick)
    # 1e8 points (--quick: 1e6, and the met column says only that the smaller map fits).
    memory_rows(table, 1000 if quick else 10**4)
    if not quick:
        explorer_rows(table)
        grade_rows_bench(table, 300)
    table.show()
    accuracy_table(300 if quick else 2000)
    iterate_accuracy_table(100 if quick else 300)
    return 0


if __name__ == "__main__":
    sys.exit(main())
