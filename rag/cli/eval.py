"""`rag eval DATASET`: parser and handler, registered by rag/cli/main.py. Imports stay inside the handler so
`rag --help` does not load torch or Chroma."""

from __future__ import annotations

import argparse
import json
import sys


def register(sub, common) -> None:
    p = sub.add_parser("eval", help="measure retrieval and answers on a dataset (docs/ + qa.jsonl); --feedback: "
                                    "review down-voted answers",
                       description="Ingest DATASET/docs into a temporary data dir (or --data-dir, kept for "
                                   "re-runs), ask every question of DATASET/qa.jsonl and report recall@k, MRR, "
                                   "answer accuracy, refusals, citation precision and latency. With --feedback (no "
                                   "DATASET): the answers users down-voted in RAG_DATA_DIR's kept conversations, "
                                   "newest first, with their question, cited passages and note.")
    p.add_argument("dataset", nargs="?", help="folder with docs/ and qa.jsonl")
    p.add_argument("--feedback", action="store_true",
                   help="list down-voted answers for review instead of running a dataset (--json: JSON Lines)")
    p.add_argument("--user", help="with --feedback: only this user's ratings (default: every user's)")
    p.add_argument("--limit", type=int, help="only the first N questions (with --feedback: the newest N)")
    p.add_argument("--every", type=int, default=1, metavar="K",
                   help="only every K-th question (a fixed slice spread over the set; applied before --limit)")
    p.add_argument("--no-answer", action="store_true", help="retrieval metrics only (skip the answerer)")
    # --answerer (from the common flags) defaults to extractive here, not to RAG_ANSWERER.
    p.add_argument("--json", action="store_true", help="print one JSON object (metrics, settings, timings)")
    p.add_argument("--report", metavar="DIR", help="write report.json, results.jsonl and eval.png to DIR")
    p.add_argument("--chunk-size", type=int, help="max word pieces per chunk (RAG_CHUNK_SIZE)")
    p.add_argument("--chunk-overlap", type=int, help="overlap in word pieces (RAG_CHUNK_OVERLAP)")
    p.add_argument("--min-recall5", type=float, metavar="X", help="exit 1 when recall@5 is below X (CI gate)")
    p.add_argument("--min-contains", type=float, metavar="Y",
                   help="exit 1 when the share of answers containing a gold answer is below Y (CI gate)")
    common(p)
    p.set_defaults(handler=cmd_eval)


def cmd_eval(args: argparse.Namespace) -> int:
    if args.feedback:
        from rag.eval.feedback import cmd_feedback

        return cmd_feedback(args)
    if not args.dataset:
        print("rag eval: error: name a DATASET folder (docs/ and qa.jsonl), or pass --feedback", file=sys.stderr)
        return 2
    from rag.cli.common import setting_overrides
    from rag.eval.dataset import load_dataset
    from rag.eval.runner import data_dir_for, run_eval

    ds = load_dataset(args.dataset, args.limit, args.every)
    overrides = setting_overrides(args, skip=("data_dir",))
    # Extractive unless asked: a local LLM on every question of a dataset takes hours on a CPU.
    overrides["answerer"] = overrides.get("answerer") or "extractive"
    from rag.assistant import Assistant

    with data_dir_for(args.data_dir) as data_dir:
        # The eval never touches RAG_DATA_DIR: a temporary store unless --data-dir names one.
        a = Assistant(data_dir=data_dir, **overrides)
        report = run_eval(ds, a, answer=not args.no_answer, progress=sys.stderr.isatty())
    if args.report:
        from rag.eval.report import write_report

        paths = write_report(report, args.report)
        print(f"report written: {', '.join(str(p) for p in paths.values())}", file=sys.stderr)
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False))
    else:
        print(summary(report))
    return _gate(report, args.min_recall5, args.min_contains)


def _gate(report, min_recall5: float | None, min_contains: float | None) -> int:
    m, failures = report.metrics, []
    if min_recall5 is not None and m.recall.get(5, 0.0) < min_recall5:
        failures.append(f"recall@5 {m.recall.get(5, 0.0):.3f} < {min_recall5}")
    if min_contains is not None and (m.contains or 0.0) < min_contains:
        failures.append(f"answer contains {m.contains or 0.0:.3f} < {min_contains}")
    for f in failures:
        print(f"rag eval: quality gate failed: {f}", file=sys.stderr)
    return 1 if failures else 0


def _f(x, digits: int = 3) -> str:
    return "-" if x is None else f"{x:.{digits}f}"


def summary(report) -> str:
    m = report.metrics
    lines = [
        f"{report.dataset}: {m.questions} questions ({m.unanswerable} unanswerable), {report.documents} docs, "
        f"{report.chunks} chunks; ingest {report.ingest_seconds:.1f}s",
        "retrieval  " + "  ".join(f"recall@{k} {_f(v)}" for k, v in m.recall.items()) + f"  MRR {_f(m.mrr)}",
    ]
    if report.answerer:
        lines.append(f"answers ({report.answerer})  EM {_f(m.exact_match)}  F1 {_f(m.f1)}  "
                     f"contains {_f(m.contains)}  citation precision {_f(m.citation_precision)}")
        lines.append(f"refusals  answerable {_f(m.refusal_rate_answerable)}  "
                     f"unanswerable {_f(m.refusal_rate_unanswerable)}")
    lines.append(f"latency ms  search p50 {_f(m.search_p50_ms, 1)} p95 {_f(m.search_p95_ms, 1)}"
                 + (f"  ask p50 {_f(m.ask_p50_ms, 1)} p95 {_f(m.ask_p95_ms, 1)}" if m.ask_p50_ms is not None else ""))
    if report.ingest_failed:
        lines.append(f"ingest failures: {len(report.ingest_failed)} (first: {report.ingest_failed[0]})")
    return "\n".join(lines)
