"""The answer-evidence stage: the first candidates after the re-ranker and the time bonuses, judged as answers.

Within one week of news, a preview ("X could face a fine of up to $40 million", "A and B are seen as the
frontrunners", "in talks to raise as much as") shares the question's words with the report that answers it, and an
early report ("at least 10 confirmed dead") shares them with the later, definite one ("at least 14 people are now
known to have died"). Two adjustments to the top ``evidence_depth`` candidates of a dated store, no model call
(an undated store skips the stage: on squad the speculation cost took hit@1 0.916 -> 0.908, recall@5 0.988 both):

- **Speculation costs.** A chunk loses ``evidence_hedge_weight * (best - best_hedged)``: ``best`` is the idf-weighted
  question coverage of its best sentence, ``best_hedged`` the same with each sentence that speculates in words the
  question does not use (rag/answer/hedges.py) counted at ``HEDGED_SHARE`` of its coverage. A chunk whose best
  sentence is a plain statement loses nothing.
- **The latest report of a story.** In a dated store, among the candidates holding at least
  ``evidence_story_coverage`` of the question's terms (idf-weighted, whole chunk) and dated inside the question's
  window (any day up to the asking date when it names none), those of the newest day gain ``evidence_newest_bonus``.
  Reports after a window's end never gain it: "in late August" is not answered by September's report.

Measured old vs new on the same stores (bench/README.md, "The answer-evidence stage"); the weights were chosen on
captured candidate lists of both news sets: hit@1 on bench/quiz_set 0.963 -> 1.000 with both, 0.986 with the
hedge cost alone; bench/news_set 0.916 -> 0.955 (0.922 alone). Tried and dropped: a bonus for a sentence holding
the kind of answer asked for (a number for "how much", a name for "who"; rag/answer/expected.py) as a factor of
the evidence (news hit@1 0.922 -> 0.909); a bonus for title coverage (quiz 0.977 -> 0.963); the evidence added as
a score of its own rather than only as a cost (news 0.916 -> 0.851: it outweighs the window); the newest bonus
without the window limit (news 0.922 -> 0.903: September's report won questions about August).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import date

from rag.answer.hedges import cues
from rag.retrieval.rerank import IdfLookup
from rag.text import content_terms, passage_sentences, without_context

HEDGED_SHARE = 0.3  # a speculating sentence's coverage counts this much as evidence (0 and 0.3 measured the same)


@functools.lru_cache(maxsize=8192)
def _statements(text: str, title: str) -> tuple[tuple[frozenset[str], frozenset[str]], ...]:
    """(content terms, hedge cues) of each sentence of ``text`` that is not its title repeated (a headline
    restates the topic and says nothing of what happened: "Who will win the Orrin Prize?")."""
    head = title.strip().rstrip(".").lower()
    out = []
    for s, e in passage_sentences(text):
        sentence = text[s:e].strip()
        if len(sentence) <= 3 or (head and sentence.rstrip(".").lower() == head):
            continue
        out.append((frozenset(content_terms(sentence)), frozenset(cues(sentence))))
    return tuple(out)


def _coverage(terms: frozenset[str], q_terms: set[str], idf: dict[str, float], total: float) -> float:
    return sum(idf.get(t, 1.0) for t in q_terms & terms) / total


def hedge_costs(question: str, texts: Sequence[str], titles: Sequence[str], idf_lookup: IdfLookup,
                weight: float) -> list[float]:
    """What each chunk loses for holding its best match to the question only in speculation (0 for most)."""
    q = without_context(question)
    q_terms = set(content_terms(q))
    if not q_terms or weight <= 0:
        return [0.0] * len(texts)
    idf = idf_lookup(q_terms)
    total = sum(idf.get(t, 1.0) for t in q_terms) or 1.0
    asked = cues(q)
    out = []
    for text, title in zip(texts, titles):
        best = best_hedged = 0.0
        for terms, sentence_cues in _statements(text, title):
            c = _coverage(terms, q_terms, idf, total)
            best = max(best, c)
            best_hedged = max(best_hedged, c * HEDGED_SHARE if sentence_cues - asked else c)
        out.append(weight * (best - best_hedged))
    return out


def newest_bonuses(question: str, texts: Sequence[str], days: Sequence[date | None], in_window: Sequence[bool],
                   idf_lookup: IdfLookup, bonus: float, min_coverage: float) -> list[float]:
    """``bonus`` for the candidates of the newest day among those that cover the question's story
    (``min_coverage`` of its terms) and are dated inside the window; nothing when they span fewer than two days."""
    q_terms = set(content_terms(without_context(question)))
    if not q_terms or bonus <= 0:
        return [0.0] * len(texts)
    idf = idf_lookup(q_terms)
    total = sum(idf.get(t, 1.0) for t in q_terms) or 1.0
    story = []
    for i, (text, day, inside) in enumerate(zip(texts, days, in_window)):
        if day is None or not inside:
            continue
        terms = frozenset(content_terms(text))
        if _coverage(terms, q_terms, idf, total) >= min_coverage:
            story.append((day, i))
    out = [0.0] * len(texts)
    if len({d for d, _ in story}) < 2:
        return out
    newest = max(d for d, _ in story)
    for d, i in story:
        if d == newest:
            out[i] = bonus
    return out
