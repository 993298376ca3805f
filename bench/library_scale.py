"""The document library at scale: ms per page from the document table vs the old listing from Chroma metadata.

For stores of --sizes documents (default 1k, 10k, 100k) it writes synthetic document records, one chunk each,
straight into the index tables (no embedding: the bench measures listing, not ingesting):
- new: ``KeywordIndex.library_page`` (rag/index/library.py), the query behind ``Assistant.library``, the browser's
  Documents tab and ``GET /v1/documents``: first page, a page deep in the list, a title search, a date window,
  one feed; each the median of --repeats runs, a page of 50;
- old: every document listed from Chroma's chunk metadata and sorted by title (``ChunkStore.doc_states``, what
  ``Assistant.documents()`` and the old UI table and API did), on a Chroma collection holding the same records
  with 2-dimensional vectors (listing reads metadata only), up to --baseline-max documents.

    python -m bench.library_scale [--sizes 1000 10000 100000] [--repeats 5] [--baseline-max 100000]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
from pathlib import Path
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

WORDS = ("talks ceasefire election harbour budget court storm strike summit vaccine border trade energy "
         "rail drought protest museum market bridge festival").split()
FEEDS = [f"https://news{i}.example/rss" for i in range(5)]


def records(n: int, seed: int = 7) -> list[dict]:
    from ingest.schema import chunk_metadata

    rnd = random.Random(seed)
    out = []
    for i in range(n):
        title = " ".join(rnd.choice(WORDS) for _ in range(5)).capitalize() + f" {i}"
        day = f"20{rnd.randint(15, 25)}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"
        feed = rnd.choice(FEEDS) if i % 3 == 0 else None
        url = f"https://example.org/{i}" if feed else None
        out.append(chunk_metadata(doc_id=f"d{i:07d}", fingerprint=f"f{i}", index=0, n_chunks=1, start=0, end=100,
                                  path=None if url else f"/srv/news/archive/{i}.md", url=url, title=title,
                                  date=day, author=None, feed=feed))
    return out


def fill_index(index, metas: list[dict]) -> None:
    index.upsert([m["doc_id"] + ":0" for m in metas], [""] * len(metas), metas)  # no text: the library reads none


def median_ms(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def new_figures(index, n: int, repeats: int) -> dict[str, float]:
    from rag.index.library import LibraryQuery

    cases = {
        "first page": LibraryQuery(),
        "deep page": LibraryQuery(offset=max(0, n - 100)),
        "search 'summit'": LibraryQuery(q="summit"),
        "search, page 3": LibraryQuery(q="storm strike", offset=100),
        "date window": LibraryQuery(date_from="2020-03-01", date_to="2020-05-31"),
        "one feed": LibraryQuery(feed=FEEDS[1]),
    }
    return {name: median_ms(lambda q=q: index.library_page(q), repeats) for name, q in cases.items()}


def old_figure(work: Path, metas: list[dict], repeats: int) -> float:
    from rag.settings import Settings
    from rag.index.store import ChunkStore

    store = ChunkStore(Settings(data_dir=work, collection=f"bench{len(metas)}"), "bench", 2)
    ids = [m["doc_id"] + ":0" for m in metas]
    store.upsert(ids, [[1.0, (i % 97) / 97] for i in range(len(ids))], [m["title"] for m in metas], metas)

    def listing():
        docs = store.doc_states().values()
        return sorted(docs, key=lambda d: (d.title.lower(), d.source))

    return median_ms(listing, max(1, min(repeats, 3)))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--baseline-max", type=int, default=100000)
    args = ap.parse_args()
    from rag.index.keywords import KeywordIndex

    print(f"{'documents':>9}  {'case':<16} {'new ms':>8} {'old ms':>9} {'old/new':>8}")
    for n in args.sizes:
        with tempfile.TemporaryDirectory(prefix="rag-lib-bench-") as tmp:
            work = Path(tmp)
            metas = records(n)
            index = KeywordIndex(work / "keywords.sqlite3")
            fill_index(index, metas)
            figures = new_figures(index, n, args.repeats)
            old = old_figure(work, metas, args.repeats) if n <= args.baseline_max else None
            for name, ms in figures.items():
                ratio = f"{old / ms:8.0f}" if old is not None else "       -"
                old_s = f"{old:9.0f}" if old is not None else "        -"
                print(f"{n:>9}  {name:<16} {ms:8.2f} {old_s} {ratio}")
            index.close()


if __name__ == "__main__":
    main()
