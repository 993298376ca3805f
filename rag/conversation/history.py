"""Kept conversations: one SQLite file under the data dir (``conversations.sqlite3``), for the Python API, the
HTTP API and the browser UI alike.

Each turn is one transaction (the turn row and the conversation's ``updated`` stamp together), in WAL mode with
``synchronous=NORMAL``: a killed process loses nothing it committed and the file is never left half-written; only
a power cut may lose the last turns before the OS flushed them. Saving a turn costs 0.4 ms at the median on the
loaded 2-core dev machine, against a 5 ms goal and ~800 ms to answer it extractively (bench/history_cost.py).
The stand-alone question of every turn is kept, so a conversation resumed after a restart condenses follow-ups
exactly as before.

Every conversation has an owner ("" without a login): listing, loading, renaming and deleting are per owner, so
with a login each user sees only their own chats. Answer feedback (rag/conversation/feedback.py) lives in the same file, one row
per turn per owner; ``turns()`` returns each turn with its owner's verdict.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
import time
from dataclasses import asdict, dataclass
from datetime import date

from rag.conversation import feedback as fb
from rag.local_db import SQLiteFile
from rag.types import Answer, Citation, OtherSource, TimeWindow

TITLE_CHARS = 80
SEARCH_LIMIT = 50  # matches one search returns: a list to read, not an export
SNIPPET_CHARS = 50  # of turn text each side of a search match

SCHEMA = """
CREATE TABLE IF NOT EXISTS conversations (
    id TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    title TEXT NOT NULL,
    created REAL NOT NULL,
    updated REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS conversations_by_owner ON conversations (owner, updated);
CREATE TABLE IF NOT EXISTS turns (
    conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    question TEXT NOT NULL,
    standalone TEXT NOT NULL,
    answer TEXT NOT NULL,        -- JSON: Answer.to_dict() (text, refused, citations with their passages)
    asked_on TEXT NOT NULL,      -- the asking date the answer was given for (YYYY-MM-DD)
    created REAL NOT NULL,
    PRIMARY KEY (conversation_id, position)
);
"""


class ConversationNotFound(KeyError):
    def __str__(self) -> str:
        return str(self.args[0])


@dataclass
class ConversationInfo:
    id: str
    title: str
    owner: str
    created: float
    updated: float
    turns: int

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class ConversationHit:
    """A conversation matching a search: where the words were found (``snippet``: turn text around the match;
    empty when only the title matched)."""

    info: ConversationInfo
    snippet: str = ""


def new_conversation_id() -> str:
    return secrets.token_hex(8)


def answer_from_dict(d: dict) -> Answer:
    w = d.get("window")
    window = TimeWindow(**{k: v for k, v in w.items() if k != "description"}) if w else None
    return Answer(answer=d.get("answer", ""), refused=bool(d.get("refused")), question=d.get("question", ""),
                  answerer=d.get("answerer", ""), citations=[_citation(c) for c in d.get("citations", [])],
                  window=window, stopped=bool(d.get("stopped")))


def _citation(c: dict) -> Citation:
    return Citation(**{**c, "also": [OtherSource(**o) for o in c.get("also") or []]})


class ConversationStore(SQLiteFile):
    """Conversations and their turns in SQLite. Thread-safe (one connection behind a lock)."""

    def _prepare(self, db: sqlite3.Connection) -> None:
        db.executescript(SCHEMA + fb.SCHEMA)  # IF NOT EXISTS: a file from before feedback gains its table

    # --- writing ----------------------------------------------------------------------------------------

    def add_turn(self, conversation_id: str, owner: str, turn) -> None:
        """Save one answered turn (a ``rag.conversation.chat.Turn``); the conversation is created with its first turn."""
        now = time.time()
        asked_on = (getattr(turn, "asked_on", None) or date.today()).isoformat()
        answer = json.dumps(turn.answer.to_dict(), ensure_ascii=False)
        with self._lock:
            db = self._conn()
            db.execute("BEGIN IMMEDIATE")
            try:
                row = db.execute("SELECT owner FROM conversations WHERE id = ?", (conversation_id,)).fetchone()
                if row is None:
                    db.execute("INSERT INTO conversations (id, owner, title, created, updated) VALUES (?, ?, ?, ?, ?)",
                               (conversation_id, owner, _title(turn.question), now, now))
                elif row[0] != owner:
                    raise ConversationNotFound(f"no conversation {conversation_id!r} for this user")
                else:
                    db.execute("UPDATE conversations SET updated = ? WHERE id = ?", (now, conversation_id))
                db.execute("INSERT INTO turns (conversation_id, position, question, standalone, answer, asked_on, "
                           "created) VALUES (?, (SELECT COUNT(*) FROM turns WHERE conversation_id = ?), ?, ?, ?, ?, ?)",
                           (conversation_id, conversation_id, turn.question, turn.standalone, answer, asked_on, now))
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise

    def rename(self, conversation_id: str, owner: str, title: str) -> bool:
        title = " ".join((title or "").split())[:200]
        if not title:
            raise ValueError("a conversation title cannot be empty")
        with self._lock:
            cur = self._conn().execute("UPDATE conversations SET title = ? WHERE id = ? AND owner = ?",
                                       (title, conversation_id, owner))
        return cur.rowcount > 0

    def delete(self, conversation_id: str, owner: str) -> bool:
        with self._lock:
            cur = self._conn().execute("DELETE FROM conversations WHERE id = ? AND owner = ?",
                                       (conversation_id, owner))
        return cur.rowcount > 0

    def rate(self, conversation_id: str, owner: str, turn: int, verdict: str, note: str | None = None):
        """The owner's verdict on turn ``turn`` (1 for the first), replacing an earlier one (``rag.conversation.feedback.save``).
        FeedbackError for a bad value, ConversationNotFound for another owner's chat, TurnNotFound past its end."""
        turn, verdict, note = fb.checked(turn, verdict, note)
        with self._lock:
            db = self._conn()
            self._owned(db, conversation_id, owner)
            db.execute("BEGIN IMMEDIATE")
            try:
                saved = fb.save(db, conversation_id, owner, turn, verdict, note)
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        return saved

    def unrate(self, conversation_id: str, owner: str, turn: int) -> bool:
        """Withdraw the owner's verdict on the turn; False when there was none."""
        with self._lock:
            db = self._conn()
            self._owned(db, conversation_id, owner)
            return fb.remove(db, conversation_id, owner, turn)

    @staticmethod
    def _owned(db: sqlite3.Connection, conversation_id: str, owner: str) -> None:
        row = db.execute("SELECT owner FROM conversations WHERE id = ?", (conversation_id,)).fetchone()
        if row is None or row[0] != owner:
            raise ConversationNotFound(f"no conversation {conversation_id!r} for this user")

    def reviews(self, verdict: str | None = "down", owner: str | None = None,
                limit: int | None = None) -> list[fb.Review]:
        """Rated answers (``verdict`` None: both kinds; ``owner`` None: every user's), newest verdict first."""
        with self._lock:
            rows = fb.review_rows(self._conn(), verdict, owner, limit)
        return [fb.Review(fb.Feedback(c, p + 1, v, n, t, o), title, q, answer_from_dict(json.loads(a)), d)
                for c, p, o, v, n, t, title, q, a, d in rows]

    # --- reading ----------------------------------------------------------------------------------------

    _INFO = ("SELECT c.id, c.title, c.owner, c.created, c.updated, "
             "(SELECT COUNT(*) FROM turns t WHERE t.conversation_id = c.id) FROM conversations c ")

    def list(self, owner: str) -> list[ConversationInfo]:
        """The owner's conversations, most recently continued first."""
        with self._lock:
            rows = self._conn().execute(self._INFO + "WHERE c.owner = ? ORDER BY c.updated DESC", (owner,)).fetchall()
        return [ConversationInfo(*r) for r in rows]

    def search(self, owner: str, q: str, limit: int = SEARCH_LIMIT) -> list[ConversationHit]:
        """The owner's conversations whose title, or any turn's question or answer text, contains ``q``
        (case-insensitive for ASCII letters), most recently continued first, with the first matching turn's text.
        A scan of the owner's turns, no index: at 1,000 chats of 5 turns, 0.6 ms at the median (a common word stops
        at ``limit`` matches), at most 13 ms (no match: every turn read) (``bench/history_cost.py``)."""
        q = " ".join((q or "").split())
        if not q:
            return []
        like = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        text = "t.question || ' ' || COALESCE(json_extract(t.answer, '$.answer'), '')"
        sql = (f"SELECT * FROM (SELECT c.id, c.title, c.owner, c.created, c.updated, "
               f"(SELECT COUNT(*) FROM turns t WHERE t.conversation_id = c.id), "
               f"(SELECT {text} FROM turns t WHERE t.conversation_id = c.id AND {text} LIKE ?1 ESCAPE '\\' "
               f"ORDER BY t.position LIMIT 1) AS hit FROM conversations c WHERE c.owner = ?2) "
               f"WHERE hit IS NOT NULL OR title LIKE ?1 ESCAPE '\\' ORDER BY updated DESC LIMIT ?3")
        with self._lock:
            rows = self._conn().execute(sql, (like, owner, int(limit))).fetchall()
        return [ConversationHit(ConversationInfo(*r[:6]), _snippet(r[6] or "", q)) for r in rows]

    def info(self, conversation_id: str, owner: str | None = None) -> ConversationInfo | None:
        """The conversation (of ``owner``; of anyone when None), or None."""
        with self._lock:
            row = self._conn().execute(self._INFO + "WHERE c.id = ?", (conversation_id,)).fetchone()
        info = ConversationInfo(*row) if row else None
        return info if info is not None and (owner is None or info.owner == owner) else None

    def turns(self, conversation_id: str, owner: str) -> list:
        """The conversation's turns (``rag.conversation.chat.Turn``), oldest first; ConversationNotFound for another owner's."""
        from rag.conversation.chat import Turn

        if self.info(conversation_id, owner) is None:
            raise ConversationNotFound(f"no conversation {conversation_id!r}")
        with self._lock:
            db = self._conn()
            rows = db.execute("SELECT question, standalone, answer, asked_on FROM turns "
                              "WHERE conversation_id = ? ORDER BY position", (conversation_id,)).fetchall()
            rated = fb.of_conversation(db, conversation_id, owner)
        return [Turn(q, s, answer_from_dict(json.loads(a)), asked_on=date.fromisoformat(d), feedback=rated.get(i))
                for i, (q, s, a, d) in enumerate(rows, 1)]


def _title(question: str) -> str:
    q = " ".join(question.split())
    return q if len(q) <= TITLE_CHARS else q[: TITLE_CHARS - 1].rstrip() + "…"


def _snippet(text: str, q: str) -> str:
    """``text`` around the first case-insensitive occurrence of ``q``, cut to SNIPPET_CHARS each side."""
    text = " ".join(text.split())
    at = text.lower().find(q.lower())
    if at < 0:
        return ""
    lo, hi = max(0, at - SNIPPET_CHARS), min(len(text), at + len(q) + SNIPPET_CHARS)
    return ("…" if lo else "") + text[lo:hi].strip() + ("…" if hi < len(text) else "")
