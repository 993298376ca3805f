"""What an HTTP client is told about where a passage or document came from: never a server path.

``source`` becomes what the browser shows (the URL, else the file's name: ``rag.index.library.display_name``) and the
server-side ``path`` is left out, in search results, citations (replies and kept conversations) and the library.
Document ids, not paths, are how a client names a document.
"""

from __future__ import annotations


def public_source(d: dict) -> dict:
    """A passage's, citation's, near-copy's or document's dict as an HTTP client may see it."""
    from rag import display_name

    out = {k: v for k, v in d.items() if k != "path"}
    if "source" in out:
        out["source"] = display_name(d.get("source"), d.get("url"))
    if out.get("also"):
        out["also"] = [public_source(o) for o in out["also"]]
    return out
