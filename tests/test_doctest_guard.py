"""The root conftest refuses doctests that display NumPy scalars or sets.

NumPy 2 prints ``np.float64(2.0)`` where NumPy 1 prints ``2.0``; a doctest
that shows a NumPy scalar passes on one machine and fails on another. The
guard checks the *type* of every displayed value, so it catches this on any
NumPy version.
"""
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent

BAD = {
    "numpy_scalar": ">>> import numpy as np\n>>> np.float64(2.0) + 0\n2.0\n",
    "numpy_bool_in_tuple": ">>> import numpy as np\n>>> (True, np.float64(1.0) > 0)\n(True, True)\n",
    "set_of_strings": ">>> {'a', 'b'} == {'a', 'b'}, sorted({'b', 'a'})\n(True, ['a', 'b'])\n"
                      ">>> {'a', 'b'}\n{'a', 'b'}\n",
}
GOOD = ">>> import numpy as np\n>>> float(np.float64(2.0)), bool(np.float64(1.0) > 0), [1, 2]\n(2.0, True, [1, 2])\n"


@pytest.fixture(scope="module")
def guarded(tmp_path_factory):
    """Run pytest once, in a new interpreter, on one probe module per case.

    Returns (exit status, output, {case: junit testcase}); the root conftest (and
    its guard) is loaded as a plugin with ``-p conftest``. One run for all cases:
    starting pytest costs more than the doctests.
    """
    folder = tmp_path_factory.mktemp("doctest-guard")
    for name, body in {**BAD, "good": GOOD}.items():
        (folder / f"probe_{name}.py").write_text(f'"""\n{body}"""\n')
    report = folder / "junit.xml"
    env = dict(os.environ, PYTHONPATH=str(PROJECT))
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "conftest",
                           "-p", "no:cacheprovider", "--doctest-modules", str(folder),
                           f"--junitxml={report}", "--rootdir", str(folder), "-c", os.devnull],
                          capture_output=True, text=True, cwd=folder, env=env, timeout=120)
    cases = {}
    for case in ET.parse(report).getroot().iter("testcase"):
        cases[case.get("name").removeprefix("probe_")] = case
    return done.returncode, done.stdout + done.stderr, cases


@pytest.mark.parametrize("name", sorted(BAD))
def test_guard_fails_doctests_that_display_unportable_values(guarded, name):
    status, output, cases = guarded
    assert status == 1, output  # tests failed; not a usage or internal error
    [failure] = cases[name].findall("failure")
    assert not cases[name].findall("error"), output
    assert "doctest displays" in failure.get("message", "") + (failure.text or ""), output


def test_guard_passes_plain_values(guarded):
    _, output, cases = guarded
    assert set(cases) == {*BAD, "good"}, output
    assert not list(cases["good"]), output  # no failure, error or skip in the good case
