"""Rating answers in the chat: Gradio's own thumbs on each answer (``gr.Chatbot`` ``feedback_options`` and its
``.like`` event), then an optional note, both stored through ``Assistant.feedback`` for the logged-in user.

A thumb clicked again withdraws the vote (Gradio sends an empty value then). The chat's n-th answer that is not an
error message is the conversation's n-th turn: errors (a bad date, a failed answer) record no turn; the question
shown before it must be that turn's, else nothing is stored.
"""

from __future__ import annotations

from dataclasses import dataclass

import gradio as gr

from ui import render
from ui.past_chats import owner

THUMBS = ("Like", "Dislike")  # the exact strings Gradio draws as thumb icons
_VERDICT = {True: "up", False: "down"}


@dataclass
class FeedbackPanel:
    box: gr.Group
    note: gr.Textbox
    save: gr.Button
    status: gr.HTML
    rated: gr.State  # (conversation id, turn, verdict) of the last rating in this session


def panel() -> FeedbackPanel:
    """The note row, hidden until an answer is rated; placed where this is called."""
    with gr.Group(visible=False, elem_id="feedback") as box:
        with gr.Row():
            note = gr.Textbox(label="Note on your rating (optional)", elem_id="feedback-note", max_length=2000,
                              lines=1, max_lines=4, scale=5)
            save = gr.Button("Save note", elem_id="feedback-save", size="sm", scale=1, min_width=90)
    status = gr.HTML(elem_id="feedback-status")
    return FeedbackPanel(box, note, save, status, gr.State(None))


def _note(text: str) -> str:
    return f'<p class="rag-note">{render.esc(text)}</p>'


def turn_of(session, index: int) -> int | None:
    """The turn number (1 for the first) of the chat message at ``index``, or None when it is no saved answer."""
    messages = getattr(session, "messages", None) or []
    turns = getattr(getattr(session, "conversation", None), "turns", None) or []
    if not isinstance(index, int) or not 0 <= index < len(messages) or messages[index].get("role") != "assistant":
        return None
    answers = [i for i, m in enumerate(messages[: index + 1])
               if m.get("role") == "assistant" and "rag-error" not in str(m.get("content", ""))]
    if not answers or answers[-1] != index or len(answers) > len(turns):
        return None
    n = len(answers)
    asked = messages[index - 1].get("content") if index > 0 else None
    return n if asked == render.question_html(turns[n - 1].question) else None


def votes(assistant, session, who: str) -> list[str | None]:
    """Gradio's ``feedback_value`` for the chat: the stored thumb of each assistant message (None: unrated). The
    browser forgets its thumbs whenever the chat's messages are replaced (each new answer), so they are re-shown."""
    from rag import ConversationNotFound

    conv_id = getattr(getattr(session, "conversation", None), "id", None)
    messages = getattr(session, "messages", None) or []
    try:
        kept = assistant.chat(conv_id, owner=who).turns if conv_id is not None else []
    except ConversationNotFound:  # not saved yet, or deleted meanwhile
        kept = []
    rated = {n: t.feedback for n, t in enumerate(kept, 1) if t.feedback}
    shown = {"up": THUMBS[0], "down": THUMBS[1]}
    out = []
    for i, m in enumerate(messages):
        if m.get("role") == "assistant":
            f = rated.get(turn_of(session, i))
            out.append(shown[f.verdict] if f else None)
    return out


def wire(p: FeedbackPanel, assistant, *, chatbot, session, answered: list) -> None:
    """``answered``: the answering events, after which the stored thumbs are shown again."""
    from rag import FeedbackError, TurnNotFound
    from rag import ConversationNotFound

    gone = (ConversationNotFound, TurnNotFound)  # the chat deleted in another tab meanwhile

    def rate(state, data: gr.LikeData, request: gr.Request):
        index = data.index[0] if isinstance(data.index, (list, tuple)) else data.index
        turn = turn_of(state, index)
        if turn is None:
            return gr.Group(visible=False), gr.skip(), _note("Only a finished answer can be rated."), None
        conv_id, who = state.conversation.id, owner(request)
        try:
            if data.liked not in _VERDICT:  # the same thumb clicked again
                assistant.withdraw_feedback(conv_id, turn, owner=who)
                return gr.Group(visible=False), "", _note(f"Rating of answer {turn} withdrawn."), None
            saved = assistant.feedback(conv_id, turn, _VERDICT[data.liked], owner=who)
        except gone:
            return gr.Group(visible=False), "", _note("This chat is no longer kept; its answers cannot be rated."), None
        word = "helpful" if saved.verdict == "up" else "not helpful"
        return (gr.Group(visible=True), saved.note or "", _note(f"Answer {turn} rated {word}. Add a note if you like."),
                (conv_id, turn, saved.verdict))

    def save_note(rated, text, request: gr.Request):
        if not rated:
            return _note("Rate an answer with a thumb first.")
        conv_id, turn, verdict = rated
        try:
            assistant.feedback(conv_id, turn, verdict, text or "", owner=owner(request))
        except FeedbackError as e:
            return _note(str(e))
        except gone:
            return _note("This chat is no longer kept; its answers cannot be rated.")
        return _note(f"Note saved with answer {turn}'s rating.")

    def reshow(state, request: gr.Request):
        return gr.Chatbot(feedback_value=votes(assistant, state, owner(request)))

    free = dict(concurrency_limit=None)
    for event in answered:
        event.then(reshow, inputs=session, outputs=chatbot, **free)
    chatbot.like(rate, inputs=session, outputs=[p.box, p.note, p.status, p.rated], **free)
    p.save.click(save_note, inputs=[p.rated, p.note], outputs=p.status, **free)
    p.note.submit(save_note, inputs=[p.rated, p.note], outputs=p.status, **free)
