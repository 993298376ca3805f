"""Hybrid retrieval: dense (Chroma) and BM25 lists fused by weighted reciprocal rank fusion, then the top
``rerank_depth`` candidates re-ranked by dense cosine plus best-sentence term coverage (rag/retrieval/rerank.py); in a dated
store, time bonuses (rag/retrieval/recency.py) and then the first ``evidence_depth`` judged as answers (rag/retrieval/evidence.py:
previews pay for speculating, the latest report of a story gains).

Fusion is a few lines written here rather than llama-index's QueryFusionRetriever, which needs an LLM object even
for one query and does not expose per-list scores; the refusal gate and the answerers need the dense cosine.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

import numpy as np

from ingest.schema import DAY, DOC_ID, ChunkMeta, day_number
from rag.retrieval.dedup import collapse_near_duplicates
from rag.index.keywords import KeywordIndex
from rag.retrieval.recency import When, from_day_number, time_bonuses
from rag.settings import RetrievalSettings
from rag.index.store import ChunkStore, StoredChunk
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
            clauses.append({DOC_ID: {"$in": list(self.doc_ids)}})
        lo, hi = day_number(_iso(self.date_from)), day_number(_iso(self.date_to))
        if lo is not None:
            clauses.append({DAY: {"$gte": lo}})
        if hi is not None:
            clauses.append({DAY: {"$lte": hi}})
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}

    def accepts(self, meta: dict) -> bool:
        m = ChunkMeta.from_stored(meta)
        if self.doc_ids and m.doc_id not in self.doc_ids:
            return False
        lo, hi = day_number(_iso(self.date_from)), day_number(_iso(self.date_to))
        day = m.day
        if (lo is not None or hi is not None) and day is None:
            return False
        return not ((lo is not None and day < lo) or (hi is not None and day > hi))


def _iso(d: date | str | None) -> str | None:
    return d.isoformat() if isinstance(d, date) else d


def to_passage(ch: StoredChunk, score: float, dense: float | None, bm25: float | None) -> Passage:
    m = ChunkMeta.from_stored(ch.metadata)
    return Passage(chunk_id=ch.chunk_id, doc_id=m.doc_id, source=m.source, title=m.title, text=ch.text, score=score,
                   start=m.start, end=m.end if m.end is not None else m.start + len(ch.text), date=m.date,
                   author=m.author, dense_score=dense, bm25_score=bm25, path=m.path, url=m.url,
                   page=m.page)


class HybridRetriever:
    def __init__(self, settings: RetrievalSettings, store: ChunkStore, keywords: KeywordIndex, embedder):
        self.settings = settings  # the retrieval group, read at every search (bench scripts tune it in place)
        self.store = store
        self.keywords = keywords
        self.embedder = embedder
        self._dated: tuple[int, bool] | None = None  # (store count, has dated chunks)
        self._meta_cache: dict[str, dict] = {}  # chunk ids are content-addressed: their metadata never changes

    def has_dates(self) -> bool:
        """Whether any stored chunk has a publication day (checked again whenever the chunk count changes)."""
        count = self.store.count()
        if self._dated is None or self._dated[0] != count:
            self._dated = (count, count > 0 and self.store.any_match({DAY: {"$gte": 0}}))
        return self._dated[1]

    def window_has_chunks(self, when: When, flt: SearchFilter | None) -> bool:
        return self.store.any_match(when.window_where(flt.where() if flt else None))

    def search(self, question: str, top_k: int | None = None, flt: SearchFilter | None = None,
               when: When | None = None) -> list[Passage]:
        """The top_k passages: fuse the dense and keyword lists → re-rank → time bonuses → answer evidence →
        collapse copies. ``when`` (asking date, window) applies only to a store with dates: a store without any
        ranks exactly as it did before dates existed."""
        s = self.settings
        k = top_k or s.top_k
        q = self.embedder.encode_queries([question])[0]
        if when is not None and not self.has_dates():
            when = None
        dense, kw = self._ranked_lists(question, q, max(s.candidates, k), flt, when)
        score = self._fuse(dense, kw)
        pool = sorted(score, key=score.__getitem__, reverse=True)
        n = max(k, s.rerank_depth)
        pool = pool[:n] + self._inside_window(pool[n:], max(1, n // 2), when)
        by_id, dense_cos = self._chunks(q, pool, dense)
        pool = [cid for cid in pool if cid in by_id]
        if s.rerank_depth > 0 and len(pool) > 1:
            score = self._rerank(question, pool, by_id, dense_cos)
        if when is not None:
            score = self._add_time_bonuses(pool, by_id, score, when)
        if when is not None and s.evidence_depth > 0 and len(pool) > 1:
            score = self._judge_evidence(question, pool, by_id, score, when)
        kw_score = {h.chunk_id: h.score for h in kw}
        passages = [to_passage(by_id[cid], score[cid], dense_cos.get(cid), kw_score.get(cid)) for cid in pool]
        return collapse_near_duplicates(passages, s.dedup_threshold)[:k]

    def _ranked_lists(self, question: str, q, depth: int, flt: SearchFilter | None, when: When | None):
        """The dense and the keyword ranked lists, each ``depth`` long (plus window candidates beyond it)."""
        where = flt.where() if flt else None
        dense = self._dense(q, depth, where, when)
        # BM25 cannot filter inside the index: over-fetch and filter afterwards.
        kw = self.keywords.search(question, depth * (5 if where or when else 1))
        if where is not None or when is not None:
            kw = self._filter_hits(kw, {d.chunk_id for d in dense}, flt, when)
        extra = set(self._inside_window([h.chunk_id for h in kw[depth:]], depth // 2, when))
        return dense, kw[:depth] + [h for h in kw[depth:] if h.chunk_id in extra]

    def _fuse(self, dense: list[StoredChunk], kw) -> dict[str, float]:
        """Weighted reciprocal rank fusion of the two lists: chunk id → fused score."""
        s = self.settings
        fused: dict[str, float] = {}
        for rank, ch in enumerate(dense):
            fused[ch.chunk_id] = fused.get(ch.chunk_id, 0.0) + s.dense_weight / (s.rrf_k + rank + 1)
        for rank, h in enumerate(kw):
            fused[h.chunk_id] = fused.get(h.chunk_id, 0.0) + s.bm25_weight / (s.rrf_k + rank + 1)
        return fused

    def _chunks(self, q, pool: list[str], dense: list[StoredChunk]) -> tuple[dict[str, StoredChunk], dict[str, float]]:
        """The pool's chunks and their dense cosines; those only the keyword list found are fetched with their
        embeddings."""
        by_id = {ch.chunk_id: ch for ch in dense}
        dense_cos = {ch.chunk_id: 1.0 - float(ch.distance) for ch in dense if ch.distance is not None}
        missing = [cid for cid in pool if cid not in by_id]
        if missing:
            for ch, emb in self.store.get_with_embeddings(missing):
                by_id[ch.chunk_id] = ch
                dense_cos[ch.chunk_id] = float(np.dot(q, np.asarray(emb, dtype=np.float32)))
        return by_id, dense_cos

    def _rerank(self, question: str, pool: list[str], by_id: dict[str, StoredChunk],
                dense_cos: dict[str, float]) -> dict[str, float]:
        """The second stage (rag/retrieval/rerank.py): new scores, ``pool`` re-sorted in place."""
        from rag.retrieval.rerank import rerank_scores

        s = self.settings
        vals = rerank_scores(question, [by_id[c].text for c in pool], [dense_cos.get(c, 0.0) for c in pool],
                             self.keywords.idf, s.rerank_dense_weight, s.rerank_sentence_weight, s.rerank_chunk_weight)
        score = dict(zip(pool, vals))
        pool.sort(key=score.__getitem__, reverse=True)
        return score

    def _add_time_bonuses(self, pool: list[str], by_id: dict[str, StoredChunk], score: dict[str, float],
                          when: When) -> dict[str, float]:
        """Recency and window bonuses (rag/retrieval/recency.py) added; ``pool`` re-sorted in place."""
        score = dict(score)
        for cid, b in zip(pool, time_bonuses([by_id[c].metadata.get(DAY) for c in pool], when, self.settings)):
            score[cid] += b
        pool.sort(key=score.__getitem__, reverse=True)
        return score

    def _judge_evidence(self, question: str, pool: list[str], by_id: dict[str, StoredChunk], score: dict[str, float],
                        when: When) -> dict[str, float]:
        """The answer-evidence stage (rag/retrieval/evidence.py) on the first ``evidence_depth`` of ``pool``, re-sorted in
        place. Dated stores only: on squad (undated) the speculation cost took hit@1 from 0.916 to 0.908 (an
        encyclopedia's "may" and "can" are not previews), so a store without dates ranks as before."""
        from rag.retrieval.evidence import hedge_costs, newest_bonuses

        s = self.settings
        head = pool[: s.evidence_depth]
        metas = [ChunkMeta.from_stored(by_id[c].metadata) for c in head]
        texts = [by_id[c].text for c in head]
        adjust = [-c for c in hedge_costs(question, texts, [m.title for m in metas], self.keywords.idf,
                                          s.evidence_hedge_weight)]
        days = [from_day_number(m.day) if m.day is not None else None for m in metas]
        inside = [d is not None and when.in_story_window(d) for d in days]
        newest = newest_bonuses(question, texts, days, inside, self.keywords.idf, s.evidence_newest_bonus,
                                s.evidence_story_coverage)
        adjust = [a + b for a, b in zip(adjust, newest)]
        if not any(adjust):
            return score
        score = dict(score)
        for cid, a in zip(head, adjust):
            score[cid] += a
        pool[: len(head)] = sorted(head, key=score.__getitem__, reverse=True)
        return score

    def _inside_window(self, ids: list[str], n: int, when: When | None) -> list[str]:
        """The first ``n`` of ``ids`` dated inside the window: candidates a list's depth left out that are kept
        anyway, so the window's evidence can tip the ranking."""
        if when is None or when.window is None or not ids:
            return []
        metas = self._metadata(ids)
        return [c for c in ids if c in metas and when.in_window(metas[c].get(DAY))][:n]

    def _dense(self, q, depth: int, where: dict | None, when: When | None) -> list[StoredChunk]:
        """The dense ranked list. Without ``when``: one query, as always. With it: chunks dated after the asking
        date are left out inside Chroma, so an early asking date in a store of later news still gets a full list;
        undated chunks stay in (a second, unfiltered query); a question's window gets a list of its own, merged in,
        so its articles are candidates even when the whole period has many better matches.

        (A third list of the last 14 days' best candidates was tried and dropped: hit@1 0.896 with or without it
        on the news set, one Chroma query more per search.)"""
        if when is None:
            return self.store.query(q, depth, where=where)
        lists = [self.store.query(q, depth, where=when.where(where)),
                 [c for c in self.store.query(q, depth, where=where) if when.accepts_day(c.metadata.get(DAY))]]
        if when.window is not None:
            lists.append(self.store.query(q, depth, where=when.window_where(where)))
        merged = {c.chunk_id: c for lst in lists for c in lst}
        ranked = sorted(merged.values(), key=lambda c: c.distance if c.distance is not None else 2.0)
        if when.window is None:
            return ranked[:depth]
        # the window's own best stay in even when the whole period fills the depth
        keep = {c.chunk_id for c in lists[-1]}
        top = ranked[:depth]
        return top + [c for c in ranked[depth:] if c.chunk_id in keep]

    def _filter_hits(self, hits, known: set[str], flt: SearchFilter | None, when: When | None):
        metas = self._metadata([h.chunk_id for h in hits])
        out = []
        for h in hits:
            m = metas.get(h.chunk_id)
            if m is None:
                continue
            if flt is not None and h.chunk_id not in known and not flt.accepts(m):
                continue
            if when is not None and not when.accepts_day(m.get(DAY)):
                continue
            out.append(h)
        return out

    def _metadata(self, ids: list[str]) -> dict[str, dict]:
        missing = [i for i in ids if i not in self._meta_cache]
        if missing:
            if len(self._meta_cache) > 200_000:
                self._meta_cache.clear()
            self._meta_cache.update(self.store.get_metadatas(missing))
        return {i: self._meta_cache[i] for i in ids if i in self._meta_cache}
