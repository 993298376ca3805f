"""The HTTP API (FastAPI): OpenAI-compatible chat, search and the document library over one ``Assistant``.

Nothing is imported here: FastAPI loads only when a server is built (``create_app``), so `rag --help` stays instant.
"""

from __future__ import annotations


def create_app(assistant, **kwargs):
    from rag.http_api.app import create_app as _create

    return _create(assistant, **kwargs)
