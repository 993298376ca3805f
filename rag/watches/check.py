"""Re-checking the kept questions after the store changed, at a bounded cost.

For each watch the re-check runs retrieval only (the question's passages as of today) and compares them with the
passages its last check retrieved (chunk ids and content hashes, ``rag.watches.store.passage_key``). Only when they
differ (a new passage in the top-k, a used passage edited or gone) may the answer have changed. The extractive
answerer is then simply asked again. A model answerer (local, openai) reads excerpts of the passages, their best
sentences by the extractive ranking (rag/answer/context.py), and answers the same prompt the same way at
temperature 0: its excerpts are compared first (``reading_key``, one sentence ranking, no generation) and the model
is asked again only when they differ and they bring a name or number the kept answer's passages did not hold
(rag/watches/gate.py: the facts gate). The new answer is recorded when it differs from the latest
(``rag.watches.store.signature``). 100 kept questions over the news set after a 10-article ingest: see bench/README.md
(``bench/watch_cost.py``).

``WatchRunner`` runs re-checks in a background thread after each ingest returns, one at a time; requests made
while one runs are served by one more pass. The thread is not a daemon: a one-shot ``rag ingest`` finishes its
re-check before the process exits. A re-check lost to a crash is redone by the next one (it compares with what
is stored, not with what an ingest reported).
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import asdict, dataclass
from datetime import date

log = logging.getLogger(__name__)


@dataclass
class WatchCheck:
    """What one re-check did (or, as ``Assistant.watch_stats``, all of them since the Assistant was made)."""

    checked: int = 0  # watches whose passages were retrieved again
    reread: int = 0  # of them, passages changed but what the model reads of them did not: not asked again
    same_facts: int = 0  # excerpts changed but no name or number the kept answer lacks: not asked (gate.py)
    reasked: int = 0  # answered again (their passages had changed)
    changed: int = 0  # of those, with a new answer recorded
    failed: int = 0  # could not be checked (the error is logged); tried again by the next re-check
    runs: int = 0
    seconds: float = 0.0

    def add(self, other: "WatchCheck") -> None:
        for k, v in asdict(other).items():
            setattr(self, k, getattr(self, k) + v)

    def summary(self) -> str:
        return (f"watched questions: {self.checked} checked, {self.reasked} re-asked, {self.changed} changed"
                + (f", {self.reread} with the same excerpts not re-asked" if self.reread else "")
                + (f", {self.same_facts} with no new facts not re-asked" if self.same_facts else "")
                + (f", {self.failed} failed" if self.failed else "") + f" in {self.seconds:.1f}s")

    def to_dict(self) -> dict:
        return asdict(self)


def reading_key(assistant, question, passages, window=None) -> list | None:
    """What a model answerer reads of ``passages`` for ``question``: whether it is refused first, and the excerpts'
    best sentences (rank, chunk, span, passage hash), their passages in retrieval order and, last, the names and
    numbers of those passages and of the excerpts it is shown (``rag.watches.gate.reading_facts``). None for an
    answerer that reads no excerpts (the extractive one: asking it again is as cheap as this). ``window``: the
    ``TimeWindow`` searched, which the answerer is given too (rag.answer.dating.period_end)."""
    from rag.answer.context import excerpt_passages
    from rag.answer.refusal import should_refuse
    from rag.watches.gate import reading_facts
    from rag.watches.store import passage_key

    answerer, s = assistant.answerer, assistant.settings
    ranker, options = getattr(answerer, "fallback", None), getattr(answerer, "options", None)
    if ranker is None or not (options and options.answer_excerpts):
        return None
    if should_refuse(passages, s.answer.refusal_threshold, question=question.text, idf=assistant.keywords.idf):
        return ["refused"]
    ranked = ranker.rank_sentences(question.standalone, passages, window)
    best = ranked[: options.answer_excerpt_sentences]
    hashes = dict((cid, h) for cid, h in passage_key(passages))
    order = sorted({c.passage_index for c in best})
    # answer_from_ranked reorders ``ranked`` as the model answerer does before its excerpts are cut
    # (rag/answer/generative.py)
    extractive = ranker.answer_from_ranked(question.standalone, passages, ranked, window)
    shown = excerpt_passages(ranked, passages, top=options.answer_excerpt_sentences,
                             neighbours=options.answer_excerpt_neighbours,
                             best_neighbours=options.answer_excerpt_best_neighbours,
                             close=options.answer_excerpt_close)
    return [[rank, passages[c.passage_index].chunk_id, c.start, c.end, hashes[passages[c.passage_index].chunk_id]]
            for rank, c in enumerate(best)] + [[passages[i].chunk_id for i in order],
                                               reading_facts(question.standalone, shown, passages, extractive)]


def check_all(assistant, store, today: date | str | None = None) -> WatchCheck:
    """Re-check every user's watches against the store as it is now."""
    from rag.watches.gate import could_change, excerpts_part
    from rag.watches.store import passage_key

    t0 = time.perf_counter()
    out = WatchCheck(runs=1)
    day = assistant.question("", today=today).as_of  # the asking day, parsed once for every watch
    same = []
    for w in store.states():
        try:
            q = assistant.question(w.question, today=day)
            passages, window = assistant._search(q)
            key = passage_key(passages)
            out.checked += 1
            if key == w.passages:
                same.append(w.id)
                continue
            reading = reading_key(assistant, q, passages, window)
            if reading is not None and excerpts_part(reading) == excerpts_part(w.reading):
                out.reread += 1
                store.record(w.id, key, None, day)
                continue
            if (reading is not None and assistant.settings.watches.watches_facts_gate
                    and not could_change(w.reading, w.signature, reading)):
                out.same_facts += 1  # the kept answer, and the reading it was made from, stand
                store.record(w.id, key, None, day)
                continue
            answer = assistant._answer_stream(q, passages, window).answer()
            out.reasked += 1
            if store.record(w.id, key, answer, day, reading):
                out.changed += 1
                log.info("watched question %s changed: %r", w.id, w.question)
        except Exception:  # one question's failure (an LLM server down) must not stop the others
            out.failed += 1
            log.exception("re-checking watched question %s failed", w.id)
    store.touch(same)
    out.seconds = time.perf_counter() - t0
    if out.checked or out.failed:
        log.info("%s", out.summary())
    return out


class WatchRunner:
    """Runs ``check()`` in a background thread on ``request()``: at most one at a time, requests during a run
    coalesced into one more run. ``stats`` adds up every run's figures."""

    def __init__(self, check):
        self._check = check
        self._lock = threading.Lock()
        self._pending = False
        self._running = threading.Lock()  # one re-check at a time, background or called
        self._thread: threading.Thread | None = None
        self.last: WatchCheck | None = None
        self.stats = WatchCheck()

    def request(self) -> None:
        with self._lock:
            self._pending = True
            if self._thread is None:
                # Not a daemon: a CLI ingest's re-check completes before the interpreter exits.
                self._thread = threading.Thread(target=self._loop, name="watch-check")
                self._thread.start()

    def _loop(self) -> None:
        while True:
            with self._lock:
                if not self._pending:
                    self._thread = None
                    return
                self._pending = False
            self.run()

    def run(self, today=None) -> WatchCheck:
        """One re-check now, in the calling thread."""
        with self._running:
            try:
                result = self._check(today)
            except Exception:
                log.exception("re-checking watched questions failed")
                result = WatchCheck(runs=1, failed=1)
        with self._lock:
            self.last = result
            self.stats.add(result)
        return result

    def wait(self, timeout: float | None = None) -> WatchCheck | None:
        """Until no re-check is running or due (or ``timeout`` seconds); the last one's figures."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            with self._lock:
                thread = self._thread
            if thread is None or thread is threading.current_thread():
                return self.last
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                return self.last
            thread.join(left)
