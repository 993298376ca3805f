"""Hybrid retrieval: dense (Chroma) and BM25 lists fused by weighted reciprocal rank fusion, then the top
``rerank_depth`` candidates re-ranked by dense cosine plus best-sentence term coverage (rag/rerank.py).

Fusion is a few lines written here rather than llama-index's QueryFusionRetriever, which needs an LLM object even
for one query and does not expose per-list scores; the refusal gate and the answerers need the dense cosine.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

import numpy as np

from ingest.sync import date_number
from rag.bm25 import KeywordIndex
from rag.settings import Settings
from rag.store import ChunkStore, StoredChunk
from rag.types import Passage

log = logging.getLogger(__name__)


@dataclass
class SearchFilter:
    """Restrict a search to some documents and/or a publication-date range (inclusive)."""

    doc_ids: list[str] | None = None
    date_from: date | str | None = None
    date_to: date | str | None = None

    def where(self) -> dict | None:
        clauses: list[dict] = []
        if self.doc_ids:
            clauses.append({"doc_id": {"$in": list(self.doc_ids)}})
        lo, hi = date_number(_iso(self.date_from)), date_number(_iso(self.date_to))
        if lo is not None:
            clauses.append({"day": {"$gte": lo}})
        if hi is not None:
            clauses.append({"day": {"$lte": hi}})
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}

    def accepts(self, meta: dict) -> bool:
        if self.doc_ids and meta.get("doc_id") not in self.doc_ids:
            return False
        lo, hi = date_number(_iso(self.date_from)), date_number(_iso(self.date_to))
        day = meta.get("day")
        if (lo is not None or hi is not None) and day is None:
            return False
        return not ((lo is not None and day < lo) or (hi is not None and day > hi))


def _iso(d: date | str | None) -> str | None:
    return d.isoformat() if isinstance(d, date) else d


def to_passage(ch: StoredChunk, score: float, dense: float | None, bm25: float | None) -> Passage:
    m = ch.metadata
    return Passage(chunk_id=ch.chunk_id, doc_id=m.get("doc_id", ""), source=m.get("source", ""),
                   title=m.get("title", ""), text=ch.text, score=score, start=int(m.get("start", 0)),
                   end=int(m.get("end", len(ch.text))), date=m.get("date"), author=m.get("author"),
                   dense_score=dense, bm25_score=bm25)


class HybridRetriever:
    def __init__(self, settings: Settings, store: ChunkStore, keywords: KeywordIndex, embedder):
        self.settings = settings
        self.store = store
        self.keywords = keywords
        self.embedder = embedder

    def search(self, question: str, top_k: int | None = None, flt: SearchFilter | None = None) -> list[Passage]:
        s = self.settings
        k = top_k or s.top_k
        depth = max(s.candidates, k)
        q = self.embedder.encode_queries([question])[0]
        where = flt.where() if flt else None
        dense = self.store.query(q, depth, where=where)
        # BM25 cannot filter inside the index: over-fetch and filter afterwards.
        kw = self.keywords.search(question, depth * (5 if where else 1))
        if flt is not None and where is not None:
            kw = [h for h in kw if h.chunk_id in {d.chunk_id for d in dense} or self._accepts(h.chunk_id, flt)]
        kw = kw[:depth]

        fused: dict[str, float] = {}
        for rank, ch in enumerate(dense):
            fused[ch.chunk_id] = fused.get(ch.chunk_id, 0.0) + s.dense_weight / (s.rrf_k + rank + 1)
        for rank, h in enumerate(kw):
            fused[h.chunk_id] = fused.get(h.chunk_id, 0.0) + s.bm25_weight / (s.rrf_k + rank + 1)
        pool = sorted(fused, key=fused.__getitem__, reverse=True)[:max(k, s.rerank_depth)]

        by_id = {ch.chunk_id: ch for ch in dense}
        dense_cos = {ch.chunk_id: 1.0 - float(ch.distance) for ch in dense if ch.distance is not None}
        kw_score = {h.chunk_id: h.score for h in kw}
        missing = [cid for cid in pool if cid not in by_id]
        if missing:
            for ch, emb in self._fetch_with_embeddings(missing):
                by_id[ch.chunk_id] = ch
                dense_cos[ch.chunk_id] = float(np.dot(q, emb))
        pool = [cid for cid in pool if cid in by_id]
        score = fused
        if s.rerank_depth > 0 and len(pool) > 1:
            from rag.rerank import rerank_scores

            vals = rerank_scores(question, [by_id[c].text for c in pool], [dense_cos.get(c, 0.0) for c in pool],
                                 self.keywords.idf, s.rerank_dense_weight, s.rerank_sentence_weight,
                                 s.rerank_chunk_weight)
            score = dict(zip(pool, vals))
            pool.sort(key=score.__getitem__, reverse=True)
        return [to_passage(by_id[cid], score[cid], dense_cos.get(cid), kw_score.get(cid)) for cid in pool[:k]]

    def _accepts(self, chunk_id: str, flt: SearchFilter) -> bool:
        got = self.store.get_chunks([chunk_id])
        return bool(got) and flt.accepts(got[0].metadata)

    def _fetch_with_embeddings(self, ids: list[str]):
        page = self.store.collection.get(ids=ids, include=["metadatas", "documents", "embeddings"])
        out = []
        for cid, t, m, e in zip(page["ids"], page["documents"], page["metadatas"], page["embeddings"]):
            out.append((StoredChunk(cid, t or "", dict(m or {})), np.asarray(e, dtype=np.float32)))
        return out
