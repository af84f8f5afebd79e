"""The command line never shows a traceback: one line on stderr and a documented exit status.

Exit statuses (see ``momentum_theory.cli``): 0 success, 1 failure (a file,
the disk, memory, a crashed check), 2 usage (a bad command line), 130
interrupted, 141 standard output closed early (a broken pipe).

Most command lines run in-process through ``cli.main(argv)`` and must fail
before any heavy work (nothing on stdout); the few that depend on the
process itself (a full disk or a closed pipe on stdout, the exit status seen
by the shell) run as subprocesses.
"""
import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

from momentum_theory import cli
from momentum_theory import data as D

PROJECT = Path(__file__).resolve().parent.parent


@pytest.fixture
def place(tmp_path, monkeypatch):
    """A scratch folder holding every kind of bad file; no airfoil data found by default."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(D.AIRFOIL_ENV, raising=False)
    monkeypatch.delenv("MOMENTUM_THEORY_DEBUG", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    (tmp_path / "folder").mkdir()
    (tmp_path / "existing.png").write_bytes(b"not really a png")
    (tmp_path / "text.dat").write_text("frequency,angle,chord,velocity,thickness,sound\n" * 2000)
    (tmp_path / "binary.dat").write_bytes(bytes(range(256)) * 100)
    (tmp_path / "empty.dat").write_bytes(b"")
    (tmp_path / "short.dat").write_text("800\t0\t0.3048\t71.3\t0.00266337\t126.201\n" * 20)
    with open(tmp_path / "huge.dat", "wb") as handle:  # sparse: no disk, 100 MiB by stat
        handle.write(b"800\t0\t0.3048\t71.3\t0.00266337\t126.201\n")
        handle.truncate(100 * 2**20)
    return tmp_path


def _expand(argv, place):
    return [word.format(tmp=place) for word in argv]


def run(argv, capsys):
    """``cli.main(argv)``: its status, stdout and stderr. Any other exception fails the test."""
    try:
        status = cli.main(argv)
    except SystemExit as exc:  # how argparse left before main caught it
        status = exc.code if isinstance(exc.code, int) else 1
        if isinstance(exc.code, str):
            print(exc.code, file=sys.stderr)
    out, err = capsys.readouterr()
    return status, out, err


def assert_one_line(err, status, expected, prefix="momentum-theory"):
    assert "Traceback" not in err and "Exception ignored" not in err, err
    lines = err.strip("\n").split("\n")
    assert len(lines) == 1 and lines[0].strip(), f"expected one line on stderr, got {err!r}"
    assert lines[0].startswith(prefix), lines[0]
    assert status == expected, f"exit status {status}, expected {expected}: {err}"


MISSING = "{tmp}/absent.dat"

# (command line, exit status). Every one fails before any heavy work: nothing on stdout.
BAD_COMMAND_LINES = [
    # region: the grid is checked before anything is derived or printed
    (["region", "--grid", "100000"], 2),
    (["region", "--grid", "20000"], 2),
    (["region", "--grid", "5001"], 2),
    (["region", "--grid", "1"], 2),
    (["region", "--grid", "0"], 2),
    (["region", "--grid", "-5"], 2),
    (["region", "--grid", "abc"], 2),
    (["region", "--grid", "1e3"], 2),
    (["region", "--grid", ""], 2),
    (["region", "--grid", "9" * 5000], 2),
    (["region", "--grid"], 2),
    # region --plot: the target is checked before anything is derived
    (["region", "--grid", "50", "--plot", "{tmp}/folder", "--force"], 1),
    (["region", "--grid", "50", "--plot", "{tmp}/folder/", "--force"], 1),
    (["region", "--grid", "50", "--plot", "/proc/x.png"], 1),
    (["region", "--grid", "50", "--plot", "{tmp}/nope/r.png"], 1),
    (["region", "--grid", "50", "--plot", "{tmp}/existing.png"], 1),
    (["region", "--grid", "50", "--plot", "{tmp}/existing.png/r.png"], 1),
    (["region", "--grid", "50", "--plot", "/dev/null", "--force"], 1),
    (["region", "--grid", "50", "--plot", "{tmp}/r.xyz"], 2),
    (["region", "--grid", "50", "--plot", "{tmp}/r"], 2),
    (["region", "--grid", "50", "--plot", ""], 2),
    (["region", "--bogus"], 2),
    # region --method / --param: names and values checked before any work
    (["region", "--method", "nosuch"], 2),
    (["region", "--method", ""], 2),
    (["region", "--method"], 2),
    (["region", "--method", "HEAVY_BALL"], 2),
    (["region", "--method", "qhm", "--param", "zeta=1"], 2),
    (["region", "--method", "qhm", "--param", "beta=0.5"], 2),
    (["region", "--method", "heavy_ball", "--param", "beta=0.5"], 2),
    (["region", "--method", "gd", "--param", "beta=0.5"], 2),
    (["region", "--method", "qhm", "--param", "nu=0.1", "--param", "nu=0.2"], 2),
    (["region", "--method", "qhm", "--param", "nu=abc"], 2),
    (["region", "--method", "qhm", "--param", "nu=nan"], 2),
    (["region", "--method", "qhm", "--param", "nu=inf"], 2),
    (["region", "--method", "qhm", "--param", "nu="], 2),
    (["region", "--method", "qhm", "--param", "nu"], 2),
    (["region", "--method", "qhm", "--param", "=0.5"], 2),
    (["region", "--method", "qhm", "--param", "nu=__import__('os').getcwd()"], 2),
    (["region", "--method", "qhm", "--param", "nu=1/2"], 2),
    (["region", "--method", "qhm", "--param"], 2),
    (["region", "--method", "two_step", "--param", "gamma=1", "--grid", "0"], 2),
    (["region", "--method", "nosuch", "--plot", "{tmp}/existing.png"], 2),
    (["region", "extra"], 2),
    # report
    (["report", "--out", "{tmp}/r", "--data", MISSING], 1),
    (["report", "--out", "{tmp}/r", "--data", "{tmp}/folder"], 1),
    (["report", "--out", "{tmp}/r", "--data", "/dev/zero"], 1),
    (["report", "--out", "{tmp}/r", "--data", "{tmp}/text.dat"], 1),
    (["report", "--out", "{tmp}/r", "--data", "{tmp}/huge.dat"], 1),
    (["report", "--out", "{tmp}/r", "--data", "{tmp}/short.dat"], 1),
    (["report", "--out", "{tmp}/existing.png"], 1),
    (["report", "--out", "{tmp}/nope/r"], 1),
    (["report", "--data"], 2),
    (["report", "--out", "{tmp}/r", "--data", ""], 2),
    # figures
    (["figures"], 2),
    (["figures", "--out", "{tmp}/f", "--data", MISSING], 1),
    (["figures", "--out", "{tmp}/f", "--data", "/dev/zero"], 1),
    (["figures", "--out", "{tmp}/f", "--data", "{tmp}/folder"], 1),
    (["figures", "--out", "{tmp}/f", "--data", "{tmp}/binary.dat"], 1),
    (["figures", "--out", "{tmp}/f", "--data", "{tmp}/empty.dat"], 1),
    (["figures", "--out", "{tmp}/f", "--format", "gif"], 2),
    (["figures", "--out", "{tmp}/f", "--data", ""], 2),
    # exercises
    (["exercises"], 2),
    (["exercises", "--out", "{tmp}/e", "--data", MISSING], 1),
    (["exercises", "--out", "{tmp}/e", "--data", "{tmp}/folder"], 1),
    (["exercises", "--out", "{tmp}/e", "--data", "/dev/zero"], 1),
    (["exercises", "--out", "{tmp}/e", "--data", "{tmp}/huge.dat"], 1),
    (["exercises", "--out", "{tmp}/e", "--data", "{tmp}/text.dat"], 1),
    (["exercises", "--out", "{tmp}/e", "--only", "5"], 2),
    (["exercises", "--out", "{tmp}/e", "--only", "x"], 2),
    # check (0 correct, 1 wrong, 2 unusable input)
    (["check"], 2),
    (["check", "9", "minimizer", "x"], 2),
    (["check", "3", "nosuch", "x"], 2),
    (["check", "3", "minimizer", "__import__('os')"], 2),
    (["check", "--given", "beta", "3", "minimizer", "x"], 2),
    (["check", "3", "minimum", "9^9^9^9"], 2),
    # verify-claims
    (["verify-claims", "--bogus"], 2),
    (["verify-claims", "extra"], 2),
    # no command, unknown commands and options
    ([], 2),
    (["no-such-command"], 2),
    (["--bogus"], 2),
    (["--bogus", "region"], 2),
]
assert len(BAD_COMMAND_LINES) >= 30
assert ({"region", "report", "figures", "exercises", "check", "verify-claims"}
        <= {argv[0] for argv, _ in BAD_COMMAND_LINES if argv})


@pytest.mark.parametrize("argv, status", BAD_COMMAND_LINES,
                         ids=[" ".join(a) or "(nothing)" for a, _ in BAD_COMMAND_LINES])
def test_bad_command_line_gives_one_line_and_its_status(argv, status, place, capsys):
    got, out, err = run(_expand(argv, place), capsys)
    assert_one_line(err, got, status)
    assert out == "", "the command did work before refusing its arguments"


def test_grid_refusal_says_how_much_memory_it_would_need(place, capsys):
    status, out, err = run(["region", "--grid", "100000"], capsys)
    assert status == 2 and out == ""
    assert "10,000,000,000 grid points" in err and "GiB" in err
    assert f"at most {cli.MAX_GRID}" in err
    status, out, err = run(["region", "--grid", "1"], capsys)
    assert "from 2 to" in err


@pytest.mark.parametrize("argv, fragment", [
    (["--method", "nosuch"], "available: gd, heavy_ball, nesterov, two_step, qhm, triple_momentum"),
    (["--method", "qhm", "--param", "zeta=1"], "its parameters: beta, nu"),
    (["--method", "gd", "--param", "beta=1"], "its parameters: (none)"),
    (["--method", "qhm", "--param", "beta=0.5"], "map's second axis; --param fixes the others (nu)"),
    (["--method", "qhm", "--param", "nu=1", "--param", "nu=2"], "--param nu is given twice"),
    (["--method", "qhm", "--param", "nu=1/2"], "nu: the value must be a finite number, got '1/2'"),
    (["--method", "qhm", "--param", "nu"], "must be NAME=VALUE such as beta=0.5"),
])
def test_method_and_param_refusals_name_what_is_available(argv, fragment, place, capsys):
    status, out, err = run(["region", *argv], capsys)
    assert_one_line(err, status, 2, prefix="momentum-theory")
    assert fragment in err and out == ""


@pytest.mark.parametrize("bad, fragment", [
    (MISSING, "not found"),
    ("{tmp}/folder", "is a folder"),
    ("/dev/zero", "not a regular file"),
    ("{tmp}/huge.dat", "MiB"),
    ("{tmp}/text.dat", "line 1"),
    ("{tmp}/short.dat", "rows"),
])
def test_a_bad_data_file_fails_alike_in_every_command(bad, fragment, place, capsys):
    bad = bad.format(tmp=place)
    seen = {}
    for command in ("report", "figures", "exercises"):
        status, out, err = run([command, "--out", str(place / command), "--data", bad], capsys)
        assert_one_line(err, status, 1, prefix=f"momentum-theory {command}: ")
        assert out == "" and not (place / command).exists()
        seen[command] = err.split(": ", 1)[1]
    assert len(set(seen.values())) == 1, seen
    assert fragment in seen["report"]


@pytest.mark.parametrize("target", [MISSING, "{tmp}/folder", "/dev/zero"])
def test_environment_variable_naming_a_bad_file_fails_alike(target, place, capsys, monkeypatch):
    monkeypatch.setenv(D.AIRFOIL_ENV, target.format(tmp=place))
    seen = set()
    for command in ("report", "figures", "exercises"):
        status, out, err = run([command, "--out", str(place / command)], capsys)
        assert_one_line(err, status, 1)
        assert D.AIRFOIL_ENV in err and out == ""
        seen.add(err.split(": ", 1)[1])
    assert len(seen) == 1, seen


@pytest.mark.parametrize("exc, status, words", [
    (KeyboardInterrupt(), 130, "interrupted"),
    (MemoryError(), 1, "out of memory"),
    (OSError(errno.EIO, "Input/output error"), 1, "Input/output error"),
    (PermissionError(errno.EACCES, "Permission denied", "/some/file"), 1, "/some/file"),
    (RuntimeError("a check\nwent wrong"), 1, "a check went wrong"),
])
def test_main_is_the_last_line_of_defence(exc, status, words, place, capsys, monkeypatch):
    from momentum_theory import claims

    def explode(*args, **kwargs):
        raise exc

    monkeypatch.setattr(claims, "verify_all", explode)
    got, out, err = run(["verify-claims"], capsys)
    assert_one_line(err, got, status, prefix="momentum-theory verify-claims: ")
    assert words in err


def test_value_errors_stay_usage_errors_and_debug_shows_the_traceback(place, capsys, monkeypatch):
    from momentum_theory import claims

    def explode(*args, **kwargs):
        raise ValueError("beta must be in (-1, 1)")

    monkeypatch.setattr(claims, "verify_all", explode)
    status, out, err = run(["verify-claims"], capsys)
    assert_one_line(err, status, 2)
    assert "set MOMENTUM_THEORY_DEBUG=1" not in err  # a usage error is not a bug
    monkeypatch.setattr(claims, "verify_all", lambda: 1 / 0)
    status, out, err = run(["verify-claims"], capsys)
    assert_one_line(err, status, 1)
    assert "ZeroDivisionError" in err and "MOMENTUM_THEORY_DEBUG=1" in err
    monkeypatch.setenv("MOMENTUM_THEORY_DEBUG", "1")
    status, out, err = run(["verify-claims"], capsys)
    assert status == 1 and "Traceback" in err and "ZeroDivisionError" in err


def test_memory_error_during_region_is_one_line(place, capsys, monkeypatch):
    from momentum_theory import spectral

    def too_big(*args, **kwargs):
        raise MemoryError("Unable to allocate 74.5 GiB")

    monkeypatch.setattr(spectral, "confirm_region", too_big)
    status, out, err = run(["region", "--grid", "10"], capsys)
    assert_one_line(err, status, 1)
    assert "out of memory" in err


def test_a_failed_plot_leaves_the_old_file_and_no_debris(place, capsys, monkeypatch):
    from matplotlib.figure import Figure

    target = place / "region.png"
    target.write_bytes(b"old picture")

    def disk_full(self, fname, **kwargs):
        with open(fname, "wb") as handle:
            handle.write(b"half a pic")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Figure, "savefig", disk_full)
    status, out, err = run(["region", "--grid", "20", "--plot", str(target), "--force"], capsys)
    assert_one_line(err, status, 1)
    assert "No space left on device" in err
    assert target.read_bytes() == b"old picture"
    assert sorted(p.name for p in place.iterdir() if p.name.startswith(".")) == []


# --- process-level behaviour ---------------------------------------------------------------

def _env(buffered):
    env = {k: v for k, v in os.environ.items() if not k.startswith("MOMENTUM_THEORY")}
    env.pop("PYTHONUNBUFFERED", None)
    if not buffered:
        env["PYTHONUNBUFFERED"] = "1"
    return env


def _cli(args, stdout, buffered=True):
    return subprocess.run([sys.executable, "-m", "momentum_theory", *args], stdout=stdout,
                          stderr=subprocess.PIPE, text=True, env=_env(buffered), timeout=120)


@pytest.mark.parametrize("buffered", [True, False], ids=["buffered", "unbuffered"])
@pytest.mark.parametrize("args", [["check", "--list"], ["--help"]])
def test_full_disk_on_stdout_is_one_line_and_status_1(args, buffered):
    with open("/dev/full", "w") as full:
        done = _cli(args, full, buffered)
    assert_one_line(done.stderr, done.returncode, 1)
    assert "No space left on device" in done.stderr


@pytest.mark.parametrize("buffered", [True, False], ids=["buffered", "unbuffered"])
def test_closed_pipe_on_stdout_exits_quietly_with_141(buffered):
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the first write, like `| head -c 0`
    try:
        done = _cli(["check", "--list"], write_end, buffered)
    finally:
        os.close(write_end)
    assert done.stderr == "" and done.returncode == 141


@pytest.mark.parametrize("fd", [1, 2], ids=["stdout", "stderr"])
def test_a_closed_stdout_or_stderr_is_no_crash(fd):
    # Python starts with sys.stdout (or sys.stderr) None; main must not trip over it.
    done = subprocess.run([sys.executable, "-m", "momentum_theory", "region", "--grid", "1"],
                          capture_output=True, text=True, env=_env(True), timeout=120,
                          preexec_fn=lambda: os.close(fd))
    assert done.returncode == 2
    assert done.stdout == "" and ("Traceback" not in done.stderr)


def test_exit_status_reaches_the_shell_and_nothing_is_printed_first():
    done = _cli(["region", "--grid", "1"], subprocess.PIPE)
    assert done.returncode == 2 and done.stdout == ""
    assert_one_line(done.stderr, done.returncode, 2)


def test_data_synthetic_selects_the_synthetic_set_and_a_file_of_that_name_is_dot_slash(place, capsys,
                                                                                       monkeypatch):
    # the word asks for the synthetic set even with an airfoil file named in the environment
    monkeypatch.setenv(D.AIRFOIL_ENV, str(place / "nowhere.dat"))
    status, out, err = run(["exercises", "--out", str(place / "ex"), "--only", "1",
                            "--data", "synthetic"], capsys)
    assert status == 0, err
    assert "synthetic regression" in out and "airfoil" not in out.lower().split("synthetic")[0]
    assert D.select_dataset("synthetic").source == D.make_regression_data().source
    # a file called synthetic is reached with a path, and is then read as a file
    monkeypatch.chdir(place)
    (place / "synthetic").write_text("not numbers\n")
    with pytest.raises(ValueError, match="line 1"):
        D.select_dataset("./synthetic")


@pytest.mark.parametrize("bad, exc", [("", ValueError), (3, TypeError), (b"x", TypeError)])
def test_select_dataset_refuses_what_is_not_a_source(bad, exc):
    with pytest.raises(exc, match="source"):
        D.select_dataset(bad)
