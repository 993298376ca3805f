"""Page load and first answer in a real Chromium (Playwright) against `rag serve` on the demo corpus, against the
same server's plain HTTP in the same run.

One `rag serve` (extractive answerer unless --answerer; data in a temp dir, the demo corpus ingested), then
``--rounds`` rounds, each a fresh browser context (a new visitor, cold page cache):

- page load: navigation until the page is usable: the question box, the answerer named and the "what can I ask"
  panel shown (every load event done). Baseline: ``GET /`` and ``GET /config`` over httpx (the bytes, no page);
- first words: Enter on the question until the answer's first words are on screen (the instant answer, or the
  model's first words when there is none). Baseline: the first content (or instant answer) chunk of the same
  question streamed from ``POST /v1/chat/completions`` (``stream: true``; same Assistant, no browser);
- first answer: Enter on the question until the finished answer with its citation is on screen. Baseline:
  the same stream's last chunk.

    OMP_NUM_THREADS=1 python -m bench.browser_timing [--rounds 5] [--answerer extractive|local]

``--answerer local`` uses the default local model (``make model``), as `rag serve` does.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.harness import ROOT

QUESTION = "Who led the Hamas delegation?"
CHROMIUM = "/usr/bin/chromium"


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve_demo(data: Path, answerer: str):
    """`rag serve` over a fresh ``data`` dir (the demo corpus ingested) with ``answerer``; (process, base URL)."""
    import httpx

    port = _port()
    env = {**os.environ, "RAG_ANSWERER": answerer, "RAG_UI_USERNAME": "", "RAG_UI_PASSWORD": "", "RAG_API_KEY": "",
           "RAG_FEEDS_INTERVAL": "0", "HF_HUB_OFFLINE": "1", "GRADIO_ANALYTICS_ENABLED": "False",
           "ANONYMIZED_TELEMETRY": "False"}
    log = open(data.parent / "serve.log", "wb")
    proc = subprocess.Popen([sys.executable, "-m", "rag.cli.main", "serve", "--port", str(port), "--data-dir", str(data)],
                            stdout=log, stderr=subprocess.STDOUT, cwd=ROOT, env=env)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit(f"rag serve exited: {(data.parent / 'serve.log').read_text()[-2000:]}")
        try:
            if httpx.get(url + "health", timeout=5).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    proc.terminate()
    sys.exit("rag serve did not start within 300 s")


def _browser_round(browser, url: str) -> tuple[float, float]:
    context = browser.new_context(viewport={"width": 1280, "height": 960})
    page = context.new_page()
    page.set_default_timeout(120_000)
    t0 = time.perf_counter()
    page.goto(url)
    page.wait_for_selector("#question textarea")
    page.wait_for_selector("#answerer code")
    page.wait_for_selector("#chat .rag-starter")
    loaded = time.perf_counter() - t0
    page.fill("#question textarea", QUESTION)
    t1 = time.perf_counter()
    page.press("#question textarea", "Enter")
    page.wait_for_function(FIRST_WORDS_JS, polling=20)
    first = time.perf_counter() - t1
    page.wait_for_selector("#chat .rag-msg:not(.rag-streaming):not(.rag-provisional) .rag-cite")
    answered = time.perf_counter() - t1
    context.close()
    return loaded, first, answered


# Words of the answer on screen: the instant answer, streamed text beyond the cursor, or the finished answer.
FIRST_WORDS_JS = """() => document.querySelector('#chat .rag-provisional, #chat .rag-msg:not(.rag-streaming) .rag-answer')
    || [...document.querySelectorAll('#chat .rag-streaming .rag-answer')].some(e => e.innerText.replace('▌', '').trim())"""


def _http_round(client, url: str) -> tuple[float, float]:
    t0 = time.perf_counter()
    client.get(url).raise_for_status()
    client.get(url + "config").raise_for_status()
    loaded = time.perf_counter() - t0
    t1 = time.perf_counter()
    first, last = None, None
    body = {"model": "rag", "stream": True, "messages": [{"role": "user", "content": QUESTION}]}
    with client.stream("POST", url + "v1/chat/completions", json=body) as r:
        r.raise_for_status()
        for line in r.iter_lines():
            if not line.startswith("data: {"):
                continue
            chunk = json.loads(line[len("data: "):])
            delta = (chunk.get("choices") or [{}])[0].get("delta") or {}
            if first is None and (delta.get("content") or chunk.get("provisional")):
                first = time.perf_counter() - t1
            if chunk.get("citations") and not chunk.get("provisional"):
                last = chunk
    assert last is not None, "no cited final chunk"
    return loaded, first, time.perf_counter() - t1


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--answerer", default="extractive")
    args = ap.parse_args()

    import httpx
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        proc, url = serve_demo(Path(tmp) / "data", args.answerer)
        try:
            with sync_playwright() as p, httpx.Client(timeout=300) as client:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox",
                                                                            "--disable-gpu"])
                # warm-up: the answerer's first use, the OS file cache; a local model's first prompt (later rounds
                # ask the same question, so its prompt prefix is cached: printed apart)
                warm = (*_browser_round(browser, url), *_http_round(client, url))
                rows = []
                for _ in range(args.rounds):  # interleaved, so machine load hits both alike
                    rows.append((*_browser_round(browser, url), *_http_round(client, url)))
                browser.close()
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    med = [statistics.median(col) * 1000 for col in zip(*rows)]
    print(f"answerer {args.answerer}, {args.rounds} rounds, medians (ms):")
    print(f"  page load    browser {med[0]:8.0f}   GET / + /config {med[3]:7.0f}   ratio {med[0] / med[3]:5.1f}")
    print(f"  first words  browser {med[1]:8.0f}   streamed, first chunk {med[4]:7.0f}   ratio {med[1] / med[4]:5.1f}")
    print(f"  first answer browser {med[2]:8.0f}   streamed, last chunk {med[5]:7.0f}   ratio {med[2] / med[5]:5.1f}")
    w = [x * 1000 for x in warm]
    print(f"  warm-up round (the server's first question): first words browser {w[1]:.0f} / streamed {w[4]:.0f}, "
          f"first answer browser {w[2]:.0f} / streamed {w[5]:.0f}")


if __name__ == "__main__":
    main()
