"""The dated news evaluation set (bench/news_set): its shape, its gold labels, and that it is what the generator
writes. Cheap checks (no model): they keep the benchmark honest as the generator changes."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from rag.eval.metrics import contains_answer
from tests.conftest import ROOT
from tests.rag.generated_sets import assert_generated_equals, set_fixtures

NEWS = ROOT / "bench" / "news_set"
DATA = NEWS / "data"

ds, table, texts = set_fixtures(DATA)


def test_size_span_stories_and_formats(ds, table):
    assert len(ds.doc_ids) == len(table) >= 150 and len(set(ds.doc_ids)) == len(ds.doc_ids)
    days = [date.fromisoformat(r["date"]) for r in table.values()]
    assert (max(days) - min(days)).days >= 70  # at least 10 weeks
    assert len({r["story"] for r in table.values()}) >= 10
    assert sum(1 for r in table.values() if r["copy_of"]) >= 20  # wire copies crowd results
    formats = Counter(r["format"] for r in table.values())
    assert set(formats) == {"md_iso", "md_us", "md_uk", "md_rfc822", "md_isotime", "html_meta", "html_jsonld",
                            "jsonl", "filename", "undated"}
    assert all(not r["carries_date"] for r in table.values() if r["format"] == "undated")
    assert all(k.startswith(r["date"]) for k, r in table.items() if r["format"] == "filename")


def test_questions_have_dates_types_and_gold_documents(ds, table, texts):
    assert len(ds.items) >= 150
    types = Counter(q.extra["type"] for q in ds.items)
    assert set(types) == {"latest", "no_date", "past_period", "explicit_date", "relative", "unanswerable"}
    assert 0.08 <= types["unanswerable"] / len(ds.items) <= 0.15
    known = set(ds.doc_ids)
    for q in ds.items:
        assert q.question_date is not None, q.id
        if q.unanswerable:
            assert not q.doc_ids and not q.answers, q.id
            continue
        assert q.doc_ids and set(q.doc_ids) <= known, q.id
        for d in q.doc_ids:
            # Gold: published on or before the asking date, and it holds the answer in words.
            assert date.fromisoformat(table[d]["date"]) <= q.question_date, (q.id, d)
            assert contains_answer(texts[d], q.answers), (q.id, d, q.answers)
        # No answer string gives the answer away in the question itself.
        assert not contains_answer(q.question, q.answers), q.id


def test_unanswerable_questions_have_no_answer_on_or_before_their_date(ds, table, texts):
    for q in (q for q in ds.items if q.unanswerable):
        future = q.extra.get("future_answers") or []
        if not future:
            continue  # never reported at all
        for d, r in table.items():
            if r["story"] != q.extra["story"] or date.fromisoformat(r["date"]) > q.question_date:
                continue
            assert r["facts"].get(q.extra["fact"]) not in future, (q.id, d)
            # Figures appear nowhere earlier; names may (a candidate named in a profile before she wins).
            figures = [a for a in future if any(ch.isdigit() for ch in a)]
            assert not contains_answer(texts[d], figures), (q.id, d)


def test_committed_data_is_what_the_generator_writes(tmp_path):
    assert_generated_equals("bench.news_set.make_news_set", DATA, tmp_path / "data")
