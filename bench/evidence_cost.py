"""What the answer-evidence stage (rag/retrieval/evidence.py) adds to search time: every question of a dataset searched as of
its own date with the stage off (``evidence_depth`` 0, the baseline) and on, alternately on one kept store in one
process, so the machine's load falls on both alike; also the stage's own time per search.

    python -m bench.evidence_cost bench/quiz_set/data --data-dir /tmp/rank_quiz_dd [--rounds 2]

The store is ingested into --data-dir first when it is empty (ingest time is not counted).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from pathlib import Path

from bench.harness import percentile, store_for
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")


def timing_into(stage: list[float], fn, add: bool):
    """``fn`` that records its ms in ``stage``: a new entry, or (``add``) added to the last one."""

    def timed_fn(*args, **kwargs):
        t = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            ms = (time.perf_counter() - t) * 1000
            if add and stage:
                stage[-1] += ms
            else:
                stage.append(ms)

    return timed_fn


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dataset", type=Path, help="folder with docs/ and qa.jsonl")
    ap.add_argument("--data-dir", type=Path, help="kept store (default: one cached by content, bench/harness.py)")
    ap.add_argument("--rounds", type=int, default=2, help="times each question is searched each way")
    args = ap.parse_args()

    import rag.retrieval.evidence as evidence

    a = store_for([args.dataset / "docs"], args.data_dir)
    items = [json.loads(line) for line in (args.dataset / "qa.jsonl").read_text().splitlines() if line.strip()]
    depth = a.settings.evidence_depth
    stage: list[float] = []  # ms per search in the stage's two judges (its sort and bookkeeping are not timed)
    for name in ("hedge_costs", "newest_bonuses"):
        setattr(evidence, name, timing_into(stage, getattr(evidence, name), add=name == "newest_bonuses"))
    a.search("warm up", today=items[0].get("question_date"))
    times: dict[int, list[float]] = {0: [], depth: []}
    for r in range(args.rounds):
        for i, it in enumerate(items):
            for d in ((0, depth) if (i + r) % 2 == 0 else (depth, 0)):
                a.settings.evidence_depth = d
                t = time.perf_counter()
                a.search(it["question"], today=it.get("question_date"))
                times[d].append((time.perf_counter() - t) * 1000)
    off, on = times[0], times[depth]
    print(f"{len(items)} questions x {args.rounds} rounds, store {a.store.count()} chunks")
    print(f"search p50 / p95 ms, stage off: {percentile(off, 50):.1f} / {percentile(off, 95):.1f}")
    print(f"search p50 / p95 ms, stage on (depth {depth}): {percentile(on, 50):.1f} / {percentile(on, 95):.1f}")
    ratio_mean = statistics.mean(on) / statistics.mean(off)
    print(f"ratio on / off: p50 {percentile(on, 50) / percentile(off, 50):.3f}, mean {ratio_mean:.3f}")
    print(f"the stage itself, ms per search: p50 {percentile(stage, 50):.2f}, p95 {percentile(stage, 95):.2f}")


if __name__ == "__main__":
    main()
