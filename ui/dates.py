"""Day pickers for the chat's "as of" and published from/until (and the library's), and the chat header's note
of the "as of" day when it is not today.

Gradio 6's ``gr.DateTime(include_time=False, type="string")``: a text box that takes YYYY-MM-DD (what people paste
from an article) beside a calendar button, and hands the handler the text as typed. ``parse_day`` still checks it:
the box accepts any text, so a wrong one gets a message naming the field and the form, as before.
"""

from __future__ import annotations

from datetime import date

import gradio as gr

from ui.render import esc


def picker(label: str, elem_id: str, **kwargs) -> gr.DateTime:
    """A day picker (no time of day)."""
    return gr.DateTime(label=label, include_time=False, type="string", elem_id=elem_id, **kwargs)


def parse_day(value, label: str) -> str | None:
    """The day in ``value`` as YYYY-MM-DD; None for an empty box; ValueError naming ``label`` otherwise."""
    value = ("" if value is None else str(value)).strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10] if len(value) > 10 and value[10] in " T" else value).isoformat()
    except ValueError:
        raise ValueError(f"{label} must be a date like 2025-10-23, not {value!r}") from None


def as_of_html(value, today: date | None = None) -> str:
    """The chat header's note: empty when questions are asked as of today (the box empty or today's date)."""
    try:
        day = parse_day(value, "As of")
    except ValueError as e:
        return f'<p class="rag-as-of rag-error">{esc(e)}</p>'
    today = today or date.today()
    if day is None or day == today.isoformat():
        return ""
    d = date.fromisoformat(day)
    tense = "later articles are not used" if d < today else "a day still to come"
    return (f'<p class="rag-as-of">Asking as of <strong>{esc(d.strftime("%A"))} {d.day} {esc(d.strftime("%B %Y"))}'
            f'</strong> ({esc(day)}): {tense}. Clear “As of” to ask as of today.</p>')


CSS = """
.rag-as-of { margin: 0 0 .3em 0; padding: .3em .6em; border-radius: 4px; background: var(--color-accent-soft);
             font-size: .92em; }
"""
