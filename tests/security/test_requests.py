"""Issue 25, items 4, 6, 7, 8 against the default setup (loopback, no credential, the UI mounted): CSRF and
DNS-rebinding checks, clean 4xx for odd input, upload names and copies, OpenAI's shapes with the `openai` client.
Real uvicorn server (tests/security/serve.py), real httpx and openai clients."""

from __future__ import annotations

import json
from types import SimpleNamespace

import httpx
import pytest

from tests.security.serve import serving

QUESTION = "Who led the Hamas delegation?"
ARTICLE = b"# Harbour\n\nThe Port Quill harbour master is Ines Varga, appointed in May.\n"


@pytest.fixture(scope="module")
def server(tmp_path_factory, embedder):
    from rag import Assistant

    data = tmp_path_factory.mktemp("default") / "data"
    a = Assistant(data_dir=data, embedder=embedder, answerer="extractive", api_key=None, ui_username=None,
                  ui_password=None, ui_users=None)
    with serving(a) as url:
        with httpx.Client(base_url=url, timeout=60) as http:
            yield SimpleNamespace(url=url, http=http, assistant=a, uploads=data / "uploads")


def _titles(a) -> set[str]:
    return {d.title for d in a.documents()}


# --- item 4: CSRF and DNS rebinding ----------------------------------------------------------------------------

def test_a_cross_origin_upload_is_refused(server):
    files = {"files": ("planted.md", ARTICLE)}
    for headers in ({"Origin": "http://evil.example"}, {"Origin": "null"},
                    {"Origin": "http://127.0.0.1:1"},  # another port is another origin
                    {"Sec-Fetch-Site": "cross-site"}):
        r = server.http.post("/v1/documents", files=files, headers=headers)
        assert r.status_code == 403, (headers, r.text)
        assert "refused" in r.json()["error"]["message"]
    assert "Harbour" not in _titles(server.assistant)
    r = server.http.post("/v1/documents", files=files, headers={"Origin": server.url})  # this server's own page
    assert r.status_code == 200 and r.json()["data"][0]["status"] == "added", r.text
    server.assistant.delete(next(d.doc_id for d in server.assistant.documents() if d.title == "Harbour"))


def test_a_host_not_served_is_refused(server):
    port = server.url.rsplit(":", 1)[1]
    for path in ("/v1/documents", "/gradio_api/info", "/config", "/"):
        r = server.http.get(path, headers={"Host": f"evil.example:{port}"})
        assert r.status_code == 400 and "RAG_ALLOWED_HOSTS" in r.json()["error"]["message"], (path, r.text)
    assert server.http.get("/v1/documents", headers={"Host": f"localhost:{port}"}).status_code == 200
    r = server.http.post("/gradio_api/queue/join", json={"data": [], "fn_index": 0, "session_hash": "s"},
                         headers={"Host": "rebound.example"})
    assert r.status_code == 400


def test_allowed_hosts_setting(make_assistant):
    a = make_assistant(allowed_hosts="rag.example.org")
    with serving(a, api_only=True, demo=False) as url:
        assert httpx.get(f"{url}/v1/documents", headers={"Host": "rag.example.org"}).status_code == 200
        assert httpx.get(f"{url}/v1/documents", headers={"Host": "other.example"}).status_code == 400


# --- item 6: 4xx and 503, never a 500 ----------------------------------------------------------------------------

def test_a_lone_surrogate_is_a_400(server):
    body = b'{"messages": [{"role": "user", "content": "Who \\ud800 led?"}]}'
    r = server.http.post("/v1/chat/completions", content=body, headers={"Content-Type": "application/json"})
    assert r.status_code == 400 and "surrogate" in r.json()["error"]["message"], r.text
    assert r.json()["error"]["param"] == "messages.0.content"
    assert server.http.get("/health").status_code == 200


def test_long_and_non_ascii_names_keep_their_extension_and_the_batch(server):
    names = ["é" * 150 + ".md", "a" * 250 + ".md", "ok.md"]
    files = [("files", (n, ARTICLE.replace(b"Ines", f"Ines{i}".encode()))) for i, n in enumerate(names)]
    r = server.http.post("/v1/documents", files=files)
    assert r.status_code == 200, r.text
    assert [row["status"] for row in r.json()["data"]] == ["added"] * 3, r.text
    stored = sorted(p.name for p in server.uploads.iterdir())
    assert all(n.endswith(".md") and len(n.encode()) <= 200 for n in stored), stored
    assert "ok.md" in stored and any(n.startswith("é" * 90) for n in stored)
    for d in server.assistant.documents():
        if d.title == "Harbour":
            server.assistant.delete(d.doc_id)


@pytest.mark.slow
def test_chroma_gone_while_serving_is_a_503_and_health_says_so(make_assistant, tmp_path):
    import shutil
    import sys
    from pathlib import Path

    from tests.conftest import free_port
    from tests.servers import running_server

    exe = shutil.which("chroma", path=str(Path(sys.executable).parent))
    port = free_port()
    cmd = [exe, "run", "--path", str(tmp_path / "db"), "--host", "127.0.0.1", "--port", str(port)]
    chroma = f"http://127.0.0.1:{port}"
    with running_server(cmd, tmp_path / "chroma.log", f"{chroma}/api/v2/heartbeat", name="chroma", timeout=60) as p:
        a = make_assistant(chroma_url=chroma)
        with serving(a, api_only=True) as url:
            assert httpx.get(f"{url}/health").json() == {"status": "ok"}
            p.terminate()
            p.wait(20)
            r = httpx.get(f"{url}/health", timeout=60)
            assert r.status_code == 503 and "does not answer" in r.json()["error"]["message"], r.text
            r = httpx.post(f"{url}/v1/search", json={"query": QUESTION}, timeout=60)
            assert r.status_code == 503 and r.json()["error"]["code"] == "service_unavailable", r.text
            assert r.headers["retry-after"]


# --- item 7: upload copies, duplicate names, paths in messages ----------------------------------------------

def test_upload_copies_go_with_their_documents(server):
    r = server.http.post("/v1/documents", files=[("files", ("dup.md", ARTICLE)),
                                                 ("files", ("dup.md", ARTICLE.replace(b"Ines", b"Other"))),
                                                 ("files", ("broken.pdf", b"%PDF-1.4 not really"))])
    rows = {(row["name"], row["status"]): row["detail"] for row in r.json()["data"]}
    assert ("dup.md", "added") in rows and "not stored" in rows[("dup.md", "failed")], rows
    assert ("broken.pdf", "failed") in rows
    assert not any("/" in row["name"] + row["detail"] for row in r.json()["data"]), r.json()
    assert sorted(p.name for p in server.uploads.iterdir()) == ["dup.md"]  # the failed copy is gone
    assert "Ines" in (server.uploads / "dup.md").read_text()  # the first copy, as reported
    doc = next(d for d in server.assistant.documents() if d.title == "Harbour")
    assert server.http.delete(f"/v1/documents/{doc.doc_id}").status_code == 200
    assert list(server.uploads.iterdir()) == []


def test_error_messages_hide_server_paths():
    from rag.http_api.guard import error_body

    msg = error_body(503, "cannot open the Chroma store in RAG_DATA_DIR=/srv/rag/data: disk I/O error")
    assert msg["error"]["message"] == "cannot open the Chroma store in RAG_DATA_DIR=data: disk I/O error"


def test_replies_never_show_server_paths(server):
    """Citations, search results, the library and kept conversations name a file, never the server's folders."""
    from tests.conftest import DEMO_CORPUS

    root = str(DEMO_CORPUS.parent.parent)  # the checkout the demo corpus was ingested from
    body = {"model": "rag", "messages": [{"role": "user", "content": QUESTION}], "conversation_id": "paths-1"}
    replies = {
        "chat": server.http.post("/v1/chat/completions", json=body),
        "stream": server.http.post("/v1/chat/completions", json={**body, "stream": True, "conversation_id": None}),
        "search": server.http.post("/v1/search", json={"query": QUESTION}),
        "documents": server.http.get("/v1/documents"),
        "conversation": server.http.get("/v1/conversations/paths-1"),
        "markdown": server.http.get("/v1/conversations/paths-1/markdown"),
    }
    for name, r in replies.items():
        assert r.status_code == 200, (name, r.text)
        assert root not in r.text, (name, r.text[:2000])
    cite = replies["chat"].json()["citations"][0]
    assert cite["source"] in {p.name for p in DEMO_CORPUS.iterdir()} and "path" not in cite, cite
    hit = replies["search"].json()["data"][0]
    assert hit["source"].endswith(".md") and "/" not in hit["source"] and "path" not in hit
    assert {d["source"] for d in replies["documents"].json()["data"]} == {p.name for p in DEMO_CORPUS.iterdir()}


# --- item 8: OpenAI's shapes -------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def client(server):
    from openai import OpenAI

    return OpenAI(base_url=f"{server.url}/v1", api_key="unused", max_retries=0, timeout=60)


def test_usage_is_reported(client):
    r = client.chat.completions.create(model="rag", messages=[{"role": "user", "content": QUESTION}])
    assert r.usage.prompt_tokens == 6 and r.usage.completion_tokens > 0
    assert r.usage.total_tokens == r.usage.prompt_tokens + r.usage.completion_tokens
    assert r.model == "rag"
    chunks = list(client.chat.completions.create(model="extractive", stream=True, stream_options={"include_usage": True},
                                                 messages=[{"role": "user", "content": QUESTION}]))
    assert chunks[-1].choices == [] and chunks[-1].usage.completion_tokens > 0
    assert all(c.usage is None for c in chunks[:-1]) and chunks[0].model == "extractive"


def test_unsupported_requests_are_400s_naming_the_field(client):
    import openai

    msgs = [{"role": "user", "content": QUESTION}]
    for kwargs, param in (({"model": "gpt-4o"}, "model"), ({"model": "rag", "n": 2}, "n"),
                          ({"model": "rag", "logprobs": True}, "logprobs"),
                          ({"model": "rag", "tools": [{"type": "function", "function": {"name": "f"}}]}, "tools")):
        with pytest.raises(openai.BadRequestError) as e:
            client.chat.completions.create(messages=msgs, **kwargs)
        assert e.value.body["param"] == param, e.value.body
        assert isinstance(e.value.code, str)
    assert e.value.status_code == 400


def test_models_can_be_retrieved_with_the_ui_mounted(client, server):
    import openai

    assert {m.id for m in client.models.list()} == {"extractive", "rag"}
    assert client.models.retrieve("rag").id == "rag"
    with pytest.raises(openai.NotFoundError) as e:
        client.models.retrieve("gpt-4o")
    assert e.value.code == "model_not_found"
    r = server.http.get("/v1/nothing-here")
    assert r.status_code == 404 and isinstance(r.json()["error"]["code"], str)
