"""The plain data a method record is built from and hands back (no behaviour, no imports of its own)."""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from momentum_theory._radius.companion import TermPolynomial


@dataclass(frozen=True)
class Spec:
    """What a record's derivation yields: the SymPy side and the numeric polynomials."""

    derivation: object
    trace: TermPolynomial
    det: TermPolynomial
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
