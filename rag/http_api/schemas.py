"""Request bodies of the HTTP API (pydantic models: FastAPI validates them and documents them in /docs)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import AfterValidator, AliasChoices, BaseModel, ConfigDict, Field, field_validator

DOC_IDS_MAX = 1000
# Conversation ids travel in URLs and are chosen by clients: a short, plain alphabet.
CONVERSATION_ID = r"^[A-Za-z0-9_.-]{1,64}$"


def no_surrogates(v):
    """Refuse a lone surrogate (``\\ud800``): JSON can carry one, UTF-8 cannot, and everything downstream (the
    tokenizer, SQLite, the reply) would fail on it."""
    if isinstance(v, str):
        try:
            v.encode("utf-8")
        except UnicodeEncodeError as e:
            raise ValueError(f"text holds a lone surrogate ({v[e.start]!r} at {e.start}), which is not valid "
                             "Unicode text; send UTF-8 text") from None
    return v


Text = Annotated[str, AfterValidator(no_surrogates)]


class TextPart(BaseModel):
    model_config = ConfigDict(extra="ignore")
    type: str = "text"
    text: str = ""



class Message(BaseModel):
    """An OpenAI chat message. Content may be a string or a list of parts (only text parts are read)."""

    model_config = ConfigDict(extra="ignore")
    role: Literal["system", "developer", "user", "assistant", "tool", "function"]
    content: str | list[TextPart] | None = None

    @field_validator("content", mode="after")
    @classmethod
    def _unicode(cls, v):
        for text in [v] if isinstance(v, str) else [p.text for p in v or []]:
            no_surrogates(text)
        return v

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


class StreamOptions(BaseModel):
    model_config = ConfigDict(extra="ignore")
    include_usage: bool = False


class ChatRequest(Filters):
    """OpenAI's chat-completions request, plus this assistant's retrieval options (all optional).

    Sampling fields (temperature, max_tokens, …) are accepted and ignored. What this server cannot do is refused
    with a 400 naming the field (rag/http_api/completions.py ``refuse_unsupported``): ``n`` other than 1, ``logprobs``,
    ``tools``/``functions``, a ``model`` it does not serve (GET /v1/models).
    """

    model_config = ConfigDict(extra="allow")
    model: Text | None = None
    messages: list[Message] = Field(min_length=1, max_length=1000)
    stream: bool = False
    stream_options: StreamOptions | None = None
    n: int | None = None
    logprobs: bool | None = None
    conversation_id: str | None = Field(default=None, pattern=CONVERSATION_ID,
                                        description="Keep this conversation on the server: its saved turns drive "
                                                    "follow-ups and the new turn is saved. An unknown id starts one.")
    user: Text | None = Field(default=None, max_length=128, description="Owner of kept conversations: needs the "
                             "API key, or a UI login (which acts only as itself).")


class SearchRequest(Filters):
    query: str = Field(max_length=20_000, description="The question to retrieve passages for.")

    @field_validator("query")
    @classmethod
    def _words(cls, v: str) -> str:
        no_surrogates(v)
        if not v.strip():
            raise ValueError("the query is empty")
        return v
