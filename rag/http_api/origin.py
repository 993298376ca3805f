"""Host and Origin checks for every route the server has (the API, Gradio's routes, the docs).

DNS rebinding: a page on evil.example whose name is re-pointed at 127.0.0.1 reaches this server with
``Host: evil.example``; only the served names are answered (400 otherwise). CSRF: a page on another site can
send a form POST here, and its ``Origin`` (or ``Sec-Fetch-Site: cross-site``) says so; state-changing requests
from another origin are refused (403). Clients that are not browsers (curl, the openai client) send neither
header and pass.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from rag.http_api.guard import error_response

log = logging.getLogger(__name__)

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1", "localhost.localdomain")
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def _hostname(host: str) -> str:
    """``host[:port]`` (or ``[v6]:port``) without the port, lower case."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    if host.count(":") == 1:
        return host.split(":", 1)[0]
    return host


def served_names(bind_host: str, extra: list[str]) -> set[str] | None:
    """The Host names answered: loopback names, the bound host (unless a wildcard) and ``RAG_ALLOWED_HOSTS``.
    None (any name) when ``extra`` holds ``*``, or the server listens on every interface with no names given."""
    if "*" in extra:
        return None
    names = {*LOOPBACK_NAMES, *(_hostname(h) for h in extra if h.strip())}
    if bind_host in ("0.0.0.0", "::", ""):
        if not extra:
            log.warning("listening on every interface with RAG_ALLOWED_HOSTS unset: any Host header is answered "
                        "(set RAG_ALLOWED_HOSTS to the names clients use, to refuse DNS-rebinding requests)")
            return None
    else:
        names.add(_hostname(bind_host))
    return names


class OriginGuard:
    """ASGI middleware: refuse a Host not served (400) and a state-changing request from another origin (403)."""

    def __init__(self, app, names: set[str] | None, trusted: list[str] = ()):
        self.app = app
        self.names = names
        # Origins beyond the same one: the names the operator listed (a proxy's public name).
        self.trusted = {_hostname(t) for t in trusted if t.strip() and t.strip() != "*"}

    async def __call__(self, scope, receive, send):
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        problem = self.problem(scope)
        if problem is not None:
            status, message = problem
            log.warning("refused %s %s: %s", scope.get("method", "WS"), scope.get("path"), message)
            if scope["type"] == "websocket":
                await send({"type": "websocket.close", "code": 1008})
                return
            await error_response(status, message)(scope, receive, send)
            return
        await self.app(scope, receive, send)

    def problem(self, scope) -> tuple[int, str] | None:
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers") or []}
        host = headers.get("host", "")
        if self.names is not None and _hostname(host) not in self.names:
            return 400, (f"Host {host!r} is not a name this server answers to; add it to RAG_ALLOWED_HOSTS "
                         "if clients really use it")
        if scope.get("method", "GET") in SAFE_METHODS and scope["type"] == "http":
            return None
        origin = headers.get("origin")
        if origin is not None:
            parts = urlsplit(origin)
            if origin == "null" or not parts.netloc:
                return 403, "cross-origin request refused: the page sending it has no origin"
            same = parts.netloc.lower() == host.lower()  # scheme aside: a page of this very server
            if not same and _hostname(parts.netloc) not in self.trusted:
                return 403, (f"cross-origin request from {origin} refused: only pages served by this server may "
                             "change its data")
            return None
        if headers.get("sec-fetch-site") == "cross-site":
            return 403, "cross-site request refused: only pages served by this server may change its data"
        return None
