"""The browser's Timeline tab in a real Chromium against the served app (API, UI and guards on a real uvicorn
server on 127.0.0.1) over the timeline set's Dunmere story: dated lines, markers, the disagreement flag, no paths."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.security.serve import serving
from tests.ui.test_browser import ANSWER_TIMEOUT_MS, CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.slow


def test_timeline_tab_shows_dated_cited_lines(make_assistant):
    from playwright.sync_api import expect, sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} missing: `make browser` installs Debian's chromium")
    a = make_assistant()
    a.ingest(sorted((ROOT / "bench" / "timeline_set" / "data" / "docs").glob("dunmere-strike-*.md")))
    with serving(a, demo=False) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 960})
        problems = []
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.goto(url)
        page.get_by_role("tab", name="Timeline").click()
        page.fill("#tl-topic textarea, #tl-topic input", "the Dunmere rail strike")
        page.fill("#tl-as-of input", "2025-11-20")
        page.click("#tl-show")
        lines = page.locator("#tl-result .rag-tl-line")
        expect(lines.first).to_be_visible(timeout=ANSWER_TIMEOUT_MS)
        assert lines.count() >= 10
        assert lines.first.locator(".rag-tl-day").inner_text() == "2025-09-08"
        vote = page.locator("#tl-result .rag-tl-line", has_text="71 percent")
        expect(vote.locator(".rag-tl-flag")).to_have_text("sources disagree")
        expect(vote.locator(".rag-cite")).to_have_count(2)
        assert page.locator("#tl-result .rag-src").count() >= lines.count()  # every line's sources listed
        html = page.locator("#tl-result").inner_html()
        assert "/work/" not in html and str(a.settings.data_dir) not in html
        page.fill("#tl-since input", "2025-10-10")
        page.fill("#tl-until input", "2025-10-01")
        page.click("#tl-show")
        expect(page.locator("#tl-result .rag-error")).to_contain_text("is after", timeout=ANSWER_TIMEOUT_MS)
        browser.close()
    assert not problems, problems
