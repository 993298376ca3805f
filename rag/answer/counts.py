"""Is a number of an answer sentence next to what the sentence says it counts? Part of the support check
(rag/answer/verify.py): a number the passage holds, but only in another phrase, does not support the sentence.
"""

from __future__ import annotations

import re

from rag.answer.filler import FILLER_STEMS
from rag.answer.numbers import number_spans
from rag.text import content_terms

_COUNTED_WORDS = 3  # words after a number that say what it counts ("40 ceasefire observers")
_TIME_WORDS = {"today", "yesterday", "tomorrow", "ago", "last", "next", "this", "day", "days", "week", "weeks",
               "month", "months", "year", "years", "earlier", "later"}
_NEAR = 60  # characters either side of the passage's number where one of them must be
_HOW_MANY = re.compile(r"\bhow\s+(?:many|much)\s+(.*)", re.I)
_YEAR = re.compile(r"1[0-9]{3}|20[0-9]{2}")


def _counted_words(text: str) -> set[str]:
    """Stems of the first words of ``text`` that say what a number before it counts ("aid trucks entered" → aid,
    truck, enter); names and time words are not counted things."""
    words = [w for w in re.findall(r"[\w’'-]+", text)[:_COUNTED_WORDS]
             if not w[0].isupper() and w.lower() not in _TIME_WORDS]
    return set(content_terms(" ".join(words))) - FILLER_STEMS


def numbers_apart(sentence: str, passage_text: str, p_spans: list[tuple[str, int, int]],
                  given: set[str], question: str = "") -> list[str]:
    """Numbers of ``sentence`` that the passage holds only away from what the sentence says they count.

    "Two aid trucks entered Gaza last week [2]" passed while "two" was only in "two main camps" elsewhere in the
    passage: a number followed by words in the sentence ("aid trucks") must have one of them within ``_NEAR``
    characters of the same number in the passage. A bare number answers the question's "how many …": "1 [3]" for
    "How many aid trucks entered Gaza last week?" must sit next to "aid trucks" (the 1.5B model wrote it, and "1"
    was in another phrase), or next to other words of the question (`_asked_about`). A year is a date, not a count;
    it, a bare number for any other question ("55 percent [1]") and one the question gives are not checked further.

    Hand-written: no offline library links a number to its noun, and a window of characters is enough to catch a
    number lifted from another phrase. Re-checking the 1.5B model's stored answers with it (news set every 6th, squad
    every 20th: 242 sentences with a number) changed no verdict.
    """
    apart = []
    how_many = _HOW_MANY.search(question)
    for key, start, end in number_spans(sentence):
        if key in given or (_YEAR.fullmatch(sentence[start:end]) and not how_many):
            continue  # a year is a date, not a count: "1973 oil crisis" names an event
        # Names are checked on their own (names_in), and time words are the question's frame ("… yesterday").
        counted = _counted_words(sentence[end:])
        at = [(s, e) for k, s, e in p_spans if k == key]
        if not at or not (counted or how_many):
            continue
        near = [set(content_terms(passage_text[max(0, s - _NEAR): e + _NEAR])) for s, e in at]
        if counted:
            if not any(counted & terms for terms in near):
                apart.append(f"{key} (not next to {' / '.join(sorted(counted))})")
        elif not any(_asked_about(how_many.group(1), terms) for terms in near):
            apart.append(f"{key} (not next to what the question counts)")
    return apart


_AUXILIARIES = {"did", "does", "do", "is", "was", "were", "are", "has", "have", "had", "will", "would", "can",
                "could", "should", "must"}


def _asked_about(rest: str, near: set[str]) -> bool:
    """Do the words ``near`` a bare number (stems) say it counts what "how many / how much ``rest``" asks about?

    The noun right after "how many" is the counted thing ("aid trucks"); the passage may name it in other words
    ("How many people was the module designed to carry?" → "designed to carry three astronauts"), so two of the
    question's other words next to the number do too, and one does for "how much did … sell … for", which names no
    noun. Seen on squad first 100 (2026-12-06): the 1.5B model's "Three [1]" and "$155 million [1]" were refused.
    """
    words = [w for w in re.findall(r"[\w’'-]+", rest) if not w[0].isupper() and w.lower() not in _TIME_WORDS]
    asked = set(content_terms(" ".join(words))) - FILLER_STEMS
    if words and words[0].lower() in _AUXILIARIES:
        return bool(asked & near)
    noun = _counted_words(rest)
    return bool(noun & near) or len((asked - noun) & near) >= 2
