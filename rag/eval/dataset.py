"""Evaluation datasets: a folder with ``docs/`` (file name without extension = doc id) and ``qa.jsonl``.

Each qa.jsonl line: ``id``, ``question``, ``answers`` (list), ``doc_ids`` (list), optional ``unanswerable`` and
optional ``question_date`` (YYYY-MM-DD: the asking date, passed to search and ask as ``today``). Extra keys
(evidence, type, ...) are kept in ``extra`` for error analysis.

A ``.jsonl`` file in docs/ holds one article per line; each article's doc id is its locator (``id``, else
``url``, else ``L<line>``), the part after ``#`` in its stored source.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

_KNOWN = {"id", "question", "answers", "doc_ids", "unanswerable", "question_date"}


class DatasetError(ValueError):
    pass


@dataclass
class QAItem:
    id: str
    question: str
    answers: list[str]
    doc_ids: list[str]
    unanswerable: bool = False
    extra: dict = field(default_factory=dict)
    question_date: date | None = None  # the asking date; None: asked today


@dataclass
class EvalDataset:
    name: str
    root: Path
    docs_dir: Path
    items: list[QAItem]
    doc_ids: list[str]  # every document in docs/: file stem, or locator for an article of a .jsonl

    @property
    def answerable(self) -> list[QAItem]:
        return [q for q in self.items if not q.unanswerable]


def doc_id_of(source: str) -> str:
    """Dataset doc id of a stored passage: the stem of its source file, or for one article of a .jsonl
    (``path#locator``) the locator."""
    path, sep, locator = source.partition("#")
    return locator if sep and locator else Path(path).stem


def _doc_ids_in(path: Path) -> list[str]:
    """The doc ids one file of docs/ holds: its stem, or one locator per article line of a .jsonl."""
    if path.suffix.lower() != ".jsonl":
        return [path.stem]
    from ingest.load import jsonl_locator

    ids = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), start=1):
        try:
            obj = json.loads(line) if line.strip() else None
        except json.JSONDecodeError:
            continue  # the loader skips it too (and says so)
        if isinstance(obj, dict):
            ids.append(jsonl_locator(obj, lineno))
    return ids


def _parse_day(value) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"question_date {value!r} is not a YYYY-MM-DD day") from None


def load_dataset(path: str | Path, limit: int | None = None, every: int = 1) -> EvalDataset:
    """Load a dataset folder; ``every=K`` keeps every K-th question (a fixed slice spread over the whole set),
    then ``limit`` keeps the first N of those."""
    root = Path(path).expanduser().resolve()
    docs_dir, qa_path = root / "docs", root / "qa.jsonl"
    if not docs_dir.is_dir() or not qa_path.is_file():
        raise DatasetError(f"{root} is not an eval dataset: it needs docs/ and qa.jsonl")
    items: list[QAItem] = []
    n_read = 0
    with qa_path.open(encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
                item = QAItem(id=str(obj.get("id", lineno)), question=str(obj["question"]),
                              answers=[str(a) for a in obj.get("answers") or []],
                              doc_ids=[str(d) for d in obj.get("doc_ids") or []],
                              unanswerable=bool(obj.get("unanswerable", False)),
                              extra={k: v for k, v in obj.items() if k not in _KNOWN},
                              question_date=_parse_day(obj.get("question_date")))
            except (ValueError, KeyError, TypeError) as e:
                raise DatasetError(f"{qa_path}:{lineno}: bad record ({e})") from e
            n_read += 1
            if (n_read - 1) % max(1, every):
                continue
            items.append(item)
            if limit is not None and len(items) >= limit:
                break
    doc_ids = sorted(d for p in docs_dir.rglob("*") if p.is_file() and not p.name.startswith(".")
                     for d in _doc_ids_in(p))
    if not doc_ids:
        raise DatasetError(f"{docs_dir} holds no documents")
    return EvalDataset(name=root.name, root=root, docs_dir=docs_dir, items=items, doc_ids=doc_ids)
