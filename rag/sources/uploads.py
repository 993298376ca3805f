"""Where uploaded files live before ingest, and the per-file results shown for an upload (browser and HTTP API).

Gradio saves each upload under a fresh random cache folder. Ingesting from there would give every upload a new
document id (ids come from the source path), so re-uploading a file would duplicate it instead of updating it.
Uploads are therefore copied to ``<data dir>/uploads/<file name>``: the same name maps to the same document.
"""

from __future__ import annotations

import logging
import re
import shutil
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path

from rag.settings import mb_bytes
from rag.types import DocumentInfo, FileFailure, IngestReport

log = logging.getLogger(__name__)

_UNSAFE = re.compile(r"[^\w.\- ()\[\]]+")


MAX_NAME_BYTES = 200  # file systems allow 255 bytes per name; a few are left for the copy's own suffixes


def safe_name(name: str) -> str:
    """A plain file name: no folders, no control or shell-special characters, never empty or hidden, at most
    MAX_NAME_BYTES bytes of UTF-8 (150 × "é" is 300 bytes), cut in the stem so the extension survives."""
    base = Path(name.replace("\\", "/")).name
    base = _UNSAFE.sub("_", base).strip(" .") or "upload"
    if len(base.encode()) <= MAX_NAME_BYTES:
        return base
    p = Path(base)
    suffix = p.suffix if len(p.suffix.encode()) <= 16 else ""
    stem = base[: len(base) - len(suffix)] if suffix else base
    room = MAX_NAME_BYTES - len(suffix.encode())
    stem = stem.encode()[:room].decode(errors="ignore").rstrip(" .") or "upload"
    return stem + suffix


def discard_copy(path: str, upload_dir: Path, still_used: set[str] = frozenset()) -> None:
    """Remove the upload copy behind a deleted document (a .jsonl copy only once none of its articles is left),
    so that the uploads folder does not only grow. Files elsewhere are never touched."""
    file = path.split("#", 1)[0]
    if "#" in path and file in still_used:
        return
    p = Path(file)
    try:
        if p.parent.resolve() == upload_dir.resolve():
            p.unlink(missing_ok=True)
            log.info("removed upload copy %s", p.name)
    except OSError as e:
        log.warning("could not remove upload copy %s: %s", p, e)


@dataclass
class StoredUploads:
    paths: list[Path] = field(default_factory=list)  # ready to ingest
    names: dict[str, str] = field(default_factory=dict)  # stored path -> name the user uploaded
    refused: list[FileFailure] = field(default_factory=list)  # over the upload limit: never copied


def store_uploads(files: list[str | Path], upload_dir: Path, max_mb: float) -> StoredUploads:
    upload_dir.mkdir(parents=True, exist_ok=True)
    out = StoredUploads()
    for f in files:
        src = Path(f)
        name = safe_name(src.name)
        try:
            size = src.stat().st_size
        except OSError as e:
            out.refused.append(FileFailure(name, f"upload could not be read: {e.strerror or e}"))
            continue
        if size > mb_bytes(max_mb):
            out.refused.append(FileFailure(
                name, f"file is {size / 1e6:.1f} MB, over the {max_mb:g} MB upload limit (RAG_UI_MAX_UPLOAD_MB)"))
            continue
        dest = (upload_dir / name).resolve()
        if str(dest) in out.names:  # stored already: the later copy would replace it and be reported as ignored
            out.refused.append(FileFailure(name, "same file name as an earlier file in this upload; this later "
                                                 "copy was not stored (rename it and upload it again)"))
            continue
        shutil.copyfile(src, dest)
        out.paths.append(dest)
        out.names[str(dest)] = name
        log.info("upload %s stored as %s (%d bytes)", name, dest, size)
    return out


def discard_failed(stored: StoredUploads, report: IngestReport, docs: list[DocumentInfo]) -> None:
    """Remove the copies of uploads that failed to ingest and back no stored document (a failed re-upload of a
    stored document's file is kept: that document still names it)."""
    failed = {f.path.split("#", 1)[0] for f in report.failed}
    used = {d.source.split("#", 1)[0] for d in docs}
    for p in stored.paths:
        if str(p) in failed and str(p) not in used:
            p.unlink(missing_ok=True)
            log.info("removed upload copy %s: its ingest failed", p.name)


@dataclass
class FileResult:
    name: str
    status: str  # added / updated / unchanged / removed / failed / warning
    detail: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


def file_results(report: IngestReport, sources: Mapping[str, str] | list[DocumentInfo],
                 names: Mapping[str, str] | None = None) -> list[FileResult]:
    """One row per file or document: what the ingest did to it, named as the user knows it.

    ``names`` maps stored paths to the names the user uploaded them under. The report gives doc ids for
    successes and paths for failures; ``sources`` (doc id -> source, ``Assistant.sources_of`` after the ingest)
    turns ids back into sources.
    """
    names = dict(names or {})
    source_of = sources if isinstance(sources, Mapping) else {d.doc_id: d.source for d in sources}

    def show(path: str) -> str:
        base = path.split("#", 1)[0]
        if base in names:
            return names[base] + path[len(base):]
        return path

    rows: list[FileResult] = []
    ocr = {o.doc_id: o.describe() for o in report.ocr}
    for status in ("added", "updated", "unchanged"):
        for doc_id in getattr(report, status):
            rows.append(FileResult(show(source_of.get(doc_id, doc_id)), status, ocr.get(doc_id, "")))
    for doc_id in report.removed:
        rows.append(FileResult(doc_id, "removed"))
    for f in report.failed:
        rows.append(FileResult(show(f.path), "failed", f.reason))
    for w in report.warnings:
        rows.append(FileResult(show(w.path), "warning", w.reason))
    return rows
