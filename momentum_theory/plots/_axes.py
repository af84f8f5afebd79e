"""The one place where plot functions get their Axes."""
from __future__ import annotations

from matplotlib.axes import Axes


def axes_or_new(ax, figsize):
    """Return ``ax`` if it is an Axes; a new constrained-layout figure's Axes if None."""
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=figsize, layout="constrained")
        return ax
    if not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes or None, got {type(ax).__name__}")
    return ax
