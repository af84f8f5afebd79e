r"""The class files of ``momentum-theory grade``: reading an answers CSV, writing grades.

An answers file is UTF-8 text (a byte order mark and Windows line ends are
fine) whose first line is a header naming at least :data:`REQUIRED_COLUMNS`.
Its fields are separated by commas, semicolons or tabs (:data:`DELIMITERS`):
a spreadsheet saving "CSV" in a locale whose decimal mark is a comma — Turkish,
German, French — writes semicolons. The separator is the first of
:data:`DELIMITERS` that splits the header into fields naming every required
column; the grades and the summary are written with the same separator (and
a byte order mark when the answers had one, which is how a spreadsheet tells
UTF-8 apart), so they open in the same spreadsheet as the answers did.

Examples
--------
>>> header_delimiter("student;part;answer")
';'
>>> header_delimiter("student,part,answer,notes;late")   # commas name all three
','
"""
from __future__ import annotations

import csv
import io
import os
import re
from pathlib import Path

__all__ = ["REQUIRED_COLUMNS", "ADDED_COLUMNS", "MAX_FILE_BYTES", "DELIMITERS", "read_answers",
           "read_with_style", "header_delimiter", "csv_bytes"]

#: Columns an answers file must have (any others are copied through).
REQUIRED_COLUMNS = ("student", "part", "answer")
#: Columns the grades file adds after the input's own.
ADDED_COLUMNS = ("line", "verdict", "feedback", "counterexample")
#: Largest answers file read (64 MiB).
MAX_FILE_BYTES = 64 * 2**20
#: Field separators an answers file may use, in the order they are tried on its header.
DELIMITERS = (",", ";", "\t")

_BAD_BYTES = re.compile("[\udc80-\udcff]")


def _readable(text):
    # a field read with surrogate escapes, as text: bytes that are not UTF-8 become U+FFFD
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def header_delimiter(header_line):
    """The separator of an answers file, from its header line; None if none fits.

    The first of :data:`DELIMITERS` whose fields (spaces around them ignored)
    include every one of :data:`REQUIRED_COLUMNS`.

    Parameters
    ----------
    header_line : str
        The file's first line (a quoted field may not span lines in a header).

    Returns
    -------
    str or None

    Examples
    --------
    >>> header_delimiter("student\\tpart\\tanswer"), header_delimiter("name part answer")
    ('\\t', None)
    """
    for delimiter in DELIMITERS:
        fields = next(csv.reader([header_line], delimiter=delimiter), [])
        if all(c in {f.strip() for f in fields} for c in REQUIRED_COLUMNS):
            return delimiter
    return None


def read_answers(path):
    """The columns and rows of an answers CSV (UTF-8, a header line first).

    Parameters
    ----------
    path : path
        The file; at most :data:`MAX_FILE_BYTES` bytes; fields separated by
        commas, semicolons or tabs (the header decides, see
        :func:`header_delimiter`).

    Returns
    -------
    columns : list of str
        The header, in order.
    rows : list of (int, dict)
        Line where each row starts, and its fields; a malformed row carries
        the reason under the key ``"\\0problem"`` (bytes that are not UTF-8,
        a number of fields other than the header's, an unreadable record).
        Blank lines are skipped.

    Raises
    ------
    ValueError
        ``path`` is empty, too large, or its header lacks a column of
        :data:`REQUIRED_COLUMNS` (with every separator), repeats one, or names
        one of :data:`ADDED_COLUMNS`.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     p = Path(tmp) / "a.csv"
    ...     _ = p.write_bytes(b"student,part,answer\\nana,3 minimizer,-Q^-1 c\\nbo,3 minimizer\\n")
    ...     columns, rows = read_answers(p)
    >>> columns, [(line, row.get("\\0problem")) for line, row in rows]
    (['student', 'part', 'answer'], [(2, None), (3, 'has 2 fields, the header has 3')])
    """
    columns, rows, _ = read_with_style(path)
    return columns, rows


def read_with_style(path):
    """:func:`read_answers`, and how the file is written (to write the grades the same way).

    Parameters
    ----------
    path : path
        As for :func:`read_answers`.

    Returns
    -------
    columns, rows
        As :func:`read_answers` returns them.
    style : dict
        ``delimiter`` (one of :data:`DELIMITERS`) and ``bom`` (whether the file
        starts with a UTF-8 byte order mark): the keywords of :func:`csv_bytes`.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     p = Path(tmp) / "a.csv"
    ...     text = "student;part;answer\\r\\nayşe;3 minimizer;-Q^-1 c\\r\\n"
    ...     _ = p.write_bytes(text.encode("utf-8-sig"))   # with a byte order mark
    ...     columns, rows, style = read_with_style(p)
    >>> columns, rows[0][1]["answer"], style
    (['student', 'part', 'answer'], '-Q^-1 c', {'delimiter': ';', 'bom': True})
    """
    path = Path(path)
    size = os.stat(path).st_size
    if not path.is_file():
        raise ValueError(f"path: {path} is not a regular file")
    if size > MAX_FILE_BYTES:
        raise ValueError(f"path: {path} has {size} bytes; at most {MAX_FILE_BYTES} are read")
    data = path.read_bytes()
    bom = data.startswith(b"\xef\xbb\xbf")
    data = data[3:] if bom else data
    text = data.decode("utf-8", "surrogateescape")
    if not text.strip():
        raise ValueError(f"path: {path} is empty; it needs a header line "
                         f"{','.join(REQUIRED_COLUMNS)}")
    delimiter = header_delimiter(_readable(text.splitlines()[0])) or ","
    old_limit = csv.field_size_limit()
    csv.field_size_limit(max(old_limit, len(text) + 1))
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        header = next(reader)
        columns = [_readable(c).strip() for c in header]
        _check_header(path, columns)
        rows = []
        while True:
            line = reader.line_num + 1
            try:
                fields = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                rows.append((line, {"\0problem": f"not a CSV record ({exc})"}))
                if reader.line_num < line:  # pragma: no cover - no progress: stop
                    break
                continue
            if not fields:
                continue
            rows.append((line, _row(columns, fields)))
    finally:
        csv.field_size_limit(old_limit)
    return columns, rows, {"delimiter": delimiter, "bom": bom}


def _check_header(path, columns):
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise ValueError(f"path: {path} has no column {', '.join(repr(c) for c in missing)} "
                         f"in its header line; it needs {', '.join(REQUIRED_COLUMNS)}, "
                         "separated by commas, semicolons or tabs "
                         f"(found: {', '.join(repr(c) for c in columns)})")
    twice = sorted({c for c in columns if columns.count(c) > 1})
    if twice:
        raise ValueError(f"path: {path} repeats column {', '.join(repr(c) for c in twice)}")
    clash = [c for c in ADDED_COLUMNS if c in columns]
    if clash:
        raise ValueError(f"path: {path} already has column {', '.join(repr(c) for c in clash)}, "
                         "which the grades add; rename it")


def _row(columns, fields):
    row = {c: _readable(f) for c, f in zip(columns, fields)}
    for c in columns[len(fields):]:
        row[c] = ""
    bad = [c for c, f in zip(columns, fields) if _BAD_BYTES.search(f)]
    if len(fields) > len(columns) and any(_BAD_BYTES.search(f) for f in fields[len(columns):]):
        bad.append("(past the header)")
    if bad:
        row["\0problem"] = (f"not valid UTF-8 (bytes that are not UTF-8 in "
                            f"{', '.join(repr(c) for c in bad)}; save the file as UTF-8 CSV)")
    elif len(fields) != len(columns):
        row["\0problem"] = f"has {len(fields)} fields, the header has {len(columns)}"
    return row


def csv_bytes(header, rows, delimiter=",", bom=False):
    """UTF-8 CSV bytes of a header and rows, ``\\n`` line ends, fields quoted where needed.

    Parameters
    ----------
    header : list of str
        The first line's fields.
    rows : iterable of list
        The other lines' fields (``str()`` of each).
    delimiter : str
        The separator, one of :data:`DELIMITERS`.
    bom : bool
        Start with a UTF-8 byte order mark.

    Returns
    -------
    bytes

    Examples
    --------
    >>> csv_bytes(["a", "b"], [["x;y", 1]], ";")
    b'a;b\\n"x;y";1\\n'
    """
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return (b"\xef\xbb\xbf" if bom else b"") + buffer.getvalue().encode("utf-8")
