r"""Quadratics vs general smooth strongly convex functions: where the quadratic theory stops.

=================================  ==========================================
:func:`general_class_plot`         worst :math:`\|x_n-x^*\|^2/\|x_0-x^*\|^2`
                                   over ``n``: solid on quadratics (exact),
                                   dashed on smooth strongly convex
                                   functions (PEPit), one colour per tuning
=================================  ==========================================

The numbers come from
:func:`momentum_theory.methods.general_class_comparison` (which needs the
extra ``momentum_theory[pep]``); this module only draws them.
"""
from __future__ import annotations

import numpy as np
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator

from momentum_theory.plots import _axes as _shared

__all__ = ["general_class_plot"]

_COLOURS = ("tab:gray", "tab:red", "tab:blue", "tab:orange", "tab:green",
            "tab:purple", "tab:brown", "tab:pink", "tab:olive", "tab:cyan")


def general_class_plot(data, ax=None, *, legend=True, **kwargs):
    r"""Draw a :class:`~momentum_theory.methods.ClassComparison`: worst case over ``n``, log scale.

    Solid lines: the exact worst case on quadratics (every ``n``); dashed
    lines with dots: PEPit's worst case over :math:`L`-smooth,
    :math:`\mu`-strongly convex functions at the PEPs' horizons; a hollow dot
    is an SDP answer the solver did not report as ``"optimal"``. The grey
    line is ratio 1: a dashed curve above it has not contracted.

    Parameters
    ----------
    data : momentum_theory.methods.ClassComparison
        From :func:`momentum_theory.methods.general_class_comparison`.
    ax : matplotlib.axes.Axes, optional
        Where to draw (a new figure if None).
    legend : bool
        Draw the legend (tunings by colour, classes by line style).
    **kwargs
        Passed to every ``ax.plot`` of the curves (e.g. ``linewidth``).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from momentum_theory.methods import general_class_comparison
    >>> data = general_class_comparison(kappa=25.0, n_max=2)
    >>> ax = general_class_plot(data)
    >>> ax.get_yscale(), len(ax.get_lines())      # 5 tunings x 2 classes, and ratio 1
    ('log', 11)
    """
    from momentum_theory.methods import ClassComparison

    if not isinstance(data, ClassComparison):
        raise TypeError(f"data must be a ClassComparison (methods.general_class_comparison), "
                        f"got {type(data).__name__}")
    legend = _shared.flag(legend, "legend")
    ax = _shared.axes_or_new(ax, figsize=(7.0, 4.6))
    tiny = np.finfo(float).tiny
    handles, any_loose = [], False
    for i, curve in enumerate(data.curves):
        colour = _COLOURS[i % len(_COLOURS)]
        n = np.arange(curve.quadratic.size)
        ax.plot(n, np.maximum(curve.quadratic, tiny),
                **_shared.styled(dict(color=colour, linestyle="-", linewidth=1.8), kwargs))
        # n = 0: the ratio is 1 on every class; the dashed curve starts there too.
        ns, general = curve.ns, curve.general
        if ns.size and ns[0] > 0:
            ns, general = np.concatenate([[0], ns]), np.concatenate([[1.0], general])
        ax.plot(ns, general,
                **_shared.styled(dict(color=colour, linestyle="--", linewidth=1.8, marker="o",
                                      markersize=3.5), kwargs))
        loose = np.array([s != "optimal" for s in curve.status], dtype=bool)
        if loose.any():
            any_loose = True
            ax.scatter(curve.ns[loose], curve.general[loose], s=40, facecolors="white",
                       edgecolors=colour, zorder=3)
        handles.append(Line2D([], [], color=colour, linewidth=2.5, label=curve.label))
    ax.axhline(1.0, color="0.5", linewidth=0.8, zorder=0)
    ax.set_yscale("log")
    ax.set_xlim(0, data.n_max)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("horizon $n$")
    ax.set_ylabel(r"worst $\|x_n - x^*\|^2 / \|x_0 - x^*\|^2$")
    ax.set_title(rf"Quadratics vs smooth strongly convex functions, $\kappa = {data.kappa:g}$")
    if legend:
        handles += [Line2D([], [], color="0.2", linestyle="-", label="quadratics (exact)"),
                    Line2D([], [], color="0.2", linestyle="--", marker="o", markersize=3.5,
                           label="smooth strongly convex (PEPit)")]
        if any_loose:
            handles.append(Line2D([], [], color="0.2", linestyle="none", marker="o",
                                  markerfacecolor="white", label="solver not \"optimal\""))
        ax.legend(handles=handles, fontsize="small", loc="lower left", framealpha=0.9)
    return ax
