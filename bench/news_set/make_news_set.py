"""Write the dated news evaluation set: ``data/docs/`` (articles in several formats), ``data/qa.jsonl`` (questions
with their asking dates) and ``data/doc_dates.jsonl`` (each document's true publication date, for checking date
extraction, and the facts it states, for checking the questions).

    python -m bench.news_set.make_news_set [--out bench/news_set/data] [--seed 2025]

Deterministic for a seed. Publication dates reach the documents the ways real news carries them: Markdown front
matter ``date:`` in five formats, HTML ``article:published_time`` or JSON-LD ``datePublished``, a ``date`` field
in .jsonl feeds (one article per line, ``id`` = doc id), a dated file name only, or nowhere (undated).
"""

from __future__ import annotations

import argparse
import html
import json
import random
import shutil
from collections import Counter
from datetime import date, datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent

from .articles import Article, build_articles
from .questions import build_questions

SEED = 2025
# Share of documents per date format (the rest of the weight decides nothing else).
FORMATS = {"md_iso": 16, "md_us": 9, "md_uk": 9, "md_rfc822": 8, "md_isotime": 8, "html_meta": 11,
           "html_jsonld": 9, "jsonl": 18, "filename": 6, "undated": 6}


def _time_of(a: Article, rng: random.Random) -> datetime:
    # Daytime publication only, so the local day and the UTC day are the same day.
    return datetime(a.published.year, a.published.month, a.published.day, rng.randint(6, 17), rng.choice([0, 15, 30, 45]),
                    tzinfo=timezone.utc)


def _front_matter(a: Article, date_line: str | None) -> str:
    lines = ["---", f"title: {a.headline}"]
    if date_line is not None:
        lines.append(f"date: {date_line}")
    lines += [f"author: {a.author}", f"outlet: {a.outlet}", "---", ""]
    return "\n".join(lines) + "\n" + a.text + "\n"


def _html(a: Article, head_extra: str) -> str:
    body = "\n".join(f"    <p>{html.escape(p)}</p>" for p in a.paragraphs)
    return f"""<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{html.escape(a.headline)} | {html.escape(a.outlet)}</title>
{head_extra}</head>
<body>
  <header><nav><a href="/">Home</a> · <a href="/news">News</a> · <a href="/business">Business</a></nav></header>
  <main>
  <article>
    <h1>{html.escape(a.headline)}</h1>
    <p class="byline">By {html.escape(a.author)}, {html.escape(a.outlet)}</p>
{body}
  </article>
  </main>
  <footer><p>{html.escape(a.outlet)}. All rights reserved.</p></footer>
</body>
</html>
"""


def write_doc(a: Article, fmt: str, docs: Path, rng: random.Random, feeds: dict[str, list[dict]]) -> bool:
    """Write one article; returns whether the document carries its date."""
    t = _time_of(a, rng)
    d = a.published
    if fmt.startswith("md_"):
        line = {"md_iso": d.isoformat(), "md_us": f"{d:%b} {d.day}, {d.year}", "md_uk": f"{d.day} {d:%B %Y}",
                "md_rfc822": format_datetime(t), "md_isotime": t.strftime("%Y-%m-%dT%H:%M:%SZ")}[fmt]
        (docs / f"{a.doc_id}.md").write_text(_front_matter(a, line), encoding="utf-8")
    elif fmt == "html_meta":
        local = t.astimezone(timezone(timedelta(hours=2)))
        head = f'  <meta property="article:published_time" content="{local.isoformat()}">\n'
        (docs / f"{a.doc_id}.html").write_text(_html(a, head), encoding="utf-8")
    elif fmt == "html_jsonld":
        ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": a.headline,
              "datePublished": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "author": {"@type": "Person", "name": a.author},
              "publisher": {"@type": "Organization", "name": a.outlet}}
        head = f'  <script type="application/ld+json">{json.dumps(ld)}</script>\n'
        (docs / f"{a.doc_id}.html").write_text(_html(a, head), encoding="utf-8")
    elif fmt == "jsonl":
        date_value = rng.choice([d.isoformat(), t.strftime("%Y-%m-%dT%H:%M:%SZ"), format_datetime(t)])
        feeds.setdefault(f"wire-feed-{d:%Y-%m}", []).append(
            {"id": a.doc_id, "title": a.headline, "date": date_value, "author": a.author, "outlet": a.outlet,
             "text": a.text})
    elif fmt == "filename":
        # The date is only in the file name; the doc id is still the file stem.
        (docs / f"{a.doc_id}.md").write_text(_front_matter(a, None), encoding="utf-8")
    else:  # undated: plain text, headline first
        (docs / f"{a.doc_id}.txt").write_text(f"{a.headline}\n\n{a.text}\n", encoding="utf-8")
        return False
    return True


def assign_formats(arts: list[Article], rng: random.Random) -> dict[str, str]:
    names, weights = list(FORMATS), list(FORMATS.values())
    out = {}
    for a in arts:
        fmt = rng.choices(names, weights=weights)[0]
        if fmt == "undated" and not (a.copy_of or not a.changes):
            fmt = "md_iso"  # a reported change keeps a dated original; copies and routine updates may lack dates
        out[a.doc_id] = fmt
    return out


def generate(out: Path, seed: int = SEED) -> dict:
    rng = random.Random(seed)
    arts = build_articles(seed)
    fmts = assign_formats(arts, rng)
    renamed = {a.doc_id: f"{a.published.isoformat()}-{a.doc_id}" for a in arts if fmts[a.doc_id] == "filename"}
    for a in arts:  # a file name that carries the date
        a.doc_id = renamed.get(a.doc_id, a.doc_id)
        a.copy_of = renamed.get(a.copy_of, a.copy_of)
    fmts = {renamed.get(k, k): v for k, v in fmts.items()}
    questions = build_questions(arts, seed + 1)
    if out.exists():
        shutil.rmtree(out)
    docs = out / "docs"
    docs.mkdir(parents=True)
    feeds: dict[str, list[dict]] = {}
    table = []
    for a in arts:
        dated = write_doc(a, fmts[a.doc_id], docs, rng, feeds)
        table.append({"doc_id": a.doc_id, "date": a.published.isoformat(), "carries_date": dated,
                      "format": fmts[a.doc_id], "story": a.story, "copy_of": a.copy_of, "facts": a.facts,
                      "changes": a.changes, "recaps": [list(r) for r in a.recaps], "words": a.words})
    for name, rows in feeds.items():
        with (docs / f"{name}.jsonl").open("w", encoding="utf-8") as f:
            for r in rows:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
    with (out / "doc_dates.jsonl").open("w", encoding="utf-8") as f:
        for r in table:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    with (out / "qa.jsonl").open("w", encoding="utf-8") as f:
        for i, q in enumerate(questions, 1):
            f.write(json.dumps(q.record(f"news-{i:03d}"), ensure_ascii=False) + "\n")
    return {"articles": len(arts), "wire_copies": sum(1 for a in arts if a.copy_of),
            "formats": dict(Counter(fmts.values())), "questions": len(questions),
            "types": dict(Counter(q.type for q in questions)),
            "days": f"{min(a.published for a in arts)} .. {max(a.published for a in arts)}",
            "words": f"{min(a.words for a in arts)} .. {max(a.words for a in arts)}"}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--out", type=Path, default=HERE / "data")
    p.add_argument("--seed", type=int, default=SEED)
    args = p.parse_args(argv)
    print(json.dumps(generate(args.out, args.seed), indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
