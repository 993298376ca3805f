"""Typing the next question while an answer streams, in a real Chromium against `rag serve` with a real local model.

The answer must be slow enough to type into: the local 0.5B model (the one the OpenAI-backend tests serve) streams
for seconds on 2 cores, long enough to type a question and press Enter before it ends.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.rag.llm_support import require_model
from tests.servers import rag_serve
from tests.ui.test_browser import ANSWER_TIMEOUT_MS, CHROMIUM, launch_chat_page
from ui.render import NOTHING_SHOWN

pytestmark = pytest.mark.slow

FIRST = "Who led the Hamas delegation?"
NEXT = "Who is the secretary-general of Islamic Jihad?"


@pytest.fixture(scope="module")
def llm_page(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} missing: `make browser` installs Debian's chromium")
    model = require_model("small")
    work = tmp_path_factory.mktemp("ui-llm")
    from playwright.sync_api import sync_playwright

    with rag_serve(work, "", RAG_ANSWERER="local", RAG_LLM_MODEL=str(model)) as url, sync_playwright() as p:
        browser, page = launch_chat_page(p, url, viewport={"width": 1280, "height": 960})
        yield SimpleNamespace(page=page, url=url)
        browser.close()


def test_a_question_typed_while_an_answer_streams_is_kept_and_asked_next(llm_page):
    from playwright.sync_api import expect

    page = llm_page.page
    box = page.locator("#question textarea")
    # While the model writes, the message is the instant answer (.rag-provisional) or the text so far
    # (.rag-streaming); a finished answer is neither.
    writing = "#chat .rag-streaming, #chat .rag-provisional"
    done = page.locator("#chat .rag-msg:not(.rag-streaming):not(.rag-provisional)")
    box.fill(FIRST)
    page.click("#ask")
    page.wait_for_selector(writing, timeout=ANSWER_TIMEOUT_MS)
    box.click()
    page.keyboard.type(NEXT, delay=20)  # key by key, as a person types, while updates stream in
    page.wait_for_timeout(300)
    assert page.locator(writing).count() == 1, "the answer ended before typing did: proves nothing"
    assert box.input_value() == NEXT  # streamed updates did not reset the box
    page.keyboard.press("Enter")  # sent during the stream: asked when the current answer ends
    assert "rag-queued" in (page.locator("#question").get_attribute("class") or "")

    expect(done).to_have_count(1, timeout=ANSWER_TIMEOUT_MS)  # the first answer
    expect(page.locator("#chat .rag-question").last).to_have_text(NEXT, timeout=ANSWER_TIMEOUT_MS)
    expect(done).to_have_count(2, timeout=ANSWER_TIMEOUT_MS)  # and its answer
    assert box.input_value() == ""


THIRD = "Who mediated the talks?"


def test_text_typed_but_not_sent_stays_in_the_box_and_every_sent_question_stays_in_the_chat(llm_page):
    """Issue 26: after a finished answer, a second question sent with Enter and a third typed (not sent) straight
    after: the chat must end with both sent questions, as sent, and their answers, the third still in the box.
    Before the fix Gradio read the box a moment after Enter (the second question got the third's first keys)."""
    from playwright.sync_api import expect

    page = llm_page.page
    page.click("#new-chat")
    expect(page.locator("#chat .rag-question")).to_have_count(0)
    box = page.locator("#question textarea")
    writing = "#chat .rag-streaming, #chat .rag-provisional"
    done = page.locator("#chat .rag-msg:not(.rag-streaming):not(.rag-provisional)")
    box.click()
    page.keyboard.type(FIRST)
    page.keyboard.press("Enter")
    expect(done).to_have_count(1, timeout=ANSWER_TIMEOUT_MS)
    expect(page.locator(writing)).to_have_count(0)
    page.keyboard.type(NEXT)
    page.keyboard.press("Enter")
    page.keyboard.type(THIRD, delay=20)  # typed straight after, as people do, and never sent
    page.wait_for_selector(writing, timeout=ANSWER_TIMEOUT_MS)
    expect(done).to_have_count(2, timeout=ANSWER_TIMEOUT_MS)
    page.wait_for_timeout(1500)  # anything asked in its place would have started by now
    questions = [q.inner_text().strip() for q in page.locator("#chat .rag-question").all()]
    assert questions == [FIRST, NEXT]
    assert page.locator(writing).count() == 0 and done.count() == 2
    assert box.input_value() == THIRD


def _conv_shown(page) -> str:
    """The id of the open chat, as the sidebar marks it."""
    from playwright.sync_api import expect

    active = page.locator("#chat-list .rag-chat-active")
    expect(active).to_have_count(1, timeout=ANSWER_TIMEOUT_MS)
    return active.get_attribute("data-conv")


def _questions(page) -> list[str]:
    return [q.inner_text().strip() for q in page.locator("#chat .rag-question").all()]


def test_esc_stops_the_answer_the_stopped_turn_stays_and_the_next_question_is_asked(llm_page):
    """Issue 26's keyboard: Stop shows only while an answer streams, Esc presses it; the page's queue is free
    again, so the next question is asked at once. The stopped question and what was shown of its answer, marked
    "(stopped)", stay in the chat before the next one, and in the kept chat (reopened after a reload). Before the
    fix the stopped question vanished: the next answer replaced the chat with the turns that had ended."""
    from playwright.sync_api import expect

    page = llm_page.page
    page.click("#new-chat")
    expect(page.locator("#chat .rag-question")).to_have_count(0)
    expect(page.locator("#stop")).to_be_hidden()
    box = page.locator("#question textarea")
    box.fill("")  # (the test before leaves its unsent question there)
    box.click()
    page.keyboard.type(FIRST)
    page.keyboard.press("Enter")
    page.wait_for_selector("#chat .rag-streaming, #chat .rag-provisional", timeout=ANSWER_TIMEOUT_MS)
    expect(page.locator("#stop")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator("#stop")).to_be_hidden(timeout=10_000)  # the page's queue was freed (#done)
    page.keyboard.type(NEXT)
    page.keyboard.press("Enter")
    expect(page.locator("#chat .rag-question").last).to_have_text(NEXT, timeout=ANSWER_TIMEOUT_MS)
    expect(page.locator("#chat .rag-streaming, #chat .rag-provisional")).to_have_count(0, timeout=ANSWER_TIMEOUT_MS)
    assert _questions(page) == [FIRST, NEXT]
    answers = page.locator("#chat .rag-msg")
    assert answers.count() == 2
    stopped = answers.first.inner_text()  # what was shown marked "(stopped)", or the one line when nothing was
    assert "rag-stopped" in (answers.first.get_attribute("class") or "")
    assert "(stopped)" in stopped or stopped.strip() == NOTHING_SHOWN, stopped
    assert "(stopped)" not in answers.last.inner_text()

    conv = _conv_shown(page)
    page.reload()
    page.wait_for_selector("#answerer code")
    page.locator(f'#chat-list .rag-chat[data-conv="{conv}"] .rag-chat-open').click()
    expect(page.locator("#chat .rag-question")).to_have_count(2, timeout=ANSWER_TIMEOUT_MS)
    assert _questions(page) == [FIRST, NEXT]
    reopened = page.locator("#chat .rag-msg").first.inner_text()
    assert "(stopped)" in reopened or reopened.strip() == NOTHING_SHOWN, reopened

    # New chat while an answer is written keeps that turn too, at once: the reopened chat has three questions.
    box.click()
    page.keyboard.type(THIRD)
    page.keyboard.press("Enter")
    page.wait_for_selector("#chat .rag-streaming, #chat .rag-provisional", timeout=ANSWER_TIMEOUT_MS)
    page.click("#new-chat")
    expect(page.locator(f'#chat-list .rag-chat[data-conv="{conv}"] .rag-chat-meta')).to_contain_text(
        "3 questions", timeout=10_000)


def test_deleting_the_open_chat_while_its_answer_streams_wins(llm_page):
    """Issue 26: delete the open chat from the sidebar while an answer streams: the chat pane is a new chat at
    once, and the chat stays gone after the answer would have ended and after a reload. Before the fix the
    streaming answer drew the deleted chat back into the pane and its turn saved it again."""
    from playwright.sync_api import expect

    page = llm_page.page
    page.click("#new-chat")
    expect(page.locator("#chat .rag-question")).to_have_count(0)
    done = page.locator("#chat .rag-msg:not(.rag-streaming):not(.rag-provisional)")
    box = page.locator("#question textarea")
    box.fill("")  # (the test before leaves its unsent question there)
    box.click()
    page.keyboard.type(FIRST)
    page.keyboard.press("Enter")
    expect(done).to_have_count(1, timeout=ANSWER_TIMEOUT_MS)
    conv = _conv_shown(page)  # kept: listed in the sidebar
    row = page.locator(f'#chat-list .rag-chat[data-conv="{conv}"]')
    page.keyboard.type(NEXT)
    page.keyboard.press("Enter")
    page.wait_for_selector("#chat .rag-streaming, #chat .rag-provisional", timeout=ANSWER_TIMEOUT_MS)
    row.hover()
    row.locator(".rag-chat-delete").click()
    row.locator(".rag-chat-yes").click()
    expect(row).to_have_count(0, timeout=10_000)
    expect(page.locator("#chat .rag-msg, #chat .rag-question")).to_have_count(0, timeout=10_000)

    # A question in the new chat: the model writes one answer at a time, so once this one is done the deleted
    # chat's answer has ended (or was dropped) too.
    box.click()
    page.keyboard.type(THIRD)
    page.keyboard.press("Enter")
    expect(done).to_have_count(1, timeout=ANSWER_TIMEOUT_MS)
    assert _questions(page) == [THIRD]
    page.wait_for_timeout(1500)  # the sidebar's refresh after the answer
    assert row.count() == 0
    r = page.context.request.get(f"{llm_page.url}v1/conversations/{conv}")
    assert r.status == 404, r.text()
    page.reload()
    page.wait_for_selector("#answerer code")
    expect(page.locator("#chat-list .rag-chat").first).to_be_visible()
    assert row.count() == 0
