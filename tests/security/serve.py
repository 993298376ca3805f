"""The app `rag serve` runs (ui/cli.build_served_app: API, browser UI, every guard) on a real uvicorn server in a
thread on 127.0.0.1, over a test Assistant (the shared real embedder, real Chroma): no process start per setup."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator

from tests.conftest import DEMO_CORPUS, free_port


@contextlib.contextmanager
def serving(assistant, *, api_only: bool = False, demo: bool = True) -> Iterator[str]:
    import uvicorn

    from ui.serve import build_served_app

    if demo:
        assistant.ingest([DEMO_CORPUS])
    port = free_port()
    app = build_served_app(assistant, host="127.0.0.1", api_only=api_only)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(20)
