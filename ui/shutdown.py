"""A quiet, quick `rag serve` shutdown (SIGINT/SIGTERM) with browser pages still open.

uvicorn stops accepting connections, then waits (``timeout_graceful_shutdown``, 5 s) for the open ones to end and
cancels what is left, logging "Exception in ASGI application" with an ``asyncio.CancelledError`` traceback for each.
An open page always holds Gradio's session heartbeat stream, which ends only when Gradio's ``stop_event`` is set,
and an answer being written holds its event stream until the answer ends. So before uvicorn waits,
``QuietServer.shutdown`` ends the heartbeats and stops the answers being written (each kept as shown, marked
"(stopped)", as the Stop button does): the streams close and uvicorn has nothing to cancel. Measured (2 shared
cores, SIGINT to exit, one Chromium page): an idle page 7.5 s with a CancelledError traceback before, 2.5 s and
quiet now; an answer waiting for the local 0.5B model 7.2 s with a traceback before, 4.5 s and quiet now.

An answer whose model is still reading its prompt sees the stop only at its first word (llama.cpp's prompt pass
is not interrupted); when that takes longer than uvicorn's timeout (seen once under load), uvicorn cancels its
stream as before and ``ExpectedCancel`` keeps that expected traceback out of the log; uvicorn's own "Cancel N
running task(s)" line stays: it says what was cut.
"""

from __future__ import annotations

import asyncio
import logging
import sys

import uvicorn

log = logging.getLogger(__name__)


class ExpectedCancel(logging.Filter):
    """Drops uvicorn's traceback of a request cancelled by its graceful-shutdown timeout, nothing else."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        return not (isinstance(exc, asyncio.CancelledError) and "graceful shutdown" in str(exc))


def gradio_apps(app) -> list:
    """The Gradio apps mounted in ``app`` (one for `rag serve`; none with --api-only, which never imports gradio)."""
    if "gradio.routes" not in sys.modules:
        return []
    from gradio.routes import App

    return [r.app for r in getattr(app, "routes", []) if isinstance(getattr(r, "app", None), App)]


class QuietServer(uvicorn.Server):
    """uvicorn's server, ending Gradio's heartbeats and the answers being written before it waits for them."""

    async def shutdown(self, sockets=None) -> None:
        apps, stopped = gradio_apps(self.config.app), 0
        for gradio_app in apps:
            gradio_app.stop_event.set()  # the heartbeat streams end (gradio/routes.py heartbeat)
        if apps:
            from ui import answering

            stopped = await asyncio.to_thread(answering.stop_every_answer)  # keeps each turn: SQLite, off the loop
        if stopped:
            log.warning("shutting down: stopped %d answer(s) being written, each kept as shown", stopped)
        await super().shutdown(sockets)


def serve(app, *, host: str, port: int, timeout_graceful_shutdown: float = 5) -> None:
    """``uvicorn.run(app, host=, port=, log_level="warning")``, shutting down as described above."""
    config = uvicorn.Config(app, host=host, port=port, log_level="warning",
                            timeout_graceful_shutdown=timeout_graceful_shutdown)
    logging.getLogger("uvicorn.error").addFilter(ExpectedCancel())  # after Config: it configures uvicorn's logs
    try:
        QuietServer(config).run()
    except KeyboardInterrupt:  # uvicorn re-raises the SIGINT it handled; uvicorn.run ignores it too (exit 0)
        pass
