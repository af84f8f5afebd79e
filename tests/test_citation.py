"""Project metadata that readers and tools rely on: CITATION.cff, the changelog, the references.

CITATION.cff is checked with a small reader of its top-level keys (no YAML
dependency): the keys CFF 1.2.0 requires, and the version, which must be the
one in setup.cfg, in ``momentum_theory.__version__`` and at the top of
CHANGELOG.md. The developer pages name functions as ``module.function``;
each such name must exist, so the pages cannot drift from the code.
"""
import configparser
import datetime
import importlib
import re
from pathlib import Path

import pytest

import momentum_theory

PROJECT = Path(__file__).resolve().parent.parent
CFF = PROJECT / "CITATION.cff"


def read_cff(text):
    """Top-level ``key: value`` pairs; a key whose value is on the following lines maps to them."""
    keys, current = {}, None
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = re.match(r"^([A-Za-z][A-Za-z0-9-]*):\s*(.*)$", line)
        if match:
            current = match.group(1)
            assert current not in keys, f"{current} given twice"
            keys[current] = match.group(2).strip()
        else:
            assert line.startswith(" "), f"unexpected top-level line: {line!r}"
            keys[current] += "\n" + line
    return {k: v.strip().strip('"').strip("'") if "\n" not in v else v for k, v in keys.items()}


@pytest.fixture(scope="module")
def cff():
    assert CFF.is_file(), "CITATION.cff is missing"
    return read_cff(CFF.read_text(encoding="utf-8"))


def declared_version():
    config = configparser.ConfigParser()
    config.read(PROJECT / "setup.cfg", encoding="utf-8")
    return config["metadata"]["version"]


def test_citation_has_the_keys_cff_requires(cff):
    for key in ("cff-version", "message", "title", "authors"):
        assert key in cff and cff[key], key
    assert cff["cff-version"] == "1.2.0"
    assert "momentum_theory developers" in cff["authors"]
    assert cff["license"] == "MIT"
    datetime.date.fromisoformat(cff["date-released"])


def test_citation_cites_the_chapters_book(cff):
    refs = cff["references"]
    assert "Dive into Deep Learning" in refs
    for author in ("Zhang", "Lipton", "Li", "Smola"):
        assert re.search(rf"family-names:\s*{author}\b", refs), author


def test_one_version_everywhere(cff):
    version = declared_version()
    assert cff["version"] == version
    assert momentum_theory.__version__ == version
    changelog = (PROJECT / "CHANGELOG.md").read_text(encoding="utf-8")
    newest = re.search(r"^## (\d+\.\d+\.\d+)", changelog, re.M)
    assert newest and newest.group(1) == version
    released = re.search(rf"^## {re.escape(version)} — (\d{{4}}-\d{{2}}-\d{{2}})", changelog, re.M)
    assert released and released.group(1) == cff["date-released"]


def test_references_page_lists_the_sources():
    page = PROJECT / "docs" / "references.md"
    assert page.is_file()
    text = page.read_text(encoding="utf-8")
    for source in ("Polyak", "Nesterov", "Goh", "Lessard", "Yarats", "Van Scoy", "Taylor",
                   "PEPit", "Dekker", "Ogita", "Jury", "Dive into Deep"):
        assert source in text, source
    # Each entry says whether the toolkit computes it now or later.
    assert text.count("— computed") >= 6 and "— coming" in text


@pytest.mark.parametrize("page", ["references.md", "development.md"])
def test_functions_named_in_developer_pages_exist(page):
    text = (PROJECT / "docs" / page).read_text(encoding="utf-8")
    named = set(re.findall(r"`([a-z_]+)\.([A-Za-z_][A-Za-z0-9_]*)`", text))
    checked = 0
    for module_name, attribute in sorted(named):
        if attribute in ("py", "md", "cfg", "txt", "cff"):
            continue  # a file name, not a function
        try:
            module = importlib.import_module(f"momentum_theory.{module_name}")
        except ModuleNotFoundError:
            continue  # not a module of the package (e.g. numpy.allclose)
        if not hasattr(module, attribute):  # a submodule not imported yet?
            importlib.import_module(f"momentum_theory.{module_name}.{attribute}")
        checked += 1
    assert checked >= 5
