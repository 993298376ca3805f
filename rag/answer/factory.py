"""Choosing the answerer from the settings: extractive, a local llama.cpp model, or an OpenAI-compatible server."""

from __future__ import annotations

import logging

from rag.settings import Settings

log = logging.getLogger(__name__)


def make_answerer(settings: Settings, embedder):
    """extractive | openai (RAG_ANSWERER=openai or RAG_LLM_BASE_URL set) | local; auto falls back to extractive."""
    from rag.answer.extractive import ExtractiveAnswerer

    a = settings.answer
    extractive = ExtractiveAnswerer(embedder, every_holder=a.answer_every_holder)
    if a.answerer == "extractive":
        return extractive
    from rag.answer.generative import GenerativeAnswerer
    from rag.llm import LLMUnavailableError

    if a.answerer == "openai" or (a.answerer == "auto" and a.llm_base_url):
        from rag.llm.openai_compat import OpenAICompatLLM

        if not a.llm_base_url:
            raise LLMUnavailableError("RAG_ANSWERER=openai needs RAG_LLM_BASE_URL (e.g. http://127.0.0.1:8000/v1)")
        llm = OpenAICompatLLM(a.llm_base_url, a.llm_model, a.llm_api_key, context_window=a.llm_context,
                              timeout=a.llm_timeout, retries=a.llm_retries)
        return GenerativeAnswerer(llm, extractive, a)

    from rag.llm.local import PROMPT_TOKEN_BUDGET, LocalLLM, llama_cpp_installed
    from rag.llm.model_files import resolve_model

    try:
        if not llama_cpp_installed():
            raise LLMUnavailableError("llama-cpp-python is not installed (pip install 'rag-assistant[llm]')")
        path = resolve_model(a.llm_model, settings.cache_dir)  # assembles the packaged model on first use
    except LLMUnavailableError as e:
        if a.answerer == "local":
            raise
        log.warning("no local LLM (%s); answering with the extractive answerer", e)
        return extractive
    llm = LocalLLM(path, context_window=a.llm_context, threads=a.llm_threads, prompt_lookup=a.llm_prompt_lookup)
    return GenerativeAnswerer(llm, extractive, a, max_prompt_tokens=PROMPT_TOKEN_BUDGET)

