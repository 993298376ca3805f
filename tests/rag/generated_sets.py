"""Reading the generated evaluation sets (bench/news_set, bench/quiz_set): their date table and document texts."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest


def doc_dates(data: Path) -> dict[str, dict]:
    """Doc id -> its row of data/doc_dates.jsonl (true date, role, format…)."""
    rows = [json.loads(line) for line in (data / "doc_dates.jsonl").read_text().splitlines()]
    return {r["doc_id"]: r for r in rows}


def doc_texts(data: Path) -> dict[str, str]:
    """Doc id -> the document's raw text (HTML unescaped; one entry per .jsonl article)."""
    out = {}
    for p in (data / "docs").iterdir():
        if p.suffix == ".jsonl":
            for line in p.read_text().splitlines():
                obj = json.loads(line)
                out[obj["id"]] = obj["text"]
        else:
            out[p.stem] = html.unescape(re.sub(r"<[^>]+>", " ", p.read_text()))
    return out


def set_fixtures(data: Path):
    """The module-scoped ``ds``, ``table`` and ``texts`` fixtures of one generated set (``ds, table, texts =
    set_fixtures(DATA)`` in its test module)."""
    from rag.eval.dataset import load_dataset

    @pytest.fixture(scope="module")
    def ds():
        return load_dataset(data)

    @pytest.fixture(scope="module")
    def table() -> dict[str, dict]:
        return doc_dates(data)

    @pytest.fixture(scope="module")
    def texts() -> dict[str, str]:
        return doc_texts(data)

    return ds, table, texts


def assert_generated_equals(module: str, data: Path, out: Path) -> None:
    """The committed ``data`` is byte for byte what ``module``'s ``generate`` writes into ``out``."""
    import importlib

    importlib.import_module(module).generate(out)
    for name in ("qa.jsonl", "doc_dates.jsonl"):
        assert (out / name).read_text() == (data / name).read_text(), name
    fresh = sorted(p.name for p in (out / "docs").iterdir())
    assert fresh == sorted(p.name for p in (data / "docs").iterdir())
    for name in fresh:
        assert (out / "docs" / name).read_bytes() == (data / "docs" / name).read_bytes(), name
