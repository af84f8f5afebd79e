r"""The chapter's claims, each decided by a computation.

The catalogue lists every displayed equation of the chapter's theory part and
each quantitative statement elsewhere; no verdict is stored: :func:`verify_all`
runs every check on the chapter's formula, and when a claim fails its
candidate corrections go through the same check.

Modules
-------
- :mod:`~momentum_theory.claims.claim` -- the types: :class:`Claim`,
  :class:`Correction`, :class:`Verdict`, :class:`ClaimResult`.
- :mod:`~momentum_theory.claims.chapter` -- the catalogue as data, :data:`CLAIMS`.
- :mod:`~momentum_theory.claims.verification` -- :func:`catalogue`,
  :func:`verify`, :func:`verify_all`, :func:`format_table`, :class:`ClaimResults`.
- :mod:`~momentum_theory.claims.namespaces` -- the symbols formulas are written
  in: :func:`scalar_namespace`, :func:`matrix_instances`.

Checks, by topic
----------------
- :mod:`~momentum_theory.claims.checks_averaging` -- leaky averages and the effective weight.
- :mod:`~momentum_theory.claims.checks_example_2d` -- the 2-D example and its runs.
- :mod:`~momentum_theory.claims.checks_quadratic` -- the quadratic :math:`h` and its eigen-coordinates.
- :mod:`~momentum_theory.claims.checks_scalar` -- one eigen-direction: gradient descent,
  the transition matrix, the stability region.

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
    CLAIMS, ILL, LEAKY, METHOD, PRACTICE, QUAD, SCALAR, SECTIONS, SUMMARY, WEIGHT,
)
from momentum_theory.claims.claim import Claim, ClaimResult, Correction, Verdict
from momentum_theory.claims.namespaces import matrix_instances, scalar_namespace
from momentum_theory.claims.verification import (
    ClaimResults, catalogue, format_table, verify, verify_all,
)

__all__ = ["Claim", "Correction", "Verdict", "ClaimResult", "ClaimResults", "CLAIMS", "SECTIONS",
           "catalogue", "verify", "verify_all", "format_table",
           "scalar_namespace", "matrix_instances"]
