"""One Settings of groups: the environment variables keep their flat RAG_* names, flags and keyword overrides stay
flat, each part gets its group whole, and the README's settings table names only variables that exist."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rag.settings import GROUPS, RetrievalSettings, Settings

README = Path(__file__).resolve().parents[2] / "README.md"


def test_flat_environment_names_fill_the_groups(monkeypatch):
    monkeypatch.setenv("RAG_TOP_K", "7")
    monkeypatch.setenv("RAG_ANSWER_EXCERPTS", "false")
    monkeypatch.setenv("RAG_ALLOWED_HOSTS", "a.example, b.example")
    monkeypatch.setenv("RAG_UI_INGEST_ROOTS", "/srv/a:/srv/b")
    monkeypatch.setenv("RAG_LLM_BASE_URL", "  ")
    s = Settings()
    assert s.retrieval.top_k == 7 and s.top_k == 7
    assert s.answer.answer_excerpts is False
    assert s.api.allowed_hosts == ["a.example", "b.example"]
    assert s.ui.ui_ingest_roots == [Path("/srv/a"), Path("/srv/b")]
    assert s.answer.llm_base_url is None


def test_overrides_beat_the_environment_and_stay_flat(monkeypatch, tmp_path):
    monkeypatch.setenv("RAG_TOP_K", "7")
    s = Settings(top_k=3)
    assert s.retrieval.top_k == 3
    o = s.with_overrides(top_k=9, fetch_max_mb=0.2, data_dir=tmp_path, collection=None)
    assert (o.retrieval.top_k, o.fetch.fetch_max_bytes, o.data_dir, o.collection) == (9, 200_000, tmp_path, "chunks")
    assert s.retrieval.top_k == 3  # a copy


def test_flat_assignment_reaches_the_group_a_part_holds():
    s = Settings()
    held = s.retrieval  # what HybridRetriever keeps
    s.recency_weight = 0.1
    assert held.recency_weight == 0.1
    with pytest.raises(ValueError):
        s.top_k = 0  # validated as before


def test_every_field_is_in_one_group():
    names = [f for model in GROUPS.values() for f in model.model_fields]
    assert len(names) == len(set(names))
    assert not set(names) & set(Settings.model_fields)
    assert isinstance(Settings().retrieval, RetrievalSettings)


def test_readme_table_names_real_settings():
    table = README.read_text(encoding="utf-8").split("## Settings", 1)[1].split("\n## ", 1)[0]
    named = {v.lower() for v in re.findall(r"`RAG_([A-Z_]+)`", table)}
    fields = set(Settings.model_fields) | {f for model in GROUPS.values() for f in model.model_fields}
    assert named and named <= fields, named - fields


def test_product_code_reads_groups_not_flat_names():
    """Under the test suite (tests/conftest.py sets FLAT_READS.fail) a flat read from a product module raises,
    naming the group read; users' code (this test, the bench scripts) keeps the flat pass-through."""
    from rag.settings import FLAT_READS, FlatSettingRead

    assert FLAT_READS.fail, "tests/conftest.py turns flat reads from product code into failures"
    s = Settings(top_k=4)
    assert s.top_k == 4  # not a product module: allowed
    root = Path(__file__).resolve().parents[2]
    product = compile("s.top_k", str(root / "rag" / "retrieval" / "retrieve.py"), "eval")
    with pytest.raises(FlatSettingRead, match=r"settings\.retrieval\.top_k"):
        eval(product, {"s": s})
    assignment = compile("setattr(s, 'top_k', 3)", str(root / "ui" / "app.py"), "eval")
    with pytest.raises(FlatSettingRead):
        eval(assignment, {"s": s})
    assert eval(compile("s.retrieval.top_k", str(root / "rag" / "retrieval" / "retrieve.py"), "eval"), {"s": s}) == 4
