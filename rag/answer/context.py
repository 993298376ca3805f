"""What the model reads: the retrieved passages' best sentences with their neighbours, not whole chunks.

Prompt processing dominates a CPU answer (about 45 prompt tokens/s with 2 cores, bench/README.md), and five
200-word-piece chunks cost ~1,100 tokens. The extractive ranker (rag/answer/extractive.py) already scores every
sentence of the passages against the question; the best ``TOP_SENTENCES`` of them, each with ``NEIGHBOURS``
sentences on either side, are kept in their passage's order, and passages left with nothing are not shown at all.

3 sentences alone (settings ``answer_excerpt_sentences`` / ``answer_excerpt_neighbours``): prompt tokens to
evaluate per answer, median, whole chunks → 4 with 1 neighbour → 3 alone, and the share of answerable questions
whose shown text still holds a gold answer (`bench/answer_latency.py --prompt-tokens`):
news set 831 → 328 → 210 (holds 0.97 → 0.93 → 0.84), squad 834 → 354 → 218 (1.00 → 1.00 → 0.95), hotpot
701 → 347 → 221 (0.76 → 0.68 → 0.60): a whole answer in 4.7 s instead of 8.9 s on the example article; the
answer quality it keeps is measured end to end in bench/README.md.

The best sentence also brings one neighbour on either side (``BEST_NEIGHBOURS``, setting
``answer_excerpt_best_neighbours``): it is the one the answer most often comes from, and a neighbour tells the model
who "he" is or what a list belongs to. In one interleaved run (bench/CHANGELOG.md, "The best sentence's neighbours"),
against the 3 sentences alone: squad every 20th 0.68 → 0.74 contains (whole chunks with the same prompt: 0.68),
hotpot every 4th 0.40 → 0.44, news and the article equal, for ~35 more prompt tokens (whole answer +0.3 to +0.7 s).
A 4th sentence instead tied over the two sets (squad 0.72, hotpot 0.48: 48 of 75 either way) with more tokens
(+33 to +46) and a slower squad answer (4.76 s against 4.27 s); the neighbours won where the gap was, on squad.

``close`` (setting ``answer_excerpt_close``, default 0 = off) drops a best sentence after the first that scores
below ``close`` x the first's: at 0.8 it cuts the prompt 10-40 % with equal answers on the quiz, news and squad
sets but halves hotpot (0.44 -> 0.20: a second hop scores far below the first), so it stays off (bench/README.md,
"Answer speed on the quiz set and the news set, local model (2026-12-08, 8455c25)").

An excerpt is a `Passage` copy whose ``text`` is the chosen sentences joined by " … "; `originals` maps the
prompt's passages back to the retrieved ones, so citations, support checks (rag/answer/verify.py) and highlight
offsets all refer to the original passage text. Measured in bench/answer_latency.py (bench/README.md).
"""

from __future__ import annotations

from dataclasses import replace

from rag.text import passage_sentences
from rag.types import Passage

TOP_SENTENCES = 3
NEIGHBOURS = 0
BEST_NEIGHBOURS = 1
CLOSE = 0.0
GAP = " … "


def excerpt_passages(ranked, passages: list[Passage], *, top: int = TOP_SENTENCES,
                     neighbours: int = NEIGHBOURS, best_neighbours: int = BEST_NEIGHBOURS,
                     close: float = CLOSE) -> list[Passage]:
    """Excerpts of ``passages`` (retrieval order) built from the best ``top`` sentences of ``ranked``
    (candidates with ``passage_index``, ``start``, ``end``, ``score``, best first); the best one gets at least
    ``best_neighbours`` neighbours on either side; the others are kept only when their score is at least
    ``close`` times the best one's (0: always)."""
    chosen: dict[int, set[int]] = {}
    spans_of = {}
    best = getattr(ranked[0], "score", 0.0) if ranked else 0.0
    for rank, c in enumerate(ranked[:top]):
        if rank and close and best > 0 and getattr(c, "score", 0.0) < close * best:
            continue
        n = max(neighbours, best_neighbours) if rank == 0 else neighbours
        i = c.passage_index
        if i not in spans_of:
            spans_of[i] = passage_sentences(passages[i].text)
        spans = spans_of[i]
        k = next((j for j, (s, e) in enumerate(spans) if s <= c.start < e), None)
        if k is None:
            continue
        chosen.setdefault(i, set()).update(range(max(0, k - n), min(len(spans), k + n + 1)))
    out = []
    for i in sorted(chosen):
        p, spans = passages[i], spans_of[i]
        parts: list[str] = []
        last = None
        for k in sorted(chosen[i]):
            s, e = spans[k]
            piece = p.text[s:e].strip()
            if last is not None and k == last + 1:
                parts[-1] = parts[-1] + " " + piece
            else:
                parts.append(piece)
            last = k
        text = GAP.join(parts)
        if len(chosen[i]) < len(spans):
            out.append(replace(p, text=text))
        else:
            out.append(p)  # every sentence chosen: the passage itself
    return out


def originals(shown: list[Passage], retrieved: list[Passage]) -> list[Passage]:
    """The retrieved passages behind the excerpts shown to the model, in the prompt's order."""
    by_id = {p.chunk_id: p for p in retrieved}
    return [by_id.get(p.chunk_id, p) for p in shown]
