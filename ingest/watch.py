"""Watched folders: file events (watchdog) gathered into batches and synced once the folder goes quiet.

Events only say *which* paths to look at; what to do is decided from the file system when the batch runs: a path
that exists is ingested (unchanged files cost a hash, changed ones are re-embedded), a path that is gone has its
documents removed. So a save done as write-temp-then-rename, a move (delete + create), or a file created and
deleted within one batch all end right without tracking event kinds. A burst (500 files copied in) is one batch:
the batch runs after ``debounce`` seconds without events, or at the latest ``max_delay`` after its first event.
Editor temp files, partial downloads and hidden files are ignored.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from ingest.load import SUPPORTED_SUFFIXES

log = logging.getLogger(__name__)

# Editors' swap/backup files, office lock files, browsers' partial downloads.
IGNORED_SUFFIXES = ("~", ".swp", ".swx", ".swo", ".tmp", ".temp", ".part", ".partial", ".crdownload", ".download",
                    ".kate-swp", ".bak")


def ignored(path: str, is_dir: bool = False) -> bool:
    name = os.path.basename(path.rstrip("/"))
    if not name or name.startswith((".", "~$", "#")) or name.endswith(IGNORED_SUFFIXES) or name == "4913":
        return True  # 4913: the probe file vim writes to test a folder
    return not is_dir and Path(name).suffix.lower() not in SUPPORTED_SUFFIXES


class Syncer(Protocol):
    """What a batch is applied to (rag.Assistant)."""

    def ingest(self, paths: Sequence[str | Path]): ...
    def remove_sources(self, paths: Sequence[str | Path]) -> list[str]: ...


@dataclass
class BatchResult:
    ingested: list[str] = field(default_factory=list)
    removed_paths: list[str] = field(default_factory=list)
    report: object | None = None  # the IngestReport of the batch's ingest
    removed_docs: list[str] = field(default_factory=list)
    seconds: float = 0.0
    error: str | None = None


def apply_batch(syncer: Syncer, paths: set[str]) -> BatchResult:
    t0 = time.perf_counter()
    out = BatchResult()
    for p in sorted(paths):
        (out.ingested if os.path.exists(p) else out.removed_paths).append(p)
    try:
        if out.ingested:
            out.report = syncer.ingest(out.ingested)
        if out.removed_paths:
            out.removed_docs = syncer.remove_sources(out.removed_paths)
    except Exception as e:  # one failed batch (a busy lock, a full disk) must not stop the watcher
        log.exception("watched-folder sync failed")
        out.error = str(e)
    out.seconds = time.perf_counter() - t0
    return out


class FolderWatcher:
    """Watch folders recursively; apply each quiet batch of changed paths with ``on_batch``."""

    def __init__(self, paths: Sequence[str | Path], on_batch: Callable[[set[str]], object], debounce: float = 1.0,
                 max_delay: float = 10.0, ignore_under: Sequence[str | Path] = ()):
        self.roots = [str(Path(p).expanduser().resolve()) for p in paths]
        for r in self.roots:
            if not os.path.isdir(r):
                raise NotADirectoryError(f"cannot watch {r}: not a folder")
        self.on_batch = on_batch
        self.debounce, self.max_delay = debounce, max_delay
        self.ignore_under = [str(Path(p).resolve()).rstrip("/") + "/" for p in ignore_under]
        self._pending: set[str] = set()
        self._first = self._last = 0.0
        self._cond = threading.Condition()
        self._stop = False
        self._observer = None
        self._thread: threading.Thread | None = None
        self.batches = 0

    # --- events

    def notice(self, path: str, is_dir: bool = False) -> None:
        if ignored(path, is_dir) or any(path.startswith(u) for u in self.ignore_under):
            return
        with self._cond:
            now = time.monotonic()
            if not self._pending:
                self._first = now
            self._pending.add(path)
            self._last = now
            self._cond.notify()

    def _handler(self):
        from watchdog.events import FileSystemEventHandler

        watcher = self

        class Handler(FileSystemEventHandler):
            def on_any_event(self, event):
                if event.event_type in ("opened", "closed_no_write"):
                    return
                if event.is_directory and event.event_type == "modified":
                    return  # a folder's mtime changes with every file event inside it
                for p in (event.src_path, getattr(event, "dest_path", "")):
                    if p:
                        watcher.notice(os.fsdecode(p), event.is_directory)

        return Handler()

    # --- batching

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._stop:
                    if self._pending:
                        now = time.monotonic()
                        due = min(self._last + self.debounce, self._first + self.max_delay)
                        if now >= due:
                            break
                        self._cond.wait(due - now)
                    else:
                        self._cond.wait()
                if self._stop and not self._pending:
                    return
                batch, self._pending = self._pending, set()
            self.batches += 1
            try:
                self.on_batch(batch)
            except Exception:  # keep watching
                log.exception("watched-folder batch failed")
            if self._stop:
                return

    def start(self) -> "FolderWatcher":
        from watchdog.observers import Observer

        self._observer = Observer()
        handler = self._handler()
        for r in self.roots:
            self._observer.schedule(handler, r, recursive=True)
        self._observer.start()
        self._thread = threading.Thread(target=self._run, name="folder-watcher", daemon=True)
        self._thread.start()
        log.info("watching %s", ", ".join(self.roots))
        return self

    def stop(self) -> None:
        if self._observer is not None:
            self._observer.stop()
            self._observer.join(5)
        with self._cond:
            self._stop = True
            self._cond.notify()
        if self._thread is not None:
            self._thread.join(60)

    def __enter__(self) -> "FolderWatcher":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
