"""Questions that watch (rag/watches/methods.py, rag/watches/store.py, rag/watches/check.py): real Chroma, the real embedder, the
extractive answerer. A document that changes a kept question's answer records the change with its new citations;
an unrelated document re-asks nothing (the Assistant's counters); per user, limited, kept across restarts; the
CLI and the HTTP API (real uvicorn, httpx)."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from datetime import date

import httpx
import pytest

from rag.watches.store import WatchError, WatchStore, WatchStoreError
from tests.conftest import DEMO_CORPUS
from tests.security.serve import serving

HAMAS = "Who led the Hamas delegation?"
JIHAD = "Who is the secretary-general of Islamic Jihad?"
NEW_LEADER = """---
title: Hamas names a new negotiator for the Cairo talks
date: 2025-10-27
author: Demo Desk
---
# Hamas names a new negotiator for the Cairo talks

Mousa Abu Marzouk led the Hamas delegation at the resumed Cairo talks on Monday, replacing Khalil al-Hayya, who
stayed in Doha. The delegation met Egyptian mediators about the second phase of the ceasefire.
"""
BREAD = """---
title: How to bake sourdough bread at home
date: 2025-10-28
---
# How to bake sourdough bread at home

A sourdough starter needs flour and water, fed daily. Knead the dough, let it rise overnight in a cool kitchen,
and bake it in a hot oven for forty minutes until the crust is dark.
"""


def write_article(folder, name: str, text: str):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def by_question(a, user: str = "") -> dict:
    return {w.question: w for w in a.watches(user=user)}


def test_a_changed_answer_is_recorded_with_its_new_citations_and_unrelated_news_reasks_nothing(make_assistant,
                                                                                              tmp_path):
    a = make_assistant()
    a.ingest([DEMO_CORPUS])
    hamas = a.watch(HAMAS, user="alice")
    a.watch(JIHAD, user="alice")
    first = hamas.latest
    assert first.number == 1 and "al-Hayya" in first.answer.answer and first.answer.citations
    assert not hamas.changed and a.changed_watches(user="alice") == 0

    new = a.ingest([write_article(tmp_path / "news", "new-leader.md", NEW_LEADER)])
    check = a.wait_for_watches(60)  # the ingest returned; its re-check ran in the background
    assert check.checked == 2 and check.changed == 1
    w = by_question(a, "alice")[HAMAS]
    assert [x.number for x in w.answers] == [1, 2] and w.changed  # newest last
    assert "Abu Marzouk" in w.latest.answer.answer
    assert {c.doc_id for c in w.latest.answer.citations} == set(new.added)
    assert w.latest.day and w.answers[0].answer.answer == first.answer.answer  # the old answer kept as it was
    assert len(by_question(a, "alice")[JIHAD].answers) == 1  # its answer did not change
    assert a.changed_watches(user="alice") == 1
    assert a.seen_watches(user="alice") == 1 and a.changed_watches(user="alice") == 0

    # A document on another topic: every question is retrieved again, none re-asked.
    before = replace(a.watch_stats)
    a.ingest([write_article(tmp_path / "news", "bread.md", BREAD)])
    a.wait_for_watches(60)
    assert a.watch_stats.checked - before.checked == 2
    assert a.watch_stats.reasked - before.reasked == 0
    assert a.check_watches().reasked == 0  # nothing changed since: nothing re-asked

    # The passage the answer used vanishes: re-asked, the old answer is back as answer 3.
    assert a.delete(new.added[0])
    a.wait_for_watches(60)
    w = by_question(a, "alice")[HAMAS]
    assert len(w.answers) == 3 and "al-Hayya" in w.latest.answer.answer and w.changed


def test_watches_are_per_user_limited_and_survive_a_restart(make_assistant):
    a = make_assistant(watches_max=2)
    a.ingest([DEMO_CORPUS])
    w = a.watch(HAMAS, user="alice")
    assert a.watch("  who LED the Hamas delegation  ", user="alice").id == w.id  # the same question: the same watch
    a.watch(JIHAD, user="alice")
    with pytest.raises(WatchError, match="RAG_WATCHES_MAX") as e:
        a.watch("Where will Egypt host the reconstruction conference?", user="alice")
    assert e.value.field == "question"
    with pytest.raises(WatchError, match="needs words"):
        a.watch(" ?! ", user="alice")
    assert a.watches(user="bob") == [] and not a.unwatch(w.id, user="bob")  # bob sees none of alice's
    a.watch(HAMAS, user="bob")
    assert len(a.watches(user="alice")) == 2

    again = make_assistant(watches_max=2)  # a new process over the same data dir
    assert {x.question for x in again.watches(user="alice")} == {HAMAS, JIHAD}
    assert again.unwatch(w.id, user="alice") and not again.unwatch(w.id, user="alice")
    assert {x.question for x in again.watches(user="alice")} == {JIHAD}


def test_a_file_from_a_newer_version_is_refused_and_one_answer_is_recorded_once(tmp_path):
    from rag.types import Answer, Citation

    path = tmp_path / "watches.sqlite3"
    store = WatchStore(path)
    cite = Citation(number=1, chunk_id="c1", doc_id="d1", source="s", title="t", text="x", score=1, start=0, end=1)
    w = store.add("", HAMAS, Answer(answer="Khalil al-Hayya [1]."), [["c1", "h"]], date(2025, 10, 27), 10)
    changed = Answer(answer="Mousa Abu Marzouk led it [1].", citations=[cite])
    assert store.record(w.id, [["c2", "h"]], changed, date(2025, 10, 28))
    # the same answer again (a second process re-checking at once; markers, punctuation, wording aside): not recorded
    assert not store.record(w.id, [["c2", "h"]], Answer(answer="It was led by Mousa Abu Marzouk.", citations=[cite]),
                            date(2025, 10, 28))
    assert [x.number for x in store.get(w.id, "").answers] == [1, 2]
    store.close()

    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version=2")
    db.close()
    with pytest.raises(WatchStoreError, match="newer rag-assistant.*upgrade"):
        WatchStore(path).list("")


def test_rechecks_can_be_turned_off(make_assistant, tmp_path):
    a = make_assistant(watches_recheck=False)
    a.ingest([DEMO_CORPUS])
    a.watch(HAMAS)
    a.ingest([write_article(tmp_path / "news", "new-leader.md", NEW_LEADER)])
    assert a.wait_for_watches(5) is None and len(a.watches()[0].answers) == 1
    assert a.check_watches().changed == 1  # `rag watches check` on demand


def test_the_cli_adds_lists_and_removes_watches_and_ingest_reports_the_recheck(make_assistant, tmp_path, monkeypatch,
                                                                              capsys):
    from rag.cli import main as cli
    from rag.cli import common as cli_common

    a = make_assistant()
    a.ingest([DEMO_CORPUS])
    monkeypatch.setattr(cli_common, "make_assistant", lambda args: a)  # the test's store and loaded embedder
    monkeypatch.setattr(cli, "make_assistant", lambda args: a)
    assert cli.main(["watches", "add", HAMAS]) == 0
    out = capsys.readouterr().out
    assert "watching 'Who led the Hamas delegation?'" in out and "answer 1" in out and "al-Hayya" in out

    assert cli.main(["ingest", str(write_article(tmp_path / "news", "new-leader.md", NEW_LEADER))]) == 0
    assert "watched questions: 1 checked, 1 re-asked, 1 changed" in capsys.readouterr().out

    assert cli.main(["watches"]) == 0
    out = capsys.readouterr().out
    assert "CHANGED" in out and "answer 2" in out and "Abu Marzouk" in out and "answer 1 " not in out
    assert "1 watched questions, 1 changed" in out
    assert cli.main(["watches", "list", "--all"]) == 0
    assert "answer 1 " in capsys.readouterr().out
    assert cli.main(["watches", "--json"]) == 0
    [w] = json.loads(capsys.readouterr().out)
    assert [x["number"] for x in w["answers"]] == [1, 2] and w["answers"][1]["citations"][0]["title"].startswith(
        "Hamas names")
    assert cli.main(["watches", "check"]) == 0
    assert "1 checked, 0 re-asked" in capsys.readouterr().out
    assert cli.main(["watches", "remove", w["id"]]) == 0
    assert cli.main(["watches", "remove", w["id"]]) == 1
    assert "no watched question" in capsys.readouterr().err
    assert cli.main(["watches", "add", "?"]) == 1
    assert "needs words" in capsys.readouterr().err


KEY = "k" * 24
USERS = {"alice": "pw-alice", "bob": "pw-bob"}


def test_watches_over_http_follow_the_user_rules(tmp_path, embedder):
    from rag import Assistant

    a = Assistant(data_dir=tmp_path / "data", embedder=embedder, answerer="extractive", api_key=KEY,
                  ui_username=None, ui_password=None, ui_users=",".join(f"{u}:{p}" for u, p in USERS.items()))
    alice, bob = ("alice", USERS["alice"]), ("bob", USERS["bob"])
    with serving(a, api_only=True) as url, httpx.Client(base_url=url, timeout=60) as http:
        r = http.post("/v1/watches", auth=alice, json={"question": HAMAS})
        assert r.status_code == 200, r.text
        wid = r.json()["id"]
        assert r.json()["answers"][0]["number"] == 1 and not r.json()["changed"]
        files = [("files", ("new-leader.md", NEW_LEADER.encode(), "text/markdown"))]
        assert http.post("/v1/documents", auth=alice, files=files).status_code == 200
        a.wait_for_watches(60)
        got = http.get("/v1/watches", auth=alice).json()
        assert got["changed"] == 1
        [w] = got["data"]
        assert w["id"] == wid and [x["number"] for x in w["answers"]] == [1, 2] and w["changed"]
        cite = w["answers"][1]["citations"][0]
        assert cite["source"] == "new-leader.md" and "path" not in cite  # no server path
        assert "Abu Marzouk" in w["answers"][1]["answer"]
        assert http.post("/v1/watches/seen", auth=alice, json={}).json()["marked"] == 1
        assert http.get("/v1/watches", auth=alice).json()["changed"] == 0

        def error(r, status):
            assert r.status_code == status, r.text
            return r.json()["error"]

        assert http.get("/v1/watches", auth=bob).json()["data"] == []  # another login's watches are not shown
        error(http.delete(f"/v1/watches/{wid}", auth=bob), 404)
        error(http.get("/v1/watches", auth=bob, params={"user": "alice"}), 403)
        error(http.get("/v1/watches"), 401)
        assert error(http.post("/v1/watches", auth=alice, json={"question": "?!"}), 400)["param"] == "question"
        assert error(http.post("/v1/watches", auth=alice, json={}), 400)["param"] == "question"
        key = {"Authorization": f"Bearer {KEY}"}  # the API key acts for any user
        assert http.get("/v1/watches", headers=key, params={"user": "alice"}).json()["data"][0]["id"] == wid
        assert http.delete(f"/v1/watches/{wid}", auth=alice).json()["deleted"]
        assert http.get("/v1/watches", auth=alice).json()["data"] == []


def _wait_answers(a, question: str, n: int, seconds: float = 60) -> list:
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        a.wait_for_watches(seconds)
        answers = by_question(a)[question].answers
        if len(answers) >= n:
            return answers
        time.sleep(0.2)
    return by_question(a)[question].answers


def test_a_watched_folder_change_and_a_feed_update_recheck_the_watches(make_assistant, tmp_path):
    from rag.cli.sources import start_watching
    from rag.sources.feeds import FeedSync
    from tests.web import Site, article_html, rss, serving

    a = make_assistant(fetch_allow_private=True, watch_debounce=0.3)
    a.ingest([DEMO_CORPUS])
    a.watch(HAMAS)
    folder = tmp_path / "watched"
    folder.mkdir()
    watcher = start_watching(a, [folder], echo=lambda line: None)
    try:
        write_article(folder, "new-leader.md", NEW_LEADER)  # the folder watcher ingests it within a second
        answers = _wait_answers(a, HAMAS, 2)
        assert len(answers) == 2 and "Abu Marzouk" in answers[-1].answer.answer
    finally:
        watcher.stop()

    site = Site()
    site.page("/news/jabarin.html", article_html(
        "Hamas sends Jabarin to Cairo", "Zaher Jabarin led the Hamas delegation at the Cairo talks on Wednesday, "
        "the group said, after Mousa Abu Marzouk fell ill.", date="2025-10-29"))
    with serving(site) as base:
        site.page("/feed.xml", rss(base, [{"title": "Hamas sends Jabarin to Cairo", "path": "/news/jabarin.html",
                                            "date": "Wed, 29 Oct 2025 08:00:00 GMT"}]), ctype="application/rss+xml")
        assert FeedSync(a).add(base + "/feed.xml").added
    answers = _wait_answers(a, HAMAS, 3)
    assert len(answers) == 3 and "Jabarin" in answers[-1].answer.answer
    assert answers[-1].answer.citations[0].source == base + "/news/jabarin.html"
