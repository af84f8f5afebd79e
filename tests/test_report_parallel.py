"""The report's sections built in worker processes give the same report as built in one.

``report._worker_count`` decides how many processes build the sections; the
tests set it to 1 (all in this process) or 2 (forked workers), whatever the
machine has.
"""
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from momentum_theory import report
from momentum_theory.report import _common

pytestmark = pytest.mark.skipif(
    sys.platform == "win32" or not hasattr(os, "fork"), reason="workers are forked (POSIX)")

CHEAP = "stability-region,training,regimes,nesterov,noise,derivations"


def _files(root):
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(Path(root).rglob("*")) if p.is_file()}


def _write(out, workers, monkeypatch, **kwargs):
    monkeypatch.setattr(report, "_worker_count", lambda steps: workers)
    lines = []
    report.write_report(out, progress=lines.append, **kwargs)
    monkeypatch.undo()
    return lines


def _without_time(readme):
    # the one line that says when it was written
    return re.sub(rb" on \d{4}-\d\d-\d\d \d\d:\d\d [^.]*\.", b" on DATE.", readme, count=1)


def test_workers_write_the_same_report_as_one_process(tmp_path, monkeypatch):
    one = _write(tmp_path / "one", 1, monkeypatch, sections=CHEAP, formats="md,html")
    two = _write(tmp_path / "two", 2, monkeypatch, sections=CHEAP, formats="md,html")
    a, b = _files(tmp_path / "one"), _files(tmp_path / "two")
    assert sorted(a) == sorted(b)
    assert any(name.startswith("figures/") and name.endswith(".png") for name in a)
    assert _without_time(a.pop("README.md")) == _without_time(b.pop("README.md"))
    assert json.loads(a.pop("summary.json")) == json.loads(b.pop("summary.json"))
    # the manifest holds the run's id and time; the files it lists are the same
    one_files = json.loads(a.pop(report.MANIFEST))["files"]
    assert one_files == json.loads(b.pop(report.MANIFEST))["files"]
    # report.html is printed from ctx.math, which the workers send back
    assert a == b
    # progress lines in report order, one per section
    names = report.resolve_sections(CHEAP)
    for lines in (one, two):
        assert [line.split()[1] for line in lines[:len(names)]] == list(names)


def _fake(name, seconds=0.0, fail=False):
    def step(ctx):
        time.sleep(seconds)
        (ctx.root / "figures" / f"{name}.png").write_bytes(name.encode())
        _common._tex(ctx, f"x_{{{name}}}")
        if fail:
            raise ZeroDivisionError("boom")
        return _common._Section(name, f"step {name}, pid {os.getpid()}", {name: 1})
    return step


def test_sections_come_back_in_report_order_with_their_math(tmp_path, monkeypatch):
    # the first section is the slowest: the others finish first, yet come back after it
    steps = [("a", _fake("a", 0.6)), ("b", _fake("b")), ("c", _fake("c")), ("d", _fake("d"))]
    ctx = _common._Context(root=tmp_path, sections=("a", "b", "c", "d"))
    (tmp_path / "figures").mkdir()
    built = list(report._built_in_workers(steps, ctx, 2))
    assert [name for name, _, _ in built] == ["a", "b", "c", "d"]
    assert list(ctx.math) == ["x_{a}", "x_{b}", "x_{c}", "x_{d}"]
    pids = {section.markdown.split("pid ")[1] for _, section, _ in built}
    assert str(os.getpid()) not in pids
    assert sorted(p.name for p in (tmp_path / "figures").iterdir()) == [
        "a.png", "b.png", "c.png", "d.png"]


def test_a_section_failing_in_a_worker_names_the_step_and_leaves_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(report, "_worker_count", lambda steps: 2)
    monkeypatch.setattr(report, "_steps", lambda names: [
        ("first", _fake("first", 0.3)), ("broken", _fake("broken", fail=True)),
        ("third", _fake("third"))])
    with pytest.raises(report.ReportError,
                       match="step 'broken' failed: ZeroDivisionError: boom") as caught:
        report.write_report(tmp_path / "rep", progress=lambda line: None)
    assert "ZeroDivisionError" in str(caught.value.__cause__)  # the worker's traceback
    assert list(tmp_path.iterdir()) == []


def test_only_the_real_sections_run_in_workers(monkeypatch):
    steps = report._steps(report.DEFAULT_SECTIONS)
    assert report._worker_count(steps[:1]) == 1
    monkeypatch.setattr(report, "_steps", lambda names: steps)  # as the signal tests patch it
    assert report._worker_count(steps) == 1


DRIVER = r'''
import os, sys, time
from momentum_theory import cli, report


def step(name):
    def build(ctx):
        with open(os.environ["PIDS"], "a") as f:
            f.write(f"{os.getpid()} {name}\n")
        print(name, "building", flush=True)
        time.sleep(30)
        return report._common._Section(name, name, {})
    return build


report._steps = lambda names: [(n, step(n)) for n in ("one", "two", "three")]
report._worker_count = lambda steps: 2
sys.exit(cli.main(sys.argv[1:]))
'''


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie has exited; only its parent's wait is missing
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return True


@pytest.mark.slow  # a signal sent to a child process
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_an_interrupted_parallel_report_stops_its_workers_and_leaves_nothing(tmp_path, signum):
    driver, pids = tmp_path / "driver.py", tmp_path / "pids"
    driver.write_text(DRIVER)
    pids.write_text("")
    out = tmp_path / "rep"
    proc = subprocess.Popen([sys.executable, str(driver), "report", "--out", str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PIDS": str(pids)})
    seen = 0
    for line in proc.stdout:  # both workers are building
        seen += "building" in line
        if seen == 2:
            proc.send_signal(signum)
            break
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signum
    assert f"interrupted by {signal.Signals(signum).name}" in err and "Traceback" not in err
    assert sorted(tmp_path.iterdir()) == sorted([driver, pids])  # no report, no partial folder
    started = [line.split() for line in pids.read_text().splitlines()]  # "pid step" a line
    workers = {int(pid) for pid, _ in started}
    # Both workers were building when the signal came. (One CI run, with the oldest pins,
    # saw a third line: a worker had started "three" as well, so its first step had ended
    # early; not reproduced in 500 runs under load. The lines name the steps for next time.)
    assert len(workers) == 2, started
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_alive(pid) for pid in workers)
