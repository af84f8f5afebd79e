r"""Spectral analysis of the heavy-ball transition matrix.

On a quadratic with curvature :math:`\lambda`, momentum acts on the state
:math:`(v, x)` through

.. math::

    R(\beta, \eta, \lambda) = \begin{bmatrix} \beta & \lambda \\
                                           -\eta\beta & 1 - \eta\lambda \end{bmatrix},

whose trace is :math:`1 + \beta - \eta\lambda` and determinant :math:`\beta`.
The eigenvalues therefore depend on :math:`h = \eta\lambda` and :math:`\beta`
only: they are the roots of :math:`\mu^2 - (1 + \beta - h)\mu + \beta`.
Everything here is a closed form in ``(h, beta)``, vectorised and broadcasting
like a ufunc; :func:`stability_boundary` and :func:`confirm_region` find the
convergence region numerically, independently of the SymPy derivation.
Trace and discriminant are carried with error-free transformations, so
:func:`spectral_radius` stays within a few ulp even where the discriminant
cancels (see its Notes); maps of :math:`10^8` points are in
:mod:`momentum_theory.ratemaps`.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from momentum_theory import _radius, _validation as _v
from momentum_theory._eft import two_sum

__all__ = [
    "transition_matrix",
    "transition_eigenvalues",
    "spectral_radius",
    "stability_boundary",
    "in_region",
    "RateMap",
    "rate_map",
    "RegionConfirmation",
    "confirm_region",
    "map_on_grid",
    "compare_with_region",
]


def transition_matrix(eta, lam, beta):
    r"""The heavy-ball transition matrix :math:`R(\beta, \eta, \lambda)`.

    Parameters
    ----------
    eta, lam, beta : array_like
        Step size, curvature and momentum; broadcast against each other.

    Returns
    -------
    ndarray, shape (..., 2, 2)
        ``R`` acting on the column state ``(v, x)``: one step maps
        ``(v_{t}, x_{t})`` to ``(v_{t+1}, x_{t+1})``.

    Examples
    --------
    >>> transition_matrix(0.5, 2.0, 0.25)
    array([[ 0.25 ,  2.   ],
           [-0.125,  0.   ]])
    """
    eta = _v.real_array(eta, "eta")
    lam = _v.real_array(lam, "lam")
    beta = _v.real_array(beta, "beta")
    eta, lam, beta = _v.broadcast((eta, "eta"), (lam, "lam"), (beta, "beta"))
    _v.result_size(eta.shape + (2, 2), 8, "eta", "lam", "beta", what="transition matrices")
    R = np.empty(eta.shape + (2, 2))
    R[..., 0, 0] = beta
    R[..., 0, 1] = lam
    R[..., 1, 0] = -eta * beta
    R[..., 1, 1] = 1.0 - eta * lam
    return R


def transition_eigenvalues(eta_lambda, beta):
    r"""Eigenvalues of :math:`R`, in closed form, larger modulus first.

    Parameters
    ----------
    eta_lambda : array_like
        The product :math:`h = \eta\lambda`.
    beta : array_like
        Momentum; broadcast against ``eta_lambda``.

    Returns
    -------
    ndarray of complex, shape (..., 2)
        The roots of :math:`\mu^2 - (1 + \beta - h)\mu + \beta`; the first
        has the larger (or equal) modulus.

    Notes
    -----
    With real roots the larger one is :math:`(T + \operatorname{sign}(T)\sqrt{D})/2`
    and the smaller comes from Vieta's :math:`\mu_1\mu_2 = \beta`, which avoids
    the cancellation of :math:`T - \sqrt{D}`. T and D are computed with
    error-free transformations (see :func:`spectral_radius`), so the moduli
    agree with :func:`spectral_radius` to an ulp or two even next to critical
    damping.

    Examples
    --------
    >>> transition_eigenvalues(1.0, 0.25)
    array([0.125+0.48412292j, 0.125-0.48412292j])
    """
    h = _v.real_array(eta_lambda, "eta_lambda")
    beta = _v.real_array(beta, "beta")
    h, beta = _v.broadcast((h, "eta_lambda"), (beta, "beta"))
    _v.result_size(h.shape + (2,), 16, "eta_lambda", "beta", what="eigenvalue pairs")
    real, rho, half_imag, k, th = _radius.accurate_parts(h, beta)
    big = np.copysign(rho, th)
    with np.errstate(divide="ignore", invalid="ignore"):
        small = np.where(big != 0, beta / big, 0.0)
    half_trace = np.ldexp(th, k - 1)
    out = np.empty(h.shape + (2,), dtype=complex)
    out[..., 0] = np.where(real, big, half_trace + 1j * half_imag)
    out[..., 1] = np.where(real, small, half_trace - 1j * half_imag)
    return out


def spectral_radius(eta_lambda, beta):
    r"""Spectral radius :math:`\rho(R)`: the asymptotic rate of momentum.

    Parameters
    ----------
    eta_lambda : array_like
        The product :math:`h = \eta\lambda`.
    beta : array_like
        Momentum; broadcast against ``eta_lambda``.

    Returns
    -------
    float or ndarray
        :math:`\max |\mu|` over the two eigenvalues; a scalar when both
        inputs are scalars. Momentum converges on this curvature iff the
        exact radius is below 1; the rounded one is 1.0 within about an ulp
        of either edge of the region (at :math:`h = 10^{-20}`, say), so
        :func:`in_region` is the exact test.

    Notes
    -----
    With :math:`T = 1 + \beta - h` and :math:`D = T^2 - 4\beta`: real roots
    (:math:`D \ge 0`) give :math:`\rho = (|T| + \sqrt{D})/2`; complex roots
    are conjugates whose product is :math:`\beta`, so :math:`\rho = \sqrt\beta`
    exactly.

    Accuracy: within 4 ulp (in practice 2.5) of the exact value for the
    given doubles, everywhere, including on and next to the critical-damping
    curves :math:`h = (1 \pm \sqrt\beta)^2` where :math:`D` cancels and
    ``numpy.linalg.eigvals`` loses half the digits. The sum
    :math:`|T| + \sqrt D` has no cancellation; the error comes from T and D.
    A plain pass of in-place ufuncs carries T exactly (TwoSum) and rounds D
    once; where :math:`0 \le D < 0.075\,T^2` (1.6 % of a typical map) the
    point is recomputed with T and D as double-doubles (Dekker's TwoProduct)
    and :math:`\sqrt D` corrected by one Newton step. Large inputs are
    computed chunk by chunk, on several threads (see
    :mod:`momentum_theory.ratemaps`).

    Examples
    --------
    >>> round(float(spectral_radius(2.4, 0.25)), 6)
    0.858945
    >>> float(spectral_radius(1.0, 0.25)) == 0.5   # complex regime: sqrt(beta)
    True
    >>> spectral_radius([0.5, 4.0], 0.5)
    array([0.70710678, 2.28077641])
    """
    # NaN and inf are looked for afterwards: they make rho NaN or inf, and
    # the kernel reports non-finite rho more cheaply than isfinite over both
    # inputs (rho may also overflow from finite inputs: then no error).
    h = _v.real_array(eta_lambda, "eta_lambda", allow_nonfinite=True)
    beta = _v.real_array(beta, "beta", allow_nonfinite=True)
    h, beta = _v.broadcast((h, "eta_lambda"), (beta, "beta"))
    _v.result_size(h.shape, 8, "eta_lambda", "beta", what="spectral radii")
    rho, finite = _radius.radius(h, beta)
    if not finite:
        _v.real_array(h, "eta_lambda")      # raise, naming the non-finite input
        _v.real_array(beta, "beta")
    return rho          # a NumPy scalar when both inputs were scalars (h.ndim == 0)


def in_region(eta_lambda, beta):
    r"""Whether :math:`(\eta\lambda, \beta)` lies in the convergence region, decided exactly.

    Parameters
    ----------
    eta_lambda : array_like
        The product :math:`h = \eta\lambda`.
    beta : array_like
        Momentum (any real value); broadcast against ``eta_lambda``.

    Returns
    -------
    bool or ndarray of bool
        :math:`0 < h < 2 + 2\beta` and :math:`|\beta| < 1`, elementwise, for
        the exact values of the given doubles: the set where the spectral
        radius is below 1 and the iterates converge to 0.

    Notes
    -----
    ``spectral_radius(h, beta) < 1`` decides the same question, but the
    exact radius is 1 on both edges and within rounding of 1 next to them,
    so the rounded radius can put a point on the wrong side (at
    :math:`h = 10^{-20}`, :math:`\rho = 1 - 7\cdot 10^{-21}` rounds to 1).
    Here no rounding error is made: :math:`2 + 2\beta` is split by TwoSum
    into ``s + e`` exactly, and :math:`h < s + e` holds iff :math:`h < s`,
    or :math:`h = s` and :math:`e > 0` (``e`` is at most half an ulp of ``s``,
    less than the gap to the next double on either side).

    Examples
    --------
    >>> bool(in_region(1e-20, 0.5)), bool(spectral_radius(1e-20, 0.5) < 1)
    (True, False)
    >>> in_region([0.0, 1.0, 3.0, 3.5], 0.5)
    array([False,  True, False, False])
    """
    h = _v.real_array(eta_lambda, "eta_lambda")
    beta = _v.real_array(beta, "beta")
    try:
        shape = np.broadcast_shapes(h.shape, beta.shape)
    except ValueError:
        raise ValueError(f"shapes do not broadcast: eta_lambda {h.shape}, beta {beta.shape}") from None
    _v.result_size(shape, 1, "eta_lambda", "beta", what="a region mask")
    with np.errstate(over="ignore", invalid="ignore"):
        # 2 * beta is exact (|beta| < 1 where it matters; larger beta fails
        # the last test, and an overflow to inf cannot make it pass). The
        # edge is computed on beta's own shape; only boolean temporaries
        # take the broadcast shape.
        s, e = two_sum(2.0, 2.0 * beta)
        below = (h < s) | ((h == s) & (e > 0))
    inside = (h > 0) & below & (np.abs(beta) < 1.0)
    return _v.scalar_out(inside, h, beta)


def stability_boundary(beta):
    r"""Upper edge :math:`h^*(\beta)` of the convergence region, found numerically.

    Solves :math:`\rho(h, \beta) = 1` for :math:`h > 1 + \beta` with SciPy's
    vectorised bracketing root finder; nothing here knows the closed form
    :math:`2 + 2\beta`, which is what makes it a check of the derivation.
    The function whose root is found is :math:`\rho - 1` computed in
    double-double (the rounded :math:`\rho` is flat within an ulp of 1,
    which would leave the root uncertain by ~1e-16 absolute), and the
    tolerance is relative: the result is within 1e-15 relative of
    :math:`2 + 2\beta` for every :math:`\beta \in (-1, 1)`, including
    :math:`\beta = -1 + 10^{-15}`, where the edge is :math:`2\cdot 10^{-15}`.

    Parameters
    ----------
    beta : array_like
        Momentum, each entry in (-1, 1).

    Returns
    -------
    float or ndarray
        The largest stable :math:`\eta\lambda` for each ``beta``.

    Examples
    --------
    >>> round(float(stability_boundary(0.5)), 10)
    3.0
    >>> edge = float(stability_boundary(-1 + 1e-15))
    >>> abs(edge / (2 + 2 * (-1 + 1e-15)) - 1) < 1e-15
    True
    """
    from scipy.optimize import elementwise

    beta = _v.momentum_beta(beta)
    flat = beta.ravel()

    def excess(h, b):
        return _radius.radius_excess(h, b)

    # At h = 1 + beta the trace vanishes and the eigenvalues are +-sqrt(-beta),
    # of modulus sqrt|beta| < 1: a point inside the region to expand from.
    start = 1.0 + flat
    bracket = elementwise.bracket_root(excess, start, start + 1.0, xmin=start, args=(flat,))
    if not np.all(bracket.success):
        raise RuntimeError("could not bracket the stability boundary")
    lo, hi = bracket.bracket
    # Keep the inside end of the bracket: the outward search may have moved it.
    # A relative tolerance only: the root 2 + 2 beta goes to 0 as beta -> -1.
    found = elementwise.find_root(excess, (lo, hi), args=(flat,),
                                  tolerances=dict(xatol=np.finfo(float).tiny,
                                                  xrtol=4 * np.finfo(float).eps))
    if not np.all(found.success):
        raise RuntimeError("root finding for the stability boundary did not converge")
    return _v.scalar_out(found.x.reshape(beta.shape), beta)


@dataclass(frozen=True)
class RateMap:
    """Spectral radius on a grid of ``(eta_lambda, beta)``.

    Attributes
    ----------
    eta_lambda, beta : ndarray
        The grid axes (1-D).
    rho : ndarray, shape (len(beta), len(eta_lambda))
        Spectral radius; rows follow ``beta``, columns ``eta_lambda``.
    converges : ndarray of bool
        ``rho < 1`` for the rounded rho: within about an ulp of 1, next to
        either edge of the region, it can say False where the iterates
        converge; :func:`in_region` decides those exactly.
    """

    eta_lambda: np.ndarray
    beta: np.ndarray
    rho: np.ndarray
    converges: np.ndarray


def map_on_grid(radius, eta_lambda, beta):
    """``radius(eta_lambda, beta)`` on the grid of two 1-D axes, as a :class:`RateMap`.

    The shared driver of :func:`rate_map` and of the maps of other methods
    (:func:`momentum_theory.accelerated.nesterov_rate_map`).

    Parameters
    ----------
    radius : callable
        ``radius(eta_lambda, beta) -> ndarray``, broadcasting like a ufunc
        and computing each point on its own (its value must not depend on
        the other points of the call): a method's spectral radius.
    eta_lambda, beta : array_like, 1-D
        Grid axes, non-empty and finite.

    Returns
    -------
    RateMap
        Rows follow ``beta``, columns ``eta_lambda``.

    Notes
    -----
    The map is written block by block into arrays allocated once: ``radius``
    is called on blocks of about ``_MAP_BLOCK`` grid points (whole rows, or
    pieces of one row when a row is longer), so its temporaries exist for
    one block at a time and memory stays a few MiB above the result however
    large the grid (:math:`10^8` points: see ``benchmarks/run.py``). The
    values are those of one call on the whole grid, bit for bit.
    :func:`spectral_radius` itself is written straight into the map by the
    chunked, threaded kernels of :mod:`momentum_theory.ratemaps`.

    Examples
    --------
    >>> map_on_grid(lambda h, b: abs(1 - h) + 0 * b, [0.5, 2.5], [0.0]).converges
    array([[ True, False]])
    >>> m = map_on_grid(lambda h, b: abs(1 - h) * b, [0.5, 2.5], [0.5, 1.0])
    >>> m.rho.tolist()
    [[0.25, 0.75], [0.5, 1.5]]
    """
    h = _v.grid_axis(eta_lambda, "eta_lambda")
    b = _v.grid_axis(beta, "beta")
    # rho (8 bytes) and the convergence mask (1 byte) per grid point.
    _v.result_size((b.size, h.size), 9, "eta_lambda", "beta", what="a rate map")
    shape = (b.size, h.size)
    if radius is spectral_radius:
        rho = np.empty(shape)
        # The kernels spectral_radius calls, into the map: the same bits
        # (the finite axes cannot make rho NaN; an overflow to inf is no error).
        _radius.radius_map(h[None, :], b[:, None], rho, _radius.default_workers())
    else:
        rho = None
        for rows, cols in _grid_blocks(shape, _MAP_BLOCK):
            block = np.asarray(radius(h[None, cols], b[rows, None]))
            if rho is None:         # the dtype of what radius returns, as one call would give
                rho = np.empty(shape, dtype=block.dtype)
            rho[rows, cols] = block
    return RateMap(h, b, rho, rho < 1.0)       # one ufunc: no temporary beyond the mask


#: Grid points per block in :func:`map_on_grid` (2 MiB per float64 temporary).
_MAP_BLOCK = 2 ** 18


def _grid_blocks(shape, block):
    """``(rows, cols)`` slices covering a 2-D ``shape`` in C order, about ``block`` points each.

    Whole rows when a row holds at most ``block`` points, else pieces of one row.
    """
    n_rows, n_cols = shape
    cols = min(n_cols, block)
    rows = max(1, block // cols)
    for r in range(0, n_rows, rows):
        for c in range(0, n_cols, cols):
            yield slice(r, min(r + rows, n_rows)), slice(c, min(c + cols, n_cols))


def rate_map(eta_lambda, beta):
    """The spectral radius and convergence mask on a ``(beta, eta_lambda)`` grid.

    Parameters
    ----------
    eta_lambda, beta : array_like, 1-D
        Grid axes.

    Returns
    -------
    RateMap

    Raises
    ------
    ValueError
        A non-finite or non-1-D axis, or a grid whose result (9 bytes a
        point) would exceed ``momentum_theory._validation.MAX_RESULT_BYTES``
        (4 GiB, about 4.8e8 points): stream larger maps with
        :func:`momentum_theory.ratemaps.radius_grid` into a ``numpy.memmap``
        or :func:`momentum_theory.ratemaps.radius_histogram`.

    Examples
    --------
    >>> m = rate_map([1.0, 3.5], [0.0, 0.5])
    >>> m.converges
    array([[ True, False],
           [ True, False]])
    """
    return map_on_grid(spectral_radius, eta_lambda, beta)


@dataclass(frozen=True)
class RegionConfirmation:
    """How well the numeric map agrees with a derived region.

    Attributes
    ----------
    agreement : float
        Fraction of compared grid points where ``rho < 1`` equals the
        derived predicate.
    compared, excluded : int
        Points compared, and points left out because ``|rho - 1| < band``
        (there rounding, not the theory, decides the side).
    disagreements : ndarray, shape (k, 2)
        ``(eta_lambda, beta)`` of the points that disagree (empty when all agree).
    """

    agreement: float
    compared: int
    excluded: int
    disagreements: np.ndarray

    def summary(self) -> str:
        return (f"numeric map agrees with the derived region on {self.agreement:.6f} of "
                f"{self.compared} grid points ({self.excluded} within the boundary band left out)")

    __str__ = summary

    def __repr__(self) -> str:
        return (f"<RegionConfirmation agreement={self.agreement:.6f}, compared={self.compared}, "
                f"excluded={self.excluded}, disagreements={len(self.disagreements)}>")

    def _repr_html_(self) -> str:
        rows = [("agreement", f"{self.agreement:.6f}"), ("points compared", f"{self.compared}"),
                ("left out (|rho - 1| within the band)", f"{self.excluded}"),
                ("disagreeing points", f"{len(self.disagreements)}")]
        body = "".join(f"<tr><th style='text-align:left'>{k}</th><td>{v}</td></tr>"
                       for k, v in rows)
        return f"<table><caption>Numeric map vs derived region</caption>{body}</table>"


def confirm_region(n=1000, eta_lambda_max=5.0, beta_range=(0.0, 1.0), band=1e-9, region=None):
    r"""Compare the numeric convergence mask with a derived region on an n x n grid.

    Parameters
    ----------
    n : int
        Grid points per axis.
    eta_lambda_max : float
        The grid covers :math:`\eta\lambda \in [0, \text{eta\_lambda\_max}]`.
    beta_range : (float, float)
        :math:`\beta \in [\text{lo}, \text{hi})`, inside (-1, 1].
    band : float
        Points with :math:`|\rho - 1| <` ``band`` are not compared.
    region : callable, optional
        ``region(eta_lambda, beta) -> bool array``. Default: the region derived
        by SymPy in :func:`momentum_theory.symbolic.momentum_region`, lambdified.

    Returns
    -------
    RegionConfirmation

    Notes
    -----
    Computed in blocks of grid rows (see :func:`compare_with_region`):
    ``n = 10**4`` (10^8 points) needs tens of MiB, not gigabytes.

    Examples
    --------
    >>> confirm_region(n=200).agreement
    1.0
    """
    if region is None:
        from momentum_theory.symbolic import momentum_region
        region = momentum_region().predicate()
    return compare_with_region(spectral_radius, region, n=n, eta_lambda_max=eta_lambda_max,
                               beta_range=beta_range, band=band)


def compare_with_region(radius, region, *, n, eta_lambda_max, beta_range, band, beta_floor=-1.0):
    r"""Where ``radius < 1`` on an n x n grid agrees with ``region``: the shared check.

    Used by :func:`confirm_region` (heavy ball) and
    :func:`momentum_theory.accelerated.confirm_nesterov_region`. The grid is
    :math:`\eta\lambda \in [0, \text{eta\_lambda\_max}]` by
    :math:`\beta \in [\text{lo}, \text{hi})`; ``beta_floor < lo`` is required
    (``<=`` when ``beta_floor`` is 0, the floor of Nesterov's analysis).
    The grid is compared in blocks of rows of about 2**18 points, so
    memory stays at tens of MiB above the result whatever ``n`` is
    (``n = 10**4``, 10^8 points: see ``benchmarks/run.py``); ``n`` is
    refused when the result could exceed the size limit
    ``momentum_theory._validation.MAX_RESULT_BYTES`` (every point disagreeing,
    16 bytes each: ``n`` up to 16384).

    Parameters
    ----------
    radius : callable
        ``radius(eta_lambda, beta) -> ndarray``: the method's spectral radius.
    region : callable
        ``region(eta_lambda, beta) -> bool array``: the derived region.
    n : int
        Grid points per axis, at least 2.
    eta_lambda_max : float
        Positive upper end of the :math:`\eta\lambda` axis.
    beta_range : (float, float)
        :math:`\beta \in [\text{lo}, \text{hi})`, with ``hi <= 1``.
    band : float
        Points with :math:`|\rho - 1| <` ``band`` are not compared.
    beta_floor : float
        Lower limit of ``lo`` (see above): -1 for heavy ball, 0 for Nesterov.

    Returns
    -------
    RegionConfirmation

    Examples
    --------
    >>> gd = lambda h, b: abs(1 - h) + 0 * b
    >>> compare_with_region(gd, lambda h, b: (0 < h) & (h < 2), n=50, eta_lambda_max=3.0,
    ...                     beta_range=(0.0, 0.5), band=1e-9).agreement
    1.0
    """
    n = _v.count(n, "n", minimum=2)
    # The result holds the points that disagree: at worst all n**2 of them.
    _v.result_size((n, n), 16, "n", what="a list of disagreeing grid points (at worst)")
    top = _v.real_scalar(eta_lambda_max, "eta_lambda_max")
    if top <= 0:
        raise ValueError("eta_lambda_max must be positive")
    lo, hi = _beta_range(beta_range, beta_floor)
    band = _v.real_scalar(band, "band")
    if not callable(region):
        raise TypeError("region must be callable as region(eta_lambda, beta)")
    h = np.linspace(0.0, top, n)
    b = np.linspace(lo, hi, n, endpoint=False)
    # Blocks of whole rows of about _REGION_BLOCK points: the map, the
    # meshgrid and the region's temporaries exist for one block at a time,
    # so memory stays bounded (tens of MiB) whatever n is.
    rows = max(1, _REGION_BLOCK // n)
    compared = excluded = differing = 0
    found = []
    for start in range(0, n, rows):
        bb = b[start:start + rows]
        m = map_on_grid(radius, h, bb)
        H, B = np.meshgrid(h, bb)
        derived = np.broadcast_to(np.asarray(region(H, B), dtype=bool), H.shape)
        keep = np.abs(m.rho - 1.0) >= band
        differ = keep & (derived != m.converges)
        compared += int(keep.sum())
        excluded += int(keep.size - keep.sum())
        count = int(differ.sum())
        if count:
            differing += count
            found.append(np.column_stack([H[differ], B[differ]]))
    agreement = 1.0 - differing / compared if compared else float("nan")
    disagreements = np.concatenate(found) if found else np.empty((0, 2))
    return RegionConfirmation(float(agreement), compared, excluded, disagreements)


#: Grid points per block in :func:`compare_with_region` (2 MiB per float64 array).
_REGION_BLOCK = 2 ** 18


def _beta_range(beta_range, beta_floor):
    """``(lo, hi)`` from the user's ``beta_range``, checked, naming it."""
    try:
        pair = tuple(beta_range)
    except TypeError:
        raise TypeError(f"beta_range must be a pair (lo, hi), got {type(beta_range).__name__}") from None
    if len(pair) != 2:
        raise ValueError(f"beta_range must be a pair (lo, hi), got {len(pair)} values")
    lo, hi = (_v.real_scalar(x, "beta_range") for x in pair)
    low_ok = lo >= beta_floor if beta_floor == 0.0 else lo > beta_floor
    if not (low_ok and lo < hi <= 1.0):
        bound = "0 <= lo" if beta_floor == 0.0 else f"{beta_floor:g} < lo"
        raise ValueError(f"beta_range must be (lo, hi) with {bound} < hi <= 1")
    return lo, hi
