"""Re-checking a watched question with the real local model: passages that change without changing what the model
reads (its excerpts) cost no generation; changed excerpts that hold no new name or number (a second report of the
same facts) cost none either, and the model asked anyway gives the same facts; a changed excerpt with a new name
asks the model again (its call counter)."""

from __future__ import annotations

import json

import pytest

from rag.watches.facts import signature
from tests.conftest import DEMO_CORPUS
from tests.rag.llm_support import require_model
from tests.rag.watches.test_watches import HAMAS, NEW_LEADER, by_question, write_article

pytestmark = pytest.mark.slow

AID = """---
title: Aid trucks queue at Rafah as Cairo talks go on
date: 2025-10-26
author: Demo Desk
---
# Aid trucks queue at Rafah as Cairo talks go on

Hundreds of aid trucks waited at the Rafah crossing on Sunday while the Hamas talks in Cairo went on. Drivers said
the checks on the Egyptian side took most of the day, and the Red Crescent asked for more fuel deliveries.
"""
AGAIN = """---
title: Khalil al-Hayya leads the Hamas team
date: 2025-10-26
author: Demo Desk
---
# Khalil al-Hayya leads the Hamas team

The Hamas delegation was again led by Khalil al-Hayya, a spokesman for the group said.
"""


def test_the_model_is_asked_again_only_when_its_excerpts_bring_new_facts(tmp_path, embedder):
    require_model()
    from rag import Assistant

    a = Assistant(data_dir=tmp_path / "data", embedder=embedder, answerer="local", watches_facts_gate=True)
    a.ingest([DEMO_CORPUS])
    a.watch(HAMAS)
    llm = a.answerer.llm
    calls = llm.calls

    a.ingest([write_article(tmp_path / "news", "aid.md", AID)])  # in the top 5, but its sentences are not the best 3
    check = a.wait_for_watches(300)
    assert (check.checked, check.reread, check.reasked) == (1, 1, 0)
    assert llm.calls == calls and len(by_question(a)[HAMAS].answers) == 1

    a.ingest([write_article(tmp_path / "news", "again.md", AGAIN)])  # its sentence is read: no new name or number
    check = a.wait_for_watches(300)
    assert (check.reread, check.same_facts, check.reasked) == (0, 1, 0), check
    assert llm.calls == calls and len(by_question(a)[HAMAS].answers) == 1
    kept = json.loads(signature(by_question(a)[HAMAS].latest.answer))
    asked = json.loads(signature(a.ask(HAMAS)))  # what re-asking would have given: the same facts
    assert (asked["names"], asked["numbers"]) == (kept["names"], kept["numbers"])
    calls = llm.calls

    a.ingest([write_article(tmp_path / "news", "new-leader.md", NEW_LEADER)])
    check = a.wait_for_watches(300)
    assert (check.reread, check.same_facts, check.reasked) == (0, 0, 1) and llm.calls == calls + 1
    assert len(by_question(a)[HAMAS].answers) == 2
