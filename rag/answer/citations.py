"""Citations in generated answers: validate, repair, and attach them to passages (the markers themselves are
normalised and cleaned by rag.answer.markers).

A factual sentence left without a marker gets one when it clearly matches a passage; a fact no passage supports
is dropped, cited or not, and an answer left with no fact becomes a refusal (rag.answer.verify). `finalize`
returns None only when the reply states nothing to check; the caller then falls back to the extractive answer:
an uncited factual answer is never returned.
"""

from __future__ import annotations

import logging
import math
import re
from dataclasses import dataclass, field

from rag.answer.filler import FILLER_STEMS
from rag.answer.markers import clean_markers
from rag.answer.verify import Sentence, check_cited, is_filler, split_sentences
from rag.text import MARKER, MARKER_RUN, content_terms, passage_sentences
from rag.types import Citation, Passage

log = logging.getLogger(__name__)

_REFUSAL = re.compile(
    r"\b(?:(?:sources?|passages?|documents?|context|texts?|articles?)\s+(?:do(?:es)?\s*n[o']t|did\s*n[o']t)\s+"
    r"(?:contain|mention|provide|say|include|specify|state|give|have)"
    r"|(?:no|not enough|insufficient)\s+information"
    r"|not\s+(?:mentioned|provided|specified|stated|given|found)\s+in\s+the"
    r"|(?:cannot|can't|can\s+not|unable\s+to)\s+(?:find|answer|determine|tell|be\s+determined)"
    r"|there\s+is\s+no\s+(?:mention|information|answer))", re.I)

_WH_QUESTION = re.compile(r"\s*(?:who|whom|whose|what|which|where|when|how|why)\b", re.I)
_CHOICE = re.compile(r"\bor\b", re.I)
_CONTRAST = re.compile(r"\b(?:but|however|although|though|while|yet)\b", re.I)

# Support of a sentence by a passage: the share of the sentence's content words found in the passage, each word
# weighted by its rarity among the prompt's passages (names count more than "delegation").
ATTACH_MIN_OVERLAP = 0.6  # support a passage needs to be cited for an uncited sentence
REPAIR_MARGIN = 0.25  # a cited passage this much less supportive than another gives way to it


def without_echoed_headers(text: str, titles: list[str]) -> str:
    """``text`` without the lines that only repeat a passage header ("[1] Egypt prepares … (published 9 Oct, …)").

    Qwen2.5-0.5B behind llama_cpp.server sometimes replies with the first passage's header and nothing else, and the
    1.5B once replied "Super Bowl 50 p029": that is no answer, neither a refusal nor a claim to check
    (tests/rag/llm/test_openai_backend.py). A title cited the way answers are ("Waylon Smithers [2]", where the passage
    is that person's article: seen on hotpot) is an answer, left to the support check.
    """
    wanted = {" ".join(t.lower().split()) for t in titles if t.strip()}

    def echo(line: str) -> bool:
        cited_after = bool(re.search(rf"\S\s*{MARKER.pattern}", line)) and not MARKER_RUN.match(line)
        dated = bool(re.search(r"\([^()]*\)\s*$", MARKER.sub(" ", line).strip()))
        bare = re.sub(r"\s*\([^()]*\)\s*$", "", MARKER.sub(" ", line))
        return " ".join(bare.lower().split()) in wanted and (dated or not cited_after)

    return "\n".join(line for line in text.splitlines() if not echo(line))


def is_refusal(text: str) -> bool:
    """The model said the sources don't answer, and did not go on to answer anyway.

    Small models often cite even their refusals ("The sources do not contain the answer [1]."), so a marker alone
    does not make an answer; a cited contrast ("…not the date, but the talks were on Thursday [1]") or a cited
    sentence after the first one does.
    """
    sents = split_sentences(text.strip())
    if not sents or not _REFUSAL.search(sents[0].text):
        return False
    if any(s.numbers for s in sents[1:]):
        return False
    return not sents[0].numbers or not _CONTRAST.search(sents[0].text)


def is_factual(sentence: str) -> bool:
    """States something of its own (filler such as "This was reported in [2]." does not: rag.answer.verify)."""
    return any(t not in FILLER_STEMS for t in content_terms(sentence)) and not is_filler(sentence)


def _overlap(terms: set[str], passage_terms: set[str], weight: dict[str, float] | None = None) -> float:
    if not terms:
        return 0.0
    if weight is None:
        return len(terms & passage_terms) / len(terms)
    return sum(weight[t] for t in terms & passage_terms) / sum(weight[t] for t in terms)


def _rarity(terms: set[str], p_terms: list[set[str]]) -> dict[str, float]:
    n = len(p_terms)
    # A word in no passage (a paraphrase: "led" for "headed") weighs like one in a single passage, not more.
    return {t: math.log(1 + (n + 1) / (max(1, sum(t in pt for pt in p_terms)) + 0.5)) for t in terms}


def best_span(passage: Passage, sentences: list[str]) -> tuple[int, int]:
    """The passage sentence that shares most words with the answer sentences citing it (for highlighting)."""
    terms = set(t for s in sentences for t in content_terms(s))
    spans = passage_sentences(passage.text)
    if not spans or not terms:
        return 0, len(passage.text)
    return max(spans, key=lambda se: (_overlap(terms, set(content_terms(passage.text[se[0]:se[1]]))), -se[0]))


@dataclass
class CitedAnswer:
    text: str
    citations: list[Citation]
    removed: list[str] = field(default_factory=list)  # markers dropped, with the reason
    attached: int = 0  # markers added by matching sentences to passages
    dropped_sentences: list[str] = field(default_factory=list)  # left out: unsupported facts, echoed questions
    unsupported: list[str] = field(default_factory=list)  # of those, facts no passage supports (rag.answer.verify)

    @property
    def empty(self) -> bool:
        """Every fact the model wrote was unsupported: the answer is a refusal."""
        return not self.text


def restates(sentence: str, question: str) -> bool:
    """The sentence adds no word to a wh-question's own ("Who headed the delegation?" → "The delegation was headed
    by [2]."): it answers nothing. Yes/no questions are exempt ("Did the talks resume?" → "The talks resumed [1]."),
    and so are choices, whose answer is one of the question's options ("Who was more popular, X or Y?" → "Y was more
    popular [2]", seen on hotpot)."""
    if not question or not _WH_QUESTION.match(question) or _CHOICE.search(question):
        return False
    terms = set(content_terms(sentence))
    return bool(terms) and terms <= set(content_terms(question))


def finalize(text: str, passages: list[Passage], verify: bool = True, question: str = "") -> CitedAnswer | None:
    """Validated, cited answer text, empty (a refusal) when every fact in it is unsupported; None when it states no
    fact at all (caller falls back to the extractive answer). Steps: clean the markers → cite each sentence
    (`_cite`) → keep the supported ones (`_supported`) → render with citations.

    What a sentence repeats of ``question`` needs no support from its passage (rag.answer.verify.support).

    ``verify=False`` skips the support check (the behaviour before it, kept for bench/answer_latency.py's baseline).
    """
    cleaned, removed = clean_markers(text.strip(), passages)
    sentences = split_sentences(cleaned)
    texts = {i + 1: p.text for i, p in enumerate(passages)}
    out = CitedAnswer("", [], removed)
    kept = _cite(sentences, passages, texts, question, verify, out)
    final_sentences, spans = _supported(kept, texts, question, verify, out)
    if not any(s.numbers for s in final_sentences):
        return out if out.unsupported else None
    for s in final_sentences:
        if MARKER_RUN.match(s.raw):  # "[1] Egyptian intelligence chief …": the marker goes after the sentence
            s.changed = True
    out.text = " ".join(_render(s.text, list(dict.fromkeys(s.numbers))) if s.changed else s.raw
                        for s in final_sentences)
    if len(final_sentences) == len(sentences) and not any(s.changed for s in final_sentences):
        out.text = cleaned.strip()  # nothing changed: keep the model's own layout (what was streamed)
    cited: dict[int, list[str]] = {}
    for s in final_sentences:
        for n in s.numbers:
            cited.setdefault(n, []).append(s.text)
    out.citations = [Citation.from_passage(n, passages[n - 1],
                                           _union(spans.get(n)) or best_span(passages[n - 1], citing))
                     for n, citing in sorted(cited.items())]
    return out


def _cite(sentences: list[Sentence], passages: list[Passage], texts: dict[int, str], question: str, verify: bool,
          out: CitedAnswer) -> list[Sentence]:
    """The sentences kept, each factual one cited to the passage that holds it (a wrong number repaired, a missing
    one attached); questions and restatements are dropped, a filler line's markers go to the fact before it."""
    p_terms = [set(content_terms(p.text)) for p in passages]
    kept: list[Sentence] = []
    for s in sentences:
        if s.text.rstrip().endswith("?") or restates(s.text, question):
            # A question answers nothing (small models sometimes echo the question and cite it), nor does a sentence
            # made only of the question's words ("The Hamas delegation was headed by [2]."): left out.
            out.dropped_sentences.append(s.text)
            continue
        if not is_factual(s.text):
            # "Sources: [2][3]" or "This is stated in [1].": its markers go to an uncited fact just before it;
            # otherwise the line is left out (it adds citations nothing in the answer relies on).
            if s.numbers:
                if kept and not kept[-1].numbers and is_factual(kept[-1].text):
                    kept[-1].numbers, kept[-1].changed = list(s.numbers), True
                continue
            kept.append(s)
            continue
        terms = set(content_terms(s.text))
        weight = _rarity(terms, p_terms)
        scores = [_overlap(terms, pt, weight) for pt in p_terms]
        best = max(range(len(passages)), key=scores.__getitem__) if passages else -1
        cited_support = max((scores[n - 1] for n in s.numbers), default=0.0)
        if s.numbers:
            # Small models cite the wrong number: the cited passage gives way to one that holds clearly more of the
            # sentence ("… deputy is Dr. Mohammed al-Hindi [2]" when al-Hindi is only in [1]).
            if best >= 0 and scores[best] >= ATTACH_MIN_OVERLAP and scores[best] - cited_support >= REPAIR_MARGIN:
                s.numbers, s.changed = [best + 1], True
                out.attached += 1
        if not s.numbers:
            found = best + 1 if best >= 0 and scores[best] >= ATTACH_MIN_OVERLAP else \
                _supporting(s.text, scores, texts, question) if verify else None
            if found:
                s.numbers, s.changed = [found], True
                out.attached += 1
        kept.append(s)
    return kept


def _supported(kept: list[Sentence], texts: dict[int, str], question: str, verify: bool,
               out: CitedAnswer) -> tuple[list[Sentence], dict[int, list[tuple[int, int]]]]:
    """Facts that no passage supports are left out rather than shown uncited; a cited fact must be supported by
    its passage (numbers, names, most words: rag.answer.verify), or by another one it is then re-cited to. Returns
    the sentences shown and the supporting spans by passage number."""
    final_sentences = []
    spans: dict[int, list[tuple[int, int]]] = {}
    for s in kept:
        if not is_factual(s.text):
            if not s.numbers:
                final_sentences.append(s)
            continue
        if not s.numbers:  # no passage holds enough of it to be cited: a fact of the model's own
            out.dropped_sentences.append(s.text)
            if verify:
                out.unsupported.append(s.text)
                log.info("uncited sentence no passage supports dropped: %r", s.text)
            continue
        verdict = check_cited(s.text, s.numbers, texts, question)
        if not verify:
            verdict.supported = True
        if not verdict.supported:
            other = next((v for v in (check_cited(s.text, [n], texts, question) for n in texts if n not in s.numbers)
                          if v.supported), None)
            if other is None:
                out.dropped_sentences.append(s.text)
                out.unsupported.append(s.text)
                log.info("unsupported sentence dropped (%s): %r", verdict.reason, s.text)
                continue
            s.numbers, s.changed, verdict = [other.passage], True, other
            out.attached += 1
        if verdict.passage is not None and verdict.span is not None:
            spans.setdefault(verdict.passage, []).append(verdict.span)
        final_sentences.append(s)
    return final_sentences, spans


def _supporting(sentence: str, scores: list[float], texts: dict[int, str], question: str) -> int | None:
    """The passage, best word overlap first, that supports an uncited sentence by the check a cited one passes
    (rag.answer.verify: its numbers and names there, half its other words): a paraphrase ("Seville shut its
    schools." for "Officials in Seville closed schools") shares too few words to be attached, and was dropped,
    leaving a refusal although the first passage held the answer (issue 24)."""
    for i in sorted(range(len(scores)), key=lambda i: -scores[i]):
        if scores[i] > 0 and check_cited(sentence, [i + 1], texts, question).supported:
            return i + 1
    return None


def _union(spans: list[tuple[int, int]] | None) -> tuple[int, int] | None:
    """The supported spans of the sentences citing one passage, as one highlight."""
    return (min(s for s, _ in spans), max(e for _, e in spans)) if spans else None


def _render(sentence: str, numbers: list[int]) -> str:
    markers = "".join(f"[{n}]" for n in numbers)
    if not markers:
        return sentence
    m = re.search(r"[.!?]+[\"'”’)]*$", sentence)
    if m:  # marker before the final punctuation: "… al-Hayya [1]."
        return f"{sentence[:m.start()]} {markers}{sentence[m.start():]}"
    return f"{sentence} {markers}"
