r"""The accurate spectral radius of heavy ball: one private home for all its variants.

``rho = max |mu|`` over the roots of :math:`\mu^2 - T\mu + \beta`, with
:math:`T = 1 + \beta - h`, :math:`D = T^2 - 4\beta`: within 4 ulp of the exact
value for the given doubles everywhere (in practice 2.5), including on the
critical-damping curves where ``D`` cancels, and exactly 1 where the exact
radius is 1. The public entry points are
:func:`momentum_theory.spectral.spectral_radius` (and, from the same parts,
``transition_eigenvalues``, ``stability_boundary``, ``regimes.classify``) and
the maps of :mod:`momentum_theory.ratemaps`; nothing here checks its inputs.

Variants, by module
-------------------
:mod:`.accurate` -- the general slow path, double-double ``T`` and ``D``
    ``accurate_parts`` (vectorised: rho, the imaginary part, the sign of
    ``D`` decided in exact rationals where it is unsure), ``radius_accurate``
    (rho from it), ``radius_point_accurate`` (its scalar twin on Python
    floats), ``radius_excess`` (``rho - 1`` in double-double, for root finding).
:mod:`.plain` -- the plain pass and the decision to refine
    ``radius_into`` (in-place ufuncs over one chunk, marks the points to
    refine: the sliver ``0 <= D < 0.075 T**2`` and ``|rho - 1| < 2**-50``) and
    ``radius_point`` (its scalar twin, op for op, for one point).
:mod:`.refine` -- the refinement kernel
    ``refine_sliver``: ``radius_accurate``'s arithmetic written with ``out=``
    on preallocated rows, for a batch of marked points; declines the batches
    it cannot do exactly as ``radius_accurate`` would.
:mod:`.driver` -- any number of points
    ``radius`` (what ``spectral_radius`` calls: a scalar, one piece up to
    ``ONE_PIECE`` points, else the chunked driver), ``radius_map`` (chunked,
    threaded, into ``out``), ``radius_stream`` (chunked, threaded, into
    running reductions), ``default_workers``, ``CHUNK``.
:mod:`.companion` -- any 2x2 method, from its trace and determinant
    The same three tiers (plain pass, double-double, exact rationals) for
    ``z**2 - T z + D`` with ``T``, ``D`` polynomials in ``h`` and a method's
    parameters: the kernel of :mod:`momentum_theory.methods` (imported from
    there as ``momentum_theory._radius.companion``, not loaded with this
    package). Heavy ball keeps the specialised kernels above.
:mod:`.affine` -- the fast plain passes ``companion.radius`` uses when T and D are affine in h
    ``two_step_chunk`` (``T = 1 + beta - h - gamma h``, ``D = beta - gamma h``,
    recognised by ``two_step_form``: two_step, Nesterov, gd, triple momentum,
    a user's rule of that shape), ``plain_chunk`` (any affine rule, QHM),
    both deciding in ``decide``; ``run`` (chunked, threaded, refining the
    points set aside through ``companion``'s tiers).

Every variant gives the same bits for a point, whichever path, chunk, batch
or thread it takes. Tests that pin them to each other:

- ``tests/test_radius.py``: ``radius_point`` = ``radius`` on arrays,
  ``radius_point_accurate`` = ``radius_accurate``, ``refine_sliver`` =
  ``radius_accurate`` (sliver and near-one points, bit for bit), every
  point sent to refinement by both twins alike;
- ``tests/test_ratemaps.py``: ``radius_map`` and ``radius_stream`` (through
  ``radius_grid`` / ``radius_histogram``) at several chunk sizes and thread
  counts = point by point (the scalar path), a point's value independent of
  its batch;
- ``tests/test_accuracy.py``: all paths within 4 ulp of a 50-digit mpmath
  reference on the adversarial sets (one piece and chunked), and the exact
  edge cases;
- ``tests/test_regimes.py``: ``classify``, ``spectral_radius`` and
  ``transition_eigenvalues`` put a point on the same side of the curves;
- ``tests/test_spectral.py``: ``stability_boundary`` (``radius_excess``)
  against exact rationals;
- ``companion`` has its own tests with :mod:`momentum_theory.methods`
  (``tests/test_methods.py``, as its docstring says); ``affine`` in
  ``tests/test_radius.py`` (every method and a user's rule against 50-digit
  mpmath on adversarial points and against the generic polynomial path, a
  point's value independent of chunk, thread and batch).
"""
# The names its users import; no __all__: nothing here is public API.
from momentum_theory._radius.accurate import (
    accurate_parts,
    radius_accurate,
    radius_excess,
    radius_point_accurate,
)
from momentum_theory._radius.driver import (
    CHUNK,
    ONE_PIECE,
    default_workers,
    radius,
    radius_map,
    radius_stream,
)
from momentum_theory._radius.plain import radius_into, radius_point
from momentum_theory._radius.refine import refine_sliver
