"""Builders for test documents of every format, good and hostile, written in the tests' own words."""

from __future__ import annotations

import io
import os
import random
import zipfile
from pathlib import Path


def make_pdf(text_lines: list[str], title: str = "") -> bytes:
    """A minimal valid one-page PDF whose text pypdf can extract (no PDF library writes text here)."""
    content = "BT /F1 12 Tf 72 720 Td 14 TL " + " ".join(
        "(" + line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") '" for line in text_lines) + " ET"
    objs = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        f"<< /Title ({title}) >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, start=1):
        offsets.append(out.tell())
        out.write(f"{i} 0 obj\n{body}\nendobj\n".encode("latin-1"))
    xref = out.tell()
    out.write(f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode())
    for off in offsets:
        out.write(f"{off:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R /Info 6 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def make_encrypted_pdf(text_lines: list[str]) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf(text_lines))))
    writer.encrypt(user_password="secret", owner_password="owner")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def make_docx(paragraphs: list[str], title: str = "") -> bytes:
    import docx

    d = docx.Document()
    d.core_properties.title = title
    for p in paragraphs:
        d.add_paragraph(p)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def make_zip_as_docx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "not a word document")
    return buf.getvalue()


GOOD_ARTICLE = (
    "Harbor council approves new ferry line\n\n"
    "The harbor council of Port Elden voted on Monday to open a ferry line to the island of Marrow. "
    "Council chair Ines Okafor said the first boats will sail in April. "
    "The service will carry up to 300 passengers a day."
)


def write_hostile_corpus(root: Path, big_mb: int = 50) -> dict[str, str]:
    """Write every kind of bad file the ingester must survive. Returns name -> expected outcome
    ("ok", "warn" (ingested with a warning) or "fail")."""
    root.mkdir(parents=True, exist_ok=True)
    rnd = random.Random(7)
    expect: dict[str, str] = {}

    def put(name: str, data: bytes, outcome: str) -> None:
        (root / name).write_bytes(data)
        expect[name] = outcome

    put("good.txt", GOOD_ARTICLE.encode(), "ok")
    put("empty.txt", b"", "fail")
    put("whitespace.txt", b"  \n\t \n   ", "fail")
    put("random-binary.txt", bytes(rnd.getrandbits(8) for _ in range(20000)), "fail")
    put("latin1.txt", "Café owners in Málaga reported a record summer season.".encode("latin-1"), "warn")
    put("utf16.txt", "Die Brücke über den Fluss wurde im Mai eröffnet.".encode("utf-16"), "ok")
    put("invalid-utf8.txt", b"Valid start \xff\xfe\xfd then broken bytes \xc3\x28 in the middle." * 3, "warn")
    pdf = make_pdf(["The observatory recorded a bright comet in March."])
    put("truncated.pdf", pdf[: len(pdf) // 2], "fail")
    put("encrypted.pdf", make_encrypted_pdf(["Secret minutes of the board meeting."]), "fail")
    put("zip-renamed.docx", make_zip_as_docx(), "fail")
    put("all-script.html", b"<html><head><script>var a = 1;</script></head><body><script>alert(1)</script></body></html>", "fail")
    nested = "<div>" * 20000 + "Deep text about the river festival." + "</div>" * 20000
    put("deeply-nested.html", f"<html><body>{nested}</body></html>".encode(), "any")
    # One line with no sentence break, ~80 times the chunker's longest cut (max_tokens * 12 characters): 256 kB,
    # ~250 chunks to embed. 1 MB (and before it 5 MB) proved nothing more and cost a minute (minutes) of embedding.
    one_line = ("word " * (256 * 1024 // 5)).encode()
    put("one-long-line.txt", one_line, "ok")
    if big_mb:
        with open(root / "big-50mb.txt", "wb") as f:
            block = (GOOD_ARTICLE.replace("\n\n", " ") + "\n").encode()
            for _ in range(big_mb * 1024 * 1024 // len(block) + 1):
                f.write(block)
        expect["big-50mb.txt"] = "any"
    loop = root / "loop"
    loop.mkdir(exist_ok=True)
    if not (loop / "again").exists():
        os.symlink(loop, loop / "again")
    return expect


# --- scans: text rendered to an image, as a scanner would give it (no text layer) ----------------------------

def render_scan(lines: list[str], size: int = 30, width: int = 1700, height: int = 2200, font=None):
    """A white page image with ``lines`` in black, in Pillow's own scalable font (no system fonts needed)."""
    from PIL import Image, ImageDraw, ImageFont

    im = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(im)
    font = font or ImageFont.load_default(size=size)
    y = min(150, size * 2)
    for line in lines:
        draw.text((120, y), line, font=font, fill=0)
        y += int(size * 1.6)
    return im


def make_scanned_pdf(pages: list[list[str] | None], dpi: int = 200) -> bytes:
    """A PDF of page images only (no text layer); a page of None is blank paper."""
    from PIL import Image

    images = [render_scan(lines) if lines else Image.new("L", (1700, 2200), 255) for lines in pages]
    buf = io.BytesIO()
    images[0].save(buf, format="PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return buf.getvalue()


def join_pdfs(*pdfs: bytes) -> bytes:
    """The pages of several PDFs as one PDF, in order (pypdf)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for data in pdfs:
        for page in PdfReader(io.BytesIO(data)).pages:
            writer.add_page(page)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def make_png_scan(lines: list[str], size: int = 30) -> bytes:
    """A small black-and-white PNG of ``lines`` (1-bit: a few kB)."""
    from PIL import Image

    im = render_scan(lines, size=size, width=1300, height=size * 4 + int(size * 1.6) * len(lines))
    im = im.convert("1", dither=Image.Dither.NONE)
    buf = io.BytesIO()
    im.save(buf, format="PNG")
    return buf.getvalue()
