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
