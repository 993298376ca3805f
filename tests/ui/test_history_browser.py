"""Past chats in a real Chromium against `rag serve` with two logins: each user lists and opens only their own
chats; a chat opened again continues with its follow-up context; rename, export as Markdown, delete."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.conftest import ROOT, free_port
from tests.servers import running_server
from tests.ui.test_browser import ANSWER_TIMEOUT_MS, CHROMIUM, CHROMIUM_ARGS, ask

pytestmark = pytest.mark.slow

USERS = {"alice": "pw-alice", "bob": "pw-bob"}
JIHAD = "Who is the secretary-general of Islamic Jihad?"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} missing: `make browser` installs Debian's chromium")
    work = tmp_path_factory.mktemp("ui-history")
    port = free_port()
    env = {**os.environ, "RAG_ANSWERER": "extractive", "RAG_UI_USERNAME": "", "RAG_UI_PASSWORD": "",
           "RAG_UI_USERS": ",".join(f"{u}:{p}" for u, p in USERS.items()), "RAG_API_KEY": "",
           "HF_HUB_OFFLINE": "1", "GRADIO_ANALYTICS_ENABLED": "False", "ANONYMIZED_TELEMETRY": "False"}
    url = f"http://127.0.0.1:{port}/"
    cmd = [sys.executable, "-m", "rag.cli", "serve", "--port", str(port), "--data-dir", str(work / "data")]
    with running_server(cmd, work / "serve.log", f"{url}health", name="rag serve", timeout=300, cwd=ROOT, env=env):
        yield SimpleNamespace(url=url, work=work)


@pytest.fixture(scope="module")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def _login(browser, server, user: str):
    context = browser.new_context(viewport={"width": 1280, "height": 960})
    r = context.request.post(f"{server.url}login", form={"username": user, "password": USERS[user]})
    assert r.ok, r.text()
    page = context.new_page()
    page.problems = []  # type: ignore[attr-defined]
    page.on("pageerror", lambda e: page.problems.append(f"page error: {e}"))
    page.set_default_timeout(30_000)
    page.goto(server.url)
    page.wait_for_selector("#question textarea")
    page.wait_for_selector("#answerer code")
    return page


def _chat_labels(page) -> list[str]:
    return [x.strip() for x in page.locator("#chat-list label").all_inner_texts()]


def _choose(page, label_start: str) -> None:
    page.locator("#chat-list label").filter(has_text=label_start).first.click()


def _wait_labels(page, expected: list[str]) -> None:
    for _ in range(100):
        if _chat_labels(page) == expected:
            return
        page.wait_for_timeout(200)
    assert _chat_labels(page) == expected


def test_two_users_keep_separate_chats_and_continue_them(browser, server):
    from playwright.sync_api import expect

    alice = _login(browser, server, "alice")
    assert _chat_labels(alice) == []
    ask(alice, JIHAD)
    assert "al-Hindi" in ask(alice, "Who is his deputy?").inner_text()
    _wait_labels(alice, [f"{JIHAD} (2)"])

    bob = _login(browser, server, "bob")
    assert _chat_labels(bob) == []  # alice's chat is not bob's
    ask(bob, "Who led the Hamas delegation?")
    _wait_labels(bob, ["Who led the Hamas delegation? (1)"])

    # alice comes back in a fresh page: only her chat, which opens with its answers and continues in context
    alice.context.close()
    alice = _login(browser, server, "alice")
    _wait_labels(alice, [f"{JIHAD} (2)"])
    _choose(alice, JIHAD)
    alice.click("#open-chat")
    expect(alice.locator("#chat .rag-msg")).to_have_count(2, timeout=ANSWER_TIMEOUT_MS)
    assert "al-Hindi" in alice.locator("#chat .rag-msg").last.inner_text()
    again = ask(alice, "Who is his deputy?")  # the follow-up context survived: the chain keeps its subject
    assert "al-Hindi" in again.inner_text()
    _wait_labels(alice, [f"{JIHAD} (3)"])

    _choose(alice, JIHAD)
    alice.fill("#rename-title textarea, #rename-title input", "Islamic Jihad leaders")
    alice.click("#rename-chat")
    _wait_labels(alice, ["Islamic Jihad leaders (3)"])

    _choose(alice, "Islamic Jihad leaders")
    alice.click("#export-chat")
    link = alice.locator("#export-file a").first
    expect(link).to_be_visible(timeout=30_000)
    md = alice.context.request.get(link.get_attribute("href") if link.get_attribute("href").startswith("http")
                                   else server.url.rstrip("/") + link.get_attribute("href")).text()
    assert md.startswith("# Islamic Jihad leaders") and "## 3. Who is his deputy?" in md
    assert "Sources:" in md and "al-Hindi" in md

    _choose(alice, "Islamic Jihad leaders")
    alice.click("#delete-chat")
    _wait_labels(alice, [])
    expect(alice.locator("#chat .rag-msg")).to_have_count(0)  # the open chat was the deleted one
    _wait_labels(bob, ["Who led the Hamas delegation? (1)"])  # bob's chat is untouched
    assert not alice.problems and not bob.problems
