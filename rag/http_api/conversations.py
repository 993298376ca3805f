"""Kept conversations over HTTP: list, read, rename, delete, export as Markdown, rate an answer (``?user=`` names
the owner)."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import PlainTextResponse
from pydantic import BaseModel, Field

from rag.http_api.completions import citation_json
from rag.http_api.guard import ApiError, Caller
from rag.http_api.schemas import Text

UserParam = Query(default="", max_length=128, description="Owner of the conversations (the chat request's `user`).")


class Rename(BaseModel):
    title: str = Field(min_length=1, max_length=200)


class Rate(BaseModel):
    turn: int = Field(ge=1, description="The turn's number: 1 for the first answer (GET's `turn`).")
    verdict: Literal["up", "down"] = Field(description="Thumbs up or down; rating again replaces it.")
    note: Text | None = Field(default=None, max_length=2000,
                              description="Why (optional). Left out: a note given before is kept; \"\": removed.")


def turn_json(number: int, t) -> dict:
    f = t.feedback
    return {"turn": number, "question": t.question, "standalone": t.standalone, "answer": t.answer.answer,
            "refused": t.answer.refused, "citations": [citation_json(c) for c in t.answer.citations],
            "asked_on": t.asked_on.isoformat() if t.asked_on else None,
            "feedback": None if f is None else {"verdict": f.verdict, "note": f.note, "time": f.time}}


def router(assistant, caller_of) -> APIRouter:
    """``caller_of``: the credential dependency; ``?user=`` is honoured only as its ``Caller.owner`` allows (a UI
    login sees only its own conversations, the API key any user's, no credential only user "")."""
    r = APIRouter(tags=["conversations"])
    history = assistant.history

    def owner(user: str = UserParam, caller: Caller = Depends(caller_of)) -> str:
        return caller.owner(user)

    def info_or_404(conversation_id: str, user: str):
        info = history.info(conversation_id, user)
        if info is None:
            raise ApiError(404, f"no conversation {conversation_id!r} for this user", "conversation_id")
        return info

    _read_routes(r, assistant, owner, info_or_404)
    _write_routes(r, assistant, owner, info_or_404)
    return r


def _read_routes(r: APIRouter, assistant, owner, info_or_404) -> None:
    """List, read and export as Markdown."""
    history = assistant.history

    @r.get("/v1/conversations", summary="The user's kept conversations, most recent first")
    def list_conversations(user: str = Depends(owner)) -> dict:
        return {"object": "list", "data": [c.to_dict() for c in history.list(user)]}

    @r.get("/v1/conversations/{conversation_id}", summary="A kept conversation with its turns")
    def get_conversation(conversation_id: str, user: str = Depends(owner)) -> dict:
        info = info_or_404(conversation_id, user)
        turns = [turn_json(i, t) for i, t in enumerate(history.turns(conversation_id, user), 1)]
        return {**info.to_dict(), "data": turns}

    @r.get("/v1/conversations/{conversation_id}/markdown", response_class=PlainTextResponse,
           summary="A kept conversation as Markdown with its sources")
    def export(conversation_id: str, user: str = Depends(owner)) -> PlainTextResponse:
        info_or_404(conversation_id, user)
        text = assistant.transcript(conversation_id, owner=user)
        return PlainTextResponse(text, media_type="text/markdown; charset=utf-8",
                                 headers={"Content-Disposition": f'attachment; filename="chat-{conversation_id}.md"'})


def _write_routes(r: APIRouter, assistant, owner, info_or_404) -> None:
    """Rate, rename and delete."""
    history = assistant.history

    @r.post("/v1/conversations/{conversation_id}/feedback", summary="Rate an answer of a kept conversation")
    def rate(conversation_id: str, body: Rate, user: str = Depends(owner)) -> dict:
        from rag import FeedbackError, TurnNotFound

        info_or_404(conversation_id, user)
        try:
            saved = assistant.feedback(conversation_id, body.turn, body.verdict, body.note, owner=user)
        except FeedbackError as e:
            raise ApiError(400, str(e), e.field) from None
        except TurnNotFound as e:
            raise ApiError(404, f"{e} (GET /v1/conversations/{conversation_id} lists its turns)", "turn") from None
        return {"object": "conversation.feedback", **saved.to_dict()}

    @r.patch("/v1/conversations/{conversation_id}", summary="Rename a kept conversation")
    def rename(conversation_id: str, body: Rename, user: str = Depends(owner)) -> dict:
        info_or_404(conversation_id, user)
        try:
            history.rename(conversation_id, user, body.title)
        except ValueError as e:
            raise ApiError(400, str(e), "title") from None
        return info_or_404(conversation_id, user).to_dict()

    @r.delete("/v1/conversations/{conversation_id}", summary="Delete a kept conversation")
    def delete(conversation_id: str, user: str = Depends(owner)) -> dict:
        if not history.delete(conversation_id, user):
            raise ApiError(404, f"no conversation {conversation_id!r} for this user", "conversation_id")
        return {"id": conversation_id, "object": "conversation", "deleted": True}
