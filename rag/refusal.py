"""The refusal gate: answer only when retrieval found something relevant enough.

The signal is the best dense cosine similarity between the question and a retrieved passage (BM25 scores are
not comparable across corpora, cosine is). The default threshold (Settings.refusal_threshold) was calibrated
with `python bench/calibrate_refusal.py`: squad_v1_dev questions asked against their own corpus (answerable)
versus against the hotpotqa_distractor_100 corpus and vice versa (nothing relevant there); it is the value
that keeps false refusals of answerable questions at or under about 2% while refusing most unrelated ones.
"""

from __future__ import annotations

from rag.types import Passage

REFUSAL_TEXT = "The documents don't contain an answer to that question."


def relevance(passages: list[Passage]) -> float:
    scores = [p.dense_score for p in passages if p.dense_score is not None]
    return max(scores) if scores else 0.0


def should_refuse(passages: list[Passage], threshold: float) -> bool:
    return not passages or relevance(passages) < threshold
