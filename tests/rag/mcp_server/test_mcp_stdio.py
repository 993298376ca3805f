"""`rag mcp` over stdio with the official SDK's own client: a subprocess, as desktop MCP clients start it (real
Chroma, real MiniLM, extractive answers; the demo corpus ingested first)."""

from __future__ import annotations

import json
import os
import sys

import anyio
import pytest

from tests.conftest import DEMO_CORPUS

pytestmark = pytest.mark.slow


def _params(data_dir):
    from mcp import StdioServerParameters

    env = {**os.environ, "RAG_ANSWERER": "extractive", "ANONYMIZED_TELEMETRY": "False", "HF_HUB_OFFLINE": "1",
           "OMP_NUM_THREADS": "1"}
    return StdioServerParameters(command=sys.executable, args=["-m", "rag.cli.main", "mcp", "--data-dir", str(data_dir)],
                                 env=env)


def _json(result) -> dict:
    return json.loads(result.content[0].text)


def test_tools_over_stdio(tmp_path, make_assistant):
    from mcp import ClientSession, stdio_client

    data = tmp_path / "data"
    a = make_assistant(data)
    assert not a.ingest([DEMO_CORPUS]).failed
    del a

    async def run():
        async with stdio_client(_params(data)) as (read, write):
            async with ClientSession(read, write) as session:
                await session.initialize()
                names = {t.name for t in (await session.list_tools()).tools}
                assert {"search", "ask", "list_documents", "get_document", "ingest_url"} <= names
                ans = _json(await session.call_tool("ask", {"question": "Who led the Hamas delegation?"}))
                assert "al-Hayya" in ans["answer"] and not ans["refused"] and ans["citations"]
                assert "/" not in ans["citations"][0]["source"]  # a file name, never the server's folders
                found = _json(await session.call_tool("search", {"query": "Hamas delegation", "top_k": 2}))
                assert len(found["passages"]) == 2
                docs = _json(await session.call_tool("list_documents", {}))
                doc_id = found["passages"][0]["doc_id"]
                assert doc_id in json.dumps(docs)
                doc = _json(await session.call_tool("get_document", {"doc_id": doc_id}))
                assert found["passages"][0]["text"][:40] in doc["text"]
                bad = await session.call_tool("search", {"query": "x", "top_k": 0})
                assert bad.is_error
                missing = await session.call_tool("get_document", {"doc_id": "nope"})
                assert missing.is_error and "list_documents" in missing.content[0].text

    anyio.run(run)
