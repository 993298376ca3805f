"""The no-LLM answerer: picks the passage sentence that best answers the question and cites it.

Sentences of the top passages are scored by dense similarity to the question (the same MiniLM embedder),
overlap with the question's content words weighted by rarity among the candidates, and the passage's
retrieval rank. Fast (one small embedding batch) and always available.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from datetime import date

from rag.answer.dating import drop_superseded, period_end, prefer_newest
from rag.answer.expected import expected_kind, holds_kind
from rag.answer.hedges import hedged
from rag.answer.holders import every_holder
from rag.answer.predicate import asked_events, checked, problem
from rag.answer.stream import AnswerStream
from rag.answer.refusal import refusal
from rag.text import content_terms, passage_sentences, without_context
from rag.types import Answer, Citation, Passage, TimeWindow

MAX_PASSAGES = 5
W_DENSE, W_LEXICAL, W_RANK = 0.5, 0.4, 0.1
W_KIND = 0.1  # a sentence holding the kind of answer asked for (rag/answer/expected.py)
W_HEDGE = 0.15  # taken off a sentence that speculates or recaps (rag/answer/hedges.py)
EVENT_TRIES = 5  # candidates searched for one that states the event a question asks (rag/answer/predicate.py)


@dataclass
class _Candidate:
    passage_index: int
    start: int
    end: int
    text: str
    score: float = 0.0


def _is_statement(sentence: str, title: str) -> bool:
    """Headlines and headings restate the topic but answer nothing: they are not candidate answers."""
    s = sentence.strip()
    if len(s) <= 3 or s.startswith("#"):
        return False
    return s.rstrip(".").lower() != title.strip().rstrip(".").lower()


class ExtractiveAnswerer:
    name = "extractive"

    def __init__(self, embedder, max_sentences: int = 1, every_holder: bool = True):
        self.embedder = embedder
        self.max_sentences = max_sentences
        self.every_holder = every_holder  # name every holder of the role asked about (rag/answer/holders.py)

    def rank_sentences(self, question: str, passages: list[Passage],
                       window: TimeWindow | None = None) -> list[_Candidate]:
        """The passages' statements, best first, without those a newer report up to the end of the period the
        question names replaces (``window``: the ``TimeWindow`` searched; rag.answer.dating.period_end).

        The date words stay in the question scored: stripped ("two weeks ago" matched "promoted two seasons ago"),
        news set extractive contains went 0.695 -> 0.682 (2 won, 4 lost: "appointed ... on Monday" answers
        "since Monday"). A bonus of 0.1 for a sentence of a report dated inside the period: 0.695 -> 0.675 (3 lost,
        none won): retrieval's window bonus already ranks those reports first, and the bonus lifted their other
        sentences over the answer."""
        cands = [
            _Candidate(i, s, e, p.text[s:e])
            for i, p in enumerate(passages[:MAX_PASSAGES])
            for s, e in passage_sentences(p.text)
            if _is_statement(p.text[s:e], p.title)
        ]
        if not cands:
            return []
        question = without_context(question)
        q_terms = set(content_terms(question))
        sent_terms = [set(content_terms(c.text)) for c in cands]
        df = Counter(t for terms in sent_terms for t in terms)
        n = len(cands)
        idf = {t: math.log(1 + n / df.get(t, 0.5)) for t in q_terms}
        q_weight = sum(idf.values()) or 1.0
        vecs = self.embedder.encode_queries([question] + [c.text for c in cands])
        dense = vecs[1:] @ vecs[0]
        kind = expected_kind(question)
        for c, terms, d in zip(cands, sent_terms, dense):
            lexical = sum(idf[t] for t in q_terms & terms) / q_weight
            c.score = (W_DENSE * float(d) + W_LEXICAL * lexical + W_RANK / (1 + c.passage_index)
                       + W_KIND * holds_kind(c.text, kind, question) - W_HEDGE * hedged(c.text, question))
        ranked = sorted(cands, key=lambda c: c.score, reverse=True)
        # The same sentence twice (wire copies, overlapping chunks) would take two of the few places an excerpt
        # has: the best-scored copy stays.
        seen: set[str] = set()
        unique = []
        for c in ranked:
            key = " ".join(c.text.lower().split())
            if key not in seen:
                seen.add(key)
                unique.append(c)
        return drop_superseded(unique, passages, question, period_end(window))

    def answer(self, question: str, passages: list[Passage], *, today: date | None = None,
               window: TimeWindow | None = None) -> Answer:
        return self.answer_from_ranked(question, passages, self.rank_sentences(question, passages, window), window)

    def answer_from_ranked(self, question: str, passages: list[Passage], ranked: list[_Candidate],
                           window: TimeWindow | None = None) -> Answer:
        """The answer made of the best ``max_sentences`` of ``ranked`` (rank_sentences' result)."""
        if not ranked:
            return refusal(question, self.name, passages=passages)
        # Among near-ties the newest passage's sentence (up to the asked period's end) answers: news revises itself
        # (rag/answer/dating.py).
        first = prefer_newest([c.score for c in ranked], [passages[c.passage_index].date for c in ranked],
                              until=period_end(window))
        ranked.insert(0, ranked.pop(first))
        stating = self._stating_event(question, passages, ranked)
        if stating:
            ranked.insert(0, ranked.pop(stating))
        chosen = ranked[: self.max_sentences]
        numbers: dict[int, int] = {}
        citations: list[Citation] = []
        parts: list[str] = []
        for c in chosen:
            if c.passage_index not in numbers:
                numbers[c.passage_index] = len(numbers) + 1
                citations.append(Citation.from_passage(numbers[c.passage_index], passages[c.passage_index],
                                                       (c.start, c.end)))
            parts.append(f"{c.text.strip()} [{numbers[c.passage_index]}]")
        ans = checked(Answer(answer=" ".join(parts), citations=citations, refused=False, question=question,
                             answerer=self.name, passages=passages))
        return every_holder(ans, passages) if self.every_holder else ans

    @staticmethod
    def _stating_event(question: str, passages: list[Passage], ranked: list[_Candidate]) -> int:
        """Index of the first of the best ``EVENT_TRIES`` candidates that states the event the question asks about
        (0 when the first does, or none does: the answer is then refused by ``checked``). A later one must also hold
        the kind of value asked for: "The winner will be named later" states no winner."""
        question = without_context(question)
        if not asked_events(question):
            return 0
        kind = expected_kind(question)
        for i, c in enumerate(ranked[:EVENT_TRIES]):
            if i and kind and not holds_kind(c.text, kind, question):
                continue
            if problem(question, Citation.from_passage(1, passages[c.passage_index], (c.start, c.end))) is None:
                return i
        return 0

    def stream(self, question: str, passages: list[Passage], *, today: date | None = None,
               window: TimeWindow | None = None) -> AnswerStream:
        return AnswerStream.of(self.answer(question, passages, today=today, window=window))


