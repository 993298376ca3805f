"""The server backend: any OpenAI-compatible chat endpoint (vLLM, Ollama, llama.cpp's server, OpenAI).

Built on llama-index's OpenAILike, which brings timeouts, retries with backoff on connection errors and 5xx
answers, and streaming. This wrapper only adapts it to `ChatLLM` and turns transport errors into one clear
message that names the URL.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence

from rag.llm import LLMError, LLMUnavailableError

log = logging.getLogger(__name__)

DEFAULT_MODEL_NAME = "default"  # llama.cpp's server and vLLM with one model accept any name
CHARS_PER_TOKEN = 3.0  # no tokenizer for an unknown remote model: over-estimate tokens to stay within its window


class OpenAICompatLLM:
    name = "openai"

    def __init__(self, base_url: str, model: str | None = None, api_key: str | None = None, *,
                 context_window: int = 4096, timeout: float = 120.0, retries: int = 3):
        self.base_url = base_url.rstrip("/")
        self.model = model or DEFAULT_MODEL_NAME
        self.context_window = context_window
        self.timeout = timeout
        self.retries = retries
        self.api_key = api_key
        self._llm = None
        self.calls = 0

    @property
    def llm(self):
        if self._llm is None:
            from llama_index.llms.openai_like import OpenAILike

            # max_retries drives both the openai client's own backoff (0.5 s doubling, on connection errors, 408,
            # 429 and 5xx) and llama-index's outer retry of non-streaming calls; a refused connection still
            # fails within seconds (tests/rag/llm/test_openai_backend.py measures it).
            # Local servers need no key, but the openai client refuses to start without one.
            self._llm = OpenAILike(model=self.model, api_base=self.base_url, api_key=self.api_key or "not-needed",
                                   is_chat_model=True, context_window=self.context_window, timeout=self.timeout,
                                   max_retries=self.retries)
        return self._llm

    def count_tokens(self, text: str) -> int:
        return int(len(text) / CHARS_PER_TOKEN) + 1

    def _messages(self, messages: Sequence[dict]):
        from llama_index.core.llms import ChatMessage

        return [ChatMessage(role=m["role"], content=m["content"]) for m in messages]

    def _error(self, e: Exception) -> LLMError:
        import openai

        if isinstance(e, (openai.APIConnectionError, openai.APITimeoutError)):
            kind = "timed out" if isinstance(e, openai.APITimeoutError) else "is unreachable"
            return LLMUnavailableError(f"the LLM server at {self.base_url} {kind} after {self.retries} retries "
                                       f"({e.__class__.__name__}: {e}); start it or fix RAG_LLM_BASE_URL")
        if isinstance(e, openai.APIStatusError):
            return LLMError(f"the LLM server at {self.base_url} answered HTTP {e.status_code}: {e.message}")
        return LLMError(f"the LLM server at {self.base_url} failed: {e}")

    def chat(self, messages: Sequence[dict], *, max_tokens: int, temperature: float = 0.0) -> str:
        import openai

        self.calls += 1
        try:
            resp = self.llm.chat(self._messages(messages), max_tokens=max_tokens, temperature=temperature)
        except openai.OpenAIError as e:
            raise self._error(e) from e
        return resp.message.content or ""

    def stream_chat(self, messages: Sequence[dict], *, max_tokens: int, temperature: float = 0.0) -> Iterator[str]:
        import openai

        self.calls += 1
        try:
            for resp in self.llm.stream_chat(self._messages(messages), max_tokens=max_tokens,
                                             temperature=temperature):
                if resp.delta:
                    yield resp.delta
        except openai.OpenAIError as e:
            raise self._error(e) from e
