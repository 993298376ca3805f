"""Old vs new in one run: `rag eval` on a dataset with the code of a baseline commit and with this tree.

The baseline tree is exported with `git archive` (no checkout is touched) and each side runs `rag eval --json`
in its own process, on its own kept store (old and new code store dates differently), so both sides see the
same questions, the same asking dates (``question_date``, honoured by both) and the same machine load.

    # news set, extractive answers on every question (the goal: recall@1 >= 0.85, contains >= 0.80)
    OMP_NUM_THREADS=1 flock /tmp/heavy.lock python -m bench.news_time --baseline e2f0594
    # local LLM on every 8th question
    OMP_NUM_THREADS=1 flock /tmp/heavy.lock python -m bench.news_time --baseline e2f0594 --answerer local --every 8
    # squad / hotpot must not move (retrieval only; an undated store is the same for both sides)
    OMP_NUM_THREADS=1 flock /tmp/heavy.lock python -m bench.news_time --baseline e2f0594 \\
        --dataset ../shared/eval/squad_v1_dev --no-answer --one-store
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from bench.harness import ROOT



def export(ref: str, into: Path) -> Path:
    """The tree of ``ref`` under ``into`` (git archive: the working checkout is not touched)."""
    into.mkdir(parents=True, exist_ok=True)
    tar = into / "tree.tar"
    with tar.open("wb") as f:
        subprocess.run(["git", "-C", str(ROOT), "archive", ref], stdout=f, check=True)
    with tarfile.open(tar) as t:
        t.extractall(into / "tree", filter="data")
    tar.unlink()
    return into / "tree"


def commit_of(ref: str) -> str:
    return subprocess.run(["git", "-C", str(ROOT), "rev-parse", ref], capture_output=True, text=True,
                          check=True).stdout.strip()


def cached_eval(ref: str, tree_of, dataset: Path, data_dir: Path, args) -> dict:
    """One side's ``rag eval --json``, kept beside its store per commit and arguments.

    Quality figures of one commit on one data set are deterministic, so a long baseline (the local model on two
    sets is ~40 min on 2 cores) runs once; its timings then come from that earlier run (said on stderr).
    """
    key = f"{commit_of(ref)[:12]}-{args.answerer}-every{args.every}{'-noanswer' if args.no_answer else ''}"
    cache = data_dir / f"eval-{key}.json"
    if cache.exists() and not args.fresh:
        print(f"  {ref}: result of an earlier run ({cache}; --fresh re-runs it)", file=sys.stderr, flush=True)
        return json.loads(cache.read_text())
    result = run_eval(tree_of(), dataset, data_dir, args)
    data_dir.mkdir(parents=True, exist_ok=True)
    cache.write_text(json.dumps(result))
    return result


def run_eval(tree: Path, dataset: Path, data_dir: Path, args) -> dict:
    cli = "rag.cli.main" if (tree / "rag" / "cli" / "main.py").exists() else "rag.cli"  # before da9d7f7: rag/cli.py
    cmd = [sys.executable, "-m", cli, "eval", str(dataset), "--json", "--data-dir", str(data_dir),
           "--answerer", args.answerer, "--every", str(args.every)]
    if args.no_answer:
        cmd.append("--no-answer")
    env = {**os.environ, "PYTHONPATH": str(tree)}
    out = subprocess.run(cmd, cwd=tree, env=env, capture_output=True, text=True)
    if out.returncode not in (0, 1):
        sys.exit(f"eval failed in {tree}:\n{out.stderr[-3000:]}")
    lines = out.stdout.strip().splitlines()
    if not lines:
        sys.exit(f"eval printed nothing in {tree}:\n{out.stderr[-3000:]}")
    return json.loads(lines[-1])


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--baseline", required=True, help="git ref of the old code (e.g. main before the change)")
    p.add_argument("--new", default="HEAD", help="git ref of the new code (default: HEAD; commit first)")
    p.add_argument("--dataset", default=str(ROOT / "bench" / "news_set" / "data"))
    p.add_argument("--answerer", default="extractive", choices=["extractive", "local"])
    p.add_argument("--every", type=int, default=1)
    p.add_argument("--no-answer", action="store_true")
    p.add_argument("--store", default=str(Path(tempfile.gettempdir()) / "news-time-bench"),
                   help="kept stores (re-runs skip unchanged documents)")
    p.add_argument("--one-store", action="store_true",
                   help="both sides share one store (only for sets without dates, stored alike by both)")
    p.add_argument("--fresh", action="store_true", help="re-run a side even when its commit's result is kept")
    args = p.parse_args()

    dataset = Path(args.dataset).resolve()
    # bench/news_set/data and bench/quiz_set/data: name the store after the set, not its "data" folder.
    store = Path(args.store) / (dataset.parent.name if dataset.name == "data" else dataset.name)
    with tempfile.TemporaryDirectory(prefix="baseline-") as tmp:
        sides = {}
        for name, ref in (("old", args.baseline), ("new", args.new)):
            data_dir = store / ("shared" if args.one_store else name)
            print(f"{name}: rag eval {dataset} at {ref}", file=sys.stderr, flush=True)
            # Each side runs from an export, so editing the checkout during a long run changes nothing.
            sides[name] = cached_eval(ref, lambda n=name, r=ref: export(r, Path(tmp) / n), dataset, data_dir, args)

    # hit@k (a gold document among the first k) is "recall@k" as issue 10 means it: a news question's gold lists
    # every article stating the answer (wire copies included), and any of them answers it.
    rows = [("hit@1", lambda m: m["hit"].get("@1")), ("hit@5", lambda m: m["hit"].get("@5")),
            ("recall@1", lambda m: m["recall"].get("@1")), ("recall@5", lambda m: m["recall"].get("@5")),
            ("MRR", lambda m: m.get("mrr"))]
    if not args.no_answer:
        rows += [(f"answer contains ({args.answerer})", lambda m: m.get("contains")),
                 (f"answer F1 ({args.answerer})", lambda m: m.get("f1")),
                 ("refused, answerable", lambda m: m.get("refusal_rate_answerable")),
                 ("refused, unanswerable", lambda m: m.get("refusal_rate_unanswerable"))]
    rows += [("search p50 ms", lambda m: m.get("search_p50_ms"))]
    n = sides["new"]["metrics"]["questions"]
    print(f"\n{store.name}: {n} questions (every {args.every}), old {args.baseline}, new {args.new}\n")
    print("| | old | new | new / old |\n|---|---:|---:|---:|")
    for label, get in rows:
        o, nw = get(sides["old"]["metrics"]), get(sides["new"]["metrics"])
        ratio = f"{nw / o:.2f}" if o and nw is not None else "-"
        fmt = (lambda x: "-" if x is None else (f"{x:.1f}" if "ms" in label else f"{x:.3f}"))
        print(f"| {label} | {fmt(o)} | {fmt(nw)} | {ratio} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
