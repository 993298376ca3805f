"""MCP tool-call latency vs the HTTP API for the same question, one `rag serve`, one run.

Starts `rag serve --api-only` (extractive answerer, an API key, the demo corpus) on a free 127.0.0.1 port, then
asks the same question, interleaved round by round (order alternating), four ways:

  search:  POST /v1/search {"query", "top_k": 5}            vs  MCP tools/call search {"query", "top_k": 5}
  ask:     POST /v1/chat/completions (not streamed)          vs  MCP tools/call ask {"question"}

The MCP side is the official SDK's client over Streamable HTTP at /mcp with one session kept open (as an agent
keeps one); the HTTP side is one httpx client with keep-alive. Both send the bearer key. Prints p50/p95 per
way and the MCP/HTTP ratio of p50s, and the one-time MCP session setup (initialize). Traffic: 127.0.0.1 only.

    .venv/bin/python -m bench.mcp_latency                # 30 rounds
    .venv/bin/python -m bench.mcp_latency --rounds 10
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench.harness import ROOT, percentile

HOST = "127.0.0.1"  # loopback only, always
KEY = "bench-key-0123456789abcdef"
QUESTION = "Who led the Hamas delegation?"
TOP_K = 5


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def start_server(work: Path, port: int, timeout: float) -> subprocess.Popen:
    env = {**os.environ, "RAG_ANSWERER": "extractive", "RAG_API_KEY": KEY, "RAG_UI_USERNAME": "",
           "RAG_UI_PASSWORD": "", "HF_HUB_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False",
           "GRADIO_ANALYTICS_ENABLED": "False"}
    env.pop("RAG_DATA_DIR", None)
    log = open(work / "serve.log", "wb")
    proc = subprocess.Popen([sys.executable, "-m", "rag.cli.main", "serve", "--api-only", "--host", HOST, "--port",
                             str(port), "--data-dir", str(work / "data")], cwd=ROOT, env=env, stdout=log,
                            stderr=subprocess.STDOUT)
    deadline = time.monotonic() + timeout
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"rag serve exited with {proc.returncode}: see {work / 'serve.log'}")
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/health", timeout=5) as r:
                if r.status == 200:
                    return proc
        except OSError:
            pass
        if time.monotonic() > deadline:
            proc.terminate()
            raise RuntimeError(f"rag serve did not answer in {timeout:.0f}s: see {work / 'serve.log'}")
        time.sleep(0.3)


async def measure(url: str, rounds: int) -> tuple[dict[str, list[float]], float, int]:
    import httpx
    import httpx2
    from mcp import ClientSession
    from mcp.client.streamable_http import streamable_http_client

    auth = {"Authorization": f"Bearer {KEY}"}
    counts: dict[str, int] = {}  # passages returned: the same on both sides, or the comparison is unfair
    chat = {"model": "rag", "messages": [{"role": "user", "content": QUESTION}]}

    async def http_search(http, _):
        r = await http.post("/v1/search", json={"query": QUESTION, "top_k": TOP_K})
        r.raise_for_status()
        counts["http"] = len(r.json()["data"])

    async def http_ask(http, _):
        r = await http.post("/v1/chat/completions", json=chat)
        r.raise_for_status()
        assert "al-Hayya" in r.json()["choices"][0]["message"]["content"]

    async def mcp_search(_, session):
        res = await session.call_tool("search", {"query": QUESTION, "top_k": TOP_K})
        assert not res.is_error
        counts["mcp"] = len(res.structured_content["passages"])

    async def mcp_ask(_, session):
        res = await session.call_tool("ask", {"question": QUESTION})
        assert not res.is_error and "al-Hayya" in res.structured_content["answer"]

    ways = {"http search": http_search, "mcp search": mcp_search, "http ask": http_ask, "mcp ask": mcp_ask}
    times: dict[str, list[float]] = {w: [] for w in ways}
    async with httpx.AsyncClient(base_url=url, headers=auth, timeout=120) as http, \
            httpx2.AsyncClient(headers=auth, timeout=httpx2.Timeout(30, read=120)) as h2, \
            streamable_http_client(f"{url}/mcp", http_client=h2) as (read, write), \
            ClientSession(read, write) as session:
        t = time.perf_counter()
        await session.initialize()
        setup = time.perf_counter() - t
        for fn in ways.values():  # warm-up: first calls load what is loaded lazily
            await fn(http, session)
        order = list(ways)
        for i in range(rounds):
            for w in (order if i % 2 == 0 else order[::-1]):
                t = time.perf_counter()
                await ways[w](http, session)
                times[w].append(time.perf_counter() - t)
    assert counts["http"] == counts["mcp"] > 0, counts
    return times, setup, counts["http"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rounds", type=int, default=30)
    ap.add_argument("--startup-timeout", type=float, default=300)
    args = ap.parse_args()

    import anyio

    with tempfile.TemporaryDirectory(prefix="mcp-bench-") as tmp:
        port = free_port()
        proc = start_server(Path(tmp), port, args.startup_timeout)
        try:
            times, setup, passages = anyio.run(measure, f"http://{HOST}:{port}", args.rounds)
        finally:
            proc.terminate()
            proc.wait(timeout=20)
    print(f"rounds: {args.rounds}; question: {QUESTION!r} ({passages} passages each search); MCP session setup (initialize): {setup * 1000:.1f} ms")
    print(f"{'way':<12} {'p50 ms':>8} {'p95 ms':>8} {'mean ms':>8}")
    for w, v in times.items():
        p50, p95 = percentile(v, 50), percentile(v, 95)
        print(f"{w:<12} {p50 * 1000:8.1f} {p95 * 1000:8.1f} {statistics.fmean(v) * 1000:8.1f}")
    for kind in ("search", "ask"):
        ratio = percentile(times[f"mcp {kind}"], 50) / percentile(times[f"http {kind}"], 50)
        print(f"{kind}: MCP/HTTP p50 ratio {ratio:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
