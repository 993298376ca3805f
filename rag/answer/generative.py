"""The LLM answerer: a grounded prompt, streamed generation, then validated citations.

Any `ChatLLM` backend (embedded llama.cpp or an OpenAI-compatible server) works. The refusal gate has already run
(rag.assistant) so the model is only called when retrieval found something relevant. The answer it writes is
checked by rag.answer.citations; when it cannot be cited, the extractive answer is returned instead.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import replace
from datetime import date

from rag.answer.concise import fact_alone
from rag.answer.citations import finalize, is_refusal, without_echoed_headers
from rag.answer.markers import MarkerStream
from rag.answer.dating import newest_first
from rag.answer.holders import every_holder
from rag.answer.context import BEST_NEIGHBOURS, NEIGHBOURS, TOP_SENTENCES, excerpt_passages, originals
from rag.answer.predicate import checked
from rag.answer.prompt import build_prompt
from rag.answer.stream import AnswerStream
from rag.llm import ChatLLM
from rag.answer.refusal import REFUSAL_TEXT
from rag.text import without_context
from rag.types import Answer, Passage

log = logging.getLogger(__name__)


class GenerativeAnswerer:
    def __init__(self, llm: ChatLLM, fallback, *, max_tokens: int = 256, temperature: float = 0.0,
                 max_prompt_tokens: int | None = None, excerpts: bool = True, instant: bool = True,
                 verify: bool = True, excerpt_sentences: int = TOP_SENTENCES, excerpt_neighbours: int = NEIGHBOURS,
                 excerpt_best_neighbours: int = BEST_NEIGHBOURS,
                 newest_first: bool = True, fact_alone: bool = True, every_holder: bool = True):
        self.llm = llm
        self.fallback = fallback  # the extractive answerer: used when the model's answer cannot be cited
        self.max_tokens = max_tokens
        self.temperature = temperature
        self.max_prompt_tokens = max_prompt_tokens
        self.excerpts = excerpts  # the model reads the best sentences with neighbours (rag/answer/context.py)
        self.newest_first = newest_first  # dated passages reach the model newest first (rag/answer/dating.py)
        self.excerpt_sentences = excerpt_sentences
        self.excerpt_neighbours = excerpt_neighbours
        self.excerpt_best_neighbours = excerpt_best_neighbours
        self.fact_alone = fact_alone  # a sentence restating the question is cut to its fact (rag/answer/concise.py)
        self.every_holder = every_holder  # name every holder of the role asked about (rag/answer/holders.py)
        self.instant = instant  # the extractive answer comes first, provisional, while the model writes
        self.verify = verify  # drop sentences their cited passage does not support (rag/answer/verify.py)
        self.name = llm.name

    def answer(self, question: str, passages: list[Passage], *, today: date | None = None) -> Answer:
        return self.stream(question, passages, today=today).answer()

    def _fallback(self, question: str, passages: list[Passage], today: date | None, why: str,
                  ready: Answer | None = None) -> Answer:
        log.warning("%s answer replaced by the extractive one: %s", self.name, why)
        ans = replace(ready, provisional=False) if ready else self.fallback.answer(question, passages, today=today)
        ans.answerer = f"{self.name}>extractive"
        return ans

    def stream(self, question: str, passages: list[Passage], *, today: date | None = None) -> AnswerStream:
        return AnswerStream(self._generate(question, passages, today))

    def _generate(self, question: str, passages: list[Passage], today: date | None) -> Iterator[str | Answer]:
        ready = None  # the extractive answer, when computed (instant answer, excerpts)
        shown = passages
        if self.instant or self.excerpts:
            ranked = self.fallback.rank_sentences(question, passages)
            ready = self.fallback.answer_from_ranked(question, passages, ranked)
            ready.answerer = f"{self.name}>extractive"
            if self.instant and not ready.refused:
                yield replace(ready, provisional=True)
            if self.excerpts and ranked:
                shown = excerpt_passages(ranked, passages, top=self.excerpt_sentences,
                                         neighbours=self.excerpt_neighbours,
                                         best_neighbours=self.excerpt_best_neighbours)
        if self.newest_first:
            shown = newest_first(shown)
        prompt = build_prompt(question, shown, count_tokens=self.llm.count_tokens,
                              context_window=self.llm.context_window, reply_tokens=self.max_tokens, today=today,
                              max_prompt_tokens=self.max_prompt_tokens)
        if prompt.dropped:
            log.info("prompt: %d of %d passages fit (%d tokens)", len(prompt.passages), len(shown),
                     prompt.prompt_tokens)
        if not prompt.passages:
            ans = self._fallback(question, passages, today, "no passage fits the context window", ready)
            yield ans.answer
            yield ans
            return
        cited_passages = originals(prompt.passages, passages)  # numbers [n] -> the original retrieved passages
        marks = MarkerStream(cited_passages)
        for piece in self.llm.stream_chat(prompt.messages, max_tokens=self.max_tokens, temperature=self.temperature):
            out = marks.feed(piece)
            if out:
                yield out
        tail = marks.finish()
        if tail:
            yield tail
        raw = marks.raw
        log.debug("%s raw answer: %r", self.name, raw)
        if raw.strip() and not without_echoed_headers(raw, [p.title for p in prompt.passages]).strip():
            yield self._fallback(question, passages, today, f"it only repeated a passage header: {raw[:200]!r}", ready)
            return
        if not raw.strip() or is_refusal(raw):
            yield Answer(answer=REFUSAL_TEXT, refused=True, question=question, answerer=self.name, passages=passages)
            return
        cited = finalize(raw, cited_passages, verify=self.verify, question=without_context(question))
        if cited is None:
            yield self._fallback(question, passages, today, f"no citable sentence in {raw[:200]!r}", ready)
            return
        if cited.empty:  # every fact it wrote was unsupported by the passages (rag.answer.verify)
            log.info("%s answer refused: no sentence supported by its passage in %r", self.name, raw[:200])
            yield Answer(answer=REFUSAL_TEXT, refused=True, question=question, answerer=self.name, passages=passages)
            return
        if cited.removed or cited.attached or cited.dropped_sentences:
            log.info("citations repaired: removed %s, attached %d, dropped %d uncited sentence(s)",
                     cited.removed, cited.attached, len(cited.dropped_sentences))
        text = fact_alone(cited.text, without_context(question)) if self.fact_alone else cited.text
        # The event asked must be what the cited sentence says happened (rag/answer/predicate.py); when the model
        # answered from a preview but the extractive answer found a sentence stating it, that one is the answer.
        ans = checked(Answer(answer=text, citations=cited.citations, refused=False, question=question,
                             answerer=self.name, passages=passages))
        if ans.refused and ready is not None and not ready.refused:
            ans = self._fallback(question, passages, today, f"{text!r} does not state the event asked", ready)
        elif self.every_holder:
            ans = every_holder(ans, passages)
        yield ans
