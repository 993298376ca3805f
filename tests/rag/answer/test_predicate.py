"""The event a question asks about must be what the cited passage says happened (rag/answer/predicate.py): asked
before the event, with only previews and a roundup about other firms in the store, the question is refused; once
the report is in, it is answered. Real Chroma, real MiniLM, extractive answers."""

from __future__ import annotations

import json

import pytest

from rag.types import Citation

# A week before the events: previews (speculation), a poll, and a roundup whose sentences are about other firms.
BEFORE = [
    ("2026-03-02", "prize-p", "Shortlist for the Orrin Prize for poetry announced",
     "The shortlist for the Orrin Prize for poetry was announced, with Bartholomew Moreau-Tan, Hanna Esterhazy "
     "and Ilse Varga among the six finalists. The winner will be named at a ceremony later this month."),
    ("2026-03-02", "jobs-p", "Unions fear cuts at Harrowgate Insurance",
     "Unions at Harrowgate Insurance warned that as many as 1,850 jobs could go at its site in Port Avelin, ahead "
     "of a board meeting next week. The company said no decision had been taken."),
    ("2026-03-03", "poll", "Ardleigh mayoral race tightens",
     "Callum Reddy leads the polls in the Ardleigh mayoral election, two points ahead of Mira Osei, with a week "
     "of campaigning left."),
    ("2026-03-04", "brief", "The week in brief",
     "Zelland Batteries was fined 586 million euros by the Velish Data Protection Office. Pemberton Logistics said "
     "it would cut more than 2,100 jobs, mostly in Rookhaven."),
]
AFTER = [
    ("2026-03-09", "prize-a", "Moreau-Tan wins the Orrin Prize for poetry",
     "Bartholomew Moreau-Tan won the Orrin Prize for poetry on Monday for his collection A Map of Quiet Rooms."),
    ("2026-03-09", "jobs-a", "Harrowgate Insurance to cut 900 jobs",
     "Harrowgate Insurance said on Monday that it would cut 900 jobs in Port Avelin over two years."),
    ("2026-03-10", "vote-a", "Osei wins in Ardleigh",
     "Mira Osei won the Ardleigh mayoral election with 51 percent of the vote, the count showed on Tuesday."),
]
QUESTIONS = {
    "Who won the Orrin Prize for poetry this week?": "Moreau-Tan",
    "How many jobs did Harrowgate Insurance say it would cut this week?": "900",
    "Who won the Ardleigh mayoral election?": "Osei",
    "How much was Wexcombe Tools fined by the Velish Data Protection Office this week?": None,
}


def _write(root, name, articles):
    lines = [json.dumps({"id": i, "title": t, "date": d, "text": x}) for d, i, t, x in articles]
    path = root / name
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.fixture(scope="module")
def news(tmp_path_factory, embedder):
    from rag import Assistant

    root = tmp_path_factory.mktemp("predicate")
    a = Assistant(data_dir=root / "data", embedder=embedder, answerer="extractive")
    assert not a.ingest([_write(root, "before.jsonl", BEFORE)]).failed
    return a, root


def test_asked_before_the_event_the_question_is_refused(news):
    a, _ = news
    for question in QUESTIONS:
        ans = a.ask(question, today="2026-03-05")
        assert ans.refused, (question, ans.answer)
        assert ans.answer.startswith("The documents don't") and not ans.citations, ans.answer


def test_once_the_report_is_in_it_is_the_answer(news):
    a, root = news
    assert not a.ingest([_write(root, "after.jsonl", AFTER)]).failed
    for question, gold in QUESTIONS.items():
        ans = a.ask(question, today="2026-03-12")
        if gold is None:
            assert ans.refused, (question, ans.answer)  # the roundup is still about Zelland Batteries
        else:
            assert not ans.refused and gold in ans.answer, (question, ans.answer)


def _cite(text: str, title: str = "Report") -> Citation:
    return Citation(1, "c1", "d1", "/d1.md", title, text, 1.0, 0, len(text), highlight_start=0,
                    highlight_end=len(text))


@pytest.mark.parametrize("question, text, expected", [
    ("Who won the Orrin Prize?", "Critics tip Ilse Varga to win the Orrin Prize.", "speculation"),
    ("Who won the Ardleigh mayoral election?", "Callum Reddy leads the polls in Ardleigh.", "another event"),
    ("Who won the Orrin Prize?", "The Orrin Prize winner will be named later this month.", "speculation"),
    ("How many jobs did Ardley say it would cut?", "More than 900 workers will lose their jobs at Ardley.", None),
    ("How much was Wexcombe Tools fined?", "Zelland Batteries was fined 586 million euros.", "another subject"),
    ("Who won the Orrin Prize?", "The Orrin Prize went to Ilse Varga.", None),
    ("Who was named chair of Bellcastle Games?", "Bellcastle Games appointed Juno Wojcik as chair.", None),
    ("How much did Tidewell raise?", "Tidewell raised $3.1 billion in a round led by Bellcastle Games.", None),
    ("Who is expected to win the Orrin Prize?", "Critics tip Ilse Varga to win the Orrin Prize.", None),  # asked
    ("What is the pump used for?", "The pump may be used for irrigation.", None),  # no event asked: left alone
    # Squad/hotpot shapes refused before: an award said with "named", a title holding an event word, "named after".
    ("Who won the MVP of the Harbour Cup?", "Striker Juno Wojcik was named Harbour Cup MVP after two goals.", None),
    ('When was the singer born whose second album is "Clean Cut"?', "Ilse Varga was born on 3 May 1961.", None),
    ("Which river is the town of Port Avelin named after?", "Port Avelin takes its name from the Avel.", None),
    ("Why was Juno Wojcik chosen as captain?", "She may have been the steadiest player in the squad.", None),
    ("What are wardens given if they are appointed as judges?", "Wardens may be given a seat on the bench.", None),
    ("Which firm was chosen to build the Rookhaven bridge?", "The Rookhaven bridge contract was awarded to "
     "Pemberton Logistics.", None),
])
def test_problem(question, text, expected):
    from rag.answer.predicate import problem

    assert problem(question, _cite(text)) == expected


def test_a_pronouns_subject_is_found_in_the_sentence_before_or_the_title():
    from rag.answer.predicate import problem

    text = "Harrowgate Insurance held its board meeting on Monday. It said it would cut 900 jobs."
    c = _cite(text)
    c.highlight_start = text.index("It said")
    assert problem("How many jobs did Harrowgate Insurance say it would cut?", c) is None
    c = _cite("The insurer said it would cut 900 jobs.", title="Harrowgate Insurance to cut 900 jobs")
    assert problem("How many jobs did Harrowgate Insurance say it would cut?", c) is None


def test_a_pronoun_subject_named_sentences_before_is_found():
    """Hotpot's shape: the names sit in the passage's first sentence, the answer two sentences later opens with
    "He"."""
    from rag.answer.predicate import problem

    text = ("Ossian Brandt is a former goalkeeper who played in the Velish Football League for ten seasons. "
            "He was born in Rookhaven. He was a three-time Harbour Cup selection.")
    c = _cite(text, title="Ossian Brandt")
    c.highlight_start = text.index("He was a")
    assert problem("How many times was Ossian Brandt selected for the Harbour Cup of the Velish Football League?",
                   c) is None
    # A sentence naming its own subject stays judged on itself: another firm's fine is still another subject.
    text = "Wexcombe Tools opened a plant in Rookhaven. Zelland Batteries was fined 586 million euros."
    c = _cite(text)
    c.highlight_start = text.index("Zelland")
    assert problem("How much was Pemberton Logistics fined?", c) == "another subject"


def test_the_refusal_names_what_is_missing():
    from rag.answer.predicate import asked_events, refusal_text

    assert asked_events("Who won the Orrin Prize this week?") == ["win"]
    assert refusal_text("Who won the Orrin Prize this week?", "speculation") == (
        "The documents don't say who won the Orrin Prize this week; the passages only speculate about it.")
    assert refusal_text("How much was Wexcombe Tools fined?", "another subject").startswith(
        "The documents don't answer “How much was Wexcombe Tools fined?”")


@pytest.mark.slow
def test_the_local_model_does_not_answer_from_a_shortlist(tmp_path, embedder):
    """Qwen2.5-1.5B answered "Bartholomew Moreau-Tan [1]" from the shortlist (quiz set, before this check)."""
    from tests.rag.llm_support import require_model

    from rag import Assistant

    require_model()
    a = Assistant(data_dir=tmp_path / "data", embedder=embedder, answerer="local")
    assert not a.ingest([_write(tmp_path, "before.jsonl", BEFORE[:1])]).failed
    ans = a.ask("Who won the Orrin Prize for poetry this week?", today="2026-03-05")
    assert ans.refused and "Moreau-Tan" not in ans.answer, ans.answer
