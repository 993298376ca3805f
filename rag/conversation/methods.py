"""The kept conversations' doors of the ``Assistant`` (a mixin): chats that keep history for follow-up
questions, their listing and search, and feedback on their answers (rag/conversation/kept.py).
"""

from __future__ import annotations


class Conversing:
    """Mixed into ``rag.assistant.Assistant`` (which provides settings, answerer, ``stream``, ``timeline`` and
    ``_once``)."""

    @property
    def history(self):
        """The kept conversations (rag/conversation/kept.py): SQLite under the data dir."""
        def make():
            from rag.conversation.kept import ConversationStore

            return ConversationStore(self.settings.history_path)

        return self._once("_history", make)

    def conversations(self, owner: str = ""):
        """The owner's kept conversations (``ConversationInfo``), most recently continued first."""
        return self.history.list(owner)

    def search_conversations(self, q: str, owner: str = ""):
        """The owner's kept conversations whose title or turn text contains ``q`` (``ConversationHit``: the
        conversation and the matching text), most recently continued first."""
        return self.history.search(owner, q)

    def chat(self, conversation_id: str | None = None, *, owner: str = "", keep: bool = True):
        """A conversation: ``conv.ask(q)`` / ``conv.stream(q)`` keep history for follow-up questions.

        Kept (the default), every answered turn is saved under the data dir and ``chat(conv.id)`` resumes it later,
        after a restart too, with its follow-up context. An unknown id (or another owner's) raises
        ``ConversationNotFound``. ``keep=False``: nothing is saved.
        """
        from rag.conversation.session import Conversation

        llm = getattr(self.answerer, "llm", None)
        if not keep:
            return Conversation(self.stream, llm=llm, timeline_fn=self.timeline)
        from rag.conversation.kept import new_conversation_id

        store = self.history
        turns = store.turns(conversation_id, owner) if conversation_id is not None else []
        return Conversation(self.stream, llm=llm, turns=turns, id=conversation_id or new_conversation_id(),
                            on_turn=lambda conv, turn: store.add_turn(conv.id, owner, turn), timeline_fn=self.timeline)

    def chat_from_messages(self, pairs, conversation_id: str | None = None, *, owner: str = ""):
        """A conversation continuing a client's message history, (question, reply) pairs (OpenAI's model): not kept
        without ``conversation_id``; with an id no conversation has yet, a kept one under that id, seeded with the
        earlier messages (saved). The HTTP API's chat completions (rag/http_api/app.py)."""
        from rag.conversation.session import turns_from_messages

        if conversation_id is None:
            conv = self.chat(keep=False)
            conv.turns = turns_from_messages(pairs)
            return conv
        conv = self.chat(owner=owner)
        conv.id = conversation_id
        for turn in turns_from_messages(pairs):
            conv.turns.append(turn)
            self.history.add_turn(conv.id, owner, turn)
        return conv

    def transcript(self, conversation_id: str, *, owner: str = "") -> str | None:
        """A kept conversation as Markdown with the sources it cites (rag/conversation/transcript.py), None when the
        owner keeps no such conversation."""
        from rag.conversation.transcript import to_markdown

        info = self.history.info(conversation_id, owner)
        return None if info is None else to_markdown(info, self.history.turns(conversation_id, owner))

    def feedback(self, conversation_id: str, turn: int, verdict: str, note: str | None = None, *, owner: str = ""):
        """Rate the answer of a kept conversation's turn (1 for the first): ``verdict`` "up" or "down", an
        optional ``note`` (None keeps the note given before, "" removes it). Rating again replaces the verdict: one
        per turn per owner. Returns the stored ``rag.conversation.feedback.Feedback``; ``FeedbackError`` names a bad value,
        ``ConversationNotFound`` an unknown (or another owner's) chat, ``TurnNotFound`` a turn it does not have."""
        return self.history.rate(conversation_id, owner, turn, verdict, note)

    def withdraw_feedback(self, conversation_id: str, turn: int, *, owner: str = "") -> bool:
        """Remove the owner's verdict on the turn (the browser's thumb clicked again); False when there was none."""
        return self.history.unrate(conversation_id, owner, turn)

    def reviews(self, verdict: str | None = "down", owner: str | None = None, limit: int | None = None):
        """Rated answers for review (``rag.conversation.feedback.Review``: verdict, note, question, answer and its cited
        passages), newest first; down-voted ones unless ``verdict`` says otherwise (None: all), every owner's
        unless ``owner`` names one."""
        return self.history.reviews(verdict, owner, limit)

