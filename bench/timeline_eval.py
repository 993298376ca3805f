"""Timelines and "what's new since" on the timeline set (bench/timeline_set), its stories stored among the news
set's 182 articles of other stories (distractors dated over the same weeks).

    PYTHONPATH=. python -m bench.timeline_eval [--data-dir /tmp/timeline-bench] [--repeat 3]

Per story, against its gold developments (bench/timeline_set/data/gold.jsonl):
- recall: developments with a line dated on their day (or up to 2 days after) that carries their value;
- order: consecutive matched lines in the developments' order; split: developments matched by two lines;
- extra: lines matching no development (articles with no news restated, other stories);
- uncited: lines without a citation, or whose sentence is not inside the passage it cites (must be 0);
- disagreements: planted ones whose line names both values and cites both reports; false flags elsewhere;
- what's new: a conversation asks "How has <story> unfolded?" on the sixth development's day, then "What's new?"
  on the benchmark's asking day: lines dated on or before the first answer's day (must be 0), recall of the
  developments after it;
- time: each timeline's wall time (the whole timeline; its first line is available at the same moment), median
  over ``--repeat`` runs after one warm-up, and the ratio against one plain search of the same topic (the
  baseline measured in the same run).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from bench.harness import ROOT

SET = ROOT / "bench" / "timeline_set" / "data"
NEWS = ROOT / "bench" / "news_set" / "data" / "docs"
_MARK = re.compile(r"\s*\[\d+\]")


def match_line(lines, devs) -> dict[int, list[int]]:
    """Development index -> indexes of the lines that report it."""
    out: dict[int, list[int]] = {}
    for li, line in enumerate(lines):
        d = date.fromisoformat(line.day)
        for di, dev in enumerate(devs):
            day = date.fromisoformat(dev["day"])
            if day <= d <= day + timedelta(days=2) and dev["value"].lower() in line.text.lower():
                out.setdefault(di, []).append(li)
                break
    return out


def uncited(line) -> bool:
    if not line.citations:
        return True
    numbers = {c.number for c in line.citations}
    if any(int(n) not in numbers for n in re.findall(r"\[(\d+)\]", line.text)):
        return True
    sentence = _MARK.sub("", line.text.split("; another report")[0]).strip()
    return sentence not in line.citations[0].text


def score_story(tl, gold) -> dict:
    devs, lines = gold["developments"], tl.lines
    found = match_line(lines, devs)
    firsts = [min(v) for _, v in sorted(found.items())]
    pairs = list(zip(firsts, firsts[1:]))
    planted = [i for i, d in enumerate(devs) if d["other"]]
    flagged = 0
    for i in planted:
        for li in found.get(i, []):
            line = lines[li]
            docs = {c.doc_id for c in line.citations}
            if line.disagreement and devs[i]["other"].lower() in line.text.lower() and len(docs) >= 2:
                flagged += 1
                break
    matched_lines = {li for v in found.values() for li in v}
    false_flags = sum(1 for li, line in enumerate(lines) if line.disagreement
                      and not any(li in found.get(i, []) for i in planted))
    return {"developments": len(devs), "recalled": len(found), "lines": len(lines),
            "in_order": sum(1 for a, b in pairs if a < b), "pairs": len(pairs),
            "split": sum(1 for v in found.values() if len(v) > 1),
            "extra": len(lines) - len(matched_lines), "uncited": sum(1 for line in lines if uncited(line)),
            "planted": len(planted), "flagged": flagged, "false_flags": false_flags}


def whats_new(a, gold) -> dict:
    conv = a.chat(keep=False)
    cut = gold["since"]
    conv.ask(f"How has {gold['topic']} unfolded?", today=cut)
    ans = conv.ask("What's new?", today=gold["today"])
    tl = ans.timeline
    lines = tl.lines if tl is not None else []
    old = sum(1 for line in lines if line.day <= cut)
    later = [d for d in gold["developments"] if d["day"] > cut]
    found = match_line(lines, later)
    return {"new_lines": len(lines), "old_lines": old, "new_devs": len(later), "new_recalled": len(found),
            "said_nothing_new_when_empty": None}


def nothing_new(a, gold) -> bool:
    """Asked again on the same day after the full timeline: the answer says plainly nothing new has arrived."""
    conv = a.chat(keep=False)
    conv.ask(f"How has {gold['topic']} unfolded?", today=gold["today"])
    ans = conv.ask("Anything since then?", today=gold["today"])
    return (ans.timeline is not None and not ans.timeline.lines and "nothing new" in ans.answer.lower())


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--data-dir", type=Path, default=Path("/tmp/timeline-bench"))
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--show", action="store_true", help="print every timeline")
    args = p.parse_args(argv)
    from rag import Assistant

    a = Assistant(data_dir=args.data_dir, answerer="extractive")
    if a.store.count() == 0:
        print(a.ingest([SET / "docs", NEWS]).summary(), file=sys.stderr)
    golds = [json.loads(line) for line in (SET / "gold.jsonl").open(encoding="utf-8")]
    rows, times, base = [], [], []
    for g in golds:
        a.timeline(g["topic"], today=g["today"])  # warm-up
        a.search(g["topic"], today=g["today"])
        for _ in range(args.repeat):
            t = time.perf_counter()
            tl = a.timeline(g["topic"], today=g["today"])
            times.append(time.perf_counter() - t)
            t = time.perf_counter()
            a.search(g["topic"], today=g["today"])
            base.append(time.perf_counter() - t)
        if args.show:
            print(f"== {g['topic']}\n{tl.to_text()}\n")
        row = {"story": g["story"], **score_story(tl, g), **whats_new(a, g)}
        row["said_nothing_new_when_empty"] = nothing_new(a, g)
        rows.append(row)
    total = {k: sum(r[k] for r in rows) for k in rows[0] if isinstance(rows[0][k], int) and k != "story"}
    total["said_nothing_new"] = sum(1 for r in rows if r["said_nothing_new_when_empty"])
    for r in rows:
        print(json.dumps(r))
    med, mb = statistics.median(times), statistics.median(base)
    print(json.dumps({"total": total, "timeline_s_median": round(med, 3), "timeline_s_max": round(max(times), 3),
                      "search_s_median": round(mb, 3), "timeline_over_search": round(med / mb, 2)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
