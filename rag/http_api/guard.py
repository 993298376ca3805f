"""What stands between a request and the Assistant: the bearer token, body-size limits, and errors as clear 4xx.

Every error, whatever raised it, leaves as OpenAI's error shape ``{"error": {"message", "type", "param",
"code"}}`` so that OpenAI clients show the message (``openai.BadRequestError: ... the question is empty``).
"""

from __future__ import annotations

import base64
import hmac
import json
import re
import logging
from collections.abc import Callable
from dataclasses import dataclass

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger(__name__)

MAX_JSON_BYTES = 1_000_000
TOO_LARGE = "rag.body_too_large"  # scope key: set when a body passed its limit while being read  # a 50-turn history with long answers is ~100 kB; questions are cut at 2,000 chars

_TYPES = {400: "invalid_request_error", 401: "authentication_error", 403: "permission_error", 404: "not_found_error",
          409: "conflict_error", 413: "request_too_large", 422: "invalid_request_error", 503: "service_unavailable"}
# OpenAI's ``code`` is a string (clients compare it: "invalid_api_key", "model_not_found"), never the status.
_CODES = {400: "invalid_request", 401: "invalid_api_key", 403: "forbidden", 404: "not_found", 409: "conflict",
          413: "request_too_large", 503: "service_unavailable", 500: "internal_error"}
_ABS_PATH = re.compile(r"(?<![\w:/.~])/(?!v1/)(?:[^\s'\"/]+/)+([^\s'\"/]*)")


class ApiError(Exception):
    """A request the API refuses, with the status and a message naming the item and the reason."""

    def __init__(self, status: int, message: str, param: str | None = None, code: str | None = None):
        super().__init__(message)
        self.status, self.message, self.param, self.code = status, message, param, code


class BodyTooLarge(Exception):
    def __init__(self, limit: int):
        super().__init__(limit)
        self.limit = limit


def redact_paths(text: str) -> str:
    """``text`` with absolute server paths cut to their last part: clients are not told where the server keeps
    its files (``RAG_DATA_DIR=/srv/rag/data`` reads ``RAG_DATA_DIR=data``)."""
    return _ABS_PATH.sub(lambda m: m.group(1) or "/", text)


def error_body(status: int, message: str, param: str | None = None, code: str | None = None) -> dict:
    return {"error": {"message": redact_paths(message), "type": _TYPES.get(status, "error"), "param": param,
                      "code": code or _CODES.get(status, "error")}}


def error_response(status: int, message: str, param: str | None = None, headers: dict | None = None,
                   code: str | None = None) -> JSONResponse:
    return JSONResponse(error_body(status, message, param, code), status_code=status, headers=headers)


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
        headers = {"WWW-Authenticate": 'Bearer, Basic realm="rag"'} if exc.status == 401 else None
        return error_response(exc.status, exc.message, exc.param, headers, exc.code)

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

    from rag import ConversationNotFound
    from rag import StoreError

    @app.exception_handler(StoreError)
    async def _store_down(request: Request, exc: StoreError):  # the store, not the request: try again later
        log.error("%s %s: the store failed: %s", request.method, request.url.path, exc)
        return error_response(503, f"the document store is unavailable: {exc}", headers={"Retry-After": "10"})

    @app.exception_handler(ConversationNotFound)
    async def _no_conversation(request: Request, exc: ConversationNotFound):  # deleted while the request ran
        return error_response(404, str(exc), "conversation_id")

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception):  # a bug: still OpenAI's error shape, details logged
        if TOO_LARGE in request.scope:
            return error_response(413, _too_large_message(request.scope[TOO_LARGE]))
        log.error("%s %s failed", request.method, request.url.path, exc_info=exc)
        if _unreachable(exc):  # a Chroma server gone while serving: not this request's fault
            return error_response(503, f"a server this one needs does not answer ({exc}); GET /health says which",
                                  headers={"Retry-After": "10"})
        return error_response(500, f"internal error ({exc.__class__.__name__}); the server log has the details")


@dataclass(frozen=True)
class Caller:
    """Who a request comes from: ``operator`` (the API key: may act for any user), a ``login`` (acts only as that
    user), or neither (no credential is configured: the single, anonymous user "")."""

    operator: bool = False
    login: str | None = None

    def owner(self, asked: str | None) -> str:
        """The owner of kept conversations for this caller; ``asked`` is the request's ``user`` field."""
        asked = asked or ""
        if self.operator:
            return asked
        if self.login is not None:
            if asked and asked != self.login:
                raise ApiError(403, f"user {asked!r}: this login acts only as {self.login!r} (leave `user` out, or "
                                    "use RAG_API_KEY, which may act for any user)", "user")
            return self.login
        if asked:
            raise ApiError(403, f"user {asked!r}: naming a user needs a credential (set RAG_API_KEY, or UI logins "
                                "and send one as HTTP Basic auth)", "user")
        return ""


class Credentials:
    """The credentials a server accepts: the API key and the UI logins (name -> password).

    One rule for every route that reads or changes data: when either is configured, a request needs one of them.
    ``caller`` is the single check (the HTTP API, Gradio's login and other faces use it).
    """

    def __init__(self, api_key: str | None, logins: dict[str, str] | None = None):
        self.api_key = api_key or None
        self.logins = dict(logins or {})

    @property
    def required(self) -> bool:
        return bool(self.api_key or self.logins)

    def login_ok(self, name: str, password: str) -> Caller | None:
        """A name and password: a UI login acts as itself; the API key as password acts as the operator."""
        expected = self.logins.get(name)
        if expected is not None and hmac.compare_digest(password.encode(), expected.encode()):
            return Caller(login=name)
        if self.api_key and hmac.compare_digest(password.encode(), self.api_key.encode()):
            return Caller(operator=True)
        return None

    def caller(self, authorization: str | None) -> Caller | None:
        """The caller of a request with this Authorization header, or None when it carries no valid credential.

        ``Bearer <RAG_API_KEY>``; or ``Basic`` with a UI login (or any name and the key).
        """
        if not self.required:
            return Caller()
        scheme, _, token = (authorization or "").partition(" ")
        token = token.strip()
        if scheme.lower() == "bearer" and self.api_key:
            return Caller(operator=True) if hmac.compare_digest(token.encode(), self.api_key.encode()) else None
        if scheme.lower() == "basic":
            try:
                name, _, password = base64.b64decode(token, validate=True).decode().partition(":")
            except (ValueError, UnicodeDecodeError):
                return None
            return self.login_ok(name, password)
        return None


def _unreachable(exc: BaseException) -> bool:
    """A connection failure anywhere in the exception's chain (httpx's, or the OS's)."""
    import httpx

    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, (httpx.TransportError, ConnectionError)):
            return True
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return False


def bearer_check(credentials: Credentials) -> Callable[[Request], Caller]:
    """A dependency giving the request's ``Caller``, or refusing it (401) when a credential is needed and missing."""

    def check(request: Request) -> Caller:
        caller = credentials.caller(request.headers.get("authorization"))
        if caller is None:
            how = ["'Authorization: Bearer <RAG_API_KEY>'"] if credentials.api_key else []
            if credentials.logins:
                how.append("a UI login as HTTP Basic auth")
            raise ApiError(401, f"missing or wrong API key or login: send {' or '.join(how)}")
        return caller

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
