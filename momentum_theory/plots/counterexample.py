r"""The counterexample beyond quadratics: heavy ball with Polyak's tuning cycling on a function of the class.

=============================  ===============================================
:func:`counterexample_plot`    iterates over t (with heavy ball on the quadratics
                               :math:`\mu x^2/2` and :math:`Lx^2/2`, dashed), and
                               the cycle in the :math:`(x_t, x_{t+1})` plane
=============================  ===============================================

The numbers come from :mod:`momentum_theory.nonquadratic`.
"""
from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes

from momentum_theory import _validation as _v
from momentum_theory.plots import _axes as _shared

__all__ = ["counterexample_plot"]

_QUADRATIC_STYLE = (dict(color="tab:green", label=r"on $\mu x^2/2$"),
                    dict(color="tab:purple", label=r"on $L x^2/2$"))


def _pair(ax):
    if ax is None:
        import matplotlib.pyplot as plt

        _, axes = plt.subplots(1, 2, figsize=(11.0, 4.4), layout="constrained")
        return np.asarray(axes, dtype=object)
    axes = np.asarray(ax, dtype=object).ravel()
    if axes.size != 2 or not all(isinstance(a, Axes) for a in axes):
        raise TypeError("ax must be None or a pair of matplotlib Axes")
    return axes


def counterexample_plot(ce=None, *, steps=60, ax=None, **kwargs):
    r"""Heavy ball with Polyak's tuning on the function of Lessard et al.: iterates, and the cycle.

    Left: :math:`x_t` against :math:`t` on the counterexample (solid), the
    minimiser :math:`x^* = 0`, the kinks of :math:`f''` (dotted) and, dashed,
    the same :math:`(\eta, \beta)` from the same start on the quadratics
    :math:`\mu x^2/2` and :math:`L x^2/2`, which converge. Right: the same
    runs in the :math:`(x_t, x_{t+1})` plane, where the counterexample's
    iterates close up into the cycle of :meth:`~momentum_theory.nonquadratic.PolyakCounterexample.cycle`.

    Parameters
    ----------
    ce : PolyakCounterexample, optional
        From :func:`momentum_theory.nonquadratic.polyak_counterexample`
        (default: the paper's, :math:`\mu = 1`, :math:`L = 25`, :math:`x_0 = 3.3`).
    steps : int
        Steps drawn (>= 1).
    ax : None or a pair of Axes
        None: a new figure with the two panels side by side.
    **kwargs
        Passed to :meth:`~matplotlib.axes.Axes.plot` for the counterexample's
        iterates in the left panel (``color=``, ``marker=``...).

    Returns
    -------
    numpy.ndarray of two Axes

    Examples
    --------
    >>> axes = counterexample_plot(steps=30)
    >>> [a.get_xlabel() for a in axes]
    ['step $t$', '$x_t$']
    >>> axes[1].get_legend_handles_labels()[1][-1]
    'cycle of period 3'
    """
    from momentum_theory import methods
    from momentum_theory.nonquadratic import BREAKPOINTS, PolyakCounterexample, polyak_counterexample

    if ce is None:
        ce = polyak_counterexample()
    if not isinstance(ce, PolyakCounterexample):
        raise TypeError(f"ce must be a PolyakCounterexample (from polyak_counterexample()), "
                        f"got {type(ce).__name__}")
    steps = _v.count(steps, "steps", minimum=1)
    axes = _pair(ax)
    left, right = axes
    t = np.arange(steps + 1)
    xs = ce.run(steps)
    hb = methods.get("heavy_ball")
    quadratics = [hb.iterate(lambda x, c=c: c * x, [ce.x0], ce.eta, steps, beta=ce.beta)[:, 0]
                  for c in (ce.mu, ce.L)]

    left.axhline(0.0, color="black", linewidth=0.8, label=r"minimiser $x^* = 0$")
    for k, b in enumerate(BREAKPOINTS):
        left.axhline(b, color="0.6", linestyle=":", linewidth=1,
                     label="kinks of $f''$ ($x = 1, 2$)" if k == 0 else None)
    for run, style in zip(quadratics, _QUADRATIC_STYLE):
        left.plot(t, run, linestyle="--", linewidth=1.2, **style)
    left.plot(t, xs, **_shared.styled(dict(color="tab:blue", marker="o", markersize=3,
                                           linewidth=1.2, label="on the counterexample"), kwargs))
    left.set_xlabel("step $t$")
    left.set_ylabel("$x_t$")
    left.set_title(rf"Heavy ball, Polyak's tuning for $[{ce.mu:g}, {ce.L:g}]$, "
                   rf"$x_{{-1}} = x_0 = {ce.x0:g}$", fontsize=10)
    left.legend(loc="upper right", fontsize=8, framealpha=0.95)

    right.axline((0.0, 0.0), slope=1.0, color="0.8", linewidth=0.8, linestyle=":")
    for run, style in zip(quadratics, _QUADRATIC_STYLE):
        right.plot(run[:-1], run[1:], linestyle="--", linewidth=0.9, alpha=0.6, **style)
    right.plot(xs[:-1], xs[1:], color="tab:blue", alpha=0.8, marker="o", markersize=3,
               linewidth=1.0, label="on the counterexample")
    right.plot([0.0], [0.0], marker="*", markersize=13, color="black", linestyle="none",
               label=r"$(x^*, x^*)$")
    cycle = ce.cycle()
    if cycle is not None:
        pts = np.asarray(cycle.points)
        loop = np.append(pts, pts[:2])
        right.plot(loop[:-1], loop[1:], color="tab:red", linewidth=2, marker="o", markersize=7,
                   label=f"cycle of period {cycle.period}")
    right.set_xlabel("$x_t$")
    right.set_ylabel("$x_{t+1}$")
    right.set_aspect("equal", adjustable="datalim")
    right.set_title(r"The same runs in the $(x_t, x_{t+1})$ plane", fontsize=10)
    right.legend(loc="lower left", fontsize=8, framealpha=0.95)
    return axes
