"""Nothing a user already has is lost: --force, manifests, atomic files, races, signals.

Most tests run the command line in a subprocess through a small driver that
replaces the report's steps by quick ones that take a known time, so that a
signal can be sent at a chosen point of a run without building the full
report (the session fixture `default_report` of conftest.py builds it once).
"""
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import matplotlib.image
import pytest

from momentum_theory import _output, cli, figures, report

DRIVER = r'''
import os, sys, time
from momentum_theory import cli, figures, report


def wait(seconds):
    end = time.monotonic() + seconds * float(os.environ.get("DRIVER_SLOWNESS", "1"))
    while time.monotonic() < end:
        time.sleep(0.01)


def slow(name):
    def step(ctx):
        (ctx.root / "figures" / f"{name}.png").write_bytes(b"\x89PNG " + name.encode())
        wait(0.8)
        return report._common._Section(name, f"step {name} done", {name: 1})
    return step


report._steps = lambda names: [("one", slow("one")), ("two", slow("two")), ("three", slow("three"))]
_documents = report._write_documents
report._write_documents = lambda *a: (wait(0.8), _documents(*a))
_region = figures.stability_region_figure
figures.stability_region_figure = lambda n=400: (wait(1.5), _region(n=30))[1]
sys.exit(cli.main(sys.argv[1:]))
'''


@pytest.fixture(scope="module")
def driver(tmp_path_factory):
    path = tmp_path_factory.mktemp("driver") / "driver.py"
    path.write_text(DRIVER)
    return path


def start(driver, *args):
    return subprocess.Popen([sys.executable, str(driver), *map(str, args)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def run(driver, *args):
    done = subprocess.run([sys.executable, str(driver), *map(str, args)],
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "DRIVER_SLOWNESS": "0"})
    return done.returncode, done.stdout, done.stderr


def signal_after(proc, lines, signum):
    """Send ``signum`` once ``lines`` progress lines have appeared; return (code, out, err)."""
    seen = []
    for line in proc.stdout:
        seen.append(line)
        if len(seen) >= lines:
            proc.send_signal(signum)
            break
    out, err = proc.communicate(timeout=60)
    return proc.returncode, "".join(seen) + out, err


def snapshot(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(Path(folder).rglob("*")) if p.is_file()}


def dead_pid():
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


@pytest.fixture(scope="module")
def previous(driver, tmp_path_factory):
    """A finished (quick) report written by the command line, to copy into each test."""
    out = tmp_path_factory.mktemp("previous") / "rep"
    code, _, err = run(driver, "report", "--out", out)
    assert code == 0, err
    return out


@pytest.fixture
def old_report(previous, tmp_path):
    import shutil

    out = tmp_path / "rep"
    shutil.copytree(previous, out)
    return out, snapshot(out)


def one_line(err):
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


# --------------------------------------------------------------------------- --force and the manifest

def test_manifest_lists_exactly_the_files_the_report_wrote(old_report):
    out, files = old_report
    manifest = json.loads((out / report.MANIFEST).read_text())
    assert manifest["kind"] == "report" and manifest["tool"] == "momentum-theory"
    listed = {k: v[0] for k, v in manifest["files"].items()}
    on_disk = {k for k in files if k != report.MANIFEST}
    assert set(listed) == on_disk >= {"README.md", "summary.json", "figures/one.png"}
    assert all(_output.file_digest(out / k) == digest for k, digest in listed.items())


def test_force_refuses_a_folder_holding_user_files_and_names_them(driver, old_report):
    out, before = old_report
    (out / "syllabus.md").write_text("my syllabus")
    (out / "hw").mkdir()
    (out / "hw" / "week1.md").write_text("homework")
    code, stdout, err = run(driver, "report", "--out", out, "--force")
    line = one_line(err)
    assert code == 1 and "hw/" in line and "syllabus.md" in line
    assert "--force" in line and "--out" in line and "force=True" not in line
    assert stdout == ""  # refused before any step ran
    assert snapshot(out) == {**before, "syllabus.md": b"my syllabus", "hw/week1.md": b"homework"}
    assert sorted(p.name for p in out.parent.iterdir()) == ["rep"]


def test_force_replaces_a_previous_report_and_nothing_else(driver, old_report):
    out, before = old_report
    code, _, err = run(driver, "report", "--out", out, "--force")
    assert code == 0, err
    after = json.loads((out / report.MANIFEST).read_text())
    assert after["run"] != json.loads(before[report.MANIFEST])["run"]
    assert sorted(p.name for p in out.parent.iterdir()) == ["rep"]


@pytest.mark.parametrize("umask", [0o022, 0o027])
def test_report_folder_gets_the_mode_of_an_ordinary_mkdir(driver, tmp_path, umask):
    out = tmp_path / "rep"
    old = os.umask(umask)
    try:
        code, _, err = run(driver, "report", "--out", out)
    finally:
        os.umask(old)
    assert code == 0, err
    assert out.stat().st_mode & 0o777 == 0o777 & ~umask
    assert (out / "README.md").stat().st_mode & 0o777 == 0o666 & ~umask


# --------------------------------------------------------------------------- races

def _writes_a_figure(ctx):
    (ctx.root / "figures" / "one.png").write_bytes(b"\x89PNG one")
    return report._common._Section("one", "![one](figures/one.png)", {"one": 1})


def _quick_steps(extra):
    return lambda names: [("one", _writes_a_figure), ("extra", extra)]


def test_a_file_put_into_the_target_during_the_build_is_kept(old_report, monkeypatch):
    out, before = old_report

    def user_writes(ctx):
        (out / "late.txt").write_text("written while the report was built")
        return report._common._Section("extra", "")

    monkeypatch.setattr(report, "_steps", _quick_steps(user_writes))
    with pytest.raises(report.ReportError, match="late.txt") as info:
        report.write_report(out, force=True, progress=lambda line: None)
    kept = info.value.kept
    assert kept is not None and str(kept) in str(info.value) and "--out" in info.value.cli_message
    assert (out / "late.txt").read_text() == "written while the report was built"
    assert snapshot(out) == {**before, "late.txt": b"written while the report was built"}
    assert (Path(kept) / "README.md").exists() and Path(kept).name.startswith("rep.new-")
    assert sorted(p.name for p in out.parent.iterdir()) == sorted(["rep", Path(kept).name])


def test_two_runs_into_the_same_absent_folder_do_not_both_succeed(tmp_path, monkeypatch):
    out = tmp_path / "rep"
    inner = []

    def other_run_finishes_first(ctx):
        if not inner:  # the outer run's step: a second run starts and finishes now
            inner.append("started")
            report.write_report(out, progress=lambda line: None)
        return report._common._Section("extra", "")

    monkeypatch.setattr(report, "_steps", _quick_steps(other_run_finishes_first))
    with pytest.raises(report.ReportError, match="another run") as info:
        report.write_report(out, progress=lambda line: None)
    winner = json.loads((out / report.MANIFEST).read_text())["run"]
    assert _output.Manifest.load(out, "report").foreign() == []
    kept = Path(info.value.kept)
    assert json.loads((kept / report.MANIFEST).read_text())["run"] != winner
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["rep", kept.name])


# --------------------------------------------------------------------------- kills and interrupts

KILL_AT_COMMIT = r'''
import os, signal, sys
from pathlib import Path
from momentum_theory import report

out = Path(sys.argv[1])
report._steps = lambda names: []
real_rename = os.rename
def rename(src, dst, *a, **k):
    if str(dst) == str(out) and Path(src).name.startswith(".rep-partial"):
        os.kill(os.getpid(), signal.SIGKILL)  # between "old aside" and "new in"
    return real_rename(src, dst, *a, **k)
os.rename = rename
report.write_report(out, force=True, progress=lambda line: None)
'''


def test_a_kill_between_the_two_renames_is_restored_by_the_next_run(old_report, tmp_path):
    out, before = old_report
    done = subprocess.run([sys.executable, "-c", KILL_AT_COMMIT, str(out)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == -signal.SIGKILL
    assert not out.exists()  # the old report is stranded under a hidden name
    lines = []
    with pytest.raises(report.ReportError, match="not empty; pass force=True"):
        report.write_report(out, progress=lines.append)
    assert snapshot(out) == before
    assert any(line.startswith(f"restored {out}") for line in lines)
    assert sorted(p.name for p in out.parent.iterdir()) == ["rep"]


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
@pytest.mark.parametrize("lines", [1, 2, 3], ids=["in-step-2", "in-step-3", "in-documents"])
def test_interrupted_report_exits_with_one_line_and_leaves_the_old_one(driver, old_report,
                                                                       signum, lines):
    out, before = old_report
    proc = start(driver, "report", "--out", out, "--force")
    code, stdout, err = signal_after(proc, lines, signum)
    line = one_line(err)
    assert code == 128 + signum
    assert line == (f"momentum-theory report: interrupted by {signal.Signals(signum).name}; "
                    f"--out {out} was left as it was")
    assert "report written" not in stdout
    assert snapshot(out) == before
    assert sorted(p.name for p in out.parent.iterdir()) == ["rep"]


@pytest.mark.slow
def test_after_a_sigkill_the_old_report_stays_and_the_next_run_cleans_up(driver, old_report):
    out, before = old_report
    proc = start(driver, "report", "--out", out, "--force")
    code, _, _ = signal_after(proc, 1, signal.SIGKILL)
    assert code == -signal.SIGKILL
    assert snapshot(out) == before
    leftovers = [p.name for p in out.parent.iterdir() if p.name != "rep"]
    assert len(leftovers) == 1 and leftovers[0].startswith(".rep-partial-")
    # not to be touched: a run still going (this process), a run on another host
    other_host = "0" * 6 if _output._HOST != "0" * 6 else "1" * 6
    alive = out.parent / f".rep-partial-{_output._HOST}-{os.getpid()}-abcdef"
    elsewhere = out.parent / f".rep-partial-{other_host}-{dead_pid()}-abcdef"
    alive.mkdir()
    elsewhere.mkdir()
    code, stdout, err = run(driver, "report", "--out", out, "--force")
    assert code == 0, err
    assert f"removed {leftovers[0]}" in stdout
    assert sorted(p.name for p in out.parent.iterdir()) == sorted(["rep", alive.name,
                                                                   elsewhere.name])


@pytest.mark.slow
def test_a_signal_during_the_swap_changes_nothing(old_report, monkeypatch):
    out, before = old_report
    real_rename = os.rename

    def rename(src, dst, *args, **kwargs):
        result = real_rename(src, dst, *args, **kwargs)
        if str(src) == str(out):  # the old report was just moved aside
            os.kill(os.getpid(), signal.SIGTERM)
        return result

    def on_term(signum, frame):
        raise KeyboardInterrupt

    monkeypatch.setattr(report, "_steps", lambda names: [("one", _writes_a_figure)])
    monkeypatch.setattr(os, "rename", rename)
    previous = signal.signal(signal.SIGTERM, on_term)
    try:
        with pytest.raises(KeyboardInterrupt):
            report.write_report(out, force=True, progress=lambda line: None)
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert snapshot(out) == before
    assert sorted(p.name for p in out.parent.iterdir()) == ["rep"]


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_interrupted_figures_leave_only_complete_files(driver, tmp_path, signum):
    out = tmp_path / "figs"
    proc = start(driver, "figures", "--out", out, "--format", "pdf",
                 "--only", "leaky_weights", "--only", "stability_region")
    code, stdout, err = signal_after(proc, 1, signum)
    line = one_line(err)
    assert code == 128 + signum and line.startswith(
        f"momentum-theory figures: interrupted by {signal.Signals(signum).name}; ")
    names = sorted(p.name for p in out.iterdir())
    assert names == [".momentum-figures.json", "leaky_weights.pdf"]
    assert (out / "leaky_weights.pdf").read_bytes().rstrip().endswith(b"%%EOF")
    manifest = _output.Manifest.load(out, "figures")
    assert manifest.foreign() == [] and list(manifest.files) == ["leaky_weights.pdf"]


@pytest.mark.slow
def test_interrupted_exercises_exit_with_one_line_and_write_nothing(driver, tmp_path):
    out = tmp_path / "ex"
    proc = start(driver, "exercises", "--out", out, "--only", "2")
    code, stdout, err = signal_after(proc, 1, signal.SIGTERM)  # "== exercise 2"
    assert code == 143 and "exercise 2" in stdout
    assert one_line(err).startswith("momentum-theory exercises: interrupted by SIGTERM; ")
    assert list(out.iterdir()) == []


# --------------------------------------------------------------------------- atomic files

def test_a_file_created_at_a_target_while_figures_are_drawn_is_not_replaced(tmp_path,
                                                                             monkeypatch):
    target = tmp_path / "scalar_gd.png"
    real = figures.scalar_gd_figure

    def user_saves_a_file_meanwhile():
        target.write_bytes(b"the user's own plot")
        return real()

    monkeypatch.setattr(figures, "scalar_gd_figure", user_saves_a_file_meanwhile)
    with pytest.raises(FileExistsError, match="scalar_gd.png"):
        figures.write_figures(tmp_path, names=["scalar_gd"], progress=None)
    assert target.read_bytes() == b"the user's own plot"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["scalar_gd.png"]


def test_save_figure_never_leaves_a_truncated_file(tmp_path, monkeypatch):
    fig = figures.scalar_gd_figure()
    target = tmp_path / "gd.pdf"
    target.write_bytes(b"%PDF previous, complete")

    def dies_half_way(fname, **kwargs):
        if hasattr(fname, "write"):
            fname.write(b"%PDF-1.4 trunc")
        else:
            Path(fname).write_bytes(b"%PDF-1.4 trunc")
        raise KeyboardInterrupt

    monkeypatch.setattr(fig, "savefig", dies_half_way)
    # PNGs are written by matplotlib.image.imsave after one draw (figure_files._print_png_once)
    monkeypatch.setattr(matplotlib.image, "imsave", lambda fname, *args, **kwargs:
                        dies_half_way(fname))
    with pytest.raises(KeyboardInterrupt):
        figures.save_figure(fig, target, force=True)
    with pytest.raises(KeyboardInterrupt):
        figures.save_figure(fig, tmp_path / "new.png")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["gd.pdf"]
    assert target.read_bytes() == b"%PDF previous, complete"


def test_figures_force_never_replaces_a_users_file(tmp_path, capsys):
    mine = tmp_path / "scalar_gd.png"
    mine.write_bytes(b"my own plot")
    args = ["figures", "--out", str(tmp_path), "--only", "scalar_gd", "--only", "leaky_weights"]
    assert cli.main(args + ["--force"]) == 1
    line = one_line(capsys.readouterr().err)
    assert "scalar_gd.png" in line and "--force" in line and "leaky_weights" not in line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["scalar_gd.png"]
    assert mine.read_bytes() == b"my own plot"


def test_figures_name_every_existing_target_in_cli_words(tmp_path, capsys):
    for name in ("scalar_gd.png", "leaky_weights.png"):
        (tmp_path / name).write_bytes(b"x")
    assert cli.main(["figures", "--out", str(tmp_path), "--only", "scalar_gd",
                     "--only", "leaky_weights"]) == 1
    line = one_line(capsys.readouterr().err)
    assert "leaky_weights.png, scalar_gd.png already exist" in line
    assert "--force" in line and "force=True" not in line


def test_figures_remove_temporary_files_of_dead_runs(tmp_path):
    stale = tmp_path / f".scalar_gd.png-partial-{_output._HOST}-{dead_pid()}-abcdef"
    stale.write_bytes(b"\x89PNG trunc")
    figures.write_figures(tmp_path, names=["scalar_gd"], progress=None)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".momentum-figures.json",
                                                           "scalar_gd.png"]


# --------------------------------------------------------------------------- unusable --out

@pytest.mark.parametrize("command", ["report", "figures", "exercises"])
def test_out_naming_a_file_is_one_line_and_exit_1(tmp_path, capsys, command):
    target = tmp_path / "a_file"
    target.write_text("keep")
    assert cli.main([command, "--out", str(target), *(["--only", "3"] if command == "exercises"
                                                      else [])]) == 1
    line = one_line(capsys.readouterr().err)
    assert line.startswith(f"momentum-theory {command}: --out ") and "not a folder" in line
    assert target.read_text() == "keep"


@pytest.mark.parametrize("command", ["report", "figures", "exercises"])
@pytest.mark.parametrize("where", ["/proc/nope/x", "FILE/sub"])
def test_out_in_an_unwritable_place_is_one_line_and_exit_1(tmp_path, capsys, command, where):
    (tmp_path / "FILE").write_text("x")
    out = where.replace("FILE", str(tmp_path / "FILE"))
    assert cli.main([command, "--out", out, *(["--only", "3"] if command == "exercises"
                                              else ["--only", "scalar_gd"] if command == "figures"
                                              else [])]) == 1
    captured = capsys.readouterr()
    line = one_line(captured.err)
    assert line.startswith(f"momentum-theory {command}: ") and "--out" in line
    assert captured.out == ""


def test_exercises_force_never_replaces_a_users_file(tmp_path, capsys):
    mine = tmp_path / "exercise_2_decay.png"
    mine.write_bytes(b"my own plot")
    assert cli.main(["exercises", "--out", str(tmp_path), "--only", "2", "--force"]) == 1
    line = one_line(capsys.readouterr().err)
    assert "exercise_2_decay.png" in line and "--force" in line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["exercise_2_decay.png"]
    mine.unlink()
    assert cli.main(["exercises", "--out", str(tmp_path), "--only", "2"]) == 0
    assert cli.main(["exercises", "--out", str(tmp_path), "--only", "2", "--force"]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".momentum-exercises.json", "exercise_2_decay.png", "exercise_2_steps.png"]
