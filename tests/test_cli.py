"""The command line: the region command, argument errors, both entry points."""
import shutil
import subprocess
import sys

import pytest

from momentum_theory import cli


def test_region_prints_derivation_and_confirmation(capsys):
    assert cli.main(["region", "--grid", "300"]) == 0
    out = capsys.readouterr().out
    assert "2 \\beta + 2" in out or "2*beta + 2" in out.replace(" ", "") or "2⋅β + 2" in out
    assert "agrees with the derived region on 1.000000" in out
    assert "beta = 0.5" in out and "3.000000000000" in out


def test_region_plot_is_written_and_never_overwritten(tmp_path, capsys):
    target = tmp_path / "region.png"
    assert cli.main(["region", "--grid", "200", "--plot", str(target)]) == 0
    assert target.stat().st_size > 10_000
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    before = target.read_bytes()
    with pytest.raises(SystemExit, match="exists; pass --force"):
        cli.main(["region", "--grid", "200", "--plot", str(target)])
    assert target.read_bytes() == before
    assert cli.main(["region", "--grid", "200", "--plot", str(target), "--force"]) == 0


def test_region_plot_into_missing_folder_is_refused(tmp_path):
    with pytest.raises(SystemExit, match="does not exist"):
        cli.main(["region", "--plot", str(tmp_path / "nope" / "r.png")])


def test_unknown_command_exits_with_usage_error(capsys):
    with pytest.raises(SystemExit) as info:
        cli.main(["no-such-command"])
    assert info.value.code == 2


def test_module_and_console_script_are_the_same_program():
    via_module = subprocess.run([sys.executable, "-m", "momentum_theory", "--help"],
                                capture_output=True, text=True, check=True).stdout
    assert "region" in via_module
    script = shutil.which("momentum-theory")
    if script is None:
        pytest.skip("console script not on PATH (package not installed)")
    via_script = subprocess.run([script, "--help"], capture_output=True, text=True, check=True).stdout
    assert via_script == via_module
