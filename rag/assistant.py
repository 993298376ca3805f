"""`Assistant`: the one object behind the Python API, the CLI and the browser UI."""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path

from rag.refusal import REFUSAL_TEXT, should_refuse
from rag.retrieve import SearchFilter
from rag.settings import Settings
from rag.types import Answer, DocumentInfo, IngestReport, Passage

log = logging.getLogger(__name__)

MAX_QUESTION_CHARS = 2000  # longer questions are cut: the embedder reads 256 word pieces anyway


class IngestBusyError(RuntimeError):
    pass


class Assistant:
    """Ingest documents, search them, and answer questions with citations.

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
        self._init_lock = threading.RLock()
        self._index_checked = False

    # --- components (lazy) ----------------------------------------------------------------------------

    @property
    def embedder(self):
        if self._embedder is None:
            from ingest.embed import Embedder

            with self._init_lock:
                if self._embedder is None:
                    self._embedder = Embedder(self.settings.embed_model, self.settings.embed_batch_size)
        return self._embedder

    @property
    def store(self):
        if self._store is None:
            with self._init_lock:
                if self._store is None:
                    from rag.store import ChunkStore

                    self._store = ChunkStore(self.settings, self.settings.embed_model, self.embedder.dimension)
        return self._store

    @property
    def keywords(self):
        if self._keywords is None:
            from rag.bm25 import KeywordIndex

            s = self.settings
            directory = s.bm25_dir
            if s.chroma_url:  # one local keyword index per remote collection
                tag = hashlib.sha256(s.chroma_url.encode()).hexdigest()[:10]
                directory = s.data_dir / "bm25" / f"{s.collection}-{tag}"
            self._keywords = KeywordIndex(directory)
        return self._keywords

    @property
    def retriever(self):
        if self._retriever is None:
            from rag.retrieve import HybridRetriever

            self._retriever = HybridRetriever(self.settings, self.store, self.keywords, self.embedder)
        return self._retriever

    @property
    def answerer(self):
        if self._answerer is None:
            with self._init_lock:
                if self._answerer is None:
                    self._answerer = self._make_answerer()
        return self._answerer

    def _make_answerer(self):
        from rag.answer.extractive import ExtractiveAnswerer

        return ExtractiveAnswerer(self.embedder)

    @property
    def answerer_name(self) -> str:
        return self.answerer.name

    # --- ingestion ------------------------------------------------------------------------------------

    def _chunker(self):
        from ingest.chunk import Chunker

        e = self.embedder
        size = min(self.settings.chunk_size, e.max_tokens)
        return Chunker(e.count_tokens, e.split_tokens, size, min(self.settings.chunk_overlap, size // 2))

    def ingest(self, paths: str | Path | Sequence[str | Path], prune: bool = False, progress: bool = False,
               lock_timeout: float = 600.0) -> IngestReport:
        """Sync files/folders into the store: new ones added, changed ones replaced, unchanged ones skipped."""
        from filelock import FileLock, Timeout

        from ingest.sync import sync_paths

        if isinstance(paths, (str, Path)):
            paths = [paths]
        self.settings.data_dir.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(self.settings.lock_path))
        try:
            lock.acquire(timeout=lock_timeout)
        except Timeout as e:
            raise IngestBusyError(f"another ingest is running on {self.settings.data_dir} "
                                  f"(waited {lock_timeout:.0f}s for {self.settings.lock_path})") from e
        try:
            report = sync_paths(paths, store=self.store, embedder=self.embedder, chunker=self._chunker(),
                                max_file_bytes=int(self.settings.max_file_mb * 1e6), prune=prune,
                                progress=progress)
            self.refresh_keyword_index(force=bool(report.added or report.updated or report.removed))
        finally:
            lock.release()
        log.info("ingest: %s", report.summary())
        return report

    def refresh_keyword_index(self, force: bool = False) -> bool:
        """Rebuild BM25 from the store when forced or when it no longer matches the store. True if rebuilt."""
        from rag.bm25 import ids_digest

        store = self.store
        chunks = None
        if not force:
            count = store.count()
            if self._index_checked and self.keywords.matches(count):
                return False
            chunks = [(c.chunk_id, c.text, c.metadata) for c in store.iter_chunks()]
            if self.keywords.matches(count, ids_digest([c[0] for c in chunks])):
                self._index_checked = True
                return False
            log.warning("keyword index does not match the store; rebuilding it")
        if chunks is None:
            chunks = [(c.chunk_id, c.text, c.metadata) for c in store.iter_chunks()]
        self.keywords.rebuild(chunks)
        self._index_checked = True
        return True

    def documents(self) -> list[DocumentInfo]:
        docs = []
        for st in self.store.doc_states().values():
            fp, n = max(st.fingerprints.items(), key=lambda kv: kv[1])
            docs.append(DocumentInfo(doc_id=st.doc_id, title=st.title, source=st.source, chunks=n, date=st.date,
                                     author=st.author, fingerprint=fp))
        return sorted(docs, key=lambda d: (d.title.lower(), d.source))

    def delete(self, doc_id: str) -> bool:
        """Remove a document and its chunks. False when no such document is stored."""
        if doc_id not in self.store.doc_states():
            return False
        self.store.delete_doc(doc_id)
        self.refresh_keyword_index(force=True)
        return True

    def chat(self):
        """A conversation: ``conv.ask(q)`` / ``conv.stream(q)`` keep history for follow-up questions."""
        from rag.chat import Conversation

        return Conversation(self)

    # --- questions ------------------------------------------------------------------------------------

    @staticmethod
    def _clean_question(question: str) -> str:
        q = " ".join((question or "").split())
        return q[:MAX_QUESTION_CHARS]

    def search(self, question: str, top_k: int | None = None, filters: SearchFilter | None = None) -> list[Passage]:
        q = self._clean_question(question)
        if not q:
            return []
        self.refresh_keyword_index()
        return self.retriever.search(q, top_k, filters)

    def ask(self, question: str, top_k: int | None = None, filters: SearchFilter | None = None,
            today: date | None = None) -> Answer:
        final = None
        for item in self.stream(question, top_k=top_k, filters=filters, today=today):
            if isinstance(item, Answer):
                final = item
        assert final is not None
        return final

    def stream(self, question: str, top_k: int | None = None, filters: SearchFilter | None = None,
               today: date | None = None) -> Iterator[str | Answer]:
        """Yield answer text as it is produced, then the final Answer with validated citations."""
        q = self._clean_question(question)
        if not q or not any(ch.isalnum() for ch in q):
            yield Answer(answer="Please ask a question in words.", refused=True, question=question,
                         answerer=self.answerer_name)
            return
        passages = self.search(q, top_k, filters)
        if should_refuse(passages, self.settings.refusal_threshold):
            yield Answer(answer=REFUSAL_TEXT, refused=True, question=q, answerer=self.answerer_name,
                         passages=passages)
            return
        yield from self.answerer.stream(q, passages, today=today)
