"""What stands between a request and the Assistant: the bearer token, body-size limits, and errors as clear 4xx.

Every error, whatever raised it, leaves as OpenAI's error shape ``{"error": {"message", "type", "param",
"code"}}`` so that OpenAI clients show the message (``openai.BadRequestError: ... the question is empty``).
"""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Callable

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger(__name__)

MAX_JSON_BYTES = 1_000_000
TOO_LARGE = "rag.body_too_large"  # scope key: set when a body passed its limit while being read  # a 50-turn history with long answers is ~100 kB; questions are cut at 2,000 chars

_TYPES = {400: "invalid_request_error", 401: "authentication_error", 404: "not_found_error",
          409: "conflict_error", 413: "request_too_large", 422: "invalid_request_error", 503: "service_unavailable"}


class ApiError(Exception):
    """A request the API refuses, with the status and a message naming the item and the reason."""

    def __init__(self, status: int, message: str, param: str | None = None):
        super().__init__(message)
        self.status, self.message, self.param = status, message, param


class BodyTooLarge(Exception):
    def __init__(self, limit: int):
        super().__init__(limit)
        self.limit = limit


def error_body(status: int, message: str, param: str | None = None) -> dict:
    return {"error": {"message": message, "type": _TYPES.get(status, "error"), "param": param, "code": status}}


def error_response(status: int, message: str, param: str | None = None, headers: dict | None = None) -> JSONResponse:
    return JSONResponse(error_body(status, message, param), status_code=status, headers=headers)


def _too_large_message(limit: int) -> str:
    return f"request body is over the {limit / 1e6:g} MB limit for this endpoint"


def _validation_message(exc: RequestValidationError) -> tuple[int, str, str | None]:
    errors = exc.errors()
    if any(e.get("type") == "json_invalid" for e in errors):
        e = next(e for e in errors if e.get("type") == "json_invalid")
        detail = (e.get("ctx") or {}).get("error", "")
        return 400, f"the request body is not valid JSON{': ' + str(detail) if detail else ''}", None
    parts, first = [], None
    for e in errors:
        loc = [str(x) for x in e.get("loc", ()) if x != "body"]
        where = ".".join(loc) or "body"
        first = first or where
        msg = e.get("msg", "invalid")
        if e.get("type") == "missing":
            msg = "is required"
        parts.append(f"{where}: {msg}")
    return 400, "; ".join(parts) or "invalid request", first


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError):
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        return error_response(exc.status, exc.message, exc.param, headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError):
        status, message, param = _validation_message(exc)
        return error_response(status, message, param)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        if TOO_LARGE in request.scope:  # FastAPI reports a failed body read as a 400: it was the size limit
            return error_response(413, _too_large_message(request.scope[TOO_LARGE]))
        message = exc.detail if isinstance(exc.detail, str) else json.dumps(exc.detail)
        return error_response(exc.status_code, message, headers=getattr(exc, "headers", None))

    @app.exception_handler(BodyTooLarge)
    async def _too_large(request: Request, exc: BodyTooLarge):
        return error_response(413, _too_large_message(exc.limit))

    from rag.history import ConversationNotFound

    @app.exception_handler(ConversationNotFound)
    async def _no_conversation(request: Request, exc: ConversationNotFound):  # deleted while the request ran
        return error_response(404, str(exc), "conversation_id")

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception):  # a bug: still OpenAI's error shape, details logged
        if TOO_LARGE in request.scope:
            return error_response(413, _too_large_message(request.scope[TOO_LARGE]))
        log.error("%s %s failed", request.method, request.url.path, exc_info=exc)
        return error_response(500, f"internal error ({exc.__class__.__name__}); the server log has the details")


def bearer_check(api_key: str | None) -> Callable[[Request], None]:
    """A dependency refusing requests without ``Authorization: Bearer <RAG_API_KEY>`` (when a key is set)."""

    def check(request: Request) -> None:
        if not api_key:
            return
        header = request.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(token.strip().encode(), api_key.encode()):
            raise ApiError(401, "missing or wrong API key: send the header 'Authorization: Bearer <RAG_API_KEY>'")

    return check


class ApiGuard:
    """ASGI middleware for API paths: a body-size limit (413 before reading when Content-Length says so, or as soon
    as a chunked body passes it) and headers marking responses as data (document text is never a page)."""

    def __init__(self, app, limit_for: Callable[[str], int | None]):
        self.app = app
        self.limit_for = limit_for

    async def __call__(self, scope, receive, send):
        limit = self.limit_for(scope.get("path", "")) if scope["type"] == "http" else None
        if limit is None:
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None:
            try:
                too_big = int(length) > limit
            except ValueError:
                await error_response(400, "Content-Length is not a number")(scope, receive, send)
                return
            if too_big:
                await error_response(413, _too_large_message(limit))(scope, receive, send)
                return
        seen = 0

        async def counted():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    scope[TOO_LARGE] = limit  # the error handlers answer 413 whatever wraps this exception
                    raise BodyTooLarge(limit)
            return message

        async def marked(message):
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-content-type-options", b"nosniff"),
                                      (b"cache-control", b"no-store")]
            await send(message)

        await self.app(scope, counted, marked)
