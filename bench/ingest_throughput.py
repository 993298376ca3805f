"""Ingest throughput against its physical bound, and the cost of re-ingesting an unchanged corpus.

1. Full ingest (load, clean, chunk, embed, Chroma upsert, BM25 build) of DATASET/docs into an empty data dir:
   chunks per second.
2. Raw ``SentenceTransformer.encode`` of exactly the chunks that ingest stored, same model object, same process,
   same batch size: chunks per second. The ratio (1) / (2) says how much the pipeline adds around the encoder
   (goal ≥ 0.8).
3. Re-ingest of the unchanged folder: wall time as a share of (1) (goal < 5%).

The model is loaded and warmed up before any timing, so neither side pays for loading it.

    python -m bench.ingest_throughput ../shared/eval/squad_v1_dev
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from bench import harness
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dataset", help="eval dataset folder (its docs/ are ingested) or any folder of documents")
    args = ap.parse_args()
    from rag import Assistant

    root = Path(args.dataset)
    docs = root / "docs" if (root / "docs").is_dir() else root
    embedder = harness.embedder()
    embedder.encode_documents(["warm-up sentence"] * 8)  # load weights, allocate buffers
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp:
        a = Assistant(data_dir=tmp, embedder=embedder)
        _ = a.store  # open Chroma before timing (first open creates the database files)
        t0 = time.perf_counter()
        rep = a.ingest([docs], progress=sys.stderr.isatty())
        first = time.perf_counter() - t0
        n = rep.chunks_embedded
        texts = [c.text for c in a.store.iter_chunks()]

        t0 = time.perf_counter()
        embedder.model.encode(texts, batch_size=embedder.batch_size, normalize_embeddings=True,
                              convert_to_numpy=True, show_progress_bar=False)
        raw = time.perf_counter() - t0

        t0 = time.perf_counter()
        again = a.ingest([docs])
        second = time.perf_counter() - t0

    print(f"{docs}: {len(rep.added)} documents, {n} chunks")
    print(f"full ingest          {first:8.1f} s   {n / first:8.1f} chunks/s")
    print(f"raw encode (bound)   {raw:8.1f} s   {len(texts) / raw:8.1f} chunks/s")
    print(f"ingest / raw encode  {(n / first) / (len(texts) / raw):8.2f}  (goal >= 0.8)")
    print(f"re-ingest unchanged  {second:8.2f} s   {100 * second / first:6.1f}% of the first ingest (goal < 5%); "
          f"{again.chunks_embedded} chunks embedded, {len(again.unchanged)} unchanged")
    return 0


if __name__ == "__main__":
    sys.exit(main())
