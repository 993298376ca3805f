"""Choosing the answerer from the settings: extractive, a local llama.cpp model, or an OpenAI-compatible server."""

from __future__ import annotations

import logging

from rag.settings import Settings

log = logging.getLogger(__name__)


def make_answerer(settings: Settings, embedder):
    """extractive | openai (RAG_ANSWERER=openai or RAG_LLM_BASE_URL set) | local; auto falls back to extractive."""
    from rag.answer.extractive import ExtractiveAnswerer

    s = settings
    extractive = ExtractiveAnswerer(embedder, every_holder=s.answer_every_holder)
    if s.answerer == "extractive":
        return extractive
    from rag.answer.generative import GenerativeAnswerer
    from rag.llm import LLMUnavailableError

    if s.answerer == "openai" or (s.answerer == "auto" and s.llm_base_url):
        from rag.llm.openai_compat import OpenAICompatLLM

        if not s.llm_base_url:
            raise LLMUnavailableError("RAG_ANSWERER=openai needs RAG_LLM_BASE_URL (e.g. http://127.0.0.1:8000/v1)")
        llm = OpenAICompatLLM(s.llm_base_url, s.llm_model, s.llm_api_key, context_window=s.llm_context,
                              timeout=s.llm_timeout, retries=s.llm_retries)
        return GenerativeAnswerer(llm, extractive, **_answer_options(s))

    from rag.llm.local import PROMPT_TOKEN_BUDGET, LocalLLM, llama_cpp_installed
    from rag.llm.model_files import resolve_model

    try:
        if not llama_cpp_installed():
            raise LLMUnavailableError("llama-cpp-python is not installed (pip install 'rag-assistant[llm]')")
        path = resolve_model(s.llm_model, s.cache_dir)  # assembles the packaged model on first use
    except LLMUnavailableError as e:
        if s.answerer == "local":
            raise
        log.warning("no local LLM (%s); answering with the extractive answerer", e)
        return extractive
    llm = LocalLLM(path, context_window=s.llm_context, threads=s.llm_threads, prompt_lookup=s.llm_prompt_lookup)
    return GenerativeAnswerer(llm, extractive, max_prompt_tokens=PROMPT_TOKEN_BUDGET, **_answer_options(s))


def _answer_options(s: Settings) -> dict:
    """What both model backends take from the settings alike."""
    return dict(max_tokens=s.llm_max_tokens, temperature=s.llm_temperature, excerpts=s.answer_excerpts,
                instant=s.instant_answer, excerpt_sentences=s.answer_excerpt_sentences,
                excerpt_neighbours=s.answer_excerpt_neighbours,
                excerpt_best_neighbours=s.answer_excerpt_best_neighbours, fact_alone=s.answer_fact_alone,
                every_holder=s.answer_every_holder)
