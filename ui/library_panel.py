"""Documents tab: the library paged on the server (``Assistant.library``), never every document in the page.

A search box (title or file name / URL), publication days and feed narrow it; Previous / Next page through it
newest first with a count ("1–50 of 12,340"). The row picker for delete and re-ingest holds only the page shown
(at most ``PAGE`` rows), and the chat's document filter is searched as one types (``FILTER_CHOICES`` matches), so
neither dropdown grows with the store: a page is one indexed query, about a millisecond at 100k documents
(bench/library_scale.py). Delete asks for confirmation first.
"""

from __future__ import annotations

from dataclasses import dataclass
import gradio as gr

from rag.assistant import Assistant, IngestBusyError
from ui import dates, render
from ui.dates import parse_day as _day

PAGE = 50
FILTER_CHOICES = 20  # matches offered by the chat's document filter for what is typed


def counts(page) -> str:
    if not page.total:
        return "No documents match." if page.documents else "No documents yet. Upload some above."
    last = page.offset + len(page.entries)
    return f"{page.offset + 1:,}–{last:,} of {page.total:,}" + (
        f" (of {page.documents:,} documents, {page.chunks:,} chunks)" if page.total != page.documents
        else f" documents, {page.chunks:,} chunks")


def page_html(page) -> str:
    rows = "".join(
        f'<tr><td class="rag-doc-title">{render.esc(e.title or "(untitled)")}</td>'
        f'<td class="rag-doc-source">{render.esc(e.name)}</td><td>{render.esc(e.date or "")}</td>'
        f'<td class="rag-num">{e.chunks}</td></tr>' for e in page.entries)
    table = (f'<table class="rag-docs"><thead><tr><th>Title</th><th>File or URL</th><th>Date</th><th>Chunks</th>'
             f'</tr></thead><tbody>{rows}</tbody></table>') if rows else ""
    return f'{table}<p class="rag-note rag-lib-count">{render.esc(counts(page))}</p>'


def label(e) -> str:
    """A dropdown label (Gradio shows it as text, never HTML)."""
    return f"{e.title or e.name}" + (f" ({e.date[:10]})" if e.date else "")


@dataclass
class Library:
    """The panel's components."""

    q: gr.Textbox
    date_from: gr.DateTime
    date_to: gr.DateTime
    feed: gr.Dropdown
    offset: gr.State
    table: gr.HTML
    pick: gr.Dropdown = None
    delete: gr.Button = None
    reingest: gr.Button = None
    confirm: gr.Row = None
    confirm_text: gr.Markdown = None
    yes: gr.Button = None
    no: gr.Button = None
    prev: gr.Button = None
    next: gr.Button = None

    @property
    def query(self):
        return [self.q, self.date_from, self.date_to, self.feed, self.offset]

    @property
    def shown(self):
        return [self.table, self.pick, self.offset]


def panel(assistant: Assistant) -> Library:
    """Lay out the library (inside the Documents tab)."""
    with gr.Row():
        q = gr.Textbox(label="Search titles and files", scale=3, elem_id="lib-q")
        date_from = dates.picker("Published from", "lib-from", scale=1)
        date_to = dates.picker("until", "lib-to", scale=1)
        feed = gr.Dropdown(label="Feed", choices=[("Any", "")], value="", scale=1, elem_id="lib-feed")
    table = gr.HTML(elem_id="documents")
    offset = gr.State(0)
    with gr.Row():
        prev_btn = gr.Button("← Previous", elem_id="lib-prev", scale=1)
        next_btn = gr.Button("Next →", elem_id="lib-next", scale=1)
    lib = Library(q, date_from, date_to, feed, offset, table, None)
    with gr.Row():
        lib.pick = gr.Dropdown(label="Document (on this page)", choices=[], scale=4, elem_id="delete-choice")
        lib.delete = gr.Button("Delete", variant="stop", scale=1, elem_id="delete")
        lib.reingest = gr.Button("Re-ingest", scale=1, elem_id="reingest-doc")
    with gr.Row(visible=False, elem_id="delete-confirm") as confirm:
        lib.confirm_text = gr.Markdown()
        lib.yes = gr.Button("Yes, delete", variant="stop", elem_id="delete-yes", scale=1)
        lib.no = gr.Button("Cancel", elem_id="delete-no", scale=1)
    lib.confirm, lib.prev, lib.next = confirm, prev_btn, next_btn
    return lib


def show(assistant: Assistant, q, date_from, date_to, feed, offset):
    """The page for these query boxes at ``offset``: table, row picker (this page only), the offset kept."""
    try:
        page = assistant.library(q=q or "", date_from=_day(date_from, "From"), date_to=_day(date_to, "Until"),
                                 feed=feed or None, limit=PAGE, offset=max(0, int(offset or 0)))
    except ValueError as e:
        return render.error_html(str(e)), gr.Dropdown(choices=[], value=None), 0
    if page.offset and not page.entries and page.total:  # past the end (documents were deleted): last page
        return show(assistant, q, date_from, date_to, feed, (page.total - 1) // PAGE * PAGE)
    return (page_html(page), gr.Dropdown(choices=[(label(e), e.doc_id) for e in page.entries], value=None),
            page.offset)


def feed_choices(assistant: Assistant):
    from rag.feeds import FeedList

    feeds = FeedList(assistant.settings.data_dir).load()
    return gr.Dropdown(choices=[("Any", ""), *((f.title or f.url, f.url) for f in feeds.values())])


def filter_choices(assistant: Assistant, selected, typed: str = ""):
    """The chat's document filter: what is chosen stays, plus up to FILTER_CHOICES matches for what is typed."""
    selected = list(selected or [])
    kept = {d: e for d in selected if (e := assistant.library_entry(d)) is not None}  # a few chosen ids
    page = assistant.library(q=typed or "", limit=FILTER_CHOICES)
    choices = [(label(kept[d]), d) for d in selected if d in kept]
    choices += [(label(e), e.doc_id) for e in page.entries if e.doc_id not in kept]
    return gr.Dropdown(choices=choices, value=[d for d in selected if d in kept])


def wire(lib: Library, assistant: Assistant, *, results, ingest_results, doc_filter, **docs_io):
    """Events: the query boxes and paging re-render; delete (after confirming) and re-ingest act on the pick."""
    render_page = dict(fn=lambda *a: show(assistant, *a), inputs=lib.query, outputs=lib.shown,
                       concurrency_limit=None)

    def first(*a):
        return show(assistant, *a[:-1], 0)

    lib.q.submit(first, inputs=lib.query, outputs=lib.shown, concurrency_limit=None)
    for box in (lib.date_from, lib.date_to):  # a day picked, or typed and confirmed with Enter
        box.change(first, inputs=lib.query, outputs=lib.shown, concurrency_limit=None)
    lib.q.change(first, inputs=lib.query, outputs=lib.shown, concurrency_limit=None, trigger_mode="always_last")
    lib.feed.change(first, inputs=lib.query, outputs=lib.shown, concurrency_limit=None)
    lib.prev.click(lambda *a: show(assistant, *a[:-1], max(0, int(a[-1] or 0) - PAGE)), inputs=lib.query,
                    outputs=lib.shown, concurrency_limit=None)
    lib.next.click(lambda *a: show(assistant, *a[:-1], int(a[-1] or 0) + PAGE), inputs=lib.query,
                    outputs=lib.shown, concurrency_limit=None)

    def ask_delete(doc_id):
        entry = assistant.library_entry(doc_id) if doc_id else None
        if entry is None:
            return gr.Row(visible=False), "", render.error_html("Choose a document to delete.")
        return gr.Row(visible=True), f"Delete “{entry.title or entry.name}” ({entry.name})?", gr.skip()

    def delete_doc(doc_id):
        entry = assistant.library_entry(doc_id) if doc_id else None
        ok = bool(entry) and assistant.delete(doc_id)
        msg = f"Deleted “{entry.title or entry.name}”." if ok else "That document is already gone."
        return gr.Row(visible=False), f'<p class="rag-note">{render.esc(msg)}</p>'

    def reingest_doc(doc_id, progress=gr.Progress(track_tqdm=True)):
        entry = assistant.library_entry(doc_id) if doc_id else None
        if entry is None:
            return render.error_html("Choose a document to re-ingest.")
        target = entry.url or entry.path
        if not target:
            return render.error_html(f"“{entry.title}” has no file or URL to read again.")
        progress(0, desc=f"Re-ingesting {entry.name}")
        try:
            return ingest_results(assistant.ingest([target], progress=True, lock_timeout=30))
        except IngestBusyError as e:
            return render.error_html(f"{e}. Try again in a moment.")

    lib.delete.click(ask_delete, inputs=lib.pick, outputs=[lib.confirm, lib.confirm_text, results],
                      concurrency_limit=None)
    lib.no.click(lambda: gr.Row(visible=False), outputs=lib.confirm, concurrency_limit=None)
    lib.yes.click(delete_doc, inputs=lib.pick, outputs=[lib.confirm, results], **docs_io).then(**render_page)
    lib.reingest.click(reingest_doc, inputs=lib.pick, outputs=results, **docs_io).then(**render_page)
    def typed(selected, data: gr.KeyUpData):
        return filter_choices(assistant, selected, data.input_value)

    doc_filter.key_up(typed, inputs=doc_filter, outputs=doc_filter, concurrency_limit=None, trigger_mode="always_last")
    return render_page
