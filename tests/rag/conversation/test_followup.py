"""Follow-ups that lean on the previous answer carry its names (fast, no model)."""

from __future__ import annotations

from rag.conversation.followup import answer_names, leans_on_previous, rewrite_follow_up


def test_the_two_are_named_from_the_previous_answer():
    q = rewrite_follow_up("What did the two agree on?", "Which official did al-Sheikh meet?",
                          "Al-Sheikh met Egypt's intelligence chief, Hassan Rashad [1].",
                          "official did al-Sheikh meet")
    assert q.startswith("What did the two agree on? (context: ")
    assert "Hassan Rashad" in q and "official did al-Sheikh meet" in q
    assert "Al-Sheikh;" not in q  # already named by the previous question: not carried twice


def test_a_stand_alone_question_is_left_alone():
    assert rewrite_follow_up("Where will Egypt host the reconstruction conference?", "Who is Rashad?", "Rashad [1].") == \
        "Where will Egypt host the reconstruction conference?"


def test_answer_names_are_phrases_without_leading_articles_or_markers():
    assert answer_names("The Palestinian Authority sent Hussein al-Sheikh and Majed Faraj [2].") == \
        ["Palestinian Authority", "Hussein al-Sheikh"]  # the first two
    assert answer_names("Majed Faraj is the chief [1].", exclude="What did Majed Faraj say?") == []


def test_leaning_words():
    assert leans_on_previous("Which official did she meet?")
    assert leans_on_previous("What did the two agree on?")
    assert not leans_on_previous("Who leads Islamic Jihad?")
