"""Which kept turn a rated chat message is (ui/feedback.turn_of): error messages record no turn, a message shown
for another question is never rated as this one."""

from __future__ import annotations

from types import SimpleNamespace

from rag.conversation.session import Turn
from rag.types import Answer
from ui import render
from ui.feedback import turn_of


def _session(messages, questions):
    turns = [Turn(q, q, Answer(answer="A")) for q in questions]
    return SimpleNamespace(messages=messages, conversation=SimpleNamespace(id="c", turns=turns))


def _q(text):
    return {"role": "user", "content": render.question_html(text)}


def _a(text="A"):
    return {"role": "assistant", "content": render.answer_html(Answer(answer=text))}


def test_errors_between_answers_do_not_shift_the_turns():
    err = {"role": "assistant", "content": render.error_html("From must be a date like 2025-10-23, not 'x'")}
    s = _session([_q("one?"), _a(), _q("bad?"), err, _q("two?"), _a()], ["one?", "two?"])
    assert [turn_of(s, i) for i in range(6)] == [None, 1, None, None, None, 2]
    assert turn_of(s, 6) is None and turn_of(s, -1) is None  # a streaming answer not yet in the session


def test_a_message_of_another_question_is_not_rated():
    s = _session([_q("one?"), _a(), _q("two?"), _a()], ["one?", "other?"])
    assert turn_of(s, 1) == 1 and turn_of(s, 3) is None
    assert turn_of(None, 1) is None
