"""README's screenshot (docs/screenshot.png), retaken from the real app: `rag serve` on the demo corpus (a fresh
temp data dir, as a first `make run`), Debian's Chromium through Playwright at 1280x960, one question asked, its
question scrolled to the top of the chat and its first citation marker hovered, so its source is lit up
with the cited span highlighted.

    OMP_NUM_THREADS=1 python -m bench.screenshot [--answerer local|extractive] [--question Q] [--out PATH]

``--answerer local`` (the default) is the product's default local model (``make model``). Not a measurement: it
lives here beside bench/browser_timing.py, whose server start it shares.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from bench.browser_timing import CHROMIUM, serve_demo
from bench.harness import ROOT

QUESTION = "Who is the intelligence chief?"
ANSWERED = "#chat .rag-msg:not(.rag-streaming):not(.rag-provisional)"


def take(url: str, question: str, out: Path) -> str:
    """Ask ``question`` on a fresh page, hover its first marker, save the page to ``out``; returns the answer."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1280, "height": 960})
        page.set_default_timeout(180_000)
        page.goto(url)
        page.wait_for_selector("#answerer code")
        page.fill("#question textarea", question)
        page.press("#question textarea", "Enter")
        msg = page.locator(ANSWERED).last
        msg.locator(".rag-cite").first.wait_for()
        page.wait_for_timeout(500)  # the chat's own scroll to its end, after the last update
        # The question and the answer's markers at the top of the chat (it scrolls to its end, the sources' tail).
        page.locator("#chat .rag-question").last.evaluate("e => { e.scrollIntoView({block: 'start'}); window.scrollTo(0, 0); }")
        msg.locator(".rag-cite").first.hover()
        page.wait_for_selector("#chat .rag-src.rag-active mark.rag-hl")
        answer = msg.locator(".rag-answer").inner_text()
        page.screenshot(path=str(out))
        browser.close()
    return answer


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--answerer", default="local")
    ap.add_argument("--question", default=QUESTION)
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshot.png")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        proc, url = serve_demo(Path(tmp) / "data", args.answerer)
        try:
            answer = take(url, args.question, args.out)
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    print(f"{args.out}: {args.out.stat().st_size} bytes; answer: {answer}")


if __name__ == "__main__":
    main()
