"""The embedded backend: llama-cpp-python running a GGUF in this process.

llama_cpp is used directly rather than through llama-index's LlamaCPP class, because that class formats prompts
with its own messages_to_prompt instead of the chat template stored in the GGUF; `create_chat_completion` without a
chat_format applies the model's own template.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path

from rag.llm import LLMError, LLMUnavailableError

log = logging.getLogger(__name__)

# One loaded model per (file, context, threads) in the process: loading costs seconds and a GB of memory, and
# several Assistants (UI sessions, tests) can share it.
_MODELS: dict[tuple, object] = {}
_MODELS_LOCK = threading.Lock()

# Prompt tokens per answer: about 10 s of prompt processing on 2 CPU cores (~95 tokens/s) keeps answers
# interactive; it still holds the system prompt, the question and the top 3–4 passages of 200 word pieces.
PROMPT_TOKEN_BUDGET = 1100


def default_threads() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def llama_cpp_installed() -> bool:
    import importlib.util

    return importlib.util.find_spec("llama_cpp") is not None


def _load(path: Path, n_ctx: int, threads: int, prompt_lookup: int = 0, prefix_cache_mb: int = 0,
          shared: bool = True):
    """The llama context (and the lock serialising its users) for these options: one per process, unless not
    ``shared``, when the caller gets one of its own."""
    key = (str(path), n_ctx, threads, prompt_lookup, prefix_cache_mb)
    with _MODELS_LOCK:
        if key not in _MODELS or not shared:
            try:
                from llama_cpp import Llama
            except ImportError as e:
                raise LLMUnavailableError("the local LLM needs llama-cpp-python: pip install 'rag-assistant[llm]' "
                                          "(or RAG_ANSWERER=extractive / openai)") from e
            log.info("loading %s (n_ctx=%d, threads=%d)", path, n_ctx, threads)
            extra = {}
            if prompt_lookup:
                from llama_cpp.llama_speculative import LlamaPromptLookupDecoding

                extra["draft_model"] = LlamaPromptLookupDecoding(num_pred_tokens=prompt_lookup)
            try:
                llama = Llama(model_path=str(path), n_ctx=n_ctx, n_threads=threads, n_threads_batch=threads,
                              seed=0, verbose=False, **extra)
            except (ValueError, RuntimeError) as e:
                raise LLMError(f"cannot load the GGUF model {path}: {e}") from e
            if prefix_cache_mb:
                from llama_cpp import LlamaRAMCache

                llama.set_cache(LlamaRAMCache(capacity_bytes=prefix_cache_mb << 20))
            if not shared:
                return llama, threading.Lock()
            _MODELS[key] = (llama, threading.Lock())  # the lock serialises every user of this llama context
        return _MODELS[key]


class LocalLLM:
    """A GGUF model run by llama.cpp on this machine's CPU. Calls are serialised: one llama context is not reentrant."""

    name = "local"

    def __init__(self, model_path: Path, context_window: int = 4096, threads: int | None = None, *,
                 prompt_lookup: int = 0, prefix_cache_mb: int = 0, shared: bool = True):
        self.model_path = Path(model_path)
        self.context_window = context_window
        self.threads = threads or default_threads()
        # Draft tokens copied from the prompt (llama_cpp's LlamaPromptLookupDecoding); 0: off.
        self.prompt_lookup = prompt_lookup
        # States kept after each reply, so a prompt sharing a prefix with an earlier one (the answer prompt after
        # a follow-up's rewrite) skips re-evaluating it; 0: only the live context's own prefix is reused.
        self.prefix_cache_mb = prefix_cache_mb
        # False: a llama context of its own, not the process's one for these options (llama.cpp reuses the prompt
        # prefix its context last read, so bench/answer_latency.py gives each compared variant its own).
        self.shared = shared
        self._llama = None
        self._lock: threading.Lock | None = None
        self.calls = 0  # completions started (tests check that a refusal costs none)

    @property
    def llama(self):
        if self._llama is None:
            self._llama, self._lock = _load(self.model_path, self.context_window, self.threads, self.prompt_lookup,
                                            self.prefix_cache_mb, self.shared)
        return self._llama

    def count_tokens(self, text: str) -> int:
        return len(self.llama.tokenize(text.encode("utf-8"), add_bos=False, special=False))

    def chat(self, messages: Sequence[dict], *, max_tokens: int, temperature: float = 0.0) -> str:
        return "".join(self.stream_chat(messages, max_tokens=max_tokens, temperature=temperature))

    def stream_chat(self, messages: Sequence[dict], *, max_tokens: int, temperature: float = 0.0) -> Iterator[str]:
        llama = self.llama
        assert self._lock is not None
        with self._lock:
            self.calls += 1
            # No chat_format: llama_cpp applies the chat template from the GGUF's metadata.
            chunks = llama.create_chat_completion(messages=list(messages), max_tokens=max_tokens,
                                                  temperature=temperature, stream=True)
            try:
                for chunk in chunks:
                    piece = chunk["choices"][0].get("delta", {}).get("content")
                    if piece:
                        yield piece
            finally:
                close = getattr(chunks, "close", None)
                if close:
                    close()
