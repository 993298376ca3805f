"""The HTTP API against a real `rag serve` subprocess on a free 127.0.0.1 port (UI and API on one port, extractive
answerer, demo corpus): the official `openai` client for chat (streamed and not), plain HTTP for the rest,
including every kind of bad request (each must be a 4xx with a clear message, never a 500).
"""

from __future__ import annotations

import json
import os
import sys
from types import SimpleNamespace

import httpx
import pytest

from tests.conftest import ROOT, free_port
from tests.servers import running_server

KEY = "test-key-123"
QUESTION = "Who led the Hamas delegation?"
JIHAD = "Who is the secretary-general of Islamic Jihad?"


def _serve(work, *extra, env_extra=None):
    port = free_port()
    env = {**os.environ, "RAG_ANSWERER": "extractive", "RAG_UI_USERNAME": "", "RAG_UI_PASSWORD": "",
           "RAG_API_KEY": "", "HF_HUB_OFFLINE": "1", "GRADIO_ANALYTICS_ENABLED": "False",
           "ANONYMIZED_TELEMETRY": "False", **(env_extra or {})}
    cmd = [sys.executable, "-m", "rag.cli.main", "serve", "--port", str(port), "--data-dir", str(work / "data"), *extra]
    url = f"http://127.0.0.1:{port}"
    return url, running_server(cmd, work / "serve.log", f"{url}/health", name="rag serve", timeout=300, cwd=ROOT,
                               env=env)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """`rag serve` with the UI and the API, an API key, and small limits so that oversize is cheap to send."""
    work = tmp_path_factory.mktemp("api")
    url, ctx = _serve(work, env_extra={"RAG_API_KEY": KEY, "RAG_API_MAX_UPLOAD_MB": "0.5",
                                       "RAG_UI_MAX_UPLOAD_MB": "0.05"})
    with ctx:
        client = httpx.Client(base_url=url, headers={"Authorization": f"Bearer {KEY}"}, timeout=120)
        yield SimpleNamespace(url=url, http=client, work=work)
        client.close()


@pytest.fixture(scope="module")
def openai_client(server):
    from openai import OpenAI

    return OpenAI(base_url=f"{server.url}/v1", api_key=KEY, max_retries=0, timeout=120)


def _error(r: httpx.Response, status: int) -> str:
    assert r.status_code == status, (r.status_code, r.text)
    body = r.json()
    assert body["error"]["message"], body
    return body["error"]["message"]


# --- chat with the openai client -----------------------------------------------------------------------------


def test_chat_answers_with_markers_and_structured_citations(openai_client):
    c = openai_client.chat.completions.create(model="rag", messages=[{"role": "user", "content": QUESTION}])
    content = c.choices[0].message.content
    assert "al-Hayya" in content and "[1]" in content, content
    extra = c.model_extra
    assert extra["refused"] is False and extra["conversation_id"] is None
    cite = extra["citations"][0]
    assert cite["number"] == 1 and cite["doc_id"] and cite["title"] and cite["source"].endswith(".md")
    assert cite["highlight"] in cite["text"] and "al-Hayya" in cite["highlight"]
    assert cite["text"][cite["highlight_start"]:cite["highlight_end"]] == cite["highlight"]


def test_chat_streams_deltas_then_citations(openai_client):
    stream = openai_client.chat.completions.create(model="rag", stream=True,
                                                   messages=[{"role": "user", "content": QUESTION}])
    chunks = list(stream)
    text = "".join(ch.choices[0].delta.content or "" for ch in chunks)
    last = chunks[-1]
    assert last.choices[0].finish_reason == "stop"
    assert "al-Hayya" in text and last.model_extra["content"] == text
    assert last.model_extra["citations"][0]["number"] == 1 and last.model_extra["refused"] is False


def test_message_history_drives_follow_ups(openai_client):
    first = openai_client.chat.completions.create(model="rag", messages=[{"role": "user", "content": JIHAD}])
    history = [{"role": "system", "content": "ignored"}, {"role": "user", "content": JIHAD},
               {"role": "assistant", "content": first.choices[0].message.content},
               {"role": "user", "content": "Who is his deputy?"}]
    second = openai_client.chat.completions.create(model="rag", messages=history)
    assert "al-Hindi" in second.choices[0].message.content
    from rag.conversation.session import Turn, condense_by_entities
    from rag.types import Answer

    as_a_conversation = condense_by_entities("Who is his deputy?", [Turn(JIHAD, JIHAD, Answer(
        answer=first.choices[0].message.content))])
    assert "Islamic Jihad" in as_a_conversation  # the context a Python conversation carries over
    assert second.model_extra["question"] == as_a_conversation
    alone = openai_client.chat.completions.create(model="rag", messages=history[-1:])
    assert alone.model_extra["question"] == "Who is his deputy?"  # without the history: no context carried


def test_a_refusal_is_an_ordinary_reply_marked_refused(openai_client):
    for stream in (False, True):
        r = openai_client.chat.completions.create(model="rag", stream=stream,
                                                  messages=[{"role": "user", "content": "What is the capital of Peru?"}])
        last = list(r)[-1] if stream else r
        assert last.model_extra["refused"] is True and last.model_extra["citations"] == []
        assert "don't contain" in last.model_extra.get("content", "") or "don't contain" in r.choices[0].message.content


def test_models_lists_the_answerer(openai_client):
    assert [m.id for m in openai_client.models.list()] == ["extractive", "rag"]


def test_openai_client_sees_clear_errors(openai_client):
    import openai

    with pytest.raises(openai.BadRequestError, match="the question is empty"):
        openai_client.chat.completions.create(model="rag", messages=[{"role": "user", "content": "  "}])
    bad = openai.OpenAI(base_url=openai_client.base_url, api_key="wrong", max_retries=0)
    with pytest.raises(openai.AuthenticationError, match="API key"):
        bad.models.list()


# --- kept conversations ---------------------------------------------------------------------------------------


def test_a_kept_conversation_continues_from_its_id_alone(server):
    def ask(q, **kw):
        r = server.http.post("/v1/chat/completions", json={"messages": [{"role": "user", "content": q}],
                                                            "conversation_id": "jihad-1", **kw})
        assert r.status_code == 200, r.text
        return r.json()

    assert ask(JIHAD, as_of="2025-10-25")["conversation_id"] == "jihad-1"
    second = ask("Who is his deputy?")
    assert "al-Hindi" in second["choices"][0]["message"]["content"]
    listed = server.http.get("/v1/conversations").json()["data"]
    mine = next(c for c in listed if c["id"] == "jihad-1")
    assert mine["turns"] == 2 and mine["title"] == JIHAD
    got = server.http.get("/v1/conversations/jihad-1").json()
    assert got["data"][0]["asked_on"] == "2025-10-25" and got["data"][1]["citations"]
    md = server.http.get("/v1/conversations/jihad-1/markdown")
    assert md.headers["content-type"].startswith("text/markdown")
    assert "## 2. Who is his deputy?" in md.text and "al-Hindi" in md.text and "[1]" in md.text
    # another user neither sees nor continues it
    assert server.http.get("/v1/conversations", params={"user": "bob"}).json()["data"] == []
    r = server.http.post("/v1/chat/completions", json={"messages": [{"role": "user", "content": "And then?"}],
                                                        "conversation_id": "jihad-1", "user": "bob"})
    assert "no conversation" in _error(r, 404)
    assert server.http.patch("/v1/conversations/jihad-1", json={"title": "Jihad"}).json()["title"] == "Jihad"
    assert server.http.delete("/v1/conversations/jihad-1").json()["deleted"] is True
    _error(server.http.get("/v1/conversations/jihad-1"), 404)


# --- search and documents --------------------------------------------------------------------------------------


def test_search_and_filters(server):
    r = server.http.post("/v1/search", json={"query": QUESTION, "top_k": 2, "today": "2025-10-25"})
    assert r.status_code == 200, r.text
    data = r.json()["data"]
    assert len(data) == 2 and "al-Hayya" in data[0]["text"]
    other = next(d for d in server.http.get("/v1/documents").json()["data"] if d["doc_id"] != data[0]["doc_id"])
    only = server.http.post("/v1/search", json={"query": QUESTION, "documents": [other["doc_id"]]}).json()["data"]
    assert only and {p["doc_id"] for p in only} == {other["doc_id"]}


def test_upload_list_delete(server):
    article = b"# Harbour report\n\nThe harbour master of Port Quill is Odile Farrow, appointed in 2024.\n"
    files = [("files", ("quill.md", article, "text/markdown")), ("files", ("empty.txt", b"", "text/plain")),
             ("files", ("big.txt", b"word " * 20_000, "text/plain"))]  # 100 kB: over the 0.05 MB file limit
    r = server.http.post("/v1/documents", files=files)
    assert r.status_code == 200, r.text
    rows = {row["name"]: row for row in r.json()["data"]}
    assert rows["quill.md"]["status"] == "added"
    assert rows["empty.txt"]["status"] == "failed" and rows["empty.txt"]["detail"]
    assert rows["big.txt"]["status"] == "failed" and "upload limit" in rows["big.txt"]["detail"]
    again = server.http.post("/v1/documents", files=files[:1]).json()["data"]
    assert again[0]["status"] == "unchanged"
    doc = next(d for d in server.http.get("/v1/documents").json()["data"] if d["title"] == "Harbour report")
    ans = server.http.post("/v1/chat/completions", json={
        "messages": [{"role": "user", "content": "Who is the harbour master of Port Quill?"}],
        "documents": [doc["doc_id"]]}).json()
    assert "Odile Farrow" in ans["choices"][0]["message"]["content"]
    assert server.http.delete(f"/v1/documents/{doc['doc_id']}").json() == {"id": doc["doc_id"],
                                                                           "object": "document", "deleted": True}
    assert "no document" in _error(server.http.delete(f"/v1/documents/{doc['doc_id']}"), 404)


# --- bad requests: 4xx with a clear message --------------------------------------------------------------------


def test_bad_requests_get_clear_4xx(server):
    h = server.http
    chat = "/v1/chat/completions"
    raw = h.post(chat, content=b'{"messages": [', headers={"Content-Type": "application/json"})
    assert "not valid JSON" in _error(raw, 400)
    assert "messages" in _error(h.post(chat, json={}), 400)
    assert "messages" in _error(h.post(chat, json={"messages": []}), 400)
    assert "empty" in _error(h.post(chat, json={"messages": [{"role": "user", "content": ""}]}), 400)
    assert "last message" in _error(h.post(chat, json={"messages": [{"role": "assistant", "content": "hi"}]}), 400)
    q = [{"role": "user", "content": QUESTION}]
    assert "unknown document" in _error(h.post(chat, json={"messages": q, "documents": ["nope"]}), 400)
    assert "date_from" in _error(h.post(chat, json={"messages": q, "date_from": "2025-13-40"}), 400)
    assert "as_of" in _error(h.post(chat, json={"messages": q, "as_of": "yesterday-ish"}), 400)
    assert "after" in _error(h.post(chat, json={"messages": q, "date_from": "2025-02-01", "date_to": "2025-01-01"}), 400)
    assert "top_k" in _error(h.post(chat, json={"messages": q, "top_k": 0}), 400)
    assert "conversation_id" in _error(h.post(chat, json={"messages": q, "conversation_id": "../etc"}), 400)
    assert "empty" in _error(h.post("/v1/search", json={"query": "   "}), 400)
    assert "today" in _error(h.post("/v1/search", json={"query": QUESTION, "today": "2025-02-30"}), 400)
    big = {"messages": [{"role": "user", "content": "x" * 1_100_000}]}
    assert "limit" in _error(h.post(chat, json=big), 413)
    chunked = (b'{"messages": [{"role": "user", "content": "' + b"x" * 100_000 for _ in range(12))  # no Content-Length
    assert "limit" in _error(h.post(chat, content=chunked, headers={"Content-Type": "application/json"}), 413)
    upload = [("files", ("huge.txt", b"a" * 600_000, "text/plain"))]
    assert "limit" in _error(h.post("/v1/documents", files=upload), 413)
    head = b'--b\r\nContent-Disposition: form-data; name="files"; filename="a.txt"\r\n\r\n'
    streamed = (head if i == 0 else b"a" * 100_000 for i in range(8))  # chunked: no Content-Length to check first
    r = h.post("/v1/documents", content=streamed, headers={"Content-Type": "multipart/form-data; boundary=b"})
    assert "limit" in _error(r, 413)
    assert "files" in _error(h.post("/v1/documents", files=[("other", ("a.txt", b"x", "text/plain"))]), 400)
    assert "API key" in _error(httpx.get(f"{server.url}/v1/documents"), 401)


def test_ui_and_openapi_share_the_port(server):
    page = httpx.get(f"{server.url}/", timeout=30)
    assert page.status_code == 200 and "gradio" in page.text.lower()
    spec = httpx.get(f"{server.url}/openapi.json", timeout=30).json()
    assert {"/v1/chat/completions", "/v1/search", "/v1/documents", "/v1/models"} <= set(spec["paths"])
    docs = httpx.get(f"{server.url}/docs", timeout=30)
    assert docs.status_code == 200 and "cdn" not in docs.text  # offline: the page's assets come from this server
    assert httpx.get(f"{server.url}/static-offline-docs/swagger-ui-bundle.js", timeout=30).status_code == 200


def test_api_only_is_open_on_loopback_without_a_key(tmp_path):
    url, ctx = _serve(tmp_path, "--api-only", "--no-demo")
    with ctx:
        r = httpx.get(f"{url}/", follow_redirects=False, timeout=30)
        assert r.status_code in (302, 307) and r.headers["location"] == "/docs"
        listing = httpx.get(f"{url}/v1/documents", timeout=30).json()
        assert listing["data"] == [] and listing["total"] == 0 and listing["has_more"] is False
        r = httpx.post(f"{url}/v1/chat/completions", json={"messages": [{"role": "user", "content": QUESTION}]},
                       timeout=60)
        assert r.status_code == 200 and r.json()["refused"] is True  # an empty store refuses, it does not fail


@pytest.mark.slow
def test_local_model_answers_through_the_openai_client(tmp_path):
    from tests.rag.llm_support import require_model

    require_model()
    url, ctx = _serve(tmp_path, "--api-only", env_extra={"RAG_ANSWERER": "local"})
    with ctx:
        from openai import OpenAI

        client = OpenAI(base_url=f"{url}/v1", api_key="unused", max_retries=0, timeout=300)
        assert client.models.list().data[0].id == "local"
        chunks = list(client.chat.completions.create(model="local", stream=True,
                                                     messages=[{"role": "user", "content": QUESTION}]))
        last = chunks[-1].model_extra
        assert "al-Hayya" in last["content"] and last["citations"], json.dumps(last)[:500]
        marked = [i for i, c in enumerate(chunks) if c.model_extra.get("provisional")]  # the instant answer:
        assert marked and marked[0] < len(chunks) - 1 and chunks[marked[0]].model_extra["citations"]  # then replaced
