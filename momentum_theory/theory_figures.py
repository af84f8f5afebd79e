r"""The figures beyond the chapter: regimes, tuning, regions, worst cases, the whole spectrum.

Builders in the pattern of :mod:`momentum_theory.figures` (which offers every
name here too, and finds them by name with
:func:`~momentum_theory.figures.draw`): each computes its data with the compute
modules, draws it with :mod:`momentum_theory.plots` on a fresh figure from
:func:`momentum_theory.plots.new_figure` and returns it, labelled with a
one-line summary of the numbers drawn.

Builders
--------
- :func:`phase_diagram_figure`, :func:`rate_vs_condition_figure`,
  :func:`region_comparison_figure`, :func:`worst_case_figure`;
- :func:`method_regions_figure` (every registered method, from its record).
"""
from __future__ import annotations

__all__ = [
    "phase_diagram_figure",
    "rate_vs_condition_figure",
    "region_comparison_figure",
    "worst_case_figure",
    "method_regions_figure",
]


def phase_diagram_figure(n=500, mark=None):
    r"""Regimes of heavy ball over :math:`(\eta\lambda, \beta)` with :math:`\rho` contours.

    Parameters
    ----------
    n : int
        Grid points per axis.
    mark : (float, float), optional
        A tuning :math:`(\eta\lambda, \beta)` to mark.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> phase_diagram_figure(n=40).axes[0].images[0].get_array().shape
    (40, 40)
    """
    from momentum_theory import plots, regimes

    fig = plots.new_figure((7.2, 5.0))
    plots.phase_diagram(ax=fig.add_subplot(), n=n, mark=mark)
    lo, hi = regimes.critical_damping(0.25)
    fig.set_label(f"critical damping at beta = 0.25: eta*lambda = {lo:.4f} and {hi:.4f}")
    return fig


def rate_vs_condition_figure(quantity="rate"):
    """Optimal worst-case rate of GD, Nesterov and heavy ball against the condition number.

    Parameters
    ----------
    quantity : {"rate", "gap", "steps"}
        As in :func:`momentum_theory.plots.rate_vs_condition`.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> len(rate_vs_condition_figure().axes[0].lines)
    3
    """
    from momentum_theory import plots, tuning

    fig = plots.new_figure((6.4, 4.4))
    plots.rate_vs_condition(ax=fig.add_subplot(), quantity=quantity)
    hb = tuning.heavy_ball_optimal(1.0, 100.0)
    fig.set_label(f"at kappa = 100: heavy ball rate {hb.rate:.4f} "
                  f"(eta = {hb.eta:.4f}, beta = {hb.beta:.4f})")
    return fig


def region_comparison_figure(n=400, mark=None):
    r"""Convergence regions of heavy ball and Nesterov, side by side, one shared colorbar.

    Parameters
    ----------
    n : int
        Grid points per axis.
    mark : (float, float), optional
        A tuning :math:`(\eta\lambda, \beta)` to mark in both panels.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> len(region_comparison_figure(n=30).axes)   # two panels and the colorbar
    3
    """
    from momentum_theory import accelerated, plots

    fig = plots.new_figure((11.0, 4.4))
    plots.region_comparison(ax=fig.subplots(1, 2, sharey=True), n=n, mark=mark)
    edge = accelerated.nesterov_region_edge(0.5)
    fig.set_label(f"edges at beta = 0.5: heavy ball 3, Nesterov {float(edge):.4f}")
    return fig


def worst_case_figure(mu=1.0, L=100.0, n=80):
    r"""Exact worst case over :math:`\lambda \in [\mu, L]` against the step count, for a few tunings.

    Parameters
    ----------
    mu : float
        Smallest curvature of the interval, :math:`\mu > 0`.
    L : float
        Largest curvature of the interval, :math:`L > \mu`.
    n : int
        Horizon: the worst case is drawn for steps :math:`t = 0, \dots, n` (at most 300).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> len(worst_case_figure(n=10).axes[0].lines)
    8
    """
    from momentum_theory import plots

    fig = plots.new_figure((7.0, 4.8))
    plots.worst_case_plot(ax=fig.add_subplot(), mu=mu, L=L, n=n)
    fig.set_label(f"mu = {mu:g}, L = {L:g}, n = {n}")
    return fig


def method_regions_figure(names=None, n=200, fixed=None):
    r"""Where every registered method converges: small multiples over (ηλ, its first parameter).

    Parameters
    ----------
    names : sequence, optional
        Registered names (default :func:`momentum_theory.methods.available`), method
        records, or maps already computed (:func:`momentum_theory.comparisons.method_map`:
        drawn as they are, ``n`` and ``fixed`` unused).
    n : int
        Grid points per axis.
    fixed : dict, optional
        ``{method name: {parameter: value}}`` for the parameters after the first
        (default: each record's ``defaults``).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = method_regions_figure(["gd", "qhm"], n=30)
    >>> [a.get_title() for a in fig.axes[:2]]
    ['gd', 'qhm ($\\nu$ = 0.7)']
    """
    import math

    from momentum_theory import comparisons, methods, plots

    names = list(methods.available() if names is None else names)
    maps = [m if isinstance(m, comparisons.MethodMap) else
            comparisons.method_map(m, n=n, fixed=(fixed or {}).get(getattr(m, "name", m)))
            for m in names]
    cols = min(3, len(maps))
    rows = math.ceil(len(maps) / cols)
    fig = plots.new_figure((4.0 * cols + 1.0, 3.4 * rows))
    grid = fig.subplots(rows, cols, squeeze=False).ravel()
    for extra in grid[len(maps):]:
        extra.set_visible(False)
    plots.method_regions(maps, ax=grid[:len(maps)])
    fig.set_label("; ".join(f"{m.method}: {m.settings()}" for m in maps))
    return fig
