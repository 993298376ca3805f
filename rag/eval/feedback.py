"""`rag eval --feedback`: the answers users down-voted, as a review list (text, or JSON Lines with --json).

It reads the kept conversations of RAG_DATA_DIR (or --data-dir), the store `rag serve` answers from; nothing is
asked again and no model loads.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime, timezone


def cmd_feedback(args) -> int:
    from rag.cli.common import make_assistant

    if args.dataset:
        print("rag eval: error: --feedback reads the kept conversations, not a DATASET; leave it out",
              file=sys.stderr)
        return 2
    reviews = make_assistant(args).reviews("down", owner=args.user, limit=args.limit)
    if args.json:
        for r in reviews:
            print(json.dumps(r.to_dict(), ensure_ascii=False))
    else:
        print(review_text(reviews))
    return 0


def _when(t: float) -> str:
    return datetime.fromtimestamp(t, timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def review_text(reviews) -> str:
    """One block per down-voted answer: when, who, the conversation and turn, question, answer, note, passages."""
    if not reviews:
        return "no down-voted answers"
    blocks = []
    for r in reviews:
        f = r.feedback
        who = f" by {f.owner}" if f.owner else ""
        lines = [f"{_when(f.time)}{who}: conversation {f.conversation_id} ({r.title}), turn {f.turn}",
                 f"  question: {r.question}",
                 f"  answer:   {('(refused) ' if r.answer.refused else '') + r.answer.answer}",
                 f"  note:     {f.note or '-'}"]
        for c in sorted(r.answer.citations, key=lambda c: c.number):
            lines.append(f"  [{c.number}] {c.title} — {c.source}" + (f" ({c.date})" if c.date else ""))
            lines.append(f"      “{' '.join(c.highlight.split())}”")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + f"\n\n{len(reviews)} down-voted answer(s)"
