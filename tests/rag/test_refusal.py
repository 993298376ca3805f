"""The refusal gate: dense cosine or keyword evidence (a passage holding the question's rare names)."""

from __future__ import annotations

from pathlib import Path

import pytest

from rag.refusal import question_names, should_refuse

DEMO = Path(__file__).resolve().parents[2] / "rag" / "demo_corpus"


@pytest.mark.parametrize("question, names", [
    ("What position does Majed Faraj hold?", {"majed", "faraj"}),
    ("Who is the prime minister of Egypt?", {"egypt"}),
    ("Faraj holds what position?", {"faraj"}),
    ("What happened in 2025?", {"2025"}),
    ("Who led the delegation?", set()),
])
def test_question_names(question, names):
    assert question_names(question) == names


@pytest.fixture(scope="module")
def cairo(tmp_path_factory, embedder):
    from tests.conftest import shared_path

    from rag import Assistant

    a = Assistant(data_dir=tmp_path_factory.mktemp("gate") / "data", embedder=embedder, answerer="extractive")
    a.ingest([shared_path("corpus", "cairo-talks.txt")])
    return a


def test_a_short_question_about_a_name_is_not_refused(cairo):
    q = "What position does Majed Faraj hold?"
    passages = cairo.search(q)
    assert should_refuse(passages, cairo.settings.refusal_threshold)  # the cosine alone refused it (issue 11)
    assert not should_refuse(passages, cairo.settings.refusal_threshold, q, cairo.keywords.idf)
    ans = cairo.ask(q)
    assert not ans.refused and "intelligence chief Majed Faraj" in ans.answer, ans.answer


@pytest.mark.parametrize("question", ["What is the capital of France?", "Who won the 2022 World Cup?"])
def test_names_the_documents_do_not_hold_are_still_refused(cairo, question):
    assert cairo.ask(question).refused
