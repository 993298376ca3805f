"""Date expressions in questions resolve to windows of publication days relative to the asking date."""

from __future__ import annotations

from datetime import date

import pytest

from rag.retrieval.timeframe import find_timeframe, strip_timeframe

TODAY = date(2025, 10, 22)  # a Wednesday


@pytest.mark.parametrize("question, start, end", [
    ("What did he say yesterday?", "2025-10-21", "2025-10-21"),
    ("What did Hamas say last week?", "2025-10-13", "2025-10-19"),
    ("What happened in the past week?", "2025-10-15", "2025-10-22"),
    ("What happened this week?", "2025-10-16", "2025-10-22"),  # the seven days up to today, as quizzes mean it
    ("Which country held a vote early Wednesday?", "2025-10-22", "2025-10-22"),  # asked on a Wednesday: today
    ("What did the minister say last Wednesday?", "2025-10-15", "2025-10-15"),
    ("Who resigned on Tuesday?", "2025-10-21", "2025-10-21"),
    ("What happened this month?", "2025-10-01", "2025-10-22"),
    ("What happened last month?", "2025-09-01", "2025-09-30"),
    ("Who led the talks in October?", "2025-10-01", "2025-10-22"),  # never past the asking date
    ("What happened in November?", "2024-11-01", "2024-11-30"),  # the latest November not after today
    ("What did the minister say on 9 October 2025?", "2025-10-09", "2025-10-09"),
    ("Who said it on Sept. 30?", "2025-09-30", "2025-09-30"),
    ("What happened in 2023?", "2023-01-01", "2023-12-31"),
    ("What changed since Monday?", "2025-10-20", "2025-10-22"),
    ("How many seats did they win two weeks ago?", "2025-10-06", "2025-10-12"),
    ("What did the report say 3 days ago?", "2025-10-19", "2025-10-19"),
    ("Who led the talks in early October?", "2025-10-01", "2025-10-10"),
    ("What was decided in mid-October 2025?", "2025-10-11", "2025-10-20"),
    ("What did the court rule at the end of September?", "2025-09-21", "2025-09-30"),
    ("What was said between 1 and 9 October?", "2025-10-01", "2025-10-09"),
    ("Who spoke on Friday?", "2025-10-17", "2025-10-17"),
    ("What happened over the weekend?", "2025-10-18", "2025-10-19"),
    ("What did they say in May?", "2025-05-01", "2025-05-31"),
    ("What league position did the club hold in the week of 4 August?", "2025-08-04", "2025-08-10"),
    ("What burned area was reported on Friday, 8 August 2025?", "2025-08-08", "2025-08-08"),
])
def test_expressions_resolve_against_the_asking_date(question, start, end):
    tf = find_timeframe(question, TODAY)
    assert tf is not None
    assert (tf.start.isoformat(), tf.end.isoformat()) == (start, end)


def test_open_windows():
    tf = find_timeframe("What was the toll before 5 October?", TODAY)
    assert tf.start is None and tf.end == date(2025, 10, 4)
    tf = find_timeframe("What was the toll as of 2025-10-09?", TODAY)
    assert tf.start is None and tf.end == date(2025, 10, 9)


@pytest.mark.parametrize("question", [
    "Who may win the second round?", "Which march drew crowds in the capital?", "What is the 2026 budget?",
    "Who won 3 seats in the election?", "Who is the current negotiator?", "Who led the Hamas delegation?",
    "As of today, who runs the company?",
])
def test_no_window_without_a_date_expression(question):
    assert find_timeframe(question, TODAY) is None


def test_the_date_words_leave_the_retrieval_question():
    q = "Who led the talks in early October?"
    assert strip_timeframe(q, find_timeframe(q, TODAY)) == "Who led the talks?"
    q = "What happened yesterday?"
    assert strip_timeframe(q, find_timeframe(q, TODAY)) == "What happened?"
    assert strip_timeframe("Yesterday?", find_timeframe("Yesterday?", TODAY)) == "Yesterday?"
