"""Hostile documents generated on the spot: a .docx of empty paragraphs (the issue's 650:1 bomb), a PDF with a
huge page count, an HTML page of a million tags."""

from __future__ import annotations

import zipfile
from pathlib import Path

_CT = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/'
       'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
       'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/'
       'document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"'
       '/></Types>')
_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats'
         '.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
         'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')


def docx(path: Path, body: str) -> Path:
    """A minimal .docx python-docx opens, with ``body`` as the document body's XML."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", _CT)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("word/document.xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w='
                   '"http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>' + body
                   + "</w:body></w:document>")
    return path


def paragraph(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def docx_bomb(path: Path, paragraphs: int = 7_000_000) -> Path:
    """Empty paragraphs: 7 million unpack to 42 MB from ~60 kB (the issue's file: 77 kB, 145 s of CPU, 3 GB)."""
    return docx(path, "<w:p/>" * paragraphs)


def pdf_pages(path: Path, pages: int) -> Path:
    from pypdf import PdfWriter

    w = PdfWriter()
    for _ in range(pages):
        w.add_blank_page(72, 72)
    with path.open("wb") as f:
        w.write(f)
    return path


def html_bomb(path: Path, tags: int = 1_000_000) -> Path:
    path.write_text("<html><body>" + "<b>x</b>" * tags + "</body></html>", encoding="utf-8")
    return path
