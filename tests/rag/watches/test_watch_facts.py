"""A watched question's answer changes when its facts change (names, numbers, dates, the cited document), not its
wording (rag/watches/facts.py): a real WatchStore in SQLite, answers as the local model words them."""

from __future__ import annotations

import sqlite3
from datetime import date

from rag.types import Answer, Citation
from rag.watches.store import WatchStore

Q = "Who leads the Hamas delegation in Cairo?"


def _answer(text: str, doc: str = "cairo-talks", refused: bool = False) -> Answer:
    cite = Citation(number=1, chunk_id=f"{doc}:0", doc_id=doc, source=f"{doc}.md", title=doc, text=text, score=0.8,
                    start=0, end=len(text))
    return Answer(answer=text, citations=[] if refused else [cite], refused=refused, question=Q, answerer="local")


def _kept(tmp_path, first: str) -> tuple[WatchStore, str]:
    store = WatchStore(tmp_path / "watches.sqlite3")
    w = store.add("", Q, _answer(first), [["c1", "h1"]], date(2025, 10, 20), limit=10)
    return store, w.id


def test_a_reworded_answer_with_the_same_facts_is_no_change(tmp_path):
    store, wid = _kept(tmp_path, "Khalil al-Hayya leads the Hamas delegation in Cairo [1].")
    for reworded in ("The delegation is led by Khalil al-Hayya [2].",
                     "Khalil al-Hayya [1]",
                     "According to the report, Khalil al-Hayya heads it [1]."):
        assert not store.record(wid, [["c2", "h2"]], _answer(reworded), date(2025, 10, 21)), reworded
    assert len(store.get(wid, "").answers) == 1


def test_a_new_name_number_date_or_document_is_a_change(tmp_path):
    store, wid = _kept(tmp_path, "Khalil al-Hayya leads the delegation of 12 members [1].")
    changes = [_answer("Mousa Abu Marzouk leads the delegation of 12 members [1]."),  # a name
               _answer("Mousa Abu Marzouk leads the delegation of 15 members [1]."),  # a number
               _answer("Mousa Abu Marzouk leads the delegation of fifteen members since October 27 [1]."),  # a date
               _answer("Mousa Abu Marzouk heads a fifteen-member team since October 27 [1].", doc="later-report"),
               _answer("The documents don't say who leads it.", refused=True)]
    for n, ans in enumerate(changes, start=2):
        assert store.record(wid, [["c", str(n)]], ans, date(2025, 10, 20 + n)), ans.answer
    assert len(store.get(wid, "").answers) == 1 + len(changes)


def test_a_watch_kept_with_a_wording_signature_compares_by_facts(tmp_path):
    """Watches kept before facts signatures stored the words; their first re-check must not report a rewording."""
    store, wid = _kept(tmp_path, "Khalil al-Hayya leads the Hamas delegation in Cairo [1].")
    db = sqlite3.connect(store.path)
    db.execute("UPDATE watches SET signature = ? WHERE id = ?",
               ('["khalil al hayya leads the hamas delegation in cairo", false, ["cairo-talks"]]', wid))
    db.commit()
    db.close()
    assert not store.record(wid, [["c2", "h2"]], _answer("The delegation is led by Khalil al-Hayya [2]."),
                            date(2025, 10, 21))
