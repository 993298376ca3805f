"""`Assistant`: the one object behind the Python API, the CLI and the browser UI."""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from ingest.schema import file_part, is_url
from rag.answer.stream import AnswerStream
from rag.answer.refusal import REFUSAL_TEXT, should_refuse
from rag.retrieval.retrieve import SearchFilter
from rag.settings import Settings
from rag.text import without_context
from rag.types import Answer, DocumentInfo, FileFailure, IngestReport, Passage, TimeWindow
from rag.watches.methods import Watching

log = logging.getLogger(__name__)

MAX_QUESTION_CHARS = 2000  # longer questions are cut: the embedder reads 256 word pieces anyway


class IngestBusyError(RuntimeError):
    pass


class Assistant(Watching):
    """Ingest documents, search them, and answer questions with citations; keep questions that watch for changed
    answers (rag/watches/methods.py).

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
                    from rag.index.store import ChunkStore, check_chroma_url

                    check_chroma_url(self.settings)  # before the model loads for its dimension
                    self._store = ChunkStore(self.settings, self.settings.embed_model, self.embedder.dimension)
                    self._seen_version = self.keywords.state()[0]
        return self._store

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
        if self._keywords is None:
            from rag.index.keywords import KeywordIndex

            with self._init_lock:
                if self._keywords is None:
                    import shutil

                    # The bm25s index directories this index replaces (rebuilt from the store on first use).
                    shutil.rmtree(self.settings.data_dir / "bm25", ignore_errors=True)
                    self._keywords = KeywordIndex(self.settings.keyword_index_path)
        return self._keywords

    @property
    def retriever(self):
        if self._retriever is None:
            with self._init_lock:
                if self._retriever is None:
                    from rag.retrieval.retrieve import HybridRetriever

                    self._retriever = HybridRetriever(self.settings, self.store, self.keywords, self.embedder)
        return self._retriever

    @property
    def answerer(self):
        if self._answerer is None:
            with self._init_lock:
                if self._answerer is None:
                    from rag.answer.factory import make_answerer

                    self._answerer = make_answerer(self.settings, self.embedder)
        return self._answerer

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

        return Chunker.for_embedder(self.embedder, self.settings.chunk_size, self.settings.chunk_overlap)

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
                                max_file_bytes=int(self.settings.max_file_mb * 1e6), prune=prune,
                                progress=progress, documents=documents, report=report,
                                within=None if within is None else [Path(w) for w in within],
                                limits=self.parse_limits)
        log.info("ingest: %s", report.summary())
        if report.added or report.updated or report.removed:
            self._store_changed()
        return report

    @property
    def parse_limits(self):
        from ingest.limits import ParseLimits
        from ingest.ocr import OcrLimits

        s = self.settings
        ocr = OcrLimits(pages=s.ocr_max_pages, seconds=s.ocr_timeout, min_confidence=s.ocr_min_confidence)
        return ParseLimits(seconds=s.parse_timeout, memory_mb=s.parse_max_memory_mb,
                           uncompressed_mb=s.parse_max_uncompressed_mb, elements=s.parse_max_elements,
                           pages=s.parse_max_pages, ocr=ocr)

    @property
    def fetch_policy(self):
        from ingest.fetch import FetchPolicy

        s = self.settings
        return FetchPolicy(timeout=s.fetch_timeout, max_bytes=int(s.fetch_max_mb * 1e6),
                           max_redirects=s.fetch_max_redirects, allow_private=s.fetch_allow_private)

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

    # --- conversations ---------------------------------------------------------------------------------

    @property
    def history(self):
        """The kept conversations (rag/conversation/history.py): SQLite under the data dir."""
        if self._history is None:
            from rag.conversation.history import ConversationStore

            with self._init_lock:
                if self._history is None:
                    self._history = ConversationStore(self.settings.history_path)
        return self._history

    def conversations(self, owner: str = ""):
        """The owner's kept conversations (``ConversationInfo``), most recently continued first."""
        return self.history.list(owner)

    def search_conversations(self, q: str, owner: str = ""):
        """The owner's kept conversations whose title or turn text contains ``q`` (``ConversationHit``: the
        conversation and the matching text), most recently continued first."""
        return self.history.search(owner, q)

    def chat(self, conversation_id: str | None = None, *, owner: str = "", keep: bool = True):
        """A conversation: ``conv.ask(q)`` / ``conv.stream(q)`` keep history for follow-up questions.

        Kept (the default), every answered turn is saved under the data dir and ``chat(conv.id)`` resumes it later,
        after a restart too, with its follow-up context. An unknown id (or another owner's) raises
        ``ConversationNotFound``. ``keep=False``: nothing is saved.
        """
        from rag.conversation.chat import Conversation

        llm = getattr(self.answerer, "llm", None)
        if not keep:
            return Conversation(self.stream, llm=llm, timeline_fn=self.timeline)
        from rag.conversation.history import new_conversation_id

        store = self.history
        turns = store.turns(conversation_id, owner) if conversation_id is not None else []
        return Conversation(self.stream, llm=llm, turns=turns, id=conversation_id or new_conversation_id(),
                            on_turn=lambda conv, turn: store.add_turn(conv.id, owner, turn), timeline_fn=self.timeline)

    def feedback(self, conversation_id: str, turn: int, verdict: str, note: str | None = None, *, owner: str = ""):
        """Rate the answer of a kept conversation's turn (1 for the first): ``verdict`` "up" or "down", an
        optional ``note`` (None keeps the note given before, "" removes it). Rating again replaces the verdict: one
        per turn per owner. Returns the stored ``rag.conversation.feedback.Feedback``; ``FeedbackError`` names a bad value,
        ``ConversationNotFound`` an unknown (or another owner's) chat, ``TurnNotFound`` a turn it does not have."""
        return self.history.rate(conversation_id, owner, turn, verdict, note)

    def withdraw_feedback(self, conversation_id: str, turn: int, *, owner: str = "") -> bool:
        """Remove the owner's verdict on the turn (the browser's thumb clicked again); False when there was none."""
        return self.history.unrate(conversation_id, owner, turn)

    def reviews(self, verdict: str | None = "down", owner: str | None = None, limit: int | None = None):
        """Rated answers for review (``rag.conversation.feedback.Review``: verdict, note, question, answer and its cited
        passages), newest first; down-voted ones unless ``verdict`` says otherwise (None: all), every owner's
        unless ``owner`` names one."""
        return self.history.reviews(verdict, owner, limit)

    # --- questions ------------------------------------------------------------------------------------

    @staticmethod
    def _clean_question(question: str) -> str:
        q = " ".join((question or "").split())
        return q[:MAX_QUESTION_CHARS]

    def search(self, question: str, top_k: int | None = None, filters: SearchFilter | None = None,
               today: date | str | None = None) -> list[Passage]:
        """Passages for ``question`` as of ``today`` (default: now): articles dated later are not used, a date
        in the question ("last week", "in early October") sets a window, and recent articles are preferred."""
        return self._search(question, top_k, filters, today)[0]

    def _search(self, question: str, top_k: int | None, filters: SearchFilter | None,
                today: date | str | None) -> tuple[list[Passage], TimeWindow | None]:
        from rag.retrieval.recency import as_day, search_as_of

        day = as_day(today)
        q = self._clean_question(question)
        if not q:
            return [], None
        # While this Assistant is ingesting, Chroma and the keyword index are written call by call and the counts
        # differ for a moment: searches use the index as it is instead of repairing it from a half-written store
        # (tests/ui/test_concurrency.py).
        if not self._writes:
            self._notice_other_writers()
            self.refresh_keyword_index()
        return search_as_of(self.retriever, q, top_k, filters, day)

    def timeline(self, topic: str, today: date | str | None = None, since: date | str | None = None,
                 until: date | str | None = None, filters: SearchFilter | None = None):
        """The story's developments as of ``today``, oldest first (``rag.timeline.types.Timeline``): one cited line each,
        wire copies merged into one line listing its sources, disagreeing sources named. ``since``/``until``:
        publication days (inclusive; a date in ``topic`` such as "in October" sets them when they are not given);
        ``filters``: only these documents. About 0.5 s for a 10-development story (bench/README.md, "Timelines")."""
        from rag.timeline.build import build_timeline

        q = self._clean_question(topic)
        if q and not self._writes:
            self._notice_other_writers()
            self.refresh_keyword_index()
        return build_timeline(self.retriever, self.store, self.embedder, self.settings, q, today=today, since=since,
                              until=until, doc_ids=filters.doc_ids if filters else None)

    def ask(self, question: str, top_k: int | None = None, filters: SearchFilter | None = None,
            today: date | str | None = None) -> Answer:
        return self.stream(question, top_k=top_k, filters=filters, today=today).answer()

    def stream(self, question: str, top_k: int | None = None, filters: SearchFilter | None = None,
               today: date | str | None = None) -> AnswerStream:
        """The answer as it is produced: iterate for text pieces; ``.answer()`` gives the final, validated Answer."""
        from rag.retrieval.recency import as_day

        day = as_day(today)
        q = self._clean_question(question)
        if not q or not any(ch.isalnum() for ch in q):
            return AnswerStream.of(Answer(answer="Please ask a question in words.", refused=True, question=question,
                                          answerer=self.answerer_name))
        asked = self._timeline_answer(q, filters, day)
        if asked is not None:
            return AnswerStream.of(asked)
        passages, window = self._search(q, top_k, filters, today)
        return self._answer_stream(q, passages, window, day)

    def _answer_stream(self, q: str, passages: list[Passage], window: TimeWindow | None,
                       day: date | None) -> AnswerStream:
        """The answer from passages already retrieved (a watched question's re-check retrieves first)."""
        if should_refuse(passages, self.settings.refusal_threshold, question=without_context(q),
                         idf=self.keywords.idf):
            return AnswerStream.of(Answer(answer=REFUSAL_TEXT, refused=True, question=q, answerer=self.answerer_name,
                                          passages=passages, window=window))
        return self.answerer.stream(q, passages, today=day).each_answer(lambda ans: setattr(ans, "window", window))

    def _timeline_answer(self, q: str, filters: SearchFilter | None, day: date) -> Answer | None:
        """A question asking for a story's developments ("How has X unfolded?", "Timeline of X") answered with its
        timeline (rag/timeline/types.py); None for any other question."""
        from rag.timeline.types import timeline_question

        ask = timeline_question(without_context(q), day)
        if ask is None:
            return None
        since = ask.since or (filters.date_from if filters else None)
        until = ask.until or (filters.date_to if filters else None)
        tl = self.timeline(ask.topic, today=day, since=since, until=until, filters=filters)
        return tl.to_answer(q)
