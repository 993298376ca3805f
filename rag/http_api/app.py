"""The FastAPI app: every route is an ``Assistant`` call. `rag serve` mounts the browser UI on the same app.

OpenAPI page: /docs (served offline) and /openapi.json. Health check without a key: /health. MCP clients: /mcp
(Streamable HTTP, rag/mcp_server/http.py), under the same credentials.
"""

from __future__ import annotations

import logging

from fastapi import Depends, FastAPI
from fastapi_offline import FastAPIOffline
from fastapi.responses import RedirectResponse

from rag.http_api.guard import MAX_JSON_BYTES, ApiGuard, Credentials, bearer_check, install_error_handlers

log = logging.getLogger(__name__)

API_PREFIX = "/v1/"


def create_app(assistant, *, credentials: Credentials | None = None, redirect_root: bool = False,
               bind_host: str = "127.0.0.1") -> FastAPI:
    """The HTTP API over ``assistant``. ``credentials`` (default: ``RAG_API_KEY`` and the UI logins): when any is
    configured, every /v1 route requires one. ``redirect_root``: send / to the OpenAPI page (when no UI is mounted
    there). ``bind_host``: the interface served; with ``RAG_ALLOWED_HOSTS`` it names the Host headers answered."""
    from rag.http_api.origin import served_names
    from rag.mcp_server.http import MCP_PATH, mcp_endpoint

    s = assistant.settings
    credentials = credentials if credentials is not None else Credentials(s.api.api_key, logins_of(s))
    names = served_names(bind_host, s.api.allowed_hosts)
    mcp = mcp_endpoint(assistant, credentials, names)
    app = _guarded_app(s, names, mcp.lifespan)
    app.state.credentials = credentials
    check = bearer_check(credentials)
    _include_routers(app, assistant, check)
    app.add_route(MCP_PATH, mcp.app, include_in_schema=False)  # an ASGI app: every method reaches the SDK
    _own_routes(app, assistant, [Depends(check)], redirect_root)
    return app


def _guarded_app(s, names, lifespan) -> FastAPI:
    """The bare app with its body-size guard (uploads to /v1/documents, JSON elsewhere) and Host/Origin guard."""
    from rag.http_api.origin import OriginGuard

    # FastAPI's own /docs page loads Swagger UI from a CDN: fastapi-offline serves the same page from the package.
    app = FastAPIOffline(title="rag-assistant", version="1",
                  description="Cited answers over your documents. OpenAI-compatible chat, search, and the "
                              "document library. Send `Authorization: Bearer <RAG_API_KEY>` when the server has a key.",
                  lifespan=lifespan)  # Gradio's mount wraps this lifespan, it does not replace it
    install_error_handlers(app)
    upload_limit = s.api.api_max_upload_bytes

    def limit_for(path: str) -> int | None:
        if not path.startswith(API_PREFIX):
            return None  # the UI (Gradio) has its own limits
        return upload_limit if path.rstrip("/") == "/v1/documents" else MAX_JSON_BYTES

    app.add_middleware(ApiGuard, limit_for=limit_for)
    # Added last, so it runs first, for every route (Gradio's mounted later included).
    app.add_middleware(OriginGuard, names=names, trusted=s.api.allowed_hosts)
    return app


def _include_routers(app: FastAPI, assistant, check) -> None:
    from rag.http_api import conversations, library, timeline, watches
    from rag.http_api import completions as chat

    auth = [Depends(check)]
    app.include_router(chat.router(assistant, _conversations(assistant), check), dependencies=auth)
    app.include_router(library.router(assistant), dependencies=auth)
    app.include_router(timeline.router(assistant), dependencies=auth)
    app.include_router(conversations.router(assistant, check), dependencies=auth)
    app.include_router(watches.router(assistant, check), dependencies=auth)


def _own_routes(app: FastAPI, assistant, auth: list, redirect_root: bool) -> None:
    """Unknown /v1 paths (after every router), /health and, without the UI, / to the docs."""
    @app.api_route("/v1/{rest:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"], include_in_schema=False,
                   dependencies=auth)
    def unknown(rest: str):  # else the UI mounted at / answers /v1 paths with its own page or shape
        from rag.http_api.guard import ApiError

        raise ApiError(404, f"no endpoint /v1/{rest} (the API's endpoints are listed at /docs)")

    @app.get("/health", include_in_schema=False)
    def health():
        from rag.http_api.guard import error_response

        problem = assistant.health()
        if problem:
            return error_response(503, problem)
        return {"status": "ok"}

    if redirect_root:
        @app.get("/", include_in_schema=False)
        def root():
            return RedirectResponse("/docs")


def logins_of(settings) -> dict[str, str]:
    """The UI logins (RAG_UI_USERNAME/RAG_UI_PASSWORD and RAG_UI_USERS 'name:pw,...'), name -> password."""
    logins = {}
    ui = settings.ui
    if ui.ui_username and ui.ui_password:
        logins[ui.ui_username] = ui.ui_password
    for item in (ui.ui_users or "").split(","):
        name, sep, secret = item.strip().partition(":")
        if sep and name and secret:
            logins[name] = secret
    return logins


def _conversations(assistant):
    """The conversation a chat request continues.

    Without ``conversation_id``: rebuilt from the request's messages, nothing kept on the server (OpenAI's model).
    With one: its saved turns drive the follow-ups and the new turn is saved; an unknown id starts a kept
    conversation (seeded with the request's earlier messages, saved too); another owner's id is a 404.
    """
    from rag.http_api.guard import ApiError

    def open_conversation(req, pairs, owner: str):
        if req.conversation_id is None:
            return assistant.chat_from_messages(pairs), None
        info = assistant.history.info(req.conversation_id)
        if info is not None and info.owner != owner:
            raise ApiError(404, f"no conversation {req.conversation_id!r} for this user", "conversation_id")
        if info is not None:
            return assistant.chat(req.conversation_id, owner=owner), req.conversation_id
        conv = assistant.chat_from_messages(pairs, req.conversation_id, owner=owner)
        return conv, conv.id

    return open_conversation
