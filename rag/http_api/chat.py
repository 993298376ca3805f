"""OpenAI-compatible chat: POST /v1/chat/completions (streamed as server-sent events or not) and GET /v1/models.

The reply's ``content`` is the answer with its ``[n]`` markers. This assistant's own fields sit at the top level
of the response (as Perplexity's API puts its ``citations``), where OpenAI clients keep unknown fields:
``citations`` (number, doc_id, title, source, date, passage ``text``, ``highlight`` span), ``refused`` (a refusal
is an ordinary reply, marked), ``question`` (the stand-alone question retrieval used), ``conversation_id``.

Streaming: the deltas are the answer as it is generated, which is provisional (rag/cli.py prints it the same way):
validation may drop an uncited sentence, repair a marker or fall back to the extractive answer. The last chunk
carries the citations and ``content``, the validated answer the citation numbers refer to. An instant extractive
answer shown while a model writes comes as a chunk with an empty delta and ``provisional: true`` (its ``content``
and ``citations``), replaced by the last chunk's.
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import Iterator

from fastapi import APIRouter
from fastapi.responses import StreamingResponse

from rag.http_api.guard import ApiError, error_body
from rag.http_api.library import search_filter
from rag.http_api.schemas import ChatRequest, Message
from rag.types import Answer

log = logging.getLogger(__name__)

OWNED_BY = "rag-assistant"


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


def turns_from_pairs(pairs: list[tuple[str, str]]):
    """Conversation turns rebuilt from a client's message history.

    The stand-alone question of each earlier turn is re-derived by carrying subjects over (no model call per past
    turn): exactly what the conversation did with the extractive answerer; with an LLM answerer the new question
    is still rewritten by the model from these turns.
    """
    from rag.chat import Turn, condense_by_entities
    from rag.refusal import REFUSAL_TEXT

    turns: list[Turn] = []
    for question, reply in pairs:
        standalone = condense_by_entities(question, turns)
        refused = reply.strip() == REFUSAL_TEXT
        turns.append(Turn(question, standalone, Answer(answer=reply, refused=refused, question=standalone)))
    return turns


def citation_json(c) -> dict:
    return {**c.to_dict(), "highlight": c.highlight}


def rag_fields(answer: Answer, conversation_id: str | None) -> dict:
    return {"refused": answer.refused, "citations": [citation_json(c) for c in answer.citations],
            "question": answer.question, "answerer": answer.answerer, "conversation_id": conversation_id}


def router(assistant, conversations) -> APIRouter:
    """``conversations(request, pairs)`` gives the conversation a request continues and its id (None: not kept)."""
    r = APIRouter(tags=["chat"])

    def model_id() -> str:
        return assistant.answerer_name

    @r.get("/v1/models", summary="The answerer this server runs (OpenAI's model list)")
    def models() -> dict:
        return {"object": "list", "data": [{"id": model_id(), "object": "model", "created": 0, "owned_by": OWNED_BY}]}

    @r.post("/v1/chat/completions", summary="Answer the last user message with citations (OpenAI-compatible)")
    def chat_completions(req: ChatRequest):
        from rag.llm import LLMError

        question, pairs = split_messages(req.messages)
        flt = search_filter(assistant, req)
        conv, conversation_id = conversations(req, pairs)
        cid, created, model = f"chatcmpl-{uuid.uuid4().hex}", int(time.time()), model_id()
        options = dict(top_k=req.top_k, filters=flt, today=req.as_of)
        if req.stream:
            return StreamingResponse(
                _sse(conv.stream(question, **options), cid, created, model, conversation_id),
                media_type="text/event-stream", headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
        try:
            answer = conv.ask(question, **options)
        except LLMError as e:
            raise ApiError(503, f"could not answer: {e}") from None
        return {"id": cid, "object": "chat.completion", "created": created, "model": model,
                "choices": [{"index": 0, "message": {"role": "assistant", "content": answer.answer},
                             "finish_reason": "stop", "logprobs": None}],
                **rag_fields(answer, conversation_id)}

    return r


def _sse(stream, cid: str, created: int, model: str, conversation_id: str | None) -> Iterator[str]:
    def chunk(delta: dict, finish: str | None = None, **extra) -> str:
        body = {"id": cid, "object": "chat.completion.chunk", "created": created, "model": model,
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}], **extra}
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
    except Exception as e:  # the response has started: the error travels as an event OpenAI clients raise
        log.exception("streamed answer failed")
        yield f"data: {json.dumps(error_body(503, f'could not answer: {e}'))}\n\n"
    yield "data: [DONE]\n\n"
