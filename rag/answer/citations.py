"""Citation markers in generated answers: normalise, validate, repair, and attach them to passages.

A model's `[n]` markers are trusted only after checking: malformed variants (``[1, 2]``, ``[Source 1]``, ``[1``)
are rewritten as ``[1][2]``; numbers that point to no passage are dropped; a marker the model copied out of the
article text (a footnote such as ``…in 1973[4]``) is not a citation and is dropped too. A factual sentence left
without a marker gets one when it clearly matches a passage; if a factual answer still cites nothing,
`finalize` returns None and the caller falls back to the extractive answer: an uncited factual answer is never
returned.
"""

from __future__ import annotations

import logging
import math
import re
from dataclasses import dataclass, field

from rag.answer.verify import check_cited, is_filler
from rag.text import content_terms, passage_sentences
from rag.types import Citation, Passage

log = logging.getLogger(__name__)

MARKER = re.compile(r"\[(\d{1,3})\]")
_MARKER_RUN = re.compile(r"^(?:\s*\[\d{1,3}\])+")

# "[1, 2]", "[1; 3]", "[1 and 2]", "[Source 1]", "[Passages 1-2]", "[ 2 ]", "[[2]]", "[^2]", "【2】"
_BRACKETED = re.compile(
    r"(?:\[\[|\[|【)\s*\^?\s*(?:(?:source|sources|passage|passages|doc|document|ref|reference)s?\s*:?\s*#?\s*)?"
    r"(\d{1,3}(?:\s*(?:,|;|and|&|-|–)\s*\d{1,3})*)\s*(?:\]\]|\]|】)", re.I)
# The same in parentheses only with a word that makes it unambiguous: "(Source 2)", "(passage 1, 3)".
_PAREN = re.compile(r"\(\s*(?:source|sources|passage|passages)\s*:?\s*#?\s*(\d{1,3}(?:\s*(?:,|;|and|&|-|–)\s*\d{1,3})*)\s*\)",
                    re.I)
_UNCLOSED = re.compile(r"\[(\d{1,3})(?=$|[\s.,;:!?)])")  # "[1" cut short: at the end, or before punctuation
_MAX_RANGE = 10

_REFUSAL = re.compile(
    r"\b(?:(?:sources?|passages?|documents?|context|texts?|articles?)\s+(?:do(?:es)?\s*n[o']t|did\s*n[o']t)\s+"
    r"(?:contain|mention|provide|say|include|specify|state|give|have)"
    r"|(?:no|not enough|insufficient)\s+information"
    r"|not\s+(?:mentioned|provided|specified|stated|given|found)\s+in\s+the"
    r"|(?:cannot|can't|can\s+not|unable\s+to)\s+(?:find|answer|determine|tell|be\s+determined)"
    r"|there\s+is\s+no\s+(?:mention|information|answer))", re.I)

_CONTRAST = re.compile(r"\b(?:but|however|although|though|while|yet)\b", re.I)

_FILLER = {"sure", "certain", "answer", "question", "base", "accord", "passag", "sourc", "provid", "note", "follow",
           "inform", "context", "state", "found", "mention", "see", "refer", "cite", "can", "also", "given", "text",
           "document", "articl", "referenc"}  # stems of words that carry no fact of their own
# Support of a sentence by a passage: the share of the sentence's content words found in the passage, each word
# weighted by its rarity among the prompt's passages (names count more than "delegation").
ATTACH_MIN_OVERLAP = 0.6  # support a passage needs to be cited for an uncited sentence
REPAIR_MARGIN = 0.25  # a cited passage this much less supportive than another gives way to it


def _expand(numbers: str) -> list[int]:
    out: list[int] = []
    for part in re.split(r"\s*(?:,|;|and|&)\s*", numbers):
        m = re.fullmatch(r"(\d{1,3})\s*[-–]\s*(\d{1,3})", part.strip())
        if m:
            lo, hi = int(m.group(1)), int(m.group(2))
            if lo <= hi and hi - lo < _MAX_RANGE:
                out.extend(range(lo, hi + 1))
            else:
                out.extend([lo, hi])
        elif part.strip().isdigit():
            out.append(int(part))
    return out


def normalize_markers(text: str) -> str:
    """Rewrite the marker variants small models produce as canonical ``[n]`` runs."""
    def canon(m: re.Match) -> str:
        return "".join(f"[{n}]" for n in dict.fromkeys(_expand(m.group(1))))

    text = _BRACKETED.sub(canon, text)
    text = _PAREN.sub(canon, text)
    return _UNCLOSED.sub(r"[\1]", text)


def _squash(s: str) -> str:
    return " ".join(s.split())


def is_article_marker(text: str, pos: int, number: int, passages: list[Passage]) -> bool:
    """True when the marker at ``pos`` comes with the words before it from a passage: a copied footnote."""
    before = _squash(MARKER.sub("", text[max(0, pos - 60):pos]))[-30:]
    if len(before) < 12:
        return False
    needle = f"{before}[{number}]"
    return any(needle in _squash(p.text) or f"{before} [{number}]" in _squash(p.text) for p in passages)


def clean_markers(text: str, passages: list[Passage]) -> tuple[str, list[str]]:
    """Normalised text with markers that point nowhere or came from the article removed; and what was removed."""
    text = normalize_markers(text)
    removed: list[str] = []
    out: list[str] = []
    last = 0
    for m in MARKER.finditer(text):
        n = int(m.group(1))
        if not 1 <= n <= len(passages):
            removed.append(f"[{n}] points to no passage")
        elif is_article_marker(text, m.start(), n, passages):
            removed.append(f"[{n}] was in the article text")
        else:
            continue
        out.append(text[last:m.start()].rstrip(" ") if m.end() < len(text) and text[m.end()] in " .,;:!?" else
                   text[last:m.start()])
        last = m.end()
    out.append(text[last:])
    return "".join(out), removed


def without_echoed_headers(text: str, titles: list[str]) -> str:
    """``text`` without the lines that only repeat a passage header ("[1] Egypt prepares … (published 2025-10-09, …)").

    Qwen2.5-0.5B behind llama_cpp.server sometimes replies with the first passage's header and nothing else: that is
    no answer, neither a refusal nor a claim to check (tests/rag/test_openai_backend.py).
    """
    wanted = {" ".join(t.lower().split()) for t in titles if t.strip()}

    def echo(line: str) -> bool:
        bare = re.sub(r"\s*\([^()]*\)\s*$", "", MARKER.sub(" ", line))
        return " ".join(bare.lower().split()) in wanted

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


@dataclass
class Sentence:
    text: str  # without markers
    start: int
    end: int
    numbers: list[int] = field(default_factory=list)
    raw: str = ""  # as written, markers in place
    changed: bool = False  # numbers differ from what the model wrote


def split_sentences(text: str) -> list[Sentence]:
    """Sentences with their markers; a marker after the full stop ("… delegation. [1]") belongs to the one before."""
    out: list[Sentence] = []
    for s, e in passage_sentences(text):
        chunk = text[s:e]
        lead = _MARKER_RUN.match(chunk)
        if lead and out:
            out[-1].numbers.extend(int(n) for n in MARKER.findall(lead.group(0)))
            out[-1].end = s + lead.end()
            out[-1].raw = text[out[-1].start:out[-1].end].strip()
            s += lead.end()
            chunk = text[s:e]
        if not chunk.strip():
            continue
        plain = re.sub(r"\s+([.,;:!?])", r"\1", _squash(MARKER.sub("", chunk)))  # "according to [2]." -> "to."
        out.append(Sentence(plain, s, e, [int(n) for n in MARKER.findall(chunk)],
                            chunk.strip()))
    return out


def is_factual(sentence: str) -> bool:
    """States something of its own (filler such as "This was reported in [2]." does not: rag.answer.verify)."""
    return any(t not in _FILLER for t in content_terms(sentence)) and not is_filler(sentence)


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


def finalize(text: str, passages: list[Passage], verify: bool = True, question: str = "") -> CitedAnswer | None:
    """Validated, cited answer text; None when it would be an uncited factual answer (caller falls back).

    What a sentence repeats of ``question`` needs no support from its passage (rag.answer.verify.support).

    ``verify=False`` skips the support check (the behaviour before it, kept for bench/answer_latency.py's baseline).
    """
    cleaned, removed = clean_markers(text.strip(), passages)
    sentences = split_sentences(cleaned)
    p_terms = [set(content_terms(p.text)) for p in passages]
    attached = 0
    kept: list[Sentence] = []
    dropped: list[str] = []
    for s in sentences:
        if s.text.rstrip().endswith("?"):
            # A question answers nothing (small models sometimes echo the question and cite it): left out.
            dropped.append(s.text)
            continue
        terms = set(content_terms(s.text))
        factual = is_factual(s.text)
        if not factual:
            # "Sources: [2][3]" or "This is stated in [1].": its markers go to an uncited fact just before it;
            # otherwise the line is left out (it adds citations nothing in the answer relies on).
            if s.numbers:
                if kept and not kept[-1].numbers and is_factual(kept[-1].text):
                    kept[-1].numbers, kept[-1].changed = list(s.numbers), True
                continue
            kept.append(s)
            continue
        weight = _rarity(terms, p_terms)
        scores = [_overlap(terms, pt, weight) for pt in p_terms]
        best = max(range(len(passages)), key=scores.__getitem__) if passages else -1
        cited_support = max((scores[n - 1] for n in s.numbers), default=0.0)
        if s.numbers:
            # Small models cite the wrong number: the cited passage gives way to one that holds clearly more of the
            # sentence ("… deputy is Dr. Mohammed al-Hindi [2]" when al-Hindi is only in [1]).
            if best >= 0 and scores[best] >= ATTACH_MIN_OVERLAP and scores[best] - cited_support >= REPAIR_MARGIN:
                s.numbers, s.changed = [best + 1], True
                attached += 1
        if not s.numbers:
            if best >= 0 and scores[best] >= ATTACH_MIN_OVERLAP:
                s.numbers, s.changed = [best + 1], True
                attached += 1
        kept.append(s)
    # Facts that no passage supports are left out rather than shown uncited; a cited fact must be supported by
    # its passage (numbers, names, most words: rag.answer.verify), or by another one it is then re-cited to.
    texts = {i + 1: p.text for i, p in enumerate(passages)}
    final_sentences = []
    spans: dict[int, list[tuple[int, int]]] = {}
    unsupported: list[str] = []
    for s in kept:
        if not is_factual(s.text):
            if not s.numbers:
                final_sentences.append(s)
            continue
        if not s.numbers:
            dropped.append(s.text)
            continue
        verdict = check_cited(s.text, s.numbers, texts, question)
        if not verify:
            verdict.supported = True
        if not verdict.supported:
            other = next((v for v in (check_cited(s.text, [n], texts, question) for n in texts if n not in s.numbers)
                          if v.supported), None)
            if other is None:
                dropped.append(s.text)
                unsupported.append(s.text)
                log.info("unsupported sentence dropped (%s): %r", verdict.reason, s.text)
                continue
            s.numbers, s.changed, verdict = [other.passage], True, other
            attached += 1
        if verdict.passage is not None and verdict.span is not None:
            spans.setdefault(verdict.passage, []).append(verdict.span)
        final_sentences.append(s)
    if not any(s.numbers for s in final_sentences):
        if unsupported:
            return CitedAnswer("", [], removed, attached, dropped, unsupported)
        return None
    for s in final_sentences:
        if _MARKER_RUN.match(s.raw):  # "[1] Egyptian intelligence chief …": the marker goes after the sentence
            s.changed = True
    final = " ".join(_render(s.text, list(dict.fromkeys(s.numbers))) if s.changed else s.raw
                     for s in final_sentences)
    if len(final_sentences) == len(sentences) and not any(s.changed for s in final_sentences):
        final = cleaned.strip()  # nothing changed: keep the model's own layout (what was streamed)
    cited: dict[int, list[str]] = {}
    for s in final_sentences:
        for n in s.numbers:
            cited.setdefault(n, []).append(s.text)
    citations = [Citation.from_passage(n, passages[n - 1], _union(spans.get(n)) or best_span(passages[n - 1], texts))
                 for n, texts in sorted(cited.items())]
    return CitedAnswer(final, citations, removed, attached, dropped, unsupported)


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


class MarkerStream:
    """Cleans markers in streamed text: holds back an unfinished ``[…`` until it closes, then emits it validated.

    What is emitted is always a prefix of ``clean_markers(full text)``; if a late piece changes earlier text
    (rare), emission pauses and the final Answer carries the authoritative text.
    """

    _HOLD = 40  # an opening bracket further back than this is not a marker: stop holding

    def __init__(self, passages: list[Passage]):
        self.passages = passages
        self.raw = ""
        self.emitted = ""
        self._diverged = False

    def _safe_end(self) -> int:
        end = len(self.raw)
        tail_from = max(0, end - self._HOLD)
        for opener, closer in (("[", "]"), ("【", "】"), ("(", ")")):
            i = self.raw.rfind(opener, tail_from)
            if i >= 0 and closer not in self.raw[i:]:
                end = min(end, i)
        m = re.search(r"\d+$", self.raw[:end])  # "… 1" may still become "… [1" or "1]"
        return m.start() if m else end

    def feed(self, piece: str) -> str:
        self.raw += piece
        return self._emit(self.raw[: self._safe_end()], final=False)

    def finish(self) -> str:
        return self._emit(self.raw, final=True)

    def _emit(self, prefix: str, final: bool) -> str:
        if self._diverged:
            return ""
        cleaned, _ = clean_markers(prefix, self.passages)
        # A bare marker never opens an answer ("[1] Egyptian…"): finalize moves it after the sentence.
        cleaned = _MARKER_RUN.sub("", cleaned.lstrip(), count=1).lstrip()
        if not cleaned.startswith(self.emitted):
            self._diverged = True
            return ""
        # Trailing spaces wait: a marker that is removed later takes the space before it along.
        out = (cleaned if final else cleaned.rstrip(" "))[len(self.emitted):]
        self.emitted += out
        return out
