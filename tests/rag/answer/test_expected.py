"""The kind of answer a question asks for, and whether a sentence holds one (rag/answer/expected.py)."""

import pytest

from rag.answer.expected import DATE, NUMBER, PERSON, expected_kind, holds_kind


@pytest.mark.parametrize("question, kind", [
    ("Who led the Hamas delegation?", PERSON),
    ("As of today, who runs the telecom company?", PERSON),
    ("Which official did she meet?", PERSON),
    ("How many monitors are deployed along the line?", NUMBER),
    ("At what level is the price cap now?", NUMBER),
    ("What league position did the club hold last week?", NUMBER),
    ("When will the reconstruction conference take place?", DATE),
    ("On which day did the delegations meet?", DATE),
    ("What position does Majed Faraj hold?", None),  # a job, not a place in a table
    ("What did the two agree on?", None),
])
def test_expected_kind(question, kind):
    assert expected_kind(question) == kind


def test_a_name_a_number_or_a_date_not_already_in_the_question_counts():
    q = "Who runs Lumora Telecom?"
    assert holds_kind("The board of Lumora Telecom appointed Kenji Barraclough chief executive.", PERSON, q)
    # Capitalised words from the question, sentence starts, weekdays and months are not an answer.
    assert not holds_kind("Lumora Telecom shares slipped on Tuesday in October.", PERSON, q)
    n = "How many monitors does the council have on the line?"
    assert holds_kind("120 monitors from the council are deployed.", NUMBER, n)
    assert holds_kind("The council now has forty monitors.", NUMBER, n)
    assert not holds_kind("The council runs the monitoring mission.", NUMBER, n)
    d = "When did the talks in Cairo start?"
    assert holds_kind("The talks started on 9 October 2025.", DATE, d)
    assert not holds_kind("The talks in Cairo started after a long delay.", DATE, d)
    assert not holds_kind("Anything at all.", None, d)
