"""Uploads through the Assistant (``Assistant.ingest_uploads``): the one path the browser and the HTTP API share
(issue 29: it was written in both), with real files, the real embedder and Chroma."""

from __future__ import annotations

import io


def test_paths_and_file_objects_give_one_row_each_named_as_uploaded(make_assistant, tmp_path):
    a = make_assistant(ui_max_upload_mb=0.001)
    src = tmp_path / "cache" / "9f2c"
    src.mkdir(parents=True)
    (src / "harbour.md").write_text("# Harbour\n\nThe harbour master of Vellmar is Ilse Dornbach.\n")
    big = "x" * 2000
    files = [src / "harbour.md", ("bridge.md", io.BytesIO(b"# Bridge\n\nThe Vellmar bridge toll is 4 crowns.\n")),
             ("big.md", io.BytesIO(big.encode())), ("bad.pdf", io.BytesIO(b"not a pdf"))]
    done = a.ingest_uploads(files)
    rows = {r.name: (r.status, r.detail) for r in done.rows}
    assert rows["harbour.md"][0] == rows["bridge.md"][0] == "added"
    assert rows["big.md"][0] == "failed" and "upload limit" in rows["big.md"][1]
    assert rows["bad.pdf"][0] == "failed"
    uploads = a.settings.data_dir / "uploads"
    assert sorted(p.name for p in uploads.iterdir()) == ["bridge.md", "harbour.md"]  # the failed copy is removed
    assert done.report.failed[0].path == "big.md"  # refused files come first among the failures

    again = a.ingest_uploads([("harbour.md", io.BytesIO((src / "harbour.md").read_bytes()))])
    assert [(r.name, r.status) for r in again.rows] == [("harbour.md", "unchanged")]  # same name: same document
