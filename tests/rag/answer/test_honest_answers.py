"""Issue 11 with the real local model over the example article: no cited invented number, no false refusal."""

from __future__ import annotations

import re

import pytest

from rag.answer.numbers import numbers_in
from tests.rag.llm_support import require_model

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def assistant(tmp_path_factory, embedder):
    require_model()
    from tests.conftest import shared_path

    from rag import Assistant

    a = Assistant(data_dir=tmp_path_factory.mktemp("honest") / "data", embedder=embedder, answerer="local")
    a.ingest([shared_path("corpus", "cairo-talks.txt")])
    return a


def test_population_of_gaza_gets_no_cited_invented_number(assistant):
    ans = assistant.ask("What is the population of Gaza?")
    article = " ".join(p.text for p in ans.passages)
    # whatever it says, every number it cites is in the article, and every sentence is supported by its citation
    assert numbers_in(re.sub(r"\[\d+\]", "", ans.answer)) <= numbers_in(article), ans.answer
    assert all(s.supported for s in ans.verify()), ans.verify()


def test_majed_faraj_is_answered(assistant):
    ans = assistant.ask("What position does Majed Faraj hold?")
    assert not ans.refused, ans.answer
    assert "intelligence" in ans.answer.lower(), ans.answer
    assert all(s.supported for s in ans.verify() if not s.filler), ans.verify()


def _events(stream):
    """(kind, item) in order: "provisional" / "final" Answers and "text" pieces (AnswerStream.events when there)."""
    from rag.types import Answer

    if hasattr(stream, "events"):
        return list(stream.events())
    return [("text", i) if not isinstance(i, Answer) else ("provisional" if i.provisional else "final", i)
            for i in stream]


def test_the_instant_answer_comes_first_and_the_final_one_replaces_it(assistant):
    events = _events(assistant.stream("Who led the Hamas delegation?"))
    kind, first = events[0]
    assert kind == "provisional" and first.provisional and not first.refused
    assert "al-Hayya" in first.answer and first.citations
    kind, final = events[-1]
    assert kind == "final" and not final.provisional and final.answerer == "local"
    assert "al-Hayya" in final.answer
    assert any(k == "text" for k, _ in events[1:-1])  # the model's words stream in between
