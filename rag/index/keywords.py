"""The keyword half of hybrid retrieval: an SQLite FTS5 index updated in place, chunk by chunk.

Replaces a bm25s index rebuilt from every chunk on every ingest (cost linear in the store: 3.1 s to add one
article to 5k chunks, about a minute at 100k). FTS5 is in the standard library's sqlite3, transactional (a
kill -9 leaves the last committed state), and updates and deletes rows in place, so an ingest costs what it
changes (bench/ingest_incremental.py). Ranking is FTS5's bm25() (k1 1.2, b 0.75); recall on squad/hotpot equals
the bm25s index's within noise (bench/README.md).

Tokens are made in Python by ``rag.text.keyword_terms`` (snowball stemmer, English stopwords dropped) and stored
as a space-separated string under the ``unicode61`` tokenizer, rather than FTS5's own ``porter`` tokenizer: the
re-ranker looks up idf for terms stemmed by that snowball stemmer, and the old index used the same tokens.

Beside the FTS table, a plain table maps each row to its chunk id, document and fingerprint: that gives per-
document fingerprint counts for the cheap consistency check against Chroma (rag/index/keyword_sync.py) and in-place
deletes of one document's stale version. ``meta.version`` grows with every committed write, so a process can
tell cheaply that another one changed the store.
"""

from __future__ import annotations

import contextlib
import logging
import math
import os
import sqlite3
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ingest.schema import ChunkMeta
from rag.index import library
from rag.index.doc_states import DocStates, IndexedDoc, states_of
from rag.text import keyword_terms

log = logging.getLogger(__name__)

INDEX_VERSION = 2  # 1 was the bm25s index directory
MAX_POSTINGS = 20_000  # see KeywordIndex._bounded

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS chunk(
    id INTEGER PRIMARY KEY, chunk_id TEXT NOT NULL UNIQUE, doc_id TEXT NOT NULL, fingerprint TEXT NOT NULL,
    n_chunks INTEGER NOT NULL, source TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS chunk_doc ON chunk(doc_id, fingerprint, n_chunks, source);  -- covers docs()
CREATE VIRTUAL TABLE IF NOT EXISTS terms USING fts5(body, tokenize='unicode61 remove_diacritics 0');
CREATE VIRTUAL TABLE IF NOT EXISTS vocab USING fts5vocab(terms, 'row');
"""


@dataclass
class KeywordHit:
    chunk_id: str
    score: float
    metadata: dict


class KeywordIndex:
    """One SQLite file; one connection shared by this process's threads behind a lock (queries take ms)."""

    def __init__(self, path: Path):
        self.path = path
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.RLock()

    def _db(self) -> sqlite3.Connection:
        if self._conn is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(str(self.path), timeout=60, check_same_thread=False, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")  # readers in other processes never block the writer
            conn.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL stays consistent after a crash
            conn.execute("PRAGMA case_sensitive_like=ON")  # paths: doc_ids_under
            conn.executescript(_SCHEMA + library.SCHEMA)
            conn.execute("INSERT OR IGNORE INTO meta VALUES('version', 0)")
            conn.execute("INSERT OR IGNORE INTO meta VALUES('schema', ?)", (INDEX_VERSION,))
            # 'library' = 1 once the document table covers every stored chunk: at once for a new index, after
            # fill_library for an index written before the table existed.
            if conn.execute("SELECT NOT EXISTS(SELECT 1 FROM chunk)").fetchone()[0]:
                conn.execute("INSERT OR IGNORE INTO meta VALUES('library', 1)")
            self._conn = conn
        return self._conn

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    # --- state

    def count(self) -> int:
        with self._lock:
            return self._db().execute("SELECT count(*) FROM chunk").fetchone()[0]

    def version(self) -> int:
        """Grows with every committed write, whichever process made it."""
        return self.state()[0]

    def state(self) -> tuple[int, int]:
        """(version, process id of the last writer): tells a process whether someone else wrote."""
        with self._lock:
            rows = dict(self._db().execute("SELECT key, value FROM meta WHERE key IN ('version', 'writer')"))
        return rows.get("version", 0), rows.get("writer", 0)

    def docs(self) -> dict[str, IndexedDoc]:
        """Every document's state (a scan of the covering index; ingest uses ``states()`` instead)."""
        with self._lock:
            rows = self._db().execute(
                "SELECT doc_id, fingerprint, count(*), max(n_chunks), max(source) FROM chunk GROUP BY doc_id, fingerprint"
            ).fetchall()
        return states_of(rows)

    def doc(self, doc_id: str) -> IndexedDoc | None:
        with self._lock:
            rows = self._db().execute(
                "SELECT doc_id, fingerprint, count(*), max(n_chunks), max(source) FROM chunk WHERE doc_id=? "
                "GROUP BY fingerprint", (doc_id,)).fetchall()
        return states_of(rows).get(doc_id)

    def states(self) -> "DocStates":
        """Documents' states looked up one by one on demand: an ingest of one article into 100k chunks reads
        one document's rows, not the store's (the full scan happens only when iterated, e.g. for --prune)."""
        return DocStates(self)

    def doc_ids_under(self, roots: Iterable[str]) -> list[str]:
        """Documents whose source is one of these paths, an article of one (``path#locator``), or under one."""
        out: set[str] = set()
        with self._lock:
            db = self._db()
            for r in roots:
                esc = r.rstrip("/").replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
                out.update(x[0] for x in db.execute(
                    "SELECT DISTINCT doc_id FROM chunk WHERE source=? OR source LIKE ? ESCAPE '\\' "
                    "OR source LIKE ? ESCAPE '\\'", (r, esc + "#%", esc + "/%")))
        return sorted(out)

    def chunk_ids(self) -> set[str]:
        with self._lock:
            return {r[0] for r in self._db().execute("SELECT chunk_id FROM chunk")}

    # --- writing (each call one transaction)

    def upsert(self, ids: list[str], texts: list[str], metadatas: list[dict]) -> None:
        metas = [ChunkMeta.from_stored(m) for m in metadatas]
        # The source column is where a document lives for pruning and watching: its file, else its URL.
        rows = [(cid, m.doc_id, m.fingerprint, m.n_chunks, m.path or m.source, " ".join(keyword_terms(t)))
                for cid, t, m in zip(ids, texts, metas)]
        with self._lock, self._transaction() as db:
            library.upsert(db, metadatas)
            for cid, doc_id, fp, n, source, body in rows:
                rowid = db.execute(
                    "INSERT INTO chunk(chunk_id, doc_id, fingerprint, n_chunks, source) VALUES(?,?,?,?,?) "
                    "ON CONFLICT(chunk_id) DO UPDATE SET doc_id=excluded.doc_id, fingerprint=excluded.fingerprint, "
                    "n_chunks=excluded.n_chunks, source=excluded.source RETURNING id", (cid, doc_id, fp, n, source)
                ).fetchone()[0]
                db.execute("DELETE FROM terms WHERE rowid=?", (rowid,))
                db.execute("INSERT INTO terms(rowid, body) VALUES(?, ?)", (rowid, body))

    def delete_stale(self, doc_id: str, keep_fingerprint: str) -> None:
        self._delete("doc_id=? AND fingerprint<>?", (doc_id, keep_fingerprint))

    def delete_doc(self, doc_id: str) -> None:
        self._delete("doc_id=?", (doc_id,), document=True)

    def clear(self) -> None:
        self._delete("1", (), document=True)

    def _delete(self, where: str, args: tuple, document: bool = False) -> None:
        with self._lock, self._transaction() as db:
            db.execute(f"DELETE FROM terms WHERE rowid IN (SELECT id FROM chunk WHERE {where})", args)
            db.execute(f"DELETE FROM chunk WHERE {where}", args)
            if document:  # a stale version's chunks go without the document; the whole document takes its row
                db.execute(f"DELETE FROM document WHERE {where}", args)

    # --- the document library (rag/index/library.py)

    def library_page(self, query: "library.LibraryQuery") -> "library.LibraryPage":
        with self._lock:
            return library.page(self._db(), query)

    def library_entries(self, doc_ids: Iterable[str]) -> dict[str, "library.LibraryEntry"]:
        with self._lock:
            return library.entries(self._db(), doc_ids)

    def library_missing(self) -> bool:
        """True when this index was written before the document table existed (fill it with fill_library)."""
        with self._lock:
            return self._db().execute("SELECT NOT EXISTS(SELECT 1 FROM meta WHERE key='library')").fetchone()[0]

    def fill_library(self, metadatas: list[dict]) -> None:
        """Fill the document table from one chunk's metadata per document (read from the store once)."""
        with self._lock, self._transaction() as db:
            library.upsert(db, metadatas)
            db.execute("INSERT OR REPLACE INTO meta VALUES('library', 1)")

    @contextlib.contextmanager
    def _transaction(self):
        """One write transaction; commits bump ``version`` and record this process as the writer."""
        db = self._db()
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("UPDATE meta SET value=value+1 WHERE key='version'")
        db.execute("INSERT OR REPLACE INTO meta VALUES('writer', ?)", (os.getpid(),))
        db.execute("COMMIT")

    # --- query

    def idf(self, terms: Iterable[str]) -> dict[str, float]:
        """BM25-style idf, log(1 + N / (df + 0.5)), of already stemmed terms (unknown terms get the highest)."""
        terms = list(dict.fromkeys(terms))
        if not terms:
            return {}
        with self._lock:
            db = self._db()
            n = db.execute("SELECT count(*) FROM chunk").fetchone()[0]
            if not n:
                return {t: 1.0 for t in terms}
            marks = ",".join("?" * len(terms))
            df = dict(db.execute(f"SELECT term, doc FROM vocab WHERE term IN ({marks})", terms).fetchall())
        return {t: math.log(1 + n / (df.get(t, 0) + 0.5)) for t in terms}

    def search(self, query: str, k: int) -> list[KeywordHit]:
        terms = list(dict.fromkeys(keyword_terms(query)))
        if not terms or k <= 0:
            return []
        with self._lock:
            db = self._db()
            terms = self._bounded(db, terms)
            match = " OR ".join(f'"{t}"' for t in terms)  # tokens are word characters only: quoting is safe
            rows = db.execute(
                "SELECT c.chunk_id, c.doc_id, -r.rank FROM "
                "(SELECT rowid, rank FROM terms WHERE terms MATCH ? ORDER BY rank LIMIT ?) r "
                "JOIN chunk c ON c.id = r.rowid ORDER BY r.rank", (match, k)).fetchall()
        return [KeywordHit(cid, float(score), {"doc_id": doc_id}) for cid, doc_id, score in rows]

    @staticmethod
    def _bounded(db, terms: list[str]) -> list[str]:
        """The query's terms, rarest first, while their postings add up to at most MAX_POSTINGS (the rarest is
        always kept). FTS5 scores every row an OR query matches, so a question's common words ("year", "city")
        would make a search at 100k chunks cost tens of thousands of row scores; dropping them bounds the work
        and changes little: their idf is the lowest, and the dense list and the re-ranker still see them.
        Stores under MAX_POSTINGS chunks never drop a term (the squad/hotpot recall figures)."""
        marks = ",".join("?" * len(terms))
        df = dict(db.execute(f"SELECT term, doc FROM vocab WHERE term IN ({marks})", terms).fetchall())
        kept, total = [], 0
        for t in sorted((t for t in terms if df.get(t)), key=df.__getitem__):
            if kept and total + df[t] > MAX_POSTINGS:
                break
            kept.append(t)
            total += df[t]
        return kept or terms[:1]
