"""Concurrent use of one app: a slow answer must not hold up other sessions' questions or document actions, and
searches while an ingest writes must neither fail nor repair the keyword index from a half-written store."""

from __future__ import annotations

import html
import re
import threading

import pytest

from rag.types import Answer
from tests.conftest import DEMO_CORPUS, free_port

QUESTION = "Who led the Hamas delegation?"
_TAG = re.compile(r"<[^>]+>")


def _article(folder, i: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"harbour-{i}.md").write_text(
        f"---\ntitle: Harbour report {i}\ndate: 2025-05-0{i + 1}\n---\n# Harbour report {i}\n\n"
        f"The Port Arlen harbour authority counted {i + 3} container ships this week. The quay cranes were "
        f"repaired by the marine engineering yard, and the ferry timetable changes on Monday.\n", encoding="utf-8")


def test_searches_during_an_ingest_do_not_fail_or_repair_the_keyword_index(make_assistant, tmp_path,
                                                                               monkeypatch):
    import ingest.sync

    a = make_assistant()
    a.ingest([DEMO_CORPUS])
    assert a.search(QUESTION)
    folder = tmp_path / "articles"
    for i in range(5):
        _article(folder, i)

    monkeypatch.setattr(ingest.sync, "GROUP_CHUNKS", 1)  # one write per chunk: the store changes many times
    import rag.index.keyword_sync

    repaired_by, results, errors = [], [], []
    reconcile = rag.index.keyword_sync.reconcile
    monkeypatch.setattr(rag.index.keyword_sync, "reconcile",
                        lambda *a, **k: (repaired_by.append(threading.current_thread().name), reconcile(*a, **k))[1])
    upsert = a.store.upsert

    def search():
        try:
            results.append(a.search(QUESTION))
        except Exception as e:  # noqa: BLE001 - the test reports it
            errors.append(e)

    def upsert_then_search(*args, **kwargs):  # another session searches between every two writes
        upsert(*args, **kwargs)
        t = threading.Thread(target=search, name="searcher")
        t.start()
        t.join(120)

    monkeypatch.setattr(a.store, "upsert", upsert_then_search)
    report = a.ingest([folder])

    assert len(report.added) == 5 and not report.failed
    assert errors == []
    assert len(results) >= 5 and all(any("Khalil al-Hayya" in p.text for p in r) for r in results)
    assert "searcher" not in repaired_by  # the ingest's writes are its own: no search repairs the index meanwhile
    assert a.keywords.chunk_ids() == {c.chunk_id for c in a.store.iter_chunks(include_text=False)}
    assert any(p.title.startswith("Harbour report") for p in a.search("container ships at the harbour quay cranes"))


class _SlowAnswerer:
    """Stands in for a slow LLM: its answer is generated only when the test releases it."""

    name = "slow-llm"

    def __init__(self):
        self.started, self.release = threading.Event(), threading.Event()

    def stream(self, question, passages, *, today=None, window=None):
        from rag.answer.stream import AnswerStream

        def gen():
            self.started.set()
            yield "Thinking"
            self.release.wait(180)
            yield Answer(answer="Khalil al-Hayya led it.", question=question, answerer=self.name, passages=passages)

        return AnswerStream(gen())


def _last_message(result) -> str:
    content = result[0][-1]["content"]
    raw = "".join(p.get("text", "") for p in content) if isinstance(content, list) else str(content)
    return html.unescape(_TAG.sub(" ", raw))


def test_a_slow_answer_does_not_block_other_questions_or_document_actions(make_assistant, tmp_path):
    from gradio_client import Client

    from ui.app import build_app, launch

    a = make_assistant(ui_ingest_roots=[tmp_path])
    a.ingest([DEMO_CORPUS])
    slow = a._answerer = _SlowAnswerer()
    app = build_app(a)  # the configuration `rag serve` uses
    port = free_port()
    launch(app, host="127.0.0.1", port=port, auth=None, max_upload_mb=5, block=False)
    url = f"http://127.0.0.1:{port}/"
    clients = []
    try:
        def client():
            c = Client(url, verbose=False, download_files=False, analytics_enabled=False, max_workers=2)
            clients.append(c)
            return c

        waiting = client().submit(QUESTION, "1", 5, [], "", "", "", api_name="/respond")
        assert slow.started.wait(60), "the slow answer never started"

        other = client()  # another browser session, while the slow answer is being generated
        refused = other.submit("What is the capital of Peru?", "1", 5, [], "", "",
                                 "", api_name="/respond").result(timeout=60)
        assert "don't contain" in _last_message(refused)
        listing = other.submit("", "", "", "", api_name="/library").result(timeout=60)  # q, from, until, feed
        assert "Hamas" in html.unescape(str(listing))  # the page's table (its offset is a State: not returned)
        _article(tmp_path / "more", 0)
        ingested = other.submit(str(tmp_path / "more"), False, api_name="/reingest").result(timeout=120)
        assert "added 1" in html.unescape(_TAG.sub(" ", str(ingested[0])))
        assert not waiting.done(), "the slow answer finished early: this test proved nothing"

        slow.release.set()
        assert "Khalil al-Hayya" in _last_message(waiting.result(timeout=60))
    finally:
        slow.release.set()
        for c in clients:
            c.close()
        app.close()
