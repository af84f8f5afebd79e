#!/usr/bin/env python
"""Speed and accuracy of momentum_theory's numeric core, measured side by side.

Run from the repository root::

    python benchmarks/run.py            # the full table, about a minute
    python benchmarks/run.py --quick    # smaller sizes and fewer repeats, ~20 s

Every speed row times ours and a reference in the same run, on the same
inputs, and prints the ratio next to its target; wall-clock times are the
best of several repeats, so other load on the machine inflates both sides
but rarely the ratio. The accuracy table gives the largest error in ulp,
against a 50-digit mpmath reference, of ``spectral_radius`` and of
``numpy.linalg.eigvals`` on each adversarial set.
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


def radius_rows(table, n, repeat, eig_repeat):
    rng = np.random.default_rng(0)
    h = rng.uniform(0.0, 5.0, n)
    b = rng.uniform(0.0, 1.0, n)
    out = np.empty(n)
    label = f"{n:.0e}".replace("+0", "")

    workers = ratemaps.default_workers()
    ours = best_time(lambda: mt.spectral_radius(h, b), repeat)
    threads = f"{workers} threads" if workers > 1 else "1 thread"
    matrices = transition_matrix(1.0, h, b)       # eta = 1, lam = h: eta * lam = h exactly
    numpy_eig = best_time(lambda: np.abs(np.linalg.eigvals(matrices)).max(axis=-1), eig_repeat)
    ratio = numpy_eig / ours
    table.add(f"spectral_radius ({threads}), {label} points vs numpy.linalg.eigvals "
              f"on ({label},2,2)", fmt_time(ours), fmt_time(numpy_eig), f"{ratio:.0f}x faster",
              ">= 50x", ratio >= 50)

    import scipy.linalg

    sub = matrices[: max(n // 500, 200)]

    def scipy_loop():
        for m in sub:
            np.abs(scipy.linalg.eigvals(m)).max()

    per_point = best_time(scipy_loop, 2) / len(sub)
    ratio = per_point * n / ours
    table.add(f"spectral_radius vs scipy.linalg.eigvals loop ({len(sub)} points, scaled to {label})",
              fmt_time(ours), fmt_time(per_point * n), f"{ratio:.0f}x faster", ">= 2000x",
              ratio >= 2000)

    floor = best_time(lambda: np.add(h, b, out=out), 3 * repeat)
    ratio = ours / floor
    table.add(f"spectral_radius ({threads}) vs memory floor np.add(h, b, out=out), {label}",
              fmt_time(ours), fmt_time(floor), f"{ratio:.1f}x the floor", "<= 20x", ratio <= 20)

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
        table.add(f"{label} on {n} points vs batched numpy.linalg.eigvals, median of 7 rounds "
                  f"(rounds {lo:.2f}-{hi:.2f}x)", fmt_time(ours), fmt_time(anchor),
                  f"{med:.2f}x faster", target, med >= 1 if target != "report" else None)


def family_rows(table, n, repeat):
    """The general two-step family's spectral_radius against batched eigvals, one run."""
    from momentum_theory.methods._benchmark import radius_vs_eigvals

    # Median of 7 rounds, each timing both one after the other (best of `repeat`
    # calls of ours, one eigvals call): other work on the machine slows both alike.
    r = radius_vs_eigvals(name="two_step", n=n, repeat=repeat, rounds=7, eig_repeat=1)
    label = f"{n:.0e}".replace("+0", "")
    table.add(f"general-family spectral_radius on {label} points vs batched "
              f"numpy.linalg.eigvals, median of 7 rounds (rounds {min(r['ratios']):.0f}-"
              f"{max(r['ratios']):.0f}x; max rel. diff {r['max_rel_diff']:.1e})",
              fmt_time(r["radius_s"]), fmt_time(r["eigvals_s"]), f"{r['ratio']:.0f}x faster",
              ">= 20x", r["ratio"] >= 20)


def interleaved(subject, anchor, rounds=7, repeat=1):
    """Median (and min, max) over ``rounds`` of anchor time / subject time, each round
    timing both back to back (best of ``repeat`` calls each), plus the median times."""
    ratios, mine, theirs = [], [], []
    for _ in range(rounds):
        a = best_time(anchor, repeat)
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
        repeat = 1 if timed > 1000 else 5
        med, lo, hi, ours, anchor = interleaved(lambda: momentum_iterate(h, 1.0, 1.0, beta, t),
                                                lambda: loop(timed), rounds, repeat)
        med, lo, hi, anchor = med * scale, lo * scale, hi * scale, anchor * scale
        target, met = (">= 500x", med >= 500) if t >= 10**6 else (">= 1x", med >= 1)
        note = f", loop timed on {timed} steps and scaled" if scale != 1 else ""
        table.add(f"momentum_iterate, {n} (h, beta) pairs, t={t} vs NumPy loop, median of "
                  f"{rounds} rounds (rounds {lo:.2g}-{hi:.2g}x{note})",
                  fmt_time(ours), fmt_time(anchor), f"{med:.3g}x faster", target, met)
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


def cold_rows(table):
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    code = ("import time; t = time.perf_counter(); import momentum_theory.symbolic as s; "
            "s.all_derivations(); print(time.perf_counter() - t)")
    try:
        cold = float(python(code, env))
        table.add("symbolic.all_derivations(), cold (fresh interpreter)", fmt_time(cold),
                  "", "", "report", None)
    except (subprocess.CalledProcessError, ValueError) as exc:
        table.add("symbolic.all_derivations(), cold", f"failed: {exc}", "", "", "report", False)

    def import_time(module):
        code = (f"import time; t = time.perf_counter(); import {module}; "
                "t = time.perf_counter() - t; import sys; "
                "print(t, 'sympy' in sys.modules or 'matplotlib' in sys.modules)")
        times, heavy = [], False
        for _ in range(7):
            t, loaded = python(code).split()
            times.append(float(t))
            heavy = heavy or loaded == "True"
        return float(np.median(times)), heavy

    ours, heavy = import_time("momentum_theory")
    numpy_t, _ = import_time("numpy")
    ratio = ours / numpy_t
    table.add("import momentum_theory vs import numpy (median of 7 fresh interpreters)",
              fmt_time(ours), fmt_time(numpy_t), f"{ratio:.2f}x", "<= 1.5x", ratio <= 1.5)
    table.add("  sympy or matplotlib in sys.modules after import momentum_theory",
              "yes" if heavy else "no", "", "", "no", not heavy)


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
import resource, sys, time
import numpy as np
from momentum_theory import ratemaps
{peak_code}


side = {side}
h = np.linspace(0.0, 5.0, side)
b = np.linspace(0.0, 1.0, side, endpoint=False)
ratemaps.radius_grid(h[:10], b[:10])      # warm up (imports, caches)
out = None if {stream} else np.empty((side, side))   # untouched pages: not resident yet
if reset_peak():
    base, peak = status("VmRSS:"), lambda: status("VmHWM:")
else:                                      # the high-water mark since start
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    peak = lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
t = time.perf_counter()
if {stream}:
    hist = ratemaps.radius_histogram(h, b[:, None], bins=200, range=(0.0, 2.0))
    assert hist.total == side * side
    out_bytes = 0
else:
    ratemaps.radius_grid(h, b, out=out)
    out_bytes = out.nbytes
t = time.perf_counter() - t
print(t, peak() - base - out_bytes, out_bytes)
"""


def memory_rows(table, side):
    points = f"{side * side:.0e}".replace("+0", "")
    for stream in (False, True):
        t, extra, out_bytes = python(MEMORY_CODE.format(side=side, stream=stream, peak_code=PEAK_CODE)).split()
        extra_mib = float(extra) / 2**20
        if stream:
            case = f"peak memory, {points}-point map streamed to a histogram (radius_histogram)"
        else:
            case = (f"peak memory above the {float(out_bytes) / 2**30:.2f} GiB output, "
                    f"{points}-point map (radius_grid)")
        table.add(case, f"{extra_mib:.0f} MiB in {fmt_time(float(t))}", "", "",
                  "<= 1024 MiB", extra_mib <= 1024)


CONFIRM_MEMORY_CODE = """
import resource, sys, time, tracemalloc
import numpy as np
import momentum_theory as mt
from momentum_theory.symbolic import momentum_region
{peak_code}


momentum_region().predicate()             # derive (SymPy) before measuring
mt.confirm_region(n=50)                   # warm up (imports, caches, thread pool)
if reset_peak():
    base, peak = status("VmRSS:"), lambda: status("VmHWM:")
else:
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    peak = lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
tracemalloc.start()
t = time.perf_counter()
result = mt.confirm_region(n={n})
t = time.perf_counter() - t
traced = tracemalloc.get_traced_memory()[1]
result_bytes = result.disagreements.nbytes
print(t, peak() - base - result_bytes, traced - result_bytes, result.compared + result.excluded,
      result.agreement)
"""


def confirm_memory_rows(table, n):
    """Peak memory of confirm_region on an n x n grid, above its result, in a fresh process."""
    t, rss, traced, points, agreement = python(CONFIRM_MEMORY_CODE.format(n=n, peak_code=PEAK_CODE)).split()
    rss_mib, traced_mib = float(rss) / 2**20, float(traced) / 2**20
    table.add(f"peak memory above the result, confirm_region(n={n}) ({float(points):.0e} points, "
              f"agreement {float(agreement):.6f})",
              f"{rss_mib:.0f} MiB RSS, {traced_mib:.0f} MiB traced, in {fmt_time(float(t))}",
              "", "", "<= 100 MiB", max(rss_mib, traced_mib) <= 100)


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
    parser.add_argument("--quick", action="store_true", help="smaller sizes and fewer repeats (about 20 s)")
    args = parser.parse_args(argv)
    quick = args.quick
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"momentum_theory {mt.__version__}, numpy {np.__version__}, Python "
          f"{platform.python_version()}, {os.cpu_count()} CPUs, load average {load:.2f}"
          + (" (--quick)" if quick else ""))
    print()
    table = Table()
    # ~7 ms a call: many repeats cost little and the best of them is what
    # the 2-core machine can do when nothing else runs.
    radius_rows(table, 10**6, 10 if quick else 30, 1 if quick else 3)
    family_rows(table, 10**6, 2 if quick else 5)
    small_radius_rows(table)
    iterate_rows(table, 10**4, (1, 10, 100, 10**4, 10**6), 1000 if quick else 2000, quick)
    worst_case_rows(table, 10**5, 1 if quick else 3)
    cold_rows(table)
    memory_rows(table, 3163 if quick else 10**4)
    confirm_memory_rows(table, 3163 if quick else 10**4)
    explorer_rows(table)
    grade_rows_bench(table, 30 if quick else 300)
    table.show()
    accuracy_table(300 if quick else 2000)
    return 0


if __name__ == "__main__":
    sys.exit(main())
