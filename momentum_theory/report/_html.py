"""The report as one self-contained HTML page: ``report.html``.

The page is the report's Markdown (the same text as ``README.md``) turned
into HTML by ``_markdown``, with

- every figure embedded as a ``data:image/png;base64`` URI (the page needs no
  other file; links to ``claims.json`` or the explorer stay relative links);
- every formula as MathML, so a browser shows math without JavaScript. A
  formula a section printed from a SymPy object (recorded in the build
  context's ``math`` registry: the LaTeX string -> the parts it was printed
  from) is printed again by SymPy's own presentation MathML printer; a
  derivation becomes a two-column ``<mtable>`` (step, value) from its steps,
  result and conditions; hand-typed LaTeX (``2 + 2\\beta``) goes through the
  small converter of ``_latex``;
- one stylesheet inline, with a print part (``@media print``): each
  section starts a page, figures, formulas and table rows are not split,
  tables shrink to the page width;
- no script, no font or style from the network, and a Content-Security-Policy
  that forbids fetching anything but the embedded images.
"""
from __future__ import annotations

import base64
import html
import re
from pathlib import Path

from momentum_theory.report import _latex, _markdown

_CSS = """
:root { color-scheme: light; }
body { font-family: "DejaVu Serif", Georgia, serif; line-height: 1.5; margin: 0 auto;
       max-width: 60rem; padding: 1rem 2rem; color: #111; background: #fff; }
h1 { font-size: 1.8rem; } h2 { font-size: 1.4rem; border-bottom: 1px solid #aaa; margin-top: 2.5rem; }
h3 { font-size: 1.15rem; }
code, pre { font-family: "DejaVu Sans Mono", monospace; font-size: 0.85em; }
pre { background: #f4f4f4; padding: 0.6rem; overflow-x: auto; white-space: pre; }
table { border-collapse: collapse; margin: 1rem 0; font-size: 0.9rem; }
th, td { border: 1px solid #999; padding: 0.2rem 0.45rem; vertical-align: top;
         overflow-wrap: break-word; }
th { background: #eee; }
figure { margin: 1rem 0; text-align: center; }
figure img { max-width: 100%; height: auto; }
math { font-family: "Latin Modern Math", "STIX Two Math", "Cambria Math", math, serif; }
math[display="block"] { display: block math; margin: 0.8rem 0 0.8rem 1.5rem; text-align: left; overflow-x: auto;
                        overflow-y: hidden; padding: 0.2rem 0; }
.bf mi, mi.bf { text-transform: none; font-weight: bold; }
.bi mi { font-weight: bold; }
mtext.bf { font-weight: bold; }
mtable.rows > mtr > mtd { text-align: left; padding: 0.25em 0.6em 0.25em 0; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  h2 { break-before: page; }
  h1 + p, h2, h3 { break-after: avoid; }
  figure, img, pre, tr, math[display="block"] { break-inside: avoid; }
  figure img { max-height: 22cm; }
  table { width: 100%; table-layout: auto; font-size: 8pt; }
  th, td { overflow-wrap: break-word; }
  pre { white-space: pre-wrap; overflow-wrap: anywhere; font-size: 7pt; }
  math[display="block"] { overflow: visible; font-size: 85%; }
  a { color: inherit; text-decoration: none; }
}
"""

_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"
_TAG = re.compile(r'</?[A-Za-z][\w:-]*(?:\s+[\w:-]+="[^"]*")*\s*/?>')
_ENTITY = re.compile(r"&(#\d+|#x[0-9A-Fa-f]+|[A-Za-z]+);")
_MIME = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".svg": "image/svg+xml"}


def _escape_text(text):
    """Escape a text node of SymPy's MathML: its numeric entities stay, bare ``<``/``&`` do not."""
    parts = re.split(r"(&(?:#\d+|#x[0-9A-Fa-f]+|[A-Za-z]+);)", text)
    return "".join(p if _ENTITY.fullmatch(p) else html.escape(p, quote=False) for p in parts)


def _well_formed(markup):
    # SymPy writes some operators unescaped (<mo><</mo>); HTML wants &lt;.
    out, last = [], 0
    for m in _TAG.finditer(markup):
        out.append(_escape_text(markup[last:m.start()]))
        out.append(m.group())
        last = m.end()
    out.append(_escape_text(markup[last:]))
    return "".join(out)


_PRINTER = []


def _printer():
    """SymPy's presentation MathML printer, taught one type it lacks: Piecewise.

    SymPy 1.14 prints a Piecewise as the function call ``piecewise((e, c), ...)``;
    here it is a brace and one row per piece (its expression, "if" its
    condition, or "otherwise"), each part printed by SymPy's printer.
    """
    if not _PRINTER:
        from sympy.printing.mathml import MathMLPresentationPrinter

        class Printer(MathMLPresentationPrinter):
            def _print_Piecewise(self, expr):
                def element(tag, *children, text=None):
                    node = self.dom.createElement(tag)
                    if text is not None:
                        node.appendChild(self.dom.createTextNode(text))
                    for child in children:
                        node.appendChild(child)
                    return node

                rows = []
                for piece, condition in expr.args:
                    last = condition == True  # noqa: E712 (SymPy's true)
                    words = element("mtext", text="\u00a0otherwise" if last else "\u00a0if\u00a0")
                    cond = [] if last else [self._print(condition)]
                    rows.append(element("mtr", element("mtd", self._print(piece)),
                                        element("mtd", words, *cond)))
                table = element("mtable", *rows)
                table.setAttribute("class", "rows")
                return element("mrow", element("mo", text="{"), table)

        _PRINTER.append(Printer({}))
    return _PRINTER[0]


def sympy_mathml(obj):
    """MathML elements of a SymPy object, by SymPy's presentation printer."""
    return _well_formed(_printer().doprint(obj))


def _value(value):
    if isinstance(value, tuple):
        sep = '<mo>,</mo><mspace width="1em"/>'
        return "<mrow>" + sep.join(_value(v) for v in value) + "</mrow>"
    return sympy_mathml(value)


def _label(name, bold=False):
    # A step named like a symbol (u_t) reads as one; other names as words.
    if re.fullmatch(r"[A-Za-z](_[A-Za-z0-9]+)?", name):
        return _latex.to_mathml(f"{name[0]}_{{{name[2:]}}}" if len(name) > 1 else name)
    cls = ' class="bf"' if bold else ""
    return f"<mtext{cls}>{html.escape(name.replace('_', ' '))}</mtext>"


def derivation_rows(derivation):
    """(label MathML, value MathML) for each row of ``Derivation.latex()``, in its order."""
    rows = [(_label(k), _value(v)) for k, v in derivation.steps.items()]
    result = derivation.result
    if isinstance(result, dict):
        parts = [(k, v) for k, v in result.items()
                 if not (k in derivation.steps and derivation.steps[k] == v)]
    else:
        parts = [("result", result)]
    rows += [(_label(k, bold=True), _value(v)) for k, v in parts]
    if derivation.conditions:
        rows.append(("<mtext>conditions</mtext>", _value(tuple(derivation.conditions))))
    return rows


def _part(part):
    if isinstance(part, str):
        return _latex.to_mathml(part)
    if hasattr(part, "steps") and hasattr(part, "result") and hasattr(part, "conditions"):
        return '<mtable class="rows">' + "".join(
            f"<mtr><mtd>{label}</mtd><mtd>{value}</mtd></mtr>"
            for label, value in derivation_rows(part)) + "</mtable>"
    return sympy_mathml(part)


def math_element(latex, display, registry):
    """One formula as ``<math>``: from the registered SymPy parts if any, else from its LaTeX.

    LaTeX outside the converter's subset becomes an ``<merror>`` holding the
    source, inside the ``<math>`` element (tests check the report has none).
    """
    key = latex.strip()
    attr = ' display="block"' if display else ""
    try:
        parts = registry.get(key)
        body = ("<mrow>" + "".join(_part(p) for p in parts) + "</mrow>" if parts is not None
                else _latex.to_mathml(key))
    except _latex.LatexError:
        body = f"<merror><mtext>{html.escape(key)}</mtext></merror>"
    return f"<math{attr}>{body}</math>"


def _image(root: Path):
    def embed(alt, src):
        if re.match(r"[a-zA-Z][\w+.-]*:|/|\\", src) or ".." in Path(src).parts:
            raise ValueError(f"the report links to an image outside its folder: {src}")
        path = root / src
        mime = _MIME.get(path.suffix.lower())
        if mime is None:
            raise ValueError(f"the report links to an image of unknown type: {src}")
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        return f'<img alt="{html.escape(alt)}" src="data:{mime};base64,{data}">'
    return embed


def page(markdown, root, registry, lang="en"):
    """The whole HTML page of the report's Markdown; figures are read from ``root``."""
    body = _markdown.to_html(markdown, lambda tex, display: math_element(tex, display, registry),
                             _image(Path(root)))
    title = next((line[2:].strip() for line in markdown.splitlines() if line.startswith("# ")),
                 "Report")
    return ("<!DOCTYPE html>\n"
            f'<html lang="{html.escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{html.escape(title)}</title>\n<style>{_CSS}</style>\n</head>\n"
            f"<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n")


def write(path: Path, markdown, registry, lang="en"):
    """Write the page to ``path``; its figures are read from the folder holding it."""
    path = Path(path)
    path.write_text(page(markdown, path.parent, registry, lang), encoding="utf-8")
    return path
