"""The instant answer in the chat: the cited extractive answer shown at once while the model writes, then replaced.

Kept apart from ui/render.py (pure answer markup) so the chat handler needs one call per state:
`provisional_html` while the model writes (the instant answer, its sources, and the model's text so far under a
note saying which is shown), then `render.answer_html(final)` replaces all of it.
"""

from __future__ import annotations

from rag.types import Answer
from ui import render

CSS = """
.rag-provisional .rag-note.rag-shown { font-style: italic; }
.rag-writing { opacity: .7; border-top: 1px dashed var(--border-color-primary); margin-top: .4em; padding-top: .3em; }
"""


def shown_note(answer: Answer) -> str:
    """Which answer is on screen: the instant one (provisional) or the model's."""
    if answer.provisional:
        return "Instant answer quoted from the passages; the model is writing a fuller one…"
    return f"answered by {answer.answerer}"


def provisional_html(instant: Answer, writing: str = "") -> str:
    """The instant answer with its sources, a note that it is provisional, and the model's text so far."""
    sources = render.sources_html(instant.citations)
    text = render.answer_text_html(instant.answer, instant.citations)
    written = (f'<div class="rag-writing"><p class="rag-answer">{render.esc(writing)}▌</p></div>'
               if writing else "")
    return (f'<div class="rag-msg rag-provisional"><p class="rag-answer">{text}</p>{sources}'
            f'<p class="rag-note rag-shown">{render.esc(shown_note(instant))}</p>{written}</div>')


def writing_html(shown: Answer | None, text: str) -> str:
    """The message while an answer is being written: the instant answer when there is one, else the text so far."""
    return provisional_html(shown, text) if shown is not None else render.partial_html(text)
