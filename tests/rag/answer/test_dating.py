"""Which report a generated answer reads first, and which older sentences a newer report replaces."""

from __future__ import annotations

from dataclasses import dataclass

from rag.answer.dating import drop_superseded, newest_first, report_ages
from rag.answer.prompt import build_prompt
from rag.types import Passage


def _p(text: str, day: str | None, n: int = 0) -> Passage:
    return Passage(chunk_id=f"c{n}", doc_id=f"doc{n}", source=f"doc{n}.md", title=f"doc {n}", text=text, score=1.0,
                   start=0, end=len(text), date=day)


@dataclass
class _Cand:
    passage_index: int
    text: str


def test_a_newer_report_supersedes_an_older_sentence_answering_the_same_question():
    passages = [_p("Finance chief Anjali Roos is running Lumora Telecom as interim chief executive.", "2025-09-19", 0),
                _p("Lumora Telecom is run by chief executive Patrice Vandermeer.", "2025-09-09", 1),
                _p("Lumora Telecom has about 7.5 million customers.", "2025-09-01", 2)]
    ranked = [_Cand(1, passages[1].text), _Cand(0, passages[0].text), _Cand(2, passages[2].text)]
    kept = drop_superseded(ranked, passages, "Who runs Lumora Telecom?")
    assert [c.passage_index for c in kept] == [0, 2]  # the background sentence answers nothing: it stays
    # Undated passages, or a question that asks for no name/number/date, change nothing.
    undated = [_p(p.text, None, i) for i, p in enumerate(passages)]
    assert drop_superseded(ranked, undated, "Who runs Lumora Telecom?") == ranked
    assert drop_superseded(ranked, passages, "What did the board discuss about Lumora Telecom?") == ranked


def test_dated_passages_reach_the_model_newest_first_and_say_which_is_latest():
    passages = [_p("Old toll is 4.80 euros.", "2025-08-01", 0), _p("No date here.", None, 1),
                _p("New toll is 5.60 euros.", "2025-09-01", 2)]
    ordered = newest_first(passages)
    assert [p.chunk_id for p in ordered] == ["c2", "c0", "c1"]
    assert report_ages(ordered) == ["latest", "earlier", None]
    prompt = build_prompt("What is the toll?", ordered, count_tokens=lambda s: len(s.split()), context_window=4096,
                          reply_tokens=100)
    text = prompt.messages[1]["content"]
    assert "[1] doc 2 (latest report, published 1 Sep" in text
    assert "[2] doc 0 (earlier report, published 1 Aug" in text
    # One day only, or no dates: nothing to tell apart, and an undated store keeps retrieval order.
    assert report_ages([passages[0]]) == [None]
    undated = [_p("a", None, 0), _p("b", None, 1)]
    assert newest_first(undated) == undated


def test_a_question_about_a_past_period_reads_that_period_first_and_later_reports_last():
    """"How much was the toll in late August?" asked in October: the August report answers, not September's."""
    from datetime import date

    from rag.answer.dating import period_end, prefer_newest
    from rag.types import TimeWindow

    passages = [_p("The Vellmar Bridge toll rose to 5.60 euros.", "2025-09-09", 0),
                _p("The Vellmar Bridge toll is 4.80 euros.", "2025-08-25", 1),
                _p("The Vellmar Bridge toll was 4.50 euros.", "2025-08-02", 2)]
    window = TimeWindow(as_of="2025-10-20", start="2025-08-21", end="2025-08-31", phrase="in late August")
    until = period_end(window)
    assert until == date(2025, 8, 31)
    ordered = newest_first(passages, until)
    assert [p.chunk_id for p in ordered] == ["c1", "c2", "c0"]
    assert report_ages(ordered, until) == ["latest", "earlier", "later"]
    q = "How much was the Vellmar Bridge toll in late August?"
    text = build_prompt(q, ordered, count_tokens=lambda s: len(s.split()), context_window=4096, reply_tokens=100,
                        until=until).messages[1]["content"]
    assert "[3] doc 0 (later report, published 9 Sep" in text
    # A later report neither wins a near-tie nor supersedes the period's own sentence.
    assert prefer_newest([0.80, 0.79], ["2025-08-25", "2025-09-09"], until=until) == 0
    assert prefer_newest([0.80, 0.79], ["2025-08-25", "2025-09-09"]) == 1
    ranked = [_Cand(1, passages[1].text), _Cand(0, passages[0].text)]
    assert drop_superseded(ranked, passages, q, until) == ranked
    assert [c.passage_index for c in drop_superseded(ranked, passages, q)] == [0]
    # No period named, or the window was widened because it held no article: newest is newest up to the asking day.
    assert period_end(TimeWindow(as_of="2025-10-20")) is None
    assert period_end(TimeWindow(as_of="2025-10-20", start="2025-08-21", end="2025-08-31", phrase="in late August",
                                 note="no articles are dated in it")) is None
