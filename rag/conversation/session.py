"""Conversations: follow-up questions are condensed into stand-alone questions before retrieval."""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from rag.answer.stream import AnswerStream
from rag.conversation.feedback import Feedback
from rag.llm import ChatLLM
from rag.retrieval.recency import as_day
from rag.retrieval.retrieve import SearchFilter
from rag.text import FOLLOW_UP_CONTEXT, strip_markers
from rag.types import Answer, stopped_answer  # noqa: F401  (stopped_answer: its home was here)

log = logging.getLogger(__name__)



@dataclass
class Turn:
    question: str
    standalone: str
    answer: Answer
    asked_on: date | None = None  # the asking date given for this turn (None: the day it was asked)
    feedback: Feedback | None = None  # the owner's verdict, on turns read back from the kept conversations


# Answers one stand-alone question: (question, top_k=, filters=, today=) -> AnswerStream (Assistant.stream).
StreamFn = Callable[..., AnswerStream]


class TurnStream(AnswerStream):
    """A conversation's answer as it is written. Its turn is kept once: with the final answer, or with what was
    shown so far when ``stop()`` comes first; ``drop()`` keeps nothing (its chat was deleted meanwhile). Stop and
    the final answer may race (the browser's Stop while the last words arrive): whichever is first is kept."""

    def __init__(self, source: Iterable, keep: Callable[[Answer], None], question: str):
        self._keep, self._question = keep, question
        self._lock = threading.Lock()
        self._ended = False
        self._kept: Answer | None = None
        self.stopped = False
        super().__init__(source, on_answer=self._settle)

    def _settle(self, answer: Answer | None) -> bool:
        with self._lock:
            if self._ended:
                return False
            self._ended = True
            if answer is not None:
                self._keep(answer)
                self._kept = answer
            return True

    def stop(self) -> Answer | None:
        """End the turn now: keep what was shown (``stopped_answer``) unless the final answer came first; returns
        the answer kept (None when the turn was dropped). The source is not read further by this call."""
        answer = stopped_answer(self.text, self.provisional, self._question)
        if self._settle(answer):
            self.stopped = True
        return self._kept

    def drop(self) -> None:
        """Keep nothing of this turn, whatever comes later."""
        self._settle(None)


@dataclass
class Conversation:
    """Follow-up questions over any way of answering: ``stream_fn`` answers a stand-alone question; ``llm``, when
    given, rewrites follow-ups (without one, the previous subject is carried over)."""

    stream_fn: StreamFn
    llm: ChatLLM | None = None
    turns: list[Turn] = field(default_factory=list)
    id: str | None = None  # set when the conversation is kept (rag/conversation/kept.py)
    on_turn: Callable[["Conversation", Turn], None] | None = None  # called with each answered turn (saves it)
    # (topic, today=, since=) -> rag.timeline.types.Timeline (Assistant.timeline): answers "What's new?" follow-ups
    timeline_fn: Callable[..., object] | None = None

    @property
    def history(self) -> list[Turn]:
        return list(self.turns)

    def reset(self) -> None:
        self.turns.clear()

    def condense(self, question: str) -> str:
        """A stand-alone version of a follow-up question (no change for the first turn).

        With an LLM answerer the model rewrites it; without one (or if the rewrite looks wrong), the previous
        turn's subject is carried along.
        """
        if not self.turns:
            return question
        if self.llm is not None:
            try:
                rewritten = condense_with_llm(question, self.turns, self.llm)
            except Exception as e:  # condensing is an optimisation: a failing LLM still gets the carry-over
                log.warning("LLM condense failed (%s); carrying entities over instead", e)
                rewritten = None
            if rewritten:
                return rewritten
        return condense_by_entities(question, self.turns)

    def stream(self, question: str, top_k: int | None = None, filters: SearchFilter | None = None,
               today: date | None = None) -> TurnStream:
        """The answer as it is written; the turn is recorded when the final Answer arrives, or with what was shown
        when the stream is stopped first (``TurnStream.stop``)."""
        news = self._news_since(question, today) if self.timeline_fn is not None and self.turns else None
        if news is not None:
            standalone, inner = news
        else:
            standalone = self.condense(question)
            inner = self.stream_fn(standalone, top_k=top_k, filters=filters, today=today)

        def record(answer: Answer) -> None:
            turn = Turn(question, standalone, answer, asked_on=None if today is None else as_day(today))
            self.turns.append(turn)
            if self.on_turn is not None:
                self.on_turn(self, turn)

        return TurnStream(inner.raw(), record, standalone)

    def ask(self, question: str, top_k: int | None = None, filters: SearchFilter | None = None,
            today: date | None = None) -> Answer:
        return self.stream(question, top_k=top_k, filters=filters, today=today).answer()

    def _news_since(self, question: str, today) -> tuple[str, AnswerStream] | None:
        """ "What's new?" / "Anything since then?": the story of the previous turn, developments dated after that
        answer's day (or from the day the user names), or a plain "nothing new". None for other questions."""
        from rag.timeline.types import day_after, news_since_question, story_of

        day = as_day(today)
        asks, named = news_since_question(question, day)
        if not asks:
            return None
        last = self.turns[-1]
        topic = story_of(last.standalone, last.answer, day)
        before = last.asked_on or date.today()
        since = named or day_after(before)
        tl = self.timeline_fn(topic, today=day, since=since)
        if tl.lines:
            ans = tl.to_answer(question)
        else:
            when = f"since {before.isoformat()}" if named is None else f"from {named.isoformat()}"
            tl.note = f"Nothing new has arrived about {topic} {when} (as of {day.isoformat()})."
            ans = Answer(answer=tl.note, question=question, answerer="timeline", timeline=tl)
        return f"Timeline of {topic} since {since.isoformat()}", AnswerStream.of(ans)


def condense_by_entities(question: str, turns: list[Turn]) -> str:
    """Without a model call: a follow-up that leans on the previous turn carries that answer's names and the
    previous question's subject (rag/conversation/followup.py).

    "Who is his deputy?" after "Who is the secretary-general of Islamic Jihad?" → "… Ziad Nakhaleh [1]" becomes
    "Who is his deputy? (context: Ziad Nakhaleh; the secretary-general of Islamic Jihad)": retrieval finds the
    Islamic Jihad passage, and the follow-up's own words ("his deputy") still pick the sentence. On 22 own-words
    chats with extractive answers (bench/follow_ups.py) follow-ups are answered 0.69 of the time (as typed: 0.31),
    the same as with the subject alone: an extractive answer is a whole sentence; a model's answer is mostly the
    names "she" or "the two" point at.
    """
    from rag.conversation.followup import rewrite_follow_up

    if not turns:
        return question
    last = turns[-1]
    earlier = FOLLOW_UP_CONTEXT.search(last.standalone)  # a chain of follow-ups keeps the first subject
    return rewrite_follow_up(question, last.question, None if last.answer.refused else last.answer.answer,
                             question_subject(last.question), earlier.group(1) if earlier else "")


_WH = re.compile(r"^\s*(?:who|whom|whose|what|which|where|when|why|how(?:\s+(?:many|much|long|old))?)\b\s*"
                 r"(?:is|are|was|were|do|does|did|has|have|had|will|would|can|could)?\b\s*", re.I)


def question_subject(question: str) -> str:
    """What a question is about: "Who is the secretary-general of Islamic Jihad?" -> "the secretary-general of
    Islamic Jihad"."""
    q = FOLLOW_UP_CONTEXT.sub("", question).strip().rstrip("?!. ")
    return _WH.sub("", q, count=1).strip() or q


CONDENSE_SYSTEM = ("Rewrite the user's follow-up question as one stand-alone question that can be understood "
                   "without the conversation: replace pronouns and vague references with the names they refer to. "
                   "Do not answer it. Reply with the rewritten question only.")
_CONDENSE_TURNS = 3
_CONDENSE_ANSWER_CHARS = 300


def condense_with_llm(question: str, turns: list[Turn], llm) -> str | None:
    """The model's stand-alone rewrite of ``question``, or None when its reply does not look like a question."""
    lines = []
    for t in turns[-_CONDENSE_TURNS:]:
        lines.append(f"User: {t.standalone}")
        reply = "(no answer found)" if t.answer.refused else strip_markers(t.answer.answer)
        lines.append(f"Assistant: {reply[:_CONDENSE_ANSWER_CHARS]}")
    user = ("Conversation:\n" + "\n".join(lines) + f"\n\nFollow-up question: {question}\n"
            "Stand-alone question:")
    reply = llm.chat([{"role": "system", "content": CONDENSE_SYSTEM}, {"role": "user", "content": user}],
                     max_tokens=64, temperature=0.0)
    line = next((ln.strip() for ln in reply.strip().splitlines() if ln.strip()), "")
    line = re.sub(r"^(?:stand-?alone question|question|rewritten question)\s*:\s*", "", line, flags=re.I)
    line = line.strip(" \"'`*")
    if (not line or len(line) > 3 * len(question) + 200 or not any(ch.isalpha() for ch in line)
            or (question.rstrip().endswith("?") and not line.endswith("?"))):  # an answer, not a question
        log.info("LLM condense gave an unusable reply %r", reply[:200])
        return None
    log.info("condensed %r -> %r", question, line)
    return line


def turns_from_messages(pairs: list[tuple[str, str]]) -> list[Turn]:
    """Conversation turns rebuilt from a client's message history.

    The stand-alone question of each earlier turn is re-derived by carrying subjects over (no model call per past
    turn): exactly what the conversation did with the extractive answerer; with an LLM answerer the new question
    is still rewritten by the model from these turns.
    """
    from rag.answer.refusal import is_refusal_text

    turns: list[Turn] = []
    for question, reply in pairs:
        standalone = condense_by_entities(question, turns)
        turns.append(Turn(question, standalone, Answer(answer=reply, refused=is_refusal_text(reply),
                                                       question=standalone)))
    return turns
