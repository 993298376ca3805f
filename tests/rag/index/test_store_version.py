"""A long-running Assistant (as in `rag serve`) over the embedded store finds documents another process ingested,
without a restart."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import ROOT


def test_documents_ingested_by_another_process_are_searchable(make_assistant, tmp_path, embedder):
    data = tmp_path / "data"
    first = tmp_path / "first.md"
    first.write_text("# Harbour\n\nThe Port Arlen harbour authority reopened the north quay on Friday.")
    a = make_assistant(data)
    a.ingest([first])
    assert a.search("north quay harbour")  # the store and its vector index are open in this process

    second = tmp_path / "second.md"
    second.write_text("# Orchard\n\nThe Lindqvist orchard cooperative sold its pear harvest to a cider maker.")
    env = {**os.environ, "RAG_DATA_DIR": str(data), "RAG_ANSWERER": "extractive"}
    out = subprocess.run([sys.executable, "-m", "rag.cli.main", "ingest", str(second)], env=env, cwd=ROOT,
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr

    hits = a.search("Who bought the orchard cooperative's pear harvest?")
    assert hits[0].title == "Orchard"
    # The dense side sees it too (Chroma reopened), not only the shared keyword index.
    q = embedder.encode_queries(["pear harvest cider maker"])[0]
    assert any(c.metadata["title"] == "Orchard" for c in a.store.query(q, 2))
