"""Helpers for tests that need a real local model: fail loudly on CI when it is missing, skip with a reason locally."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


def require_model(key: str = "default") -> Path:
    from rag.llm.local import llama_cpp_installed
    from rag.llm.model_files import MODELS, find_model
    from rag.settings import Settings

    path = find_model(key, Settings().cache_dir)
    missing = None
    if not llama_cpp_installed():
        missing = "llama-cpp-python is not installed (pip install -e '.[llm]')"
    elif path is None:
        missing = f"model {MODELS[key].filename} is not assembled ({MODELS[key].install_hint()})"
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"CI needs the real model: {missing}")
        pytest.skip(missing)
    return path
