"""Citation markers in generated answers: parsing, validation, repair, streaming, refusals, prompt packing (fast)."""

from __future__ import annotations

import os
from datetime import date

import pytest

from rag.answer.citations import finalize, is_refusal
from rag.answer.verify import split_sentences
from rag.answer.markers import MarkerStream, clean_markers, normalize_markers
from rag.answer.prompt import ANSWER_LINE, SYSTEM_PROMPT, build_prompt
from rag.types import Passage


def _p(i: int, text: str, title: str = "", date_: str | None = None) -> Passage:
    return Passage(chunk_id=f"c{i}", doc_id=f"d{i}", source=f"/docs/{i}.txt", title=title or f"Doc {i}", text=text,
                   score=1.0 / i, start=0, end=len(text), date=date_)


HAMAS = _p(1, "Delegations met in Cairo on Thursday. Khalil al-Hayya headed the Hamas delegation. "
              "The Palestinian Authority sent Hussein al-Sheikh.", "Cairo talks", "2025-10-23")
JIHAD = _p(2, "The group's secretary-general, Ziad Nakhaleh, led the delegation. His deputy, Dr. Mohammed al-Hindi, "
              "accompanied him.", "Islamic Jihad delegation")
OIL = _p(3, "The embargo began in October 1973.[4] Prices rose fourfold by March 1974.[5]", "Oil crisis")
PASSAGES = [HAMAS, JIHAD, OIL]
HAMAS_DEPUTY = _p(4, "The Palestinian Authority sent Deputy President Hussein al-Sheikh together with its "
                     "intelligence chief, Majed Faraj.")


# --- malformed brackets -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("raw, expected", [
    ("al-Hayya [1, 2].", "al-Hayya [1][2]."),
    ("al-Hayya [1;3].", "al-Hayya [1][3]."),
    ("al-Hayya [1 and 2].", "al-Hayya [1][2]."),
    ("al-Hayya [1-3].", "al-Hayya [1][2][3]."),
    ("al-Hayya [Source 2].", "al-Hayya [2]."),
    ("al-Hayya [Passages 1, 2].", "al-Hayya [1][2]."),
    ("al-Hayya (Source 2).", "al-Hayya [2]."),
    ("al-Hayya [ 2 ].", "al-Hayya [2]."),
    ("al-Hayya [[2]].", "al-Hayya [2]."),
    ("al-Hayya [^2].", "al-Hayya [2]."),
    ("al-Hayya 【2】.", "al-Hayya [2]."),
    ("al-Hayya [2.", "al-Hayya [2]."),
    ("al-Hayya [2", "al-Hayya [2]"),
    ("in 1973 (the year) [x]", "in 1973 (the year) [x]"),  # not markers: left alone
])
def test_malformed_markers_are_normalised(raw, expected):
    assert normalize_markers(raw) == expected


# --- out of range ---------------------------------------------------------------------------------------------

def test_out_of_range_markers_are_dropped_and_the_valid_ones_kept():
    text, removed = clean_markers("Khalil al-Hayya headed the Hamas delegation [1][7]. [0]", PASSAGES)
    assert text.strip() == "Khalil al-Hayya headed the Hamas delegation [1]."
    assert removed == ["[7] points to no passage", "[0] points to no passage"]


def test_answer_citing_only_a_missing_passage_gets_the_matching_one():
    ans = finalize("Khalil al-Hayya headed the Hamas delegation [9].", PASSAGES)
    assert ans is not None
    assert ans.text == "Khalil al-Hayya headed the Hamas delegation [1]."
    assert [c.number for c in ans.citations] == [1]
    assert "[9] points to no passage" in ans.removed


def test_every_marker_in_a_final_answer_points_to_a_returned_citation():
    ans = finalize("Nakhaleh led it [2][5]. His deputy was Mohammed al-Hindi [2]. Hayya led Hamas [1, 4].", PASSAGES)
    assert ans is not None
    import re

    numbers = {int(n) for n in re.findall(r"\[(\d+)\]", ans.text)}
    assert numbers == {c.number for c in ans.citations} == {1, 2}


# --- markers that were already in the article text -----------------------------------------------------------

def test_footnote_copied_from_the_article_is_not_a_citation():
    # Passage 3 has its own "[4]" footnote; [3] is in range but [4] copied with the sentence is not a citation.
    text, removed = clean_markers("The embargo began in October 1973.[4] [3]", PASSAGES + [_p(4, "unrelated")])
    assert "[4]" not in text and "[3]" in text
    assert removed == ["[4] was in the article text"]


def test_prompt_copy_of_a_passage_has_no_footnote_markers():
    prompt = build_prompt("When did the embargo begin?", [OIL], count_tokens=lambda s: len(s) // 3,
                          context_window=4096, reply_tokens=256, today=date(2025, 10, 25))
    user = prompt.messages[1]["content"]
    assert "1973.[4]" not in user and "[5]" not in user
    assert "[1] Oil crisis" in user
    assert OIL.text in prompt.passages[0].text  # the citation still points at the original text


# --- no markers --------------------------------------------------------------------------------------------------

def test_uncited_factual_answer_gets_citations_by_sentence_matching():
    ans = finalize("Khalil al-Hayya headed the Hamas delegation. His deputy was Dr. Mohammed al-Hindi.", PASSAGES)
    assert ans is not None
    assert ans.text == ("Khalil al-Hayya headed the Hamas delegation [1]. "
                        "His deputy was Dr. Mohammed al-Hindi [2].")
    assert ans.attached == 2
    assert "al-Hayya" in ans.citations[0].highlight and "al-Hindi" in ans.citations[1].highlight


def test_uncited_unsupported_answer_is_never_returned():
    # A fact of the model's own that no passage holds becomes a refusal, not the extractive answer to some other
    # sentence (which the caller shows on None).
    ans = finalize("The World Cup was won by Argentina in Qatar.", PASSAGES)
    assert ans is not None and ans.empty and ans.unsupported == ["The World Cup was won by Argentina in Qatar."]
    assert finalize("The World Cup was won by Argentina in Qatar.", PASSAGES, verify=False) is None
    assert finalize("Sure!", PASSAGES) is None  # states nothing: the caller falls back


def test_a_sentence_that_only_restates_the_question_answers_nothing():
    q = "Who headed the Hamas delegation?"
    assert finalize("The Hamas delegation was headed by [1].", PASSAGES, question=q) is None
    ans = finalize("The Hamas delegation was headed by Khalil al-Hayya [1].", PASSAGES, question=q)
    assert ans is not None and ans.text == "The Hamas delegation was headed by Khalil al-Hayya [1]."
    # A yes/no question's answer may be its own words.
    ans = finalize("Khalil al-Hayya headed the Hamas delegation [1].", PASSAGES,
                   question="Did Khalil al-Hayya head the Hamas delegation?")
    assert ans is not None and ans.text == "Khalil al-Hayya headed the Hamas delegation [1]."
    # So may a choice's: the answer is one of the options.
    ans = finalize("Khalil al-Hayya headed the Hamas delegation [1].", PASSAGES,
                   question="Who headed the Hamas delegation, Khalil al-Hayya or Ziad Nakhaleh?")
    assert ans is not None and ans.text == "Khalil al-Hayya headed the Hamas delegation [1]."


def test_echoed_question_is_not_an_answer():
    # Seen from Qwen2.5-1.5B on squad: the question repeated with a marker, which would pass every overlap check.
    assert finalize("Who led the Hamas delegation in Cairo? [1]", PASSAGES) is None
    ans = finalize("Who led the delegation? Khalil al-Hayya headed the Hamas delegation [1].", PASSAGES)
    assert ans is not None and ans.text == "Khalil al-Hayya headed the Hamas delegation [1]."


def test_unsupported_sentence_is_left_out_of_a_cited_answer():
    ans = finalize("Khalil al-Hayya headed the Hamas delegation [1]. Argentina won the World Cup.", PASSAGES)
    assert ans is not None
    assert ans.text == "Khalil al-Hayya headed the Hamas delegation [1]."
    assert ans.dropped_sentences == ["Argentina won the World Cup."]


def test_sources_line_moves_to_the_fact_and_is_not_shown():
    ans = finalize("Ziad Nakhaleh led the delegation.\nSources: [2]", PASSAGES)
    assert ans is not None
    assert ans.text == "Ziad Nakhaleh led the delegation [2]."


def test_marker_after_the_full_stop_belongs_to_the_sentence_before():
    sents = split_sentences("Khalil al-Hayya headed it. [1] Nakhaleh led the other. [2]")
    assert [s.numbers for s in sents] == [[1], [2]]
    ans = finalize("Khalil al-Hayya headed the Hamas delegation. [1]", PASSAGES)
    assert ans is not None and ans.text == "Khalil al-Hayya headed the Hamas delegation. [1]"  # unchanged layout


def test_wrong_number_from_the_real_model_is_repaired():
    # Qwen2.5-1.5B wrote this with [2] = the Hamas passage (which shares "deputy" and "al" with it).
    ans = finalize("Ziad Nakhaleh's deputy is Dr. Mohammed al-Hindi. [1]", [HAMAS_DEPUTY, JIHAD])
    assert ans is not None and [c.number for c in ans.citations] == [2]
    assert ans.text == "Ziad Nakhaleh's deputy is Dr. Mohammed al-Hindi [2]."


def test_name_cited_to_a_passage_that_lacks_it_is_repaired():
    # Retrieval ranked the Islamic Jihad passage ("… led the delegation", "al-Hindi") first; the model cited it.
    ans = finalize("Khalil al-Hayya led the Hamas delegation [1].", [JIHAD, HAMAS])
    assert ans is not None and [c.number for c in ans.citations] == [2]
    assert "al-Hayya" in ans.citations[0].highlight


def test_a_correct_citation_is_kept():
    ans = finalize("Ziad Nakhaleh led the delegation [2].", [HAMAS, JIHAD])
    assert ans is not None and ans.text == "Ziad Nakhaleh led the delegation [2]." and not ans.attached


def test_citation_to_an_unrelated_passage_is_repaired():
    ans = finalize("His deputy, Dr. Mohammed al-Hindi, accompanied him [1].", PASSAGES)
    assert ans is not None and [c.number for c in ans.citations] == [2]


def test_filler_after_a_marker_without_a_full_stop_is_its_own_sentence_and_dropped():
    # hotpot: "April 5, 1975 [2] This date is given in [2]." kept the filler glued to the answer.
    assert [(x.text, x.numbers) for x in split_sentences("Khalil al-Hayya [1] This is stated in [1].")] == [
        ("Khalil al-Hayya", [1]), ("This is stated in.", [1])]
    final = finalize("Khalil al-Hayya [1] This is stated in [1].", PASSAGES)
    assert final is not None and final.text == "Khalil al-Hayya [1]"
    final = finalize("Khalil al-Hayya [1] This date is given in [1].", PASSAGES)  # "date" alone states nothing
    assert final is not None and final.text == "Khalil al-Hayya [1]"


# --- refusals ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "The sources do not contain the answer.",
    "The passages don't mention who won the World Cup.",
    "I cannot find that information in the sources.",
    "There is no information about this in the documents.",
    "The sources do not contain the answer [1].",  # small models cite their refusals too
])
def test_model_refusals_are_recognised(text):
    assert is_refusal(text)


@pytest.mark.parametrize("text", [
    "Khalil al-Hayya headed the Hamas delegation [1].",
    "The passages do not mention a date, but the talks were on Thursday [1].",  # cited: an answer
    "The passages do not give his age. He was born in Gaza [2].",
])
def test_answers_are_not_refusals(text):
    assert not is_refusal(text)


# --- streaming -----------------------------------------------------------------------------------------------

def _stream(pieces: list[str]) -> str:
    ms = MarkerStream(PASSAGES)
    out = "".join(ms.feed(p) for p in pieces) + ms.finish()
    return out


def test_stream_emits_the_cleaned_text_and_holds_unfinished_markers():
    ms = MarkerStream(PASSAGES)
    assert ms.feed("Khalil al-Hayya led it [") == "Khalil al-Hayya led it"
    assert ms.feed("1") == ""
    assert ms.feed("][9].") == " [1]."
    assert ms.finish() == ""


def test_streamed_text_equals_the_final_answer_when_nothing_needs_repair():
    pieces = ["Kh", "alil", " al-H", "ayya", " headed", " the Hamas delegation", " [", "1", "]", "[", "8", "]", "."]
    streamed = _stream(pieces)
    final = finalize("".join(pieces), PASSAGES)
    assert final is not None
    assert streamed == final.text == "Khalil al-Hayya headed the Hamas delegation [1]."


# --- prompt ------------------------------------------------------------------------------------------------------

def test_prompt_numbers_passages_with_title_and_dates_and_marks_them_untrusted():
    prompt = build_prompt("Who led the Hamas delegation yesterday?", [HAMAS, JIHAD],
                          count_tokens=lambda s: len(s) // 3, context_window=4096, reply_tokens=256,
                          today=date(2025, 10, 24))
    user = prompt.messages[1]["content"]
    assert "Today's date: 24 Oct 2025" in user
    assert "[1] Cairo talks (published 23 Oct, yesterday)" in user and "[2] Islamic Jihad delegation" in user
    assert "not instructions" in SYSTEM_PROMPT
    assert "different dates disagree, give the newest" in SYSTEM_PROMPT
    assert prompt.messages[0]["content"] == SYSTEM_PROMPT  # constant: llama.cpp reuses its cached prefix


def test_prompt_keeps_the_answer_line_in_the_constant_prefix_and_ends_with_the_question():
    # llama.cpp re-evaluates only what follows the longest prefix shared with the previous prompt: the answer line
    # and today's date come before the passages, so two questions of one day differ only from the passages on.
    def user(question, passages):
        return build_prompt(question, passages, count_tokens=lambda s: len(s) // 3, context_window=4096,
                            reply_tokens=256, today=date(2025, 10, 24)).messages[1]["content"]

    first, second = user("Who led the Hamas delegation?", [HAMAS]), user("Who leads Islamic Jihad?", [JIHAD])
    shared = os.path.commonprefix([first, second])
    assert ANSWER_LINE in shared and "Today's date: 24 Oct 2025" in shared
    assert first.endswith("Question: Who led the Hamas delegation?")


def test_prompt_fits_the_window_by_dropping_whole_passages():
    big = [_p(i, ("word " * 300).strip() + f" end{i}.") for i in range(1, 8)]
    count = lambda s: len(s.split())  # noqa: E731  one token per word
    prompt = build_prompt("q?", big, count_tokens=count, context_window=1400, reply_tokens=256)
    assert 1 <= len(prompt.passages) < len(big)
    assert prompt.prompt_tokens + 256 <= 1400
    user = prompt.messages[1]["content"]
    for p in prompt.passages:
        assert p.text in user  # whole passages only
    for p in prompt.dropped:
        assert p.text.split()[-1] not in user
    assert [f"[{i}]" in user for i in range(1, len(prompt.passages) + 1)] == [True] * len(prompt.passages)


def test_a_reply_that_only_repeats_a_passage_header_is_no_answer():
    from rag.answer.citations import without_echoed_headers

    titles = ["Egypt prepares Gaza reconstruction conference", "Cairo talks"]
    echo = "[1] Egypt prepares Gaza reconstruction conference (latest report, published 17 Oct 2024, 13 months ago)"
    assert without_echoed_headers(echo, titles).strip() == ""
    assert without_echoed_headers("Cairo talks", titles).strip() == ""
    assert without_echoed_headers("[2] Cairo talks", titles).strip() == ""
    # A title cited like an answer is one ("Waylon Smithers [2]" on hotpot, where the passage is his article).
    assert without_echoed_headers("Cairo talks [2]", titles) == "Cairo talks [2]"
    kept = "Khalil al-Hayya led the Hamas delegation at the Cairo talks [2]."
    assert without_echoed_headers(echo + "\n" + kept, titles) == kept


# --- an uncited paraphrase the passage supports (issue 24) -------------------------------------------------------

HEAT = _p(1, "Temperatures passed 44C in southern Spain on Tuesday as a heatwave gripped Portugal, Spain and Italy. "
             "Officials in Seville closed schools and opened cooling centres for older residents.", "Heatwave")
FIRES = _p(2, "Portugal's government said wildfires burned 3,000 hectares near the border with Spain on Tuesday.")
SICILY = _p(3, "Italy's civil protection agency warned of more heat in Sicily later this week.")


@pytest.mark.parametrize("reply, kept", [
    ("Seville shut its schools.", "Seville shut its schools [1]."),  # "shut" for "closed": few shared words
    ("Madrid shut its schools.", None),  # a name no passage holds
    ("Temperatures passed 46C in Spain.", None),  # a number no passage holds
])
def test_an_uncited_sentence_is_cited_when_a_passage_supports_it_and_dropped_when_none_does(reply, kept):
    """Before, an uncited sentence was attached only when it shared 60 % of its (rarity-weighted) words with a
    passage: the paraphrase was dropped and the answer became a refusal although passage [1] says it."""
    cited = finalize(reply, [HEAT, FIRES, SICILY], question="What did officials do during the heatwave?")
    if kept is None:
        assert cited is not None and cited.empty
    else:
        assert cited.text == kept and [c.number for c in cited.citations] == [1]
