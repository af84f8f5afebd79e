r"""The chapter's claims, each decided by a computation.

:data:`CLAIMS` catalogues every displayed equation of the chapter's theory
part and each quantitative statement elsewhere: an id, the chapter section,
the statement as the chapter prints it (LaTeX), the Turkish source text it
comes from, the statement's content as *data* (``formula``) and the check
that decides it (from :mod:`momentum_theory.claim_checks`,
:mod:`~momentum_theory.claim_checks_quadratic` and
:mod:`~momentum_theory.claim_checks_scalar`). No verdict is
stored: :func:`verify_all` runs every check on the chapter's formula. When a
claim fails, its candidate corrections are run through the same check, and
the first one that passes is reported as the correction.

Examples
--------
>>> from momentum_theory.claims import verify
>>> r = verify("effective-samples-0.9")
>>> r.holds, r.correction
(True, None)
>>> r = verify("gradient")
>>> r.holds
False
>>> print(r.correction)
\partial_{\mathbf{x}} h(\mathbf{x}) = \mathbf{Q} (\mathbf{x} + \mathbf{Q}^{-1} \mathbf{c})
"""
from __future__ import annotations

import traceback
from dataclasses import dataclass
from typing import Any, Callable

from momentum_theory import _validation as _v
from momentum_theory import claim_checks as cc
from momentum_theory import claim_checks_quadratic as cq
from momentum_theory import claim_checks_scalar as cs

__all__ = ["Claim", "Correction", "ClaimResult", "CLAIMS", "catalogue", "verify", "verify_all",
           "format_table"]


@dataclass(frozen=True)
class Correction:
    """A candidate correction: LaTeX and the formula the claim's check is run on."""

    latex: str
    formula: Any


@dataclass(frozen=True)
class Claim:
    """One claim of the chapter.

    Attributes
    ----------
    id : str
        Short slug, e.g. ``"gradient"``.
    section : str
        The chapter section, in English.
    statement : str
        The claim as the chapter writes it, in LaTeX (prose in ``\\text``).
    source : str
        The passage of the (Turkish) chapter it comes from, verbatim.
    formula : object
        The statement's content as data, in the form ``check`` expects.
    check : callable
        ``check(formula) -> claim_checks.Verdict``.
    corrections : tuple of Correction
        Candidates tried, in order, when the claim fails.
    """

    id: str
    section: str
    statement: str
    source: str
    formula: Any
    check: Callable[[Any], cc.Verdict]
    corrections: tuple = ()

    def run(self) -> "ClaimResult":
        """Run the check on the chapter's formula (and on corrections if it fails)."""
        verdict = self.check(self.formula)
        correction = None
        evidence = verdict.evidence
        if not verdict.holds:
            for cand in self.corrections:
                fixed = self.check(cand.formula)
                if fixed.holds:
                    correction = cand.latex
                    evidence += f" || corrected form passes the same check: {fixed.evidence}"
                    break
            else:
                correction = verdict.correction or (
                    r"\text{no candidate correction verified; see the evidence}")
        return ClaimResult(self.id, self.section, self.statement, bool(verdict.holds), evidence, correction)


@dataclass(frozen=True)
class ClaimResult:
    """The outcome of one check.

    ``error`` is set (and ``holds`` is False) when the check itself crashed.
    """

    id: str
    section: str
    statement: str
    holds: bool
    evidence: str
    correction: str | None
    error: str | None = None

    def to_dict(self) -> dict:
        """The JSON record: id, section, statement, holds, evidence, correction."""
        return {"id": self.id, "section": self.section, "statement": self.statement,
                "holds": self.holds, "evidence": self.evidence, "correction": self.correction}

    @property
    def note(self) -> str:
        """One line for a table: the correction, the crash, or the head of the evidence."""
        if self.error:
            return f"check crashed: {self.error}"
        if self.correction:
            return f"should read: {self.correction}"
        return self.evidence.split(";")[0]


# --------------------------------------------------------------------------
# The catalogue
# --------------------------------------------------------------------------

LEAKY = "Leaky averages"
ILL = "An ill-conditioned problem"
METHOD = "The momentum method"
WEIGHT = "Effective sample weight"
PRACTICE = "Practical experiments"
QUAD = "Quadratic convex functions"
SCALAR = "Scalar functions"
SUMMARY = "Summary"


def _h_z(m, z_of_x):
    return (z_of_x, lambda z: m.half * z.T * m.Lam * z + m.b - m.half * m.c.T * m.Qinv * m.c)


CLAIMS = (
    Claim("minibatch-gradient", LEAKY,
          r"\mathbf{g}_{t, t-1} = \partial_{\mathbf{w}} \frac{1}{|\mathcal{B}_t|} \sum_{i \in \mathcal{B}_t} "
          r"f(\mathbf{x}_{i}, \mathbf{w}_{t-1}) = \frac{1}{|\mathcal{B}_t|} \sum_{i \in \mathcal{B}_t} \mathbf{h}_{i, t-1}",
          r"= \frac{1}{|\mathcal{B}_t|} \sum_{i \in \mathcal{B}_t} \mathbf{h}_{i, t-1}",
          lambda s: 1 / s.B, cc.check_minibatch_gradient),
    Claim("leaky-two-step", LEAKY,
          r"\mathbf{v}_t = \beta^2 \mathbf{v}_{t-2} + \beta \mathbf{g}_{t-1, t-2} + \mathbf{g}_{t, t-1}",
          r"\mathbf{v}_t = \beta^2 \mathbf{v}_{t-2} + \beta \mathbf{g}_{t-1, t-2} + \mathbf{g}_{t, t-1}",
          lambda s: s.beta**2 * s.v_tm2 + s.beta * s.g_tm1 + s.g_t, cc.check_leaky_two_step),
    Claim("leaky-unrolled", LEAKY,
          r"\mathbf{v}_t = \sum_{\tau = 0}^{t-1} \beta^{\tau} \mathbf{g}_{t-\tau, t-\tau-1} \quad (\mathbf{v}_0 = 0)",
          r"= \ldots, = \sum_{\tau = 0}^{t-1} \beta^{\tau} \mathbf{g}_{t-\tau, t-\tau-1}",
          lambda s: s.beta**s.tau, cc.check_leaky_unrolled),
    Claim("f2d-minimum", ILL,
          r"f(\mathbf{x}) = 0.1 x_1^2 + 2 x_2^2 \text{ has its minimum at } (0, 0)",
          "Daha önce olduğu gibi $f$ $(0, 0)$'de minimum seviyeye sahiptir",
          lambda s: (0, 0), cc.check_2d_minimum),
    Claim("f2d-gradient", ILL,
          r"\nabla f(\mathbf{x}) = (0.2 x_1, 4 x_2) \text{ (the gradient coded in gd\_2d and momentum\_2d)}",
          "return (x1 - eta * 0.2 * x1, x2 - eta * 4 * x2, 0, 0)",
          lambda s: (s.Rational(2, 10) * s.x1, 4 * s.x2), cc.check_2d_gradient),
    Claim("gd-0.4-converges", ILL,
          r"\eta = 0.4:\ \text{gradient descent converges, slowly along } x_1",
          "ancak $x_1$ yönünde yavaş yakınsama ile eyerleniriz",
          dict(eta=0.4, beta=0.0, converges=True, speed="slowly", direction="x1"), cc.check_run),
    Claim("gd-0.6-diverges-x2", ILL,
          r"\eta = 0.6:\ \text{gradient descent diverges in } x_2",
          "büyük bir öğrenme oranı ile $x_1$ yönünde hızla ilerlemekte ancak $x_2$'te farklılaşıyoruz",
          dict(eta=0.6, beta=0.0, converges=False, direction="x2"), cc.check_run),
    Claim("gd-0.6-faster-x1", ILL,
          r"\eta: 0.4 \to 0.6:\ \text{convergence along } x_1 \text{ improves}",
          "$x_1$ yönündeki yakınsama gelişir ancak genel çözüm kalitesi çok daha kötüdür",
          dict(better=(0.6, 0.0), worse=(0.4, 0.0), coordinate=0), cc.check_run_order),
    Claim("beta-zero-is-gd", METHOD,
          r"\beta = 0:\ \mathbf{v}_t = \mathbf{g}_{t, t-1},\ \mathbf{x}_t = \mathbf{x}_{t-1} - \eta_t \mathbf{g}_{t, t-1}"
          r"\ \text{(regular gradient descent)}",
          "$\\beta = 0$ için düzenli degrade iniş kurtardığımızı unutmayın",
          lambda s: (s.beta * s.v + s.g, s.x - s.eta * (s.beta * s.v + s.g)), cc.check_beta_zero_is_gd),
    Claim("momentum-0.5-converges", METHOD,
          r"(\eta, \beta) = (0.6, 0.5):\ \text{momentum still converges well}",
          "ivme hala iyi bir şekilde birleşiyor",
          dict(eta=0.6, beta=0.5, converges=True, speed="well"), cc.check_run),
    Claim("momentum-0.25-barely-converges", METHOD,
          r"(\eta, \beta) = (0.6, 0.25):\ \text{a trajectory that barely converges}",
          "$\\beta = 0.25$'e kadar yarıya inmek, neredeyse hiç birleşmeyen bir yörüngeye yol açar",
          dict(eta=0.6, beta=0.25, converges=True, speed="slowly"), cc.check_run),
    Claim("momentum-0.25-beats-gd", METHOD,
          r"(\eta, \beta) = (0.6, 0.25) \text{ is much better than no momentum } (\eta = 0.6, \text{ diverges})",
          "Bununla birlikte, momentum olmadan çok daha iyidir (çözüm ayrıştığında)",
          dict(better=(0.6, 0.25), worse=(0.6, 0.0), coordinate=None), cc.check_run_order),
    Claim("weights-sum", WEIGHT,
          r"\sum_{\tau=0}^\infty \beta^\tau = \frac{1}{1-\beta}",
          r"$\sum_{\tau=0}^\infty \beta^\tau = \frac{1}{1-\beta}$",
          lambda s: 1 / (1 - s.beta), cc.check_geometric_total),
    Claim("effective-step", WEIGHT,
          r"\text{momentum takes steps of size } \frac{\eta}{1-\beta}",
          r"boyutu $\frac{\eta}{1-\beta}$ aynı zamanda bir adım atarken",
          lambda s: s.eta / (1 - s.beta), cc.check_effective_step),
    Claim("effective-samples-0.9", PRACTICE,
          r"\frac{1}{1 - 0.9} = 10",
          r"$\frac{1}{1 - 0.9} = 10$",
          ("0.9", 10), cc.check_effective_count),
    Claim("minimizer", QUAD,
          r"\mathbf{x}^* = -\mathbf{Q}^{-1} \mathbf{c}",
          r"$\mathbf{x}^* = -\mathbf{Q}^{-1} \mathbf{c}$",
          lambda m: -m.Qinv * m.c, cq.check_minimizer),
    Claim("minimum", QUAD,
          r"\min_{\mathbf{x}} h(\mathbf{x}) = b - \frac{1}{2} \mathbf{c}^\top \mathbf{Q}^{-1} \mathbf{c}",
          r"$b - \frac{1}{2} \mathbf{c}^\top \mathbf{Q}^{-1} \mathbf{c}$ ile",
          lambda m: m.b - m.half * m.c.T * m.Qinv * m.c, cq.check_minimum),
    Claim("completed-square", QUAD,
          r"h(\mathbf{x}) = \frac{1}{2} (\mathbf{x} - \mathbf{Q}^{-1} \mathbf{c})^\top \mathbf{Q} "
          r"(\mathbf{x} - \mathbf{Q}^{-1} \mathbf{c}) + b - \frac{1}{2} \mathbf{c}^\top \mathbf{Q}^{-1} \mathbf{c}",
          r"$$h(\mathbf{x}) = \frac{1}{2} (\mathbf{x} - \mathbf{Q}^{-1} \mathbf{c})^\top \mathbf{Q} "
          r"(\mathbf{x} - \mathbf{Q}^{-1} \mathbf{c}) + b - \frac{1}{2} \mathbf{c}^\top \mathbf{Q}^{-1} \mathbf{c}.$$",
          lambda m: (m.half * (m.x - m.Qinv * m.c).T * m.Q * (m.x - m.Qinv * m.c)
                     + m.b - m.half * m.c.T * m.Qinv * m.c),
          cq.check_completed_square,
          (Correction(r"h(\mathbf{x}) = \frac{1}{2} (\mathbf{x} + \mathbf{Q}^{-1} \mathbf{c})^\top \mathbf{Q} "
                      r"(\mathbf{x} + \mathbf{Q}^{-1} \mathbf{c}) + b - \frac{1}{2} \mathbf{c}^\top "
                      r"\mathbf{Q}^{-1} \mathbf{c}",
                      lambda m: (m.half * (m.x + m.Qinv * m.c).T * m.Q * (m.x + m.Qinv * m.c)
                                 + m.b - m.half * m.c.T * m.Qinv * m.c)),)),
    Claim("gradient", QUAD,
          r"\partial_{\mathbf{x}} f(\mathbf{x}) = \mathbf{Q} (\mathbf{x} - \mathbf{Q}^{-1} \mathbf{c})",
          r"Degrade $\partial_{\mathbf{x}} f(\mathbf{x}) = \mathbf{Q} (\mathbf{x} - \mathbf{Q}^{-1} \mathbf{c})$",
          lambda m: m.Q * (m.x - m.Qinv * m.c), cq.check_gradient,
          (Correction(r"\partial_{\mathbf{x}} h(\mathbf{x}) = \mathbf{Q} (\mathbf{x} + \mathbf{Q}^{-1} \mathbf{c})",
                      lambda m: m.Q * (m.x + m.Qinv * m.c)),)),
    Claim("momentum-terms", QUAD,
          r"\mathbf{v}_t \text{ is a linear combination of the terms } \mathbf{Q} (\mathbf{x}_t - \mathbf{Q}^{-1} "
          r"\mathbf{c}) \text{ (weights } \beta^\tau \text{ of the leaky average)}",
          r"momentum $\mathbf{Q} (\mathbf{x}_t - \mathbf{Q}^{-1} \mathbf{c})$ terimlerinin doğrusal bir kombinasyonudur",
          lambda m: m.Q * (m.x - m.Qinv * m.c), cq.check_momentum_terms,
          (Correction(r"\mathbf{v}_t = \sum_{\tau=0}^{t-1} \beta^\tau \mathbf{Q} (\mathbf{x}_{t-1-\tau} + "
                      r"\mathbf{Q}^{-1} \mathbf{c})",
                      lambda m: m.Q * (m.x + m.Qinv * m.c)),)),
    Claim("eigendecomposition", QUAD,
          r"\mathbf{Q} = \mathbf{O}^\top \boldsymbol{\Lambda} \mathbf{O} \text{ (} \mathbf{O} \text{ orthogonal, } "
          r"\boldsymbol{\Lambda} \text{ diagonal, positive)}",
          r"$\mathbf{Q} = \mathbf{O}^\top \boldsymbol{\Lambda} \mathbf{O}$",
          lambda m: m.O.T * m.Lam * m.O, cq.check_eigendecomposition),
    Claim("change-of-variables", QUAD,
          r"\mathbf{z} := \mathbf{O} (\mathbf{x} - \mathbf{Q}^{-1} \mathbf{c}) \ \Rightarrow\ h(\mathbf{z}) = "
          r"\frac{1}{2} \mathbf{z}^\top \boldsymbol{\Lambda} \mathbf{z} + b'",
          r"$\mathbf{z} := \mathbf{O} (\mathbf{x} - \mathbf{Q}^{-1} \mathbf{c})$'a değişken değişikliği",
          lambda m: _h_z(m, m.O * (m.x - m.Qinv * m.c)), cq.check_change_of_variables,
          (Correction(r"\mathbf{z} := \mathbf{O} (\mathbf{x} + \mathbf{Q}^{-1} \mathbf{c}) \ \Rightarrow\ "
                      r"h(\mathbf{z}) = \frac{1}{2} \mathbf{z}^\top \boldsymbol{\Lambda} \mathbf{z} + b'",
                      lambda m: _h_z(m, m.O * (m.x + m.Qinv * m.c))),)),
    Claim("b-prime", QUAD,
          r"b' = b - \frac{1}{2} \mathbf{c}^\top \mathbf{Q}^{-1} \mathbf{c}",
          r"İşte $b' = b - \frac{1}{2} \mathbf{c}^\top \mathbf{Q}^{-1} \mathbf{c}$",
          lambda m: m.b - m.half * m.c.T * m.Qinv * m.c, cq.check_b_prime),
    Claim("gd-in-z", QUAD,
          r"\mathbf{z}_t = \mathbf{z}_{t-1} - \boldsymbol{\Lambda} \mathbf{z}_{t-1} = "
          r"(\mathbf{I} - \boldsymbol{\Lambda}) \mathbf{z}_{t-1}",
          r"$$\mathbf{z}_t = \mathbf{z}_{t-1} - \boldsymbol{\Lambda} \mathbf{z}_{t-1} = "
          r"(\mathbf{I} - \boldsymbol{\Lambda}) \mathbf{z}_{t-1}.$$",
          lambda m: [m.z - m.Lam * m.z, (m.I - m.Lam) * m.z], cq.check_gd_in_z,
          (Correction(r"\mathbf{z}_t = \mathbf{z}_{t-1} - \eta \boldsymbol{\Lambda} \mathbf{z}_{t-1} = "
                      r"(\mathbf{I} - \eta \boldsymbol{\Lambda}) \mathbf{z}_{t-1}",
                      lambda m: [m.z - m.eta * m.Lam * m.z, (m.I - m.eta * m.Lam) * m.z]),)),
    Claim("momentum-in-z", QUAD,
          r"\mathbf{v}_t = \beta \mathbf{v}_{t-1} + \boldsymbol{\Lambda} \mathbf{z}_{t-1}, \quad "
          r"\mathbf{z}_t = \mathbf{z}_{t-1} - \eta \left(\beta \mathbf{v}_{t-1} + \boldsymbol{\Lambda} "
          r"\mathbf{z}_{t-1}\right) = (\mathbf{I} - \eta \boldsymbol{\Lambda}) \mathbf{z}_{t-1} - \eta \beta \mathbf{v}_{t-1}",
          r"& = (\mathbf{I} - \eta \boldsymbol{\Lambda}) \mathbf{z}_{t-1} - \eta \beta \mathbf{v}_{t-1}.",
          lambda m: ([m.beta * m.v + m.Lam * m.z],
                     [m.z - m.eta * (m.beta * m.v + m.Lam * m.z),
                      (m.I - m.eta * m.Lam) * m.z - m.eta * m.beta * m.v]),
          cq.check_momentum_in_z),
    Claim("decoupling", QUAD,
          r"\text{GD with and without momentum decomposes into coordinate-wise optimization along the "
          r"eigenvectors of } \mathbf{Q}",
          "ivme ile ve ivmesiz Degrade İniş kuadratik matrisin özvektörleri yönünde koordinat bilge "
          "optimizasyonuna ayrışır",
          lambda m: m.O, cq.check_decoupling),
    Claim("scalar-gd-step", SCALAR,
          r"x_{t+1} = x_t - \eta \lambda x_t = (1 - \eta \lambda) x_t",
          r"$$x_{t+1} = x_t - \eta \lambda x_t = (1 - \eta \lambda) x_t.$$",
          lambda s: [s.x - s.eta * s.lam * s.x, (1 - s.eta * s.lam) * s.x], cs.check_scalar_gd_step),
    Claim("scalar-gd-power", SCALAR,
          r"x_t = (1 - \eta \lambda)^t x_0",
          r"$x_t = (1 - \eta \lambda)^t x_0$",
          lambda s: (1 - s.eta * s.lam)**s.t * s.x0, cs.check_scalar_gd_power),
    Claim("scalar-gd-converges", SCALAR,
          r"|1 - \eta \lambda| < 1 \iff 0 < \eta \lambda < 2 \text{ (gradient descent converges)}",
          r"degrade iniş için $0 < \eta \lambda < 2$ ile karşılaştırıldığında",
          lambda s: s.Interval.open(0, 2), cs.check_scalar_gd_convergence_set),
    Claim("scalar-gd-fastest", SCALAR,
          r"\text{the rate of convergence improves as } \eta \text{ grows until } \eta \lambda = 1",
          r"$\eta \lambda = 1$'ye kadar $\eta$ öğrenme oranını artırdıkça yakınsama oranının",
          lambda s: 1, cs.check_scalar_gd_fastest),
    Claim("scalar-gd-beyond-one", SCALAR,
          r"\text{beyond } \eta \lambda = 1 \text{ things diverge}",
          "Bunun ötesinde şeyler ayrılıyor",
          lambda s: s.Interval.open(1, s.oo), cs.check_scalar_gd_divergence_set,
          (Correction(r"\text{for } 1 < \eta \lambda < 2 \text{ the iterates still converge (alternating sign, "
                      r"rate } |1 - \eta \lambda|\text{, slower as } \eta\lambda \to 2\text{); they diverge only for } "
                      r"\eta \lambda > 2",
                      lambda s: s.Interval.open(2, s.oo)),)),
    Claim("scalar-gd-diverges-above-two", SCALAR,
          r"\eta \lambda > 2:\ \text{the optimization diverges}",
          r"$\eta \lambda > 2$ için optimizasyon sorunu ayrılıyor",
          lambda s: s.Interval.open(2, s.oo), cs.check_scalar_gd_divergence_set),
    Claim("momentum-matrix", SCALAR,
          r"\begin{bmatrix} v_{t+1} \\ x_{t+1} \end{bmatrix} = \begin{bmatrix} \beta & \lambda \\ -\eta \beta & "
          r"(1 - \eta \lambda) \end{bmatrix} \begin{bmatrix} v_{t} \\ x_{t} \end{bmatrix} = "
          r"\mathbf{R}(\beta, \eta, \lambda) \begin{bmatrix} v_{t} \\ x_{t} \end{bmatrix}",
          r"\begin{bmatrix} \beta & \lambda \\ -\eta \beta & (1 - \eta \lambda) \end{bmatrix}",
          lambda s: s.Matrix([[s.beta, s.lam], [-s.eta * s.beta, 1 - s.eta * s.lam]]), cs.check_momentum_matrix),
    Claim("momentum-power", SCALAR,
          r"[v_t, x_t]^\top = \mathbf{R}(\beta, \eta, \lambda)^t [v_0, x_0]^\top",
          r"$\mathbf{R}(\beta, \eta, \lambda)^t [v_0, x_0]$ olur",
          lambda s: s.Matrix([[s.beta, s.lam], [-s.eta * s.beta, 1 - s.eta * s.lam]]), cs.check_momentum_power),
    Claim("momentum-region", SCALAR,
          r"0 < \eta \lambda < 2 + 2 \beta \text{ (momentum converges, } \beta \in (0, 1))",
          r"$0 < \eta \lambda < 2 + 2 \beta$ momentum yakınsama",
          lambda s: (0, 2 + 2 * s.beta), cs.check_momentum_region),
    Claim("region-wider-than-gd", SCALAR,
          r"\text{a wider range than } 0 < \eta \lambda < 2 \text{ for gradient descent, for every } \beta \in (0, 1)",
          "daha geniş bir uygulanabilir parametre aralığıdır",
          lambda s: (0, 1), cs.check_region_wider),
    Claim("effective-gradients", SUMMARY,
          r"\text{the effective number of gradients is } \frac{1}{1-\beta}",
          r"etkin degrade sayısı $\frac{1}{1-\beta}$ tarafından verilir",
          lambda s: 1 / (1 - s.beta), cc.check_geometric_total),
)


def catalogue() -> tuple:
    """All claims, in chapter order.

    Examples
    --------
    >>> claims = catalogue()
    >>> len(claims) >= 15, claims[0].id
    (True, 'minibatch-gradient')
    """
    return CLAIMS


def _by_id(claim_id):
    for claim in CLAIMS:
        if claim.id == claim_id:
            return claim
    known = ", ".join(c.id for c in CLAIMS)
    raise ValueError(f"claim_id must be one of: {known}; got {claim_id!r}")


def _safe_run(claim) -> ClaimResult:
    try:
        return claim.run()
    except Exception as exc:  # a crashed check is reported, not hidden or fatal
        detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        return ClaimResult(claim.id, claim.section, claim.statement, False,
                           f"check crashed: {detail}", None, error=detail)


def verify(claim_id) -> ClaimResult:
    """Run the check of one claim.

    Parameters
    ----------
    claim_id : str
        The claim's ``id``.

    Returns
    -------
    ClaimResult

    Raises
    ------
    TypeError, ValueError
        If ``claim_id`` is not a string, or names no claim.

    Examples
    --------
    >>> verify("momentum-region").holds
    True
    """
    if not isinstance(claim_id, str):
        raise TypeError(f"claim_id must be a str, got {type(claim_id).__name__}")
    return _safe_run(_by_id(claim_id))


def format_table(results, note_width=90) -> str:
    """A plain-text table of results: id, section, holds/fails, note, and a count.

    Parameters
    ----------
    results : list of ClaimResult
    note_width : int
        Notes longer than this are cut (the JSON output has them whole).

    Examples
    --------
    >>> r = ClaimResult("x", "Summary", "1 = 1", True, "computed 1 - 1 = 0", None)
    >>> print(format_table([r]))
    id  section  verdict  note
    x   Summary  holds    computed 1 - 1 = 0
    <BLANKLINE>
    1 claims: 1 hold, 0 fail, 0 checks crashed
    """
    width = _v.count(note_width, "note_width", minimum=10)
    rows = [("id", "section", "verdict", "note")]
    for r in results:
        note = r.note if len(r.note) <= width else r.note[:width - 3] + "..."
        rows.append((r.id, r.section, "ERROR" if r.error else ("holds" if r.holds else "fails"), note))
    cols = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = ["  ".join([row[0].ljust(cols[0]), row[1].ljust(cols[1]), row[2].ljust(cols[2]), row[3]]).rstrip()
             for row in rows]
    n_err = sum(1 for r in results if r.error)
    n_hold = sum(1 for r in results if r.holds)
    lines += ["", f"{len(results)} claims: {n_hold} hold, {len(results) - n_hold - n_err} fail, "
                  f"{n_err} checks crashed"]
    return "\n".join(lines)


def verify_all(ids=None) -> list:
    """Run every check (or those named in ``ids``), in chapter order.

    Parameters
    ----------
    ids : iterable of str, optional
        Claim ids to run; default all of :data:`CLAIMS`.

    Returns
    -------
    list of ClaimResult
        A crashed check gives a result with ``error`` set instead of raising.

    Raises
    ------
    TypeError, ValueError
        If ``ids`` holds something that is not the id of a claim.

    Examples
    --------
    >>> [(r.id, r.holds) for r in verify_all(["minimum", "gradient"])]
    [('minimum', True), ('gradient', False)]
    """
    if ids is None:
        chosen = CLAIMS
    else:
        if isinstance(ids, str):
            raise TypeError("ids must be an iterable of claim ids, not a single string")
        wanted = set()
        for claim_id in ids:
            if not isinstance(claim_id, str):
                raise TypeError(f"ids must hold strings, got {type(claim_id).__name__}")
            wanted.add(_by_id(claim_id).id)
        chosen = [c for c in CLAIMS if c.id in wanted]
    return [_safe_run(c) for c in chosen]
