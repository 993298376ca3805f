"""Past chats in a sidebar: newest first under day headings, click to open, rename in place, delete after a
confirm step, search titles and turn text, export as Markdown.

A thin layer over the Assistant's conversation methods with the logged-in user as owner (Gradio's
``request.username``; "" without a login), so with a login each user lists, opens and changes only their own
chats. The list is one ``gr.HTML`` rendered here (ui/past_chats_html.py, every title escaped); its page script
(``LIST_JS``) turns clicks into the custom events ``chat_open`` / ``chat_rename`` / ``chat_delete`` /
``chat_export`` carrying the chat's id, so a list of any length is one component, not a row of components per chat.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import gradio as gr

from ui import render

from ui import past_chats_html
from ui.past_chats_html import LIST_JS

log = logging.getLogger(__name__)


def owner(request: gr.Request | None) -> str:
    return (getattr(request, "username", None) or "") if request is not None else ""


def messages_for(turns) -> list[dict]:
    """The chat view of saved turns: each question, then its answer with markers and sources."""
    out = []
    for t in turns:
        out.append({"role": "user", "content": render.question_html(t.question)})
        out.append({"role": "assistant", "content": render.answer_html(t.answer)})
    return out


@dataclass
class HistoryPanel:
    new: gr.Button
    search: gr.Textbox
    chats: gr.HTML
    file: gr.File
    note: gr.HTML


def panel() -> HistoryPanel:
    """The sidebar (call at the top level of the app's Blocks)."""
    with gr.Sidebar(label="Past chats", open=True, elem_id="history", width=300):
        new = gr.Button("+ New chat", elem_id="new-chat", variant="secondary")
        search = gr.Textbox(show_label=False, placeholder="Search past chats", elem_id="chat-search", lines=1,
                            max_lines=1, container=False)
        chats = gr.HTML(past_chats_html.list_html([], None), elem_id="chat-list", js_on_load=LIST_JS)
        note = gr.HTML(elem_id="history-note")
        file = gr.File(label="Markdown export", elem_id="export-file", interactive=False, visible=False)
    return HistoryPanel(new, search, chats, file, note)


def note(text: str) -> str:
    return f'<p class="rag-note">{render.esc(text)}</p>'


def _lister(assistant) -> Callable:
    """``listing(q, state, request)``: the owner's chats (those matching ``q``), the open one marked."""
    def listing(q, state, request: gr.Request):
        who, active = owner(request), getattr(getattr(state, "conversation", None), "id", None)
        q = (q or "").strip()
        if q:
            return past_chats_html.list_html(assistant.search_conversations(q, who), active, query=q)
        chats = assistant.conversations(who)
        return past_chats_html.list_html(chats[:past_chats_html.SHOWN], active, total=len(chats))

    return listing


def _edits(assistant, listing: Callable) -> tuple[Callable, Callable, Callable]:
    """The sidebar's rename, delete and export handlers."""
    def rename_chat(q, state, request: gr.Request, evt: gr.EventData):
        try:
            assistant.history.rename(str(evt.conv), owner(request), str(evt.title))
        except ValueError as e:
            return listing(q, state, request), note(f"Not renamed: {e}.")
        return listing(q, state, request), ""

    def delete_chat(q, state, sent_id, request: gr.Request, evt: gr.EventData):
        conv_id = str(evt.conv)
        is_open = getattr(getattr(state, "conversation", None), "id", None) == conv_id
        if is_open and hasattr(state, "close"):
            # First, so an answer being written cannot save the chat again after it is deleted (ui/answering.py).
            state.close()
        assistant.history.delete(conv_id, owner(request))
        if is_open:  # the chat pane is a new chat
            return listing(q, None, request), [], None, note("Chat deleted."), sent_id
        return listing(q, state, request), gr.skip(), gr.skip(), note("Chat deleted."), gr.skip()

    def export_chat(request: gr.Request, evt: gr.EventData):
        who, conv_id = owner(request), str(evt.conv)
        info = assistant.history.info(conv_id, who)
        if info is None:
            return gr.File(visible=False), note("That chat no longer exists.")
        # Gradio serves files from the temp dir: one fresh folder per export, so users never share a file.
        path = Path(tempfile.mkdtemp(prefix="rag-export-")) / past_chats_html.export_name(info)
        path.write_text(assistant.transcript(conv_id, owner=who), encoding="utf-8")
        return gr.File(value=str(path), visible=True), ""

    return rename_chat, delete_chat, export_chat


def wire(p: HistoryPanel, assistant, *, app: gr.Blocks, chatbot, session, make_session: Callable,
         answered: list, sent_id, opened: list, after_open: Callable, done, thumbs: Callable | None = None) -> dict:
    """Events of the sidebar; returns the list's refresh (``fn=…`` kwargs, for ``.then`` after New chat).

    ``make_session(conversation, messages)`` builds the app's session state; ``answered``: the answering events,
    after which the list is refreshed (a new chat appears, a continued one moves up) and which opening a chat
    stops; ``opened``: what an opened chat also sets after the chat and the session (the page's #done, the
    tabs): ``after_open(sent_id)``, given the number of the question last sent; ``done``: the page's #done, given that
    number when the open chat is deleted (the page's queue is free again); ``thumbs(session, owner)``: the stored
    ratings of an opened chat's answers (ui/feedback.py), shown with it."""
    listing = _lister(assistant)

    def open_chat(q, sent_id, shown, request: gr.Request, evt: gr.EventData):
        from rag import ConversationNotFound

        if hasattr(shown, "stop"):  # the answer being written in the chat on screen is kept as shown
            shown.stop()

        try:
            conv = assistant.chat(str(evt.conv), owner=owner(request))
        except (ConversationNotFound, AttributeError):
            return (gr.skip(), gr.skip(), *(gr.skip() for _ in opened), gr.skip(), note("That chat no longer exists."))
        messages = messages_for(conv.turns)
        state = make_session(conv, messages)
        shown_chat = gr.Chatbot(value=messages, feedback_value=thumbs(state, owner(request)) if thumbs else None)
        return shown_chat, state, *after_open(sent_id), listing(q, state, request), ""

    rename_chat, delete_chat, export_chat = _edits(assistant, listing)
    free = dict(concurrency_limit=None)
    shown = dict(fn=listing, inputs=[p.search, session], outputs=p.chats, **free)
    p.chats.chat_open(open_chat, inputs=[p.search, sent_id, session],
                      outputs=[chatbot, session, *opened, p.chats, p.note], cancels=answered, **free)
    p.chats.chat_rename(rename_chat, inputs=[p.search, session], outputs=[p.chats, p.note], **free)
    p.chats.chat_delete(delete_chat, inputs=[p.search, session, sent_id],
                        outputs=[p.chats, chatbot, session, p.note, done], **free)
    p.chats.chat_export(export_chat, outputs=[p.file, p.note], **free)
    p.search.change(**shown, trigger_mode="always_last")
    for event in answered:
        event.then(**shown)
    app.load(**shown)
    return shown
