"""Kept conversations (rag/conversation/kept.py): saved per owner in SQLite, resumed with their follow-up context."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from rag.conversation.session import Turn, condense_by_entities
from rag.conversation.kept import ConversationNotFound, ConversationStore
from rag.conversation.transcript import to_markdown
from rag.types import Answer, Citation
from tests.conftest import DEMO_CORPUS, ROOT

JIHAD = "Who is the secretary-general of Islamic Jihad?"
DEPUTY = "Who is his deputy?"


def test_a_kept_chat_resumes_with_its_follow_up_context(make_assistant, tmp_path):
    a = make_assistant()
    a.ingest([DEMO_CORPUS])
    conv = a.chat()
    conv.ask(JIHAD, today="2025-10-25")  # as the UI and the CLI pass it
    [info] = a.conversations()
    assert (info.id, info.title, info.turns) == (conv.id, JIHAD, 1)

    b = make_assistant()  # another Assistant over the same data dir: nothing shared in memory
    resumed = b.chat(conv.id)
    assert [t.question for t in resumed.turns] == [JIHAD] and resumed.turns[0].asked_on == date(2025, 10, 25)
    assert resumed.turns[0].answer.citations[0].highlight == conv.turns[0].answer.citations[0].highlight
    answer = resumed.ask(DEPUTY)
    assert "al-Hindi" in answer.answer
    expected = condense_by_entities(DEPUTY, conv.turns)  # what the conversation would have carried over
    assert "Islamic Jihad" in expected and resumed.turns[-1].standalone == expected
    assert b.conversations()[0].turns == 2
    assert a.chat(keep=False).ask(JIHAD) and len(a.conversations()) == 1  # keep=False saves nothing


def test_each_owner_sees_only_their_own(tmp_path):
    store = ConversationStore(tmp_path / "c.sqlite3")
    turn = Turn("Q?", "Q?", Answer(answer="A [1]"))
    store.add_turn("c1", "alice", turn)
    store.add_turn("c2", "bob", turn)
    assert [c.id for c in store.list("alice")] == ["c1"] and [c.id for c in store.list("bob")] == ["c2"]
    with pytest.raises(ConversationNotFound):
        store.turns("c1", "bob")
    with pytest.raises(ConversationNotFound):
        store.add_turn("c1", "bob", turn)  # bob cannot append to alice's conversation
    assert not store.rename("c1", "bob", "mine now") and not store.delete("c1", "bob")
    assert store.rename("c1", "alice", "  Renamed   chat ") and store.info("c1", "alice").title == "Renamed chat"
    with pytest.raises(ValueError, match="empty"):
        store.rename("c1", "alice", "   ")
    assert store.delete("c1", "alice") and store.list("alice") == [] and store.info("c1") is None


def test_turns_committed_before_a_kill_survive(tmp_path):
    """A process killed while saving turns leaves a sound file holding every turn it reported as saved."""
    db = tmp_path / "c.sqlite3"
    code = (
        "import sys\n"
        "from rag.conversation.session import Turn\nfrom rag.conversation.kept import ConversationStore\nfrom rag.types import Answer\n"
        f"s = ConversationStore({str(db)!r})\n"
        "for i in range(100000):\n"
        "    s.add_turn('c', '', Turn(f'q{i}?', f'q{i}?', Answer(answer='a' * 2000)))\n"
        "    print(i + 1, flush=True)\n")
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    saved = 0
    while saved < 300:
        saved = int(proc.stdout.readline())
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    with sqlite3.connect(db) as check:
        assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    turns = ConversationStore(db).turns("c", "")
    assert len(turns) >= saved and [t.question for t in turns[:3]] == ["q0?", "q1?", "q2?"]


def test_markdown_export_keeps_sources_and_escapes_document_text(tmp_path):
    passage = "Evil <script>alert(1)</script> and [x](javascript:alert(1)) said Khalil al-Hayya led it."
    start = passage.index("Khalil")
    cite = Citation(1, "c", "d", "/docs/a.md", "Cairo *talks*", passage, 0.9, 0, len(passage), date="2025-10-24",
                    highlight_start=start, highlight_end=len(passage))
    store = ConversationStore(tmp_path / "c.sqlite3")
    store.add_turn("c1", "", Turn("Who led it?", "Who led it?", Answer(answer="Khalil al-Hayya led it [1].",
                                                                         citations=[cite]), asked_on=date(2025, 10, 26)))
    store.add_turn("c1", "", Turn("Capital of Peru?", "Capital of Peru?", Answer(answer="No answer.", refused=True)))
    md = to_markdown(store.info("c1", ""), store.turns("c1", ""))
    assert "## 1. Who led it?" in md and "Khalil al-Hayya led it [1]." in md
    assert "- [1] **Cairo \\*talks\\*** (a.md, 2025-10-24)" in md and "> Khalil al-Hayya led it." in md
    assert "*Asked as of 2025-10-26*" in md and "**Not answered:** No answer." in md
    assert "<script>" not in md and "](javascript" not in md


@pytest.mark.slow
def test_a_50_turn_chat_resumes_after_a_restart(make_assistant, tmp_path):
    """The issue's measure: 50 turns, then a new process resumes the chat and a follow-up still has its context."""
    a = make_assistant()
    a.ingest([DEMO_CORPUS])
    conv = a.chat()
    for q in ["Who led the Hamas delegation?", "Where will Egypt host the reconstruction conference?"]:
        conv.ask(q)
    for i in range(47):  # the same real answers again (answering 47 more times proves nothing more, slowly)
        a.history.add_turn(conv.id, "", conv.turns[i % 2])
    conv = a.chat(conv.id)
    conv.ask(JIHAD)  # turn 50: the subject the follow-up leans on
    assert a.conversations()[0].turns == 50
    code = ("import json, sys\nfrom rag import Assistant\n"
            f"a = Assistant(data_dir={str(a.settings.data_dir)!r}, answerer='extractive')\n"
            f"conv = a.chat({conv.id!r})\nans = conv.ask({DEPUTY!r})\n"
            "print(json.dumps({'turns': len(conv.turns), 'standalone': conv.turns[-1].standalone, "
            "'answer': ans.answer}))\n")
    started = time.monotonic()
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=300,
                         env={**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1"})
    assert out.returncode == 0, out.stderr[-2000:]
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["turns"] == 51
    expected = condense_by_entities(DEPUTY, conv.turns)  # the context before the restart
    assert "Islamic Jihad" in expected and result["standalone"] == expected
    assert "al-Hindi" in result["answer"], result
    print(f"resumed a 50-turn chat in a new process and answered its follow-up in {time.monotonic() - started:.1f}s")


def test_a_stopped_turn_is_kept_with_what_was_written_and_a_dropped_one_not_at_all(make_assistant):
    """The browser's Stop (ui/answering.py): the turn is kept once, with the text so far marked "(stopped)", and
    the final answer arriving after it is not kept too; a turn dropped (its chat deleted meanwhile) saves nothing,
    so it cannot bring the chat back."""
    a = make_assistant()
    a.ingest([DEMO_CORPUS])
    conv = a.chat()
    stream = conv.stream(JIHAD)
    events = stream.events()
    kind, piece = next(events)  # the extractive answer's text, before its final Answer
    assert kind == "text" and piece
    kept = stream.stop()
    assert kept.stopped and kept.answer == f"{piece.rstrip()} (stopped)" and not kept.citations
    assert [k for k, _ in events] == ["final"]  # the stream still ends; its final answer is not kept
    assert stream.stop() is kept and len(conv.turns) == 1
    [turn] = a.chat(conv.id).turns
    assert turn.question == JIHAD and turn.answer.stopped and turn.answer.answer.endswith("(stopped)")

    finished = conv.stream(DEPUTY)
    final = finished.answer()
    assert finished.stop() is final and not final.stopped  # the final answer came first: Stop keeps it
    assert a.conversations()[0].turns == 2

    dropped = a.chat()
    gone = dropped.stream(JIHAD)
    gone.drop()
    assert gone.answer().answer and dropped.turns == []
    assert [c.id for c in a.conversations()] == [conv.id]  # never saved
