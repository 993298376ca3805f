"""The instant answer on screen: shown at once, marked provisional, replaced by the model's (fast, pure markup)."""

from __future__ import annotations

import io

from rag.answer.stream import AnswerStream
from rag.cli.main import print_stream
from rag.types import Answer, Citation, Passage
from ui import instant, render

TEXT = "Khalil al-Hayya led the Hamas delegation. The talks were held in Cairo."
P = Passage(chunk_id="c1", doc_id="d1", source="/docs/cairo.md", title="Cairo talks", text=TEXT, score=1.0, start=0,
            end=len(TEXT))
INSTANT = Answer(answer="Khalil al-Hayya led the Hamas delegation. [1]",
                 citations=[Citation.from_passage(1, P, (0, 41))], answerer="local>extractive", provisional=True)
FINAL = Answer(answer="Khalil al-Hayya led it [1].", citations=[Citation.from_passage(1, P, (0, 41))],
               answerer="local")


def test_the_provisional_message_shows_the_instant_answer_its_source_and_the_model_text_so_far():
    html = instant.writing_html(INSTANT, "Khalil <b>al")
    assert "rag-provisional" in html and "Instant answer" in html
    assert 'class="rag-cite rag-n-1"' in html and 'class="rag-src rag-n-1"' in html  # marker and its source
    assert "Khalil &lt;b&gt;al▌" in html  # the model's text, escaped
    assert instant.writing_html(None, "Kha") == render.partial_html("Kha")


def test_the_final_answer_says_which_answer_is_shown():
    assert instant.shown_note(INSTANT).startswith("Instant answer")
    assert instant.shown_note(FINAL) == "answered by local"
    assert "answered by local" in render.answer_html(FINAL) and "rag-provisional" not in render.answer_html(FINAL)


def test_cli_prints_the_instant_answer_first_then_the_model_answer():
    out = io.StringIO()
    final = print_stream(AnswerStream([INSTANT, "Khalil al-Hayya led it ", "[1].", FINAL]), out)
    text = out.getvalue()
    assert final is FINAL
    assert text.index("instant answer") < text.index("Khalil al-Hayya led it [1].")
    assert "(shown: the answer by local)" in text
