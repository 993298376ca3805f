"""HTML for the browser chat: pure functions from typed results to escaped markup.

Document text is untrusted. Every string that came from a document (passage text, titles, sources, dates, answer
text, which quotes documents) goes through ``esc`` before it meets markup, so ``<script>`` or ``<img onerror=…>``
in an article shows as text. Gradio sanitizes HTML as well; that is a second line, not the first.

Gradio's sanitizer drops ``data-*`` attributes, so citation numbers travel in class names (``rag-n-2``), which
the page script (ui/assets.py) reads to link a marker to its source.
"""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Iterable

from rag import FileResult, display_name
from rag.types import STOPPED, Answer, Citation, DocumentInfo

# "[1]", "[1, 2]", "[1,2,3]": the forms answerers write (the LLM ones sometimes group numbers).
_MARKER = re.compile(r"\[(\d+(?:\s*,\s*\d+)*)\]")
# An absolute server path inside a message (an ingest failure's reason): not after a word, ':' or '/', so
# a URL's path and a date like 2025/10/23 stay as they are.
_SERVER_PATH = re.compile(r"(?<![\w:/.~-])/(?:[^\s/'\"<>]+/)+([^\s/'\"<>]+)")
TOOLTIP_CHARS = 300
REFUSAL_HINT = "The documents don't cover this."


def esc(text: object) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def shown(source: str | None) -> str:
    """Where a document came from as a browser user sees it: the URL or the file's name, never the server's
    folders (``rag.display_name``); the CLI and the API keep full paths for operators."""
    return display_name(source)


def without_paths(message: str | None) -> str:
    """``message`` with each absolute server path cut to its file's name."""
    return _SERVER_PATH.sub(lambda m: m.group(1), message or "")


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def highlighted(text: str, start: int, end: int) -> str:
    """The passage, escaped, with ``text[start:end]`` wrapped in <mark>; out-of-range spans are clamped."""
    n = len(text)
    s = max(0, min(start, n))
    e = max(s, min(end, n))
    if s == e:
        return esc(text)
    return f"{esc(text[:s])}<mark class=\"rag-hl\">{esc(text[s:e])}</mark>{esc(text[e:])}"


def _marker(n: int, c: Citation | None) -> str:
    if c is None:  # a number with no passage behind it: show it, but it links nowhere
        return f"[{n}]"
    tip = _clip(c.highlight or c.text, TOOLTIP_CHARS)
    return (f'<span class="rag-cite rag-n-{n}" role="button" tabindex="0" '
            f'title="[{n}] {esc(c.title)}: {esc(tip)}">[{n}]</span>')


def answer_text_html(text: str, citations: Iterable[Citation]) -> str:
    """The answer escaped, with each ``[n]`` that has a citation turned into a hoverable, clickable marker."""
    by_number = {c.number: c for c in citations}
    out, pos = [], 0
    for m in _MARKER.finditer(text):
        out.append(esc(text[pos:m.start()]))
        numbers = [int(x) for x in m.group(1).split(",")]
        out.append("".join(_marker(n, by_number.get(n)) for n in numbers))
        pos = m.end()
    out.append(esc(text[pos:]))
    return "".join(out)


def page_html(page: int, image: bytes | None) -> str:
    """A collapsed "Show page N" holding the page as a data: URI (no route, no path); "" without an image."""
    if not image:
        return ""
    data = base64.b64encode(image).decode("ascii")
    return (f'<details class="rag-page"><summary>Show page {int(page)}</summary>'
            f'<img class="rag-page-img" alt="page {int(page)}" src="data:image/webp;base64,{data}"></details>')


def source_html(c: Citation, image: bytes | None = None) -> str:
    meta = [esc(c.date)] if c.date else []
    if c.page:
        meta.append(f"p. {int(c.page)}")
    meta.append(f'<span class="rag-src-path">{esc(shown(c.source))}</span>')
    also = "".join(f'<li>{esc(o.title or shown(o.source))}{" · " + esc(o.date) if o.date else ""} · '
                   f'<span class="rag-src-path">{esc(shown(o.source))}</span></li>' for o in c.also)
    also_html = f'<div class="rag-src-also">Also reported by:<ul>{also}</ul></div>' if also else ""
    return (f'<li class="rag-src rag-n-{c.number}">'
            f'<div class="rag-src-head"><span class="rag-src-num">[{c.number}]</span> '
            f'<strong class="rag-src-title">{esc(c.title or shown(c.source))}</strong></div>'
            f'<div class="rag-src-meta">{" · ".join(meta)}</div>'
            f'<blockquote class="rag-passage">{highlighted(c.text, c.highlight_start, c.highlight_end)}</blockquote>'
            f'{page_html(c.page or 0, image) if c.page else ""}{also_html}</li>')


def sources_html(citations: list[Citation], pages: dict[int, bytes] | None = None) -> str:
    """The sources panel; ``pages`` maps a citation number to its page image (ui/pages.py)."""
    if not citations:
        return ""
    pages = pages or {}
    items = "".join(source_html(c, pages.get(c.number)) for c in sorted(citations, key=lambda c: c.number))
    label = "Source" if len(citations) == 1 else f"Sources ({len(citations)})"
    return (f'<details class="rag-sources" open><summary>{label}</summary>'
            f'<ol class="rag-src-list">{items}</ol></details>')


def window_html(answer: Answer) -> str:
    """Which publication days were searched (dated stores only)."""
    if getattr(answer, "window", None) is None:
        return ""
    return f'<p class="rag-note rag-window">Searched {esc(answer.window.describe())}.</p>'


NOTHING_SHOWN = "Stopped before any of the answer was shown."


def answer_html(answer: Answer, pages: dict[int, bytes] | None = None) -> str:
    """A complete assistant message: the answer with markers, then the sources panel (or a plain refusal);
    ``pages``: citation number → page image, shown collapsed under that source."""
    if answer.refused:
        return (f'<div class="rag-msg rag-refused"><p class="rag-answer">{esc(answer.answer)}</p>'
                f'<p class="rag-note">{REFUSAL_HINT} Try rephrasing, widening the filters, or adding documents.</p>'
                f'{window_html(answer)}</div>')
    stopped = getattr(answer, "stopped", False)
    if stopped and answer.answer.replace(STOPPED, "").strip() == "":
        # Stopped before a word was shown: one line says so ("(stopped)" and the note under it said it twice).
        return f'<div class="rag-msg rag-stopped"><p class="rag-answer">{NOTHING_SHOWN}</p></div>'
    note = "Stopped before the answer was finished." if stopped else f"answered by {esc(answer.answerer)}"
    return (f'<div class="rag-msg{" rag-stopped" if stopped else ""}"><p class="rag-answer">'
            f'{answer_text_html(answer.answer, answer.citations)}</p>'
            f'{sources_html(answer.citations, pages)}{window_html(answer)}<p class="rag-note">{note}</p></div>')


def partial_html(text: str) -> str:
    """Text still streaming in: escaped, markers shown as plain text until the final answer validates them."""
    return f'<div class="rag-msg rag-streaming"><p class="rag-answer">{esc(text)}▌</p></div>'


def question_html(text: str) -> str:
    return f'<div class="rag-question">{esc(text)}</div>'


def error_html(message: str) -> str:
    return f'<div class="rag-msg rag-error"><p>{esc(without_paths(message))}</p></div>'


# --- documents ----------------------------------------------------------------------------------------------


def documents_html(docs: list[DocumentInfo]) -> str:
    if not docs:
        return '<p class="rag-empty">No documents yet. Upload some above.</p>'
    rows = "".join(
        f'<tr><td class="rag-doc-title">{esc(d.title or "(untitled)")}</td><td class="rag-doc-source">{esc(shown(d.source))}</td>'
        f'<td>{esc(d.date or "")}</td><td class="rag-num">{d.chunks}</td><td class="rag-doc-id">{esc(d.doc_id)}</td></tr>'
        for d in docs)
    total = sum(d.chunks for d in docs)
    return (f'<table class="rag-docs"><thead><tr><th>Title</th><th>Source</th><th>Date</th><th>Chunks</th>'
            f'<th>Id</th></tr></thead><tbody>{rows}</tbody></table>'
            f'<p class="rag-note">{len(docs)} documents, {total} chunks</p>')


def document_choices(docs: list[DocumentInfo]) -> list[tuple[str, str]]:
    """(label, doc_id) pairs for dropdowns; Gradio shows labels as text, never HTML."""
    return [(f"{d.title or shown(d.source)}" + (f" ({d.date})" if d.date else ""), d.doc_id) for d in docs]


def file_results_html(rows: list[FileResult], summary: str = "") -> str:
    if not rows:
        return f'<p class="rag-note">{esc(without_paths(summary) or "Nothing to ingest.")}</p>'
    body = "".join(
        f'<tr class="rag-result-{esc(r.status)}"><td class="rag-file">{esc(shown(r.name))}</td>'
        f'<td class="rag-status">{esc(r.status)}</td><td>{esc(without_paths(r.detail))}</td></tr>'
        for r in rows)
    head = f'<p class="rag-note">{esc(without_paths(summary))}</p>' if summary else ""
    return (f'{head}<table class="rag-results"><thead><tr><th>File</th><th>Result</th><th>Details</th></tr></thead>'
            f'<tbody>{body}</tbody></table>')
