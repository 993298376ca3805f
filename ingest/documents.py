"""The unit that flows through ingestion: one source document's text and metadata."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field


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

    @property
    def doc_id(self) -> str:
        return stable_id(self.url or self.source)

    def fingerprint(self, chunk_config: str) -> str:
        """Hash of what ends up in the store (text, metadata, chunking), never of file mtimes."""
        h = hashlib.sha256()
        for part in (self.text, self.title, self.date or "", self.author or "", self.url or "", chunk_config):
            h.update(part.encode("utf-8", "surrogatepass"))
            h.update(b"\x00")
        return h.hexdigest()[:32]
