"""Limits on parsing one file, so that one hostile file fails alone, with its reason, and the process lives on.

Two layers. Cheap checks before the parser runs (a .docx's declared and real uncompressed size and its element
count, a PDF's page count, an HTML page's element count) refuse bombs in milliseconds: a 77 kB .docx of empty
paragraphs took 145 s of CPU and 3 GB in python-docx. Whatever slips past them is parsed in a worker process
(ingest/isolate.py) under a memory cap (RLIMIT_AS) and a time limit per file: over either, the worker is killed
and restarted, the file is refused, the batch goes on.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ingest.ocr import OcrLimits


class LimitExceeded(Exception):
    """A file over a parse limit; the message names the limit, the figure, and the setting that raises it."""


@dataclass(frozen=True)
class ParseLimits:
    """Per-file parse limits (``RAG_PARSE_*`` settings, rag/settings/groups.py).

    Defaults sit far above real documents: the largest .docx of the test corpora unpacks to 2 MB with 4,000
    elements, a long report PDF has a few hundred pages, a news page 5,000 HTML elements.
    """

    seconds: float = 60.0  # wall time of one file's parse in the worker
    memory_mb: int = 2048  # address space of the worker (its imports take ~300 MB)
    uncompressed_mb: float = 200.0  # all members of a .docx, declared and as really read
    elements: int = 500_000  # XML elements of a .docx body, tags of an HTML page
    pages: int = 5_000  # pages of a PDF
    ocr: OcrLimits = OcrLimits()  # scanned pages and images (ingest/ocr.py); their seconds come on top of ``seconds``


_ELEMENT = re.compile(rb"<[A-Za-z]")
_HTML_TAG = re.compile(r"<[A-Za-z]")
_CHUNK = 1 << 20


def check_docx(path: Path, limits: ParseLimits) -> None:
    """Refuse a .docx whose members unpack past ``uncompressed_mb`` or whose body has over ``elements`` elements.

    The sizes a zip declares can lie, so the body is also counted while really unpacked, stopping at the cap.
    A file that is not a zip is left to the parser (it reports that more clearly).
    """
    cap = int(limits.uncompressed_mb * 1e6)
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        return
    with zf:
        declared = sum(i.file_size for i in zf.infolist())
        if declared > cap:
            raise LimitExceeded(f"unpacks to {declared / 1e6:.0f} MB, over the {limits.uncompressed_mb:g} MB "
                                "limit for a document's contents (RAG_PARSE_MAX_UNCOMPRESSED_MB)")
        try:
            body = zf.open("word/document.xml")
        except KeyError:
            return
        seen = elements = 0
        tail = b""
        with body:
            while chunk := body.read(_CHUNK):
                seen += len(chunk)
                if seen > cap:
                    raise LimitExceeded(f"its body unpacks past the {limits.uncompressed_mb:g} MB limit "
                                        "(RAG_PARSE_MAX_UNCOMPRESSED_MB)")
                data = tail + chunk
                elements += len(_ELEMENT.findall(data)) - len(_ELEMENT.findall(tail))
                tail = data[-1:]
                if elements > limits.elements:
                    raise LimitExceeded(_too_many(limits.elements))


def check_html(raw: str, limits: ParseLimits) -> None:
    """Refuse an HTML page with more than ``elements`` tags (the extractor's time grows with them)."""
    n = len(_HTML_TAG.findall(raw))
    if n > limits.elements:
        raise LimitExceeded(_too_many(limits.elements, n))


def check_pages(n: int, limits: ParseLimits) -> None:
    if n > limits.pages:
        raise LimitExceeded(f"PDF has {n:,} pages, over the {limits.pages:,} page limit (RAG_PARSE_MAX_PAGES)")


def _too_many(limit: int, n: int | None = None) -> str:
    count = f"{n:,} elements" if n is not None else "more elements than allowed"
    return f"document has {count}, over the {limit:,} element limit (RAG_PARSE_MAX_ELEMENTS)"
