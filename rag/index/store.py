"""The chunk store: one Chroma collection (embedded or a server) holding chunks, embeddings and metadata.

Uses chromadb directly rather than llama-index's ChromaVectorStore: that one only ``add``s (re-ingest would
duplicate) and stores a full node JSON per chunk; sync needs idempotent upserts and per-document bookkeeping.
"""

from __future__ import annotations

import logging
import os
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlparse

from ingest.schema import DOC_ID, FINGERPRINT, SCHEMA_VERSION, ChunkMeta
from rag.settings import Settings

log = logging.getLogger(__name__)

_PAGE = 5000


class StoreError(RuntimeError):
    """The store cannot be used as configured; the message says which setting and why."""


class StoreMismatchError(StoreError):
    """The collection was built by another embedding model or schema version."""


@dataclass
class DocState:
    """What the store holds for one document: chunk counts per fingerprint (more than one = interrupted update)."""

    doc_id: str
    source: str = ""  # shown to people: the URL if any, else the path
    path: str | None = None  # the local file (``path#locator`` for a .jsonl article); None for a fetched page
    url: str | None = None
    title: str = ""
    date: str | None = None
    author: str | None = None
    fingerprints: Counter = field(default_factory=Counter)
    expected: dict[str, int] = field(default_factory=dict)  # fingerprint -> n_chunks it should have

    def complete(self, fingerprint: str) -> bool:
        """True when exactly this version is fully stored and nothing else is."""
        return (set(self.fingerprints) == {fingerprint}
                and self.fingerprints[fingerprint] == self.expected.get(fingerprint, -1))


@dataclass
class StoredChunk:
    chunk_id: str
    text: str
    metadata: dict
    distance: float | None = None
    embedding: object = None  # only when asked for (iter_chunks(embeddings=True))


def check_chroma_url(settings: Settings):
    """The parsed RAG_CHROMA_URL (None for the embedded store), or a StoreError naming it. Callers check it before
    loading the embedding model, so a mistyped URL fails in a moment, not after seconds of loading."""
    if not settings.chroma_url:
        return None
    u = urlparse(settings.chroma_url)
    if u.scheme not in ("http", "https") or not u.hostname:
        raise StoreError(f"RAG_CHROMA_URL={settings.chroma_url!r} is not an http(s)://host:port URL")
    return u


def make_client(settings: Settings):
    u = check_chroma_url(settings)
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if u is not None:
        try:
            client = chromadb.HttpClient(host=u.hostname, port=u.port or (443 if u.scheme == "https" else 8000),
                                         ssl=u.scheme == "https", settings=chroma_settings)
            client.heartbeat()
        except Exception as e:
            raise StoreError(f"cannot reach the Chroma server at RAG_CHROMA_URL={settings.chroma_url}: {e}") from e
        return client
    path = settings.data_dir / "chroma"
    try:
        path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(path), settings=chroma_settings)
    except Exception as e:
        raise StoreError(f"cannot open the Chroma store in RAG_DATA_DIR={settings.data_dir}: {e}") from e


class ChunkStore:
    def __init__(self, settings: Settings, embed_model: str, embed_dim: int, check: bool = True):
        self.settings = settings
        self.embed_model = embed_model
        self.embed_dim = embed_dim
        self.client = make_client(settings)
        self.collection = self._open_collection(check)

    def reopen(self) -> None:
        """Embedded store: open it afresh so vectors another process wrote become searchable.

        Chroma's embedded client keeps the vector index in memory: another process's writes show in count() and
        get() at once but not in query() until the client is opened again (measured with chromadb 1.5). The
        replaced client is stopped at the next reopen, not now, so a search still running on it can finish.
        """
        if self.settings.chroma_url:
            return
        from chromadb.api.client import SharedSystemClient

        path = str(self.settings.data_dir / "chroma")
        retired = SharedSystemClient._identifier_to_system.pop(path, None)
        old, self._retired = getattr(self, "_retired", None), retired
        self.client = make_client(self.settings)
        self.collection = self._open_collection(check=False)
        if old is not None and old is not retired:
            try:
                old.stop()
            except Exception:  # already stopped
                pass
        log.info("reopened the store at %s: another process changed it", path)

    @property
    def location(self) -> str:
        return self.settings.chroma_url or str(self.settings.data_dir / "chroma")

    def _open_collection(self, check: bool):
        meta = {"embed_model": self.embed_model, "embed_dim": self.embed_dim, "schema_version": SCHEMA_VERSION}
        name = self.settings.collection
        try:
            col = self.client.get_or_create_collection(
                name=name, metadata=meta, embedding_function=None, configuration={"hnsw": {"space": "cosine"}})
        except Exception as e:
            raise StoreError(f"cannot open collection {name!r} at {self.location}: {e}") from e
        if check:
            self.check_compatible(col.metadata or {})
        return col

    def check_compatible(self, found: dict) -> None:
        name = self.settings.collection
        if found.get("embed_model") != self.embed_model or int(found.get("embed_dim", -1)) != self.embed_dim:
            raise StoreMismatchError(
                f"collection {name!r} at {self.location} was built with embedding model "
                f"{found.get('embed_model')!r} ({found.get('embed_dim')} dims), but RAG_EMBED_MODEL is "
                f"{self.embed_model!r} ({self.embed_dim} dims); mixing them would corrupt search. Use the original "
                f"model, another RAG_COLLECTION/RAG_DATA_DIR, or `rag reindex` to rebuild it with the new model.")
        if int(found.get("schema_version", -1)) != SCHEMA_VERSION:
            raise StoreMismatchError(
                f"collection {name!r} at {self.location} uses store schema {found.get('schema_version')!r}, this "
                f"version needs {SCHEMA_VERSION}; run `rag reindex` to rebuild it from its sources.")

    # --- reading

    def count(self) -> int:
        return self.collection.count()

    def iter_chunks(self, include_text: bool = True, where: dict | None = None,
                    embeddings: bool = False) -> Iterator[StoredChunk]:
        include = (["metadatas", "documents"] if include_text else ["metadatas"]) + (["embeddings"] if embeddings else [])
        offset = 0
        while True:
            page = self.collection.get(include=include, limit=_PAGE, offset=offset, where=where)
            ids = page["ids"]
            if not ids:
                return
            docs = page.get("documents") or [""] * len(ids)
            embs = page.get("embeddings") if embeddings else None
            for i, (cid, text, meta) in enumerate(zip(ids, docs, page["metadatas"])):
                yield StoredChunk(cid, text or "", dict(meta or {}), embedding=embs[i] if embs is not None else None)
            if len(ids) < _PAGE:
                return
            offset += len(ids)

    def doc_states(self) -> dict[str, DocState]:
        states: dict[str, DocState] = {}
        for ch in self.iter_chunks(include_text=False):
            m = ChunkMeta.from_stored(ch.metadata)
            st = states.get(m.doc_id)
            if st is None:
                st = states[m.doc_id] = DocState(m.doc_id, m.source, m.path, m.url, m.title, m.date, m.author)
            st.fingerprints[m.fingerprint] += 1
            st.expected[m.fingerprint] = m.n_chunks
        return states

    def any_match(self, where: dict) -> bool:
        """Whether at least one chunk matches ``where`` (e.g. "has any dated chunk"): one id fetched, no text."""
        return bool(self.collection.get(where=where, limit=1, include=[])["ids"])

    def get_with_embeddings(self, ids: list[str]) -> list[tuple[StoredChunk, list[float]]]:
        if not ids:
            return []
        page = self.collection.get(ids=ids, include=["metadatas", "documents", "embeddings"])
        return [(StoredChunk(cid, t or "", dict(m or {})), e)
                for cid, t, m, e in zip(page["ids"], page["documents"], page["metadatas"], page["embeddings"])]

    def get_metadatas(self, ids: list[str]) -> dict[str, dict]:
        """Metadata by chunk id, in one call (missing ids are left out)."""
        if not ids:
            return {}
        page = self.collection.get(ids=ids, include=["metadatas"])
        return {cid: dict(m or {}) for cid, m in zip(page["ids"], page["metadatas"])}

    @property
    def info(self) -> dict:
        """The collection's own metadata (embedding model, dimension, schema version)."""
        return dict(self.collection.metadata or {})

    def set_info(self, info: dict) -> None:
        self.collection.modify(metadata=info)

    def query(self, embedding, n: int, where: dict | None = None) -> list[StoredChunk]:
        total = self.count()
        if total == 0:
            return []
        res = self.collection.query(query_embeddings=[list(map(float, embedding))], n_results=min(n, total),
                                    where=where, include=["metadatas", "documents", "distances"])
        return [StoredChunk(cid, t or "", dict(m or {}), d)
                for cid, t, m, d in zip(res["ids"][0], res["documents"][0], res["metadatas"][0], res["distances"][0])]

    # --- writing (idempotent: ids are derived from doc id, fingerprint and chunk index)

    def upsert(self, ids: list[str], embeddings, texts: list[str], metadatas: list[dict]) -> None:
        step = max(1, min(_PAGE, self._max_batch()))
        for i in range(0, len(ids), step):
            self.collection.upsert(ids=ids[i:i + step], embeddings=embeddings[i:i + step],
                                   documents=texts[i:i + step], metadatas=metadatas[i:i + step])

    def _max_batch(self) -> int:
        try:
            return int(self.client.get_max_batch_size())
        except Exception:
            return 1000

    def delete_stale(self, doc_id: str, keep_fingerprint: str) -> None:
        self.collection.delete(where={"$and": [{DOC_ID: doc_id}, {FINGERPRINT: {"$ne": keep_fingerprint}}]})

    def delete_doc(self, doc_id: str) -> None:
        self.collection.delete(where={DOC_ID: doc_id})

    def drop(self) -> None:
        """Delete the whole collection (reindex)."""
        self.client.delete_collection(self.settings.collection)
