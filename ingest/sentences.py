"""Sentence boundaries with character offsets.

Uses NLTK's trained Punkt model (shipped inside llama-index-core, so nothing downloads) when it is there,
and a small abbreviation-aware regex otherwise. Either way: spans, never rewritten text, so offsets stay exact.
"""

from __future__ import annotations

import functools
import re

_ABBREV = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "maj", "col", "lt", "sgt", "capt", "cmdr", "adm", "gov", "sen",
    "rep", "st", "jr", "sr", "inc", "corp", "ltd", "co", "vs", "etc", "no", "fig", "jan", "feb", "mar", "apr",
    "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.k", "u.n", "e.g", "i.e", "approx", "est",
    "mt", "ft", "rev", "hon", "pres", "dept", "univ", "al",
}
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*\s+|\n+")


def _regex_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        end = m.end()
        token = m.group(0)
        if "\n" not in token and token.lstrip()[:1] == ".":
            word = re.search(r"([\w.]+)\.$", text[start:m.start() + 1])
            w = word.group(1).lower() if word else ""
            # Initials ("J. Smith") and known abbreviations ("Maj. Gen.") do not end a sentence.
            if w in _ABBREV or (len(w) == 1 and w.isalpha()):
                continue
            nxt = text[end:end + 1]
            if nxt and nxt.islower():
                continue
        _append(spans, text, start, end)
        start = end
    _append(spans, text, start, len(text))
    return spans


def _append(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    # Trim surrounding whitespace but keep the span pointing into the original text.
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


@functools.lru_cache(maxsize=1)
def _punkt():
    try:
        import os

        import nltk
        import llama_index.core as lic

        data = os.path.join(os.path.dirname(lic.__file__), "_static", "nltk_cache")
        if os.path.isdir(data) and data not in nltk.data.path:
            nltk.data.path.append(data)
        from nltk.tokenize.punkt import PunktTokenizer

        return PunktTokenizer("english")
    except Exception:  # data or library missing: the regex splitter is good enough for chunking
        return None


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence; paragraph breaks always end a sentence."""
    tok = _punkt()
    if tok is None:
        return _regex_spans(text)
    spans: list[tuple[int, int]] = []
    for para in re.finditer(r"[^\n]+", text):
        base = para.start()
        for s, e in tok.span_tokenize(para.group(0)):
            _append(spans, text, base + s, base + e)
    return spans
