"""MCP over Streamable HTTP at /mcp of a real `rag serve` subprocess (UI and API on one free 127.0.0.1 port, an API
key, extractive answers, the demo corpus), with the official SDK's own client; the refusals with plain httpx."""

from __future__ import annotations

import base64
import contextlib
import json
import os
import sys
from types import SimpleNamespace

import anyio
import httpx
import pytest

from tests.conftest import ROOT, free_port
from tests.servers import running_server

pytestmark = pytest.mark.slow

KEY = "test-key-mcp-123"
PROXY_NAME = "rag.example"  # a name a reverse proxy would send (RAG_ALLOWED_HOSTS)
INIT = {"jsonrpc": "2.0", "id": 1, "method": "initialize",
        "params": {"protocolVersion": "2025-06-18", "capabilities": {},
                   "clientInfo": {"name": "test", "version": "1"}}}
MCP_HEADERS = {"Accept": "application/json, text/event-stream", "Content-Type": "application/json"}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    work = tmp_path_factory.mktemp("mcp_http")
    port = free_port()
    env = {**os.environ, "RAG_ANSWERER": "extractive", "RAG_UI_USERNAME": "", "RAG_UI_PASSWORD": "",
           "RAG_API_KEY": KEY, "RAG_ALLOWED_HOSTS": PROXY_NAME, "HF_HUB_OFFLINE": "1",
           "GRADIO_ANALYTICS_ENABLED": "False", "ANONYMIZED_TELEMETRY": "False"}
    cmd = [sys.executable, "-m", "rag.cli.main", "serve", "--port", str(port), "--data-dir", str(work / "data")]
    url = f"http://127.0.0.1:{port}"
    with running_server(cmd, work / "serve.log", f"{url}/health", name="rag serve", timeout=300, cwd=ROOT, env=env):
        yield SimpleNamespace(url=url, mcp=f"{url}/mcp", port=port)


@contextlib.asynccontextmanager
async def _session(url: str, key: str | None):
    """The SDK's client session over Streamable HTTP, sending ``key`` as the bearer token."""
    import httpx2
    from mcp import ClientSession
    from mcp.client.streamable_http import streamable_http_client

    headers = {"Authorization": f"Bearer {key}"} if key else {}
    async with httpx2.AsyncClient(headers=headers, timeout=httpx2.Timeout(30, read=120)) as http, \
            streamable_http_client(url, http_client=http) as (read, write), ClientSession(read, write) as session:
        yield session


def _json(result) -> dict:
    assert not result.is_error, result.content
    return json.loads(result.content[0].text)


def test_every_tool_over_http(server):
    async def run():
        async with _session(server.mcp, KEY) as session:
            await session.initialize()
            names = {t.name for t in (await session.list_tools()).tools}
            assert {"search", "ask", "list_documents", "get_document", "ingest_url"} <= names
            ans = _json(await session.call_tool("ask", {"question": "Who led the Hamas delegation?"}))
            assert "al-Hayya" in ans["answer"] and "[1]" in ans["answer"] and not ans["refused"]
            assert "/" not in ans["citations"][0]["source"]  # a file name, never the server's folders
            found = _json(await session.call_tool("search", {"query": "Hamas delegation", "top_k": 2}))
            assert len(found["passages"]) == 2 and found["passages"][0]["highlight"]
            doc_id = found["passages"][0]["doc_id"]
            assert doc_id in {d["doc_id"] for d in _json(await session.call_tool("list_documents", {}))["documents"]}
            doc = _json(await session.call_tool("get_document", {"doc_id": doc_id}))
            assert found["passages"][0]["text"][:40] in doc["text"]
            resource = await session.read_resource(f"doc://{doc_id}")
            assert resource.contents[0].text == doc["text"]
            # The fetch rules hold over HTTP too: a loopback address is refused, for that URL only.
            ingested = _json(await session.call_tool("ingest_url", {"url": "http://127.0.0.1:9/page"}))
            assert ingested["failed"] and "127.0.0.1" in ingested["failed"][0] and not ingested["added"]

            bad = await session.call_tool("search", {"query": "x", "top_k": 0})
            assert bad.is_error and "top_k" in bad.content[0].text
            missing = await session.call_tool("get_document", {"doc_id": "nope"})
            assert missing.is_error and "list_documents" in missing.content[0].text

    anyio.run(run)


def test_missing_key_is_a_clear_error_for_the_sdk_client(server):
    from mcp import MCPError

    async def run():
        async with _session(server.mcp, None) as session:
            with pytest.raises(MCPError, match="Authorization: Bearer"):
                await session.initialize()

    anyio.run(run)


@pytest.mark.parametrize("authorization", [None, "Bearer wrong-key", "Basic " + base64.b64encode(b"me:wrong").decode()])
def test_missing_or_wrong_key_is_refused_401(server, authorization):
    headers = {**MCP_HEADERS, **({"Authorization": authorization} if authorization else {})}
    r = httpx.post(server.mcp, json=INIT, headers=headers, timeout=30)
    assert r.status_code == 401, r.text
    assert r.headers["www-authenticate"].startswith("Bearer")
    assert "RAG_API_KEY" in r.json()["error"]["message"]


def test_the_sdk_answers_the_names_the_server_serves(server):
    """A proxy's name in RAG_ALLOWED_HOSTS reaches the tools (the SDK's own check alone answers 421 for it when
    bound to 127.0.0.1); a name not served is refused by the app's Host check, as on /v1."""
    headers = {**MCP_HEADERS, "Authorization": f"Bearer {KEY}"}
    ok = httpx.post(server.mcp, json=INIT, headers={**headers, "Host": f"{PROXY_NAME}:{server.port}"}, timeout=30)
    assert ok.status_code == 200, ok.text
    assert ok.headers.get("mcp-session-id")
    evil = httpx.post(server.mcp, json=INIT, headers={**headers, "Host": "evil.example"}, timeout=30)
    assert evil.status_code == 400 and "RAG_ALLOWED_HOSTS" in evil.text
