"""Shared fixtures: real embedding model (loaded once per session), real Chroma in a temp data dir."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DEMO_CORPUS = ROOT / "rag" / "demo_corpus"

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or skip the test (the product and its tests must pass without it)."""
    p = SHARED.joinpath(*parts)
    if not p.exists():
        pytest.skip(f"{p} not present (../shared is only on CI and developer machines)")
    return p


@pytest.fixture(scope="session")
def embedder():
    from ingest.embed import Embedder

    e = Embedder("all-MiniLM-L6-v2")
    _ = e.model
    return e


@pytest.fixture
def make_assistant(tmp_path, embedder):
    """Factory: a fresh Assistant over its own data dir (sharing the loaded embedder)."""
    from rag import Assistant

    def make(data_dir: Path | None = None, **overrides):
        return Assistant(data_dir=data_dir or tmp_path / "data", embedder=embedder, answerer=overrides.pop("answerer", "extractive"),
                         **overrides)

    return make


@pytest.fixture
def cairo_article() -> Path:
    return shared_path("corpus", "cairo-talks.txt")
