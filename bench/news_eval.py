"""The dated news set (bench/news_set/data) through the product, each question asked as of its own day.

Prints, overall and per question type: recall@1 / @5 as the issue means it (hit@k: one of the gold documents
among the first k distinct documents; a question's gold lists every article stating the answer, wire copies
included, so any of them counts), answer-contains with the extractive answerer on every question, refusals of
the unanswerable ones, and the local-LLM answerer's answer-contains on a fixed slice (``--local-every K``).
Then date extraction: the share of documents whose stored date is their true publication day (ground truth in
data/doc_dates.jsonl), per date format.

    OMP_NUM_THREADS=1 flock /tmp/heavy.lock python -m bench.news_eval --data-dir /tmp/news-store \\
        [--local-every 8] [--anchor] [--json OUT]

``--no-today`` asks every question without its date (``today=None``): the same code, blind to the asking date.
``--anchor`` adds the LlamaIndex quickstart pipeline of bench/retrieval_vs_llamaindex.py on the same set (it
reads each .jsonl feed as one document, so its articles there can never match a gold id: figures are a floor).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

from bench.harness import NEWS_SET

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

TYPES = ["latest", "no_date", "past_period", "explicit_date", "relative", "unanswerable"]


def stored_day(value) -> str | None:
    """The stored date as a YYYY-MM-DD day, or None when it is not one (not normalised, or missing)."""
    if not value:
        return None
    s = str(value)[:10]
    try:
        return date.fromisoformat(s).isoformat()
    except ValueError:
        return None


def date_accuracy(assistant, data: Path) -> dict:
    """Share of documents whose stored date is their true publication day; undated ones must stay undated."""
    from rag.eval.dataset import doc_id_of

    truth = {r["doc_id"]: r for r in map(json.loads, (data / "doc_dates.jsonl").read_text().splitlines())}
    stored = {doc_id_of(d.source): d.date for d in assistant.documents()}
    per_fmt: dict[str, list[bool]] = defaultdict(list)
    for doc_id, r in truth.items():
        got = stored_day(stored.get(doc_id))
        ok = got == r["date"] if r["carries_date"] else stored.get(doc_id) in (None, "")
        per_fmt[r["format"]].append(ok)
    dated = [ok for f, oks in per_fmt.items() if f != "undated" for ok in oks]
    return {"dated_docs_correct": sum(dated) / len(dated), "dated_docs": len(dated),
            "undated_left_undated": (sum(per_fmt["undated"]) / len(per_fmt["undated"])) if per_fmt["undated"]
            else None,
            "per_format": {f: round(sum(o) / len(o), 3) for f, o in sorted(per_fmt.items())},
            "missing": sorted(set(truth) - set(stored))[:5]}


def by_type(ds, results) -> dict[str, dict]:
    """Per question type: hit@1, hit@5, recall@5 (share of gold found), contains, refusal rate."""
    from rag.eval.metrics import aggregate

    types = {q.id: q.extra.get("type", "?") for q in ds.items}
    groups: dict[str, list] = defaultdict(list)
    for r in results:
        groups[types[r.id]].append(r)
        groups["all"].append(r)
    out = {}
    for t, rs in groups.items():
        m = aggregate([r.score() for r in rs])
        out[t] = {"n": len(rs), "hit@1": m.hit.get(1), "hit@5": m.hit.get(5), "recall@5": m.recall.get(5),
                  "contains": m.contains, "refused": (m.refusal_rate_unanswerable if t == "unanswerable"
                                                      else m.refusal_rate_answerable)}
    return out


def run(args) -> dict:
    from rag import Assistant
    from rag.eval.dataset import load_dataset
    from rag.eval.runner import run_eval

    ds = load_dataset(args.dataset, args.limit)
    if args.no_today:
        for q in ds.items:
            q.question_date = None
    out: dict = {"dataset": str(args.dataset), "questions": len(ds.items), "documents": len(ds.doc_ids),
                 "types": dict(Counter(q.extra.get("type") for q in ds.items)), "no_today": args.no_today}
    data_dir = Path(args.data_dir or tempfile.mkdtemp(prefix="news-eval-"))
    a = Assistant(data_dir=data_dir, answerer="extractive")
    t0 = time.perf_counter()
    rep = run_eval(ds, a, progress=sys.stderr.isatty())
    out["extractive"] = by_type(ds, rep.results)
    out["extractive_seconds"] = round(time.perf_counter() - t0, 1)
    out["ingest_failed"] = rep.ingest_failed
    out["dates"] = date_accuracy(a, Path(args.dataset))
    if args.local_every:
        from dataclasses import replace

        sl = replace(ds, items=ds.items[::args.local_every])  # a fixed slice spread over the whole set
        loc = Assistant(data_dir=data_dir, answerer="local", embedder=a.embedder)
        t0 = time.perf_counter()
        rep_l = run_eval(sl, loc, progress=sys.stderr.isatty())
        out["local"] = by_type(sl, rep_l.results)
        out["local_every"] = args.local_every
        out["local_seconds"] = round(time.perf_counter() - t0, 1)
        # The extractive answerer on the same slice, for a like-for-like comparison.
        ids = {q.id for q in sl.items}
        out["extractive_on_local_slice"] = by_type(sl, [r for r in rep.results if r.id in ids])["all"]
    if args.anchor:
        from retrieval_vs_llamaindex import anchor

        try:
            with tempfile.TemporaryDirectory() as tmp:
                res = anchor(ds, Path(tmp), sys.stderr.isatty())
        except ImportError as e:  # the anchor's llama-index extras are optional: keep the figures measured so far
            out["anchor_error"] = f"LlamaIndex anchor not run: {e}"
        else:
            m = res["metrics"]
            out["anchor"] = {"hit@1": m.hit.get(1), "hit@5": m.hit.get(5), "recall@5": m.recall.get(5)}
    return out


def _f(x) -> str:
    return "   -" if x is None else f"{x:.3f}"


def print_report(out: dict) -> None:
    print(f"news set: {out['questions']} questions, {out['documents']} documents"
          + ("  (asked WITHOUT their dates)" if out["no_today"] else ""))
    for name in ("extractive", "local"):
        if name not in out:
            continue
        label = name if name == "extractive" else f"local LLM, every K-th question (K={out['local_every']})"
        print(f"\n{label}:")
        print(f"{'type':<15}{'n':>4}  {'recall@1':>8} {'recall@5':>8} {'contains':>8} {'refused':>8}")
        for t in ["all", *TYPES]:
            r = out[name].get(t)
            if r:
                print(f"{t:<15}{r['n']:>4}  {_f(r['hit@1']):>8} {_f(r['hit@5']):>8} {_f(r['contains']):>8} "
                      f"{_f(r['refused']):>8}")
    if "extractive_on_local_slice" in out:
        r = out["extractive_on_local_slice"]
        print(f"extractive on the same slice: contains {_f(r['contains'])}  recall@1 {_f(r['hit@1'])}")
    d = out["dates"]
    print(f"\ndate extraction: {d['dated_docs_correct']:.3f} of {d['dated_docs']} dated documents stored with their "
          f"true day; undated left undated: {_f(d['undated_left_undated'])}")
    print("  per format: " + ", ".join(f"{k} {v:.2f}" for k, v in d["per_format"].items()))
    if "anchor_error" in out:
        print("\n" + out["anchor_error"])
    if "anchor" in out:
        a = out["anchor"]
        print(f"\nLlamaIndex quickstart anchor: recall@1 {_f(a['hit@1'])}  recall@5 {_f(a['hit@5'])}")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("dataset", nargs="?", default=str(NEWS_SET))
    p.add_argument("--data-dir", help="kept store (re-runs skip unchanged documents); default: a temporary one")
    p.add_argument("--local-every", type=int, default=0, metavar="K",
                   help="also ask every K-th question with the local LLM answerer (0: skip)")
    p.add_argument("--limit", type=int, help="only the first N questions (a smoke run)")
    p.add_argument("--no-today", action="store_true", help="ask without the questions' dates")
    p.add_argument("--anchor", action="store_true", help="also score the LlamaIndex quickstart retriever")
    p.add_argument("--json", metavar="OUT", help="write all figures to this JSON file")
    args = p.parse_args(argv)
    out = run(args)
    print_report(out)
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
