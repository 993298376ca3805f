"""The SQLite files kept beside the store (conversations, kept questions): one connection per file, opened on first
use in WAL mode, behind a lock, so a store object can be shared by the server's threads."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path


class SQLiteFile:
    """One SQLite file; subclasses create or check their tables in ``_prepare``."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None

    def _prepare(self, db: sqlite3.Connection) -> None:
        """Create the tables (or refuse a file this version cannot read) on the newly opened connection."""

    def _conn(self) -> sqlite3.Connection:
        if self._db is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None, timeout=30)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("PRAGMA foreign_keys=ON")
            self._prepare(db)
            self._db = db
        return self._db

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None

    def _tx(self, fn):
        """``fn(db)`` in one write transaction, under the lock; rolled back if it raises."""
        with self._lock:
            db = self._conn()
            db.execute("BEGIN IMMEDIATE")
            try:
                out = fn(db)
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        return out
