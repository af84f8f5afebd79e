"""Shared test configuration.

Hypothesis profiles: ``ci`` (the default, used by ``pytest`` and ``.ci/run``)
runs 300 examples per property, derandomized so that a landing run is
reproducible; ``explore`` runs 2000 fresh random examples per property to hunt
for new counterexamples; ``dev`` is a quick one for iterating
(``HYPOTHESIS_PROFILE=dev pytest``).
"""
import os
import subprocess
import sys
from pathlib import Path

import matplotlib
import pytest
from hypothesis import HealthCheck, settings

matplotlib.use("Agg")

settings.register_profile("ci", max_examples=300, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("explore", max_examples=2000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=30, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

PROJECT = Path(__file__).resolve().parent.parent
AIRFOIL = PROJECT.parent / "shared" / "data" / "airfoil_self_noise.dat"


@pytest.fixture
def airfoil_path():
    """Path of the chapter's airfoil file; the test is skipped when it is absent."""
    if not AIRFOIL.is_file():
        pytest.skip(f"airfoil data not found at {AIRFOIL}")
    return AIRFOIL


@pytest.fixture
def run_example():
    """Run ``examples/NAME OUT [ARGS...]`` in a fresh interpreter; return its stdout."""
    def run(name, out, *args):
        done = subprocess.run([sys.executable, str(PROJECT / "examples" / name), str(out), *args],
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        return done.stdout
    return run


@pytest.fixture(scope="session")
def default_report(tmp_path_factory):
    """The report with its default sections, built once per session: (folder, progress lines).

    Tests read it and never change it; a test that needs other options writes
    its own report with one cheap section (``sections="regimes"``).
    """
    from momentum_theory import report

    out = tmp_path_factory.mktemp("default-report") / "momentum-report"
    lines = []
    path = report.write_report(out, progress=lines.append)
    return path, lines
