"""Sync loaded documents into the chunk store: skip unchanged, replace changed, prune vanished.

Crash-safe by construction: chunk ids derive from (doc id, content fingerprint, index) and writes are upserts, so
a re-run after a kill at any point rewrites the same rows; stale versions are deleted only after the new version
is fully written, and a document counts as unchanged only when exactly its current version is complete.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from tqdm.auto import tqdm

from ingest.chunk import Chunk, Chunker
from ingest.clean import clean_text
from ingest.documents import SourceDocument
from ingest.limits import ParseLimits
from ingest.isolate import iter_loaded
from ingest.load import walk
from ingest.report import FileFailure, FileOcr, IngestReport
from ingest.schema import chunk_metadata, file_part, is_url

log = logging.getLogger(__name__)

GROUP_CHUNKS = 1024  # chunks per model call: large groups let the encoder sort by length and keep batches full


class DocStateLike(Protocol):
    path: str | None

    def complete(self, fingerprint: str) -> bool: ...


class ChunkSink(Protocol):
    def doc_states(self) -> dict[str, DocStateLike]: ...
    def upsert(self, ids: list[str], embeddings, texts: list[str], metadatas: list[dict]) -> None: ...
    def delete_stale(self, doc_id: str, keep_fingerprint: str) -> None: ...
    def delete_doc(self, doc_id: str) -> None: ...


class DocumentEmbedder(Protocol):
    def encode_documents(self, texts: Sequence[str], show_progress: bool = False): ...


@dataclass
class _Pending:
    doc: SourceDocument
    doc_id: str
    fingerprint: str
    chunks: list[Chunk]
    is_update: bool


def chunk_id(doc_id: str, fingerprint: str, index: int) -> str:
    return f"{doc_id}:{fingerprint[:12]}:{index}"


def _metadata(p: _Pending, c: Chunk) -> dict:
    d = p.doc
    return chunk_metadata(doc_id=p.doc_id, fingerprint=p.fingerprint, index=c.index, n_chunks=len(p.chunks),
                          start=c.start, end=c.end, path=None if is_url(d.source) else d.source, url=d.url,
                          title=d.title, date=d.date, author=d.author, feed=d.feed,
                          page=d.page_at(c.start))  # chunks of a paged document lie within one page


def sync_paths(paths: Sequence[str | Path], *, store: ChunkSink, embedder: DocumentEmbedder, chunker: Chunker,
               max_file_bytes: int, prune: bool = False, progress: bool = True,
               documents: Sequence[SourceDocument] = (), report: IngestReport | None = None,
               within: list[Path] | None = None, limits: ParseLimits = ParseLimits()) -> IngestReport:
    """Sync files and folders, plus ``documents`` already loaded elsewhere (fetched pages, feed entries).

    ``within``: only files really inside these folders are read (see ingest.load.walk). ``limits``: per-file
    parse limits (ingest/limits.py).
    """
    t0 = time.perf_counter()
    report = report if report is not None else IngestReport()
    files, problems, folders = walk(list(paths), within) if paths else ([], [], [])
    for pr in problems:
        report.failed.append(FileFailure(pr.path, pr.reason))

    states = store.doc_states()
    seen: set[str] = set()
    failed_sources: set[str] = {pr.path for pr in problems}
    pending: list[_Pending] = []

    def stage(doc: SourceDocument) -> None:
        _clean(doc)
        if not doc.text:
            report.failed.append(FileFailure(doc.source, "no text left after clean-up"))
            failed_sources.add(file_part(doc.source))
            return
        for w in doc.warnings:
            report.warnings.append(FileFailure(doc.source, w))
        doc_id = doc.doc_id
        if doc_id in seen:
            report.warnings.append(FileFailure(doc.source, "duplicate id in this batch; later copy ignored"))
            return
        seen.add(doc_id)
        if doc.ocr_pages:
            report.ocr.append(FileOcr(doc.source, doc_id, doc.ocr_pages, round(doc.ocr_confidence or 0, 1)))
        fp = doc.fingerprint(chunker.config)
        state = states.get(doc_id)
        if state is not None and state.complete(fp):
            report.unchanged.append(doc_id)
            return
        chunks = chunker.chunk_pages(doc.text, [s for s, _ in doc.pages]) if doc.pages else chunker.chunk(doc.text)
        pending.append(_Pending(doc, doc_id, fp, chunks, is_update=state is not None))

    loaded = iter_loaded(files, max_file_bytes, limits)
    for found, docs, error in tqdm(loaded, total=len(files), desc="reading", unit="file", disable=not progress,
                                   leave=False):
        if error is not None:
            report.failed.append(FileFailure(str(found.path), error))
            failed_sources.add(str(found.path))
            continue
        for doc in docs or []:
            stage(doc)
    for doc in documents:
        stage(doc)
    _write(pending, store, embedder, report, progress)

    if prune:
        _prune(store, states, folders, files, seen, failed_sources, report)
    report.seconds = time.perf_counter() - t0
    return report


def _clean(doc: SourceDocument) -> None:
    """The document's text and title cleaned in place (a paged text that clean-up changed loses its pages)."""
    cleaned = clean_text(doc.text)
    if doc.pages and cleaned != doc.text:  # page offsets are into the loader's (cleaned) text
        log.warning("%s: clean-up changed the paged text; its chunks carry no page", doc.source)
        doc.pages = None
    doc.text = cleaned
    doc.title = clean_text(doc.title or "")[:300]


def _prune(store: ChunkSink, states: dict, folders, files, seen: set[str], failed_sources: set[str],
           report: IngestReport) -> None:
    """Remove the stored documents of these folders (and named files) that this sync did not see, unless their
    file failed to read."""
    roots = [str(f) for f in folders]
    explicit = {str(f.path) for f in files if f.explicit}
    for doc_id, st in states.items():
        if not st.path:  # fetched from the web: no file to vanish
            continue
        src = file_part(st.path)
        under = src in explicit or any(src.startswith(r.rstrip("/") + "/") for r in roots)
        if under and doc_id not in seen and src not in failed_sources:
            store.delete_doc(doc_id)
            report.removed.append(doc_id)


def _write(pending: list[_Pending], store: ChunkSink, embedder: DocumentEmbedder, report: IngestReport,
           progress: bool) -> None:
    total = sum(len(p.chunks) for p in pending)
    bar = tqdm(total=total, desc="embedding", unit="chunk", disable=not progress or total == 0)
    try:
        i = 0
        while i < len(pending):
            group, n = [], 0
            while i < len(pending) and (not group or n + len(pending[i].chunks) <= GROUP_CHUNKS):
                group.append(pending[i])
                n += len(pending[i].chunks)
                i += 1
            texts = [c.text for p in group for c in p.chunks]
            vectors = embedder.encode_documents(texts)
            ids = [chunk_id(p.doc_id, p.fingerprint, c.index) for p in group for c in p.chunks]
            metas = [_metadata(p, c) for p in group for c in p.chunks]
            store.upsert(ids, vectors, texts, metas)
            for p in group:
                # Only now is the new version complete; older versions can go.
                store.delete_stale(p.doc_id, p.fingerprint)
                (report.updated if p.is_update else report.added).append(p.doc_id)
            report.chunks_embedded += len(texts)
            bar.update(len(texts))
    finally:
        bar.close()
