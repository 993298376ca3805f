"""The answer-evidence stage's two adjustments, pure functions (no model, no store)."""

from datetime import date

from rag.retrieval.evidence import HEDGED_SHARE, hedge_costs, newest_bonuses


def flat(terms):
    return {t: 1.0 for t in terms}


Q = "How much was Vossberg Pharma fined?"
PREVIEW = "Vossberg Pharma could be fined up to $40 million. A ruling is due soon."
REPORT = "Vossberg Pharma was fined 365 million euros on Wednesday. It may appeal."


def test_a_chunk_whose_best_sentence_speculates_pays_for_it():
    preview, report = hedge_costs(Q, [PREVIEW, REPORT], ["", ""], flat, weight=1.0)
    assert report == 0.0  # its best sentence is a plain statement ("may appeal" is not its best)
    assert abs(preview - (1 - HEDGED_SHARE)) < 1e-9
    assert hedge_costs(Q, [PREVIEW], [""], flat, weight=0.0) == [0.0]


def test_speculation_the_question_asks_about_costs_nothing():
    text = "Vossberg Pharma could be fined $40 million, analysts said."
    assert hedge_costs("How much could Vossberg Pharma be fined?", [text], [""], flat, weight=1.0) == [0.0]
    assert hedge_costs(Q, [text], [""], flat, weight=1.0)[0] > 0


def test_a_headline_repeated_in_the_text_is_not_a_statement():
    title = "Vossberg Pharma fined"
    text = f"{title}\nVossberg Pharma could be fined up to $40 million."
    # Without the title rule the unhedged headline would be the best sentence and the chunk would pay nothing.
    assert hedge_costs(Q, [text], [title], flat, weight=1.0)[0] > 0.5


def test_the_newest_report_of_the_story_inside_the_window_gains():
    texts = ["At least 10 people died in the Ludmere fire.", "At least 14 people died in the Ludmere fire.",
             "At least 15 people died in the Ludmere fire.", "The olive harvest began early."]
    days = [date(2026, 2, 13), date(2026, 2, 15), date(2026, 2, 16), date(2026, 2, 17)]
    q = "How many people died in the Ludmere fire?"
    out = newest_bonuses(q, texts, days, [True, True, False, True], flat, bonus=0.2, min_coverage=0.5)
    assert out == [0.0, 0.2, 0.0, 0.0]  # the 16th is outside the window, the harvest is another story
    one_day = newest_bonuses(q, texts[:2], [days[0], days[0]], [True, True], flat, bonus=0.2, min_coverage=0.5)
    assert one_day == [0.0, 0.0]
    undated = newest_bonuses(q, texts[:2], [None, days[1]], [False, True], flat, bonus=0.2, min_coverage=0.5)
    assert undated == [0.0, 0.0]
