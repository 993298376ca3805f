"""The document library's doors of the ``Assistant`` (a mixin): list, page, look up, show, render a PDF page
and delete stored documents. The library's rows come from the keyword index's document table (rag/index/library.py).
"""

from __future__ import annotations

import logging

from ingest.schema import file_part
from rag.types import DocumentInfo

log = logging.getLogger(__name__)


class LibraryDoors:
    """Mixed into ``rag.assistant.Assistant`` (which provides settings, store, keywords, ``_writes``, ``_writing``,
    ``_sink``, ``_notice_other_writers``, ``refresh_keyword_index`` and ``_store_changed``)."""

    def documents(self) -> list[DocumentInfo]:
        docs = []
        for st in self.store.doc_states().values():
            fp, n = max(st.fingerprints.items(), key=lambda kv: kv[1])
            docs.append(DocumentInfo(doc_id=st.doc_id, title=st.title, source=st.source, chunks=n, date=st.date,
                                     author=st.author, fingerprint=fp))
        return sorted(docs, key=lambda d: (d.title.lower(), d.source))

    def library(self, query=None, **fields):
        """One page of the document library (``rag.index.library.LibraryPage``), newest first, from the keyword index's
        document table: ``q`` (title or source substring), ``date_from``/``date_to``, ``feed``, ``limit``,
        ``offset``; a ``LibraryQuery`` or its fields. Milliseconds at 100k documents (bench/library_scale.py)."""
        from rag.index.library import LibraryQuery

        query = query if query is not None else LibraryQuery(**fields)
        self._library_ready()
        return self.keywords.library_page(query)

    def sources_of(self, doc_ids) -> dict[str, str]:
        """Doc id -> source (path or URL) of these stored documents, in one indexed query."""
        self._library_ready()
        return {d: e.source for d, e in self.keywords.library_entries(doc_ids).items()}

    def library_entry(self, doc_id: str):
        """The library's row for one document (``LibraryEntry``), None when not stored."""
        self._library_ready()
        return self.keywords.library_entries([doc_id]).get(doc_id)

    def _library_ready(self) -> None:
        """Bring the document table up to date: repaired with the keyword index when it differs from the store,
        filled once from the store's metadata when the index predates it."""
        if not self._writes:
            self._notice_other_writers()
            self.refresh_keyword_index()
        if not self.keywords.library_missing():
            return
        from ingest.schema import DOC_ID

        with self._writing(600):
            if self.keywords.library_missing():
                first: dict[str, dict] = {}
                for ch in self.store.iter_chunks(include_text=False):
                    first.setdefault(ch.metadata.get(DOC_ID, ""), ch.metadata)
                self.keywords.fill_library(list(first.values()))
                log.info("library: %d documents listed from the store", len(first))

    def document(self, doc_id: str):
        """One stored document's whole text and metadata (``rag.index.doc_text.DocumentText``), or None."""
        from rag.index.doc_text import document_text

        return document_text(self.store, doc_id)

    def page_image(self, cited, page: int | None = None, width: int | None = None) -> bytes | None:
        """One page of a stored PDF's original file as WebP bytes (``ingest.pdf.page_image``), or None with a
        logged reason (not stored, not from a local PDF, file gone or changed, page out of range).

        ``cited`` is a Citation/Passage (its ``page`` and text are used) or a doc id with ``page`` given."""
        from ingest.pdf import PAGE_IMAGE_WIDTH, page_image
        from ingest.schema import DOC_ID, ChunkMeta

        doc_id, expect = (cited, None) if isinstance(cited, str) else (cited.doc_id, cited.text)
        page = page or getattr(cited, "page", None)
        chunk = next(iter(self.store.iter_chunks(where={DOC_ID: doc_id})), None)
        path = ChunkMeta.from_stored(chunk.metadata).path if chunk is not None else None
        if not page or not path or not file_part(path).lower().endswith(".pdf"):
            log.info("page image: %s is not a stored local PDF page", doc_id)
            return None
        return page_image(file_part(path), int(page), expect, width or PAGE_IMAGE_WIDTH)

    def delete(self, doc_id: str, lock_timeout: float = 600.0) -> bool:
        """Remove a document and its chunks, and its upload copy (rag/sources/uploads.py) when it was uploaded. False when
        no such document is stored."""
        from rag.sources.uploads import discard_copy

        with self._writing(lock_timeout):
            states = self.store.doc_states()
            state = states.pop(doc_id, None)
            if state is None:
                return False
            self._sink().delete_doc(doc_id)
            if state.path:
                others = {st.path.split("#", 1)[0] for st in states.values() if st.path}
                discard_copy(state.path, self.settings.data_dir / "uploads", others)
        self._store_changed()
        return True

