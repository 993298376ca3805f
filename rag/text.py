"""Small text utilities shared by the answerers: content terms, sentence spans inside a passage, citation markers."""

from __future__ import annotations

import functools
import re

from ingest.sentences import sentence_spans

_WORD = re.compile(r"\w+", re.UNICODE)
# rag.conversation.session appends what a follow-up refers to as "(context: …)": retrieval needs it, picking the answer
# sentence should follow the follow-up's own words.
FOLLOW_UP_CONTEXT = re.compile(r"\s*\(context: (.*)\)$")
# The one citation-marker pattern ("[3]"): every module that finds, counts or strips markers uses these.
MARKER = re.compile(r"\[(\d{1,3})\]")
MARKER_RUN = re.compile(r"^(?:\s*\[\d{1,3}\])+")
_MARKER_AND_SPACE = re.compile(rf"\s?{MARKER.pattern}")
# Words capitalised only because they open a sentence or clause: not names. The part of "what is not a name" that
# rag.answer.verify (names in an answer) and rag.watches.facts (names in a fact) share; each adds the words its own
# text needs (issue 29: the two lists had these 60 words in common).
SENTENCE_OPENERS = frozenset("""the a an this that these those it its he she they his her their there in on at after
before during according no i we as by for from of to with and but or so while when both also however meanwhile since if
then not all some many most each here yet what who which where why how""".split())


def without_context(question: str) -> str:
    return FOLLOW_UP_CONTEXT.sub("", question).strip() or question


def squash_spaces(s: str) -> str:
    return " ".join(s.split())


def strip_markers(text: str, sep: str = "") -> str:
    """``text`` without its ``[n]`` markers: with ``sep=""`` each goes with the space before it ("Rashad [1]." →
    "Rashad."); otherwise each is replaced by ``sep`` (for word counts and comparisons)."""
    return _MARKER_AND_SPACE.sub("", text) if sep == "" else MARKER.sub(sep, text)


@functools.lru_cache(maxsize=1)
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("english")


@functools.lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_EN

    return frozenset(STOPWORDS_EN) | {"did", "does", "do", "what", "which", "who", "whom", "whose", "when", "where",
                                      "why", "how", "many", "much", "name", "s"}


@functools.lru_cache(maxsize=1)
def _index_stopwords() -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_EN

    return frozenset(STOPWORDS_EN)


def keyword_terms(text: str) -> list[str]:
    """The keyword index's tokens: lower-cased, stemmed words without English stopwords (the same stemmer as
    content_terms, so the re-ranker's idf lookups hit the index's vocabulary)."""
    words = [w.lower() for w in _WORD.findall(text)]
    words = [w for w in words if w not in _index_stopwords() and (len(w) > 1 or w.isdigit())]
    return _stemmer().stemWords(words)


def content_terms(text: str) -> list[str]:
    """Lower-cased, stemmed words that carry meaning (no stopwords, no single characters)."""
    words = [w.lower() for w in _WORD.findall(text)]
    words = [w for w in words if w not in stopwords() and (len(w) > 1 or w.isdigit())]
    return _stemmer().stemWords(words)


def passage_sentences(text: str) -> list[tuple[int, int]]:
    return sentence_spans(text) or ([(0, len(text))] if text.strip() else [])
