"""`rag mcp`: the MCP server over stdio, for desktop clients that start it as a command (registered by rag/cli/main.py)."""

from __future__ import annotations


def register(sub, add_common) -> None:
    p = sub.add_parser("mcp", help="serve the documents to MCP clients over stdio (tools: search, ask, …)")
    add_common(p)
    p.set_defaults(handler=cmd_mcp)


def cmd_mcp(args) -> int:
    from rag.cli.common import make_assistant
    from rag.mcp_server.tools import build_server

    # stdout carries the protocol: nothing else may be printed there (logging goes to stderr).
    build_server(make_assistant(args)).run("stdio")
    return 0
