r"""The whole-spectrum view: the worst rate over :math:`[\mu, L]` beside the chapter's per-eigenvalue map.

=============================  ===============================================
:func:`spectrum_rate_map`      :math:`\max_{\lambda\in[\mu,L]}\rho` over
                               :math:`(\eta, \beta)`, its regions named, the
                               optimum marked
:func:`spectrum_view`          that map and, beside it, the per-eigenvalue map
                               over :math:`(\eta\lambda, \beta)` with the
                               optimum's spectrum drawn as a segment
=============================  ===============================================

Both draw a :class:`~momentum_theory.spectrum_map.SpectrumRateGrid`
(:func:`momentum_theory.spectrum_map.spectrum_rate_grid`); nothing is
computed here but what the per-eigenvalue plot functions compute themselves.
"""
from __future__ import annotations

import matplotlib
import matplotlib.lines
import numpy as np
from matplotlib.axes import Axes
from matplotlib.patches import Patch

from momentum_theory.plots import _axes as _shared
from momentum_theory.plots.chapter import stability_region
from momentum_theory.plots.methods import method_regions

__all__ = ["spectrum_rate_map", "spectrum_view"]

_DIVERGENT_FACE = "0.86"
_DIVERGENT_HATCH = "0.45"
# One hatch per region code (smallest, largest, complex, diverges): the rate is the colour.
_HATCHES = ("\\\\\\", "xxx", "", "///")
# Each curve of SpectrumRateGrid.curves: label, heavy ball's derived formula, colour, line style.
_CURVES = {
    "mu_end_enters_band": (r"$\lambda = \mu$ reaches the complex roots",
                           r"$\eta\mu = (1-\sqrt{\beta})^2$", "tab:orange", "--"),
    "L_end_leaves_band": (r"$\lambda = L$ leaves the complex roots",
                          r"$\eta L = (1+\sqrt{\beta})^2$", "tab:red", "--"),
    "equal_end_rates": (r"$\rho(\eta\mu) = \rho(\eta L)$",
                        r"$\eta = 2(1+\beta)/(\mu+L)$", "tab:purple", ":"),
    "stability_edge": (r"$\lambda = L$ on the stability edge",
                       r"$\eta L = 2 + 2\beta$", "black", "-"),
}


def _grid(data):
    needed = ("eta", "beta", "rate", "region", "names", "optimum", "curves", "mu", "L")
    if not all(hasattr(data, f) for f in needed):
        raise TypeError("data must be a SpectrumRateGrid (from "
                        f"momentum_theory.spectrum_map.spectrum_rate_grid), got {type(data).__name__}")
    if np.shape(data.rate) != (data.beta.size, data.eta.size):
        raise ValueError("data: rate must have shape (len(beta), len(eta))")
    return data


def _label_spot(mask):
    """The grid cell of ``mask`` farthest from its edge, and that distance (in cells)."""
    from scipy.ndimage import distance_transform_edt

    dist = distance_transform_edt(np.pad(mask, 1))[1:-1, 1:-1]
    i, j = np.unravel_index(np.argmax(dist), dist.shape)
    return i, j, float(dist[i, j])


def spectrum_rate_map(data, ax=None, *, colorbar=True, labels=True, **kwargs):
    r"""The worst rate over the spectrum as a map over :math:`(\eta, \beta)`, its regions named.

    Colour: :math:`\max_{\lambda\in[\mu,L]}\rho(\eta\lambda,\beta)` from
    ``data.rate``, on a scale from the optimum's rate to 1; hatching tells
    the regions apart (set by :math:`\lambda = \mu`, by :math:`\lambda = L`,
    complex roots, diverges), thin white lines bound them and each large
    region carries its name; the curves of ``data.curves`` are drawn and
    labelled; the optimum is a star.

    Parameters
    ----------
    data : SpectrumRateGrid
        From :func:`momentum_theory.spectrum_map.spectrum_rate_grid`.
    ax : matplotlib.axes.Axes, optional
        Where to draw (a new figure if None).
    colorbar : bool
        Draw the colorbar.
    labels : bool
        Write each region's name inside it (where it is wide enough).
    **kwargs
        Passed to :meth:`~matplotlib.axes.Axes.pcolormesh` (``cmap=``...).

    Returns
    -------
    matplotlib.axes.Axes
        ``ax.collections[0]`` holds the rates (divergent cells masked).

    Examples
    --------
    >>> from momentum_theory.spectrum_map import spectrum_rate_grid
    >>> g = spectrum_rate_grid(100.0, n=40)
    >>> ax = spectrum_rate_map(g)
    >>> ax.collections[0].get_array().shape
    (40, 40)
    >>> "optimum" in ax.get_legend().get_texts()[-1].get_text()
    True
    """
    data = _grid(data)
    colorbar = _shared.flag(colorbar, "colorbar")
    labels = _shared.flag(labels, "labels")
    ax = _shared.axes_or_new(ax, (7.0, 5.2))
    eta, beta, region = data.eta, data.beta, np.asarray(data.region)
    diverges = region == 3
    low = float(np.floor(min(data.optimum_rate, float(np.min(data.rate))) * 100) / 100)
    mesh = ax.pcolormesh(eta, beta, np.ma.masked_array(data.rate, diverges), **_shared.styled(
        dict(shading="nearest", cmap=matplotlib.colormaps["viridis"], vmin=low, vmax=1.0,
             rasterized=True), kwargs))
    ax.set_facecolor(_DIVERGENT_FACE)
    handles = []
    for code, (name, hatch) in enumerate(zip(data.names, _HATCHES)):
        mask = region == code
        if not mask.any():
            continue
        if hatch:
            with matplotlib.rc_context({"hatch.color": _DIVERGENT_HATCH if code == 3 else "0.95",
                                        "hatch.linewidth": 0.5}):
                ax.contourf(eta, beta, mask.astype(float), levels=[0.5, 1.5], colors="none",
                            hatches=[hatch])
        if not mask.all():
            ax.contour(eta, beta, mask.astype(float), levels=[0.5], colors="white",
                       linewidths=0.8)
        handles.append(Patch(facecolor=_DIVERGENT_FACE if code == 3 else "#5ec962",
                             edgecolor=_DIVERGENT_HATCH, hatch=hatch, label=name))
        i, j, room = _label_spot(mask)
        box = dict(boxstyle="round,pad=0.25", facecolor="white", alpha=0.85, edgecolor="none")
        if labels and room >= max(3.0, 0.06 * min(region.shape)):
            ax.text(eta[j], beta[i], name, ha="center", va="center", fontsize=8, bbox=box,
                    zorder=5)
        elif labels:      # too thin to write in: point at it from nearer the middle
            towards = np.array([0.5 - j / region.shape[1], 0.5 - i / region.shape[0]])
            towards = 60.0 * towards / max(float(np.hypot(*towards)), 1e-9)
            ax.annotate(name, xy=(eta[j], beta[i]), xytext=tuple(towards),
                        textcoords="offset points",
                        ha="center", fontsize=8, bbox=box, zorder=5,
                        arrowprops=dict(arrowstyle="->", color="black", linewidth=0.8))
    for key, (label, formula, colour, style) in _CURVES.items():
        if data.heavy_ball_form:       # the derived form (symbolic.spectrum_regions)
            label = f"{formula}: {label}"
        curve = np.asarray(data.curves.get(key, np.full(beta.size, np.nan)), dtype=float)
        shown = np.isfinite(curve) & (curve >= eta[0]) & (curve <= eta[-1])
        if shown.any():
            ax.plot(np.where(shown, curve, np.nan), beta, color=colour, linestyle=style,
                    linewidth=1.6, label=label)
    o = data.optimum
    _shared.draw_mark(ax, (o.eta, o.params["beta"]),
                      rf"optimum ({o.source}): $\eta$ = {o.eta:.4g}, $\beta$ = "
                      rf"{o.params['beta']:.4g}, worst rate = {o.rate:.4g}")
    if colorbar:
        _shared.colorbar(ax, mesh, r"worst rate $\max_{\lambda\in[\mu,L]}\rho$")
    ax.set_xlim(eta[0], eta[-1])
    ax.set_ylim(beta[0], beta[-1])
    ax.set_xlabel(rf"step size $\eta$ ($L$ = {data.L:g})")
    ax.set_ylabel(r"momentum $\beta$")
    fixed = "".join(f", {k} = {v:g}" for k, v in data.params.items())
    ax.set_title(rf"{data.method}{fixed}: worst rate over $\lambda\in[\mu, L]$, "
                 rf"$\kappa$ = {data.kappa:g}", fontsize=10)
    lines, _ = ax.get_legend_handles_labels()
    regions = ax.legend(handles=handles, loc="lower right", fontsize=7, framealpha=0.95,
                        title="region", title_fontsize=7)
    ax.legend(handles=lines, loc="upper center", bbox_to_anchor=(0.5, -0.13), fontsize=7,
              framealpha=0.95)
    ax.add_artist(regions)
    return ax


def spectrum_view(data, axes=None, *, colorbar=True, **kwargs):
    r"""Two panels: the whole-spectrum worst-rate map, and the chapter's per-eigenvalue map beside it.

    Left: :func:`spectrum_rate_map`. Right: the per-eigenvalue spectral
    radius over :math:`(\eta\lambda, \beta)` drawn by the existing plot
    function (:func:`~momentum_theory.plots.stability_region`, the chapter's
    map, for heavy ball; :func:`~momentum_theory.plots.method_regions` for
    another method), on the same :math:`\beta` range and, since
    :math:`L = 1`, the same numbers on the horizontal axis; on it the
    optimum's whole spectrum :math:`\{(\eta^*\lambda, \beta^*)\}` is a
    segment from :math:`\eta^*\mu` to :math:`\eta^* L`.

    Parameters
    ----------
    data : SpectrumRateGrid
        From :func:`momentum_theory.spectrum_map.spectrum_rate_grid`.
    axes : None or a pair of Axes
        Where to draw (a new 13 x 5.6 inch figure if None).
    colorbar : bool
        Colorbars on both panels.
    **kwargs
        Passed to the left panel's :meth:`~matplotlib.axes.Axes.pcolormesh`.

    Returns
    -------
    numpy.ndarray of Axes
        The two panels.

    Examples
    --------
    >>> from momentum_theory.spectrum_map import spectrum_rate_grid
    >>> left, right = spectrum_view(spectrum_rate_grid(100.0, n=40))
    >>> right.get_xlabel().startswith(r"$\eta\lambda$")
    True
    >>> segment = [l for l in right.get_lines() if l.get_label().startswith("spectrum")][0]
    >>> [round(float(x), 4) for x in segment.get_xdata()]      # eta* mu, eta* L
    [0.0331, 3.3058]
    """
    data = _grid(data)
    colorbar = _shared.flag(colorbar, "colorbar")
    if axes is None:
        import matplotlib.pyplot as plt

        _, axes = plt.subplots(1, 2, figsize=(13.0, 5.6), layout="constrained")
    axes = list(np.asarray(axes, dtype=object).ravel())
    if len(axes) != 2 or not all(isinstance(a, Axes) for a in axes):
        raise TypeError("axes must be None or a pair of matplotlib Axes")
    left, right = axes
    spectrum_rate_map(data, ax=left, colorbar=colorbar, **kwargs)
    top = float(data.eta[-1] * data.L)
    lo, hi = float(data.beta[0]), float(data.beta[-1])
    n = int(min(400, max(data.eta.size, data.beta.size)))
    if data.heavy_ball_form:        # the chapter's map is this rule's map
        stability_region(ax=right, eta_lambda_max=top, beta_range=(lo, hi), n=n,
                         colorbar=colorbar)
    else:
        from momentum_theory import methods

        method_regions([methods.get(data.method)], ax=[right], n=n,
                       fixed={data.method: dict(data.params)}, colorbar=colorbar)
        right.set_xlim(0.0, top)
        right.set_ylim(lo, hi)
    o = data.optimum
    b = o.params["beta"]
    right.plot([o.eta * data.mu, o.eta * data.L], [b, b], color="tab:red", linewidth=3,
               marker="|", markersize=14, solid_capstyle="butt", zorder=6,
               label=rf"spectrum at the optimum: $\eta^*\lambda$, $\lambda\in[\mu, L]$")
    handles, _ = right.get_legend_handles_labels()
    previous = right.get_legend()
    if previous is not None:        # what the per-eigenvalue plot put in its legend comes first
        handles = list(previous.legend_handles) + handles
    unique = {}
    for handle in handles:
        unique.setdefault(handle.get_label(), handle)
    right.legend(handles=list(unique.values()), loc="upper center",
                 bbox_to_anchor=(0.5, -0.13), ncol=1, fontsize=7, framealpha=0.95)
    right.set_title(r"per eigenvalue: $\rho(\eta\lambda, \beta)$ (the chapter's map)"
                    if data.heavy_ball_form else
                    rf"per eigenvalue: $\rho(\eta\lambda, \beta)$ of {data.method}", fontsize=10)
    return np.asarray(axes, dtype=object)
