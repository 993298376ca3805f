import subprocess
import sys

from tests.conftest import ROOT

HEAVY = ["torch", "llama_cpp", "chromadb", "sentence_transformers", "gradio", "transformers", "llama_index.core"]


def test_help_imports_nothing_heavy():
    code = ("import sys, rag, rag.cli; rag.cli.build_parser().format_help(); "
            f"print([m for m in {HEAVY!r} if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]", out.stdout


def test_help_lists_every_command():
    out = subprocess.run([sys.executable, "-m", "rag.cli", "--help"], capture_output=True, text=True, cwd=ROOT)
    for cmd in ["ingest", "ask", "search", "docs", "delete", "reindex", "serve"]:
        assert cmd in out.stdout


def test_as_of_takes_a_day_and_refuses_anything_else(capsys):
    import pytest

    from rag.cli import build_parser

    args = build_parser().parse_args(["ask", "Who leads the talks?", "--as-of", "2025-10-09"])
    assert args.as_of.isoformat() == "2025-10-09"
    with pytest.raises(SystemExit):
        build_parser().parse_args(["search", "q", "--as-of", "last Tuesday"])
    assert "2025-10-09" in capsys.readouterr().err
