"""Answer quality per answerer on the first N questions of ../shared/eval/squad_v1_dev.

For each answerer (extractive, local LLM, …): the share of answers that contain a gold answer (SQuAD
normalisation: lower case, no punctuation, no articles, single spaces; citation markers removed first), the
refusal rate, and the median seconds per answer (retrieval included, model loading excluded: one warm-up
question is asked first and not counted).

    .venv/bin/python -m bench.answer_quality                       # extractive and local, first 100 questions
    .venv/bin/python -m bench.answer_quality --answerers extractive -n 20 --data-dir /tmp/squad-data
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import statistics
import string
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from bench import harness
from bench.harness import ROOT

DEFAULT_SET = ROOT.parent / "shared" / "eval" / "squad_v1_dev"
_MARKER = re.compile(r"\[\d{1,3}\]")


def normalize(text: str) -> str:
    text = _MARKER.sub(" ", text).lower()
    text = "".join(ch for ch in text if ch not in set(string.punctuation))
    text = re.sub(r"\b(a|an|the)\b", " ", text)
    return " ".join(text.split())


def contains_gold(answer: str, golds: list[str]) -> bool:
    a = f" {normalize(answer)} "
    return any(f" {normalize(g)} " in a for g in golds if normalize(g))


def token_f1(answer: str, golds: list[str]) -> float:
    """SQuAD's word-overlap F1 (rag.eval.metrics) with citation markers removed first: unlike ``contains_gold`` it
    does not reward a long reply for quoting more of the passage (bench/README.md, "The support check's false
    refusals")."""
    from rag.eval.metrics import token_f1 as f1

    return f1(_MARKER.sub(" ", answer), golds)


@dataclass
class Result:
    answerer: str
    questions: int
    contains_gold: float  # share of all questions
    contains_gold_answered: float  # share of the answered (not refused) ones
    refusal_rate: float
    fallbacks: int  # LLM answers replaced by the extractive one (uncitable)
    median_s: float
    p90_s: float


def run(answerer: str, questions: list[dict], data_dir: Path, embedder, log_path: Path | None) -> Result:
    from rag import Assistant

    a = Assistant(data_dir=data_dir, embedder=embedder, answerer=answerer)
    name = a.answerer_name
    if answerer != "auto" and name != answerer:
        raise SystemExit(f"asked for the {answerer} answerer, got {name}")
    a.ask(questions[0]["question"])  # warm-up: model load and prompt cache, not timed
    times, hits, refused, fallbacks, hits_answered = [], 0, 0, 0, 0
    out = open(log_path, "w") if log_path else None
    for i, q in enumerate(questions, 1):
        t = time.perf_counter()
        ans = a.ask(q["question"])
        dt = time.perf_counter() - t
        times.append(dt)
        hit = not ans.refused and contains_gold(ans.answer, q["answers"])
        hits += hit
        refused += ans.refused
        hits_answered += hit
        fallbacks += ans.answerer.endswith(">extractive")
        if out:
            out.write(json.dumps({"id": q["id"], "question": q["question"], "gold": q["answers"], "answer": ans.answer,
                                  "refused": ans.refused, "hit": hit, "seconds": round(dt, 2),
                                  "answerer": ans.answerer}) + "\n")
            out.flush()
        if i % 10 == 0:
            print(f"  {name}: {i}/{len(questions)}  contains-gold {hits / i:.2f}  refused {refused / i:.2f}  "
                  f"median {statistics.median(times):.2f}s", file=sys.stderr, flush=True)
    if out:
        out.close()
    n = len(questions)
    answered = n - refused
    return Result(name, n, hits / n, hits_answered / answered if answered else 0.0, refused / n, fallbacks,
                  statistics.median(times), sorted(times)[int(0.9 * (n - 1))])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--set", type=Path, default=DEFAULT_SET, help="folder with qa.jsonl and docs/")
    ap.add_argument("-n", type=int, default=100, help="first N questions")
    ap.add_argument("--answerers", default="extractive,local")
    ap.add_argument("--data-dir", type=Path, help="reuse an ingested store (default: a temp dir)")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out", help="per-question JSONL and summary")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")

    questions = [json.loads(line) for line in (args.set / "qa.jsonl").read_text().splitlines() if line.strip()]
    questions = questions[: args.n]

    embedder = harness.embedder()
    tmp = None
    data_dir = args.data_dir
    if data_dir is None:
        tmp = tempfile.TemporaryDirectory(prefix="rag-bench-")
        data_dir = Path(tmp.name)
    from rag import Assistant

    t = time.perf_counter()
    report = Assistant(data_dir=data_dir, embedder=embedder, answerer="extractive").ingest([args.set / "docs"])
    print(f"ingest: {report.summary()} in {time.perf_counter() - t:.1f}s", file=sys.stderr, flush=True)

    args.out.mkdir(parents=True, exist_ok=True)
    results = []
    for name in [s.strip() for s in args.answerers.split(",") if s.strip()]:
        t = time.perf_counter()
        r = run(name, questions, data_dir, embedder, args.out / f"answers-{name}.jsonl")
        print(f"{name}: done in {time.perf_counter() - t:.0f}s", file=sys.stderr, flush=True)
        results.append(r)

    print(f"\n{args.set.name}, first {len(questions)} questions")
    print(f"{'answerer':12s} {'contains gold':>13s} {'(of answered)':>13s} {'refused':>8s} {'fallbacks':>9s} "
          f"{'median s':>8s} {'p90 s':>6s}")
    for r in results:
        print(f"{r.answerer:12s} {r.contains_gold:13.2f} {r.contains_gold_answered:13.2f} {r.refusal_rate:8.2f} "
              f"{r.fallbacks:9d} {r.median_s:8.2f} {r.p90_s:6.2f}")
    (args.out / "answer_quality.json").write_text(json.dumps([asdict(r) for r in results], indent=2))
    if tmp:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
