"""The worst-case result every record's :meth:`~momentum_theory.methods.Method.worst_case` returns.

Public as :class:`momentum_theory.methods.WorstCase` and
:class:`momentum_theory.finite_horizon.WorstCase` (the same class).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from momentum_theory import _validation as _v


@dataclass(frozen=True, eq=False)  # holds arrays: compare fields, not objects
class WorstCase:
    r"""Exact worst case of :math:`(x_t/x_0)^2` over :math:`\lambda \in [\mu, L]`.

    Attributes
    ----------
    mu, L, eta : float
        The problem and the step.
    beta : float
        The momentum ``params["beta"]`` (NaN for a record without one).
    n : int
        Horizon.
    method : str
        The record's name (``"heavy_ball"``, ``"nesterov"``, ...).
    value : float
        :math:`\max_{\lambda\in[\mu,L]} p_n(\lambda)^2`.
    lam : float
        A curvature where it is attained.
    rho_max : float
        :math:`\max_{\lambda\in[\mu,L]} \rho(\eta\lambda, \beta)`, the asymptotic rate.
    history : ndarray, shape (n + 1,)
        :math:`\max_\lambda p_t(\lambda)^2` for ``t = 0..n`` (``history[0] == 1``).
    maximisers : ndarray, shape (n + 1,)
        The maximising curvature for each ``t``.
    constant : float
        :math:`C = \max_{0\le t\le n} \text{history}[t] / \rho_{\max}^{2t}`: the
        smallest constant with :math:`(x_t/x_0)^2 \le C\rho_{\max}^{2t}` for
        every :math:`t \le n` and every curvature in the interval
        (``inf`` if ``rho_max == 0`` and some ``history[t] > 0``).
    params : dict
        Every parameter of the record besides the step (``{"beta": beta}`` for heavy ball).
    exact : bool
        True where the maximum comes from the lobe-by-lobe search (T, D affine
        in h), False for the grid-and-zoom lower bound of a non-affine rule.
    """

    mu: float
    L: float
    eta: float
    beta: float
    n: int
    method: str
    value: float
    lam: float
    rho_max: float
    history: np.ndarray
    maximisers: np.ndarray
    constant: float
    params: dict = field(default_factory=dict)
    exact: bool = True

    @property
    def ratio(self) -> float:
        r""":math:`\text{value} / \rho_{\max}^{2n}` at the horizon itself."""
        return _ratio(self.value, self.rho_max, self.n)

    def bound(self, t):
        r"""The guarantee :math:`C\rho_{\max}^{2t}` (valid for ``t <= n``)."""
        t = _v.real_array(t, "t")
        return self.constant * self.rho_max ** (2.0 * t)

    def _rows(self):
        name = self.method.replace("_", " ")
        return [("method", name), ("curvatures", f"[{self.mu:g}, {self.L:g}]"),
                ("eta, " + ", ".join(self.params or {"beta": self.beta}),
                 ", ".join(f"{v:.6g}" for v in [self.eta, *(self.params or {"beta": self.beta}).values()])), ("horizon n", f"{self.n}"),
                ("worst (x_n/x_0)^2", f"{self.value:.6e} at lambda = {self.lam:.6g}"),
                ("rate rho_max", f"{self.rho_max:.6g}"),
                ("constant C", f"{self.constant:.6g} (so (x_t/x_0)^2 <= C rho_max^(2t), t <= n)")]

    def __str__(self):
        return rows_text("Worst case on quadratics", self._rows(), 18)

    def __repr__(self):
        return (f"<WorstCase {self.method} n={self.n}: value={self.value:.6e} "
                f"at lambda={self.lam:.6g}, C={self.constant:.6g}>")

    def _repr_html_(self):
        return rows_html("Worst case on quadratics", self._rows())


def rows_text(title, rows, width):
    """A result's ``(label, value)`` rows under its title, labels padded to ``width``."""
    return title + "\n" + "\n".join(f"  {k:<{width}} {v}" for k, v in rows)


def rows_html(caption, rows):
    """A result's ``(label, value)`` rows as an HTML table (Jupyter's ``_repr_html_``)."""
    import html

    body = "".join(f"<tr><th style='text-align:left'>{html.escape(k)}</th>"
                   f"<td>{html.escape(v)}</td></tr>" for k, v in rows)
    return f"<table><caption>{html.escape(caption)}</caption>{body}</table>"


def _ratio(value, rho, t):
    if t == 0:
        return float(value)
    if rho == 0.0:
        return 0.0 if value == 0.0 else float("inf")
    # Logs: rho**(2t) underflows long before the ratio stops making sense.
    with np.errstate(divide="ignore"):
        return float(np.exp(np.log(value) - 2.0 * t * np.log(rho)))


