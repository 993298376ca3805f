"""Watched questions in the browser: "Watch this question" under the chat, a badge with the number of watches
whose answer changed, and a Watches tab listing each kept question with its current answer, its sources and its
earlier answers; a watch can be stopped there.

A thin layer over the Assistant's watch methods for the logged-in user (``ui.past_chats.owner``). The badge is
refreshed when the page loads, after each action here and every ``BADGE_SECONDS`` (the re-check after an ingest
runs in the background, rag/watches/check.py); opening the tab marks the changes seen. Every text is escaped
(ui/render.py), sources are shown by file name or URL, never a server path.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import gradio as gr

from ui import render
from ui.past_chats import owner

BADGE_SECONDS = 20  # one SQLite count per page and tick

CSS = """
#watch-badge .rag-badge { display: inline-block; padding: 2px 10px; border-radius: 999px; font-weight: 600;
  background: var(--color-accent-soft); border: 1px solid var(--color-accent); }
.rag-watch { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 8px 12px; margin: 8px 0; }
.rag-watch.rag-changed { border-color: var(--color-accent); }
.rag-watch-q { font-weight: 600; }
.rag-watch-flag { color: var(--color-accent); font-weight: 600; margin-left: 6px; }
"""


@dataclass
class WatchButton:
    add: gr.Button
    status: gr.HTML


@dataclass
class WatchTab:
    tab: gr.Tab
    listing: gr.HTML
    choice: gr.Dropdown
    remove: gr.Button
    status: gr.HTML


def badge() -> gr.HTML:
    """The changed-watches badge (empty while none changed); placed where this is called."""
    return gr.HTML(elem_id="watch-badge")


def button() -> WatchButton:
    """"Watch this question" for the chat's last answered question; placed where this is called."""
    with gr.Row():
        add = gr.Button("Watch this question", elem_id="watch-add", size="sm", scale=0, min_width=160)
        status = gr.HTML(elem_id="watch-status")
    return WatchButton(add, status)


def tab() -> WatchTab:
    """The Watches tab (call inside the app's ``gr.Tabs``)."""
    with gr.Tab("Watches", id="watches", elem_id="watches-tab") as t:
        gr.Markdown("Questions kept to watch: re-checked after every upload, sync or feed update; a changed "
                    "answer is recorded with its sources.")
        listing = gr.HTML(elem_id="watch-list")
        with gr.Row():
            choice = gr.Dropdown(label="Watched question", choices=[], elem_id="watch-choice", scale=4)
            remove = gr.Button("Stop watching", elem_id="watch-remove", scale=1, min_width=120)
        status = gr.HTML(elem_id="watch-remove-status")
    return WatchTab(t, listing, choice, remove, status)


def _note(text: str) -> str:
    return f'<p class="rag-note">{render.esc(text)}</p>'


def badge_html(n: int) -> str:
    if not n:
        return ""
    what = "watched question has" if n == 1 else "watched questions have"
    return f'<span class="rag-badge" title="See the Watches tab">{n} {what} a new answer</span>'


def _day(ts: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(ts))


def watch_html(w) -> str:
    latest = w.latest
    flag = '<span class="rag-watch-flag">changed</span>' if w.changed else ""
    head = (f'<div class="rag-watch-q">{render.esc(w.question)}{flag}</div>'
            f'<p class="rag-note">answer {latest.number} of {len(w.answers)}, recorded {render.esc(latest.day)}; '
            f'last checked {_day(w.checked)}</p>')
    earlier = "".join(f'<li>{render.esc(a.day)}: {render.answer_text_html(a.answer.answer, a.answer.citations)}'
                      f'</li>' for a in reversed(w.answers[:-1]))
    older = (f'<details class="rag-watch-earlier"><summary>Earlier answers ({len(w.answers) - 1})</summary>'
             f'<ul>{earlier}</ul></details>') if earlier else ""
    cls = "rag-watch rag-changed" if w.changed else "rag-watch"
    return f'<div class="{cls}" data-watch="{render.esc(w.id)}">{head}{render.answer_html(latest.answer)}{older}</div>'


def list_html(watches) -> str:
    if not watches:
        return _note("No watched questions yet: ask one in the chat, then press “Watch this question”.")
    return "".join(watch_html(w) for w in watches)


def choices(watches) -> list[tuple[str, str]]:
    return [(w.question, w.id) for w in watches]


def wire(tab_: WatchTab, btn: WatchButton, badge_: gr.HTML, assistant, *, app: gr.Blocks, session) -> None:
    from rag import WatchError

    def show_badge(request: gr.Request):
        return badge_html(assistant.changed_watches(user=owner(request)))

    def show_list(request: gr.Request):
        watches = assistant.watches(user=owner(request))
        return list_html(watches), gr.Dropdown(choices=choices(watches), value=None)

    def opened(request: gr.Request):
        """The tab shown: list it as it is (changes marked), then count them seen."""
        out = show_list(request)
        assistant.seen_watches(user=owner(request))
        return *out, ""

    def add(state, request: gr.Request):
        turns = getattr(getattr(state, "conversation", None), "turns", None) or []
        if not turns:
            return _note("Ask a question first; then it can be watched.")
        question = turns[-1].standalone or turns[-1].question  # a follow-up is kept as the question it stood for
        try:
            w = assistant.watch(question, user=owner(request))
        except WatchError as e:
            return _note(str(e))
        return _note(f"Watching “{w.question}”: the Watches tab shows when its answer changes.")

    def remove(watch_id, request: gr.Request):
        if not watch_id:
            return _note("Choose a watched question first.")
        ok = assistant.unwatch(watch_id, user=owner(request))
        return _note("Stopped watching it." if ok else "That question is no longer watched.")

    free = dict(concurrency_limit=None)
    listed = dict(fn=show_list, outputs=[tab_.listing, tab_.choice], **free)
    badged = dict(fn=show_badge, outputs=badge_, **free)
    app.load(**badged)
    gr.Timer(BADGE_SECONDS).tick(**badged)
    tab_.tab.select(opened, outputs=[tab_.listing, tab_.choice, badge_], **free)
    # Watching answers the question once (retrieval and the answerer): a few at a time, like answers.
    btn.add.click(add, inputs=session, outputs=btn.status, concurrency_limit=2).then(**listed).then(**badged)
    tab_.remove.click(remove, inputs=tab_.choice, outputs=tab_.status, **free).then(**listed).then(**badged)
