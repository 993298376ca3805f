"""A dated store for end-to-end ranking tests: articles (day, id, title, text) written as one JSONL wire file and
ingested into a fresh Assistant (real Chroma, the shared real embedder, extractive answers)."""

from __future__ import annotations

import json


def wire_assistant(root, embedder, articles):
    from rag import Assistant

    lines = [json.dumps({"id": doc_id, "title": title, "date": day, "text": text})
             for day, doc_id, title, text in articles]
    (root / "wire.jsonl").write_text("\n".join(lines) + "\n")
    a = Assistant(data_dir=root / "data", embedder=embedder, answerer="extractive")
    assert not a.ingest([root / "wire.jsonl"]).failed
    return a


def ids(passages):
    """The article ids of passages, in order."""
    return [p.source.rsplit("#", 1)[1] for p in passages]
