"""Conversations: follow-up questions are condensed before retrieval (extractive answerer: fast, no LLM)."""

from __future__ import annotations

from pathlib import Path

from rag.conversation.session import condense_by_entities, condense_with_llm

DEMO = Path(__file__).resolve().parents[3] / "rag" / "demo_corpus"


def test_follow_up_with_a_pronoun_finds_the_deputy_without_an_llm(make_assistant):
    a = make_assistant()
    a.ingest([DEMO])
    conv = a.chat()
    first = conv.ask("Who is the secretary-general of Islamic Jihad?")
    assert not first.refused and any("islamic-jihad" in c.source for c in first.citations)
    second = conv.ask("Who is his deputy?")
    assert not second.refused, second
    assert "al-Hindi" in second.answer
    cited = {c.doc_id for c in second.citations}
    assert any("islamic-jihad" in c.source for c in second.citations), cited
    standalone = conv.history[-1].standalone
    # the previous answer's names come first (rag/conversation/followup.py), then the previous subject
    assert standalone.startswith("Who is his deputy? (context: Ziad Nakhaleh; ")
    assert standalone.endswith("the secretary-general of Islamic Jihad)")
    assert [t.question for t in conv.history] == ["Who is the secretary-general of Islamic Jihad?",
                                                   "Who is his deputy?"]


def test_stand_alone_follow_up_is_left_unchanged(make_assistant):
    a = make_assistant()
    a.ingest([DEMO])
    conv = a.chat()
    conv.ask("Who is the secretary-general of Islamic Jihad?")
    assert conv.condense("Where will Egypt host the reconstruction conference?") == \
        "Where will Egypt host the reconstruction conference?"


def test_stream_keeps_history_too(make_assistant):
    a = make_assistant()
    a.ingest([DEMO])
    conv = a.chat()
    stream = conv.stream("Who led the Hamas delegation in Cairo?")
    assert "al-Hayya" in "".join(stream)
    assert len(conv.history) == 1  # recorded as soon as the stream ends, before anyone asks for .answer()
    assert "al-Hayya" in stream.answer().answer and conv.history[0].answer is stream.answer()


class _ReplyingLLM:
    """Stands in for a model that misbehaves (answers instead of rewriting): a fault a real model rarely shows."""

    name = "fake"
    context_window = 2048

    def __init__(self, reply: str):
        self.reply = reply
        self.messages = None

    def chat(self, messages, *, max_tokens, temperature=0.0):
        self.messages = messages
        return self.reply


def _turns():
    from rag.conversation.session import Turn
    from rag.types import Answer

    q = "Who is the secretary-general of Islamic Jihad?"
    return [Turn(q, q, Answer(answer="Ziad Nakhaleh is the secretary-general [1].", question=q))]


def test_llm_rewrite_is_used_when_it_is_a_question():
    llm = _ReplyingLLM("Stand-alone question: Who is Ziad Nakhaleh's deputy in Islamic Jihad?\n")
    assert condense_with_llm("Who is his deputy?", _turns(), llm) == "Who is Ziad Nakhaleh's deputy in Islamic Jihad?"
    prompt = llm.messages[1]["content"]
    assert "Ziad Nakhaleh is the secretary-general." in prompt and "[1]" not in prompt  # markers stripped


def test_llm_reply_that_is_not_a_question_falls_back_to_entity_carry_over():
    assert condense_with_llm("Who is his deputy?", _turns(), _ReplyingLLM("Mohammed al-Hindi.")) is None
    assert condense_by_entities("Who is his deputy?", _turns()) == \
        "Who is his deputy? (context: Ziad Nakhaleh; the secretary-general of Islamic Jihad)"


def test_a_chain_of_follow_ups_keeps_the_first_subject():
    from rag.conversation.session import Turn
    from rag.types import Answer

    turns = _turns()
    q2 = "Who is his deputy?"
    s2 = condense_by_entities(q2, turns)
    turns.append(Turn(q2, s2, Answer(answer="His deputy, Dr. Mohammed al-Hindi, accompanied him [1].")))
    assert condense_by_entities("Where was he born?", turns) == ("Where was he born? (context: Mohammed al-Hindi; "
                                                                  "his deputy; Ziad Nakhaleh; the secretary-general "
                                                                  "of Islamic Jihad)")


def test_rag_chat_in_the_terminal(make_assistant, monkeypatch, capsys):
    import io

    from rag.cli.main import main

    a = make_assistant()
    a.ingest([DEMO])
    monkeypatch.setattr("sys.stdin", io.StringIO("Who is the secretary-general of Islamic Jihad?\n\n"
                                                 "Who is his deputy?\n/reset\nWho won the 2022 World Cup?\n"))
    assert main(["chat", "--data-dir", str(a.settings.data_dir), "--answerer", "extractive"]) == 0
    out = capsys.readouterr().out
    assert "al-Hindi" in out and "[1] Islamic Jihad delegation" in out
    assert "you> The documents don't contain an answer to that question." in out  # after /reset: no context


def test_rag_chat_resumes_a_kept_conversation(make_assistant, monkeypatch, capsys):
    import io

    from rag.cli.main import main

    a = make_assistant()
    a.ingest([DEMO])
    conv = a.chat()
    conv.ask("Who is the secretary-general of Islamic Jihad?")
    monkeypatch.setattr("sys.stdin", io.StringIO("Who is his deputy?\n"))
    assert main(["chat", "--resume", conv.id, "--data-dir", str(a.settings.data_dir), "--answerer", "extractive"]) == 0
    captured = capsys.readouterr()
    assert "al-Hindi" in captured.out and f"conversation {conv.id}, 1 earlier turns" in captured.err
    assert a.conversations()[0].turns == 2
    assert main(["chat", "--resume", "nope", "--data-dir", str(a.settings.data_dir)]) == 2
    assert "no conversation 'nope'" in capsys.readouterr().err
