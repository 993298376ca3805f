"""The question pipeline: the ``Assistant`` methods that search and answer (a mixin, so that rag/assistant.py
keeps the doors and the lazy parts).

A question is cleaned (whitespace folded, cut at ``MAX_QUESTION_CHARS``), searched as of its asking day
(rag/retrieval/recency.py), answered as a timeline when it asks for a story's developments (rag/timeline/), refused
when the passages do not carry it (rag/answer/refusal.py), else answered by the configured answerer.
"""

from __future__ import annotations

from datetime import date

from rag.answer.refusal import REFUSAL_TEXT, should_refuse
from rag.answer.stream import AnswerStream
from rag.retrieval.retrieve import SearchFilter
from rag.text import without_context
from rag.types import Answer, Passage, TimeWindow

MAX_QUESTION_CHARS = 2000  # longer questions are cut: the embedder reads 256 word pieces anyway


class Asking:
    """Mixed into ``rag.assistant.Assistant`` (which provides settings, retriever, store, keywords, answerer,
    ``_writes``, ``_notice_other_writers`` and ``refresh_keyword_index``)."""

    @staticmethod
    def _clean_question(question: str) -> str:
        q = " ".join((question or "").split())
        return q[:MAX_QUESTION_CHARS]

    def search(self, question: str, top_k: int | None = None, filters: SearchFilter | None = None,
               today: date | str | None = None) -> list[Passage]:
        """Passages for ``question`` as of ``today`` (default: now): articles dated later are not used, a date
        in the question ("last week", "in early October") sets a window, and recent articles are preferred."""
        return self._search(question, top_k, filters, today)[0]

    def _search(self, question: str, top_k: int | None, filters: SearchFilter | None,
                today: date | str | None) -> tuple[list[Passage], TimeWindow | None]:
        from rag.retrieval.recency import as_day, search_as_of

        day = as_day(today)
        q = self._clean_question(question)
        if not q:
            return [], None
        # While this Assistant is ingesting, Chroma and the keyword index are written call by call and the counts
        # differ for a moment: searches use the index as it is instead of repairing it from a half-written store
        # (tests/ui/test_concurrency.py).
        if not self._writes:
            self._notice_other_writers()
            self.refresh_keyword_index()
        return search_as_of(self.retriever, q, top_k, filters, day)

    def timeline(self, topic: str, today: date | str | None = None, since: date | str | None = None,
                 until: date | str | None = None, filters: SearchFilter | None = None):
        """The story's developments as of ``today``, oldest first (``rag.timeline.types.Timeline``): one cited line each,
        wire copies merged into one line listing its sources, disagreeing sources named. ``since``/``until``:
        publication days (inclusive; a date in ``topic`` such as "in October" sets them when they are not given);
        ``filters``: only these documents. About 0.5 s for a 10-development story (bench/README.md, "Timelines")."""
        from rag.timeline.build import build_timeline

        q = self._clean_question(topic)
        if q and not self._writes:
            self._notice_other_writers()
            self.refresh_keyword_index()
        return build_timeline(self.retriever, self.store, self.embedder, self.settings, q, today=today, since=since,
                              until=until, doc_ids=filters.doc_ids if filters else None)

    def ask(self, question: str, top_k: int | None = None, filters: SearchFilter | None = None,
            today: date | str | None = None) -> Answer:
        return self.stream(question, top_k=top_k, filters=filters, today=today).answer()

    def stream(self, question: str, top_k: int | None = None, filters: SearchFilter | None = None,
               today: date | str | None = None) -> AnswerStream:
        """The answer as it is produced: iterate for text pieces; ``.answer()`` gives the final, validated Answer."""
        from rag.retrieval.recency import as_day

        day = as_day(today)
        q = self._clean_question(question)
        if not q or not any(ch.isalnum() for ch in q):
            return AnswerStream.of(Answer(answer="Please ask a question in words.", refused=True, question=question,
                                          answerer=self.answerer_name))
        asked = self._timeline_answer(q, filters, day)
        if asked is not None:
            return AnswerStream.of(asked)
        passages, window = self._search(q, top_k, filters, today)
        return self._answer_stream(q, passages, window, day)

    def _answer_stream(self, q: str, passages: list[Passage], window: TimeWindow | None,
                       day: date | None) -> AnswerStream:
        """The answer from passages already retrieved (a watched question's re-check retrieves first)."""
        if should_refuse(passages, self.settings.refusal_threshold, question=without_context(q),
                         idf=self.keywords.idf):
            return AnswerStream.of(Answer(answer=REFUSAL_TEXT, refused=True, question=q, answerer=self.answerer_name,
                                          passages=passages, window=window))
        return self.answerer.stream(q, passages, today=day).each_answer(lambda ans: setattr(ans, "window", window))

    def _timeline_answer(self, q: str, filters: SearchFilter | None, day: date) -> Answer | None:
        """A question asking for a story's developments ("How has X unfolded?", "Timeline of X") answered with its
        timeline (rag/timeline/types.py); None for any other question."""
        from rag.timeline.types import timeline_question

        ask = timeline_question(without_context(q), day)
        if ask is None:
            return None
        since = ask.since or (filters.date_from if filters else None)
        until = ask.until or (filters.date_to if filters else None)
        tl = self.timeline(ask.topic, today=day, since=since, until=until, filters=filters)
        return tl.to_answer(q)

