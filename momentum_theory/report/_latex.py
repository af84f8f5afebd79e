r"""The small LaTeX subset the report writes by hand, as MathML elements.

Math the report prints from a SymPy object reaches the HTML page through
SymPy's own MathML printer (see ``_html``). A few snippets are typed by hand
(``2 + 2\beta``, ``x^* =``); they, and any ``$…$`` a section writes without a
SymPy object behind it, go through :func:`to_mathml`: Greek letters,
``\frac``/``\tfrac``/``\dfrac``, ``\sqrt``, sub- and superscripts,
``\text``-like, bold and ``\mathcal`` commands, accents (``\hat``, ``\bar``), ``\left``/``\right``, relations, arrows,
the usual operators and function names, spacing, and the ``aligned`` /
``matrix`` environments. Anything else raises :class:`LatexError` (the page
then shows the source in an ``<merror>`` inside ``<math>``; a test checks
the report has none), so nothing is guessed.
"""
from __future__ import annotations

import html
import re

GREEK = {name: chr(code) for name, code in (
    ("alpha", 0x3B1), ("beta", 0x3B2), ("gamma", 0x3B3), ("delta", 0x3B4),
    ("epsilon", 0x3F5), ("varepsilon", 0x3B5), ("zeta", 0x3B6), ("eta", 0x3B7),
    ("theta", 0x3B8), ("vartheta", 0x3D1), ("iota", 0x3B9), ("kappa", 0x3BA),
    ("lambda", 0x3BB), ("mu", 0x3BC), ("nu", 0x3BD), ("xi", 0x3BE), ("pi", 0x3C0),
    ("rho", 0x3C1), ("sigma", 0x3C3), ("tau", 0x3C4), ("upsilon", 0x3C5), ("phi", 0x3D5),
    ("varphi", 0x3C6), ("chi", 0x3C7), ("psi", 0x3C8), ("omega", 0x3C9),
    ("Gamma", 0x393), ("Delta", 0x394), ("Theta", 0x398), ("Lambda", 0x39B), ("Xi", 0x39E),
    ("Pi", 0x3A0), ("Sigma", 0x3A3), ("Phi", 0x3A6), ("Psi", 0x3A8), ("Omega", 0x3A9))}

OPERATORS = {
    "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥", "ne": "≠", "neq": "≠", "approx": "≈",
    "sim": "∼", "equiv": "≡", "in": "∈", "notin": "∉", "subset": "⊂", "subseteq": "⊆",
    "to": "→", "rightarrow": "→", "leftarrow": "←", "Rightarrow": "⇒", "implies": "⟹",
    "iff": "⟺", "Leftrightarrow": "⇔", "mapsto": "↦", "succ": "≻", "succeq": "⪰",
    "prec": "≺", "preceq": "⪯", "cdot": "⋅", "times": "×", "pm": "±", "mp": "∓",
    "wedge": "∧", "land": "∧", "vee": "∨", "lor": "∨", "neg": "¬", "setminus": "∖",
    "cup": "∪", "cap": "∩", "mid": "∣", "colon": ":", "ldots": "…", "cdots": "⋯",
    "dots": "…", "langle": "⟨", "rangle": "⟩", "lvert": "|", "rvert": "|", "ll": "≪",
    "gg": "≫", "propto": "∝", "circ": "∘", "ast": "∗", "star": "⋆",
}
IDENTIFIERS = {"infty": "∞", "partial": "∂", "nabla": "∇", "top": "⊤", "ell": "ℓ",
               "emptyset": "∅", "forall": "∀", "exists": "∃"}
LARGE = {"sum": "∑", "prod": "∏", "int": "∫"}
FUNCTIONS = {"sin", "cos", "tan", "log", "ln", "exp", "max", "min", "det", "arg", "sup",
             "inf", "lim", "sgn", "tr", "diag", "Re", "Im", "sinh", "cosh", "tanh",
             "arctan", "arcsin", "arccos"}
SPACES = {"quad": "1em", "qquad": "2em", ",": "0.1667em", ":": "0.2222em", ";": "0.2778em",
          " ": "0.25em", "!": "0"}
ESCAPED = {"{": "{", "}": "}", "|": "‖", "%": "%", "$": "$", "#": "#", "_": "_", "&": "&"}
TEXT = {"text", "textrm", "textit", "textbf", "mathrm", "operatorname", "mathit"}
BOLD = {"mathbf", "boldsymbol", "bm"}
ACCENTS = {"hat": "^", "widehat": "^", "bar": "\u00af", "overline": "\u00af", "tilde": "~",
           "dot": "\u02d9"}
# \mathcal{B} as a character: MathML Core renders no mathvariant but "normal". The
# script capitals live at U+1D49C.., except the eight that were encoded earlier.
_SCRIPT_EARLIER = {"B": 0x212C, "E": 0x2130, "F": 0x2131, "H": 0x210B, "I": 0x2110,
                   "L": 0x2112, "M": 0x2133, "R": 0x211B}
SCRIPT = {c: chr(_SCRIPT_EARLIER.get(c, 0x1D49C + i)) for i, c in
          enumerate("ABCDEFGHIJKLMNOPQRSTUVWXYZ")}
BIG = {"big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr"}
ENVIRONMENTS = {"aligned": ("", ""), "align*": ("", ""), "matrix": ("", ""),
                "pmatrix": ("(", ")"), "bmatrix": ("[", "]"), "cases": ("{", "")}

_TOKEN = re.compile(r"\\([A-Za-z]+\*?|.)|(\d+(?:\.\d+)?)|(\s+)|(.)", re.S)


class LatexError(ValueError):
    """A LaTeX snippet outside the subset :func:`to_mathml` reads."""


def _mi(text, normal=False, cls=None):
    attrs = ' mathvariant="normal"' if normal and len(text) == 1 else ""
    attrs += f' class="{cls}"' if cls else ""
    return f"<mi{attrs}>{html.escape(text)}</mi>"


def _mo(text, stretchy=None):
    attrs = "" if stretchy is None else f' stretchy="{stretchy}"'
    return f"<mo{attrs}>{html.escape(text)}</mo>"


class _Parser:
    def __init__(self, source):
        self.source = source
        self.tokens = []
        for m in _TOKEN.finditer(source):
            cmd, num, space, char = m.groups()
            self.tokens.append(("cmd", cmd) if cmd is not None else
                               ("num", num) if num is not None else
                               ("space", space) if space is not None else ("chr", char))
        self.i = 0

    def peek(self, spaces=False):
        while not spaces and self.i < len(self.tokens) and self.tokens[self.i][0] == "space":
            self.i += 1
        return self.tokens[self.i] if self.i < len(self.tokens) else (None, None)

    def take(self, spaces=False):
        token = self.peek(spaces)
        if token[0] is None:
            raise LatexError(f"unexpected end of {self.source!r}")
        self.i += 1
        return token

    def expect(self, value):
        kind, got = self.take()
        if got != value or kind == "cmd":
            raise LatexError(f"expected {value!r}, got {got!r} in {self.source!r}")

    def raw_group(self):
        """The text of a ``{...}`` argument, unparsed (for ``\\text`` and environment names)."""
        self.expect("{")
        depth, out = 1, []
        while True:
            kind, value = self.take(spaces=True)
            if kind == "chr" and value == "{":
                depth += 1
            elif kind == "chr" and value == "}":
                depth -= 1
                if depth == 0:
                    return "".join(out)
            out.append("\\" + value if kind == "cmd" else value)

    def sequence(self, stop=("}",)):
        """Elements until a token in ``stop`` (not consumed) or the end."""
        items = []
        while True:
            kind, value = self.peek()
            if kind is None or (kind == "chr" and value in stop) or \
                    (kind == "cmd" and ("\\" + value) in stop):
                return items
            items.append(self.scripted())

    def argument(self):
        kind, value = self.peek()
        if kind == "chr" and value == "{":
            self.take()
            inner = self.sequence()
            self.expect("}")
            return _row(inner)
        if kind == "num" and len(value) > 1:
            # An argument without braces is one character: \tfrac12 is 1 over 2.
            self.tokens[self.i] = ("num", value[1:])
            return f"<mn>{html.escape(value[0])}</mn>"
        return self.atom()

    def scripted(self):
        base, large = self.atom(with_kind=True)
        sub = sup = None
        while True:
            kind, value = self.peek()
            if kind == "chr" and value == "_" and sub is None:
                self.take()
                sub = self.argument()
            elif kind == "chr" and value == "^" and sup is None:
                self.take()
                sup = self.argument()
            elif kind == "chr" and value == "'" and sup is None:
                self.take()
                sup = _mo("′")
            else:
                break
        if sub is None and sup is None:
            return base
        if large:
            if sub is not None and sup is not None:
                return f"<munderover>{base}{sub}{sup}</munderover>"
            return f"<munder>{base}{sub}</munder>" if sub else f"<mover>{base}{sup}</mover>"
        if sub is not None and sup is not None:
            return f"<msubsup>{base}{sub}{sup}</msubsup>"
        return f"<msub>{base}{sub}</msub>" if sub is not None else f"<msup>{base}{sup}</msup>"

    def atom(self, with_kind=False):
        kind, value = self.take()
        large = False
        if kind == "num":
            out = f"<mn>{value}</mn>"
        elif kind == "chr":
            out = self.char(value)
        else:
            out, large = self.command(value)
        return (out, large) if with_kind else out

    def char(self, value):
        if value == "{":
            inner = self.sequence()
            self.expect("}")
            return _row(inner)
        if value.isalpha():
            return _mi(value)
        if value in "}^_&":
            raise LatexError(f"unexpected {value!r} in {self.source!r}")
        return _mo({"-": "−", "*": "∗"}.get(value, value))

    def delimiter(self):
        kind, value = self.take()
        if kind == "chr" and value in "()[]|/.":
            return "" if value == "." else value
        if kind == "cmd" and value in ESCAPED:
            return ESCAPED[value]
        if kind == "cmd" and value in OPERATORS:
            return OPERATORS[value]
        raise LatexError(f"not a delimiter: {value!r} in {self.source!r}")

    def command(self, name):
        if name in GREEK:
            return _mi(GREEK[name], normal=name[0].isupper()), False
        if name in OPERATORS:
            return _mo(OPERATORS[name]), False
        if name in IDENTIFIERS:
            return _mi(IDENTIFIERS[name]), False
        if name in LARGE:
            return _mo(LARGE[name]), True
        if name in FUNCTIONS:
            return _mi(name), name in ("max", "min", "lim", "sup", "inf")
        if name in SPACES:
            return f'<mspace width="{SPACES[name]}"/>', False
        if name in ESCAPED:
            return _mo(ESCAPED[name]), False
        if name in ("frac", "tfrac", "dfrac"):
            return f"<mfrac>{self.argument()}{self.argument()}</mfrac>", False
        if name == "sqrt":
            kind, value = self.peek()
            if kind == "chr" and value == "[":
                self.take()
                index = _row(self.sequence(stop=("]",)))
                self.expect("]")
                return f"<mroot>{self.argument()}{index}</mroot>", False
            return f"<msqrt>{self.argument()}</msqrt>", False
        if name in TEXT:
            text = self.raw_group()
            if name == "operatorname":
                return _mi(text, normal=True), False
            cls = ' class="bf"' if name == "textbf" else ""
            # Spaces at either end of \text{...} are meant: keep them from being trimmed.
            text = re.sub(r"^ +| +$", lambda m: "\u00a0" * len(m.group()), _plain(text))
            return f"<mtext{cls}>{html.escape(text)}</mtext>", False
        if name in BOLD:
            inner = self.argument()
            return f'<mrow class="{"bf" if name == "mathbf" else "bi"}">{inner}</mrow>', False
        if name in ACCENTS:
            return (f'<mover accent="true">{self.argument()}{_mo(ACCENTS[name])}</mover>',
                    False)
        if name == "mathcal":
            letter = self.raw_group()
            if letter not in SCRIPT:
                raise LatexError(f"\\mathcal takes one capital letter, got {letter!r}")
            return _mi(SCRIPT[letter]), False
        if name == "left":
            opening = self.delimiter()
            inner = self.sequence(stop=("\\right",))
            self.take()
            closing = self.delimiter()
            return _row(([_mo(opening)] if opening else []) + inner
                        + ([_mo(closing)] if closing else []), force=True), False
        if name in BIG:
            return _mo(self.delimiter(), stretchy="false"), False
        if name == "begin":
            return self.environment(self.raw_group()), False
        raise LatexError(f"unknown command \\{name} in {self.source!r}")

    def environment(self, env):
        if env not in ENVIRONMENTS:
            raise LatexError(f"unknown environment {env!r} in {self.source!r}")
        rows, cells = [], []
        while True:
            cells.append(_row(self.sequence(stop=("&", "\\\\", "\\end")), force=True))
            kind, value = self.take()
            if kind == "chr":  # &
                continue
            rows.append(cells)
            cells = []
            if value == "end":
                if self.raw_group() != env:
                    raise LatexError(f"\\begin{{{env}}} closed by another \\end in "
                                     f"{self.source!r}")
                break
        table = "<mtable>" + "".join(
            "<mtr>" + "".join(f"<mtd>{c}</mtd>" for c in row) + "</mtr>" for row in rows
        ) + "</mtable>"
        if env in ("aligned", "align*"):
            table = table.replace("<mtable>", '<mtable class="rows">', 1)
        left, right = ENVIRONMENTS[env]
        if left or right:
            return _row(([_mo(left)] if left else []) + [table] + ([_mo(right)] if right else []),
                        force=True)
        return table


def _plain(text):
    """``\\text`` content: plain words (a ``\\ `` or ``\\,`` inside becomes a space)."""
    text = re.sub(r"\\[ ,;:]", " ", text)
    if re.search(r"\\[A-Za-z]", text):
        raise LatexError(f"a command inside \\text{{{text}}}")
    return text.replace("\\{", "{").replace("\\}", "}").replace("{", "").replace("}", "")


def _row(items, force=False):
    if len(items) == 1 and not force:
        return items[0]
    return "<mrow>" + "".join(items) + "</mrow>"


def to_mathml(source: str) -> str:
    r"""The MathML elements (no ``<math>`` wrapper) of a LaTeX snippet of the report's subset.

    >>> to_mathml(r"2 + 2\beta")
    '<mrow><mn>2</mn><mo>+</mo><mn>2</mn><mi>β</mi></mrow>'
    """
    parser = _Parser(source)
    items = parser.sequence(stop=())
    return _row(items, force=True)
