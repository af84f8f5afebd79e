r"""An interactive explorer of momentum in one self-contained web page.

:func:`page` writes the HTML (all JavaScript and CSS inline: nothing is
fetched when it is viewed); :func:`explore` shows it inline in Jupyter, or
returns the text elsewhere. The command line's ``momentum-theory explore``
writes it to a file.

The page has six linked views, all redrawn as a slider moves or the point is
dragged: the :math:`(\eta\lambda, \beta)` spectral-radius map of the chosen
method with its derived region edge and critical-damping curves
(:math:`T^2 = 4D`); the sliders; the trajectory on the chapter's
:math:`f(x) = 0.1x_1^2 + 2x_2^2` (generally :math:`(\mu x_1^2 + L x_2^2)/2`);
the error of each eigen-component over :math:`t` with the worst case over
:math:`[\mu, L]`; the eigenvalues of :math:`R` with the unit circle; and the
numbers (:math:`\rho`, regime, region, optimal tuning, steps to a tolerance).

Every formula in the page is printed from the method records
(:mod:`momentum_theory.methods`): the trace and determinant polynomials, the
Jury conditions, the update rule's coefficients and, where derived, the
optimal tuning (see :mod:`momentum_theory.explorer._page`). The setting
lives in the URL fragment (``#method=heavy_ball&eta=0.5&beta=0.5&mu=0.2&L=4``),
so a link shares it; ``#selftest`` makes the page compute reference numbers
and time a full redraw into ``<pre id="selftest">`` (used by the tests).

Examples
--------
>>> from momentum_theory import explorer
>>> html = explorer.page("nesterov")
>>> html.startswith("<!DOCTYPE html>"), "http://" in html or "https://" in html
(True, False)
"""
from __future__ import annotations

import functools
import html as _html
import json
import sys

__all__ = ["page", "explore", "DEFAULT_FILE"]

#: The file ``momentum-theory explore`` writes unless told otherwise.
DEFAULT_FILE = "momentum-explorer.html"


@functools.lru_cache(maxsize=8)
def _assembled(method, names):
    from momentum_theory.explorer._page import page_data
    from momentum_theory.explorer._template import TEMPLATE

    return (TEMPLATE.replace("@@DATA@@", page_data(list(names)))
            .replace("@@METHOD@@", json.dumps(method)))


def page(method="heavy_ball"):
    """The explorer as one self-contained HTML document (text).

    Every registered method (:func:`momentum_theory.methods.available`) can
    be chosen in the page; ``method`` is the one it opens with.

    Parameters
    ----------
    method : str
        A registered method's name (default ``"heavy_ball"``).

    Returns
    -------
    str
        The HTML, about 35 kB; nothing in it refers to the network.

    Raises
    ------
    TypeError
        ``method`` is not a str.
    ValueError
        ``method`` is not registered (the message lists the names).

    Examples
    --------
    >>> text = page("gd")
    >>> '<pre id="selftest">' in text, len(text) < 1_000_000
    (True, True)
    """
    from momentum_theory import methods

    if not isinstance(method, str):
        raise TypeError(f"method must be a str, got {type(method).__name__}")
    names = tuple(methods.available())
    if method not in names:
        raise ValueError(f"method must be one of {list(names)}, got {method!r}")
    return _assembled(method, names)


def _running_ipython():
    """The running IPython kernel's shell, or None (IPython is never imported here)."""
    ipython = sys.modules.get("IPython")
    get = getattr(ipython, "get_ipython", None)
    shell = get() if callable(get) else None
    return shell if shell is not None and getattr(shell, "kernel", None) is not None else None


def explore(method="heavy_ball"):
    """Show the explorer inline in Jupyter, or return its HTML text elsewhere.

    In a running Jupyter kernel the page is displayed in an ``<iframe>`` (its
    script keeps to its own document there) and None is returned. IPython is
    optional: without a running kernel the HTML text of :func:`page` is returned.

    Parameters
    ----------
    method : str
        A registered method's name (default ``"heavy_ball"``).

    Returns
    -------
    str or None
        The HTML text, or None when it was displayed.

    Examples
    --------
    >>> text = explore("qhm")          # not in Jupyter: the text
    >>> '"qhm"' in text
    True
    """
    text = page(method)
    shell = _running_ipython()
    if shell is None:
        return text
    from IPython.display import HTML, display

    frame = (f'<iframe srcdoc="{_html.escape(text, quote=True)}" style="width: 100%; '
             f'height: 1000px; border: 0" title="momentum explorer"></iframe>')
    display(HTML(frame))
    return None
