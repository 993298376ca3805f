"""Past chats in the browser: list them, open one to continue it, rename, delete, export as Markdown.

Every action goes through ``assistant.history`` with the logged-in user as owner (Gradio's ``request.username``;
"" without a login), so with a login each user lists, opens and changes only their own chats.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import gradio as gr

from ui import render

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
    chats: gr.Radio
    open: gr.Button
    delete: gr.Button
    title: gr.Textbox
    rename: gr.Button
    export: gr.Button
    file: gr.File
    note: gr.HTML


def panel() -> HistoryPanel:
    """The components, placed where this is called (inside the app's layout)."""
    with gr.Accordion("Past chats", open=True, elem_id="history"):
        # A radio list, not a dropdown: every past chat is in view, most recent first.
        chats = gr.Radio(label="Chats", choices=[], value=None, elem_id="chat-list", interactive=True)
        with gr.Row():
            open_btn = gr.Button("Open", elem_id="open-chat", size="sm", min_width=60)
            delete_btn = gr.Button("Delete", elem_id="delete-chat", size="sm", variant="stop", min_width=60)
        title = gr.Textbox(label="New title", elem_id="rename-title", max_length=200)
        with gr.Row():
            rename_btn = gr.Button("Rename", elem_id="rename-chat", size="sm", min_width=60)
            export_btn = gr.Button("Export .md", elem_id="export-chat", size="sm", min_width=60)
        file = gr.File(label="Markdown export", elem_id="export-file", interactive=False, visible=False)
        note = gr.HTML(elem_id="history-note")
    return HistoryPanel(chats, open_btn, delete_btn, title, rename_btn, export_btn, file, note)


def wire(p: HistoryPanel, assistant, *, app: gr.Blocks, chatbot, session, make_session: Callable,
         answered: list) -> None:
    """Events of the panel. ``make_session(conversation, messages)`` builds the app's session state; ``answered``:
    the answering events, after which the list is refreshed (a new chat appears, a continued one moves up)."""
    def choices(who: str) -> list[tuple[str, str]]:
        return [(f"{c.title} ({c.turns})", c.id) for c in assistant.history.list(who)]

    def listing(request: gr.Request, selected: str | None = None):
        return gr.Radio(choices=choices(owner(request)), value=selected)

    def refresh(request: gr.Request):
        return listing(request)

    def note(text: str) -> str:
        return f'<p class="rag-note">{render.esc(text)}</p>'

    def open_chat(conv_id, request: gr.Request):
        if not conv_id:
            return gr.skip(), gr.skip(), note("Choose a chat to open.")
        from rag.history import ConversationNotFound

        try:
            conv = assistant.chat(conv_id, owner=owner(request))
        except ConversationNotFound:
            return gr.skip(), gr.skip(), note("That chat no longer exists.")
        messages = messages_for(conv.turns)
        return messages, make_session(conv, messages), ""

    def delete_chat(conv_id, state, request: gr.Request):
        if not conv_id:
            return gr.skip(), gr.skip(), gr.skip(), note("Choose a chat to delete.")
        assistant.history.delete(conv_id, owner(request))
        if state is not None and getattr(state.conversation, "id", None) == conv_id:  # the open chat is gone
            return listing(request), [], None, note("Chat deleted.")
        return listing(request), gr.skip(), gr.skip(), note("Chat deleted.")

    def rename_chat(conv_id, title, request: gr.Request):
        if not conv_id:
            return gr.skip(), gr.skip(), note("Choose a chat to rename.")
        try:
            assistant.history.rename(conv_id, owner(request), title)
        except ValueError as e:
            return gr.skip(), gr.skip(), note(str(e))
        return listing(request, conv_id), "", ""

    def export_chat(conv_id, request: gr.Request):
        if not conv_id:
            return gr.File(visible=False), note("Choose a chat to export.")
        from rag.transcript import to_markdown

        who, history = owner(request), assistant.history
        info = history.info(conv_id, who)
        if info is None:
            return gr.File(visible=False), note("That chat no longer exists.")
        # Gradio serves files from the temp dir: one fresh folder per export, so users never share a file.
        path = Path(tempfile.mkdtemp(prefix="rag-export-")) / f"chat-{conv_id}.md"
        path.write_text(to_markdown(info, history.turns(conv_id, who)), encoding="utf-8")
        return gr.File(value=str(path), visible=True), ""

    free = dict(concurrency_limit=None)
    p.open.click(open_chat, inputs=p.chats, outputs=[chatbot, session, p.note], **free)
    p.delete.click(delete_chat, inputs=[p.chats, session], outputs=[p.chats, chatbot, session, p.note], **free)
    p.rename.click(rename_chat, inputs=[p.chats, p.title], outputs=[p.chats, p.title, p.note], **free)
    p.export.click(export_chat, inputs=p.chats, outputs=[p.file, p.note], **free)
    for event in answered:
        event.then(refresh, outputs=p.chats, **free)
    app.load(refresh, outputs=p.chats, **free)
