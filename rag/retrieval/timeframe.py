"""Date expressions in a question → the window of publication days it asks about, resolved against the asking
date: "yesterday", "last week", "this month", "in October", "on 9 October 2025", "in 2023", "since Monday",
"two weeks ago", "early October", "between 1 and 9 October".

Relative periods are a small mapping written here (no library maps "last week" to a Monday-to-Sunday span).
Absolute dates are parsed by dateparser, which also says how precise they are (day, month or year). Spans are
located with one pattern of month names, numbers and prepositions rather than dateparser's ``search_dates``,
which reads the modal "may" and the noun "march" as months, returns "on Sept" for "on Sept. 30" and only "2025"
for "mid-October 2025" (tried on this module's test questions).

Conventions, chosen for news: "this week" is the seven days up to today, as news quizzes mean it (asked late in
the week about the reports of the seven days before, the previous weekend included: reading it as Monday to today
dropped the right article for 26 of 281 real quiz questions, issue 24); "last week" is the previous calendar week
(Monday to Sunday), "the past week" the seven days up to today; a weekday name is the latest such day, today
included ("early Thursday" asked on a Thursday is today), "last Thursday" the one before today; a month or day without a year is the latest one not after the asking date;
"early / mid / late" a month are its days 1–10, 11–20 and 21–end; windows never end after the asking date.
"""

from __future__ import annotations

import calendar
import functools
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
            "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "couple of": 2, "few": 3}
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_NUM = r"(\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|couple of|few)"
_UNIT = r"(day|week|month|year)s?"
_WD = r"(monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_WD_ANY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"

_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?"
          r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_DAY = r"(?:\d{1,2}(?:st|nd|rd|th)?)"
_YEAR = r"(?:1[89]\d\d|2[01]\d\d)"
_ABS = (rf"(?:{_YEAR}-\d{{1,2}}-\d{{1,2}}"                       # 2025-10-09
        rf"|\d{{1,2}}/\d{{1,2}}/{_YEAR}"                            # 10/09/2025
        rf"|(?:the\s+)?{_DAY}(?:\s+of)?\s+{_MONTH}(?:,?\s+{_YEAR})?"  # 9 October 2025, the 9th of Oct
        rf"|{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?(?!\d)"               # October 9, 2025
        rf"|{_MONTH},?\s+{_YEAR}"                                   # October 2025
        rf"|{_MONTH}|{_YEAR})")                                     # October / 2023 (need a preposition)
_PREP = r"(since|after|from|before|until|till|by|on|at|in|during|over|as of|throughout)"
_PART = r"(early|mid|late|the start of|the beginning of|the middle of|the end of)"
_ABSOLUTE = re.compile(rf"\b(?:{_PREP}\s+)?(?:{_PART}[\s-]+)?(?:{_WD_ANY},?\s+)?({_ABS})(?![\w-])", re.I)
_WEEK_OF = re.compile(rf"\b(?:(?:in|during|over)\s+)?the\s+week\s+(?:of|beginning|starting)\s+({_ABS})(?![\w-])", re.I)
_RANGE = re.compile(rf"\b(?:between|from)\s+(?:the\s+)?({_DAY}|{_ABS})\s+(?:and|to|until|till|through)\s+({_ABS})"
                    rf"(?![\w-])", re.I)


@dataclass(frozen=True)
class Timeframe:
    """Publication days a question asks about (inclusive; None = open), and the words that said so."""

    start: date | None
    end: date | None
    phrase: str
    span: tuple[int, int] = (0, 0)

    def describe(self) -> str:
        lo = self.start.isoformat() if self.start else "the earliest"
        hi = self.end.isoformat() if self.end else "the latest"
        days = lo if self.start == self.end else f"{lo} to {hi}"
        return f"{days} (“{self.phrase}”)"


def find_timeframe(question: str, today: date) -> Timeframe | None:
    """The window set by the first date expression in ``question``, or None when it has none."""
    found = [tf for tf in (_relative(question, today), _range(question, today), _week_of(question, today),
                           _absolute(question, today)) if tf]
    if not found:
        return None
    tf = min(found, key=lambda t: (t.span[0], -(t.span[1] - t.span[0])))
    end = min(tf.end, today) if tf.end else today
    start = tf.start
    if start is not None and start > end:  # a window wholly after the asking date: nothing can be in it
        start = end
    return Timeframe(start, end, tf.phrase, tf.span)


def strip_timeframe(question: str, tf: Timeframe | None) -> str:
    """The question without its date words, for retrieval ("Who led the talks in early October?" → "Who led the
    talks?"): the window already selects the days, and the words would only pull in passages that mention them."""
    if tf is None or tf.span == (0, 0):
        return question
    s, e = tf.span
    out = (question[:s].rstrip() + " " + question[e:].lstrip()).strip()
    out = re.sub(r"\s+([?.!,])", r"\1", out)
    return out if any(ch.isalnum() for ch in out) else question


# --- relative expressions -------------------------------------------------------------------------------------

def _monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


def _month_span(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _months_back(d: date, n: int) -> tuple[int, int]:
    k = d.year * 12 + d.month - 1 - n
    return k // 12, k % 12 + 1


def _count(word: str) -> int:
    word = word.lower()
    return int(word) if word.isdigit() else _NUMBERS.get(word, 1)


def _last_weekday(today: date, name: str, strictly_before: bool) -> date:
    back = (today.weekday() - _WEEKDAYS.index(name.lower())) % 7
    if back == 0 and strictly_before:
        back = 7
    return today - timedelta(days=back)


def _ago(n: int, unit: str, today: date) -> tuple[date, date]:
    unit = unit.lower()
    if unit == "day":
        d = today - timedelta(days=n)
        return d, d
    if unit == "week":
        m = _monday(today) - timedelta(weeks=n)
        return m, m + timedelta(days=6)
    if unit == "month":
        return _month_span(*_months_back(today, n))
    return date(today.year - n, 1, 1), date(today.year - n, 12, 31)


def _past(n: int, unit: str, today: date) -> tuple[date, date]:
    unit = unit.lower()
    if unit == "day":
        return today - timedelta(days=n - 1 if n > 1 else 1), today
    if unit == "week":
        return today - timedelta(weeks=n), today
    if unit == "month":
        y, m = _months_back(today, n)
        return date(y, m, min(today.day, calendar.monthrange(y, m)[1])), today
    return date(today.year - n, today.month, min(today.day, 28)), today


def _weekend(today: date, last: bool) -> tuple[date, date]:
    """On a weekend, "this weekend" is the current one and "last weekend" the one before; on a weekday both
    mean the one just gone."""
    sat = _monday(today) + timedelta(days=5)
    if sat > today or last:
        sat -= timedelta(weeks=1)
    return sat, sat + timedelta(days=1)


# (pattern, function of (match, today) → (start, end)); matched case-insensitively on word boundaries.
_RELATIVE = [
    (r"(?:the )?day before yesterday", lambda m, t: (t - timedelta(days=2),) * 2),
    (r"yesterday", lambda m, t: (t - timedelta(days=1),) * 2),
    # "as of today" / "up to today" mean the latest state, not articles of today only
    (r"(?<!as of )(?<!up to )(?<!until )(?:today|tonight|this (?:morning|afternoon|evening))", lambda m, t: (t, t)),
    (rf"{_NUM} {_UNIT} ago", lambda m, t: _ago(_count(m.group(1)), m.group(2), t)),
    (rf"(?:in |over |during )?(?:the |this )?(?:past|last|previous) {_NUM} {_UNIT}",
     lambda m, t: _past(_count(m.group(1)), m.group(2), t)),
    (r"(?:in |over |during )?(?:the|this) (?:past|last) (day|week|month|year)",
     lambda m, t: _past(1, m.group(1), t)),
    (r"(?:earlier |so far )?this week", lambda m, t: (t - timedelta(days=6), t)),
    (r"last week|the previous week|the week before", lambda m, t: _ago(1, "week", t)),
    (r"(?:earlier |so far )?this month", lambda m, t: (t.replace(day=1), t)),
    (r"last month|the previous month", lambda m, t: _ago(1, "month", t)),
    (r"(?:earlier |so far )?this year", lambda m, t: (date(t.year, 1, 1), t)),
    (r"last year|the previous year", lambda m, t: _ago(1, "year", t)),
    (r"this weekend|over the weekend", lambda m, t: _weekend(t, last=False)),
    (r"last weekend", lambda m, t: _weekend(t, last=True)),
    (rf"since (?:last )?{_WD}", lambda m, t: (_last_weekday(t, m.group(1), strictly_before=True), t)),
    (rf"last {_WD}", lambda m, t: (_last_weekday(t, m.group(1), strictly_before=True),) * 2),
    (rf"(?:on |(?:early|late) (?:on )?)?{_WD}(?!,?\s+(?:the\s+)?\d|,?\s+{_MONTH})",
     lambda m, t: (_last_weekday(t, m.group(1), strictly_before=False),) * 2),
]
_RELATIVE_RE = [(re.compile(rf"\b(?:{p})\b", re.I), f) for p, f in _RELATIVE]


def _relative(question: str, today: date) -> Timeframe | None:
    best: Timeframe | None = None
    for rx, fn in _RELATIVE_RE:
        m = rx.search(question)
        if m and (best is None or m.start() < best.span[0]
                  or (m.start() == best.span[0] and m.end() > best.span[1])):
            start, end = fn(m, today)
            best = Timeframe(start, end, m.group(0), (m.start(), m.end()))
    return best


# --- absolute dates (parsed by dateparser) ------------------------------------------------------------------

@functools.lru_cache(maxsize=64)
def _parser(today: date):
    from dateparser.date import DateDataParser

    base = datetime(today.year, today.month, today.day, 12)
    return DateDataParser(languages=["en"], settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past",
                                                      "PREFER_DAY_OF_MONTH": "first"})


def parse_period(text: str, today: date) -> tuple[date, date] | None:
    """'October' → that month, latest not after today; '9 Oct 2025' → that day; '2023' → that year."""
    text = re.sub(r"^the\s+", "", text.strip(), flags=re.I)
    data = _parser(today).get_date_data(text)
    if not data or data.date_obj is None:
        return None
    d, period = data.date_obj.date(), data.period
    if period == "year":
        return date(d.year, 1, 1), date(d.year, 12, 31)
    has_year = re.search(_YEAR, text) is not None
    if period == "month":
        start, end = _month_span(d.year, d.month)
        if not has_year and start > today:
            start, end = _month_span(d.year - 1, d.month)
        return start, end
    if not has_year and d > today:
        d = d.replace(year=d.year - 1)
    return d, d


def _is_bare(text: str) -> bool:
    """A month name or year alone: a date only after a preposition ("in May" yes, "may" / "the 2026 budget" no)."""
    return re.fullmatch(rf"{_MONTH}|{_YEAR}", text.strip(), re.I) is not None


def _part_of(part: str, start: date, end: date) -> tuple[date, date]:
    part = part.lower()
    if start.day != 1 or (end - start).days < 27:  # only months have thirds
        return start, end
    if part == "early" or "start" in part or "beginning" in part:
        return start, start.replace(day=10)
    if part == "mid" or "middle" in part:
        return start.replace(day=11), start.replace(day=20)
    return start.replace(day=21), end


def _absolute(question: str, today: date) -> Timeframe | None:
    for m in _ABSOLUTE.finditer(question):
        prep, part, text = m.group(1), m.group(2), m.group(3)
        if _is_bare(text) and not (prep or part):
            continue
        if text.lower().rstrip(".") == "may" and not text[0].isupper():
            continue
        period = parse_period(text, today)
        if period is None:
            continue
        start, end = period
        if part:
            start, end = _part_of(part, start, end)
        p = (prep or "").lower()
        if p in ("since", "after", "from"):
            start, end = (start if p != "after" else end + timedelta(days=1)), today
        elif p in ("before",):
            start, end = None, start - timedelta(days=1)
        elif p in ("until", "till", "by", "as of"):
            start = None
        return Timeframe(start, end, m.group(0), (m.start(), m.end()))
    return None


def _week_of(question: str, today: date) -> Timeframe | None:
    """"the week of 4 August": Monday to Sunday of the week holding that day."""
    m = _WEEK_OF.search(question)
    period = parse_period(m.group(1), today) if m else None
    if period is None:
        return None
    monday = _monday(period[0])
    return Timeframe(monday, monday + timedelta(days=6), m.group(0), (m.start(), m.end()))


def _range(question: str, today: date) -> Timeframe | None:
    m = _RANGE.search(question)
    if not m:
        return None
    second = parse_period(m.group(2), today)
    if second is None:
        return None
    first_text = m.group(1)
    if re.fullmatch(_DAY, first_text, re.I):  # "between 1 and 9 October": the day takes the second's month
        day = int(re.match(r"\d+", first_text).group(0))
        try:
            first = (second[0].replace(day=day),) * 2
        except ValueError:
            return None
    else:
        first = parse_period(first_text, today)
        if first is None:
            return None
    return Timeframe(first[0], second[1], m.group(0), (m.start(), m.end()))
