"""Baseline for bench/ingest_incremental.py: the keyword index as it was up to commit 44c6fb4 (rag/bm25.py),
rebuilt from every chunk in the store after each ingest. Kept verbatim so old vs new run in one process.

Original docstring: llama-index's BM25Retriever (bm25s underneath), built from the store.

Built at ingest time and persisted next to the store with a manifest of the chunk ids it covers, so queries
never rebuild it and a stale index (crash between the Chroma write and the rebuild, another client writing to
a shared Chroma server) is detected by comparing the manifest with the store and rebuilt once.
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

MANIFEST = "manifest.json"
INDEX_VERSION = 1


@dataclass
class KeywordHit:
    chunk_id: str
    score: float
    metadata: dict


def ids_digest(ids: list[str]) -> str:
    h = hashlib.sha256()
    for i in sorted(ids):
        h.update(i.encode())
        h.update(b"\n")
    return h.hexdigest()


class KeywordIndex:
    def __init__(self, directory: Path):
        self.directory = directory
        self._retriever = None
        self._manifest: dict | None = None
        self._lock = threading.Lock()

    # --- state

    def manifest(self) -> dict | None:
        if self._manifest is None:
            try:
                self._manifest = json.loads((self.directory / MANIFEST).read_text())
            except (OSError, ValueError):
                return None
        return self._manifest

    def matches(self, count: int, digest: str | None = None) -> bool:
        m = self.manifest()
        if not m or m.get("version") != INDEX_VERSION or m.get("count") != count:
            return False
        return digest is None or m.get("digest") == digest

    # --- build

    def rebuild(self, chunks) -> None:
        """Build from (chunk_id, text, metadata) triples and persist atomically (write aside, then swap)."""
        from llama_index.core.schema import TextNode

        nodes = [TextNode(id_=cid, text=text, metadata={k: v for k, v in meta.items() if k in _KEEP})
                 for cid, text, meta in chunks]
        # Metadata stays out of the keyword text (BM25 over the passage itself).
        for n in nodes:
            n.excluded_embed_metadata_keys = list(n.metadata)
            n.excluded_llm_metadata_keys = list(n.metadata)
        manifest = {"version": INDEX_VERSION, "count": len(nodes), "digest": ids_digest([n.id_ for n in nodes])}
        tmp = self.directory.with_name(self.directory.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        if nodes:
            retriever = _build(nodes)
            retriever.persist(str(tmp))
        else:
            retriever = None
        (tmp / MANIFEST).write_text(json.dumps(manifest))
        with self._lock:
            old = self.directory.with_name(self.directory.name + ".old")
            shutil.rmtree(old, ignore_errors=True)
            if self.directory.exists():
                self.directory.rename(old)
            tmp.rename(self.directory)
            shutil.rmtree(old, ignore_errors=True)
            self._retriever = retriever
            self._manifest = manifest
        log.info("BM25 index rebuilt over %d chunks", len(nodes))

    # --- query

    def _load(self):
        if self._retriever is None:
            with self._lock:
                if self._retriever is None and (self.directory / "retriever.json").exists():
                    from llama_index.retrievers.bm25 import BM25Retriever

                    self._retriever = BM25Retriever.from_persist_dir(str(self.directory))
        return self._retriever

    def idf(self, terms) -> dict[str, float]:
        """BM25-style idf of already stemmed terms over the indexed chunks (unknown terms get the highest)."""
        import math

        retriever = self._load()
        terms = list(terms)
        if retriever is None:
            return {t: 1.0 for t in terms}
        bm = retriever.bm25
        n = int(bm.scores.get("num_docs", 0))
        indptr, vocab = bm.scores["indptr"], bm.vocab_dict
        out = {}
        for t in terms:
            i = vocab.get(t)
            # The index is column-compressed by term: a term's document frequency is its column length.
            df = int(indptr[i + 1] - indptr[i]) if i is not None and i + 1 < len(indptr) else 0
            out[t] = math.log(1 + n / (df + 0.5))
        return out

    def search(self, query: str, k: int) -> list[KeywordHit]:
        retriever = self._load()
        if retriever is None or not query.strip():
            return []
        import bm25s

        tokens = bm25s.tokenize(query, stemmer=retriever.stemmer, token_pattern=retriever.token_pattern,
                                show_progress=False)
        if not tokens.vocab:
            return []
        n = int(retriever.bm25.scores.get("num_docs", 0))
        # Query bm25s directly (not .retrieve) so k can vary per call without mutating shared state.
        docs, scores = retriever.bm25.retrieve(tokens, k=min(k, n), show_progress=False, n_threads=1)
        hits = []
        for idx, score in zip(docs[0], scores[0]):
            if score <= 0:
                continue
            entry = idx if isinstance(idx, dict) else retriever.corpus[int(idx)]
            node_id = entry.get("node_id") or entry.get("id_")
            meta = {k: v for k, v in entry.items() if k in _KEEP}
            hits.append(KeywordHit(node_id, float(score), meta))
        return hits


_KEEP = {"doc_id"}


def _build(nodes):
    import Stemmer
    from llama_index.retrievers.bm25 import BM25Retriever

    return BM25Retriever.from_defaults(nodes=nodes, stemmer=Stemmer.Stemmer("english"), language="english",
                                      similarity_top_k=min(10, len(nodes)))
