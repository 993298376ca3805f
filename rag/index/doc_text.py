"""One stored document's whole text, put back together from its chunks (the store keeps no other copy)."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from ingest.schema import ChunkMeta, DOC_ID


@dataclass
class DocumentText:
    """A stored document: its text (offsets as in citations' ``start``/``end``) and metadata."""

    doc_id: str
    title: str
    source: str
    text: str
    date: str | None = None
    author: str | None = None
    chunks: int = 0
    pages: int | None = None  # PDFs and scans: the last page a chunk starts on

    def to_dict(self) -> dict:
        return asdict(self)


def document_text(store, doc_id: str) -> DocumentText | None:
    """The text of ``doc_id`` from its chunks, or None when it is not stored.

    Chunks overlap and lie at their character offsets in the cleaned document text: each is written at its
    offset, and the whitespace between sentences that no chunk holds comes back as spaces, so offsets still match.
    """
    chunks = list(store.iter_chunks(where={DOC_ID: doc_id}))
    if not chunks:
        return None
    metas = [(ChunkMeta.from_stored(c.metadata), c.text) for c in chunks]
    newest = max({m.fingerprint for m, _ in metas}, key=lambda fp: sum(m.fingerprint == fp for m, _ in metas))
    metas = sorted(((m, t) for m, t in metas if m.fingerprint == newest), key=lambda mt: mt[0].start)
    parts: list[str] = []
    at = 0
    for m, text in metas:
        if m.start > at:
            parts.append(" " * (m.start - at))
            at = m.start
        end = m.start + len(text)
        if end > at:
            parts.append(text[at - m.start:])
            at = end
    first = metas[0][0]
    pages = [m.page for m, _ in metas if m.page is not None]
    return DocumentText(doc_id=doc_id, title=first.title, source=first.source, text="".join(parts), date=first.date,
                        author=first.author, chunks=len(metas), pages=max(pages) if pages else None)
