"""The `rag` command line. Flags override RAG_* environment variables; heavy imports happen inside commands."""

from __future__ import annotations

import argparse
import json
import logging
import sys

from rag.cli.common import add_common_flags, make_assistant, print_report
from rag.cli.common import print_citations as _print_citations


def _day(value: str):
    from datetime import date

    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date like 2025-10-09, not {value!r}") from None


def _as_of(p: argparse.ArgumentParser) -> None:
    p.add_argument("--as-of", type=_day, metavar="YYYY-MM-DD",
                   help="ask as of this day: later articles are not used, 'last week' counts back from it "
                        "(default: today)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="rag", description="Ask questions about your documents; answers cite passages.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _register_core(sub)
    _register_others(sub)
    return parser


def _register_core(sub) -> None:
    """This module's commands: ingest, ask, search, docs, delete, chat, reindex."""
    p = sub.add_parser("ingest", help="add or update files, folders (.txt .md .html .pdf .docx .jsonl; "
                       ".png .jpg .tiff and scanned PDF pages by OCR) and web pages")
    p.add_argument("paths", nargs="+", help="files, folders or http(s):// page URLs")
    p.add_argument("--prune", action="store_true", help="remove stored documents that vanished from these folders")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("--chunk-size", type=int, help="max word pieces per chunk (RAG_CHUNK_SIZE)")
    p.add_argument("--chunk-overlap", type=int, help="overlap in word pieces (RAG_CHUNK_OVERLAP)")
    add_common_flags(p)

    p = sub.add_parser("ask", help="answer a question with citations")
    p.add_argument("question")
    _as_of(p)
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--no-stream", action="store_true", help="print the answer when complete")
    add_common_flags(p)

    p = sub.add_parser("search", help="show the passages retrieved for a question")
    p.add_argument("question")
    _as_of(p)
    p.add_argument("--json", action="store_true")
    add_common_flags(p)

    p = sub.add_parser("docs", help="list stored documents")
    p.add_argument("--json", action="store_true")
    add_common_flags(p)

    p = sub.add_parser("delete", help="remove a stored document")
    p.add_argument("doc_id")
    add_common_flags(p)

    p = sub.add_parser("chat", help="interactive chat in the terminal (follow-up questions keep context)")
    p.add_argument("--resume", metavar="ID", help="continue a kept conversation (`rag chat` prints its id)")
    p.set_defaults(handler=cmd_chat)
    _as_of(p)
    add_common_flags(p)

    p = sub.add_parser("reindex", help="rebuild the store from its sources (after changing the embedding model)")
    add_common_flags(p)


def _register_others(sub) -> None:
    """The commands other modules define (sources, watches, timeline, mcp, eval) and the outer layers' plugins."""
    from rag.cli.sources import register as register_sources
    from rag.eval.cli import register as register_eval  # light: the handler imports the heavy parts

    register_sources(sub, add_common_flags)
    from rag.cli.watches import register as register_watches

    register_watches(sub, add_common_flags)
    from rag.cli.timeline import register as register_timeline

    register_timeline(sub, add_common_flags)
    from rag.mcp_server.cli import register as register_mcp

    register_mcp(sub, add_common_flags)
    register_eval(sub, add_common_flags)

    # Commands from outer layers (the browser UI's `serve`) register through entry points, so rag never
    # imports ui: dependencies keep pointing one way.
    from importlib.metadata import entry_points

    for ep in entry_points(group="rag.commands"):
        try:
            ep.load()(sub, add_common_flags)
        except Exception as e:  # a broken plugin must not take the whole CLI down
            logging.getLogger(__name__).warning("command %s unavailable: %s", ep.name, e)


def cmd_ingest(args) -> int:
    a = make_assistant(args)
    report = a.ingest(args.paths, prune=args.prune, progress=sys.stderr.isatty())
    code = print_report(report, args.json)
    checked = a.wait_for_watches()  # the kept questions' re-check this ingest started
    if checked is not None and checked.checked and not args.json:
        print(checked.summary())
    return code


def cmd_ask(args) -> int:
    a = make_assistant(args)
    if args.json or args.no_stream:
        ans = a.ask(args.question, today=args.as_of)
        if args.json:
            print(json.dumps(ans.to_dict(), ensure_ascii=False))
        else:
            print(ans.answer)
            _print_citations(ans)
        return 0
    print_stream(a.stream(args.question, today=args.as_of))
    return 0


def print_stream(stream, out=None):
    """Write streamed text as it comes, then the final answer when validation changed it, then its citations."""
    out = out or sys.stdout
    streamed = ""
    for kind, item in stream.events():
        if kind == "provisional":
            # The instant answer: shown at once, then the model writes its own below it.
            print(f"{item.answer}\n  (instant answer quoted from the passages; the model is writing…)", file=out,
                  flush=True)
        elif kind == "text":
            streamed += item
            out.write(item)
            out.flush()
    final = stream.answer()
    if streamed:
        out.write("\n")
    # The streamed text is provisional: a refusal, a citation repair or the extractive fallback replaces it.
    if final.answer.strip() != streamed.strip():
        print(("→ " if streamed.strip() else "") + final.answer, file=out)
    if final.answerer != "extractive":
        print(f"  (shown: the answer by {final.answerer})", file=out)
    _print_citations(final, out)
    return final


def cmd_chat(args) -> int:
    """Interactive terminal chat: follow-up questions keep the conversation's context."""
    from rag.llm import LLMError

    a = make_assistant(args)
    conv = a.chat(getattr(args, "resume", None))
    print("Ask about your documents. /reset forgets the conversation, /quit (or Ctrl-D) leaves.", file=sys.stderr)
    print(f"(conversation {conv.id}, {len(conv.turns)} earlier turns; kept: rag chat --resume {conv.id})",
          file=sys.stderr)
    while True:
        try:
            line = input("you> ").strip()
        except EOFError:
            print(file=sys.stderr)
            return 0
        if not line:
            continue
        if line in ("/quit", "/exit"):
            return 0
        if line == "/reset":
            conv = a.chat()  # a new kept conversation; the old one stays resumable
            print("(conversation forgotten)", file=sys.stderr)
            continue
        try:
            print_stream(conv.stream(line, today=args.as_of))
        except KeyboardInterrupt:  # stop this answer, keep the chat
            print("\n(interrupted)", file=sys.stderr)
        except LLMError as e:  # a server that went down may come back: keep the chat
            print(f"\nrag: error: {e}", file=sys.stderr)


def cmd_search(args) -> int:
    a = make_assistant(args)
    passages = a.search(args.question, today=args.as_of)
    if args.json:
        print(json.dumps({"question": args.question, "passages": [p.to_dict() for p in passages]}, ensure_ascii=False))
        return 0
    for i, p in enumerate(passages, 1):
        dense = f"{p.dense_score:.3f}" if p.dense_score is not None else "-"
        dated = f" ({p.date})" if p.date else ""
        page = f", p. {p.page}" if p.page else ""
        print(f"[{i}] {p.title}{dated} — {p.source}{page} [{p.start}:{p.end}] score={p.score:.4f} cos={dense}")
        for o in p.also:
            print(f"    also: {o.title}" + (f" ({o.date})" if o.date else "") + f" — {o.source}")
        print("    " + p.text[:300].replace("\n", " ") + ("…" if len(p.text) > 300 else ""))
    return 0


def cmd_docs(args) -> int:
    a = make_assistant(args)
    docs = a.documents()
    if args.json:
        print(json.dumps([d.to_dict() for d in docs], ensure_ascii=False))
        return 0
    for d in docs:
        print(f"{d.doc_id}  {d.chunks:4d} chunks  {d.date or '':10s}  {d.title[:60]}  ({d.source})")
    print(f"{len(docs)} documents")
    return 0


def cmd_delete(args) -> int:
    a = make_assistant(args)
    if a.delete(args.doc_id):
        print(f"deleted {args.doc_id}")
        return 0
    print(f"no document with id {args.doc_id} (see `rag docs`)", file=sys.stderr)
    return 1


def cmd_reindex(args) -> int:
    a = make_assistant(args)
    report = a.reindex(progress=sys.stderr.isatty())
    print(report.summary())
    for f in report.failed:
        print(f"  failed:  {f.path}: {f.reason}")
    return 0 if not report.failed else 3


COMMANDS = {"reindex": cmd_reindex, "ingest": cmd_ingest, "ask": cmd_ask, "search": cmd_search, "docs": cmd_docs, "delete": cmd_delete}


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if getattr(args, "verbose", False) else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    for noisy in ("bm25s", "httpx", "chromadb", "urllib3"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    try:
        handler = getattr(args, "handler", None) or COMMANDS[args.command]
        return handler(args)
    except KeyboardInterrupt:
        return 130
    except Exception as e:  # a clear one-line error for users; details with -v
        from pydantic import ValidationError

        if getattr(args, "verbose", False):
            raise
        msg = str(e) if not isinstance(e, ValidationError) else f"invalid setting: {e}"
        print(f"rag: error: {msg}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
