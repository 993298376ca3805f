"""A timeline from start to end: the days asked about, the evidence (rag/timeline/gather.py), the lines
(rag/timeline/lines.py), and a note when there is nothing to show."""

from __future__ import annotations

from datetime import date

from rag.retrieval.recency import as_day
from rag.retrieval.timeframe import find_timeframe, strip_timeframe
from rag.timeline.types import Timeline
from rag.timeline.gather import first_chunks, gather
from rag.timeline.lines import build_lines


def period(topic: str, today: date, since, until) -> tuple[str, date | None, date]:
    """The story's words and its days: ``since``/``until`` when given (never past ``today``), else a date in the
    topic ("… in October"), else everything up to ``today``."""
    lo = as_day(since) if since is not None else None
    hi = min(as_day(until), today) if until is not None else today
    tf = find_timeframe(topic, today) if topic else None
    if tf is not None and since is None and until is None:
        return strip_timeframe(topic, tf), tf.start, min(tf.end or today, today)
    return topic, lo, hi


def build_timeline(retriever, store, embedder, settings, topic: str, *, today=None, since=None, until=None,
                   doc_ids: list[str] | None = None) -> Timeline:
    day = as_day(today)
    q, lo, hi = period(topic, day, since, until)
    out = Timeline(topic=q, today=day.isoformat(), since=lo.isoformat() if lo else None, until=hi.isoformat())
    if not q or not any(ch.isalnum() for ch in q):
        out.note = "Please name the story in words."
        return out
    if lo is not None and lo > hi:
        out.note = f"Nothing to show: {lo} is after {hi}."
        return out
    pool = gather(retriever, q, lo, hi, settings, doc_ids)
    leads = first_chunks(store, sorted({d for p in pool for d in [p.doc_id, *(o.doc_id for o in p.also)]}))
    out.lines = build_lines(pool, leads, q, embedder.encode_documents, settings)
    if not out.lines:
        span = f"from {lo} to {hi}" if lo else f"up to {hi}"
        out.note = f"No dated reports about {q} were found {span}."
    return out
