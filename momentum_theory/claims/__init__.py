r"""The chapter's claims, each decided by a computation.

The catalogue lists every displayed equation of the chapter's theory part and
each checkable statement elsewhere; no verdict is stored: :func:`verify_all`
runs every check on the chapter's formula, and when a claim fails its
candidate corrections go through the same check. The sentences that are only
qualitative are listed apart, in :data:`QUALITATIVE`, each with the reason.

Modules
-------
- :mod:`~momentum_theory.claims.claim` -- the types: :class:`Claim`,
  :class:`Correction`, :class:`Verdict`, :class:`ClaimResult`, :class:`Qualitative`.
- :mod:`~momentum_theory.claims.chapter` -- the catalogue as data, :data:`CLAIMS`,
  and the qualitative sentences, :data:`QUALITATIVE`.
- :mod:`~momentum_theory.claims.verification` -- :func:`catalogue`,
  :func:`verify`, :func:`verify_all`, :func:`format_table`, :class:`ClaimResults`.
- :mod:`~momentum_theory.claims.namespaces` -- the symbols formulas are written
  in: :func:`scalar_namespace`, :func:`matrix_instances`.

Checks, by topic
----------------
- :mod:`~momentum_theory.claims.checks_averaging` -- leaky averages, the effective weight,
  minibatch variance.
- :mod:`~momentum_theory.claims.checks_example_2d` -- the 2-D example and its runs.
- :mod:`~momentum_theory.claims.checks_noise` -- what the leaky average buys under noisy gradients.
- :mod:`~momentum_theory.claims.checks_training` -- the training experiment on the airfoil data.
- :mod:`~momentum_theory.claims.checks_quadratic` -- the quadratic :math:`h` and its eigen-coordinates.
- :mod:`~momentum_theory.claims.checks_eigenbasis` -- :math:`Q \succ 0` and the orthogonal change of basis.
- :mod:`~momentum_theory.claims.checks_scalar` -- one eigen-direction: gradient descent,
  the transition matrix, the stability region, the rate.
- :mod:`~momentum_theory.claims.checks_tuning` -- tuning over a spectrum, and the limit of the
  quadratic analysis.

Examples
--------
>>> from momentum_theory.claims import verify
>>> r = verify("gradient")
>>> r
<ClaimResult gradient: fails>
>>> print(r.correction)
\partial_{\mathbf{x}} h(\mathbf{x}) = \mathbf{Q} (\mathbf{x} + \mathbf{Q}^{-1} \mathbf{c})
"""
from momentum_theory.claims.chapter import (  # noqa: F401  (section names, re-exported)
    CLAIMS, ILL, LEAKY, METHOD, PRACTICE, QUAD, QUALITATIVE, SCALAR, SECTIONS, SUMMARY, WEIGHT,
)
from momentum_theory.claims.claim import Claim, ClaimResult, Correction, Qualitative, Verdict
from momentum_theory.claims.namespaces import matrix_instances, scalar_namespace
from momentum_theory.claims.verification import (
    ClaimResults, catalogue, format_table, verify, verify_all,
)

__all__ = ["Claim", "Correction", "Verdict", "ClaimResult", "ClaimResults", "CLAIMS", "SECTIONS",
           "Qualitative", "QUALITATIVE",
           "catalogue", "verify", "verify_all", "format_table",
           "scalar_namespace", "matrix_instances"]
