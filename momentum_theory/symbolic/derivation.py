r"""The chapter's symbols and the :class:`Derivation` result object.

Every symbolic function of :mod:`momentum_theory.symbolic` returns a
:class:`Derivation`: the answer as SymPy objects together with the named
intermediate steps that produced it, the conditions under which it holds and
the zero residuals that verified it. Derivations are cached and shared, so the
object is read-only: matrices are stored as ``ImmutableMatrix``, and ``steps``
and multi-part results are dicts that refuse changes.

Symbols carry the chapter's names and print as the chapter writes them:
``eta`` (:math:`\eta`), ``beta`` (:math:`\beta`), ``lambda_`` (:math:`\lambda`).
"""
from __future__ import annotations

import re
import sys
import types
from dataclasses import dataclass, field

import numpy as np
import sympy as sp

from momentum_theory import _validation as _v

__all__ = [
    "eta", "beta", "lambda_", "t", "tau", "x0", "v0", "b", "mu", "h",
    "symmetric_matrix", "vector", "Derivation",
]

#: Learning rate :math:`\eta > 0`.
eta = sp.Symbol("eta", positive=True)
#: Momentum :math:`\beta` (real: the stability analysis covers negative values too).
beta = sp.Symbol("beta", real=True)
#: Curvature :math:`\lambda > 0`, an eigenvalue of :math:`Q \succ 0`.
lambda_ = sp.Symbol("lambda", positive=True)
#: Time step :math:`t` and summation index :math:`\tau`.
t = sp.Symbol("t", integer=True, nonnegative=True)
tau = sp.Symbol("tau", integer=True, nonnegative=True)
#: Initial position and velocity.
x0 = sp.Symbol("x_0", real=True)
v0 = sp.Symbol("v_0", real=True)
#: Constant term of the quadratic :math:`h(x) = \tfrac12 x^\top Q x + x^\top c + b`.
b = sp.Symbol("b", real=True)
#: Eigenvalue variable of the characteristic polynomial.
mu = sp.Symbol("mu")
#: The product :math:`h = \eta\lambda`; real, so that inequality reduction
#: finds both ends of an interval instead of assuming the lower one.
h = sp.Symbol("h", real=True)


def _index_name(name, *indices, n):
    # q_12 reads well up to n = 9; beyond that the indices need a separator.
    sep = "," if n >= 10 else ""
    return f"{name}_{sep.join(str(i) for i in indices)}"


def symmetric_matrix(n, name="q"):
    """An explicit symmetric ``n x n`` matrix of real symbols ``q_ij`` (``q_ij = q_ji``).

    Parameters
    ----------
    n : int
        Size, at least 1.
    name : str
        Stem of the entry names.

    Returns
    -------
    sympy.ImmutableMatrix

    Examples
    --------
    >>> symmetric_matrix(2)
    Matrix([
    [q_11, q_12],
    [q_12, q_22]])
    """
    n = _v.count(n, "n", minimum=1)
    _check_name(name)

    def entry(i, j):
        lo, hi = min(i, j) + 1, max(i, j) + 1
        return sp.Symbol(_index_name(name, lo, hi, n=n), real=True)

    return sp.ImmutableMatrix(n, n, entry)


def vector(n, name):
    """A column vector of ``n`` real symbols ``name_1 ... name_n``.

    Parameters
    ----------
    n : int
        Length, at least 1.
    name : str
        Stem of the entry names, an identifier such as ``"c"``.

    Returns
    -------
    sympy.ImmutableMatrix
        Shape ``(n, 1)``.

    Examples
    --------
    >>> vector(3, "c").T
    Matrix([[c_1, c_2, c_3]])
    """
    n = _v.count(n, "n", minimum=1)
    _check_name(name)
    return sp.ImmutableMatrix(n, 1, lambda i, j: sp.Symbol(_index_name(name, i + 1, n=n), real=True))


def _check_name(name):
    if not isinstance(name, str):
        raise TypeError(f"name must be a str, got {type(name).__name__}")
    if not name.isidentifier():
        raise ValueError(f"name must be an identifier such as 'q' or 'c', got {name!r}")


class _ReadOnlyDict(dict):
    """A dict that refuses changes: derivations are cached and shared."""

    def _refuse(self, *args, **kwargs):
        raise TypeError("a Derivation is read-only (it is cached and shared); copy it with dict(...)")

    __setitem__ = __delitem__ = __ior__ = _refuse
    clear = pop = popitem = setdefault = update = _refuse

    def __reduce__(self):
        return (_ReadOnlyDict, (dict(self),))


def _freeze(value):
    """Make a value safe to share from a cache: immutable matrices, read-only dicts."""
    if isinstance(value, sp.MatrixBase):
        return sp.ImmutableMatrix(value)
    if isinstance(value, (dict, types.MappingProxyType)):
        return _ReadOnlyDict({k: _freeze(v) for k, v in value.items()})
    if isinstance(value, (list, tuple)):
        return tuple(_freeze(v) for v in value)
    # strict: a string is refused rather than parsed (parsing evaluates code).
    return sp.sympify(value, strict=True)


def _is_zero(value) -> bool:
    if isinstance(value, sp.MatrixBase):
        return all(_is_zero(e) for e in value)
    if isinstance(value, tuple):
        return all(_is_zero(e) for e in value)
    if value is sp.true:
        return True
    return bool(value == 0)


_SYMBOL_LIKE = re.compile(r"[A-Za-z](_[A-Za-z0-9]+)?")


def _label(name: str) -> str:
    """Display text of a step name: ``u_t`` stays, ``partial_sum`` reads "partial sum"."""
    return name if _SYMBOL_LIKE.fullmatch(name) else name.replace("_", " ")


def _latex_label(name: str, bold=False) -> str:
    if _SYMBOL_LIKE.fullmatch(name):
        return f"{name[0]}_{{{name[2:]}}}" if len(name) > 1 else name
    return rf"\{'textbf' if bold else 'text'}{{{_label(name)}}}"


def _latex_value(value) -> str:
    if isinstance(value, tuple):
        return r",\quad ".join(_latex_value(v) for v in value)
    return sp.latex(value)


def _pretty_value(value, use_unicode) -> str:
    if isinstance(value, tuple):
        return "\n".join(_pretty_value(v, use_unicode) for v in value)
    return sp.pretty(value, use_unicode=use_unicode)


@dataclass(frozen=True, eq=False)
class Derivation:
    r"""A derived result together with the steps that produced it.

    Attributes
    ----------
    name : str
        The function that derived it, e.g. ``"momentum_region"``.
    description : str
        One sentence on what was derived.
    result : SymPy object or dict of them
        The answer. Multi-part answers are a read-only dict from part name
        to SymPy object.
    steps : dict
        Ordered, read-only: step name -> SymPy object (expressions, equations,
        matrices, tuples of roots), in the order they were computed.
    conditions : tuple of SymPy booleans
        What the result needs, e.g. ``Abs(beta) < 1``.
    checks : dict
        Residuals the derivation computed to verify itself; each is zero
        (or ``True``). Construction fails if one is not.
    parameters : tuple of Symbols
        For region results: the argument order of :meth:`predicate`.

    Examples
    --------
    >>> from momentum_theory.symbolic import gd_scalar
    >>> d = gd_scalar()
    >>> d.name, list(d.result)
    ('gd_scalar', ['solution', 'region'])
    >>> d.result['region']
    (0 < h) & (h < 2)
    """

    name: str
    result: object
    steps: dict
    conditions: tuple = ()
    checks: dict = field(default_factory=dict)
    description: str = ""
    parameters: tuple = ()

    def __post_init__(self):
        object.__setattr__(self, "result", _freeze(self.result))
        object.__setattr__(self, "steps", _freeze(dict(self.steps)))
        object.__setattr__(self, "conditions", tuple(sp.sympify(c, strict=True) for c in self.conditions))
        object.__setattr__(self, "checks", _freeze(dict(self.checks)))
        object.__setattr__(self, "parameters", tuple(self.parameters))
        failed = [k for k, v in self.checks.items() if not _is_zero(v)]
        if failed:
            raise ArithmeticError(f"derivation {self.name} failed its checks: {', '.join(failed)}")

    # -- display -----------------------------------------------------------
    def _result_rows(self):
        if isinstance(self.result, dict):
            # Parts already shown as a step of the same name are not repeated.
            return [(k, v) for k, v in self.result.items()
                    if not (k in self.steps and self.steps[k] == v)]
        return [("result", self.result)]

    def latex(self, steps=True) -> str:
        r"""The derivation as one LaTeX ``aligned`` block (no ``$`` delimiters).

        Each row is a step name and its value; the result and conditions come
        last. The string has no blank lines, so it can sit between ``$$`` lines
        in Markdown.

        Parameters
        ----------
        steps : bool
            ``False`` shows only the result and conditions.

        Examples
        --------
        >>> from momentum_theory.symbolic import effective_weight
        >>> print(effective_weight().latex(steps=False))
        \begin{aligned}
        &\textbf{result} && \frac{1}{1 - \beta} \\
        &\text{conditions} && \left|{\beta}\right| < 1
        \end{aligned}
        """
        rows = [(_latex_label(k), v) for k, v in self.steps.items()] if steps else []
        rows += [(_latex_label(k, bold=True), v) for k, v in self._result_rows()]
        if self.conditions:
            rows.append((r"\text{conditions}", tuple(self.conditions)))
        body = " \\\\\n".join(f"&{k} && {_latex_value(v)}" for k, v in rows)
        return "\\begin{aligned}\n" + body + "\n\\end{aligned}"

    def _repr_latex_(self) -> str:
        return "$$" + self.latex() + "$$"

    def pretty(self, use_unicode=True) -> str:
        """The derivation as text for a terminal (``sympy.pretty`` of each step).

        Examples
        --------
        >>> from momentum_theory.symbolic import gd_scalar
        >>> print(gd_scalar().pretty(use_unicode=False).splitlines()[0])
        gd_scalar: gradient descent on f(x) = lambda x^2/2 in closed form, and when it converges
        """
        head = f"{self.name}: {self.description}" if self.description else self.name
        if not use_unicode:
            head = _ascii_greek(head)
        lines = [head]
        rows = [(_label(k), v) for k, v in self.steps.items()]
        rows += [(f"=> {_label(k)}", v) for k, v in self._result_rows()]
        shown = _result_parts_among_steps(self)
        if shown:
            # Parts not repeated from the steps still have to be findable as the result.
            rows.append((f"=> {', '.join(_label(k) for k in shown)}", "as in the steps above"))
        if self.conditions:
            rows.append(("conditions", tuple(self.conditions)))
        for label, value in rows:
            block = (value if isinstance(value, str)
                     else _pretty_value(value, use_unicode)).splitlines()
            if len(block) == 1:
                lines.append(f"  {label}:  {block[0]}")
            else:
                lines.append(f"  {label}:")
                lines.extend("      " + line for line in block)
        return "\n".join(lines)

    def __str__(self) -> str:
        """The readable form, :meth:`pretty`: ``print(derivation)`` shows the steps and result.

        Unicode (Greek letters, box-drawing brackets) unless standard output
        cannot encode it, then ASCII.

        Examples
        --------
        >>> from momentum_theory.symbolic import effective_weight
        >>> str(effective_weight()) == effective_weight().pretty(use_unicode=_unicode_output())
        True
        """
        return self.pretty(use_unicode=_unicode_output())

    def __repr__(self) -> str:
        if isinstance(self.result, dict):
            shown = "{" + ", ".join(self.result) + "}"
        else:
            shown = sp.sstr(self.result)
            if len(shown) > 60:
                shown = shown[:57] + "..."
        return f"<Derivation {self.name}: {shown}; {len(self.steps)} steps>"

    # -- use -----------------------------------------------------------------
    def predicate(self):
        r"""The derived region as a vectorised NumPy test, made by ``sympy.lambdify``.

        Returns
        -------
        callable
            ``f(*values) -> bool ndarray`` taking one array per entry of
            :attr:`parameters` (for the momentum region: ``eta_lambda``,
            ``beta``), broadcasting them against each other.

        Raises
        ------
        TypeError
            If this derivation has no region result.

        Examples
        --------
        >>> from momentum_theory.symbolic import momentum_region
        >>> inside = momentum_region().predicate()
        >>> inside([1.0, 2.9, 3.1], 0.5)
        array([ True,  True, False])
        """
        region = self.result
        if isinstance(region, dict):
            region = region.get("region")
        if not isinstance(region, sp.logic.boolalg.Boolean) or not self.parameters:
            raise TypeError(f"derivation {self.name} has no region to turn into a predicate")
        names = [str(p) for p in self.parameters]
        arg_names = ["eta_lambda" if n == "h" else n for n in names]
        fn = sp.lambdify(self.parameters, region, modules="numpy")

        def inside(*values):
            if len(values) != len(arg_names):
                raise TypeError(f"predicate takes {len(arg_names)} arguments ({', '.join(arg_names)})")
            arrays = [_v.real_array(val, n) for val, n in zip(values, arg_names)]
            # Broadcast first: lambdify's logical_and.reduce needs equal shapes.
            arrays = _v.broadcast(*zip(arrays, arg_names))
            out = np.asarray(fn(*arrays), dtype=bool)
            return np.broadcast_to(out, arrays[0].shape).copy() if arrays else out

        inside.__doc__ = f"True where {sp.sstr(region)} (derived by {self.name})."
        return inside


def _result_parts_among_steps(d):
    if not isinstance(d.result, dict):
        return []
    kept = {k for k, _ in d._result_rows()}
    return [k for k in d.result if k not in kept]


_GREEK = {"η": "eta", "β": "beta", "λ": "lambda", "μ": "mu", "τ": "tau", "Λ": "Lambda",
          "θ": "theta", "²": "^2"}


def _ascii_greek(text: str) -> str:
    for k, val in _GREEK.items():
        text = text.replace(k, val)
    return text


def _unicode_output() -> bool:
    """Whether standard output can show SymPy's Unicode pretty printing."""
    encoding = getattr(sys.stdout, "encoding", None)
    if not encoding:  # a StringIO (doctest, redirect_stdout) takes any text
        return True
    try:
        "ηβλ⎛⎞─⋅".encode(encoding)
    except (LookupError, UnicodeEncodeError):
        return False
    return True
