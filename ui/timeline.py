"""The Timeline tab: a story's developments, oldest first, each line cited (``Assistant.timeline``).

A topic box, optional publication days (from / until) and an "as of" day; the result is escaped HTML: each line's
day, its text with hoverable markers, a flag where sources disagree, then the sources panel of the chat (titles and
file names or URLs, never server paths).
"""

from __future__ import annotations

from dataclasses import dataclass

import gradio as gr

from ui import dates
from ui.render import answer_text_html, esc, sources_html, without_paths

CSS = """
.rag-tl { margin: 0 0 .6em 0; padding-left: 0; list-style: none; }
.rag-tl-line { margin: .25em 0; }
.rag-tl-day { font-variant-numeric: tabular-nums; font-weight: 600; margin-right: .5em; }
.rag-tl-flag { font-size: .8em; padding: 0 .4em; border-radius: .6em; background: #fde68a; color: #713f12; }
"""


@dataclass
class TimelinePanel:
    topic: gr.Textbox
    since: gr.DateTime
    until: gr.DateTime
    as_of: gr.DateTime
    show: gr.Button
    out: gr.HTML


def panel() -> TimelinePanel:
    """The tab's controls (call inside ``gr.Tab``)."""
    with gr.Row():
        topic = gr.Textbox(label="Story", elem_id="tl-topic", scale=4, max_lines=1,
                           placeholder="e.g. the Dunmere rail strike")
        show = gr.Button("Show timeline", variant="primary", elem_id="tl-show", scale=1, min_width=120)
    with gr.Row():
        since = dates.picker("Published from", "tl-since")
        until = dates.picker("Published until", "tl-until")
        as_of = dates.picker("As of (empty: today)", "tl-as-of")
    out = gr.HTML(elem_id="tl-result")
    return TimelinePanel(topic, since, until, as_of, show, out)


def timeline_html(tl) -> str:
    """A Timeline as escaped HTML: one line per development, then its sources."""
    if not tl.lines:
        return f'<div class="rag-msg rag-timeline"><p class="rag-note">{esc(without_paths(tl.note))}</p></div>'
    items = "".join(
        f'<li class="rag-tl-line"><span class="rag-tl-day">{esc(x.day)}</span>'
        f'<span class="rag-tl-text">{answer_text_html(x.text, x.citations)}</span>'
        + (' <span class="rag-tl-flag">sources disagree</span>' if x.disagreement else "") + "</li>"
        for x in tl.lines)
    return (f'<div class="rag-msg rag-timeline"><ol class="rag-tl">{items}</ol>'
            f'{sources_html(tl.citations)}</div>')


def wire(p: TimelinePanel, assistant, **events) -> None:
    def show(topic, since, until, as_of):
        try:
            lo, hi = dates.parse_day(since, "Published from"), dates.parse_day(until, "Published until")
            day = dates.parse_day(as_of, "As of")
        except ValueError as e:
            return f'<div class="rag-msg rag-error"><p>{esc(e)}</p></div>'
        if not (topic or "").strip():
            return '<div class="rag-msg rag-error"><p>Name the story first, e.g. "the Dunmere rail strike".</p></div>'
        if lo and hi and lo > hi:
            return f'<div class="rag-msg rag-error"><p>Published from {esc(lo)} is after until {esc(hi)}.</p></div>'
        return timeline_html(assistant.timeline(topic, today=day, since=lo, until=hi))

    io = dict(fn=show, inputs=[p.topic, p.since, p.until, p.as_of], outputs=p.out, **events)
    p.show.click(**io, api_name="timeline")
    p.topic.submit(**io)
