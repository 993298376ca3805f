"""Every holder of a role the question asks about: "Who is the intelligence chief?" names them all, each cited.

On the example article both answerers named one chief (Hassan Rashad, Egypt's) although the same article names
Majed Faraj as the Palestinian Authority's: one sentence, or one fact, answers, and the question does not say
whose chief. When a question asks who holds a role ("Who is/was/are the <role> [of …]?") and the answer names one
person the passages name next to that role ("intelligence chief Majed Faraj", "its intelligence chief, Majed
Faraj", "Hassan Rashad, the intelligence chief"), the answer becomes the list of every such person, each cited to
the sentence that names them, with whose role it is when the sentence says ("Egypt's", "the Palestinian
Authority's" for "its"). Nothing changes when the passages name one holder, or when the answer names none of them
(then the answer read the role differently, and a list would answer another question).

The names and qualifiers are spans of the cited sentences, so the list states nothing the passages do not. A
holder called "former …" or "ex-…" does not hold the role now and is left out. Hand-written patterns: no offline
model here links a role to its holder; measured on squad/hotpot/news (bench/README.md, "Every holder of a role").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from rag.answer.hedges import hedged
from rag.text import content_terms, passage_sentences
from rag.types import Answer, Citation, Passage

MAX_PASSAGES = 5  # as the extractive answerer: the passages an answer is picked from
MAX_HOLDERS = 4  # more than this is a list of a category, not the holders of one role

_ASKED = re.compile(r"^\s*who\s+(?:is|was|are|were)\s+(?:currently\s+|now\s+)?(?:the|an?)\s+"
                    r"(?P<role>[a-z][\w\s’'-]*?)\s*\??\s*$", re.I)
_PREPOSITION = re.compile(r"\s+(?:of|at|for|in|from|on|to|with|behind)\s+", re.I)
# Words that are the role or qualify it, not a name, though capitalised in a title.
_TITLES = {"maj", "major", "gen", "general", "col", "colonel", "lt", "lieutenant", "brig", "brigadier", "dr", "mr",
           "mrs", "ms", "prof", "professor", "sir", "sen", "senator", "rep", "gov", "governor", "capt", "captain",
           "adm", "admiral", "sgt", "deputy", "president", "minister", "prime", "chief", "secretary", "the", "and"}
_NOT_HOLDING = {"former", "ex", "late", "outgoing", "acting", "interim", "deputy", "vice", "assistant"}
_NAME_WORD = r"(?:[A-Z][\w’'.-]*|al|el|bin|ibn|abu|de|van|von|da|di|la|le)"
_NAME_RUN = re.compile(rf"{_NAME_WORD}(?:\s+{_NAME_WORD})*")
_PARTICLES = {"al", "el", "bin", "ibn", "abu", "de", "van", "von", "da", "di", "la", "le"}


@dataclass
class Holder:
    name: str
    whose: str  # "Egypt's", "the Palestinian Authority's" or ""
    passage_index: int
    start: int  # the sentence in the passage
    end: int


def asked_role(question: str) -> tuple[list[str], set[str]] | None:
    """The role's own words ("intelligence chief") and the other words it must come with ("Lumora" in "the chief
    executive of Lumora"), or None when the question does not ask who holds a role."""
    m = _ASKED.match(question or "")
    if not m:
        return None
    parts = _PREPOSITION.split(m.group("role"), maxsplit=1)
    head = parts[0].split()
    rest = set(content_terms(parts[1])) if len(parts) > 1 else set()
    if not head or len(head) > 4 or not content_terms(" ".join(head)):
        return None
    return [w.lower() for w in head], rest


def _role_at(sentence: str, head: list[str]) -> list[re.Match]:
    words = r"\s+".join(re.escape(w) + (r"s?" if i == len(head) - 1 else "") for i, w in enumerate(head))
    return list(re.finditer(rf"\b{words}\b", sentence, re.I))


def _clean_name(run: str) -> str:
    words = run.replace(",", " ").split()
    while words and (words[0].lower().rstrip(".") in _TITLES or words[0].lower() in _PARTICLES):
        words.pop(0)
    while words and words[-1].lower() in _PARTICLES:
        words.pop()
    name = " ".join(words).rstrip(".,")
    return name if any(w[0].isupper() and w.lower().rstrip(".") not in _TITLES for w in words) else ""


def _whose(sentence: str, role_start: int) -> str:
    """Whose role the sentence says: the capitalised words right before it ("Egypt's", "Egyptian"), or for "its" /
    "their" the first name the sentence opens with ("The Palestinian Authority sent … its intelligence chief")."""
    before = sentence[:role_start].rstrip()
    m = re.search(rf"({_NAME_RUN.pattern})$", before)
    if m and _clean_name(m.group(1)):
        return re.sub(r"^(?:The|A|An)\s+", "", m.group(1))
    if re.search(r"\b(?:its|their)$", before, re.I):
        first = _NAME_RUN.search(before)
        owner = _clean_name(first.group(0)) if first else ""
        if owner and first.start() <= 4:
            return f"the {owner}’s" if not owner.endswith("s") else f"the {owner}’"
    return ""


def _holders_in(sentence: str, head: list[str]) -> list[tuple[str, str]]:
    """(name, whose) for every person ``sentence`` names right next to the role ``head``."""
    out = []
    for m in _role_at(sentence, head):
        lead = sentence[max(0, m.start() - 12):m.start()].lower()
        if set(re.findall(r"[a-z]+", lead)[-2:]) & _NOT_HOLDING:
            continue  # "former intelligence chief X" does not hold it now
        after = re.match(rf",?\s+({_NAME_RUN.pattern})", sentence[m.end():])
        name = _clean_name(after.group(1)) if after else ""
        if not name:  # "Hassan Rashad, the intelligence chief"
            before = re.search(rf"({_NAME_RUN.pattern}),\s+(?:the\s+|its\s+|their\s+)?(?:{_NAME_RUN.pattern}\s+)?$",
                               sentence[:m.start()])
            name = _clean_name(before.group(1)) if before else ""
        if name:
            out.append((name, _whose(sentence, m.start())))
    return out


def role_holders(question: str, passages: list[Passage]) -> list[Holder]:
    """The distinct people the top passages name as holding the role ``question`` asks about, best passage first."""
    asked = asked_role(question)
    if asked is None:
        return []
    head, rest = asked
    found: list[Holder] = []
    for i, p in enumerate(passages[:MAX_PASSAGES]):
        for s, e in passage_sentences(p.text):
            sentence = p.text[s:e]
            if hedged(sentence, question) or not rest <= set(content_terms(sentence)) | set(content_terms(p.title)):
                continue
            for name, whose in _holders_in(sentence, head):
                same = [h for h in found if _same_person(h.name, name)]
                if not same:
                    found.append(Holder(name, whose, i, s, e))
                elif not same[0].whose and whose:
                    same[0].whose = whose
    return found


def _same_person(a: str, b: str) -> bool:
    return a.split()[-1].lower() == b.split()[-1].lower()


def every_holder(answer: Answer, passages: list[Passage]) -> Answer:
    """``answer`` as the list of every holder when it names one of several the passages name; else unchanged."""
    if answer.refused or not answer.citations:
        return answer
    holders = role_holders(answer.question, passages)
    if not 2 <= len(holders) <= MAX_HOLDERS:
        return answer
    said = answer.answer.lower()
    if not any(re.search(rf"\b{re.escape(h.name.split()[-1].lower())}\b", said) for h in holders):
        return answer
    numbers: dict[int, int] = {}
    citations: list[Citation] = []
    parts = []
    for h in holders:
        if h.passage_index not in numbers:
            numbers[h.passage_index] = len(numbers) + 1
            citations.append(Citation.from_passage(numbers[h.passage_index], passages[h.passage_index],
                                                   (h.start, h.end)))
        role = " ".join(_role_words(answer.question))
        parts.append(f"{h.name}{', ' + h.whose + ' ' + role if h.whose else ''} [{numbers[h.passage_index]}]")
    text = ", ".join(parts[:-1]) + ("," if any(h.whose for h in holders[:-1]) else "") + " and " + parts[-1]
    return replace(answer, answer=text, citations=citations)


def _role_words(question: str) -> list[str]:
    asked = asked_role(question)
    return asked[0] if asked else []
