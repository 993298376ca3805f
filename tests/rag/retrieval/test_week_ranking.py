"""Ranking inside one week, end to end (real Chroma, real MiniLM): a preview written before the event ("a possible
fine", "seen as the frontrunners") and the report of it share the question's words; the report comes first. Of two
reports of one story in a week, the later, definite one comes first (rag/retrieval/evidence.py)."""

from __future__ import annotations


import pytest

from tests.rag.retrieval.wire import ids, wire_assistant

ARTICLES = [
    ("2026-02-08", "fine-preview", "Vossberg Pharma braces for penalty",
     "Vossberg Pharma has set aside $38 million to cover a possible fine from the Velish Data Protection Office, "
     "which has been looking into claims that it was mishandling customer data. Further details are expected in "
     "the coming days."),
    ("2026-02-11", "fine-report", "Regulator hits Vossberg Pharma with fine",
     "A penalty of 365 million euros was imposed on Vossberg Pharma on Wednesday, the Velish Data Protection "
     "Office said, over mishandling customer data. The company said it would study the decision and had not ruled "
     "out an appeal."),
    ("2026-02-13", "toll-first", "Death toll rises in Ludmere",
     "Rescuers in Ludmere recovered bodies through the night after the factory fire on Friday; at least 10 people "
     "are confirmed dead. The regional governor declared three days of mourning and promised an inquiry."),
    ("2026-02-15", "toll-update", "Factory fire in Ludmere: rescuers search on",
     "At least 14 people are now known to have died after the factory fire in Ludmere, according to the latest "
     "official figures. Rescuers said the search of the site would go on for several days."),
    ("2026-02-10", "harvest", "Olive harvest begins early",
     "Farmers in the hills began the olive harvest early this year after a dry summer, growers said."),
    ("2026-02-12", "ferry", "New ferry route opens",
     "A new ferry route between Corvale and Oskarsby opened on Thursday, cutting the crossing to two hours."),
]


@pytest.fixture(scope="module")
def week(tmp_path_factory, embedder):
    return wire_assistant(tmp_path_factory.mktemp("week"), embedder, ARTICLES)


def test_the_report_comes_before_its_preview(week):
    ps = week.search("How much was Vossberg Pharma fined by the Velish Data Protection Office this week?",
                     today="2026-02-13")
    assert ids(ps)[:2] == ["fine-report", "fine-preview"]


def test_the_later_report_of_a_story_comes_first(week):
    ps = week.search("How many people were confirmed dead after the factory fire in Ludmere?", today="2026-02-16")
    assert ids(ps)[:2] == ["toll-update", "toll-first"]
    # Asked before the update was written, the first report is all there is.
    assert ids(week.search("How many people were confirmed dead after the factory fire in Ludmere?",
                           today="2026-02-14"))[0] == "toll-first"
