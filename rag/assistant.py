"""`Assistant`: the one object behind the Python API, the CLI and the browser UI."""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from collections.abc import Sequence
from pathlib import Path

from ingest.schema import file_part, is_url
from rag.asking import MAX_QUESTION_CHARS, Asking  # noqa: F401  (MAX_QUESTION_CHARS: re-exported)
from rag.conversation.methods import Conversing
from rag.index.methods import LibraryDoors
from rag.settings import Settings
from rag.sources.methods import SourceDoors
from rag.types import FileFailure, IngestReport
from rag.watches.methods import Watching

log = logging.getLogger(__name__)

class IngestBusyError(RuntimeError):
    pass


class Assistant(Asking, LibraryDoors, Conversing, Watching, SourceDoors):
    """Ingest documents, search them, and answer questions with citations; keep questions that watch for changed
    answers. This module keeps the doors: the lazy parts and ingestion; the question pipeline is rag/asking.py,
    the library rag/index/methods.py, conversations rag/conversation/methods.py, watches rag/watches/methods.py,
    uploads, feeds and watched folders rag/sources/methods.py.

    ``Assistant(data_dir=...)`` takes settings from ``RAG_*`` environment variables; keyword arguments override.
    Heavy parts (embedding model, store, LLM) load on first use.
    """

    def __init__(self, data_dir: str | Path | None = None, settings: Settings | None = None, *, embedder=None,
                 **overrides):
        base = settings or Settings()
        self.settings = base.with_overrides(data_dir=data_dir, **overrides)
        self._embedder = embedder  # share one loaded model between assistants (tests, eval)
        self._store = None
        self._keywords = None
        self._retriever = None
        self._answerer = None
        self._history = None
        self._init_lock = threading.RLock()
        self._refresh_lock = threading.Lock()  # one keyword-index check/rebuild at a time
        self._writes = 0  # ingests/deletes of this Assistant in flight (see search)
        self._seen_version = None  # the keyword index's version when this process last looked (see search)

    # --- components (lazy) ----------------------------------------------------------------------------

    def _once(self, attr: str, make):
        """The part held in ``attr``, made by ``make()`` on first use, once: under the init lock, re-entrant
        because one part's maker uses another (the store needs the embedder's dimension). One helper for the five
        parts (duplicates: the same double-checked block stood five times here)."""
        part = getattr(self, attr)
        if part is None:
            with self._init_lock:
                part = getattr(self, attr)
                if part is None:
                    part = make()
                    setattr(self, attr, part)
        return part

    @property
    def embedder(self):
        def make():
            from ingest.embed import Embedder

            return Embedder(self.settings.embed_model, self.settings.embed_batch_size)

        return self._once("_embedder", make)

    @property
    def store(self):
        def make():
            from rag.index.store import ChunkStore, check_chroma_url

            check_chroma_url(self.settings)  # before the model loads for its dimension
            store = ChunkStore(self.settings, self.settings.embed_model, self.embedder.dimension)
            self._seen_version = self.keywords.state()[0]
            return store

        return self._once("_store", make)

    def _notice_other_writers(self) -> None:
        """Embedded store: when another process wrote since we last looked (the keyword index's version, one
        SQLite read), reopen Chroma so its vectors are searchable, without restarting `rag serve`."""
        if self.settings.chroma_url or self._store is None:
            return
        version, writer = self.keywords.state()
        if version != self._seen_version:
            if writer != os.getpid():
                self._store.reopen()
            self._seen_version = version

    @property
    def keywords(self):
        def make():
            import shutil

            from rag.index.keywords import KeywordIndex

            # The bm25s index directories this index replaces (rebuilt from the store on first use).
            shutil.rmtree(self.settings.data_dir / "bm25", ignore_errors=True)
            return KeywordIndex(self.settings.keyword_index_path)

        return self._once("_keywords", make)

    @property
    def retriever(self):
        def make():
            from rag.retrieval.retrieve import HybridRetriever

            return HybridRetriever(self.settings.retrieval, self.store, self.keywords, self.embedder)

        return self._once("_retriever", make)

    @property
    def answerer(self):
        def make():
            from rag.answer.factory import make_answerer

            return make_answerer(self.settings, self.embedder)

        return self._once("_answerer", make)

    @answerer.setter
    def answerer(self, answerer) -> None:
        """Answer with ``answerer`` from now on (bench/answer_latency.py compares answerers on one store)."""
        with self._init_lock:
            self._answerer = answerer

    @property
    def answerer_name(self) -> str:
        return self.answerer.name

    # --- ingestion ------------------------------------------------------------------------------------

    def _chunker(self):
        from ingest.chunk import Chunker

        return Chunker.for_embedder(self.embedder, self.settings.ingest.chunk_size, self.settings.ingest.chunk_overlap)

    @contextlib.contextmanager
    def _writing(self, timeout: float):
        """One writer per data dir at a time (processes included): others wait, then fail with a clear error."""
        from filelock import FileLock, Timeout

        self.settings.data_dir.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(self.settings.lock_path))
        try:
            lock.acquire(timeout=timeout)
        except Timeout as e:
            raise IngestBusyError(f"another ingest is writing to {self.settings.data_dir}; waited {timeout:.0f}s "
                                  f"for the lock {self.settings.lock_path}") from e
        with self._init_lock:
            self._writes += 1
        try:
            yield
        finally:
            with self._init_lock:
                self._writes -= 1
            lock.release()

    def ingest(self, paths: str | Path | Sequence[str | Path], prune: bool = False, progress: bool = False,
               lock_timeout: float = 600.0, documents: Sequence = (),
               within: Sequence[str | Path] | None = None) -> IngestReport:
        """Sync files/folders and http(s) URLs into the store: new ones added, changed ones replaced, unchanged
        ones skipped. ``documents``: already loaded SourceDocuments (feed entries). ``within``: read only files
        that really lie inside these folders (symlinks and ".." resolved); others are reported as failed: for
        callers acting for someone else (the browser UI's server-folder ingest)."""
        from ingest.sync import sync_paths

        if isinstance(paths, (str, Path)):
            paths = [paths]
        urls = [str(p) for p in paths if is_url(str(p))]
        paths = [p for p in paths if not is_url(str(p))]
        report = IngestReport()
        documents = list(documents) + self.fetch_pages(urls, report)  # network first, outside the writers' lock
        with self._writing(lock_timeout):
            self._notice_other_writers()
            report = sync_paths(paths, store=self._sink(), embedder=self.embedder, chunker=self._chunker(),
                                max_file_bytes=self.settings.ingest.max_file_bytes, prune=prune,
                                progress=progress, documents=documents, report=report,
                                within=None if within is None else [Path(w) for w in within],
                                limits=self.parse_limits)
        log.info("ingest: %s", report.summary())
        if report.added or report.updated or report.removed:
            self._store_changed()
        return report

    @property
    def parse_limits(self):
        return self.settings.ingest.parse_limits()

    @property
    def fetch_policy(self):
        return self.settings.fetch.policy()

    def fetch_pages(self, urls: Sequence[str], report: IngestReport) -> list:
        """Fetch web pages as documents; each failure goes into ``report`` with its reason."""
        from ingest.fetch import FetchError, fetch_page

        docs = []
        for url in urls:
            try:
                docs.append(fetch_page(url, self.fetch_policy))
            except FetchError as e:
                report.failed.append(FileFailure(url, str(e)))
        return docs

    def remove_sources(self, paths: Sequence[str | Path], lock_timeout: float = 600.0) -> list[str]:
        """Delete the documents loaded from these files, or from anything under these folders (a watched folder's
        deletes and moves). Returns the removed doc ids."""
        roots = [str(Path(p)) for p in paths]
        with self._writing(lock_timeout):
            sink = self._sink()
            gone = sink.doc_ids_under(roots)
            for doc_id in gone:
                sink.delete_doc(doc_id)
        if gone:
            self._store_changed()
        return gone

    def reindex(self, progress: bool = False, lock_timeout: float = 600.0) -> IngestReport:
        """Rebuild the collection from its documents' sources with the current model and settings.

        The way out of a store built by another embedding model or schema version. Sources that no longer exist
        are reported as failed (their old chunks are gone: the old vectors cannot be searched with the new model).
        """
        from rag.index.store import ChunkStore

        with self._writing(lock_timeout):
            old = ChunkStore(self.settings, self.settings.embed_model, self.embedder.dimension, check=False)
            # Files by their path (a .jsonl once for all its articles); pages fetched from the web by their URL.
            sources = sorted({file_part(st.path) if st.path else st.url or st.source
                              for st in old.doc_states().values()})
            old.drop()
            self.keywords.clear()
            self._store = self._retriever = None
        report = IngestReport()
        present = [s for s in sources if is_url(s) or Path(s).exists()]
        for s in sources:
            if s not in present:
                report.failed.append(FileFailure(s, "source no longer exists; not re-indexed"))
        if present:
            sub = self.ingest(present, progress=progress, lock_timeout=lock_timeout)
            sub.failed[:0] = report.failed
            return sub
        return report

    def _sink(self):
        """Where ingests write: Chroma, then the keyword index (rag/index/keyword_sync.py)."""
        from rag.index.keyword_sync import IndexedSink

        return IndexedSink(self.store, self.keywords, trust_index=not self.settings.chroma_url)

    def refresh_keyword_index(self, force: bool = False) -> bool:
        """Repair the keyword index where it differs from the store (a crash between the two writes, another
        client of a shared Chroma server). Unless forced, only when their chunk counts differ. True if repaired."""
        from rag.index.keyword_sync import reconcile

        with self._refresh_lock:  # concurrent searches would each repair it
            if not force and self.keywords.count() == self.store.count():
                return False
            if self.settings.chroma_url:
                return bool(reconcile(self.store, self.keywords))
            # Embedded store: repair only under the writers' lock; a writer busy in another process is mid-ingest
            # and leaves the index consistent when it is done.
            try:
                with self._writing(timeout=0 if not force else 600):
                    return bool(reconcile(self.store, self.keywords))
            except IngestBusyError:
                return False

    def health(self) -> str | None:
        """None when the chunk store answers; else why not (a Chroma server down, the store's folder gone)."""
        from rag.index.store import StoreError

        try:
            self.store.count()
        except StoreError as e:
            return str(e)
        except Exception as e:  # chromadb raises its transport's errors
            return f"the chunk store at {self.settings.chroma_url or 'RAG_DATA_DIR'} does not answer: {e}"
        return None

