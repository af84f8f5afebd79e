"""Tests for momentum_theory.data: finding, verifying and standardising the data.

Nothing here touches the network: every test that could reach the download
code replaces ``urllib.request.urlopen`` first. The package ships the
airfoil file; tests of the fallbacks behind it (the user cache, the
download, the synthetic set) hide that copy with the ``without_package_copy``
fixture.
"""
import configparser
import csv
import hashlib
import io
import os
import socket
import tracemalloc
import urllib.error
import urllib.request
from pathlib import Path

import numpy as np
import pytest

from momentum_theory import data as D

PROJECT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def no_network(monkeypatch, tmp_path):
    """No downloads, no user cache, no environment variable, unless a test sets them."""
    def refuse(*args, **kwargs):
        raise AssertionError("a test tried to download")

    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    monkeypatch.delenv(D.AIRFOIL_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


@pytest.fixture
def without_package_copy(monkeypatch, tmp_path):
    """An install whose packaged airfoil file was removed."""
    gone = tmp_path / "site-packages" / "momentum_theory" / "datasets" / "airfoil_self_noise.dat"
    monkeypatch.setattr(D, "airfoil_package_path", lambda: gone)
    return gone


def _independent_table(path):
    """Parse with the csv module and standardise by hand: a second reading of the file."""
    with open(path, newline="") as handle:
        rows = [[float(v) for v in row] for row in csv.reader(handle, delimiter="\t") if row]
    table = np.array(rows)
    mean = table.sum(axis=0) / len(table)
    std = np.sqrt(((table - mean) ** 2).sum(axis=0) / len(table))
    return (table - mean) / std


def test_airfoil_is_verified_and_standardised_like_the_chapter(airfoil_path):
    data = D.load_airfoil(airfoil_path)
    assert hashlib.sha1(airfoil_path.read_bytes()).hexdigest() == D.AIRFOIL_SHA1
    assert data.verified is True and "SHA-1 verified" in data.source
    assert data.features.shape == (1500, 5) and data.targets.shape == (1500,)
    assert data.path == str(airfoil_path)
    table = _independent_table(airfoil_path)
    assert table.shape == (1503, 6)
    # Standardised over all 1503 rows, then cut to 1500 (get_data_ch11's order).
    np.testing.assert_allclose(data.features, table[:1500, :5], rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(data.targets, table[:1500, 5], rtol=1e-12, atol=1e-12)
    # First row of the file: 800 Hz, 0 degrees, 0.3048 m, 71.3 m/s, ..., 126.201 dB.
    assert data.features[0, 0] < 0 and data.targets[0] > 0


def test_a_modified_copy_loads_but_is_not_verified(airfoil_path, tmp_path):
    raw = airfoil_path.read_bytes()
    changed = tmp_path / "airfoil_changed.dat"
    changed.write_bytes(raw.replace(b"126.201", b"126.202", 1))
    data = D.load_airfoil(changed)
    assert data.verified is False
    assert "not the canonical" in data.source and "airfoil_changed.dat" in data.source
    original = D.load_airfoil(airfoil_path)
    assert data.targets[0] != original.targets[0]
    np.testing.assert_allclose(data.features, original.features)


def test_unix_line_endings_read_the_same(airfoil_path, tmp_path):
    unix = tmp_path / "unix.dat"
    unix.write_bytes(airfoil_path.read_bytes().replace(b"\r\n", b"\n"))
    a, b = D.load_airfoil(unix), D.load_airfoil(airfoil_path)
    assert a.verified is False and b.verified is True
    np.testing.assert_array_equal(a.features, b.features)


def test_missing_file_raises_and_never_downloads(tmp_path, without_package_copy):
    with pytest.raises(FileNotFoundError, match="not found at"):
        D.load_airfoil(tmp_path / "absent.dat")
    with pytest.raises(FileNotFoundError, match="download=True") as info:
        D.load_airfoil()
    assert D.AIRFOIL_ENV in str(info.value) and "package's copy" in str(info.value)
    assert not (tmp_path / "cache").exists()


# --------------------------------------------------------------------------
# The package's own copy
# --------------------------------------------------------------------------

def test_the_package_ships_the_canonical_file(airfoil_path):
    packaged = D.airfoil_package_path()
    assert packaged == PROJECT / "momentum_theory" / "datasets" / "airfoil_self_noise.dat"
    raw = packaged.read_bytes()
    assert hashlib.sha1(raw).hexdigest() == D.AIRFOIL_SHA1 == "76e5be1548fd8222e5074cf0faae75edff8cf93f"
    assert raw == airfoil_path.read_bytes()  # byte for byte the shared data file
    attribution = (packaged.parent / "ATTRIBUTION.md").read_text()
    for needed in ("Brooks", "Pope", "Marcolini", "1989", "UCI", "CC BY 4.0", D.AIRFOIL_SHA1):
        assert needed in attribution


def test_setup_cfg_declares_the_data_and_its_attribution():
    cfg = configparser.ConfigParser()
    cfg.read(PROJECT / "setup.cfg")
    declared = {p.strip() for p in cfg["options.package_data"]["momentum_theory"].split(",")}
    assert declared == {"datasets/airfoil_self_noise.dat", "datasets/ATTRIBUTION.md"}
    for name in declared:
        assert (PROJECT / "momentum_theory" / name).is_file()


def test_the_packaged_copy_is_the_default(airfoil_path):
    data = D.load_airfoil()
    assert data.path == str(D.airfoil_package_path()) and data.verified is True
    assert data.source == "airfoil self-noise (UCI), 1500 rows, SHA-1 verified"
    # The same numbers as the shared file, read and standardised a second way.
    table = _independent_table(airfoil_path)
    np.testing.assert_allclose(data.features, table[:1500, :5], rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(data.targets, table[:1500, 5], rtol=1e-12, atol=1e-12)
    default = D.default_dataset()
    assert default.source == data.source and default.path == data.path
    np.testing.assert_array_equal(default.targets, data.targets)


def test_a_path_and_the_environment_come_before_the_packaged_copy(airfoil_path, tmp_path, monkeypatch):
    changed = tmp_path / "changed.dat"
    changed.write_bytes(airfoil_path.read_bytes().replace(b"126.201", b"126.202", 1))
    assert D.load_airfoil(changed).path == str(changed)
    monkeypatch.setenv(D.AIRFOIL_ENV, str(changed))
    data = D.load_airfoil()
    assert data.path == str(changed) and data.verified is False


def test_the_packaged_copy_comes_before_the_cache(airfoil_path):
    cached = D.airfoil_cache_path()
    cached.parent.mkdir(parents=True)
    cached.write_bytes(airfoil_path.read_bytes().replace(b"126.201", b"126.202", 1))
    data = D.load_airfoil()
    assert data.path == str(D.airfoil_package_path()) and data.verified is True


def test_a_damaged_packaged_copy_is_refused_not_used(airfoil_path, tmp_path, monkeypatch):
    damaged = tmp_path / "datasets" / "airfoil_self_noise.dat"
    damaged.parent.mkdir()
    damaged.write_bytes(airfoil_path.read_bytes().replace(b"126.201", b"126.202", 1))
    monkeypatch.setattr(D, "airfoil_package_path", lambda: damaged)
    for load in (D.load_airfoil, D.default_dataset):
        with pytest.raises(ValueError, match="package's copy is damaged; reinstall") as info:
            load()
        assert str(damaged) in str(info.value) and "\n" not in str(info.value)
    # The same bytes named explicitly still load, marked unverified.
    assert D.load_airfoil(damaged).verified is False


def test_environment_variable_and_cache_are_searched(airfoil_path, tmp_path, monkeypatch, without_package_copy):
    monkeypatch.setenv(D.AIRFOIL_ENV, str(airfoil_path))
    assert D.load_airfoil().verified is True
    monkeypatch.setenv(D.AIRFOIL_ENV, str(tmp_path / "nope.dat"))
    with pytest.raises(FileNotFoundError, match=D.AIRFOIL_ENV):
        D.load_airfoil()
    # A variable that names a missing file is a mistake, not "no data": say so.
    with pytest.raises(FileNotFoundError, match=D.AIRFOIL_ENV):
        D.default_dataset()
    monkeypatch.delenv(D.AIRFOIL_ENV)
    cached = tmp_path / "cache" / "momentum_theory" / "airfoil_self_noise.dat"
    assert D.airfoil_cache_path() == cached
    cached.parent.mkdir(parents=True)
    cached.write_bytes(airfoil_path.read_bytes())
    data = D.load_airfoil()
    assert data.verified is True and data.path == str(cached)
    assert D.default_dataset().source == data.source


def test_cache_falls_back_to_home_without_absolute_xdg(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/path")
    assert D.airfoil_cache_path() == tmp_path / "home" / ".cache" / "momentum_theory" / "airfoil_self_noise.dat"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert D.airfoil_cache_path().parent.parent == tmp_path / "home" / ".cache"


class _FakeResponse(io.BytesIO):
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_download_only_when_asked_and_checked(airfoil_path, tmp_path, monkeypatch, without_package_copy):
    calls = []

    def serve(payload):
        def fake_urlopen(url, timeout=None):
            calls.append(url)
            return _FakeResponse(payload)
        return fake_urlopen

    cached = D.airfoil_cache_path()
    monkeypatch.setattr(urllib.request, "urlopen", serve(b"800\t0\t0.3\t71.3\t0.002\t126.2\r\n"))
    with pytest.raises(OSError, match="SHA-1"):
        D.load_airfoil(download=True)
    assert not cached.exists()
    assert not cached.parent.exists() or list(cached.parent.iterdir()) == []
    monkeypatch.setattr(urllib.request, "urlopen", serve(airfoil_path.read_bytes()))
    data = D.load_airfoil(download=True)
    assert calls == [D.AIRFOIL_URL, D.AIRFOIL_URL]
    assert data.verified is True and cached.read_bytes() == airfoil_path.read_bytes()
    D.load_airfoil(download=True)  # found in the cache now: no second fetch
    assert len(calls) == 2


def test_default_dataset_without_data_is_synthetic(without_package_copy):
    data = D.default_dataset()
    assert data.source.startswith("synthetic") and data.verified is None
    assert data.features.shape == (1500, 5)


@pytest.mark.parametrize("content, message", [
    (b"1\t2\t3\r\n" * 1600, "6 tab-separated"),
    (b"1\t2\t3\t4\t5\tx\r\n" * 1600, "not a number"),
    (b"1\t2\t3\t4\t5\t6\r\n" * 10, "at least 1500"),
    (b"1\t2\t3\t4\t5\tnan\r\n" * 1600, "NaN"),
    (b"\xff\xfe" * 100, "not a text file"),
])
def test_malformed_files_are_refused(tmp_path, content, message):
    bad = tmp_path / "bad.dat"
    bad.write_bytes(content)
    with pytest.raises(ValueError, match=message):
        D.load_airfoil(bad)


def test_constant_columns_cannot_be_standardised(tmp_path):
    rows = "".join(f"{i}\t1\t2\t3\t4\t{i % 7}\r\n" for i in range(1600))
    bad = tmp_path / "flat.dat"
    bad.write_text(rows)
    with pytest.raises(ValueError, match="constant"):
        D.load_airfoil(bad)


def test_load_airfoil_argument_types():
    with pytest.raises(TypeError, match="path"):
        D.load_airfoil(3)
    with pytest.raises(TypeError, match="download"):
        D.load_airfoil(download="yes")


def test_synthetic_data_is_deterministic_and_standardised():
    a, b, c = D.make_regression_data(), D.make_regression_data(), D.make_regression_data(seed=1)
    np.testing.assert_array_equal(a.features, b.features)
    np.testing.assert_array_equal(a.targets, b.targets)
    assert not np.allclose(a.targets, c.targets)
    table = np.column_stack([a.features, a.targets])
    np.testing.assert_allclose(table.mean(axis=0), 0, atol=1e-13)
    np.testing.assert_allclose(table.std(axis=0), 1, rtol=1e-13)
    small = D.make_regression_data(n=50, d=2, noise=0.0, seed=3)
    assert small.features.shape == (50, 2)
    assert small.source == "synthetic regression (n=50, d=2, noise=0, seed=3)"
    # Noise-free: the target is an exact linear function of the features.
    A = np.column_stack([small.features, np.ones(50)])
    residual = small.targets - A @ np.linalg.lstsq(A, small.targets, rcond=None)[0]
    assert np.abs(residual).max() < 1e-12
    # Default noise explains half the variance: R^2 near 1/2, like the airfoil data.
    A = np.column_stack([a.features, np.ones(a.n)])
    fit = A @ np.linalg.lstsq(A, a.targets, rcond=None)[0]
    assert 0.4 < 1 - np.mean((a.targets - fit) ** 2) < 0.6


@pytest.mark.parametrize("kwargs, error", [
    (dict(n=1), ValueError), (dict(d=0), ValueError), (dict(noise=-1.0), ValueError),
    (dict(seed=-1), ValueError), (dict(n=10.5), TypeError), (dict(noise="big"), TypeError),
])
def test_synthetic_data_validation(kwargs, error):
    with pytest.raises(error, match=next(iter(kwargs))):
        D.make_regression_data(**kwargs)


def test_dataset_validation():
    X, y = np.zeros((3, 2)), np.zeros(3)
    assert D.Dataset(X, y, "toy", None).n == 3
    with pytest.raises(ValueError, match="targets"):
        D.Dataset(X, np.zeros(4), "toy", None)
    with pytest.raises(ValueError, match="features"):
        D.Dataset(np.zeros(3), y, "toy", None)
    with pytest.raises(ValueError, match="features"):
        D.Dataset(np.full((3, 2), np.nan), y, "toy", None)
    with pytest.raises(TypeError, match="source"):
        D.Dataset(X, y, None, None)
    with pytest.raises(TypeError, match="verified"):
        D.Dataset(X, y, "toy", "yes")


def test_the_download_url_is_https():
    assert D.AIRFOIL_URL.startswith("https://")


@pytest.mark.parametrize("failure", [
    urllib.error.URLError(socket.gaierror(-3, "Temporary failure in name resolution")),
    urllib.error.HTTPError(D.AIRFOIL_URL, 403, "Forbidden", {}, None),
    TimeoutError("timed out"),
    ConnectionResetError(104, "Connection reset by peer"),
])
def test_offline_download_says_what_to_do(failure, monkeypatch, without_package_copy):
    def offline(url, timeout=None):
        raise failure

    monkeypatch.setattr(urllib.request, "urlopen", offline)
    with pytest.raises(OSError) as info:
        D.load_airfoil(download=True)
    message = str(info.value)
    assert not isinstance(info.value, urllib.error.URLError)
    assert info.value.__cause__ is None and info.value.__suppress_context__
    assert "\n" not in message and "could not download" in message
    assert str(D.airfoil_cache_path()) in message  # where to put the file
    assert "--data" in message and D.AIRFOIL_ENV in message
    assert not D.airfoil_cache_path().parent.exists()  # nothing half-made in the cache


def _sparse(path, size, first=b"800\t0\t0.3048\t71.3\t0.00266337\t126.201\r\n"):
    with open(path, "wb") as handle:
        handle.write(first)
        handle.truncate(size)
    return path


def test_check_data_file_accepts_the_airfoil_file(airfoil_path):
    assert D.check_data_file(airfoil_path) == airfoil_path
    assert D.check_data_file(str(airfoil_path)) == airfoil_path
    assert airfoil_path.stat().st_size < D.MAX_DATA_BYTES == 64 * 2**20


@pytest.mark.parametrize("make, error, message", [
    (lambda tmp: tmp / "absent.dat", FileNotFoundError, "not found at"),
    (lambda tmp: tmp / "absent" / "deeper.dat", FileNotFoundError, "not found at"),
    (lambda tmp: tmp, ValueError, "is a folder"),
    (lambda tmp: "/dev/zero", ValueError, "not a regular file but a character device"),
    (lambda tmp: "/dev/null", ValueError, "not a regular file"),
    (lambda tmp: (tmp / "e.dat", (tmp / "e.dat").write_bytes(b""))[0], ValueError, "is empty"),
    (lambda tmp: _sparse(tmp / "big.dat", D.MAX_DATA_BYTES + 1), ValueError, "64.0 MiB; files over 64 MiB"),
    (lambda tmp: _sparse(tmp / "line.dat", 100_000, b"1\t2"), ValueError, "line 1: longer than"),
    (lambda tmp: _sparse(tmp / "csv.dat", 10_000, b"1,2,3,4,5,6\n"), ValueError, "line 1: expected 6"),
    (lambda tmp: _sparse(tmp / "blank.dat", 10_000, b"\r\n\n1\t2\t3\t4\t5\tx\n"), ValueError,
     "line 3: not a number"),
    (lambda tmp: _sparse(tmp / "bin.dat", 10_000, b"\x89PNG\r\n"), ValueError, "not a text file"),
])
def test_check_data_file_refuses_without_reading_the_file(make, error, message, tmp_path):
    path = make(tmp_path)
    for check in (D.check_data_file, D.load_airfoil):
        tracemalloc.start()
        try:
            with pytest.raises(error, match=message) as info:
                check(path)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert peak < 2**20, f"{check.__name__} held {peak} bytes to refuse {path}"
        assert "\n" not in str(info.value) and str(path) in str(info.value)


def test_a_pipe_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "fifo.dat"
    os.mkfifo(fifo)
    with pytest.raises(ValueError, match="not a regular file but a pipe"):
        D.load_airfoil(fifo)


def test_a_bad_file_named_by_the_environment_says_so(monkeypatch, tmp_path, without_package_copy):
    monkeypatch.setenv(D.AIRFOIL_ENV, "/dev/zero")
    for load in (D.load_airfoil, D.default_dataset):
        with pytest.raises(ValueError, match=f"/dev/zero \\(named by {D.AIRFOIL_ENV}\\) is not a regular"):
            load()
    cached = D.airfoil_cache_path()
    cached.parent.mkdir(parents=True)
    cached.mkdir()
    monkeypatch.delenv(D.AIRFOIL_ENV)
    with pytest.raises(ValueError, match="user cache.*is a folder"):
        D.default_dataset()


def test_check_data_file_argument_type():
    with pytest.raises(TypeError, match="path"):
        D.check_data_file(None)
    # An empty path is not the current folder.
    for check in (D.check_data_file, D.load_airfoil):
        with pytest.raises(ValueError, match="path is empty"):
            check("")
