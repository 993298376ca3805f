"""Rating answers in a real Chromium against `rag serve` with a login: the thumbs on an answer and the note are
stored for that user with the right turn; a changed vote replaces the row."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.servers import rag_serve
from tests.ui.test_browser import CHROMIUM, CHROMIUM_ARGS, ask

pytestmark = pytest.mark.slow

JIHAD = "Who is the secretary-general of Islamic Jihad?"
HAMAS = "Who led the Hamas delegation?"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} missing: `make browser` installs Debian's chromium")
    work = tmp_path_factory.mktemp("ui-feedback")
    with rag_serve(work, RAG_UI_USERNAME="alice", RAG_UI_PASSWORD="pw-alice") as url:
        yield url, work / "data" / "conversations.sqlite3"


def _rows(db: Path) -> list[tuple]:
    with sqlite3.connect(db) as c:
        return c.execute("SELECT position, owner, verdict, note FROM feedback ORDER BY position").fetchall()


def _wait_rows(page, db: Path, expected: list[tuple]) -> None:
    for _ in range(100):
        if _rows(db) == expected:
            return
        page.wait_for_timeout(200)
    assert _rows(db) == expected


def test_an_answer_rated_in_the_browser_is_stored_for_the_user(server):
    from playwright.sync_api import expect, sync_playwright

    url, db = server
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 960})
        assert context.request.post(f"{url}login", form={"username": "alice", "password": "pw-alice"}).ok
        page = context.new_page()
        problems = []
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.set_default_timeout(30_000)
        page.goto(url)
        page.wait_for_selector("#question textarea")
        ask(page, JIHAD)
        ask(page, HAMAS)

        # Gradio's thumbs: one Like and one Dislike button per answer, in the chat's order
        # (its label turns "Liked"/"Disliked" once chosen).
        def thumb(name: str, answer: int):
            return page.locator(f"#chat button[aria-label^={name}]").nth(answer)

        expect(page.locator("#chat button[aria-label^=Dislike]")).to_have_count(2)
        thumb("Dislike", 1).click()
        expect(page.locator("#feedback-status")).to_contain_text("Answer 2 rated not helpful")
        expect(thumb("Dislike", 1)).to_have_attribute("aria-label", "Disliked")
        _wait_rows(page, db, [(1, "alice", "down", None)])  # turn 2 is position 1

        page.fill("#feedback-note textarea", "It should say where the talks were.")
        page.click("#feedback-save")
        expect(page.locator("#feedback-status")).to_contain_text("Note saved")
        _wait_rows(page, db, [(1, "alice", "down", "It should say where the talks were.")])

        thumb("Like", 0).click()
        expect(page.locator("#feedback-status")).to_contain_text("Answer 1 rated helpful")
        thumb("Like", 1).click()  # a changed vote replaces the row, the note stays
        _wait_rows(page, db, [(0, "alice", "up", None), (1, "alice", "up", "It should say where the talks were.")])
        ask(page, "Who is his deputy?")  # a new answer replaces the chat's messages: the thumbs chosen stay shown
        expect(thumb("Like", 0)).to_have_attribute("aria-label", "Liked")
        expect(thumb("Like", 1)).to_have_attribute("aria-label", "Liked")
        thumb("Like", 0).click()  # the same thumb again withdraws the vote
        expect(page.locator("#feedback-status")).to_contain_text("Rating of answer 1 withdrawn")
        _wait_rows(page, db, [(1, "alice", "up", "It should say where the talks were.")])

        # A fresh page (nothing of the ratings left in it), then the rated chat opened from the sidebar: its stored
        # thumbs are shown with it.
        page.reload()
        page.wait_for_selector("#question textarea")
        expect(page.locator("#chat .rag-msg")).to_have_count(0)
        row = page.locator("#chat-list .rag-chat").filter(has=page.locator(".rag-chat-title", has_text=JIHAD)).first
        row.hover()
        row.locator(".rag-chat-open").click()
        expect(page.locator("#chat .rag-msg")).to_have_count(3)
        expect(thumb("Like", 1)).to_have_attribute("aria-label", "Liked")
        expect(thumb("Like", 0)).to_have_attribute("aria-label", "Like")
        assert not problems
        browser.close()
