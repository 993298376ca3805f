""""What can I ask": the empty chat's panel, built from the documents present, never examples about one article.

Shown as the chat's placeholder (Gradio shows it while the chat is empty: a first visit, a new chat) with the
example questions as the chat's own example buttons (a click puts the question in the box). Built from the
newest documents' rows of the library (one indexed query, ``Assistant.library``): their titles, the names most
often in them, and a question about each of the top names; an empty store says how to add documents.
"""

from __future__ import annotations

import re
from collections import Counter

from ui.render import esc

RECENT = 30  # newest documents whose titles give the names
SHOWN_TITLES = 3
QUESTIONS = 3
# Capitalised words in a row ("Palestinian Authority", "Islamic Jihad"), joined by "of"/"al-" inside a name.
_NAME = re.compile(r"\b(?:[A-Z][\w'’-]*\w)(?:\s+(?:of\s+|de\s+|al-)?[A-Z][\w'’-]*\w)*")
# Capitalised words a headline's run of them may start with that are not part of the name ("Breaking", "After"):
# matched as written, headline labels included, so not rag.text.SENTENCE_OPENERS (the UI reaches only rag's doors).
_HEADLINE_OPENERS = {
    "The", "A", "An", "In", "On", "At", "As", "After", "Before", "How", "Why", "What", "Who", "When", "New", "More",
    "Over", "Under", "With", "Without", "From", "For", "And", "But", "Live", "Update", "Breaking", "Analysis",
    "Opinion", "Exclusive", "Watch", "Video", "Photos", "This", "That", "Its"}


def _title_case(title: str) -> bool:
    """A headline in Title Case capitalises every word, so its capitals say nothing about names."""
    words = [w for w in title.split() if w[:1].isalpha() and len(w) > 3]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) > 0.7 * len(words)


def names(titles: list[str]) -> list[str]:
    """Names in these headlines, most frequent first (ties: the newer headline first)."""
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for i, title in enumerate(titles):
        if _title_case(title):
            continue
        for m in _NAME.finditer(title):
            words = m.group(0).split()
            while words and words[0] in _HEADLINE_OPENERS:
                words = words[1:]
            name = " ".join(words)
            if len(name) < 3 or name.isupper() and len(name) > 6:
                continue
            counts[name] += 1
            first.setdefault(name, i)
    return sorted(counts, key=lambda n: (-counts[n], first[n]))


def questions(titles: list[str], n: int = QUESTIONS) -> list[str]:
    """Example questions: about the names most present in the newest headlines, else about the newest one."""
    asked = [f"What is the latest on {name}?" for name in names(titles)[:n]]
    return asked or ([f"What happened: {titles[0].rstrip('.?!')}?"] if titles else [])


def build(assistant) -> tuple[str, list[dict]]:
    """The chat's placeholder (HTML) and its example messages for the documents stored now."""
    page = assistant.library(limit=RECENT)
    if not page.documents:
        return ('<div class="rag-starter"><p><strong>No documents yet.</strong></p><p>Open the '
                '<strong>Documents</strong> tab to upload files (.txt .md .html .pdf .docx .jsonl), add a web page or '
                'follow a news feed; then ask about them here. Answers cite the passages they come from.</p></div>'), []
    titles = [e.title for e in page.entries if e.title]
    recent = "".join(f'<li>{esc(e.title or e.name)}{" · " + esc(e.date[:10]) if e.date else ""}</li>'
                     for e in page.entries[:SHOWN_TITLES])
    found = names(titles)[:6]
    people = (f'<p class="rag-note">Often in the news here: {esc(", ".join(found))}.</p>' if found else "")
    html = (f'<div class="rag-starter"><p><strong>What can I ask?</strong> Anything the {page.documents:,} '
            f'document{"s" if page.documents != 1 else ""} here report; answers cite their passages.</p>'
            f'<p class="rag-note">Newest:</p><ul class="rag-starter-recent">{recent}</ul>{people}'
            f'<p class="rag-note">Try one of these, or ask your own:</p></div>')
    return html, [{"text": q} for q in questions(titles)]


CSS = """
.rag-starter { text-align: left; max-width: 40em; margin: 0 auto; }
.rag-starter ul { margin: .2em 0 .6em 1.2em; padding: 0; }
"""
