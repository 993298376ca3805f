"""A one-sentence answer that restates the question around its fact is cut to the fact (rag/answer/concise.py)."""

from __future__ import annotations

import pytest

from rag.answer.concise import fact_alone


@pytest.mark.parametrize("question, answer, expected", [
    # the restated question goes, the fact and its marker stay (replies of Qwen2.5-1.5B on the news set)
    ("Who became the head of Lumora Telecom this month?",
     "Anjali Roos became the head of Lumora Telecom this month. [1]", "Anjali Roos [1]"),
    ("What pay increase were the Calderport port employers offering in mid-September?",
     "The Calderport port employers were offering a 4.2 percent pay increase in mid-September [1].",
     "4.2 percent [1]"),
    ("When was the Corriden Line 4 extension due to open, as planned last week?",
     "November 2025, as planned last week. [2][3]", "November 2025 [2][3]"),
    ("Which candidate leads the polls?", "Callum Reddy [1] leads the polls.", "Callum Reddy [1]"),
    # kept whole: already the fact alone; a negation; two new runs (more than one fact); no name, number or date
    ("Who led the Hamas delegation?", "Khalil al-Hayya [1]", "Khalil al-Hayya [1]"),
    ("Who won the Ardleigh mayoral election?", "Simone Achterberg did not win the Ardleigh mayoral election [1].",
     "Simone Achterberg did not win the Ardleigh mayoral election [1]."),
    ("Who is mediating between Kessary and Dorvan?",
     "Henrik Solvang took over mediation between Kessary and Dorvan on 5 September, replacing Amara Quist. [1]",
     "Henrik Solvang took over mediation between Kessary and Dorvan on 5 September, replacing Amara Quist. [1]"),
    ("What did the court decide about the Hallberg Foods fine?",
     "The court decided that the fine had been gathered improperly. [3]",
     "The court decided that the fine had been gathered improperly. [3]"),
    # kept whole: yes/no and choice questions, several sentences, an uncited reply
    ("Did the talks in Cairo resume this week?", "The talks in Cairo resumed this week on 9 October [1].",
     "The talks in Cairo resumed this week on 9 October [1]."),
    ("Who leads the polls, Reddy or Achterberg?", "Reddy leads the polls [1].", "Reddy leads the polls [1]."),
    ("Who became the head of Lumora Telecom?",
     "Anjali Roos became the head of Lumora Telecom [1]. She replaced Patrice Vandermeer [2].",
     "Anjali Roos became the head of Lumora Telecom [1]. She replaced Patrice Vandermeer [2]."),
])
def test_a_restated_question_is_cut_to_its_fact_and_anything_else_is_kept(question, answer, expected):
    assert fact_alone(answer, question) == expected
