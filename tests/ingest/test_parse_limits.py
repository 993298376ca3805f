"""Issue 25, item 1: one hostile file fails alone, fast, with its reason; the batch and the process go on.

Real generated bombs through a real Assistant ingest (real Chroma, the real embedder). Before the fix the .docx
bomb below took minutes of CPU and gigabytes in-process (the issue: 145 s, 0.95 → 3.9 GB for 77 kB).
"""

from __future__ import annotations

import resource
import time
from pathlib import Path

from tests.ingest.bombs import docx, docx_bomb, html_bomb, paragraph, pdf_pages

GOOD = "The first ferries to Marrow sail in April, the harbour office said."


def _batch(folder: Path) -> Path:
    folder.mkdir()
    docx(folder / "good.docx", paragraph(GOOD))
    (folder / "good.md").write_text(f"# Ferries\n\n{GOOD}\n", encoding="utf-8")
    return folder


def _reasons(report) -> dict[str, str]:
    return {Path(f.path).name: f.reason for f in report.failed}


def test_bombs_are_refused_before_parsing_and_the_rest_is_ingested(make_assistant, tmp_path):
    folder = _batch(tmp_path / "in")
    docx_bomb(folder / "bomb.docx")
    pdf_pages(folder / "pages.pdf", 5001)
    html_bomb(folder / "tags.html")
    a = make_assistant()
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.monotonic()
    report = a.ingest([folder])
    seconds = time.monotonic() - t0
    failed = _reasons(report)
    assert "RAG_PARSE_MAX_ELEMENTS" in failed["bomb.docx"], failed
    assert "5,001 pages" in failed["pages.pdf"] and "RAG_PARSE_MAX_PAGES" in failed["pages.pdf"], failed
    assert "1,000,00" in failed["tags.html"] and "RAG_PARSE_MAX_ELEMENTS" in failed["tags.html"], failed
    assert len(report.added) == 2, report.to_dict()
    assert "April" in a.ask("When do the first ferries to Marrow sail?").answer
    assert seconds < 60, seconds  # embedding two small files and refusing three bombs, not minutes of parsing
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss0) / 1024
    assert grown_mb < 300, grown_mb


def test_a_parse_over_the_time_limit_fails_alone(make_assistant, tmp_path):
    folder = _batch(tmp_path / "in")
    docx_bomb(folder / "slow.docx", 3_000_000)  # past the element check (limit raised): python-docx takes minutes
    a = make_assistant(parse_max_elements=10**9, parse_timeout=3)
    t0 = time.monotonic()
    report = a.ingest([folder])
    assert time.monotonic() - t0 < 40
    assert "took over 3 s (RAG_PARSE_TIMEOUT)" in _reasons(report)["slow.docx"]
    assert len(report.added) == 2, report.to_dict()
    again = a.ingest([folder / "good.docx"])  # a fresh worker after the killed one
    assert again.unchanged and not again.failed


def test_a_parse_over_the_memory_limit_fails_alone(make_assistant, tmp_path):
    folder = _batch(tmp_path / "in")
    docx_bomb(folder / "big.docx")
    a = make_assistant(parse_max_elements=10**9, parse_max_memory_mb=700)
    report = a.ingest([folder])
    reason = _reasons(report)["big.docx"]
    assert "700 MB memory limit (RAG_PARSE_MAX_MEMORY_MB)" in reason, reason
    assert len(report.added) == 2, report.to_dict()
