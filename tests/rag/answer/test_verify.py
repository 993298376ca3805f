"""The support check: numbers, dates and names of an answer sentence must be in the passage it cites (fast)."""

from __future__ import annotations

import pytest

from rag.answer.citations import finalize
from rag.answer.numbers import numbers_in
from rag.answer.verify import check_cited, is_filler, support, verify_text
from rag.types import Answer, Citation, Passage

# Own words, shaped like the example article's second passage (no shared eval text is copied here).
GAZA = ("The Hamas team was led by Khalil al-Hayya, while the Palestinian Authority sent Deputy President "
        "Hussein al-Sheikh and its intelligence chief Majed Faraj. An official said the Authority should govern the "
        "Gaza Strip after the war. Egypt will host a reconstruction conference for Gaza in the second half of "
        "November.")
TALKS = "Delegations met on Thursday, Oct. 9, in Cairo. About 1,500,000 people had fled the north by then."


def _p(i: int, text: str) -> Passage:
    return Passage(chunk_id=f"c{i}", doc_id=f"d{i}", source=f"/docs/{i}.txt", title=f"Doc {i}", text=text,
                   score=1.0, start=0, end=len(text))


def test_the_invented_population_is_unsupported():
    bad = "The population of Gaza is 1.5 million people, according to [2]."
    verdict = check_cited(bad, [2], {1: TALKS, 2: GAZA})
    assert not verdict.supported and "1.5e+06" in verdict.missing
    # and finalize drops it; with nothing left the answer is a refusal (empty), not a cited invention
    cited = finalize(bad, [_p(1, TALKS), _p(2, GAZA)])
    assert cited is not None and cited.empty
    assert cited.unsupported == ["The population of Gaza is 1.5 million people, according to."]


@pytest.mark.parametrize("sentence, passage", [
    ("About 1.5 million people had fled [1].", TALKS),          # 1,500,000 = 1.5 million
    ("They met on 9 October [1].", TALKS),                      # Oct. 9 = 9 October
    ("They met on Thursday, October 9th, in Cairo [1].", TALKS),
    ("Majed Faraj is the Palestinian Authority's intelligence chief [1].", GAZA),
    ("The conference is planned for the second half of November [1].", GAZA),
])
def test_normalised_numbers_dates_and_names_are_supported(sentence, passage):
    assert support(sentence, passage).supported, support(sentence, passage)


@pytest.mark.parametrize("sentence, missing", [
    ("They met on 10 October [1].", "10"),
    ("They met in Amman [1].", "amman"),
    ("About 2 million people had fled [1].", "2e+06"),
])
def test_a_wrong_number_date_or_name_is_unsupported(sentence, missing):
    s = support(sentence, TALKS)
    assert not s.supported and missing in s.missing


def test_mostly_other_words_must_be_there_too():
    assert not support("Delegations signed a binding peace treaty about water rights and borders [1].", TALKS).supported


def test_numbers_normalise():
    assert numbers_in("1.5 million") == numbers_in("1,500,000") == numbers_in("1500000")
    assert numbers_in("two delegations") == numbers_in("2 delegations")
    assert numbers_in("40%") == numbers_in("40 percent")


@pytest.mark.parametrize("sentence", ["This was reported in [2].", "Sources: [1][3]", "This is mentioned in the "
                                      "article [1].", "According to the passages, this is stated clearly [2].",
                                      "This date is given in [2]."])
def test_filler_is_recognised(sentence):
    assert is_filler(sentence)


@pytest.mark.parametrize("sentence", ["Faraj met Rashad [1].", "They met on Thursday [1].", "It cost 5 dollars."])
def test_facts_are_not_filler(sentence):
    assert not is_filler(sentence)


def test_filler_is_removed_from_an_answer():
    cited = finalize("Majed Faraj is the intelligence chief [2]. This was reported in [2].",
                     [_p(1, TALKS), _p(2, GAZA)])
    assert cited is not None and cited.text == "Majed Faraj is the intelligence chief [2]."


def test_verify_judges_the_sentences_finalize_keeps():
    # A marker followed by a capitalised word ends a sentence in both (rag.answer.markers.answer_spans).
    checks = verify_text("Majed Faraj [2] He met Rashad [1].", {1: TALKS, 2: GAZA})
    assert [(c.sentence, c.cited) for c in checks] == [("Majed Faraj", [2]), ("He met Rashad.", [1])]


def test_an_answer_never_starts_with_a_bare_marker():
    cited = finalize("[2] Majed Faraj is the intelligence chief.", [_p(1, TALKS), _p(2, GAZA)])
    assert cited is not None and cited.text == "Majed Faraj is the intelligence chief [2]."


def test_an_unsupported_sentence_goes_to_the_passage_that_supports_it_or_is_dropped():
    cited = finalize("They met on Thursday, Oct. 9 [2]. The talks produced a water treaty in Amman [1].",
                     [_p(1, TALKS), _p(2, GAZA)])
    assert cited is not None and cited.text == "They met on Thursday, Oct. 9 [1]."
    assert cited.unsupported == ["The talks produced a water treaty in Amman."]
    # the citation highlights the supported span of its passage
    assert cited.citations[0].highlight == "Delegations met on Thursday, Oct. 9, in Cairo."


def test_answer_verify_reports_per_sentence_support():
    ans = Answer(answer="Majed Faraj is the intelligence chief [1]. Gaza has 1.5 million people [1].",
                 citations=[Citation.from_passage(1, _p(1, GAZA))])
    results = ans.verify()
    assert [r.supported for r in results] == [True, False]
    assert results[0].passage == 1 and "Majed Faraj" in GAZA[results[0].span[0]:results[0].span[1]]
    assert results[1].missing == ["1.5e+06"]
    assert verify_text("This was reported in [1].", {1: GAZA})[0].filler


def test_what_the_answer_repeats_of_the_question_needs_no_support():
    """The model restates the question's framing ("yesterday", "in the week of 1 September"): not a claim."""
    passage = "Union negotiators, with Ilse Marroquin at their head, met the employers' association again."
    q = "Who was leading the dock workers' delegation in the Calderport talks in the week of 1 September?"
    sentence = ("Ilse Marroquin was leading the dock workers' delegation in the Calderport talks "
                "in the week of 1 September.")
    assert not check_cited(sentence, [1], {1: passage}).supported
    assert check_cited(sentence, [1], {1: passage}, question=q).supported
    # A number or a name the question does not hold still has to be in the passage.
    assert not check_cited("Ilse Marroquin led 40 negotiators in the week of 1 September.", [1], {1: passage},
                           question=q).supported
    assert not check_cited("Tobias Fenwright was leading the delegation in the week of 1 September.", [1],
                           {1: passage}, question=q).supported


def test_a_number_must_sit_next_to_what_the_sentence_says_it_counts():
    passage = ("Relief convoys were discussed at length, but no figure for them was given by anyone at the meeting. "
               "Officials said the region splits into two broad blocs, each with its own leaders and its own plans. "
               "The council raised its observer mission to 120 monitors on Tuesday.")
    lifted = support("Two relief convoys were discussed [1].", passage)
    assert not lifted.supported and any("not next to" in m for m in lifted.missing), lifted
    # the same number beside a word of the sentence ("observer" mission) is support, and a bare number is not checked
    assert support("The council raised its mission to 120 observers [1].", passage).supported
    assert support("120 [1]", passage, "How many monitors did the council keep?").supported
    # a time word after the number is the question's frame, not what it counts
    assert support("The council raised its observer mission to 120 yesterday [1].", passage).supported


def test_a_bare_number_must_sit_next_to_what_the_question_counts():
    # Seen from the 1.5B model: "1 [3]" for a count no passage gave, with "1" from another phrase.
    passage = ("The first of 2 checkpoints reopened after the talks between both sides had ended on Sunday. "
               "Relief convoys were discussed at length, but no figure for them was given by anyone at the meeting.")
    bare = support("2 [1]", passage, "How many relief convoys crossed last week?")
    assert not bare.supported and any("not next to" in m for m in bare.missing), bare
    assert support("2 [1]", passage, "How many checkpoints reopened?").supported
    assert support("2 [1]", passage, "What was the count at the border?").supported  # not a how-many question


def test_a_year_is_a_date_not_a_count():
    # Seen on squad: "1973 oil crisis [1]" was refused because "oil" was not within reach of the passage's 1973.
    passage = ("Historians say the two houses had already reached a settlement on equal terms before 1911. Their "
               "envoys wrote often, and the court feared a wider war far more than any shortage of salt.")
    assert support("1911 salt shortage [1]", passage, "Before which year had the houses settled?").supported
    # a count is still checked: the same words after a number that is not a year
    assert not support("1911 [1]", passage.replace("before 1911", "with 1911 guards"),
                       "How many salt carts were there?").supported


def test_a_bare_count_may_sit_next_to_any_word_the_question_asks_about():
    # Seen on squad: "Three [1]" for "How many people was the CM designed to carry?" over "designed to carry three
    # astronauts": the passage counts the people in its own word.
    passage = "The capsule was the cone-shaped cabin, built to carry three pilots from launch to orbit and back."
    q = "How many people was the capsule built to carry in the end?"
    assert support("Three [1]", passage, q).supported
    assert not support("Three [1]", "The capsule had three windows. " + "It was painted white and grey. " * 3 +
                       "Pilots trained for a year.", q).supported


@pytest.mark.parametrize("sentence, passage, ok", [
    ("East toward the sea [1].", "Water on the eastern side flowed toward the sea.", True),
    ("The Egyptian delegation arrived [1].", "Egypt sent a delegation, which arrived on Monday.", True),
    ("Israeli officials met [1].", "Officials from Israel met on Monday.", True),
    ("West toward the sea [1].", "Water on the eastern side flowed toward the sea.", False),
    ("The Jordanian delegation arrived [1].", "Egypt sent a delegation, which arrived on Monday.", False),
])
def test_a_name_may_be_written_as_its_adjective(sentence, passage, ok):
    assert support(sentence, passage, "Where did the water go?").supported is ok
