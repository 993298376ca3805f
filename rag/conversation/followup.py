"""Follow-up questions that lean on the previous answer, rewritten with the names from that answer.

"Which Egyptian official did al-Sheikh meet?" → "… Hassan Rashad [1]", then "What did the two agree on?" carries
no name retrieval could match. When a follow-up leans on the previous turn (a pronoun, "the two", "both", "the
meeting"…), the names of the previous *answer* (multi-word, in order: "Hassan Rashad", "al-Sheikh") and the
previous question's subject are appended as "(context: …)"; the answerers pick sentences by the follow-up's own
words (rag.text.without_context), retrieval uses all of it.

No model call: the rewrite is instant, so the instant answer of a follow-up is too (bench/follow_ups.py compares
it with the local model's rewrite, rag.conversation.chat.condense_with_llm, which the chat still uses when a model is there).
"""

from __future__ import annotations

import re

from rag.text import strip_markers
from rag.answer.verify import names_in

# Words that point back at the previous turn.
LEANS = re.compile(r"\b(he|she|him|his|her|hers|they|them|their|it|its|this|that|these|those|the two|both|each other"
                   r"|the (?:meeting|talks|deal|agreement|group|official|officials|delegation|movement|conference|plan"
                   r"|man|woman|person|country|organisation|organization)|there|then)\b", re.I)
_NAME_PHRASE = re.compile(r"(?:\b(?:al|el|bin|ibn|abu)-)?\b[A-Z][\w’'-]*(?:\s+(?:(?:al|el|bin|ibn|abu|de|van|von)[- ])?"
                          r"[A-Z][\w’'-]*)*")
MAX_NAMES = 2


def leans_on_previous(question: str) -> bool:
    return bool(LEANS.search(question))


def answer_names(answer_text: str, exclude: str = "") -> list[str]:
    """Name phrases of an answer, in order, without those already in ``exclude`` (the follow-up itself)."""
    have = names_in(exclude)
    out: list[str] = []
    for m in _NAME_PHRASE.finditer(strip_markers(answer_text)):
        phrase = m.group(0).strip()
        words = names_in(phrase)
        if not words or words <= have:
            continue
        # "The Palestinian Authority" -> "Palestinian Authority": drop leading words that name nothing
        while phrase.split(" ", 1)[0].lower() not in words and " " in phrase:
            phrase = phrase.split(" ", 1)[1]
        if phrase not in out:
            out.append(phrase)
    return out[:MAX_NAMES]


def rewrite_follow_up(question: str, previous_question: str, previous_answer: str | None, subject: str = "",
                      earlier_context: str = "") -> str:
    """``question`` with "(context: names of the previous answer; previous subject)" when it leans on it."""
    if not leans_on_previous(question):
        return question
    # The answer's new names (not already in either question) are what "she" / "the two" point at.
    parts = answer_names(previous_answer or "", exclude=f"{question} {previous_question}") if previous_answer else []
    if subject:
        parts.append(subject)
    if earlier_context:
        parts.append(earlier_context)
    context = "; ".join(dict.fromkeys(p for p in parts if p))
    return f"{question} (context: {context[:300]})" if context else question
