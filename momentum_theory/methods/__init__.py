r"""Optimisation methods on quadratics as records: one small frozen record per method.

Every method is a :class:`Method` record exposing the same functions, so
generic code (tuning, worst cases, maps) talks to records, never to names.
On :math:`f(x) = \tfrac12\lambda x^2` each is a linear two-step recursion
:math:`x_{t+1} = T x_t - D x_{t-1}` in :math:`h = \eta\lambda` and its
parameters, derived in SymPy from the update rule as written.

Registry
--------
:func:`get`, :func:`available`
    ``"gd"``, ``"heavy_ball"``, ``"nesterov"``, ``"two_step"``
    (:math:`x_{t+1} = x_t + \beta(x_t - x_{t-1}) - \eta\nabla f(x_t + \gamma(x_t - x_{t-1}))`:
    GD is :math:`\beta=\gamma=0`, heavy ball :math:`\gamma=0`, Nesterov
    :math:`\gamma=\beta`), ``"qhm"`` (quasi-hyperbolic momentum, Ma & Yarats
    2019), ``"triple_momentum"`` (Van Scoy, Freeman & Lynch 2018; its
    ``eta_lambda`` is :math:`\lambda/L` and its parameter ``kappa``).
:func:`from_update`
    A record from your own update rule, written with SymPy symbols.

The functions of a record
-------------------------
``params``, ``defaults``, ``affine_trace_det``, ``matrix``, ``eigenvalues``, ``spectral_radius``,
``converges`` (exact, on the derived Jury conditions), ``region()`` (the
SymPy derivation), ``optimal(mu, L)`` (closed forms where known),
``worst_rate``, ``minimize_worst_rate`` (numeric minimax), ``worst_case``
(exact for the whole two-step family: a :class:`WorstCase`),
``residual``, ``iterate``.

Examples
--------
>>> from momentum_theory import methods
>>> methods.available()
['gd', 'heavy_ball', 'nesterov', 'two_step', 'qhm', 'triple_momentum']
>>> hb = methods.get("heavy_ball")
>>> hb.region().result
(h > 0) & (-1 < beta) & (beta < 1) & (h < 2*beta + 2)
>>> float(hb.spectral_radius(1.0, beta=0.25))
0.5
>>> methods.get("nesterov").converges([1.4, 1.6], beta=0.5).tolist()   # edge: h = 3/2
[True, False]
"""
from __future__ import annotations

from momentum_theory.methods._classes import ClassComparison, ClassCurve, general_class_comparison
from momentum_theory.methods._pep import PepResult
from momentum_theory.methods._record import Method
from momentum_theory.methods._result import WorstCase
from momentum_theory.methods._types import Tuned

__all__ = ["Method", "PepResult", "Tuned", "WorstCase", "ClassComparison", "ClassCurve",
           "general_class_comparison", "get", "available", "from_update", "register"]

_REGISTRY = {}


def _ensure():
    if not _REGISTRY:
        from momentum_theory.methods._members import REGISTERED
        for m in REGISTERED:
            _REGISTRY[m.name] = m


def available():
    """Names of the registered methods, in registration order.

    Examples
    --------
    >>> available()[:3]
    ['gd', 'heavy_ball', 'nesterov']
    """
    _ensure()
    return list(_REGISTRY)


def get(name):
    """The registered :class:`Method` called ``name``.

    Parameters
    ----------
    name : str
        A name from :func:`available`.

    Raises
    ------
    TypeError
        ``name`` is not a str.
    ValueError
        No method of that name (the message lists the registered ones).

    Examples
    --------
    >>> get("qhm").params
    ('beta', 'nu')
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be a str, got {type(name).__name__}")
    _ensure()
    try:
        return _REGISTRY[name]
    except KeyError:
        raise ValueError(f"name must be one of {list(_REGISTRY)}, got {name!r}") from None


def register(method):
    """Add a :class:`Method` (e.g. from :func:`from_update`) under its name.

    Parameters
    ----------
    method : Method
        A record whose name is not registered yet; it is returned.

    Examples
    --------
    >>> import sympy as sp
    >>> eta = sp.Symbol("eta", positive=True)
    >>> m = from_update(lambda x, xp, grad: x - 2 * eta * grad(x), [eta], name="double_gd")
    >>> register(m) is m, "double_gd" in available()
    (True, True)
    >>> unregister("double_gd")
    """
    if not isinstance(method, Method):
        raise TypeError(f"method must be a Method record, got {type(method).__name__}")
    _ensure()
    if method.name in _REGISTRY:
        raise ValueError(f"a method named {method.name!r} is already registered")
    _REGISTRY[method.name] = method
    return method


def unregister(name):
    """Remove a method added by :func:`register` (the built-in ones stay)."""
    from momentum_theory.methods._members import REGISTERED
    if name in {m.name for m in REGISTERED}:
        raise ValueError(f"{name!r} is built in and cannot be unregistered")
    get(name)
    del _REGISTRY[name]


def from_update(update, params, name=None, defaults=None):
    r"""A method record from your own update rule, written with SymPy symbols.

    Parameters
    ----------
    update : callable
        ``update(x, x_prev, grad)`` returns :math:`x_{t+1}` from
        :math:`x_t` and :math:`x_{t-1}`, calling ``grad`` at any linear
        combination of them. It is called once, here, with SymPy objects;
        no text is evaluated.
    params : sequence of sympy.Symbol
        Every symbol the rule uses, the step size included (the one
        multiplying the curvature: found as the parameter through which
        :math:`\lambda` enters only as a product).
    name : str, optional
        Defaults to ``"custom"``.
    defaults : dict, optional
        Default values of the non-step parameters (0.5 each if omitted).

    Returns
    -------
    Method
        Works everywhere a registered one does: ``spectral_radius``,
        ``converges``, ``region()``, ``worst_case``, ``iterate``,
        ``minimize_worst_rate``.

    Raises
    ------
    TypeError
        ``update`` not callable or not returning a SymPy expression;
        ``params`` not SymPy symbols.
    ValueError
        The rule is not linear in ``(x, x_prev)`` on quadratics, uses a
        symbol outside ``params`` (e.g. a third state), or its coefficients
        are not polynomials in the parameters.

    Examples
    --------
    >>> import sympy as sp
    >>> eta, beta, gamma = sp.symbols("eta beta gamma", real=True)
    >>> def lookahead(x, x_prev, grad):
    ...     return x + beta * (x - x_prev) - eta * grad(x + gamma * (x - x_prev))
    >>> m = from_update(lookahead, [eta, beta, gamma], name="mine")
    >>> m.params
    ('beta', 'gamma')
    >>> m.region().steps["characteristic_polynomial"]
    beta - gamma*h + z**2 + z*(-beta + gamma*h + h - 1)
    >>> float(m.spectral_radius(1.0, beta=0.25, gamma=0.0))
    0.5
    """
    import sympy as sp

    from momentum_theory.methods._derive import capture_rule, derive
    from momentum_theory.methods._types import Spec

    if name is None:
        name = "custom"
    if not isinstance(name, str) or not name.isidentifier():
        raise ValueError(f"name must be an identifier such as 'mine', got {name!r}")
    if isinstance(params, (str, bytes)) or not hasattr(params, "__iter__"):
        raise TypeError(f"params must be a sequence of SymPy symbols, got {type(params).__name__}")
    params = tuple(params)
    for p in params:
        if not isinstance(p, sp.Symbol):
            raise TypeError(f"params must hold SymPy symbols, got {type(p).__name__} ({p!r})")
    if len(set(params)) != len(params) or not params:
        raise ValueError("params must be distinct symbols, the step size among them")
    A, B, terms, x_next = capture_rule(update, params)
    derivation, trace, det, jury, rest, step = derive(
        name, x_next, A, B, terms, None, params, f"{name}: a user's rule")
    spec = Spec(derivation=derivation, trace=trace, det=det, jury=jury, step=step, symbols=rest,
                rule=(A, B, terms))
    names = tuple(str(s) for s in rest)
    defaults = dict(defaults or {})
    unknown = set(defaults) - set(names)
    if unknown:
        raise ValueError(f"defaults names parameters the rule does not have: {sorted(unknown)}")
    values = tuple((n, float(defaults.get(n, 0.5))) for n in names)
    return Method(name=name, params=names, description=f"x+ = {x_next}", _defaults=values,
                  _build=lambda: spec)
