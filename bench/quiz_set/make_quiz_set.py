"""Write the quiz evaluation set: ``data/docs/`` (reports and roundups in several formats), ``data/qa.jsonl``
(quiz questions with their asking dates) and ``data/doc_dates.jsonl`` (each document's publication date, role and
the facts it states, for checking the questions).

    python -m bench.quiz_set.make_quiz_set [--out bench/quiz_set/data] [--seed 2026]

Deterministic for a seed. Dates reach the documents as in bench/news_set: Markdown front matter ``date:``,
HTML ``article:published_time`` or JSON-LD ``datePublished``, a ``date`` field in .jsonl feeds, or nowhere.
"""

from __future__ import annotations

import argparse
import html
import json
import random
import shutil
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent

from .articles import Doc, build_reports
from .previews import build_previews
from .questions import build_questions
from .roundups import build_roundups
from .world import build_world

SEED = 2026
FORMATS = {"md_iso": 20, "md_us": 10, "md_uk": 10, "html_meta": 14, "html_jsonld": 12, "jsonl": 30, "undated": 4}


def _front_matter(d: Doc, date_line: str | None) -> str:
    lines = ["---", f"title: {d.headline}"] + ([f"date: {date_line}"] if date_line else [])
    lines += [f"author: {d.author}", f"outlet: {d.outlet}", "---", ""]
    return "\n".join(lines) + "\n" + d.text + "\n"


def _html(d: Doc, head_extra: str) -> str:
    body = "\n".join(f"    <p>{html.escape(p)}</p>" for p in d.paragraphs)
    return (f'<!doctype html>\n<html lang="en">\n<head>\n  <meta charset="utf-8">\n'
            f"  <title>{html.escape(d.headline)} | {html.escape(d.outlet)}</title>\n{head_extra}</head>\n<body>\n"
            f"  <article>\n    <h1>{html.escape(d.headline)}</h1>\n"
            f'    <p class="byline">By {html.escape(d.author)}, {html.escape(d.outlet)}</p>\n{body}\n'
            f"  </article>\n  <footer><p>{html.escape(d.outlet)}.</p></footer>\n</body>\n</html>\n")


def write_doc(d: Doc, fmt: str, docs: Path, rng: random.Random, feeds: dict[str, list[dict]]) -> bool:
    """Write one document; returns whether it carries its date."""
    p = d.published
    t = datetime(p.year, p.month, p.day, rng.randint(6, 17), rng.choice([0, 15, 30, 45]), tzinfo=timezone.utc)
    if fmt.startswith("md_"):
        line = {"md_iso": p.isoformat(), "md_us": f"{p:%b} {p.day}, {p.year}", "md_uk": f"{p.day} {p:%B %Y}"}[fmt]
        (docs / f"{d.doc_id}.md").write_text(_front_matter(d, line), encoding="utf-8")
    elif fmt == "html_meta":
        local = t.astimezone(timezone(timedelta(hours=1)))
        head = f'  <meta property="article:published_time" content="{local.isoformat()}">\n'
        (docs / f"{d.doc_id}.html").write_text(_html(d, head), encoding="utf-8")
    elif fmt == "html_jsonld":
        ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": d.headline,
              "datePublished": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "publisher": {"@type": "Organization",
                                                                               "name": d.outlet}}
        head = f'  <script type="application/ld+json">{json.dumps(ld)}</script>\n'
        (docs / f"{d.doc_id}.html").write_text(_html(d, head), encoding="utf-8")
    elif fmt == "jsonl":
        feeds.setdefault(f"feed-{p:%Y-%m}", []).append(
            {"id": d.doc_id, "title": d.headline, "date": rng.choice([p.isoformat(), t.strftime("%Y-%m-%dT%H:%M:%SZ")]),
             "author": d.author, "outlet": d.outlet, "text": d.text})
    else:  # undated: plain text, headline first
        (docs / f"{d.doc_id}.txt").write_text(f"{d.headline}\n\n{d.text}\n", encoding="utf-8")
        return False
    return True


def assign_formats(all_docs: list[Doc], rng: random.Random) -> dict[str, str]:
    out = {}
    for d in all_docs:
        fmt = rng.choices(list(FORMATS), weights=list(FORMATS.values()))[0]
        if fmt == "undated" and d.role not in ("sibling", "wire"):
            fmt = "md_iso"  # first reports, follow-ups and roundups keep their dates; a few copies lack them
        if d.role in ("brief", "digest") and fmt == "jsonl":
            fmt = "html_meta"  # newsletters are web pages
        out[d.doc_id] = fmt
    return out


def generate(out: Path, seed: int = SEED) -> dict:
    rng = random.Random(seed)
    events = build_world(seed)
    reports, first = build_reports(events, rng)
    all_docs = sorted(reports + build_roundups(events, reports, rng), key=lambda d: (d.published, d.doc_id))
    questions = build_questions(events, all_docs, first, seed + 1)
    fmts = assign_formats(all_docs, rng)
    # Previews come last, from their own random streams: the other documents and the questions stay as they were.
    prng = random.Random(seed + 3)
    previews = build_previews(events, seed + 2)
    fmts |= assign_formats(previews, prng)
    all_docs = sorted(all_docs + previews, key=lambda d: (d.published, d.doc_id))
    if out.exists():
        shutil.rmtree(out)
    docs = out / "docs"
    docs.mkdir(parents=True)
    feeds: dict[str, list[dict]] = {}
    with (out / "doc_dates.jsonl").open("w", encoding="utf-8") as f:
        for d in all_docs:
            dated = write_doc(d, fmts[d.doc_id], docs, prng if d.role == "preview" else rng, feeds)
            f.write(json.dumps({"doc_id": d.doc_id, "date": d.published.isoformat(), "carries_date": dated,
                                "format": fmts[d.doc_id], "role": d.role, "events": d.events, "facts": d.facts,
                                "copy_of": d.copy_of, "words": d.words}, ensure_ascii=False) + "\n")
    for name, rows in feeds.items():
        with (docs / f"{name}.jsonl").open("w", encoding="utf-8") as f:
            for r in rows:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
    with (out / "qa.jsonl").open("w", encoding="utf-8") as f:
        for i, q in enumerate(questions, 1):
            f.write(json.dumps(q.record(f"quiz-{i:03d}"), ensure_ascii=False) + "\n")
    words = [d.words for d in all_docs]
    return {"documents": len(all_docs), "roles": dict(Counter(d.role for d in all_docs)), "events": len(events),
            "formats": dict(Counter(fmts.values())), "questions": len(questions),
            "types": dict(Counter(q.type for q in questions)),
            "days": f"{all_docs[0].published} .. {all_docs[-1].published}", "words": f"{min(words)} .. {max(words)}"}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--out", type=Path, default=HERE / "data")
    p.add_argument("--seed", type=int, default=SEED)
    args = p.parse_args(argv)
    print(json.dumps(generate(args.out, args.seed), indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
