"""What an ingest did, file by file."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class FileFailure:
    path: str
    reason: str

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class FeedOutcome:
    """One feed's share of a sync: how many of its entries were taken, and why the others were not."""

    url: str
    entries: int = 0  # in the feed as fetched
    fetched: int = 0  # new or changed entries read this sync (their page fetched when the feed has a teaser only)
    unchanged: int = 0  # stored already, this version
    over_cap: int = 0  # new or changed, left for the next sync (RAG_FEED_MAX_ENTRIES)
    backing_off: int = 0  # failed before, not tried again until their next-try time (RAG_FEED_RETRY_SECONDS)
    failed: int = 0  # tried this sync and failed (each one is in the report's ``failed``)
    error: str | None = None  # the feed itself could not be read

    def summary(self) -> str:
        if self.error:
            return f"{self.url}: {self.error}"
        return (f"{self.url}: {self.entries} entries, fetched {self.fetched}, unchanged {self.unchanged}, "
                f"over the cap {self.over_cap} (next sync), backing off {self.backing_off}, failed {self.failed}")


@dataclass
class FileOcr:
    """A document read (in part) by OCR: how many pages, and Tesseract's mean word confidence (0-100)."""

    path: str
    doc_id: str
    pages: int
    confidence: float

    def describe(self) -> str:
        return f"read by OCR: {self.pages} page(s), mean word confidence {self.confidence:.0f}/100"

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: list[FileFailure] = field(default_factory=list)
    warnings: list[FileFailure] = field(default_factory=list)
    ocr: list[FileOcr] = field(default_factory=list)  # documents of this ingest read by OCR
    chunks_embedded: int = 0
    seconds: float = 0.0
    feeds: list[FeedOutcome] = field(default_factory=list)  # a feed sync's outcome per feed

    def summary(self) -> str:
        text = (f"added {len(self.added)}, updated {len(self.updated)}, unchanged {len(self.unchanged)}, "
                f"removed {len(self.removed)}, failed {len(self.failed)} "
                f"({self.chunks_embedded} chunks embedded in {self.seconds:.1f}s)")
        waiting = sum(f.over_cap for f in self.feeds)
        backing = sum(f.backing_off for f in self.feeds)
        if waiting or backing:
            text += f"; feed entries left for later: {waiting} over the cap, {backing} backing off after failures"
        return text

    def to_dict(self) -> dict:
        d = asdict(self)
        d["summary"] = self.summary()
        return d
