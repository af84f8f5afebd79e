"""``momentum-theory region``: derive a method's stability region, confirm it on a grid, draw it.

``--method NAME`` picks a registered method record (default heavy ball, whose
output is the chapter's: ``symbolic.momentum_region`` and root-found edges);
``--param NAME=VALUE`` fixes the parameters after the first, which is the
map's second axis. Values are parsed as floats, never evaluated.
"""
from __future__ import annotations

import argparse
import os
from pathlib import Path

from momentum_theory.cli._common import CommandError, _new_file, _one_line, _parent_folder

#: Largest ``region --grid``: 5000 x 5000 = 25 million points.
MAX_GRID = 5000
# Peak memory of spectral.confirm_region per grid point, measured with
# tracemalloc at n = 2000 (42 bytes; 51 at n = 1000, where fixed costs weigh more).
_BYTES_PER_GRID_POINT = 42
# Formats matplotlib writes without extra software; the suffix of --plot picks one.
_PLOT_FORMATS = ("png", "svg", "pdf", "eps", "ps")


def _gib(size: float) -> str:
    return f"{size / 2**30:,.1f} GiB" if size >= 2**29 else f"{size / 2**20:,.0f} MiB"


def _grid_size(text: str) -> int:
    """argparse type of ``region --grid``: a whole number from 2 to :data:`MAX_GRID`."""
    try:
        n = int(text)
    except ValueError:
        n = None
    if n is None or n < 2:
        raise argparse.ArgumentTypeError(f"must be a whole number from 2 to {MAX_GRID}, got {text!r}")
    if n > MAX_GRID:
        need = n * n * _BYTES_PER_GRID_POINT
        raise argparse.ArgumentTypeError(
            f"{n} asks for {n * n:,} grid points, about {_gib(need)} of memory "
            f"({_BYTES_PER_GRID_POINT} bytes a point); at most {MAX_GRID} is allowed "
            f"({MAX_GRID ** 2:,} points, about {_gib(MAX_GRID ** 2 * _BYTES_PER_GRID_POINT)})")
    return n


def _writable_file(path: str, force: bool) -> Path:
    """Check ``--plot FILE`` before any work: a file name we can create or, with force, replace."""
    import tempfile

    target = _new_file(path, force, "--plot", "region.png")
    if target.suffix.lower().lstrip(".") not in _PLOT_FORMATS:
        raise CommandError(f"--plot {path}: the file name must end in "
                           f"{', '.join('.' + f for f in _PLOT_FORMATS)} (it picks the format)",
                           status=2)
    folder = _parent_folder(target)
    try:  # the one sure test that a file can be created there
        fd, probe = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".probe")
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        reason = exc.strerror or _one_line(exc)
        raise CommandError(f"cannot create files in folder {folder}: {reason}") from None
    return target


def _save_plot(fig, target: Path) -> None:
    """Write the figure beside ``target`` and rename it into place: the old file or the new one."""
    import tempfile

    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    os.close(fd)
    try:
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)  # as open() would have made it, not mkstemp's 0600
        fig.savefig(tmp, format=target.suffix.lower().lstrip("."), dpi=150)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _param(text: str):
    """argparse type of ``--param NAME=VALUE``: a name and a float (parsed, never evaluated)."""
    name, sep, value = text.partition("=")
    name = name.strip()
    if not sep or not name.isidentifier():
        raise argparse.ArgumentTypeError(f"must be NAME=VALUE such as beta=0.5, got {text!r}")
    try:
        number = float(value)
    except ValueError:
        number = None
    if number is None or number != number or number in (float("inf"), float("-inf")):
        raise argparse.ArgumentTypeError(f"{name}: the value must be a finite number, "
                                         f"got {value!r}")
    return name, number


def _record_and_params(args):
    """The method record and the fixed parameters, refused with one line (status 2) if wrong."""
    from momentum_theory import methods

    names = methods.available()
    if args.method not in names:
        raise CommandError(f"--method {args.method!r}: no such method; available: "
                           f"{', '.join(names)}", status=2)
    record = methods.get(args.method)
    fixed = {}
    for name, value in args.param or ():
        if name in fixed:
            raise CommandError(f"--param {name} is given twice", status=2)
        if name not in record.params:
            raise CommandError(f"--param {name}: {record.name} has no parameter {name!r}; "
                               f"its parameters: {', '.join(record.params) or '(none)'}",
                               status=2)
        if name == record.params[0]:
            others = ", ".join(record.params[1:]) or "(none)"
            raise CommandError(f"--param {name}: {name} is the map's second axis; --param fixes "
                               f"the others ({others})", status=2)
        fixed[name] = value
    return record, fixed


def _chapter_region(args, target) -> int:
    """Heavy ball, the chapter's method: its own derivation, grid check and root-found edges."""
    from momentum_theory import comparisons, spectral, symbolic

    region = symbolic.momentum_region()
    print("Momentum (heavy ball) converges on a quadratic with curvature lambda iff")
    print()
    print(region.pretty())
    print()
    print("LaTeX:", region.latex())
    print()
    check = spectral.confirm_region(n=args.grid)
    print("Numeric confirmation:", check.summary())
    print("Upper edge found by root finding on rho(R) = 1 (vs derived 2 + 2*beta):")
    for c in comparisons.edge_comparison([0.0, 0.25, 0.5, 0.9]):
        print(f"  beta = {c.beta:<4}  eta*lambda* = {c.found:.12f}   derived {c.derived:.12f}")
    if target is not None:
        from momentum_theory import figures  # a Figure of its own: no pyplot state to close

        _save_plot(figures.stability_region_figure(), target)
        print(f"wrote {target}")
    return 0 if check.agreement == 1.0 else 1


# A method whose chapter has a richer view than the record's: the default
# command (heavy ball) prints what it always printed.
_CHAPTER_VIEWS = {"heavy_ball": _chapter_region}


def _cmd_region(args) -> int:
    record, fixed = _record_and_params(args)
    target = _writable_file(args.plot, args.force) if args.plot is not None else None
    view = _CHAPTER_VIEWS.get(record.name)
    if view is not None:
        return view(args, target)
    from momentum_theory import comparisons

    region = record.region()
    print(f"{record.name} ({record.description}) converges on a quadratic with curvature "
          f"lambda iff")
    print()
    print(region.pretty())
    print()
    print("LaTeX:", region.latex())
    print()
    check = comparisons.method_map(record, n=args.grid, fixed=fixed)
    where = ", ".join(f"{k} = {v:g}" for k, v in check.fixed.items())
    axes = "eta*lambda" + (f" x {check.axis} in [{check.values[0]:g}, {check.values[-1]:g}]"
                           if check.axis else "")
    print(f"Grid: {axes}, eta*lambda up to {check.eta_lambda[-1]:g}"
          + (f"; fixed {where}" if where else ""))
    print("Numeric confirmation (derived region vs spectral radius < 1):", check.summary())
    if target is not None:
        from momentum_theory import figures

        _save_plot(figures.method_regions_figure([record], fixed={record.name: fixed}), target)
        print(f"wrote {target}")
    return 0 if check.agreement == 1.0 else 1


def add_parser(sub) -> None:
    p = sub.add_parser("region", help="derive and confirm a method's stability region")
    p.add_argument("--method", default="heavy_ball", metavar="NAME",
                   help="a registered method (default heavy_ball): gd, heavy_ball, nesterov, "
                        "two_step, qhm, triple_momentum")
    p.add_argument("--param", action="append", type=_param, metavar="NAME=VALUE",
                   help="fix a parameter other than the map's axis (the method's first "
                        "parameter); repeatable; default the method's defaults")
    p.add_argument("--plot", metavar="FILE",
                   help="also write the stability-region picture (.png, .svg, .pdf, .eps, .ps)")
    p.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    p.add_argument("--grid", type=_grid_size, default=1000, metavar="N",
                   help=f"grid points per axis, 2 to {MAX_GRID} (default 1000; memory grows "
                        f"as N^2, about {_BYTES_PER_GRID_POINT} bytes a point)")
    p.set_defaults(func=_cmd_region)
