"""Scanned documents (issue 27): PDF pages without a text layer and image files are read by Tesseract, with the
real embedder and Chroma; pages carried to citations. Each scan is rendered here (tests/ingest/fixtures.py)."""

from __future__ import annotations

import pytest
from PIL import ImageFilter

from tests.ingest.fixtures import join_pdfs, make_pdf, make_png_scan, make_scanned_pdf, render_scan

TOLL = ["The Vellmar bridge toll will rise to four crowns in May.",
        "Minister Odile Brandt announced the new toll on Tuesday.",
        "The city council debated the increase for a week."]
FERRY = ["The harbour council of Port Elden opened a ferry line to Marrow.",
         "Ferry captain Ines Okafor sails the first boat in April."]


def _only(ans, name):
    assert not ans.refused and ans.citations, ans.answer
    return next(c for c in ans.citations if c.source.endswith(name))


def test_scanned_pdf_becomes_answerable_with_its_page(tmp_path, make_assistant):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "toll.pdf").write_bytes(make_scanned_pdf([TOLL]))
    a = make_assistant()
    report = a.ingest([tmp_path / "docs"])
    assert len(report.added) == 1 and not report.failed, report.to_dict()
    [ocr] = report.ocr
    assert ocr.pages == 1 and ocr.confidence > 80 and ocr.path.endswith("toll.pdf")
    ans = a.ask("Which minister announced the new toll?")
    cite = _only(ans, "toll.pdf")
    assert "Odile Brandt" in ans.answer and "Odile Brandt" in cite.highlight
    assert cite.page == 1


def test_blank_scan_fails_alone_and_the_batch_goes_on(tmp_path, make_assistant):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "blank.pdf").write_bytes(make_scanned_pdf([None]))
    (docs / "ferry.md").write_text("# Ferry\n\n" + " ".join(FERRY))
    report = make_assistant().ingest([docs])
    assert len(report.added) == 1 and not report.ocr
    [failure] = report.failed
    assert failure.path.endswith("blank.pdf") and "blank scan" in failure.reason


def test_mixed_pdf_keeps_its_text_page_and_reads_the_scanned_one(tmp_path, make_assistant):
    pdf = tmp_path / "mixed.pdf"
    pdf.write_bytes(join_pdfs(make_pdf(FERRY, title="Harbour news"), make_scanned_pdf([TOLL])))
    a = make_assistant()
    report = a.ingest([pdf])
    assert report.added and [(o.pages, o.confidence > 80) for o in report.ocr] == [(1, True)]
    text = a.document(report.added[0]).text
    assert text.startswith(" ".join(FERRY[:1]))  # page 1 as its text layer gives it, not re-read by OCR
    ferry = _only(a.ask("Who is the ferry captain of Port Elden?"), "mixed.pdf")
    toll = _only(a.ask("Which minister announced the new toll?"), "mixed.pdf")
    assert (ferry.page, toll.page) == (1, 2)
    assert "Okafor" in ferry.text and "Okafor" not in toll.text  # chunks stay within their page


def test_png_is_read_by_ocr(tmp_path, make_assistant):
    png = tmp_path / "notice.png"
    png.write_bytes(make_png_scan(FERRY))
    a = make_assistant()
    report = a.ingest([png])
    assert report.added and report.ocr[0].confidence > 80
    assert a.document(report.added[0]).text == "\n".join(FERRY)  # read word for word
    # The question's best sentence must hold the answer: for "Who is the ferry captain of Port Elden?" the
    # extractive answerer picks the "Port Elden ... ferry line" sentence from the same text typed as Markdown too.
    cite = _only(a.ask("Who sails the first ferry boat in April?"), "notice.png")
    assert "Okafor" in cite.highlight and cite.page is None  # one image: no page to name


def test_unreadable_scan_is_refused_with_its_confidence(tmp_path):
    from ingest.documents import LoadError
    from ingest.limits import ParseLimits
    from ingest.load import load_file

    blurred = tmp_path / "blurred.png"  # a blur that turns Tesseract's words to garbage (mean confidence ~37)
    render_scan(FERRY * 3).filter(ImageFilter.GaussianBlur(3.5)).save(blurred)
    with pytest.raises(LoadError, match=r"page 1: OCR could not read it \(mean word confidence \d+.*"
                                        r"RAG_OCR_MIN_CONFIDENCE"):
        load_file(blurred, 10**8, limits=ParseLimits())


def test_ocr_page_cap_refuses_before_reading(tmp_path, make_assistant):
    pdf = tmp_path / "long-scan.pdf"
    pdf.write_bytes(make_scanned_pdf([TOLL, FERRY, TOLL]))
    report = make_assistant(ocr_max_pages=2).ingest([pdf])
    [failure] = report.failed
    assert "3 pages need OCR, over the 2 page limit" in failure.reason and "RAG_OCR_MAX_PAGES" in failure.reason
