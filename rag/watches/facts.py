"""What makes two answers of a watched question the same: their facts, not their wording.

A model answer re-asked over changed passages often comes back reworded ("Khalil al-Hayya leads the delegation
[1]" → "The delegation is led by Khalil al-Hayya [2]"); recording that as a change shows the user news that is
none. Two answers are the same when they agree on:

- refused or not;
- the documents cited (a new report saying the same thing is a new citation: that is shown);
- the names (capitalised words outside a small list of sentence openers, and not words of the question itself);
- the numbers (digits, with "three" read as 3, thousands separators dropped) — dates are names and numbers.

Anything else (word order, verbs, "the", a [n] marker's number, the passage's chunk inside one document) is
wording. Decided on the case the issue names (a reworded local answer counted as a change,
``tests/rag/watches/test_watch_facts.py``); the extractive answerer's sentences change only with their passages, so
it loses nothing by this.

Stored signatures of the form before this (JSON ``[words, refused, documents]``) are still compared correctly:
``same_answer`` recomputes the stored side from the latest stored answer when it is not a facts signature.
"""

from __future__ import annotations

import json
import re

from rag.text import SENTENCE_OPENERS, strip_markers
from rag.types import Answer

_NAME = re.compile(r"\b[A-Z][\w'’-]*")
_NUMBER = re.compile(r"\d[\d,.]*\d|\d")
_WORD = re.compile(r"\w+")
_NUMBER_WORDS = {w: str(i) for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())}
# Capitalised only because they open a sentence or clause: not names (the sentence openers, auxiliaries, "said"). Not
# rag.answer.verify's longer list: signatures are stored (FORMAT), and dropping "Mr" or "al" from the names now would
# show every watched answer holding them as changed once.
_NOT_NAMES = SENTENCE_OPENERS | set("""our whom whose one than is are was were has have had be been will would can could
may might shall should do does did said says""".split())
FORMAT = "facts/1"


def fact_names(text: str, question_words: set[str]) -> list[str]:
    """The names of ``text`` (lower-cased parts of capitalised words, openers and the question's words left out)."""
    out = set()
    for m in _NAME.finditer(text):
        word = m.group().rstrip("'’-").lower()
        for part in re.split(r"[-'’]", word):
            if part and part not in _NOT_NAMES and part not in question_words:
                out.add(part)
    return sorted(out)


def fact_numbers(text: str) -> list[str]:
    """The numbers of ``text``: digits (separators dropped) and number words up to twenty."""
    found = {m.group().replace(",", "").rstrip(".") for m in _NUMBER.finditer(text)}
    found |= {_NUMBER_WORDS[w] for w in _WORD.findall(text.lower()) if w in _NUMBER_WORDS}
    return sorted(found)


def signature(answer: Answer) -> str:
    """The answer's facts as a string: equal strings, the same answer (see the module docstring)."""
    text = strip_markers(answer.answer or "", " ")
    question_words = {w.lower() for w in _WORD.findall(answer.question or "")}
    return json.dumps({"format": FORMAT, "refused": bool(answer.refused),
                       "documents": sorted({c.doc_id for c in answer.citations}),
                       "names": [] if answer.refused else fact_names(text, question_words),
                       "numbers": [] if answer.refused else fact_numbers(text)})


def is_facts_signature(stored: str | None) -> bool:
    return bool(stored) and stored.startswith('{"format": "facts/')


def stored_signature(db, watch_id: str, stored: str) -> str:
    """The latest answer's facts signature (rag/watches/facts.py); a watch kept before it stored a wording one."""
    if is_facts_signature(stored):
        return stored
    from rag.conversation.kept import answer_from_dict

    row = db.execute("SELECT answer FROM watch_answers WHERE watch_id = ? ORDER BY number DESC LIMIT 1",
                     (watch_id,)).fetchone()
    return signature(answer_from_dict(json.loads(row[0]))) if row else stored
