"""Timeline lines written by the local model vs the extracted sentences the product shows, on the timeline set.

    PYTHONPATH=. OMP_NUM_THREADS=1 python -m bench.timeline_llm_lines [--data-dir /tmp/timeline-bench] [--stories 3]

Same evidence and developments (``Assistant.timeline``); for each line the local model (Qwen2.5-Coder-1.5B through
llama.cpp, the product's ``local`` answerer) is asked for one short line from the line's cited lead sentence. Per
side: developments whose value the line still carries (recall), lines with a number or name its cited passage does
not hold (unsupported: an extracted line has none by construction), words per line, and time per timeline (the
extractive side: the whole ``a.timeline``; the model side: that plus its calls). Run bench/timeline_eval.py first
(it builds the store).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import time
from pathlib import Path

from bench.timeline_eval import SET, match_line

SYSTEM = ("Rewrite the news sentence as one short timeline entry of at most 15 words. Keep every number, name "
          "and amount exactly as written. Do not add anything. Reply with the entry only.")


def unsupported(line: str, passage: str) -> bool:
    from rag.answer.numbers import numbers_in

    if not numbers_in(line) <= numbers_in(passage):
        return True
    names = {w for w in re.findall(r"\b[A-Z][a-z]+\b", line)}
    return any(w not in passage for w in names)


class Shown:
    def __init__(self, day: str, text: str):
        self.day, self.text = day, text


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--data-dir", type=Path, default=Path("/tmp/timeline-bench"))
    p.add_argument("--stories", type=int, default=3)
    args = p.parse_args(argv)
    from rag import Assistant

    a = Assistant(data_dir=args.data_dir, answerer="local")
    llm = a.answerer.llm
    llm.chat([{"role": "user", "content": "Hi"}], max_tokens=4)  # load the model outside the timings
    golds = [json.loads(x) for x in (SET / "gold.jsonl").open(encoding="utf-8")][: args.stories]
    sides = {"extracted": {"recalled": 0, "unsupported": 0, "words": [], "s": []},
             "local model": {"recalled": 0, "unsupported": 0, "words": [], "s": []}}
    devs = 0
    for g in golds:
        t = time.perf_counter()
        tl = a.timeline(g["topic"], today=g["today"])
        base = time.perf_counter() - t
        written = []
        t = time.perf_counter()
        for line in tl.lines:
            c = line.citations[0]
            reply = llm.chat([{"role": "system", "content": SYSTEM}, {"role": "user", "content": c.highlight}],
                             max_tokens=40, temperature=0.0)
            written.append(Shown(line.day, reply.strip().splitlines()[0] if reply.strip() else ""))
        model_s = time.perf_counter() - t
        devs += len(g["developments"])
        for name, lines, secs in (("extracted", tl.lines, base), ("local model", written, base + model_s)):
            side = sides[name]
            side["recalled"] += len(match_line(lines, g["developments"]))
            side["unsupported"] += sum(unsupported(x.text, orig.citations[0].text) for x, orig in zip(lines, tl.lines))
            side["words"] += [len(re.sub(r"\[\d+\]", "", x.text).split()) for x in lines]
            side["s"].append(secs)
        for orig, new in zip(tl.lines[:3], written[:3]):
            print(f"  {orig.day}: {orig.citations[0].highlight}\n        -> {new.text}")
    for name, side in sides.items():
        print(json.dumps({"side": name, "developments": devs, "recalled": side["recalled"],
                          "unsupported_lines": side["unsupported"], "lines": len(side["words"]),
                          "words_per_line": round(statistics.mean(side["words"]), 1),
                          "s_per_timeline_median": round(statistics.median(side["s"]), 2)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
