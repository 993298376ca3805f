"""The facts gate of a model re-check (rag/watches/gate.py): changed excerpts with no name or number the kept
answer's passages lacked keep the kept answer; a new name, a new number, a kept figure gone, an extractive answer
moved to another name, a relative day on another date, a kept refusal or a watch kept before read facts existed ask
the model again. The end-to-end case
with the real local model is tests/rag/watches/test_watches_local.py."""

from __future__ import annotations

from rag.types import Answer, Citation, Passage
from rag.watches.facts import signature
from rag.watches.gate import could_change, excerpts_part, reading_facts

Q = "Who led the Hamas delegation?"
KEPT_TEXT = "The Hamas delegation was led by Khalil al-Hayya, who met 3 mediators."
UNSHOWN = " Majed Faraj headed the intelligence team."  # in the kept passage, not in its excerpt


def _passage(text: str, title: str = "Cairo talks", day: str = "2025-10-24", doc: str = "cairo-talks") -> Passage:
    return Passage(chunk_id=f"{doc}:0", doc_id=doc, source=f"{doc}.md", title=title, text=text, score=0.8, start=0,
                   end=len(text), date=day)


def _extractive(text: str = KEPT_TEXT) -> Answer:
    return Answer(answer=text, citations=[], refused=False, question=Q, answerer="extractive")


def _kept(answer_text: str = "Khalil al-Hayya led it [1].", refused: bool = False) -> tuple[list, str]:
    cite = Citation(number=1, chunk_id="cairo-talks:0", doc_id="cairo-talks", source="cairo-talks.md",
                    title="Cairo talks", text=KEPT_TEXT, score=0.8, start=0, end=len(KEPT_TEXT))
    answer = Answer(answer=answer_text, citations=[] if refused else [cite], refused=refused, question=Q,
                    answerer="local")
    shown = _passage(KEPT_TEXT)
    reading = [[0, "cairo-talks:0", 0, len(KEPT_TEXT), "h"], ["cairo-talks:0"],
               reading_facts(Q, [shown], [_passage(KEPT_TEXT + UNSHOWN)], _extractive())]
    return reading, signature(answer)


def _now(*shown, best: str = KEPT_TEXT) -> list:
    """A reading of now whose excerpts are ``shown`` (whole passages) and whose extractive answer is ``best``."""
    return [["excerpts of now"], reading_facts(Q, list(shown), list(shown), _extractive(best))]


def test_a_second_report_of_the_same_facts_keeps_the_answer():
    reading, sig = _kept()
    again = _passage("Khalil al-Hayya led the Hamas delegation, meeting three mediators.", doc="wire-copy")
    assert not could_change(reading, sig, _now(_passage(KEPT_TEXT), again))


def test_a_sentence_of_a_kept_passage_shown_now_keeps_the_answer():
    reading, sig = _kept()  # a new report can move another sentence of an old passage into the excerpts
    assert not could_change(reading, sig, _now(_passage(KEPT_TEXT + UNSHOWN)))


def test_a_new_name_or_number_asks_the_model():
    reading, sig = _kept()
    assert could_change(reading, sig, _now(_passage(KEPT_TEXT),
                                           _passage("Mousa Abu Marzouk led the delegation.", doc="new")))
    assert could_change(reading, sig, _now(_passage(KEPT_TEXT), _passage("The delegation met 4 mediators.",
                                                                          doc="new")))
    assert could_change(reading, sig, _now(_passage(KEPT_TEXT, title="Talks move to Doha")))  # titles are read


def test_a_kept_fact_no_longer_read_asks_the_model():
    reading, sig = _kept("Khalil al-Hayya led it and met 3 mediators [1].")
    assert could_change(reading, sig, _now(_passage("The Hamas delegation was led by Khalil al-Hayya.")))


def test_an_extractive_answer_that_moves_to_another_known_name_asks_the_model():
    reading, sig = _kept()  # Majed Faraj was in the kept passage: no new name, but the best sentence now names him
    assert could_change(reading, sig, _now(_passage(KEPT_TEXT + UNSHOWN), best=UNSHOWN))


def test_a_relative_day_on_another_date_asks_the_model():
    reading, sig = _kept()
    later = _passage("Khalil al-Hayya led the Hamas delegation again yesterday.", day="2025-10-30", doc="later")
    assert could_change(reading, sig, _now(_passage(KEPT_TEXT), later))


def test_what_cannot_be_told_asks_the_model():
    reading, sig = _kept()
    same = _now(_passage(KEPT_TEXT))
    assert not could_change(reading, sig, same)
    assert could_change(reading[:-1], sig, same)  # kept before read facts were kept
    assert could_change(reading, '[["khalil"], false, ["cairo-talks"]]', same)  # a wording signature of old
    refused_reading, refused_sig = _kept("", refused=True)
    assert could_change(refused_reading, refused_sig, same)
    assert could_change(reading, sig, None) and could_change(reading, sig, ["refused"])
    assert excerpts_part(reading) == reading[:-1] and excerpts_part(reading[:-1]) == reading[:-1]
