"""Query latency at scale: search, extractive ask and local-LLM ask p50/p95 on a large store; the memory peak.

Embedding 100k chunks on this 2-core machine would take hours, so the large store is generated: the shared
eval docs are ingested for real, then each stored chunk is copied V times with its sentences reordered (so the
keyword index sees distinct texts) and its embedding nudged by small Gaussian noise and renormalised (so the vector
index holds distinct points with the real data's geometry). The copies go through the product's own ChunkStore
upsert, and the keyword index is filled from the store in one pass (rag/index/keyword_sync.py). The baseline is the same
questions on the real, unvaried store (a few thousand chunks).
The local LLM answers seconds per question on CPU, so it is timed on the first --llm-questions only (0 skips it).

    python -m bench.query_latency --chunks 100000 [--questions 200] [--llm-questions 30] [--data-dir DIR]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench import harness
from bench.harness import SHARED_EVAL, percentile
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")



def timed(fn, questions):
    out = []
    for q in questions:
        t0 = time.perf_counter()
        fn(q)
        out.append((time.perf_counter() - t0) * 1000)
    return out


def grow(a, target: int, noise: float, seed: int = 0) -> int:
    """Add varied copies of every stored chunk until the store holds about ``target`` chunks."""
    import numpy as np
    from tqdm.auto import tqdm

    from rag.text import passage_sentences

    rng = random.Random(seed)
    nrng = np.random.default_rng(seed)
    base = list(a.store.iter_chunks(embeddings=True))
    ids, texts, metas = [c.chunk_id for c in base], [c.text for c in base], [c.metadata for c in base]
    embs = np.asarray([c.embedding for c in base])
    copies = max(0, (target - len(ids)) // len(ids))
    bar = tqdm(total=copies * len(ids), desc="generating", unit="chunk", disable=not sys.stderr.isatty())
    for v in range(1, copies + 1):
        new_texts = []
        for t in texts:
            sents = [t[s:e] for s, e in passage_sentences(t)] or [t]
            rng.shuffle(sents)
            new_texts.append(" ".join(sents))
        e = embs + nrng.normal(0.0, noise, embs.shape).astype(np.float32)
        e /= np.linalg.norm(e, axis=1, keepdims=True)
        new_ids = [f"{i}~v{v}" for i in ids]
        new_metas = [{**m, "doc_id": f"{m['doc_id']}~v{v}", "source": f"{m['source']}#v{v}",
                      "path": f"{m.get('path', m['source'])}#v{v}"} for m in metas]
        a.store.upsert(new_ids, e, new_texts, new_metas)
        bar.update(len(ids))
    bar.close()
    a.refresh_keyword_index(force=True)
    return a.store.count()


def measure(a, questions, llm=None, llm_questions: int = 0) -> dict:
    """search and extractive ask on every question; the local-LLM ask (``llm``: an Assistant on the same store) on
    the first ``llm_questions``."""
    a.search(questions[0])  # warm caches (keyword index, HNSW load)
    a.ask(questions[0])
    s = timed(a.search, questions)
    k = timed(a.ask, questions)
    out = {"search_p50": percentile(s, 50), "search_p95": percentile(s, 95),
           "ask_p50": percentile(k, 50), "ask_p95": percentile(k, 95),
           "search_mean": statistics.mean(s)}
    if llm is not None and llm_questions:
        llm.ask(questions[0])  # model load, not timed
        g = timed(llm.ask, questions[:llm_questions])
        out |= {"local_ask_p50": percentile(g, 50), "local_ask_p95": percentile(g, 95)}
    return out


def local_llm_ready(embedder) -> bool:
    from rag import Assistant
    from rag.llm import LLMUnavailableError

    with tempfile.TemporaryDirectory(prefix="bench-llm-check-") as tmp:
        try:
            Assistant(data_dir=tmp, embedder=embedder, answerer="local").answerer  # assembles the model if needed
        except LLMUnavailableError:
            return False
    return True


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--chunks", type=int, default=100_000, help="target store size")
    ap.add_argument("--questions", type=int, default=200)
    ap.add_argument("--llm-questions", type=int, default=30, help="questions timed with the local LLM (0: none)")
    ap.add_argument("--noise", type=float, default=0.02, help="std-dev of the per-dimension embedding noise")
    ap.add_argument("--data-dir", help="keep the generated store here (re-runs reuse it when big enough)")
    args = ap.parse_args()
    from rag import Assistant
    from rag.eval.dataset import load_dataset

    squad, hotpot = load_dataset(SHARED_EVAL / "squad_v1_dev"), load_dataset(SHARED_EVAL / "hotpotqa_distractor_100")
    questions = [q.question for q in squad.items][: args.questions]
    emb = harness.embedder()
    llm_n = args.llm_questions if args.llm_questions and local_llm_ready(emb) else 0
    if args.llm_questions and not llm_n:
        print("local LLM not installed (make model): its ask is not timed", file=sys.stderr)

    def assistants(data_dir: Path, questions: list[str]):
        """measure()'s arguments: an extractive Assistant, the questions, a local-LLM one on the same store."""
        ext = Assistant(data_dir=data_dir, embedder=emb, answerer="extractive")
        return ext, questions, (Assistant(data_dir=data_dir, embedder=emb, answerer="local") if llm_n else None)

    with tempfile.TemporaryDirectory(prefix="bench-latency-") as tmp:
        data_dir = Path(args.data_dir) if args.data_dir else Path(tmp) / "large"
        a = Assistant(data_dir=data_dir, embedder=emb, answerer="extractive")
        a.ingest([squad.docs_dir, hotpot.docs_dir])
        t0 = time.perf_counter()
        if a.store.count() < 10_000:  # a new store: measure the real one, then grow it
            small = a.store.count()
            base = measure(*assistants(data_dir, questions), llm_questions=llm_n)
            size = grow(a, args.chunks, args.noise)
        else:  # a kept, already grown store: the baseline is a fresh real store beside it
            real_dir = Path(tmp) / "real"
            Assistant(data_dir=real_dir, embedder=emb, answerer="extractive").ingest([squad.docs_dir, hotpot.docs_dir])
            small = Assistant(data_dir=real_dir, embedder=emb, answerer="extractive").store.count()
            base = measure(*assistants(real_dir, questions), llm_questions=llm_n)
            size = a.store.count()
        build_s = time.perf_counter() - t0
        big = measure(*assistants(data_dir, questions), llm_questions=llm_n)  # fresh handles, as a new process
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{len(questions)} squad questions ({llm_n} for the local LLM); store of {size} chunks "
          f"(setup: growing it or ingesting the baseline store, {build_s:.0f}s)")
    print(f"{'':20s}{'baseline':>12s}{'large':>12s}{'ratio':>8s}")
    print(f"{'store chunks':20s}{small:12d}{size:12d}{size / small:8.1f}")
    for key in [k for k in ("search_p50", "search_p95", "ask_p50", "ask_p95", "local_ask_p50", "local_ask_p95")
                if k in big]:
        print(f"{key + ' ms':20s}{base[key]:12.1f}{big[key]:12.1f}{big[key] / base[key]:8.2f}")
    print(f"peak RSS of this process: {peak_mb:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
