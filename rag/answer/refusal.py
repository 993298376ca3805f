"""The refusal gate: answer only when retrieval found something relevant enough.

Two kinds of evidence open the gate:

1. **Dense**: the best dense cosine between the question and a retrieved passage reaches
   ``Settings.refusal_threshold`` (0.33). BM25 scores are not comparable across corpora, cosine is. Calibrated
   with `python -m bench.calibrate_refusal --every 4` (2026-11-26): answerable squad questions score a median best
   cosine of 0.60 (2nd percentile 0.33); questions against an unrelated corpus about 0.30, so no threshold separates
   them cleanly with MiniLM. 0.33 kept false refusals at 2.0% (squad) while refusing 62% / 68% of the unrelated
   pairings.
2. **Keyword** (2026-11-27): a short question about a name ("What position does Majed Faraj hold?", cosine 0.29
   over the Cairo article) carries little for MiniLM to match, but a passage holding *all* the question's names,
   one of them rare in the collection (BM25 idf ≥ ``RARE_IDF``: in under about half of the chunks), is strong
   evidence. It opens the gate when the cosine is at least ``KEYWORD_FLOOR``. Whether the passage actually *answers*
   is then the model's and the support check's job (rag/answer/verify.py): a question about a name the documents
   hold but do not answer is refused after the model.

Measured with `python -m bench.refusal_gate --every 20 --hotpot-every 4 --no-ingest` (2026-11-27, 50 squad and 25
hotpot questions; "answer removed" = the same questions with every passage of their gold documents or holding a
gold answer taken out): false refusals of answerable questions stay at 2.0 % (squad) and 0 % (hotpot); refused
with the answer removed 8 % (was 10 %) squad, 0 % hotpot; unrelated corpora 62 % (was 64 %) and 68 % (same).
Floors 0–0.20 and rare-idf 0.5–2.5 gave the same rates on that slice: the keyword path opens the gate for a
handful of short name questions, which the cosine misses, and hardly ever for others. Most "answer removed"
questions pass the gate either way (the passages left are about the same subject), so refusing them is the
model's job and the support check's (a cited sentence its passage does not hold is dropped).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from rag.types import Answer, Passage, TimeWindow

REFUSAL_TEXT = "The documents don't contain an answer to that question."
REFUSAL_PREFIX = "The documents don't"  # every refusal starts so (rag/answer/predicate.py says what is missing)

KEYWORD_FLOOR = 0.10  # cosine below which even matching names do not open the gate (unrelated passages)
RARE_IDF = 0.9  # bm25 idf log(1 + N / (df + 0.5)): 0.9 ≈ the term is in fewer than ~60% of the chunks

MIN_CONTENT_TERMS = 2  # one shared word ("president") is no evidence; two in one passage are

_WORD = re.compile(r"[\w’'-]+")


def refusal(question: str, answerer: str, text: str = REFUSAL_TEXT, *, passages: list[Passage] | None = None,
            window: TimeWindow | None = None) -> Answer:
    """The refused ``Answer`` (built here only: the pipeline's gate, the answerers, a question without words)."""
    return Answer(answer=text, refused=True, question=question, answerer=answerer, passages=passages if passages is not None else [],
                  window=window)


def is_refusal_text(text: str) -> bool:
    """A reply the product gave as a refusal (a client's message history carries only the text)."""
    return text.strip().startswith(REFUSAL_PREFIX)


def relevance(passages: list[Passage]) -> float:
    scores = [p.dense_score for p in passages if p.dense_score is not None]
    return max(scores) if scores else 0.0


def question_names(question: str) -> set[str]:
    """The names a question asks about: its capitalised words after the first ("Majed", "Faraj"), and numbers."""
    from rag.answer.numbers import numbers_in
    from rag.answer.verify import names_in

    words = question.split(maxsplit=1)
    rest = words[1] if len(words) > 1 else ""
    first = words[0] if words else ""
    names = names_in(rest)
    # The first word is a name only when it is not an ordinary sentence opener ("Faraj holds what position?").
    if first[:1].isupper() and first.lower().strip("?,.") not in _QUESTION_OPENERS:
        names |= names_in(first)
    return names | {n for n in numbers_in(rest) if len(n) >= 2}


# Words a question opens with (asking words, auxiliaries, "name"/"list"/"tell", prepositions): not names and not
# what it asks about. Questions, not prose: not rag.text.SENTENCE_OPENERS ("name", "is" here; "he", "yet" there).
_QUESTION_OPENERS = {
    "who", "whom", "whose", "what", "which", "where", "when", "why", "how", "is", "are", "was", "were", "do", "does",
    "did", "has", "have", "had", "can", "could", "will", "would", "should", "in", "on", "at", "the", "a", "an", "name",
    "list", "tell", "give", "describe", "explain", "according", "after", "before", "during", "for", "from", "of", "to",
    "by", "with", "about", "as", "since", "between", "among"}


def question_terms(question: str) -> list[str]:
    """The stemmed content words of a question without names ("Who is the intelligence chief?" -> intellig, chief)."""
    from rag.text import content_terms

    words = [w for w in _WORD.findall(question) if w.lower().strip("?,.") not in _QUESTION_OPENERS]
    return content_terms(" ".join(words))


def _holds_run(seq: list[str], terms: list[str]) -> bool:
    n = len(terms)
    return any(seq[i:i + n] == terms for i in range(len(seq) - n + 1))


def keyword_evidence(question: str, passages: list[Passage], idf: Callable[[list[str]], dict[str, float]] | None,
                     rare_idf: float = RARE_IDF, content_words: bool = True) -> bool:
    """A passage holds every name of the question, and at least one of them is rare in the collection.

    A question without names ("Who is the intelligence chief?", best cosine 0.29 over the Cairo article) is judged
    by its content words instead, when it has at least ``MIN_CONTENT_TERMS``: a passage holding all of them, one
    rare, or holding them as one phrase, opens the gate (``content_words=False``: names only, as before 2026-12-07).
    Rarity alone cannot judge a small collection: in the four chunks of the Cairo article "intelligence" and
    "chief" have idf 0.76, but the article says "intelligence chief" verbatim.
    """
    from rag.answer.numbers import numbers_in
    from rag.answer.verify import passage_words
    from rag.text import content_terms

    names = question_names(question)
    if names:
        holders = [p for p in passages if names <= (passage_words(p.text) | numbers_in(p.text))]
        terms = [t for n in names for t in content_terms(n)]
    elif content_words:
        terms = question_terms(question)
        if len(set(terms)) < MIN_CONTENT_TERMS:
            return False
        seqs = [content_terms(p.text) for p in passages]
        if any(_holds_run(seq, terms) for seq in seqs):
            return True  # the question's words as one phrase ("intelligence chief"): rare or not
        holders = [seq for seq in seqs if set(terms) <= set(seq)]
    else:
        return False
    if not holders:
        return False
    if idf is None:
        return True
    weights = idf(terms) if terms else {}
    return any(w >= rare_idf for w in weights.values())


def should_refuse(passages: list[Passage], threshold: float, question: str | None = None,
                  idf: Callable[[list[str]], dict[str, float]] | None = None) -> bool:
    """True when nothing retrieved is relevant enough to answer from (see the module docstring)."""
    if not passages:
        return True
    best = relevance(passages)
    if best >= threshold:
        return False
    if question and best >= KEYWORD_FLOOR and keyword_evidence(question, passages, idf):
        return False
    return True
