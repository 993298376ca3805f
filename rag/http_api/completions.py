"""OpenAI-compatible chat: POST /v1/chat/completions (streamed as server-sent events or not) and GET /v1/models.

The reply's ``content`` is the answer with its ``[n]`` markers. This assistant's own fields sit at the top level
of the response (as Perplexity's API puts its ``citations``), where OpenAI clients keep unknown fields:
``citations`` (number, doc_id, title, source, date, ``page`` of a PDF, passage ``text``, ``highlight`` span),
``refused`` (a refusal is an ordinary reply, marked), ``question`` (the stand-alone question retrieval used),
``conversation_id``.

Streaming: the deltas are the answer as it is generated, which is provisional (rag/cli/main.py prints it the same way):
validation may drop an uncited sentence, repair a marker or fall back to the extractive answer. The last chunk
carries the citations and ``content``, the validated answer the citation numbers refer to. An instant extractive
answer shown while a model writes comes as a chunk with an empty delta and ``provisional: true`` (its ``content``
and ``citations``), replaced by the last chunk's.
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from collections.abc import Iterator

from fastapi import APIRouter, Depends
from fastapi.responses import StreamingResponse

from rag.http_api.guard import ApiError, Caller, error_body
from rag.http_api.library import search_filter
from rag.http_api.schemas import ChatRequest, Message
from rag.types import Answer

log = logging.getLogger(__name__)

OWNED_BY = "rag-assistant"
MODEL_ALIAS = "rag"  # accepted as well as the answerer's own id: clients configured once keep working
_TOKEN = re.compile(r"\w+|[^\w\s]")
UNSUPPORTED = {"tools": "tool calls", "functions": "function calls", "tool_choice": "tool calls",
               "function_call": "function calls", "top_logprobs": "log probabilities",
               "audio": "audio output", "prediction": "predicted outputs"}


def count_tokens(text: str) -> int:
    """Usage figures: words and punctuation marks (the answerer may have no tokenizer of its own: extractive)."""
    return len(_TOKEN.findall(text or ""))


def usage(question: str, pairs: list[tuple[str, str]], answer: str) -> dict:
    prompt = count_tokens(question) + sum(count_tokens(q) + count_tokens(a) for q, a in pairs)
    completion = count_tokens(answer)
    return {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion}


def refuse_unsupported(req, served: set[str]) -> str:
    """The model name the reply carries, or a 400 naming the field this server cannot honour."""
    if req.n not in (None, 1):
        raise ApiError(400, f"n={req.n}: this server gives one choice per request; send n=1 or leave it out", "n")
    if req.logprobs:
        raise ApiError(400, "logprobs: log probabilities are not available from this server", "logprobs")
    for name, what in UNSUPPORTED.items():
        if (req.model_extra or {}).get(name) not in (None, [], "none"):
            raise ApiError(400, f"{name}: {what} are not supported by this server", name)
    if req.stream_options is not None and not req.stream:
        raise ApiError(400, "stream_options: only allowed when stream is true", "stream_options")
    model = req.model or MODEL_ALIAS
    if model not in served:
        raise ApiError(400, f"model {model!r} is not served here; use one of {sorted(served)} (GET /v1/models)",
                       "model", code="model_not_found")
    return model


def split_messages(messages: list[Message]) -> tuple[str, list[tuple[str, str]]]:
    """The question (the last message, from the user) and the earlier (question, answer) pairs.

    System and tool messages are ignored: the assistant answers from its documents with its own instructions.
    A user message with no assistant reply after it is dropped from the history (it was never answered).
    """
    last = messages[-1]
    if last.role != "user":
        raise ApiError(400, f"the last message must be the user's question (it is a {last.role!r} message)",
                       "messages")
    question = last.text()
    if not question.strip():
        raise ApiError(400, "the question is empty: the last user message has no text", "messages")
    pairs: list[tuple[str, str]] = []
    pending: str | None = None
    for m in messages[:-1]:
        if m.role == "user":
            pending = m.text()
        elif m.role == "assistant" and pending is not None:
            pairs.append((pending, m.text()))
            pending = None
    return question, pairs


def citation_json(c) -> dict:
    from rag.http_api.public import public_source

    return {**public_source(c.to_dict()), "highlight": c.highlight}


def rag_fields(answer: Answer, conversation_id: str | None) -> dict:
    out = {"refused": answer.refused, "citations": [citation_json(c) for c in answer.citations],
           "question": answer.question, "answerer": answer.answerer, "conversation_id": conversation_id}
    if answer.timeline is not None:  # a timeline question ("How has X unfolded?", "What's new?"): its dated lines
        from rag.http_api.timeline import timeline_json

        out["timeline"] = timeline_json(answer.timeline)
    return out


def router(assistant, conversations, caller_of) -> APIRouter:
    """``conversations(request, pairs, owner)`` gives the conversation a request continues and its id (None: not
    kept); ``caller_of`` is the credential dependency (whose ``owner`` turns the ``user`` field into an owner)."""
    r = APIRouter(tags=["chat"])

    def model_ids() -> list[str]:
        return [assistant.answerer_name, MODEL_ALIAS]

    def model_json(model: str) -> dict:
        return {"id": model, "object": "model", "created": 0, "owned_by": OWNED_BY}

    @r.get("/v1/models", summary="The answerer this server runs, and its alias `rag` (OpenAI's model list)")
    def models() -> dict:
        return {"object": "list", "data": [model_json(m) for m in model_ids()]}

    @r.get("/v1/models/{model}", summary="One model of the list")
    def model(model: str) -> dict:
        if model not in model_ids():
            raise ApiError(404, f"model {model!r} is not served here; GET /v1/models lists them", "model",
                           code="model_not_found")
        return model_json(model)

    @r.post("/v1/chat/completions", summary="Answer the last user message with citations (OpenAI-compatible)")
    def chat_completions(req: ChatRequest, caller: Caller = Depends(caller_of)):
        from rag import LLMError

        model = refuse_unsupported(req, set(model_ids()))
        question, pairs = split_messages(req.messages)
        flt = search_filter(assistant, req)
        conv, conversation_id = conversations(req, pairs, caller.owner(req.user))
        cid, created = f"chatcmpl-{uuid.uuid4().hex}", int(time.time())
        options = dict(top_k=req.top_k, filters=flt, today=req.as_of)
        if req.stream:
            counted = (question, pairs) if req.stream_options and req.stream_options.include_usage else None
            return StreamingResponse(
                _sse(conv.stream(question, **options), cid, created, model, conversation_id, counted),
                media_type="text/event-stream", headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
        try:
            answer = conv.ask(question, **options)
        except LLMError as e:
            raise ApiError(503, f"could not answer: {e}") from None
        return {"id": cid, "object": "chat.completion", "created": created, "model": model,
                "choices": [{"index": 0, "message": {"role": "assistant", "content": answer.answer},
                             "finish_reason": "stop", "logprobs": None}],
                "usage": usage(question, pairs, answer.answer), **rag_fields(answer, conversation_id)}

    return r


def _sse(stream, cid: str, created: int, model: str, conversation_id: str | None,
         counted: tuple[str, list] | None = None) -> Iterator[str]:
    """``counted``: (question, pairs) when the client asked for usage (``stream_options.include_usage``): sent as
    OpenAI does, in a last chunk with no choices."""
    def chunk(delta: dict | None, finish: str | None = None, **extra) -> str:
        choices = [] if delta is None else [{"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}]
        body = {"id": cid, "object": "chat.completion.chunk", "created": created, "model": model,
                "choices": choices, **extra}
        return f"data: {json.dumps(body, ensure_ascii=False)}\n\n"

    yield chunk({"role": "assistant", "content": ""})
    streamed = ""
    try:
        for kind, item in stream.events():
            if kind == "text":
                streamed += item
                yield chunk({"content": item})
                continue
            if kind == "provisional":  # shown at once while the model writes; the final chunk replaces it
                yield chunk({}, provisional=True, content=item.answer, **rag_fields(item, conversation_id))
                continue
            answer: Answer = item
            # Nothing streamed (a refusal, an empty question): the answer itself is the content.
            delta = {} if streamed else {"content": answer.answer}
            yield chunk(delta, "stop", content=answer.answer, **rag_fields(answer, conversation_id))
            if counted is not None:
                yield chunk(None, usage=usage(*counted, answer.answer))
    except Exception as e:  # the response has started: the error travels as an event OpenAI clients raise
        log.exception("streamed answer failed")
        yield f"data: {json.dumps(error_body(503, f'could not answer: {e}'))}\n\n"
    yield "data: [DONE]\n\n"
