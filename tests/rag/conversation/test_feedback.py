"""Answer feedback (rag/conversation/feedback.py): thumbs up/down and a note per turn per user in the kept conversations' SQLite;
over real HTTP (uvicorn, httpx) with the API's credential and user rules; in the exports; `rag eval --feedback`."""

from __future__ import annotations

import json
import sqlite3

import httpx
import pytest

from rag.conversation.chat import Turn
from rag.conversation.feedback import FeedbackError, TurnNotFound
from rag.conversation.history import ConversationNotFound, ConversationStore
from rag.conversation.transcript import to_markdown
from rag.types import Answer, Citation
from tests.conftest import DEMO_CORPUS
from tests.security.serve import serving

JIHAD = "Who is the secretary-general of Islamic Jihad?"
CHIEF = "Who is the intelligence chief?"
KEY = "k" * 24
USERS = {"alice": "pw-alice", "bob": "pw-bob"}


def _turn(q: str, answer: str = "An answer [1].") -> Turn:
    cite = Citation(number=1, chunk_id="c1", doc_id="d1", source="/srv/news/talks.md", title="Cairo talks",
                    text="Majed Faraj, the intelligence chief, attended.", score=1.0, start=0, end=44,
                    highlight_start=0, highlight_end=11)
    return Turn(q, q, Answer(answer=answer, citations=[cite], question=q))


def test_a_vote_is_kept_with_its_turn_once_per_user_and_replaced(tmp_path):
    store = ConversationStore(tmp_path / "c.sqlite3")
    store.add_turn("c1", "alice", _turn(JIHAD))
    store.add_turn("c1", "alice", _turn(CHIEF, "The documents don't contain an answer."))
    first = store.rate("c1", "alice", 2, "up")
    assert (first.turn, first.verdict, first.note, first.owner) == (2, "up", None, "alice")
    store.rate("c1", "alice", 2, "down", "  names only Faraj; Rashad is Egypt's chief  ")
    store.rate("c1", "alice", 2, "down")  # no note given: the earlier note stays
    turns = store.turns("c1", "alice")
    assert turns[0].feedback is None
    f = turns[1].feedback
    assert (f.verdict, f.note) == ("down", "names only Faraj; Rashad is Egypt's chief")
    db = sqlite3.connect(tmp_path / "c.sqlite3")
    assert db.execute("SELECT COUNT(*) FROM feedback").fetchone()[0] == 1  # one row per turn per user
    assert store.rate("c1", "alice", 2, "up", "").note is None  # "" removes the note

    # bad values name the field; unknown turns and other users' chats are refused, nothing stored changes
    for turn, verdict, field in ((0, "up", "turn"), ("2", "up", "turn"), (1, "meh", "verdict"), (1, None, "verdict")):
        with pytest.raises(FeedbackError) as e:
            store.rate("c1", "alice", turn, verdict)
        assert e.value.field == field
    with pytest.raises(FeedbackError, match="at most 2000"):
        store.rate("c1", "alice", 1, "up", "x" * 2001)
    with pytest.raises(TurnNotFound, match="no turn 3"):
        store.rate("c1", "alice", 3, "up")
    with pytest.raises(ConversationNotFound):
        store.rate("c1", "bob", 1, "down")
    assert store.turns("c1", "alice")[1].feedback.verdict == "up"

    assert store.unrate("c1", "alice", 2) and not store.unrate("c1", "alice", 2)
    assert store.turns("c1", "alice")[1].feedback is None
    store.rate("c1", "alice", 1, "down")
    assert store.delete("c1", "alice")
    assert db.execute("SELECT COUNT(*) FROM feedback").fetchone()[0] == 0  # gone with its conversation


def test_a_file_from_before_feedback_gains_its_table(tmp_path):
    path = tmp_path / "old.sqlite3"
    db = sqlite3.connect(path)
    from rag.conversation.history import SCHEMA

    db.executescript(SCHEMA)  # the schema as it was: no feedback table
    db.execute("INSERT INTO conversations VALUES ('old', '', 'Old chat', 1, 1)")
    db.execute("INSERT INTO turns VALUES ('old', 0, 'Q?', 'Q?', ?, '2025-10-25', 1)",
               (json.dumps(Answer(answer="A").to_dict()),))
    db.commit()
    db.close()
    store = ConversationStore(path)
    assert store.rate("old", "", 1, "down", "wrong").verdict == "down"
    assert store.turns("old", "")[0].question == "Q?"


def test_reviews_list_down_votes_newest_first_and_the_export_shows_votes(tmp_path):
    store = ConversationStore(tmp_path / "c.sqlite3")
    for cid, owner in (("a1", "alice"), ("b1", "bob")):
        store.add_turn(cid, owner, _turn(JIHAD))
        store.add_turn(cid, owner, _turn(CHIEF))
    store.rate("a1", "alice", 2, "down", "misses Rashad")
    store.rate("a1", "alice", 1, "up")
    store.rate("b1", "bob", 1, "down", "<script>x</script> *bold*")
    got = store.reviews()
    assert [(r.feedback.conversation_id, r.feedback.turn) for r in got] == [("b1", 1), ("a1", 2)]
    assert got[1].question == CHIEF and got[1].answer.citations[0].title == "Cairo talks"
    assert [r.feedback.owner for r in store.reviews(owner="alice")] == ["alice"]
    assert len(store.reviews(verdict=None)) == 3 and len(store.reviews(limit=1)) == 1

    md = to_markdown(store.info("b1"), store.turns("b1", "bob"))
    assert "*Rated 👎 down: \\<script\\>x\\</script\\> \\*bold\\**" in md  # the note is text, escaped
    md = to_markdown(store.info("a1"), store.turns("a1", "alice"))
    assert "*Rated 👍 up*" in md and "*Rated 👎 down: misses Rashad*" in md


def test_the_assistant_rates_an_answer_it_gave(make_assistant):
    a = make_assistant()
    a.ingest([DEMO_CORPUS])
    conv = a.chat(owner="alice")
    conv.ask(JIHAD, today="2025-10-25")
    saved = a.feedback(conv.id, 1, "down", "should name the deputy too", owner="alice")
    assert saved.conversation_id == conv.id and saved.verdict == "down"
    [review] = a.reviews()
    assert review.question == JIHAD and review.title == JIHAD
    assert review.feedback.note == "should name the deputy too" and review.answer.citations
    assert a.chat(conv.id, owner="alice").turns[0].feedback.verdict == "down"
    with pytest.raises(ConversationNotFound):
        a.feedback(conv.id, 1, "up")  # user "" does not own alice's chat
    assert a.withdraw_feedback(conv.id, 1, owner="alice") and a.reviews() == []


@pytest.fixture(scope="module")
def api(tmp_path_factory, embedder):
    from rag import Assistant

    a = Assistant(data_dir=tmp_path_factory.mktemp("feedback") / "data", embedder=embedder, answerer="extractive",
                  api_key=KEY, ui_username=None, ui_password=None,
                  ui_users=",".join(f"{u}:{p}" for u, p in USERS.items()))
    with serving(a, api_only=True) as url:
        yield url, a


def test_rating_over_http_follows_the_conversation_rules(api):
    url, a = api
    alice, bob = ("alice", USERS["alice"]), ("bob", USERS["bob"])
    with httpx.Client(base_url=url, timeout=60) as http:
        r = http.post("/v1/chat/completions", auth=alice, json={"messages": [{"role": "user", "content": JIHAD}],
                                                               "conversation_id": "alice-1"})
        assert r.status_code == 200, r.text
        path = "/v1/conversations/alice-1/feedback"
        r = http.post(path, auth=alice, json={"turn": 1, "verdict": "down", "note": "no deputy"})
        assert r.status_code == 200, r.text
        body = r.json()
        assert (body["object"], body["turn"], body["verdict"], body["note"]) == ("conversation.feedback", 1, "down",
                                                                                "no deputy")
        # changing one's vote replaces it; GET and the Markdown export show it
        assert http.post(path, auth=alice, json={"turn": 1, "verdict": "up"}).json()["note"] == "no deputy"
        got = http.get("/v1/conversations/alice-1", auth=alice).json()["data"][0]
        assert got["turn"] == 1 and got["feedback"]["verdict"] == "up" and got["feedback"]["note"] == "no deputy"
        assert "*Rated 👍 up: no deputy*" in http.get("/v1/conversations/alice-1/markdown", auth=alice).text

        def error(r, status):
            assert r.status_code == status, r.text
            return r.json()["error"]

        # bad values: 400 naming the field
        assert error(http.post(path, auth=alice, json={"turn": 1, "verdict": "meh"}), 400)["param"] == "verdict"
        assert error(http.post(path, auth=alice, json={"turn": 0, "verdict": "up"}), 400)["param"] == "turn"
        assert error(http.post(path, auth=alice, json={"verdict": "up"}), 400)["param"] == "turn"
        assert error(http.post(path, auth=alice, json={"turn": 1, "verdict": "up", "note": "x" * 2001}),
                     400)["param"] == "note"
        # unknown turn or conversation: 404; another user's chat: 404 (bob) or 403 (naming alice)
        e = error(http.post(path, auth=alice, json={"turn": 2, "verdict": "up"}), 404)
        assert e["param"] == "turn" and "no turn 2" in e["message"]
        assert error(http.post("/v1/conversations/nope/feedback", auth=alice, json={"turn": 1, "verdict": "up"}),
                     404)["param"] == "conversation_id"
        error(http.post(path, auth=bob, json={"turn": 1, "verdict": "down"}), 404)
        error(http.post(path, auth=bob, params={"user": "alice"}, json={"turn": 1, "verdict": "down"}), 403)
        error(http.post(path, json={"turn": 1, "verdict": "down"}), 401)
        # the API key acts for any user
        r = http.post(path, headers={"Authorization": f"Bearer {KEY}"}, params={"user": "alice"},
                      json={"turn": 1, "verdict": "down"})
        assert r.status_code == 200 and r.json()["owner"] == "alice"
    [review] = a.reviews()
    assert (review.feedback.owner, review.feedback.verdict, review.feedback.note) == ("alice", "down", "no deputy")


def test_rag_eval_feedback_prints_the_review_list(tmp_path, capsys):
    from rag.cli.main import main

    store = ConversationStore(tmp_path / "data" / "conversations.sqlite3")
    store.add_turn("a1", "alice", _turn(JIHAD))
    store.add_turn("a1", "alice", _turn(CHIEF, "The documents don't contain an answer."))
    store.rate("a1", "alice", 1, "up")
    store.rate("a1", "alice", 2, "down", "Faraj is named")
    store.add_turn("b1", "bob", _turn(JIHAD))
    store.rate("b1", "bob", 1, "down")
    store.close()

    assert main(["eval", "--feedback", "--json", "--data-dir", str(tmp_path / "data")]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["conversation_id"], r["turn"]) for r in rows] == [("b1", 1), ("a1", 2)]  # newest first, downs only
    assert rows[1]["question"] == CHIEF and rows[1]["note"] == "Faraj is named" and rows[1]["title"] == JIHAD
    assert rows[1]["citations"][0]["text"].startswith("Majed Faraj") and rows[1]["time"] > 0

    assert main(["eval", "--feedback", "--user", "alice", "--data-dir", str(tmp_path / "data")]) == 0
    text = capsys.readouterr().out
    assert f"conversation a1 ({JIHAD}), turn 2" in text and "note:     Faraj is named" in text
    assert "[1] Cairo talks — /srv/news/talks.md" in text and "1 down-voted answer(s)" in text and "b1" not in text

    assert main(["eval", "--data-dir", str(tmp_path / "data")]) == 2
    assert "pass --feedback" in capsys.readouterr().err
