"""Calibrate the refusal gate (Settings.refusal_threshold, rag/answer/refusal.py) on the two shared dev sets.

Answerable: squad_v1_dev questions against the squad corpus (and hotpot questions against the hotpot corpus,
reported as a check). Nothing relevant: squad questions against the hotpot corpus, hotpot questions against the
squad corpus. The gate's signal is what ``Assistant.ask`` uses: the best dense cosine among the passages a
search returns. The chosen threshold is the highest 0.01 step that refuses at most --max-false (2%) of the
squad answerable questions.

    python -m bench.calibrate_refusal [--squad-dir DIR --hotpot-dir DIR]   # data dirs are kept if given
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import tempfile
from pathlib import Path

from bench import harness
from bench.harness import SHARED_EVAL
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")



def best_cosines(assistant, questions, desc: str) -> list[float]:
    from tqdm.auto import tqdm

    from rag.answer.refusal import relevance

    return [relevance(assistant.search(q)) for q in tqdm(questions, desc=desc, disable=not sys.stderr.isatty())]


def rate_below(values, t) -> float:
    return sum(v < t for v in values) / len(values)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--squad", default=str(SHARED_EVAL / "squad_v1_dev"))
    ap.add_argument("--hotpot", default=str(SHARED_EVAL / "hotpotqa_distractor_100"))
    ap.add_argument("--squad-dir", help="data dir for the squad corpus (kept; re-runs skip unchanged docs)")
    ap.add_argument("--hotpot-dir", help="data dir for the hotpot corpus")
    ap.add_argument("--every", type=int, default=1, help="use every K-th squad question (faster on a busy machine)")
    ap.add_argument("--max-false", type=float, default=0.02, help="allowed false refusals of answerable questions")
    args = ap.parse_args()
    from rag import Assistant
    from rag.eval.dataset import load_dataset
    from rag.settings import AnswerSettings

    squad, hotpot = load_dataset(args.squad, every=args.every), load_dataset(args.hotpot)
    emb = harness.embedder()
    with tempfile.TemporaryDirectory(prefix="bench-refusal-") as tmp:
        sa = Assistant(data_dir=args.squad_dir or Path(tmp) / "squad", embedder=emb)
        ha = Assistant(data_dir=args.hotpot_dir or Path(tmp) / "hotpot", embedder=emb)
        sa.ingest([squad.docs_dir], prune=True)
        ha.ingest([hotpot.docs_dir], prune=True)
        sq = [q.question for q in squad.items]
        hq = [q.question for q in hotpot.items]
        s_in = best_cosines(sa, sq, "squad→squad")
        h_in = best_cosines(ha, hq, "hotpot→hotpot")
        s_out = best_cosines(ha, sq, "squad→hotpot")
        h_out = best_cosines(sa, hq, "hotpot→squad")

    grid = [i / 100 for i in range(0, 100)]
    ok = [t for t in grid if rate_below(s_in, t) <= args.max_false]
    chosen = max(ok) if ok else 0.0
    current = AnswerSettings.model_fields["refusal_threshold"].default
    print(f"{len(sq)} squad and {len(hq)} hotpot questions")
    print(f"best dense cosine: squad→squad p2 {sorted(s_in)[math.floor(0.02 * len(s_in))]:.3f} "
          f"median {sorted(s_in)[len(s_in) // 2]:.3f}; squad→hotpot median {sorted(s_out)[len(s_out) // 2]:.3f}; "
          f"hotpot→squad median {sorted(h_out)[len(h_out) // 2]:.3f}")
    print(f"{'threshold':>10s} {'false refusals':>16s} {'(hotpot in own)':>16s} {'refused squad→hotpot':>22s} "
          f"{'refused hotpot→squad':>22s}")
    for t in sorted({0.2, 0.25, current, chosen, 0.35, 0.4, 0.45, 0.5}):
        mark = "  <- chosen" if t == chosen else ("  <- current default" if t == current else "")
        print(f"{t:10.2f} {rate_below(s_in, t):16.3f} {rate_below(h_in, t):16.3f} {rate_below(s_out, t):22.3f} "
              f"{rate_below(h_out, t):22.3f}{mark}")
    print(f"chosen threshold {chosen:.2f}: false refusals {rate_below(s_in, chosen):.1%} (squad), "
          f"{rate_below(h_in, chosen):.1%} (hotpot); refuses {rate_below(s_out, chosen):.1%} of squad questions "
          f"on the hotpot corpus and {rate_below(h_out, chosen):.1%} of hotpot questions on the squad corpus")
    return 0


if __name__ == "__main__":
    sys.exit(main())
