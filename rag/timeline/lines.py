"""A timeline's lines: one extracted, cited sentence per development, oldest first.

Each report (a document; its wire copies are already in its passage's ``also``) contributes its lead sentence,
the first of its text: news states the day's development first, and later paragraphs retell older ones ("Earlier,
on 3 September, …"), which would date them wrongly. Reports of one development by different outlets (published at
most ``timeline_same_days`` apart, lead sentences alike: see `developments`) become one line, dated by the first,
citing all. Where they give different values of one fact (a number, a date, a name) the line
says so and cites both: "… 4 people had died [1]; another report gives 6 lives [2]".

Lines are sentences as written, not a model's rewording: every line is exactly its cited span, so no line can be
unsupported, and a 10-development timeline takes 0.55 s (bench/README.md, "Timelines"). Lines written by the
local model (bench/timeline_llm_lines.py) are not measured yet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from rag.answer.numbers import number_spans
from rag.text import content_terms, passage_sentences, stopwords
from rag.timeline.types import TimelineLine
from rag.types import Citation, OtherSource, Passage

# "(Meridian Wire) — ", "HALVIK (Ledger Daily) - ": a dateline is not part of the development.
_DATELINE = re.compile(r"^\s*(?:[A-Z][\w .,'-]{0,40}\s)?\([^)\n]{1,50}\)\s*[—–-]{1,2}\s*")
_CAPS = re.compile(r"\b[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*")
_WORD = re.compile(r"[A-Za-z][\w’'-]*")


@dataclass
class Report:
    passage: Passage  # the document's first chunk, with the wire copies found for it
    start: int
    end: int
    day: date
    score: float

    @property
    def sentence(self) -> str:
        return self.passage.text[self.start:self.end]


@dataclass
class Development:
    reports: list[Report] = field(default_factory=list)

    @property
    def day(self) -> date:
        return self.reports[0].day


def lead_span(text: str) -> tuple[int, int] | None:
    """The first sentence of a document's text, without a dateline or a Markdown heading (the title again, not a
    development: the example article's first line was one); None when it has no words."""
    for s, e in passage_sentences(text):
        if text[s:e].lstrip().startswith("#"):
            continue
        m = _DATELINE.match(text, s, e)
        if m and m.end() < e:
            s = m.end()
        if len(_WORD.findall(text[s:e])) >= 4:
            return s, e
    return None


def _copy_of(a: str, b: str, threshold: float) -> bool:
    """Whether two lead sentences are one report's copies (a wire rewrite swaps a few words)."""
    from rag.retrieval.dedup import SHINGLE, shingles

    sa, sb = shingles(a), shingles(b)
    if min(len(sa), len(sb)) < 2 * SHINGLE:
        return " ".join(a.lower().split()) == " ".join(b.lower().split())
    return len(sa & sb) / min(len(sa), len(sb)) >= threshold


def reports_of(pool: list[Passage], leads: dict[str, Passage], copy_threshold: float = 0.7) -> list[Report]:
    """One report per story told: each document's lead sentence located in its first chunk; documents whose leads
    are copies (same day or the next) become one report listing the others as its sources (``also``).

    A passage's ``also`` (rag/retrieval/dedup.py) is checked again here: articles on one story share background paragraphs,
    so a body passage may have merged another outlet's report of a different figure the next day."""
    out: list[Report] = []
    covered: set[str] = set()
    for p in sorted(pool, key=lambda p: p.score, reverse=True):
        for doc_id, day in [(p.doc_id, p.date)] + [(o.doc_id, o.date) for o in p.also]:
            lead = leads.get(doc_id)
            span = lead_span(lead.text) if lead is not None and doc_id not in covered and day else None
            if span is None:
                continue
            covered.add(doc_id)
            d = date.fromisoformat(day[:10])
            text = lead.text[span[0]:span[1]]
            into = next((r for r in out if abs((r.day - d).days) <= 1
                         and _copy_of(r.sentence, text, copy_threshold)), None)
            if into is None:
                out.append(Report(lead, span[0], span[1], d, p.score))
            else:
                into.passage.also.append(OtherSource(doc_id=doc_id, source=lead.source, title=lead.title,
                                                     date=lead.date, chunk_id=lead.chunk_id, path=lead.path))
    return out


_CALENDAR = re.compile(r"^(?:mon|tue|wed|thu|fri|sat|sun)|^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)")


def _terms(sentence: str) -> set[str]:
    """What a lead sentence says beyond its words of time: stemmed content words and its numbers' values."""
    words = {t for t in content_terms(re.sub(r"\d[\d,.]*", " ", sentence)) if not _CALENDAR.match(t)}
    return words | {"#" + k for k, _, _ in number_spans(sentence)}


def _shared(a: set[str], b: set[str], common: set[str]) -> int:
    """Words two leads share that the story's leads do not all use; a shared number counts twice."""
    return sum(2 if t.startswith("#") else 1 for t in (a & b) - common)


def developments(reports: list[Report], vectors: np.ndarray, settings) -> list[Development]:
    """Reports grouped into developments, oldest first. A report joins an open development (its first report at
    most ``timeline_same_days`` earlier) whose first lead it resembles: dense cosine ≥ ``timeline_same_cosine``, or
    ≥ ``timeline_related_cosine`` with two words or a number in common beyond the words most of the story's leads
    use ("Halvik", "flood"). On bench/timeline_set, pairs of one development's reports have cosine 0.43-0.82 and
    pairs of different developments 0.16-0.67: cosine alone merges two developments or splits four."""
    terms = [_terms(r.sentence) for r in reports]
    counts: dict[str, int] = {}
    for t in terms:
        for w in t:
            counts[w] = counts.get(w, 0) + 1
    common = {w for w, c in counts.items() if c >= max(2, COMMON_SHARE * len(reports))}
    order = sorted(range(len(reports)), key=lambda i: (reports[i].day, -reports[i].score))
    devs: list[tuple[Development, int]] = []  # with the index of its first report
    for i in order:
        r = reports[i]
        best, best_sim = None, 0.0
        for d, j in devs:
            if (r.day - d.day).days > settings.timeline.timeline_same_days:
                continue
            cos = float(vectors[i] @ vectors[j])
            same = cos >= settings.timeline.timeline_same_cosine or (
                cos >= settings.timeline.timeline_related_cosine and _shared(terms[i], terms[j], common) >= 2)
            if same and cos > best_sim:
                best, best_sim = d, cos
        if best is not None:
            best.reports.append(r)
        else:
            devs.append((Development([r]), i))
    return [d for d, _ in devs]


COMMON_SHARE = 0.3  # a word in this share of the story's leads names the story, not a development


def _names(sentence: str) -> dict[str, str]:
    """Name words of a sentence (lower case) → the capitalised phrase they are in. A lone capitalised word that
    starts the sentence is left out: it is capitalised for its place, not as a name."""
    out: dict[str, str] = {}
    for m in _CAPS.finditer(sentence):
        phrase = m.group(0)
        if m.start() == len(sentence) - len(sentence.lstrip()) and " " not in phrase:
            continue
        for w in phrase.split():
            w = re.sub(r"[’']s$", "", w).lower()
            if w not in stopwords():
                out.setdefault(w, phrase)
    return out


def _number_phrase(sentence: str, start: int, end: int) -> str:
    """A number with the word it counts ("6 lives", "1 December", "190 trains")."""
    m = re.match(r"\s+([A-Za-z][\w-]*)", sentence[end:])
    if m and m.group(1).lower() not in stopwords():
        end += m.end()
    return sentence[start:end]


def disagreement(main: str, other: str, topic: str = "") -> str | None:
    """How ``other`` reports a fact ``main`` gives differently ("6 lives", "names Marit Olsen"), or None."""
    mine = {k for k, _, _ in number_spans(main)}
    theirs = [(k, s, e) for k, s, e in number_spans(other)]
    if mine and theirs and mine - {k for k, _, _ in theirs}:
        new = [(s, e) for k, s, e in theirs if k not in mine]
        if new:
            return "gives " + _number_phrase(other, *new[0])
    known = set(_names(topic))
    a, b = _names(main), _names(other)
    only_a = set(a) - set(b) - known
    only_b = [w for w in b if w not in a and w not in known]
    if only_a and only_b and any(a[w] != w.capitalize() or len(a[w].split()) > 1 for w in only_a):
        return "names " + b[only_b[0]]
    return None


def write_lines(devs: list[Development], topic: str) -> list[TimelineLine]:
    """Numbered, cited lines: the first report's sentence, the other reports cited beside it, a disagreement
    named with its source."""
    lines, n = [], 0
    for dev in devs:
        main = dev.reports[0]
        n += 1
        cites = [Citation.from_passage(n, main.passage, (main.start, main.end))]
        agree, differ = [n], []
        for r in dev.reports[1:]:
            n += 1
            cites.append(Citation.from_passage(n, r.passage, (r.start, r.end)))
            how = disagreement(main.sentence, r.sentence, topic)
            if how:
                differ.append(f"another report {how} [{n}]")
            else:
                agree.append(n)
        text = main.sentence.rstrip().rstrip(".") + " " + "".join(f"[{k}]" for k in agree)
        if differ:
            text += "; " + "; ".join(differ)
        lines.append(TimelineLine(day=main.day.isoformat(), text=text, citations=cites, disagreement=bool(differ)))
    return lines


def build_lines(pool: list[Passage], leads: dict[str, Passage], topic: str, encode, settings) -> list[TimelineLine]:
    """The timeline's lines from its evidence (rag.timeline.gather) and each document's first chunk.
    ``encode``: texts → unit vectors (the embedder's documents side)."""
    reports = reports_of(pool, leads, settings.retrieval.dedup_threshold)
    if not reports:
        return []
    vectors = np.asarray(encode([r.sentence for r in reports]), dtype=np.float32)
    devs = developments(reports, vectors, settings)
    return write_lines(devs, topic)
