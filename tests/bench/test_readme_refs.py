"""Every cited section of bench/README.md or bench/CHANGELOG.md exists: a docstring, comment or README line that
says ``bench/README.md, "Section"`` (or ``"Section" in bench/README.md``) names a heading of that file, or the
start of one. bench/README.md is a reference rewritten as figures change (issue 29) and its history moves to
bench/CHANGELOG.md, so a renamed or moved section must not leave its citations pointing at nothing; before this
test two already did ("Ranking inside one week" in rag/retrieval/evidence.py, "Watched questions" in README.md).

A citation may wrap over lines of a comment or docstring: lines are joined with their indentation and ``#``
dropped before matching."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import ROOT

DOCS = ("README", "CHANGELOG")
# The quoted name starts with a capital and is short, so a quote that closes one string and opens the next is
# never taken for a section name.
NAME = r'"([A-Z][^"\n]{2,80})"'
AFTER = re.compile(r"bench/(README|CHANGELOG)\.md`?\s*(?:,\s*|\(\s*)?" + NAME)
BEFORE = re.compile(NAME + r"\s*(?:in\s+|\(\s*)`?bench/(README|CHANGELOG)\.md")
SCANNED = ("rag", "ingest", "ui", "bench", "tests", ".ci")
SUFFIXES = {".py", ".md", ".sh", ".toml", ".txt", ".yml", ".yaml"}


def joined(text: str) -> str:
    """The text with each line's indentation and comment marker dropped and the lines joined by one space."""
    return " ".join(re.sub(r"^\s*#*\s?", "", line).strip() for line in text.splitlines())


def citations(text: str) -> list[tuple[str, str]]:
    """(document, section name) for every section citation in the text."""
    flat = joined(text)
    found = [(m.group(1), m.group(2)) for m in AFTER.finditer(flat)]
    found += [(m.group(2), m.group(1)) for m in BEFORE.finditer(flat)]
    return found


def headings(doc: str) -> list[str]:
    path = ROOT / "bench" / f"{doc}.md"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    return [m.group(1).strip() for m in re.finditer(r"^#{1,6}\s+(.+)$", text, re.M)]


def scanned_files() -> list[Path]:
    files = [p for p in ROOT.glob("*.md")] + [ROOT / "Makefile"]
    for top in SCANNED:
        for p in (ROOT / top).rglob("*"):
            parts = p.relative_to(ROOT).parts
            if p.suffix in SUFFIXES and p.is_file() and "data" not in parts and "out" not in parts[:2]:
                files.append(p)
    own = {f"bench/{d}.md" for d in DOCS} | {Path(__file__).resolve().relative_to(ROOT).as_posix()}
    return [p for p in files if p.is_file() and p.relative_to(ROOT).as_posix() not in own]


def test_the_finder_reads_both_forms_and_wrapped_lines():
    text = ('x = 1  # measured (bench/README.md, "The fact\n    # alone"); see "Load" in bench/README.md and\n'
            '`bench/README.md` ("OCR"), bench/CHANGELOG.md "Compact dates".')
    assert sorted(citations(text)) == [("CHANGELOG", "Compact dates"), ("README", "Load"), ("README", "OCR"),
                                       ("README", "The fact alone")]


def test_every_cited_section_is_a_heading():
    known = {doc: headings(doc) for doc in DOCS}
    cited, stale = 0, []
    for path in scanned_files():
        for doc, name in citations(path.read_text(encoding="utf-8", errors="replace")):
            cited += 1
            if not any(h.startswith(name) for h in known[doc]):
                stale.append(f"{path.relative_to(ROOT)}: bench/{doc}.md, \"{name}\"")
    assert cited >= 20, f"only {cited} citations found: the finder no longer reads the tree's citations"
    assert not stale, "cited sections with no such heading (rename the citation or the heading):\n" + \
        "\n".join(stale)
