"""Search and the document library: POST /v1/search, GET/POST /v1/documents, DELETE /v1/documents/{id}."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request
from starlette.datastructures import UploadFile

from rag.http_api.guard import ApiError, redact_paths
from rag.http_api.public import public_source
from rag.http_api.schemas import Filters, SearchRequest

log = logging.getLogger(__name__)

UPLOAD_LOCK_TIMEOUT = 30.0  # seconds an upload waits for another ingest before a 409


def search_filter(assistant, opts: Filters):
    """The SearchFilter for a request's options; unknown document ids and reversed dates are a 400."""
    from rag import SearchFilter

    if opts.date_from and opts.date_to and opts.date_from > opts.date_to:
        raise ApiError(400, f"date_from {opts.date_from} is after date_to {opts.date_to}", "date_from")
    if opts.documents:
        known = assistant.sources_of(opts.documents)  # one indexed query, not a scan of the store
        unknown = [d for d in opts.documents if d not in known]
        if unknown:
            raise ApiError(400, f"unknown document id(s): {', '.join(unknown[:5])} (GET /v1/documents lists them)",
                           "documents")
    if not opts.documents and opts.date_from is None and opts.date_to is None:
        return None
    return SearchFilter(doc_ids=list(opts.documents) if opts.documents else None, date_from=opts.date_from,
                        date_to=opts.date_to)


def _day(name: str, value: str) -> None:
    from datetime import date

    try:
        date.fromisoformat(value)
    except ValueError:
        raise ApiError(400, f"{name} must be a day like 2025-10-09, not {value!r}", name) from None


def router(assistant) -> APIRouter:
    r = APIRouter(tags=["documents"])

    @r.post("/v1/search", summary="The passages retrieved for a query, best first")
    def search(req: SearchRequest) -> dict:
        flt = search_filter(assistant, req)
        passages = assistant.search(req.query, top_k=req.top_k, filters=flt, today=req.as_of)
        return {"object": "list", "query": req.query, "data": [public_source(p.to_dict()) for p in passages]}

    @r.get("/v1/documents", summary="One page of the stored documents, newest first")
    def documents(limit: int = 100, offset: int = 0, q: str = "", date_from: str | None = None,
                  date_to: str | None = None, feed: str | None = None) -> dict:
        """``q``: part of a title or source; ``date_from``/``date_to``: publication days; ``feed``: a followed
        feed's URL. ``total`` counts the matches; page on with ``offset`` while ``has_more``."""
        from rag import LibraryQuery

        for name, value in (("date_from", date_from), ("date_to", date_to)):
            if value:
                _day(name, value)
        try:
            query = LibraryQuery(q=q, date_from=date_from or None, date_to=date_to or None, feed=feed or None,
                                 limit=limit, offset=offset)
        except ValueError as e:
            raise ApiError(400, str(e), str(e).split(" ", 1)[0]) from None
        page = assistant.library(query).to_dict()
        return {**page, "data": [public_source(d) for d in page["data"]]}

    @r.delete("/v1/documents/{doc_id}", summary="Remove a document and its passages")
    def delete(doc_id: str) -> dict:
        from rag.assistant import IngestBusyError

        try:
            deleted = assistant.delete(doc_id, lock_timeout=UPLOAD_LOCK_TIMEOUT)
        except IngestBusyError as e:
            raise ApiError(409, f"{e}; try again in a moment") from None
        if not deleted:
            raise ApiError(404, f"no document with id {doc_id!r} (GET /v1/documents lists them)", "doc_id")
        return {"id": doc_id, "object": "document", "deleted": True}

    @r.post("/v1/documents", summary="Upload files (multipart field `files`); per-file results as in the browser")
    async def upload(request: Request) -> dict:
        from starlette.concurrency import run_in_threadpool

        form = await request.form(max_files=1000, max_fields=100)
        try:
            files = [(f.filename or "upload", f.file) for f in form.getlist("files") if isinstance(f, UploadFile)]
            if not files:
                raise ApiError(400, "no files: send them as multipart/form-data in the field 'files'", "files")
            return await run_in_threadpool(_ingest_uploads, assistant, files)  # copying and ingesting block
        finally:
            await form.close()

    return r


def _ingest_uploads(assistant, files) -> dict:
    """Ingest uploaded (name, file object) pairs the way the browser does (``Assistant.ingest_uploads``), per-file
    results."""
    from rag.assistant import IngestBusyError

    try:
        done = assistant.ingest_uploads(files, lock_timeout=UPLOAD_LOCK_TIMEOUT)
    except IngestBusyError as e:
        raise ApiError(409, f"{e}; try again in a moment") from None
    for row in done.rows:  # names as uploaded; a reason never shows where the server keeps files
        row.name, row.detail = redact_paths(row.name), redact_paths(row.detail)
    return {"object": "list", "summary": done.report.summary(), "data": [r.to_dict() for r in done.rows]}
