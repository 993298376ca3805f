"""Passage dates as answers use them: relative to the asking date for the prompt, and "newest first" among
sentences that answer about equally well (a toll revised, a negotiator replaced: the latest report wins)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rag.types import Passage

# Sentence scores within this much of the best count as a tie that the newest passage wins. Kept small: on the
# news set (bench/README.md) the margin barely matters (answer-contains 0.539 / 0.526 / 0.539 / 0.539 at
# 0 / 0.03 / 0.06 / 0.1: the extractive misses there are the wrong sentence of the right article), while on the
# demo articles a wider one (0.04 apart) lets a newer but vaguer sentence beat "Khalil al-Hayya led the Hamas
# delegation" (tests/rag/test_chat.py).
TIE_MARGIN = 0.03


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def relative_day(value: str | None, today: date) -> str | None:
    """'2025-10-07' with today 2025-10-09 → '2 days before today'; None when undated."""
    d = _day(value)
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
    return f"{amount} {'before' if n > 0 else 'after'} today"


def published_note(p: Passage, today: date) -> str | None:
    """'published 2025-10-07, 2 days before today' for the prompt; None when the passage is undated."""
    rel = relative_day(p.date, today)
    return f"published {p.date}, {rel}" if rel else None


def prefer_newest(scores: Sequence[float], days: Sequence[str | None], margin: float = TIE_MARGIN) -> int:
    """Index of the item to take: the best score, or among those within ``margin`` of it, the newest dated one
    (undated items never win a tie over a dated one; equal dates keep the better score)."""
    if not scores:
        raise ValueError("no candidates")
    best = max(range(len(scores)), key=scores.__getitem__)
    tied = [i for i in range(len(scores)) if scores[i] >= scores[best] - margin and _day(days[i]) is not None]
    if not tied:
        return best
    return max(tied, key=lambda i: (_day(days[i]), scores[i]))
