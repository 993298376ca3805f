"""OCR throughput and accuracy (issue 27), and pytesseract vs ocrmypdf on the same rendered pages.

Pages: the demo articles typeset into a text-layer PDF (fpdf2) in a few fonts and sizes, then rendered by pdfium
at 300, 150 and 72 dpi, as ingest renders a scanned page (ingest/ocr.py). Per font x dpi, in one run:

- baseline: the text-layer PDF parsed as ingest parses it (ingest.pdf.load_pdf, no OCR);
- pytesseract: the product's OCR (ingest.ocr.read_page) on each rendered page image;
- ocrmypdf: the same page images wrapped as an image-only PDF, through ``ocrmypdf.ocr`` (``--output-type pdf``,
  one job, text from its ``--sidecar``), as ingest would have to run it.

Prints pages/s of each (and OCR's slowdown against the text layer), and character accuracy: the share of the typeset
text's characters found, in order, in what came back (difflib's matching blocks, whitespace collapsed).
Tesseract gets ``OMP_THREAD_LIMIT`` (``--threads``, default 1) in both wrappers alike.

ocrmypdf is not a product dependency: ``.venv/bin/pip install ocrmypdf`` (it brings fpdf2, used here to typeset).

    PYTHONPATH=$PWD python -m bench.ocr [--pages 2] [--dpi 300 150 72] [--threads 1]
"""

from __future__ import annotations

import argparse
import difflib
import os
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.harness import DEMO_CORPUS

FONT_DIR = Path("/usr/share/fonts/truetype")
# (label, TTF file or None for a PDF core font, family, size in pt)
FONTS = [("Helvetica 10pt", None, "helvetica", 10),
         ("DejaVu Serif 11pt", FONT_DIR / "dejavu/DejaVuSerif.ttf", "dejavuserif", 11),
         ("DejaVu Sans 9pt", FONT_DIR / "dejavu/DejaVuSans.ttf", "dejavusans", 9),
         ("Liberation Mono 10pt", FONT_DIR / "liberation/LiberationMono-Regular.ttf", "liberationmono", 10)]


@dataclass
class Run:
    seconds: float
    texts: list[str]


def article_texts() -> list[str]:
    """The demo articles' paragraphs, front matter and headings left out (Latin-1 only, for the core font)."""
    out = []
    for p in sorted(DEMO_CORPUS.glob("*.md")):
        body = p.read_text(encoding="utf-8").split("---", 2)[-1]
        paras = [line.strip() for line in body.splitlines() if line.strip() and not line.startswith("#")]
        text = "\n".join(paras).replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"')
        out.append(text.replace("\u201d", '"').replace("\u2013", "-").replace("\u2014", "-"))
    return out


def typeset(font: tuple, n_pages: int) -> tuple[bytes, list[str]]:
    """A text-layer A4 PDF of ``n_pages`` pages and each page's text exactly as typeset (lines that fit)."""
    from fpdf import FPDF
    from fpdf.enums import MethodReturnValue

    _, ttf, family, size = font
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margins(20, 20)
    if ttf:
        pdf.add_font(family, fname=str(ttf))
    pdf.set_font(family, size=size)
    line_h = size * 0.3528 * 1.35  # pt to mm, 1.35 leading
    fits = int((297 - 40) / line_h)
    texts = article_texts()
    truths = []
    for i in range(n_pages):
        pdf.add_page()
        lines: list[str] = []
        body = "\n".join(texts[(i + k) % len(texts)] for k in range(len(texts)))  # a full page: articles in turn
        for para in body.split("\n"):
            lines += pdf.multi_cell(0, line_h, para, dry_run=True, output=MethodReturnValue.LINES)
        lines = lines[:fits]
        for line in lines:
            pdf.cell(0, line_h, line, new_x="LMARGIN", new_y="NEXT")
        truths.append("\n".join(lines))
    return bytes(pdf.output()), truths


def render(pdf_bytes: bytes, dpi: int) -> list:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(pdf_bytes)
    try:
        return [pdf[i].render(scale=dpi / 72).to_pil().convert("L") for i in range(len(pdf))]
    finally:
        pdf.close()


def accuracy(truth: str, got: str) -> float:
    a, b = " ".join(truth.split()), " ".join(got.split())
    matched = sum(m.size for m in difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks())
    return matched / max(len(a), 1)


def run_text_layer(path: Path) -> Run:
    from ingest.limits import ParseLimits
    from ingest.pdf import load_pdf

    t0 = time.perf_counter()
    doc = load_pdf(path, ParseLimits())
    secs = time.perf_counter() - t0
    starts = [s for s, _ in doc.pages] + [len(doc.text)]
    return Run(secs, [doc.text[a:b] for a, b in zip(starts, starts[1:])])


def run_pytesseract(images: list) -> tuple[Run, list[float]]:
    from ingest.ocr import OcrBudget, OcrLimits, read_page

    budget = OcrBudget(OcrLimits(pages=10**6, seconds=3600, min_confidence=0))
    t0 = time.perf_counter()
    pages = [read_page(im, n, budget) for n, im in enumerate(images, 1)]
    secs = time.perf_counter() - t0
    return Run(secs, [p.text if p else "" for p in pages]), [p.confidence if p else 0.0 for p in pages]


def run_ocrmypdf(images: list, dpi: int, tmp: Path) -> Run:
    import ocrmypdf

    src, out, sidecar = tmp / "scan.pdf", tmp / "ocr.pdf", tmp / "ocr.txt"
    images[0].save(src, format="PDF", resolution=dpi, save_all=True, append_images=images[1:])
    t0 = time.perf_counter()
    ocrmypdf.ocr(src, out, language=["eng"], output_type="pdf", jobs=1, optimize=0, sidecar=sidecar,
                 progress_bar=False)
    secs = time.perf_counter() - t0
    return Run(secs, sidecar.read_text(encoding="utf-8").split("\f"))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=2, help="pages per font (the demo articles typeset in turn)")
    ap.add_argument("--dpi", type=int, nargs="+", default=[300, 150, 72])
    ap.add_argument("--threads", default="1", help="OMP_THREAD_LIMIT for Tesseract, both wrappers")
    args = ap.parse_args()
    os.environ["OMP_THREAD_LIMIT"] = args.threads
    import logging

    logging.getLogger("ocrmypdf").setLevel(logging.ERROR)
    fonts = [f for f in FONTS if f[1] is None or f[1].exists()]
    totals: dict[str, list[float]] = {"text layer": [], "pytesseract": [], "ocrmypdf": []}
    accs: dict[str, list[float]] = {k: [] for k in totals}
    print(f"{'font':22} {'dpi':>4} | {'text layer p/s':>14} {'acc':>6} | {'pytesseract p/s':>15} {'acc':>6} "
          f"{'conf':>5} | {'ocrmypdf p/s':>12} {'acc':>6} | ocrmypdf/pytess time")
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        warm, _ = typeset(fonts[0], 1)  # imports and ocrmypdf's plugin set-up, outside the timings
        (tmp / "layer.pdf").write_bytes(warm)
        run_text_layer(tmp / "layer.pdf"), run_pytesseract(render(warm, 100)), run_ocrmypdf(render(warm, 100), 100, tmp)
        chars = 0
        for font in fonts:
            pdf_bytes, truths = typeset(font, args.pages)
            chars += sum(len(t) for t in truths)
            path = tmp / "layer.pdf"
            path.write_bytes(pdf_bytes)
            for dpi in args.dpi:
                images = render(pdf_bytes, dpi)
                layer = run_text_layer(path)
                tess, confs = run_pytesseract(images)
                omp = run_ocrmypdf(images, dpi, tmp)
                row = {"text layer": layer, "pytesseract": tess, "ocrmypdf": omp}
                acc = {k: statistics.mean(accuracy(t, g) for t, g in zip(truths, r.texts)) for k, r in row.items()}
                for k, r in row.items():
                    totals[k].append(r.seconds)
                    accs[k].append(acc[k])
                n = len(images)
                print(f"{font[0]:22} {dpi:>4} | {n / layer.seconds:14.1f} {acc['text layer']:6.3f} | "
                      f"{n / tess.seconds:15.2f} {acc['pytesseract']:6.3f} {statistics.mean(confs):5.1f} | "
                      f"{n / omp.seconds:12.2f} {acc['ocrmypdf']:6.3f} | {omp.seconds / tess.seconds:.2f}x",
                      flush=True)
    n_all = args.pages * len(fonts) * len(args.dpi)
    rate = {k: n_all / sum(v) for k, v in totals.items()}
    print(f"\nall {n_all} pages ({chars * len(args.dpi) / n_all:.0f} characters a page), "
          f"OMP_THREAD_LIMIT={args.threads}, {os.cpu_count()} cores:")
    for k in totals:
        print(f"  {k:12} {rate[k]:8.2f} pages/s  accuracy {statistics.mean(accs[k]):.3f}")
    print(f"  OCR (pytesseract) vs text layer: {rate['text layer'] / rate['pytesseract']:.0f}x slower; "
          f"ocrmypdf vs pytesseract: {rate['pytesseract'] / rate['ocrmypdf']:.2f}x the time")


if __name__ == "__main__":
    main()
