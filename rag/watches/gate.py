"""Whether a model answer could change when its excerpts did: the facts the model reads, before asking it.

A re-check asks a model answerer (local, openai) again only when what it reads changed (``reading_key`` in
rag/watches/check.py). With the default local model that is ~10 s an answer on an idle 2-core machine (~1 min under
load), and a 10-article news ingest changes the excerpts of several kept questions. Most of those changes bring
only wording: another report of the same development, a sentence ranked differently. An answer's facts are its
names and numbers (rag/watches/facts.py, dates being both); the model, told to answer from the excerpts only,
cannot state a fact the excerpts do not hold. So the kept answer stands, with no generation, when

- the names and numbers of what the model reads now (each shown passage's title and excerpt; with a relative day
  such as "yesterday" or a weekday, or for a "when" question, the passage's date too) are all among those of the
  passages it read excerpts of for the kept answer (``read_facts`` of the whole passages, kept with the reading:
  a new report can reshuffle which sentences of an old passage are shown, the ranking is relative), and
- every name and number of the kept answer is still among them (a corrected or removed figure re-asks), and
- the extractive answer over the passages (the best sentence, ranked anyway for the excerpts) states the same
  names and numbers as it did for the kept answer: a successor named in an old passage that a new report makes
  the answer ("who ran Lumora in late August?") moves it.

Without that third condition the gate missed 3 of the 6 changes it kept in the news-set run (bench/README.md);
with it (2026-12-08), 5 watches kept back, no changed fact missed (one answer whose only change was a newly citable
document), re-check 97 s instead of 123 s: on by default (setting ``watches_facts_gate``).

What it lets through: a new report saying only what was read before (its citation is not added) and a changed
statement with no new name or number ("the talks stalled"). Measured both ways in bench/watch_cost.py (the model
asked anyway for every gated question, its answer compared with the kept one): see bench/README.md, "Questions
that watch". A watch kept before this (no read facts in its reading) is re-asked as before.
"""

from __future__ import annotations

import json
import re

from rag.watches.facts import fact_names, fact_numbers, is_facts_signature, signature

_WORD = re.compile(r"\w+")
_RELATIVE = re.compile(r"\b(yesterday|today|tonight|tomorrow|ago|this (week|month|year)|last (week|month|year|"
                       r"night)|next (week|month)|(mon|tues|wednes|thurs|fri|satur|sun)day)\b", re.I)
_WHEN = re.compile(r"^\s*(when|what (day|date|time|year|month))\b", re.I)


def read_facts(question: str, shown) -> dict:
    """The names and numbers of what the model reads (``shown``: the excerpt passages of its prompt)."""
    question_words = {w.lower() for w in _WORD.findall(question or "")}
    when = bool(_WHEN.search(question or ""))
    names, numbers = set(), set()
    for p in shown:
        text = f"{p.title or ''}. {p.text}"
        names.update(fact_names(text, question_words))
        numbers.update(fact_numbers(text))
        if p.date and (when or _RELATIVE.search(p.text)):
            numbers.add(f"published {p.date[:10]}")
    return {"names": sorted(names), "numbers": sorted(numbers)}


def reading_facts(question: str, shown, passages, extractive=None) -> dict:
    """What a reading keeps: the facts of the whole passages behind the excerpts ``shown``, as ``shown`` those of
    the excerpts themselves and, as ``extractive``, those of the extractive answer over ``passages``."""
    from rag.answer.context import originals

    out = {**read_facts(question, originals(shown, passages)), "shown": read_facts(question, shown)}
    if extractive is not None:
        sig = json.loads(signature(extractive))
        out["extractive"] = [sig["refused"], sig["names"], sig["numbers"]]
    return out


def could_change(kept_reading: list | None, kept_signature: str, reading_now: list | None) -> bool:
    """False when the kept answer stands: what is read now holds no name or number that its passages did not, and
    still holds every one of its own (see the module docstring). True when it cannot be told."""
    before, now_part = read_part(kept_reading), read_part(reading_now)
    facts_now = now_part.get("shown") if now_part else None
    if before is None or facts_now is None or not is_facts_signature(kept_signature):
        return True
    if "extractive" not in before or before["extractive"] != now_part.get("extractive"):
        return True  # the extractive answer's facts moved: the best sentence now says something else
    kept = json.loads(kept_signature)
    if kept.get("refused"):  # a refusal has no facts to keep: any new excerpt may answer it
        return True
    for kind in ("names", "numbers"):
        now, read = set(facts_now[kind]), set(before[kind])
        if not now <= read or not set(kept[kind]) <= now:
            return True
    return False


def read_part(reading: list | None) -> dict | None:
    """The read facts kept at the end of a reading (None: kept before them, or no excerpts)."""
    if reading and isinstance(reading[-1], dict) and "names" in reading[-1]:
        return reading[-1]
    return None


def excerpts_part(reading: list | None) -> list | None:
    """The reading without its read facts: what is compared to tell whether the excerpts changed."""
    return reading[:-1] if read_part(reading) is not None else reading
