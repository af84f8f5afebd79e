r"""Regression data for the chapter's training experiment.

The chapter trains a linear model on the NASA airfoil self-noise data
(Brooks, Pope & Marcolini 1989, from the UCI Machine Learning Repository,
CC BY 4.0): 1503 rows of 5 features and a target, every column standardised,
the first 1500 rows kept. The package ships that file, unchanged, as package
data (``momentum_theory/datasets/airfoil_self_noise.dat``, its attribution in
``ATTRIBUTION.md`` beside it), so a fresh install runs the chapter's
experiment on the chapter's data. :func:`load_airfoil` finds the file

1. at a path the caller gives;
2. at the path in the environment variable ``MOMENTUM_THEORY_AIRFOIL``;
3. in the package (:func:`airfoil_package_path`); its SHA-1 must be the
   canonical one, else loading raises (a damaged install is never used
   silently);
4. in the user cache, ``$XDG_CACHE_HOME/momentum_theory/airfoil_self_noise.dat``
   (``~/.cache/...`` when ``XDG_CACHE_HOME`` is unset), for an install whose
   packaged copy was removed;
5. by downloading it into that cache, only when asked (``download=True``).

When none is available, :func:`default_dataset` falls back to a
deterministic synthetic set of the same shape (:func:`make_regression_data`),
which also stays available by name. Every :class:`Dataset` says in
``source`` which data it holds.

Before a file is read, :func:`check_data_file` looks at it: it must be a
regular file (not a folder, device or pipe) of at most
:data:`MAX_DATA_BYTES` (64 MiB; the airfoil file is 59 KiB) whose first line
is six tab-separated numbers. The command line runs the same check on
``--data`` before any other work.

Examples
--------
>>> data = load_airfoil()            # the packaged copy, SHA-1 checked
>>> data.source, data.features.shape
('airfoil self-noise (UCI), 1500 rows, SHA-1 verified', (1500, 5))
"""
from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from momentum_theory import _validation as _v

__all__ = [
    "Dataset",
    "load_airfoil",
    "make_regression_data",
    "default_dataset",
    "select_dataset",
    "SYNTHETIC",
    "airfoil_cache_path",
    "airfoil_package_path",
    "check_data_file",
    "MAX_DATA_BYTES",
    "AIRFOIL_SHA1",
    "AIRFOIL_URL",
]

#: SHA-1 of the canonical file (the one the chapter's ``get_data_ch11`` checks).
AIRFOIL_SHA1 = "76e5be1548fd8222e5074cf0faae75edff8cf93f"
#: Where the chapter's code downloads it from (over https here).
AIRFOIL_URL = "https://d2l-data.s3-accelerate.amazonaws.com/airfoil_self_noise.dat"
#: Environment variable holding a path to the file.
AIRFOIL_ENV = "MOMENTUM_THEORY_AIRFOIL"
AIRFOIL_ROWS = 1500
_AIRFOIL_COLUMNS = 6
_FILENAME = "airfoil_self_noise.dat"
#: Largest data file read, in bytes (64 MiB). The airfoil file is 59,984 bytes;
#: anything this large is refused by its size before a byte of it is read.
MAX_DATA_BYTES = 64 * 2**20
# How much of a file check_data_file reads to find its first line.
_HEAD_BYTES = 4096


class _NowhereFound(FileNotFoundError):
    """No path, no environment variable, nothing cached: the data is simply absent."""


@dataclass(frozen=True, eq=False)
class Dataset:
    """Standardised regression data and where it came from.

    Attributes
    ----------
    features : ndarray, shape (n, d)
    targets : ndarray, shape (n,)
    source : str
        Which data this is, e.g. ``"airfoil self-noise (UCI), 1500 rows,
        SHA-1 verified"`` or ``"synthetic regression (...)"``.
    verified : bool or None
        For an airfoil file: whether its SHA-1 is the canonical one. None for
        synthetic data.
    path : str or None
        The file read, if any.
    """

    features: np.ndarray
    targets: np.ndarray
    source: str
    verified: bool | None
    path: str | None = None

    def __post_init__(self):
        X = _v.real_array(self.features, "features")
        y = _v.real_array(self.targets, "targets")
        if X.ndim != 2 or X.shape[0] == 0 or X.shape[1] == 0:
            raise ValueError(f"features must be a non-empty 2-D array (n, d), got shape {X.shape}")
        if y.shape != (X.shape[0],):
            raise ValueError(f"targets must have shape ({X.shape[0]},) to match features, got {y.shape}")
        if not isinstance(self.source, str):
            raise TypeError(f"source must be a string, got {type(self.source).__name__}")
        if self.verified not in (True, False, None):
            raise TypeError(f"verified must be True, False or None, got {self.verified!r}")
        object.__setattr__(self, "features", X)
        object.__setattr__(self, "targets", y)

    @property
    def n(self) -> int:
        """Number of examples."""
        return self.features.shape[0]

    @property
    def d(self) -> int:
        """Number of features."""
        return self.features.shape[1]


def _standardise(table):
    """Every column to mean 0 and population (ddof=0) standard deviation 1."""
    std = table.std(axis=0)
    if np.any(std == 0):
        cols = ", ".join(str(i) for i in np.flatnonzero(std == 0))
        raise ValueError(f"column(s) {cols} are constant and cannot be standardised")
    return (table - table.mean(axis=0)) / std


def airfoil_cache_path() -> Path:
    """Where the airfoil file is cached: ``$XDG_CACHE_HOME`` or ``~/.cache``, then ``momentum_theory/``.

    Examples
    --------
    >>> airfoil_cache_path().name
    'airfoil_self_noise.dat'
    """
    base = os.environ.get("XDG_CACHE_HOME") or ""
    # The XDG spec says relative values are to be ignored.
    root = Path(base) if os.path.isabs(base) else Path.home() / ".cache"
    return root / "momentum_theory" / _FILENAME


def airfoil_package_path() -> Path:
    """Where the package's own copy of the airfoil file is installed (it may have been removed).

    Examples
    --------
    >>> path = airfoil_package_path()
    >>> path.parent.name, path.name, path.is_file()
    ('datasets', 'airfoil_self_noise.dat', True)
    """
    return Path(__file__).resolve().parent / "datasets" / _FILENAME


def _decode(raw: bytes, where: str) -> str:
    try:
        return raw.decode("ascii")
    except UnicodeDecodeError:
        raise ValueError(f"{where} is not a text file of numbers") from None


def _parse_row(line: str, number: int, where: str) -> list:
    fields = line.split("\t")
    if len(fields) != _AIRFOIL_COLUMNS:
        raise ValueError(f"{where}, line {number}: expected {_AIRFOIL_COLUMNS} tab-separated "
                         f"columns, found {len(fields)}")
    try:
        return [float(f) for f in fields]
    except ValueError:
        shown = line.strip()
        shown = shown if len(shown) <= 60 else shown[:57] + "..."
        raise ValueError(f"{where}, line {number}: not a number in {shown!r}") from None


def _parse_airfoil(raw: bytes, where: str) -> np.ndarray:
    if not raw.isascii():
        _decode(raw, where)  # raises, naming the file
    table = _fast_table(raw)
    if table is None:  # line by line, for the message that names the bad line
        text = raw.decode("ascii")
        rows = [_parse_row(line, number, where)
                for number, line in enumerate(text.splitlines(), start=1) if line.strip()]
        table = np.array(rows, dtype=np.float64).reshape(-1, _AIRFOIL_COLUMNS)
    if not np.all(np.isfinite(table)):
        raise ValueError(f"{where} contains NaN or infinite values")
    if table.shape[0] < AIRFOIL_ROWS:
        raise ValueError(f"{where} has {table.shape[0]} rows; the experiment needs at least {AIRFOIL_ROWS}")
    return table


def _fast_table(raw: bytes):
    """The table by NumPy's C reader (4x faster, a fifth of the memory), or None if it balks."""
    import io
    import warnings

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "input contained no data"
            table = np.loadtxt(io.BytesIO(raw), delimiter="\t", comments=None, ndmin=2,
                               dtype=np.float64, encoding="ascii")
    except ValueError:
        return None
    return table if table.shape[1:] == (_AIRFOIL_COLUMNS,) else None


_KINDS = ((stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISFIFO, "a pipe"), (stat.S_ISSOCK, "a socket"))


def check_data_file(path, origin=None) -> Path:
    r"""Refuse a file that cannot be the airfoil data, reading at most its first 4 KiB.

    Checked in this order, each with a one-line message naming the file: it
    exists; it is a regular file (a folder, ``/dev/zero``, a pipe or a socket
    is refused by ``stat``, before it is opened); it is not empty and at most
    :data:`MAX_DATA_BYTES` (64 MiB) long; its first non-blank line is six
    tab-separated numbers. Only :func:`load_airfoil` reads the rest.

    Parameters
    ----------
    path : str or os.PathLike
    origin : str, optional
        Where the path came from (e.g. the environment variable), for the
        message.

    Returns
    -------
    Path
        ``path``, as a :class:`~pathlib.Path`.

    Raises
    ------
    FileNotFoundError
        When nothing is at ``path``.
    ValueError
        When something is there but cannot be the data.
    TypeError
        When ``path`` is not a str or os.PathLike.

    Examples
    --------
    >>> check_data_file("/dev/zero")
    Traceback (most recent call last):
    ...
    ValueError: airfoil data /dev/zero is not a regular file but a character device
    """
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path must be a str or os.PathLike, got {type(path).__name__}")
    if not os.fspath(path):  # Path("") would be the current folder
        raise ValueError("airfoil data path is empty" + (f" (named by {origin})" if origin else ""))
    found = Path(path)
    where = f"{found} (named by {origin})" if origin else str(found)
    try:
        info = found.stat()
    except (FileNotFoundError, NotADirectoryError):
        raise FileNotFoundError(f"airfoil data not found at {where}") from None
    if stat.S_ISDIR(info.st_mode):
        raise ValueError(f"airfoil data {where} is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        kind = next((name for test, name in _KINDS if test(info.st_mode)), "something else")
        raise ValueError(f"airfoil data {where} is not a regular file but {kind}")
    if info.st_size == 0:
        raise ValueError(f"airfoil data {where} is empty")
    if info.st_size > MAX_DATA_BYTES:
        raise ValueError(f"airfoil data {where} is {info.st_size / 2**20:.1f} MiB; files over "
                         f"{MAX_DATA_BYTES // 2**20} MiB are refused (the airfoil file is 59 KiB)")
    with open(found, "rb") as handle:
        head = handle.read(_HEAD_BYTES)
    lines = head.split(b"\n")
    if len(head) == _HEAD_BYTES:
        lines.pop()  # maybe cut short: only whole lines are judged
        if not lines:
            raise ValueError(f"airfoil data {where}, line 1: longer than {_HEAD_BYTES} bytes; "
                             f"expected {_AIRFOIL_COLUMNS} tab-separated numbers")
    for number, line in enumerate(lines, start=1):
        text = _decode(line, f"airfoil data {where}")
        if text.strip():  # blank lines are skipped, as load_airfoil skips them
            _parse_row(text.rstrip("\r"), number, f"airfoil data {where}")
            return found
    raise ValueError(f"airfoil data {where}: no line of {_AIRFOIL_COLUMNS} tab-separated numbers "
                     f"in its first {len(head)} bytes")


def _read_limited(found: Path, where: str) -> bytes:
    # A file that grew past the limit since it was checked is still refused.
    with open(found, "rb") as handle:
        raw = handle.read(MAX_DATA_BYTES + 1)
    if len(raw) > MAX_DATA_BYTES:
        raise ValueError(f"airfoil data {where} is over {MAX_DATA_BYTES // 2**20} MiB")
    return raw


def _download(target: Path) -> None:
    # Loaded here: only a download needs them, and import momentum_theory stays light.
    import hashlib
    import tempfile
    import urllib.request

    try:
        with urllib.request.urlopen(AIRFOIL_URL, timeout=60) as response:
            raw = response.read(MAX_DATA_BYTES + 1)
    except OSError as exc:  # URLError, HTTPError, timeouts, resets: all OSError
        reason = getattr(exc, "reason", None) or exc.strerror or exc
        raise OSError(
            f"could not download the airfoil data from {AIRFOIL_URL} ({reason}); fetch that file "
            f"another way and save it as {target}, or give its path (--data PATH on the command "
            f"line, path=... in Python, or the environment variable {AIRFOIL_ENV})") from None
    if len(raw) > MAX_DATA_BYTES:
        raise OSError(f"downloaded {AIRFOIL_URL} but it is over {MAX_DATA_BYTES // 2**20} MiB; "
                      "nothing was saved")
    digest = hashlib.sha1(raw).hexdigest()
    if digest != AIRFOIL_SHA1:
        raise OSError(f"downloaded {AIRFOIL_URL} but its SHA-1 is {digest}, not {AIRFOIL_SHA1}; "
                      "nothing was saved")
    # Write beside the target and rename, so an interrupted download leaves
    # no truncated file in the cache.
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".airfoil-", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _locate(path, download: bool):
    """The file to read, checked by :func:`check_data_file`, and how messages name it."""
    if path is not None:
        if not isinstance(path, (str, os.PathLike)):
            raise TypeError(f"path must be a str or os.PathLike, got {type(path).__name__}")
        return check_data_file(path), str(path)
    env = os.environ.get(AIRFOIL_ENV)
    if env:
        return check_data_file(env, AIRFOIL_ENV), f"{env} (named by {AIRFOIL_ENV})"
    packaged = airfoil_package_path()
    if packaged.is_file():
        return check_data_file(packaged, "the package"), f"{packaged} (the package's copy)"
    cached = airfoil_cache_path()
    if os.path.lexists(cached):
        return check_data_file(cached, "the user cache"), f"{cached} (named by the user cache)"
    if download:
        _download(cached)
        return check_data_file(cached), str(cached)
    raise _NowhereFound(
        f"airfoil data not found: no path given, {AIRFOIL_ENV} is not set, the package's copy "
        f"{packaged} is missing, and {cached} does not exist. Pass path=..., set {AIRFOIL_ENV}, or call load_airfoil(download=True) to fetch "
        f"it from {AIRFOIL_URL} into that cache.")


def load_airfoil(path=None, download=False) -> Dataset:
    r"""The chapter's airfoil self-noise data: standardised, first 1500 rows.

    Parameters
    ----------
    path : str or os.PathLike, optional
        The file (tab-separated, 6 numeric columns, no header). Without it:
        ``$MOMENTUM_THEORY_AIRFOIL``, then the package's copy
        (:func:`airfoil_package_path`), then the user cache
        (:func:`airfoil_cache_path`).
    download : bool
        Fetch the file from the chapter's URL into the cache when it is
        nowhere else (``urllib``; the SHA-1 is checked before saving). Never
        done unless asked.

    Returns
    -------
    Dataset
        5 features and the target (scaled sound pressure), each column
        standardised over all rows of the file (mean 0, population standard
        deviation 1) and then cut to the first 1500 rows, as the chapter's
        ``get_data_ch11`` does. ``verified`` says whether the file is the
        canonical one (SHA-1 ``76e5be15...``); a different file is still
        loaded, and ``source`` says it is not the canonical data -- except
        the package's own copy, which must verify.

    Raises
    ------
    FileNotFoundError
        When no file is found (and ``download`` is False).
    ValueError
        When the file is refused by :func:`check_data_file` (a folder, a
        device, empty, over 64 MiB, a first line that is not six numbers) or
        is not a table of 6 numeric columns with >= 1500 rows; or when the
        package's copy fails its SHA-1 check.
    OSError
        When ``download`` is True and the download fails (offline, say): the
        message says where to put the file instead.

    Examples
    --------
    >>> load_airfoil("/no/such/file.dat")
    Traceback (most recent call last):
    ...
    FileNotFoundError: airfoil data not found at /no/such/file.dat
    """
    if not isinstance(download, bool):
        raise TypeError(f"download must be True or False, got {type(download).__name__}")
    found, where = _locate(path, download)
    raw = _read_limited(found, where)
    import hashlib

    digest = hashlib.sha1(raw).hexdigest()
    verified = digest == AIRFOIL_SHA1
    if not verified and path is None and found == airfoil_package_path():
        raise ValueError(f"airfoil data {where} has SHA-1 {digest}, not {AIRFOIL_SHA1}: the "
                         "package's copy is damaged; reinstall momentum_theory, or pass path=...")
    table = _standardise(_parse_airfoil(raw, f"airfoil data {where}"))[:AIRFOIL_ROWS]
    if verified:
        source = f"airfoil self-noise (UCI), {AIRFOIL_ROWS} rows, SHA-1 verified"
    else:
        source = (f"airfoil-format file {found.name}, {AIRFOIL_ROWS} rows "
                  "(SHA-1 differs: not the canonical UCI file)")
    return Dataset(table[:, :-1].copy(), table[:, -1].copy(), source, verified, str(found))


def make_regression_data(n=AIRFOIL_ROWS, d=5, noise=1.0, seed=0) -> Dataset:
    r"""A deterministic synthetic linear-regression set, standardised like the airfoil data.

    Parameters
    ----------
    n, d : int
        Examples and features (default: the airfoil experiment's 1500 x 5).
    noise : float
        Standard deviation of the Gaussian noise on the target, relative to
        that of the noiseless signal ``X w``. The default 1 explains half the
        variance, so the least-squares floor of the mean
        :math:`\tfrac12(\hat y - y)^2` is near 0.25, like the airfoil
        data's 0.2417.
    seed : int
        Seed of :func:`numpy.random.default_rng`.

    Returns
    -------
    Dataset
        ``verified`` is None; ``source`` names the generator and its arguments.

    Notes
    -----
    Features are correlated Gaussians (a random mixing of independent ones)
    so that, as with real data, the problem is not perfectly conditioned.
    Every column, the target included, is then standardised with the
    population standard deviation.

    Examples
    --------
    >>> data = make_regression_data()
    >>> data.features.shape, data.targets.shape
    ((1500, 5), (1500,))
    >>> data.source
    'synthetic regression (n=1500, d=5, noise=1, seed=0)'
    >>> bool(abs(data.features.std(axis=0) - 1).max() < 1e-12)
    True
    """
    n = _v.count(n, "n", minimum=2)
    d = _v.count(d, "d", minimum=1)
    noise = _v.real_scalar(noise, "noise")
    if noise < 0:
        raise ValueError(f"noise must be >= 0, got {noise}")
    seed = _v.count(seed, "seed")
    rng = np.random.default_rng(seed)
    mixing = np.eye(d) + 0.5 * rng.standard_normal((d, d)) / np.sqrt(d)
    X = rng.standard_normal((n, d)) @ mixing
    w = rng.standard_normal(d)
    signal = X @ w
    y = signal + noise * signal.std() * rng.standard_normal(n)
    table = _standardise(np.column_stack([X, y]))
    source = f"synthetic regression (n={n}, d={d}, noise={noise:g}, seed={seed})"
    return Dataset(table[:, :-1].copy(), table[:, -1].copy(), source, None)


def default_dataset() -> Dataset:
    """The airfoil data if it can be found without downloading, else the synthetic set.

    With the package's copy installed this is the airfoil data; the
    synthetic set is the fallback for an install without it.

    Returns
    -------
    Dataset
        Its ``source`` says which one it is. A file that is named (by
        ``MOMENTUM_THEORY_AIRFOIL``) but missing, or found but unreadable,
        raises rather than being silently replaced.

    Examples
    --------
    >>> data = default_dataset()
    >>> data.source
    'airfoil self-noise (UCI), 1500 rows, SHA-1 verified'

    """
    try:
        return load_airfoil(download=False)
    except _NowhereFound:
        return make_regression_data()


#: The ``--data`` word (and ``select_dataset`` argument) that asks for the synthetic set.
SYNTHETIC = "synthetic"


def select_dataset(source=None) -> Dataset:
    """The dataset a ``--data`` option names: the default, the synthetic set, or a file.

    Parameters
    ----------
    source : str, os.PathLike or None
        None: :func:`default_dataset` (the package's airfoil copy on a normal
        install); the word ``"synthetic"``: :func:`make_regression_data`, the
        deterministic synthetic set; anything else: a path for
        :func:`load_airfoil`. A file that happens to be called ``synthetic``
        is reached as ``./synthetic``.

    Returns
    -------
    Dataset

    Raises
    ------
    ValueError
        An empty string, or a file that is not in the airfoil format.
    TypeError
        A source that is neither a string nor a path.
    OSError
        A file that cannot be read.

    Examples
    --------
    >>> select_dataset("synthetic").source
    'synthetic regression (n=1500, d=5, noise=1, seed=0)'
    >>> select_dataset().features.shape
    (1500, 5)
    """
    if source is None:
        return default_dataset()
    if isinstance(source, str) and source == SYNTHETIC:
        return make_regression_data()
    if not isinstance(source, (str, os.PathLike)):
        raise TypeError(f"source must be None, {SYNTHETIC!r} or a path, got {type(source).__name__}")
    if str(source) == "":
        raise ValueError(f"source must be None, {SYNTHETIC!r} or a path, got an empty string")
    return load_airfoil(source)
