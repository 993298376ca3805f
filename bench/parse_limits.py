"""Cost of the parse limits on normal files (issue 25): the same generated folder of .docx/.pdf/.html/.md news
articles parsed with the limits and the worker process (ingest/isolate.py, as ingest runs) and without them
(ingest.load.load_file in this process, the checks made no-ops: ``limits_off``), alternating, in one run. Prints files/s of each
and the ratio, for parsing alone and for a whole ingest (parse, chunk, embed, Chroma, keyword index) of the same
folder into a fresh data dir, the two kinds alternating, best of the rounds each.

    PYTHONPATH=$PWD python -m bench.parse_limits [--files 200] [--rounds 3] [--ingest-files 120] [--ingest-rounds 2]
"""

from __future__ import annotations

import argparse
import contextlib
import tempfile
import time
from pathlib import Path

from ingest.isolate import load_isolated
from ingest.limits import ParseLimits
from ingest.load import load_file
from tests.ingest.fixtures import make_docx, make_pdf
from tests.web import article_html

from bench import harness

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


@contextlib.contextmanager
def limits_off():
    """Parsing as before the limits, while the block runs: every file in this process (ingest.isolate's loader
    swapped for the plain one) and no checks before parsing (ingest.load's check_* made no-ops)."""
    import ingest.isolate as isolate
    import ingest.load as load

    names = ("check_docx", "check_html", "check_pages")
    kept = isolate.load_isolated, {n: getattr(load, n) for n in names}
    isolate.load_isolated = lambda path, max_bytes, limits: load_file(path, max_bytes, OFF)
    for n in names:
        setattr(load, n, lambda *a: None)
    try:
        yield
    finally:
        isolate.load_isolated = kept[0]
        for n, f in kept[1].items():
            setattr(load, n, f)


def bench_ingest(n: int, rounds: int) -> None:
    """Whole ingests of ``n`` generated files into a fresh data dir, limits on (as shipped) and off."""
    from rag import Assistant

    embedder = harness.embedder()
    embedder.encode_documents(["warm-up sentence"] * 8)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        make_folder(folder, n)
        runs: dict[str, list[float]] = {"off": [], "on": []}
        chunks = 0
        for r in range(rounds):
            for name in ("off", "on"):
                a = Assistant(data_dir=Path(tmp) / f"{name}{r}", embedder=embedder, answerer="extractive")
                _ = a.store  # open Chroma before timing
                with limits_off() if name == "off" else contextlib.nullcontext():
                    t0 = time.perf_counter()
                    report = a.ingest([folder])
                    runs[name].append(time.perf_counter() - t0)
                assert len(report.added) == n and not report.failed, report.summary()
                chunks = report.chunks_embedded
        best = {k: min(v) for k, v in runs.items()}
        for k in ("off", "on"):
            print(f"ingest, limits {k:3}: {n / best[k]:6.1f} files/s, {chunks / best[k]:6.1f} chunks/s "
                  f"(best of {rounds}, {n} files, {chunks} chunks)")
        print(f"ratio on/off (ingest throughput): {best['off'] / best['on']:.2f}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=200)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--ingest-files", type=int, default=120, help="files per whole ingest (0: skip)")
    ap.add_argument("--ingest-rounds", type=int, default=2)
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
                with limits_off() if name == "off" else contextlib.nullcontext():
                    t0 = time.perf_counter()
                    chars = sum(len(d.text) for p in paths for d in parse(p))
                    runs[name].append(time.perf_counter() - t0)
        best = {k: min(v) for k, v in runs.items()}
        for k in ("off", "on"):
            print(f"limits {k:3}: {args.files / best[k]:7.1f} files/s (best of {args.rounds}, {chars} chars)")
        print(f"ratio on/off (parse throughput): {best['off'] / best['on']:.2f}")
    if args.ingest_files:
        bench_ingest(args.ingest_files, args.ingest_rounds)


if __name__ == "__main__":
    main()
