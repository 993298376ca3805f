"""The fact alone: a one-sentence answer that restates the question around its fact is cut to the fact.

The prompt asks for the fact alone (rag/answer/prompt.py), and Qwen2.5-1.5B still wrote "Anjali Roos became the
head of Lumora Telecom this month. [1]" for "Who became the head of Lumora Telecom this month?"; cut here, 11 of
the 51 answers it gave on the news set (every 3rd question) lost the restatement: word F1 0.593 -> 0.701, contains
unchanged (bench/README.md, "The fact alone, cut after the check"). The words the sentence shares with the question say nothing new; when
what is left is one run of words, that run is the answer: "Anjali Roos [1]".

The cut is taken only when it cannot change what the answer claims: a wh-question (not yes/no, not a choice), one
sentence, at least two of the question's words to drop, the new words in one run (a second run, "… on 5
September, replacing Amara Quist", is more than the fact, and is kept), and no negation anywhere ("X was not
re-elected" must not become "X"), and the fact holds a name, number or date. The cut text is a span of the checked sentence, so it states nothing the
support check did not see. Hand-written: no offline model shortens answers to their span.
"""

from __future__ import annotations

import re

from rag.answer.filler import FUNCTION_STEMS
from rag.text import MARKER, content_terms

_WH = re.compile(r"\s*(?:who|whom|whose|what|which|where|when|how)\b", re.I)
_CHOICE = re.compile(r"\bor\b", re.I)
_NEGATION = re.compile(r"\b(?:not|no|never|nor|neither|none|nobody|nothing|without|denied|den(?:y|ies)|refused|"
                       r"rejected|failed|except|instead)\b|n[’']t\b", re.I)
_EDGE = " \t,.;:!?\"'“”‘’()"
MIN_RESTATED = 2  # question words a sentence must repeat before it is cut


def fact_alone(answer: str, question: str) -> str:
    """``answer`` cut to its fact when it is one sentence restating ``question`` around it; otherwise unchanged.

    Markers move to the end: "Callum Reddy [1] leads the polls." → "Callum Reddy [1]"."""
    if not _WH.match(question or "") or _CHOICE.search(question):
        return answer
    markers = "".join(dict.fromkeys(m.group(0) for m in MARKER.finditer(answer)))
    text = " ".join(MARKER.sub(" ", answer).split()).strip()
    if not markers or not text or re.search(r"[.!?]\s+\S", text) or _NEGATION.search(text):
        return answer  # not one cited sentence, or one whose claim a cut could turn around
    asked = set(content_terms(question))
    words = list(re.finditer(r"\S+", text))
    kinds = [_kind(w.group(0), asked) for w in words]
    new = [i for i, k in enumerate(kinds) if k == "new"]
    if not new or kinds.count("asked") < MIN_RESTATED:
        return answer
    if any(k == "asked" for k in kinds[new[0]:new[-1] + 1]):
        return answer  # the new words are not one run: the sentence says more than one thing
    fact = text[words[new[0]].start():words[new[-1]].end()].strip(_EDGE)
    if not re.search(r"\d|\b[A-Z]", fact):
        return answer  # not a name, number or date: "Gathered improperly [3]" reads worse than the sentence
    return f"{fact[0].upper()}{fact[1:]} {markers}"


def _kind(word: str, asked: set[str]) -> str:
    """"asked" (all its content words are the question's), "new", or "plain" (stopwords, pronouns, auxiliaries)."""
    terms = [t for t in content_terms(word) if t not in FUNCTION_STEMS]
    if not terms:
        return "plain"
    return "asked" if all(t in asked for t in terms) else "new"
