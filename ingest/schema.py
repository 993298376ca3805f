"""The chunk metadata layout: the one place that knows which keys a stored chunk carries and what they mean.

Ingest writes it (`chunk_metadata`), the store and the retriever read it (`ChunkMeta.from_stored`); nothing else
spells a key. A document has two places it came from, kept apart: ``path`` (the local file, ``path#locator`` for
one article of a .jsonl; what pruning and reindexing walk) and ``url`` (the web address it was published at, from
a fetch, a feed or the file's front matter). ``source`` is what a person is shown: the URL when there is one,
else the path. Stores written before ``path`` existed (schema 1 without it) read ``path`` from ``source`` when that
is not a URL.
"""

from __future__ import annotations

from dataclasses import dataclass

# Bump when the meaning of stored metadata changes incompatibly; the store refuses other versions (`rag reindex`).
SCHEMA_VERSION = 1

DOC_ID, FINGERPRINT, CHUNK_INDEX, N_CHUNKS = "doc_id", "fingerprint", "chunk_index", "n_chunks"
START, END = "start", "end"
SOURCE, PATH, URL = "source", "path", "url"
TITLE, DATE, AUTHOR = "title", "date", "author"
FEED = "feed"  # the followed feed (its URL) a document came from; absent for files and pages
DAY = "day"  # publication day as the number YYYYMMDD: Chroma's where-filters compare numbers only
PAGE = "page"  # PDFs and multi-page scans: the 1-based page the chunk lies on (absent elsewhere and in older stores)


def day_number(date: str | None) -> int | None:
    """'2025-10-09…' → 20251009; None when the date is missing or not ISO-like."""
    if not date or len(date) < 10 or date[4] != "-" or date[7] != "-":
        return None
    try:
        return int(date[:4]) * 10000 + int(date[5:7]) * 100 + int(date[8:10])
    except ValueError:
        return None


def is_url(s: str | None) -> bool:
    return bool(s) and s.split(":", 1)[0].lower() in ("http", "https")


def file_part(path: str) -> str:
    """The file of a ``path#locator`` (one article of a .jsonl)."""
    return path.split("#", 1)[0]


def chunk_metadata(*, doc_id: str, fingerprint: str, index: int, n_chunks: int, start: int, end: int,
                   path: str | None, url: str | None, title: str, date: str | None,
                   author: str | None, feed: str | None = None, page: int | None = None) -> dict:
    """Metadata stored with one chunk (Chroma cannot hold None: missing values are left out)."""
    meta = {
        DOC_ID: doc_id, FINGERPRINT: fingerprint, CHUNK_INDEX: index, N_CHUNKS: n_chunks, START: start, END: end,
        SOURCE: url or path, PATH: path, URL: url, TITLE: title, DATE: date, AUTHOR: author, DAY: day_number(date),
        FEED: feed, PAGE: page,
    }
    return {k: v for k, v in meta.items() if v is not None}


@dataclass(frozen=True)
class ChunkMeta:
    """A stored chunk's metadata, typed."""

    doc_id: str
    fingerprint: str = ""
    index: int = 0
    n_chunks: int = -1
    start: int = 0
    end: int | None = None
    source: str = ""
    path: str | None = None
    url: str | None = None
    title: str = ""
    date: str | None = None
    author: str | None = None
    day: int | None = None
    page: int | None = None

    @classmethod
    def from_stored(cls, m: dict) -> "ChunkMeta":
        source = m.get(SOURCE, "")
        path = m.get(PATH) or (None if is_url(source) else source or None)
        url = m.get(URL) or (source if is_url(source) else None)
        end = m.get(END)
        return cls(doc_id=m.get(DOC_ID, ""), fingerprint=m.get(FINGERPRINT, ""), index=int(m.get(CHUNK_INDEX, 0)),
                   n_chunks=int(m.get(N_CHUNKS, -1)), start=int(m.get(START, 0)),
                   end=int(end) if end is not None else None, source=source, path=path, url=url,
                   title=m.get(TITLE, ""), date=m.get(DATE), author=m.get(AUTHOR), day=m.get(DAY),
                   page=int(m[PAGE]) if m.get(PAGE) is not None else None)
