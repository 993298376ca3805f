"""The Gradio app: layout and event wiring over one ``rag.Assistant``; every action is an Assistant call.

Chat tab: streamed answers with clickable citation markers and a sources panel per answer; per-session settings
(top-k, filters). Documents tab: upload, per-file results, the document list, delete, re-ingest a server folder,
add a web page or feed (ui/sources.py).
"""

from __future__ import annotations

import logging
from types import SimpleNamespace

import gradio as gr

from rag.assistant import Assistant
from rag.settings import mb_bytes
from ui import answering, dates, documents, instant, library_panel, starter
from ui import past_chats_html
from ui import timeline as timeline_ui
from ui import feedback as feedback_ui
from ui import watches as watches_ui
from ui import past_chats as past_chats_ui
from ui.assets import CSS, JS
from ui.answering import ChatSession, make_filter  # noqa: F401  (make_filter: tests import it here)

log = logging.getLogger(__name__)

# Chat events run at once, whatever the answerer: a local LLM serialises its own generation (rag/llm/local.py),
# so a limit of 1 here would only make every other question (its retrieval, a refusal, another session's
# extractive answer) wait in the queue behind one slow answer.
CHAT_CONCURRENCY = 4


def build_app(assistant: Assistant, *, chat_concurrency: int = CHAT_CONCURRENCY) -> gr.Blocks:
    """The app over ``assistant``. ``chat_concurrency``: chat events handled at once (the LLM still generates
    one answer at a time)."""
    roots = list(assistant.settings.ui.ui_ingest_roots)
    results, upload, reingest = documents.handlers(assistant, roots)
    with gr.Blocks(title="rag-assistant", analytics_enabled=False) as app:
        session = gr.State(None)
        past_chats = past_chats_ui.panel()
        gr.Markdown("## Ask your documents\nAnswers cite the passages they come from; hover or click a "
                    "marker like [1] to see its source.")
        watch_badge = watches_ui.badge()
        with gr.Tabs() as tabs:
            with gr.Tab("Chat", id="chat"):
                c = _chat_tab(assistant)
            with gr.Tab("Timeline", id="timeline"):
                story = timeline_ui.panel()
            with gr.Tab("Documents", id="documents"):
                d = documents.tab(assistant, roots, results)
            watch_tab = watches_ui.tab()
        c.session, c.tabs = session, tabs
        asking, stopping = _wire_chat(c, assistant, app=app, chat_concurrency=chat_concurrency)
        timeline_ui.wire(story, assistant, concurrency_id="chat", concurrency_limit=chat_concurrency)
        feedback_ui.wire(c.rating, assistant, chatbot=c.chatbot, session=session, answered=[*asking, stopping])
        watches_ui.wire(watch_tab, c.watch_button, watch_badge, assistant, app=app, session=session)
        _wire_past_chats(past_chats, c, assistant, app=app, asking=asking, stopping=stopping)
        documents.wire(d, assistant, app=app, doc_filter=c.doc_filter, results=results, upload=upload,
                       reingest=reingest)
        app.load(c.answerer_label, outputs=c.answerer, concurrency_limit=None)
    return app


def _chat_tab(assistant: Assistant) -> SimpleNamespace:
    """Lay out the Chat tab (call inside its ``gr.Tab``): the chat, the question box and the per-session settings."""
    with gr.Row():
        with gr.Column(scale=4):
            as_of_note = gr.HTML(elem_id="as-of-note")  # the "as of" day, when it is not today
            chatbot = gr.Chatbot(elem_id="chat", height="68vh", min_height=420, render_markdown=False, sanitize_html=True,
                                 latex_delimiters=[], allow_tags=False, buttons=["copy"],
                                 feedback_options=feedback_ui.THUMBS, label="Chat",
                                 placeholder="Ask a question about the documents.")
            with gr.Row():
                # Enter sends, Shift+Enter adds a line (the page script sends; ui/assets.py).
                question = gr.Textbox(elem_id="question", show_label=False, scale=5, lines=1, max_lines=8,
                                      placeholder="Ask a question about the documents (Enter sends, "
                                                  "Shift+Enter adds a line)", autofocus=True, interactive=True)
                gr.Button("Ask", variant="primary", elem_id="ask", scale=1, min_width=80)
                stop = gr.Button("Stop", variant="stop", elem_id="stop", scale=1, min_width=70)
            # What was sent, one question at a time, and its number: written only by the page
            # script. #done: the number of the last question answered, written only by the server.
            sent = gr.Textbox(elem_id="sent", visible="hidden", lines=1, interactive=True)
            sent_id = gr.Textbox(elem_id="sent-id", visible="hidden", lines=1, interactive=True)
            done = gr.Textbox(elem_id="done", visible="hidden", lines=1, interactive=True)
            send_now = gr.Button(elem_id="send-now", visible="hidden")
            rating = feedback_ui.panel()
            watch_button = watches_ui.button()
        with gr.Column(scale=1, min_width=240):
            answerer = gr.Markdown(elem_id="answerer")
            top_k = gr.Slider(1, 20, value=assistant.settings.retrieval.top_k, step=1,
                              label="Passages to retrieve (top-k)", elem_id="top-k")
            doc_filter = gr.Dropdown(label="Only these documents", multiselect=True, choices=[], elem_id="doc-filter")
            date_from = dates.picker("Published from", "date-from")
            date_to = dates.picker("Published until", "date-to")
            as_of = dates.picker("As of (empty: today)", "as-of", info="Ask as on that day: later articles are not used.")
    return SimpleNamespace(as_of_note=as_of_note, chatbot=chatbot, question=question, stop=stop, sent=sent,
                           sent_id=sent_id, done=done, send_now=send_now, rating=rating, watch_button=watch_button,
                           answerer=answerer, top_k=top_k, doc_filter=doc_filter, date_from=date_from,
                           date_to=date_to, as_of=as_of,
                           answerer_label=lambda name=None: f"**Answerer:** `{name or assistant.answerer_name}`")


def _wire_chat(c: SimpleNamespace, assistant: Assistant, *, app: gr.Blocks, chat_concurrency: int):
    """The answer and Stop events, the example questions and the "as of" note; returns ([the answer event], Stop's).

    Answers share one concurrency group of ``chat_concurrency`` (a local LLM still generates one at a time, behind
    its own lock, so a slow answer holds one slot, not the group); document actions have their own, so a slow
    answer never holds up an upload or a delete, and list refreshes are unlimited. One question at a time per
    page: the page script sends the next only when #done shows the last one's number."""
    respond, stop_answer = answering.handlers(assistant, c.answerer_label)
    chat_io = dict(fn=respond, inputs=[c.sent, c.sent_id, c.session, c.top_k, c.doc_filter, c.date_from, c.date_to,
                                       c.as_of],
                   outputs=[c.chatbot, c.done, c.session, c.answerer], concurrency_id="chat",
                   concurrency_limit=chat_concurrency, show_progress="minimal", trigger_mode="multiple")
    asking = [c.send_now.click(**chat_io)]
    # Stop (or Esc) ends the answer being written: the turn is kept with what it showed, marked "(stopped)"
    # (ui/answering.py; no `cancels=`: the answer's loop ends itself).
    stopping = c.stop.click(stop_answer, inputs=[c.sent_id, c.session], outputs=[c.chatbot, c.done],
                            concurrency_limit=None, api_name="stop")

    def example_text(evt: gr.SelectData):
        return evt.value.get("text", "") if isinstance(evt.value, dict) else gr.skip()

    def what_to_ask():
        html, examples = starter.build(assistant)
        return gr.Chatbot(placeholder=html, examples=examples or None)

    # An example question goes into the box (Enter asks it); the panel is rebuilt for each page.
    c.chatbot.example_select(example_text, outputs=c.question, concurrency_limit=None).then(
        None, js="() => document.querySelector('#question textarea')?.focus()")
    app.load(what_to_ask, outputs=c.chatbot, concurrency_limit=None)
    c.as_of.change(dates.as_of_html, inputs=c.as_of, outputs=c.as_of_note, concurrency_limit=None)
    return asking, stopping


def _wire_past_chats(past_chats, c: SimpleNamespace, assistant: Assistant, *, app: gr.Blocks, asking, stopping):
    """The sidebar, and New chat: opening a past chat stops the answer being written, frees the page's queue and
    shows the Chat tab; "New chat" (and the chatbot's own trash button, which clears the conversation too, not
    just what is shown) stops an answer still streaming."""
    def new_chat(session, sent_id):
        if isinstance(session, ChatSession):  # an answer being written is kept as shown, at once (not when the
            session.stop()                    # cancelled event's model next writes a word)
        return [], sent_id, None  # the next question starts a new kept conversation; #done frees the page's queue

    list_chats = past_chats_ui.wire(
        past_chats, assistant, app=app, chatbot=c.chatbot, session=c.session, answered=asking, sent_id=c.sent_id,
        opened=[c.done, c.tabs], done=c.done, after_open=lambda sent: (sent, gr.Tabs(selected="chat")),
        make_session=lambda conv, messages: ChatSession(conv, messages),
        thumbs=lambda state, who: feedback_ui.votes(assistant, state, who))
    stopping.then(**list_chats)  # a first question stopped: its chat is listed now
    for event in (past_chats.new.click, c.chatbot.clear):
        event(new_chat, inputs=[c.session, c.sent_id], outputs=[c.chatbot, c.done, c.session], concurrency_limit=None,
              cancels=asking).then(**list_chats)


QUEUE_SIZE = 64
ALL_CSS = (CSS + instant.CSS + past_chats_html.CSS + dates.CSS + starter.CSS + library_panel.CSS + watches_ui.CSS
           + timeline_ui.CSS)


def _queue(app: gr.Blocks, queue_size: int) -> None:
    # default_concurrency_limit covers events not given their own limit; the chat and document groups
    # above set theirs.
    app.queue(default_concurrency_limit=4, max_size=queue_size)


def mount(api, app: gr.Blocks, *, auth: tuple[str, str] | None, max_upload_mb: float, queue_size: int = QUEUE_SIZE):
    """Serve the UI at / of the FastAPI app ``api`` (the HTTP API's routes, added first, keep precedence)."""
    _queue(app, queue_size)
    return gr.mount_gradio_app(api, app, path="/", auth=auth, max_file_size=mb_bytes(max_upload_mb),
                               show_error=False, ssr_mode=False, css=ALL_CSS, js=JS)


def launch(app: gr.Blocks, *, host: str, port: int, auth: tuple[str, str] | None, max_upload_mb: float,
           block: bool = True, queue_size: int = QUEUE_SIZE):
    """The UI alone on Gradio's own server (tests; `rag serve` mounts it next to the API instead)."""
    _queue(app, queue_size)
    return app.launch(server_name=host, server_port=port, auth=auth, max_file_size=mb_bytes(max_upload_mb),
                      prevent_thread_lock=not block, show_error=False, ssr_mode=False, css=ALL_CSS, js=JS)
