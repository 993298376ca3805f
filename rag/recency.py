"""Time in retrieval: the asking date hides later articles, a date in the question sets a window, and with no
date in the question a soft recency prior is fused with relevance.

The prior is added to the re-rank score: ``weight * 0.5 ** (age_days / half_life_days)``, age counted back from
the asking date. It tips near-ties between versions of one story towards the newest without a hard cut, so a
question about an older event still finds its article when that article is clearly the more relevant one.
Undated passages in a dated store get the pool's mean bonus: neither favoured nor buried. Nothing here runs for
a store without dates, which therefore ranks exactly as before (the squad and hotpot figures do not move).
Tuned on the news set (bench/README.md, "News: time-aware retrieval").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from ingest.schema import DAY
from rag.timeframe import Timeframe, find_timeframe, strip_timeframe
from rag.types import Passage, TimeWindow


def day_number(d: date) -> int:
    """date → YYYYMMDD, the integer form chunks carry as ``day`` (Chroma compares numbers only)."""
    return d.year * 10000 + d.month * 100 + d.day


def from_day_number(n: int) -> date | None:
    try:
        return date(n // 10000, n // 100 % 100, n % 100)
    except (TypeError, ValueError):
        return None


def as_day(today: date | datetime | str | None) -> date:
    """The asking date from what callers pass: a date, a datetime, 'YYYY-MM-DD', or None (= now, local time)."""
    if today is None:
        return date.today()
    if isinstance(today, datetime):
        return today.date()
    if isinstance(today, date):
        return today
    try:
        return date.fromisoformat(str(today).strip()[:10])
    except ValueError:
        raise ValueError(f"the asking date must look like 2025-10-09, not {today!r}") from None


@dataclass(frozen=True)
class When:
    """The time side of one search: the asking date and, when the question names one, its window."""

    today: date
    window: Timeframe | None = None

    @property
    def lo(self) -> int | None:
        return day_number(self.window.start) if self.window and self.window.start else None

    @property
    def hi(self) -> int:
        end = min(self.window.end, self.today) if self.window and self.window.end else self.today
        return day_number(end)

    def where(self, base: dict | None) -> dict:
        """Chroma ``where`` for chunks dated inside this search's days (and matching ``base``)."""
        clauses = [base] if base else []
        lo = self.lo
        if lo:
            clauses.append({DAY: {"$gte": lo}})
        clauses.append({DAY: {"$lte": self.hi}})
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}

    def accepts_day(self, day: int | None) -> bool:
        """Whether a chunk with this ``day`` (None = undated) may be used."""
        if day is None:
            return self.window is None  # an undated chunk cannot be shown to be inside a window
        return day <= self.hi and (self.lo is None or day >= self.lo)


def recency_bonuses(days: list[int | None], today: date, weight: float, half_life_days: float) -> list[float]:
    """The prior for each candidate (``days``: YYYYMMDD or None); undated ones get the mean of the dated ones."""
    if weight <= 0 or half_life_days <= 0:
        return [0.0] * len(days)
    out: list[float | None] = []
    for n in days:
        d = from_day_number(n) if n is not None else None
        if d is None:
            out.append(None)
            continue
        age = max(0, (today - d).days)
        out.append(weight * 0.5 ** (age / half_life_days))
    dated = [b for b in out if b is not None]
    mean = sum(dated) / len(dated) if dated else 0.0
    return [mean if b is None else b for b in out]


def search_as_of(retriever, question: str, top_k: int | None, flt, today: date) -> tuple[list[Passage], TimeWindow | None]:
    """Search as of ``today``: the question's own window when it names days that hold articles (searched without
    its date words), else everything up to ``today`` with the recency prior. Returns the passages and the window
    used (None for a store without dates, which is searched exactly as before)."""
    if not retriever.has_dates():
        return retriever.search(question, top_k, flt), None
    tf = find_timeframe(question, today)
    if tf is not None:
        when = When(today, tf)
        window = TimeWindow(as_of=today.isoformat(), start=tf.start.isoformat() if tf.start else None,
                            end=tf.end.isoformat() if tf.end else None, phrase=tf.phrase)
        if retriever.window_has_chunks(when, flt):
            return retriever.search(strip_timeframe(question, tf), top_k, flt, when), window
        window.note = "no articles are dated in it, so all articles up to the asking date were searched"
        return retriever.search(question, top_k, flt, When(today)), window
    return retriever.search(question, top_k, flt, When(today)), TimeWindow(as_of=today.isoformat())
