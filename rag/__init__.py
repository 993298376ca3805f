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
           "Feedback"]

if TYPE_CHECKING:
    from rag.assistant import Assistant
    from rag.conversation.feedback import Feedback
    from rag.retrieval.retrieve import SearchFilter
    from rag.settings import Settings
    from rag.types import Answer, Citation, DocumentInfo, IngestReport, Passage

_WHERE = {"Assistant": "rag.assistant", "Settings": "rag.settings", "SearchFilter": "rag.retrieval.retrieve",
          "Feedback": "rag.conversation.feedback"}


def __getattr__(name: str):
    if name in __all__:
        import importlib

        return getattr(importlib.import_module(_WHERE.get(name, "rag.types")), name)
    raise AttributeError(f"module 'rag' has no attribute {name!r}")
