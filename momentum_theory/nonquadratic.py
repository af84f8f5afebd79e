r"""Beyond quadratics: a smooth strongly convex function on which Polyak's heavy ball cycles.

The chapter's analysis takes one curvature at a time: on
:math:`\lambda x^2/2` heavy ball is a linear recursion, and Polyak's tuning
:math:`\eta = 4/(\sqrt L + \sqrt\mu)^2`,
:math:`\beta = ((\sqrt L - \sqrt\mu)/(\sqrt L + \sqrt\mu))^2` gives every
:math:`\lambda \in [\mu, L]` the rate :math:`\sqrt\beta`. Lessard, Recht &
Packard (2016, §4.6) give a function of the class :math:`\mathcal F_{\mu, L}`,
one-dimensional and piecewise quadratic, on which the same tuning does not
converge. With :math:`\Phi = 0` on :math:`x < 1`, :math:`(x-1)^2/2` on
:math:`[1, 2)` and :math:`x - 3/2` on :math:`x \ge 2`:

.. math::

    f(x) = \tfrac L2 x^2 - (L - \mu)\,\Phi(x), \qquad
    f'(x) = L x - (L - \mu)\min(\max(x - 1, 0), 1),

for their :math:`\mu = 1`, :math:`L = 25`: :math:`f' = 25x`, :math:`x + 24`,
:math:`25x - 24` on the three pieces; :math:`f(0) = 0 = \min f`.

:func:`polyak_counterexample` returns a :class:`PolyakCounterexample`
(``f``, ``grad``, ``run``) whose methods check by computation that
:math:`f \in \mathcal F_{\mu,L}` (:meth:`~PolyakCounterexample.in_class`),
find the cycle and confirm it from the periodic-orbit equations
(:meth:`~PolyakCounterexample.cycle`), and run the same tuning on every
quadratic in :math:`[\mu, L]` (:meth:`~PolyakCounterexample.on_quadratics`).

Any :math:`0 < \mu < L` is accepted (f is in the class for all); whether heavy
ball cycles depends on :math:`\kappa = L/\mu` only. The period-3 cycle exists
exactly for :math:`\kappa \ge 21.4266`, the real root of
:math:`\kappa^3 - 21\kappa^2 - 9\kappa - 3` (docs/nonquadratic.md derives it);
without ``x0`` a cycling start is searched for.

Examples
--------
>>> from momentum_theory.nonquadratic import polyak_counterexample
>>> ce = polyak_counterexample()
>>> ce.mu, ce.L, ce.x0
(1.0, 25.0, 3.3)
>>> c = ce.cycle()
>>> c.period, [str(p) for p in c.exact]
(3, ['2592/1225', '792/1225', '-2208/1225'])
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from momentum_theory import _validation as _v

__all__ = ["PolyakCounterexample", "ClassCheck", "Cycle", "QuadraticCheck",
           "polyak_counterexample"]

#: The kinks of f'' (the ends of the middle piece).
BREAKPOINTS = (1.0, 2.0)
#: The default start: inside the set of cycling starts for the paper's kappa = 25.
DEFAULT_START = 3.3
_SEARCH = np.arange(-1200, 1201) / 40.0   # starts in [-30, 30], 0.025 apart


def _piece_index(x):
    return np.searchsorted(np.asarray(BREAKPOINTS), x, side="right")


def _steps_for(kappa):
    # enough steps for a converging run to reach 1e-30 at Polyak's rate (the slowest one)
    rate = 1.0 - 2.0 / (math.sqrt(kappa) + 1.0)
    return int(min(max(3000, math.ceil(-70.0 / math.log(rate)) + 200), 10 ** 6))


@dataclass(frozen=True)
class ClassCheck:
    """Whether f is C^1, mu-strongly convex and L-smooth, checked three ways.

    ``pieces``: (lower, upper, slope) of f' exactly (Fractions of the float
    inputs); ``continuous``: f and f' agree from both sides at the kinks
    (exactly). ``quotient_range``: smallest and largest difference quotient
    of f' between neighbours of a fine grid and between all pairs of a coarse
    one. ``lower_gap`` / ``upper_gap``: the smallest slack (>= 0 when they
    hold, up to rounding) in f(y) >= f(x) + f'(x)(y-x) + mu/2 (y-x)^2 and
    f(y) <= f(x) + f'(x)(y-x) + L/2 (y-x)^2 over all pairs of the coarse
    grid. ``derivative_error``: largest |f' - central differences of f|.
    """
    mu: float
    L: float
    pieces: tuple
    continuous: bool
    quotient_range: tuple
    lower_gap: float
    upper_gap: float
    derivative_error: float
    holds: bool

    def __str__(self) -> str:
        lo, hi = self.quotient_range
        return (f"f in F(mu={self.mu:g}, L={self.L:g}): {self.holds}; slopes of f' "
                f"{[float(s) for *_, s in self.pieces]}, C^1: {self.continuous}; quotients of f' "
                f"in [{lo:.12g}, {hi:.12g}]; slack {self.lower_gap:.3g} / {self.upper_gap:.3g}")


@dataclass(frozen=True)
class Cycle:
    """A periodic orbit of heavy ball on the counterexample.

    ``points``: x over one period, from its largest point (the last period
    of the run); ``onset``: the first step t, at that phase, from which
    x_{t+period} = x_t to 1e-12 relative;
    ``pieces``: which piece of f' each point lies on (0: x < 1, 1: [1, 2),
    2: x >= 2); ``solved``: the points from the periodic-orbit equations
    (linear once the pieces are known); ``exact``: the same as Fractions when
    eta and beta are rational (mu and L squares of rationals), else None;
    ``error``: largest |points - solved|; ``multiplier``: spectral radius of
    the linearised map over one period (< 1: the cycle attracts).
    """
    period: int
    points: tuple
    pieces: tuple
    onset: int
    solved: tuple
    exact: tuple | None
    error: float
    multiplier: float

    def __str__(self) -> str:
        pts = ", ".join(f"{p:.12g}" for p in self.points)
        exact = "" if self.exact is None else f" (exactly {', '.join(map(str, self.exact))})"
        return (f"cycle of period {self.period} from step {self.onset}: {pts}{exact}; "
                f"pieces {list(self.pieces)}; multiplier {self.multiplier:.6g}")


@dataclass(frozen=True)
class QuadraticCheck:
    """The same (eta, beta) on every quadratic lambda x^2/2 with lambda in [mu, L].

    ``max_radius``: the largest spectral radius over a grid of ``lambdas``
    (heavy ball's record); ``worst_rate``: the record's exact maximum over
    the interval; ``polyak_rate``: sqrt(beta), the closed form;
    ``region_margins``: eta*mu and 2 + 2 beta - eta*L, both > 0 exactly when
    the whole interval lies in the region 0 < eta*lambda < 2 + 2 beta;
    ``all_converge``: the record's exact region test on the grid;
    ``simulated``: |x_n / x_0| after ``steps`` steps for three lambdas.
    """
    lambdas: np.ndarray
    max_radius: float
    worst_rate: float
    polyak_rate: float
    region_margins: tuple
    all_converge: bool
    simulated: dict
    steps: int

    def __str__(self) -> str:
        sims = ", ".join(f"{lam:g}: {r:.3g}" for lam, r in self.simulated.items())
        return (f"on quadratics with curvature in [{self.lambdas[0]:g}, {self.lambdas[-1]:g}]: "
                f"all converge {self.all_converge}; largest spectral radius {self.max_radius:.12g} "
                f"(exact worst rate {self.worst_rate:.12g}, sqrt(beta) = {self.polyak_rate:.12g}); "
                f"|x_{self.steps}/x_0|: {sims}")


@dataclass(frozen=True)
class PolyakCounterexample:
    r"""Heavy ball with Polyak's tuning for :math:`[\mu, L]` on the function of Lessard et al.

    Built by :func:`polyak_counterexample`. ``f`` and ``grad`` take arrays;
    ``run`` iterates :math:`x_{t+1} = x_t + \beta(x_t - x_{t-1}) - \eta f'(x_t)`
    from rest (:math:`x_{-1} = x_0`).
    """
    mu: float
    L: float
    eta: float
    beta: float
    x0: float

    def f(self, x):
        r"""The function, :math:`\tfrac L2 x^2 - (L-\mu)\Phi(x)`; :math:`f(0) = 0 = \min f`.

        Parameters
        ----------
        x : array_like
            Points (finite reals).

        Returns
        -------
        float or ndarray

        Examples
        --------
        >>> ce = polyak_counterexample()
        >>> ce.f([0.0, 1.0, 2.0, 3.0]).tolist()        # 25/2, 1/2 + 24 - 12, 225/2 - 72 + 36
        [0.0, 12.5, 38.0, 76.5]
        """
        x = _v.real_array(x, "x")
        phi = np.where(x < 1.0, 0.0, np.where(x < 2.0, 0.5 * (x - 1.0) ** 2, x - 1.5))
        return _v.scalar_out(0.5 * self.L * x * x - (self.L - self.mu) * phi, x)

    def grad(self, x):
        r"""The derivative :math:`f'(x) = Lx - (L-\mu)\min(\max(x-1, 0), 1)`.

        Parameters
        ----------
        x : array_like
            Points (finite reals).

        Returns
        -------
        float or ndarray

        Examples
        --------
        >>> ce = polyak_counterexample()
        >>> ce.grad([0.5, 1.0, 1.5, 2.0, 3.0]).tolist()   # 25x, x + 24, 25x - 24
        [12.5, 25.0, 25.5, 26.0, 51.0]
        """
        x = _v.real_array(x, "x")
        return _v.scalar_out(self.L * x - (self.L - self.mu) * np.clip(x - 1.0, 0.0, 1.0), x)

    def run(self, steps, x0=None):
        r"""Heavy ball from rest: :math:`x_0, \ldots, x_{steps}` (float array).

        Parameters
        ----------
        steps : int
            Number of steps (>= 0).
        x0 : array_like, optional
            Start(s); default the record's ``x0``. An array runs every start at once.

        Returns
        -------
        ndarray
            Shape ``(steps + 1,) + shape(x0)``.

        Examples
        --------
        >>> ce = polyak_counterexample()
        >>> [round(float(x), 6) for x in ce.run(100)[-3:]]
        [2.115918, 0.646531, -1.802449]
        """
        steps = _v.count(steps, "steps")
        start = self.x0 if x0 is None else _v.real_array(x0, "x0")
        _v.result_size((steps + 1,) + np.shape(start), 8, "steps", "x0")
        xs = np.empty((steps + 1,) + np.shape(start))
        x = prev = np.asarray(start, dtype=float)
        xs[0] = x
        for t in range(steps):
            x, prev = x + self.beta * (x - prev) - self.eta * self.grad(x), x
            xs[t + 1] = x
        return xs

    def cycling_starts(self, starts, steps=None):
        """Which starts end on a cycle instead of converging to x* = 0.

        Parameters
        ----------
        starts : array_like
            Starting points.
        steps : int, optional
            Steps (default: enough for a converging run to reach 1e-30 at Polyak's rate).

        Returns
        -------
        ndarray of bool
            True where the last two iterates are not both below 1e-9.

        Examples
        --------
        >>> ce = polyak_counterexample()
        >>> ce.cycling_starts([1.0, 2.0, 3.0, 3.3, 3.5]).tolist()
        [True, False, False, True, False]
        """
        starts = _v.real_array(starts, "starts")
        steps = _steps_for(self.L / self.mu) if steps is None else _v.count(steps, "steps", minimum=2)
        xs = self.run(steps, starts)
        return np.maximum(np.abs(xs[-1]), np.abs(xs[-2])) > 1e-9

    def in_class(self, lo=-10.0, hi=10.0, num=200001):
        r"""Check by computation that f is in :math:`\mathcal F_{\mu, L}`: a :class:`ClassCheck`.

        Parameters
        ----------
        lo, hi : float
            The interval checked on grids (it should contain the kinks 1 and 2).
        num : int
            Points of the fine grid (>= 3); the kinks are added to it. The
            all-pairs checks use a grid of 401 points.

        Returns
        -------
        ClassCheck

        Examples
        --------
        >>> check = polyak_counterexample().in_class()
        >>> check.holds, [float(s) for *_, s in check.pieces]
        (True, [25.0, 1.0, 25.0])
        """
        return _class_check(self, lo, hi, num)

    def cycle(self, steps=None, max_period=60):
        """The cycle the iterates from ``x0`` settle into, or None if they converge.

        Parameters
        ----------
        steps : int, optional
            Steps to run (default as in :meth:`cycling_starts`).
        max_period : int
            Longest period looked for.

        Returns
        -------
        Cycle or None
            None if they converge, or no period <= ``max_period`` repeats to 1e-12.

        Examples
        --------
        >>> c = polyak_counterexample().cycle()
        >>> c.period, c.pieces, c.error < 1e-12, round(c.multiplier, 12)   # (2/3)^3
        (3, (2, 0, 0), True, 0.296296296296)
        """
        return _find_cycle(self, steps, max_period)

    def on_quadratics(self, num=2001, steps=200):
        """The same (eta, beta) on every quadratic with curvature in [mu, L]: a :class:`QuadraticCheck`.

        Parameters
        ----------
        num : int
            Curvatures on the grid (>= 2, ends included).
        steps : int
            Steps simulated on the quadratics with curvature mu, sqrt(mu L) and L.

        Returns
        -------
        QuadraticCheck

        Examples
        --------
        >>> q = polyak_counterexample().on_quadratics()
        >>> q.all_converge, round(q.max_radius, 6), round(q.polyak_rate, 12)
        (True, 0.666667, 0.666666666667)
        """
        return _quadratic_check(self, num, steps)

    def summary(self) -> str:
        """The counterexample in words, with its checks.

        Returns
        -------
        str

        Examples
        --------
        >>> print(polyak_counterexample().summary().splitlines()[0])
        Lessard, Recht & Packard (2016, sec. 4.6): f'' = 25 for x < 1 and x >= 2, 1 on [1, 2).
        """
        check, quad, cyc = self.in_class(), self.on_quadratics(), self.cycle()
        lo, hi = check.quotient_range
        lines = [
            f"Lessard, Recht & Packard (2016, sec. 4.6): f'' = {self.L:g} for x < 1 and x >= 2, "
            f"{self.mu:g} on [1, 2).",
            f"f is C^1, {self.mu:g}-strongly convex and {self.L:g}-smooth: {check.holds} "
            f"(difference quotients of f' between {lo:.10g} and {hi:.10g}).",
            f"Polyak's tuning for [{self.mu:g}, {self.L:g}]: eta = {self.eta:.10g}, "
            f"beta = {self.beta:.10g}.",
            f"On every quadratic with curvature in [{self.mu:g}, {self.L:g}] it converges: "
            f"{quad.all_converge} (largest spectral radius {quad.max_radius:.8f}, sqrt(beta) = "
            f"{quad.polyak_rate:.8f}).",
        ]
        if cyc is None:
            lines.append(f"From x0 = {self.x0:g} the iterates converge to x* = 0 here.")
        else:
            pts = ", ".join(f"{p:.6g}" for p in cyc.points)
            lines.append(f"On f, from x0 = {self.x0:g} (x_-1 = x0), it does not converge: from "
                         f"step {cyc.onset} the iterates repeat a cycle of period {cyc.period} "
                         f"through {pts}, never approaching x* = 0.")
        return "\n".join(lines)


def polyak_counterexample(mu=1.0, L=25.0, x0=None) -> PolyakCounterexample:
    r"""The counterexample of Lessard, Recht & Packard (2016, §4.6) with Polyak's heavy-ball tuning.

    Parameters
    ----------
    mu, L : float
        Strong convexity and smoothness, :math:`0 < \mu < L` (the paper:
        1 and 25). ``L == mu`` is refused: f would be a plain quadratic.
    x0 : float, optional
        The start (:math:`x_{-1} = x_0`). Default: 3.3 if it cycles (it does
        for the paper's 25), else the cycling start nearest to it in [-30, 30].

    Returns
    -------
    PolyakCounterexample

    Raises
    ------
    ValueError
        ``mu`` <= 0, ``L <= mu``; no ``x0`` and no start in [-30, 30] cycles.

    Examples
    --------
    >>> ce = polyak_counterexample()
    >>> round(ce.eta, 12), round(ce.beta, 12)          # 1/9 and 4/9
    (0.111111111111, 0.444444444444)
    >>> polyak_counterexample(mu=2.0, L=50.0).cycle().period   # only kappa matters
    3
    >>> polyak_counterexample(L=10.0)
    Traceback (most recent call last):
    ...
    ValueError: x0: no start in [-30, 30] makes heavy ball cycle for kappa = 10 (the period-3 cycle needs kappa >= 21.4266); pass x0 to run it anyway
    """
    from momentum_theory.tuning import heavy_ball_optimal

    mu, L = _v.curvature_interval(mu, L)
    if L == mu:
        raise ValueError(f"L must be > mu (L == mu makes f a plain quadratic), got L={L}")
    tuned = heavy_ball_optimal(mu, L)
    if x0 is not None:
        return PolyakCounterexample(mu, L, float(tuned.eta), float(tuned.beta),
                                    _v.real_scalar(x0, "x0"))
    ce = PolyakCounterexample(mu, L, float(tuned.eta), float(tuned.beta), DEFAULT_START)
    if ce.cycling_starts(DEFAULT_START):
        return ce
    order = np.argsort(np.abs(_SEARCH - DEFAULT_START), kind="stable")
    found = _SEARCH[order][ce.cycling_starts(_SEARCH[order])]
    if found.size == 0:
        raise ValueError(f"x0: no start in [-30, 30] makes heavy ball cycle for kappa = "
                         f"{L / mu:g} (the period-3 cycle needs kappa >= 21.4266); "
                         f"pass x0 to run it anyway")
    return PolyakCounterexample(mu, L, ce.eta, ce.beta, float(found[0]))


# --- the checks behind the record's methods ------------------------------------------


def _rational_sqrt(q):
    """sqrt(q) as a Fraction when q is the square of a rational, else None."""
    n, d = math.isqrt(q.numerator), math.isqrt(q.denominator)
    return Fraction(n, d) if n * n == q.numerator and d * d == q.denominator else None


def _exact_tuning(mu, L):
    """Polyak's (eta, beta) as Fractions when sqrt(mu) and sqrt(L) are rational, else None."""
    rm, rL = _rational_sqrt(Fraction(mu)), _rational_sqrt(Fraction(L))
    return None if None in (rm, rL) else (4 / (rL + rm) ** 2, ((rL - rm) / (rL + rm)) ** 2)


def _class_check(ce, lo, hi, num):
    lo, hi = _v.real_scalar(lo, "lo"), _v.real_scalar(hi, "hi")
    if not lo < hi:
        raise ValueError(f"hi must be > lo, got lo={lo}, hi={hi}")
    num = _v.count(num, "num", minimum=3)
    _v.result_size(num, 8 * 4, "num")
    m, L = Fraction(ce.mu), Fraction(ce.L)
    # f and f' on each piece, integrated by hand from f'(0) = f(0) = 0; compared exactly at the kinks
    f_exact = (lambda x: L * x * x / 2, lambda x: m * x * x / 2 + (L - m) * x - (L - m) / 2,
               lambda x: L * x * x / 2 - (L - m) * x + 3 * (L - m) / 2)
    slopes, offsets = (L, m, L), (Fraction(0), L - m, -(L - m))
    g_exact = [lambda x, s=s, c=c: s * x + c for s, c in zip(slopes, offsets)]
    continuous = all(f_exact[k](Fraction(b)) == f_exact[k + 1](Fraction(b))
                     and g_exact[k](Fraction(b)) == g_exact[k + 1](Fraction(b))
                     for k, b in enumerate(BREAKPOINTS))
    pieces = tuple(zip((-math.inf, *BREAKPOINTS), (*BREAKPOINTS, math.inf), slopes))
    slopes_ok = all(m <= s <= L for s in slopes)

    kinks = [b for b in BREAKPOINTS if lo < b < hi]
    fine = np.unique(np.concatenate([np.linspace(lo, hi, num), kinks]))
    coarse = np.unique(np.concatenate([np.linspace(lo, hi, 401), kinks]))
    g_fine = ce.grad(fine)
    neighbours = np.diff(g_fine) / np.diff(fine)
    x, y = np.meshgrid(coarse, coarse, indexing="ij")
    fx, fy, gx, gy = ce.f(x), ce.f(y), ce.grad(x), ce.grad(y)
    off = ~np.eye(coarse.size, dtype=bool)
    pairs = (gy - gx)[off] / (y - x)[off]
    lows, highs = min(neighbours.min(), pairs.min()), max(neighbours.max(), pairs.max())
    d = y - x
    lower = (fy - fx - gx * d - 0.5 * ce.mu * d * d).min()
    upper = (fx + gx * d + 0.5 * ce.L * d * d - fy).min()
    # central differences are exact on a quadratic piece up to rounding: stay off the kinks
    step = 1e-5 * max(1.0, abs(lo), abs(hi))
    smooth = coarse[np.abs(coarse[:, None] - np.asarray(BREAKPOINTS)).min(axis=1) > 2 * step]
    central = (ce.f(smooth + step) - ce.f(smooth - step)) / (2 * step)
    derivative_error = float(np.abs(central - ce.grad(smooth)).max())
    g_scale = max(1.0, float(np.abs(g_fine).max()))
    # rounding bounds: a quotient of two f' values ~g_scale over the grid spacing; sums of f terms
    eps = np.finfo(float).eps
    q_tol = 64 * eps * g_scale / float(np.diff(fine).min())
    span = hi - lo
    f_tol = 64 * eps * (float(np.abs(fx).max()) + g_scale * span + ce.L * span * span)
    holds = bool(continuous and slopes_ok and lows >= ce.mu - q_tol and highs <= ce.L + q_tol
                 and lower >= -f_tol and upper >= -f_tol
                 and derivative_error <= 64 * eps * float(np.abs(fx).max()) / step)
    return ClassCheck(ce.mu, ce.L, pieces, continuous, (float(lows), float(highs)),
                      float(lower), float(upper), derivative_error, holds)


def _solve_fractions(M, rhs):
    """Gauss-Jordan elimination in exact arithmetic (M square, nonsingular)."""
    n = len(rhs)
    A = [list(row) + [r] for row, r in zip(M, rhs)]
    for col in range(n):
        pivot = next(i for i in range(col, n) if A[i][col] != 0)
        A[col], A[pivot] = A[pivot], A[col]
        for i in range(n):
            if i != col and A[i][col] != 0:
                factor = A[i][col] / A[col][col]
                A[i] = [a - factor * b for a, b in zip(A[i], A[col])]
    return [A[i][n] / A[i][i] for i in range(n)]


def _orbit_system(pieces, eta, beta, mu, L):
    """x_{i+1} - a_i x_i + beta x_{i-1} = -eta c_i around the cycle (indices mod p)."""
    p, zero = len(pieces), eta * 0
    M = [[zero] * p for _ in range(p)]
    steps = [1 + beta - eta * (L, mu, L)[k] for k in pieces]
    for i, a in enumerate(steps):   # a p = 1 or 2 cycle adds terms into the same entry
        M[i][(i + 1) % p] += 1
        M[i][i] -= a
        M[i][(i - 1) % p] += beta
    return M, [-eta * (zero, L - mu, mu - L)[k] for k in pieces], steps


def _multiplier(steps, beta, exact):
    """Spectral radius of the product of [[a, -beta], [1, 0]] over the period (det = beta^p)."""
    one = Fraction(1) if exact else 1.0
    P = [[one, 0 * one], [0 * one, one]]
    for a in steps:
        P = [[a * P[0][0] - beta * P[1][0], a * P[0][1] - beta * P[1][1]], [P[0][0], P[0][1]]]
    tr, det = P[0][0] + P[1][1], P[0][0] * P[1][1] - P[0][1] * P[1][0]
    disc = tr * tr - 4 * det
    if disc <= 0:  # complex pair (or a double root): modulus sqrt(det), or |tr|/2 when disc = 0
        return abs(float(tr)) / 2 if disc == 0 else math.sqrt(float(det))
    root = math.sqrt(float(disc))
    return max(abs(float(tr) + root), abs(float(tr) - root)) / 2


def _find_cycle(ce, steps, max_period):
    max_period = _v.count(max_period, "max_period", minimum=1)
    steps = _steps_for(ce.L / ce.mu) if steps is None else _v.count(steps, "steps")
    if steps < 4 * max_period:
        raise ValueError(f"steps must be >= 4 * max_period = {4 * max_period}, got {steps}")
    xs = ce.run(steps)
    tail = xs[-3 * max_period:]
    scale = float(np.abs(tail).max())
    tol = 1e-12 * scale
    period = None if scale < 1e-9 else next(
        (p for p in range(1, max_period + 1) if np.abs(tail[p:] - tail[:-p]).max() <= tol), None)
    if period is None:  # converged to x* = 0, or no short period
        return None
    apart = np.flatnonzero(np.abs(xs[period:] - xs[:-period]) > tol)
    onset = int(apart[-1]) + 1 if apart.size else 0
    # the last period of the run (closest to the orbit), from its largest point on
    last = xs[-period:]
    shift = int(np.argmax(last))
    points = np.roll(last, -shift)
    onset += (steps + 1 - period + shift - onset) % period
    pieces = tuple(int(k) for k in _piece_index(points))
    exact_params = _exact_tuning(ce.mu, ce.L)
    if exact_params is not None:
        eta, beta = exact_params
        M, rhs, a = _orbit_system(pieces, eta, beta, Fraction(ce.mu), Fraction(ce.L))
        exact = tuple(_solve_fractions(M, rhs))
        solved = np.array([float(q) for q in exact])
        on_pieces = tuple(sum(q >= b for b in BREAKPOINTS) for q in exact)
        multiplier = _multiplier(a, beta, True)
    else:
        M, rhs, a = _orbit_system(pieces, ce.eta, ce.beta, ce.mu, ce.L)
        exact, solved = None, np.linalg.solve(np.array(M, dtype=float), np.array(rhs))
        on_pieces = tuple(int(k) for k in _piece_index(solved))
        multiplier = _multiplier(a, ce.beta, False)
    if on_pieces != pieces:  # the assumed pieces must hold for the solved orbit
        raise RuntimeError(f"the periodic-orbit equations put the points on pieces {on_pieces}, "
                           f"not on {pieces}: the orbit found numerically is not confirmed")
    return Cycle(period, tuple(float(x) for x in points), pieces, onset,
                 tuple(float(x) for x in solved), exact,
                 float(np.abs(points - solved).max()), multiplier)


def _quadratic_check(ce, num, steps):
    from momentum_theory import methods

    num = _v.count(num, "num", minimum=2)
    steps = _v.count(steps, "steps", minimum=1)
    _v.result_size(num, 8 * 3, "num")
    hb, lam = methods.get("heavy_ball"), np.linspace(ce.mu, ce.L, num)
    rho = hb.spectral_radius(ce.eta * lam, beta=ce.beta)
    # simulated with the record's own iteration (no eigenvalues involved)
    simulated = {float(c): float(abs(hb.iterate(lambda x, c=c: c * x, [1.0], ce.eta, steps,
                                                beta=ce.beta)[-1, 0]))
                 for c in (ce.mu, math.sqrt(ce.mu * ce.L), ce.L)}
    worst = float(hb.worst_rate(ce.mu, ce.L, ce.eta, beta=ce.beta))
    margins = (ce.eta * ce.mu, 2 + 2 * ce.beta - ce.eta * ce.L)
    return QuadraticCheck(lam, float(rho.max()), worst, math.sqrt(ce.beta), margins,
                          bool(np.all(hb.converges(ce.eta * lam, beta=ce.beta))), simulated, steps)
