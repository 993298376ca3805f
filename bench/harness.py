"""What every bench script shares: the repo's paths (one spelling), the configured embedder (built once per
process), a store for a data set (ingested once, cached by content), timing helpers and percentiles.

Scripts run as ``python -m bench.NAME`` from the repo root, so ``rag`` and ``ingest`` import without any
``sys.path`` edits. Nothing here loads a model or touches the disk at import time.

Percentiles are ``rag.eval.metrics.percentile`` on one scale, q in 0..100 (linear interpolation). Before this
module five scripts had their own: two on 0..1 with nearest rank (history_cost, load_test, mcp_latency) and a p90
rounding down (answer_latency); on 40-100 samples the two ways differ by under one sample's gap.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import time
from collections.abc import Callable, Iterable, Sequence
from contextlib import contextmanager
from pathlib import Path

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[1]  # the repository
BENCH = ROOT / "bench"
OUT = BENCH / "out"  # git-ignored: per-run outputs and cached stores
SHARED = ROOT.parent / "shared"  # the read-only data next to the checkout (absent on a fresh clone)
SHARED_EVAL = SHARED / "eval"
SHARED_CORPUS = SHARED / "corpus"
CAIRO = SHARED_CORPUS / "cairo-talks.txt"
DEMO_CORPUS = ROOT / "rag" / "demo_corpus"
NEWS_SET = BENCH / "news_set" / "data"
QUIZ_SET = BENCH / "quiz_set" / "data"
TIMELINE_SET = BENCH / "timeline_set"

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")  # Chroma: nothing leaves the machine


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (q in 0..100) of ``values``; NaN for none (prints as ``nan`` instead of failing)."""
    from rag.eval.metrics import percentile as metric

    p = metric(values, q)
    return float("nan") if p is None else p


@functools.cache
def embedder():
    """The embedder the settings name (``RAG_EMBED_MODEL``, ``RAG_EMBED_BATCH_SIZE``), loaded once per process
    and shared by every Assistant a script builds."""
    from ingest.embed import Embedder
    from rag.settings import Settings

    s = Settings()
    return Embedder(s.embed_model, s.embed_batch_size)


def _digest(paths: Iterable[Path], extra: str) -> str:
    """A hash of the files' relative names and bytes, the ingest code and ``extra`` (the settings that shape a
    store): a change to any of them is a new store."""
    h = hashlib.sha256(extra.encode())
    for root in [*paths, ROOT / "ingest"]:
        files = sorted(p for p in (root.rglob("*") if root.is_dir() else [root]) if p.is_file())
        for f in files:
            if "__pycache__" in f.parts:
                continue
            h.update(str(f.relative_to(root) if root.is_dir() else f.name).encode())
            h.update(f.read_bytes())
    return h.hexdigest()[:16]


def store_for(paths: Sequence[Path], data_dir: Path | None = None, **overrides):
    """An Assistant over ``paths`` ingested: into ``data_dir`` when given (ingested when empty), else into a
    store under bench/out/stores/ named by the content's digest, ingested the first time only (a marker file
    says the ingest finished). ``overrides`` are Settings fields (``answerer="local"``, ...)."""
    from rag import Assistant
    from rag.settings import Settings

    paths = [Path(p) for p in paths]
    base = Settings()
    if data_dir is None:
        key = _digest(paths, f"{base.embed_model}|{base.chunk_size}|{base.chunk_overlap}")
        data_dir = OUT / "stores" / key
    a = Assistant(data_dir=data_dir, embedder=embedder(), **overrides)
    done = Path(data_dir) / "bench-ingested"
    if not done.exists() or a.store.count() == 0:
        with stopwatch() as took:
            a.ingest(paths)
        log.info("ingested %s into %s in %.1fs", [str(p) for p in paths], data_dir, took())
        done.write_text("\n".join(str(p) for p in paths) + "\n")
    return a


@contextmanager
def stopwatch():
    """``with stopwatch() as took: ...``; ``took()`` is the seconds since entering (final after the block)."""
    t0 = time.perf_counter()
    end: list[float] = []
    yield lambda: (end[0] if end else time.perf_counter()) - t0
    end.append(time.perf_counter())


def timed(fn: Callable, *args, **kwargs) -> tuple[object, float]:
    """(what ``fn(*args, **kwargs)`` returns, its seconds)."""
    t0 = time.perf_counter()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - t0


def time_each(fn: Callable, items: Iterable) -> list[float]:
    """Seconds of ``fn(item)`` for each item, in order."""
    out = []
    for item in items:
        t0 = time.perf_counter()
        fn(item)
        out.append(time.perf_counter() - t0)
    return out
