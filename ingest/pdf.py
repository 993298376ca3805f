"""PDF files: each page's text layer (pypdf), and OCR (ingest/ocr.py) for the pages that have none.

The document keeps where each page starts in its text, so every chunk can cite the page it starts on.
"""

from __future__ import annotations

import logging
from pathlib import Path

from ingest.documents import LoadError, SourceDocument, join_pages
from ingest.limits import ParseLimits, check_pages
from ingest.ocr import OcrBudget, OcrError, read_page, render_pdf_page

log = logging.getLogger(__name__)


def load_pdf(path: Path, limits: ParseLimits) -> SourceDocument:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except Exception:
                ok = 0
            if not ok:
                raise LoadError("encrypted PDF: a password is required")
        check_pages(len(reader.pages), limits)
        texts = [page.extract_text() or "" for page in reader.pages]
        meta = reader.metadata or {}
    except LoadError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError) as e:
        raise LoadError(f"corrupt or truncated PDF: {e}") from e
    pages = list(enumerate(texts, start=1))
    scanned = [n for n, t in pages if not t.strip()]
    doc = SourceDocument(source=str(path), text="")
    if scanned:
        pages = _ocr_pages(path, pages, scanned, limits, doc)
    doc.text, doc.pages = join_pages(pages)
    if not doc.text:
        raise LoadError("PDF has no text: no page has a text layer and OCR found no words (a blank scan?)")
    title = (meta.get("/Title") or "").strip() if hasattr(meta, "get") else ""
    author = (meta.get("/Author") or "").strip() if hasattr(meta, "get") else ""
    created = meta.get("/CreationDate") if hasattr(meta, "get") else None
    doc.title, doc.author, doc.date = title or path.stem, author or None, str(created) if created else None
    return doc


def _ocr_pages(path: Path, pages: list[tuple[int, str]], scanned: list[int], limits: ParseLimits,
               doc: SourceDocument) -> list[tuple[int, str]]:
    """Fill in the pages without a text layer by OCR; notes OCR's page count and confidence on ``doc``.

    A page OCR cannot read (under the confidence floor) refuses the file. A page with no words at all is left out
    with a warning when other pages have text (blank separator pages are common in real PDFs); when no page has
    any, load_pdf refuses the file as a blank scan.
    """
    import pypdfium2

    budget = OcrBudget(limits.ocr)
    budget.check_pages(len(scanned))
    by_number = dict(pages)
    blank: list[int] = []
    confs: list[tuple[float, int]] = []
    try:
        pdf = pypdfium2.PdfDocument(str(path))
    except pypdfium2.PdfiumError as e:
        raise LoadError(f"cannot render the PDF's scanned pages for OCR: {e}") from None
    try:
        for n in scanned:
            try:
                image = render_pdf_page(pdf, n - 1)
                page = read_page(image, n, budget)
            except OcrError as e:
                raise LoadError(str(e)) from None
            if page is None:
                blank.append(n)
                continue
            by_number[n] = page.text
            confs.append((page.confidence, page.words))
    finally:
        pdf.close()
    if confs:
        doc.ocr_pages = len(confs)
        doc.ocr_confidence = sum(c * w for c, w in confs) / sum(w for _, w in confs)
    if blank and (confs or len(scanned) < len(pages)):
        doc.warnings.append(f"page(s) {', '.join(map(str, blank))}: blank (no text layer, OCR found no words); "
                            "left out")
    log.info("%s: OCR read %d page(s), mean word confidence %.0f", path, len(confs), doc.ocr_confidence or 0)
    return sorted(by_number.items())


PAGE_IMAGE_WIDTH = 900  # px: the source panel's width; text stays legible
PAGE_IMAGE_MAX_BYTES = 400_000  # a page heavier than this (a photo scan) is sent again at lower quality, then not


def _alnum(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def page_image(path: str | Path, page: int, expect: str | None = None, width: int = PAGE_IMAGE_WIDTH,
               max_bytes: int = PAGE_IMAGE_MAX_BYTES) -> bytes | None:
    """Page ``page`` (1-based) of the PDF at ``path`` as WebP bytes ``width`` px wide, or None (reason logged).

    None when the file is gone, is not a PDF, the page is out of range, or the image would pass ``max_bytes``.
    The store keeps no hash of the file, so ``expect`` (the cited passage) stands in: when the page has a text
    layer and ``expect``'s first letters are not on it, the file changed since ingest and None is returned rather
    than a page that does not hold the passage. WebP, not PNG: 66-79 ms and 61-90 KB a page vs 291-295 KB as PNG
(bench/page_image.py).
    """
    import io

    import pypdfium2

    path = Path(path)
    if not path.is_file():
        log.warning("page image: %s is gone", path)
        return None
    try:
        pdf = pypdfium2.PdfDocument(str(path))
    except pypdfium2.PdfiumError as e:
        log.warning("page image: %s is not a readable PDF: %s", path, e)
        return None
    try:
        if not 1 <= page <= len(pdf):
            log.warning("page image: %s has %d page(s), not page %d", path, len(pdf), page)
            return None
        pg = pdf[page - 1]
        if expect and not _on_page(pg, expect):
            log.warning("page image: page %d of %s no longer holds the cited passage (changed since ingest?)",
                        page, path)
            return None
        image = pg.render(scale=width / pg.get_width()).to_pil().convert("RGB")
    finally:
        pdf.close()
    for quality in (70, 40):
        buf = io.BytesIO()
        image.save(buf, "WEBP", quality=quality, method=4)
        if buf.tell() <= max_bytes:
            return buf.getvalue()
    log.warning("page image: page %d of %s is over %d bytes even at low quality", page, path, max_bytes)
    return None


def _on_page(pg, expect: str) -> bool:
    """Whether ``expect``'s first 40 letters and digits are on the page; True for a page with no text layer
    (OCR'd: nothing to compare cheaply)."""
    tp = pg.get_textpage()
    try:
        layer = _alnum(tp.get_text_bounded())
    finally:
        tp.close()
    return not layer or _alnum(expect)[:40] in layer
