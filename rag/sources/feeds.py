"""Followed feeds: the list (``feeds.json`` in the data dir) and their sync into the store.

Each entry is fetched and ingested once: the list remembers every entry's stamp (a hash of the feed's copy of
it), so a sync skips entries whose stamp is unchanged without fetching their pages, and re-ingests those whose
stamp changed (the fingerprint then decides whether anything is re-embedded). A sync takes at most
``feed_max_entries`` new or changed entries per feed, newest first, over one HTTP client per host; an entry that
failed waits before it is tried again (rag/sources/feed_plan.py). Every entry outcome is one item of the IngestReport and
each feed's counts one ``FeedOutcome`` (a 500-entry feed with a cap of 20: 20 fetched over one connection).
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ingest.report import FeedOutcome
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
    # entry key -> {"stamp", "count", "next_try" (epoch seconds), "reason"}: entries backing off (rag/sources/feed_plan.py)
    failures: dict[str, dict] = field(default_factory=dict)

    def to_dict(self) -> dict:
        d = asdict(self)
        d["entry_count"] = len(self.entries)
        d["failing_count"] = len(self.failures)
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

    def add(self, url: str, sync: bool = True, progress: bool = False) -> IngestReport:
        """Follow a feed (checked by fetching it) and, unless ``sync`` is False, ingest its entries."""
        from ingest.feed_parse import FeedError, fetch_feed
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
        return self.sync([url], prefetched={url: feed}, progress=progress) if sync else report

    def sync(self, urls: list[str] | None = None, prefetched: dict | None = None,
             progress: bool = False) -> IngestReport:
        """Sync the followed feeds (or ``urls`` of them); ``progress``: tqdm bars over each feed's entries read,
        then their chunks embedded (the browser shows them: ``gr.Progress(track_tqdm=True)``)."""
        from ingest.fetch import FetchSession

        t0 = time.perf_counter()
        report = IngestReport()
        with self._running, FetchSession(self.assistant.fetch_policy) as session:
            followed = self.feeds.load()
            for u in urls or []:
                if u not in followed:
                    report.failed.append(FileFailure(u, "not a followed feed (rag feeds add URL)"))
            for url in [u for u in (urls or followed) if u in followed]:
                outcome = self._sync_feed(followed[url], report, session, (prefetched or {}).get(url), progress)
                report.feeds.append(outcome)
                log.info("feed %s", outcome.summary())
        report.seconds = time.perf_counter() - t0
        log.info("feeds sync: %s", report.summary())
        return report

    def _sync_feed(self, followed: FollowedFeed, report: IngestReport, session, feed, progress: bool) -> FeedOutcome:
        from ingest.feed_parse import FeedError, fetch_feed
        from rag.sources.feed_plan import plan_entries, record_outcomes

        url, settings = followed.url, self.assistant.settings.fetch
        outcome = FeedOutcome(url)
        try:
            feed = feed or fetch_feed(url, self.assistant.fetch_policy, session)
        except FeedError as e:
            report.failed.append(FileFailure(url, str(e)))
            outcome.error = str(e)
            self.feeds.update(lambda fs: _mark(fs, url, str(e), {}))
            return outcome
        now = time.time()
        plan = plan_entries(feed.entries, followed.entries, followed.failures, settings.feed_max_entries, now)
        report.unchanged.extend(e.source for e in plan.unchanged)  # this version of the entry is already stored
        outcome.entries, outcome.fetched, outcome.unchanged = len(feed.entries), len(plan.take), len(plan.unchanged)
        outcome.over_cap, outcome.backing_off = len(plan.over_cap), len(plan.backing_off)
        stamps, failed = self._ingest_entries(url, plan.take, report, session, progress)
        outcome.failed = len(failed)

        def mark(fs):
            _mark(fs, url, None, stamps, feed.title)
            if url in fs:
                record_outcomes(fs[url].failures, feed.entries, failed, set(stamps), now, settings.feed_retry_seconds)

        self.feeds.update(mark)
        return outcome

    def _ingest_entries(self, url: str, entries: list, report: IngestReport, session,
                        progress: bool) -> tuple[dict[str, str], dict[str, str]]:
        """Read and store ``entries``; returns (key -> stamp of those stored, key -> reason of those failed)."""
        from tqdm.auto import tqdm

        from ingest.feed_parse import entry_document
        from ingest.fetch import FetchError

        pairs, failed = [], {}  # (entry, its document); entry key -> why it failed
        for entry in tqdm(entries, desc="feed entries", unit="entry", disable=not progress or not entries):
            try:
                doc = entry_document(entry, self.assistant.fetch_policy, session)
                doc.feed = url
                pairs.append((entry, doc))
            except FetchError as e:
                report.failed.append(FileFailure(entry.source, str(e)))
                failed[entry.key] = str(e)
        stamps = {}
        if pairs:
            sub = self.assistant.ingest([], documents=[d for _, d in pairs], progress=progress)
            _merge(report, sub)
            # An entry whose document failed to store is not remembered: it backs off like a failed fetch.
            bad = {f.path: f.reason for f in sub.failed}
            for e, d in pairs:
                if d.source in bad:
                    failed[e.key] = bad[d.source]
                else:
                    stamps[e.key] = e.stamp
        return stamps, failed


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
