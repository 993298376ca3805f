"""POST /v1/timeline: a story's developments, oldest first, each line cited (``Assistant.timeline``)."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter
from pydantic import Field, field_validator

from rag.http_api.guard import ApiError
from rag.http_api.schemas import Filters, no_surrogates


class TimelineRequest(Filters):
    topic: str = Field(max_length=2000, description="The story: 'the Cairo reconciliation talks' (a date in it, "
                                                    "such as 'in October', sets the days when since/until are not given).")
    since: date | None = Field(default=None, description="Only reports published on or after this day (YYYY-MM-DD).")
    until: date | None = Field(default=None, description="Only reports published on or before this day (YYYY-MM-DD).")

    @field_validator("topic")
    @classmethod
    def _words(cls, v: str) -> str:
        no_surrogates(v)
        if not any(ch.isalnum() for ch in v):
            raise ValueError("the topic has no words; name the story, e.g. 'the Dunmere rail strike'")
        return v


def timeline_json(tl) -> dict:
    """A Timeline as an HTTP client sees it: citations without server paths, with their highlighted span."""
    from rag.http_api.public import public_source

    d = tl.to_dict()
    for out, line in zip(d["lines"], tl.lines):  # as the chat's citations (rag.http_api.completions.citation_json)
        out["citations"] = [{**public_source(c.to_dict()), "highlight": c.highlight} for c in line.citations]
    return {"object": "timeline", **d}


def router(assistant) -> APIRouter:
    from rag.http_api.library import search_filter

    r = APIRouter(tags=["timeline"])

    @r.post("/v1/timeline", summary="A story's developments, oldest first, one cited line each")
    def timeline(req: TimelineRequest) -> dict:
        """Wire copies are merged into one line listing its sources (each citation's `also`); where sources give
        different values of one fact the line names both and `disagreement` is true. An empty `lines` comes with
        a `note` saying why."""
        since = req.since or req.date_from
        until = req.until or req.date_to
        if since and until and since > until:
            raise ApiError(400, f"since {since} is after until {until}", "since")
        flt = search_filter(assistant, req.model_copy(update={"date_from": None, "date_to": None}))
        tl = assistant.timeline(req.topic, today=req.as_of, since=since, until=until, filters=flt)
        return timeline_json(tl)

    return r
