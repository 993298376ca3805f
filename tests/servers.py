"""Start a real server process for a test, wait until it answers over HTTP, and always stop it."""

from __future__ import annotations

import contextlib
import subprocess
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest


@contextlib.contextmanager
def running_server(cmd: list[str], log_path: Path, ready_url: str, *, name: str, timeout: float,
                   ready: Callable[[bytes], bool] = lambda body: True, **popen_kwargs) -> Iterator[subprocess.Popen]:
    log = open(log_path, "wb")
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, **popen_kwargs)

    def tail() -> str:
        return log_path.read_text(errors="replace")[-3000:]

    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                pytest.fail(f"{name} exited with {proc.returncode}:\n{tail()}")
            try:
                with urllib.request.urlopen(ready_url, timeout=5) as r:
                    if r.status == 200 and ready(r.read()):
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"{name} did not answer on {ready_url} within {timeout:.0f}s:\n{tail()}")
            time.sleep(0.3)
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


# A `rag serve` for browser tests: the extractive answerer, no logins, no key, nothing fetched from the network.
QUIET_ENV = {"RAG_ANSWERER": "extractive", "RAG_UI_USERNAME": "", "RAG_UI_PASSWORD": "", "RAG_UI_USERS": "",
             "RAG_API_KEY": "", "RAG_FEEDS_INTERVAL": "0", "HF_HUB_OFFLINE": "1", "GRADIO_ANALYTICS_ENABLED": "False",
             "ANONYMIZED_TELEMETRY": "False"}


@contextlib.contextmanager
def rag_serve(work: Path, ready_path: str = "health", **env: str) -> Iterator[str]:
    """`rag serve` on a free loopback port over ``work / "data"``, with ``QUIET_ENV`` and ``env`` (RAG_* names);
    yields its base URL. Its log is ``work / "serve.log"``."""
    import os
    import sys

    from tests.conftest import ROOT, free_port

    url = f"http://127.0.0.1:{free_port()}/"
    port = url.rsplit(":", 1)[1].strip("/")
    cmd = [sys.executable, "-m", "rag.cli.main", "serve", "--port", port, "--data-dir", str(work / "data")]
    with running_server(cmd, work / "serve.log", f"{url}{ready_path}", name="rag serve", timeout=300, cwd=ROOT,
                        env={**os.environ, **QUIET_ENV, **env}):
        yield url
