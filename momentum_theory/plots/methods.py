r"""Pictures of method records side by side: any registered method, no per-method code.

=============================  ===============================================
:func:`method_regions`         small multiples: each method's spectral radius
                               over (ηλ, its first parameter), the derived
                               region's edge drawn on top
=============================  ===============================================

The numbers come from :func:`momentum_theory.comparisons.method_map`; a
method is drawn from its record alone (its ``params``, ``defaults``,
``spectral_radius`` and ``region()``).
"""
from __future__ import annotations

import math

import matplotlib
import matplotlib.lines
import numpy as np
from matplotlib.axes import Axes
from matplotlib.patches import Patch

from momentum_theory.plots import _axes as _shared

__all__ = ["method_regions"]

_DIVERGENT_FACE = "0.86"
_DIVERGENT_HATCH = "0.45"
# Greek letters for the records' parameter names (a name not listed is shown as is).
_SYMBOLS = {"beta": r"\beta", "gamma": r"\gamma", "nu": r"\nu", "kappa": r"\kappa"}


def _symbol(name):
    return f"${_SYMBOLS.get(name, name)}$"


def _title(data):
    fixed = ", ".join(f"{_symbol(k)} = {v:g}" for k, v in data.fixed.items())
    return data.method + (f" ({fixed})" if fixed else "")


def _maps(data, n, fixed):
    """``data`` as MethodMaps: records or names are mapped, maps are checked."""
    from momentum_theory import comparisons

    if isinstance(data, (str, comparisons.MethodMap)) or not hasattr(data, "__iter__"):
        data = [data]
    out = []
    for item in data:
        if isinstance(item, comparisons.MethodMap):
            out.append(item)
        else:
            name = item if isinstance(item, str) else getattr(item, "name", None)
            if name is None:
                raise TypeError("methods must hold method records, registered names or "
                                f"MethodMaps, got {type(item).__name__}")
            out.append(comparisons.method_map(item, n=n, fixed=(fixed or {}).get(name)))
    if not out:
        raise ValueError("methods must name at least one method")
    return out


def _panel(ax, data, kwargs):
    h, rho = data.eta_lambda, data.rho
    ax.set_facecolor("white")
    if data.axis is None:  # no parameter: rho against eta*lambda, the region shaded
        ax.plot(h, rho[0], color="tab:blue", linewidth=2, label=r"$\rho$")
        ax.fill_between(h, 0, 1, where=data.derived[0], color="tab:green", alpha=0.2,
                        label="derived region")
        ax.axhline(1.0, color="tab:red", linewidth=1, linestyle="--")
        ax.set_ylim(0, min(2.0, float(np.max(rho)) * 1.05 + 0.05))
        ax.set_xlim(h[0], h[-1])
        ax.set_ylabel(r"spectral radius $\rho$")
        ax.set_xlabel(r"$\eta\lambda$")
        ax.set_title(_title(data), fontsize=10)
        ax.legend(loc="upper left", fontsize=7, framealpha=0.95)
        return None
    p = data.values
    divergent = ~(rho < 1.0)
    image = ax.pcolormesh(h, p, np.ma.masked_array(rho, divergent), **_shared.styled(
        dict(shading="nearest", cmap=matplotlib.colormaps["viridis"], vmin=0.0, vmax=1.0,
             rasterized=True), kwargs))
    ax.set_facecolor(_DIVERGENT_FACE)
    if divergent.any():
        with matplotlib.rc_context({"hatch.color": _DIVERGENT_HATCH, "hatch.linewidth": 0.6}):
            ax.contourf(h, p, divergent.astype(float), levels=[0.5, 1.5], colors="none",
                        hatches=["///"])
    if data.derived.any() and not data.derived.all():
        ax.contour(h, p, data.derived.astype(float), levels=[0.5], colors="tab:red",
                   linewidths=1.5)
    ax.set_xlim(h[0], h[-1])
    ax.set_ylim(p[0], p[-1])
    ax.set_xlabel(r"$\eta\lambda$")
    ax.set_ylabel(_symbol(data.axis))
    ax.set_title(_title(data), fontsize=10)
    return image


def method_regions(methods, ax=None, *, n=200, fixed=None, colorbar=True, **kwargs):
    r"""Where each method converges, one panel per method over (ηλ, its first parameter).

    Colour: the spectral radius from the record's ``spectral_radius``; hatched:
    :math:`\rho \geq 1`; red line: the edge of the derived region
    (``record.region()``). A method without parameters (gradient descent) gets
    :math:`\rho` against :math:`\eta\lambda` with its region shaded.

    Parameters
    ----------
    methods : sequence of Method, str or MethodMap
        Records (``momentum_theory.methods.get(name)``), registered names, or
        maps already computed (:func:`momentum_theory.comparisons.method_map`).
    ax : None or a sequence of Axes
        None: a new figure, three panels a row. Else one Axes per method.
    n : int
        Grid points per axis for the methods given as records or names.
    fixed : dict, optional
        ``{method name: {parameter: value}}`` for the parameters after the first
        (default: each record's ``defaults``).
    colorbar : bool
        One colorbar for all panels.
    **kwargs
        Passed to :meth:`~matplotlib.axes.Axes.pcolormesh` of each panel (``cmap=``...).

    Returns
    -------
    numpy.ndarray of Axes
        One per method, in the order given.

    Examples
    --------
    >>> from momentum_theory import methods
    >>> axes = method_regions([methods.get("heavy_ball"), methods.get("nesterov")], n=30)
    >>> [a.get_title() for a in axes]
    ['heavy_ball', 'nesterov']
    """
    colorbar = _shared.flag(colorbar, "colorbar")
    maps = _maps(methods, n, fixed)
    if ax is None:
        import matplotlib.pyplot as plt

        cols = min(3, len(maps))
        rows = math.ceil(len(maps) / cols)
        fig, grid = plt.subplots(rows, cols, figsize=(4.0 * cols + 1.0, 3.4 * rows),
                                 layout="constrained", squeeze=False)
        axes = list(grid.ravel())
        for extra in axes[len(maps):]:
            extra.set_visible(False)
        axes = axes[:len(maps)]
    else:
        axes = list(np.asarray(ax, dtype=object).ravel())
        if len(axes) != len(maps) or not all(isinstance(a, Axes) for a in axes):
            raise TypeError(f"ax must be None or {len(maps)} Axes, one per method")
    image = None
    for a, data in zip(axes, maps):
        image = _panel(a, data, kwargs) or image
    if image is not None:
        handles = [Patch(facecolor=_DIVERGENT_FACE, edgecolor=_DIVERGENT_HATCH, hatch="///",
                         label=r"$\rho \geq 1$"),
                   matplotlib.lines.Line2D([], [], color="tab:red", label="derived edge")]
        legend_ax = next(a for a, d in zip(axes, maps) if d.axis is not None)
        legend_ax.legend(handles=handles, loc="lower right", fontsize=7, framealpha=0.95)
        if colorbar:
            _shared.colorbar(axes[0], image, r"spectral radius $\rho$", owner=list(axes))
    return np.asarray(axes, dtype=object)
