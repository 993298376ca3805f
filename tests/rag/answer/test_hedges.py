"""Hedged sentences (rag/answer/hedges.py): a preview's speculation is not chosen over the sentence that reports the
fact; when it is all there is, a question about the fact is refused and one about the speculation answered."""

from __future__ import annotations

import pytest

from rag.answer.hedges import cues, hedged
from rag.types import Passage


def _passage(i: int, text: str, day: str = "2026-03-12") -> Passage:
    return Passage(chunk_id=f"c{i}", doc_id=f"d{i}", source=f"/d{i}.md", title=f"Report {i}", text=text, score=1.0,
                   start=0, end=len(text), date=day)


@pytest.mark.parametrize("sentence, question, expected", [
    ("Unions warned that as many as 1,850 jobs could go at its site.", "How many jobs did Ardley say it would cut?",
     True),
    ("Ardley said it would cut more than 2,000 jobs.", "How many jobs did Ardley say it would cut?", False),
    ("How many jobs could go is unclear.", "How many jobs could go at Ardley?", False),  # the question's own word
    ("The story so far: at first, at least 10 people were killed.", "How many people died?", False),  # a recap
    ("The ceremony was held in May.", "When was the ceremony?", False),  # the month, not the verb
])
def test_hedged(sentence, question, expected):
    assert hedged(sentence, question) is expected, cues(sentence)


def test_the_report_is_chosen_over_the_preview(embedder):
    from rag.answer.extractive import ExtractiveAnswerer

    ex = ExtractiveAnswerer(embedder)
    preview = _passage(1, "Vossberg Pharma has set aside $38 million to cover a possible fine from the Velish Data "
                          "Protection Office, which has been looking into claims that it was mishandling customer "
                          "data.", "2026-03-09")
    report = _passage(2, "A penalty of 365 million euros was imposed on Vossberg Pharma on Wednesday, the Velish Data "
                         "Protection Office said, over mishandling customer data.")
    q = "How much was Vossberg Pharma fined by the Velish Data Protection Office?"
    assert "365 million euros" in ex.answer(q, [preview, report]).answer
    alone = ex.answer(q, [preview])  # all there is: a possible fine is not the fine (rag/answer/predicate.py)
    assert alone.refused and "$38 million" not in alone.answer, alone.answer
    # a question that asks for the speculation gets it
    assert "$38 million" in ex.answer("How much was set aside to cover a possible fine?", [preview]).answer
    unions = _passage(3, "Unions at Harrowgate Insurance warned that as many as 1,850 jobs could go at its site in "
                         "Port Avelin.", "2026-03-09")
    plan = _passage(4, "Harrowgate Insurance said on Wednesday that it would cut more than 900 jobs in Port Avelin.")
    q = "How many jobs did Harrowgate Insurance say it would cut in Port Avelin?"
    assert "900" in ex.answer(q, [unions, plan]).answer
