"""Keep the keyword index consistent with the Chroma store, at the cost of the change.

Every write goes to Chroma first and to the keyword index after (``IndexedSink``), in the order ingest.sync
already uses (upsert the new version, then delete stale ones). A kill -9 between the two leaves the index one
step behind Chroma, which shows as a different chunk count for some document; ``reconcile`` compares per-document
fingerprint counts (one Chroma metadata scan, one GROUP BY in SQLite) and re-indexes only the documents that
differ, from the chunk texts Chroma holds. Searches check the two total counts (two cheap queries) and reconcile
only when they differ; an ingest reconciles against the document states it reads anyway.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from rag.index.keywords import KeywordIndex

log = logging.getLogger(__name__)

BULK_DOCS = 50  # more documents to repair than this: one pass over the store instead of a query per document


@dataclass
class Repair:
    docs_reindexed: int = 0
    docs_dropped: int = 0

    def __bool__(self) -> bool:
        return bool(self.docs_reindexed or self.docs_dropped)


def reconcile(store, index: KeywordIndex, states: dict | None = None) -> Repair:
    """Make the index hold exactly the chunks of ``store`` (its ``doc_states()``, passed in when already read)."""
    states = store.doc_states() if states is None else states
    indexed = index.docs()
    repair = Repair()
    for doc_id in indexed.keys() - states.keys():
        index.delete_doc(doc_id)
        repair.docs_dropped += 1
    differ = [d for d, st in states.items() if d not in indexed or indexed[d].fingerprints != st.fingerprints]
    for doc_id in differ:
        if doc_id in indexed:
            index.delete_doc(doc_id)
    if len(differ) > BULK_DOCS:  # e.g. a first start over a store indexed by the old BM25: one pass, in pages
        want, batch = set(differ), []
        for c in store.iter_chunks():
            if c.metadata.get("doc_id") in want:
                batch.append(c)
                if len(batch) >= 5000:
                    _upsert(index, batch)
                    batch = []
        _upsert(index, batch)
    else:
        for doc_id in differ:
            _upsert(index, list(store.iter_chunks(where={"doc_id": doc_id})))
    repair.docs_reindexed = len(differ)
    if repair:
        log.warning("keyword index repaired from the store: %d documents re-indexed, %d dropped",
                    repair.docs_reindexed, repair.docs_dropped)
    return repair


def _upsert(index: KeywordIndex, chunks) -> None:
    if chunks:
        index.upsert([c.chunk_id for c in chunks], [c.text for c in chunks], [c.metadata for c in chunks])


class IndexedSink:
    """The ChunkSink that ingest.sync writes to: Chroma first, then the keyword index, call by call."""

    def __init__(self, store, index: KeywordIndex, trust_index: bool = False):
        self.store = store
        self.index = index
        # Embedded store: every writer holds the ingest lock and writes through this sink, so when the two counts
        # match, the index's per-document states are Chroma's and the full metadata scan can be skipped.
        self.trust_index = trust_index
        self.repair = Repair()

    def _trusted(self) -> bool:
        return self.trust_index and self.index.count() == self.store.count()

    def doc_states(self):
        if self._trusted():
            return self.index.states()
        states = self.store.doc_states()
        self.repair = reconcile(self.store, self.index, states)
        return states

    def doc_ids_under(self, roots: list[str]) -> list[str]:
        """Documents loaded from these files or from anything under these folders."""
        if self._trusted():
            return self.index.doc_ids_under(roots)
        return sorted(doc_id for doc_id, st in self.doc_states().items()
                      if any(st.source.split("#", 1)[0] == r or st.source.startswith(r.rstrip("/") + "/")
                             for r in roots))

    def upsert(self, ids, embeddings, texts, metadatas) -> None:
        self.store.upsert(ids, embeddings, texts, metadatas)
        self.index.upsert(ids, texts, metadatas)

    def delete_stale(self, doc_id: str, keep_fingerprint: str) -> None:
        self.store.delete_stale(doc_id, keep_fingerprint)
        self.index.delete_stale(doc_id, keep_fingerprint)

    def delete_doc(self, doc_id: str) -> None:
        self.store.delete_doc(doc_id)
        self.index.delete_doc(doc_id)
