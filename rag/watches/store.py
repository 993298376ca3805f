"""Kept ("watched") questions and their answers over time: one SQLite file beside the kept conversations
(``watches.sqlite3`` in the data dir), per user.

A watch keeps its question, the passages its latest re-check retrieved (chunk id and a hash of what the answer
reads of each: ``passage_key``) and every distinct answer it was given, oldest first, each with its citations and
the day it was recorded. The re-check (rag/watches/check.py) compares a fresh retrieval with the kept passages and
re-asks only when they differ; an answer is recorded only when it differs from the latest one in its facts
(rag/watches/facts.py: names, numbers, cited documents; not its wording).

Each write is one transaction in WAL mode with ``synchronous=NORMAL`` (as rag/conversation/kept.py): a killed process loses
nothing it committed. The schema is versioned (``PRAGMA user_version``): a file written by a newer version is
refused with what to do, never half-read.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
import sqlite3
import time
from dataclasses import dataclass, field
from datetime import date

from rag.local_db import SQLiteFile
from rag.types import Answer
from rag.watches.facts import signature, stored_signature

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS watches (
    id TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    question TEXT NOT NULL,
    created REAL NOT NULL,
    checked REAL NOT NULL,      -- the last re-check (a retrieval), epoch seconds
    passages TEXT NOT NULL,     -- JSON [[chunk id, hash], ...] sorted: what the last re-check retrieved
    reading TEXT,               -- JSON: what a model answerer read of them at the last answer (NULL: extractive)
    signature TEXT NOT NULL,    -- the latest answer's, to compare a re-asked answer with (``signature``)
    seen INTEGER NOT NULL       -- answers the owner has seen (the first is seen: it was shown when kept)
);
CREATE INDEX IF NOT EXISTS watches_by_owner ON watches (owner, created);
CREATE TABLE IF NOT EXISTS watch_answers (
    watch_id TEXT NOT NULL REFERENCES watches (id) ON DELETE CASCADE,
    number INTEGER NOT NULL,    -- 1: the answer given when the question was kept
    answer TEXT NOT NULL,       -- JSON: Answer.to_dict() (text, refused, citations with their passages)
    day TEXT NOT NULL,          -- the day it was recorded (YYYY-MM-DD)
    time REAL NOT NULL,
    PRIMARY KEY (watch_id, number)
);
"""


class WatchError(ValueError):
    """A watch refused for a bad value or a limit; ``field`` names the value (the HTTP API's 400 ``param``)."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


class WatchStoreError(RuntimeError):
    pass


@dataclass
class WatchAnswer:
    """One answer of a watch: ``number`` 1 is the answer given when the question was kept."""

    number: int
    answer: Answer
    day: str
    time: float

    def to_dict(self) -> dict:
        a = self.answer
        return {"number": self.number, "day": self.day, "time": self.time, "answer": a.answer,
                "refused": a.refused, "answerer": a.answerer, "citations": [c.to_dict() for c in a.citations]}


@dataclass
class Watch:
    """A kept question with its answers over time, newest last. ``changed``: an answer recorded since the owner
    last looked (``Assistant.seen_watches``)."""

    id: str
    owner: str
    question: str
    created: float
    checked: float
    seen: int
    answers: list[WatchAnswer] = field(default_factory=list)

    @property
    def latest(self) -> WatchAnswer | None:
        return self.answers[-1] if self.answers else None

    @property
    def changed(self) -> bool:
        return len(self.answers) > self.seen

    def to_dict(self) -> dict:
        return {"id": self.id, "owner": self.owner, "question": self.question, "created": self.created,
                "checked": self.checked, "changed": self.changed, "answers": [a.to_dict() for a in self.answers]}


@dataclass
class WatchState:
    """What a re-check needs of a watch (no answer JSON is read)."""

    id: str
    question: str
    passages: list[list[str]]
    signature: str
    reading: list | None = None


def over_limit(owner: str, n: int) -> WatchError:
    who = f"user {owner!r}" if owner else "this user"
    return WatchError("question", f"{who} already keeps {n} watched questions, the most RAG_WATCHES_MAX allows: stop "
                                  "watching one first (Assistant.unwatch, DELETE /v1/watches/{id}, rag watches remove)")


def new_watch_id() -> str:
    return "w" + secrets.token_hex(6)


def passage_key(passages) -> list[list[str]]:
    """The retrieved passages as compared between re-checks: sorted (chunk id, hash of text, date and title); a
    reordering is no change, an edited or replaced passage is."""
    def digest(p) -> str:
        text = "\x00".join((p.text, p.date or "", p.title or ""))
        return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()

    return sorted([p.chunk_id, digest(p)] for p in passages)


_WORD = re.compile(r"\w+")


def _json(value) -> str | None:
    return None if value is None else json.dumps(value)


def same_question(a: str, b: str) -> bool:
    return " ".join(_WORD.findall(a.lower())) == " ".join(_WORD.findall(b.lower()))


class WatchStore(SQLiteFile):
    """Watches and their answers in SQLite. Thread-safe (one connection behind a lock)."""

    def exists(self) -> bool:
        return self._db is not None or self.path.exists()

    def _prepare(self, db: sqlite3.Connection) -> None:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            db.close()
            raise WatchStoreError(f"{self.path} was written by a newer rag-assistant (watch schema {version}; "
                                  f"this version reads {SCHEMA_VERSION}): upgrade, or move the file away to "
                                  "start with no watched questions")
        if version < SCHEMA_VERSION:  # a new file (0): tables and version in one transaction
            db.executescript(f"BEGIN; {_SCHEMA} PRAGMA user_version={SCHEMA_VERSION}; COMMIT;")

    # --- writing ----------------------------------------------------------------------------------------

    def add(self, owner: str, question: str, answer: Answer, passages: list, day: date, limit: int,
            reading: list | None = None) -> Watch:
        """Keep ``question`` for ``owner`` with its first answer; the owner's same question again returns the watch
        kept before. WatchError when the owner already keeps ``limit`` questions."""
        def add(db):
            found = self._find(db, owner, question)
            if found is not None:
                return found
            n = db.execute("SELECT COUNT(*) FROM watches WHERE owner = ?", (owner,)).fetchone()[0]
            if n >= limit:
                raise over_limit(owner, n)
            wid, now = new_watch_id(), time.time()
            db.execute("INSERT INTO watches VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)",
                       (wid, owner, question, now, now, json.dumps(passages), _json(reading), signature(answer)))
            db.execute("INSERT INTO watch_answers VALUES (?, 1, ?, ?, ?)",
                       (wid, json.dumps(answer.to_dict(), ensure_ascii=False), day.isoformat(), now))
            return wid

        wid = self._tx(add)
        return self.get(wid, owner)

    def record(self, watch_id: str, passages: list, answer: Answer | None, day: date, reading: list | None = None,
               ) -> bool:
        """Keep a re-check's passages (and, with an ``answer``, what the model read for it) and, when ``answer``
        differs from the latest one, record it. True when an answer was recorded. Compared inside the transaction:
        two processes re-checking at once record it once."""
        def rec(db):
            row = db.execute("SELECT signature FROM watches WHERE id = ?", (watch_id,)).fetchone()
            if row is None:  # removed meanwhile
                return False
            now = time.time()
            db.execute("UPDATE watches SET passages = ?, checked = ? WHERE id = ?", (json.dumps(passages), now,
                                                                                      watch_id))
            if answer is None:
                return False
            db.execute("UPDATE watches SET reading = ? WHERE id = ?", (_json(reading), watch_id))
            if signature(answer) == stored_signature(db, watch_id, row[0]):
                return False
            db.execute("INSERT INTO watch_answers VALUES (?, (SELECT COUNT(*) + 1 FROM watch_answers WHERE "
                       "watch_id = ?), ?, ?, ?)", (watch_id, watch_id, json.dumps(answer.to_dict(), ensure_ascii=False),
                                                   day.isoformat(), now))
            db.execute("UPDATE watches SET signature = ? WHERE id = ?", (signature(answer), watch_id))
            return True

        return self._tx(rec)

    def touch(self, ids: list[str]) -> None:
        """Re-checked with nothing changed."""
        if ids:
            now = time.time()
            self._tx(lambda db: db.executemany("UPDATE watches SET checked = ? WHERE id = ?", [(now, i) for i in ids]))

    def remove(self, watch_id: str, owner: str) -> bool:
        with self._lock:
            cur = self._conn().execute("DELETE FROM watches WHERE id = ? AND owner = ?", (watch_id, owner))
        return cur.rowcount > 0

    def mark_seen(self, owner: str, ids: list[str] | None = None) -> int:
        """The owner has seen the latest answers of these watches (all when None); returns how many were changed."""
        sql = ("UPDATE watches SET seen = (SELECT COUNT(*) FROM watch_answers a WHERE a.watch_id = watches.id) "
               "WHERE owner = ? AND seen < (SELECT COUNT(*) FROM watch_answers a WHERE a.watch_id = watches.id)")
        args: list = [owner]
        if ids is not None:
            sql += f" AND id IN ({','.join('?' * len(ids))})" if ids else " AND 0"
            args += list(ids)
        with self._lock:
            return self._conn().execute(sql, args).rowcount

    # --- reading ----------------------------------------------------------------------------------------

    @staticmethod
    def _find(db, owner: str, question: str) -> str | None:
        for wid, q in db.execute("SELECT id, question FROM watches WHERE owner = ?", (owner,)):
            if same_question(q, question):
                return wid
        return None

    def find(self, owner: str, question: str) -> Watch | None:
        with self._lock:
            wid = self._find(self._conn(), owner, question)
        return self.get(wid, owner) if wid else None

    def count(self, owner: str) -> int:
        with self._lock:
            return self._conn().execute("SELECT COUNT(*) FROM watches WHERE owner = ?", (owner,)).fetchone()[0]

    def changed_count(self, owner: str) -> int:
        """The owner's watches with an answer not seen yet (the UI's badge)."""
        sql = ("SELECT COUNT(*) FROM watches w WHERE owner = ? AND seen < "
               "(SELECT COUNT(*) FROM watch_answers a WHERE a.watch_id = w.id)")
        with self._lock:
            return self._conn().execute(sql, (owner,)).fetchone()[0]

    def states(self) -> list[WatchState]:
        """Every user's watches, as a re-check reads them."""
        with self._lock:
            rows = self._conn().execute("SELECT id, question, passages, signature, reading FROM watches "
                                        "ORDER BY created").fetchall()
        return [WatchState(i, q, json.loads(p), s, json.loads(r) if r else None) for i, q, p, s, r in rows]

    def get(self, watch_id: str, owner: str) -> Watch | None:
        found = self._load("WHERE w.id = ? AND w.owner = ?", (watch_id, owner))
        return found[0] if found else None

    def list(self, owner: str) -> list[Watch]:
        """The owner's watches, the most recently answered first."""
        return self._load("WHERE w.owner = ?", (owner,))

    def _load(self, where: str, args: tuple) -> list[Watch]:
        from rag.conversation.kept import answer_from_dict

        with self._lock:
            db = self._conn()
            rows = db.execute(f"SELECT w.id, w.owner, w.question, w.created, w.checked, w.seen, "
                              f"(SELECT MAX(time) FROM watch_answers a WHERE a.watch_id = w.id) AS last "
                              f"FROM watches w {where} ORDER BY last DESC, w.created DESC", args).fetchall()
            watches = [Watch(*r[:6]) for r in rows]
            for w in watches:
                for n, a, d, t in db.execute("SELECT number, answer, day, time FROM watch_answers WHERE watch_id = ? "
                                             "ORDER BY number", (w.id,)):
                    w.answers.append(WatchAnswer(n, answer_from_dict(json.loads(a)), d, t))
        return watches
