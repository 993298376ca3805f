"""The refusal gate, both ways: answerable questions refused (false refusals) and unanswerable ones let through.

Question sets, built at run time from ../shared (nothing copied into the project):
- answerable: squad_v1_dev / hotpotqa_distractor_100 questions against their own corpus;
- unanswerable copies: the same questions with the passages that hold the answer removed: every passage of the
  question's gold documents and every passage containing a gold answer string is taken out of the retrieved list
  (retrieval asks for 20 and keeps the best 5 that remain: the corpus as if those passages were never ingested,
  up to BM25 statistics);
- unrelated: squad questions against the hotpot corpus and hotpot questions against the squad corpus.

The gate is judged alone (no model): the old one (dense cosine ≥ 0.33) against the new one (cosine, or a passage
holding all the question's names, one of them rare, or, for a question without names, its content words:
rag/answer/refusal.py), with a small grid over its two parameters.

    flock /tmp/heavy.lock .venv/bin/python -m bench.refusal_gate --squad-dir /tmp/ans/squad_v1_dev \
        --hotpot-dir /tmp/ans/hotpotqa_distractor_100 --every 4
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from bench import harness
from bench.harness import SHARED_EVAL

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")


def gate_inputs(assistant, items, *, remove_answer: bool):
    """Per question: (question, retrieved passages) as the gate sees them."""
    from bench.answer_quality import normalize

    from rag.eval.dataset import doc_id_of

    out = []
    for q in items:
        if not remove_answer:
            out.append((q.question, assistant.search(q.question)))
            continue
        golds = [normalize(g) for g in q.answers if normalize(g)]
        kept = [p for p in assistant.search(q.question, top_k=20)
                if doc_id_of(p.source) not in q.doc_ids and not any(f" {g} " in f" {normalize(p.text)} " for g in golds)]
        out.append((q.question, kept[:5]))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--squad", default=str(SHARED_EVAL / "squad_v1_dev"))
    ap.add_argument("--hotpot", default=str(SHARED_EVAL / "hotpotqa_distractor_100"))
    ap.add_argument("--squad-dir", type=Path)
    ap.add_argument("--hotpot-dir", type=Path)
    ap.add_argument("--every", type=int, default=4, help="every K-th squad question")
    ap.add_argument("--hotpot-every", type=int, default=1, help="every K-th hotpot question")
    ap.add_argument("--no-ingest", action="store_true", help="the data dirs (both given) already hold the two corpora")
    args = ap.parse_args(argv)
    if args.no_ingest and not (args.squad_dir and args.hotpot_dir):
        ap.error("--no-ingest needs --squad-dir and --hotpot-dir")  # else the gate would read two empty stores
    from rag import Assistant
    from rag.eval.dataset import load_dataset
    from rag.answer.refusal import KEYWORD_FLOOR, RARE_IDF, keyword_evidence, relevance

    squad, hotpot = load_dataset(args.squad, every=args.every), load_dataset(args.hotpot, every=args.hotpot_every)
    if args.no_ingest:
        sa = Assistant(data_dir=args.squad_dir, embedder=harness.embedder(), answerer="extractive")
        ha = Assistant(data_dir=args.hotpot_dir, embedder=harness.embedder(), answerer="extractive")
    else:
        sa = harness.store_for([squad.docs_dir], args.squad_dir, answerer="extractive")
        ha = harness.store_for([hotpot.docs_dir], args.hotpot_dir, answerer="extractive")
    sets = {
        "squad answerable": (sa, gate_inputs(sa, squad.items, remove_answer=False), True),
        "hotpot answerable": (ha, gate_inputs(ha, hotpot.items, remove_answer=False), True),
        "squad answer removed": (sa, gate_inputs(sa, squad.items, remove_answer=True), False),
        "hotpot answer removed": (ha, gate_inputs(ha, hotpot.items, remove_answer=True), False),
        "squad q. on hotpot": (ha, gate_inputs(ha, squad.items, remove_answer=False), False),
        "hotpot q. on squad": (sa, gate_inputs(sa, hotpot.items, remove_answer=False), False),
    }
    threshold = sa.settings.refusal_threshold
    floors, rares = [0.0, 0.05, KEYWORD_FLOOR, 0.15, 0.2], [0.5, RARE_IDF, 1.5, 2.5]

    def refused(a, question, passages, floor, rare, content_words=True):
        if not passages:
            return True
        best = relevance(passages)
        if best >= threshold:
            return False
        if floor is None:
            return True
        return not (best >= floor and keyword_evidence(question, passages, a.keywords.idf, rare, content_words))

    print(f"squad every {args.every}th question ({len(squad.items)}), hotpot {len(hotpot.items)}; cosine threshold "
          f"{threshold}. Rates: share refused (answerable rows: false refusals; the others: true refusals)")
    configs = [("old: cosine only", None, None, False), ("names only (before 2026-12-07)", KEYWORD_FLOOR, RARE_IDF,
                                                         False)]
    configs += [(f"new: floor {f:.2f}, rare idf {r}", f, r, True) for f in floors for r in rares]
    head = f"{'gate':32s}" + "".join(f"{k:>22s}" for k in sets)
    print(head)
    for label, f, r, words in configs:
        row = [sum(refused(a, q, ps, f, r, words) for q, ps in inputs) / max(1, len(inputs))
               for a, inputs, _ in sets.values()]
        mark = "  <- default" if (f, r, words) == (KEYWORD_FLOOR, RARE_IDF, True) else ""
        print(f"{label:32s}" + "".join(f"{v:22.3f}" for v in row) + mark)
    return 0


if __name__ == "__main__":
    sys.exit(main())
