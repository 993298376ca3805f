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

# Product code reads its settings group (settings.retrieval.top_k), never the flat pass-through (settings.top_k):
# every test fails on a flat read from rag/, ingest/ or ui/ (rag/settings: FLAT_READS).
from rag.settings import FLAT_READS  # noqa: E402

FLAT_READS.fail = True


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


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory):
    """A real `chroma run` server on a free loopback port, for the scale-out configuration."""
    import shutil
    import sys

    exe = shutil.which("chroma", path=str(Path(sys.executable).parent)) or shutil.which("chroma")
    if exe is None:
        pytest.fail("the `chroma` command (from the chromadb package) is not installed")
    from tests.servers import running_server

    port = free_port()
    path = tmp_path_factory.mktemp("chroma-server")
    url = f"http://127.0.0.1:{port}"
    cmd = [exe, "run", "--path", str(path / "db"), "--host", "127.0.0.1", "--port", str(port)]
    with running_server(cmd, path / "server.log", f"{url}/api/v2/heartbeat", name="chroma server", timeout=60):
        yield url


@pytest.fixture
def cairo_article() -> Path:
    return shared_path("corpus", "cairo-talks.txt")
