r"""The method record: one frozen dataclass, the same functions for every method.

A record binds a method's derivation (built on first use from its update
rule, by :mod:`._derive`) to the shared numeric kernels of
:mod:`momentum_theory._radius.companion`. Generic code talks to records,
never to a method's name.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Callable, Optional

import numpy as np

from momentum_theory import _validation as _v
from momentum_theory._radius import companion as _c
from momentum_theory.methods._affine import affine_coefficients
from momentum_theory.methods._types import Spec


@dataclass(frozen=True, eq=False)
class Method:
    r"""One optimisation method on quadratics, as a record of functions.

    Attributes
    ----------
    name : str
        Registry name (``methods.get(name)``).
    params : tuple of str
        Parameters besides :math:`h = \eta\lambda` (and the step for :meth:`iterate`).
    description : str
        The update rule in words.
    """

    name: str
    params: tuple
    description: str
    _defaults: tuple = ()
    _build: Callable = None
    _to_internal: Optional[Callable] = None
    _radius: Optional[Callable] = None
    _optimal: Optional[Callable] = None
    _optimal_derivation: Optional[Callable] = None

    def __repr__(self):
        return f"<method {self.name}: parameters {', '.join(('eta',) + self.params)}>"

    @property
    def defaults(self):
        """The default value of each parameter in :attr:`params` (a new dict).

        Examples
        --------
        >>> from momentum_theory import methods
        >>> methods.get("qhm").defaults
        {'beta': 0.9, 'nu': 0.7}
        """
        return dict(self._defaults)

    @property
    def spec(self) -> Spec:
        return self._build()

    # --- inputs -------------------------------------------------------------

    def _param_values(self, params):
        unknown = [k for k in params if k not in self.params]
        if unknown:
            raise TypeError(f"{self.name} takes no parameter {unknown[0]!r}; its parameters are "
                            f"{', '.join(self.params) or '(none)'}")
        defaults = self.defaults
        return [params[p] if p in params else defaults[p] for p in self.params]

    def _arrays(self, eta_lambda, params, *, first="eta_lambda", allow_nonfinite=False, itemsize=8,
                extra=()):
        values = self._param_values(params)
        names = (first,) + self.params
        arrays = [_v.real_array(val, n, allow_nonfinite=allow_nonfinite)
                  for val, n in zip([eta_lambda] + values, names)]
        arrays = _v.broadcast(*zip(arrays, names))
        _v.result_size(arrays[0].shape + tuple(extra), itemsize, *names, what="results")
        return [np.asarray(a) for a in arrays]

    def _internal(self, arrays):
        """Variables of the polynomials: ``(h, *params)`` or the record's own map."""
        if self._to_internal is None:
            return list(arrays)
        with np.errstate(all="ignore"):
            return [np.asarray(a, dtype=float) for a in self._to_internal(*arrays)]

    @staticmethod
    def _check_finite(arrays, names, result):
        if result.size and not np.isfinite(result).all():
            for a, n in zip(arrays, names):
                _v.real_array(a, n)
        return result

    # --- the numeric functions ----------------------------------------------

    def matrix(self, eta_lambda, **params):
        r"""The companion matrix on the state :math:`(x_t, x_{t-1})`, shape ``(..., 2, 2)``.

        :math:`\begin{bmatrix} T & -D \\ 1 & 0 \end{bmatrix}` with ``T``, ``D``
        the derived trace and determinant (each rounded once from a
        double-double).

        Examples
        --------
        >>> from momentum_theory import methods
        >>> methods.get("heavy_ball").matrix(0.5, beta=0.25).tolist()
        [[0.75, -0.25], [1.0, 0.0]]
        """
        arrays = self._arrays(eta_lambda, params, extra=(2, 2))
        xs = self._internal(arrays)
        with np.errstate(all="ignore"):
            th, tl, _ = self.spec.trace.dd(xs)
            dh, dl, _ = self.spec.det.dd(xs)
        out = np.zeros(arrays[0].shape + (2, 2))
        out[..., 0, 0] = th + tl
        out[..., 0, 1] = -(dh + dl)
        out[..., 1, 0] = 1.0
        return out

    def affine_trace_det(self, **params):
        r"""Exact :math:`(t_0, t_1, d_0, d_1)` with :math:`T = t_0 + t_1 h`, :math:`D = d_0 + d_1 h`, or None.

        Every member of the two-step family (and every :func:`from_update`
        rule whose derived trace and determinant have degree <= 1 in
        :math:`h`) has them; they are what the exact worst case
        (:meth:`worst_case`) and the exact worst rate work from. Computed as
        fractions from the parameters' binary values, so nothing is rounded.

        Parameters
        ----------
        **params : float
            The record's :attr:`params` (defaults where omitted), scalars.

        Returns
        -------
        tuple of fractions.Fraction, or None
            None when ``T`` or ``D`` has a term in :math:`h^2` or higher.

        Examples
        --------
        >>> from momentum_theory import methods
        >>> [float(c) for c in methods.get("nesterov").affine_trace_det(beta=0.5)]
        [1.5, -1.5, 0.5, -0.5]
        >>> methods.get("gd").affine_trace_det()
        (Fraction(1, 1), Fraction(-1, 1), Fraction(0, 1), Fraction(0, 1))
        """
        values = [_v.real_scalar(v, n) for v, n in zip(self._param_values(params), self.params)]
        return affine_coefficients(self, tuple(values))

    def eigenvalues(self, eta_lambda, **params):
        """Both eigenvalues, larger modulus first, shape ``(..., 2)`` (complex).

        Examples
        --------
        >>> from momentum_theory import methods
        >>> methods.get("gd").eigenvalues(0.5).tolist()
        [(0.5+0j), 0j]
        """
        arrays = self._arrays(eta_lambda, params, extra=(2,), itemsize=16)
        xs = self._internal(arrays)
        return _c.eigenvalues(self.spec.trace, self.spec.det, xs)

    def spectral_radius(self, eta_lambda, **params):
        """Spectral radius: within 8 ulp of the exact value for the given doubles.

        Parameters
        ----------
        eta_lambda : array_like
            :math:`h = \\eta\\lambda` (for ``triple_momentum``: :math:`\\lambda/L`).
        **params : array_like
            The record's :attr:`params` (defaults where omitted); all broadcast.

        Returns
        -------
        float or ndarray
            A scalar when every input is one.

        Raises
        ------
        ValueError
            NaN/inf (naming the argument), shapes that do not broadcast.
        TypeError
            Strings, booleans, complex values; a parameter the record does not have.

        Examples
        --------
        >>> from momentum_theory import methods
        >>> float(methods.get("two_step").spectral_radius(1.0, beta=0.25, gamma=0.0))
        0.5
        >>> methods.get("nesterov").spectral_radius([0.5, 1.0], beta=0.0).tolist()
        [0.5, 0.0]
        """
        # A record whose parameters are mapped first (triple momentum's kappa)
        # checks them up front: the map can turn inf into finite numbers.
        arrays = self._arrays(eta_lambda, params, allow_nonfinite=self._to_internal is None)
        names = ("eta_lambda",) + self.params
        if self._radius is not None:
            rho = np.asarray(self._radius(*arrays), dtype=float)
        else:
            rho = _c.radius(self.spec.trace, self.spec.det, self._internal(arrays))
        self._check_finite(arrays, names, rho)
        return _v.scalar_out(rho, *arrays)

    def converges(self, eta_lambda, **params):
        """Whether the iteration converges, decided exactly on the derived Jury conditions.

        Examples
        --------
        >>> from momentum_theory import methods
        >>> methods.get("heavy_ball").converges([2.9, 3.0], beta=0.5).tolist()   # edge 2 + 2 beta
        [True, False]
        """
        arrays = self._arrays(eta_lambda, params, itemsize=1)
        xs = self._internal(arrays)
        ok = np.ones(arrays[0].shape, dtype=bool)
        for poly in self.spec.jury:
            ok &= _c.signs(poly, xs) > 0
        return _v.scalar_out(ok, *arrays)

    def region(self):
        """The SymPy :class:`~momentum_theory.symbolic.Derivation` of the region (cached).

        Examples
        --------
        >>> from momentum_theory import methods
        >>> methods.get("gd").region().result
        (h > 0) & (h < 2)
        """
        return self.spec.derivation

    # --- tuning, worst case, iteration (in ._tuning / ._worst) ----------------

    def optimal(self, mu, L):
        """The closed-form optimal tuning on :math:`[\\mu, L]`, where one is known.

        Raises ``NotImplementedError`` for methods without one (use
        :meth:`minimize_worst_rate`).

        Examples
        --------
        >>> from momentum_theory import methods
        >>> t = methods.get("gd").optimal(1.0, 10.0)
        >>> round(t.eta, 12), round(t.rate, 12)
        (0.181818181818, 0.818181818182)
        """
        if self._optimal is None:
            raise NotImplementedError(f"{self.name} has no closed-form optimal tuning here; "
                                      f"use minimize_worst_rate(mu, L)")
        return self._optimal(mu, L)

    def optimal_derivation(self):
        """The SymPy derivation behind :meth:`optimal` (``NotImplementedError`` where there is none).

        Examples
        --------
        >>> from momentum_theory import methods
        >>> methods.get("gd").optimal_derivation().result["eta"]
        2/(L + mu)
        """
        if self._optimal_derivation is None:
            raise NotImplementedError(f"{self.name} has no derived optimal tuning here")
        return self._optimal_derivation()

    def worst_rate(self, mu, L, eta, *, grid=None, **params):
        """:math:`\\max_{\\lambda\\in[\\mu,L]}\\rho(\\eta\\lambda, \\ldots)`.

        Exact for records with :meth:`affine_trace_det`: the maximum is at an
        end of the interval, where :math:`\\rho` is computed from the exact
        rational trace and determinant and rounded once; ``grid`` is checked
        but not needed. Others: a grid of 4001 and a zoom
        (:mod:`momentum_theory.methods._tuning`).

        Examples
        --------
        >>> from momentum_theory import methods
        >>> round(methods.get("gd").worst_rate(1.0, 10.0, 0.1), 12)
        0.9
        """
        from momentum_theory.methods._tuning import worst_rate
        return worst_rate(self, mu, L, eta, params, grid=grid)

    def minimize_worst_rate(self, mu, L, **fixed):
        """Numeric minimax of the worst rate over the step and the free parameters.

        ``fixed`` pins parameters; the rest and ``log(eta)`` are searched by
        Nelder-Mead (see :mod:`momentum_theory.methods._tuning`).

        Examples
        --------
        >>> from momentum_theory import methods
        >>> t = methods.get("gd").minimize_worst_rate(1.0, 10.0)
        >>> round(t.eta, 6), round(t.rate, 9), t.source
        (0.181818, 0.818181818, 'numeric minimax')
        """
        from momentum_theory.methods._tuning import minimize_worst_rate
        return minimize_worst_rate(self, mu, L, fixed)

    def worst_case(self, mu, L, eta, n, *, function_class="quadratic", solver=None, **params):
        """Worst :math:`\\|x_n - x^*\\|^2/\\|x_0 - x^*\\|^2` (:math:`x_{-1} = x_0`) over a class of functions.

        ``function_class="quadratic"`` (the default): quadratics with curvatures
        in :math:`[\\mu, L]`, i.e. :math:`\\max_\\lambda p_n(\\lambda)^2`, a
        ``WorstCase``. Exact (the ends and every critical point of
        :math:`p_n`, lobe by lobe, O(n)) for every record with
        :meth:`affine_trace_det`: the whole two-step family. A rule whose T or
        D is not affine in h: dense grid and zoom, a lower bound
        (``exact=False``; :mod:`momentum_theory.methods._worst`).

        ``"smooth_strongly_convex"``: every :math:`L`-smooth, :math:`\\mu`-strongly
        convex function, by PEPit's performance-estimation SDP for this
        record's update rule; ``"quadratic_pep"``: PEPit's class of quadratics
        (a cross-check of the exact value). Both return a ``PepResult`` and
        need the extra ``momentum_theory[pep]``
        (:mod:`momentum_theory.methods._pep`).

        Parameters
        ----------
        mu, L : float
            The curvature bounds, :math:`0 < \\mu \\le L`.
        eta : float
            The step (for ``triple_momentum``: :math:`1/L`, its own scale).
        n : int
            Horizon (at most 100 for a PEP).
        function_class : str
            ``"quadratic"``, ``"smooth_strongly_convex"`` or ``"quadratic_pep"``.
        solver : str, optional
            A cvxpy solver for the PEP (default: CLARABEL, then SCS if it is
            not ``"optimal"``); ignored for ``"quadratic"``.
        **params : float
            The record's :attr:`params` (defaults where omitted).

        Examples
        --------
        >>> from momentum_theory import methods
        >>> w = methods.get("qhm").worst_case(1.0, 10.0, 0.1, 10, beta=0.5, nu=0.5)
        >>> 0 < w.value < 1, w.history.shape
        (True, (11,))
        """
        if function_class == "quadratic":
            from momentum_theory.methods._worst import worst_case
            return worst_case(self, mu, L, eta, n, params)
        from momentum_theory.methods._pep import pep_worst_case
        return pep_worst_case(self, mu, L, eta, n, params, function_class, solver)

    def residual(self, eta_lambda, n, **params):
        """:math:`p_t(h)` for ``t = 0..n`` started at rest (:math:`x_{-1} = x_0 = 1`), shape ``(n+1, ...)``.

        Examples
        --------
        >>> from momentum_theory import methods
        >>> methods.get("heavy_ball").residual(0.5, 2, beta=0.5).tolist()
        [1.0, 0.5, 0.0]
        """
        from momentum_theory.methods._worst import residual
        return residual(self, eta_lambda, n, params)

    def iterate(self, grad, x0, eta, steps, **params):
        """Run the rule on a gradient from rest (:math:`x_{-1} = x_0`); rows are :math:`x_0..x_{steps}`.

        Examples
        --------
        >>> from momentum_theory import methods
        >>> methods.get("heavy_ball").iterate(lambda x: x, [1.0], 0.5, 2, beta=0.5).tolist()
        [[1.0], [0.5], [0.0]]
        """
        from momentum_theory.methods._worst import iterate
        return iterate(self, grad, x0, eta, steps, params)



def cached(fn):
    """A build function run once (SymPy work happens on first use, not at import)."""
    return functools.lru_cache(maxsize=1)(fn)
