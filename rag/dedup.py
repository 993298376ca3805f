"""Near-duplicate passages (wire copies of one story carried by several outlets) collapse into one passage
that lists the other sources, so copies do not crowd the top k.

Similarity is the containment of word 3-shingles: |A ∩ B| / min(|A|, |B|). Containment rather than Jaccard
because copies are cut into chunks at different places (an outlet adds a paragraph, drops the last one), so one
chunk is mostly inside the other; passages of one document are never merged (they overlap by design).
Shingles of at most a few hundred words per passage over a pool of 20: far below a millisecond, no model call.
"""

from __future__ import annotations

import re

from rag.types import OtherSource, Passage

_WORD = re.compile(r"\w+", re.UNICODE)
SHINGLE = 3


def shingles(text: str, n: int = SHINGLE) -> frozenset[tuple[str, ...]]:
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < n:
        return frozenset([tuple(words)]) if words else frozenset()
    return frozenset(tuple(words[i:i + n]) for i in range(len(words) - n + 1))


MIN_SHINGLES = 8  # shorter passages (a headline, a dateline) are contained in too much to call copies


def containment(a: frozenset, b: frozenset) -> float:
    if min(len(a), len(b)) < MIN_SHINGLES:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def collapse_near_duplicates(passages: list[Passage], threshold: float) -> list[Passage]:
    """Keep the first (best-ranked) of each group of near-duplicates; the others go into its ``also`` list.

    ``threshold`` ≥ 1 keeps everything apart (an exact copy still has containment 1.0 and would merge, so the
    switch is "> 1").
    """
    if threshold > 1 or len(passages) < 2:
        return passages
    kept: list[tuple[Passage, frozenset]] = []
    for p in passages:
        sh = shingles(p.text)
        into = next((k for k, ksh in kept if k.doc_id != p.doc_id and containment(sh, ksh) >= threshold), None)
        if into is None:
            kept.append((p, sh))
        elif all(o.doc_id != p.doc_id for o in into.also):
            into.also.append(OtherSource(doc_id=p.doc_id, source=p.source, title=p.title, date=p.date,
                                         chunk_id=p.chunk_id))
    return [p for p, _ in kept]
