r"""The chapter's claims, as data.

:data:`CLAIMS` lists every displayed equation of the chapter's theory part
and each quantitative statement elsewhere, in chapter order. Each
:class:`~momentum_theory.claims.claim.Claim` holds an id, the chapter section,
the statement as the chapter prints it (LaTeX), the Turkish sentence it comes
from (verbatim), the statement's content as data (``formula``), the check
function that decides it, and candidate corrections. No verdict is stored.

Contents
--------
- Section names: :data:`LEAKY`, :data:`ILL`, :data:`METHOD`, :data:`WEIGHT`,
  :data:`PRACTICE`, :data:`QUAD`, :data:`SCALAR`, :data:`SUMMARY`, all in
  :data:`SECTIONS`.
- :data:`CLAIMS` -- the catalogue.
- :data:`QUALITATIVE` -- the chapter's sentences that are only qualitative,
  each with the reason no computation decides it (and the claims that check
  what it implies).

Adding a claim: write (or reuse) a check in one of the ``checks_*`` modules,
then append a ``Claim`` here; its id must be new.

Examples
--------
>>> len(CLAIMS), CLAIMS[0].id, CLAIMS[0].section == LEAKY
(52, 'minibatch-gradient', True)
>>> len(QUALITATIVE), QUALITATIVE[0].id
(15, 'rate-schedule')
"""
from __future__ import annotations

import numpy as np

from momentum_theory.claims import checks_averaging as avg
from momentum_theory.claims import checks_eigenbasis as eig
from momentum_theory.claims import checks_example_2d as ex2d
from momentum_theory.claims import checks_noise as noise
from momentum_theory.claims import checks_quadratic as quad
from momentum_theory.claims import checks_scalar as scalar
from momentum_theory.claims import checks_training as train
from momentum_theory.claims import checks_tuning as tune
from momentum_theory.claims.claim import Claim, Correction, Qualitative

__all__ = ["LEAKY", "ILL", "METHOD", "WEIGHT", "PRACTICE", "QUAD", "SCALAR", "SUMMARY", "SECTIONS",
           "CLAIMS", "QUALITATIVE"]

LEAKY = "Leaky averages"
ILL = "An ill-conditioned problem"
METHOD = "The momentum method"
WEIGHT = "Effective sample weight"
PRACTICE = "Practical experiments"
QUAD = "Quadratic convex functions"
SCALAR = "Scalar functions"
SUMMARY = "Summary"
SECTIONS = (LEAKY, ILL, METHOD, WEIGHT, PRACTICE, QUAD, SCALAR, SUMMARY)


#: Polyak's best beta is at least 1/2 exactly from this condition number on: 17 + 12 sqrt(2).
_LARGE_BETA_KAPPA = 17 + 12 * 2**0.5


def _symmetric(Q):
    return bool((Q == Q.T).all())


def _h_z(m, z_of_x):
    return (z_of_x, lambda z: m.half * z.T * m.Lam * z + m.b - m.half * m.c.T * m.Qinv * m.c)


CLAIMS = (
    Claim("minibatch-gradient", LEAKY,
          r"\mathbf{g}_{t, t-1} = \partial_{\mathbf{w}} \frac{1}{|\mathcal{B}_t|} \sum_{i \in \mathcal{B}_t} "
          r"f(\mathbf{x}_{i}, \mathbf{w}_{t-1}) = \frac{1}{|\mathcal{B}_t|} \sum_{i \in \mathcal{B}_t} \mathbf{h}_{i, t-1}",
          r"= \frac{1}{|\mathcal{B}_t|} \sum_{i \in \mathcal{B}_t} \mathbf{h}_{i, t-1}",
          lambda s: 1 / s.B, avg.check_minibatch_gradient),
    Claim("minibatch-variance", LEAKY,
          r"\operatorname{Var}\Big(\frac{1}{|\mathcal{B}|} \sum_{i \in \mathcal{B}} \mathbf{h}_i\Big) = "
          r"\frac{1}{|\mathcal{B}|} \operatorname{Var}(\mathbf{h}_i) \text{ (averaging a minibatch reduces the variance)}",
          "Ayrıca, degradelerin ortalama varyans miktarını azalttığı güzel yan etkisi de vardı.",
          lambda s: 1 / s.B, avg.check_minibatch_variance),
    Claim("leaky-two-step", LEAKY,
          r"\mathbf{v}_t = \beta^2 \mathbf{v}_{t-2} + \beta \mathbf{g}_{t-1, t-2} + \mathbf{g}_{t, t-1}",
          r"\mathbf{v}_t = \beta^2 \mathbf{v}_{t-2} + \beta \mathbf{g}_{t-1, t-2} + \mathbf{g}_{t, t-1}",
          lambda s: s.beta**2 * s.v_tm2 + s.beta * s.g_tm1 + s.g_t, avg.check_leaky_two_step),
    Claim("leaky-unrolled", LEAKY,
          r"\mathbf{v}_t = \sum_{\tau = 0}^{t-1} \beta^{\tau} \mathbf{g}_{t-\tau, t-\tau-1} \quad (\mathbf{v}_0 = 0)",
          r"= \ldots, = \sum_{\tau = 0}^{t-1} \beta^{\tau} \mathbf{g}_{t-\tau, t-\tau-1}",
          lambda s: s.beta**s.tau, avg.check_leaky_unrolled),
    Claim("large-small-beta", LEAKY,
          r"\text{large } \beta \text{: a long-range average; small } \beta \text{: only a slight correction "
          r"to the gradient}",
          r"Büyük $\beta$, uzun menzilli ortalamaya karşılık gelirken, küçük $\beta$ ise degrade yöntemine göre "
          r"yalnızca hafif bir düzeltme anlamına gelir.",
          dict(large_beta="long-range", small_beta="slight correction"), avg.check_averaging_horizon),
    Claim("leaky-batch-benefits", LEAKY,
          r"\text{the leaky average gives most of the benefits of averaging a batch (of its } "
          r"\tfrac{1}{1-\beta} \text{ gradients)}",
          "Bu, üzerinde degradeleri hesaplama maliyeti olmadan bir toplu üzerinde ortalamanın faydalarının "
          "çoğunu gerçekleştirmemize olanak tanır.",
          lambda s: 1 / (1 - s.beta), noise.check_leaky_like_a_batch,
          (Correction(r"\text{at the same long-run step } \tfrac{\eta}{1-\beta} \text{ the noise floor is plain "
                      r"SGD's with one gradient (equivalent batch} \to 1 \text{ as } \eta\lambda \to 0\text{): "
                      r"the average smooths the direction, it does not lower the floor}",
                      lambda s: 1),)),
    Claim("f2d-minimum", ILL,
          r"f(\mathbf{x}) = 0.1 x_1^2 + 2 x_2^2 \text{ has its minimum at } (0, 0)",
          "Daha önce olduğu gibi $f$ $(0, 0)$'de minimum seviyeye sahiptir",
          lambda s: (0, 0), ex2d.check_2d_minimum),
    Claim("f2d-stretched", ILL,
          r"x_1^2 + 2x_2^2 \to 0.1 x_1^2 + 2 x_2^2 \text{ is worse conditioned, and very flat along } x_1",
          "Bu işlevi $x_1$ yönünde uzatarak daha da bozuyoruz",
          dict(before=(1, 2), after=(0.1, 2), flat="x1"), ex2d.check_stretched),
    Claim("f2d-gradient", ILL,
          r"\nabla f(\mathbf{x}) = (0.2 x_1, 4 x_2) \text{ (the gradient coded in gd\_2d and momentum\_2d)}",
          "return (x1 - eta * 0.2 * x1, x2 - eta * 4 * x2, 0, 0)",
          lambda s: (s.Rational(2, 10) * s.x1, 4 * s.x2), ex2d.check_2d_gradient),
    Claim("gd-0.4-converges", ILL,
          r"\eta = 0.4:\ \text{gradient descent converges, slowly along } x_1",
          "ancak $x_1$ yönünde yavaş yakınsama ile eyerleniriz",
          dict(eta=0.4, beta=0.0, converges=True, speed="slowly", direction="x1"), ex2d.check_run),
    Claim("gd-0.6-diverges-x2", ILL,
          r"\eta = 0.6:\ \text{gradient descent diverges in } x_2",
          "büyük bir öğrenme oranı ile $x_1$ yönünde hızla ilerlemekte ancak $x_2$'te farklılaşıyoruz",
          dict(eta=0.6, beta=0.0, converges=False, direction="x2"), ex2d.check_run),
    Claim("gd-0.6-faster-x1", ILL,
          r"\eta: 0.4 \to 0.6:\ \text{convergence along } x_1 \text{ improves}",
          "$x_1$ yönündeki yakınsama gelişir ancak genel çözüm kalitesi çok daha kötüdür",
          dict(better=(0.6, 0.0), worse=(0.4, 0.0), coordinate=0), ex2d.check_run_order),
    Claim("beta-zero-is-gd", METHOD,
          r"\beta = 0:\ \mathbf{v}_t = \mathbf{g}_{t, t-1},\ \mathbf{x}_t = \mathbf{x}_{t-1} - \eta_t \mathbf{g}_{t, t-1}"
          r"\ \text{(regular gradient descent)}",
          "$\\beta = 0$ için düzenli degrade iniş kurtardığımızı unutmayın",
          lambda s: (s.beta * s.v + s.g, s.x - s.eta * (s.beta * s.v + s.g)), ex2d.check_beta_zero_is_gd),
    Claim("gradients-add-and-cancel", METHOD,
          r"\text{averaging past gradients adds them up along } x_1 \text{ (longer steps) and cancels "
          r"them along } x_2 \text{ (shorter steps)}",
          "Tersine, degradelerin salındığı $x_2$ yönünde, bir toplam degrade birbirini iptal eden salınımlar "
          "nedeniyle adım boyutunu azaltacaktır.",
          dict(adds="x1", cancels="x2"), ex2d.check_gradients_add_and_cancel),
    Claim("momentum-0.5-converges", METHOD,
          r"(\eta, \beta) = (0.6, 0.5):\ \text{momentum still converges well}",
          "ivme hala iyi bir şekilde birleşiyor",
          dict(eta=0.6, beta=0.5, converges=True, speed="well"), ex2d.check_run),
    Claim("momentum-0.25-barely-converges", METHOD,
          r"(\eta, \beta) = (0.6, 0.25):\ \text{a trajectory that barely converges}",
          "$\\beta = 0.25$'e kadar yarıya inmek, neredeyse hiç birleşmeyen bir yörüngeye yol açar",
          dict(eta=0.6, beta=0.25, converges=True, speed="slowly"), ex2d.check_run),
    Claim("momentum-0.25-beats-gd", METHOD,
          r"(\eta, \beta) = (0.6, 0.25) \text{ is much better than no momentum } (\eta = 0.6, \text{ diverges})",
          "Bununla birlikte, momentum olmadan çok daha iyidir (çözüm ayrıştığında)",
          dict(better=(0.6, 0.25), worse=(0.6, 0.0), coordinate=None), ex2d.check_run_order),
    Claim("weights-sum", WEIGHT,
          r"\sum_{\tau=0}^\infty \beta^\tau = \frac{1}{1-\beta}",
          r"$\sum_{\tau=0}^\infty \beta^\tau = \frac{1}{1-\beta}$",
          lambda s: 1 / (1 - s.beta), avg.check_geometric_total),
    Claim("effective-step", WEIGHT,
          r"\text{momentum takes steps of size } \frac{\eta}{1-\beta}",
          r"boyutu $\frac{\eta}{1-\beta}$ aynı zamanda bir adım atarken",
          lambda s: s.eta / (1 - s.beta), avg.check_effective_step),
    Claim("effective-samples-0.9", PRACTICE,
          r"\frac{1}{1 - 0.9} = 10",
          r"$\frac{1}{1 - 0.9} = 10$",
          ("0.9", 10), avg.check_effective_count),
    Claim("effective-sample-size-0.9", PRACTICE,
          r"\beta = 0.9 \text{ gives an effective sample size of } \frac{1}{1 - 0.9} = 10",
          "önemli ölçüde daha büyük etkili bir örnek boyutuna ulaşır",
          ("0.9", 10), avg.check_effective_sample_size,
          (Correction(r"\text{effective sample size } \frac{1+\beta}{1-\beta} = 19 \text{ at } \beta = 0.9 "
                      r"\text{ (10 is the sum of the weights, the factor on a steady gradient)}",
                      ("0.9", 19)),)),
    Claim("lr-0.01-under-control", PRACTICE,
          r"(\text{lr}, \beta): (0.02, 0.5) \to (0.01, 0.9) \text{ keeps things under control}",
          "Konuları kontrol altında tutmak için öğrenme oranını biraz $0.01$'e düşürüyoruz.",
          dict(run=(0.01, 0.9), reference=(0.02, 0.5)), train.check_under_control,
          (Correction(r"\text{lr} = 0.004 \text{ keeps the long-run step } \tfrac{\text{lr}}{1-\beta} "
                      r"\text{ at the } 0.04 \text{ of } (0.02, 0.5)\text{; } 0.01 \text{ makes it } 0.1",
                      dict(run=(0.004, 0.9), reference=(0.02, 0.5))),)),
    Claim("lr-0.005-converges-better", PRACTICE,
          r"\beta = 0.9:\ \text{lr} = 0.005 \text{ converges better than lr} = 0.01 \text{ (airfoil data)}",
          "$0.005$ olarak ayarlanması iyi yakınsama özellikleri sağlar.",
          dict(better=(0.005, 0.9), worse=(0.01, 0.9)), train.check_training_order),
    Claim("framework-optimizer", PRACTICE,
          r"\text{the framework's SGD with } (\text{lr}, \text{momentum}) = (0.005, 0.9) \text{ gives a very "
          r"similar trajectory}",
          "Eşleşen parametrelerin ayarlanması çok benzer bir yörünge oluşturur.",
          train.pytorch_sgd, train.check_framework_rule),
    Claim("minimizer", QUAD,
          r"\mathbf{x}^* = -\mathbf{Q}^{-1} \mathbf{c}",
          r"$\mathbf{x}^* = -\mathbf{Q}^{-1} \mathbf{c}$",
          lambda m: -m.Qinv * m.c, quad.check_minimizer),
    Claim("positive-definite-eigenvalues", QUAD,
          r"\mathbf{Q} \succ 0 \iff \text{all eigenvalues of } \mathbf{Q} \text{ are positive}",
          r"Pozitif kesin matrisler için $\mathbf{Q} \succ 0$, yani, pozitif özdeğerlere sahip matrisler için",
          lambda Q: True, eig.check_definite_means_positive_eigenvalues,
          (Correction(r"\text{for symmetric } \mathbf{Q} \text{ (all } h \text{ needs: } \mathbf{x}^\top \mathbf{Q} "
                      r"\mathbf{x} \text{ only sees } \tfrac12(\mathbf{Q} + \mathbf{Q}^\top)\text{): } \mathbf{Q} "
                      r"\succ 0 \iff \text{all eigenvalues positive}",
                      _symmetric),)),
    Claim("minimum", QUAD,
          r"\min_{\mathbf{x}} h(\mathbf{x}) = b - \frac{1}{2} \mathbf{c}^\top \mathbf{Q}^{-1} \mathbf{c}",
          r"$b - \frac{1}{2} \mathbf{c}^\top \mathbf{Q}^{-1} \mathbf{c}$ ile",
          lambda m: m.b - m.half * m.c.T * m.Qinv * m.c, quad.check_minimum),
    Claim("completed-square", QUAD,
          r"h(\mathbf{x}) = \frac{1}{2} (\mathbf{x} - \mathbf{Q}^{-1} \mathbf{c})^\top \mathbf{Q} "
          r"(\mathbf{x} - \mathbf{Q}^{-1} \mathbf{c}) + b - \frac{1}{2} \mathbf{c}^\top \mathbf{Q}^{-1} \mathbf{c}",
          r"$$h(\mathbf{x}) = \frac{1}{2} (\mathbf{x} - \mathbf{Q}^{-1} \mathbf{c})^\top \mathbf{Q} "
          r"(\mathbf{x} - \mathbf{Q}^{-1} \mathbf{c}) + b - \frac{1}{2} \mathbf{c}^\top \mathbf{Q}^{-1} \mathbf{c}.$$",
          lambda m: (m.half * (m.x - m.Qinv * m.c).T * m.Q * (m.x - m.Qinv * m.c)
                     + m.b - m.half * m.c.T * m.Qinv * m.c),
          quad.check_completed_square,
          (Correction(r"h(\mathbf{x}) = \frac{1}{2} (\mathbf{x} + \mathbf{Q}^{-1} \mathbf{c})^\top \mathbf{Q} "
                      r"(\mathbf{x} + \mathbf{Q}^{-1} \mathbf{c}) + b - \frac{1}{2} \mathbf{c}^\top "
                      r"\mathbf{Q}^{-1} \mathbf{c}",
                      lambda m: (m.half * (m.x + m.Qinv * m.c).T * m.Q * (m.x + m.Qinv * m.c)
                                 + m.b - m.half * m.c.T * m.Qinv * m.c)),)),
    Claim("gradient", QUAD,
          r"\partial_{\mathbf{x}} f(\mathbf{x}) = \mathbf{Q} (\mathbf{x} - \mathbf{Q}^{-1} \mathbf{c})",
          r"Degrade $\partial_{\mathbf{x}} f(\mathbf{x}) = \mathbf{Q} (\mathbf{x} - \mathbf{Q}^{-1} \mathbf{c})$",
          lambda m: m.Q * (m.x - m.Qinv * m.c), quad.check_gradient,
          (Correction(r"\partial_{\mathbf{x}} h(\mathbf{x}) = \mathbf{Q} (\mathbf{x} + \mathbf{Q}^{-1} \mathbf{c})",
                      lambda m: m.Q * (m.x + m.Qinv * m.c)),)),
    Claim("momentum-terms", QUAD,
          r"\mathbf{v}_t \text{ is a linear combination of the terms } \mathbf{Q} (\mathbf{x}_t - \mathbf{Q}^{-1} "
          r"\mathbf{c}) \text{ (weights } \beta^\tau \text{ of the leaky average)}",
          r"momentum $\mathbf{Q} (\mathbf{x}_t - \mathbf{Q}^{-1} \mathbf{c})$ terimlerinin doğrusal bir kombinasyonudur",
          lambda m: m.Q * (m.x - m.Qinv * m.c), quad.check_momentum_terms,
          (Correction(r"\mathbf{v}_t = \sum_{\tau=0}^{t-1} \beta^\tau \mathbf{Q} (\mathbf{x}_{t-1-\tau} + "
                      r"\mathbf{Q}^{-1} \mathbf{c})",
                      lambda m: m.Q * (m.x + m.Qinv * m.c)),)),
    Claim("eigendecomposition", QUAD,
          r"\mathbf{Q} = \mathbf{O}^\top \boldsymbol{\Lambda} \mathbf{O} \text{ (} \mathbf{O} \text{ orthogonal, } "
          r"\boldsymbol{\Lambda} \text{ diagonal, positive)}",
          r"$\mathbf{Q} = \mathbf{O}^\top \boldsymbol{\Lambda} \mathbf{O}$",
          lambda m: m.O.T * m.Lam * m.O, quad.check_eigendecomposition),
    Claim("change-of-variables", QUAD,
          r"\mathbf{z} := \mathbf{O} (\mathbf{x} - \mathbf{Q}^{-1} \mathbf{c}) \ \Rightarrow\ h(\mathbf{z}) = "
          r"\frac{1}{2} \mathbf{z}^\top \boldsymbol{\Lambda} \mathbf{z} + b'",
          r"$\mathbf{z} := \mathbf{O} (\mathbf{x} - \mathbf{Q}^{-1} \mathbf{c})$'a değişken değişikliği",
          lambda m: _h_z(m, m.O * (m.x - m.Qinv * m.c)), quad.check_change_of_variables,
          (Correction(r"\mathbf{z} := \mathbf{O} (\mathbf{x} + \mathbf{Q}^{-1} \mathbf{c}) \ \Rightarrow\ "
                      r"h(\mathbf{z}) = \frac{1}{2} \mathbf{z}^\top \boldsymbol{\Lambda} \mathbf{z} + b'",
                      lambda m: _h_z(m, m.O * (m.x + m.Qinv * m.c))),)),
    Claim("b-prime", QUAD,
          r"b' = b - \frac{1}{2} \mathbf{c}^\top \mathbf{Q}^{-1} \mathbf{c}",
          r"İşte $b' = b - \frac{1}{2} \mathbf{c}^\top \mathbf{Q}^{-1} \mathbf{c}$",
          lambda m: m.b - m.half * m.c.T * m.Qinv * m.c, quad.check_b_prime),
    Claim("orthogonal-gradients", QUAD,
          r"\nabla_{\mathbf{z}} h = \mathbf{O} \nabla_{\mathbf{x}} h \text{ (rotated, same length: the gradients "
          r"are not perturbed)}",
          r"$\mathbf{O}$ sadece bir ortogonal matris olduğundan bu durum degradeleri anlamlı bir şekilde bozmaz.",
          lambda m, gx: m.O * gx, eig.check_orthogonal_gradients),
    Claim("gd-in-z", QUAD,
          r"\mathbf{z}_t = \mathbf{z}_{t-1} - \boldsymbol{\Lambda} \mathbf{z}_{t-1} = "
          r"(\mathbf{I} - \boldsymbol{\Lambda}) \mathbf{z}_{t-1}",
          r"$$\mathbf{z}_t = \mathbf{z}_{t-1} - \boldsymbol{\Lambda} \mathbf{z}_{t-1} = "
          r"(\mathbf{I} - \boldsymbol{\Lambda}) \mathbf{z}_{t-1}.$$",
          lambda m: [m.z - m.Lam * m.z, (m.I - m.Lam) * m.z], quad.check_gd_in_z,
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
          quad.check_momentum_in_z),
    Claim("decoupling", QUAD,
          r"\text{GD with and without momentum decomposes into coordinate-wise optimization along the "
          r"eigenvectors of } \mathbf{Q}",
          "ivme ile ve ivmesiz Degrade İniş kuadratik matrisin özvektörleri yönünde koordinat bilge "
          "optimizasyonuna ayrışır",
          lambda m: m.O, quad.check_decoupling),
    Claim("scalar-gd-step", SCALAR,
          r"x_{t+1} = x_t - \eta \lambda x_t = (1 - \eta \lambda) x_t",
          r"$$x_{t+1} = x_t - \eta \lambda x_t = (1 - \eta \lambda) x_t.$$",
          lambda s: [s.x - s.eta * s.lam * s.x, (1 - s.eta * s.lam) * s.x], scalar.check_scalar_gd_step),
    Claim("scalar-gd-power", SCALAR,
          r"x_t = (1 - \eta \lambda)^t x_0",
          r"$x_t = (1 - \eta \lambda)^t x_0$",
          lambda s: (1 - s.eta * s.lam)**s.t * s.x0, scalar.check_scalar_gd_power),
    Claim("scalar-gd-converges", SCALAR,
          r"|1 - \eta \lambda| < 1 \iff 0 < \eta \lambda < 2 \text{ (gradient descent converges)}",
          r"degrade iniş için $0 < \eta \lambda < 2$ ile karşılaştırıldığında",
          lambda s: s.Interval.open(0, 2), scalar.check_scalar_gd_convergence_set),
    Claim("scalar-gd-fastest", SCALAR,
          r"\text{the rate of convergence improves as } \eta \text{ grows until } \eta \lambda = 1",
          r"$\eta \lambda = 1$'ye kadar $\eta$ öğrenme oranını artırdıkça yakınsama oranının",
          lambda s: 1, scalar.check_scalar_gd_fastest),
    Claim("scalar-gd-beyond-one", SCALAR,
          r"\text{beyond } \eta \lambda = 1 \text{ things diverge}",
          "Bunun ötesinde şeyler ayrılıyor",
          lambda s: s.Interval.open(1, s.oo), scalar.check_scalar_gd_divergence_set,
          (Correction(r"\text{for } 1 < \eta \lambda < 2 \text{ the iterates still converge (alternating sign, "
                      r"rate } |1 - \eta \lambda|\text{, slower as } \eta\lambda \to 2\text{); they diverge only for } "
                      r"\eta \lambda > 2",
                      lambda s: s.Interval.open(2, s.oo)),)),
    Claim("scalar-gd-diverges-above-two", SCALAR,
          r"\eta \lambda > 2:\ \text{the optimization diverges}",
          r"$\eta \lambda > 2$ için optimizasyon sorunu ayrılıyor",
          lambda s: s.Interval.open(2, s.oo), scalar.check_scalar_gd_divergence_set),
    Claim("momentum-matrix", SCALAR,
          r"\begin{bmatrix} v_{t+1} \\ x_{t+1} \end{bmatrix} = \begin{bmatrix} \beta & \lambda \\ -\eta \beta & "
          r"(1 - \eta \lambda) \end{bmatrix} \begin{bmatrix} v_{t} \\ x_{t} \end{bmatrix} = "
          r"\mathbf{R}(\beta, \eta, \lambda) \begin{bmatrix} v_{t} \\ x_{t} \end{bmatrix}",
          r"\begin{bmatrix} \beta & \lambda \\ -\eta \beta & (1 - \eta \lambda) \end{bmatrix}",
          lambda s: s.Matrix([[s.beta, s.lam], [-s.eta * s.beta, 1 - s.eta * s.lam]]), scalar.check_momentum_matrix),
    Claim("momentum-power", SCALAR,
          r"[v_t, x_t]^\top = \mathbf{R}(\beta, \eta, \lambda)^t [v_0, x_0]^\top",
          r"$\mathbf{R}(\beta, \eta, \lambda)^t [v_0, x_0]$ olur",
          lambda s: s.Matrix([[s.beta, s.lam], [-s.eta * s.beta, 1 - s.eta * s.lam]]), scalar.check_momentum_power),
    Claim("eigenvalues-set-rate", SCALAR,
          r"\text{the speed of convergence is set by the eigenvalues of } \mathbf{R}\text{: } \max |\mu_i(\mathbf{R})|",
          r"Bu nedenle, yakınsama hızını belirlemek $\mathbf{R}$'nin özdeğerlerine kalmıştır.",
          lambda R: max(abs(np.linalg.eigvals(R))), scalar.check_rate_from_eigenvalues),
    Claim("momentum-region", SCALAR,
          r"0 < \eta \lambda < 2 + 2 \beta \text{ (momentum converges, } \beta \in (0, 1))",
          r"$0 < \eta \lambda < 2 + 2 \beta$ momentum yakınsama",
          lambda s: (0, 2 + 2 * s.beta), scalar.check_momentum_region),
    Claim("region-wider-than-gd", SCALAR,
          r"\text{a wider range than } 0 < \eta \lambda < 2 \text{ for gradient descent, for every } \beta \in (0, 1)",
          "daha geniş bir uygulanabilir parametre aralığıdır",
          lambda s: (0, 1), scalar.check_region_wider),
    Claim("large-beta-desirable", SCALAR,
          r"\text{in general, large values of } \beta \text{ are desirable}",
          r"Ayrıca, genel olarak $\beta$'in büyük değerlerinin arzu edildiğini de göstermektedir.",
          lambda kappa: True, tune.check_large_beta,
          (Correction(r"\text{the best } \beta^* = \big(\tfrac{\sqrt\kappa - 1}{\sqrt\kappa + 1}\big)^2 \text{ is large "
                      r"(} \ge \tfrac12 \text{) only for } \kappa \ge 17 + 12\sqrt2 \approx 34\text{; near } \kappa = 1 "
                      r"\text{ it is near } 0",
                      lambda kappa: kappa >= _LARGE_BETA_KAPPA),)),
    Claim("momentum-accelerates", SUMMARY,
          r"\text{momentum accelerates convergence significantly, especially on ill-conditioned problems}",
          "Bu, yakınsamayı önemli ölçüde hızlandırır.",
          dict(from_kappa=10, factor=2), tune.check_acceleration),
    Claim("effective-gradients", SUMMARY,
          r"\text{the effective number of gradients is } \frac{1}{1-\beta}",
          r"etkin degrade sayısı $\frac{1}{1-\beta}$ tarafından verilir",
          lambda s: 1 / (1 - s.beta), avg.check_geometric_total),
    Claim("quadratic-scope", SUMMARY,
          r"\text{the analysis is for convex quadratics: Polyak's tuning for } [\mu, L] \text{ converges on every "
          r"quadratic with curvatures in } [\mu, L]\text{, but need not on a smooth strongly convex function}",
          "Dışbükey kuadratik problemler durumunda bu açıkça ayrıntılı olarak analiz edilebilir.",
          dict(converges_on="quadratic", fails_on="smooth strongly convex"), tune.check_quadratic_scope),
)


QUALITATIVE = (
    Qualitative("rate-schedule", LEAKY,
                "Eğer çok hızlı azaltırsak yakınsama durur.",
                "about learning-rate schedules of the previous chapter (sec_sgd); this chapter runs no "
                "schedule, so there is nothing here to compute it on"),
    Qualitative("heavy-ball-image", LEAKY,
                "Bu objektif fonksiyon manzara aşağı haddeleme ağır bir top geçmiş güçler üzerinde entegre "
                "nasıl benzer geçmiş degradeleri birikir.",
                "an analogy (a heavy ball integrating past forces); its content is the leaky average",
                ("leaky-unrolled",)),
    Qualitative("weighted-average-direction", LEAKY,
                "Yeni degrade değişimi artık belirli bir örnekte en dik iniş yönünü değil, geçmiş degradelerin "
                "ağırlıklı ortalamasını işaret ediyor.",
                "a description of the update; its formula is checked (strictly a weighted sum: the weights "
                "add up to 1/(1 - beta), not 1)",
                ("leaky-unrolled", "weights-sum")),
    Qualitative("stable-directions", LEAKY,
                "Ayrıca, daha kararlı iniş yönleri elde etmek için sonraki gradyanlar üzerinde ortalama yapmamıza "
                "izin veriyorlar.",
                "'more stable' has no measure in the chapter; the variance of the averaged direction and the "
                "noise floor it leads to are checked",
                ("effective-sample-size-0.9", "leaky-batch-benefits")),
    Qualitative("why-momentum-works", LEAKY,
                "Gerçekten de, gürültüsüz dışbükey problemler için bile ivmenin yönü, ivmenin neden çalıştığı ve "
                "neden bu kadar iyi çalıştığının temel nedenlerinden biridir.",
                "an explanation, not a statement with a quantity; the speed-up on noise-free problems is checked",
                ("momentum-accelerates",)),
    Qualitative("known-useful", LEAKY,
                "Derin öğrenmede momentumun uzun zamandır faydalı olduğu bilinmektedir.",
                "a statement about the literature (Sutskever et al. 2013), not about a computation"),
    Qualitative("two-bad-choices", ILL,
                "Böylece iki istenmeyen seçenek arasında sıkıştık",
                "the dilemma itself is a framing; each of its halves is checked on the runs",
                ("f2d-gradient", "gd-0.4-converges", "gd-0.6-diverges-x2")),
    Qualitative("minibatch-notation", METHOD,
                "Tek değişiklik, bu durumda $\\mathbf{g}_{t, t-1}$ degradelerini $\\mathbf{g}_t$ ile "
                "değiştirdiğimizdir.",
                "a change of notation (the stochastic gradient g_t for g_{t, t-1}), nothing to compute"),
    Qualitative("two-benefits", WEIGHT,
                "Bunlar bir arada iki fayda.",
                "'better-behaved direction' has no measure in the chapter; the longer step and the averaging "
                "are checked separately",
                ("effective-step", "leaky-batch-benefits")),
    Qualitative("state-shape", PRACTICE,
                "Degradeler (ve en iyileştirme sorununun değişkenleri) ile aynı şekle sahiptir.",
                "a fact about the code (the velocity is allocated with the parameter's shape), true by "
                "construction"),
    Qualitative("non-smooth-issues", PRACTICE,
                "Öğrenme oranının azaltılması, pürüzsüz olmayan optimizasyon sorunlarının herhangi bir sorununu "
                "giderir.",
                "'non-smooth' refers to the jagged loss curve (the loss itself is a smooth quadratic) and "
                "'any issue' has no criterion; the comparison it introduces is checked",
                ("lr-0.005-converges-better",)),
    Qualitative("representative-example", QUAD,
                "Şimdi bunun, en azından dışbükey kuadratik objektif fonksiyonların en aza indirilmesi "
                "durumunda karşılaşabileceği problem türlerinin oldukça temsilcisi olduğunu göreceğiz.",
                "'quite representative' is an announcement; what makes it true is the decoupling, which is "
                "checked",
                ("decoupling",)),
    Qualitative("desirable-noisy-and-not", SUMMARY,
                "Hem gürültüsüz degrade iniş hem de (gürültülü) stokastik degrade iniş için arzu edilir.",
                "'desirable' depends on the goal; without noise the speed-up is checked, with noise the "
                "noise floor at the same long-run step is (it does not drop)",
                ("momentum-accelerates", "leaky-batch-benefits")),
    Qualitative("prevents-stalling", SUMMARY,
                "Momentum, stokastik gradyan iniş için ortaya çıkma olasılığı çok daha yüksek olan "
                "optimizasyon sürecinin durdurulmasını önler.",
                "'stalling' is not defined and no experiment in the chapter measures it"),
    Qualitative("extra-state", SUMMARY,
                "Uygulama oldukça basittir ancak ek bir durum vektörü (momentum $\\mathbf{v}$) saklamamızı "
                "gerektirir.",
                "a fact about the implementation (one velocity per parameter), true by construction"),
)
