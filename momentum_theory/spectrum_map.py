r"""The whole-spectrum view: the worst rate over :math:`\lambda \in [\mu, L]` as a map over :math:`(\eta, \beta)`.

The chapter's map is per eigenvalue: :math:`\rho(\eta\lambda, \beta)`. A
quadratic with curvatures spread over :math:`[\mu, L]` needs one
:math:`(\eta, \beta)` for all of them, and converges at the worst rate

.. math::

    r(\eta, \beta) = \max_{\lambda\in[\mu, L]} \rho(\eta\lambda, \beta).

For every method record whose trace and determinant are affine in
:math:`h = \eta\lambda` (:meth:`~momentum_theory.methods.Method.affine_trace_det`:
heavy ball, Nesterov, the two-step family, QHM) the maximum is exact, not
sampled, and sits at an end of the spectrum:

- the roots are complex exactly where the discriminant :math:`T^2 - 4D` (a
  quadratic in :math:`h` with leading coefficient :math:`t_1^2 \ge 0`) is
  :math:`\le 0`, an interval of :math:`h`; there :math:`\rho = \sqrt{D}`,
  monotone in :math:`h`;
- outside it each real root is monotone in :math:`h` (the argument of the
  methods package's ``worst_rate``: :math:`r' = 0` would need the root
  :math:`d_1/t_1` for every :math:`h`), so its modulus falls and then rises
  at most, and so does the larger of the two: largest at a stretch's ends;
- at a critical-damping point :math:`h_c` (an end of the complex interval)
  :math:`\rho` is no local maximum: on the real side
  :math:`\rho = \tfrac12(|T| + \sqrt{T^2 - 4D})` exceeds
  :math:`|T|/2 \approx \sqrt{D(h_c)}` by about :math:`\sqrt{|h - h_c|}`.

So :math:`r = \max(\rho(\eta\mu), \rho(\eta L))`, each end by the
record's accurate radius; the critical points (solved in 40 digits from the
exact rational coefficients) only say which regime each end is in. Each point is then
labelled by where its worst case comes from (:data:`REGION_NAMES`).

For heavy ball the labels are derived in SymPy
(:func:`momentum_theory.symbolic.spectrum_regions.spectrum_regions`, also
:func:`derive_regions`): the curves :math:`\eta\mu = (1-\sqrt\beta)^2`,
:math:`\eta L = (1+\sqrt\beta)^2`, :math:`\eta = 2(1+\beta)/(\mu+L)` and
:math:`\eta L = 2 + 2\beta` bound them, and meet at Polyak's tuning.

Contents
--------
:data:`REGION_NAMES`, :data:`SMALLEST`, :data:`LARGEST`, :data:`COMPLEX`, :data:`DIVERGES`
    The region codes and their names.
:func:`worst_rate_map`
    :math:`r(\eta, \beta)` on broadcast arrays.
:func:`worst_rate_regions`
    The region code of each point, and the names of the codes.
:class:`SpectrumRateGrid`, :func:`spectrum_rate_grid`
    Both on a grid at one :math:`\kappa` (:math:`L = 1`), with the optimum
    and the boundary curves: what :func:`momentum_theory.plots.spectrum_view` draws.
:func:`derive_regions`
    The SymPy derivation of heavy ball's regions.

Examples
--------
>>> from momentum_theory import spectrum_map as sm
>>> round(float(sm.worst_rate_map(1.0, 100.0, 0.01, 0.5)), 6)   # set by lambda = mu
0.979574
>>> sm.REGION_NAMES[int(sm.worst_rate_regions(1.0, 100.0, 0.01, 0.5)[0])]
'set by the smallest eigenvalue'
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from fractions import Fraction

import numpy as np

from momentum_theory import _validation as _v
# a fraction as a float, infinite beyond float64's range (tiny parameters give huge ratios)
from momentum_theory._radius.companion import float_or_inf as _float

__all__ = ["REGION_NAMES", "SMALLEST", "LARGEST", "COMPLEX", "DIVERGES",
           "worst_rate_map", "worst_rate_regions", "SpectrumRateGrid", "spectrum_rate_grid",
           "derive_regions"]

#: Region codes: the worst case is set by lambda = mu, by lambda = L, by
#: complex roots (rho = sqrt(D): sqrt(beta) for heavy ball), or some lambda diverges.
SMALLEST, LARGEST, COMPLEX, DIVERGES = 0, 1, 2, 3
#: The name of each code (``REGION_NAMES[code]``); for a method other than
#: heavy ball the third reads with its own determinant (:func:`worst_rate_regions`).
REGION_NAMES = ("set by the smallest eigenvalue", "set by the largest eigenvalue",
                "complex roots at sqrt(beta)", "diverges")


def _record(method):
    """The method record, which must have a parameter ``beta`` and affine trace/determinant."""
    from momentum_theory import methods

    if isinstance(method, str):
        if method not in methods.available():
            raise ValueError(f"method must be one of {methods.available()} or a record, "
                             f"got {method!r}")
        method = methods.get(method)
    if not isinstance(method, methods.Method):
        raise TypeError(f"method must be a method record or a registered name, "
                        f"got {type(method).__name__}")
    if "beta" not in method.params:
        raise ValueError(f"method {method.name!r} has no parameter beta to map over "
                         f"(its parameters: {', '.join(method.params) or 'none'})")
    return method


def _complex_interval(coeffs):
    r"""Where the roots are complex or double, ``(lo, hi)`` in :math:`h`.

    The discriminant :math:`(t_0 + t_1 h)^2 - 4(d_0 + d_1 h)` has leading
    coefficient :math:`t_1^2 \ge 0`, so where it is :math:`\le 0` is an
    interval: possibly empty (NaNs), possibly unbounded (infinite ends).
    Its ends are solved in 40 digits from the exact coefficients.
    """
    import mpmath

    t0, t1, d0, d1 = coeffs
    a, b, c = t1 * t1, 2 * t0 * t1 - 4 * d1, t0 * t0 - 4 * d0
    if a == 0:
        if b == 0:
            return (-math.inf, math.inf) if c <= 0 else (math.nan, math.nan)
        root = _float(-c / b)
        return (-math.inf, root) if b > 0 else (root, math.inf)
    disc = b * b - 4 * a * c
    if disc < 0:
        return math.nan, math.nan
    with mpmath.workdps(40):
        sq = mpmath.sqrt(mpmath.mpf(disc.numerator) / disc.denominator)
        mb, two_a = mpmath.mpf(-b.numerator) / b.denominator, mpmath.mpf(2 * a.numerator) / a.denominator
        return float((mb - sq) / two_a), float((mb + sq) / two_a)


def _stable_interval(coeffs):
    r"""The open interval of :math:`h` where both roots lie inside the unit circle (Jury, affine in h)."""
    t0, t1, d0, d1 = coeffs
    lo, hi = -math.inf, math.inf
    # 1 - D > 0, 1 - T + D > 0, 1 + T + D > 0: each p + q h > 0.
    for p, q in ((1 - d0, -d1), (1 - t0 + d0, -t1 + d1), (1 + t0 + d0, t1 + d1)):
        if q > 0:
            lo = max(lo, _float(-p / q))
        elif q < 0:
            hi = min(hi, _float(-p / q))
        elif p <= 0:
            return math.nan, math.nan
    return (lo, hi) if lo < hi else (math.nan, math.nan)


def _per_beta(record, betas, params):
    """Complex and stable intervals of ``h`` for each value in ``betas`` (1-D), as arrays."""
    out = np.empty((betas.size, 4))
    for i, b in enumerate(betas):
        coeffs = record.affine_trace_det(beta=float(b), **params)
        if coeffs is None:
            raise ValueError(f"method {record.name!r}: its trace or determinant is not affine in "
                             "eta*lambda, so the worst rate over [mu, L] is not exact here "
                             "(use its worst_rate)")
        out[i, :2] = _complex_interval(coeffs)
        out[i, 2:] = _stable_interval(coeffs)
    return out.T


def _inputs(mu, L, eta, beta, method, params):
    mu, L = _v.curvature_interval(mu, L)
    eta = _v.real_array(eta, "eta")
    beta = _v.real_array(beta, "beta")
    if np.any(eta <= 0):
        raise ValueError("eta must be positive")
    if not np.all(np.isfinite(eta * L)):
        raise ValueError(f"eta * L overflows float64 (L={L!r})")
    _v.broadcast((eta, "eta"), (beta, "beta"))     # the shapes must broadcast (views only)
    record = _record(method)
    params = {k: _v.real_scalar(v, k) for k, v in params.items()}
    return mu, L, np.asarray(eta), np.asarray(beta), record, params


#: Points per chunk of :func:`_evaluate` (about 0.5 MiB per float64 temporary).
_CHUNK = 2 ** 16


def _evaluate(mu, L, eta, beta, record, params):
    """``(worst, code)``: float64 and int8 arrays of the broadcast shape of ``eta`` and ``beta``.

    Filled chunk by chunk (``_CHUNK`` points, in C order): one chunk's
    temporaries are all the memory beyond the results, however many points;
    every step is pointwise, so a point's value does not depend on its chunk.
    The intervals of ``h`` are solved once per distinct value of ``beta`` as
    given (not of its broadcast), then looked up.
    """
    values = np.unique(beta)
    c_lo_of, c_hi_of, _, _ = _per_beta(record, values, params)
    eta, beta = np.broadcast_arrays(eta, beta)
    # The results: rate (8 bytes) and region code (1 byte) per point.
    _v.result_size(eta.shape, 9, "eta", "beta", what="a worst-rate map")
    worst = np.empty(eta.shape)
    code = np.empty(eta.shape, dtype=np.int8)
    flags = ["external_loop", "buffered", "zerosize_ok"]
    with np.nditer([eta, beta, worst, code], flags=flags, order="C", buffersize=_CHUNK,
                   op_flags=[["readonly"], ["readonly"], ["writeonly"], ["writeonly"]]) as it:
        for e, b, w, c in it:
            _evaluate_chunk(mu, L, e, b, values, c_lo_of, c_hi_of, record, params, w, c)
    return worst, code


def _evaluate_chunk(mu, L, eta, beta, values, c_lo_of, c_hi_of, record, params, worst, code):
    """One chunk of :func:`_evaluate`: 1-D ``eta`` and ``beta`` in, ``worst`` and ``code`` written."""
    at = np.searchsorted(values, beta)          # beta's place among the distinct values
    c_lo, c_hi = c_lo_of[at], c_hi_of[at]
    h_lo, h_hi = eta * mu, eta * L
    ends = np.stack([np.asarray(record.spectral_radius(h, beta=beta, **params), dtype=float)
                     for h in (h_lo, h_hi)])
    which = np.argmax(ends, axis=0)
    np.max(ends, axis=0, out=worst)
    with np.errstate(invalid="ignore"):
        complex_lo = (c_lo <= h_lo) & (h_lo <= c_hi)
        complex_hi = (c_lo <= h_hi) & (h_hi <= c_hi)
    code[...] = COMPLEX
    code[(which == 0) & ~complex_lo] = SMALLEST
    code[(which == 1) & ~complex_hi] = LARGEST
    stable = (np.asarray(record.converges(h_lo, beta=beta, **params))
              & np.asarray(record.converges(h_hi, beta=beta, **params)))
    code[~stable] = DIVERGES


def worst_rate_map(mu, L, eta, beta, *, method="heavy_ball", **params):
    r"""The worst rate :math:`\max_{\lambda\in[\mu,L]}\rho(\eta\lambda, \beta)`, exactly, on broadcast arrays.

    Parameters
    ----------
    mu, L : float
        The spectrum, :math:`0 < \mu \le L`.
    eta : array_like
        Step sizes, positive.
    beta : array_like
        Momenta (broadcast against ``eta``); any real value (:math:`|\beta| \ge 1`
        diverges, its rate is :math:`\ge 1`).
    method : str or momentum_theory.methods.Method
        A registered name or a record with a parameter ``beta`` and trace
        and determinant affine in :math:`\eta\lambda` (``"heavy_ball"``,
        ``"nesterov"``, ``"two_step"``, ``"qhm"``).
    **params : float
        The record's other parameters, scalars (``gamma=``, ``nu=``; defaults
        where omitted).

    Returns
    -------
    float or ndarray
        Of the broadcast shape (a NumPy scalar when ``eta`` and ``beta`` are scalars).

    Raises
    ------
    ValueError
        ``mu``/``L`` not an interval, ``eta`` not positive, NaN or inf
        (naming the argument); shapes that do not broadcast; a method with no
        ``beta`` or a non-affine recursion.
    TypeError
        Strings, booleans, complex values; a parameter the method does not have.

    Notes
    -----
    Exact for the interval :math:`h \in [\mathrm{fl}(\eta\mu), \mathrm{fl}(\eta L)]`
    of the rounded products: the ends within a few ulp (the record's
    radius), the critical points from the exact coefficients. Where an end
    sits on a critical-damping curve (Polyak's tuning), rounding
    :math:`\eta\lambda` alone moves :math:`\rho` by about
    :math:`\sqrt{\epsilon} \approx 10^{-8}`: that is the radius at the rounded
    product, not an error of the maximum.

    Computed chunk by chunk (65536 points at a time) into the result: the
    scratch is a few MiB whatever the number of points; the result (with
    the region codes, 9 bytes a point) is refused above
    ``momentum_theory._validation.MAX_RESULT_BYTES``.

    Examples
    --------
    >>> import numpy as np
    >>> worst_rate_map(1.0, 100.0, [0.01, 0.0298], 0.5).round(6).tolist()
    [0.979574, 0.958174]
    >>> from momentum_theory.tuning import heavy_ball_optimal
    >>> t = heavy_ball_optimal(1.0, 100.0)
    >>> abs(float(worst_rate_map(1.0, 100.0, t.eta, t.beta)) - 9 / 11) < 1e-7
    True
    >>> round(float(worst_rate_map(1.0, 100.0, 0.01, 0.9, method="nesterov")), 6)
    0.943928
    """
    mu, L, eta_a, beta_a, record, params = _inputs(mu, L, eta, beta, method, params)
    worst, _ = _evaluate(mu, L, eta_a, beta_a, record, params)
    return _v.scalar_out(worst, np.asarray(eta), np.asarray(beta))


def worst_rate_regions(mu, L, eta, beta, *, method="heavy_ball", **params):
    r"""Where each worst rate comes from: an integer code per point and the names of the codes.

    Codes (:data:`REGION_NAMES`): :data:`SMALLEST` (0) the worst curvature is
    :math:`\mu`, with real roots; :data:`LARGEST` (1) it is :math:`L`, with
    real roots; :data:`COMPLEX` (2) the worst rate is :math:`\sqrt{D}` of
    complex (or double) roots, for heavy ball :math:`\sqrt\beta` with all of
    :math:`[\eta\mu, \eta L]` inside the complex band
    :math:`(1-\sqrt\beta)^2 \le \eta\lambda \le (1+\sqrt\beta)^2`;
    :data:`DIVERGES` (3) some :math:`\lambda \in [\mu, L]` lies outside the
    stability region (decided exactly, on the record's Jury conditions at
    both ends: for an affine recursion they hold on an interval of
    :math:`h`). Where two cases give the same rate (on a boundary) either
    code may be returned.

    Parameters
    ----------
    mu, L : float
        The spectrum, :math:`0 < \mu \le L`.
    eta : array_like
        Step sizes, positive.
    beta : array_like
        Momenta, broadcast against ``eta``.
    method : str or momentum_theory.methods.Method
        As in :func:`worst_rate_map`.
    **params : float
        The record's other parameters, scalars.

    Returns
    -------
    codes : ndarray of int8
        The broadcast shape (0-d for scalars).
    names : tuple of str
        ``names[code]``; the third names the method's determinant
        (``"complex roots at sqrt(beta)"`` for heavy ball).

    Examples
    --------
    >>> codes, names = worst_rate_regions(1.0, 100.0, [0.01, 0.02, 0.0298, 0.031],
    ...                                   [0.5, 0.9, 0.5, 0.5])
    >>> [names[c] for c in codes.tolist()]
    ['set by the smallest eigenvalue', 'complex roots at sqrt(beta)', 'set by the largest eigenvalue', 'diverges']
    >>> worst_rate_regions(1.0, 100.0, 0.01, 0.9, method="nesterov")[1][COMPLEX]
    'complex roots at sqrt(-beta*h + beta)'
    """
    mu, L, eta_a, beta_a, record, params = _inputs(mu, L, eta, beta, method, params)
    _, code = _evaluate(mu, L, eta_a, beta_a, record, params)
    return code, _names(record)


def _names(record):
    import sympy as sp

    det = record.region().steps["determinant"]
    return REGION_NAMES[:COMPLEX] + (f"complex roots at sqrt({sp.sstr(det)})",) + REGION_NAMES[3:]


@dataclass(frozen=True, eq=False, repr=False)
class SpectrumRateGrid:
    r"""The worst rate over :math:`[\mu, L]` on a grid of :math:`(\eta, \beta)`, its regions and optimum.

    Attributes
    ----------
    method : str
        The record's name.
    params : dict
        Its other parameters, held fixed.
    kappa, mu, L : float
        The spectrum (:math:`L = 1`, :math:`\mu = 1/\kappa`).
    eta, beta : ndarray
        The axes, 1-D.
    rate : ndarray
        :func:`worst_rate_map` on the grid, shape ``(beta.size, eta.size)``.
    region : ndarray of int8
        :func:`worst_rate_regions`, same shape.
    names : tuple of str
        The name of each region code.
    optimum : momentum_theory.methods.Tuned
        The method package's optimal tuning for :math:`[\mu, L]`: its
        closed form where it has one (Polyak's, derived, for heavy ball),
        else its numeric minimax with the other parameters fixed.
    optimum_rate : float
        :func:`worst_rate_map` at the optimum.
    curves : dict
        Curves over the ``beta`` axis, each an array of :math:`\eta` (NaN where
        it does not exist): ``"mu_end_enters_band"`` (:math:`\eta\mu` at the
        lower end of the complex interval), ``"L_end_leaves_band"``
        (:math:`\eta L` at its upper end), ``"equal_end_rates"`` (the ends, on
        either side of it, equally bad: found by bisection) and
        ``"stability_edge"`` (:math:`\eta L` at the end of the stable interval).
    heavy_ball_form : bool
        True when the record is heavy ball in form (:math:`T = 1 + \beta - h`,
        :math:`D = \beta`), so the derived formulas of :func:`derive_regions`
        and the chapter's per-eigenvalue map describe it.
    """

    method: str
    params: dict
    kappa: float
    mu: float
    L: float
    eta: np.ndarray
    beta: np.ndarray
    rate: np.ndarray
    region: np.ndarray
    names: tuple
    optimum: object
    optimum_rate: float
    curves: dict = field(default_factory=dict)
    heavy_ball_form: bool = False

    def shares(self):
        """The fraction of grid points in each region, ``{name: fraction}``.

        Examples
        --------
        >>> g = spectrum_rate_grid(100.0, n=40)
        >>> round(sum(g.shares().values()), 12)
        1.0
        """
        counts = np.bincount(self.region.ravel(), minlength=len(self.names))
        return {name: float(c) / self.region.size for name, c in zip(self.names, counts)}

    def summary(self):
        """The numbers in three lines: what was mapped, the optimum, the grid minimum."""
        i, j = np.unravel_index(np.argmin(self.rate), self.rate.shape)
        o = self.optimum
        fixed = "".join(f", {k} = {v:g}" for k, v in self.params.items())
        return (f"{self.method}{fixed}: worst rate over [mu, L] = [{self.mu:.6g}, {self.L:g}] "
                f"(kappa = {self.kappa:g}) on {self.beta.size} x {self.eta.size} (beta, eta)\n"
                f"optimum ({o.source}): eta = {o.eta:.6g}, beta = {o.params['beta']:.6g}, "
                f"rate = {o.rate:.6g} (map there: {self.optimum_rate:.6g})\n"
                f"grid minimum: {float(self.rate[i, j]):.6g} at eta = {float(self.eta[j]):.6g}, "
                f"beta = {float(self.beta[i]):.6g}")

    def __str__(self):
        return self.summary()

    def _repr_html_(self):
        import html

        lines = "".join(f"<p>{html.escape(line, quote=False)}</p>"
                        for line in self.summary().splitlines())
        rows = "".join(f"<tr><td>{code}</td><td>{html.escape(name, quote=False)}</td>"
                       f"<td>{share:.1%}</td></tr>"
                       for code, (name, share) in enumerate(self.shares().items()))
        return ("<div>" + lines + "<table><thead><tr><th>code</th><th>region</th>"
                "<th>share of the grid</th></tr></thead><tbody>" + rows + "</tbody></table></div>")

    def __repr__(self):
        return (f"<SpectrumRateGrid {self.method}, kappa = {self.kappa:g}: "
                f"{self.beta.size} x {self.eta.size}, optimum rate {self.optimum.rate:.6g}>")


def _optimum(record, mu, L, params):
    """The record's closed-form optimum (only beta to tune), else its numeric minimax."""
    if record.params == ("beta",):
        try:
            return record.optimal(mu, L)
        except NotImplementedError:
            pass
    return record.minimize_worst_rate(mu, L, **params)


def _equal_end_rates(record, mu, L, betas, lo, hi, params, rounds=60):
    r"""Per beta, the :math:`\eta` in ``(lo, hi)`` where :math:`\rho(\eta\mu) = \rho(\eta L)` (bisection).

    On that bracket the smaller end is below the complex interval and the
    larger above it, so :math:`\rho(\eta\mu)` falls and :math:`\rho(\eta L)`
    rises with :math:`\eta`: one crossing at most.
    """
    ok = np.isfinite(lo) & np.isfinite(hi) & (lo < hi)
    a, b = np.where(ok, lo, 1.0), np.where(ok, hi, 2.0)

    def gap(e):
        return (np.asarray(record.spectral_radius(e * mu, beta=betas, **params))
                - np.asarray(record.spectral_radius(e * L, beta=betas, **params)))

    ok &= (gap(a) > 0) & (gap(b) < 0)
    for _ in range(rounds):
        m = 0.5 * (a + b)
        above = gap(m) > 0
        a, b = np.where(above, m, a), np.where(above, b, m)
    return np.where(ok, 0.5 * (a + b), np.nan)


def spectrum_rate_grid(kappa, *, n=200, method="heavy_ball", eta_max=None, beta_range=(0.0, 0.99),
                       **params):
    r"""The whole-spectrum map at one condition number: rates, regions, curves and the optimum.

    Parameters
    ----------
    kappa : float
        :math:`\kappa = L/\mu \ge 1`; the spectrum is :math:`[1/\kappa, 1]`.
    n : int
        Grid points per axis (>= 2).
    method : str or momentum_theory.methods.Method
        As in :func:`worst_rate_map`.
    eta_max : float, optional
        The :math:`\eta` axis is ``linspace(eta_max / n, eta_max, n)``;
        default 1.05 times the largest stable :math:`\eta` over the
        :math:`\beta` axis.
    beta_range : (float, float)
        The :math:`\beta` axis, ``lo < hi``.
    **params : float
        The record's other parameters, scalars.

    Returns
    -------
    SpectrumRateGrid

    Notes
    -----
    The map is computed chunk by chunk into ``rate`` and ``region`` (see
    :func:`worst_rate_map`): ``n = 10**4`` (:math:`10^8` points, a 0.84 GiB
    result) needs about 16 MiB more, and 75-100 s on 2 shared cores.

    Examples
    --------
    >>> g = spectrum_rate_grid(100.0, n=60)
    >>> g.rate.shape, g.optimum.source, round(g.optimum.rate, 12)
    ((60, 60), 'closed form', 0.818181818182)
    >>> bool(g.rate.min() >= g.optimum_rate - 1e-7)      # no grid point beats Polyak
    True
    >>> sorted(g.curves)
    ['L_end_leaves_band', 'equal_end_rates', 'mu_end_enters_band', 'stability_edge']
    """
    kappa = _v.real_scalar(kappa, "kappa")
    if not kappa >= 1.0:
        raise ValueError(f"kappa must be >= 1, got {kappa}")
    n = _v.count(n, "n", minimum=2)
    try:
        lo, hi = beta_range
    except (TypeError, ValueError):
        raise TypeError("beta_range must be a pair (lo, hi)") from None
    lo, hi = _v.real_scalar(lo, "beta_range"), _v.real_scalar(hi, "beta_range")
    if not lo < hi:
        raise ValueError(f"beta_range must be (lo, hi) with lo < hi, got ({lo}, {hi})")
    L = 1.0
    mu = L / kappa
    _v.result_size((n, n), 9, "n", what="a worst-rate map and its regions")
    record = _record(method)
    params = {k: _v.real_scalar(v, k) for k, v in params.items()}
    beta = np.linspace(lo, hi, n)
    c_lo, c_hi, _, s_hi = _per_beta(record, beta, params)
    if eta_max is None:
        finite = s_hi[np.isfinite(s_hi)]
        if not finite.size:
            raise ValueError(f"method {record.name!r} is stable for no eta on beta_range; "
                             "give eta_max")
        eta_max = 1.05 * float(finite.max()) / L
    eta_max = _v.real_scalar(eta_max, "eta_max")
    if eta_max <= 0:
        raise ValueError(f"eta_max must be positive, got {eta_max}")
    eta = np.linspace(eta_max / n, eta_max, n)
    rate, region = _evaluate(mu, L, eta[None, :], beta[:, None], record, params)
    optimum = _optimum(record, mu, L, params)
    at = _evaluate(mu, L, np.array([optimum.eta]), np.array([optimum.params["beta"]]), record,
                   params)[0]
    with np.errstate(invalid="ignore"):
        curves = {"mu_end_enters_band": c_lo / mu, "L_end_leaves_band": c_hi / L,
                  "equal_end_rates": _equal_end_rates(record, mu, L, beta, c_hi / L, c_lo / mu,
                                                      params),
                  "stability_edge": s_hi / L}
    curves = {k: np.where(np.isfinite(v), v, np.nan) for k, v in curves.items()}
    return SpectrumRateGrid(method=record.name, params=params, kappa=kappa, mu=mu, L=L, eta=eta,
                            beta=beta, rate=rate, region=region, names=_names(record),
                            optimum=optimum, optimum_rate=float(at[0]), curves=curves,
                            heavy_ball_form=_heavy_ball_form(record, params))


def _heavy_ball_form(record, params):
    """Whether T = 1 + beta - h and D = beta for every beta (heavy ball's derived curves apply).

    Read off the record's exact coefficients at two values of beta, so a rule
    of that form (two_step at gamma = 0, a user's copy) qualifies by what it is,
    not by its name.
    """
    for b in (Fraction(1, 4), Fraction(3, 4)):
        coeffs = record.affine_trace_det(**{**params, "beta": float(b)})
        if coeffs is None or tuple(coeffs) != (1 + b, -1, b, 0):
            return False
    return True


def derive_regions():
    r"""The SymPy derivation of heavy ball's regions (:func:`~momentum_theory.symbolic.spectrum_regions.spectrum_regions`).

    Returns
    -------
    Derivation
        The curves :math:`\eta\mu = (1-\sqrt\beta)^2`,
        :math:`\eta L = (1+\sqrt\beta)^2`, :math:`\eta = 2(1+\beta)/(\mu+L)`,
        :math:`\eta L = 2+2\beta`, the four regions as conditions, and the
        corner where they meet (Polyak's tuning), each checked.

    Examples
    --------
    >>> d = derive_regions()
    >>> d.result["stability_edge"]
    Eq(eta, 2*(beta + 1)/L)
    """
    from momentum_theory.symbolic.spectrum_regions import spectrum_regions

    return spectrum_regions()
