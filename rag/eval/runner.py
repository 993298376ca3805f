"""Run a dataset through the product: ingest its docs, search and ask every question, score each one.

Search and ask are timed separately (ask includes its own retrieval, as a user would see it). Retrieval is
scored on distinct documents from a deeper list than top_k, so recall@10 means ten documents, not ten chunks.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from tqdm.auto import tqdm

from rag.settings import GROUP_OF
from rag.text import strip_markers
from rag.eval.dataset import EvalDataset, QAItem, doc_id_of
from rag.eval.metrics import (EvalMetrics, QuestionScore, aggregate, contains_answer, dedupe, exact_match,
                              token_f1)

log = logging.getLogger(__name__)

SEARCH_DEPTH = 20  # chunks retrieved for the ranking metrics; enough for 10 distinct documents in practice


@dataclass
class CitationResult:
    number: int
    doc_id: str  # the dataset's doc id (source file stem)
    chunk_id: str
    start: int
    end: int
    highlight: str
    supported: bool  # passage holds a gold answer or comes from a gold document


@dataclass
class QuestionResult:
    id: str
    question: str
    answers: list[str]
    gold_doc_ids: list[str]
    unanswerable: bool
    retrieved_doc_ids: list[str]
    first_gold_rank: int | None
    search_ms: float
    answer: str | None = None
    refused: bool | None = None
    em: float = 0.0
    f1: float = 0.0
    contains: bool = False
    citations: list[CitationResult] = field(default_factory=list)
    ask_ms: float | None = None
    top_dense: float | None = None  # best dense cosine among the retrieved passages (refusal analysis)
    question_date: str | None = None  # the asking date passed as ``today`` (YYYY-MM-DD), when the set has one

    def score(self) -> QuestionScore:
        return QuestionScore(unanswerable=self.unanswerable, ranked_docs=self.retrieved_doc_ids,
                             gold_docs=self.gold_doc_ids, refused=self.refused, em=self.em, f1=self.f1,
                             contains=self.contains, citations_total=len(self.citations),
                             citations_supported=sum(c.supported for c in self.citations),
                             search_ms=self.search_ms, ask_ms=self.ask_ms)

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class EvalReport:
    dataset: str
    dataset_path: str
    started_at: str
    answerer: str | None
    settings: dict
    documents: int
    chunks: int
    ingest_seconds: float
    ingest_failed: list[str]
    metrics: EvalMetrics
    results: list[QuestionResult] = field(default_factory=list)
    seconds: float = 0.0

    def to_dict(self, with_results: bool = False) -> dict:
        d = {k: v for k, v in asdict(self).items() if k not in ("metrics", "results")}
        d["metrics"] = self.metrics.to_dict()
        if with_results:
            d["results"] = [r.to_dict() for r in self.results]
        return d


@contextmanager
def data_dir_for(named: str | Path | None):
    """The named data dir (kept, so re-runs skip unchanged docs) or a temporary one removed afterwards."""
    if named is not None:
        yield Path(named).expanduser()
        return
    tmp = Path(tempfile.mkdtemp(prefix="rag-eval-"))
    try:
        yield tmp
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def score_question(item: QAItem, passages, answer=None, search_ms: float = 0.0,
                   ask_ms: float | None = None) -> QuestionResult:
    # A passage that stands for its near-duplicates (wire copies) retrieves their documents at its rank too.
    ranked = dedupe(doc_id_of(s) for p in passages for s in [p.path or p.source, *(o.path or o.source for o in p.also)])
    gold = set(item.doc_ids)
    first = next((i for i, d in enumerate(ranked, 1) if d in gold), None)
    dense = [p.dense_score for p in passages if p.dense_score is not None]
    r = QuestionResult(id=item.id, question=item.question, answers=item.answers, gold_doc_ids=item.doc_ids,
                       unanswerable=item.unanswerable, retrieved_doc_ids=ranked[:10], first_gold_rank=first,
                       search_ms=search_ms, ask_ms=ask_ms, top_dense=max(dense) if dense else None,
                       question_date=item.question_date.isoformat() if item.question_date else None)
    if answer is None:
        return r
    r.answer, r.refused = answer.answer, answer.refused
    if not answer.refused and item.answers:
        # Score the answer without its [n] markers: they are not words of the answer.
        text = strip_markers(answer.answer, " ")
        r.em, r.f1, r.contains = exact_match(text, item.answers), token_f1(text, item.answers), \
            contains_answer(text, item.answers)
    paths = {p.chunk_id: p.path or p.source for p in answer.passages}
    for c in answer.citations:
        did = doc_id_of(paths.get(c.chunk_id, c.source))
        r.citations.append(CitationResult(c.number, did, c.chunk_id, c.start, c.end, c.highlight,
                                          did in gold or contains_answer(c.text, item.answers)))
    return r


def run_eval(dataset: EvalDataset, assistant, *, answer: bool = True, progress: bool = True) -> EvalReport:
    """Ingest ``dataset`` into ``assistant``'s data dir (sync: unchanged docs cost nothing) and score it."""
    t_start = time.perf_counter()
    started = datetime.now(timezone.utc).isoformat(timespec="seconds")
    t0 = time.perf_counter()
    rep = assistant.ingest([dataset.docs_dir], prune=True, progress=progress)
    ingest_seconds = time.perf_counter() - t0
    failed = [f"{f.path}: {f.reason}" for f in rep.failed]
    for f in failed:
        log.warning("ingest failed: %s", f)
    log.info("ingest: %s", rep.summary())
    results: list[QuestionResult] = []
    for item in tqdm(dataset.items, desc=f"eval {dataset.name}", unit="q", disable=not progress):
        t0 = time.perf_counter()
        # The question's asking date, when the set gives one, is "today" for search and answer alike.
        passages = assistant.search(item.question, top_k=SEARCH_DEPTH, today=item.question_date)
        search_ms = (time.perf_counter() - t0) * 1000
        ans, ask_ms = None, None
        if answer:
            t0 = time.perf_counter()
            ans = assistant.ask(item.question, today=item.question_date)
            ask_ms = (time.perf_counter() - t0) * 1000
        results.append(score_question(item, passages, ans, search_ms, ask_ms))
    metrics = aggregate([r.score() for r in results])
    s = assistant.settings
    # The report keeps the flat names; each is read from its group (GROUP_OF), the top level for the embedder.
    names = ("embed_model", "chunk_size", "chunk_overlap", "top_k", "candidates", "rrf_k", "dense_weight",
             "bm25_weight", "rerank_depth", "rerank_dense_weight", "rerank_sentence_weight", "rerank_chunk_weight",
             "refusal_threshold", "recency_weight", "recency_half_life_days", "dedup_threshold")
    settings = {k: getattr(getattr(s, GROUP_OF[k]) if k in GROUP_OF else s, k) for k in names}
    return EvalReport(dataset=dataset.name, dataset_path=str(dataset.root), started_at=started,
                      answerer=assistant.answerer_name if answer else None, settings=settings,
                      documents=len(dataset.doc_ids), chunks=assistant.store.count(),
                      ingest_seconds=ingest_seconds, ingest_failed=failed, metrics=metrics, results=results,
                      seconds=time.perf_counter() - t_start)
