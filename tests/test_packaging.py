"""Packaging facts that CI relies on."""
import configparser
import re
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent


def _declared_minimums():
    cfg = configparser.ConfigParser()
    cfg.read(PROJECT / "setup.cfg")
    lines = cfg["options"]["install_requires"].split("\n")
    lines += cfg["options.extras_require"]["test"].split("\n")
    found = {}
    for line in filter(None, (l.strip() for l in lines)):
        match = re.fullmatch(r"([A-Za-z0-9_.-]+)\s*>=\s*([0-9][0-9.]*)(?:\s*,.*)?", line)
        if match:
            found[match.group(1).lower()] = match.group(2)
    return found


def _pins():
    pins = {}
    for line in (PROJECT / ".ci" / "oldest.txt").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            pins[name.strip().lower()] = version.strip()
    return pins


def _same_version(a, b):
    def parts(v):
        p = [int(x) for x in v.split(".")]
        while p and p[-1] == 0:
            p.pop()
        return p
    return parts(a) == parts(b)


def test_oldest_constraints_pin_the_declared_minimums():
    declared, pins = _declared_minimums(), _pins()
    for name in ("numpy", "scipy", "sympy", "matplotlib", "pytest", "hypothesis", "pepit"):
        assert name in declared, f"setup.cfg declares no minimum for {name}"
        assert name in pins, f".ci/oldest.txt does not pin {name}"
        assert _same_version(declared[name], pins[name]), (
            f"{name}: setup.cfg says >= {declared[name]}, .ci/oldest.txt pins {pins[name]}")


def test_ci_runs_the_readme_command_with_and_without_the_constraints():
    script = (PROJECT / ".ci" / "run").read_text()
    assert "PIP_CONSTRAINT" in script and "oldest.txt" in script
    assert "ci:test" in script and "ci:test" in (PROJECT / "README.md").read_text()


def test_the_pep_extra_and_the_test_extra_ask_for_the_same_pepit():
    cfg = configparser.ConfigParser()
    cfg.read(PROJECT / "setup.cfg")
    extras = cfg["options.extras_require"]

    def pepit(lines):
        found = [l.strip() for l in lines.split("\n") if l.strip().lower().startswith("pepit")]
        assert len(found) == 1, found
        return found[0]

    assert pepit(extras["pep"]) == pepit(extras["test"])
    assert _same_version(pepit(extras["pep"]).split(">=")[1], _pins()["pepit"])
