"""Where uploaded files live before ingest.

Gradio saves each upload under a fresh random cache folder. Ingesting from there would give every upload a new
document id (ids come from the source path), so re-uploading a file would duplicate it instead of updating it.
Uploads are therefore copied to ``<data dir>/uploads/<file name>``: the same name maps to the same document.
"""

from __future__ import annotations

import logging
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from rag.types import FileFailure

log = logging.getLogger(__name__)

_UNSAFE = re.compile(r"[^\w.\- ()\[\]]+")


def safe_name(name: str) -> str:
    """A plain file name: no folders, no control or shell-special characters, never empty or hidden."""
    base = Path(name.replace("\\", "/")).name
    base = _UNSAFE.sub("_", base).strip(" .") or "upload"
    return base[:200]


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
        if size > max_mb * 1e6:
            out.refused.append(FileFailure(
                name, f"file is {size / 1e6:.1f} MB, over the {max_mb:g} MB upload limit (RAG_UI_MAX_UPLOAD_MB)"))
            continue
        dest = (upload_dir / name).resolve()
        shutil.copyfile(src, dest)
        out.paths.append(dest)
        out.names[str(dest)] = name
        log.info("upload %s stored as %s (%d bytes)", name, dest, size)
    return out
