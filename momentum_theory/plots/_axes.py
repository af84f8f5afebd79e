"""What every plot function shares: where it draws, colorbars, marked points, rate maps, styles.

:func:`new_figure` is the one way a figure is made for a builder (offered as
``momentum_theory.plots.new_figure``, used by :mod:`momentum_theory.figures`).
"""
from __future__ import annotations

import weakref

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from momentum_theory import _validation as _v

# The colorbar each Axes got from a plot function here. A second call on the
# same Axes updates that colorbar instead of squeezing in another one.
_COLORBARS: "weakref.WeakKeyDictionary[Axes, object]" = weakref.WeakKeyDictionary()


def new_figure(figsize):
    """A new constrained-layout figure, made without pyplot: what every figure builder starts from.

    The figure belongs to no pyplot state, so nothing has to be closed and it
    works the same in scripts, servers and notebooks.

    Parameters
    ----------
    figsize : (float, float)
        Width and height in inches.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = new_figure((4.0, 3.0))
    >>> fig.get_size_inches().tolist(), type(fig.get_layout_engine()).__name__
    ([4.0, 3.0], 'ConstrainedLayoutEngine')
    """
    return Figure(figsize=figsize, layout="constrained")


def axes_or_new(ax, figsize):
    """Return ``ax`` if it is an Axes; a new constrained-layout figure's Axes if None."""
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=figsize, layout="constrained")
        return ax
    if not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes or None, got {type(ax).__name__}")
    return ax


def flag(value, name):
    """A plain True/False option (``colorbar=``, ``legend=``)."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {type(value).__name__}")
    return bool(value)


def colorbar(ax, mappable, label, *, owner=None, **kwargs):
    """Give ``ax`` (or the Axes list ``owner``) one colorbar for ``mappable``; reuse it if it has one."""
    key = ax
    existing = _COLORBARS.get(key)
    if existing is not None and existing.ax.figure is ax.figure and existing.ax in ax.figure.axes:
        existing.update_normal(mappable)
        existing.set_label(label)
        return existing
    bar = ax.figure.colorbar(mappable, ax=owner if owner is not None else ax, pad=0.02, **kwargs)
    bar.set_label(label)
    _COLORBARS[key] = bar
    return bar


def point(mark, name="mark"):
    """``mark=(eta_lambda, beta)`` as two floats, or None."""
    if mark is None:
        return None
    arr = _v.real_array(mark, name)
    if arr.shape != (2,):
        raise ValueError(f"{name} must be one point (eta_lambda, beta), got shape {arr.shape}")
    return float(arr[0]), float(arr[1])


def draw_mark(ax, xy, label):
    """A star at ``xy`` that reads on every colour map (white edge), listed in the legend."""
    ax.plot(*xy, marker="*", markersize=15, color="tab:red", markeredgecolor="white",
            markeredgewidth=1.2, linestyle="none", zorder=6, label=label)


def rate_map_data(data):
    """Check that ``data`` is a rate map (``eta_lambda``, ``beta``, ``rho``, ``converges``)."""
    if not all(hasattr(data, f) for f in ("eta_lambda", "beta", "rho", "converges")):
        raise TypeError("data must be a RateMap (from momentum_theory.spectral.rate_map), "
                        f"got {type(data).__name__}")
    h, b = np.asarray(data.eta_lambda, dtype=float), np.asarray(data.beta, dtype=float)
    if h.ndim != 1 or b.ndim != 1 or h.size < 2 or b.size < 2:
        raise ValueError("data: a RateMap with at least two points on each axis is needed")
    if np.shape(data.rho) != (b.size, h.size):
        raise ValueError(f"data: rho must have shape (len(beta), len(eta_lambda)) = "
                         f"{(b.size, h.size)}, got {np.shape(data.rho)}")
    return data


def styled(defaults, kwargs):
    """The defaults of a call, with the caller's matplotlib keyword arguments on top."""
    style = dict(defaults)
    style.update(kwargs)
    return style
