"""The question pipeline: the ``Assistant`` methods that search and answer (a mixin, so that rag/assistant.py
keeps the doors and the lazy parts).

A question becomes one ``rag.types.Question`` at the door (``question()``: whitespace folded, cut at
``MAX_QUESTION_CHARS``, a follow-up's "(context: …)" split off, the asking day parsed, once) and travels down as
that value: searched as of its day (rag/retrieval/recency.py), answered as a timeline when it asks for a story's
developments (rag/timeline/), refused when the passages do not carry it (rag/answer/refusal.py), else answered by
the configured answerer. ``search``/``ask``/``stream`` take the text and keywords as before, or a ``Question``.
"""

from __future__ import annotations

from datetime import date

from rag.answer.refusal import refusal, should_refuse
from rag.answer.stream import AnswerStream
from rag.retrieval.retrieve import SearchFilter
from rag.text import FOLLOW_UP_CONTEXT
from rag.types import Answer, Passage, Question, TimeWindow

MAX_QUESTION_CHARS = 2000  # longer questions are cut: the embedder reads 256 word pieces anyway


def make_question(question: str | Question, top_k: int | None = None, filters: SearchFilter | None = None,
                  today: date | str | None = None) -> Question:
    """The one ``Question`` for what a caller passed (a ``Question`` is returned as it is)."""
    if isinstance(question, Question):
        return question
    from rag.retrieval.recency import as_day

    q = " ".join((question or "").split())[:MAX_QUESTION_CHARS]
    m = FOLLOW_UP_CONTEXT.search(q)
    text, context = (q[:m.start()].strip(), m.group(1)) if m else (q, "")
    if not text:  # nothing but "(context: …)": as rag.text.without_context, the whole of it is the question
        text, context = q, ""
    return Question(text, context, None if today is None else as_day(today), filters, top_k)


class Asking:
    """Mixed into ``rag.assistant.Assistant`` (which provides settings, retriever, store, keywords, answerer,
    ``_writes``, ``_notice_other_writers`` and ``refresh_keyword_index``)."""

    @staticmethod
    def question(question: str | Question, top_k: int | None = None, filters: SearchFilter | None = None,
                 today: date | str | None = None) -> Question:
        """The door: the ``Question`` value ``search``/``stream`` pass down (``today`` None: the day it is asked)."""
        return make_question(question, top_k, filters, today)

    def search(self, question: str | Question, top_k: int | None = None, filters: SearchFilter | None = None,
               today: date | str | None = None) -> list[Passage]:
        """Passages for ``question`` as of ``today`` (default: now): articles dated later are not used, a date
        in the question ("last week", "in early October") sets a window, and recent articles are preferred."""
        return self._search(self.question(question, top_k, filters, today))[0]

    def highlight(self, passage: Passage, query: str) -> str:
        """The sentence of ``passage`` that shares most words with ``query``, picked as citations pick their
        highlighted span (``rag.answer.citations.best_span``); the whole passage when none shares a word."""
        from rag.answer.citations import best_span

        start, end = best_span(passage, [query])
        return passage.text[start:end]

    def _search(self, q: Question) -> tuple[list[Passage], TimeWindow | None]:
        from rag.retrieval.recency import search_as_of

        if not q.text:
            return [], None
        self._index_current()
        return search_as_of(self.retriever, q.standalone, q.top_k, q.filters, q.as_of)

    def _index_current(self) -> None:
        """While this Assistant is ingesting, Chroma and the keyword index are written call by call and the counts
        differ for a moment: searches use the index as it is instead of repairing it from a half-written store
        (tests/ui/test_concurrency.py)."""
        if not self._writes:
            self._notice_other_writers()
            self.refresh_keyword_index()

    def timeline(self, topic: str | Question, today: date | str | None = None, since: date | str | None = None,
                 until: date | str | None = None, filters: SearchFilter | None = None):
        """The story's developments as of ``today``, oldest first (``rag.timeline.types.Timeline``): one cited line
        each, wire copies merged into one line listing its sources, disagreeing sources named. ``since``/``until``:
        publication days (inclusive; a date in ``topic`` such as "in October" sets them when they are not given);
        ``filters``: only these documents. About 0.5 s for a 10-development story (bench/README.md, "Timelines")."""
        from rag.timeline.build import build_timeline

        q = self.question(topic, filters=filters, today=today)
        if q.text:
            self._index_current()
        return build_timeline(self.retriever, self.store, self.embedder, self.settings, q.standalone,
                              today=q.day, since=since, until=until,
                              doc_ids=q.filters.doc_ids if q.filters else None)

    def ask(self, question: str | Question, top_k: int | None = None, filters: SearchFilter | None = None,
            today: date | str | None = None) -> Answer:
        return self.stream(question, top_k=top_k, filters=filters, today=today).answer()

    def stream(self, question: str | Question, top_k: int | None = None, filters: SearchFilter | None = None,
               today: date | str | None = None) -> AnswerStream:
        """The answer as it is produced: iterate for text pieces; ``.answer()`` gives the final, validated Answer."""
        q = self.question(question, top_k, filters, today)
        if not q.has_words:
            asked = question if isinstance(question, str) else q.standalone
            return AnswerStream.of(refusal(asked, self.answerer_name, "Please ask a question in words."))
        asked = self._timeline_answer(q)
        if asked is not None:
            return AnswerStream.of(asked)
        passages, window = self._search(q)
        return self._answer_stream(q, passages, window)

    def _answer_stream(self, q: Question, passages: list[Passage], window: TimeWindow | None) -> AnswerStream:
        """The answer from passages already retrieved (a watched question's re-check retrieves first)."""
        if should_refuse(passages, self.settings.answer.refusal_threshold, question=q.text, idf=self.keywords.idf):
            return AnswerStream.of(refusal(q.standalone, self.answerer_name, passages=passages, window=window))
        return self.answerer.stream(q.standalone, passages, today=q.as_of, window=window).searched(window)

    def _timeline_answer(self, q: Question) -> Answer | None:
        """A question asking for a story's developments ("How has X unfolded?", "Timeline of X") answered with its
        timeline (rag/timeline/types.py); None for any other question."""
        from rag.timeline.types import timeline_question

        ask = timeline_question(q.text, q.as_of)
        if ask is None:
            return None
        since = ask.since or (q.filters.date_from if q.filters else None)
        until = ask.until or (q.filters.date_to if q.filters else None)
        tl = self.timeline(ask.topic, today=q.as_of, since=since, until=until, filters=q.filters)
        # No dated development found (an undated store, or one fact asked: squad's "What happened to the dynamos in
        # the power station?" was refused with "No dated reports …"): the question is answered as any other.
        return tl.to_answer(q.standalone) if tl.lines else None
