"""The :class:`~momentum_theory.tuning.Tuning` record and the checks every closed-form tuning makes.

Public through :mod:`momentum_theory.tuning`. It lives here, below both
``tuning`` (heavy ball, gradient descent, the numeric optimum over any
method) and the method modules that return a tuning
(:func:`momentum_theory.accelerated.nesterov_optimal`), so that neither
imports the other for it.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from momentum_theory import _validation as _v


@dataclass(frozen=True)
class Tuning:
    r"""A tuning :math:`(\eta, \beta)` for curvatures in :math:`[\mu, L]` and its rate.

    Attributes
    ----------
    eta : float
        Step size :math:`\eta` (multiplies the gradient).
    beta : float
        Momentum :math:`\beta` (0 for gradient descent).
    rate : float
        Worst asymptotic rate :math:`\max_{\lambda\in[\mu,L]}\rho`: the error
        shrinks roughly by this factor per step.
    mu, L : float
        The curvature interval.
    method : str
        ``"heavy_ball"``, ``"gd"``, ``"nesterov"``, or ``"numeric <method>"``
        for results of :func:`~momentum_theory.tuning.minimize_worst_rate`.
    """

    eta: float
    beta: float
    rate: float
    mu: float
    L: float
    method: str

    @property
    def kappa(self) -> float:
        """Condition number :math:`L/\\mu`."""
        return self.L / self.mu

    def steps(self, eps: float) -> int:
        """Steps for :math:`\\text{rate}^t \\le \\varepsilon` (see :func:`~momentum_theory.tuning.steps_to_tolerance`)."""
        return int(steps_needed(self.rate, eps))

    # -- display: str() for a terminal, HTML / LaTeX for Jupyter ---------------
    def _method_text(self) -> str:
        base, numeric = self.method, ""
        if base.startswith("numeric "):
            base, numeric = base[len("numeric "):], " (numerical optimum)"
        names = {"heavy_ball": "heavy ball", "gd": "gradient descent", "nesterov": "Nesterov"}
        return names.get(base, base) + numeric

    def _steps_text(self) -> str:
        # rate^t <= 1e-6: the asymptotic count, as steps() gives it; "never" for rate >= 1.
        return str(self.steps(1e-6)) if 0 <= self.rate < 1 else "never"

    def __str__(self) -> str:
        """The readable form: method, interval, eta, beta, rate and steps to 1e-6.

        Examples
        --------
        >>> from momentum_theory.tuning import heavy_ball_optimal
        >>> print(heavy_ball_optimal(1, 16))
        heavy ball tuning for curvatures in [1, 16] (kappa = 16)
          eta = 0.16, beta = 0.36, worst rate = 0.6
          rate^t <= 1e-6 after 28 steps
        """
        return (f"{self._method_text()} tuning for curvatures in [{self.mu:.6g}, {self.L:.6g}] "
                f"(kappa = {self.kappa:.6g})\n"
                f"  eta = {self.eta:.6g}, beta = {self.beta:.6g}, worst rate = {self.rate:.6g}\n"
                + (f"  rate^t <= 1e-6 after {self._steps_text()} steps" if 0 <= self.rate < 1
                   else "  rate^t never reaches 1e-6"))

    def _repr_html_(self) -> str:
        import html
        head = (f"<p><strong>{html.escape(self._method_text())}</strong> tuning for curvatures "
                f"&lambda; &isin; [{self.mu:.6g}, {self.L:.6g}], &kappa; = {self.kappa:.6g}</p>")
        names = ["&eta;", "&beta;", "worst rate &rho;",
                 "steps to &rho;<sup>t</sup> &le; 10<sup>&minus;6</sup>"]
        values = [f"{self.eta:.6g}", f"{self.beta:.6g}", f"{self.rate:.6g}", self._steps_text()]
        return ("<div>" + head + "<table><thead><tr>" + "".join(f"<th>{n}</th>" for n in names)
                + "</tr></thead><tbody><tr>" + "".join(f"<td>{v}</td>" for v in values)
                + "</tr></tbody></table></div>")

    def _repr_latex_(self) -> str:
        def num(x):
            text = f"{x:.6g}".replace("inf", r"\infty")
            if "e" in text:  # 1e-06 -> 1 \cdot 10^{-6}
                mantissa, exponent = text.split("e")
                text = rf"{mantissa} \cdot 10^{{{int(exponent)}}}"
            return text

        method = "".join("\\" + c if c in "_$%&#{}" else c for c in self._method_text())
        return (rf"$\text{{{method}}}:\ \eta = {num(self.eta)},\ \beta = {num(self.beta)},\ "
                rf"\rho = {num(self.rate)}\quad(\lambda \in [{num(self.mu)}, {num(self.L)}],\ "
                rf"\kappa = {num(self.kappa)})$")


def steps_needed(rate, eps):
    """:func:`momentum_theory.tuning.steps_to_tolerance`, which documents it."""
    rate = _v.real_array(rate, "rate")
    eps = _v.real_array(eps, "eps")
    if np.any((rate < 0) | (rate >= 1)):
        raise ValueError("rate must lie in [0, 1) (a rate >= 1 never reaches the tolerance)")
    if np.any((eps <= 0) | (eps >= 1)):
        raise ValueError("eps must lie in the open interval (0, 1)")
    rate, eps = _v.broadcast((rate, "rate"), (eps, "eps"))
    with np.errstate(divide="ignore"):
        t = np.where(rate > 0, np.log(eps) / np.log(np.where(rate > 0, rate, 0.5)), 0.0)
    n = np.ceil(t - 1e-9).astype(np.int64)
    # Guard against rounding in the logarithms: step to the exact smallest t.
    n = np.where((rate > 0) & (rate ** n > eps), n + 1, n)
    n = np.where((rate > 0) & (n > 0) & (rate ** np.maximum(n - 1, 0) <= eps), n - 1, n)
    n = np.where(rate == 0, 1, n)
    return _v.scalar_out(n, rate, eps)


def below_one(beta, rate, mu, L, beta_gap, rate_gap):
    """Refuse a tuning whose beta or rate rounds to 1 (kappa beyond ~1e32), naming mu and L."""
    if beta >= 1.0 or rate >= 1.0:
        kappa = L / mu
        ratio = f"{kappa:.3g}" if math.isfinite(kappa) else "beyond 1.8e308"
        raise ValueError(
            f"L / mu = {ratio} (mu={mu!r}, L={L!r}) is too large for float64: the optimal "
            f"beta = 1 - {beta_gap:.3g} and rate = 1 - {rate_gap:.3g} round to 1, and beta "
            f"must be < 1 (the limit is near L / mu = 1e33)")


def finite_step(eta, mu, L):
    """``eta``, or refuse an optimal step that overflowed or underflowed, naming mu and L."""
    if not math.isfinite(eta) or eta == 0.0:
        raise ValueError(f"the optimal step for mu={mu!r}, L={L!r} is outside the float64 range "
                         f"(eta ~ 1/L)")
    return eta
