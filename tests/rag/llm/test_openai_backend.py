"""The OpenAI-compatible backend against a real server: llama-cpp-python's `llama_cpp.server` on 127.0.0.1,
serving the small Qwen2.5-Coder-0.5B GGUF, started and stopped by these tests."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import free_port
from tests.servers import running_server
from tests.rag.llm_support import require_model

pytestmark = pytest.mark.slow

DEMO = Path(__file__).resolve().parents[3] / "rag" / "demo_corpus"
START_TIMEOUT = 180


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    model = require_model("small")
    port = free_port()
    log_path = tmp_path_factory.mktemp("server") / "server.log"
    cmd = [sys.executable, "-m", "llama_cpp.server", "--model", str(model), "--host", "127.0.0.1", "--port", str(port),
           "--n_ctx", "4096", "--n_threads", "2", "--model_alias", "qwen-small", "--verbose", "False"]
    base = f"http://127.0.0.1:{port}/v1"
    with running_server(cmd, log_path, f"{base}/models", name="llama_cpp.server", timeout=START_TIMEOUT,
                        ready=lambda body: bool(json.loads(body)["data"])):
        yield base


@pytest.fixture(scope="module")
def assistant(server, tmp_path_factory, embedder):
    from rag import Assistant

    # auto + a base URL selects the OpenAI backend
    a = Assistant(data_dir=tmp_path_factory.mktemp("oa") / "data", embedder=embedder, answerer="auto",
                  llm_base_url=server, llm_model="qwen-small")
    a.ingest([DEMO])
    assert a.answerer_name == "openai"
    return a


def test_answer_from_a_real_server(assistant):
    # Qwen2.5-0.5B replied a bare "[2]" to "Who headed the Hamas delegation in Cairo?" once passage dates became
    # "23 Oct" (bench/CHANGELOG.md, "Compact dates and a shorter closing line"); the backend is what is tested here.
    ans = assistant.ask("Who led the Hamas delegation?")
    assert not ans.refused and ans.answerer.startswith("openai"), ans
    assert "al-Hayya" in ans.answer
    assert ans.citations and any("al-Hayya" in c.text for c in ans.citations)


def test_streaming_from_a_real_server(assistant):
    stream = assistant.stream("Who is the deputy of Islamic Jihad's secretary-general?")
    pieces = list(stream)
    final = stream.answer()
    assert not final.refused, final
    assert len(pieces) > 3  # tokens arrive as generated
    assert "al-Hindi" in final.answer


def test_server_down_is_a_clear_error_naming_the_url_not_a_hang(make_assistant, capsys):
    from rag.cli.main import main
    from rag.llm import LLMUnavailableError

    down = f"http://127.0.0.1:{free_port()}/v1"  # nothing listens there
    a = make_assistant(answerer="openai", llm_base_url=down)
    a.ingest([DEMO])
    t = time.monotonic()
    with pytest.raises(LLMUnavailableError, match=down.replace(".", r"\.")):
        a.ask("Who led the Hamas delegation?")
    assert time.monotonic() - t < 30

    t = time.monotonic()
    rc = main(["ask", "Who led the Hamas delegation?", "--data-dir", str(a.settings.data_dir), "--answerer", "openai",
               "--llm-base-url", down])
    assert rc != 0 and time.monotonic() - t < 60
    err = capsys.readouterr().err
    assert down in err and "unreachable" in err
