"""Searching kept conversations (ConversationStore.search, Assistant.search_conversations): titles and turn text,
per owner, newest first, with the matching text; LIKE's wildcards are searched as text."""

from __future__ import annotations

from rag.conversation.session import Turn
from rag.conversation.kept import ConversationStore
from rag.types import Answer
from tests.conftest import DEMO_CORPUS


def _turn(q: str, a: str) -> Turn:
    return Turn(q, q, Answer(answer=a))


def test_search_finds_titles_questions_and_answers_of_the_owner_only(tmp_path):
    store = ConversationStore(tmp_path / "c.sqlite3")
    store.add_turn("hamas", "alice", _turn("Who led the Hamas delegation?", "Khalil al-Hayya [1]"))
    store.add_turn("hamas", "alice", _turn("Who is his deputy?", "The rate rose 50%_ in a year [1]"))
    store.add_turn("weather", "alice", _turn("Weather in Cairo?", "Sunny [1]"))
    store.add_turn("bobs", "bob", _turn("Who led the Hamas delegation?", "Khalil al-Hayya [1]"))
    store.rename("weather", "alice", "Forecast notes")

    [hit] = store.search("alice", "AL-HAYYA")  # an answer's text, case-insensitive
    assert hit.info.id == "hamas" and hit.info.turns == 2 and "Khalil al-Hayya" in hit.snippet
    assert [h.info.id for h in store.search("alice", "deputy")] == ["hamas"]  # a later turn's question
    [titled] = store.search("alice", "forecast")  # the title only: no turn text to quote
    assert titled.info.id == "weather" and titled.snippet == ""
    assert [h.info.id for h in store.search("alice", "50%_")] == ["hamas"]
    assert [h.info.id for h in store.search("alice", "%")] == ["hamas"]  # a wildcard is searched as text
    assert [h.info.id for h in store.search("alice", "_")] == ["hamas"]
    assert store.search("alice", "nowhere") == [] and store.search("alice", "  ") == []
    assert [h.info.id for h in store.search("bob", "delegation")] == ["bobs"]  # bob's own only
    store.add_turn("weather", "alice", _turn("And tomorrow in Cairo?", "Rain [1]"))
    assert [h.info.id for h in store.search("alice", "cairo")] == ["weather"]
    assert [h.info.id for h in store.search("alice", "?")] == ["weather", "hamas"]  # newest first


def test_assistant_searches_its_kept_chats(make_assistant):
    a = make_assistant()
    a.ingest([DEMO_CORPUS])
    conv = a.chat(owner="alice")
    conv.ask("Who is the secretary-general of Islamic Jihad?")
    [hit] = a.search_conversations("nakhaleh", owner="alice")
    assert hit.info.id == conv.id and "Nakhaleh" in hit.snippet
    assert a.search_conversations("nakhaleh") == []  # another owner ("")
