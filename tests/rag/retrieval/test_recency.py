"""Unit parts of time-aware answering: the recency prior, the asking-date cut, copies, relative dates."""

from __future__ import annotations

from datetime import date

import pytest

from rag.answer.dating import prefer_newest, published_note, relative_day
from rag.retrieval.dedup import collapse_near_duplicates
from rag.retrieval.recency import When, as_day, recency_bonuses, window_bonuses
from rag.retrieval.timeframe import find_timeframe
from rag.types import Passage

TODAY = date(2025, 10, 22)


def test_prior_halves_every_half_life_and_undated_get_the_mean():
    b = recency_bonuses([20251022, 20251008, None], TODAY, weight=0.4, half_life_days=14)
    assert b[0] == pytest.approx(0.4) and b[1] == pytest.approx(0.2)
    assert b[2] == pytest.approx(0.3)
    assert recency_bonuses([20251022, None], TODAY, weight=0.0, half_life_days=14) == [0.0, 0.0]


def test_asking_date_hides_later_days_a_window_only_prefers():
    w = When(TODAY)
    assert w.accepts_day(20251022) and w.accepts_day(None) and not w.accepts_day(20251023)
    w = When(TODAY, find_timeframe("in early October", TODAY), lag_days=3)
    # The asking date stays a hard limit; the window is evidence: days outside it are still usable.
    assert w.accepts_day(20251011) and w.accepts_day(None) and not w.accepts_day(20251023)
    assert w.in_window(20251001) and w.in_window(20251013) and not w.in_window(20251014)
    assert w.where({"doc_id": "x"}) == {"$and": [{"doc_id": "x"}, {"day": {"$lte": 20251022}}]}
    assert w.window_where(None) == {"$and": [{"day": {"$gte": 20251001}}, {"day": {"$lte": 20251013}}]}


def test_window_bonus_is_full_inside_and_fades_outside():
    w = When(TODAY, find_timeframe("in early October", TODAY), lag_days=3)
    inside, lagged, near, far, undated = window_bonuses([20251005, 20251013, 20251015, 20250901, None], w, 0.6, 2.0)
    assert inside == 0.6 and abs(lagged - 0.6 * 0.5 ** 1.5) < 1e-9 and abs(near - 0.6 * 0.5 ** 2.5) < 1e-9
    assert far < 1e-4
    assert abs(undated - (inside + lagged + near + far) / 4) < 1e-9
    assert window_bonuses([20251005], When(TODAY), 0.6, 2.0) == [0.0]  # no window, no bonus


def test_as_day_reads_what_callers_pass():
    assert as_day("2025-10-09") == date(2025, 10, 9)
    assert as_day(date(2025, 10, 9)) == date(2025, 10, 9)
    assert as_day(None) == date.today()
    with pytest.raises(ValueError, match="2025-10-09"):
        as_day("next Tuesday")


def _p(doc: str, text: str, day: str | None = None) -> Passage:
    return Passage(chunk_id=f"{doc}:0", doc_id=doc, source=f"/news/{doc}.txt", title=doc.upper(), text=text,
                   score=0.0, start=0, end=len(text), date=day)


STORY = ("The ceasefire talks resumed in Cairo on Tuesday with a new lead negotiator, Omar Haddad, replacing "
         "the veteran envoy who had led the delegation since the spring, officials said after the meeting.")


def test_wire_copies_collapse_into_the_best_ranked_one_listing_the_others():
    edited = STORY.replace("officials said after the meeting", "two officials told reporters") + " More talks follow."
    other = "Rain is expected across the north of the country at the weekend, forecasters said on Monday."
    out = collapse_near_duplicates([_p("a", STORY, "2025-10-21"), _p("b", other), _p("c", edited, "2025-10-22")],
                                   threshold=0.7)
    assert [p.doc_id for p in out] == ["a", "b"]
    assert [(o.doc_id, o.date) for o in out[0].also] == [("c", "2025-10-22")]


def test_passages_of_one_document_and_unrelated_ones_stay_apart():
    same_story = ("Omar Haddad, the new lead negotiator, arrived in Cairo on Tuesday; the ceasefire talks there "
                  "resumed after a week, and officials said the meeting went well.")
    ps = [_p("a", STORY), Passage(**{**_p("a", STORY).__dict__, "chunk_id": "a:1"}), _p("b", same_story),
          _p("c", "The ceasefire talks resumed in Cairo.")]
    assert len(collapse_near_duplicates(ps, threshold=0.7)) == 4
    assert len(collapse_near_duplicates([_p("a", STORY), _p("b", STORY)], threshold=1.01)) == 2
    # The same background paragraph in two articles a week apart: not copies of one report.
    assert len(collapse_near_duplicates([_p("a", STORY, "2025-10-01"), _p("b", STORY, "2025-10-08")], 0.7)) == 2


def test_relative_dates_for_the_prompt():
    assert relative_day("2025-10-20", TODAY) == "2 days ago"
    assert relative_day("2025-10-21", TODAY) == "yesterday"
    assert relative_day("2025-09-01", TODAY) == "7 weeks ago"
    assert relative_day("2025-10-25", TODAY) == "in 3 days"
    assert relative_day(None, TODAY) is None
    assert published_note(_p("a", "x", "2025-10-22"), TODAY) == "published 22 Oct, today"
    # The year is given when it is not today's: "15 Dec" alone would read as this December.
    assert published_note(_p("a", "x", "2024-12-15"), TODAY) == "published 15 Dec 2024, 10 months ago"


def test_newest_wins_only_among_near_ties():
    assert prefer_newest([0.80, 0.79, 0.50], ["2025-10-01", "2025-10-15", "2025-10-20"]) == 1
    assert prefer_newest([0.80, 0.60], ["2025-10-01", "2025-10-15"]) == 0
    assert prefer_newest([0.80, 0.79], ["2025-10-01", None]) == 0
    assert prefer_newest([0.80, 0.79], [None, None]) == 0


def test_a_kept_answer_keeps_its_window_and_the_copies_of_its_citations():
    from rag.conversation.kept import answer_from_dict
    from rag.types import Answer, Citation, OtherSource, TimeWindow

    p = _p("a", STORY, "2025-10-21")
    p.also.append(OtherSource("c", "/news/c.txt", "C", "2025-10-22", "c:0"))
    ans = Answer("Omar Haddad [1]", [Citation.from_passage(1, p)],
                 window=TimeWindow("2025-10-22", "2025-10-20", "2025-10-22", "this week"))
    back = answer_from_dict(ans.to_dict())
    assert back.window == ans.window and back.citations[0].also == p.also
