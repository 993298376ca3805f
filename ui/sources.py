"""Documents tab: add a web page by its URL, follow a feed, sync the followed feeds (the Assistant's feed doors).

Built inside ui/app.py's Documents tab by ``sources_panel``; its events reuse the app's document outputs, so
results and the library refresh exactly as after an upload.
"""

from __future__ import annotations

import gradio as gr

from rag.assistant import Assistant, IngestBusyError
from ui import render


def feeds_html(assistant: Assistant) -> str:
    feeds = assistant.feeds()
    if not feeds:
        return '<p class="rag-note">No feeds followed yet.</p>'
    rows = "".join(
        f"<tr><td>{render.esc(f.title or f.url)}</td><td class='rag-file'>{render.esc(f.url)}</td>"
        f"<td>{len(f.entries)}</td><td>{render.esc(f.last_sync or 'never')}</td>"
        f"<td>{render.esc(f.last_error or '')}</td></tr>" for f in feeds)
    return ("<table class='rag-results' id='feed-table'><thead><tr><th>Feed</th><th>URL</th><th>Entries</th>"
            f"<th>Last sync</th><th>Last error</th></tr></thead><tbody>{rows}</tbody></table>")


def sources_panel(assistant: Assistant, library, ingest_results):
    """Lay out the panel (call inside the Documents tab); returns ``wire(doc_outputs, **event_kwargs)``.

    ``library(results_html)`` gives the app's document outputs; ``ingest_results(report)`` renders a report.
    """
    with gr.Accordion("Add a web page or follow a feed", open=False):
        with gr.Row():
            url = gr.Textbox(label="URL (http:// or https://)", scale=4, elem_id="source-url")
            kind = gr.Radio(["Web page", "Feed (RSS/Atom)"], value="Web page", label="It is a", scale=2,
                            elem_id="source-kind")
            add = gr.Button("Add", scale=1, elem_id="add-source")
        with gr.Row():
            sync_btn = gr.Button("Sync feeds now", scale=1, elem_id="sync-feeds")
        feed_list = gr.HTML(elem_id="feeds")

    def add_source(value, what, progress=gr.Progress(track_tqdm=True)):
        value = (value or "").strip()
        if not value.lower().startswith(("http://", "https://")):
            return "", *library(render.error_html("Enter an http:// or https:// URL.")), feeds_html(assistant)
        progress(0, desc=f"Fetching {value}")
        try:
            report = (assistant.follow_feed(value, progress=True) if what.startswith("Feed")
                      else assistant.ingest([value], progress=True, lock_timeout=30))
        except IngestBusyError as e:
            return value, *library(render.error_html(f"{e}. Try again in a moment.")), feeds_html(assistant)
        return "", *library(ingest_results(report)), feeds_html(assistant)

    def sync_feeds(progress=gr.Progress(track_tqdm=True)):
        progress(0, desc="Syncing feeds")
        try:
            report = assistant.sync_feeds(progress=True)
        except IngestBusyError as e:
            return *library(render.error_html(f"{e}. Try again in a moment.")), feeds_html(assistant)
        return *library(ingest_results(report)), feeds_html(assistant)

    def wire(doc_outputs, after=(), **event_kwargs):
        """``after``: events (``fn=…`` kwargs) chained after each action, e.g. the library page's refresh."""
        def chain(event):
            for step in after:
                event = event.then(**step)

        chain(add.click(add_source, inputs=[url, kind], outputs=[url, *doc_outputs, feed_list], **event_kwargs))
        chain(url.submit(add_source, inputs=[url, kind], outputs=[url, *doc_outputs, feed_list], **event_kwargs))
        chain(sync_btn.click(sync_feeds, outputs=[*doc_outputs, feed_list], **event_kwargs))
        return feed_list

    return wire
