"""The chat's panels as HTML (no browser): the past-chats list, the day pickers' parsing and the "as of" note,
the "what can I ask" panel built from the documents present."""

from __future__ import annotations

import time
from datetime import date, datetime

import pytest

from rag.conversation.kept import ConversationHit, ConversationInfo
from tests.conftest import DEMO_CORPUS
from ui import dates, starter
from ui import past_chats_html

TODAY = date(2026, 12, 7)


def _info(conv_id: str, title: str, day: date, turns: int = 1) -> ConversationInfo:
    stamp = datetime(day.year, day.month, day.day, 14, 5).timestamp()
    return ConversationInfo(conv_id, title, "", stamp, stamp, turns)


def test_past_chats_list_groups_by_day_marks_the_open_one_and_escapes_titles():
    chats = [_info("a1", "Who led the <b>Hamas</b> delegation?", TODAY, 3),
             _info('x" onclick="alert(1)', "Older <img src=x onerror=alert(1)>", date(2026, 12, 6)),
             _info("c3", "Last week", date(2026, 12, 2)), _info("d4", "Long ago", date(2026, 9, 1))]
    html = past_chats_html.list_html(chats, "a1", total=10, today=TODAY)
    groups = ["Today", "Yesterday", "Previous 7 days", "September 2026"]
    assert [html.index(f'rag-chat-group">{g}<') for g in groups] == sorted(html.index(f'rag-chat-group">{g}<')
                                                                          for g in groups)
    assert "&lt;b&gt;Hamas&lt;/b&gt;" in html and "<b>" not in html and "<img" not in html
    assert 'data-conv="x&quot; onclick=&quot;alert(1)"' in html  # an id from an API client stays an attribute
    assert html.count("rag-chat-active") == 1 and 'data-conv="a1"' in html.split("rag-chat-active")[1][:20]
    assert "14:05 · 3 questions" in html and "1 Sep" in html
    assert "The 4 most recent of 10; search to find older ones." in html


def test_search_hits_show_their_snippet_and_an_empty_search_says_so():
    hit = ConversationHit(_info("a1", "Hamas", TODAY), "…Ziad <Nakhaleh>…")
    html = past_chats_html.list_html([hit], None, query="nakhaleh", today=TODAY)
    assert 'rag-chat-snippet">…Ziad &lt;Nakhaleh&gt;…<' in html
    assert "No past chat contains “x&lt;y”." in past_chats_html.list_html([], None, query="x<y")
    assert "No past chats yet" in past_chats_html.list_html([], None)


def test_export_file_name_comes_from_the_title():
    info = _info("0123abcd", "Who led the Hamas delegation? / ../etc", TODAY)
    assert past_chats_html.export_name(info) == "who-led-the-hamas-delegation-etc-0123abcd.md"


def test_day_parsing_and_the_as_of_note():
    assert dates.parse_day("2025-10-23", "As of") == "2025-10-23" and dates.parse_day(" ", "As of") is None
    assert dates.parse_day("2025-10-23 00:00:00", "From") == "2025-10-23"
    with pytest.raises(ValueError, match="From must be a date like 2025-10-23, not 'October'"):
        dates.parse_day("October", "From")
    note = dates.as_of_html("2025-10-23", today=TODAY)
    assert "Thursday 23 October 2025" in note and "later articles are not used" in note
    assert dates.as_of_html("", today=TODAY) == "" and dates.as_of_html(TODAY.isoformat(), today=TODAY) == ""
    assert "rag-error" in dates.as_of_html("soon", today=TODAY)


def test_names_in_headlines():
    titles = ["Hamas and Palestinian Authority hold first joint talks in Cairo",
              "Islamic Jihad delegation meets Egyptian intelligence chief",
              "Egypt prepares Gaza reconstruction conference as Hamas waits",
              "The Mayor Of Springfield Opens A New Library Today"]  # Title Case: its capitals say nothing
    found = starter.names(titles)
    assert found[0] == "Hamas" and {"Palestinian Authority", "Islamic Jihad", "Cairo", "Gaza"} <= set(found)
    assert not {"The", "Mayor", "Springfield", "Library"} & set(found)
    assert starter.questions(titles)[0] == "What is the latest on Hamas?"
    assert starter.questions(["all lower case headline"]) == ["What happened: all lower case headline?"]


def test_what_can_i_ask_is_built_from_the_store(make_assistant, tmp_path):
    a = make_assistant()
    html, examples = starter.build(a)
    assert "No documents yet" in html and "Documents" in html and examples == []
    a.ingest([DEMO_CORPUS])
    bad = tmp_path / "x.md"
    bad.write_text("---\ntitle: Zorvan <img src=x onerror=alert(1)> [link](javascript:alert(2)) wins\n"
                   "date: 2025-10-25\n---\nZorvan Quell won the regional chess final in Brenne.\n")
    a.ingest([bad])
    html, examples = starter.build(a)
    assert "4 documents" in html and "Egypt prepares Gaza reconstruction conference" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and "<img" not in html  # newest first, escaped
    assert examples and all(e["text"].startswith("What is the latest on ") for e in examples)
    assert examples[0]["text"] == "What is the latest on Zorvan?"  # names once each: the newest headline's first
    answer = a.ask(examples[0]["text"])
    assert not answer.refused and answer.citations  # an example is a question the store answers
