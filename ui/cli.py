"""`rag serve`: registered into the rag CLI through the ``rag.commands`` entry point."""

from __future__ import annotations


def register(sub, add_common) -> None:
    p = sub.add_parser("serve", help="start the browser chat")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=7860)
    add_common(p)
    p.set_defaults(handler=_serve)


def _serve(args) -> int:
    raise SystemExit("rag serve: the browser app is not built yet")
