r"""Reading typed answers safely: a tokenizer and recursive-descent parser.

- :func:`parse` -- text to a tree of tuples, or :class:`~momentum_theory.answers.AnswerError`;
- :func:`free_names`, :func:`is_condition` -- what a parsed answer uses, and its kind;
- :data:`NAMES`, :data:`FUNCTIONS` -- the allow-list.

A typed answer is *data*, never code: nothing here calls ``eval``, ``exec``,
``sympify`` or ``parse_expr`` on it. The text is split into tokens by a
hand-written tokenizer that knows an allow-list of characters, names,
functions and operators; a recursive-descent parser turns the tokens into a
small tree of tuples, which :mod:`~momentum_theory.answers.evaluation` walks
with exact SymPy arithmetic under size limits. Anything outside the allow-list raises
:class:`~momentum_theory.answers.AnswerError` with a message saying what was not allowed.

Grammar (whitespace is ignored; ``*`` may be left out between factors)::

    answer    := condition | expr
    condition := clause (("and" | "&" | "&&") clause)*
    clause    := [expr "in"] interval | expr (relop expr)+
    interval  := ("(" | "[") expr "," expr (")" | "]")
    relop     := "<" | "<=" | ">" | ">="          (also ≤ ≥ \le \ge \leq \geq \lt \gt)
    expr      := term (("+" | "-") term)*
    term      := factor (("*" | "/" | juxtaposition) factor)*
    factor    := ("+" | "-") factor | power
    power     := postfix [("^" | "**") factor]     (right associative)
    postfix   := atom (".T" | "^T" | "^{T}" | "^\top" | "ᵀ" | "⁻¹" | "²" | "³")*
    atom      := number | name | function "(" expr ")" | "(" expr ")" | "{" expr "}"
               | "|" expr "|" | "\frac{" expr "}{" expr "}" | "\sqrt{" expr "}"

The chapter's LaTeX is read by the same tokenizer, each command translated to
a token of this grammar (nothing else is accepted): ``\mathbf{Q}``,
``\boldsymbol{Q}``, ``\bm``, ``\mathrm`` (font only: the braces group),
``\frac``, ``\tfrac``, ``\dfrac`` (also ``\frac12``), ``\sqrt``,
``\cdot``, ``\times``, ``@`` (products), ``\left| ... \right|``,
``\lvert ... \rvert`` and ``|...|`` (absolute value), ``\left( \right)``,
``\top``, ``\in`` and ``∈``, ``\land``, ``\le`` ... A leading ``x^* =``,
``h(x) =``, ``h(\mathbf{x}^*) =``, ``\nabla h(x) =``, ``x_t =`` (and a few
such left-hand sides) is dropped; any other ``=`` is refused. ``Qx`` is ``Q x``.

``1/2 c^T Q^{-1} c`` therefore reads ``((1/2) c^T) Q^{-1} c``: juxtaposition
binds like ``*``, left to right. Names: ``Q c b x x0 eta lambda beta sigma t
h B`` (``h`` stands for ``eta*lambda``); Greek letters ``η λ β σ`` and
``\eta \lambda \beta \sigma`` are accepted for the Greek names, ``lam`` and
``lambda_`` for ``lambda``. Functions: ``sqrt inv transpose abs`` (``Abs``
too). Limits (:mod:`~momentum_theory.answers.errors`): ``MAX_LENGTH``
characters, ``MAX_TOKENS`` tokens, ``MAX_DEPTH`` nested levels, numbers of at
most ``MAX_DIGITS`` ASCII digits, constant exponents (roots included:
``(10^20)^(1/2)`` is ``10^10``) of size at most ``MAX_EXPONENT``. Whitespace is the ASCII blanks and the
Unicode space separators; control and bidirectional-formatting characters
are refused.

The parser is only the first fence. Evaluation bounds every intermediate
value again (``MAX_EVAL_BITS``, ``MAX_VALUE_BITS``, ``MAX_ROOT_BITS``,
``MAX_SYMBOLIC_EXPONENT``, ``MAX_NODES``) and raises
:class:`~momentum_theory.answers.LimitError` when a value would grow past them, and
:func:`~momentum_theory.answers.check_answer` runs the whole decision in a
worker process under a time and memory budget.

Examples
--------
>>> parse("-Q^-1 c")
('*', ('neg', ('^', ('name', 'Q'), ('neg', ('num', Fraction(1, 1))))), ('name', 'c'))
>>> parse("0 < eta*lambda < 2 + 2*beta")[0]
'rel'
>>> parse("__import__('os')")
Traceback (most recent call last):
    ...
momentum_theory.answers.AnswerError: name '__import__' is not allowed (position 1); allowed names: B, b, beta, c, eta, h, lambda, Q, sigma, t, x, x0; functions: abs, inv, sqrt, transpose
"""
from __future__ import annotations

import re
import unicodedata
from fractions import Fraction

from momentum_theory.answers.constants import NoValue, check_constant_exponent, constant_value
from momentum_theory.answers.errors import (MAX_DEPTH, MAX_DIGITS, MAX_LENGTH, MAX_TOKENS,
                                            AnswerError)
from momentum_theory.answers.latex import LATEX as _LATEX
from momentum_theory.answers.latex import without_left_side

__all__ = ["parse", "free_names", "is_condition", "NAMES", "FUNCTIONS"]

NAMES = frozenset({"Q", "c", "b", "x", "x0", "eta", "lambda", "beta", "sigma", "t", "h", "B"})
_ALIASES = {"lam": "lambda", "lambda_": "lambda", "η": "eta", "λ": "lambda", "β": "beta",
            "σ": "sigma", "x_0": "x0"}
FUNCTIONS = frozenset({"sqrt", "inv", "transpose", "abs"})
_FUNCTION_ALIASES = {"Abs": "abs", "Inverse": "inv", "Transpose": "transpose"}
_KEYWORDS = {"and": "AND", "in": "IN"}
_UNICODE_OPS = {"−": "-", "·": "*", "⋅": "*", "×": "*", "@": "*", "≤": "<=", "≥": ">=",
                "ᵀ": "ᵀ", "⊤": "ᵀ", "⁻¹": "⁻¹"}
_SUPERSCRIPTS = {"²": 2, "³": 3}
_OPS = ("**", "<=", ">=", "&&", "+", "-", "*", "/", "^", "(", ")", "[", "]", "{", "}",
        ",", "<", ">", "&")
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_NUMBER = re.compile(r"(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", re.ASCII)
_RELOPS = ("<", "<=", ">", ">=")


def _allowed_names_text():
    return ", ".join(sorted(NAMES, key=lambda s: (s.lower(), s)))


def _tokenize(text):
    tokens = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in " \t\n\r" or (ch.isspace() and unicodedata.category(ch) == "Zs"):
            i += 1
            continue
        pos = i + 1
        if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
            raise AnswerError(f"control or formatting character {ch!r} "
                              f"(U+{ord(ch):04X}) is not allowed (position {pos})")
        if text.startswith("⁻¹", i):
            tokens.append(("POST", "inv", pos))
            i += 2
            continue
        if ch in _SUPERSCRIPTS:  # σ² is sigma^2
            tokens += [("OP", "^", pos), ("NUM", Fraction(_SUPERSCRIPTS[ch]), pos)]
            i += 1
            continue
        if ch == "∈":
            tokens.append(("IN", "in", pos))
            i += 1
            continue
        if ch == "|":
            tokens.append(("BAR", "|", pos))
            i += 1
            continue
        if ch in _UNICODE_OPS:
            op = _UNICODE_OPS[ch]
            tokens.append(("POST", "T", pos) if op == "ᵀ" else ("OP", op, pos))
            i += 1
            continue
        if ch in _ALIASES:
            tokens.append(("NAME", _ALIASES[ch], pos))
            i += 1
            continue
        m = _NUMBER.match(text, i)
        if m and (ch in "0123456789" or ch == "."):
            tokens.append(("NUM", _number(m, pos), pos))
            i = m.end()
            continue
        if ch == ".":
            m = _IDENT.match(text, i + 1)
            if m and m.group() == "T" and not (m.end() < n and text[m.end()] == "("):
                tokens.append(("POST", "T", pos))
                i = m.end()
                continue
            raise AnswerError(f"attribute access {repr('.' + m.group()) if m else repr('.')} "
                              f"is not allowed (position {pos}); "
                              "the only attribute is '.T' (transpose)")
        m = _IDENT.match(text, i)
        if m:
            word = m.group()
            i = m.end()
            tokens.extend(_word_tokens(word, pos))
            continue
        if ch == "\\":
            m = re.compile(r"\\([A-Za-z]+|[,;!])").match(text, i)
            cmd = m.group() if m else "\\"
            if cmd not in _LATEX:
                raise AnswerError(f"LaTeX command {cmd!r} is not allowed (position {pos}); "
                                  f"allowed: {', '.join(sorted(k for k in _LATEX if k[1:].isalpha()))}")
            if _LATEX[cmd] is not None:
                kind, value = _LATEX[cmd]
                tokens.append(("POST", "T", pos) if kind == "TOP" else (kind, value, pos))
            i = m.end()
            if _LATEX[cmd] is not None and _LATEX[cmd][0] == "FRAC":
                # \frac12 is \frac{1}{2}: an argument without braces is one digit.
                for _ in range(2):
                    d = re.compile(r"\s*(\d)").match(text, i)
                    if not d:
                        break
                    tokens += [("OP", "{", pos), ("NUM", Fraction(int(d.group(1))), pos),
                               ("OP", "}", pos)]
                    i = d.end()
            if cmd in (r"\left", r"\right") and text.startswith("|", i):
                tokens.append(("BAR", "|", pos))
                i += 1
            continue
        for op in _OPS:
            if text.startswith(op, i):
                tokens.append(("OP", "&" if op == "&&" else op, pos))
                i += len(op)
                break
        else:
            if ch == "=":
                raise AnswerError(f"'=' is not allowed (position {pos}): type only the "
                                  "right-hand side, e.g. -Q^-1 c rather than x = -Q^-1 c")
            code = "" if ch.isascii() else f" (U+{ord(ch):04X})"
            raise AnswerError(f"character {ch!r}{code} is not allowed (position {pos})")
        if len(tokens) > MAX_TOKENS:
            raise AnswerError(f"the answer has more than {MAX_TOKENS} tokens")
    if len(tokens) > MAX_TOKENS:
        raise AnswerError(f"the answer has more than {MAX_TOKENS} tokens")
    return tokens


def _word_tokens(word, pos):
    """One token, or a product written without operators: Qx, Qc, cx (letters of NAMES)."""
    try:
        return [_word_token(word, pos)]
    except AnswerError:
        parts = re.findall(r"x0|x_0|[A-Za-z]", word)
        if len(parts) > 1 and "".join(parts) == word and all(
                _ALIASES.get(p, p) in NAMES for p in parts):
            return [("NAME", _ALIASES.get(p, p), pos + k) for k, p in enumerate(parts)]
        raise


def _word_token(word, pos):
    if word in _KEYWORDS:
        return (_KEYWORDS[word], word, pos)
    name = _ALIASES.get(word, word)
    if name in NAMES:
        return ("NAME", name, pos)
    func = _FUNCTION_ALIASES.get(word, word)
    if func in FUNCTIONS:
        return ("FUNC", func, pos)
    if word == "T":
        return ("TNAME", "T", pos)
    raise AnswerError(f"name {word!r} is not allowed (position {pos}); allowed names: "
                      f"{_allowed_names_text()}; functions: {', '.join(sorted(FUNCTIONS))}")


def _number(match, pos):
    mantissa, exponent = match.group(1), match.group(2)
    digits = mantissa.replace(".", "").lstrip("0")
    if len(digits) > MAX_DIGITS:
        raise AnswerError(f"number at position {pos} has more than {MAX_DIGITS} digits")
    value = Fraction(mantissa)
    if exponent:
        e = int(exponent[1:])
        if abs(e) > MAX_DIGITS:
            raise AnswerError(f"number at position {pos}: exponent {e} is outside "
                              f"+-{MAX_DIGITS}")
        value *= Fraction(10) ** e
    return value


class _Parser:
    def __init__(self, tokens):
        self.tokens = tokens
        self.i = 0
        self.depth = 0
        self.bars = 0

    # -- helpers ---------------------------------------------------------------
    def peek(self, offset=0):
        j = self.i + offset
        return self.tokens[j] if j < len(self.tokens) else ("END", None, None)

    def at(self, kind, value=None):
        tok = self.peek()
        return tok[0] == kind and (value is None or tok[1] == value)

    def take(self):
        tok = self.peek()
        self.i += 1
        return tok

    def expect(self, kind, value, what):
        tok = self.peek()
        if tok[0] != kind or tok[1] != value:
            raise AnswerError(f"expected {what} {_where(tok)}")
        return self.take()

    def enter(self):
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise AnswerError(f"the answer is nested more than {MAX_DEPTH} levels deep")

    def leave(self):
        self.depth -= 1

    # -- grammar -----------------------------------------------------------------
    def answer(self):
        node = self.condition()
        if not self.at("END"):
            tok = self.peek()
            if tok[:2] == ("OP", ","):
                raise AnswerError(f"unexpected ',' {_where(tok)}: write an interval in "
                                  "parentheses, e.g. (0, 2)")
            raise AnswerError(f"unexpected {_describe(tok)} {_where(tok)}")
        if node[0] == "interval":
            return ("in", None) + node[1:]
        return node

    def condition(self):
        """clause (("and" | "&") clause)*; parentheses may hold a condition too."""
        first = self.clause()
        if not (self.at("AND") or self.at("OP", "&")):
            return first
        clauses = [first]
        while self.at("AND") or self.at("OP", "&"):
            self.take()
            clauses.append(self.clause())
        for c in clauses:
            if c[0] == "interval":
                c = ("in", None) + c[1:]
            if c[0] not in _CONDITIONS:
                raise AnswerError("every part joined by 'and' must be an inequality or interval")
        return ("and", tuple(("in", None) + c[1:] if c[0] == "interval" else c
                             for c in clauses))

    def clause(self):
        left = self.expr()
        if self.at("IN"):
            self.take()
            tok = self.peek()
            interval = self.atom()
            if interval[0] != "interval":
                raise AnswerError(f"expected an interval like (0, 2) after 'in' {_where(tok)}")
            return ("in", _arith(left)) + interval[1:]
        exprs, ops = [left], []
        while self.at("OP") and self.peek()[1] in _RELOPS:
            ops.append(self.take()[1])
            exprs.append(self.expr())
        if ops:
            return ("rel", tuple(_arith(e) for e in exprs), tuple(ops))
        return left

    def expr(self):
        self.enter()
        node = self.term()
        while self.at("OP", "+") or self.at("OP", "-"):
            op = self.take()[1]
            node = (op, _arith(node), _arith(self.term()))
        self.leave()
        return node

    def term(self):
        node = self.factor()
        while True:
            if self.at("OP", "*") or self.at("OP", "/"):
                op = self.take()[1]
                node = (op, _arith(node), _arith(self.factor()))
            elif self.starts_atom(juxtaposed=True):
                node = ("*", _arith(node), _arith(self.factor()))
            else:
                return node

    def starts_atom(self, juxtaposed=False):
        kind, value, _ = self.peek()
        if kind in ("NAME", "FUNC", "FRAC", "SQRTCMD"):
            return True
        if kind == "BAR":  # |a| |b| is a product; inside |...| a bar closes
            return self.bars == 0
        if kind == "NUM":
            if juxtaposed:
                raise AnswerError(f"missing operator before the number {_where(self.peek())}")
            return True
        return kind == "OP" and value in ("(", "{")

    def factor(self):
        self.enter()
        if self.at("OP", "-"):
            self.take()
            node = ("neg", _arith(self.factor()))
        elif self.at("OP", "+"):
            self.take()
            node = self.factor()
        else:
            node = self.power()
        self.leave()
        return node

    def power(self):
        base = self.postfix()
        if self.at("OP", "^") or self.at("OP", "**"):
            self.take()
            exponent = _arith(self.factor())
            check_constant_exponent(exponent)
            return ("^", _arith(base), exponent)
        return base

    def postfix(self):
        node = self.atom()
        while True:
            if self.at("POST"):
                node = ("T", _arith(node)) if self.take()[1] == "T" else ("inv", _arith(node))
            elif (self.at("OP", "^") or self.at("OP", "**")) and self._transpose_follows():
                node = ("T", _arith(node))
            else:
                return node

    def _transpose_follows(self):
        # ^T, ^{T}, ^\top and ^{\top} are transposes, not powers.
        nxt = self.peek(1)
        if nxt[0] in ("TNAME", "POST") and nxt[1] == "T":
            self.i += 2
            return True
        if nxt[:2] == ("OP", "{") and self.peek(2)[0] in ("TNAME", "POST") \
                and self.peek(2)[1] == "T" and self.peek(3)[:2] == ("OP", "}"):
            self.i += 4
            return True
        return False

    def atom(self):
        tok = self.peek()
        kind, value, _ = tok
        if kind == "NUM":
            self.take()
            return ("num", value)
        if kind == "NAME":
            self.take()
            return ("name", value)
        if kind == "FUNC":
            self.take()
            self.expect("OP", "(", f"'(' after {value}")
            arg = _arith(self.expr())
            self.expect("OP", ")", f"')' to close {value}(")
            return (value, arg)
        if kind == "FRAC":
            self.take()
            num = self.braced(r"\frac")
            den = self.braced(r"\frac")
            return ("/", _arith(num), _arith(den))
        if kind == "SQRTCMD":
            self.take()
            return ("sqrt", _arith(self.braced(r"\sqrt")))
        if kind == "OP" and value in ("(", "[", "{"):
            self.take()
            self.enter()
            inner = self.condition()
            if value != "{" and self.at("OP", ","):
                self.take()
                hi = _arith(self.expr())
                end = self.peek()
                if end[:2] not in (("OP", ")"), ("OP", "]")):
                    raise AnswerError(f"expected ')' or ']' to close the interval {_where(end)}")
                self.take()
                self.leave()
                return ("interval", _arith(inner), value == "[", hi, end[1] == "]")
            if value == "[":
                raise AnswerError(f"'[' opens an interval such as [0, 2); use '(' for grouping "
                                  f"{_where(tok)}")
            close = ")" if value == "(" else "}"
            self.expect("OP", close, f"{close!r} to match {value!r} at position {tok[2]}")
            self.leave()
            return inner
        if kind == "BAR":
            self.take()
            self.enter()
            self.bars += 1
            inner = _arith(self.expr())
            self.bars -= 1
            self.expect("BAR", "|", f"'|' to close the '|' at position {tok[2]}")
            self.leave()
            return ("abs", inner)
        if kind == "TNAME":
            raise AnswerError(f"'T' is only allowed as a transpose (c.T, c^T) {_where(tok)}")
        raise AnswerError(f"unexpected {_describe(tok)} {_where(tok)}")

    def braced(self, command):
        self.expect("OP", "{", f"'{{' after {command}")
        inner = self.expr()
        self.expect("OP", "}", f"'}}' to close {command}{{")
        return inner


_CONDITIONS = ("rel", "in", "and")


def _arith(node):
    if node[0] in _CONDITIONS or node[0] == "interval":
        raise AnswerError("an inequality or interval cannot be used inside an expression")
    return node


def _describe(tok):
    kind, value, _ = tok
    if kind == "END":
        return "end of the answer"
    if kind == "NUM":
        return f"number {value}"
    return f"{value!r}"


def _where(tok):
    return "at the end" if tok[0] == "END" else f"at position {tok[2]}"


def parse(text):
    """Parse a typed answer into a tree of tuples, or raise :class:`AnswerError`.

    Parameters
    ----------
    text : str
        The answer, at most ``MAX_LENGTH`` (400) characters.

    Returns
    -------
    tuple
        The syntax tree: ``('num', Fraction)``, ``('name', str)``, ``('neg', a)``,
        ``(op, a, b)`` for ``+ - * / ^``, ``('T', a)``, ``('inv', a)``,
        ``(function, a)``, ``('rel', exprs, ops)``, ``('in', variable, lo,
        lo_closed, hi, hi_closed)`` and ``('and', clauses)``.

    Examples
    --------
    >>> parse("(1-eta*lambda)^t*x0")[0]
    '*'
    >>> parse("9**9**9**9")
    Traceback (most recent call last):
        ...
    momentum_theory.answers.AnswerError: exponent 387420489 is larger than the allowed 64
    """
    if not isinstance(text, str):
        raise TypeError(f"answer must be a string, got {type(text).__name__}")
    if len(text) > MAX_LENGTH:
        raise AnswerError(f"the answer is {len(text)} characters long; at most {MAX_LENGTH} "
                          "are allowed")
    if not text.strip():
        raise AnswerError("the answer is empty")
    tokens = _tokenize(without_left_side(text))
    try:
        tree = _Parser(tokens).answer()
    except RecursionError:  # belt and braces: MAX_DEPTH stops far earlier
        raise AnswerError(f"the answer is nested more than {MAX_DEPTH} levels deep") from None
    _check_constants(tree)
    return tree


def _check_constants(node):
    """Fold every name-free subtree once, so that a constant too large to compute
    (``((2^64)^64)^64``) is refused here, not met later by the evaluator."""
    kind = node[0]
    if kind in ("num", "name"):
        return
    if kind in _CONDITIONS or kind == "interval":
        for child in node[1:]:
            if isinstance(child, tuple) and child and isinstance(child[0], str):
                _check_constants(child)
            elif isinstance(child, tuple):
                for item in child:
                    if isinstance(item, tuple):
                        _check_constants(item)
        return
    if not free_names(node):
        try:
            constant_value(node)
        except NoValue:
            pass
        return
    for child in node[1:]:
        _check_constants(child)


def free_names(tree):
    """The variable names used in a parsed answer.

    Parameters
    ----------
    tree : tuple
        From :func:`parse`.

    Returns
    -------
    set of str

    Examples
    --------
    >>> sorted(free_names(parse("b - c^T Q^{-1} c / 2")))
    ['Q', 'b', 'c']
    """
    if tree[0] == "name":
        return {tree[1]}
    out = set()
    for child in tree[1:]:
        if isinstance(child, tuple) and child and isinstance(child[0], str):
            out |= free_names(child)
        elif isinstance(child, tuple):
            for item in child:
                if isinstance(item, tuple):
                    out |= free_names(item)
    return out


def is_condition(tree):
    """Whether a parsed answer is an inequality / interval rather than an expression.

    Parameters
    ----------
    tree : tuple
        From :func:`parse`.

    Returns
    -------
    bool

    Examples
    --------
    >>> is_condition(parse("(0, 2)")), is_condition(parse("1/(1-beta)"))
    (True, False)
    """
    return tree[0] in _CONDITIONS
