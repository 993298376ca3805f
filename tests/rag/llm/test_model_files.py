"""Assembling a GGUF from part packages: order, size and sha256 checks, atomic replace, clear errors (fast).

The parts here are real importable packages written to a temp dir, just small.
"""

from __future__ import annotations

import hashlib
import sys

import pytest

from rag.llm import model_files as mf


@pytest.fixture
def tiny_spec(tmp_path, monkeypatch):
    blobs = [b"GGUF" + bytes([i]) * 1000 for i in range(3)]
    pkgs = tmp_path / "site"
    for i, blob in enumerate(blobs, 1):
        d = pkgs / f"tinytest_part{i}"
        (d / "data").mkdir(parents=True)
        (d / "data" / "part.bin").write_bytes(blob)
        (d / "__init__.py").write_text("import os\ndef get_part_path():\n"
                                       "    return os.path.join(os.path.dirname(__file__), 'data', 'part.bin')\n")
    monkeypatch.syspath_prepend(str(pkgs))
    whole = b"".join(blobs)
    spec = mf.ModelSpec("tiny", "tiny.gguf", "tinytest-part", "1.0", 3, len(whole), hashlib.sha256(whole).hexdigest())
    monkeypatch.setitem(mf.MODELS, "tiny", spec)
    yield spec, whole
    for i in range(1, 4):
        sys.modules.pop(f"tinytest_part{i}", None)


def test_parts_are_concatenated_in_order_and_verified(tiny_spec, tmp_path):
    spec, whole = tiny_spec
    path = mf.assemble(tmp_path / "cache", "tiny")
    assert path.read_bytes() == whole
    assert mf.is_assembled(tmp_path / "cache", "tiny")
    assert mf.find_model("tiny", tmp_path / "cache") == path
    assert not list(path.parent.glob(".*.tmp"))  # no temp file left behind
    mtime = path.stat().st_mtime_ns
    assert mf.assemble(tmp_path / "cache", "tiny") == path and path.stat().st_mtime_ns == mtime  # idempotent


def test_a_damaged_file_is_detected_and_reassembled(tiny_spec, tmp_path):
    spec, whole = tiny_spec
    path = mf.assemble(tmp_path / "cache", "tiny")
    path.write_bytes(b"x" * len(whole))  # same size, wrong bytes: the stamp no longer matches
    assert not mf.is_assembled(tmp_path / "cache", "tiny")
    assert mf.assemble(tmp_path / "cache", "tiny").read_bytes() == whole


def test_wrong_checksum_refuses_and_leaves_nothing_in_place(tiny_spec, tmp_path, monkeypatch):
    spec, _ = tiny_spec
    monkeypatch.setitem(mf.MODELS, "tiny", mf.ModelSpec(**{**spec.__dict__, "sha256": "0" * 64}))
    with pytest.raises(mf.ModelFilesError, match="corrupt"):
        mf.assemble(tmp_path / "cache", "tiny")
    assert not mf.model_path(tmp_path / "cache", "tiny").exists()


def test_missing_part_package_is_named(tmp_path, monkeypatch):
    monkeypatch.setitem(mf.MODELS, "gone", mf.ModelSpec("gone", "gone.gguf", "rag-no-such-part", "9.9", 4, 1, "0"))
    with pytest.raises(mf.ModelFilesError, match=r"rag-no-such-part1==9\.9 is not installed"):
        mf.assemble(tmp_path / "cache", "gone")


def test_rag_llm_model_may_point_at_any_gguf(tmp_path):
    gguf = tmp_path / "other.gguf"
    gguf.write_bytes(b"GGUF")
    assert mf.resolve_model(str(gguf), tmp_path) == gguf
    with pytest.raises(mf.ModelFilesError, match="not a file"):
        mf.resolve_model(str(tmp_path / "missing.gguf"), tmp_path)


def test_auto_answerer_falls_back_to_extractive_with_a_warning(make_assistant, tmp_path, caplog):
    a = make_assistant(answerer="auto", llm_model=str(tmp_path / "missing.gguf"))
    with caplog.at_level("WARNING"):
        assert a.answerer_name == "extractive"
    assert "extractive" in caplog.text and "missing.gguf" in caplog.text


def test_explicit_local_answerer_without_a_model_is_a_clear_error(make_assistant, tmp_path):
    from rag.llm import LLMUnavailableError

    a = make_assistant(answerer="local", llm_model=str(tmp_path / "missing.gguf"))
    with pytest.raises(LLMUnavailableError, match="missing.gguf"):
        _ = a.answerer


def test_openai_answerer_needs_a_url(make_assistant):
    from rag.llm import LLMUnavailableError

    with pytest.raises(LLMUnavailableError, match="RAG_LLM_BASE_URL"):
        _ = make_assistant(answerer="openai").answerer


def test_base_url_selects_the_openai_backend(make_assistant):
    a = make_assistant(answerer="auto", llm_base_url="http://127.0.0.1:9/v1")
    assert a.answerer_name == "openai"  # built lazily: no request is made here
