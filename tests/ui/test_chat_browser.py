"""The chat a newsroom uses all day, in a real Chromium against `rag serve` with logins (issue 26): past chats in
a sidebar (each user's own: newest first, click to open and continue, rename in place, delete after confirming,
search, export), day pickers and the "as of" note, the "what can I ask" panel, the keyboard, ingest progress.
One server and one browser for all of them (each start costs CI time)."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.servers import rag_serve
from tests.ui.test_browser import ANSWER_TIMEOUT_MS, CHROMIUM, CHROMIUM_ARGS, ask, open_chat, open_documents

pytestmark = pytest.mark.slow

USERS = {"alice": "pw-alice", "bob": "pw-bob", "carol": "pw-carol"}
JIHAD = "Who is the secretary-general of Islamic Jihad?"
HAMAS = "Who led the Hamas delegation?"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} missing: `make browser` installs Debian's chromium")
    work = tmp_path_factory.mktemp("ui-chat")
    with rag_serve(work, RAG_UI_USERS=",".join(f"{u}:{p}" for u, p in USERS.items())) as url:
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
    page.on("console", lambda m: m.type == "error" and not _cancelled(m.text)
            and page.problems.append(f"console error: {m.text}"))
    page.set_default_timeout(30_000)
    page.goto(server.url)
    page.wait_for_selector("#question textarea")
    page.wait_for_selector("#answerer code")
    return page


def _cancelled(text: str) -> bool:
    """Gradio's client logs an event it cancelled itself (opening a chat cancels the answer being written and the
    list refresh chained after it: ``cancels=``): not a fault of the page. Seen on a loaded machine only."""
    return text.startswith("AbortError: signal is aborted") or text.startswith("Unexpected error Connection errored")


def _new_chat(page) -> None:
    from playwright.sync_api import expect

    page.click("#new-chat")
    expect(page.locator("#chat .rag-msg")).to_have_count(0)


# --- past chats ----------------------------------------------------------------------------------------


def _titles(page) -> list[str]:
    return [t.strip() for t in page.locator("#chat-list .rag-chat-title").all_inner_texts()]


def _wait_titles(page, expected: list[str]) -> None:
    for _ in range(100):
        if _titles(page) == expected:
            return
        page.wait_for_timeout(200)
    assert _titles(page) == expected


def _row(page, title: str):
    row = page.locator("#chat-list .rag-chat").filter(has=page.locator(".rag-chat-title", has_text=title)).first
    row.hover()  # the row's actions show on hover (and on keyboard focus)
    return row


def test_past_chats_sidebar_open_rename_search_export_delete(browser, server):
    from playwright.sync_api import expect

    alice = _login(browser, server, "alice")
    expect(alice.locator("#history")).to_contain_text("No past chats yet")
    ask(alice, JIHAD)
    assert "al-Hindi" in ask(alice, "Who is his deputy?").inner_text()
    _wait_titles(alice, [JIHAD])
    expect(alice.locator("#chat-list")).to_contain_text("2 questions")  # refreshed after each answer
    assert "TODAY" in alice.inner_text("#chat-list .rag-chat-group").upper()
    _new_chat(alice)
    ask(alice, HAMAS)
    _wait_titles(alice, [HAMAS, JIHAD])  # newest first
    assert alice.locator("#chat-list .rag-chat-active .rag-chat-title").inner_text() == HAMAS

    bob = _login(browser, server, "bob")
    expect(bob.locator("#history")).to_contain_text("No past chats yet")  # alice's chats are not bob's
    ask(bob, HAMAS)
    _wait_titles(bob, [HAMAS])

    # alice in a fresh page: a click opens a chat with its answers, and it continues in context
    alice.context.close()
    alice = _login(browser, server, "alice")
    _wait_titles(alice, [HAMAS, JIHAD])
    _row(alice, JIHAD).locator(".rag-chat-open").click()
    expect(alice.locator("#chat .rag-msg")).to_have_count(2, timeout=ANSWER_TIMEOUT_MS)
    assert "al-Hindi" in alice.locator("#chat .rag-msg").last.inner_text()
    assert "al-Hindi" in ask(alice, "Who is his deputy?").inner_text()  # the chain kept its subject
    _wait_titles(alice, [JIHAD, HAMAS])  # continued: it moves up

    # rename in place: Esc cancels, Enter keeps
    _row(alice, JIHAD).locator(".rag-chat-rename").click()
    alice.keyboard.press("Control+A")
    alice.keyboard.type("Never kept")
    alice.keyboard.press("Escape")
    _wait_titles(alice, [JIHAD, HAMAS])
    _row(alice, JIHAD).locator(".rag-chat-rename").click()
    alice.keyboard.press("Control+A")
    alice.keyboard.type("Islamic Jihad leaders")
    alice.keyboard.press("Enter")
    _wait_titles(alice, ["Islamic Jihad leaders", HAMAS])
    alice.reload()  # kept on the server
    _wait_titles(alice, ["Islamic Jihad leaders", HAMAS])

    # search: titles and the turns' text, with the matching text shown
    alice.fill("#chat-search input, #chat-search textarea", "nakhaleh")  # only in an answer
    _wait_titles(alice, ["Islamic Jihad leaders"])
    assert "Nakhaleh" in alice.inner_text("#chat-list .rag-chat-snippet")
    alice.fill("#chat-search input, #chat-search textarea", "no such words")
    expect(alice.locator("#chat-list")).to_contain_text("No past chat contains")
    alice.fill("#chat-search input, #chat-search textarea", "")
    _wait_titles(alice, ["Islamic Jihad leaders", HAMAS])

    _row(alice, "Islamic Jihad leaders").locator(".rag-chat-export").click()
    link = alice.locator("#export-file a").first
    expect(link).to_be_visible(timeout=30_000)
    href = link.get_attribute("href")
    md = alice.context.request.get(href if href.startswith("http") else server.url.rstrip("/") + href).text()
    assert md.startswith("# Islamic Jihad leaders") and "## 3. Who is his deputy?" in md
    assert "Sources:" in md and "al-Hindi" in md

    # delete asks first: Cancel keeps the chat, Delete removes it (and empties the chat shown, the open one)
    _row(alice, "Islamic Jihad leaders").locator(".rag-chat-delete").click()
    expect(alice.locator("#chat-list .rag-chat-confirm")).to_contain_text("Delete this chat?")
    alice.locator("#chat-list .rag-chat-no").click()
    expect(alice.locator("#chat-list .rag-chat-confirm")).to_have_count(0)
    _wait_titles(alice, ["Islamic Jihad leaders", HAMAS])
    _row(alice, "Islamic Jihad leaders").locator(".rag-chat-delete").click()
    alice.locator("#chat-list .rag-chat-yes").click()
    _wait_titles(alice, [HAMAS])
    expect(alice.locator("#chat .rag-msg")).to_have_count(0)
    _wait_titles(bob, [HAMAS])  # bob's chat is untouched
    assert not alice.problems and not bob.problems


# --- dates, the empty chat's panel, the keyboard, ingest progress -------------------------------------------


def test_day_pickers_and_the_as_of_note_in_the_chat_header(browser, server):
    from playwright.sync_api import expect

    page = _login(browser, server, "carol")
    note = page.locator("#as-of-note")
    assert note.inner_text().strip() == ""  # asking as of today: nothing to say
    page.fill("#as-of input", "2025-10-23")
    page.keyboard.press("Enter")
    expect(note).to_contain_text("Asking as of Thursday 23 October 2025")
    msg = ask(page, HAMAS)
    assert "up to 2025-10-23" in msg.locator(".rag-window").inner_text()

    page.locator("#as-of button.calendar").click()  # the calendar opens at the chosen month
    page.get_by_role("button", name="24", exact=True).first.click()
    expect(note).to_contain_text("Friday 24 October 2025")
    page.keyboard.press("Escape")

    page.fill("#date-from input", "October")  # not a day: the box says so, nothing is applied
    page.keyboard.press("Tab")
    expect(page.locator("#date-from input")).to_have_class(re.compile(r"\binvalid\b"))
    page.fill("#date-from input", "2030-01-01")
    page.keyboard.press("Enter")
    assert "rag-refused" in (ask(page, HAMAS).get_attribute("class") or "")  # nothing published since then
    page.fill("#date-from input", "")
    page.keyboard.press("Enter")
    page.fill("#as-of input", "")
    page.keyboard.press("Enter")
    expect(note).to_have_text("")
    assert not page.problems


def test_what_can_i_ask_panel_from_the_documents_present(browser, server):
    from playwright.sync_api import expect

    page = _login(browser, server, "carol")
    _new_chat(page)
    panel = page.locator("#chat .rag-starter")
    expect(panel).to_contain_text("What can I ask?")
    assert "Egypt prepares Gaza reconstruction conference" in panel.inner_text()  # the newest document
    example = page.get_by_role("button", name="What is the latest on Egypt?")
    example.click()
    expect(page.locator("#question textarea")).to_have_value("What is the latest on Egypt?")
    page.keyboard.press("Enter")  # the box has the focus
    expect(page.locator("#chat .rag-msg:not(.rag-streaming) .rag-cite").first).to_be_visible(
        timeout=ANSWER_TIMEOUT_MS)
    expect(panel).to_have_count(0)  # gone once the chat has a question
    page.click("#new-chat")
    expect(panel).to_contain_text("What can I ask?")
    assert not page.problems


def test_keyboard_enter_shift_enter_and_tab_to_a_citation(browser, server):
    from playwright.sync_api import expect

    page = _login(browser, server, "carol")
    _new_chat(page)
    box = page.locator("#question textarea")
    box.click()
    page.keyboard.type("Who led the Hamas")
    page.keyboard.press("Shift+Enter")  # a new line, not sent
    page.keyboard.type("delegation?")
    assert box.input_value() == "Who led the Hamas\ndelegation?"
    page.keyboard.press("Enter")
    expect(page.locator("#chat .rag-msg:not(.rag-streaming)")).to_have_count(1, timeout=ANSWER_TIMEOUT_MS)
    assert page.locator("#chat .rag-question").inner_text() == "Who led the Hamas\ndelegation?"
    box.click()
    for _ in range(30):  # back from the box through the chat: the citation marker takes the focus
        page.keyboard.press("Shift+Tab")
        if page.evaluate("document.activeElement.classList.contains('rag-cite')"):
            break
    else:
        pytest.fail("no citation marker reachable by Tab")
    page.keyboard.press("Enter")  # as a click: its source lights up
    expect(page.locator("#chat .rag-src.rag-n-1.rag-active")).to_have_count(1)
    assert not page.problems


def test_upload_shows_per_file_progress_then_the_results(browser, server, tmp_path):
    page = _login(browser, server, "carol")
    files = []
    for i in range(12):
        f = tmp_path / f"harbour-{i:02d}.md"
        f.write_text(f"---\ntitle: Harbour report {i}\ndate: 2025-11-{i + 1:02d}\n---\nThe harbour master of "
                     f"pier {i} is Olwen Quayle-{i}. " + "Tides and weather at the harbour are noted. " * 40)
        files.append(str(f))
    open_documents(page)
    # Every progress text Gradio shows, recorded as it changes (a poll could miss a short stage).
    page.evaluate("""() => { window.seen = new Set();
      new MutationObserver(() => document.querySelectorAll('.progress-level-inner, .progress-text')
        .forEach((e) => window.seen.add(e.innerText))).observe(document.body, {subtree: true, childList: true,
                                                                              characterData: true}); }""")
    page.set_input_files("#upload input[type=file]", files)
    page.wait_for_selector("#ingest-results table.rag-results", timeout=ANSWER_TIMEOUT_MS)
    seen = " | ".join(page.evaluate("() => [...window.seen]"))
    assert "/12 file" in seen, seen  # the files read, counted
    assert "chunk" in seen, seen  # then the chunks embedded
    rows = page.locator("#ingest-results tbody tr")
    assert rows.count() == 12 and "added" in rows.first.inner_text()
    assert "added 12" in page.inner_text("#ingest-results")
    open_chat(page)
    assert not page.problems
