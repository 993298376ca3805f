"""Publication dates: whatever form a document gives its date in, stored as one ``YYYY-MM-DD`` day.

Parsing is left to kept libraries: ``dateutil``'s ISO parser for the common machine form, ``dateparser`` for
everything people and feeds write ("Oct 9, 2025", RFC 822 "Thu, 09 Oct 2025 14:00:00 +0000", "9 October 2025"),
and ``dateutil`` for year-first dates in file names ("2025-10-09-ceasefire.md", "ap_20251009_gaza.html").
HTML dates come from trafilatura (htmldate underneath: ``article:published_time``, JSON-LD ``datePublished``,
``<time datetime>``). A timestamp keeps the day it was written in (``2025-10-09T23:30-05:00`` is the 9th, where
its readers were), not the UTC day. A date without a day of month ("October 2025") counts as the 1st; a bare
year is too vague to rank by and is dropped with a warning. Documents without any date stay first-class: they
are stored without one.
"""

from __future__ import annotations

import functools
import re
from datetime import date, datetime
from pathlib import Path

MIN_YEAR, MAX_YEAR = 1800, 2200  # outside this a "date" is a misparse (a number in a file name, an id)

# Keys an article's date goes by in .jsonl records and front matter, in order of preference.
DATE_KEYS = ("date", "published", "published_at", "publishedat", "pubdate", "datepublished", "date_published",
             "created")


def normalize_date(value: object) -> str | None:
    """``value`` (a string in any common format, a date or a datetime) → ``'YYYY-MM-DD'``; None if it is not a
    full enough date (at least month and year)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return _checked(value.date())
    if isinstance(value, date):
        return _checked(value)
    text = str(value).strip()[:200]
    if not text:
        return None
    if text.startswith("D:"):  # PDF dates: D:YYYYMMDDHHmmSS+hh'mm'
        text = text[2:].replace("'", "")
    return _checked(_iso(text) or _natural(text) or _full_date_in(text))


# Where a file name holds its date: year first, as archives and static-site generators name files
# (2025-10-09-ceasefire.md, ap_20251009_gaza.html, 2025.10.09 talks.txt). Only locating is done here; the token
# is parsed by dateutil. Looser forms are left alone on purpose: "hp_200102_Lakers_season" (a 2001–02 season)
# and "Tornado_outbreak_of_March_23_2012" (the event, not the publication) would date a corpus wrongly.
_NAME_DATE = re.compile(r"(?<![0-9])(?:[12][0-9]{3}[-_.][01][0-9][-_.][0-3][0-9]|[12][0-9]{3}[01][0-9][0-3][0-9])(?![0-9])")


def date_from_filename(path: str | Path) -> str | None:
    """A year-first full date (2025-10-09, 2025_10_09, 20251009) in a file name, or None."""
    m = _NAME_DATE.search(Path(str(path)).stem)
    if not m:
        return None
    token = re.sub(r"[-_.]", "", m.group(0))
    return _checked(_full_date_in(f"{token[:4]}-{token[4:6]}-{token[6:]}"))


def document_date(raw: object, path: str | Path | None = None) -> tuple[str | None, str | None]:
    """The day to store for a document: its own metadata date, else a date in its file name.

    Returns ``(day or None, warning or None)``: a metadata date that cannot be read is reported, not fatal.
    """
    day = normalize_date(raw)
    warning = None
    if raw not in (None, "") and day is None:
        warning = f"date {str(raw)[:60]!r} not understood; stored without a date"
    if day is None and path is not None:
        day = date_from_filename(path)
        if day is not None:
            warning = None
    return day, warning


def first_date_field(fields: dict) -> object | None:
    """The first non-empty date-like value among ``DATE_KEYS`` (keys compared case-insensitively)."""
    lowered = {str(k).lower(): v for k, v in fields.items()}
    for key in DATE_KEYS:
        v = lowered.get(key)
        if v not in (None, ""):
            return v
    return None


def _checked(d: date | None) -> str | None:
    if d is None or not MIN_YEAR <= d.year <= MAX_YEAR:
        return None
    return d.isoformat()


def _iso(text: str) -> date | None:
    from dateutil.parser import isoparse

    if len(text) < 10 or text[4] != "-":  # isoparse also takes "2025" or "202510": too vague or ambiguous here
        return None
    try:
        return isoparse(text).date()
    except (ValueError, OverflowError):
        return None


@functools.lru_cache(maxsize=1)
def _parser():
    from dateparser.date import DateDataParser

    # REQUIRE_PARTS: "2023" alone would otherwise become 2023-<this month>-<today>; a missing day becomes the 1st.
    return DateDataParser(settings={"PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["month", "year"]})


@functools.lru_cache(maxsize=4096)
def _natural(text: str) -> date | None:
    try:
        found = _parser().get_date_data(text)
    except (ValueError, OverflowError, TypeError):
        return None
    return found.date_obj.date() if found and found.date_obj else None


_DEFAULTS = (datetime(1901, 1, 1), datetime(1902, 2, 2))


def _full_date_in(text: str) -> date | None:
    """dateutil's fuzzy parse, accepted only when year, month and day all come from the text: parsing with two
    different defaults gives the same result only then ("report-v2" would otherwise be "the 2nd")."""
    from dateutil import parser

    try:
        a, b = (parser.parse(text, fuzzy=True, default=d) for d in _DEFAULTS)
    except (ValueError, OverflowError, TypeError):
        return None
    return a.date() if a == b else None

