"""The Markdown the report writes, as HTML: exactly that subset, nothing more.

Blocks: ``#`` headings (with the ids the contents' links use, :func:`anchor`),
paragraphs, pipe tables (``\\|`` inside a cell is a literal bar), fenced code
blocks, ``-`` and ``1.`` lists (one line per item), ``$$`` display math and a
paragraph that is one image (a figure). Inline: backslash escapes of ASCII
punctuation, code spans, ``$…$`` / ``$$…$$`` math, images, links,
``**strong**`` and ``*emphasis*`` (``_`` is an ordinary character: the
report writes subscripts such as ``x_t`` in plain text). Every character of
text is HTML-escaped. Math and images are handed to callbacks, so this
module knows nothing of MathML or files.
"""
from __future__ import annotations

import html
import re

_PUNCTUATION = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_HEADING = re.compile(r"(#{1,6}) +(.*?) *#* *$")
_ORDERED = re.compile(r"(\d+)\. +(.*)")
_SEPARATOR = re.compile(r"\|?( *:?-+:? *\|)+ *:?-*:? *$")
_IMAGE_ONLY = re.compile(r"!\[([^\]]*)\]\(([^)\s]+)\)")


def anchor(title: str) -> str:
    """The id of a heading, as the report's contents link to it.

    >>> anchor("Nesterov's accelerated gradient")
    'nesterovs-accelerated-gradient'
    """
    keep = [c.lower() if c.isalnum() else "-" if c in " -" else "" for c in title]
    return "".join(keep)


class _Inline:
    """Inline Markdown of one block, with the math and image callbacks."""

    def __init__(self, math, image):
        self.math, self.image = math, image

    def __call__(self, text):
        out, i, n = [], 0, len(text)
        while i < n:
            c = text[i]
            if c == "\\" and i + 1 < n and text[i + 1] in _PUNCTUATION:
                out.append(html.escape(text[i + 1]))
                i += 2
                continue
            if c == "`":
                run = len(text[i:]) - len(text[i:].lstrip("`"))
                end = text.find("`" * run, i + run)
                if end > 0:
                    code = text[i + run:end].strip(" ") if run > 1 else text[i + run:end]
                    out.append(f"<code>{html.escape(code)}</code>")
                    i = end + run
                    continue
            if c == "$":
                found = self._math(text, i)
                if found:
                    out.append(found[0])
                    i = found[1]
                    continue
            if c == "!" and text.startswith("![", i):
                found = _bracket_link(text, i + 1)
                if found:
                    alt, src, end = found
                    out.append(self.image(_unescape(alt), src))
                    i = end
                    continue
            if c == "[":
                found = _bracket_link(text, i)
                if found:
                    label, href, end = found
                    out.append(f'<a href="{html.escape(href)}">{self(label)}</a>')
                    i = end
                    continue
            if c == "*":
                strong = text.startswith("**", i)
                mark = "**" if strong else "*"
                start = i + len(mark)
                end = text.find(mark, start + 1)
                while strong is False and end > 0 and text.startswith("**", end):
                    end = text.find(mark, end + 2)
                if end > start and not text[start].isspace() and not text[end - 1].isspace():
                    tag = "strong" if strong else "em"
                    out.append(f"<{tag}>{self(text[start:end])}</{tag}>")
                    i = end + len(mark)
                    continue
            out.append(html.escape(c))
            i += 1
        return "".join(out)

    def _math(self, text, i):
        display = text.startswith("$$", i)
        mark = "$$" if display else "$"
        start = i + len(mark)
        if start >= len(text) or text[start].isspace():
            return None
        end = start
        while True:
            end = text.find(mark, end + 1)
            if end < 0:
                return None
            if text[end - 1] != "\\":
                break
        if text[end - 1].isspace():
            return None
        return self.math(text[start:end], display), end + len(mark)


def _bracket_link(text, i):
    """``[label](target)`` starting at ``text[i] == '['``: (label, target, end) or None."""
    depth, j = 0, i
    while j < len(text):
        if text[j] == "\\":
            j += 2
            continue
        depth += {"[": 1, "]": -1}.get(text[j], 0)
        if depth == 0:
            break
        j += 1
    else:
        return None
    if not text.startswith("(", j + 1):
        return None
    close = text.find(")", j + 2)
    target = text[j + 2:close]
    if close < 0 or not target or any(ch.isspace() for ch in target):
        return None
    return text[i + 1:j], target, close + 1


def _unescape(text):
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)


def _cells(line):
    line = line.strip()
    if line.startswith("|"):
        line = line[1:]
    if line.endswith("|") and not line.endswith("\\|"):
        line = line[:-1]
    # A \| is a bar inside the cell (math included), as on GitHub.
    return [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", line)]


def to_html(text, math, image):
    """The HTML body of a Markdown document of the report.

    Parameters
    ----------
    text : str
        The Markdown.
    math : callable
        ``math(latex, display)`` returns the HTML of one formula.
    image : callable
        ``image(alt, src)`` returns the HTML of one image.

    Returns
    -------
    str

    Examples
    --------
    >>> to_html("# A *b*\\n\\n| x |\\n|---|\\n| $y$ \\\\| 1 |", lambda t, d: f"[{t}]", None)
    '<h1 id="a-b">A <em>b</em></h1>\\n<table>\\n<thead><tr><th>x</th></tr></thead>\\n<tbody>\\n<tr><td>[y] | 1</td></tr>\\n</tbody>\\n</table>'
    """
    inline = _Inline(math, image)
    lines = text.split("\n")
    blocks, i = [], 0
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if not stripped:
            i += 1
            continue
        if stripped.startswith("```"):
            end = i + 1
            while end < len(lines) and not lines[end].strip().startswith("```"):
                end += 1
            blocks.append("<pre><code>" + html.escape("\n".join(lines[i + 1:end])) + "</code></pre>")
            i = end + 1
            continue
        if stripped == "$$":
            end = i + 1
            while end < len(lines) and lines[end].strip() != "$$":
                end += 1
            blocks.append(math("\n".join(lines[i + 1:end]), True))
            i = end + 1
            continue
        heading = _HEADING.match(stripped)
        if heading:
            level, title = len(heading.group(1)), heading.group(2)
            blocks.append(f'<h{level} id="{anchor(_unescape(title))}">{inline(title)}</h{level}>')
            i += 1
            continue
        if stripped.startswith("|") and i + 1 < len(lines) and _SEPARATOR.match(lines[i + 1].strip()):
            header = "".join(f"<th>{inline(c)}</th>" for c in _cells(stripped))
            rows, i = [], i + 2
            while i < len(lines) and lines[i].strip().startswith("|"):
                rows.append("<tr>" + "".join(f"<td>{inline(c)}</td>" for c in _cells(lines[i]))
                            + "</tr>")
                i += 1
            blocks.append(f"<table>\n<thead><tr>{header}</tr></thead>\n<tbody>\n"
                          + "\n".join(rows) + "\n</tbody>\n</table>")
            continue
        if stripped.startswith(("- ", "* ")) or _ORDERED.match(stripped):
            ordered = bool(_ORDERED.match(stripped))
            items = []
            while i < len(lines) and lines[i].strip():
                item = lines[i].strip()
                m = _ORDERED.match(item) if ordered else None
                if m:
                    items.append(m.group(2))
                elif not ordered and item.startswith(("- ", "* ")):
                    items.append(item[2:])
                elif items and lines[i].startswith(" "):
                    items[-1] += " " + item  # a continuation line of the item
                else:
                    break
                i += 1
            tag = "ol" if ordered else "ul"
            blocks.append(f"<{tag}>\n" + "\n".join(f"<li>{inline(t)}</li>" for t in items)
                          + f"\n</{tag}>")
            continue
        paragraph = []
        while i < len(lines) and lines[i].strip() and (not paragraph or not _starts_block(lines, i)):
            paragraph.append(lines[i].strip())
            i += 1
        body = " ".join(paragraph)
        only = _IMAGE_ONLY.fullmatch(body)
        if only:
            blocks.append(f'<figure>{inline(body)}</figure>')
        elif body.startswith("$$") and body.endswith("$$") and body.count("$$") == 2:
            blocks.append(math(body[2:-2], True))
        else:
            blocks.append(f"<p>{inline(body)}</p>")
    return "\n".join(blocks)


def _starts_block(lines, i):
    s = lines[i].strip()
    return (s.startswith(("```", "#", "- ", "* ")) or s == "$$" or bool(_ORDERED.match(s))
            or (s.startswith("|") and i + 1 < len(lines) and bool(_SEPARATOR.match(lines[i + 1].strip()))))
