"""What the keyword index knows of each stored document (chunk counts per fingerprint), read by the sync to tell
an unchanged document from one to re-index (rag/index/keywords.py)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from ingest.schema import is_url


@dataclass
class IndexedDoc:
    """What the keyword index holds for one document: chunk counts per fingerprint."""

    doc_id: str
    source: str = ""
    fingerprints: Counter = field(default_factory=Counter)
    expected: dict[str, int] = field(default_factory=dict)

    @property
    def path(self) -> str | None:
        """The local file (``path#locator``), None for a page fetched from the web."""
        return None if is_url(self.source) else self.source or None

    def complete(self, fingerprint: str) -> bool:
        return (set(self.fingerprints) == {fingerprint}
                and self.fingerprints[fingerprint] == self.expected.get(fingerprint, -1))


def states_of(rows) -> dict[str, IndexedDoc]:
    out: dict[str, IndexedDoc] = {}
    for doc_id, fp, n, expected, source in rows:
        d = out.get(doc_id) or out.setdefault(doc_id, IndexedDoc(doc_id, source))
        d.fingerprints[fp] = n
        d.expected[fp] = expected
    return out


class DocStates(Mapping):
    """A read-only mapping doc id -> IndexedDoc over the index: lookups query one document, iteration all."""

    def __init__(self, index):  # a rag.index.keywords.KeywordIndex
        self._index = index
        self._all: dict[str, IndexedDoc] | None = None

    def _every(self) -> dict[str, IndexedDoc]:
        if self._all is None:
            self._all = self._index.docs()
        return self._all

    def __getitem__(self, doc_id: str) -> IndexedDoc:
        d = self._every().get(doc_id) if self._all is not None else self._index.doc(doc_id)
        if d is None:
            raise KeyError(doc_id)
        return d

    def __iter__(self):
        return iter(self._every())

    def __len__(self) -> int:
        return len(self._every())
