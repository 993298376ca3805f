import subprocess
import sys

from tests.conftest import ROOT

HEAVY = ["torch", "llama_cpp", "chromadb", "sentence_transformers", "gradio", "transformers", "llama_index.core"]


def test_help_imports_nothing_heavy():
    code = ("import sys, rag, rag.cli.main; rag.cli.main.build_parser().format_help(); "
            f"print([m for m in {HEAVY!r} if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]", out.stdout


def test_help_lists_every_command():
    out = subprocess.run([sys.executable, "-m", "rag.cli.main", "--help"], capture_output=True, text=True, cwd=ROOT)
    for cmd in ["ingest", "ask", "search", "docs", "delete", "reindex", "serve", "watch", "feeds", "timeline"]:
        assert cmd in out.stdout


def test_as_of_takes_a_day_and_refuses_anything_else(capsys):
    import pytest

    from rag.cli.main import build_parser

    args = build_parser().parse_args(["ask", "Who leads the talks?", "--as-of", "2025-10-09"])
    assert args.as_of.isoformat() == "2025-10-09"
    with pytest.raises(SystemExit):
        build_parser().parse_args(["search", "q", "--as-of", "last Tuesday"])
    assert "2025-10-09" in capsys.readouterr().err


def test_feeds_list_and_remove_need_no_model(tmp_path):
    import os

    env = {**os.environ, "RAG_DATA_DIR": str(tmp_path)}
    rag = [sys.executable, "-m", "rag.cli.main", "feeds"]
    out = subprocess.run(rag + ["list"], capture_output=True, text=True, cwd=ROOT, env=env)
    assert out.returncode == 0 and "0 feeds" in out.stdout
    out = subprocess.run(rag + ["remove", "https://example.org/feed.xml"], capture_output=True, text=True, cwd=ROOT,
                         env=env)
    assert out.returncode == 1 and "not a followed feed" in out.stderr
