r"""The method record: one frozen dataclass, the same functions for every method.

A record binds a method's derivation (built on first use from its update
rule, by :mod:`._derive`) to the shared numeric kernels of
:mod:`momentum_theory._radius.companion`. Generic code talks to records,
never to a method's name.
"""
from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field
from typing import Callable, Optional

import numpy as np

from momentum_theory import _validation as _v
from momentum_theory._radius import companion as _c


@dataclass(frozen=True)
class Spec:
    """What a record's derivation yields: the SymPy side and the numeric polynomials."""

    derivation: object
    trace: _c.TermPolynomial
    det: _c.TermPolynomial
    jury: tuple
    step: object            # the step-size symbol
    symbols: tuple          # the other parameters' symbols, in order
    rule: tuple             # (A, B, [(G_k, P_k, Q_k)]) from _derive.capture_rule


@dataclass(frozen=True)
class Tuned:
    """A tuning of a method for curvatures in :math:`[\\mu, L]` and its worst rate.

    Attributes
    ----------
    method : str
    eta : float
        Step size (for ``triple_momentum``: :math:`1/L`, see its record).
    params : dict
        The method's other parameters.
    rate : float
        :math:`\\max_{\\lambda\\in[\\mu,L]}\\rho`.
    mu, L : float
    source : str
        ``"closed form"`` or ``"numeric minimax"``.
    """

    method: str
    eta: float
    params: dict = field(compare=True)
    rate: float = math.nan
    mu: float = math.nan
    L: float = math.nan
    source: str = "closed form"


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
    _worst_case: Optional[Callable] = None

    def __repr__(self):
        return f"<method {self.name}: parameters {', '.join(('eta',) + self.params)}>"

    @property
    def defaults(self):
        """The default value of each parameter in :attr:`params` (a new dict)."""
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

    def eigenvalues(self, eta_lambda, **params):
        """Both eigenvalues, larger modulus first, shape ``(..., 2)`` (complex)."""
        arrays = self._arrays(eta_lambda, params, extra=(2,), itemsize=16)
        xs = self._internal(arrays)
        return _c.eigenvalues(self.spec.trace, self.spec.det, xs)

    def spectral_radius(self, eta_lambda, **params):
        """Spectral radius: within a few ulp of the exact value for the given doubles."""
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
        """Whether the iteration converges, decided exactly on the derived Jury conditions."""
        arrays = self._arrays(eta_lambda, params, itemsize=1)
        xs = self._internal(arrays)
        ok = np.ones(arrays[0].shape, dtype=bool)
        for poly in self.spec.jury:
            ok &= _c.signs(poly, xs) > 0
        return _v.scalar_out(ok, *arrays)

    def region(self):
        """The SymPy :class:`~momentum_theory.symbolic.Derivation` of the region (cached)."""
        return self.spec.derivation

    # --- tuning, worst case, iteration (in ._tuning / ._worst) ----------------

    def optimal(self, mu, L):
        """The closed-form optimal tuning on :math:`[\\mu, L]`, where one is known."""
        if self._optimal is None:
            raise NotImplementedError(f"{self.name} has no closed-form optimal tuning here; "
                                      f"use minimize_worst_rate(mu, L)")
        return self._optimal(mu, L)

    def worst_rate(self, mu, L, eta, **params):
        """:math:`\\max_{\\lambda\\in[\\mu,L]}\\rho(\\eta\\lambda, \\ldots)`."""
        from momentum_theory.methods._tuning import worst_rate
        return worst_rate(self, mu, L, eta, params)

    def minimize_worst_rate(self, mu, L, **fixed):
        """Numeric minimax of the worst rate over the step and the free parameters."""
        from momentum_theory.methods._tuning import minimize_worst_rate
        return minimize_worst_rate(self, mu, L, fixed)

    def worst_case(self, mu, L, eta, n, **params):
        """Worst :math:`(x_n/x_0)^2` over :math:`\\lambda\\in[\\mu, L]` (a ``WorstCase``)."""
        if self._worst_case is not None:
            values = self._param_values(params)
            return self._worst_case(mu, L, eta, n, *values)
        from momentum_theory.methods._worst import worst_case
        return worst_case(self, mu, L, eta, n, params)

    def residual(self, eta_lambda, n, **params):
        """:math:`p_t(h)` for ``t = 0..n`` started at rest (:math:`x_{-1} = x_0 = 1`), shape ``(n+1, ...)``."""
        from momentum_theory.methods._worst import residual
        return residual(self, eta_lambda, n, params)

    def iterate(self, grad, x0, eta, steps, **params):
        """Run the rule on a gradient from rest (:math:`x_{-1} = x_0`); rows are :math:`x_0..x_{steps}`."""
        from momentum_theory.methods._worst import iterate
        return iterate(self, grad, x0, eta, steps, params)


def cached(fn):
    """A build function run once (SymPy work happens on first use, not at import)."""
    return functools.lru_cache(maxsize=1)(fn)
