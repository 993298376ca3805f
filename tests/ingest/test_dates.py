"""Publication dates in every format a source gives them end up as one YYYY-MM-DD day."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from ingest.dates import date_from_filename, document_date, first_date_field, normalize_date


@pytest.mark.parametrize("raw", [
    "Oct 9, 2025", "9 October 2025", "Thu, 09 Oct 2025 14:00:00 +0000", "2025-10-09T14:00:00Z",
    "2025-10-09T23:30:00-05:00",  # late evening in New York: still the 9th where it was written
    "2025-10-09", "20251009", "D:20251009120000+02'00'", "10/09/2025",
    date(2025, 10, 9), datetime(2025, 10, 9, 23, 59, tzinfo=timezone(timedelta(hours=-5))),
])
def test_formats_become_one_day(raw):
    assert normalize_date(raw) == "2025-10-09"


def test_month_without_day_is_its_first_day_and_vague_or_bad_values_are_none():
    assert normalize_date("October 2025") == "2025-10-01"
    for bad in ("2023", "garbage", "", None, "1/2/99999"):
        assert normalize_date(bad) is None


@pytest.mark.parametrize("name, day", [
    ("2025-10-09-ceasefire-talks.md", "2025-10-09"), ("ap_20251009_gaza.html", "2025-10-09"),
    ("story-2025_10_09.txt", "2025-10-09"), ("2025.10.09 talks.txt", "2025-10-09"),
    ("report-v2.txt", None), ("talks 3 may.txt", None), ("q3-2024-report.pdf", None),
    ("hp_200102_Los_Angeles_Lakers_season.txt", None),  # a 2001-02 season, not a day
    ("Tornado_outbreak_of_March_23_2012.txt", None),  # the event's day, not the publication's
    ("2025-13-45-x.txt", None), ("id_123420251009999.txt", None),
])
def test_year_first_dates_in_file_names(name, day):
    assert date_from_filename(name) == day


def test_metadata_date_wins_over_file_name_and_unreadable_one_is_reported():
    assert document_date("Oct 1, 2025", "2025-10-09-x.md") == ("2025-10-01", None)
    assert document_date("soon", "2025-10-09-x.md") == ("2025-10-09", None)
    day, warning = document_date("soon", "story.md")
    assert day is None and "'soon'" in warning
    assert document_date(None, "story.md") == (None, None)


def test_first_date_field_knows_the_usual_keys():
    assert first_date_field({"title": "x", "pubDate": "Thu, 09 Oct 2025 14:00:00 +0000"}).startswith("Thu")
    assert first_date_field({"Published": "2025-10-09", "created": "2020-01-01"}) == "2025-10-09"
    assert first_date_field({"title": "x"}) is None
