"""Questions that watch the news: the ``Assistant`` methods (a mixin, so that rag/assistant.py only calls
``_store_changed`` after each write).

``a.watch(question, user=...)`` keeps a question with its answer now; after every ingest, sync, watched-folder
change, feed update or delete the kept questions are re-checked in the background (rag/watches/check.py) and a
changed answer is recorded with its citations; ``a.watches(user=...)`` lists them, each with its answers over time,
newest last; ``a.unwatch(id, user=...)`` stops one. Stored in ``watches.sqlite3`` beside the kept conversations
(rag/watches/store.py).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date


class Watching:
    """Mixed into ``rag.assistant.Assistant`` (which provides settings, ``question``, ``_search``,
    ``_answer_stream``)."""

    @property
    def watch_store(self):
        """The kept questions (rag/watches/store.py): SQLite under the data dir, opened on first use."""
        store = getattr(self, "_watch_store", None)
        if store is None:
            from rag.watches.store import WatchStore

            with self._init_lock:
                store = getattr(self, "_watch_store", None)
                if store is None:
                    store = self._watch_store = WatchStore(self.settings.watches_path)
        return store

    @property
    def _watch_runner(self):
        runner = getattr(self, "_watch_runner_", None)
        if runner is None:
            from rag.watches.check import WatchRunner, check_all

            with self._init_lock:
                runner = getattr(self, "_watch_runner_", None)
                if runner is None:
                    runner = self._watch_runner_ = WatchRunner(lambda today: check_all(self, self.watch_store, today))
        return runner

    def watch(self, question: str, *, user: str = "", today: date | str | None = None):
        """Keep ``question`` for ``user`` and answer it now (as of ``today``); returns the ``rag.watches.store.Watch``.
        The user's same question again returns the watch kept before. ``WatchError`` for a question without words
        or past ``RAG_WATCHES_MAX`` questions per user."""
        from rag.watches.check import reading_key
        from rag.watches.store import WatchError, over_limit, passage_key

        q = self.question(question, today=today)  # the day: None is today
        if not q.has_words:
            raise WatchError("question", "a watched question needs words: ask it as you would in the chat")
        store = self.watch_store
        found = store.find(user, q.standalone)
        if found is not None:
            return found
        limit, n = self.settings.watches.watches_max, store.count(user)
        if n >= limit:  # before the answer is computed; checked again when it is stored
            raise over_limit(user, n)
        q = replace(q, day=q.as_of)  # the watch records the day it was answered
        day = q.day
        passages, window = self._search(q)
        answer = self._answer_stream(q, passages, window).answer()
        reading = reading_key(self, q, passages, window)
        return store.add(user, q.standalone, answer, passage_key(passages), day, limit, reading)

    def watches(self, *, user: str = ""):
        """The user's kept questions (``rag.watches.store.Watch``), the most recently answered first, each with its
        answers over time (newest last) and ``changed`` when an answer came since ``seen_watches``."""
        store = self.watch_store
        return store.list(user) if store.exists() else []

    def unwatch(self, watch_id: str, *, user: str = "") -> bool:
        """Stop watching (the watch and its answers are deleted); False when the user keeps no such watch."""
        store = self.watch_store
        return store.remove(watch_id, user) if store.exists() else False

    def changed_watches(self, *, user: str = "") -> int:
        """How many of the user's watches have an answer they have not seen (the UI's badge)."""
        store = self.watch_store
        return store.changed_count(user) if store.exists() else 0

    def seen_watches(self, ids: list[str] | None = None, *, user: str = "") -> int:
        """The user has seen the latest answers of these watches (all when None); returns how many were new."""
        store = self.watch_store
        return store.mark_seen(user, ids) if store.exists() else 0

    def check_watches(self, today: date | str | None = None):
        """Re-check every user's watches now, in this thread (``rag.watches.check.WatchCheck``: how many were
        checked, re-asked and changed). Ingests do this by themselves in the background."""
        return self._watch_runner.run(today)

    def wait_for_watches(self, timeout: float | None = None):
        """Wait for the background re-check started by the last ingest; its ``WatchCheck`` (None: none ran)."""
        runner = getattr(self, "_watch_runner_", None)
        return runner.wait(timeout) if runner is not None else None

    @property
    def watch_stats(self):
        """Every re-check's figures added up since this Assistant was made (``WatchCheck``)."""
        return self._watch_runner.stats

    def _store_changed(self) -> None:
        """After a write that changed documents: re-check the kept questions in the background (when any are)."""
        if self.settings.watches.watches_recheck and self.watch_store.exists():
            self._watch_runner.request()
