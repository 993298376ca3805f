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

    def summary(self) -> str:
        return (f"added {len(self.added)}, updated {len(self.updated)}, unchanged {len(self.unchanged)}, "
                f"removed {len(self.removed)}, failed {len(self.failed)} "
                f"({self.chunks_embedded} chunks embedded in {self.seconds:.1f}s)")

    def to_dict(self) -> dict:
        d = asdict(self)
        d["summary"] = self.summary()
        return d
