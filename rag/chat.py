"""Conversations: follow-up questions are condensed into stand-alone questions before retrieval."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from rag.types import Answer

if TYPE_CHECKING:
    from rag.assistant import Assistant
    from rag.retrieve import SearchFilter

_PRONOUN = re.compile(r"\b(he|she|him|his|her|hers|they|them|their|it|its|this|that|these|those)\b", re.I)
_NAME = re.compile(r"\b(?:[A-Z][\w’'-]+(?:\s+(?:al-|bin\s+|de\s+|van\s+)?[A-Z][\w’'-]+)+)")


@dataclass
class Turn:
    question: str
    standalone: str
    answer: Answer


@dataclass
class Conversation:
    assistant: "Assistant"
    turns: list[Turn] = field(default_factory=list)

    @property
    def history(self) -> list[Turn]:
        return list(self.turns)

    def reset(self) -> None:
        self.turns.clear()

    def condense(self, question: str) -> str:
        """A stand-alone version of a follow-up question (no change for the first turn)."""
        return condense_by_entities(question, self.turns)

    def stream(self, question: str, top_k: int | None = None, filters: "SearchFilter | None" = None,
               today: date | None = None) -> Iterator[str | Answer]:
        standalone = self.condense(question)
        final = None
        for item in self.assistant.stream(standalone, top_k=top_k, filters=filters, today=today):
            if isinstance(item, Answer):
                final = item
            yield item
        if final is not None:
            self.turns.append(Turn(question, standalone, final))

    def ask(self, question: str, top_k: int | None = None, filters: "SearchFilter | None" = None,
            today: date | None = None) -> Answer:
        final = None
        for item in self.stream(question, top_k=top_k, filters=filters, today=today):
            if isinstance(item, Answer):
                final = item
        assert final is not None
        return final


def condense_by_entities(question: str, turns: list[Turn]) -> str:
    """Without an LLM: when the follow-up leans on a pronoun, carry the previous turn's subject along.

    "Who is his deputy?" after "Who is the secretary-general of Islamic Jihad?" (answered "Ziad Nakhaleh …")
    becomes "Who is his deputy? (Islamic Jihad secretary-general Ziad Nakhaleh)" so retrieval finds the passage.
    """
    if not turns or not _PRONOUN.search(question):
        return question
    last = turns[-1]
    context = [last.standalone if last.standalone == last.question else last.question]
    if not last.answer.refused:
        names = _NAME.findall(last.answer.answer)
        context.extend(dict.fromkeys(names))  # unique, in order
    carried = " ".join(context)
    return f"{question} (context: {carried[:400]})"
