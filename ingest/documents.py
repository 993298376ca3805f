"""The unit that flows through ingestion: one source document's text and metadata."""

from __future__ import annotations

import bisect
import hashlib
from dataclasses import dataclass, field

from ingest.clean import clean_text


class LoadError(Exception):
    """A file that cannot be ingested; the message is the reason shown to the user."""


def stable_id(source: str) -> str:
    """Doc ids come from the source path or URL, so re-ingesting the same file hits the same id."""
    return hashlib.sha256(source.encode("utf-8")).hexdigest()[:16]


@dataclass
class SourceDocument:
    source: str  # absolute path, "path#locator" for one article of a .jsonl, or a URL
    text: str
    title: str = ""
    date: str | None = None
    author: str | None = None
    url: str | None = None
    feed: str | None = None  # the followed feed's URL, for feed entries (the library filters by it)
    warnings: list[str] = field(default_factory=list)
    # PDFs and multi-page scans: (offset in ``text``, 1-based page) where each page's text starts, in order.
    pages: list[tuple[int, int]] | None = None
    ocr_pages: int = 0  # pages read by OCR (ingest/ocr.py)
    ocr_confidence: float | None = None  # their mean word confidence, 0-100

    def page_at(self, offset: int) -> int | None:
        """The page holding character ``offset`` of the text (None for documents without pages)."""
        if not self.pages:
            return None
        i = bisect.bisect_right([start for start, _ in self.pages], offset) - 1
        return self.pages[max(i, 0)][1]

    @property
    def doc_id(self) -> str:
        return stable_id(self.url or self.source)

    def fingerprint(self, chunk_config: str) -> str:
        """Hash of what ends up in the store (text, metadata, chunking), never of file mtimes."""
        h = hashlib.sha256()
        for part in (self.text, self.title, self.date or "", self.author or "", self.url or "", chunk_config):
            h.update(part.encode("utf-8", "surrogatepass"))
            h.update(b"\x00")
        if self.pages:  # page numbers are stored with the chunks: a store written before them gets them on re-ingest
            h.update(repr(self.pages).encode())
        return h.hexdigest()[:32]


def join_pages(pages: list[tuple[int, str]]) -> tuple[str, list[tuple[int, int]]]:
    """(page number, text) pairs → the document's text and where each page starts in it.

    Each page is cleaned here, so the offsets hold in the text ingest stores (clean_text of the joined text leaves
    it as it is); pages without text are left out.
    """
    parts: list[str] = []
    starts: list[tuple[int, int]] = []
    at = 0
    for number, text in pages:
        text = clean_text(text)
        if not text:
            continue
        if parts:
            at += 2  # the "\n\n" between pages
        starts.append((at, number))
        parts.append(text)
        at += len(text)
    return "\n\n".join(parts), starts
