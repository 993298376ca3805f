"""The refusal gate: answer only when retrieval found something relevant enough.

The signal is the best dense cosine similarity between the question and a retrieved passage (BM25 scores are
not comparable across corpora, cosine is). The default threshold (Settings.refusal_threshold = 0.33) was
calibrated with `python bench/calibrate_refusal.py --every 4` (2026-11-26): 250 squad_v1_dev questions asked
against their own corpus (answerable) versus squad questions against the hotpotqa_distractor_100 corpus and 100
hotpot questions against the squad corpus (nothing relevant there). Answerable questions score a median best
cosine of 0.60 (2nd percentile 0.33); the unrelated pairings score a median of about 0.30, so no threshold
separates them cleanly with MiniLM. 0.33 is the highest 0.01 step keeping false refusals of answerable
questions at 2.0% (squad; 0.0% for hotpot against its own corpus) while refusing 62% of squad questions on the
hotpot corpus and 68% of hotpot questions on the squad corpus (0.30 refused 51% / 53% with 0.8% false
refusals). Figures and the full table: bench/README.md.
"""

from __future__ import annotations

from rag.types import Passage

REFUSAL_TEXT = "The documents don't contain an answer to that question."


def relevance(passages: list[Passage]) -> float:
    scores = [p.dense_score for p in passages if p.dense_score is not None]
    return max(scores) if scores else 0.0


def should_refuse(passages: list[Passage], threshold: float) -> bool:
    return not passages or relevance(passages) < threshold
