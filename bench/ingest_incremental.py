"""Cost of adding news to a big store: the incremental FTS5 keyword index vs the old full BM25 rebuild.

For stores of --sizes chunks (default 1k, 10k, 100k) it times adding 1, 10 and 100 new articles (about three
chunks each) two ways in one process, on the same Chroma collection:
- old: ingest.sync into Chroma, then the keyword index rebuilt from every stored chunk (bench/baseline_bm25.py,
  the code up to commit 44c6fb4);
- new: Assistant.ingest (Chroma, then the FTS5 index in place, rag/index/keyword_sync.py).
Embedding the new articles' own chunks is timed separately and subtracted (it is the same for both; the issue's
goal is the cost beyond it). After each size's adds it times search p50/p95 over --questions squad questions with
each keyword index (hybrid retrieval + re-rank, as `rag search` does).

The store is generated as in bench/query_latency.py: the shared eval passages are embedded once for real, then
copied with sentences reordered and embeddings nudged by small noise; the copies are written to Chroma and the
FTS5 index directly (the bench measures adding to a big store, not building one).

    python -m bench.ingest_incremental [--sizes 1000 10000 100000] [--questions 100]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

from bench import harness
from bench.harness import SHARED_EVAL, percentile
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

TOPICS = ["harbour", "orchard", "railway", "glacier", "library", "bakery", "stadium", "vineyard", "bridge", "museum"]


class TimedEmbedder:
    """The real embedder, memoised by text (old and new runs embed the same articles) and timed."""

    def __init__(self, embedder):
        self.inner = embedder
        self.cache: dict[str, object] = {}
        self.seconds = 0.0

    def __getattr__(self, name):
        return getattr(self.inner, name)

    def encode_documents(self, texts, show_progress: bool = False):
        import numpy as np

        t0 = time.perf_counter()
        todo = [t for t in dict.fromkeys(texts) if t not in self.cache]
        if todo:
            for t, v in zip(todo, self.inner.encode_documents(todo)):
                self.cache[t] = v
        self.seconds += time.perf_counter() - t0
        return np.stack([self.cache[t] for t in texts])


def write_articles(folder: Path, n: int, tag: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        topic = TOPICS[i % len(TOPICS)]
        body = " ".join(f"Dispatch {tag}-{i} on the {topic} works, note {j}: the council approved budget line "
                        f"{j * 13 + i} and the contractor promised figures by week {j + 2}." for j in range(24))
        (folder / f"{tag}-{i:03d}.txt").write_text(f"The {topic} dispatch {tag} {i}\n\n{body}")


def seed_passages(embedder, limit: int | None) -> tuple[list[str], object]:
    import numpy as np

    texts = []
    for name in ("squad_v1_dev", "hotpotqa_distractor_100"):
        texts += [p.read_text(encoding="utf-8") for p in sorted((SHARED_EVAL / name / "docs").glob("*.txt"))]
    texts = [t for t in texts if t.strip()][:limit]
    return texts, np.asarray(embedder.encode_documents(texts), dtype=np.float32)


def grow(a, texts, embs, target: int, state: dict) -> None:
    """Write generated chunks through the product's sink until the store holds ``target``."""
    import numpy as np

    from rag.text import passage_sentences

    rng, nrng = state["rng"], state["nrng"]
    sink = indexed_sink(a)
    while a.store.count() < target:
        v = state["copy"] = state["copy"] + 1
        n = min(len(texts), target - a.store.count())
        new_texts = []
        for t in texts[:n]:
            sents = [t[s:e] for s, e in passage_sentences(t)] or [t]
            rng.shuffle(sents)
            new_texts.append(" ".join(sents))
        e = embs[:n] + nrng.normal(0.0, 0.02, embs[:n].shape).astype(np.float32)
        e /= np.linalg.norm(e, axis=1, keepdims=True)
        metas = [{"doc_id": f"seed{v}-{i}", "fingerprint": "f", "chunk_index": 0, "n_chunks": 1, "start": 0,
                  "end": len(t), "source": f"/seed/{v}/{i}.txt", "title": f"seed {v} {i}"}
                 for i, t in enumerate(new_texts)]
        sink.upsert([f"seed{v}-{i}:f:0" for i in range(n)], e, new_texts, metas)


def indexed_sink(a):
    """Where the product's ingest writes (Chroma, then the keyword index), for writes made here."""
    from rag.index.keyword_sync import IndexedSink

    return IndexedSink(a.store, a.keywords, trust_index=True)


def old_add(a, old_index, emb: TimedEmbedder, folder: Path) -> tuple[float, list[str]]:
    from ingest.chunk import Chunker
    from ingest.sync import sync_paths

    emb.seconds = 0.0
    t0 = time.perf_counter()
    rep = sync_paths([folder], store=a.store, embedder=emb, chunker=Chunker.for_embedder(emb, a.settings.chunk_size, a.settings.chunk_overlap), max_file_bytes=10**8,
                     progress=False)
    old_index.rebuild([(c.chunk_id, c.text, c.metadata) for c in a.store.iter_chunks()])
    return time.perf_counter() - t0 - emb.seconds, rep.added


def new_add(a, emb: TimedEmbedder, folder: Path) -> tuple[float, list[str]]:
    emb.seconds = 0.0
    t0 = time.perf_counter()
    rep = a.ingest([folder])
    return time.perf_counter() - t0 - emb.seconds, rep.added


def search_times(retriever, questions) -> tuple[float, float]:
    retriever.search(questions[0])
    ms = []
    for q in questions:
        t0 = time.perf_counter()
        retriever.search(q)
        ms.append((time.perf_counter() - t0) * 1000)
    return percentile(ms, 50), percentile(ms, 95)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    ap.add_argument("--adds", type=int, nargs="+", default=[1, 10, 100])
    ap.add_argument("--questions", type=int, default=100)
    ap.add_argument("--seeds", type=int, default=None, help="only the first N shared passages (a quick check)")
    args = ap.parse_args()
    if not SHARED_EVAL.exists():
        print(f"{SHARED_EVAL} not present: the generated store needs the shared eval passages", file=sys.stderr)
        return 2

    from bench.baseline_bm25 import KeywordIndex as OldKeywordIndex
    from rag import Assistant
    from rag.eval.dataset import load_dataset
    from rag.retrieval.retrieve import HybridRetriever

    questions = [q.question for q in load_dataset(SHARED_EVAL / "squad_v1_dev").items][: args.questions]
    emb = TimedEmbedder(harness.embedder())
    texts, embs = seed_passages(emb.inner, args.seeds)
    state = {"rng": random.Random(0), "nrng": __import__("numpy").random.default_rng(0), "copy": 0}
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-incremental-") as tmp:
        tmp = Path(tmp)
        a = Assistant(data_dir=tmp / "data", embedder=emb, answerer="extractive")
        old_index = OldKeywordIndex(tmp / "old-bm25")
        for size in args.sizes:
            t0 = time.perf_counter()
            grow(a, texts, embs, size, state)
            print(f"store grown to {a.store.count()} chunks in {time.perf_counter() - t0:.0f}s", file=sys.stderr)
            for n in args.adds:
                folder = tmp / f"add-{size}-{n}"
                write_articles(folder, n, f"s{size}n{n}")
                old_s, added = old_add(a, old_index, emb, folder)
                embed_s = emb.seconds
                for d in added:  # back to the same store for the new path (not timed)
                    a.store.delete_doc(d)
                new_s, added = new_add(a, emb, folder)
                rows.append((size, n, old_s, new_s, embed_s))
                print(f"  +{n} articles: old {old_s:.2f}s new {new_s:.2f}s (embedding {embed_s:.1f}s)",
                      file=sys.stderr)
                if n != args.adds[-1]:
                    sink = indexed_sink(a)
                    for d in added:
                        sink.delete_doc(d)
            old_index.rebuild([(c.chunk_id, c.text, c.metadata) for c in a.store.iter_chunks()])
            old_p = search_times(HybridRetriever(a.settings.retrieval, a.store, old_index, emb), questions)
            new_p = search_times(HybridRetriever(a.settings.retrieval, a.store, a.keywords, emb), questions)
            rows.append((size, "search", old_p, new_p, a.store.count()))

    print("time to add N articles beyond embedding their own chunks (s), old full rebuild vs new FTS5 in place")
    print(f"{'store':>8s}{'added':>7s}{'old s':>9s}{'new s':>9s}{'old/new':>9s}{'embed s':>9s}")
    for size, n, old, new, extra in rows:
        if n != "search":
            print(f"{size:8d}{n:7d}{old:9.2f}{new:9.2f}{old / max(new, 1e-9):9.1f}{extra:9.1f}")
    print("search latency (ms) after the adds, hybrid + re-rank, old bm25s index vs new FTS5 index")
    print(f"{'chunks':>8s}{'old p50':>9s}{'new p50':>9s}{'old p95':>9s}{'new p95':>9s}{'p50 new/old':>12s}")
    for size, n, old, new, count in rows:
        if n == "search":
            print(f"{count:8d}{old[0]:9.1f}{new[0]:9.1f}{old[1]:9.1f}{new[1]:9.1f}{new[0] / old[0]:12.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
