"""Request bodies of the HTTP API (pydantic models: FastAPI validates them and documents them in /docs)."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, field_validator

DOC_IDS_MAX = 1000
# Conversation ids travel in URLs and are chosen by clients: a short, plain alphabet.
CONVERSATION_ID = r"^[A-Za-z0-9_.-]{1,64}$"


class TextPart(BaseModel):
    model_config = ConfigDict(extra="ignore")
    type: str = "text"
    text: str = ""


class Message(BaseModel):
    """An OpenAI chat message. Content may be a string or a list of parts (only text parts are read)."""

    model_config = ConfigDict(extra="ignore")
    role: Literal["system", "developer", "user", "assistant", "tool", "function"]
    content: str | list[TextPart] | None = None

    def text(self) -> str:
        if self.content is None:
            return ""
        if isinstance(self.content, str):
            return self.content
        return "".join(p.text for p in self.content if p.type == "text")


class Filters(BaseModel):
    """Retrieval options shared by chat and search."""

    model_config = ConfigDict(extra="ignore")
    top_k: int | None = Field(default=None, ge=1, le=50, description="Passages to retrieve (default RAG_TOP_K).")
    documents: list[str] | None = Field(default=None, max_length=DOC_IDS_MAX,
                                        description="Only these document ids (GET /v1/documents lists them).")
    date_from: date | None = Field(default=None, description="Only documents published on or after (YYYY-MM-DD).")
    date_to: date | None = Field(default=None, description="Only documents published on or before (YYYY-MM-DD).")
    as_of: date | None = Field(default=None, validation_alias=AliasChoices("as_of", "today"),
                               description="The asking date (YYYY-MM-DD) for 'yesterday', 'last week'; "
                                           "default today. Also accepted as `today`.")


class ChatRequest(Filters):
    """OpenAI's chat-completions request, plus this assistant's retrieval options (all optional).

    Unknown OpenAI fields (temperature, max_tokens, …) are accepted and ignored; so is ``model``: the server has
    one answerer (GET /v1/models).
    """

    model: str | None = None
    messages: list[Message] = Field(min_length=1, max_length=1000)
    stream: bool = False
    conversation_id: str | None = Field(default=None, pattern=CONVERSATION_ID,
                                        description="Keep this conversation on the server: its saved turns drive "
                                                    "follow-ups and the new turn is saved. An unknown id starts one.")
    user: str | None = Field(default=None, max_length=128, description="Owner of kept conversations.")


class SearchRequest(Filters):
    query: str = Field(max_length=20_000, description="The question to retrieve passages for.")

    @field_validator("query")
    @classmethod
    def _words(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("the query is empty")
        return v
