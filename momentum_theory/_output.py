"""Writing files and folders so that nothing a user has is lost (private).

One home for everything the writing commands (``report``, ``figures``,
``exercises``) share:

- **Atomic files.** :func:`atomic_file` writes to a temporary name in the
  target's folder and renames it into place, so a reader (or a rerun after a
  kill) sees the old file or the complete new one, never a truncated one.
- **Manifests.** A writer records what it wrote, with SHA-256 digests, in a
  small JSON file (:class:`Manifest`); ``--force`` replaces only files listed
  there whose content is unchanged. Anything else is *foreign* and is never
  replaced or deleted.
- **Folder swaps.** :func:`swap_folder` puts a folder built beside the target
  in its place: old moved aside, new renamed in, old removed last, after
  re-checking that the target did not change meanwhile.
- **Stale leftovers.** Temporary names carry a host tag and the process id
  (``.NAME-partial-HOST-PID-XXXXXX``, ``.NAME.old-…``, ``.NAME.trash-…``);
  :func:`clean_stale` removes those of processes on this host that no longer
  run, and restores a previous folder stranded between the two renames.
- **Signals.** :func:`interrupts_raise` turns SIGINT and SIGTERM into
  :class:`Interrupted` (exit status 128 + signal number);
  :func:`signals_deferred` holds them back over a few renames that must not
  be separated.

POSIX semantics are assumed throughout (rename of a folder onto a non-empty
folder fails; ``kill(pid, 0)`` tells whether a process runs; signals).
"""
from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import threading
import time
from contextlib import contextmanager, suppress
from pathlib import Path

# Private: no __all__; the package's writers import what they use by name.

_HOST = hashlib.sha1(socket.gethostname().encode("utf-8", "replace")).hexdigest()[:6]
_AUX = re.compile(r"^\.(?P<name>.+)(?P<kind>-partial|\.old|\.trash)"
                  r"-(?P<host>[0-9a-f]{6})-(?P<pid>[0-9]+)-[0-9a-f]{6}$")
_MANIFEST_FORMAT = 1


# --------------------------------------------------------------------------- errors

class Interrupted(BaseException):
    """SIGINT or SIGTERM arrived; ``exit_code`` is 128 + the signal number.

    A :class:`BaseException`, like :class:`KeyboardInterrupt`, so that
    ``except Exception`` blocks in the computations do not swallow it.
    """

    def __init__(self, signum):
        self.signum = int(signum)
        self.name = signal.Signals(self.signum).name
        self.exit_code = 128 + self.signum
        super().__init__(f"interrupted by {self.name}")


class OutputConflict(FileExistsError):
    """The target holds something this run must not replace.

    ``paths`` names what is in the way; ``kept`` is where a finished build
    was left when the conflict was found only at the end (else ``None``).
    """

    def __init__(self, message, *, paths=(), kept=None, cli=None):
        super().__init__(message)
        self.paths = list(paths)
        self.kept = kept
        if cli is not None:
            self.cli_message = cli


def cli_message(exc) -> str:
    """The one-line message for the command line: CLI words when the error has them."""
    text = getattr(exc, "cli_message", None) or str(exc)
    return " ".join(str(text).split())


def describe(paths, limit=6) -> str:
    """``a, b, c and 4 more``: a short list of names for a one-line message."""
    names = [str(p) for p in paths]
    if len(names) <= limit:
        return ", ".join(names)
    return ", ".join(names[:limit]) + f" and {len(names) - limit} more"


# --------------------------------------------------------------------------- names, processes

def _token() -> str:
    return f"{_HOST}-{os.getpid()}-{secrets.token_hex(3)}"


def _aux_path(target: Path, kind: str) -> Path:
    return target.with_name(f".{target.name}{kind}-{_token()}")


def pid_alive(pid: int) -> bool:
    """Whether a process with this id runs on this host (POSIX ``kill(pid, 0)``).

    Elsewhere every process counts as alive, so nothing is ever cleaned up
    (on Windows ``os.kill`` would end the process instead of probing it).
    """
    if os.name != "posix":
        return True
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # EPERM: it runs, as another user
        return True
    return True


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with suppress(FileNotFoundError):
            path.unlink()


def clean_stale(folder, names=None, kind=None) -> list[str]:
    """Remove what killed runs of this program left in ``folder``; return notes.

    Only entries named by :func:`make_partial_folder`, :func:`atomic_file` or
    :func:`swap_folder` whose process (on this host) is gone are touched:
    partial files and folders are deleted; a previous folder stranded as
    ``.NAME.old-…`` is renamed back to ``NAME`` when ``NAME`` is missing (the
    run died between its two renames), and deleted otherwise (the new one is
    in place) unless ``kind`` is given and it holds files its manifest of
    that kind does not list. ``names`` limits the clean-up to these target
    names.
    """
    folder = Path(folder)
    notes = []
    try:
        entries = sorted(os.listdir(folder))
    except OSError:
        return notes
    for entry in entries:
        match = _AUX.match(entry)
        if not match or match["host"] != _HOST or pid_alive(int(match["pid"])):
            continue
        if names is not None and match["name"] not in names:
            continue
        path = folder / entry
        target = folder / match["name"]
        if match["kind"] == ".old" and not os.path.lexists(target):
            try:
                os.rename(path, target)
            except OSError:
                continue
            notes.append(f"restored {target} from {entry}, left by an interrupted run")
            continue
        if match["kind"] == ".old" and kind is not None:
            manifest = Manifest.load(path, kind)
            if manifest is None or manifest.foreign():
                notes.append(f"left {entry} in place: it holds files no {kind} wrote")
                continue
        _remove(path)
        notes.append(f"removed {entry}, left by an interrupted run")
    return notes


# --------------------------------------------------------------------------- signals

def _in_main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


_SIGNALS = tuple(s for s in (getattr(signal, "SIGINT", None), getattr(signal, "SIGTERM", None))
                 if s is not None)


@contextmanager
def interrupts_raise():
    """While active, SIGINT and SIGTERM raise :class:`Interrupted` in the main thread.

    Previous handlers are restored on exit. Outside the main thread this does
    nothing (Python delivers signals to the main thread only).
    """
    if not _in_main_thread():
        yield
        return

    def handler(signum, frame):
        raise Interrupted(signum)

    previous = {s: signal.signal(s, handler) for s in _SIGNALS}
    try:
        yield
    finally:
        for s, h in previous.items():
            signal.signal(s, h)


class _Pending:
    signum = None


@contextmanager
def signals_deferred():
    """Hold SIGINT and SIGTERM back; deliver the first one to the previous handler on exit.

    Yields an object whose ``signum`` is the signal received so far (or
    ``None``), so that code can abandon its work at a safe point.
    """
    pending = _Pending()
    if not _in_main_thread():
        yield pending
        return

    def record(signum, frame):
        if pending.signum is None and previous.get(signum) is not signal.SIG_IGN:
            pending.signum = signum

    previous = {}
    for s in _SIGNALS:
        previous[s] = signal.signal(s, record)
    try:
        yield pending
    finally:
        for s, h in previous.items():
            signal.signal(s, h)
        if pending.signum is not None:
            signal.raise_signal(pending.signum)


# --------------------------------------------------------------------------- files

def file_digest(path) -> str:
    """SHA-256 of a file, hex."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _publish(tmp: Path, target: Path, replace: bool) -> None:
    if replace:
        os.replace(tmp, target)
        return
    try:
        os.link(tmp, target)  # fails if target exists: no clobbering, atomically
    except FileExistsError:
        raise
    except OSError:  # no hard links here (some network or FAT file systems)
        if os.path.lexists(target):
            raise FileExistsError(errno.EEXIST, "File exists", str(target)) from None
        os.replace(tmp, target)
        return
    os.unlink(tmp)


@contextmanager
def atomic_file(target, *, replace=True, before_publish=None):
    """Yield a binary file; when the block ends normally it appears at ``target`` whole.

    The data goes to ``.NAME-partial-HOST-PID-XXXXXX`` beside ``target``
    (created with the mode an ordinary ``open`` would give), is flushed to
    disk, and is renamed into place. On any exception, interrupts included,
    the temporary file is removed and ``target`` is untouched.

    Parameters
    ----------
    target : path
    replace : bool
        Replace an existing ``target``; if false, an existing one (even one
        created while writing) raises :class:`FileExistsError`.
    before_publish : callable, optional
        Called with the temporary path just before the rename (to record it
        in a manifest, or to re-check the target).
    """
    target = Path(target)
    tmp = _aux_path(target, "-partial")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(tmp, flags, 0o666)
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        if before_publish is not None:
            before_publish(tmp)
        _publish(tmp, target, replace)
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp)
        raise


def atomic_write_text(target, text, *, replace=True) -> Path:
    """Write UTF-8 text to ``target`` atomically (see :func:`atomic_file`)."""
    with atomic_file(target, replace=replace) as fh:
        fh.write(text.encode("utf-8"))
    return Path(target)


# --------------------------------------------------------------------------- manifests

class Manifest:
    """The files a writer put in a folder, with their SHA-256 digests.

    Stored as ``FOLDER/.momentum-KIND.json``::

        {"tool": "momentum-theory", "kind": "report", "format": 1,
         "run": "<random id of the run>", "written": "<UTC time>", "dirs": ["figures"],
         "files": {"README.md": ["<sha256>"], "figures/x.png": ["<sha256>"]}}

    A path may list two digests while a file is being replaced (old and new),
    so that a run killed at any instant leaves a manifest that accepts what
    is on disk.
    """

    def __init__(self, folder, kind, files=None, run=None, dirs=()):
        self.folder = Path(folder)
        self.kind = kind
        self.files = {k: list(v) for k, v in (files or {}).items()}
        self.dirs = set(dirs)
        self.run = run or secrets.token_hex(8)

    @staticmethod
    def filename(kind) -> str:
        return f".momentum-{kind}.json"

    @property
    def path(self) -> Path:
        return self.folder / self.filename(self.kind)

    @classmethod
    def load(cls, folder, kind):
        """The manifest in ``folder``, or ``None`` when there is none (or it is unreadable)."""
        path = Path(folder) / cls.filename(kind)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        files = data.get("files") if isinstance(data, dict) else None
        if (data.get("tool") != "momentum-theory" or data.get("kind") != kind
                or not isinstance(files, dict)):
            return None
        clean = {k: [d for d in v if isinstance(d, str)] for k, v in files.items()
                 if isinstance(k, str) and isinstance(v, list)}
        dirs = [d for d in data.get("dirs", []) if isinstance(d, str)]
        return cls(folder, kind, clean, run=str(data.get("run")), dirs=dirs)

    @classmethod
    def of_folder(cls, folder, kind):
        """A manifest listing every regular file under ``folder`` (a finished build)."""
        folder = Path(folder)
        files, dirs = {}, []
        for dirpath, dirnames, filenames in os.walk(folder):
            dirs += [(Path(dirpath) / d).relative_to(folder).as_posix() for d in dirnames]
            for name in filenames:
                path = Path(dirpath) / name
                rel = path.relative_to(folder).as_posix()
                if rel != cls.filename(kind):
                    files[rel] = [file_digest(path)]
        return cls(folder, kind, files, dirs=dirs)

    def save(self) -> None:
        data = {"tool": "momentum-theory", "kind": self.kind, "format": _MANIFEST_FORMAT,
                "run": self.run, "written": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                "dirs": sorted(self.dirs), "files": {k: self.files[k] for k in sorted(self.files)}}
        atomic_write_text(self.path, json.dumps(data, indent=1) + "\n")

    def owns(self, rel, path) -> bool:
        """Whether ``path`` (at ``rel`` in the folder) is a regular file this manifest lists unchanged."""
        digests = self.files.get(rel)
        if not digests or path.is_symlink() or not path.is_file():
            return False
        try:
            return file_digest(path) in digests
        except OSError:
            return False

    def foreign(self, folder=None) -> list[str]:
        """What ``folder`` (default: the manifest's) holds that this manifest does not account for.

        Files not listed or changed since, symbolic links, and folders that
        hold no listed file. Folders are named with a trailing ``/``.
        """
        root = Path(folder) if folder is not None else self.folder
        listed_dirs = {p.rsplit("/", 1)[0] for p in self.files if "/" in p} | self.dirs
        listed_dirs |= {"/".join(d.split("/")[:i]) for d in set(listed_dirs)
                        for i in range(1, d.count("/") + 1)}
        found = []
        for dirpath, dirnames, filenames in os.walk(root):
            base = Path(dirpath)
            for name in sorted(dirnames):
                rel = (base / name).relative_to(root).as_posix()
                if (base / name).is_symlink() or rel not in listed_dirs:
                    found.append(rel + "/")
            dirnames[:] = [d for d in dirnames
                           if (base / d).relative_to(root).as_posix() in listed_dirs
                           and not (base / d).is_symlink()]
            for name in sorted(filenames):
                path = base / name
                rel = path.relative_to(root).as_posix()
                if rel == self.filename(self.kind):
                    continue
                if not self.owns(rel, path):
                    found.append(rel + (" (changed)" if rel in self.files else ""))
        return sorted(found)


def foreign_without_manifest(folder) -> list[str]:
    """Everything at the top of ``folder`` (nothing is accounted for without a manifest)."""
    return sorted(p.name + ("/" if p.is_dir() and not p.is_symlink() else "")
                  for p in Path(folder).iterdir())


# --------------------------------------------------------------------------- folders

def make_partial_folder(target) -> Path:
    """Create ``.NAME-partial-HOST-PID-XXXXXX`` beside ``target`` with an ordinary mkdir's mode.

    :func:`tempfile.mkdtemp` makes 0700 folders, which renamed into place
    would hide the report from everyone else; here the mode is
    ``0o777 & ~umask`` like ``mkdir``.
    """
    target = Path(target)
    while True:
        path = _aux_path(target, "-partial")
        try:
            os.mkdir(path)  # mode 0o777, the umask applies
        except FileExistsError:
            continue
        return path


def _keep_aside(build: Path, target: Path) -> Path:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for i in range(1000):
        aside = target.with_name(f"{target.name}.new-{stamp}" + (f"-{i}" if i else ""))
        if not os.path.lexists(aside):
            try:
                os.rename(build, aside)
            except OSError as exc:
                if exc.errno in (errno.EEXIST, errno.ENOTEMPTY):
                    continue
                return build
            return aside
    return build


def target_state(target, kind):
    """What is at ``target`` now: ``("absent", None)``, ``("empty", None)``,
    ``("ours", run_id)`` or ``("foreign", [names])``; a non-folder raises NotADirectoryError."""
    target = Path(target)
    if not os.path.lexists(target):
        return "absent", None
    if target.is_symlink() or not target.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, "not a folder", str(target))
    if not any(target.iterdir()):
        return "empty", None
    manifest = Manifest.load(target, kind)
    if manifest is None:
        return "foreign", foreign_without_manifest(target)
    foreign = manifest.foreign()
    if foreign:
        return "foreign", foreign
    return "ours", manifest.run


def swap_folder(build, target, kind, expected, what="output"):
    """Put the finished folder ``build`` at ``target``; the old one is removed last.

    ``expected`` is :func:`target_state` as seen before the build started.
    The target is checked again here: if it gained files that the previous
    run did not write, or another run put its output there first, nothing is
    replaced, ``build`` is renamed to ``NAME.new-YYYYmmdd-HHMMSS`` beside the
    target and :class:`OutputConflict` names it. SIGINT/SIGTERM are held back
    over the renames; one that arrives before the new folder is in place
    undoes the first rename, so an interrupted run changes nothing.

    Returns
    -------
    bool
        True when the new folder is in place.
    """
    build, target = Path(build), Path(target)

    def conflict(reason, paths=()):
        kept = _keep_aside(build, target)
        message = f"{target} {reason}; nothing was replaced and the new {what} is in {kept}"
        raise OutputConflict(message, paths=paths, kept=kept)

    with signals_deferred() as pending:
        try:
            state, detail = target_state(target, kind)
        except NotADirectoryError:
            conflict("was replaced by something that is not a folder while the "
                     f"{what} was built")
        if state == "foreign":
            conflict(f"gained files the {what} did not write while it was built "
                     f"({describe(detail)})", detail)
        if state == "ours" and expected != ("ours", detail):
            conflict(f"received another run's {what} while this one was built")
        if pending.signum is not None:
            return False
        if state in ("absent", "empty"):
            try:
                os.rename(build, target)  # fails if target is a non-empty folder by now
            except OSError as exc:
                if exc.errno in (errno.ENOTEMPTY, errno.EEXIST, errno.ENOTDIR, errno.EISDIR):
                    conflict(f"was filled by another run or user while the {what} was built")
                raise
            return True
        old = _aux_path(target, ".old")
        os.rename(target, old)
        # The old folder can no longer change under its hidden name: check it once more.
        late = Manifest.load(old, kind)
        late = late.foreign() if late is not None else foreign_without_manifest(old)
        if late or pending.signum is not None:
            os.rename(old, target)
            if late:
                conflict(f"gained files the {what} did not write while it was built "
                         f"({describe(late)})", late)
            return False
        try:
            os.rename(build, target)
        except OSError:
            # someone created target between the renames: leave both where they can be found
            if not os.path.lexists(target):
                os.rename(old, target)
                raise
            kept_old = _keep_aside(old, target.with_name(target.name + ".previous"))
            conflict(f"was created by another run or user during the swap (the previous "
                     f"{what} is in {kept_old})")
        trash = _aux_path(target, ".trash")
        os.rename(old, trash)
        shutil.rmtree(trash, ignore_errors=True)
        return True


# --------------------------------------------------------------------------- command line

def ensure_folder(path, option="--out") -> Path:
    """Create ``path`` (with parents) like ``mkdir -p``; one-line errors in CLI words."""
    path = Path(path)
    if os.path.lexists(path) and not path.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, f"{option} {path} exists and is not a folder")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        error = OSError(exc.errno, exc.strerror)
        error.cli_message = f"cannot create {option} {path}: {exc.strerror}"
        raise error from None
    return path


def oserror_line(exc) -> str:
    """One line for an :class:`OSError` (its CLI message, else reason and file)."""
    if getattr(exc, "cli_message", None):
        return cli_message(exc)
    if isinstance(exc, OSError) and exc.strerror:
        where = f": {exc.filename}" if exc.filename else ""
        return " ".join(f"{exc.strerror}{where}".split())
    return cli_message(exc)


def interrupted_exit(command, exc, note) -> int:
    """Print the one line for an interrupted command and return 128 + signal number."""
    for s in _SIGNALS:  # a second Ctrl-C must not turn the exit into a traceback
        with suppress(ValueError, OSError):
            signal.signal(s, signal.SIG_IGN)
    if isinstance(exc, Interrupted):
        name, code = exc.name, exc.exit_code
        note = getattr(exc, "note", None) or note
    else:  # a KeyboardInterrupt from Python's own handler
        name, code = "SIGINT", 128 + int(signal.SIGINT)
    import sys

    print(f"momentum-theory {command}: interrupted by {name}; {note}", file=sys.stderr, flush=True)
    return code
