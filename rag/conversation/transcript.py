"""A kept conversation as Markdown: each question, the answer with its [n] markers, then the sources it cites.

Document text is data: Markdown punctuation in answers, titles and passages is backslash-escaped (CommonMark shows
``\\<`` as ``<``), so a passage holding ``<script>`` or ``[x](javascript:…)`` stays text in any viewer.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone

_PUNCT = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")
_MARKER = re.compile(r"\\\[(\d{1,3})\\\](?!\\\()")


def md_escape(text: str) -> str:
    return _PUNCT.sub(r"\\\1", " ".join(str(text or "").split()))


def _answer(text: str) -> str:
    return _MARKER.sub(r"[\1]", md_escape(text))  # the citation markers stay readable


def to_markdown(info, turns) -> str:
    """``info``: a ConversationInfo; ``turns``: its rag.conversation.session.Turn list."""
    from rag.index.library import display_name

    when = datetime.fromtimestamp(info.created, timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [f"# {md_escape(info.title)}", "", f"*Conversation {info.id}, started {when}, {len(turns)} turns.*", ""]
    for i, t in enumerate(turns, 1):
        lines += [f"## {i}. {md_escape(t.question)}", ""]
        if t.asked_on:
            lines += [f"*Asked as of {t.asked_on.isoformat()}*", ""]
        a = t.answer
        lines += [("**Not answered:** " if a.refused else "") + _answer(a.answer), ""]
        f = getattr(t, "feedback", None)
        if f is not None:
            lines += [f"*Rated {'👍 up' if f.verdict == 'up' else '👎 down'}"
                      + (f": {md_escape(f.note)}*" if f.note else "*"), ""]
        if a.citations:
            lines += ["Sources:", ""]
            for c in sorted(a.citations, key=lambda c: c.number):
                shown = display_name(c.source)  # a file's name, never the server's folders
                meta = ", ".join(md_escape(x) for x in (shown, c.date) if x)
                lines.append(f"- [{c.number}] **{md_escape(c.title or shown)}** ({meta})")
                lines.append(f"  > {md_escape(c.highlight or c.text)}")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"
