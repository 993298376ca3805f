"""The FastAPI app: every route is an ``Assistant`` call. `rag serve` mounts the browser UI on the same app.

OpenAPI page: /docs (served offline) and /openapi.json. Health check without a key: /health.
"""

from __future__ import annotations

import logging

from fastapi import Depends, FastAPI
from fastapi_offline import FastAPIOffline
from fastapi.responses import RedirectResponse

from rag.http_api.guard import MAX_JSON_BYTES, ApiGuard, bearer_check, install_error_handlers

log = logging.getLogger(__name__)

API_PREFIX = "/v1/"


def create_app(assistant, *, api_key: str | None = None, redirect_root: bool = False) -> FastAPI:
    """The HTTP API over ``assistant``. ``api_key`` (default ``RAG_API_KEY``): bearer token every /v1 route
    requires. ``redirect_root``: send / to the OpenAPI page (when no UI is mounted there)."""
    from rag.http_api import chat, conversations, library

    s = assistant.settings
    key = api_key if api_key is not None else s.api_key
    # FastAPI's own /docs page loads Swagger UI from a CDN: fastapi-offline serves the same page from the package.
    app = FastAPIOffline(title="rag-assistant", version="1",
                  description="Cited answers over your documents. OpenAI-compatible chat, search, and the "
                              "document library. Send `Authorization: Bearer <RAG_API_KEY>` when the server has a key.")
    install_error_handlers(app)
    upload_limit = int(s.api_max_upload_mb * 1e6)

    def limit_for(path: str) -> int | None:
        if not path.startswith(API_PREFIX):
            return None  # the UI (Gradio) has its own limits
        return upload_limit if path.rstrip("/") == "/v1/documents" else MAX_JSON_BYTES

    app.add_middleware(ApiGuard, limit_for=limit_for)
    auth = [Depends(bearer_check(key))]
    app.include_router(chat.router(assistant, _conversations(assistant)), dependencies=auth)
    app.include_router(library.router(assistant), dependencies=auth)
    app.include_router(conversations.router(assistant), dependencies=auth)

    @app.get("/health", include_in_schema=False)
    def health() -> dict:
        return {"status": "ok"}

    if redirect_root:
        @app.get("/", include_in_schema=False)
        def root():
            return RedirectResponse("/docs")

    return app


def _conversations(assistant):
    """The conversation a chat request continues.

    Without ``conversation_id``: rebuilt from the request's messages, nothing kept on the server (OpenAI's model).
    With one: its saved turns drive the follow-ups and the new turn is saved; an unknown id starts a kept
    conversation (seeded with the request's earlier messages, saved too); another owner's id is a 404.
    """
    from rag.http_api.chat import turns_from_pairs
    from rag.http_api.guard import ApiError

    def open_conversation(req, pairs):
        owner = req.user or ""
        if req.conversation_id is None:
            conv = assistant.chat(keep=False)
            conv.turns = turns_from_pairs(pairs)
            return conv, None
        info = assistant.history.info(req.conversation_id)
        if info is not None and info.owner != owner:
            raise ApiError(404, f"no conversation {req.conversation_id!r} for this user", "conversation_id")
        if info is not None:
            return assistant.chat(req.conversation_id, owner=owner), req.conversation_id
        conv = assistant.chat(owner=owner)
        conv.id = req.conversation_id
        for turn in turns_from_pairs(pairs):
            conv.turns.append(turn)
            assistant.history.add_turn(conv.id, owner, turn)
        return conv, conv.id

    return open_conversation
