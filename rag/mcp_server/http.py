"""The MCP server over Streamable HTTP at ``/mcp`` on `rag serve`'s port, behind the same checks as ``/v1``.

- Credentials: the HTTP API's own ``bearer_check`` (``Credentials`` in rag/http_api/guard.py), so one rule holds:
  when a key or a login is configured, a request needs ``Authorization: Bearer <RAG_API_KEY>`` (or a UI login as
  Basic auth); else 401 with a JSON-RPC error body, which the SDK's client surfaces as the error's message.
- Host/Origin: the app-wide ``OriginGuard`` runs first. The SDK has its own DNS-rebinding check, which on its own
  would answer only loopback names when bound to 127.0.0.1 (a proxy name in ``RAG_ALLOWED_HOSTS`` got 421); it is
  configured with the same served names here, so both agree.
- Lifecycle: the SDK's session manager must run for the app's lifetime: ``lifespan`` is the FastAPI app's.
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass

log = logging.getLogger(__name__)

MCP_PATH = "/mcp"


@dataclass
class McpEndpoint:
    """``app``: the ASGI app for ``MCP_PATH``; ``lifespan``: the app lifespan that runs its session manager."""

    app: object
    lifespan: object


def mcp_endpoint(assistant, credentials, names: set[str] | None) -> McpEndpoint:
    """The MCP tools of rag/mcp_server/tools.py over Streamable HTTP. ``names``: the Host names the server
    answers (``served_names``; None: any)."""
    from rag.http_api.guard import MAX_JSON_BYTES, bearer_check
    from rag.mcp_server.tools import build_server

    server = build_server(assistant)
    # The SDK's app routes MCP_PATH itself; the request reaches it with its path unchanged.
    inner = server.streamable_http_app(streamable_http_path=MCP_PATH, transport_security=transport_security(names),
                                       max_request_body_size=MAX_JSON_BYTES)

    @contextlib.asynccontextmanager
    async def lifespan(app):
        async with server.session_manager.run():
            yield

    return McpEndpoint(app=_Authorized(inner, bearer_check(credentials)), lifespan=lifespan)


def transport_security(names: set[str] | None):
    """The SDK's Host/Origin settings for the served ``names``: each name with or without a port, and pages of
    those names (http or https). None (any Host answered) turns the SDK's check off, as OriginGuard's is."""
    from mcp.server.transport_security import TransportSecuritySettings

    if names is None:
        return TransportSecuritySettings(enable_dns_rebinding_protection=False)
    hosts = sorted(f"[{n}]" if ":" in n else n for n in names)
    allowed = [h for n in hosts for h in (n, f"{n}:*")]
    return TransportSecuritySettings(enable_dns_rebinding_protection=True, allowed_hosts=allowed,
                                     allowed_origins=[f"{scheme}://{h}" for scheme in ("http", "https")
                                                      for h in allowed])


class _Authorized:
    """ASGI: the request's credential checked by the HTTP API's ``bearer_check`` before the MCP app sees it."""

    def __init__(self, app, check):
        self.app, self.check = app, check

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http":
            from starlette.requests import Request

            from rag.http_api.guard import ApiError

            try:
                self.check(Request(scope))
            except ApiError as e:
                log.warning("refused %s %s: %s", scope.get("method"), scope.get("path"), e.message)
                await _rpc_error(e.status, e.message)(scope, receive, send)
                return
        await self.app(scope, receive, send)


def _rpc_error(status: int, message: str):
    """A JSON-RPC error at HTTP ``status`` (the shape the SDK's own transport errors have; its client shows
    ``message``), with the WWW-Authenticate challenge a 401 needs."""
    from mcp_types import INVALID_REQUEST, ErrorData, JSONRPCError
    from starlette.responses import Response

    body = JSONRPCError(jsonrpc="2.0", id=None, error=ErrorData(code=INVALID_REQUEST, message=message))
    headers = {"WWW-Authenticate": 'Bearer realm="rag"'} if status == 401 else None
    return Response(body.model_dump_json(by_alias=True, exclude_unset=True), status_code=status,
                    media_type="application/json", headers=headers)
