"""The document library: one row per stored document in the keyword index's SQLite file, paged on the server.

Listing documents from Chroma means reading every chunk's metadata (``ChunkStore.doc_states``): 11 s for the
browser's unpaged table at 600 documents on 2 busy cores, and it grows with the store. This table is written in
the same transaction as the chunks' keyword rows (``KeywordIndex.upsert`` / deletes), so it never disagrees with
the keyword index, and the repair that keeps that index equal to Chroma (rag/index/keyword_sync.py) repairs it too.

A page is one indexed query: newest first (publication day, then when it was stored), filtered by a substring of
title or shown source, publication days and feed. bench/library_scale.py measures it at 1k, 10k and 100k
documents (bench/README.md): a page of 50 in about a millisecond unfiltered, a title search under 100 ms at 100k.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from pathlib import PurePath

from ingest.schema import FEED, ChunkMeta, file_part, is_url

MAX_LIMIT = 500  # rows a page may ask for: a page is for people and scripts that page on

SCHEMA = """
CREATE TABLE IF NOT EXISTS document(
    doc_id TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, chunks INTEGER NOT NULL, title TEXT NOT NULL,
    source TEXT NOT NULL, path TEXT, url TEXT, date TEXT, author TEXT, feed TEXT, added REAL NOT NULL,
    search TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS document_newest ON document(date DESC, added DESC);
CREATE INDEX IF NOT EXISTS document_feed ON document(feed, date DESC, added DESC);
"""


def display_name(source: str | None, url: str | None = None) -> str:
    """What a browser user is shown for where a document came from: its URL, or its file's name (with the
    article's locator for one article of a .jsonl), never the server's folders."""
    if url:
        return url
    if not source:
        return ""
    if is_url(source):
        return source
    base = file_part(source)
    return PurePath(base).name + source[len(base):]


@dataclass
class LibraryQuery:
    """One page of the library. ``q``: a substring of the title or shown source (case-insensitive);
    ``date_from``/``date_to``: publication days (YYYY-MM-DD, inclusive; undated documents are left out when
    either is set); ``feed``: documents that came from this followed feed's URL."""

    q: str = ""
    date_from: str | None = None
    date_to: str | None = None
    feed: str | None = None
    limit: int = 50
    offset: int = 0

    def __post_init__(self):
        if not 1 <= int(self.limit) <= MAX_LIMIT:
            raise ValueError(f"limit must be 1 to {MAX_LIMIT}, not {self.limit}")
        if int(self.offset) < 0:
            raise ValueError(f"offset must be 0 or more, not {self.offset}")
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise ValueError(f"date_from {self.date_from} is after date_to {self.date_to}")
        self.limit, self.offset, self.q = int(self.limit), int(self.offset), (self.q or "").strip()

    def where(self) -> tuple[str, list]:
        parts, args = [], []
        if self.q:
            escaped = self.q.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            parts.append("search LIKE ? ESCAPE '\\'")
            args.append(f"%{escaped}%")
        if self.date_from:
            parts.append("date >= ?")
            args.append(self.date_from)
        if self.date_to:
            parts.append("date <= ?")
            args.append(self.date_to + "\uffff")  # a stored date may carry a time after the day
        if self.feed:
            parts.append("feed = ?")
            args.append(self.feed)
        return (" WHERE " + " AND ".join(parts)) if parts else "", args


@dataclass
class LibraryEntry:
    """One stored document as the library shows it. ``source`` is the full path or URL (CLI, operators);
    ``name`` is what browser users see (``display_name``)."""

    doc_id: str
    title: str
    source: str
    name: str
    chunks: int
    date: str | None = None
    author: str | None = None
    path: str | None = None
    url: str | None = None
    feed: str | None = None
    added: float = 0.0
    fingerprint: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class LibraryPage:
    entries: list[LibraryEntry] = field(default_factory=list)
    total: int = 0  # documents matching the query
    offset: int = 0
    limit: int = 50
    documents: int = 0  # documents stored, whatever the query
    chunks: int = 0  # chunks stored

    @property
    def has_more(self) -> bool:
        return self.offset + len(self.entries) < self.total

    def to_dict(self) -> dict:
        return {"object": "list", "data": [e.to_dict() for e in self.entries], "total": self.total,
                "offset": self.offset, "limit": self.limit, "has_more": self.has_more,
                "documents": self.documents, "chunks": self.chunks}


_COLUMNS = "doc_id, title, source, chunks, date, author, path, url, feed, added, fingerprint"


def _entry(row) -> LibraryEntry:
    doc_id, title, source, chunks, date, author, path, url, feed, added, fp = row
    return LibraryEntry(doc_id, title, source, display_name(source, url), chunks, date, author, path, url, feed,
                        added, fp)


def page(db, query: LibraryQuery) -> LibraryPage:
    where, args = query.where()
    rows = db.execute(f"SELECT {_COLUMNS} FROM document{where} ORDER BY date DESC, added DESC LIMIT ? OFFSET ?",
                      [*args, query.limit, query.offset]).fetchall()
    total = db.execute(f"SELECT count(*) FROM document{where}", args).fetchone()[0]
    documents = total if not where else db.execute("SELECT count(*) FROM document").fetchone()[0]
    chunks = db.execute("SELECT coalesce(sum(chunks), 0) FROM document").fetchone()[0]
    return LibraryPage([_entry(r) for r in rows], total, query.offset, query.limit, documents, chunks)


def entries(db, doc_ids) -> dict[str, LibraryEntry]:
    ids = list(dict.fromkeys(doc_ids))
    out: dict[str, LibraryEntry] = {}
    for i in range(0, len(ids), 500):
        part = ids[i:i + 500]
        marks = ",".join("?" * len(part))
        out.update((r[0], _entry(r)) for r in db.execute(
            f"SELECT {_COLUMNS} FROM document WHERE doc_id IN ({marks})", part))
    return out


def _row(m: ChunkMeta, chunks: int, feed: str | None, now: float) -> tuple:
    search = f"{m.title} {display_name(m.source, m.url)}".lower()
    return (m.doc_id, m.fingerprint, chunks, m.title or "", m.source or "", m.path, m.url, m.date, m.author, feed,
            now, search)


def upsert(db, metadatas: list[dict]) -> None:
    """Record the documents these chunks belong to (inside the caller's transaction). A new version replaces the
    row's fields; ``added`` stays when the document was already stored."""
    now = time.time()
    seen: dict[str, tuple] = {}
    for raw in metadatas:
        m = ChunkMeta.from_stored(raw)
        if m.doc_id and m.doc_id not in seen:
            seen[m.doc_id] = _row(m, max(m.n_chunks, 0), raw.get(FEED), now)
    db.executemany(
        "INSERT INTO document(doc_id, fingerprint, chunks, title, source, path, url, date, author, feed, added, "
        "search) VALUES(?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(doc_id) DO UPDATE SET fingerprint=excluded.fingerprint, "
        "chunks=excluded.chunks, title=excluded.title, source=excluded.source, path=excluded.path, url=excluded.url, "
        "date=excluded.date, author=excluded.author, feed=coalesce(excluded.feed, document.feed), "
        "search=excluded.search", list(seen.values()))
