"""Sentences that say what *might* be: soft evidence against them as an answer.

News weeks are full of them next to the report a question is about: a preview before the event ("X is expected
to name a new chief executive; A and B are seen as frontrunners", "a penalty of up to $40 million", "as many as
1,850 jobs could go"). They share the question's words and hold a value of the kind asked for, so by words and
meaning they rank with the sentence that answers. A cue counts only when the question does not use it too ("How
many jobs could go?" asks for the hedge).

This is a weight in the sentence score (rag/answer/extractive.py, ``W_HEDGE``), never a filter: a preview can be
all the documents hold, and "said it would cut" is a plain report. Extractive, old vs new on the same stores
(2026-12-07): answer contains 0.954 → 0.963 on bench/quiz_set, 0.656 → 0.675 on bench/news_set, 0.772 → 0.776 on
squad (every 4th), hotpot 0.170 both; retrieval unchanged. Recaps of an earlier figure ("the story so far: at
first, …") as hedges lifted extractive news to 0.721 but cost the local model 2 of 53 answers (a question about
the earlier day is answered by the recap), and a discount in the re-ranker (rag/retrieval/rerank.py) moved no preview below
its report: neither was kept.
bench/README.md, "Hedged sentences".
"""

from __future__ import annotations

import re

# Speculation before the fact. Lower-case, whole words.
_HEDGE = ["could", "might", "may", "expected to", "set to", "likely to", "in talks", "talks to", "said to be",
          "seen as", "tipped", "tip", "tips", "favourite", "favourites", "frontrunner", "frontrunners", "shortlist",
          "possible", "possibly", "reportedly", "rumoured", "rumored", "fear", "fears", "feared", "as many as",
          "up to", "leaked", "preparing", "weighs", "nearing", "considering", "bid for"]
_CUES = re.compile(r"\b(" + "|".join(re.escape(c) for c in sorted(_HEDGE, key=len, reverse=True)) + r")\b")


def cues(text: str) -> set[str]:
    # "May" with a capital is the month far more often than the verb at a sentence's start.
    return set(_CUES.findall(re.sub(r"\bMay\b", "", text).lower()))


def hedged(sentence: str, question: str) -> bool:
    """The sentence speculates or recaps in words the question does not use."""
    return bool(cues(sentence) - cues(question))
