r"""The chapter's pictures, one function each.

Every function draws on ``ax`` (a new figure when ``ax`` is None) and returns
the Axes; the numbers it draws come from the compute modules
(:mod:`momentum_theory.spectral`, :mod:`momentum_theory.dynamics`,
:mod:`momentum_theory.training`) or from a one-line closed form, so a test can
compare what is on the Axes with what was computed.

=========================  ==================================================
:func:`trace_2d`           iterates over the contour lines of a 2-D objective
:func:`leaky_average`      noisy gradients and their leaky averages
:func:`leaky_weights`      weights :math:`\beta^\tau` of the leaky average
:func:`scalar_gd`          gradient descent on :math:`\lambda x^2/2`: :math:`(1-\eta\lambda)^t`
:func:`stability_region`   spectral radius of :math:`R` over :math:`(\eta\lambda, \beta)`
:func:`loss_curves`        training losses with the least-squares floor
=========================  ==================================================
"""
from __future__ import annotations

import matplotlib
import numpy as np
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from momentum_theory import _validation as _v
from momentum_theory.plots import _axes as _shared
from momentum_theory.plots._axes import axes_or_new as _axes

__all__ = [
    "trace_2d",
    "leaky_average",
    "leaky_weights",
    "scalar_gd",
    "stability_region",
    "loss_curves",
]

# Divergent cells of the stability map: a neutral colour outside the colour
# scale, plus hatching so the region reads the same in grey-scale print.
_DIVERGENT_FACE = "0.86"
_DIVERGENT_HATCH = "0.45"


def _vector(values, name):
    arr = _v.real_array(values, name)
    if arr.ndim > 1 or arr.size == 0:
        raise ValueError(f"{name} must be a number or a non-empty 1-D sequence, "
                         f"got shape {arr.shape}")
    return np.atleast_1d(arr)


def _method_title(eta, beta):
    if eta is None:
        return "iterates"
    if beta:
        return rf"momentum: $\eta$ = {eta:g}, $\beta$ = {beta:g}"
    return rf"gradient descent: $\eta$ = {eta:g}"


def _frame(path, minimum):
    """Axis limits that show the start, the minimum and the iterates nearby.

    Iterates farther from the minimum than twice the start are left out of
    the frame: a diverging run would otherwise shrink everything else to a dot.
    """
    centre = np.zeros(2) if minimum is None else np.asarray(minimum, dtype=float)
    with np.errstate(invalid="ignore"):
        radius = np.hypot(*(path - centre).T)
    # NaN compares False: non-finite iterates count as outside.
    inside = radius <= 2.0 * max(radius[0], 1e-12)
    pts = np.vstack([path[inside], centre[None, :]])
    lo, hi = pts.min(axis=0), pts.max(axis=0)
    span = np.maximum(hi - lo, 1e-3 * max(radius[0], 1.0))
    pad = 0.08 * span
    # Extra room on top holds the legend clear of the iterates.
    top = pad + np.array([0.0, 0.32]) * span
    return lo - pad, hi + top, ~inside


def _contour_levels(values):
    finite = values[np.isfinite(values)]
    if finite.size == 0 or finite.min() < 0:
        return 12
    # Evenly spaced in sqrt(f): a quadratic then gets evenly spaced ellipses.
    top = np.sqrt(finite.max())
    return (np.linspace(0.0, top, 14)[1:-1]) ** 2


def trace_2d(trajectory, ax=None, objective=None, minimum=None, **kwargs):
    r"""Draw a 2-D optimisation path over the contour lines of its objective.

    Parameters
    ----------
    trajectory : Trajectory or array_like, shape (n, 2)
        An object with ``path`` (and, for the title, ``eta`` and ``beta``),
        such as one from :func:`momentum_theory.dynamics.chapter_2d_runs`, or
        the iterates themselves.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when omitted.
    objective : callable, optional
        ``objective(x1, x2)`` evaluated on a grid (vectorised). Default: the
        chapter's :math:`f(x) = 0.1 x_1^2 + 2 x_2^2`.
    minimum : (float, float), optional
        Marked with a star. Default: ``(0, 0)`` for the chapter's objective,
        nothing for another one.
    **kwargs
        Passed to :meth:`~matplotlib.axes.Axes.plot` for the path
        (``color=``, ``linewidth=``, ``marker=``...).

    Returns
    -------
    matplotlib.axes.Axes

    Notes
    -----
    The frame holds the start, the minimum and every iterate within twice the
    start's distance from it; iterates beyond (a diverging run) are counted in
    a note on the Axes rather than stretching the frame.

    Examples
    --------
    >>> import numpy as np
    >>> path = np.array([[-5.0, -2.0], [-4.6, 1.2], [-4.2, -0.7]])
    >>> ax = trace_2d(path)
    >>> np.array_equal(ax.lines[0].get_xydata(), path)
    True
    """
    path = getattr(trajectory, "path", trajectory)
    path = _v.real_array(path, "trajectory", allow_nonfinite=True)
    if path.ndim != 2 or path.shape[1] != 2 or path.shape[0] == 0:
        raise ValueError(f"trajectory must hold iterates of shape (n, 2), got {path.shape}")
    if not np.all(np.isfinite(path[0])):
        raise ValueError("trajectory must start at a finite point")
    eta = getattr(trajectory, "eta", None)
    beta = getattr(trajectory, "beta", None)
    if objective is None:
        from momentum_theory.dynamics import chapter_objective as objective

        minimum = (0.0, 0.0) if minimum is None else minimum
    elif not callable(objective):
        raise TypeError("objective must be callable as objective(x1, x2), "
                        f"got {type(objective).__name__}")
    if minimum is not None:
        minimum = _v.real_array(minimum, "minimum")
        if minimum.shape != (2,):
            raise ValueError(f"minimum must be a point (x1, x2), got shape {minimum.shape}")
    ax = _axes(ax, (5.5, 4.2))

    lo, hi, outside = _frame(path, minimum)
    g1, g2 = np.meshgrid(np.linspace(lo[0], hi[0], 240), np.linspace(lo[1], hi[1], 240))
    with np.errstate(all="ignore"):
        values = np.asarray(objective(g1, g2), dtype=float)
    contours = ax.contour(g1, g2, values, levels=_contour_levels(values),
                          colors="0.55", linewidths=0.8)
    contours.set_zorder(1)

    ax.plot(path[:, 0], path[:, 1], **_shared.styled(
        dict(linestyle="-", marker="o", color="C1", markersize=3.5, linewidth=1.4, zorder=3,
             label=f"iterates $x_0, \\dots, x_{{{len(path) - 1}}}$"), kwargs))
    ax.plot(*path[0], "s", color="C0", markersize=7, zorder=4, label=f"start {_point(path[0])}")
    ax.plot(*path[-1], "o", color="C3", markersize=7, zorder=4, mfc="none", mew=1.8,
            label=f"end $x_{{{len(path) - 1}}}$ = {_point(path[-1])}")
    if minimum is not None:
        ax.plot(*minimum, "*", color="k", markersize=11, zorder=4, label="minimum")
    ax.set_xlim(lo[0], hi[0])
    ax.set_ylim(lo[1], hi[1])
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.set_title(_method_title(eta, beta))
    if outside.any():
        first = int(np.argmax(outside))
        last = len(path) - 1
        size = float(np.hypot(*path[-1]))  # hypot: no overflow in the squares
        note = (f"{int(outside.sum())} iterates lie outside the frame, first $x_{{{first}}}$;\n"
                f"$\\|x_{{{last}}}\\|$ = {size:.3g}")
        ax.text(0.98, 0.02, note,
                transform=ax.transAxes, fontsize=8, va="bottom", ha="right", zorder=5,
                bbox=dict(boxstyle="round", fc="white", ec="0.7", alpha=0.9))
    ax.legend(loc="upper center", ncols=2, fontsize=7.5, framealpha=0.9,
              columnspacing=1.0, handletextpad=0.4)
    return ax


def _point(p):
    return "(" + ", ".join(f"{c:.3g}" for c in p) + ")"


def leaky_average(gradients, betas=(0.5, 0.9), ax=None, **kwargs):
    r"""Draw a gradient sequence and its normalised leaky averages.

    The leaky average :math:`v_t = \beta v_{t-1} + g_t` (:math:`v_0 = 0`) adds
    up the past with weights :math:`\beta^\tau`; multiplied by
    :math:`1 - \beta` those weights sum to :math:`1 - \beta^t`, so
    :math:`(1-\beta) v_t` is on the scale of the gradients and can be drawn
    over them.

    Parameters
    ----------
    gradients : array_like, 1-D
        The sequence :math:`g_1, \dots, g_T`.
    betas : sequence of float
        Leak factors, each in (-1, 1).
    ax : matplotlib.axes.Axes, optional
    **kwargs
        Passed to :meth:`~matplotlib.axes.Axes.plot` for each average.

    Returns
    -------
    matplotlib.axes.Axes
        Line 0 is the gradients; line ``k + 1`` is :math:`(1-\beta_k) v_t`.

    Examples
    --------
    >>> ax = leaky_average([1.0, 1.0, 1.0], betas=[0.5])
    >>> ax.lines[1].get_ydata()
    array([0.5  , 0.75 , 0.875])
    """
    g = _vector(gradients, "gradients")
    betas = _v.momentum_beta(_vector(betas, "betas"), "betas")
    ax = _axes(ax, (6.0, 3.8))
    t = np.arange(1, g.size + 1)
    ax.plot(t, g, ".", color="0.5", markersize=4, label="gradient $g_t$")
    for k, beta in enumerate(betas):
        v = np.empty_like(g)
        acc = 0.0
        for i, gi in enumerate(g):
            acc = beta * acc + gi
            v[i] = acc
        ax.plot(t, (1.0 - beta) * v, **_shared.styled(
            dict(color=f"C{k}", linewidth=1.6,
                 label=rf"$(1-\beta)\,v_t$, $\beta$ = {beta:g}"), kwargs))
    ax.set_xlabel("step $t$")
    ax.set_ylabel("value")
    ax.set_title(r"Leaky average $v_t = \beta v_{t-1} + g_t$, scaled by $1-\beta$")
    ax.legend(fontsize=8, loc="best")
    return ax


def leaky_weights(betas=(0.95, 0.9, 0.6, 0.0), horizon=40, ax=None, **kwargs):
    r"""Draw the leaky-average weights :math:`\beta^\tau` for lags :math:`\tau < \text{horizon}`.

    The gradient from :math:`\tau` steps back enters :math:`v_t` with weight
    :math:`\beta^\tau`; the weights sum to :math:`1/(1-\beta)`, the effective
    number of gradients, shown in the legend.

    Parameters
    ----------
    betas : sequence of float
        Each in (-1, 1); the chapter uses 0.95, 0.9, 0.6 and 0.
    horizon : int
        Number of lags drawn (>= 1).
    ax : matplotlib.axes.Axes, optional
    **kwargs
        Passed to :meth:`~matplotlib.axes.Axes.plot` for each line.

    Returns
    -------
    matplotlib.axes.Axes
        One line per ``beta``, in order, with y-data ``beta ** arange(horizon)``.

    Examples
    --------
    >>> ax = leaky_weights(betas=[0.5], horizon=4)
    >>> ax.lines[0].get_ydata()
    array([1.   , 0.5  , 0.25 , 0.125])
    """
    betas = _v.momentum_beta(_vector(betas, "betas"), "betas")
    horizon = _v.count(horizon, "horizon", minimum=1)
    ax = _axes(ax, (6.0, 3.8))
    tau = np.arange(horizon)
    for k, beta in enumerate(betas):
        ax.plot(tau, beta ** tau, **_shared.styled(
            dict(marker="o", color=f"C{k}", markersize=2.5, linewidth=1.5,
                 label=rf"$\beta$ = {beta:.2f}   ($1/(1-\beta)$ = {1 / (1 - beta):.3g})"),
            kwargs))
    ax.set_xlabel(r"lag $\tau$ (steps into the past)")
    ax.set_ylabel(r"weight $\beta^\tau$")
    ax.set_title(r"Leaky average $v_t$: the gradient $g_{t-\tau}$ has weight $\beta^\tau$")
    ax.set_xlim(-0.5, horizon - 0.5)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(fontsize=8, loc="upper right")
    return ax


def scalar_gd(lambdas=(0.1, 1.0, 10.0, 19.0), eta=0.1, horizon=20, ax=None, **kwargs):
    r"""Draw gradient descent on :math:`\lambda x^2 / 2`: :math:`x_t / x_0 = (1 - \eta\lambda)^t`.

    Parameters
    ----------
    lambdas : sequence of float
        Curvatures; the chapter uses 0.1, 1, 10 and 19.
    eta : float
        Step size (the chapter's 0.1).
    horizon : int
        Steps drawn, :math:`t = 0, \dots, \text{horizon}-1` (>= 1).
    ax : matplotlib.axes.Axes, optional
    **kwargs
        Passed to :meth:`~matplotlib.axes.Axes.plot` for each curve.

    Returns
    -------
    matplotlib.axes.Axes
        One line per ``lambda``, in order, with y-data ``(1 - eta*lambda) ** t``.

    Notes
    -----
    The iterates shrink iff :math:`|1 - \eta\lambda| < 1`, i.e.
    :math:`0 < \eta\lambda < 2`; for :math:`1 < \eta\lambda < 2` they
    alternate in sign. The legend gives :math:`\eta\lambda` for each line.

    Examples
    --------
    >>> ax = scalar_gd(lambdas=[10.0], eta=0.1, horizon=3)
    >>> ax.lines[0].get_ydata()
    array([1., 0., 0.])
    """
    lambdas = _vector(lambdas, "lambdas")
    eta = _v.real_scalar(eta, "eta")
    horizon = _v.count(horizon, "horizon", minimum=1)
    ax = _axes(ax, (6.0, 4.0))
    t = np.arange(horizon)
    for k, lam in enumerate(lambdas):
        ax.plot(t, (1.0 - eta * lam) ** t, **_shared.styled(
            dict(marker="o", color=f"C{k}", markersize=3, linewidth=1.5,
                 label=rf"$\lambda$ = {lam:g}   ($\eta\lambda$ = {eta * lam:.3g})"), kwargs))
    ax.axhline(0.0, color="0.6", linewidth=0.8, zorder=0)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    # Room above the curves for a two-column legend that hides no data.
    bottom, top = ax.get_ylim()
    ax.set_ylim(bottom, top + 0.27 * (top - bottom))
    ax.set_xlabel("step $t$")
    ax.set_ylabel(r"$x_t / x_0 = (1 - \eta\lambda)^t$")
    ax.set_title(rf"Gradient descent on $f(x) = \lambda x^2/2$, $\eta$ = {eta:g}")
    ax.set_xlim(-0.5, horizon - 0.5)
    ax.legend(fontsize=8, loc="upper center", ncols=2)
    return ax


def stability_region(ax=None, eta_lambda_max=5.0, beta_range=(0.0, 1.0), n=400, *, data=None,
                     colorbar=True, mark=None, **kwargs):
    r"""Heat map of the spectral radius :math:`\rho(R)` over :math:`(\eta\lambda, \beta)`.

    Convergent cells (:math:`\rho < 1`) are coloured by :math:`\rho` (colour
    scale clipped to [0, 1]); divergent cells (:math:`\rho \ge 1`) are grey
    and hatched. The derived edge :math:`\eta\lambda = 2 + 2\beta` and
    gradient descent's edge :math:`\eta\lambda = 2` are drawn on top.

    Parameters
    ----------
    ax : matplotlib.axes.Axes, optional
    eta_lambda_max : float
        The map covers :math:`\eta\lambda \in [0, \text{eta\_lambda\_max}]`.
    beta_range : (float, float)
        :math:`\beta \in [\text{lo}, \text{hi}]`, with -1 < lo < hi <= 1.
    n : int
        Grid points per axis (>= 2).
    data : RateMap, optional
        A map already computed, e.g. ``spectral.rate_map(h, b)`` on evenly
        spaced axes; then ``eta_lambda_max``, ``beta_range`` and ``n`` are
        not used. Default: computed on the grid they describe.
    colorbar : bool
        Draw the colorbar. A second call on the same Axes reuses its colorbar.
    mark : (float, float), optional
        A tuning :math:`(\eta\lambda, \beta)` to mark with a star; its
        :math:`\rho` is in the legend.
    **kwargs
        Passed to :meth:`~matplotlib.axes.Axes.imshow` (``cmap=``, ``alpha=``...).

    Returns
    -------
    matplotlib.axes.Axes
        ``ax.images[0]`` holds the radius (divergent cells masked);
        the figure also holds the colorbar.

    Examples
    --------
    >>> ax = stability_region(n=50)
    >>> rho = ax.images[0].get_array()
    >>> rho.shape, bool(rho.max() < 1)
    ((50, 50), True)
    >>> from momentum_theory.spectral import rate_map
    >>> m = rate_map(np.linspace(0, 4, 30), np.linspace(0, 0.9, 20))
    >>> ax = stability_region(data=m, mark=(2.4, 0.25), cmap="magma")
    >>> ax.images[0].get_array().shape, ax.get_legend().get_texts()[-1].get_text()
    ((20, 30), 'chosen $(\\eta\\lambda, \\beta)$ = (2.4, 0.25): $\\rho$ = 0.859')
    """
    from momentum_theory.spectral import rate_map, spectral_radius

    colorbar = _shared.flag(colorbar, "colorbar")
    mark = _shared.point(mark)
    if data is None:
        top = _v.real_scalar(eta_lambda_max, "eta_lambda_max")
        if top <= 0:
            raise ValueError(f"eta_lambda_max must be positive, got {top}")
        try:
            lo, hi = beta_range
        except (TypeError, ValueError):
            raise TypeError("beta_range must be a pair (lo, hi)") from None
        lo, hi = _v.real_scalar(lo, "beta_range"), _v.real_scalar(hi, "beta_range")
        if not (-1.0 < lo < hi <= 1.0):
            raise ValueError(f"beta_range must be (lo, hi) with -1 < lo < hi <= 1, got ({lo}, {hi})")
        n = _v.count(n, "n", minimum=2)
        m = rate_map(np.linspace(0.0, top, n), np.linspace(lo, hi, n))
    else:
        m = _shared.rate_map_data(data)
    ax = _axes(ax, (7.0, 4.8))

    h, b = m.eta_lambda, m.beta
    divergent = ~m.converges
    extent = _extent(h, b)
    image = ax.imshow(np.ma.masked_array(m.rho, divergent), **_shared.styled(
        dict(origin="lower", extent=extent, aspect="auto", interpolation="nearest",
             cmap=matplotlib.colormaps["viridis"], vmin=0.0, vmax=1.0), kwargs))
    ax.set_facecolor(_DIVERGENT_FACE)
    if divergent.any():
        with matplotlib.rc_context({"hatch.color": _DIVERGENT_HATCH, "hatch.linewidth": 0.6}):
            ax.contourf(h, b, divergent.astype(float), levels=[0.5, 1.5], colors="none",
                        hatches=["///"])
    if colorbar:
        _shared.colorbar(ax, image, r"spectral radius $\rho(R)$ (convergent cells)")

    edge_b = np.linspace(b[0], b[-1], 200)
    ax.plot(2.0 + 2.0 * edge_b, edge_b, color="tab:red", linewidth=2.2,
            label=r"$\eta\lambda = 2 + 2\beta$ (derived edge of momentum)")
    ax.axvline(2.0, color="k", linestyle="--", linewidth=1.4,
               label=r"$\eta\lambda = 2$ (edge of gradient descent, $\beta = 0$)")
    if mark is not None:
        _shared.draw_mark(ax, mark, rf"chosen $(\eta\lambda, \beta)$ = ({mark[0]:g}, {mark[1]:g}): "
                                    rf"$\rho$ = {float(spectral_radius(*mark)):.3g}")
    ax.set_xlim(extent[0], extent[1])
    ax.set_ylim(extent[2], extent[3])
    ax.set_xlabel(r"$\eta\lambda$ (step size $\times$ curvature)")
    ax.set_ylabel(r"momentum $\beta$")
    ax.set_title(r"Heavy-ball momentum on $\lambda x^2/2$: where $\rho(R) < 1$")
    handles, _ = ax.get_legend_handles_labels()
    handles.insert(2, Patch(facecolor=_DIVERGENT_FACE, edgecolor=_DIVERGENT_HATCH, hatch="///",
                            label=r"$\rho(R) \geq 1$: diverges"))
    # One entry per label: a second call on the same Axes draws the edges again.
    unique = {}
    for handle in handles:
        unique.setdefault(handle.get_label(), handle)
    ax.legend(handles=list(unique.values()), loc="lower right", fontsize=8, framealpha=0.95)
    return ax


def _extent(h, b):
    """Image extent with each cell centred on its grid point."""
    dh, db = h[1] - h[0], b[1] - b[0]
    return (h[0] - dh / 2, h[-1] + dh / 2, b[0] - db / 2, b[-1] + db / 2)


def _run_label(run):
    return f"lr = {run.lr:g}, momentum = {run.momentum:g}"


def loss_curves(runs, floor=None, ax=None, log=None, excess=False, **kwargs):
    r"""Draw training loss against epoch for each run, with the least-squares floor.

    Parameters
    ----------
    runs : sequence of TrainingRun
        Objects with ``epochs`` and ``losses`` (equal length), ``lr``,
        ``momentum`` and ``data_source``, such as
        :func:`momentum_theory.training.chapter_runs` returns.
    floor : float, optional
        The smallest possible loss (exact least squares), drawn dashed.
    ax : matplotlib.axes.Axes, optional
    log : bool, optional
        Logarithmic loss axis. Default: when the drawn values span more than
        a factor of 10.
    excess : bool
        Draw ``losses - floor`` instead (needs ``floor``): near the end every
        curve sits within a few percent of the floor, and the excess on a log
        axis tells them apart.
    **kwargs
        Passed to :meth:`~matplotlib.axes.Axes.plot` for each run.

    Returns
    -------
    matplotlib.axes.Axes
        Line ``k`` is run ``k`` (x = epochs, y = losses, or losses - floor);
        the floor, when given and ``excess`` is false, is the last line.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> run = SimpleNamespace(lr=0.01, momentum=0.9, epochs=[0.0, 1.0, 2.0],
    ...                       losses=[0.5, 0.3, 0.25], data_source="toy")
    >>> ax = loss_curves([run], floor=0.24)
    >>> [line.get_label() for line in ax.lines]
    ['lr = 0.01, momentum = 0.9', 'least-squares floor 0.2400']
    """
    runs = list(runs)
    if not runs:
        raise ValueError("runs must hold at least one training run")
    if floor is not None:
        floor = _v.real_scalar(floor, "floor")
    if log is not None and not isinstance(log, bool):
        raise TypeError(f"log must be True, False or None, got {type(log).__name__}")
    if not isinstance(excess, bool):
        raise TypeError(f"excess must be True or False, got {type(excess).__name__}")
    if excess and floor is None:
        raise ValueError("excess=True needs the floor to subtract (floor=...)")
    curves = []
    for i, run in enumerate(runs):
        try:
            x = _v.real_array(run.epochs, f"runs[{i}].epochs")
            y = _v.real_array(run.losses, f"runs[{i}].losses", allow_nonfinite=True)
        except AttributeError:
            raise TypeError(f"runs[{i}] must have epochs and losses (a TrainingRun)") from None
        if x.shape != y.shape or x.ndim != 1:
            raise ValueError(f"runs[{i}]: epochs and losses must be 1-D of equal length, "
                             f"got {x.shape} and {y.shape}")
        curves.append((x, y - floor if excess else y))
    ax = _axes(ax, (6.5, 4.2))
    for k, (run, (x, y)) in enumerate(zip(runs, curves)):
        ax.plot(x, y, **_shared.styled(dict(marker="o", color=f"C{k}", linewidth=1.5,
                                            markersize=3, label=_run_label(run)), kwargs))
    if floor is not None and not excess:
        ax.axhline(floor, color="k", linestyle="--", linewidth=1.2,
                   label=f"least-squares floor {floor:.4f}")
    drawn = np.concatenate([y[np.isfinite(y) & (y > 0)] for _, y in curves] or [np.ones(1)])
    if log is None:
        log = drawn.size > 0 and drawn.max() > 10 * drawn.min()
    if log:
        ax.set_yscale("log")
    ax.set_xlabel("epoch")
    sources = "; ".join(sorted({str(getattr(run, "data_source", "unknown data")) for run in runs}))
    if excess:
        ax.set_ylabel(f"loss $-$ least-squares floor {floor:.4f}")
        ax.set_title(f"Distance to the floor\ndata: {sources}", fontsize=10)
    else:
        ax.set_ylabel(r"loss $\frac{1}{2}(\hat y - y)^2$, mean over the data")
        ax.set_title(f"Minibatch SGD with momentum, linear regression\ndata: {sources}",
                     fontsize=10)
    ax.legend(fontsize=8, loc="upper right")
    return ax
