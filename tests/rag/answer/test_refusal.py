"""The refusal gate: dense cosine or keyword evidence (a passage holding the question's rare names)."""

from __future__ import annotations

from pathlib import Path

import pytest

from rag.answer.refusal import question_names, should_refuse

DEMO = Path(__file__).resolve().parents[3] / "rag" / "demo_corpus"


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


def _passage(text: str, cosine: float):
    from rag.types import Passage

    return Passage(chunk_id="c", doc_id="d", source="/d.txt", title="t", text=text, score=1.0, start=0,
                   end=len(text), dense_score=cosine)


def test_the_gate_weighs_names_held_by_a_passage_not_the_cosine_alone():
    q = "What position does Majed Faraj hold?"
    holds = [_passage("The delegation included intelligence chief Majed Faraj.", 0.12)]
    lacks = [_passage("The delegation included intelligence chief Hassan Rashad.", 0.12)]
    assert should_refuse(holds, 0.33)  # cosine alone
    assert not should_refuse(holds, 0.33, q)  # all the question's names in one passage
    assert should_refuse(lacks, 0.33, q)  # not its names
    assert should_refuse([_passage("Majed Faraj.", 0.05)], 0.33, q)  # below the floor: unrelated
    common = {"maje": 0.3, "faraj": 0.3}  # names in nearly every chunk are no evidence
    assert should_refuse(holds, 0.33, q, idf=lambda terms: {t: common.get(t, 0.3) for t in terms})


def test_a_question_without_names_is_judged_by_its_words_as_a_phrase(cairo):
    """Issue 26: "Who is the intelligence chief?" was refused before the model (best cosine 0.29 < 0.33)."""
    q = "Who is the intelligence chief?"
    passages = cairo.search(q)
    assert should_refuse(passages, cairo.settings.refusal_threshold)  # the cosine alone refuses it
    assert not should_refuse(passages, cairo.settings.refusal_threshold, q, cairo.keywords.idf)
    ans = cairo.ask(q)
    assert not ans.refused and any(n in ans.answer for n in ("Majed Faraj", "Hassan Rashad")), ans.answer


def test_shared_words_open_the_gate_only_together():
    phrase = [_passage("Talks were attended by the intelligence chief of Egypt.", 0.2)]
    apart = [_passage("The chief said intelligence reports were late.", 0.2)]
    rare = {"intellig": 2.0, "chief": 2.0}
    common = lambda terms: {t: 0.5 for t in terms}  # noqa: E731
    q = "Who is the intelligence chief?"
    assert not should_refuse(phrase, 0.33, q, idf=common)  # the words as one phrase, however common
    assert should_refuse(apart, 0.33, q, idf=common)  # both words, apart and common: no evidence
    assert not should_refuse(apart, 0.33, q, idf=lambda terms: {t: rare[t] for t in terms})  # apart but rare
    assert should_refuse(phrase, 0.33, "Who is the president?", idf=lambda t: rare)  # one word is never enough
