"""`AnswerStream`: an answer as it is being written.

Iterating yields the text pieces as they are produced; ``answer()`` drains whatever is left and returns the final,
validated `Answer` (which may differ from the streamed text: a refusal, a citation repair or a fallback replace
it). One type for every producer (answerers, `Assistant.stream`, `Conversation.stream`) so no caller has to sort
``str`` from `Answer` items.

A producer may also show an instant answer first (``Answer.provisional``: the extractive answer shown while a model
writes); ``provisional`` holds the latest, and ``events()`` yields it in order with the text for callers that show
it (the UI, the HTTP API).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Literal

from rag.types import Answer

Event = tuple[Literal["text"], str] | tuple[Literal["provisional", "final"], Answer]


class AnswerStream:
    """Wraps a source that yields ``str`` pieces, any provisional `Answer`s, and then the final `Answer`, last."""

    def __init__(self, source: Iterable[str | Answer], on_answer: Callable[[Answer], None] | None = None):
        self._source = iter(source)
        self._final: Answer | None = None
        self._on_answer = on_answer  # called once with the final Answer (a conversation records its turn)
        self.text = ""  # the text streamed so far
        self.provisional: Answer | None = None  # the latest instant answer, until the final one replaces it
        self.window = None  # the publication days searched (``searched``), given to every Answer it yields

    @classmethod
    def of(cls, answer: Answer) -> "AnswerStream":
        """A finished answer as a stream: its text in one piece, then the answer."""
        return cls([answer.answer, answer] if answer.answer else [answer])

    def raw(self) -> Iterator[str | Answer]:
        """The items as produced (text, provisional answers, the final answer): for wrapping one stream in another."""
        for item in self._source:
            if isinstance(item, Answer):
                if self.window is not None:
                    item.window = self.window
                if item.provisional:
                    self.provisional = item
                    yield item
                    continue
                if self._final is None:
                    self._final = item
                    if self._on_answer is not None:
                        self._on_answer(item)
                yield item
                return
            if item:
                self.text += item
                yield item
        if self._final is None:
            raise RuntimeError("answer stream ended without a final Answer")

    def events(self) -> Iterator[Event]:
        """("text", piece) and ("provisional", Answer) as they come, then ("final", Answer)."""
        for item in self.raw():
            if isinstance(item, str):
                yield "text", item
            else:
                yield ("provisional" if item.provisional else "final"), item

    def __iter__(self) -> Iterator[str]:
        for item in self.raw():
            if isinstance(item, str):
                yield item

    def answer(self) -> Answer:
        """The final Answer (reads the rest of the stream first)."""
        if self._final is None:
            for _ in self.raw():
                pass
        assert self._final is not None
        return self._final

    def searched(self, window) -> "AnswerStream":
        """Every Answer this stream yields (provisional and final) says it searched ``window`` (a ``TimeWindow``,
        set by the question pipeline, which knows it; the answerers do not). Returns the stream."""
        self.window = window
        return self
