"""Tuning tool for the time side of retrieval on the news set (every question asked as of its own date).

For each ``weight:half_life`` of the recency prior prints hit@1 / hit@5 (a gold article among the first k
distinct documents) over the answerable questions, per question type; then the same with the question's date
windows switched off for the questions that have one (the prior alone must still let them find their older
article: "soft, not a hard cut"); then how many top-5 slots wire copies of a higher passage take, with and
without the near-duplicate collapse.

    OMP_NUM_THREADS=1 flock /tmp/heavy.lock python -m bench.tune_recency --data-dir /tmp/news-store \\
        --configs 0:14,0.3:14,0.5:14,0.8:14,0.3:7,0.5:7
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter

from bench.harness import NEWS_SET

WINDOWED = ("explicit_date", "past_period", "relative")


def hits(a, questions, did) -> tuple[float, float, Counter]:
    h1 = h5 = 0
    per: Counter = Counter()
    for q in questions:
        ranked: list[str] = []
        for p in a.search(q["question"], top_k=20, today=q["question_date"]):
            for s in [p.source, *(o.source for o in p.also)]:
                if did(s) not in ranked:
                    ranked.append(did(s))
        gold = set(q["doc_ids"])
        one = bool(gold & set(ranked[:1]))
        h1, h5 = h1 + one, h5 + bool(gold & set(ranked[:5]))
        per[q["type"]] += one
    return h1 / len(questions), h5 / len(questions), per


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data-dir", required=True, help="kept store for the news set (ingested here if needed)")
    p.add_argument("--configs", default="0:14,0.3:14,0.5:14,0.8:14,0.3:7,0.5:7")
    args = p.parse_args()

    import rag.retrieval.recency
    from rag import Assistant
    from rag.eval.dataset import doc_id_of

    a = Assistant(data_dir=args.data_dir, answerer="extractive")
    print(a.ingest([NEWS_SET / "docs"], prune=True).summary(), file=sys.stderr)
    qs = [json.loads(line) for line in (NEWS_SET / "qa.jsonl").read_text().splitlines() if line.strip()]
    answerable = [q for q in qs if not q.get("unanswerable")]
    configs = [tuple(map(float, c.split(":"))) for c in args.configs.split(",")]

    print(f"| weight | half-life days | hit@1 | hit@5 | hit@1 per type ({len(answerable)} questions) |")
    print("|---:|---:|---:|---:|---|")
    for w, hl in configs:
        a.settings.recency_weight, a.settings.recency_half_life_days = w, hl
        h1, h5, per = hits(a, answerable, doc_id_of)
        print(f"| {w:g} | {hl:g} | {h1:.3f} | {h5:.3f} | {dict(per)} |", flush=True)

    older = [q for q in answerable if q["type"] in WINDOWED]
    find = rag.retrieval.recency.find_timeframe
    rag.retrieval.recency.find_timeframe = lambda question, today: None  # windows off: relevance and the prior decide
    try:
        print(f"\nwindows off, {len(older)} questions about an earlier period:\n")
        print("| weight | half-life days | hit@1 | hit@5 |\n|---:|---:|---:|---:|")
        for w, hl in configs:
            a.settings.recency_weight, a.settings.recency_half_life_days = w, hl
            h1, h5, _ = hits(a, older, doc_id_of)
            print(f"| {w:g} | {hl:g} | {h1:.3f} | {h5:.3f} |", flush=True)
    finally:
        rag.retrieval.recency.find_timeframe = find

    truth = {r["doc_id"]: r for r in map(json.loads, (NEWS_SET / "doc_dates.jsonl").read_text().splitlines())}
    group = {d: r["copy_of"] or d for d, r in truth.items()}
    a.settings.recency_weight, a.settings.recency_half_life_days = 0.3, 14.0
    print("\n| near-duplicate collapse | top-5 slots taken by a copy of a higher passage | questions with any |")
    print("|---|---:|---:|")
    for label, threshold in (("off", 1.01), ("on (0.7)", 0.7)):
        a.settings.dedup_threshold = threshold
        slots = crowded = 0
        for q in qs:
            first: dict[str, str] = {}
            extra = 0
            for psg in a.search(q["question"], top_k=5, today=q["question_date"]):
                d = doc_id_of(psg.source)
                g = group.get(d, d)
                extra += g in first and first[g] != d
                first.setdefault(g, d)
            slots, crowded = slots + extra, crowded + (extra > 0)
        print(f"| {label} | {slots} of {5 * len(qs)} | {crowded} of {len(qs)} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
