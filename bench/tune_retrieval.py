"""Sweep query-side fusion settings on an already-ingested store, without re-running retrieval per setting.

The dense and BM25 ranked lists are computed once per question (depth 100); every fusion variant is then pure
arithmetic over them, so a sweep of dozens of settings costs one pass of retrieval.

    python -m bench.tune_retrieval ../shared/eval/squad_v1_dev --data-dir /tmp/ev/squad [--limit N]

Prints doc-level recall@1/@5 and MRR for dense only, BM25 only, weighted RRF over a grid of rrf_k and weights;
--features saves the re-rank features of the fused top 20 (how rag/retrieval/rerank.py's weights were chosen).
Tune on squad_v1_dev; confirm the chosen setting on hotpotqa_distractor_100 (never tune on the held-out set).
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time

DEPTH = 100


def ranked_docs(chunk_ids, doc_of, n=10):
    out: list[str] = []
    for c in chunk_ids:
        d = doc_of[c]
        if d not in out:
            out.append(d)
            if len(out) == n:
                break
    return out


def score(lists, items):
    from rag.eval.metrics import recall_at_k, reciprocal_rank

    r1 = sum(recall_at_k(r, q.doc_ids, 1) for r, q in zip(lists, items)) / len(items)
    r5 = sum(recall_at_k(r, q.doc_ids, 5) for r, q in zip(lists, items)) / len(items)
    mrr = sum(reciprocal_rank(r, q.doc_ids) for r, q in zip(lists, items)) / len(items)
    return r1, r5, mrr


def rrf(dense, kw, k, wd, wb):
    fused: dict[str, float] = {}
    for rank, (cid, _) in enumerate(dense):
        fused[cid] = fused.get(cid, 0.0) + wd / (k + rank + 1)
    for rank, (cid, _) in enumerate(kw):
        fused[cid] = fused.get(cid, 0.0) + wb / (k + rank + 1)
    return sorted(fused, key=fused.__getitem__, reverse=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dataset")
    ap.add_argument("--data-dir", required=True)
    ap.add_argument("--limit", type=int)
    ap.add_argument("--chunk-size", type=int)
    ap.add_argument("--chunk-overlap", type=int)
    ap.add_argument("--features", metavar="PKL",
                    help="also save per-candidate re-rank features (cosine, sentence/chunk coverage, ranks) of the "
                         "fused top 20 to this pickle, for weight sweeps without re-running retrieval")
    args = ap.parse_args()

    from rag import Assistant
    from ingest.schema import ChunkMeta
    from rag.eval.dataset import doc_id_of, load_dataset

    ds = load_dataset(args.dataset, args.limit)
    items = [q for q in ds.answerable if q.doc_ids]
    a = Assistant(data_dir=args.data_dir, chunk_size=args.chunk_size, chunk_overlap=args.chunk_overlap)
    t0 = time.perf_counter()
    rep = a.ingest([ds.docs_dir], prune=True)
    print(f"ingest: {rep.summary()} ({time.perf_counter() - t0:.1f}s), store {a.store.count()} chunks")
    a.refresh_keyword_index()
    doc_of = {c.chunk_id: doc_id_of(ChunkMeta.from_stored(c.metadata).path or "")
              for c in a.store.iter_chunks(include_text=False)}
    qv = a.embedder.encode_queries([q.question for q in items])
    dense_lists, kw_lists = [], []
    t0 = time.perf_counter()
    for q, v in zip(items, qv):
        dense_lists.append([(c.chunk_id, 1 - c.distance) for c in a.store.query(v, DEPTH)])
        kw_lists.append([(h.chunk_id, h.score) for h in a.keywords.search(q.question, DEPTH)])
    print(f"retrieved {len(items)} questions in {time.perf_counter() - t0:.1f}s")

    def show(name, lists):
        r1, r5, mrr = score(lists, items)
        print(f"{name:40s} r@1 {r1:.3f}  r@5 {r5:.3f}  MRR {mrr:.3f}")
        return r1, r5, mrr

    show("dense only", [ranked_docs([c for c, _ in d], doc_of) for d in dense_lists])
    show("bm25 only", [ranked_docs([c for c, _ in k], doc_of) for k in kw_lists])
    results = []
    for k, wb, depth in itertools.product((1, 5, 10, 20, 30, 60), (0.5, 0.75, 1.0, 1.25, 1.5, 2.0), (30, 100)):
        lists = [ranked_docs(rrf(d[:depth], kw[:depth], k, 1.0, wb), doc_of) for d, kw in zip(dense_lists, kw_lists)]
        results.append((score(lists, items), f"rrf k={k} bm25_w={wb} depth={depth}"))
    results.sort(key=lambda x: (x[0][0], x[0][2]), reverse=True)
    for (r1, r5, mrr), name in results[:6]:
        print(f"{name:40s} r@1 {r1:.3f}  r@5 {r5:.3f}  MRR {mrr:.3f}")
    if args.features:
        save_features(a, items, dense_lists, kw_lists, doc_of, args.features)
    return 0


def save_features(a, items, dense_lists, kw_lists, doc_of, path):
    """Features behind rag/retrieval/rerank.py for each fused top-20 candidate: (chunk_id, fused rank, best-sentence
    coverage, chunk coverage, cosine, normalised BM25, best adjacent-sentence-pair coverage)."""
    import math
    import pickle
    from collections import Counter

    import numpy as np

    from rag.text import content_terms, passage_sentences

    texts = {c.chunk_id: c.text for c in a.store.iter_chunks()}
    chunk_terms = {cid: set(content_terms(t)) for cid, t in texts.items()}
    df = Counter(t for ts in chunk_terms.values() for t in ts)
    n = len(texts)
    idf = lambda t: math.log(1 + n / (df.get(t, 0) + 0.5))
    sent_terms = {cid: [set(content_terms(t[s:e])) for s, e in passage_sentences(t)] for cid, t in texts.items()}
    embs = {c.chunk_id: np.asarray(c.embedding) for c in a.store.iter_chunks(include_text=False, embeddings=True)}
    qv = a.embedder.encode_queries([q.question for q in items])
    feats = []
    for q, v, d, kw in zip(items, qv, dense_lists, kw_lists):
        base = rrf(d[:30], kw[:30], 5, 1.0, 1.25)
        qt = set(content_terms(q.question))
        tot = sum(idf(t) for t in qt) or 1.0
        kwd = dict(kw)
        top_kw = max(kwd.values(), default=1.0) or 1.0
        row = []
        for rank, cid in enumerate(base[:20]):
            sts = sent_terms[cid]
            cov = [sum(idf(t) for t in qt & st) / tot for st in sts] or [0.0]
            pair = max([cov[0]] + [sum(idf(t) for t in qt & (sts[i] | sts[i + 1])) / tot for i in range(len(sts) - 1)])
            whole = sum(idf(t) for t in qt & chunk_terms[cid]) / tot
            row.append((cid, rank, max(cov), whole, float(embs[cid] @ v), kwd.get(cid, 0.0) / top_kw, pair))
        feats.append(row)
    with open(path, "wb") as f:
        pickle.dump({"feats": feats, "doc_of": doc_of, "gold": [q.doc_ids for q in items]}, f)
    print(f"features saved to {path}")


if __name__ == "__main__":
    sys.exit(main())
