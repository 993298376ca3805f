"""Page images for the source panel: the cited PDF pages of a final answer, rendered by the Assistant.

Sent inside the answer's HTML as data: URIs (ui/render.py), so the browser needs no file route and never sees a
server path. Bounded: at most MAX_PAGES distinct pages per answer (each ≤ ingest.pdf.PAGE_IMAGE_MAX_BYTES).
"""

from __future__ import annotations

import logging

log = logging.getLogger(__name__)

MAX_PAGES = 4


def page_images(assistant, answer) -> dict[int, bytes]:
    """Citation number → WebP bytes of its page, for the PDF citations of ``answer`` (the first MAX_PAGES pages)."""
    out: dict[int, bytes] = {}
    done: dict[tuple[str, int], bytes | None] = {}
    for c in sorted(getattr(answer, "citations", None) or [], key=lambda c: c.number):
        if not c.page:
            continue
        key = (c.doc_id, int(c.page))
        if key not in done:
            if len(done) >= MAX_PAGES:
                break
            try:
                done[key] = assistant.page_image(c)
            except Exception:  # a page image is extra: the answer must still show
                log.exception("page image for citation [%d] failed", c.number)
                done[key] = None
        if done[key]:
            out[c.number] = done[key]
    return out
