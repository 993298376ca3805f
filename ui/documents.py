"""Documents tab: upload with per-file results, ingest a server folder the operator allows, add a web page or feed
(ui/sources.py) and the library (ui/library_panel.py). Built by ``ui.app.build_app``; every action is an Assistant
call (uploads: ``Assistant.ingest_uploads``, the same steps as the HTTP API's POST /v1/documents).
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import gradio as gr

from rag.assistant import IngestBusyError
from rag.types import SUPPORTED_SUFFIXES
from ui import library_panel, render
from ui.sources import feeds_html, sources_panel

LOCK_TIMEOUT = 30  # seconds a document action waits for another ingest before it says "try again"


def supported_kinds() -> str:
    """The file kinds ingest reads, as the upload box names them (was a list of its own, which missed the images
    read by OCR)."""
    return " ".join(sorted(SUPPORTED_SUFFIXES))


def library(results_html=None):
    """Outputs shared by every document action (the results); the page and filter follow by ``.then``."""
    return (gr.skip() if results_html is None else results_html,)


def handlers(assistant, roots: list):
    """``results(report, names)`` (a report's per-file rows as HTML), ``upload`` and ``reingest`` (a folder inside
    ``roots``, the allowed folders)."""
    def results(report, names=None) -> str:
        return render.file_results_html(assistant.file_results(report, names), report.summary())

    def upload(files, progress=gr.Progress(track_tqdm=True)):
        files = files or []
        progress(0, desc=f"Ingesting {len(files)} file(s)")
        try:
            done = assistant.ingest_uploads(files, lock_timeout=LOCK_TIMEOUT, progress=True)
        except IngestBusyError as e:
            return None, *library(render.error_html(f"{e}. Try again in a moment."))
        return None, *library(render.file_results_html(done.rows, done.report.summary()))

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
        try:
            report = assistant.ingest([target], prune=bool(prune), progress=True, lock_timeout=LOCK_TIMEOUT,
                                      within=roots)
        except IngestBusyError as e:
            return library(render.error_html(f"{e}. Try again in a moment."))
        return library(results(report))

    return results, upload, reingest


def tab(assistant, roots: list, results) -> SimpleNamespace:
    """Lay out the tab (call inside its ``gr.Tab``)."""
    files = gr.File(label=f"Upload ({supported_kinds()}; up to {assistant.settings.ui.ui_max_upload_mb:g} MB each)",
                    file_count="multiple", type="filepath", elem_id="upload", height=140)
    shown = gr.HTML(elem_id="ingest-results")
    # Only folders the operator allows (RAG_UI_INGEST_ROOTS); with none, no control at all.
    with gr.Accordion("Ingest a folder on the server", open=False, visible=bool(roots), elem_id="server-folder"):
        with gr.Row():
            # The label names no folder: browser users never see the server's layout.
            folder = gr.Textbox(label="Folder path (inside a folder the operator allows; a relative "
                                      "path starts at the first)", scale=4, elem_id="folder")
            prune = gr.Checkbox(label="Remove documents gone from the folder", scale=1)
            ingest_btn = gr.Button("Ingest folder", elem_id="ingest-folder", scale=1)
    wire_sources = sources_panel(assistant, library, results)
    lib = library_panel.panel(assistant)
    return SimpleNamespace(files=files, results=shown, folder=folder, prune=prune, ingest_btn=ingest_btn,
                           wire_sources=wire_sources, lib=lib)


def wire(d: SimpleNamespace, assistant, *, app: gr.Blocks, doc_filter, results, upload, reingest) -> None:
    """The tab's events, in the "documents" concurrency group (one at a time); each refreshes the library page and
    the chat's document filter after it."""
    doc_outputs = [d.results]
    docs_io = dict(concurrency_id="documents", concurrency_limit=1)
    show_page = library_panel.wire(d.lib, assistant, results=d.results, ingest_results=results,
                                   doc_filter=doc_filter, **docs_io)
    show_filter = dict(fn=lambda sel: library_panel.filter_choices(assistant, sel), inputs=doc_filter,
                       outputs=doc_filter, concurrency_limit=None)
    d.files.upload(upload, inputs=d.files, outputs=[d.files, *doc_outputs], **docs_io).then(**show_page).then(
        **show_filter)
    d.ingest_btn.click(reingest, inputs=[d.folder, d.prune], outputs=doc_outputs, **docs_io).then(
        **show_page).then(**show_filter)
    feed_list = d.wire_sources(doc_outputs, after=[show_page, show_filter], **docs_io)
    app.load(lambda: feeds_html(assistant), outputs=feed_list, concurrency_limit=None)
    app.load(lambda: library_panel.feed_choices(assistant), outputs=d.lib.feed, concurrency_limit=None)
    # Two load events: naming the answerer may load an LLM, which must not hold up the document list.
    app.load(**show_page, api_name="library").then(**show_filter)
