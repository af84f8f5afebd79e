"""``momentum-theory explore``: write the interactive explorer page (one self-contained HTML file)."""
from __future__ import annotations

from momentum_theory import _output
from momentum_theory.cli._common import CommandError, _new_file, _one_line, _parent_folder


def _cmd_explore(args) -> int:
    from momentum_theory import methods

    if args.method not in methods.available():
        raise CommandError(f"--method {args.method!r} is not a registered method; choose one of "
                           f"{', '.join(methods.available())}", status=2)
    target = _new_file(args.out, args.force, "--out", "momentum-explorer.html")
    _parent_folder(target)
    from momentum_theory import explorer

    text = explorer.page(args.method)
    try:
        _output.atomic_write_text(target, text, replace=args.force)
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
