"""Watched questions in a real Chromium against `rag serve`: watch an answered question, upload a document that
changes its answer, the badge appears by itself (the re-check runs in the background, the badge refreshes on its
timer), the Watches tab lists the new answer with its source by file name and the earlier one; opening the tab
clears the badge."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.rag.watches.test_watches import HAMAS, NEW_LEADER
from tests.servers import rag_serve
from tests.ui.test_browser import CHROMIUM, CHROMIUM_ARGS, ask, upload

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} missing: `make browser` installs Debian's chromium")
    work = tmp_path_factory.mktemp("ui-watches")
    with rag_serve(work) as url:
        yield url, work


def test_a_watched_question_shows_its_changed_answer_in_the_badge_and_the_list(server):
    from playwright.sync_api import expect, sync_playwright

    url, work = server
    doc = work / "new-leader.md"
    doc.write_text(NEW_LEADER, encoding="utf-8")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 960})
        problems = []
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.set_default_timeout(30_000)
        page.goto(url)
        page.wait_for_selector("#question textarea")
        ask(page, HAMAS)
        page.click("#watch-add")
        expect(page.locator("#watch-status")).to_contain_text(f"Watching “{HAMAS}”")
        expect(page.locator("#watch-badge .rag-badge")).to_have_count(0)

        upload(page, [doc])
        badge = page.locator("#watch-badge .rag-badge")
        expect(badge).to_have_text("1 watched question has a new answer", timeout=60_000)  # on the badge's timer

        page.get_by_role("tab", name="Watches").click()
        item = page.locator("#watch-list .rag-watch")
        expect(item).to_have_count(1)
        expect(item).to_contain_text(HAMAS)
        expect(item.locator(".rag-watch-flag")).to_have_text("changed")
        expect(item.locator(".rag-answer")).to_contain_text("Abu Marzouk")
        expect(item.locator(".rag-src-path")).to_have_text("new-leader.md")  # the file's name, no server folder
        expect(item.locator(".rag-watch-earlier summary")).to_have_text("Earlier answers (1)")
        assert str(work) not in page.inner_html("#watch-list")
        expect(badge).to_have_count(0)  # the tab shown: the change is seen
        assert not problems
        browser.close()
