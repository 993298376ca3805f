"""Timelines through the faces: POST /v1/timeline and the chat's `timeline` field over real HTTP (uvicorn, httpx,
the served app with an API key), the MCP `timeline` tool with the SDK's client, and `rag timeline`."""

from __future__ import annotations

import json

import anyio
import httpx
import pytest

from tests.conftest import ROOT
from tests.security.serve import serving

SET = ROOT / "bench" / "timeline_set" / "data" / "docs"
TODAY = "2025-11-20"
KEY = "t" * 24


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory, embedder):
    from rag import Assistant

    d = tmp_path_factory.mktemp("timeline_faces") / "data"
    Assistant(data_dir=d, embedder=embedder, answerer="extractive").ingest(sorted(SET.glob("dunmere-strike-*.md")))
    return d


@pytest.fixture(scope="module")
def server(data_dir, embedder):
    from rag import Assistant

    a = Assistant(data_dir=data_dir, embedder=embedder, answerer="extractive", api_key=KEY)
    with serving(a, api_only=True, demo=False) as url:
        yield url


def _http(url: str) -> httpx.Client:
    return httpx.Client(base_url=url, headers={"Authorization": f"Bearer {KEY}"}, timeout=120)


def test_post_timeline_gives_dated_cited_lines_without_server_paths(server):
    with _http(server) as http:
        r = http.post("/v1/timeline", json={"topic": "the Dunmere rail strike", "as_of": TODAY})
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["object"] == "timeline" and body["until"] == TODAY
        days = [x["day"] for x in body["lines"]]
        assert days == sorted(days) and days[0] == "2025-09-08"
        vote = next(x for x in body["lines"] if "71 percent" in x["text"])
        assert vote["disagreement"] and len(vote["citations"]) == 2
        for x in body["lines"]:
            for c in x["citations"]:
                assert "path" not in c and "/" not in c["source"] and c["highlight"] in c["text"]
            assert not any("/work/" in s for s in x["sources"])
        r = http.post("/v1/timeline", json={"topic": "the Dunmere rail strike", "as_of": TODAY,
                                            "since": "2025-10-01", "until": "2025-10-15"})
        assert all("2025-10-01" <= x["day"] <= "2025-10-15" for x in r.json()["lines"])


def test_post_timeline_refuses_bad_requests_naming_the_field(server):
    with _http(server) as http:
        r = http.post("/v1/timeline", json={"topic": "the strike", "since": "2025-10-10", "until": "2025-10-01"})
        assert r.status_code == 400 and "since" in r.text
        r = http.post("/v1/timeline", json={"topic": "???"})
        assert r.status_code in (400, 422) and "topic" in r.text
        r = http.post("/v1/timeline", json={"topic": "the strike", "documents": ["nope"]})
        assert r.status_code == 400 and "unknown document" in r.text
    assert httpx.post(f"{server}/v1/timeline", json={"topic": "the strike"}).status_code == 401


def test_chat_completions_carry_the_timeline_of_a_timeline_question(server):
    from openai import OpenAI

    client = OpenAI(base_url=f"{server}/v1", api_key=KEY, max_retries=0, timeout=120)
    reply = client.chat.completions.create(model="rag", messages=[
        {"role": "user", "content": "How has the Dunmere rail strike unfolded?"}], extra_body={"as_of": TODAY})
    assert reply.choices[0].message.content.startswith("- 2025-09-08: ")
    tl = reply.model_extra["timeline"]
    assert tl["object"] == "timeline" and len(tl["lines"]) >= 10


def test_whats_new_in_a_kept_api_conversation(server):
    with _http(server) as http:
        def ask(q, day):
            r = http.post("/v1/chat/completions", json={"messages": [{"role": "user", "content": q}],
                                                        "conversation_id": "strike-1", "as_of": day})
            assert r.status_code == 200, r.text
            return r.json()

        first = ask("How has the Dunmere rail strike unfolded?", "2025-09-29")
        assert max(x["day"] for x in first["timeline"]["lines"]) <= "2025-09-29"
        new = ask("What's new?", TODAY)
        days = [x["day"] for x in new["timeline"]["lines"]]
        assert days and min(days) > "2025-09-29"
        assert "71 percent" in new["choices"][0]["message"]["content"]
        nothing = ask("Anything since then?", TODAY)
        assert nothing["choices"][0]["message"]["content"].startswith("Nothing new has arrived")


def test_mcp_timeline_tool(server):
    async def call():
        import httpx2
        from mcp import ClientSession
        from mcp.client.streamable_http import streamable_http_client

        headers = {"Authorization": f"Bearer {KEY}"}
        async with httpx2.AsyncClient(headers=headers, timeout=httpx2.Timeout(30, read=120)) as http, \
                streamable_http_client(f"{server}/mcp", http_client=http) as (read, write), \
                ClientSession(read, write) as session:
            await session.initialize()
            return await session.call_tool("timeline", {"topic": "the Dunmere rail strike", "as_of": TODAY})

    result = anyio.run(call)
    assert not result.is_error, result.content
    body = json.loads(result.content[0].text)
    assert body["lines"][0]["day"] == "2025-09-08" and body["lines"][0]["citations"][0]["number"] == 1


def test_rag_timeline_cli(data_dir, capsys):
    from rag.cli.main import main

    assert main(["timeline", "the Dunmere rail strike in October", "--as-of", TODAY,
                 "--data-dir", str(data_dir), "--json"]) == 0
    body = json.loads(capsys.readouterr().out)
    assert body["since"] == "2025-10-01" and all(x["day"].startswith("2025-10") for x in body["lines"])
    assert main(["timeline", "the Dunmere rail strike", "--as-of", TODAY, "--data-dir", str(data_dir)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("2025-09-08  Train drivers") and "another report gives 64 percent" in out
    assert main(["timeline", "the strike", "--since", "2025-10-10", "--until", "2025-10-01",
                 "--data-dir", str(data_dir)]) == 2
