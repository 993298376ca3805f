"""Which files a sync reads: files and folders expanded, confined to allowed folders when asked."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

from ingest.load import SUPPORTED_SUFFIXES, os_reason

log = logging.getLogger(__name__)


@dataclass
class FoundFile:
    path: Path
    explicit: bool  # named by the user rather than found in a folder


@dataclass
class WalkProblem:
    path: str
    reason: str


def _inside(p: Path, roots: list[Path]) -> bool:
    try:
        real = p.resolve(strict=True)  # symlinks and ".." resolved: where the bytes really are
    except (OSError, RuntimeError):
        return False
    return any(real == r or real.is_relative_to(r) for r in roots)


def walk(paths: list[str | Path], within: list[Path] | None = None,
         ) -> tuple[list[FoundFile], list[WalkProblem], list[Path]]:
    """Expand files and folders (recursively, without following directory symlinks, so loops cannot trap us).

    ``within``: when given, only files that really lie inside these folders (after resolving symlinks and
    "..") are taken; anything else is reported, never read (the browser UI's server-folder ingest).
    Returns the files to load, problems met on the way, and the folders that were walked (for pruning).
    """
    files: list[FoundFile] = []
    problems: list[WalkProblem] = []
    folders: list[Path] = []
    roots = None if within is None else [Path(r).expanduser().resolve() for r in within]
    outside = "outside the folders allowed for ingest"
    for raw in paths:
        p = Path(raw).expanduser()
        try:
            p = p.resolve(strict=True)
        except (OSError, RuntimeError) as e:
            problems.append(WalkProblem(str(raw), f"cannot open: {os_reason(e)}"))
            continue
        if roots is not None and not _inside(p, roots):
            problems.append(WalkProblem(str(raw), outside))
            continue
        if p.is_dir():
            folders.append(p)

            def onerror(err: OSError) -> None:
                problems.append(WalkProblem(str(err.filename or p), f"cannot read folder: {os_reason(err)}"))

            for root, dirnames, filenames in os.walk(p, onerror=onerror, followlinks=False):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                for name in sorted(filenames):
                    if name.startswith("."):
                        continue
                    fp = Path(root) / name
                    if roots is not None and not _inside(fp, roots):  # a symlink pointing out of the root
                        problems.append(WalkProblem(str(fp), outside))
                    elif fp.suffix.lower() in SUPPORTED_SUFFIXES:
                        files.append(FoundFile(fp, explicit=False))
                    else:
                        log.debug("skipping %s: unsupported type", fp)
        else:
            files.append(FoundFile(p, explicit=True))
    return files, problems, folders
