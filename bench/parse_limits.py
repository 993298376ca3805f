"""Cost of the parse limits on normal files (issue 25): the same generated folder of .docx/.pdf/.html/.md news
articles parsed with the limits and the worker process (ingest/isolate.py, as ingest runs) and without them
(ingest.load.load_file in this process, limits set out of reach), alternating, in one run. Prints files/s of each
and the ratio. Parsing only: embedding, which dominates ingest, is the same either way.

    PYTHONPATH=$PWD python bench/parse_limits.py [--files 200] [--rounds 3]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from ingest.isolate import load_isolated
from ingest.limits import ParseLimits
from ingest.load import load_file
from tests.ingest.fixtures import make_docx, make_pdf
from tests.web import article_html

OFF = ParseLimits(seconds=1e9, memory_mb=1 << 20, uncompressed_mb=1e9, elements=1 << 60, pages=1 << 60)
MAX_BYTES = 20 << 20


def make_folder(root: Path, n: int) -> list[Path]:
    paths = []
    for i in range(n):
        paras = [f"Article {i}: the Port Arlen harbour authority reported {i % 17} berths closed for dredging "
                 f"this week, paragraph {j}, while the ferry to Brenne ran {j + i % 5} extra crossings." for j in range(30)]
        kind = ("docx", "pdf", "html", "md")[i % 4]
        p = root / f"a{i}.{kind}"
        if kind == "docx":
            p.write_bytes(make_docx(paras, title=f"Article {i}"))
        elif kind == "pdf":
            p.write_bytes(make_pdf(paras[:12], title=f"Article {i}"))
        elif kind == "html":
            p.write_text(article_html(f"Article {i}", "\n\n".join(paras)), encoding="utf-8")
        else:
            p.write_text(f"# Article {i}\n\n" + "\n\n".join(paras), encoding="utf-8")
        paths.append(p)
    return paths


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=200)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        paths = make_folder(Path(tmp), args.files)
        limits = ParseLimits()
        load_isolated(paths[0], MAX_BYTES, limits)  # start the worker once, as a running ingest has
        load_file(paths[0], MAX_BYTES, OFF)
        runs = {"off": [], "on": []}
        for _ in range(args.rounds):
            for name, parse in (("off", lambda p: load_file(p, MAX_BYTES, OFF)),
                                ("on", lambda p: load_isolated(p, MAX_BYTES, limits))):
                t0 = time.perf_counter()
                chars = sum(len(d.text) for p in paths for d in parse(p))
                runs[name].append(time.perf_counter() - t0)
        best = {k: min(v) for k, v in runs.items()}
        for k in ("off", "on"):
            print(f"limits {k:3}: {args.files / best[k]:7.1f} files/s (best of {args.rounds}, {chars} chars)")
        print(f"ratio on/off (throughput): {best['off'] / best['on']:.2f}")


if __name__ == "__main__":
    main()
