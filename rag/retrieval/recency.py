"""Time in retrieval: the asking date hides later articles, a date in the question sets a window, and with no
date in the question a soft recency prior is fused with relevance.

The prior is added to the re-rank score: ``weight * 0.5 ** (age_days / half_life_days)``, age counted back from
the asking date. It tips near-ties between versions of one story towards the newest without a hard cut, so a
question about an older event still finds its article when that article is clearly the more relevant one.
Undated passages in a dated store get the pool's mean bonus: neither favoured nor buried. Nothing here runs for
a store without dates, which therefore ranks exactly as before (the squad and hotpot figures do not move).
Tuned on the news set (bench/README.md, "Time-aware ranking"; the sweep: bench/CHANGELOG.md, "Tuning the recency
prior").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from ingest.schema import DAY
from rag.retrieval.timeframe import Timeframe, find_timeframe, strip_timeframe
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
    """The time side of one search: the asking date (a hard limit: later articles are hidden) and, when the
    question names days, its window (a soft one: evidence about when, scored by `time_bonuses`, never a filter)."""

    today: date
    window: Timeframe | None = None
    lag_days: int = 3  # reports up to this many days after the window still report on it

    @property
    def hi(self) -> int:
        return day_number(self.today)

    @property
    def window_days(self) -> tuple[date | None, date] | None:
        """The window's first and last day, its end stretched by the reporting lag (never past the asking date)."""
        if self.window is None:
            return None
        end = min(self.window.end or self.today, self.today)
        return self.window.start, min(end + timedelta(days=self.lag_days), self.today)

    @property
    def reference(self) -> date:
        """The day recency counts back from: the window's end, else the asking date."""
        if self.window is not None and self.window.end is not None:
            return min(self.window.end, self.today)
        return self.today

    def where(self, base: dict | None) -> dict:
        """Chroma ``where`` for dated chunks up to the asking date (and matching ``base``)."""
        clauses = [base] if base else []
        clauses.append({DAY: {"$lte": self.hi}})
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}

    def window_where(self, base: dict | None) -> dict:
        """Chroma ``where`` for chunks dated inside the (lag-stretched) window: their own candidate list, so the
        window's articles are always among those scored, however the whole store ranks."""
        lo, hi = self.window_days or (None, self.today)
        clauses = [base] if base else []
        if lo is not None:
            clauses.append({DAY: {"$gte": day_number(lo)}})
        clauses.append({DAY: {"$lte": day_number(hi)}})
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}

    def accepts_day(self, day: int | None) -> bool:
        """Whether a chunk with this ``day`` (None = undated) may be used: not dated after the asking date."""
        return day is None or day <= self.hi

    def in_story_window(self, d: date) -> bool:
        """Whether a report of day ``d`` may be the latest word on the question's story: inside the window proper
        (not its reporting lag: September's report does not answer "in late August"), or with no window, any day
        up to the asking date."""
        if self.window is None:
            return d <= self.today
        return (self.window.start is None or d >= self.window.start) and d <= self.reference

    def in_window(self, day: int | None) -> bool:
        d = from_day_number(day) if day is not None else None
        if d is None or self.window_days is None:
            return False
        lo, hi = self.window_days
        return (lo is None or d >= lo) and d <= hi


def recency_bonuses(days: list[int | None], today: date, weight: float, half_life_days: float) -> list[float]:
    """The prior for each candidate (``days``: YYYYMMDD or None); undated ones get the mean of the dated ones.
    With a window, ``today`` is its end: reports after it are as far as those before."""
    return _halving(days, weight, half_life_days, lambda d: abs((today - d).days))


def window_bonuses(days: list[int | None], when: When, weight: float, half_life_days: float) -> list[float]:
    """``weight`` for a candidate dated inside the window, halved every ``half_life_days`` outside it; undated ones
    get the mean. A clearly better article a few days outside the window still wins; one months away does not.
    Reports in the lag after the window are candidates (`When.window_where`) but get no full credit: on the news
    set, full credit for them took hit@1 on questions about a past period from 0.96 to 0.54 (a later report on the
    story states the newer value)."""
    if when.window is None:
        return [0.0] * len(days)
    lo, hi = when.window.start, when.reference
    return _halving(days, weight, half_life_days,
                    lambda d: (lo - d).days if lo is not None and d < lo else max(0, (d - hi).days))


def _halving(days: list[int | None], weight: float, half_life_days: float, away) -> list[float]:
    """``weight * 0.5 ** (away(day) / half_life_days)`` per candidate; undated ones get the mean of the dated."""
    if weight <= 0 or half_life_days <= 0:
        return [0.0] * len(days)
    out: list[float | None] = []
    for n in days:
        d = from_day_number(n) if n is not None else None
        out.append(None if d is None else weight * 0.5 ** (away(d) / half_life_days))
    dated = [x for x in out if x is not None]
    mean = sum(dated) / len(dated) if dated else 0.0
    return [mean if x is None else x for x in out]


def time_bonuses(days: list[int | None], when: When, settings) -> list[float]:
    """Recency (counted back from the window's end, so it still acts inside "this year") plus window fit."""
    rec = recency_bonuses(days, when.reference, settings.recency_weight, settings.recency_half_life_days)
    win = window_bonuses(days, when, settings.window_weight, settings.window_half_life_days)
    return [a + b for a, b in zip(rec, win)]


def search_as_of(retriever, question: str, top_k: int | None, flt, today: date) -> tuple[list[Passage], TimeWindow | None]:
    """Search as of ``today``: everything up to ``today``, ranked with the recency prior and, when the question
    names days that hold articles, a bonus for its window (searched without its date words). Returns the passages
    and the window used (None for a store without dates, which is searched exactly as before)."""
    if not retriever.has_dates():
        return retriever.search(question, top_k, flt), None
    tf = find_timeframe(question, today)
    if tf is not None:
        when = When(today, tf, lag_days=retriever.settings.window_lag_days)
        window = TimeWindow(as_of=today.isoformat(), start=tf.start.isoformat() if tf.start else None,
                            end=tf.end.isoformat() if tf.end else None, phrase=tf.phrase)
        if retriever.window_has_chunks(when, flt):
            return retriever.search(strip_timeframe(question, tf), top_k, flt, when), window
        window.note = "no articles are dated in it, so all articles up to the asking date were searched"
        return retriever.search(question, top_k, flt, When(today)), window
    return retriever.search(question, top_k, flt, When(today)), TimeWindow(as_of=today.isoformat())
