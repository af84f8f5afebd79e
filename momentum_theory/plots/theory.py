r"""Pictures for the theory beyond the chapter.

=============================  ===============================================
:func:`phase_diagram`          regimes of heavy ball over :math:`(\eta\lambda, \beta)`, with :math:`\rho` contours
:func:`rate_vs_condition`      optimal worst rate (or steps) against :math:`\kappa`: GD, Nesterov, heavy ball
:func:`region_comparison`      convergence regions of heavy ball and Nesterov, side by side
:func:`worst_case_plot`        exact finite-horizon worst case vs the asymptotic rate, for a few tunings
=============================  ===============================================

Each function draws on ``ax`` (a new figure when None) and returns what it
drew on; the numbers come from :mod:`momentum_theory.regimes`,
:mod:`~momentum_theory.tuning`, :mod:`~momentum_theory.accelerated` and
:mod:`~momentum_theory.finite_horizon`.
"""
from __future__ import annotations

import matplotlib
import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import ListedColormap
from matplotlib.patches import Patch

from momentum_theory import _validation as _v
from momentum_theory.plots import _axes as _shared
from momentum_theory.plots._axes import axes_or_new as _axes

__all__ = ["phase_diagram", "rate_vs_condition", "region_comparison", "worst_case_plot"]

_DIVERGENT_FACE = "0.86"
_DIVERGENT_HATCH = "0.45"
# Regime colours, indexed by Regime code: divergent, monotone, oscillating, ripples.
_REGIME_COLOURS = ("0.86", "#a6cee3", "#fdbf6f", "#b2df8a")
_REGIME_NAMES = ("divergent", "monotone", "oscillating", "ripples")
_METHOD_STYLE = {
    "gd": dict(color="tab:gray", label="gradient descent"),
    "nesterov": dict(color="tab:orange", label="Nesterov"),
    "heavy_ball": dict(color="tab:blue", label="heavy ball"),
}


_RATE_FORMULA = {
    "gd": r"$(\kappa-1)/(\kappa+1)$",
    "nesterov": r"$1 - 2/\sqrt{3\kappa+1}$",
    "heavy_ball": r"$(\sqrt{\kappa}-1)/(\sqrt{\kappa}+1)$",
}


def _beta_range(beta_range, lo_min=0.0):
    try:
        lo, hi = beta_range
    except (TypeError, ValueError):
        raise TypeError("beta_range must be a pair (lo, hi)") from None
    lo, hi = _v.real_scalar(lo, "beta_range"), _v.real_scalar(hi, "beta_range")
    if not (lo_min <= lo < hi < 1.0):
        raise ValueError(f"beta_range must be (lo, hi) with {lo_min:g} <= lo < hi < 1, got ({lo}, {hi})")
    return lo, hi


def _positive(value, name):
    value = _v.real_scalar(value, name)
    if value <= 0:
        raise ValueError(f"{name} must be positive, got {value}")
    return value


def phase_diagram(ax=None, *, eta_lambda_max=4.2, beta_range=(0.0, 0.99), n=500,
                  levels=(0.3, 0.5, 0.7, 0.8, 0.9, 0.95), data=None, mark=None, **kwargs):
    r"""Regimes of heavy-ball momentum over :math:`(\eta\lambda, \beta)`, with :math:`\rho` contours.

    Cells are coloured by :func:`momentum_theory.regimes.classify`
    (divergent grey and hatched); the critical-damping curves
    :math:`\eta\lambda = (1 \pm \sqrt\beta)^2` are dashed, the edge
    :math:`2 + 2\beta` solid, and labelled contour lines show the rate
    :math:`\rho`.

    Parameters
    ----------
    ax : matplotlib.axes.Axes, optional
    eta_lambda_max : float
        :math:`\eta\lambda \in [0, \text{eta\_lambda\_max}]`.
    beta_range : (float, float)
        :math:`\beta \in [\text{lo}, \text{hi}]`, with 0 <= lo < hi < 1.
    n : int
        Grid points per axis (>= 10).
    levels : sequence of float
        Contour levels of :math:`\rho`, each in (0, 1).
    data : RateMap, optional
        Heavy ball's map already computed (``spectral.rate_map(h, b)``, evenly
        spaced axes, :math:`0 \le \beta < 1`); then ``eta_lambda_max``,
        ``beta_range`` and ``n`` are not used.
    mark : (float, float), optional
        A tuning :math:`(\eta\lambda, \beta)` to mark with a star (its regime in the legend).
    **kwargs
        Passed to :meth:`~matplotlib.axes.Axes.imshow` of the regime colours (``alpha=``...).

    Returns
    -------
    matplotlib.axes.Axes
        ``ax.images[0]`` holds the regime codes.

    Examples
    --------
    >>> ax = phase_diagram(n=60)
    >>> sorted(set(ax.images[0].get_array().ravel().tolist()))
    [0, 1, 2, 3]
    """
    from momentum_theory.regimes import classify, critical_damping, regime_label
    from momentum_theory.spectral import rate_map

    levels = np.sort(_v.real_array(levels, "levels").ravel())
    if levels.size and (levels.min() <= 0 or levels.max() >= 1):
        raise ValueError("levels must lie in the open interval (0, 1)")
    mark = _shared.point(mark)
    if data is None:
        top = _positive(eta_lambda_max, "eta_lambda_max")
        lo, hi = _beta_range(beta_range)
        n = _v.count(n, "n", minimum=10)
        data = rate_map(np.linspace(0.0, top, n), np.linspace(lo, hi, n))
    data = _shared.rate_map_data(data)
    h, b, rho = data.eta_lambda, data.beta, data.rho
    lo, hi = float(b[0]), float(b[-1])
    if not 0.0 <= lo < hi < 1.0:
        raise ValueError(f"data: beta must run over [lo, hi] with 0 <= lo < hi < 1, got [{lo}, {hi}]")
    ax = _axes(ax, (7.4, 5.0))

    H, B = np.meshgrid(h, b)
    codes = classify(H, B)
    dh, db = h[1] - h[0], b[1] - b[0]
    extent = (h[0] - dh / 2, h[-1] + dh / 2, b[0] - db / 2, b[-1] + db / 2)
    ax.imshow(codes, **_shared.styled(
        dict(origin="lower", extent=extent, aspect="auto", interpolation="nearest",
             cmap=ListedColormap(_REGIME_COLOURS), vmin=-0.5, vmax=3.5), kwargs))
    divergent = codes == 0
    if divergent.any():
        with matplotlib.rc_context({"hatch.color": _DIVERGENT_HATCH, "hatch.linewidth": 0.6}):
            ax.contourf(h, b, divergent.astype(float), levels=[0.5, 1.5], colors="none",
                        hatches=["///"])
    if levels.size:
        lines = ax.contour(h, b, np.where(divergent, np.nan, rho), levels=levels,
                           colors="0.25", linewidths=0.8)
        texts = ax.clabel(lines, fmt=lambda v: rf"$\rho$={v:g}", fontsize=7, inline_spacing=2)
        # Labels in the thin monotone wedge along eta*lambda = 0 overlap the axis.
        for text in texts:
            if text.get_position()[0] < 0.03 * h[-1]:
                text.remove()

    curve_b = np.linspace(lo, hi, 300)
    low, up = critical_damping(curve_b)
    ax.plot(low, curve_b, "k--", linewidth=1.3,
            label=r"critical damping $\eta\lambda = (1 \pm \sqrt{\beta})^2$")
    ax.plot(up, curve_b, "k--", linewidth=1.3)
    ax.plot(2.0 + 2.0 * curve_b, curve_b, color="tab:red", linewidth=2.0,
            label=r"edge $\eta\lambda = 2 + 2\beta$")
    if mark is not None:
        _shared.draw_mark(ax, mark, rf"chosen ({mark[0]:g}, {mark[1]:g}): "
                                    f"{regime_label(classify(*mark))}")

    # Region names where each region is wide: chosen along beta = 0.25 and 0.75.
    def put(x, y, text):
        if extent[0] < x < extent[1] and extent[2] < y < extent[3]:
            ax.text(x, y, text, ha="center", va="center", fontsize=9,
                    bbox=dict(boxstyle="round,pad=0.2", facecolor="white", alpha=0.8, linewidth=0))

    y_low = lo + 0.12 * (hi - lo)
    put(0.5 * (1 - np.sqrt(y_low)) ** 2, y_low, "monotone")
    y_mid = lo + 0.55 * (hi - lo)
    put(1.0 + y_mid, y_mid, r"ripples ($|\mu| = \sqrt{\beta}$)")
    y_osc = lo + 0.06 * (hi - lo)
    put(0.5 * ((1 + np.sqrt(y_osc)) ** 2 + 2 + 2 * y_osc), y_osc, "oscill.")
    y_div = lo + 0.5 * (hi - lo)
    if 2 + 2 * y_div < extent[1] - 0.3:
        put(0.5 * (2 + 2 * y_div + extent[1]), y_div, "divergent")

    ax.set_xlim(extent[0], extent[1])
    ax.set_ylim(extent[2], extent[3])
    ax.set_xlabel(r"$\eta\lambda$ (step size $\times$ curvature)")
    ax.set_ylabel(r"momentum $\beta$")
    ax.set_title("Heavy-ball regimes (colours) and rate $\\rho$ (contours)")
    handles, _ = ax.get_legend_handles_labels()
    for code, name in enumerate(_REGIME_NAMES):
        extra = dict(hatch="///", edgecolor=_DIVERGENT_HATCH) if code == 0 else {}
        handles.append(Patch(facecolor=_REGIME_COLOURS[code], label=name, **extra))
    if mark is None:  # lower right lies in the divergent region, where nothing else is drawn
        ax.legend(handles=_unique(handles), loc="lower right", fontsize=7.5, framealpha=0.95)
    else:  # a marked tuning may sit anywhere: keep the legend off the map
        ax.legend(handles=_unique(handles), loc="upper left", bbox_to_anchor=(1.02, 1.0),
                  fontsize=7.5, framealpha=0.95)
    return ax


def _unique(handles):
    """One legend entry per label (a second call on the same Axes draws the lines again)."""
    seen = {}
    for handle in handles:
        seen.setdefault(handle.get_label(), handle)
    return list(seen.values())


def _condition_axis(kappa):
    if kappa is None:
        return np.logspace(0, 4, 200)
    kappa = _v.real_array(kappa, "kappa")
    if kappa.ndim != 1 or kappa.size < 2 or np.any(kappa < 1):
        raise ValueError("kappa must be a 1-D array of at least two condition numbers >= 1")
    return np.sort(kappa)


def rate_vs_condition(ax=None, *, kappa=None, quantity="rate", eps=1e-6,
                      methods=("gd", "nesterov", "heavy_ball"), data=None, **kwargs):
    r"""Optimal worst-case rate against the condition number :math:`\kappa = L/\mu`.

    Each method at its optimal tuning (:func:`~momentum_theory.tuning.gd_optimal`,
    :func:`~momentum_theory.accelerated.nesterov_optimal`,
    :func:`~momentum_theory.tuning.heavy_ball_optimal`).

    Parameters
    ----------
    ax : matplotlib.axes.Axes, optional
    kappa : array_like, optional
        Condition numbers >= 1 (default: 200 points log-spaced in [1, 1e4]).
    quantity : {"rate", "gap", "steps"}
        ``"rate"``: :math:`\rho` (log-scaled :math:`\kappa`); ``"gap"``:
        :math:`1 - \rho` on log-log axes, where the slopes -1 and -1/2 show;
        ``"steps"``: steps to shrink the error by ``eps``.
    eps : float
        Tolerance for ``quantity="steps"``.
    methods : sequence of {"gd", "nesterov", "heavy_ball"}
    data : mapping of method -> sequence of Tuning, optional
        Optimal tunings already computed, one per ``kappa`` (which must then
        be given, in increasing order); then ``methods`` is ``data``'s keys.
    **kwargs
        Passed to :meth:`~matplotlib.axes.Axes.plot` for each method's line.

    Returns
    -------
    matplotlib.axes.Axes
        One line per method, in the order given.

    Examples
    --------
    >>> ax = rate_vs_condition(kappa=[1, 10, 100])
    >>> [round(float(y), 4) for y in ax.lines[-1].get_ydata()]
    [0.0, 0.5195, 0.8182]
    """
    from momentum_theory.accelerated import nesterov_optimal
    from momentum_theory.tuning import gd_optimal, heavy_ball_optimal, steps_to_tolerance

    if data is not None and kappa is None:
        raise ValueError("data needs the condition numbers it was computed at (kappa=...)")
    if data is not None and np.any(np.diff(_v.real_array(kappa, "kappa")) < 0):
        raise ValueError("kappa must be increasing when data is given (it pairs with data)")
    kappa = _condition_axis(kappa)
    if quantity not in ("rate", "gap", "steps"):
        raise ValueError(f"quantity must be 'rate', 'gap' or 'steps', got {quantity!r}")
    optimal = {"gd": gd_optimal, "nesterov": nesterov_optimal, "heavy_ball": heavy_ball_optimal}
    if data is not None:
        methods = tuple(data)
    if isinstance(methods, str) or any(m not in optimal for m in methods):
        raise ValueError(f"methods must be a sequence drawn from {tuple(optimal)}, got {methods!r}")
    if data is None:
        data = {m: [optimal[m](1.0, k) for k in kappa] for m in methods}
    elif any(len(data[m]) != kappa.size for m in methods):
        raise ValueError(f"data: each method needs one tuning per kappa ({kappa.size})")
    ax = _axes(ax, (6.4, 4.4))
    for method in methods:
        rate = np.array([getattr(t, "rate", t) for t in data[method]], dtype=float)
        style = _METHOD_STYLE[method]
        if quantity == "rate":
            y = rate
        elif quantity == "gap":
            y = 1.0 - rate
        else:
            y = steps_to_tolerance(rate, eps).astype(float)
        label = style["label"] + (f": {_RATE_FORMULA[method]}" if quantity == "rate" else "")
        ax.plot(kappa, y, **_shared.styled(dict(linewidth=2, color=style["color"], label=label),
                                           kwargs))
    ax.set_xscale("log")
    ax.set_xlabel(r"condition number $\kappa = L/\mu$")
    if quantity == "rate":
        ax.set_ylabel(r"optimal worst rate $\rho^*$ (error factor per step)")
        ax.set_ylim(0, 1.02)
        loc = "lower right"
    else:
        ax.set_yscale("log")
        if quantity == "gap":
            ax.set_ylabel(r"$1 - $ optimal worst rate")
        else:
            ax.set_ylabel(f"steps until the error shrinks by {eps:g}")
        loc = "upper left" if quantity == "steps" else "lower left"
    ax.set_title("Optimally tuned methods on curvatures in $[\\mu, L]$")
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(loc=loc, fontsize=9)
    return ax


def _region_panel(ax, data, edge_b, edge_h, title, edge_label, mark, kwargs):
    h, b = data.eta_lambda, data.beta
    dh, db = h[1] - h[0], b[1] - b[0]
    extent = (h[0] - dh / 2, h[-1] + dh / 2, b[0] - db / 2, b[-1] + db / 2)
    divergent = ~data.converges
    image = ax.imshow(np.ma.masked_array(data.rho, divergent), **_shared.styled(
        dict(origin="lower", extent=extent, aspect="auto", interpolation="nearest",
             cmap=matplotlib.colormaps["viridis"], vmin=0.0, vmax=1.0), kwargs))
    ax.set_facecolor(_DIVERGENT_FACE)
    if divergent.any():
        with matplotlib.rc_context({"hatch.color": _DIVERGENT_HATCH, "hatch.linewidth": 0.6}):
            ax.contourf(h, b, divergent.astype(float), levels=[0.5, 1.5], colors="none",
                        hatches=["///"])
    ax.plot(edge_h, edge_b, color="tab:red", linewidth=2, label=edge_label)
    if mark is not None:
        _shared.draw_mark(ax, mark, rf"chosen ({mark[0]:g}, {mark[1]:g})")
    ax.set_xlim(extent[0], extent[1])
    ax.set_ylim(extent[2], extent[3])
    ax.set_xlabel(r"$\eta\lambda$")
    ax.set_title(title, fontsize=10)
    handles, _ = ax.get_legend_handles_labels()
    handles.append(Patch(facecolor=_DIVERGENT_FACE, edgecolor=_DIVERGENT_HATCH, hatch="///",
                         label=r"$\rho \geq 1$"))
    ax.legend(handles=handles, loc="lower right", fontsize=8, framealpha=0.95)
    return image


def region_comparison(ax=None, *, eta_lambda_max=4.2, beta_range=(0.0, 0.99), n=400,
                      data=None, colorbar=True, mark=None, **kwargs):
    r"""Convergence regions of heavy ball and Nesterov over :math:`(\eta\lambda, \beta)`.

    Parameters
    ----------
    ax : None, a pair of Axes, or one Axes
        None: a new figure with two panels side by side (heavy ball, Nesterov),
        coloured by the spectral radius. A pair: the two panels drawn there.
        One Axes: both regions overlaid as outlines (compact form).
    eta_lambda_max : float
        :math:`\eta\lambda \in [0, \text{eta\_lambda\_max}]`.
    beta_range : (float, float)
        0 <= lo < hi < 1.
    n : int
        Grid points per axis (>= 10).
    data : (RateMap, RateMap), optional
        Heavy ball's and Nesterov's maps on the same grid
        (:func:`~momentum_theory.spectral.rate_map`,
        :func:`~momentum_theory.accelerated.nesterov_rate_map`); then
        ``eta_lambda_max``, ``beta_range`` and ``n`` are not used.
    colorbar : bool
        Draw the shared colorbar of the two panels (none in the overlay);
        a second call on the same Axes reuses it.
    mark : (float, float), optional
        A tuning :math:`(\eta\lambda, \beta)` to mark with a star in each panel.
    **kwargs
        Passed to :meth:`~matplotlib.axes.Axes.imshow` of each panel (``cmap=``...),
        or to :meth:`~matplotlib.axes.Axes.contourf` of the overlay (``alpha=``...).

    Returns
    -------
    numpy.ndarray of two Axes, or the single Axes given

    Examples
    --------
    >>> axes = region_comparison(n=40)
    >>> [a.get_title() for a in axes]
    ['heavy ball: $0 < \\eta\\lambda < 2 + 2\\beta$', 'Nesterov: $0 < \\eta\\lambda < (2 + 2\\beta)/(1 + 2\\beta)$']
    """
    from momentum_theory.accelerated import nesterov_rate_map, nesterov_region_edge
    from momentum_theory.spectral import rate_map

    colorbar = _shared.flag(colorbar, "colorbar")
    mark = _shared.point(mark)
    if data is None:
        top = _positive(eta_lambda_max, "eta_lambda_max")
        lo, hi = _beta_range(beta_range)
        n = _v.count(n, "n", minimum=10)
        h, b = np.linspace(0.0, top, n), np.linspace(lo, hi, n)
        data = (rate_map(h, b), nesterov_rate_map(h, b))
    try:
        hb_map, nag_map = (_shared.rate_map_data(m) for m in data)
    except (TypeError, ValueError) as exc:
        if isinstance(data, (tuple, list)) and len(data) == 2:
            raise
        raise TypeError("data must be a pair of RateMaps (heavy ball, Nesterov)") from exc
    h, b = hb_map.eta_lambda, hb_map.beta
    if not (np.array_equal(h, nag_map.eta_lambda) and np.array_equal(b, nag_map.beta)):
        raise ValueError("data: the two maps must share their grid")
    top, lo, hi = float(h[-1]), float(b[0]), float(b[-1])
    edge_b = np.linspace(lo, hi, 300)
    hb_edge, nag_edge = 2.0 + 2.0 * edge_b, nesterov_region_edge(edge_b)
    hb_title = r"heavy ball: $0 < \eta\lambda < 2 + 2\beta$"
    nag_title = r"Nesterov: $0 < \eta\lambda < (2 + 2\beta)/(1 + 2\beta)$"

    if isinstance(ax, Axes):  # compact overlay
        for m, colour in ((hb_map, "tab:blue"), (nag_map, "tab:orange")):
            ax.contourf(h, b, m.converges.astype(float), **_shared.styled(
                dict(levels=[0.5, 1.5], colors=[colour], alpha=0.3), kwargs))
        ax.plot(hb_edge, edge_b, color="tab:blue", linewidth=2, label=hb_title)
        ax.plot(nag_edge, edge_b, color="tab:orange", linewidth=2, label=nag_title)
        if mark is not None:
            _shared.draw_mark(ax, mark, rf"chosen ({mark[0]:g}, {mark[1]:g})")
        ax.set_xlim(0, top)
        ax.set_ylim(lo, hi)
        ax.set_xlabel(r"$\eta\lambda$")
        ax.set_ylabel(r"momentum $\beta$")
        ax.set_title("Where heavy ball and Nesterov converge")
        ax.legend(loc="lower right", fontsize=8, framealpha=0.95)
        return ax

    if ax is None:
        import matplotlib.pyplot as plt

        fig, axes = plt.subplots(1, 2, figsize=(11, 4.4), sharey=True, layout="constrained")
    else:
        axes = np.asarray(ax, dtype=object).ravel()
        if axes.size != 2 or not all(isinstance(a, Axes) for a in axes):
            raise TypeError("ax must be None, one Axes, or a pair of Axes")
        fig = axes[0].figure
    _region_panel(axes[0], hb_map, edge_b, hb_edge, hb_title,
                  r"$\eta\lambda = 2 + 2\beta$", mark, kwargs)
    image = _region_panel(axes[1], nag_map, edge_b, nag_edge, nag_title,
                          r"$\eta\lambda = (2 + 2\beta)/(1 + 2\beta)$", mark, kwargs)
    axes[0].set_ylabel(r"momentum $\beta$")
    if colorbar:
        _shared.colorbar(axes[0], image, r"spectral radius $\rho$", owner=list(axes))
    return np.asarray(axes, dtype=object)


def worst_case_plot(ax=None, *, mu=1.0, L=100.0, n=80, tunings=None, data=None, **kwargs):
    r"""Exact worst case :math:`\max_{\lambda\in[\mu,L]}(x_t/x_0)^2` against :math:`t`, for a few tunings.

    Solid: the exact worst case (:func:`momentum_theory.finite_horizon.worst_case`);
    dashed: the asymptotic prediction :math:`\rho_{\max}^{2t}`. The gap between
    them is the constant :math:`C` in the guarantee
    :math:`(x_t/x_0)^2 \le C\rho_{\max}^{2t}`, given in the legend.

    Parameters
    ----------
    ax : matplotlib.axes.Axes, optional
    mu, L : float
        Curvature interval.
    n : int
        Horizon (<= 300).
    tunings : sequence of (label, eta, beta, method), optional
        ``method`` is ``"heavy_ball"`` or ``"nesterov"``. Default: optimal GD,
        Polyak's heavy ball, optimal Nesterov, and heavy ball with
        :math:`\beta = 0.9`, :math:`\eta = 1/L`.
    data : sequence of (label, WorstCase), optional
        Worst cases already computed (:func:`momentum_theory.finite_horizon.worst_case`,
        one interval and horizon); then ``mu``, ``L``, ``n`` and ``tunings`` are not used.
    **kwargs
        Passed to :meth:`~matplotlib.axes.Axes.plot` for each exact curve.

    Returns
    -------
    matplotlib.axes.Axes
        Two lines per tuning (exact, then asymptotic).

    Examples
    --------
    >>> ax = worst_case_plot(n=10)
    >>> len(ax.lines)
    8
    """
    from momentum_theory.accelerated import nesterov_optimal
    from momentum_theory.tuning import gd_optimal, heavy_ball_optimal
    from momentum_theory.finite_horizon import worst_case

    if data is not None:
        return _draw_worst_cases(ax, _worst_case_data(data), kwargs)
    mu = _positive(mu, "mu")
    L = _positive(L, "L")
    n = _v.count(n, "n", minimum=1)
    if tunings is None:
        g, p, q = gd_optimal(mu, L), heavy_ball_optimal(mu, L), nesterov_optimal(mu, L)
        tunings = [("GD, optimal", g.eta, 0.0, "heavy_ball"),
                   ("Nesterov, optimal", q.eta, q.beta, "nesterov"),
                   ("heavy ball, Polyak", p.eta, p.beta, "heavy_ball"),
                   (r"heavy ball, $\beta$ = 0.9, $\eta$ = 1/L", 1.0 / L, 0.9, "heavy_ball")]
    cases = []
    for entry in tunings:
        try:
            label, eta, beta, method = entry
        except (TypeError, ValueError):
            raise TypeError("each tuning must be (label, eta, beta, method)") from None
        cases.append((label, worst_case(mu, L, eta, beta, n, method=method)))
    return _draw_worst_cases(ax, cases, kwargs)


def _worst_case_data(data):
    try:
        cases = [(str(label), w) for label, w in data]
    except (TypeError, ValueError):
        raise TypeError("data must be a sequence of (label, WorstCase) pairs") from None
    if not cases or not all(hasattr(w, "history") and hasattr(w, "rho_max") for _, w in cases):
        raise TypeError("data must hold (label, WorstCase) pairs from "
                        "momentum_theory.finite_horizon.worst_case")
    if len({(w.mu, w.L, w.n) for _, w in cases}) != 1:
        raise ValueError("data: the worst cases must share mu, L and the horizon n")
    return cases


def _draw_worst_cases(ax, cases, kwargs):
    mu, L, n = cases[0][1].mu, cases[0][1].L, cases[0][1].n
    ax = _axes(ax, (7.0, 4.6))
    colours = matplotlib.colormaps["tab10"].colors
    t = np.arange(n + 1)
    for i, (label, w) in enumerate(cases):
        colour = colours[i % len(colours)]
        ax.plot(t, w.history, **_shared.styled(
            dict(color=colour, linewidth=2,
                 label=rf"{label}: $\rho_{{\max}}$ = {w.rho_max:.3f}, C = {w.constant:.3g}"),
            kwargs))
        with np.errstate(under="ignore"):
            ax.plot(t, w.rho_max ** (2.0 * t), color=colour, linewidth=1, linestyle="--")
    ax.set_yscale("log")
    floor = max(np.finfo(float).tiny, 1e-30)
    ymin, ymax = ax.get_ylim()
    ax.set_ylim(max(ymin, floor), ymax)
    ax.set_xlim(0, n)
    ax.set_xlabel("step $t$")
    ax.set_ylabel(r"worst $(x_t/x_0)^2$ over $\lambda \in [\mu, L]$")
    ax.set_title(rf"Exact worst case (solid) vs $\rho_{{\max}}^{{2t}}$ (dashed), "
                 rf"$\mu$ = {mu:g}, L = {L:g}")
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(loc="lower left", fontsize=7.5, framealpha=0.95)
    return ax
