"""The interface every answerer implements, so callers (API, CLI, UI) never care which one runs."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Protocol

from rag.types import Answer, Passage


class Answerer(Protocol):
    name: str

    def answer(self, question: str, passages: list[Passage], *, today: date | None = None) -> Answer:
        """Answer from the passages (already past the refusal gate), citing them as [1], [2]…"""

    def stream(self, question: str, passages: list[Passage], *, today: date | None = None) -> Iterator[str | Answer]:
        """Yield text pieces as they are produced, then the final validated Answer."""
