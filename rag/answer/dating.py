"""Passage dates as answers use them: relative to the asking date for the prompt, and "newest first" among
sentences that answer about equally well (a toll revised, a negotiator replaced: the latest report wins)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rag.answer.expected import PERSON, expected_kind, holds_kind, holds_new_full_name
from rag.text import content_terms
from rag.types import Passage

# Sentence scores within this much of the best count as a tie that the newest passage wins. Kept small: on the
# news set (bench/README.md) the margin barely matters (answer-contains 0.539 / 0.526 / 0.539 / 0.539 at
# 0 / 0.03 / 0.06 / 0.1: the extractive misses there are the wrong sentence of the right article), while on the
# demo articles a wider one (0.04 apart) lets a newer but vaguer sentence beat "Khalil al-Hayya led the Hamas
# delegation" (tests/rag/conversation/test_chat.py).
TIE_MARGIN = 0.03


def stored_day(value: str | None) -> date | None:
    """The day of a stored ISO date (a passage's ``date``), None when absent or unreadable."""
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def relative_day(value: str | None, today: date) -> str | None:
    """'2025-10-07' with today 2025-10-09 → '2 days ago'; None when undated."""
    d = stored_day(value)
    if d is None:
        return None
    n = (today - d).days
    if n == 0:
        return "today"
    if n == 1:
        return "yesterday"
    if n == -1:
        return "tomorrow"
    if abs(n) < 14:
        amount = f"{abs(n)} days"
    elif abs(n) < 61:
        amount = f"{round(abs(n) / 7)} weeks"
    elif abs(n) < 730:
        amount = f"{round(abs(n) / 30.4)} months"
    else:
        amount = f"{round(abs(n) / 365.25)} years"
    return f"{amount} ago" if n > 0 else f"in {amount}"


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def calendar_day(d: date, today: date | None = None) -> str:
    """'15 Aug 2025'; '15 Aug' when ``today`` falls in the same year.

    The prompt's dates: Qwen's tokenizer spends a token per digit, so '2025-08-15' costs 10 tokens and '15 Aug' 4
    (a dated passage header 16 → 9 tokens with its relative day; prompt tokens cost ~22 ms each on 2 cores).
    Month names rather than locale-dependent strftime('%b').
    """
    text = f"{d.day} {_MONTHS[d.month - 1]}"
    return text if today is not None and d.year == today.year else f"{text} {d.year}"


def published_note(p: Passage, today: date) -> str | None:
    """'published 7 Oct, 2 days ago' for the prompt; None when the passage is undated."""
    d = stored_day(p.date)
    if d is None:
        return None
    return f"published {calendar_day(d, today)}, {relative_day(p.date, today)}"


def period_end(window) -> date | None:
    """The last day of the period a question names ("two weeks ago", "on 12 August", "in late September"): its
    window proper, not the reporting lag retrieval adds; None when it names no days, or none of them holds an
    article (the window was widened to everything up to the asking date). ``window``: a ``rag.types.TimeWindow``.

    "Newest" in an answer means newest up to this day: a report after it states what changed later, not what was
    true then (the same reading as the retrieval's evidence stage, rag/retrieval/evidence.py)."""
    if window is None or not getattr(window, "phrase", "") or getattr(window, "note", "") or not window.end:
        return None
    return stored_day(window.end)


def _after(d: date | None, until: date | None) -> bool:
    return d is not None and until is not None and d > until


def prefer_newest(scores: Sequence[float], days: Sequence[str | None], margin: float = TIE_MARGIN,
                  until: date | None = None) -> int:
    """Index of the item to take: the best score, or among those within ``margin`` of it, the newest dated one
    (undated items never win a tie over a dated one; equal dates keep the better score; items dated after
    ``until``, the asked period's end, never win a tie)."""
    if not scores:
        raise ValueError("no candidates")
    best = max(range(len(scores)), key=scores.__getitem__)
    tied = [i for i in range(len(scores)) if scores[i] >= scores[best] - margin and stored_day(days[i]) is not None
            and not _after(stored_day(days[i]), until)]
    if not tied:
        return best
    return max(tied, key=lambda i: (stored_day(days[i]), scores[i]))


def newest_first(passages: list[Passage], until: date | None = None) -> list[Passage]:
    """Dated passages newest first, then undated ones, each group in retrieval order (a stable sort); with
    ``until`` (the asked period's end, `period_end`), passages dated after it come last, in retrieval order.

    The prompt's order for the model: Qwen2.5-1.5B mostly answers from whichever passage states the fact most
    plainly and ignores the "give the newest" rule when the passages come in retrieval order ("Patrice Vandermeer
    runs Lumora Telecom [2]", from three weeks back, over "Anjali Roos is running Lumora Telecom as interim chief
    executive [1]"). Measured on the news set (bench/CHANGELOG.md, "The generated answer on news"); an undated
    store keeps its order.
    """
    days = [stored_day(p.date) for p in passages]
    if not any(days):
        return list(passages)

    def key(i: int):
        later = _after(days[i], until)
        return later, days[i] is None, 0 if later else -(days[i].toordinal() if days[i] else 0), i

    return [passages[i] for i in sorted(range(len(passages)), key=key)]


def report_ages(passages: list[Passage], until: date | None = None) -> list[str | None]:
    """"latest" for the passages of the newest day, "earlier" for older dated ones; None for undated ones, and for
    all when fewer than two days are present (nothing to tell apart). With ``until`` (the asked period's end),
    "latest" is the newest day up to it and passages dated after it are "later".

    Words the small model heeds where dates alone do not: with "latest report" / "earlier report" in the headers it
    answered the newest value more often on the news set (bench/CHANGELOG.md, "The generated answer on news").
    """
    days = [stored_day(p.date) for p in passages]
    distinct = {d for d in days if d}
    if len(distinct) < 2:
        return [None] * len(passages)
    within = {d for d in distinct if not _after(d, until)}
    newest = max(within) if within else None
    return [None if d is None else "later" if _after(d, until) else ("latest" if d == newest else "earlier")
            for d in days]


SUPERSEDE_WINDOW = 8  # best-ranked sentences compared
SHARED_QUESTION_TERMS = 2  # two sentences answering the same question share at least this many of its words
SUPERSEDE_SCORE_GAP = 0.15  # the newer sentence ranks at most this far below the older one it replaces


def drop_superseded(ranked: list, passages: list[Passage], question: str, until: date | None = None) -> list:
    """``ranked`` sentences (best first, with ``passage_index`` and ``text``) without those a newer report replaces.

    An older sentence goes when a newer one among the best ``SUPERSEDE_WINDOW`` answers the same question: both hold
    the kind of answer asked for (a full name, a number, a date: rag/answer/expected.py), share at least
    ``SHARED_QUESTION_TERMS`` of the question's words and score within ``SUPERSEDE_SCORE_GAP`` ("Lumora Telecom is
    run by chief executive Patrice Vandermeer", 3 weeks old, gives way to "Anjali Roos is running Lumora Telecom as
    interim chief executive"). News set, local model, every 3rd question: answer contains 0.774 → 0.849.
    The time window of the question has already chosen the passages, so "the newest" means the newest in it. The
    1.5B model ignored the prompt's "give the newest" rule when both were shown (bench/CHANGELOG.md, "The
    generated answer on news"); undated sentences are never dropped and never drop others, and a sentence dated
    after ``until`` (the asked period's end, `period_end`) never drops one: it is what changed afterwards.
    """
    kind = expected_kind(question)
    if kind is None or len(ranked) < 2:
        return ranked
    q_terms = set(content_terms(question))
    need = min(SHARED_QUESTION_TERMS, len(q_terms))
    if need == 0:
        return ranked
    head = ranked[:SUPERSEDE_WINDOW]
    holds = holds_new_full_name if kind == PERSON else (lambda text, q: holds_kind(text, kind, q))
    info = []
    for c in head:
        day = stored_day(passages[c.passage_index].date)
        answers = day is not None and holds(c.text, question)
        info.append((day, answers, set(content_terms(c.text)) & q_terms, getattr(c, "score", 0.0)))
    dropped = set()
    for i, (day, answers, terms, score) in enumerate(info):
        if not answers or len(terms) < need:
            continue
        for j, (day2, answers2, terms2, score2) in enumerate(info):
            if (j != i and answers2 and day2 > day and not _after(day2, until) and len(terms & terms2) >= need
                    and score2 >= score - SUPERSEDE_SCORE_GAP):
                dropped.add(i)
                break
    return [c for i, c in enumerate(head) if i not in dropped] + ranked[SUPERSEDE_WINDOW:]
