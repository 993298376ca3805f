"""Language-model backends behind one small interface (`ChatLLM`): embedded llama.cpp or an OpenAI-compatible server.

Nothing heavy is imported here: `llama_cpp` and `openai` load only when a backend is built, so `rag --help` stays
instant and the extractive answerer works without them.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Protocol


class LLMError(RuntimeError):
    """A language model could not be loaded or answered."""


class LLMUnavailableError(LLMError):
    """The backend is unreachable or not installed (the message says where and what to do)."""


class ChatLLM(Protocol):
    name: str  # "local" or "openai": shown as Answer.answerer
    context_window: int  # tokens the prompt and the reply must share

    def count_tokens(self, text: str) -> int:
        """Tokens `text` costs in a prompt (exact for local, a safe over-estimate otherwise)."""

    def chat(self, messages: Sequence[dict], *, max_tokens: int, temperature: float = 0.0) -> str:
        """The whole reply to OpenAI-style ``{"role", "content"}`` messages."""

    def stream_chat(self, messages: Sequence[dict], *, max_tokens: int, temperature: float = 0.0) -> Iterator[str]:
        """The reply in pieces as they are generated."""
