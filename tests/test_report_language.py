"""The report for readers: its fixed words in both languages, Turkish headings, escaping."""
import json
import re

import pytest

from momentum_theory import report
from momentum_theory.report import _markdown, _words
from momentum_theory.report._common import _esc, _prose


def test_every_fixed_word_is_filled_in_and_translated():
    for key in _words.keys():
        en, tr = _words.say("en", key), _words.say("tr", key)
        assert tr.strip(), key
        if key == "doc.language-note":  # only the Turkish report needs to say it
            assert en == ""
            continue
        assert en.strip() and en != tr, key
    with pytest.raises(ValueError, match="lang"):
        _words.say("de", "verdict.holds")
    with pytest.raises(KeyError):
        _words.say("en", "section.nope")


def test_every_section_and_every_figure_has_its_words():
    from momentum_theory import figure_files

    for section in report.SECTIONS:
        assert "section." + section.name in _words.keys()
    # every figure the library can draw for a report has a caption in both languages
    missing = [stem for stem in figure_files.CAPTIONS if "caption." + stem not in _words.keys()]
    assert missing == []


def test_each_figure_of_the_full_report_has_a_caption_under_it(default_report):
    path, _ = default_report
    text = (path / "README.md").read_text(encoding="utf-8")
    images = re.findall(r"^!\[([^\]]*)\]\(figures/([^)]+)\.png\)\n\n(.*)$", text, re.M)
    assert len(images) >= 15
    for _, stem, caption in images:
        assert caption == f"*Figure: {_words.say('en', 'caption.' + stem)}*", stem


@pytest.fixture(scope="module")
def turkish(tmp_path_factory):
    out = tmp_path_factory.mktemp("tr") / "rapor"
    report.write_report(out, progress=lambda line: None, sections="claims,worst-case,regimes",
                        formats="md,html", lang="tr")
    return out


def test_a_turkish_report_has_turkish_headings_captions_and_verdicts(turkish):
    text = (turkish / "README.md").read_text(encoding="utf-8")
    page = (turkish / "report.html").read_text(encoding="utf-8")
    assert '<html lang="tr">' in page
    assert text.startswith("# " + _words.say("tr", "doc.title"))
    assert _words.say("tr", "doc.language-note") in text
    summary = json.loads((turkish / "summary.json").read_text())
    assert re.findall(r"^## (.*)$", text, re.M) == [
        _words.say("tr", "section." + name) for name in summary["sections"]]
    assert f"*{_words.say('tr', 'doc.figure')}: {_words.say('tr', 'caption.worst_case')}*" in text
    rows = [line for line in text.splitlines() if line.startswith("| `")]
    claims = [r for r in rows if r.endswith(" |") and r.count(" | ") >= 3]
    assert len(claims) == summary["claims"]["checked"]
    verdicts = {r.rsplit(" | ", 1)[1] for r in claims}
    assert any(v.startswith(_words.say("tr", "verdict.holds")) for v in verdicts)
    assert any(v.startswith(f"**{_words.say('tr', 'verdict.fails')}**") for v in verdicts)
    assert not any(v.startswith(("holds", "**fails")) for v in verdicts)


def test_the_claims_table_quotes_the_chapters_turkish_sentence(turkish, default_report):
    from momentum_theory import claims

    english = (default_report[0] / "README.md").read_text(encoding="utf-8")
    turkish_text = (turkish / "README.md").read_text(encoding="utf-8")
    quoted = 0
    for claim in claims.CLAIMS:
        words = claim.source.split("$")[0].split(".")[0].strip()[:40]
        if len(words) < 15 or not re.search(r"[çğıöşüÇĞİÖŞÜ]", words):
            continue
        # in both languages, the Turkish words of the chapter's sentence appear, escaped
        sentence = _esc(words)
        assert sentence in english and sentence in turkish_text, claim.id
        quoted += 1
    assert quoted >= 10


def test_markdown_special_characters_show_as_themselves():
    html = _markdown.to_html("a " + _esc("w_t * 2 [x] <b> | $5 #1") + " b", lambda t, d: "", None)
    assert "w_t * 2 [x] &lt;b&gt; | $5 #1" in html and "<em>" not in html
    assert "<b>" not in html and "<math" not in html
    # words with math: the words escaped, the math delimited
    assert _prose(r"\text{see gd\_2d, } \eta = 0.1") == r"see gd\_2d, $\eta = 0.1$"
    assert _prose(r"\frac{1}{1-\beta}") == r"$\frac{1}{1-\beta}$"
