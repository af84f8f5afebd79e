"""The root conftest refuses doctests that display NumPy scalars or sets.

NumPy 2 prints ``np.float64(2.0)`` where NumPy 1 prints ``2.0``; a doctest
that shows a NumPy scalar passes on one machine and fails on another. The
guard checks the *type* of every displayed value, so it catches this on any
NumPy version.
"""
import os
import subprocess
import sys
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


def _run_doctest(tmp_path, body):
    probe = tmp_path / "probe.py"
    probe.write_text(f'"""\n{body}"""\n')
    env = dict(os.environ, PYTHONPATH=str(PROJECT))
    # -p conftest loads the project's root conftest (and its guard) as a plugin.
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "conftest",
                           "-p", "no:cacheprovider", "--doctest-modules", str(probe),
                           "--rootdir", str(tmp_path), "-c", os.devnull],
                          capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120)


@pytest.mark.parametrize("name", sorted(BAD))
def test_guard_fails_doctests_that_display_unportable_values(tmp_path, name):
    done = _run_doctest(tmp_path, BAD[name])
    assert done.returncode == 1, done.stdout + done.stderr
    assert "doctest displays" in done.stdout


def test_guard_passes_plain_values(tmp_path):
    done = _run_doctest(tmp_path, GOOD)
    assert done.returncode == 0, done.stdout + done.stderr
