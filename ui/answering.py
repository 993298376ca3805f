"""One question answered in the chat: streamed in, stopped (Stop, Esc), or dropped when its chat is deleted.

The browser session's state (``ChatSession``) knows the turn being written (``Writing``). Its answer ends exactly
once, under the session's lock, by whichever comes first: the final answer, Stop (the turn is kept with what was
shown, marked "(stopped)": ``rag.conversation.session.TurnStream.stop``), or the chat's deletion (nothing is kept: the turn would
save the deleted chat again). Stop does not cancel the Gradio event: the answer's own loop sees that it was
stopped at its next piece and ends with an update that changes nothing, because Gradio re-sends an event's last
update when it ends, and a cancelled or abandoned stream's last update was its unfinished text.
"""

from __future__ import annotations

import logging
import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field

import gradio as gr

from rag.types import stopped_answer
from rag import SearchFilter
from ui import dates, instant, render
from ui import past_chats
from ui.pages import page_images

log = logging.getLogger(__name__)


@dataclass
class Writing:
    """The turn being answered: its number on the page (#sent-id), the chat shown with its question, its stream."""

    sent_id: str
    shown: list[dict]
    stream: object = None  # rag.conversation.session.TurnStream, once retrieval has begun


@dataclass
class ChatSession:
    """One browser session's conversation (for follow-ups), the messages shown for it, and the turn being written."""

    conversation: object
    messages: list[dict] = field(default_factory=list)
    writing: Writing | None = None
    closed: bool = False  # the chat was deleted: nothing more is kept or shown for it
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def start(self, sent_id: str, shown: list[dict]) -> Writing:
        _SESSIONS[id(self)] = self
        with self.lock:
            self.writing = Writing(sent_id, shown)
            return self.writing

    def attach(self, w: Writing, stream) -> bool:
        """Give ``w`` its stream; False (and the stream stopped or dropped) when ``w`` ended meanwhile."""
        with self.lock:
            w.stream = stream
            if self.writing is w:
                return True
        stream.drop() if self.closed else stream.stop()
        return False

    def finish(self, w: Writing, content: str) -> bool:
        """Show ``content`` as ``w``'s answer, unless it was stopped or dropped first."""
        with self.lock:
            if self.writing is not w:
                return False
            self.writing = None
            self.messages = [*w.shown, {"role": "assistant", "content": content}]
            return True

    def stop(self, w: Writing | None = None) -> list[dict] | None:
        """Stop the turn being written (``w``, when given, only if it is that one); returns the chat with the kept
        answer (the stopped one, or the final one when it came first), or None when nothing was being written."""
        with self.lock:
            w = w if w is not None and self.writing is w else (self.writing if w is None else None)
            if w is None:
                return None
            self.writing = None
            kept = w.stream.stop() if w.stream is not None else None
            answer = kept or stopped_answer("", None, "")  # stopped before retrieval ended
            self.messages = [*w.shown, {"role": "assistant", "content": render.answer_html(answer)}]
            return self.messages

    def close(self) -> None:
        """The chat was deleted: drop the turn being written (saving it would bring the chat back)."""
        with self.lock:
            self.closed, w, self.writing = True, self.writing, None
            if w is not None and w.stream is not None:
                w.stream.drop()


# Every session that has started an answer (weakly, by id: a dataclass is unhashable), so that a server shutdown
# can stop the answers being written (ui/shutdown.py).
_SESSIONS: weakref.WeakValueDictionary[int, ChatSession] = weakref.WeakValueDictionary()


def stop_every_answer() -> int:
    """Stop every answer being written, each kept as shown ("(stopped)"); returns how many were stopped."""
    return sum(session.stop() is not None for session in list(_SESSIONS.values()))


def make_filter(doc_ids: list[str] | None, date_from: str, date_to: str) -> SearchFilter | None:
    lo, hi = dates.parse_day(date_from, "From"), dates.parse_day(date_to, "To")
    if not doc_ids and lo is None and hi is None:
        return None
    return SearchFilter(doc_ids=list(doc_ids) if doc_ids else None, date_from=lo, date_to=hi)


def nothing() -> tuple:
    """An update of the answer event that changes nothing (the chat, #done, the session, the answerer's name)."""
    return (gr.skip(),) * 4


def _stream_into(assistant, session: ChatSession, w: Writing, question: str, top_k: int, flt, today):
    """The chat updates while the answer is written; returns (the final Answer, its message), (None, an error
    message), or (None, None) when the turn was stopped or dropped meanwhile."""
    final, shown, text = None, None, ""
    try:
        stream = session.conversation.stream(question, top_k=top_k, filters=flt, today=today)
        if not session.attach(w, stream):
            return None, None
        events = stream.events()
        try:
            for kind, item in events:
                if kind == "provisional":  # the instant answer, until the model's replaces it
                    shown = item
                elif kind == "final":
                    final = item
                    continue
                else:
                    text += item
                if session.writing is not w:
                    return None, None
                yield ([*w.shown, {"role": "assistant", "content": instant.writing_html(shown, text)}],
                       gr.skip(), session, gr.skip())
        finally:
            events.close()  # a stopped answer's model stops writing
    except Exception as e:  # an LLM server down must not kill the session: say so in the chat
        log.exception("answering %r failed", question)
        return None, render.error_html(f"Could not answer: {e}")
    if final is None:
        return None, render.error_html("No answer was produced.")
    return final, render.answer_html(final, page_images(assistant, final))


def handlers(assistant, answerer_label: Callable[[str | None], str]):
    """``respond`` (the answer event: chat, #done, session, answerer name) and ``stop`` (chat, #done)."""

    def respond(question, sent_id, session, top_k, doc_ids, date_from, date_to, as_of="",
                request: gr.Request = None):
        # ``question`` comes from the hidden #sent box, ``sent_id`` from #sent-id, both written by the page script
        # (ui/assets.py). The answer's last update writes ``sent_id`` into #done: the script sends the next queued
        # question only then. An answer never writes #sent: Gradio re-applies an event's last outputs when it
        # completes, and a "" written there emptied the next question the script had just put in (CI, stop 30).
        session = session or ChatSession(assistant.chat(owner=past_chats.owner(request)))
        question = (question or "").strip()
        if not question:
            yield session.messages, sent_id, session, gr.skip()
            return
        user = {"role": "user", "content": render.question_html(question)}
        try:
            flt = make_filter(doc_ids, date_from, date_to)
            today = dates.parse_day(as_of, "As of")
        except ValueError as e:
            session.messages = [*session.messages, user,
                                {"role": "assistant", "content": render.error_html(str(e))}]
            yield session.messages, sent_id, session, gr.skip()
            return
        w = session.start(sent_id, [*session.messages, user])
        try:
            yield [*w.shown, {"role": "assistant", "content": render.partial_html("")}], gr.skip(), session, gr.skip()
            final, content = yield from _stream_into(assistant, session, w, question, int(top_k), flt, today)
        except GeneratorExit:  # the event was cancelled (New chat, a past chat opened): keep what was shown
            log.info("answer to %r cancelled: its turn is kept as shown", question)
            session.stop(w)
            raise
        if content is None or not session.finish(w, content):
            yield nothing()  # stopped or dropped: Stop, or the deletion, has shown the chat
            return
        yield session.messages, sent_id, session, answerer_label(final.answerer) if final else gr.skip()

    def stop(sent_id, session):
        shown = session.stop() if isinstance(session, ChatSession) else None
        return (gr.skip() if shown is None else shown), sent_id

    return respond, stop
