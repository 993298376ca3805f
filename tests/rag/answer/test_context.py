"""The model's context: best sentences with neighbours; citations still point at the original passages (fast)."""

from __future__ import annotations

from dataclasses import dataclass

from rag.answer.citations import finalize
from rag.answer.context import GAP, excerpt_passages, originals
from rag.types import Passage

LONG = ("The committee met on Monday. It reviewed the budget for the new bridge. Members asked about delays. "
        "The chair, Ana Ruiz, said work would start in 2027. Residents welcomed the news. The session ended at noon. "
        "A second meeting is planned. Nothing else was decided.")
OTHER = "Weather was mild. The river rose slightly. Boats stayed in port."


def _p(i: int, text: str) -> Passage:
    return Passage(chunk_id=f"c{i}", doc_id=f"d{i}", source=f"/docs/{i}.txt", title=f"Doc {i}", text=text,
                   score=1.0, start=100, end=100 + len(text))


@dataclass
class _Cand:  # what ExtractiveAnswerer.rank_sentences returns: passage index and the sentence's offsets
    passage_index: int
    start: int
    end: int


def _cand(i: int, passage: Passage, sentence: str) -> _Cand:
    s = passage.text.index(sentence)
    return _Cand(i, s, s + len(sentence))


def test_best_sentences_come_with_their_neighbours_and_other_passages_drop_out():
    long, other = _p(1, LONG), _p(2, OTHER)
    ranked = [_cand(0, long, "The chair, Ana Ruiz, said work would start in 2027."),
              _cand(0, long, "Nothing else was decided.")]
    shown = excerpt_passages(ranked, [long, other], top=2, neighbours=1)
    assert len(shown) == 1 and shown[0].chunk_id == "c1"
    assert shown[0].text == ("Members asked about delays. The chair, Ana Ruiz, said work would start in 2027. "
                             "Residents welcomed the news." + GAP + "A second meeting is planned. "
                             "Nothing else was decided.")
    assert originals(shown, [long, other]) == [long]
    alone = excerpt_passages(ranked, [long, other], top=2, best_neighbours=0)
    assert alone[0].text == "The chair, Ana Ruiz, said work would start in 2027." + GAP + "Nothing else was decided."
    # The default: the best sentence with one neighbour on either side, the others alone (bench/CHANGELOG.md, "The
    # best sentence's neighbours").
    default = excerpt_passages(ranked, [long, other], top=2)
    assert default[0].text == ("Members asked about delays. The chair, Ana Ruiz, said work would start in 2027. "
                               "Residents welcomed the news." + GAP + "Nothing else was decided.")
    # Only the best one: ranked second, the same sentence comes alone.
    assert excerpt_passages(ranked[::-1], [long, other], top=2)[0].text == (
        "The chair, Ana Ruiz, said work would start in 2027." + GAP + "A second meeting is planned. "
        "Nothing else was decided.")


def test_a_citation_of_an_excerpt_highlights_the_original_passage_exactly():
    long, other = _p(1, LONG), _p(2, OTHER)
    shown = excerpt_passages([_cand(0, long, "The chair, Ana Ruiz, said work would start in 2027.")], [long, other])
    cited = finalize("Ana Ruiz said work would start in 2027 [1].", originals(shown, [long, other]))
    assert cited is not None and cited.citations[0].text == LONG  # the whole original passage, its offsets
    assert cited.citations[0].start == 100
    assert cited.citations[0].highlight == "The chair, Ana Ruiz, said work would start in 2027."


@dataclass
class _Scored(_Cand):
    score: float


def test_close_keeps_only_the_sentences_that_score_near_the_best():
    long, other = _p(1, LONG), _p(2, OTHER)
    best = _cand(0, long, "The chair, Ana Ruiz, said work would start in 2027.")
    near = _cand(0, long, "Nothing else was decided.")
    far = _cand(1, other, "The river rose slightly.")
    ranked = [_Scored(*vars(best).values(), 1.0), _Scored(*vars(near).values(), 0.85),
              _Scored(*vars(far).values(), 0.5)]
    every = excerpt_passages(ranked, [long, other], top=3, best_neighbours=0)
    assert [p.chunk_id for p in every] == ["c1", "c2"]
    close = excerpt_passages(ranked, [long, other], top=3, best_neighbours=0, close=0.8)
    assert [p.chunk_id for p in close] == ["c1"]  # 0.5 < 0.8 x 1.0: the other passage is not read
    assert close[0].text == "The chair, Ana Ruiz, said work would start in 2027." + GAP + "Nothing else was decided."
    assert excerpt_passages(ranked, [long, other], top=3, best_neighbours=0, close=0.9)[0].text == (
        "The chair, Ana Ruiz, said work would start in 2027.")
