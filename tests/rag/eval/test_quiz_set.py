"""The news-quiz evaluation set (bench/quiz_set): its shape, its gold labels, the real-quiz behaviours it promises
(seven-day "this week", developing stories, roundups), and that it is what the generator writes. No model."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest

from rag.eval.metrics import contains_answer
from tests.conftest import ROOT
from tests.rag.generated_sets import assert_generated_equals, set_fixtures

QUIZ = ROOT / "bench" / "quiz_set"
DATA = QUIZ / "data"
TYPES = {"this_week", "weekday", "last_week", "this_month", "this_year", "no_date", "explicit_date", "unanswerable"}

ds, table, texts = set_fixtures(DATA)


def _day(table, doc_id) -> date:
    return date.fromisoformat(table[doc_id]["date"])


def test_size_roles_and_lengths(ds, table, texts):
    assert 250 <= len(ds.doc_ids) == len(table) <= 400 and set(ds.doc_ids) == set(table) == set(texts)
    days = [_day(table, d) for d in table]
    assert (max(days) - min(days)).days >= 16 * 7 - 7
    roles = Counter(r["role"] for r in table.values())
    assert roles["brief"] >= 15 and roles["digest"] >= 8  # roundups exist
    assert roles["sibling"] >= 50 and roles["wire"] >= 10 and roles["update"] >= 15
    assert all(140 <= r["words"] <= 520 for r in table.values())
    for r in table.values():
        if r["role"] in ("brief", "digest"):  # 8-15 stories, a sentence or two each (some are everyday filler)
            assert len(r["events"]) >= 2 and texts[r["doc_id"]].count(".") >= 10, r["doc_id"]


def test_questions_types_and_gold(ds, table, texts):
    assert 200 <= len(ds.items) <= 260
    types = Counter(q.extra["type"] for q in ds.items)
    assert set(types) == TYPES
    assert 0.35 <= types["this_week"] / len(ds.items) <= 0.45
    assert 0.07 <= types["unanswerable"] / len(ds.items) <= 0.13
    for q in ds.items:
        assert q.question_date is not None and q.extra["source_doc"] in table, q.id
        if q.unanswerable:
            assert not q.doc_ids and not q.answers, q.id
            continue
        assert q.doc_ids and q.extra["source_doc"] in q.doc_ids, q.id
        assert q.extra["lag_days"] is not None and 0 <= q.extra["lag_days"] <= 3, q.id
        for d in q.doc_ids:
            assert _day(table, d) <= q.question_date, (q.id, d)
            assert contains_answer(texts[d], q.answers), (q.id, d, q.answers)
        assert not contains_answer(q.question, q.answers), q.id
    assert any(table[d]["role"] in ("brief", "digest") for q in ds.items for d in q.doc_ids)


def test_this_week_reaches_back_before_monday(ds, table):
    tw = [q for q in ds.items if q.extra["type"] == "this_week"]
    assert all(q.question_date.weekday() in (3, 4, 5) for q in tw)  # asked Thursday to Saturday
    for q in tw:
        assert q.question_date - _day(table, q.extra["source_doc"]) <= timedelta(days=6), q.id
    before = [q for q in tw if _day(table, q.extra["source_doc"]) < q.question_date - timedelta(
        days=q.question_date.weekday())]
    assert len(before) >= 0.25 * len(tw)


def test_developing_stories_have_older_competing_values(ds, table, texts):
    """A question on a changed value: an earlier report of the same event states an older value."""
    changed = 0
    for q in ds.answerable:
        fact = f"{q.extra['event']}:{q.extra['fact']}"
        older = [d for d, r in table.items() if fact in r["facts"] and _day(table, d) <= q.question_date
                 and d not in q.doc_ids]
        if older:
            changed += 1
            assert all(not contains_answer(texts[d], q.answers) for d in older if q.answers[0][0].isdigit()), q.id
    assert changed >= 10


def test_previews_compete_inside_the_week_without_the_answer(ds, table, texts):
    """A preview (shortlist, frontrunners, a rumoured figure) comes 2-6 days before its event and states none of its
    facts; it sits in the seven days before many "this week" questions about that event."""
    previews = {d: r for d, r in table.items() if r["role"] == "preview"}
    assert len(previews) >= 40
    for d, r in previews.items():
        assert not r["facts"] and d not in {g for q in ds.items for g in q.doc_ids}, d
    competing = 0
    for q in (q for q in ds.answerable if q.extra["type"] == "this_week"):
        pid = f"{q.extra['event']}-p"
        if pid in previews and 0 < (q.question_date - _day(table, pid)).days <= 7:
            competing += 1
            if not q.answers[0][0].isdigit():
                continue  # a shortlist may name the later winner: not as the fact
            assert not contains_answer(texts[pid], q.answers), q.id
    assert competing >= 20, competing


def test_unanswerable_have_no_answer_by_their_day(ds, table):
    for q in (q for q in ds.items if q.unanswerable):
        fact = f"{q.extra['event']}:{q.extra['fact']}"
        assert not any(fact in r["facts"] for d, r in table.items() if _day(table, d) <= q.question_date), q.id


def test_committed_data_is_what_the_generator_writes(tmp_path):
    assert_generated_equals("bench.quiz_set.make_quiz_set", DATA, tmp_path / "data")
