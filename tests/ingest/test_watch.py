"""Watched folders with real file-system events (watchdog): batching, ignored files, and the store following new,
changed, moved and deleted files within seconds."""

from __future__ import annotations

import threading
import time

from ingest.watch import FolderWatcher, apply_batch, ignored


def wait_for(cond, timeout: float = 15.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if cond():
            return True
        time.sleep(0.05)
    return False


def test_editor_and_partial_files_are_ignored():
    for name in (".report.md.swp", "report.md~", "~$report.docx", ".#report.md", "#report.md#", "4913",
                 "report.md.crdownload", "report.html.part", "notes.tmp", ".hidden.txt", "clip.mp4"):
        assert ignored(f"/news/{name}"), name
    for name in ("report.md", "Report 2025.HTML", "feed.jsonl", "brief.pdf", "scan.PNG", "fax.tiff"):  # OCR
        assert not ignored(f"/news/{name}"), name


def test_a_burst_of_500_files_is_one_batch(tmp_path):
    batches = []
    done = threading.Event()

    def on_batch(paths):
        batches.append(paths)
        done.set()

    with FolderWatcher([tmp_path], on_batch, debounce=0.5):
        for i in range(500):
            (tmp_path / f"article-{i:03d}.txt").write_text(f"Article {i}.")
            (tmp_path / f".article-{i:03d}.txt.swp").write_text("swap")
        assert done.wait(15)
        time.sleep(1.0)  # no second batch follows
    assert len(batches) == 1 and len(batches[0]) == 500
    assert all(p.endswith(".txt") and "/." not in p for p in batches[0])


def test_the_store_follows_new_changed_moved_and_deleted_files(make_assistant, tmp_path):
    a = make_assistant()
    folder = tmp_path / "inbox"
    (folder / "desk").mkdir(parents=True)
    results = []

    def on_batch(paths):
        results.append(apply_batch(a, paths))

    def stored():
        return {d.source.removeprefix(str(folder) + "/"): d for d in a.documents()}

    with FolderWatcher([folder], on_batch, debounce=0.3):
        (folder / "quay.md").write_text("# North quay reopens\n\nThe harbour authority reopened the north quay.")
        (folder / "desk" / "orchard.md").write_text("# Orchard\n\nThe cooperative sold its pear harvest.")
        assert wait_for(lambda: set(stored()) == {"quay.md", "desk/orchard.md"})
        t0 = time.monotonic()
        (folder / "quay.md").write_text("# North quay reopens\n\nThe harbour authority reopened the north quay "
                                        "and the ferry timetable changes on Monday.")
        assert wait_for(lambda: any(r.report and r.report.updated for r in results))
        assert time.monotonic() - t0 < 5
        assert "ferry timetable" in a.search("When does the ferry timetable change?")[0].text
        (folder / "desk" / "orchard.md").rename(folder / "orchard-2025.md")  # a move: old source out, new in
        assert wait_for(lambda: set(stored()) == {"quay.md", "orchard-2025.md"})
        (folder / "quay.md").unlink()
        assert wait_for(lambda: set(stored()) == {"orchard-2025.md"})
    assert all(r.error is None for r in results)
    assert a.keywords.chunk_ids() == {c.chunk_id for c in a.store.iter_chunks(include_text=False)}
