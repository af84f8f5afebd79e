"""Grading a class (issue 14, part 3): ``momentum_theory.grading`` and ``momentum-theory grade``.

The main test grades a few thousand generated rows (right answers in
equivalent forms, wrong ones, hostile ones, malformed rows at known lines)
and checks every verdict against ``check_answer`` called on its own.
"""
from __future__ import annotations

import csv
import io
import json
import random
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from momentum_theory import grading
from momentum_theory.answers import AnswerError, check_answer
from momentum_theory.cli import main
from momentum_theory.cli.grade import Progress

RIGHT = {
    "1 effective_weight": ["1/(1-beta)", "(1-beta)^-1", "-1/(beta-1)"],
    "1 effective_step": ["eta/(1-beta)", "eta*(1-beta)^-1"],
    "2 gd_iterate": ["x0*(1-eta*lambda)^t", "(1-h)^t x0", "x0 (1-h)^t"],
    "2 gd_region": ["0 < h < 2", "0 < eta*lambda < 2", "(0, 2)"],
    "2 region": ["0 < h < 2 + 2*beta", "(0, 2+2*beta)"],
    "3 minimizer": ["-Q^-1 c", "-inv(Q)*c"],
    "3 minimum": ["b - 1/2 c^T Q^-1 c", "b - c^T Q^-1 c/2"],
    "3 gradient": ["Q x + c", "c + Q*x"],
}
WRONG = {
    "1 effective_weight": ["1/(1+beta)", "1/(1-beta)^2"],
    "1 effective_step": ["eta/(1+beta)", "eta/(1-beta) + 1"],
    "2 gd_iterate": ["x0*(1-eta*lambda)^(t+1)", "x0*(1+h)^t"],
    "2 gd_region": ["0 < h < 1.999", "0 <= h < 2"],
    "2 region": ["0 < h < 2", "0 < h < 2 + beta"],
    "3 minimizer": ["Q^-1 c", "-Q c"],
    "3 minimum": ["b + 1/2 c^T Q^-1 c"],
    "3 gradient": ["Q x - c"],
}
HOSTILE = ["__import__('os').system('true')", "open('/etc/passwd')", "9^9^9^9^9",
           "(" * 300 + "1" + ")" * 300, "beta" + "+beta" * 150, "lambda x: x"]
HOSTILE_PART = "1 effective_weight"
WORDS = {"correct": "correct", "wrong": "wrong", "undecided": "could not decide"}


def _expected(part, answer, given=None):
    """The verdict of ``check_answer`` alone, in the grade's words."""
    exercise, name = part.split()
    try:
        return WORDS[check_answer(int(exercise), name, answer, given=given).verdict]
    except AnswerError:
        return "unreadable"


def _spaced(answer, rng):
    """The same answer with other runs of whitespace (the cache's normalisation)."""
    words = answer.split(" ")
    glue = [rng.choice([" ", "  ", "\t", " \t "]) for _ in words[1:]]
    out = words[0] + "".join(g + w for g, w in zip(glue, words[1:]))
    return rng.choice(["", " ", "\t"]) + out + rng.choice(["", " "])


def _generate(n, seed=14):
    """CSV text of about ``n`` rows, the expected malformed lines and the distinct answers."""
    rng = random.Random(seed)
    pool = [(p, a) for p, answers in RIGHT.items() for a in answers]
    pool += [(p, a) for p, answers in WRONG.items() for a in answers]
    pool += [(HOSTILE_PART, a) for a in HOSTILE]
    pool += [("2 gd_iterate", "x0 (1-h)^t", "t=10^9"), ("2 region", "(0, 3.8)", "beta=9/10"),
             ("2 gd_iterate", "x0*(1-eta*lambda)^(t+1)", "t=10^9")]
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["student", "part", "answer", "given", "group"])
    line, malformed, rows = 1, {}, []
    for i in range(n):
        student, group = f"s{i:04d}", f"g{i % 7}"
        kind = rng.random()
        if kind < 0.015:
            reason = rng.choice(["short", "unknown", "empty", "huge", "nostudent"])
            fields = {"short": [student, "3 minimizer"],
                      "unknown": [student, "3 maximizer", "c", "", group],
                      "empty": [student, "3 minimizer", "  ", "", group],
                      "huge": [student, "3 minimizer", "c" * (grading.MAX_FIELD + 1), "", group],
                      "nostudent": ["", "3 minimizer", "-Q^-1 c", "", group]}[reason]
            line += 1
            malformed[line] = reason
            writer.writerow(fields)
            continue
        item = rng.choice(pool)
        part, answer, given = (item + ("",))[:3]
        if kind < 0.05 and " " not in answer and part == "1 effective_weight":
            answer = answer.replace("/", "/\n")  # a quoted field over two lines
        shown = _spaced(answer, rng) if rng.random() < 0.3 else answer
        line += 1
        rows.append((line, student, part, shown, given, group))
        writer.writerow([student, part, shown, given, group])
        line += shown.count("\n")
    return buffer.getvalue(), malformed, rows


#: The tests of a whole class's file (3000 rows) are class-sized inputs: `slow`.
CLASS_SIZED = pytest.mark.slow


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory):
    folder = tmp_path_factory.mktemp("class")
    text, malformed, rows = _generate(3000)
    lines = text.splitlines(keepends=True)
    bad_line = len(lines) + 1  # a row with bytes that are not UTF-8, at the end
    data = text.encode("utf-8") + b"s9999,3 minimizer,-Q^-1 \xff c,,g0\n"
    malformed[bad_line] = "encoding"
    (folder / "answers.csv").write_bytes(data)
    seen = []
    summary = grading.grade_csv(folder / "answers.csv", folder / "grades.csv",
                                progress=lambda done, total: seen.append((done, total)))
    with open(folder / "grades.csv", newline="", encoding="utf-8") as fh:
        out = list(csv.DictReader(fh))
    with open(folder / "grades-summary.csv", newline="", encoding="utf-8") as fh:
        table = list(csv.DictReader(fh))
    return summary, out, table, malformed, rows, seen, folder


@CLASS_SIZED
def test_every_verdict_is_check_answers_and_order_and_columns_are_kept(graded_class):
    summary, out, _, malformed, rows, _, _ = graded_class
    assert len(out) == len(rows) + len(malformed) > 3000 - 1
    assert [int(r["line"]) for r in out] == sorted(int(r["line"]) for r in out)
    by_line = {int(r["line"]): r for r in out}
    expected = {}
    for line, student, part, shown, fixed, group in rows:
        r = by_line[line]
        assert (r["student"], r["part"], r["answer"], r["given"], r["group"]) == \
            (student, part, shown, fixed, group)
        key = (part, " ".join(shown.split()), fixed)
        if key not in expected:
            expected[key] = _expected(part, key[1], dict([fixed.split("=")]) if fixed else None)
        assert r["verdict"] == expected[key], (line, shown)
    verdicts = {v for v in expected.values()}
    assert {"correct", "wrong", "unreadable"} <= verdicts <= set(grading.VERDICTS)
    # the right ones are right and the wrong ones wrong, whatever their spacing
    for (part, answer, fixed), verdict in expected.items():
        if not fixed and answer in RIGHT.get(part, []):
            assert verdict == "correct", answer
        if not fixed and answer in WRONG.get(part, []):
            assert verdict == "wrong", answer
    # identical answers were decided once
    assert summary.decisions == len(expected) < 100
    assert summary.rows == len(out)


def test_whitespace_variants_get_check_answers_verdict_on_the_raw_text():
    # The cache collapses runs of spaces, tabs and line breaks: check_answer agrees.
    rng = random.Random(3)
    for part, answers in list(RIGHT.items())[:5] + list(WRONG.items())[:3]:
        answer = answers[-1]
        raw = _spaced(answer, rng)
        assert _expected(part, raw) == _expected(part, answer), raw
    assert _expected("1 effective_weight", "1/\n(1-beta)") == "correct"


@CLASS_SIZED
def test_malformed_rows_are_reported_at_their_lines_and_the_rest_graded(graded_class):
    summary, out, _, malformed, _, _, _ = graded_class
    assert {line for line, _ in summary.malformed} == set(malformed)
    reasons = dict(summary.malformed)
    words = {"short": "has 2 fields, the header has 5", "unknown": "unknown part '3 maximizer'",
             "empty": "empty answer", "huge": f"(at most {grading.MAX_FIELD})",
             "nostudent": "empty student", "encoding": "not valid UTF-8"}
    for line, kind in malformed.items():
        assert words[kind] in reasons[line], (line, reasons[line])
    bad = [r for r in out if r["verdict"] == "malformed"]
    assert len(bad) == len(malformed)
    assert all(r["feedback"].startswith(f"line {r['line']}: ") for r in bad)
    assert len(set(malformed.values())) == 6


@CLASS_SIZED
def test_the_summary_counts_each_part(graded_class):
    summary, out, table, _, _, _, _ = graded_class
    assert list(table[0]) == list(grading.SUMMARY_COLUMNS)
    assert table[-1]["part"] == "all" and int(table[-1]["answers"]) == len(out)
    column = {v: v.replace(" ", "_") for v in grading.VERDICTS}
    assert [row["part"] for row in table[:-1]] == [
        "1 effective_weight", "1 effective_step", "2 gd_iterate", "2 gd_region", "2 region",
        "3 minimizer", "3 minimum", "3 gradient", "(unknown part)"]
    for row in table[:-1]:
        for verdict in grading.VERDICTS:
            # rows counted by the part they name (malformed ones whose part is known too)
            n = sum(1 for r in out if r["verdict"] == verdict and _label(r["part"]) == row["part"])
            assert int(row[column[verdict]]) == n, (row["part"], verdict)
    for verdict in grading.VERDICTS:
        assert int(table[-1][column[verdict]]) == summary.total(verdict) == \
            sum(1 for r in out if r["verdict"] == verdict)


def _label(part):
    """The summary's row for a part as the generator writes it."""
    return "(unknown part)" if part == "3 maximizer" else part


@CLASS_SIZED
def test_progress_was_reported_up_to_the_end(graded_class):
    seen = graded_class[5]
    assert seen[0][0] < seen[-1][0] == seen[-1][1] == graded_class[0].rows
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


@CLASS_SIZED
def test_counterexamples_are_json_and_only_for_wrong_answers(graded_class):
    out = graded_class[1]
    for r in out:
        if r["verdict"] == "wrong":
            example = json.loads(r["counterexample"])
            assert "expected" in example and "yours" in example
        else:
            assert r["counterexample"] == ""


def test_a_slow_answer_does_not_block_the_rest(monkeypatch, tmp_path):
    # One answer whose decision hangs (in C code a timer cannot interrupt): it is
    # killed at the time limit and could not be decided; every other row is decided.
    from momentum_theory.answers import check as checking
    if not hasattr(checking, "_decide"):
        pytest.skip("the checker no longer decides through check._decide")
    original = checking._decide

    def sometimes_stuck(task, *args, **kwargs):
        if "7777777" in repr(task):
            return 3 ** (10 ** 9)
        return original(task, *args, **kwargs)

    monkeypatch.setattr(checking, "_decide", sometimes_stuck)
    rows = [{"student": "slow", "part": "1 effective_weight", "answer": "1/(1-beta) + 7777777"}]
    rows += [{"student": f"s{i}", "part": "1 effective_weight", "answer": f"1/(1-beta) + {i}"}
             for i in range(12)]
    out = grading.grade_rows(rows, time_limit=1.0, jobs=2)
    assert out[0].verdict == "could not decide" and "time limit" in out[0].feedback
    assert [g.verdict for g in out[1:]] == ["correct"] + ["wrong"] * 11


# -- the command line -----------------------------------------------------------------------

SMALL = "student,part,answer,note\nana,3 minimizer,-Q^-1 c,late\nbo,3 minimizer,Q^-1 c,\n"


def test_cli_writes_both_files_and_refuses_to_overwrite_without_force(tmp_path, capsys):
    answers, grades = tmp_path / "answers.csv", tmp_path / "grades.csv"
    answers.write_text(SMALL, encoding="utf-8")
    assert main(["grade", str(answers), "--out", str(grades)]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[0].split() == list(grading.SUMMARY_COLUMNS)
    assert printed[1].split() == ["3", "minimizer", "2", "1", "1", "0", "0", "0"]
    first = grades.read_bytes(), (tmp_path / "grades-summary.csv").read_bytes()
    answers.write_text(SMALL.replace("Q^-1 c,\n", "-Q^-1 c,\n"), encoding="utf-8")
    assert main(["grade", str(answers), "--out", str(grades)]) == 1
    err = capsys.readouterr().err
    assert "grades.csv, grades-summary.csv already exist" in err and "--force" in err
    assert (grades.read_bytes(), (tmp_path / "grades-summary.csv").read_bytes()) == first
    # one of the two present is enough to refuse, and nothing is written
    (tmp_path / "grades-summary.csv").unlink()
    assert main(["grade", str(answers), "--out", str(grades)]) == 1
    assert "grades.csv already exists" in capsys.readouterr().err
    assert not (tmp_path / "grades-summary.csv").exists()
    assert main(["grade", str(answers), "--out", str(grades), "--force"]) == 0
    assert [r["verdict"] for r in csv.DictReader(io.StringIO(grades.read_text()))] == \
        ["correct", "correct"]
    assert [p.name for p in sorted(tmp_path.iterdir())] == \
        ["answers.csv", "grades-summary.csv", "grades.csv"]  # no temporary file left


@pytest.mark.parametrize("text, words", [
    ("student,answer\nana,c\n", "has no column 'part'"),
    ("", "is empty"),
    ("student,part,answer,verdict\nana,3 minimizer,c,x\n", "already has column 'verdict'"),
    ("student,part,answer,part\n", "repeats column 'part'"),
])
def test_cli_refuses_a_bad_header_with_one_line(tmp_path, capsys, text, words):
    answers = tmp_path / "answers.csv"
    answers.write_text(text, encoding="utf-8")
    assert main(["grade", str(answers), "--out", str(tmp_path / "g.csv")]) == 1
    err = capsys.readouterr().err
    assert words in err and err.count("\n") == 1 and "Traceback" not in err
    assert not (tmp_path / "g.csv").exists()


@pytest.mark.parametrize("delimiter", [";", "\t"], ids=["semicolon", "tab"])
def test_a_semicolon_or_tab_file_is_graded_and_answered_in_kind(tmp_path, delimiter):
    # What a spreadsheet saves as "CSV" where the decimal mark is a comma (Turkish,
    # German, French): semicolons, often with a byte order mark and Windows line ends.
    # A field holding the separator or a comma is quoted as usual.
    rows = [["student", "part", "answer", "note"], ["Ayşe", "3 minimizer", "-Q^-1 c", "1,5"],
            ["Ömer", "3 minimizer", "Q^-1 c", f"a{delimiter}b"], ["Can", "3 minimizer"]]
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    answers, grades = tmp_path / "answers.csv", tmp_path / "grades.csv"
    answers.write_bytes(b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8"))
    summary = grading.grade_csv(answers, grades)
    assert grades.read_bytes().startswith(b"\xef\xbb\xbfstudent")   # as the answers began
    back = list(csv.DictReader(io.StringIO(grades.read_text(encoding="utf-8-sig")),
                               delimiter=delimiter))
    assert [(r["student"], r["note"], r["verdict"]) for r in back] == [
        ("Ayşe", "1,5", "correct"), ("Ömer", f"a{delimiter}b", "wrong"), ("Can", "", "malformed")]
    assert summary.malformed == [(4, "has 2 fields, the header has 4")]
    table = (tmp_path / "grades-summary.csv").read_text(encoding="utf-8-sig").splitlines()
    assert table[0] == delimiter.join(grading.SUMMARY_COLUMNS)
    # the same answers with commas give the same verdicts
    commas = tmp_path / "commas.csv"
    commas.write_text("student,part,answer\nAyşe,3 minimizer,-Q^-1 c\nÖmer,3 minimizer,Q^-1 c\n",
                      encoding="utf-8")
    columns, read = grading.read_answers(commas)
    assert columns[:3] == ["student", "part", "answer"] and read[0][1]["student"] == "Ayşe"
    grading.grade_csv(commas, tmp_path / "plain.csv")   # no byte order mark in, none out
    assert (tmp_path / "plain.csv").read_bytes().startswith(b"student,part,answer")


@pytest.mark.parametrize("header, expected", [
    ("student,part,answer", ","), ("student;part;answer", ";"), ("student\tpart\tanswer", "\t"),
    ("part ; answer ; student ; x,y", ";"), ("student,part,answer,a;b", ","),
    ('"student";"part";"answer"', ";"), ("student part answer", None), ("student;part", None)])
def test_the_header_decides_the_separator(header, expected):
    from momentum_theory._class_csv import header_delimiter

    assert header_delimiter(header) == expected


def test_a_header_no_separator_fits_is_refused_naming_the_separators(tmp_path):
    answers = tmp_path / "answers.csv"
    answers.write_text("student|part|answer\nana|3 minimizer|c\n", encoding="utf-8")
    with pytest.raises(ValueError, match="separated by commas, semicolons or tabs"):
        grading.read_answers(answers)


@pytest.mark.parametrize("argv, words", [
    (["--time-limit", "0"], "--time-limit"), (["--jobs", "0"], "--jobs"), ([], "--out")])
def test_cli_usage_errors_exit_2(tmp_path, capsys, argv, words):
    answers = tmp_path / "answers.csv"
    answers.write_text(SMALL, encoding="utf-8")
    out = [] if not argv else ["--out", str(tmp_path / "g.csv")]
    assert main(["grade", str(answers)] + out + argv) == 2
    assert words in capsys.readouterr().err


def test_cli_lists_malformed_rows_on_stderr(tmp_path, capsys):
    answers = tmp_path / "answers.csv"
    answers.write_text(SMALL + "cy,3 minimizer,,\ndi,nope,c,\n", encoding="utf-8")
    assert main(["grade", str(answers), "--out", str(tmp_path / "g.csv")]) == 0
    err = capsys.readouterr().err
    assert "2 malformed rows" in err and "line 4: empty answer" in err
    assert "line 5: unknown part 'nope'" in err


def test_api_bad_arguments_name_them(tmp_path):
    with pytest.raises(ValueError, match="jobs"):
        grading.grade_rows([], jobs=0)
    with pytest.raises(TypeError, match="progress"):
        grading.grade_rows([], progress=3)
    with pytest.raises(TypeError, match="rows must be"):
        grading.grade_rows(None)
    with pytest.raises(ValueError, match="lines"):
        grading.grade_rows([{"student": "a", "part": "3 minimizer", "answer": "c"}], lines=[])
    with pytest.raises(TypeError, match=r"rows\[0\]"):
        grading.grade_rows(["ana,3 minimizer,c"])
    with pytest.raises(ValueError, match="time_limit"):
        grading.grade_rows([{"student": "a", "part": "3 minimizer", "answer": "c"}],
                           time_limit=-1)
    answers = tmp_path / "a.csv"
    answers.write_text(SMALL, encoding="utf-8")
    with pytest.raises(ValueError, match="path_out"):
        grading.grade_csv(answers, answers, force=True)
    with pytest.raises(TypeError, match="force"):
        grading.grade_csv(answers, tmp_path / "g.csv", force="yes")


def test_parts_by_name_alone_and_given_values():
    rows = [{"student": "a", "part": "minimizer", "answer": "-Q^-1 c"},
            {"student": "b", "part": "quadratic minimizer", "answer": "-Q^-1 c"},
            {"student": "b", "part": "3:Minimizer", "answer": "-Q^-1 c"},
            {"student": "c", "part": "region", "answer": "(0, 3.8)", "given": "beta=0.9"},
            {"student": "d", "part": "region", "answer": "(0, 3.8)"},
            {"student": "e", "part": "region", "answer": "(0, 3.8)", "given": "zeta=1"},
            {"student": "f", "part": "region", "answer": "(0, 3.8)", "given": "beta"}]
    out = grading.grade_rows(rows)
    assert [g.part for g in out] == ["3 minimizer"] * 3 + ["2 region"] * 4
    assert [g.verdict for g in out] == ["correct"] * 4 + ["wrong", "malformed", "malformed"]
    assert "zeta" in out[5].feedback and "NAME=VALUE" in out[6].feedback


# -- progress ---------------------------------------------------------------------------------

class _Stream(io.StringIO):
    def __init__(self, tty):
        super().__init__()
        self.tty = tty

    def isatty(self):
        return self.tty


def _drive(tty, moments):
    clock = iter([0.0] + moments)
    stream = _Stream(tty)
    progress = Progress(stream, clock=lambda: next(clock))
    for i, _ in enumerate(moments):
        progress(i + 1, len(moments))
    progress.finish()
    return stream.getvalue()


def test_progress_is_quiet_on_short_runs_a_bar_on_a_terminal_lines_otherwise():
    assert _drive(True, [0.1, 0.5, 1.0]) == _drive(False, [0.1, 0.5, 1.0]) == ""
    bar = _drive(True, [3.0, 3.05, 3.3, 3.31])
    assert bar.count("\r") == 3 and bar.endswith("4/4 answers\n")  # 3.05 is too soon
    assert "[" + "#" * 30 + "]" in bar
    plain = _drive(False, [3.0, 5.0, 14.0, 30.0])
    assert "\r" not in plain and plain.splitlines() == [
        "grading: 1 of 4 answers graded (3 s)", "grading: 3 of 4 answers graded (14 s)",
        "grading: 4 of 4 answers graded (30 s)"]


# -- reading ------------------------------------------------------------------------------------

field_text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\0\r"),
                     max_size=30)


@pytest.fixture(scope="module")
def read_folder(tmp_path_factory):
    """One folder for the property below; each example writes its own file over a.csv."""
    return tmp_path_factory.mktemp("read")


@given(rows=st.lists(st.lists(field_text, min_size=4, max_size=4), max_size=8))
def test_read_answers_gives_back_what_csv_wrote_with_its_lines(rows, read_folder):
    path = read_folder / "a.csv"
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["student", "part", "answer", "x"])
    starts, line = [], 2
    for row in rows:
        text = io.StringIO(newline="")
        csv.writer(text, lineterminator="\n").writerow(row)
        starts.append(line)
        line += text.getvalue().count("\n")
        writer.writerow(row)
    path.write_bytes(buffer.getvalue().encode("utf-8"))
    columns, read = grading.read_answers(path)
    assert columns == ["student", "part", "answer", "x"]
    # csv writes a row of one empty field as a blank-looking line: it is skipped when read
    assert [line for line, _ in read] == starts
    assert [[r[c] for c in columns] for _, r in read] == rows
    assert not any("\0problem" in r for _, r in read)


def test_a_byte_order_mark_and_crlf_lines_are_read(tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes(b"\xef\xbb\xbfstudent,part,answer\r\nana,3 minimizer,-Q^-1 c\r\n\r\n"
                     b"bo,3 minimizer,c\r\n")
    columns, read = grading.read_answers(path)
    assert columns == ["student", "part", "answer"]
    assert [(line, r["student"], r["answer"]) for line, r in read] == \
        [(2, "ana", "-Q^-1 c"), (4, "bo", "c")]


def test_a_file_too_large_is_refused_unread(tmp_path, monkeypatch):
    path = tmp_path / "a.csv"
    path.write_text(SMALL, encoding="utf-8")
    from momentum_theory import _class_csv  # where the file is read

    monkeypatch.setattr(_class_csv, "MAX_FILE_BYTES", 10)
    with pytest.raises(ValueError, match="at most 10"):
        grading.read_answers(path)


def test_the_summary_file_sits_beside_the_grades():
    assert grading.summary_path(Path("x/GRADES.csv")) == Path("x/GRADES-summary.csv")
    assert grading.summary_path(Path("grades")) == Path("grades-summary.csv")


@pytest.mark.slow  # a signal sent to a child process, after 3 s of its work
def test_sigterm_stops_the_command_with_143_and_writes_nothing(tmp_path):
    import os
    import signal
    import subprocess
    import sys
    import time
    answers = tmp_path / "answers.csv"
    # 2000 distinct answers: about 20 s of work, stopped after 3 s
    rows = "".join(f"s{i},1 effective_weight,1/(1-beta) + {i}\n" for i in range(2000))
    answers.write_text("student,part,answer\n" + rows, encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "momentum_theory", "grade", str(answers),
                             "--out", str(tmp_path / "g.csv")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(3)
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signal.SIGTERM, err
    assert "interrupted by SIGTERM; nothing was written" in err
    assert sorted(os.listdir(tmp_path)) == ["answers.csv"]
