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
- :func:`method_regions_figure` (every registered method, from its record);
- :func:`whole_spectrum_figure`: the worst rate over the whole spectrum
  :math:`[\mu, L]` as a map over :math:`(\eta, \beta)`, beside the chapter's
  per-eigenvalue map;
- :func:`counterexample_figure`: heavy ball with Polyak's tuning cycling on a
  smooth strongly convex function that is not quadratic;
- :func:`general_functions_figure`: worst cases on quadratics against worst
  cases over smooth strongly convex functions (PEPit: the ``pep`` extra).
"""
from __future__ import annotations

__all__ = [
    "phase_diagram_figure",
    "rate_vs_condition_figure",
    "region_comparison_figure",
    "worst_case_figure",
    "method_regions_figure",
    "whole_spectrum_figure",
    "counterexample_figure",
    "general_functions_figure",
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


def whole_spectrum_figure(kappa=100.0, n=200, data=None):
    r"""The worst rate over :math:`\lambda \in [\mu, L]` over :math:`(\eta, \beta)`, beside the per-eigenvalue map.

    Left: :math:`\max_{\lambda\in[\mu, L]}\rho(\eta\lambda, \beta)` with its regions
    named and Polyak's tuning starred; right: the chapter's map of
    :math:`\rho(\eta\lambda, \beta)` with the optimum's whole spectrum as a segment
    (:func:`momentum_theory.plots.spectrum_view`).

    Parameters
    ----------
    kappa : float
        Condition number :math:`\kappa = L/\mu \ge 1` (:math:`L = 1`).
    n : int
        Grid points per axis.
    data : SpectrumRateGrid, optional
        A grid already computed (:func:`momentum_theory.spectrum_map.spectrum_rate_grid`):
        drawn as it is, ``kappa`` and ``n`` unused.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = whole_spectrum_figure(n=40)
    >>> fig.axes[0].collections[0].get_array().shape
    (40, 40)
    >>> fig.get_label()[:44]
    'kappa = 100: optimum eta = 3.3058, beta = 0.'
    """
    from momentum_theory import plots, spectrum_map

    grid = spectrum_map.spectrum_rate_grid(kappa, n=n) if data is None else data
    fig = plots.new_figure((13.0, 5.6))
    plots.spectrum_view(grid, axes=fig.subplots(1, 2))
    o = grid.optimum
    fig.set_label(f"kappa = {grid.kappa:g}: optimum eta = {o.eta:.4f}, "
                  f"beta = {o.params['beta']:.4f}, worst rate {o.rate:.4f} ({o.source}); "
                  f"grid {grid.beta.size} x {grid.eta.size}")
    return fig


def counterexample_figure(ce=None, steps=60):
    r"""Heavy ball with Polyak's tuning on the counterexample of Lessard et al.: it cycles.

    Left: :math:`x_t` on the counterexample and on the quadratics
    :math:`\mu x^2/2`, :math:`L x^2/2` from the same start; right: the same runs
    in the :math:`(x_t, x_{t+1})` plane, with the cycle
    (:func:`momentum_theory.plots.counterexample_plot`).

    Parameters
    ----------
    ce : PolyakCounterexample, optional
        From :func:`momentum_theory.nonquadratic.polyak_counterexample` (default:
        the paper's, :math:`\mu = 1`, :math:`L = 25`).
    steps : int
        Steps drawn.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = counterexample_figure(steps=30)
    >>> len(fig.axes), fig.get_label()[:40]
    (2, 'mu = 1, L = 25, eta = 0.111111, beta = 0')
    """
    from momentum_theory import nonquadratic, plots

    ce = nonquadratic.polyak_counterexample() if ce is None else ce
    fig = plots.new_figure((12.0, 4.8))
    plots.counterexample_plot(ce, steps=steps, ax=fig.subplots(1, 2))
    cycle = ce.cycle()
    found = ("converges" if cycle is None else
             f"cycle of period {cycle.period} through "
             + ", ".join(f"{x:.6g}" for x in cycle.points))
    fig.set_label(f"mu = {ce.mu:g}, L = {ce.L:g}, eta = {ce.eta:.6g}, beta = {ce.beta:.6g}, "
                  f"x0 = {ce.x0:g}: {found}")
    return fig


def general_functions_figure(kappa=25.0, n_max=20, ns=None, data=None):
    r"""Worst cases over ``n``: on quadratics (exact) and on smooth strongly convex functions (PEPit).

    Needs PEPit (``pip install 'momentum-theory[pep]'``) unless ``data`` is
    given: one semidefinite program per tuning and horizon
    (:func:`momentum_theory.methods.general_class_comparison`), drawn by
    :func:`momentum_theory.plots.general_class_plot`.

    Parameters
    ----------
    kappa : float
        :math:`L/\mu > 1`.
    n_max : int
        Longest horizon (1 to 100).
    ns : sequence of int, optional
        Horizons of the PEPs (default every one up to ``n_max``).
    data : ClassComparison, optional
        Numbers already computed: drawn as they are, the rest unused.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = general_functions_figure(kappa=25.0, n_max=2)
    >>> fig.axes[0].get_yscale(), fig.get_label()[:33]
    ('log', 'kappa = 25, n = 2: gradient desce')
    """
    from momentum_theory import methods, plots

    if data is None:
        data = methods.general_class_comparison(kappa=kappa, n_max=n_max, ns=ns)
    fig = plots.new_figure((7.6, 5.0))
    plots.general_class_plot(data, ax=fig.add_subplot())
    fig.set_label(f"kappa = {data.kappa:g}, n = {int(data.curves[0].ns[-1])}: "
                  + "; ".join(f"{c.label} {c.quadratic[int(c.ns[-1])]:.3g} (quadratics), "
                              f"{c.general[-1]:.3g} (general)" for c in data.curves))
    return fig
