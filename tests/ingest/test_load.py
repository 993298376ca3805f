import json

import pytest

from ingest.load import LoadError, decode_bytes, load_file, split_front_matter
from ingest.walk import walk
from tests.ingest.fixtures import make_docx, make_encrypted_pdf, make_pdf, make_zip_as_docx

MB = 10_000_000


def test_markdown_front_matter_gives_metadata(tmp_path):
    f = tmp_path / "a.md"
    f.write_text("---\ntitle: Bridge reopens\ndate: 2025-05-02\nauthor: R. Diaz\n---\n# Bridge reopens\n\nThe old bridge reopened.")
    [doc] = load_file(f, MB)
    assert (doc.title, doc.date, doc.author) == ("Bridge reopens", "2025-05-02", "R. Diaz")
    assert doc.text.startswith("# Bridge reopens") and "---" not in doc.text


def test_front_matter_absent_leaves_text_alone():
    meta, text = split_front_matter("Plain text --- with dashes")
    assert meta == {} and text == "Plain text --- with dashes"


def test_html_main_text_and_title(tmp_path):
    f = tmp_path / "page.html"
    body = " ".join(["The city library will extend its opening hours from next month, the mayor announced."] * 5)
    f.write_text(f"<html><head><title>Library hours</title><script>alert(1)</script></head>"
                 f"<body><nav>Home | About</nav><article><h1>Library hours</h1><p>{body}</p></article></body></html>")
    [doc] = load_file(f, MB)
    assert "opening hours" in doc.text
    assert "alert(1)" not in doc.text
    assert doc.title == "Library hours"


def test_pdf_text_and_title(tmp_path):
    f = tmp_path / "r.pdf"
    f.write_bytes(make_pdf(["The observatory recorded a bright comet in March."], title="Comet report"))
    [doc] = load_file(f, MB)
    assert "bright comet" in doc.text
    assert doc.title == "Comet report"


def test_docx_paragraphs_and_title(tmp_path):
    f = tmp_path / "d.docx"
    f.write_bytes(make_docx(["First paragraph about tides.", "Second paragraph about wind."], title="Coast notes"))
    [doc] = load_file(f, MB)
    assert doc.text == "First paragraph about tides.\n\nSecond paragraph about wind."
    assert doc.title == "Coast notes"


def test_jsonl_articles_with_metadata_and_bad_lines(tmp_path):
    f = tmp_path / "feed.jsonl"
    rows = [
        {"text": "Snow closed the mountain pass.", "title": "Pass closed", "url": "https://example.org/a",
         "date": "2025-01-05", "author": "K. Lee"},
        {"title": "no text here"},
        {"text": "The ferry resumed service.", "title": "Ferry back"},
    ]
    f.write_text("\n".join(json.dumps(r) for r in rows) + "\nnot json\n")
    docs = load_file(f, MB)
    assert [d.title for d in docs] == ["Pass closed", "Ferry back"]
    assert docs[0].url == "https://example.org/a" and docs[0].date == "2025-01-05" and docs[0].author == "K. Lee"
    assert docs[0].doc_id != docs[1].doc_id
    assert any("skipped 2 line(s)" in w for w in docs[0].warnings)


@pytest.mark.parametrize("name,data,reason", [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b" \n\t\n", "whitespace only"),
    ("bin.txt", bytes(range(256)) * 50, "binary"),
    ("cut.pdf", make_pdf(["Some words here."])[:150], "PDF"),
    ("locked.pdf", make_encrypted_pdf(["Hidden."]), "password"),
    ("fake.docx", make_zip_as_docx(), "not a valid .docx"),
    ("x.exe", b"MZ....", "unsupported file type"),
    ("script.html", b"<html><body><script>var x=1</script></body></html>", "no readable main text"),
])
def test_bad_files_fail_with_a_reason(tmp_path, name, data, reason):
    f = tmp_path / name
    f.write_bytes(data)
    with pytest.raises(LoadError, match=reason):
        load_file(f, MB)


def test_size_limit_names_the_setting(tmp_path):
    f = tmp_path / "big.txt"
    f.write_text("word " * 1000)
    with pytest.raises(LoadError, match="RAG_MAX_FILE_MB"):
        load_file(f, 1000)


def test_encodings():
    assert decode_bytes("Brücke".encode("utf-16"))[0] == "Brücke"
    text, warnings = decode_bytes("Café owners in Málaga reported a record summer season.".encode("latin-1"))
    assert "Café" in text and "Málaga" in text and warnings


def test_walk_is_recursive_skips_hidden_and_survives_symlink_loops(tmp_path):
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    (tmp_path / "a.txt").write_text("a")
    (tmp_path / "sub" / "deeper" / "b.md").write_text("b")
    (tmp_path / ".hidden.txt").write_text("h")
    (tmp_path / "clip.mp4").write_bytes(b"\x00\x00\x00\x18ftyp")  # an unsupported kind (.png is read by OCR now)
    (tmp_path / "sub" / "loop").symlink_to(tmp_path / "sub")
    files, problems, folders = walk([tmp_path, tmp_path / "missing.txt"])
    names = sorted(f.path.name for f in files)
    assert names == ["a.txt", "b.md"]
    assert [p.path for p in problems] == [str(tmp_path / "missing.txt")]
    assert folders == [tmp_path.resolve()]


def test_unreadable_folder_is_reported(tmp_path, monkeypatch):
    # Running as root, chmod cannot make a folder unreadable, so the OS error is injected (the one fake here).
    import os

    (tmp_path / "locked").mkdir()
    (tmp_path / "ok.txt").write_text("fine")
    real_scandir = os.scandir

    def scandir(path="."):
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    files, problems, _ = walk([tmp_path])
    assert [f.path.name for f in files] == ["ok.txt"]
    assert problems and "permission denied" in problems[0].reason


def test_walk_within_roots_reads_nothing_outside(tmp_path):
    root, outside = tmp_path / "root", tmp_path / "outside"
    root.mkdir()
    outside.mkdir()
    (root / "a.md").write_text("inside")
    (outside / "b.md").write_text("outside")
    (root / "link.md").symlink_to(outside / "b.md")
    files, problems, _ = walk([root, root / ".." / "outside", outside / "b.md"], within=[root])
    assert [f.path.name for f in files] == ["a.md"]
    assert {(p.path.rsplit("/", 1)[-1], p.reason) for p in problems} == {
        ("link.md", "outside the folders allowed for ingest"), ("outside", "outside the folders allowed for ingest"),
        ("b.md", "outside the folders allowed for ingest")}
