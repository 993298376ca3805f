"""Citation markers as a model writes them: normalise the variants, drop the ones that point nowhere, and stream
text without ever showing a marker that later changes.

A model's `[n]` markers are trusted only after checking: malformed variants (``[1, 2]``, ``[Source 1]``, ``[1``)
are rewritten as ``[1][2]``; numbers that point to no passage are dropped; a marker the model copied out of the
article text (a footnote such as ``…in 1973[4]``) is not a citation and is dropped too. Whether the sentences they
mark are supported is rag.answer.citations' job.
"""

from __future__ import annotations

import re
from rag.text import MARKER, MARKER_RUN, squash_spaces
from rag.types import Passage


# "[1, 2]", "[1; 3]", "[1 and 2]", "[Source 1]", "[Passages 1-2]", "[ 2 ]", "[[2]]", "[^2]", "【2】"
_BRACKETED = re.compile(
    r"(?:\[\[|\[|【)\s*\^?\s*(?:(?:source|sources|passage|passages|doc|document|ref|reference)s?\s*:?\s*#?\s*)?"
    r"(\d{1,3}(?:\s*(?:,|;|and|&|-|–)\s*\d{1,3})*)\s*(?:\]\]|\]|】)", re.I)
# The same in parentheses only with a word that makes it unambiguous: "(Source 2)", "(passage 1, 3)".
_PAREN = re.compile(r"\(\s*(?:source|sources|passage|passages)\s*:?\s*#?\s*(\d{1,3}(?:\s*(?:,|;|and|&|-|–)\s*\d{1,3})*)\s*\)",
                    re.I)
_UNCLOSED = re.compile(r"\[(\d{1,3})(?=$|[\s.,;:!?)])")  # "[1" cut short: at the end, or before punctuation
_MAX_RANGE = 10


def _expand(numbers: str) -> list[int]:
    out: list[int] = []
    for part in re.split(r"\s*(?:,|;|and|&)\s*", numbers):
        m = re.fullmatch(r"(\d{1,3})\s*[-–]\s*(\d{1,3})", part.strip())
        if m:
            lo, hi = int(m.group(1)), int(m.group(2))
            if lo <= hi and hi - lo < _MAX_RANGE:
                out.extend(range(lo, hi + 1))
            else:
                out.extend([lo, hi])
        elif part.strip().isdigit():
            out.append(int(part))
    return out


def normalize_markers(text: str) -> str:
    """Rewrite the marker variants small models produce as canonical ``[n]`` runs."""
    def canon(m: re.Match) -> str:
        return "".join(f"[{n}]" for n in dict.fromkeys(_expand(m.group(1))))

    text = _BRACKETED.sub(canon, text)
    text = _PAREN.sub(canon, text)
    return _UNCLOSED.sub(r"[\1]", text)



def is_article_marker(text: str, pos: int, number: int, passages: list[Passage]) -> bool:
    """True when the marker at ``pos`` comes with the words before it from a passage: a copied footnote."""
    before = squash_spaces(MARKER.sub("", text[max(0, pos - 60):pos]))[-30:]
    if len(before) < 12:
        return False
    needle = f"{before}[{number}]"
    return any(needle in squash_spaces(p.text) or f"{before} [{number}]" in squash_spaces(p.text) for p in passages)


def clean_markers(text: str, passages: list[Passage]) -> tuple[str, list[str]]:
    """Normalised text with markers that point nowhere or came from the article removed; and what was removed."""
    text = normalize_markers(text)
    removed: list[str] = []
    out: list[str] = []
    last = 0
    for m in MARKER.finditer(text):
        n = int(m.group(1))
        if not 1 <= n <= len(passages):
            removed.append(f"[{n}] points to no passage")
        elif is_article_marker(text, m.start(), n, passages):
            removed.append(f"[{n}] was in the article text")
        else:
            continue
        out.append(text[last:m.start()].rstrip(" ") if m.end() < len(text) and text[m.end()] in " .,;:!?" else
                   text[last:m.start()])
        last = m.end()
    out.append(text[last:])
    return "".join(out), removed


class MarkerStream:
    """Cleans markers in streamed text: holds back an unfinished ``[…`` until it closes, then emits it validated.

    What is emitted is always a prefix of ``clean_markers(full text)``; if a late piece changes earlier text
    (rare), emission pauses and the final Answer carries the authoritative text.
    """

    _HOLD = 40  # an opening bracket further back than this is not a marker: stop holding

    def __init__(self, passages: list[Passage]):
        self.passages = passages
        self.raw = ""
        self.emitted = ""
        self._diverged = False

    def _safe_end(self) -> int:
        end = len(self.raw)
        tail_from = max(0, end - self._HOLD)
        for opener, closer in (("[", "]"), ("【", "】"), ("(", ")")):
            i = self.raw.rfind(opener, tail_from)
            if i >= 0 and closer not in self.raw[i:]:
                end = min(end, i)
        m = re.search(r"\d+$", self.raw[:end])  # "… 1" may still become "… [1" or "1]"
        return m.start() if m else end

    def feed(self, piece: str) -> str:
        self.raw += piece
        return self._emit(self.raw[: self._safe_end()], final=False)

    def finish(self) -> str:
        return self._emit(self.raw, final=True)

    def _emit(self, prefix: str, final: bool) -> str:
        if self._diverged:
            return ""
        cleaned, _ = clean_markers(prefix, self.passages)
        # A bare marker never opens an answer ("[1] Egyptian…"): finalize moves it after the sentence.
        cleaned = MARKER_RUN.sub("", cleaned.lstrip(), count=1).lstrip()
        if not cleaned.startswith(self.emitted):
            self._diverged = True
            return ""
        # Trailing spaces wait: a marker that is removed later takes the space before it along.
        out = (cleaned if final else cleaned.rstrip(" "))[len(self.emitted):]
        self.emitted += out
        return out
