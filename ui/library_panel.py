"""Documents tab: the library paged on the server (``Assistant.library``), never every document in the page.

A search box (title or file name / URL), publication days and feed narrow it; Previous / Next page through it
newest first with a count ("1–50 of 12,340"). Each row has its own Re-ingest and Delete (which asks in the row
first): one ``gr.HTML`` whose page script (``ROWS_JS``) turns those clicks into the events ``doc_reingest`` /
``doc_delete`` carrying the row's doc id, so a page is one component, not a picker to search (issue 26: deleting
meant finding a title in a dropdown). The chat's document filter is searched as one types (``FILTER_CHOICES``
matches), so it does not grow with the store either: a page is one indexed query, about a millisecond at 100k
documents (bench/library_scale.py).
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


def _row(e) -> str:
    title = render.esc(e.title or "(untitled)")
    return (f'<tr class="rag-doc" data-doc="{render.esc(e.doc_id)}"><td class="rag-doc-title">{title}</td>'
            f'<td class="rag-doc-source">{render.esc(e.name)}</td><td>{render.esc(e.date or "")}</td>'
            f'<td class="rag-num">{e.chunks}</td><td class="rag-doc-actions">'
            f'<button type="button" class="rag-doc-reingest" aria-label="Re-ingest {title}">Re-ingest</button>'
            f'<button type="button" class="rag-doc-delete" aria-label="Delete {title}">Delete</button></td></tr>')


def page_html(page) -> str:
    rows = "".join(_row(e) for e in page.entries)
    table = (f'<table class="rag-docs"><thead><tr><th>Title</th><th>File or URL</th><th>Date</th><th>Chunks</th>'
             f'<th><span class="rag-sr">Actions</span></th></tr></thead><tbody>{rows}</tbody></table>') if rows else ""
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
    prev: gr.Button
    next: gr.Button

    @property
    def query(self):
        return [self.q, self.date_from, self.date_to, self.feed, self.offset]

    @property
    def shown(self):
        return [self.table, self.offset]


def panel(assistant: Assistant) -> Library:
    """Lay out the library (inside the Documents tab)."""
    with gr.Row():
        q = gr.Textbox(label="Search titles and files", scale=3, elem_id="lib-q")
        date_from = dates.picker("Published from", "lib-from", scale=1)
        date_to = dates.picker("until", "lib-to", scale=1)
        feed = gr.Dropdown(label="Feed", choices=[("Any", "")], value="", scale=1, elem_id="lib-feed")
    table = gr.HTML(elem_id="documents", js_on_load=ROWS_JS)
    offset = gr.State(0)
    with gr.Row():
        prev_btn = gr.Button("← Previous", elem_id="lib-prev", scale=1)
        next_btn = gr.Button("Next →", elem_id="lib-next", scale=1)
    return Library(q, date_from, date_to, feed, offset, table, prev_btn, next_btn)


def show(assistant: Assistant, q, date_from, date_to, feed, offset):
    """The page for these query boxes at ``offset``: the table and the offset kept."""
    try:
        page = assistant.library(q=q or "", date_from=_day(date_from, "From"), date_to=_day(date_to, "Until"),
                                 feed=feed or None, limit=PAGE, offset=max(0, int(offset or 0)))
    except ValueError as e:
        return render.error_html(str(e)), 0
    if page.offset and not page.entries and page.total:  # past the end (documents were deleted): last page
        return show(assistant, q, date_from, date_to, feed, (page.total - 1) // PAGE * PAGE)
    return page_html(page), page.offset


def feed_choices(assistant: Assistant):
    return gr.Dropdown(choices=[("Any", ""), *((f.title or f.url, f.url) for f in assistant.feeds())])


def filter_choices(assistant: Assistant, selected, typed: str = ""):
    """The chat's document filter: what is chosen stays, plus up to FILTER_CHOICES matches for what is typed."""
    selected = list(selected or [])
    kept = {d: e for d in selected if (e := assistant.library_entry(d)) is not None}  # a few chosen ids
    page = assistant.library(q=typed or "", limit=FILTER_CHOICES)
    choices = [(label(kept[d]), d) for d in selected if d in kept]
    choices += [(label(e), e.doc_id) for e in page.entries if e.doc_id not in kept]
    return gr.Dropdown(choices=choices, value=[d for d in selected if d in kept])


def wire(lib: Library, assistant: Assistant, *, results, ingest_results, doc_filter, **docs_io):
    """Events: the query boxes and paging re-render; a row's delete (confirmed in the row) and re-ingest."""
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

    def delete_doc(evt: gr.EventData):
        doc_id = str(getattr(evt, "doc", "") or "")
        entry = assistant.library_entry(doc_id) if doc_id else None
        ok = bool(entry) and assistant.delete(doc_id)
        msg = f"Deleted “{entry.title or entry.name}”." if ok else "That document is already gone."
        return f'<p class="rag-note">{render.esc(msg)}</p>'

    def reingest_doc(evt: gr.EventData, progress=gr.Progress(track_tqdm=True)):
        doc_id = str(getattr(evt, "doc", "") or "")
        entry = assistant.library_entry(doc_id) if doc_id else None
        if entry is None:
            return render.error_html("That document is gone; nothing to re-ingest.")
        target = entry.url or entry.path
        if not target:
            return render.error_html(f"“{entry.title}” has no file or URL to read again.")
        progress(0, desc=f"Re-ingesting {entry.name}")
        try:
            return ingest_results(assistant.ingest([target], progress=True, lock_timeout=30))
        except IngestBusyError as e:
            return render.error_html(f"{e}. Try again in a moment.")

    lib.table.doc_delete(delete_doc, outputs=results, **docs_io).then(**render_page)
    lib.table.doc_reingest(reingest_doc, outputs=results, **docs_io).then(**render_page)

    def typed(selected, data: gr.KeyUpData):
        return filter_choices(assistant, selected, data.input_value)

    doc_filter.key_up(typed, inputs=doc_filter, outputs=doc_filter, concurrency_limit=None, trigger_mode="always_last")
    return render_page


CSS = """
.rag-doc-actions { white-space: nowrap; text-align: right; }
.rag-doc-actions button { background: none; border: 1px solid var(--border-color-primary); border-radius: 4px;
                          padding: 0 .45em; margin-left: .3em; cursor: pointer; color: inherit; font-size: .9em; }
.rag-doc-actions button.rag-doc-delete, .rag-doc-actions .rag-doc-yes { color: var(--error-text-color); }
.rag-doc-confirm { white-space: normal; }
.rag-sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
"""

# ``element`` is the gr.HTML's root (kept while the table re-renders: the listener is delegated to it) and
# ``trigger`` fires a Python event with data (``wire``). Delete asks in the row first (Delete confirms; Cancel or
# Esc keeps the document, focus back on the row's Delete).
ROWS_JS = """
const rowOf = (el) => el.closest('tr.rag-doc');
const cancel = (tr) => {
  tr.querySelector('.rag-doc-confirm')?.remove();
  tr.querySelectorAll('.rag-doc-reingest, .rag-doc-delete').forEach((b) => { b.hidden = false; });
  tr.querySelector('.rag-doc-delete')?.focus();
};
const askDelete = (tr) => {
  const cell = tr.querySelector('.rag-doc-actions');
  if (!cell || cell.querySelector('.rag-doc-confirm')) return;
  cell.querySelectorAll('button').forEach((b) => { b.hidden = true; });
  const box = document.createElement('span');
  box.className = 'rag-doc-confirm';
  box.setAttribute('role', 'alertdialog');
  box.append('Delete this document? ');
  for (const [cls, text] of [['rag-doc-yes', 'Delete'], ['rag-doc-no', 'Cancel']]) {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = cls;
    b.textContent = text;
    box.append(b);
  }
  box.addEventListener('keydown', (ev) => { if (ev.key === 'Escape') { ev.stopPropagation(); cancel(tr); } });
  cell.append(box);
  box.querySelector('.rag-doc-no').focus();
};
element.addEventListener('click', (ev) => {
  const tr = rowOf(ev.target);
  if (!tr) return;
  const hit = (cls) => ev.target.closest('.' + cls);
  if (hit('rag-doc-yes')) { cancel(tr); trigger('doc_delete', { doc: tr.dataset.doc }); }
  else if (hit('rag-doc-no')) cancel(tr);
  else if (hit('rag-doc-delete')) askDelete(tr);
  else if (hit('rag-doc-reingest')) trigger('doc_reingest', { doc: tr.dataset.doc });
});
"""
