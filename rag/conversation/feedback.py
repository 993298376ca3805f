"""Answer feedback: a thumbs up or down and an optional note on one answered turn, per user, in the kept
conversations' SQLite file (rag/conversation/kept.py runs these statements under its lock).

One row per turn per user: rating again replaces the verdict (and the note, when one is given). The row goes with
its turn: deleting the conversation deletes its feedback (a foreign key with ON DELETE CASCADE).
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import asdict, dataclass
from typing import Literal

from rag.types import Answer

VERDICTS = ("up", "down")
NOTE_CHARS = 2000
Verdict = Literal["up", "down"]

SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    conversation_id TEXT NOT NULL,
    position INTEGER NOT NULL,   -- the turn's position (0 for the first; the API's turn 1)
    owner TEXT NOT NULL,
    verdict TEXT NOT NULL CHECK (verdict IN ('up', 'down')),
    note TEXT,
    time REAL NOT NULL,          -- when the verdict was last given
    PRIMARY KEY (conversation_id, position, owner),
    FOREIGN KEY (conversation_id, position) REFERENCES turns (conversation_id, position) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS feedback_by_verdict ON feedback (verdict, time);
"""


class FeedbackError(ValueError):
    """A rating refused for a bad value; ``field`` names it (the HTTP API's 400 ``param``)."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


class TurnNotFound(LookupError):
    def __str__(self) -> str:
        return str(self.args[0])


@dataclass
class Feedback:
    """A user's verdict on one answer. ``turn``: 1 for the conversation's first (as in its export)."""

    conversation_id: str
    turn: int
    verdict: Verdict
    note: str | None
    time: float
    owner: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Review:
    """A rated answer for review (``rag eval --feedback``): the verdict with the turn's question and answer."""

    feedback: Feedback
    title: str  # the conversation's
    question: str
    answer: Answer  # its citations hold the cited passages
    asked_on: str | None = None

    def to_dict(self) -> dict:
        a = self.answer
        return {**self.feedback.to_dict(), "title": self.title, "question": self.question, "answer": a.answer,
                "refused": a.refused, "answerer": a.answerer, "asked_on": self.asked_on,
                "citations": [c.to_dict() for c in a.citations]}


def checked(turn, verdict, note) -> tuple[int, str, str | None]:
    """The turn, verdict and note as stored, or a FeedbackError naming the bad one."""
    if isinstance(turn, bool) or not isinstance(turn, int) or turn < 1:
        raise FeedbackError("turn", f"turn must be a turn's number (1 for the first answer), not {turn!r}")
    if verdict not in VERDICTS:
        raise FeedbackError("verdict", f"verdict must be 'up' or 'down', not {verdict!r}")
    if note is not None:
        if not isinstance(note, str):
            raise FeedbackError("note", f"note must be text, not {type(note).__name__}")
        note = note.strip()
        if len(note) > NOTE_CHARS:
            raise FeedbackError("note", f"note is {len(note)} characters; at most {NOTE_CHARS}")
    return turn, verdict, note


def save(db: sqlite3.Connection, conversation_id: str, owner: str, turn: int, verdict: str,
         note: str | None) -> Feedback:
    """Insert or replace the owner's verdict on the turn (``note`` None keeps a note given before; "" removes it).
    The caller checked the conversation is the owner's; TurnNotFound when it has no such turn."""
    if db.execute("SELECT 1 FROM turns WHERE conversation_id = ? AND position = ?",
                  (conversation_id, turn - 1)).fetchone() is None:
        raise TurnNotFound(f"conversation {conversation_id!r} has no turn {turn}")
    now = time.time()
    db.execute("INSERT INTO feedback (conversation_id, position, owner, verdict, note, time) VALUES (?, ?, ?, ?, ?, ?) "
               "ON CONFLICT (conversation_id, position, owner) DO UPDATE SET verdict = excluded.verdict, "
               "time = excluded.time, note = CASE WHEN ? THEN feedback.note ELSE excluded.note END",
               (conversation_id, turn - 1, owner, verdict, note or None, now, note is None))
    kept = db.execute("SELECT note FROM feedback WHERE conversation_id = ? AND position = ? AND owner = ?",
                      (conversation_id, turn - 1, owner)).fetchone()[0]
    return Feedback(conversation_id, turn, verdict, kept, now, owner)  # type: ignore[arg-type]


def remove(db: sqlite3.Connection, conversation_id: str, owner: str, turn: int) -> bool:
    cur = db.execute("DELETE FROM feedback WHERE conversation_id = ? AND position = ? AND owner = ?",
                     (conversation_id, turn - 1, owner))
    return cur.rowcount > 0


def of_conversation(db: sqlite3.Connection, conversation_id: str, owner: str) -> dict[int, Feedback]:
    """The owner's feedback on the conversation's turns, by turn number."""
    rows = db.execute("SELECT position, verdict, note, time FROM feedback WHERE conversation_id = ? AND owner = ?",
                      (conversation_id, owner)).fetchall()
    return {p + 1: Feedback(conversation_id, p + 1, v, n, t, owner) for p, v, n, t in rows}


REVIEW_SQL = ("SELECT f.conversation_id, f.position, f.owner, f.verdict, f.note, f.time, c.title, t.question, "
              "t.answer, t.asked_on FROM feedback f JOIN turns t ON t.conversation_id = f.conversation_id AND "
              "t.position = f.position JOIN conversations c ON c.id = f.conversation_id ")


def review_rows(db: sqlite3.Connection, verdict: str | None, owner: str | None, limit: int | None) -> list[tuple]:
    """Rated turns with their question and answer JSON, newest verdict first (``REVIEW_SQL``'s columns)."""
    where, args = [], []
    if verdict is not None:
        where.append("f.verdict = ?")
        args.append(verdict)
    if owner is not None:
        where.append("f.owner = ?")
        args.append(owner)
    sql = REVIEW_SQL + ("WHERE " + " AND ".join(where) + " " if where else "") + "ORDER BY f.time DESC"
    if limit is not None:
        sql += " LIMIT ?"
        args.append(int(limit))
    return db.execute(sql, args).fetchall()
