"""Scoring functions: pure, small, and independent of the product so they can be unit-tested by hand.

Answer normalisation follows the SQuAD v1.1 evaluation script (lower case, no punctuation, no articles,
single spaces), so EM/F1 figures are comparable with published ones.
"""

from __future__ import annotations

import math
import re
import string
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field

K_VALUES = (1, 3, 5, 10)
_ARTICLES = re.compile(r"\b(a|an|the)\b")
_PUNCT = set(string.punctuation) | {"“", "”", "‘", "’", "–", "—"}


def normalize_answer(s: str) -> str:
    s = "".join(ch for ch in s.lower() if ch not in _PUNCT)
    return " ".join(_ARTICLES.sub(" ", s).split())


def exact_match(prediction: str, golds: Sequence[str]) -> float:
    p = normalize_answer(prediction)
    return float(any(p == normalize_answer(g) for g in golds))


def token_f1(prediction: str, golds: Sequence[str]) -> float:
    """Best token-overlap F1 against any gold answer."""
    p_tokens = normalize_answer(prediction).split()
    best = 0.0
    for g in golds:
        g_tokens = normalize_answer(g).split()
        common = Counter(p_tokens) & Counter(g_tokens)
        same = sum(common.values())
        if same == 0:
            continue
        precision, recall = same / len(p_tokens), same / len(g_tokens)
        best = max(best, 2 * precision * recall / (precision + recall))
    return best


def contains_answer(text: str, golds: Sequence[str]) -> bool:
    """A gold answer appears in the text as whole normalised words (so "10" does not match "2010")."""
    hay = f" {normalize_answer(text)} "
    return any((n := normalize_answer(g)) and f" {n} " in hay for g in golds)


def dedupe(ids: Iterable[str]) -> list[str]:
    """Ranked chunk-level doc ids → ranked distinct doc ids (first occurrence wins)."""
    seen: dict[str, None] = {}
    for i in ids:
        seen.setdefault(i, None)
    return list(seen)


def recall_at_k(ranked_docs: Sequence[str], gold: Sequence[str], k: int) -> float:
    """Share of gold documents among the first k distinct retrieved documents."""
    if not gold:
        return 0.0
    top = set(ranked_docs[:k])
    return sum(1 for g in set(gold) if g in top) / len(set(gold))


def reciprocal_rank(ranked_docs: Sequence[str], gold: Sequence[str]) -> float:
    gold_set = set(gold)
    for i, d in enumerate(ranked_docs, 1):
        if d in gold_set:
            return 1.0 / i
    return 0.0


def percentile(values: Sequence[float], q: float) -> float | None:
    """Linear-interpolated percentile (q in 0..100); None for no values."""
    if not values:
        return None
    xs = sorted(values)
    pos = (len(xs) - 1) * q / 100.0
    lo, hi = math.floor(pos), math.ceil(pos)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


def mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


@dataclass
class QuestionScore:
    """What the aggregate needs from one question (the runner's per-question result provides it)."""

    unanswerable: bool
    ranked_docs: list[str]
    gold_docs: list[str]
    refused: bool | None = None  # None: not asked (retrieval-only run)
    em: float = 0.0
    f1: float = 0.0
    contains: bool = False
    citations_total: int = 0
    citations_supported: int = 0
    search_ms: float = 0.0
    ask_ms: float | None = None


@dataclass
class EvalMetrics:
    questions: int
    answerable: int
    unanswerable: int
    recall: dict[int, float] = field(default_factory=dict)  # k -> mean recall@k over answerable questions
    hit: dict[int, float] = field(default_factory=dict)  # k -> share with at least one gold doc in top k
    mrr: float | None = None
    exact_match: float | None = None
    f1: float | None = None
    contains: float | None = None
    refusal_rate_answerable: float | None = None
    refusal_rate_unanswerable: float | None = None
    citation_precision: float | None = None
    search_p50_ms: float | None = None
    search_p95_ms: float | None = None
    ask_p50_ms: float | None = None
    ask_p95_ms: float | None = None

    def to_dict(self) -> dict:
        d = asdict(self)
        d["recall"] = {f"@{k}": v for k, v in self.recall.items()}
        d["hit"] = {f"@{k}": v for k, v in self.hit.items()}
        return d


def aggregate(scores: Sequence[QuestionScore], ks: Sequence[int] = K_VALUES) -> EvalMetrics:
    ans = [s for s in scores if not s.unanswerable]
    una = [s for s in scores if s.unanswerable]
    m = EvalMetrics(questions=len(scores), answerable=len(ans), unanswerable=len(una))
    with_gold = [s for s in ans if s.gold_docs]
    for k in ks:
        m.recall[k] = mean([recall_at_k(s.ranked_docs, s.gold_docs, k) for s in with_gold]) or 0.0
        m.hit[k] = mean([float(bool(set(s.ranked_docs[:k]) & set(s.gold_docs))) for s in with_gold]) or 0.0
    m.mrr = mean([reciprocal_rank(s.ranked_docs, s.gold_docs) for s in with_gold])
    asked = [s for s in ans if s.refused is not None]
    if asked:
        m.exact_match = mean([s.em for s in asked])
        m.f1 = mean([s.f1 for s in asked])
        m.contains = mean([float(s.contains) for s in asked])
        m.refusal_rate_answerable = mean([float(bool(s.refused)) for s in asked])
        total = sum(s.citations_total for s in asked)
        m.citation_precision = sum(s.citations_supported for s in asked) / total if total else None
    asked_una = [s for s in una if s.refused is not None]
    if asked_una:
        m.refusal_rate_unanswerable = mean([float(bool(s.refused)) for s in asked_una])
    search = [s.search_ms for s in scores]
    m.search_p50_ms, m.search_p95_ms = percentile(search, 50), percentile(search, 95)
    ask = [s.ask_ms for s in scores if s.ask_ms is not None]
    m.ask_p50_ms, m.ask_p95_ms = percentile(ask, 50), percentile(ask, 95)
    return m
