"""Parse risky formats (.pdf, .docx, .html, images read by OCR) in a worker process with a memory cap and a time limit per file.

One worker per process, started on the first such file and reused (a process per file would pay ~1 s of
imports each time); plain text and .jsonl are read in-process, their cost is bounded by the file size limit.
Over the time limit the worker is killed; over the memory cap its allocation fails (MemoryError, or the worker
dies): either way that file alone is refused with the reason and the next file gets a fresh worker. Cost on
normal files: bench/parse_limits.py (bench/README.md).
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
from collections.abc import Iterator
from pathlib import Path

from ingest.documents import SourceDocument
from ingest.limits import ParseLimits
from ingest.load import LoadError, load_file
from ingest.walk import FoundFile
from ingest.ocr import IMAGE_SUFFIXES

log = logging.getLogger(__name__)

RISKY_SUFFIXES = {".pdf", ".docx", ".html", ".htm", ".xhtml"} | IMAGE_SUFFIXES
OCR_SUFFIXES = {".pdf"} | IMAGE_SUFFIXES  # may be read by OCR: their wait adds the OCR seconds


def _serve(conn, limits: ParseLimits) -> None:
    """The worker: cap its own address space, then load each (path, max_bytes) it is sent."""
    import gc
    import resource

    cap = limits.memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    while True:
        try:
            path, max_bytes = conn.recv()
        except (EOFError, OSError):
            return
        try:
            result = ("ok", load_file(Path(path), max_bytes, limits=limits))
        except LoadError as e:
            result = ("error", str(e))
        except MemoryError:
            gc.collect()
            result = ("error", _memory_reason(limits))
        except Exception as e:  # a parser bug, or a parser's own failed allocation (lxml: "unknown error")
            gc.collect()
            reason = (_memory_reason(limits) if _peak_bytes() > 0.9 * cap
                      else f"unexpected error: {type(e).__name__}: {e}")
            result = ("error", reason)
        try:
            conn.send(result)
        except MemoryError:
            result = None
            gc.collect()
            conn.send(("error", _memory_reason(limits)))


def _peak_bytes() -> int:
    """Peak address space of this process (VmPeak, what RLIMIT_AS bounds); 0 where /proc is missing."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmPeak:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _memory_reason(limits: ParseLimits) -> str:
    return (f"parsing needed more than the {limits.memory_mb} MB memory limit (RAG_PARSE_MAX_MEMORY_MB); "
            "the file is refused")


class ParseWorker:
    """A reusable parse worker. ``load`` is thread-safe (files are parsed one at a time)."""

    def __init__(self, limits: ParseLimits):
        self.limits = limits
        self._lock = threading.Lock()
        self._proc = None
        self._conn = None

    def load(self, path: Path, max_bytes: int) -> list[SourceDocument]:
        with self._lock:
            conn = self._ensure()
            try:
                conn.send((str(path), max_bytes))
                # OCR keeps its own clock (RAG_OCR_TIMEOUT, a clear reason); this kill is the backstop.
                ocr = self.limits.ocr.seconds if path.suffix.lower() in OCR_SUFFIXES else 0
                if not conn.poll(self.limits.seconds + ocr):
                    self._stop()
                    raise LoadError(f"parsing took over {self.limits.seconds + ocr:g} s (RAG_PARSE_TIMEOUT"
                                    + (" + RAG_OCR_TIMEOUT" if ocr else "") + "); the file is refused")
                kind, payload = conn.recv()
            except (EOFError, OSError, BrokenPipeError):
                code = self._stop()
                log.warning("parse worker died on %s (exit code %s)", path, code)
                raise LoadError(f"the parser crashed on this file (exit code {code}); it may need more than the "
                                f"{self.limits.memory_mb} MB memory limit (RAG_PARSE_MAX_MEMORY_MB)") from None
        if kind == "ok":
            return payload
        raise LoadError(payload)

    def _ensure(self):
        if self._proc is not None and self._proc.is_alive():
            return self._conn
        self._stop()
        # spawn, not fork: the parent holds threads (embedding, Chroma) that a forked child would inherit locked.
        ctx = multiprocessing.get_context("spawn")
        parent, child = ctx.Pipe()
        self._proc = ctx.Process(target=_serve, args=(child, self.limits), name="rag-parse", daemon=True)
        self._proc.start()
        child.close()
        self._conn = parent
        return parent

    def _stop(self) -> int | None:
        proc, conn = self._proc, self._conn
        self._proc = self._conn = None
        if conn is not None:
            conn.close()
        if proc is None:
            return None
        if proc.is_alive():
            proc.kill()
        proc.join(5)
        return proc.exitcode

    def close(self) -> None:
        with self._lock:
            self._stop()


_workers: dict[ParseLimits, ParseWorker] = {}
_workers_lock = threading.Lock()


def worker_for(limits: ParseLimits) -> ParseWorker:
    """The process's worker for these limits (one per distinct setting, normally just one)."""
    with _workers_lock:
        w = _workers.get(limits)
        if w is None:
            w = _workers[limits] = ParseWorker(limits)
        return w


def load_isolated(path: Path, max_bytes: int, limits: ParseLimits) -> list[SourceDocument]:
    """``load_file`` with the limits: risky formats in the worker, the rest here."""
    if path.suffix.lower() in RISKY_SUFFIXES:
        return worker_for(limits).load(path, max_bytes)
    return load_file(path, max_bytes, limits=limits)


def iter_loaded(files: list[FoundFile], max_bytes: int, limits: ParseLimits = ParseLimits(),
                ) -> Iterator[tuple[FoundFile, list[SourceDocument] | None, str | None]]:
    """Yield (file, documents, error reason) for each file, never raising for a bad file."""
    for f in files:
        try:
            yield f, load_isolated(f.path, max_bytes, limits), None
        except LoadError as e:
            yield f, None, str(e)
        except Exception as e:  # a loader bug must not sink the batch; report it like any bad file
            log.exception("unexpected error loading %s", f.path)
            yield f, None, f"unexpected error: {type(e).__name__}: {e}"
