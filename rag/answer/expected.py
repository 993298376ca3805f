"""What kind of answer a question asks for, and whether a sentence holds one: a name, a number, a date.

News questions name their story ("Who runs Lumora Telecom?"), so the sentences most similar to them are the
story's background ("Lumora Telecom is the country's second-largest mobile operator…"), not the one that answers
("The board appointed Kenji Barraclough chief executive on Monday."). A sentence holding the expected kind of
answer, one not already in the question, gets a bonus in the sentence ranking (rag/answer/extractive.py).
Hand-written because no named-entity model installs offline from PyPI; capitalisation, digits and month/weekday
names cover the three kinds news questions mostly ask for. Measured in bench/CHANGELOG.md ("The sentence ranker").
"""

from __future__ import annotations

import re

from rag.answer.verify import MONTH_ABBR, MONTHS, WEEKDAYS

PERSON, NUMBER, DATE = "person", "number", "date"

_Q_PERSON = re.compile(r"^\s*(who|whom|whose)\b|\bwho (is|was|are|were|led|leads|heads|runs|did|will|has)\b"
                       r"|\b(which|what) (person|official|minister|leader|negotiator|coach|manager|chief|executive"
                       r"|candidate|player|man|woman)\b", re.I)
_Q_NUMBER = re.compile(r"\bhow (many|much|large|big|long|far|high|old|deep|wide)\b"
                       r"|\bwhat (\w+ )?(level|percent|percentage"
                       r"|rate|price|share|number|amount|size|toll|fee|fine|figure|sum|cost|age|score)\b"
                       r"|\b(league|table) position\b"
                       r"|\bat what\b|\bwhich (level|position|place|rate)\b", re.I)
_Q_DATE = re.compile(r"^\s*when\b|\bwhat (date|day|year|month)\b|\bon which (date|day)\b|\bin which (year|month)\b",
                     re.I)

_MONTHS = MONTHS + list(MONTH_ABBR)  # with "jan", "sept"…
_DAYS = WEEKDAYS + ["today", "yesterday", "tomorrow"]
_DATE_WORD = re.compile(r"\b(" + "|".join(_MONTHS + _DAYS) + r")\b|\b(1[89]|20)\d\d\b", re.I)
_NUMBER = re.compile(r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty"
                     r"|fifty|hundred|thousand|million|billion|dozen|half)\b|\b\d*(st|nd|rd|th)\b", re.I)
_CAPITALISED = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][\w'’-]+")
# Capitalised words that are not a person's name: months and days (names to rag.answer.verify, which checks names
# of any kind), pronouns, titles.
_NOT_PERSON_NAMES = frozenset(_MONTHS + _DAYS + "the a an he she it they we i mr mrs ms dr".split())


def expected_kind(question: str) -> str | None:
    """PERSON, NUMBER, DATE or None (the question does not say)."""
    if _Q_NUMBER.search(question):
        return NUMBER
    if _Q_DATE.search(question):
        return DATE
    if _Q_PERSON.search(question):
        return PERSON
    return None


def _words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[\w'’-]+", text)}


def holds_kind(sentence: str, kind: str | None, question: str) -> bool:
    """Whether ``sentence`` holds an answer of ``kind`` that the question does not already contain."""
    if kind is None:
        return False
    asked = _words(question)
    if kind == NUMBER:
        return any(m.group(0).lower() not in asked for m in _NUMBER.finditer(sentence))
    if kind == DATE:
        return any(m.group(0).lower() not in asked for m in _DATE_WORD.finditer(sentence))
    names = [w for w in _CAPITALISED.findall(sentence.strip())
             if w.lower() not in asked and w.lower() not in _NOT_PERSON_NAMES]
    return bool(names)


_FULL_NAME = re.compile(r"\b[A-Z][\w'’-]+(?:\s+(?:(?:al|el|bin|ibn|de|da|di|van|von|la|le)[- ])?[A-Z][\w'’-]+)+")


def holds_new_full_name(sentence: str, question: str) -> bool:
    """A name of two or more words ("Anjali Roos", "Khalil al-Hayya") with a word the question lacks: stricter
    than `holds_kind`'s any-capitalised-word, for decisions that drop a sentence ("Palestinian factions" is not a
    person)."""
    asked = _words(question)
    for m in _FULL_NAME.finditer(sentence):
        words = [w.lower() for w in re.findall(r"[\w'’-]+", m.group(0))]
        if any(w not in asked and w not in _NOT_PERSON_NAMES for w in words):
            return True
    return False
