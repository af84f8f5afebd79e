"""The command line: the region command, argument errors, both entry points."""
import os
import shutil
import stat
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
    capsys.readouterr()
    assert cli.main(["region", "--grid", "200", "--plot", str(target)]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err == f"momentum-theory region: {target} exists; pass --force to overwrite it\n"
    assert target.read_bytes() == before
    os.chmod(target, 0o600)
    assert cli.main(["region", "--grid", "200", "--plot", str(target), "--force"]) == 0
    # Replaced by a rename: a new file with the usual permissions, and no temporary left.
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~mask
    assert [p.name for p in tmp_path.iterdir()] == ["region.png"]
    # The format follows the suffix (the temporary name's suffix does not count).
    assert cli.main(["region", "--grid", "20", "--plot", str(tmp_path / "region.SVG")]) == 0
    assert (tmp_path / "region.SVG").read_bytes().startswith(b"<?xml")


@pytest.mark.parametrize("name", ["gd", "nesterov", "two_step", "qhm", "triple_momentum"])
def test_region_works_for_every_registered_method(name, tmp_path, capsys):
    from momentum_theory import methods

    record = methods.get(name)
    target = tmp_path / f"{name}.png"
    assert cli.main(["region", "--method", name, "--grid", "60", "--plot", str(target)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{name} (") and record.region().pretty() in out
    assert f"LaTeX: {record.region().latex()}" in out
    assert "agrees with the derived region on 1.000000 of" in out
    for p, v in list(record.defaults.items())[1:]:
        assert f"{p} = {v:g}" in out
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_region_default_is_heavy_ball_and_param_fixes_the_others(capsys):
    assert cli.main(["region", "--grid", "50"]) == 0
    default = capsys.readouterr().out
    assert cli.main(["region", "--method", "heavy_ball", "--grid", "50"]) == 0
    assert capsys.readouterr().out == default
    assert default.startswith("Momentum (heavy ball) converges")
    assert cli.main(["region", "--method", "qhm", "--param", "nu=0.25", "--grid", "40"]) == 0
    out = capsys.readouterr().out
    assert "fixed nu = 0.25" in out and "nu = 0.7" not in out
    assert cli.main(["region", "--method", "two_step", "--param", "gamma=-0.5", "--grid",
                     "40"]) == 0
    assert "fixed gamma = -0.5" in capsys.readouterr().out


def test_region_plot_into_missing_folder_is_refused(tmp_path, capsys):
    assert cli.main(["region", "--plot", str(tmp_path / "nope" / "r.png")]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and "does not exist" in err


def test_unknown_command_exits_with_usage_error(capsys):
    assert cli.main(["no-such-command"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1
    assert err.startswith("momentum-theory: argument COMMAND: invalid choice: 'no-such-command'")


def test_help_still_exits_0(capsys):
    assert cli.main(["--help"]) == 0
    assert "verify-claims" in capsys.readouterr().out
    assert cli.main(["region", "--help"]) == 0
    assert f"2 to {cli.MAX_GRID}" in capsys.readouterr().out


def test_module_and_console_script_are_the_same_program():
    via_module = subprocess.run([sys.executable, "-m", "momentum_theory", "--help"],
                                capture_output=True, text=True, check=True).stdout
    assert "region" in via_module
    script = shutil.which("momentum-theory")
    if script is None:
        pytest.skip("console script not on PATH (package not installed)")
    via_script = subprocess.run([script, "--help"], capture_output=True, text=True, check=True).stdout
    assert via_script == via_module


def test_version_comes_from_the_package(capsys):
    import momentum_theory

    assert cli.main(["--version"]) == 0
    assert capsys.readouterr().out == f"momentum-theory {momentum_theory.__version__}\n"
    import configparser
    from pathlib import Path

    setup = configparser.ConfigParser()
    setup.read(Path(__file__).resolve().parents[1] / "setup.cfg")
    assert momentum_theory.__version__ == setup["metadata"]["version"]


def test_the_cli_package_keeps_its_names_and_its_modules_short():
    from pathlib import Path

    assert callable(cli.build_parser) and callable(cli.main) and cli.MAX_GRID == 5000
    folder = Path(cli.__file__).parent
    assert all(len(p.read_text().splitlines()) <= 600 for p in folder.glob("*.py"))


def test_report_sections_list_names_every_section(capsys):
    from momentum_theory import report

    assert cli.main(["report", "--sections", "list"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    rows = out.splitlines()
    assert [row.split()[0] for row in rows[:-1]] == [s.name for s in report.SECTIONS]
    for row, section in zip(rows, report.SECTIONS):
        assert row.split()[1] == ("default" if section.default else "opt-in")
        assert section.about in row
        for module, extra in section.needs:
            assert f"momentum-theory[{extra}]" in row
    assert rows[-1].startswith("keywords: default") and "all" in rows[-1]


def test_report_unknown_section_is_a_usage_error_naming_the_valid_ones(tmp_path, capsys):
    assert cli.main(["report", "--out", str(tmp_path / "r"), "--sections", "regimes,nope"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1
    assert err.startswith("momentum-theory report: argument --sections: unknown section 'nope'")
    assert "valid: chapter-figures, stability-region," in err and ", default, all" in err
    assert not (tmp_path / "r").exists()
    assert cli.main(["report", "--out", str(tmp_path / "r"), "--sections", ","]) == 2
    assert "--sections" in capsys.readouterr().err


def test_report_with_one_cheap_section(tmp_path, capsys):
    import json

    out = tmp_path / "r"
    assert cli.main(["report", "--out", str(out), "--sections", "regimes"]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[0].split()[:2] == ["[1/1]", "regimes"] and printed[-1].startswith("report")
    assert json.loads((out / "summary.json").read_text())["sections"] == ["regimes"]
