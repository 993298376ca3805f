"""Cited answers over your documents.

    from rag import Assistant
    a = Assistant(data_dir="my-data")
    a.ingest(["articles/"])
    print(a.ask("Who led the Hamas delegation?").answer)

Imports are lazy so that `rag --help` stays instant.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__all__ = ["Assistant", "Settings", "Answer", "Citation", "Passage", "IngestReport", "DocumentInfo", "SearchFilter",
           "Feedback", "Question",
           # the errors the faces (HTTP API, CLI, MCP, UI) turn into responses: importable here, not from the parts
           "ConversationNotFound", "FeedbackError", "TurnNotFound", "StoreError", "WatchError", "LLMError",
           # the types the faces read or build (issue 29: types are theirs to use, the parts behind them are not)
           "LibraryQuery", "FileResult", "UploadResults", "display_name"]

if TYPE_CHECKING:
    from rag.assistant import Assistant
    from rag.conversation.feedback import Feedback, FeedbackError, TurnNotFound
    from rag.conversation.kept import ConversationNotFound
    from rag.index.library import LibraryQuery, display_name
    from rag.index.store import StoreError
    from rag.llm import LLMError
    from rag.retrieval.retrieve import SearchFilter
    from rag.settings import Settings
    from rag.sources.methods import UploadResults
    from rag.sources.uploads import FileResult
    from rag.types import Answer, Citation, DocumentInfo, IngestReport, Passage, Question
    from rag.watches.store import WatchError

_WHERE = {"Assistant": "rag.assistant", "Settings": "rag.settings", "SearchFilter": "rag.retrieval.retrieve",
          "Feedback": "rag.conversation.feedback", "FeedbackError": "rag.conversation.feedback",
          "TurnNotFound": "rag.conversation.feedback", "ConversationNotFound": "rag.conversation.kept",
          "StoreError": "rag.index.store", "WatchError": "rag.watches.store", "LLMError": "rag.llm",
          "LibraryQuery": "rag.index.library", "display_name": "rag.index.library",
          "FileResult": "rag.sources.uploads", "UploadResults": "rag.sources.methods"}


def __getattr__(name: str):
    if name in __all__:
        import importlib

        return getattr(importlib.import_module(_WHERE.get(name, "rag.types")), name)
    raise AttributeError(f"module 'rag' has no attribute {name!r}")
