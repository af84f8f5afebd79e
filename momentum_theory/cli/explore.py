"""``momentum-theory explore``: write the interactive explorer page (one self-contained HTML file)."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from momentum_theory.cli._common import CommandError, _one_line


def _target(path: str, force: bool) -> Path:
    """Check ``--out FILE`` before any work: a file we may create or, with ``--force``, replace."""
    if not path:
        raise CommandError("--out needs a file name, got an empty string", status=2)
    target = Path(path)
    if os.path.lexists(target):
        if target.is_dir():
            raise CommandError(f"{target} is a folder; --out needs a file name, "
                               f"e.g. {target / 'momentum-explorer.html'}")
        if not target.is_file():
            raise CommandError(f"{target} is not a regular file; --out only replaces regular files")
        if not force:
            raise CommandError(f"{target} exists; pass --force to overwrite it")
    folder = target.parent
    if not folder.exists():
        raise CommandError(f"folder {folder} does not exist")
    if not folder.is_dir():
        raise CommandError(f"{folder} is not a folder")
    return target


def _write(target: Path, text: str) -> None:
    """Write through a temporary file in the same folder, so a failure leaves no half page."""
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _cmd_explore(args) -> int:
    from momentum_theory import methods

    if args.method not in methods.available():
        raise CommandError(f"--method {args.method!r} is not a registered method; choose one of "
                           f"{', '.join(methods.available())}", status=2)
    target = _target(args.out, args.force)
    from momentum_theory import explorer

    text = explorer.page(args.method)
    try:
        _write(target, text)
    except OSError as exc:
        raise CommandError(f"cannot write {target}: {_one_line(exc)}") from None
    print(f"wrote {target} ({len(text.encode('utf-8')) // 1024} KiB; open it in a browser, "
          f"add #selftest to the address to check it)")
    if args.open:
        import webbrowser

        if not webbrowser.open(target.resolve().as_uri()):
            print("no web browser could be started; open the file by hand")
    return 0


def add_parser(sub) -> None:
    """Register ``explore`` on the subcommand table ``sub``."""
    p = sub.add_parser("explore", help="write the interactive explorer (one self-contained HTML page)")
    p.add_argument("--out", default="momentum-explorer.html", metavar="FILE",
                   help="the page to write (default momentum-explorer.html)")
    p.add_argument("--method", default="heavy_ball", metavar="NAME",
                   help="the method the page opens with (default heavy_ball; every registered "
                        "method can be chosen in the page): gd, heavy_ball, nesterov, two_step, "
                        "qhm, triple_momentum")
    p.add_argument("--open", action="store_true", help="open the page in a web browser")
    p.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    p.set_defaults(func=_cmd_explore)
