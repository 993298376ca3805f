"""The sources' doors of the ``Assistant`` (a mixin): uploads with their per-file results, followed feeds and
watched folders. The faces (HTTP API, CLI, MCP, browser UI) call these instead of rag/sources/* and
ingest/watch.py (issue 29: the upload → ingest → per-file results steps were written twice, in ui/app.py and
rag/http_api/library.py).
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rag.types import FileFailure, IngestReport

log = logging.getLogger(__name__)


@dataclass
class UploadResults:
    """What an upload did: the ingest's report (refused files first among its failures) and one row per file
    (``rag.sources.uploads.FileResult``), named as the user uploaded it."""

    report: IngestReport
    rows: list = field(default_factory=list)


class SourceDoors:
    """Mixed into ``rag.assistant.Assistant`` (which provides settings, ``ingest``, ``remove_sources``,
    ``documents``, ``sources_of`` and ``fetch_policy``)."""

    # --- uploads ------------------------------------------------------------------------------------------

    def ingest_uploads(self, files: Sequence, *, lock_timeout: float = 600.0, progress: bool = False) -> UploadResults:
        """Ingest uploaded files: each a path (the browser's upload cache) or a (name, binary file) pair (the HTTP
        API's multipart parts). Copied to ``<data dir>/uploads`` first (rag/sources/uploads.py: the same name is
        the same document), files over ``RAG_UI_MAX_UPLOAD_MB`` refused; copies whose ingest failed are removed.
        ``IngestBusyError`` when another ingest holds the lock past ``lock_timeout``."""
        from rag.sources.uploads import discard_failed, store_uploads

        s = self.settings
        with tempfile.TemporaryDirectory(prefix="rag-upload-") as tmp:
            paths, unreadable = _spooled(files, Path(tmp))
            stored = store_uploads(paths, s.data_dir / "uploads", s.ui.ui_max_upload_mb)
            stored.refused[:0] = unreadable
        report = (self.ingest(stored.paths, progress=progress, lock_timeout=lock_timeout) if stored.paths
                  else IngestReport())
        discard_failed(stored, report, self.documents())
        report.failed[:0] = stored.refused
        return UploadResults(report, self.file_results(report, stored.names))

    def file_results(self, report: IngestReport, names: Mapping[str, str] | None = None) -> list:
        """One row per file or document of ``report`` (``FileResult``): what the ingest did to it, named as the user
        knows it (``names``: stored path -> uploaded name); one indexed query, not the whole library."""
        from rag.sources.uploads import file_results

        ids = [*report.added, *report.updated, *report.unchanged]
        return file_results(report, self.sources_of(ids), names)

    # --- feeds --------------------------------------------------------------------------------------------

    def feeds(self) -> list:
        """The followed feeds (``rag.sources.feeds.FollowedFeed``: url, title, entries, last sync and error)."""
        from rag.sources.feeds import FeedList

        return list(FeedList(self.settings.data_dir).load().values())

    def follow_feed(self, url: str, *, sync: bool = True, progress: bool = False) -> IngestReport:
        """Follow an RSS/Atom feed (checked by fetching it) and, unless ``sync`` is False, ingest its entries."""
        from rag.sources.feeds import FeedSync

        return FeedSync(self).add(url, sync=sync, progress=progress)

    def unfollow_feed(self, url: str) -> bool:
        """Stop following a feed (its stored entries stay); False when it was not followed."""
        from rag.sources.feeds import FeedList

        return FeedList(self.settings.data_dir).remove(url)

    def sync_feeds(self, urls: Sequence[str] | None = None, *, progress: bool = False) -> IngestReport:
        """Ingest new and changed entries of the followed feeds (or of ``urls`` among them)."""
        from rag.sources.feeds import FeedSync

        return FeedSync(self).sync(list(urls) if urls else None, progress=progress)

    def schedule_feeds(self, interval: float | None = None):
        """Sync the followed feeds every ``interval`` seconds (default ``RAG_FEEDS_INTERVAL``) in a background
        thread; returns the started scheduler (``.stop()`` ends it)."""
        from rag.sources.feeds import FeedScheduler, FeedSync

        return FeedScheduler(FeedSync(self), interval or self.settings.fetch.feeds_interval).start()

    # --- watched folders ----------------------------------------------------------------------------------

    def watch_folders(self, paths: Sequence[str | Path], on_batch: Callable | None = None):
        """Watch folders: new, changed, moved and deleted files are synced within seconds. The watcher starts
        before the initial sync (with prune), so a file saved during it is not missed. ``on_batch(batch, result)``
        hears of each applied batch (``ingest.watch.BatchResult``). Returns (the started watcher, the initial
        sync's report); ``watcher.stop()`` ends it."""
        from ingest.watch import FolderWatcher, apply_batch

        def applied(batch):
            res = apply_batch(self, batch)
            if on_batch is not None:
                on_batch(batch, res)
            return res

        watcher = FolderWatcher(paths, applied, debounce=self.settings.fetch.watch_debounce,
                                ignore_under=[self.settings.data_dir])  # checks the folders first
        watcher.start()
        return watcher, self.ingest(paths, prune=True)


def _spooled(files: Sequence, tmp: Path) -> tuple[list[Path], list[FileFailure]]:
    """Paths for the uploads: a path as it is; a (name, file) pair written under ``tmp``, one folder per file (two
    uploads with one name must not collide there). A pair that cannot be written fails alone."""
    from rag.sources.uploads import safe_name

    paths, unreadable = [], []
    for i, f in enumerate(files):
        if not isinstance(f, tuple):
            paths.append(Path(f))
            continue
        name, data = f
        folder = tmp / str(i)
        folder.mkdir()
        dest = folder / safe_name(name)
        try:
            with dest.open("wb") as out:
                shutil.copyfileobj(data, out, 1 << 20)
        except OSError as e:  # this file alone fails; the rest of the batch goes on
            unreadable.append(FileFailure(safe_name(name), f"could not be stored: {e.strerror or e}"))
            continue
        paths.append(dest)
    return paths, unreadable
