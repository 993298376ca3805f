"""Followed feeds: the list (``feeds.json`` in the data dir) and their sync into the store.

Each entry is fetched and ingested once: the list remembers every entry's stamp (a hash of the feed's copy of
it), so a sync skips entries whose stamp is unchanged without fetching their pages, and re-ingests those whose
stamp changed (the fingerprint then decides whether anything is re-embedded). An entry that failed is not
remembered, so the next sync retries it. Every feed and entry outcome is one item of the IngestReport.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from rag.types import FileFailure, IngestReport

log = logging.getLogger(__name__)


@dataclass
class FollowedFeed:
    url: str
    title: str = ""
    added: str = ""
    last_sync: str | None = None
    last_error: str | None = None
    entries: dict[str, str] = field(default_factory=dict)  # entry key -> stamp

    def to_dict(self) -> dict:
        d = asdict(self)
        d["entry_count"] = len(self.entries)
        return d


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


class FeedList:
    """The followed feeds of one data dir. Reads and writes go through a file lock; writes are atomic."""

    def __init__(self, data_dir: Path):
        self.path = Path(data_dir) / "feeds.json"
        self._lock = threading.Lock()

    def _filelock(self):
        from filelock import FileLock

        self.path.parent.mkdir(parents=True, exist_ok=True)
        return FileLock(str(self.path) + ".lock", timeout=60)

    def load(self) -> dict[str, FollowedFeed]:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        return {u: FollowedFeed(**{k: v for k, v in f.items() if k in FollowedFeed.__dataclass_fields__})
                for u, f in raw.get("feeds", {}).items()}

    def _save(self, feeds: dict[str, FollowedFeed]) -> None:
        tmp = self.path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps({"feeds": {u: asdict(f) for u, f in feeds.items()}}, indent=1), encoding="utf-8")
        os.replace(tmp, self.path)

    def update(self, fn):
        """Apply ``fn(feeds)`` to the stored list and save it, under the lock; returns fn's result."""
        with self._lock, self._filelock():
            feeds = self.load()
            out = fn(feeds)
            self._save(feeds)
            return out

    def add(self, url: str, title: str = "") -> bool:
        def add(feeds):
            if url in feeds:
                return False
            feeds[url] = FollowedFeed(url=url, title=title, added=_now())
            return True

        return self.update(add)

    def remove(self, url: str) -> bool:
        return self.update(lambda feeds: feeds.pop(url, None) is not None)


class FeedSync:
    """Sync followed feeds into an Assistant's store. One sync at a time per process."""

    _running = threading.Lock()

    def __init__(self, assistant):
        self.assistant = assistant
        self.feeds = FeedList(assistant.settings.data_dir)

    def add(self, url: str, sync: bool = True) -> IngestReport:
        """Follow a feed (checked by fetching it) and, unless ``sync`` is False, ingest its entries."""
        from ingest.feeds import FeedError, fetch_feed
        from ingest.schema import is_url

        report = IngestReport()
        if not is_url(url):
            report.failed.append(FileFailure(url, "a feed is an http:// or https:// URL"))
            return report
        try:
            feed = fetch_feed(url, self.assistant.fetch_policy)
        except FeedError as e:
            report.failed.append(FileFailure(url, str(e)))
            return report
        self.feeds.add(url, feed.title)
        return self.sync([url], prefetched={url: feed}) if sync else report

    def sync(self, urls: list[str] | None = None, prefetched: dict | None = None) -> IngestReport:
        from ingest.feeds import FeedError, entry_document, fetch_feed
        from ingest.fetch import FetchError

        t0 = time.perf_counter()
        report = IngestReport()
        with self._running:
            followed = self.feeds.load()
            todo = [u for u in (urls or followed) if u in followed]
            for u in urls or []:
                if u not in followed:
                    report.failed.append(FileFailure(u, "not a followed feed (rag feeds add URL)"))
            policy = self.assistant.fetch_policy
            for url in todo:
                try:
                    feed = (prefetched or {}).get(url) or fetch_feed(url, policy)
                except FeedError as e:
                    report.failed.append(FileFailure(url, str(e)))
                    self.feeds.update(lambda fs, u=url, err=str(e): _mark(fs, u, err, {}))
                    continue
                seen = followed[url].entries
                pairs = []  # (entry, its document)
                for entry in feed.entries:
                    if seen.get(entry.key) == entry.stamp:
                        report.unchanged.append(entry.source)  # this version of the entry is already stored
                        continue
                    try:
                        doc = entry_document(entry, policy)
                        doc.feed = url
                        pairs.append((entry, doc))
                    except FetchError as e:
                        report.failed.append(FileFailure(entry.source, str(e)))
                stamps = {}
                if pairs:
                    sub = self.assistant.ingest([], documents=[d for _, d in pairs])
                    _merge(report, sub)
                    # An entry whose document failed to store is not remembered: the next sync retries it.
                    failed = {f.path for f in sub.failed}
                    stamps = {e.key: e.stamp for e, d in pairs if d.source not in failed}
                self.feeds.update(lambda fs, u=url, st=stamps, t=feed.title: _mark(fs, u, None, st, t))
        report.seconds = time.perf_counter() - t0
        log.info("feeds sync: %s", report.summary())
        return report


def _mark(feeds: dict, url: str, error: str | None, stamps: dict, title: str | None = None) -> None:
    f = feeds.get(url)
    if f is None:  # removed meanwhile
        return
    f.last_sync, f.last_error = _now(), error
    f.entries.update(stamps)
    if title:
        f.title = title


def _merge(into: IngestReport, sub: IngestReport) -> None:
    for name in ("added", "updated", "unchanged", "removed", "failed", "warnings"):
        getattr(into, name).extend(getattr(sub, name))
    into.chunks_embedded += sub.chunks_embedded


class FeedScheduler:
    """Sync the followed feeds every ``interval`` seconds in a background thread (``rag serve``)."""

    def __init__(self, sync: FeedSync, interval: float):
        self.sync, self.interval = sync, interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="feed-sync", daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            if self.sync.feeds.load():
                try:
                    r = self.sync.sync()
                    log.warning("scheduled feed sync: %s", r.summary())
                except Exception:  # the next run may succeed
                    log.exception("scheduled feed sync failed")
            self._stop.wait(self.interval)

    def start(self) -> "FeedScheduler":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
