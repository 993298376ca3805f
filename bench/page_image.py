"""Cost of one page image for the browser's source panel (issue 27): ``ingest.pdf.page_image`` (pypdfium2 render
900 px wide, WebP q70) against the same render sent as PNG, in one run.

Pages: a text-layer page (tests' ``make_pdf``) and a scanned page (a 1700x2200 text image, no text layer).

    PYTHONPATH=$PWD python -m bench.page_image [--rounds 20]
"""

from __future__ import annotations

import argparse
import io
import statistics
import tempfile
import time
from pathlib import Path


def _png(path: Path, page: int, width: int) -> bytes:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(path))
    try:
        pg = pdf[page - 1]
        buf = io.BytesIO()
        pg.render(scale=width / pg.get_width()).to_pil().convert("RGB").save(buf, "PNG")
        return buf.getvalue()
    finally:
        pdf.close()


def _time(fn, rounds: int) -> tuple[float, int]:
    times, size = [], 0
    for _ in range(rounds):
        t = time.perf_counter()
        size = len(fn())
        times.append(time.perf_counter() - t)
    return statistics.median(times), size


def main() -> None:
    from ingest.pdf import PAGE_IMAGE_WIDTH, page_image
    from tests.ingest.fixtures import make_pdf, make_scanned_pdf

    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=20)
    args = ap.parse_args()
    lines = ["The Vellmar bridge toll will rise to four crowns in May."] * 40
    with tempfile.TemporaryDirectory() as tmp:
        pages = {"text-layer page": Path(tmp, "text.pdf"), "scanned page": Path(tmp, "scan.pdf")}
        pages["text-layer page"].write_bytes(make_pdf(lines))
        pages["scanned page"].write_bytes(make_scanned_pdf([lines[:30]]))
        print(f"| {args.rounds} rounds, median | WebP ms | WebP bytes | PNG ms | PNG bytes | bytes vs PNG |")
        print("|---|---:|---:|---:|---:|---:|")
        for label, path in pages.items():
            w_t, w_b = _time(lambda: page_image(path, 1), args.rounds)
            p_t, p_b = _time(lambda: _png(path, 1, PAGE_IMAGE_WIDTH), args.rounds)
            print(f"| {label} | {w_t * 1000:.0f} | {w_b:,} | {p_t * 1000:.0f} | {p_b:,} | {w_b / p_b:.2f} |")


if __name__ == "__main__":
    main()
