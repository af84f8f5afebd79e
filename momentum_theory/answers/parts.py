r"""The checkable parts of the exercises: their instances and references.

- :class:`AnswerPart` -- one part: its variables, instances and reference;
- :func:`answer_parts`, :func:`find_part` -- the table of parts, and a look-up;
- :data:`SMALL_INSTANCES`, :data:`RANDOM_INSTANCES` -- how many instances a check tries.

Each :class:`AnswerPart` knows the variables an answer may use, how to draw
concrete instances (small ones first, then random ones, all exact
rationals: random symmetric positive definite ``Q`` up to 4x4, parameters
inside the stability region ...) and how to compute the reference on an
instance *from the problem itself*, not from a typed-in formula:

==================  ============================================================
part                reference on an instance
==================  ============================================================
effective_weight    :func:`momentum_theory.symbolic.effective_weight` (SymPy sum)
effective_step      eta times that sum
gd_iterate          ``t`` exact steps of :math:`x \leftarrow x - \eta\lambda x`
                    (for ``t > 64``: one step from 1, to the power ``t``)
gd_region           one step from ``x = 1``: is the factor below 1 in size?
region              exact test of spectral radius < 1 of the one-step matrix
minimizer           exact solution of :math:`\nabla h = Qx + c = 0`
minimum             :math:`h` at that solution
gradient            exact central differences of :math:`h` (exact for a quadratic)
variance(_batch)    exact solution of the 2x2 Lyapunov equation (Kronecker form)
==================  ============================================================

The symbolic references (for the first, symbolic step of
:func:`~momentum_theory.answers.check_answer`) come from
:mod:`momentum_theory.symbolic` and :mod:`momentum_theory.noise`.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field, replace
from fractions import Fraction

from momentum_theory.answers._common import guard_power
from momentum_theory.answers.errors import AnswerError, LimitError

__all__ = ["AnswerPart", "answer_parts", "find_part", "SMALL_INSTANCES", "RANDOM_INSTANCES", "TOPICS"]

#: Instances tried per check: the small ones come first (they make readable
#: counterexamples), the random ones catch what a regular grid could miss.
SMALL_INSTANCES = 40
RANDOM_INSTANCES = 30


@dataclass(frozen=True)
class AnswerPart:
    """One checkable part of an exercise.

    Attributes
    ----------
    exercise : int
        1 to 4.
    name : str
        Part name, as typed on the command line.
    description : str
        One line: what the answer should be.
    kind : str
        ``"scalar"``, ``"matrix"`` or ``"condition"`` (an inequality/interval).
    variables : tuple of str
        The names the answer may use.
    topic : str
        The chapter's section the part belongs to (``leaky-averages``,
        ``scalar-functions``, ``quadratic``, ``stochastic``); a part can be
        addressed by it instead of a number.
    chapter_exercise : int or None
        The chapter's own exercise number (its "Egzersizler" list) when the
        part belongs to one: 3 (minimizer and minimum of h) or 4 (stochastic
        and minibatch gradients). ``exercise`` stays the checker's original
        number, an alias (1 and 2 are topics of the text, not chapter exercises).
    """

    exercise: int
    name: str
    description: str
    kind: str
    variables: tuple
    _instances: object = field(repr=False, compare=False, default=None)
    _reference: object = field(repr=False, compare=False, default=None)
    _symbolic: object = field(repr=False, compare=False, default=None)
    topic: str = ""
    chapter_exercise: object = None

    @property
    def label(self):
        """How the part is addressed: ``exercise 3`` or ``leaky-averages``."""
        if self.chapter_exercise is not None:
            return f"exercise {self.chapter_exercise}"
        return self.topic


# -- exact numbers -------------------------------------------------------------------

def _q(p, q=1):
    import sympy as sp
    return sp.Rational(p, q)


def _complexity(value):
    import sympy as sp
    if isinstance(value, sp.MatrixBase):
        return sum(_complexity(v) for v in value) + 10 * value.rows
    if value.is_Rational:
        return abs(int(value.p)) + int(value.q)
    return 100


def _grid(choices, limit, rng, given):
    """Instances from a product of small choices, simplest first, then shuffled extras."""
    import itertools
    names = list(choices)
    pools = [[given[n]] if n in given else choices[n] for n in names]
    combos = [dict(zip(names, combo)) for combo in itertools.product(*pools)]
    combos.sort(key=lambda inst: (sum(_complexity(v) for v in inst.values()),
                                  [_complexity(inst[n]) for n in names]))
    head, tail = combos[:limit // 2], combos[limit // 2:]
    rng.shuffle(tail)
    return head + tail[:limit - len(head)]


def _random_fraction(rng, lo, hi, den=(1, 2, 3, 4, 5, 7, 8, 10)):
    import sympy as sp
    d = rng.choice(den)
    lo_n, hi_n = int(sp.ceiling(lo * d)), int(sp.floor(hi * d))
    return sp.Rational(rng.randint(lo_n, hi_n), d)


# -- parts: instances and references -------------------------------------------------

def _betas():
    return [_q(0), _q(1, 2), _q(1, 4), _q(3, 4), _q(9, 10), _q(1, 3), _q(99, 100)]


def _scalar_instances(choices, randoms):
    def make(rng, given):
        out = _grid(choices, SMALL_INSTANCES, rng, given)
        for _ in range(RANDOM_INSTANCES):
            inst = randoms(rng)
            inst.update(given)
            out.append(inst)
        return out
    return make


def _weight_reference(inst):
    from momentum_theory import symbolic
    return symbolic.effective_weight().result.subs(symbolic.beta, inst["beta"])


def _step_reference(inst):
    return inst["eta"] * _weight_reference(inst)


def _iterate_reference(inst):
    """t steps of x <- x - eta * f'(x) with f(x) = lambda x^2 / 2, exactly.

    Up to 64 steps are taken one by one. The step is linear in x, so for more
    steps x_t is x0 times the t-th power of one step taken from x = 1, computed
    by repeated squaring (a given t of 3000 takes milliseconds, not a minute);
    a power too large to hold raises LimitError ("could not decide").
    """
    t = int(inst["t"])
    step = lambda x: x - inst["eta"] * inst["lambda"] * x  # noqa: E731
    if t <= 64:
        x = inst["x0"]
        for _ in range(t):
            x = step(x)
        return x
    factor = step(1)
    if factor in (0, 1):
        return inst["x0"] * factor
    if factor == -1:
        return inst["x0"] * factor ** (t % 2)
    guard_power(Fraction(int(factor.p), int(factor.q)), t, LimitError)
    return inst["x0"] * factor ** t


def _gd_converges(inst):
    # One step from x = 1 gives the factor by which every step scales x.
    factor = 1 - inst["eta"] * inst["lambda"] * 1
    return bool(abs(factor) < 1)


def _momentum_state_matrix(inst):
    """R found by applying one momentum step to the basis states (v, x) = (1, 0), (0, 1)."""
    eta, lam, beta = inst["eta"], inst["lambda"], inst["beta"]
    columns = []
    for v, x in ((1, 0), (0, 1)):
        v_new = beta * v + lam * x
        columns.append((v_new, x - eta * v_new))
    return [[columns[0][0], columns[1][0]], [columns[0][1], columns[1][1]]]


def _momentum_converges(inst):
    """Exact test of spectral radius(R) < 1 with rational arithmetic only.

    The eigenvalues are the roots of mu^2 - T mu + D0 (T = trace, D0 = det).
    Complex pair (T^2 < 4 D0): |mu|^2 = D0. Real roots: the larger modulus is
    (|T| + sqrt(T^2 - 4 D0)) / 2 < 1 iff 2 - |T| > 0 and T^2 - 4 D0 < (2 - |T|)^2.
    """
    R = _momentum_state_matrix(inst)
    trace = R[0][0] + R[1][1]
    det = R[0][0] * R[1][1] - R[0][1] * R[1][0]
    disc = trace * trace - 4 * det
    if disc < 0:
        return bool(det < 1)
    room = 2 - abs(trace)
    return bool(room > 0 and disc < room * room)


def _condition_instances(edges):
    def make(rng, given):
        out = []
        betas = [given["beta"]] if "beta" in given else _betas()
        lams = [given["lambda"]] if "lambda" in given else [_q(1), _q(2)]
        for beta in betas:
            edge = edges(beta)
            hs = [_q(0), _q(1, 2), _q(1), edge, edge - _q(1, 100), edge + _q(1, 100),
                  _q(-1, 2), _q(-1, 100), _q(1, 100), _q(2), _q(3), _q(4), edge / 2,
                  _q(19, 10), _q(21, 10)]
            for lam in lams:
                for hval in hs:
                    out.append({"beta": beta, "lambda": lam, "eta": hval / lam})
        out.sort(key=lambda inst: sum(_complexity(v) for v in inst.values()))
        for _ in range(RANDOM_INSTANCES):
            beta = given.get("beta", _random_fraction(rng, 0, 0.98, (10, 20, 50, 100)))
            lam = given.get("lambda", _random_fraction(rng, 0.1, 5))
            hval = _random_fraction(rng, -1, 5, (10, 100, 1000))
            out.append({"beta": beta, "lambda": lam, "eta": hval / lam})
        if "eta" in given:
            for inst in out:
                inst["eta"] = given["eta"]
        return out
    return make


def _small_spd(rng, n):
    import sympy as sp
    while True:
        A = sp.Matrix(n, n, lambda i, j: rng.randint(-2, 2))
        Q = A.T * A + sp.eye(n) * rng.randint(1, 2)
        if Q.det() != 0:
            return sp.ImmutableMatrix(Q)


def _matrix_instances(with_x):
    import sympy as sp

    fixed = [  # small, readable, and with enough structure to separate Q from Q^-1, c from -c
        ([[1]], [1], 0, [1]), ([[2]], [1], 1, [1]), ([[2]], [-1], 0, [2]),
        ([[2, 1], [1, 2]], [1, 0], 0, [1, 0]), ([[2, 1], [1, 3]], [1, -1], 1, [0, 1]),
        ([[1, 0], [0, 2]], [1, 1], -1, [1, 1]), ([[3, 1], [1, 1]], [0, 2], 2, [1, -1]),
        ([[2, 1, 0], [1, 2, 1], [0, 1, 2]], [1, 0, -1], 1, [1, 1, 0]),
    ]

    def make(rng, given):
        out = []
        for Q, c, b, x in fixed:
            inst = {"Q": sp.ImmutableMatrix(Q), "c": sp.ImmutableMatrix(c), "b": sp.Integer(b)}
            if with_x:
                inst["x"] = sp.ImmutableMatrix(x)
            out.append(inst)
        for k in range(12):
            n = 2 + k % 3
            inst = {"Q": _small_spd(rng, n),
                    "c": sp.ImmutableMatrix(n, 1, lambda i, j: rng.randint(-3, 3)),
                    "b": sp.Integer(rng.randint(-3, 3))}
            if with_x:
                inst["x"] = sp.ImmutableMatrix(n, 1, lambda i, j: rng.randint(-3, 3))
            out.append(inst)
        if given:
            raise AnswerError("the matrix parts take no given values")
        return out
    return make


def _objective(inst, x):
    return (x.T * inst["Q"] * x)[0, 0] / 2 + (x.T * inst["c"])[0, 0] + inst["b"]


def _minimizer_reference(inst):
    # Solve the stationarity condition grad h = Q x + c = 0 exactly.
    x = inst["Q"].LUsolve(-inst["c"])
    return x[0, 0] if x.shape == (1, 1) else x


def _minimum_reference(inst):
    import sympy as sp
    x = sp.ImmutableMatrix(inst["Q"].LUsolve(-inst["c"]))
    return _objective(inst, x)


def _gradient_reference(inst):
    # Central differences are exact for a quadratic: no formula for the gradient needed.
    import sympy as sp
    x = inst["x"]
    n = x.rows
    grad = []
    for i in range(n):
        e = sp.ImmutableMatrix(n, 1, lambda r, _c: 1 if r == i else 0)
        grad.append((_objective(inst, x + e) - _objective(inst, x - e)) / 2)
    g = sp.ImmutableMatrix(grad)
    return g[0, 0] if n == 1 else g


def _variance_reference(inst):
    """Var(x) solving P = R P R^T + (sigma^2/B) w w^T exactly (vectorised, rational)."""
    import sympy as sp
    eta, lam, beta = inst["eta"], inst["lambda"], inst["beta"]
    R = sp.Matrix([[beta, lam], [-eta * beta, 1 - eta * lam]])
    w = sp.Matrix([1, -eta])
    noise = inst["sigma"] ** 2 / inst.get("B", 1) * w * w.T
    # vec(R P R^T) = (R kron R) vec(P) for the row-major vec used here.
    K = sp.eye(4) - sp.kronecker_product(R, R)
    vec_p = K.LUsolve(sp.Matrix(4, 1, list(noise)))
    return vec_p[3]


def _variance_instances(with_batch):
    choices = {"eta": [_q(1, 10), _q(1, 2), _q(1, 4)], "lambda": [_q(1), _q(2), _q(1, 2)],
               "beta": [_q(0), _q(1, 2), _q(9, 10)], "sigma": [_q(1), _q(2), _q(1, 2)]}
    if with_batch:
        choices["B"] = [_q(1), _q(4), _q(10)]

    def randoms(rng):
        beta = _random_fraction(rng, 0, 0.98, (10, 20, 50, 100))
        lam = _random_fraction(rng, 0.1, 5)
        h = _random_fraction(rng, 0.01, 1.95 * (1 + float(beta)), (10, 100))
        inst = {"eta": h / lam, "lambda": lam, "beta": beta,
                "sigma": _random_fraction(rng, 0.1, 3)}
        if with_batch:
            inst["B"] = _q(rng.randint(1, 64))
        return inst

    base = _scalar_instances(choices, randoms)

    def make(rng, given):
        out = base(rng, given)
        # The reference has no value outside the stability region.
        return [i for i in out if 0 < i["eta"] * i["lambda"] < 2 + 2 * i["beta"]]
    return make


def _variance_symbolic(with_batch):
    def ref():
        from momentum_theory.noise import derive_stationary_covariance
        d = derive_stationary_covariance()
        return d.x_variance if with_batch else d.x_variance.subs(d.symbols["B"], 1)
    return ref


def _quadratic_symbolic(key):
    def ref():
        from momentum_theory import symbolic
        value = symbolic.quadratic(2).result[key]
        return value
    return ref


@functools.lru_cache(maxsize=1)
def _parts():
    rnd_beta = lambda rng: {"beta": _random_fraction(rng, 0, 0.99, (10, 20, 50, 100))}  # noqa: E731

    def rnd_step(rng):
        return {"eta": _random_fraction(rng, 0.001, 1, (100, 1000)), **rnd_beta(rng)}

    def rnd_iterate(rng):
        return {"eta": _random_fraction(rng, 0.01, 1, (10, 100)),
                "lambda": _random_fraction(rng, 0.1, 5), "x0": _random_fraction(rng, -3, 3),
                "t": _q(rng.randint(0, 12))}

    def sym_weight():
        from momentum_theory import symbolic
        return symbolic.effective_weight().result

    def sym_step():
        from momentum_theory import symbolic
        return symbolic.eta * symbolic.effective_weight().result

    def sym_iterate():
        from momentum_theory import symbolic
        return symbolic.gd_scalar().result["solution"]

    parts = [
        AnswerPart(1, "effective_weight",
                   "sum of the leaky-average weights beta^tau over tau >= 0 (in beta)",
                   "scalar", ("beta",),
                   _scalar_instances({"beta": _betas()}, rnd_beta), _weight_reference,
                   sym_weight),
        AnswerPart(1, "effective_step",
                   "step that momentum takes for a constant gradient, in the limit (eta, beta)",
                   "scalar", ("eta", "beta"),
                   _scalar_instances({"eta": [_q(1, 100), _q(1, 10), _q(1, 2)], "beta": _betas()},
                                     rnd_step), _step_reference, sym_step),
        AnswerPart(2, "gd_iterate",
                   "x_t of gradient descent on f(x) = lambda x^2 / 2 from x0 (eta, lambda, x0, t)",
                   "scalar", ("eta", "lambda", "x0", "t"),
                   _scalar_instances({"eta": [_q(1, 2), _q(1, 4), _q(1)],
                                      "lambda": [_q(1), _q(3), _q(1, 3)],
                                      "x0": [_q(1), _q(2), _q(-1)],
                                      "t": [_q(0), _q(1), _q(2), _q(3), _q(5)]}, rnd_iterate),
                   _iterate_reference, sym_iterate),
        AnswerPart(2, "gd_region",
                   "when gradient descent converges on f(x) = lambda x^2 / 2: condition on eta*lambda",
                   "condition", ("eta", "lambda", "h"),
                   _condition_instances(lambda beta: _q(2)), _gd_converges, None),
        AnswerPart(2, "region",
                   "when momentum converges: condition or interval on eta*lambda (beta in [0, 1))",
                   "condition", ("eta", "lambda", "beta", "h"),
                   _condition_instances(lambda beta: 2 + 2 * beta), _momentum_converges, None),
        AnswerPart(3, "minimizer", "minimizer x* of h(x) = x^T Q x / 2 + x^T c + b (Q, c, b)",
                   "matrix", ("Q", "c", "b"), _matrix_instances(False), _minimizer_reference,
                   _quadratic_symbolic("minimizer")),
        AnswerPart(3, "minimum", "minimum value of h(x) = x^T Q x / 2 + x^T c + b (Q, c, b)",
                   "matrix", ("Q", "c", "b"), _matrix_instances(False), _minimum_reference,
                   _quadratic_symbolic("minimum")),
        AnswerPart(3, "gradient", "gradient of h at x (Q, c, b, x)",
                   "matrix", ("Q", "c", "b", "x"), _matrix_instances(True), _gradient_reference,
                   _quadratic_symbolic("gradient")),
        AnswerPart(4, "variance",
                   "stationary variance of x for momentum SGD, g = lambda x + sigma xi "
                   "(eta, lambda, beta, sigma)",
                   "scalar", ("eta", "lambda", "beta", "sigma"),
                   _variance_instances(False), _variance_reference, _variance_symbolic(False)),
        AnswerPart(4, "variance_batch",
                   "the same with minibatches of size B: noise variance sigma^2 / B "
                   "(eta, lambda, beta, sigma, B)",
                   "scalar", ("eta", "lambda", "beta", "sigma", "B"),
                   _variance_instances(True), _variance_reference, _variance_symbolic(True)),
    ]
    topics = {1: ("leaky-averages", None), 2: ("scalar-functions", None),
              3: ("quadratic", 3), 4: ("stochastic", 4)}
    return tuple(replace(p, topic=topics[p.exercise][0], chapter_exercise=topics[p.exercise][1])
                 for p in parts)


#: The chapter's sections that hold checkable parts, in the chapter's order.
TOPICS = ("leaky-averages", "scalar-functions", "quadratic", "stochastic")


def answer_parts():
    """Every checkable ``(exercise, part)`` with a one-line description.

    Returns
    -------
    tuple of AnswerPart

    Examples
    --------
    >>> [(p.exercise, p.name) for p in answer_parts()][:3]
    [(1, 'effective_weight'), (1, 'effective_step'), (2, 'gd_iterate')]
    """
    return _parts()


def find_part(exercise, part):
    """The :class:`AnswerPart` for ``(exercise, part)``; ``-`` and ``_`` are interchangeable.

    Parameters
    ----------
    exercise : int or str
        The chapter's exercise number (3, 4), a topic (``leaky-averages``,
        ``scalar-functions``, ``quadratic``, ``stochastic``), or the checker's
        original number 1 to 4 (an alias).
    part : str
        A part name (case and ``-``/``_`` do not matter).

    Returns
    -------
    AnswerPart

    Raises
    ------
    ValueError
        Unknown exercise, topic or part (the message lists the valid ones).

    Examples
    --------
    >>> find_part("3", "Minimizer").variables
    ('Q', 'c', 'b')
    >>> find_part("leaky-averages", "effective_weight") == find_part(1, "effective_weight")
    True
    >>> find_part("scalar_functions", "region").label
    'scalar-functions'
    >>> find_part(3, "x")
    Traceback (most recent call last):
        ...
    ValueError: exercise 3 has no part 'x'; its parts: minimizer, minimum, gradient
    """
    if not isinstance(part, str):
        raise TypeError(f"part must be a string, got {type(part).__name__}")
    if isinstance(exercise, bool) or not isinstance(exercise, (int, str)):
        raise ValueError(f"exercise must be a number 1 to 4 or a topic "
                         f"({', '.join(TOPICS)}), got {exercise!r}")
    text = str(exercise).strip().lower().replace("_", "-")
    if text.isdigit():
        number = int(text)
        candidates = [p for p in _parts() if p.exercise == number]
        what = f"exercise {number}"
        if not candidates:
            raise ValueError(f"exercise must be 1 to 4 or a topic ({', '.join(TOPICS)}), "
                             f"got {number}")
    else:
        candidates = [p for p in _parts() if p.topic == text]
        what = f"topic {text!r}"
        if not candidates:
            raise ValueError(f"exercise must be a number 1 to 4 or a topic "
                             f"({', '.join(TOPICS)}), got {exercise!r}")
    key = part.strip().lower().replace("-", "_")
    for p in candidates:
        if p.name == key:
            return p
    raise ValueError(f"{what} has no part {part!r}; its parts: "
                     f"{', '.join(p.name for p in candidates)}")
