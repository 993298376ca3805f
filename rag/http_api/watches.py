"""Watched questions over HTTP: list (each with its answers over time), add, remove, mark seen. ``?user=`` names
the owner under the conversations' rules (rag/http_api/conversations.py)."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from rag.http_api.completions import citation_json
from rag.http_api.conversations import UserParam
from rag.http_api.guard import ApiError, Caller
from rag.http_api.schemas import Text


class NewWatch(BaseModel):
    question: Text = Field(min_length=1, max_length=2000, description="The question to keep; answered now and "
                                                                      "re-checked after every ingest.")


class Seen(BaseModel):
    ids: list[str] | None = Field(default=None, max_length=1000, description="The watches seen; left out: all.")


def watch_json(w) -> dict:
    """A watch as a client sees it: citations without server paths, answers oldest first."""
    answers = [{"number": a.number, "day": a.day, "time": a.time, "answer": a.answer.answer,
                "refused": a.answer.refused, "citations": [citation_json(c) for c in a.answer.citations]}
               for a in w.answers]
    return {"id": w.id, "object": "watch", "question": w.question, "owner": w.owner, "created": w.created,
            "checked": w.checked, "changed": w.changed, "answers": answers}


def router(assistant, caller_of) -> APIRouter:
    r = APIRouter(tags=["watches"])

    def owner(user: str = UserParam, caller: Caller = Depends(caller_of)) -> str:
        return caller.owner(user)

    @r.get("/v1/watches", summary="The user's watched questions, each with its answers over time (newest last)")
    def list_watches(user: str = Depends(owner)) -> dict:
        watches = assistant.watches(user=user)
        return {"object": "list", "changed": sum(w.changed for w in watches), "data": [watch_json(w) for w in watches]}

    @r.post("/v1/watches", summary="Watch a question: answered now, re-checked after every ingest")
    def add(body: NewWatch, user: str = Depends(owner)) -> dict:
        from rag import WatchError

        try:
            return watch_json(assistant.watch(body.question, user=user))
        except WatchError as e:
            raise ApiError(400, str(e), e.field) from None

    @r.post("/v1/watches/seen", summary="Mark the latest answers of watches as seen (their `changed` clears)")
    def seen(body: Seen, user: str = Depends(owner)) -> dict:
        return {"object": "watch.seen", "marked": assistant.seen_watches(body.ids, user=user)}

    @r.delete("/v1/watches/{watch_id}", summary="Stop watching a question")
    def remove(watch_id: str, user: str = Depends(owner)) -> dict:
        if not assistant.unwatch(watch_id, user=user):
            raise ApiError(404, f"no watched question {watch_id!r} for this user (GET /v1/watches lists them)",
                           "watch_id")
        return {"id": watch_id, "object": "watch", "deleted": True}

    return r
