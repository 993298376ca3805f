"""Write the timeline set: ``data/docs/`` (dated Markdown articles) and ``data/gold.jsonl`` (per story: its
developments with day, value and, where planted, the disagreeing value).

    python -m bench.timeline_set.make_timeline_set [--out bench/timeline_set/data] [--seed 7]

Per development: a report on its day; about half get a wire copy the same day (another outlet, a dateline, a few
words swapped); some get a second outlet's report a day or two later in other words, which gives another value for
the planted disagreements. Between developments, articles with no news (the state restated) and, in later
articles, "earlier, on 3 September, ..." recaps of older developments: a timeline must date a development by its
own report, and "what's new since" must not return a recap. Deterministic for a seed.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent

from .stories import STORIES, Dev, Story

SEED = 7
OUTLETS = ["Meridian Wire", "The Northmarch Herald", "Eastbank Chronicle", "Riverside Times", "Ledger Daily",
           "Harbourside Gazette"]
SWAPS = [("said", "stated"), ("about", "around"), ("after", "following"), ("began", "started"),
         ("on", "on"), ("raised", "increased"), ("replacing", "succeeding"), ("which", "that")]
TODAY = date(2025, 11, 20)  # asking day of the benchmark: after every story's last report


def _day(d: date) -> str:
    return d.strftime("%A")


def _fill(text: str, dev: Dev, d: date) -> str:
    return text.format(v=dev.value, day=_day(d))


def _recap(dev: Dev, story: Story) -> str:
    d = story.start + timedelta(days=dev.day)
    lead = dev.lead.format(v=dev.value, day=f"{d.day} {d:%B}")
    return "Earlier, " + lead[0].lower() + lead[1:] if not lead[:2].isupper() else "Earlier: " + lead


def _body(story: Story, done: list[Dev], rng: random.Random) -> list[str]:
    paras = []
    if done:
        told = rng.sample(done, k=min(2, len(done)))
        paras.append(" ".join(_recap(t, story) for t in sorted(told, key=lambda t: t.day)))
    paras.append(rng.choice(story.background))
    if rng.random() < 0.5:
        paras.append([b for b in story.background if b != paras[-1]][0])
    paras.append(rng.choice(story.closing))
    return paras


def _article(doc_id: str, story: Story, d: date, title: str, outlet: str, paras: list[str]) -> dict:
    return {"doc_id": doc_id, "story": story.key, "date": d.isoformat(), "title": title, "outlet": outlet,
            "text": "\n\n".join(paras)}


def _wire(a: dict, rng: random.Random, doc_id: str) -> dict:
    outlet = rng.choice([o for o in OUTLETS if o != a["outlet"]])
    text = a["text"]
    for x, y in rng.sample(SWAPS, k=3):
        text = text.replace(f" {x} ", f" {y} ", 1)
    return {**a, "doc_id": doc_id, "outlet": outlet, "text": f"({outlet}) — {text}", "copy_of": a["doc_id"]}


def build(seed: int) -> tuple[list[dict], list[dict]]:
    rng = random.Random(seed)
    arts, gold = [], []
    for story in STORIES:
        n = 0

        def new_id() -> str:
            nonlocal n
            n += 1
            return f"{story.key}-{n:02d}"

        devs = []
        for i, dev in enumerate(story.devs):
            d = story.start + timedelta(days=dev.day)
            lead = _fill(dev.lead, dev, d)
            main = _article(new_id(), story, d, lead.split(",")[0][:70], rng.choice(OUTLETS),
                            [" ".join(x for x in (lead, dev.detail) if x)] + _body(story, story.devs[:i], rng))
            arts.append(main)
            ids = [main["doc_id"]]
            if rng.random() < 0.5:
                arts.append(_wire(main, rng, new_id()))
                ids.append(arts[-1]["doc_id"])
            second = None
            if dev.second:
                d2 = d + timedelta(days=rng.choice([1, 2]))
                text = _fill(dev.second, dev, d2)
                arts.append(_article(new_id(), story, d2, text.split(",")[0][:70],
                                     rng.choice([o for o in OUTLETS if o != main["outlet"]]),
                                     [text] + _body(story, story.devs[:i], rng)[1:]))
                second = arts[-1]["doc_id"]
            devs.append({"day": d.isoformat(), "value": dev.value, "other": dev.other or None, "docs": ids,
                         "second": second})
        for q, text in enumerate(story.quiet):  # no-news articles between developments
            i = 3 + 4 * q
            d = story.start + timedelta(days=story.devs[i].day + 2)
            arts.append(_article(new_id(), story, d, text.format(day=_day(d)).split(" on ")[0][:70],
                                 rng.choice(OUTLETS), [text.format(day=_day(d))] + _body(story, story.devs[:i + 1], rng)))
        # "what's new since": after the sixth development's day, only the last four are new
        cut = story.start + timedelta(days=story.devs[5].day)
        gold.append({"story": story.key, "topic": story.topic, "developments": devs, "since": cut.isoformat(),
                     "new_after_since": [x["value"] for x in devs[6:]], "today": TODAY.isoformat()})
    return arts, gold


def write(out: Path, seed: int = SEED) -> dict:
    arts, gold = build(seed)
    if out.exists():
        shutil.rmtree(out)
    docs = out / "docs"
    docs.mkdir(parents=True)
    for a in arts:
        head = f"---\ntitle: {a['title']}\ndate: {a['date']}\nauthor: {a['outlet']}\n---\n\n"
        (docs / f"{a['doc_id']}.md").write_text(head + a["text"] + "\n", encoding="utf-8")
    with (out / "gold.jsonl").open("w", encoding="utf-8") as f:
        for g in gold:
            f.write(json.dumps(g, ensure_ascii=False) + "\n")
    return {"articles": len(arts), "wire_copies": sum(1 for a in arts if a.get("copy_of")),
            "stories": len(gold), "developments": sum(len(g["developments"]) for g in gold),
            "disagreements": sum(1 for g in gold for x in g["developments"] if x["other"])}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--out", type=Path, default=HERE / "data")
    p.add_argument("--seed", type=int, default=SEED)
    args = p.parse_args(argv)
    print(json.dumps(write(args.out, args.seed)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
