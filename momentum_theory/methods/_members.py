r"""The registered methods: each an update rule, its defaults and what it reuses.

Every rule is written as the equation, with SymPy symbols, and goes through
the same derivation (:mod:`momentum_theory.methods._derive`) as a user's :func:`from_update` rule.
"""
from __future__ import annotations

import math

import numpy as np
import sympy as sp

from momentum_theory import _validation as _v
from momentum_theory.methods import _closed_forms as closed
from momentum_theory.methods._derive import capture_rule, derive, h as H, jury_region, x as X, x_prev as XP, z as Z
from momentum_theory.methods._record import Method, cached
from momentum_theory.methods._types import Spec, Tuned

eta = sp.Symbol("eta", positive=True)
beta = sp.Symbol("beta", real=True)
gamma = sp.Symbol("gamma", real=True)
nu = sp.Symbol("nu", real=True)
kappa = sp.Symbol("kappa", positive=True)


def spec_of(name, update, params, description="", extra_steps=()):
    """Capture ``update`` and derive its :class:`Spec` (shared with :func:`from_update`)."""
    A, B, terms, x_next = capture_rule(update, params)
    derivation, trace, det, jury, rest, step = derive(
        name, x_next, A, B, terms, None, params, description, extra_steps)
    return Spec(derivation=derivation, trace=trace, det=det, jury=jury, step=step, symbols=rest,
                rule=(A, B, terms))


# --- the rules, as the equations read ---------------------------------------

def gd_update(x, x_prev, grad):
    return x - eta * grad(x)


def heavy_ball_update(x, x_prev, grad):
    return x + beta * (x - x_prev) - eta * grad(x)


def nesterov_update(x, x_prev, grad):
    y = x + beta * (x - x_prev)
    return y - eta * grad(y)


def two_step_update(x, x_prev, grad):
    return x + beta * (x - x_prev) - eta * grad(x + gamma * (x - x_prev))


def qhm_two_step():
    r"""QHM as a two-step rule in ``x``, derived by eliminating the buffer ``g``.

    :math:`g_t = \beta g_{t-1} + (1-\beta)\nabla f(x_t)`,
    :math:`x_{t+1} = x_t - \eta[(1-\nu)\nabla f(x_t) + \nu g_t]`; the previous
    step :math:`x_t = x_{t-1} - \eta[(1-\nu)\nabla f(x_{t-1}) + \nu g_{t-1}]`
    is solved for :math:`g_{t-1}` and substituted. Returns the rule and the
    elimination's steps.
    """
    x, xp = X, XP
    g_prev, df, df_prev = sp.symbols("g_{t-1} gradf_t gradf_{t-1}", real=True)
    g = beta * g_prev + (1 - beta) * df
    x_next = x - eta * ((1 - nu) * df + nu * g)
    previous = sp.Eq(x, xp - eta * ((1 - nu) * df_prev + nu * g_prev))
    solved = sp.solve(previous, g_prev)
    if len(solved) != 1:            # pragma: no cover - a linear equation in g_prev
        raise RuntimeError("QHM elimination did not give one solution")
    eliminated = sp.expand(x_next.subs(g_prev, solved[0]))

    def update(x_, x_prev_, grad):
        return eliminated.subs({df: grad(x_), df_prev: grad(x_prev_)}, simultaneous=True) \
            .subs({x: x_, xp: x_prev_}, simultaneous=True)

    steps = {"qhm_buffer": sp.Eq(sp.Symbol("g_t"), g),
             "qhm_step": sp.Eq(sp.Symbol("x_{t+1}"), x_next),
             "qhm_buffer_from_previous_step": sp.Eq(g_prev, solved[0])}
    return update, steps


def tm_coefficients(k):
    r""":math:`\rho = 1 - 1/\sqrt\kappa`, :math:`\alpha L = 1 + \rho`,
    :math:`\beta = \rho^2/(2-\rho)`, :math:`\gamma = \rho^2/((1+\rho)(2-\rho))` (floats or SymPy)."""
    root = sp.sqrt(k) if isinstance(k, sp.Basic) else np.sqrt(k)
    rho = 1 - 1 / root
    return rho, 1 + rho, rho ** 2 / (2 - rho), rho ** 2 / ((1 + rho) * (2 - rho))


# --- specs, built on first use ----------------------------------------------

@cached
def _gd():
    return spec_of("gd", gd_update, (eta,))


@cached
def _heavy_ball():
    return spec_of("heavy_ball", heavy_ball_update, (eta, beta))


@cached
def _nesterov():
    return spec_of("nesterov", nesterov_update, (eta, beta))


@cached
def _two_step():
    return spec_of("two_step", two_step_update, (eta, beta, gamma))


@cached
def _qhm():
    update, steps = qhm_two_step()
    return spec_of("qhm", update, (eta, beta, nu), extra_steps=steps)


@cached
def _triple_momentum():
    """TM: the two-step family at TM's (step, beta, gamma), region in ``(lambda/L, kappa)``."""
    base = _two_step()
    q = H
    rho, step_scale, b, g = tm_coefficients(kappa)
    # On h' = (1 + rho) * (lambda / L): substitute into the family's Jury polynomials.
    subs = {H: step_scale * q, beta: b, gamma: g}
    d = base.derivation
    T = sp.simplify(d.steps["trace"].subs(subs, simultaneous=True))
    D = sp.simplify(d.steps["determinant"].subs(subs, simultaneous=True))
    charpoly, (p_plus, p_minus, a0), _ = jury_region(T, D, (kappa,))
    conditions = [sp.simplify(p_plus) > 0, sp.simplify(p_minus) > 0, sp.simplify(1 - a0) > 0,
                  sp.simplify(1 + a0) > 0]
    region = sp.And(*[c for c in conditions if c is not sp.true])
    from momentum_theory.symbolic.derivation import Derivation
    steps = {"family": d.steps["update"], "rho": sp.Eq(sp.Symbol("rho"), rho),
             "alpha_L": step_scale, "beta": b, "gamma": g, "trace": T, "determinant": D,
             "characteristic_polynomial": charpoly, "matrix": sp.ImmutableMatrix([[T, -D], [1, 0]])}
    derivation = Derivation(name="triple_momentum_region",
                            description="where triple momentum converges on f = λx²/2, h = λ/L",
                            result=region, steps=steps,
                            checks={"charpoly_minus_family": sp.simplify(
                                charpoly - sp.expand(Z ** 2 - T * Z + D))},
                            parameters=(q, kappa))
    return Spec(derivation=derivation, trace=base.trace, det=base.det, jury=base.jury,
                step=base.step, symbols=base.symbols, rule=base.rule)


def _tm_internal(q, k):
    _, scale, b, g = tm_coefficients(np.asarray(k, dtype=float))
    return scale * q, b, g


# --- reused closed forms ------------------------------------------------------

def _from_tuning(name, t, **params):
    return Tuned(method=name, eta=float(t.eta), params=params, rate=float(t.rate), mu=t.mu, L=t.L)


def _gd_optimal(mu, L):
    return _from_tuning("gd", closed.gd_optimal(mu, L))


def _hb_optimal(mu, L):
    t = closed.heavy_ball_optimal(mu, L)
    return _from_tuning("heavy_ball", t, beta=float(t.beta))


def _nesterov_optimal(mu, L):
    t = closed.nesterov_optimal(mu, L)
    return _from_tuning("nesterov", t, beta=float(t.beta))


def _tm_optimal(mu, L):
    mu, L = _v.curvature_interval(mu, L)
    k = L / mu
    return Tuned(method="triple_momentum", eta=1.0 / L, params={"kappa": k},
                 rate=1.0 - 1.0 / math.sqrt(k), mu=mu, L=L)


def _hb_radius(h, b):
    from momentum_theory.spectral import spectral_radius
    return spectral_radius(h, b)


GD = Method("gd", (), "x+ = x - eta grad(x)", (), _gd, _optimal=_gd_optimal,
            _optimal_derivation=closed.gd_derivation)
HEAVY_BALL = Method("heavy_ball", ("beta",), "x+ = x + beta (x - x-) - eta grad(x)",
                    (("beta", 0.9),), _heavy_ball, _radius=_hb_radius, _optimal=_hb_optimal,
                    _optimal_derivation=closed.heavy_ball_derivation)
NESTEROV = Method("nesterov", ("beta",), "y = x + beta (x - x-); x+ = y - eta grad(y)",
                  (("beta", 0.9),), _nesterov, _optimal=_nesterov_optimal,
                  _optimal_derivation=closed.nesterov_derivation)
TWO_STEP = Method("two_step", ("beta", "gamma"),
                  "x+ = x + beta (x - x-) - eta grad(x + gamma (x - x-))",
                  (("beta", 0.9), ("gamma", 0.5)), _two_step)
QHM = Method("qhm", ("beta", "nu"),
             "g = beta g- + (1 - beta) grad(x); x+ = x - eta ((1 - nu) grad(x) + nu g)",
             (("beta", 0.9), ("nu", 0.7)), _qhm)
TRIPLE_MOMENTUM = Method("triple_momentum", ("kappa",),
                         "two-step family at rho = 1 - 1/sqrt(kappa), alpha = (1 + rho) eta, "
                         "beta = rho^2/(2 - rho), gamma = rho^2/((1 + rho)(2 - rho)); eta = 1/L",
                         (("kappa", 100.0),), _triple_momentum, _to_internal=_tm_internal,
                         _optimal=_tm_optimal)

REGISTERED = (GD, HEAVY_BALL, NESTEROV, TWO_STEP, QHM, TRIPLE_MOMENTUM)
