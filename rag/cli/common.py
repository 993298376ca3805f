"""What every `rag` command shares: the settings flags and building the Assistant from them.

Its own module so that rag/cli/main.py and the commands it registers (rag/cli/eval.py, ui/serve.py) import it, not each
other. Light: argparse only; the Assistant is imported when a command runs.
"""

from __future__ import annotations

import argparse
import json
import sys

# Flags that override a RAG_* setting of the same name.
SETTING_FLAGS = ("data_dir", "chroma_url", "collection", "top_k", "answerer", "llm_model", "llm_base_url",
                 "chunk_size", "chunk_overlap")


def add_common_flags(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("settings (override RAG_* environment variables)")
    g.add_argument("--data-dir", help="data directory (RAG_DATA_DIR)")
    g.add_argument("--chroma-url", help="Chroma server URL instead of the embedded store (RAG_CHROMA_URL)")
    g.add_argument("--collection", help="Chroma collection name (RAG_COLLECTION)")
    g.add_argument("--top-k", type=int, help="passages to retrieve (RAG_TOP_K)")
    g.add_argument("--answerer", choices=["auto", "extractive", "local", "openai"], help="RAG_ANSWERER")
    g.add_argument("--llm-model", help="GGUF path or model name (RAG_LLM_MODEL)")
    g.add_argument("--llm-base-url", help="OpenAI-compatible server URL (RAG_LLM_BASE_URL)")
    g.add_argument("-v", "--verbose", action="store_true", help="log progress details")


def day_arg(value: str):
    """An argparse ``type`` for YYYY-MM-DD flags (--as-of, --since, --until)."""
    from datetime import date

    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date like 2025-10-09, not {value!r}") from None


JSON_FLAG = (("--json",), {"action": "store_true"})


def add_action(sub, add_common, name: str, help: str, handler, *arguments: tuple[tuple, dict]):
    """One subcommand of ``sub``: its arguments (``(names, options)`` pairs), the common settings flags, its
    handler."""
    p = sub.add_parser(name, help=help)
    for names, options in arguments:
        p.add_argument(*names, **options)
    add_common(p)
    p.set_defaults(handler=handler)
    return p


def setting_overrides(args: argparse.Namespace, *, skip: tuple[str, ...] = ()) -> dict:
    """The settings given as flags (None where not given)."""
    return {k: getattr(args, k, None) for k in SETTING_FLAGS if k not in skip}


def make_assistant(args: argparse.Namespace):
    from rag.assistant import Assistant

    return Assistant(**setting_overrides(args))


def print_report(report, as_json: bool) -> int:
    """An IngestReport as JSON or as a summary with its warnings and failures; the exit code (3: some failed)."""
    if as_json:
        print(json.dumps(report.to_dict(), ensure_ascii=False))
    else:
        print(report.summary())
        for f in report.feeds:
            print(f"  feed:    {f.summary()}")
        for o in report.ocr:
            print(f"  ocr:     {o.path}: {o.describe()}")
        for w in report.warnings:
            print(f"  warning: {w.path}: {w.reason}")
        for f in report.failed:
            print(f"  failed:  {f.path}: {f.reason}")
    return 0 if not report.failed else 3


def print_citations(answer, out=None) -> None:
    """An answer's citations (and the days it searched), one block each, under the answer."""
    out = out or sys.stdout  # looked up per call: a default bound at import would miss a later redirect
    for c in answer.citations:
        where = f"{c.title} — {c.source}" + (f", p. {c.page}" if c.page else "") + (f" ({c.date})" if c.date else "")
        print(f"  [{c.number}] {where}", file=out)
        print(f"      “{c.highlight.strip()}”", file=out)
        for o in c.also:
            print(f"      also: {o.title} — {o.source}" + (f" ({o.date})" if o.date else ""), file=out)
    if getattr(answer, "window", None) is not None:
        print(f"  searched: {answer.window.describe()}", file=out)
