"""Shared test configuration.

Hypothesis profiles: ``ci`` (the default, used by ``pytest`` and ``.ci/run``)
runs 300 examples per property, derandomized so that a landing run is
reproducible; ``explore`` runs 2000 fresh random examples per property to hunt
for new counterexamples; ``dev`` is a quick one for iterating
(``HYPOTHESIS_PROFILE=dev pytest``).

Example scripts run in this interpreter (``run_example``): starting a new one
costs more than most scripts' work. The tests of a script's command-line
behaviour itself start a real interpreter on their own.
"""
import contextlib
import io
import json
import os
import runpy
import sys
import tempfile
from pathlib import Path
from typing import NamedTuple

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
EXAMPLES = PROJECT / "examples"
AIRFOIL = PROJECT.parent / "shared" / "data" / "airfoil_self_noise.dat"
REPORT_FOLDER = "default-report"


@pytest.fixture
def airfoil_path():
    """Path of the chapter's airfoil file; the test is skipped when it is absent."""
    if not AIRFOIL.is_file():
        pytest.skip(f"airfoil data not found at {AIRFOIL}")
    return AIRFOIL


class ExampleRun(NamedTuple):
    """What running an example script gave: exit status, standard output, standard error."""

    status: int
    stdout: str
    stderr: str


def _exit_status(code):
    """The exit status ``sys.exit(code)`` gives a process."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    return 1  # sys.exit("message") prints the message and exits with 1


class ExampleRunner:
    """Runs ``examples/NAME OUT [ARGS...]`` in this interpreter, as ``python`` would run it.

    The script runs as ``__main__`` with ``sys.argv`` set, its folder first on
    ``sys.path``, a fresh empty working folder, and its standard output and
    error captured; figures it leaves open in pyplot are closed afterwards.
    """

    def __init__(self, tmp_path_factory):
        self._tmp_path_factory = tmp_path_factory

    def status(self, name, out, *args):
        """Run the script and return its ``ExampleRun`` whatever the exit status."""
        script = EXAMPLES / name
        stdout, stderr = io.StringIO(), io.StringIO()
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(sys, "argv", [str(script), str(out), *map(str, args)])
            patch.syspath_prepend(str(EXAMPLES))
            patch.chdir(self._tmp_path_factory.mktemp("example-cwd"))
            status = 0
            try:
                with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
                    runpy.run_path(str(script), run_name="__main__")
            except SystemExit as exc:
                status = _exit_status(exc.code)
                if status and not isinstance(exc.code, (int, type(None))):
                    stderr.write(f"{exc.code}\n")
            finally:
                if "matplotlib.pyplot" in sys.modules:
                    sys.modules["matplotlib.pyplot"].close("all")
        return ExampleRun(status, stdout.getvalue(), stderr.getvalue())

    def __call__(self, name, out, *args):
        """Run the script, check that it exits with status 0 and return its standard output."""
        done = self.status(name, out, *args)
        assert done.status == 0, done.stderr
        return done.stdout


@pytest.fixture(scope="session")
def run_example(tmp_path_factory):
    """``run_example(NAME, OUT, *ARGS)``: run ``examples/NAME`` in-process, return its stdout.

    ``run_example.status(NAME, OUT, *ARGS)`` gives the whole ``ExampleRun``
    (status, stdout, stderr) for a run that is expected to fail, e.g. a refusal.
    Session-scoped so that module fixtures can use it; each run patches and
    restores ``sys.argv``, ``sys.path`` and the working folder on its own.
    """
    return ExampleRunner(tmp_path_factory)


@contextlib.contextmanager
def _exclusive(lock_path):
    """Hold an exclusive lock on ``lock_path`` (created if missing) for the block."""
    try:
        import fcntl
    except ImportError:  # no fcntl (Windows): every worker builds its own copy
        yield
        return
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


@pytest.fixture(scope="session")
def default_report(tmp_path_factory):
    """The report with its default sections, built once per session: (folder, progress lines).

    Under pytest-xdist each worker runs session fixtures itself; the first to
    take the lock builds the report in the session's shared temporary folder and
    the others reuse that folder. Tests read it and never change it; a test that
    needs other options writes its own report with one cheap section
    (``sections="regimes"``).
    """
    from momentum_theory import report

    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = tmp_path_factory.getbasetemp().parent  # this session's, shared by its workers
    else:
        shared = tmp_path_factory.getbasetemp()
    home = shared / REPORT_FOLDER
    done = home / "progress.json"
    with _exclusive(shared / f"{REPORT_FOLDER}.lock"):
        if not done.is_file():
            home.mkdir(exist_ok=True)
            attempt = Path(tempfile.mkdtemp(dir=home))  # a worker after a failed build starts clean
            lines = []
            path = report.write_report(attempt / "momentum-report", progress=lines.append)
            done.write_text(json.dumps({"path": str(path), "lines": lines}))
    built = json.loads(done.read_text())
    return Path(built["path"]), built["lines"]
