"""The Gradio app: layout and event wiring over one ``rag.Assistant``; every action is an Assistant call.

Chat tab: streamed answers with clickable citation markers and a sources panel per answer; per-session settings
(top-k, filters). Documents tab: upload, per-file results, the document list, delete, re-ingest a server folder,
add a web page or feed (ui/sources.py).
"""

from __future__ import annotations

import logging
from pathlib import Path

import gradio as gr

from rag.assistant import Assistant, IngestBusyError
from rag.settings import mb_bytes
from rag.types import IngestReport
from ui import answering, dates, instant, library_panel, render, starter
from ui import past_chats_html
from ui import timeline as timeline_ui
from ui import feedback as feedback_ui
from ui import watches as watches_ui
from ui import past_chats as past_chats_ui
from ui.assets import CSS, JS
from ui.answering import ChatSession, make_filter  # noqa: F401  (make_filter: tests import it here)
from ui.sources import feeds_html, sources_panel

log = logging.getLogger(__name__)

# Chat events run at once, whatever the answerer: a local LLM serialises its own generation (rag/llm/local.py),
# so a limit of 1 here would only make every other question (its retrieval, a refusal, another session's
# extractive answer) wait in the queue behind one slow answer.
CHAT_CONCURRENCY = 4


def supported_kinds() -> str:
    """The file kinds ingest reads, as the upload box names them (was a list of its own, which missed the images
    read by OCR)."""
    from rag.types import SUPPORTED_SUFFIXES

    return " ".join(sorted(SUPPORTED_SUFFIXES))


def build_app(assistant: Assistant, *, chat_concurrency: int = CHAT_CONCURRENCY) -> gr.Blocks:
    """The app over ``assistant``. ``chat_concurrency``: chat events handled at once (the LLM still generates
    one answer at a time)."""
    s = assistant.settings

    # --- handlers: each one calls the Assistant and renders its typed result -------------------------------

    def answerer_label(name: str | None = None) -> str:
        return f"**Answerer:** `{name or assistant.answerer_name}`"

    respond, stop_answer = answering.handlers(assistant, answerer_label)

    def new_chat(session, sent_id):
        if isinstance(session, ChatSession):  # an answer being written is kept as shown, at once (not when the
            session.stop()                    # cancelled event's model next writes a word)
        return [], sent_id, None  # the next question starts a new kept conversation; #done frees the page's queue

    def example_text(evt: gr.SelectData):
        return evt.value.get("text", "") if isinstance(evt.value, dict) else gr.skip()

    def what_to_ask():
        html, examples = starter.build(assistant)
        return gr.Chatbot(placeholder=html, examples=examples or None)

    def library(results_html=None):
        """Outputs shared by every document action (the results); the page and filter follow by ``.then``."""
        return (gr.skip() if results_html is None else results_html,)

    def _ingest(paths, prune=False, within=None) -> str:
        try:
            report = (assistant.ingest(paths, prune=prune, progress=True, lock_timeout=30, within=within)
                      if paths else IngestReport())
        except IngestBusyError as e:
            return render.error_html(f"{e}. Try again in a moment.")
        return _results(report)

    def _results(report, names=None) -> str:
        return render.file_results_html(assistant.file_results(report, names), report.summary())

    def upload(files, progress=gr.Progress(track_tqdm=True)):
        files = files or []
        progress(0, desc=f"Ingesting {len(files)} file(s)")
        try:
            done = assistant.ingest_uploads(files, lock_timeout=30, progress=True)
        except IngestBusyError as e:
            return None, *library(render.error_html(f"{e}. Try again in a moment."))
        return None, *library(render.file_results_html(done.rows, done.report.summary()))

    roots = list(s.ui_ingest_roots)

    def reingest(folder, prune, progress=gr.Progress(track_tqdm=True)):
        folder = (folder or "").strip()
        if not roots:  # the control is hidden then; this refuses a crafted request too
            return library(render.error_html("Ingesting server folders is turned off: the operator names the "
                                             "allowed folders in RAG_UI_INGEST_ROOTS."))
        if not folder:
            return library(render.error_html("Enter a folder path on the server."))
        target = Path(folder).expanduser()
        if not target.is_absolute():  # relative to the first allowed folder
            target = Path(roots[0]) / target
        progress(0, desc=f"Ingesting {folder}")
        return library(_ingest([target], prune=bool(prune), within=roots))

    # --- layout -----------------------------------------------------------------------------------------

    with gr.Blocks(title="rag-assistant", analytics_enabled=False) as app:
        session = gr.State(None)
        past_chats = past_chats_ui.panel()
        clear = past_chats.new
        gr.Markdown("## Ask your documents\nAnswers cite the passages they come from; hover or click a "
                    "marker like [1] to see its source.")
        watch_badge = watches_ui.badge()
        with gr.Tabs() as tabs:
            with gr.Tab("Chat", id="chat"):
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
                                                              "Shift+Enter adds a line)", autofocus=True,
                                                  interactive=True)
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
                        top_k = gr.Slider(1, 20, value=s.top_k, step=1, label="Passages to retrieve (top-k)",
                                          elem_id="top-k")
                        doc_filter = gr.Dropdown(label="Only these documents", multiselect=True, choices=[],
                                                 elem_id="doc-filter")
                        date_from = dates.picker("Published from", "date-from")
                        date_to = dates.picker("Published until", "date-to")
                        as_of = dates.picker("As of (empty: today)", "as-of",
                                             info="Ask as on that day: later articles are not used.")
            with gr.Tab("Timeline", id="timeline"):
                story = timeline_ui.panel()
            with gr.Tab("Documents", id="documents"):
                files = gr.File(label=f"Upload ({supported_kinds()}; up to {s.ui_max_upload_mb:g} MB each)",
                                file_count="multiple", type="filepath", elem_id="upload", height=140)
                results = gr.HTML(elem_id="ingest-results")
                # Only folders the operator allows (RAG_UI_INGEST_ROOTS); with none, no control at all.
                with gr.Accordion("Ingest a folder on the server", open=False, visible=bool(roots),
                                  elem_id="server-folder"):
                    with gr.Row():
                        # The label names no folder: browser users never see the server's layout.
                        folder = gr.Textbox(label="Folder path (inside a folder the operator allows; a relative "
                                                  "path starts at the first)", scale=4,
                                            elem_id="folder")
                        prune = gr.Checkbox(label="Remove documents gone from the folder", scale=1)
                        ingest_btn = gr.Button("Ingest folder", elem_id="ingest-folder", scale=1)
                wire_sources = sources_panel(assistant, library, _results)
                lib = library_panel.panel(assistant)
            watch_tab = watches_ui.tab()

        # --- wiring -------------------------------------------------------------------------------------
        # Answers share one concurrency group of CHAT_CONCURRENCY (a local LLM still generates one at a time,
        # behind its own lock, so a slow answer holds one slot, not the group); document actions have their own,
        # so a slow answer never holds up an upload or a delete, and list refreshes are unlimited.
        # One question at a time per page: the page script sends the next only when #done shows the last one's number.
        chat_io = dict(fn=respond, inputs=[sent, sent_id, session, top_k, doc_filter, date_from, date_to, as_of],
                       outputs=[chatbot, done, session, answerer], concurrency_id="chat",
                       concurrency_limit=chat_concurrency, show_progress="minimal", trigger_mode="multiple")
        asking = [send_now.click(**chat_io)]
        # "New chat" stops an answer still streaming; the chatbot's own trash button clears the conversation
        # too, not just what is shown. Stop (or Esc) ends the answer being written: the turn is kept with what it
        # showed, marked "(stopped)" (ui/answering.py; no `cancels=`: the answer's loop ends itself).
        stopping = stop.click(stop_answer, inputs=[sent_id, session], outputs=[chatbot, done], concurrency_limit=None,
                              api_name="stop")

        timeline_ui.wire(story, assistant, concurrency_id="chat", concurrency_limit=chat_concurrency)
        feedback_ui.wire(rating, assistant, chatbot=chatbot, session=session, answered=[*asking, stopping])
        watches_ui.wire(watch_tab, watch_button, watch_badge, assistant, app=app, session=session)
        # Opening a past chat stops the answer being written, frees the page's queue and shows the Chat tab.
        list_chats = past_chats_ui.wire(
            past_chats, assistant, app=app, chatbot=chatbot, session=session, answered=asking, sent_id=sent_id,
            opened=[done, tabs], done=done, after_open=lambda sent: (sent, gr.Tabs(selected="chat")),
            make_session=lambda conv, messages: ChatSession(conv, messages),
            thumbs=lambda state, who: feedback_ui.votes(assistant, state, who))
        stopping.then(**list_chats)  # a first question stopped: its chat is listed now
        for event in (clear.click, chatbot.clear):
            event(new_chat, inputs=[session, sent_id], outputs=[chatbot, done, session], concurrency_limit=None,
                  cancels=asking).then(**list_chats)
        # An example question goes into the box (Enter asks it); the panel is rebuilt for each page.
        chatbot.example_select(example_text, outputs=question, concurrency_limit=None).then(
            None, js="() => document.querySelector('#question textarea')?.focus()")
        app.load(what_to_ask, outputs=chatbot, concurrency_limit=None)
        as_of.change(dates.as_of_html, inputs=as_of, outputs=as_of_note, concurrency_limit=None)

        doc_outputs = [results]
        docs_io = dict(concurrency_id="documents", concurrency_limit=1)
        show_page = library_panel.wire(lib, assistant, results=results, ingest_results=_results,
                                       doc_filter=doc_filter, **docs_io)
        show_filter = dict(fn=lambda sel: library_panel.filter_choices(assistant, sel), inputs=doc_filter,
                           outputs=doc_filter, concurrency_limit=None)
        files.upload(upload, inputs=files, outputs=[files, *doc_outputs], **docs_io).then(**show_page).then(
            **show_filter)
        ingest_btn.click(reingest, inputs=[folder, prune], outputs=doc_outputs, **docs_io).then(**show_page).then(
            **show_filter)
        feed_list = wire_sources(doc_outputs, after=[show_page, show_filter], **docs_io)
        app.load(lambda: feeds_html(assistant), outputs=feed_list, concurrency_limit=None)
        app.load(lambda: library_panel.feed_choices(assistant), outputs=lib.feed, concurrency_limit=None)
        # Two load events: naming the answerer may load an LLM, which must not hold up the document list.
        app.load(**show_page, api_name="library").then(**show_filter)
        app.load(answerer_label, outputs=answerer, concurrency_limit=None)
    return app


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
