"""Retrieval quality and speed: ours vs the LlamaIndex quickstart pipeline, same dataset, same model, same run.

Anchor (what a user would otherwise start from): SimpleDirectoryReader → VectorStoreIndex over a
ChromaVectorStore with the default SentenceSplitter, embeddings from the same all-MiniLM-L6-v2 files through
llama-index's HuggingFaceEmbedding, Settings.llm = None, ``as_retriever(similarity_top_k=20)``.
Ours: the product's Assistant (sentence chunks in MiniLM word pieces, dense + BM25 fused) through ``rag eval``'s
runner with the answerer off. Both are scored on distinct documents (file stem = dataset doc id).

    python -m bench.retrieval_vs_llamaindex ../shared/eval/squad_v1_dev [--limit N] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

DEPTH = 20


def anchor(ds, workdir: Path, progress: bool) -> dict:
    import chromadb
    from chromadb.config import Settings as ChromaSettings
    from llama_index.core import Settings, SimpleDirectoryReader, StorageContext, VectorStoreIndex
    from llama_index.embeddings.huggingface import HuggingFaceEmbedding
    from llama_index.vector_stores.chroma import ChromaVectorStore
    from tqdm.auto import tqdm

    from ingest.embed import resolve_model_path
    from rag.eval.metrics import QuestionScore, aggregate, dedupe

    Settings.llm = None  # retrieval only; no LLM is configured
    embed = HuggingFaceEmbedding(model_name=resolve_model_path("all-MiniLM-L6-v2"), device="cpu")
    t0 = time.perf_counter()
    docs = SimpleDirectoryReader(str(ds.docs_dir), recursive=True).load_data()
    client = chromadb.PersistentClient(path=str(workdir / "anchor-chroma"),
                                       settings=ChromaSettings(anonymized_telemetry=False))
    col = client.get_or_create_collection("quickstart")
    index = VectorStoreIndex.from_documents(
        docs, storage_context=StorageContext.from_defaults(vector_store=ChromaVectorStore(chroma_collection=col)),
        embed_model=embed, show_progress=progress)
    ingest_s = time.perf_counter() - t0
    retriever = index.as_retriever(similarity_top_k=DEPTH)
    scores = []
    for q in tqdm(ds.items, desc="anchor", unit="q", disable=not progress):
        t0 = time.perf_counter()
        nodes = retriever.retrieve(q.question)
        ms = (time.perf_counter() - t0) * 1000
        ranked = dedupe(Path(n.node.metadata.get("file_name", "")).stem for n in nodes)
        scores.append(QuestionScore(q.unanswerable, ranked, q.doc_ids, search_ms=ms))
    return {"metrics": aggregate(scores), "ingest_s": ingest_s, "chunks": col.count()}


def ours(ds, data_dir: Path | None, progress: bool) -> dict:
    from rag import Assistant
    from rag.eval.runner import run_eval

    a = Assistant(data_dir=data_dir)
    rep = run_eval(ds, a, answer=False, progress=progress)
    return {"metrics": rep.metrics, "ingest_s": rep.ingest_seconds, "chunks": rep.chunks}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dataset")
    ap.add_argument("--limit", type=int)
    ap.add_argument("--json", metavar="OUT", help="also write the figures to this JSON file")
    ap.add_argument("--data-dir", help="our data dir, kept (a re-run only syncs; its ingest time is then a no-op)")
    args = ap.parse_args()

    from rag.eval.dataset import load_dataset

    ds = load_dataset(args.dataset, args.limit)
    progress = sys.stderr.isatty()
    with tempfile.TemporaryDirectory(prefix="bench-anchor-") as tmp:
        a = anchor(ds, Path(tmp), progress)
        o = ours(ds, Path(args.data_dir) if args.data_dir else Path(tmp) / "ours", progress)
    rows = [("recall@1", "recall", 1), ("recall@3", "recall", 3), ("recall@5", "recall", 5),
            ("recall@10", "recall", 10), ("MRR", "mrr", None), ("search p50 ms", "search_p50_ms", None),
            ("search p95 ms", "search_p95_ms", None)]
    print(f"{ds.name}: {len(ds.items)} questions, {len(ds.doc_ids)} docs")
    print(f"{'':16s}{'LlamaIndex quickstart':>24s}{'ours':>12s}{'ours/anchor':>14s}")
    out = {"dataset": ds.name, "questions": len(ds.items), "anchor": {}, "ours": {}}
    for label, attr, k in rows:
        va = getattr(a["metrics"], attr)
        vo = getattr(o["metrics"], attr)
        va, vo = (va[k], vo[k]) if k else (va, vo)
        out["anchor"][label], out["ours"][label] = va, vo
        print(f"{label:16s}{va:24.3f}{vo:12.3f}{vo / va if va else float('nan'):14.2f}")
    for label, key in (("ingest s", "ingest_s"), ("chunks", "chunks")):
        out["anchor"][label], out["ours"][label] = a[key], o[key]
        print(f"{label:16s}{a[key]:24.1f}{o[key]:12.1f}{o[key] / a[key] if a[key] else float('nan'):14.2f}")
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
