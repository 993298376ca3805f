"""Reading scanned pages: Tesseract (Debian's ``tesseract-ocr``) through pytesseract, PDF pages rendered by pdfium.

pytesseract over ocrmypdf (bench/ocr.py, bench/README.md): on the same rendered pages both run the same Tesseract,
so accuracy is the same (99.4 vs 99.3 % of the characters over 24 pages at 72-300 dpi), but ocrmypdf takes 1.20x
the time (it writes a new PDF per file; 0.80 vs 0.67 pages/s) and reports no word confidences, which the per-file
result and the confidence floor need; pytesseract's ``image_to_data`` gives each word's confidence. Runs inside the parse worker (ingest/isolate.py): Tesseract is its child process, under the
worker's memory cap, and each call gets the file's remaining OCR seconds as its timeout.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from ingest.documents import LoadError, SourceDocument, join_pages

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff"}
# 300 dpi is Tesseract's own advice for scans; a rendered A4 page is then 2480 x 3508 pixels. On clean renders
# 150 dpi reads as well at 1.3x the speed, but 72 dpi loses 1-4 % of the characters (bench/ocr.py): a real scan
# has noise a render lacks, so the advice stands.
RENDER_DPI = 300


class OcrError(Exception):
    """A page OCR cannot read, or a file over an OCR cap; the message is the reason shown to the user."""


@dataclass(frozen=True)
class OcrLimits:
    """Caps on OCR for one file (``RAG_OCR_*`` settings, rag/settings/groups.py)."""

    pages: int = 100  # pages of one file read by OCR
    seconds: float = 300.0  # wall time of all OCR of one file
    min_confidence: float = 50.0  # mean word confidence (0-100) below which a page is refused as unreadable


@dataclass
class OcrPage:
    text: str
    confidence: float  # mean of Tesseract's word confidences, 0-100
    words: int


class OcrBudget:
    """The pages and seconds left to one file's OCR."""

    def __init__(self, limits: OcrLimits):
        self.limits = limits
        self.deadline = time.monotonic() + limits.seconds
        self.pages = 0

    def check_pages(self, n: int) -> None:
        if n > self.limits.pages:
            raise OcrError(f"{n} pages need OCR, over the {self.limits.pages} page limit for one file "
                           "(RAG_OCR_MAX_PAGES)")

    def remaining(self) -> float:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise OcrError(f"OCR took over {self.limits.seconds:g} s (RAG_OCR_TIMEOUT); the file is refused")
        return left


def read_page(image, page: int, budget: OcrBudget) -> OcrPage | None:
    """OCR one page image; None when it holds no text at all (a blank page).

    A page whose mean word confidence is under the floor is an OcrError: its text would be mostly wrong words.
    """
    import pytesseract

    budget.pages += 1
    budget.check_pages(budget.pages)
    timeout = budget.remaining()
    gray = image.convert("L")
    try:
        data = pytesseract.image_to_data(gray, lang="eng", output_type=pytesseract.Output.DICT, timeout=timeout)
    except pytesseract.TesseractNotFoundError:
        raise OcrError("Tesseract is not installed: apt-get install tesseract-ocr tesseract-ocr-eng "
                       "(`make install` does it)") from None
    except RuntimeError as e:  # pytesseract's timeout kills Tesseract and raises RuntimeError
        if "timeout" in str(e).lower():
            raise OcrError(f"OCR took over {budget.limits.seconds:g} s (RAG_OCR_TIMEOUT); the file is refused") from None
        raise OcrError(f"page {page}: Tesseract failed: {e}") from None
    except pytesseract.TesseractError as e:
        raise OcrError(f"page {page}: Tesseract failed: {e.message or e.status}") from None
    return _page_from_data(data, page, budget.limits)


def _page_from_data(data: dict, page: int, limits: OcrLimits) -> OcrPage | None:
    """Words back into lines and paragraphs (Tesseract's block/paragraph/line numbers), and their mean confidence."""
    lines: dict[tuple[int, int, int], list[str]] = {}
    confs: list[float] = []
    for i, word in enumerate(data["text"]):
        conf = float(data["conf"][i])
        if conf < 0 or not word.strip():
            continue
        confs.append(conf)
        lines.setdefault((data["block_num"][i], data["par_num"][i], data["line_num"][i]), []).append(word.strip())
    if not confs:
        return None
    mean = sum(confs) / len(confs)
    if mean < limits.min_confidence:
        raise OcrError(f"page {page}: OCR could not read it (mean word confidence {mean:.0f}, under the floor of "
                       f"{limits.min_confidence:g}, RAG_OCR_MIN_CONFIDENCE): too faint, blurred or not text")
    out: list[str] = []
    last_par = None
    for (block, par, _), words in lines.items():
        if last_par is not None and (block, par) != last_par:
            out.append("")  # a blank line between paragraphs, as in the other loaders' text
        out.append(" ".join(words))
        last_par = (block, par)
    return OcrPage("\n".join(out), mean, len(confs))


def render_pdf_page(pdf, index: int):
    """Page ``index`` (0-based) of an open ``pypdfium2.PdfDocument`` as a PIL image at RENDER_DPI."""
    return pdf[index].render(scale=RENDER_DPI / 72).to_pil()


def image_frames(path):
    """The frames of an image file (a multi-page TIFF has several), each as a PIL image."""
    from PIL import Image, ImageSequence, UnidentifiedImageError

    try:
        with Image.open(path) as im:
            for frame in ImageSequence.Iterator(im):
                yield frame.copy()
    except UnidentifiedImageError:
        raise OcrError("not a readable image (corrupt, or not the format its name says)") from None
    except Image.DecompressionBombError as e:
        raise OcrError(f"image too large to read safely: {e}") from None
    except (OSError, SyntaxError, ValueError) as e:  # Pillow's truncated/broken file errors
        raise OcrError(f"corrupt or truncated image: {e}") from None


def load_image(path, limits: OcrLimits):
    """An image file (.png, .jpg, .tiff) read by OCR; a multi-page TIFF's pages are cited by number."""
    budget = OcrBudget(limits)
    pages: list[tuple[int, str]] = []
    confs: list[tuple[float, int]] = []
    try:
        for n, frame in enumerate(image_frames(path), start=1):
            page = read_page(frame, n, budget)
            if page is not None:
                pages.append((n, page.text))
                confs.append((page.confidence, page.words))
    except OcrError as e:
        raise LoadError(str(e)) from None
    text, starts = join_pages(pages)
    if not text:
        raise LoadError("OCR found no text in the image (blank, or no printed text)")
    doc = SourceDocument(source=str(path), text=text, title=path.stem.replace("_", " ").replace("-", " ").strip(),
                         pages=starts if budget.pages > 1 else None, ocr_pages=len(confs),
                         ocr_confidence=sum(c * w for c, w in confs) / sum(w for _, w in confs))
    return doc
