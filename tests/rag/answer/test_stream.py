"""AnswerStream: text pieces by iteration, the final Answer by .answer(), whichever comes first."""

import pytest

from rag.answer.stream import AnswerStream
from rag.types import Answer


def test_iterating_gives_text_then_answer_gives_the_final():
    final = Answer(answer="Khalil al-Hayya [1].")
    seen = []
    s = AnswerStream(iter(["Khalil ", "", "al-Hayya [1]."] + [final]), on_answer=seen.append)
    assert list(s) == ["Khalil ", "al-Hayya [1]."]  # empty pieces are not text
    assert s.text == "Khalil al-Hayya [1]."
    assert s.answer() is final and seen == [final]
    assert s.answer() is final and seen == [final]  # recorded once


def test_answer_first_drains_the_stream():
    final = Answer(answer="done")
    s = AnswerStream(iter(["a", "b", final]))
    assert s.answer() is final and s.text == "ab"
    assert AnswerStream.of(final).answer() is final and list(AnswerStream.of(final)) == ["done"]


def test_a_source_without_a_final_answer_is_an_error():
    with pytest.raises(RuntimeError, match="without a final Answer"):
        AnswerStream(iter(["a"])).answer()
