"""Does a cited passage support an answer sentence? The check behind `Answer.verify()` and generated answers.

A factual sentence is supported by the passages it cites when
- every number in it (quantities, years, days; "1.5 million" = "1,500,000", "two" = "2", "40%" = "40 percent";
  rag/answer/numbers.py) is in those passages, next to a word of what the sentence says it counts,
- every name in it (capitalised words, months and weekdays normalised: "Oct." = "October"; "Egyptian" = "Egypt",
  "East" = "eastern") is there too, and
- at least ``MIN_COVERAGE`` of its other content words (stemmed) are there.
Dates need no parser of their own: "Oct. 9" and "9 October" both reduce to the month name and the number 9.

A sentence that states nothing of its own ("This was reported in [2].", "Sources: [1]") is *filler*: it is
neither supported nor unsupported and answers are better without it.

This module works on plain strings (answer text, passage texts by citation number) so anyone can run it on an
`Answer` (``answer.verify()``) or on any text and passages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rag.answer.counts import numbers_apart
from rag.answer.filler import FILLER_STEMS, FUNCTION_STEMS
from rag.answer.numbers import WORD_NUMBERS, number_spans, numbers_in, percent_aware
from rag.text import (MARKER, MARKER_RUN, SENTENCE_OPENERS, content_terms, passage_sentences, squash_spaces,
                      without_context)

# Other content words: a paraphrase ("headed" for "led") is allowed, an invented clause is not (the share of
# answer sentences kept is measured by bench/answer_latency.py, "supported" column, bench/README.md).
MIN_COVERAGE = 0.5
SHORT_OTHERS = 2

MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december"]
MONTH_ABBR = {m[:3]: m for m in MONTHS} | {"sept": "september"}
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_DAY_ABBR = {d[:3]: d for d in WEEKDAYS} | {"tues": "tuesday", "thur": "thursday", "thurs": "thursday"}
_CAPITALISED = re.compile(r"\b[A-Z][\w’'-]*")
# Words small models start sentences with or capitalise without naming anything: the sentence openers, and the
# titles, source words and discourse words of an answer, and name particles.
_NOT_NAMES = SENTENCE_OPENERS | set("""yes earlier later dr mr mrs ms maj gen sources source passage passages article
document answer because although though thus therefore instead still only several every other another such based overall
finally first firstly secondly lastly today yesterday tomorrow now currently recently""".split()) | set(
    "al el bin ibn abu de van von la le da di".split())  # name particles



def _canonical_word(word: str) -> str:
    w = word.lower().strip("’'-").rstrip(".")
    w = re.sub(r"[’']s$", "", w)
    return MONTH_ABBR.get(w) or _DAY_ABBR.get(w) or w


def names_in(text: str) -> set[str]:
    """Capitalised words that name something (people, places, groups, months, weekdays), canonical lower case.

    Stopwords and filler ("Because", "Based on…") capitalised at a sentence start are not names.
    """
    from rag.text import stopwords

    out: set[str] = set()
    for m in _CAPITALISED.finditer(text):
        w = _canonical_word(m.group(0))
        for part in w.split("-"):  # "al-Hayya", "Israel-Hamas": each part must be there
            if part in MONTHS or part in WEEKDAYS:
                out.add(part)
            elif (len(part) > 1 and part not in _NOT_NAMES and part not in WORD_NUMBERS and not part.isdigit() and part not in stopwords()
                    and not set(content_terms(part)) <= FILLER_STEMS):
                out.add(part)
    return out


# Endings that turn a name into its adjective or people ("East" / "eastern", "Egypt" / "Egyptian", "Israel" /
# "Israeli", "Japan" / "Japanese"): the stemmer keeps them apart, and a sentence may use either form.
_NAME_ENDINGS = ("ern", "ians", "ian", "ans", "an", "ese", "ish", "is", "i", "ic", "n")
_MIN_BASE = 4


def name_forms(name: str) -> set[str]:
    """Other forms of a name (canonical lower case): the name with each ending, and the name without one."""
    forms = {name + e for e in _NAME_ENDINGS}
    forms |= {name[: -len(e)] for e in _NAME_ENDINGS if name.endswith(e) and len(name) - len(e) >= _MIN_BASE}
    return forms if len(name) >= _MIN_BASE else set()


def passage_words(text: str) -> set[str]:
    words = set()
    for w in re.findall(r"[\w’'-]+", text):
        c = _canonical_word(w)
        words.add(c)
        words.update(c.split("-"))
    return words


@dataclass
class Support:
    """How far a passage (or the cited passages together) supports one sentence."""

    supported: bool
    missing: list[str] = field(default_factory=list)  # numbers and names of the sentence not in the passage
    coverage: float = 1.0  # share of its other content words found in the passage
    span: tuple[int, int] | None = None  # the passage text that supports it (character offsets)


def is_filler(sentence: str) -> bool:
    """States nothing of its own: "This was reported in [2].", "Sources: [1][3]", "I hope this helps." """
    text = MARKER.sub(" ", sentence)
    if numbers_in(text) or names_in(text) - {"i"}:
        return False
    return all(t in FILLER_STEMS for t in content_terms(text))


def support(sentence: str, passage_text: str, question: str = "") -> Support:
    """Check one sentence (markers are ignored) against one passage text.

    What the sentence repeats from ``question`` is the question's framing, not a claim of the passage: "Lena
    Kowalczyk was appointed yesterday [1]" for "Who did they appoint yesterday?", or "… in the week of 1 September"
    for a question about that week. Its numbers, names and words count as given (the retrieval has already applied
    the question's time window). On the news set, without this the support check refused 18 of 53 answerable
    questions the 1.5B model had answered right.
    """
    text = MARKER.sub(" ", sentence)
    given = percent_aware(numbers_in(question))
    nums = numbers_in(text) - given
    q_words = passage_words(question)
    names = {n for n in names_in(text) if n not in q_words}
    p_spans = number_spans(passage_text)
    p_nums = percent_aware({key for key, _, _ in p_spans})
    p_words = passage_words(passage_text)
    missing = sorted(n for n in nums if n not in p_nums)
    missing += numbers_apart(text, passage_text, p_spans, given, question)
    # A name is there as a word, or as the stem of one ("Egyptian" / "Egypt's").
    p_terms = set(content_terms(passage_text)) | set(content_terms(question))
    missing += sorted(n for n in names if n not in p_words and not (set(content_terms(n)) <= p_terms)
                      and not name_forms(n) & (p_words | q_words))
    name_terms = {t for n in names for t in content_terms(n)}
    others = [t for t in dict.fromkeys(content_terms(text))
              if t not in FILLER_STEMS and t not in FUNCTION_STEMS and t not in name_terms and not t.isdigit()
              and t not in WORD_NUMBERS]
    coverage = sum(t in p_terms for t in others) / len(others) if others else 1.0
    # A short sentence of names and a verb or two ("Hayya led Hamas") is judged by its names: verbs get paraphrased.
    ok = not missing and (coverage >= MIN_COVERAGE or (bool(names) and len(others) <= SHORT_OTHERS))
    return Support(ok, missing, round(coverage, 3), supporting_span(text, passage_text) if ok else None)


def supporting_span(sentence: str, passage_text: str) -> tuple[int, int] | None:
    """The passage sentences holding the sentence's facts: the best-matching one, widened to the ones holding
    numbers or names it lacks."""
    spans = passage_sentences(passage_text)
    if not spans:
        return None
    terms = set(content_terms(sentence))
    needed = numbers_in(sentence) | names_in(sentence)

    def held(se):
        t = passage_text[se[0]:se[1]]
        return percent_aware(numbers_in(t)) | passage_words(t), set(content_terms(t))

    info = [held(se) for se in spans]
    best = max(range(len(spans)), key=lambda i: (len(terms & info[i][1]) + len(needed & info[i][0]), -i))
    start, end = spans[best]
    for n in needed - info[best][0]:
        holders = [i for i in range(len(spans)) if n in info[i][0]]
        if holders:
            i = min(holders, key=lambda j: abs(j - best))
            start, end = min(start, spans[i][0]), max(end, spans[i][1])
    return start, end


@dataclass
class SentenceSupport:
    """One answer sentence and its verdict: ``supported`` by the passages it cites, or not; filler is neither."""

    sentence: str  # without markers
    cited: list[int]
    supported: bool
    filler: bool = False
    missing: list[str] = field(default_factory=list)
    coverage: float = 1.0
    passage: int | None = None  # the cited passage holding it (the first, when several together do)
    span: tuple[int, int] | None = None  # supported span inside that passage's text
    reason: str = ""

    def to_dict(self) -> dict:
        from dataclasses import asdict

        return asdict(self)


def check_cited(sentence: str, cited: list[int], passages: dict[int, str], question: str = "") -> SentenceSupport:
    """Verdict for one sentence against the passages it cites (texts by citation number); what it repeats of
    ``question`` counts as given (`support`)."""
    plain = re.sub(r"\s+([.,;:!?])", r"\1", " ".join(MARKER.sub(" ", sentence).split()))
    if is_filler(plain):
        return SentenceSupport(plain, cited, supported=False, filler=True, reason="states no fact of its own")
    texts = [(n, passages[n]) for n in cited if n in passages]
    if not texts:
        return SentenceSupport(plain, cited, supported=False, reason="cites no passage")
    for n, t in texts:  # one cited passage holding it all is the best evidence
        s = support(plain, t, question)
        if s.supported:
            return SentenceSupport(plain, cited, True, missing=[], coverage=s.coverage, passage=n, span=s.span)
    together = support(plain, "\n".join(t for _, t in texts), question)
    if together.supported:  # a sentence citing [1][2] may join facts of both
        n, t = texts[0]
        return SentenceSupport(plain, cited, True, coverage=together.coverage, passage=n,
                               span=supporting_span(plain, t))
    reason = (f"not in the cited passage: {', '.join(together.missing)}" if together.missing else
              f"only {together.coverage:.0%} of its words are in the cited passage")
    return SentenceSupport(plain, cited, False, missing=together.missing, coverage=together.coverage,
                           reason=reason)


# A marker followed by a capitalised word ends a sentence the model left without a full stop: "April 5, 1975 [2] This
# date is given in [2]." is an answer and a filler sentence (hotpot), each judged on its own. Shared with
# rag.answer.citations, so that what finalize keeps and what verify_answer judges are the same
# sentences.
_MARKER_THEN_CAPITAL = re.compile(rf"(?:{MARKER.pattern})+(?=\s+[A-Z])")


def answer_spans(text: str) -> list[tuple[int, int]]:
    """passage_sentences' spans of an answer, each split again after a marker run that a capitalised word follows."""
    out = []
    for s, e in passage_sentences(text):
        start = s
        for m in _MARKER_THEN_CAPITAL.finditer(text, s, e):
            if text[start:m.start()].strip():  # not a leading marker: that one belongs to the sentence before
                out.append((start, m.end()))
                start = m.end()
        out.append((start, e))
    return out


@dataclass
class Sentence:
    """One answer sentence and the marker numbers it carries."""

    text: str  # without markers
    start: int
    end: int
    numbers: list[int] = field(default_factory=list)
    raw: str = ""  # as written, markers in place
    changed: bool = False  # numbers differ from what the model wrote


def split_sentences(text: str) -> list[Sentence]:
    """Sentences with their markers; a marker after the full stop ("… delegation. [1]") belongs to the one before."""
    out: list[Sentence] = []
    for s, e in answer_spans(text):
        chunk = text[s:e]
        lead = MARKER_RUN.match(chunk)
        if lead and out:
            out[-1].numbers.extend(int(n) for n in MARKER.findall(lead.group(0)))
            out[-1].end = s + lead.end()
            out[-1].raw = text[out[-1].start:out[-1].end].strip()
            s += lead.end()
            chunk = text[s:e]
        if not chunk.strip():
            continue
        plain = re.sub(r"\s+([.,;:!?])", r"\1", squash_spaces(MARKER.sub("", chunk)))  # "according to [2]." -> "to."
        out.append(Sentence(plain, s, e, [int(n) for n in MARKER.findall(chunk)],
                            chunk.strip()))
    return out


def verify_text(text: str, passages: dict[int, str], question: str = "") -> list[SentenceSupport]:
    """Per-sentence support of an answer text whose markers ``[n]`` point at ``passages[n]``."""
    return [check_cited(s.raw, s.numbers, passages, question) for s in split_sentences(text)]


def verify_answer(answer) -> list[SentenceSupport]:
    """Per-sentence support of an `Answer` by its citations (a refusal has no sentences to check)."""
    if getattr(answer, "refused", False):
        return []
    question = without_context(getattr(answer, "question", "") or "")
    return verify_text(answer.answer, {c.number: c.text for c in answer.citations}, question)
