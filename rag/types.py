"""Typed results returned by the API (each with ``to_dict()`` for JSON)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from datetime import date

from ingest.load import SUPPORTED_SUFFIXES  # noqa: F401  (re-exported: the file kinds ingest reads, the upload box names them)
from ingest.report import FileFailure, IngestReport  # noqa: F401  (re-exported: part of the API)

STOPPED = "(stopped)"  # ends the text of an answer stopped while it was written


@dataclass(frozen=True)
class Question:
    """One question as it travels from the door to the answer (simonw/llm ``Prompt``, LlamaIndex ``QueryBundle``):
    built once by ``Assistant.question`` — whitespace folded and cut, the follow-up context split off, the asking
    day parsed — and passed down, so that nothing below re-cleans or re-parses it.

    ``text``: the asker's own words (what the answer's sentence is picked by); ``context``: what a follow-up leans
    on, names of the previous answer and its subject (rag/conversation/followup.py), which retrieval reads too;
    ``day``: the asking day (None: today); ``filters``: a ``rag.retrieval.retrieve.SearchFilter`` or None.
    """

    text: str
    context: str = ""
    day: date | None = None
    filters: object | None = None
    top_k: int | None = None

    @property
    def standalone(self) -> str:
        """The question as retrieval and the answerers read it: its words, then "(context: …)" when a follow-up."""
        return f"{self.text} (context: {self.context})" if self.context else self.text

    @property
    def as_of(self) -> date:
        """The asking day, today when none was given."""
        return self.day or date.today()

    @property
    def has_words(self) -> bool:
        return any(ch.isalnum() for ch in self.text)


@dataclass
class OtherSource:
    """Another document carrying a near-identical passage (a wire copy of the same story)."""

    doc_id: str
    source: str
    title: str
    date: str | None = None
    chunk_id: str = ""
    path: str | None = None  # the local file, when it came from one


@dataclass
class TimeWindow:
    """The publication days an answer drew on: up to the asking date, narrowed by a date in the question.

    ``phrase`` is the question's date words ("" when only the asking date applied); ``note`` says when the
    window was widened (no articles in it).
    """

    as_of: str
    start: str | None = None
    end: str | None = None
    phrase: str = ""
    note: str = ""

    def describe(self) -> str:
        if self.phrase:
            days = self.start if self.start == self.end else f"{self.start or 'the earliest'} to {self.end}"
            text = f"articles dated {days} (“{self.phrase}”)"
        else:
            text = f"articles dated up to {self.as_of}, recent ones first"
        return f"{text}; {self.note}" if self.note else text

    def to_dict(self) -> dict:
        return {**asdict(self), "description": self.describe()}


@dataclass
class Passage:
    """A retrieved chunk; ``start``/``end`` are character offsets of ``text`` in its document's text."""

    chunk_id: str
    doc_id: str
    source: str
    title: str
    text: str
    score: float
    start: int
    end: int
    date: str | None = None
    author: str | None = None
    dense_score: float | None = None  # cosine similarity to the question, when the dense list found it
    bm25_score: float | None = None
    also: list[OtherSource] = field(default_factory=list)  # near-duplicates collapsed into this passage
    path: str | None = None  # the local file it came from (``source`` shows the URL when there is one)
    url: str | None = None
    # PDFs and multi-page scans: the 1-based page the passage is on (chunks never cross a page: Chunker.chunk_pages).
    # None for other formats and for stores written before pages were kept.
    page: int | None = None

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Citation:
    """An answer's reference ``[number]`` to a retrieved passage, with the span it relied on."""

    number: int
    chunk_id: str
    doc_id: str
    source: str
    title: str
    text: str
    score: float
    start: int
    end: int
    date: str | None = None
    author: str | None = None
    highlight_start: int = 0  # span inside ``text`` that supports the answer
    highlight_end: int = 0
    also: list[OtherSource] = field(default_factory=list)
    page: int | None = None  # as Passage.page

    @classmethod
    def from_passage(cls, number: int, p: Passage, highlight: tuple[int, int] | None = None) -> "Citation":
        hs, he = highlight if highlight else (0, len(p.text))
        return cls(number=number, chunk_id=p.chunk_id, doc_id=p.doc_id, source=p.source, title=p.title,
                   text=p.text, score=p.score, start=p.start, end=p.end, date=p.date, author=p.author,
                   highlight_start=hs, highlight_end=he, also=list(p.also), page=p.page)

    @property
    def highlight(self) -> str:
        return self.text[self.highlight_start:self.highlight_end]

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Answer:
    answer: str
    citations: list[Citation] = field(default_factory=list)
    refused: bool = False
    question: str = ""
    answerer: str = "extractive"
    passages: list[Passage] = field(default_factory=list)  # everything retrieved, cited or not
    window: TimeWindow | None = None  # publication days searched; None for a corpus without dates
    # True for the instant extractive answer shown while the model is still writing: a later Answer replaces it.
    provisional: bool = False
    # True for an answer stopped while it was written (stopped_answer below): its text ends in "(stopped)".
    stopped: bool = False
    # A question asking for a story's developments is answered with its timeline (rag.timeline.types.Timeline): the lines
    # are ``answer``, one a line; this keeps their days, citations and disagreements.
    timeline: object | None = None

    def verify(self) -> list:
        """Per-sentence support of this answer by the passages it cites (``rag.answer.verify.SentenceSupport``):
        numbers, dates and names must be in the cited passage, most other words too; filler is flagged."""
        from rag.answer.verify import verify_answer

        return verify_answer(self)

    def to_dict(self) -> dict:
        return {
            "answer": self.answer,
            "refused": self.refused,
            "citations": [c.to_dict() for c in self.citations],
            "question": self.question,
            "answerer": self.answerer,
            "provisional": self.provisional,
            "stopped": self.stopped,
            "window": self.window.to_dict() if self.window else None,
            **({"timeline": self.timeline.to_dict()} if self.timeline is not None else {}),
        }


def stopped_answer(text: str, shown: Answer | None, question: str) -> Answer:
    """The answer kept for a turn stopped while it was written, marked ``stopped`` and ending in "(stopped)": the
    instant answer when one was shown (whole and cited; the model's unfinished text cannot be cited), else the
    text written so far (its markers link nowhere: the passages are validated only with the final answer)."""
    if shown is not None:
        base = replace(shown, provisional=False)
    else:
        base = Answer(answer=text.rstrip(), question=question, answerer="")
    return replace(base, answer=f"{base.answer.rstrip()} {STOPPED}".lstrip(), stopped=True)


@dataclass
class DocumentInfo:
    doc_id: str
    title: str
    source: str
    chunks: int
    date: str | None = None
    author: str | None = None
    fingerprint: str = ""

    def to_dict(self) -> dict:
        return asdict(self)
