"""Evidence for a timeline: passages about the story from every part of the period, not the top 5 of one moment.

One search over the whole period finds the story and how relevant its best passage is; the period (from the
story's first relevant report, or ``since``, to ``until``) is then cut into slices and searched slice by slice with
a hard date filter, so a week with one report still contributes it when other weeks have ten better ones. Passages
well below the best one's dense cosine (``timeline_relevance`` of it) are other stories and are left out. Wire
copies found in different slices' searches are collapsed again over the whole pool (rag/retrieval/dedup.py).
"""

from __future__ import annotations

from datetime import date, timedelta

from ingest.schema import CHUNK_INDEX, DOC_ID
from rag.retrieval.dedup import collapse_near_duplicates
from rag.retrieval.retrieve import SearchFilter, to_passage
from rag.types import Passage


def _day(p: Passage) -> date | None:
    try:
        return date.fromisoformat((p.date or "")[:10])
    except ValueError:
        return None


def slices(lo: date, hi: date, n: int) -> list[tuple[date, date]]:
    """``[lo, hi]`` cut into at most ``n`` consecutive, non-empty day ranges."""
    days = (hi - lo).days + 1
    n = max(1, min(n, days))
    cuts = [lo + timedelta(days=round(i * days / n)) for i in range(n + 1)]
    return [(cuts[i], cuts[i + 1] - timedelta(days=1)) for i in range(n) if cuts[i + 1] > cuts[i]]


class _OneQuery:
    """The embedder, with the topic's query vector computed once for all the slices' searches (each search would
    encode it again: 9 encodings of one query were 6.1 of 7.5 s on a loaded 2-core machine)."""

    def __init__(self, embedder):
        self._embedder = embedder
        self._memo: dict[str, object] = {}

    def encode_queries(self, texts):
        import numpy as np

        missing = [t for t in texts if t not in self._memo]
        if missing:
            self._memo.update(zip(missing, self._embedder.encode_queries(missing)))
        return np.stack([self._memo[t] for t in texts])

    def __getattr__(self, name):
        return getattr(self._embedder, name)


def one_query_retriever(retriever):
    """A retriever over the same store and index whose query embeddings are computed once per text."""
    from rag.retrieval.retrieve import HybridRetriever

    return HybridRetriever(retriever.settings, retriever.store, retriever.keywords, _OneQuery(retriever.embedder))


def gather(retriever, topic: str, since: date | None, until: date, settings,
           doc_ids: list[str] | None = None) -> list[Passage]:
    """Dated passages about ``topic`` published from ``since`` (or the story's start) to ``until``, best first."""
    s = settings
    retriever = one_query_retriever(retriever)
    whole = retriever.search(topic, s.timeline.timeline_probe_k, SearchFilter(doc_ids=doc_ids, date_from=since, date_to=until))
    whole = [p for p in whole if _day(p) is not None]
    if not whole:
        return []
    best = max(p.dense_score or 0.0 for p in whole)
    floor = max(s.answer.refusal_threshold, best * s.timeline.timeline_relevance)
    relevant = [p for p in whole if (p.dense_score or 0.0) >= floor]
    if not relevant:
        return []
    lo = since or min(_day(p) for p in relevant)
    pool = {p.chunk_id: p for p in relevant}
    for a, b in slices(lo, until, s.timeline.timeline_slices):
        for p in retriever.search(topic, s.timeline.timeline_slice_k, SearchFilter(doc_ids=doc_ids, date_from=a, date_to=b)):
            if (p.dense_score or 0.0) >= floor and _day(p) is not None:
                pool.setdefault(p.chunk_id, p)
    return _collapse(sorted(pool.values(), key=lambda p: p.score, reverse=True), s.retrieval.dedup_threshold)


def _collapse(passages: list[Passage], threshold: float) -> list[Passage]:
    """Wire copies merged across the slices' searches, keeping the copies each search had already merged."""
    inner = {p.chunk_id: list(p.also) for p in passages}
    kept = collapse_near_duplicates(passages, threshold)
    for p in kept:
        for o in list(p.also):
            for extra in inner.get(o.chunk_id, []):
                if extra.doc_id != p.doc_id and all(x.doc_id != extra.doc_id for x in p.also):
                    p.also.append(extra)
    return kept


def first_chunks(store, doc_ids: list[str]) -> dict[str, Passage]:
    """Each document's first chunk (its lead), in one store read."""
    if not doc_ids:
        return {}
    where = {"$and": [{DOC_ID: {"$in": list(doc_ids)}}, {CHUNK_INDEX: 0}]}
    return {p.doc_id: p for p in (to_passage(ch, 0.0, None, None) for ch in store.iter_chunks(where=where))}
