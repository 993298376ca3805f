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
from rag.answer.dating import newest_first, period_end
from rag.answer.holders import every_holder
from rag.answer.context import excerpt_passages, originals
from rag.answer.predicate import checked
from rag.answer.prompt import build_prompt
from rag.answer.stream import AnswerStream
from rag.llm import ChatLLM
from rag.settings import AnswerSettings
from rag.answer.refusal import refusal
from rag.text import without_context
from rag.types import Answer, Passage, TimeWindow

log = logging.getLogger(__name__)


class GenerativeAnswerer:
    def __init__(self, llm: ChatLLM, fallback, options: AnswerSettings | None = None, *,
                 max_prompt_tokens: int | None = None, verify: bool = True, newest_first: bool = True):
        """``options``: the settings' answer group whole (reply length and temperature, excerpts, instant answer,
        fact alone; their defaults and meaning are in rag/settings/groups.py)."""
        self.llm = llm
        self.fallback = fallback  # the extractive answerer: used when the model's answer cannot be cited
        self.options = options or AnswerSettings()
        self.max_prompt_tokens = max_prompt_tokens
        self.newest_first = newest_first  # dated passages reach the model newest first (rag/answer/dating.py)
        self.verify = verify  # drop sentences their cited passage does not support (rag/answer/verify.py)
        self.name = llm.name

    def answer(self, question: str, passages: list[Passage], *, today: date | None = None,
               window: TimeWindow | None = None) -> Answer:
        return self.stream(question, passages, today=today, window=window).answer()

    def _fallback(self, question: str, passages: list[Passage], today: date | None, why: str,
                  ready: Answer | None = None, window: TimeWindow | None = None) -> Answer:
        log.warning("%s answer replaced by the extractive one: %s", self.name, why)
        ans = (replace(ready, provisional=False) if ready
               else self.fallback.answer(question, passages, today=today, window=window))
        ans.answerer = f"{self.name}>extractive"
        return ans

    def stream(self, question: str, passages: list[Passage], *, today: date | None = None,
               window: TimeWindow | None = None) -> AnswerStream:
        """``window``: the ``TimeWindow`` searched. When the question names a period, "newest" in the prompt and
        the sentence ranking means newest up to its end (rag.answer.dating.period_end)."""
        return AnswerStream(self._generate(question, passages, today, window))

    def _extractive_first(self, question: str, passages: list[Passage],
                          window: TimeWindow | None) -> tuple[Answer | None, list]:
        """The extractive answer and its ranked sentences, when the instant answer or excerpts need them."""
        if not (self.options.instant_answer or self.options.answer_excerpts):
            return None, []
        ranked = self.fallback.rank_sentences(question, passages, window)
        ready = self.fallback.answer_from_ranked(question, passages, ranked, window)
        ready.answerer = f"{self.name}>extractive"
        return ready, ranked

    def _shown(self, ranked: list, passages: list[Passage], until: date | None) -> list[Passage]:
        """What the model reads: the best sentences' excerpts (rag/answer/context.py) or whole passages, newest
        first when dated."""
        o = self.options
        shown = passages
        if o.answer_excerpts and ranked:
            shown = excerpt_passages(ranked, passages, top=o.answer_excerpt_sentences,
                                     neighbours=o.answer_excerpt_neighbours,
                                     best_neighbours=o.answer_excerpt_best_neighbours,
                                     close=o.answer_excerpt_close)
        return newest_first(shown, until) if self.newest_first else shown

    def _generate(self, question: str, passages: list[Passage], today: date | None,
                  window: TimeWindow | None) -> Iterator[str | Answer]:
        o = self.options
        until = period_end(window)
        ready, ranked = self._extractive_first(question, passages, window)  # the extractive answer, when computed
        if ready is not None and o.instant_answer and not ready.refused:
            yield replace(ready, provisional=True)
        shown = self._shown(ranked, passages, until)
        prompt = build_prompt(question, shown, count_tokens=self.llm.count_tokens,
                              context_window=self.llm.context_window, reply_tokens=o.llm_max_tokens, today=today,
                              max_prompt_tokens=self.max_prompt_tokens, until=until)
        if prompt.dropped:
            log.info("prompt: %d of %d passages fit (%d tokens)", len(prompt.passages), len(shown),
                     prompt.prompt_tokens)
        if not prompt.passages:
            ans = self._fallback(question, passages, today, "no passage fits the context window", ready, window)
            yield ans.answer
            yield ans
            return
        cited_passages = originals(prompt.passages, passages)  # numbers [n] -> the original retrieved passages
        marks = MarkerStream(cited_passages)
        for piece in self.llm.stream_chat(prompt.messages, max_tokens=o.llm_max_tokens, temperature=o.llm_temperature):
            out = marks.feed(piece)
            if out:
                yield out
        tail = marks.finish()
        if tail:
            yield tail
        raw = marks.raw
        log.debug("%s raw answer: %r", self.name, raw)
        if raw.strip() and not without_echoed_headers(raw, [p.title for p in prompt.passages]).strip():
            yield self._fallback(question, passages, today, f"it only repeated a passage header: {raw[:200]!r}", ready,
                                 window)
            return
        if not raw.strip() or is_refusal(raw):
            yield refusal(question, self.name, passages=passages)
            return
        cited = finalize(raw, cited_passages, verify=self.verify, question=without_context(question))
        if cited is None:
            yield self._fallback(question, passages, today, f"no citable sentence in {raw[:200]!r}", ready, window)
            return
        if cited.empty:  # every fact it wrote was unsupported by the passages (rag.answer.verify)
            log.info("%s answer refused: no sentence supported by its passage in %r", self.name, raw[:200])
            yield refusal(question, self.name, passages=passages)
            return
        if cited.removed or cited.attached or cited.dropped_sentences:
            log.info("citations repaired: removed %s, attached %d, dropped %d uncited sentence(s)",
                     cited.removed, cited.attached, len(cited.dropped_sentences))
        text = fact_alone(cited.text, without_context(question)) if o.answer_fact_alone else cited.text
        # The event asked must be what the cited sentence says happened (rag/answer/predicate.py); when the model
        # answered from a preview but the extractive answer found a sentence stating it, that one is the answer.
        ans = checked(Answer(answer=text, citations=cited.citations, refused=False, question=question,
                             answerer=self.name, passages=passages))
        if ans.refused and ready is not None and not ready.refused:
            ans = self._fallback(question, passages, today, f"{text!r} does not state the event asked", ready, window)
        elif self.options.answer_every_holder:
            ans = every_holder(ans, passages)
        yield ans
