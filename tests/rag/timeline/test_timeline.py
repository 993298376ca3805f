"""Timelines (rag/timeline*.py) and "what's new since" in conversations, over the timeline set's Dunmere and
Halvik stories (bench/timeline_set) in a real Chroma store with the real embedder, the demo articles as other news."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest

from rag.timeline.types import news_since_question, timeline_question
from rag.timeline.gather import slices
from rag.timeline.lines import disagreement, lead_span
from tests.conftest import DEMO_CORPUS, ROOT

SET = ROOT / "bench" / "timeline_set" / "data"
TODAY = "2025-11-20"
STRIKE = "the Dunmere rail strike"
GOLD = {g["story"]: g for g in map(json.loads, (SET / "gold.jsonl").open(encoding="utf-8"))}


@pytest.fixture(scope="module")
def a(tmp_path_factory, embedder):
    from rag import Assistant

    docs = sorted((SET / "docs").glob("dunmere-strike-*.md")) + sorted((SET / "docs").glob("halvik-floods-*.md"))
    assistant = Assistant(data_dir=tmp_path_factory.mktemp("timeline") / "data", embedder=embedder,
                          answerer="extractive")
    report = assistant.ingest([*docs, DEMO_CORPUS])
    assert not report.failed
    return assistant


def _sentence(line) -> str:
    return re.sub(r"\s*\[\d+\]", "", line.text.split("; another report")[0]).strip()


def test_every_development_in_order_each_line_inside_its_cited_passage(a):
    tl = a.timeline(STRIKE, today=TODAY)
    days = [line.day for line in tl.lines]
    assert days == sorted(days)
    for dev in GOLD["dunmere-strike"]["developments"]:
        assert any(line.day >= dev["day"] and dev["value"].lower() in line.text.lower() for line in tl.lines), dev
    for line in tl.lines:
        assert line.citations and _sentence(line) in line.citations[0].text
        c = line.citations[0]
        assert c.text[c.highlight_start:c.highlight_end].startswith(_sentence(line))
        assert {int(n) for n in re.findall(r"\[(\d+)\]", line.text)} <= {c.number for c in line.citations}
    # no story of the demo corpus (Cairo talks) leaks in
    assert not any("Hamas" in line.text or "Cairo" in line.text for line in tl.lines)


def test_disagreeing_sources_are_named_and_both_cited(a):
    lines = a.timeline(STRIKE, today=TODAY).lines
    vote = next(line for line in lines if "71 percent" in line.text)
    assert vote.disagreement and "another report gives 64 percent" in vote.text
    assert len({c.doc_id for c in vote.citations}) == 2
    agreed = next(line for line in lines if "Kerstin Vale" in line.text)  # two outlets, one name: one line
    assert not agreed.disagreement and len(agreed.citations) == 2
    assert sum("Kerstin Vale" in line.text for line in lines) == 1


def test_wire_copies_are_one_line_listing_their_sources(a):
    lines = a.timeline(STRIKE, today=TODAY).lines
    copied = [line for line in lines if any(c.also for c in line.citations)]
    assert copied
    for line in copied:
        assert len(line.sources) >= 2
    assert len({_sentence(line) for line in lines}) == len(lines)


def test_a_period_limits_the_lines_and_a_date_in_the_topic_sets_it(a):
    tl = a.timeline(STRIKE, today=TODAY, since="2025-09-20", until="2025-10-10")
    assert tl.lines and all("2025-09-20" <= line.day <= "2025-10-10" for line in tl.lines)
    october = a.timeline(f"{STRIKE} in October", today=TODAY)
    assert october.since == "2025-10-01" and october.topic == STRIKE
    assert october.lines and all(line.day.startswith("2025-10") for line in october.lines)
    early = a.timeline(STRIKE, today="2025-09-17")  # as of a day: later reports are not used
    assert early.lines and all(line.day <= "2025-09-17" for line in early.lines)


def test_nothing_found_says_why(a):
    tl = a.timeline("the Ostrava chess olympiad", today="2025-08-01")
    assert not tl.lines and "No dated reports" in tl.note
    assert a.timeline("???", today=TODAY).note
    assert "after" in a.timeline(STRIKE, today=TODAY, since="2025-10-10", until="2025-10-01").note


def test_ask_answers_a_timeline_question_with_the_timeline(a):
    ans = a.ask("How has the Dunmere rail strike unfolded?", today=TODAY)
    assert ans.answerer == "timeline" and ans.timeline is not None and not ans.refused
    assert ans.answer.splitlines()[0].startswith("- 2025-09-08: ")
    assert ans.to_dict()["timeline"]["lines"]
    plain = a.ask("Who is the drivers' lead negotiator in the Dunmere dispute?", today=TODAY)
    assert plain.timeline is None and plain.answerer == "extractive"


def test_whats_new_returns_only_developments_after_the_previous_answer(a):
    conv = a.chat(keep=False)
    first = conv.ask("How has the Dunmere rail strike unfolded?", today="2025-09-29")
    assert first.timeline.lines and max(line.day for line in first.timeline.lines) <= "2025-09-29"
    new = conv.ask("What's new?", today=TODAY)
    assert new.timeline is not None and new.timeline.lines
    assert all(line.day > "2025-09-29" for line in new.timeline.lines)
    later = [d for d in GOLD["dunmere-strike"]["developments"] if d["day"] > "2025-09-29"]
    assert all(any(d["value"].lower() in line.text.lower() for line in new.timeline.lines) for d in later)
    again = conv.ask("Anything since then?", today=TODAY)
    assert not again.refused and again.timeline.lines == []
    assert again.answer.startswith("Nothing new has arrived about the Dunmere rail strike since 2025-11-20")


def test_whats_new_after_a_plain_question_in_a_resumed_kept_conversation(a):
    conv = a.chat()
    conv.ask("How many homes did the levee breach flood in Halvik?", today="2025-09-20")
    resumed = a.chat(conv.id)  # read back from SQLite: the turn's day and question drive it
    new = resumed.ask("Any updates since 1 October?", today=TODAY)
    assert new.timeline is not None and new.timeline.lines
    assert all(line.day >= "2025-10-01" for line in new.timeline.lines)
    assert any("schools" in line.text for line in new.timeline.lines)


@pytest.mark.parametrize("q, topic, since", [
    ("How has the Cairo reconciliation effort unfolded?", "the Cairo reconciliation effort", None),
    ("What happened with the Dunmere strike in October?", "the Dunmere strike", date(2025, 10, 1)),
    ("Timeline of the Halvik floods", "the Halvik floods", None),
    ("Give me a timeline of the Pellingham takeover", "the Pellingham takeover", None),
    ("What were the key developments in the port dispute?", "the port dispute", None),
])
def test_timeline_questions_are_recognised(q, topic, since):
    ask = timeline_question(q, date(2025, 11, 20))
    assert ask is not None and ask.topic == topic and ask.since == since


@pytest.mark.parametrize("q", ["Who leads the talks?", "What happened in Gaza on Tuesday?",
                               "How many people died in the floods?"])
def test_other_questions_are_not_timelines(q):
    assert timeline_question(q, date(2025, 11, 20)) is None


def test_whats_new_questions():
    today = date(2025, 11, 20)
    assert news_since_question("What's new?", today) == (True, None)
    assert news_since_question("Anything since then?", today) == (True, None)
    assert news_since_question("Any updates since 10 October?", today) == (True, date(2025, 10, 10))
    assert news_since_question("What is new in the union's offer to the drivers this time round?", today)[0] is False
    assert news_since_question("Who is new on the board?", today)[0] is False
    assert news_since_question("What has the union demanded since the strike began?", today)[0] is False
    assert news_since_question("Is there any news?", today) == (True, None)
    assert news_since_question("What has changed since Monday?", today) == (True, date(2025, 11, 17))


def test_disagreement_names_the_other_value():
    assert disagreement("Officials confirmed on Wednesday that 4 people had died.",
                        "The flood has claimed 6 lives, the health office said.") == "gives 6 lives"
    assert disagreement("Hydrologist Tomas Ekwall was appointed to lead the inquiry.",
                        "Retired judge Marit Olsen will lead the inquiry.") == "names Marit Olsen"
    assert disagreement("About 1,200 people left their homes.", "Nearly 1,200 people have now left.") is None


def test_lead_skips_a_dateline_and_slices_cover_the_period():
    text = "(Meridian Wire) — Drivers began a strike on Monday. More followed."
    s, e = lead_span(text)
    assert text[s:e] == "Drivers began a strike on Monday."
    parts = slices(date(2025, 9, 1), date(2025, 9, 30), 8)
    assert parts[0][0] == date(2025, 9, 1) and parts[-1][1] == date(2025, 9, 30)
    assert all((b - a).days >= 0 for a, b in parts) and len(parts) == 8
    assert slices(date(2025, 9, 1), date(2025, 9, 2), 8) == [(date(2025, 9, 1),) * 2, (date(2025, 9, 2),) * 2]


def test_a_markdown_heading_is_not_a_reports_lead():
    # The example article's chunk opens with "# <title>": its timeline line was the title, not the first sentence.
    text = "# Rival factions meet in Cairo\n\nDelegations of both factions met in Cairo on Thursday for talks."
    s, e = lead_span(text)
    assert text[s:e].startswith("Delegations of both factions")


def test_a_what_happened_question_without_dated_reports_is_answered_as_a_question(tmp_path, embedder):
    """An undated store has no timeline: "What happened to X?" is then a plain question (squad's shape was refused
    with "No dated reports …")."""
    from rag import Assistant

    doc = tmp_path / "pumps.md"
    doc.write_text("# Rookhaven pumping station\n\nThe Rookhaven pumping station was built in 1911 beside the Avel. "
                   "During the storm of 1953 the pumps in the station were flooded and later replaced by diesel "
                   "engines. The station is now a museum.\n")
    a = Assistant(data_dir=tmp_path / "data", embedder=embedder, answerer="extractive")
    assert not a.ingest([doc]).failed
    ans = a.ask("What happened to the pumps in the station?")
    assert not ans.refused and "flooded" in ans.answer, ans.answer
