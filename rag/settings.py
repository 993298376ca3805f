"""One typed settings object: defaults < RAG_* environment variables < explicit overrides (CLI flags)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


def _default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "rag-assistant"


def _default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "rag-assistant"


AnswererName = Literal["auto", "extractive", "local", "openai"]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="RAG_", extra="ignore", validate_assignment=True)

    # --- where things live
    data_dir: Path = Field(default_factory=_default_data_dir, description="Embedded Chroma store, BM25 index, locks.")
    cache_dir: Path = Field(default_factory=_default_cache_dir, description="Assembled model files.")
    chroma_url: str | None = Field(default=None, description="Use a Chroma server (http://host:port) instead of the embedded store.")
    collection: str = Field(default="chunks", description="Chroma collection name.")

    # --- embedding and chunking
    embed_model: str = Field(default="all-MiniLM-L6-v2", description="Packaged model name or a local sentence-transformers path.")
    embed_batch_size: int = Field(default=64, ge=1)
    chunk_size: int = Field(default=200, ge=32, description="Max word pieces per chunk (embedder's own tokenizer).")
    chunk_overlap: int = Field(default=40, ge=0, description="Word pieces of trailing sentences repeated in the next chunk.")
    max_file_mb: float = Field(default=20.0, gt=0, description="Files larger than this are refused (bounds memory and embedding time).")
    # Per-file parse limits (ingest/limits.py): far above real documents, below what a bomb needs.
    parse_timeout: float = Field(default=60.0, gt=0, description="Seconds one .pdf/.docx/.html file may take to "
                                 "parse (in a worker process) before it is refused.")
    parse_max_memory_mb: int = Field(default=2048, ge=256, description="Memory cap of the parse worker (RLIMIT_AS; "
                                     "its imports take ~300 MB).")
    parse_max_uncompressed_mb: float = Field(default=200.0, gt=0, description="Largest unpacked contents of a "
                                             ".docx (declared and as read).")
    parse_max_elements: int = Field(default=500_000, ge=1, description="Most XML elements in a .docx body or tags "
                                    "in an HTML page.")
    parse_max_pages: int = Field(default=5000, ge=1, description="Most pages in a PDF.")
    # OCR of scanned PDF pages and images (ingest/ocr.py): about 1.7 s a full A4 page at 300 dpi on one core
    # (0.53-0.63 pages/s, bench/ocr.py), so the default caps allow a 100-page scan on a loaded machine.
    ocr_max_pages: int = Field(default=100, ge=1, description="Most pages of one file read by OCR (pages without a "
                               "text layer, image frames); a file needing more is refused.")
    ocr_timeout: float = Field(default=300.0, gt=0, description="Seconds all OCR of one file may take, on top of "
                               "parse_timeout; over it the file is refused.")
    ocr_min_confidence: float = Field(default=50.0, ge=0, le=100, description="Mean Tesseract word confidence "
                                      "(0-100) under which a page is refused as unreadable (clean renders: 90+; a "
                                      "blur that turns words to garbage: 37).")

    # --- retrieval
    top_k: int = Field(default=5, ge=1, le=100)
    candidates: int = Field(default=30, ge=1, description="Depth of each ranked list before fusion.")
    rrf_k: int = Field(default=60, ge=1)
    dense_weight: float = Field(default=1.0, ge=0)
    bm25_weight: float = Field(default=1.0, ge=0)
    # Second stage (rag/retrieval/rerank.py); weights and depth tuned on squad_v1_dev with bench/tune_retrieval.py.
    rerank_depth: int = Field(default=20, ge=0, description="Fused candidates re-ranked; 0 turns re-ranking off.")
    rerank_dense_weight: float = Field(default=1.0, ge=0, description="Weight of the question-chunk cosine.")
    rerank_sentence_weight: float = Field(default=0.5, ge=0, description="Weight of best-sentence term coverage.")
    rerank_chunk_weight: float = Field(default=0.25, ge=0, description="Weight of whole-chunk term coverage.")
    # Third stage (rag/retrieval/evidence.py, issue 24), dated stores only: the first candidates judged as answers; tuned
    # on both news sets.
    evidence_depth: int = Field(default=10, ge=0, description="Top candidates the answer-evidence stage reorders; 0 turns it off.")
    evidence_hedge_weight: float = Field(default=1.0, ge=0, description="Cost per unit of best-sentence coverage held only in speculation (previews: 'could face up to', 'seen as the frontrunners').")
    evidence_newest_bonus: float = Field(default=0.2, ge=0, description="Bonus for the newest dated report of the question's story inside its window (dated stores only).")
    evidence_story_coverage: float = Field(default=0.5, ge=0, le=1, description="Share of the question's terms (idf-weighted) a chunk holds to count as a report of its story.")
    refusal_threshold: float = Field(default=0.33, description="Minimum best dense cosine for an answer; see rag/answer/refusal.py.")
    # Time (rag/retrieval/recency.py, rag/retrieval/dedup.py); tuned on the news set, bench/README.md. Only dated stores use them.
    recency_weight: float = Field(default=0.3, ge=0, description="Recency prior added to the re-rank score; 0 turns it off.")
    recency_half_life_days: float = Field(default=14.0, gt=0, description="Age in days at which the prior is halved.")
    # A date in the question is evidence, not a filter (rag/retrieval/recency.py, issue 24): articles in its window get a
    # bonus, those outside lose it gradually, reports a few days after the window count as in it (reporting lag).
    window_weight: float = Field(default=0.6, ge=0, description="Bonus for a passage dated inside the question's window; 0 turns the window into no signal at all.")
    window_lag_days: int = Field(default=3, ge=0, description="Days after a window's end whose reports still count as reporting on it.")
    window_half_life_days: float = Field(default=1.0, gt=0, description="Days outside the window at which its bonus is halved.")
    dedup_threshold: float = Field(default=0.7, ge=0, description="Shingle containment at which passages of different documents are copies; above 1: off.")

    # --- timelines (rag/timeline/gather.py, rag/timeline/lines.py); tuned on bench/timeline_set, bench/README.md
    timeline_probe_k: int = Field(default=20, ge=1, le=100, description="Passages of the first search over the "
                                  "whole period (finds the story and its best match).")
    timeline_slices: int = Field(default=8, ge=1, le=50, description="Parts the period is cut into, each searched "
                                 "on its own so quiet weeks still contribute their reports.")
    timeline_slice_k: int = Field(default=8, ge=1, le=100, description="Passages kept from each slice's search.")
    timeline_relevance: float = Field(default=0.75, ge=0, le=1, description="Share of the best passage's dense "
                                      "cosine a passage needs to count as the same story.")
    timeline_same_days: int = Field(default=2, ge=0, description="Days apart at which two outlets' reports may "
                                    "still be one development.")
    timeline_same_cosine: float = Field(default=0.7, ge=0, le=1, description="Dense cosine of two reports' lead "
                                        "sentences at which they are one development.")
    timeline_related_cosine: float = Field(default=0.4, ge=0, le=1, description="Lower cosine at which two leads "
                                           "that share a number or two words beyond the story's own are one "
                                           "development.")

    # --- answering
    answerer: AnswererName = "auto"
    llm_model: str | None = Field(default=None, description="GGUF path (local) or model name (openai).")
    llm_base_url: str | None = None
    llm_api_key: str | None = None
    llm_threads: int | None = Field(default=None, description="Defaults to the machine's cores.")
    llm_context: int = Field(default=4096, ge=512)
    llm_max_tokens: int = Field(default=256, ge=16)
    llm_timeout: float = Field(default=120.0, gt=0)
    llm_retries: int = Field(default=3, ge=0)
    llm_temperature: float = Field(default=0.0, ge=0)
    # Issue 11 (bench/answer_latency.py): what the model reads, what is shown while it writes.
    answer_excerpts: bool = Field(default=True, description="The model reads the passages' best sentences with "
                                  "their neighbours instead of whole chunks (rag/answer/context.py).")
    answer_excerpt_sentences: int = Field(default=3, ge=1, description="Best sentences the model reads when "
                                          "answer_excerpts is on.")
    answer_excerpt_neighbours: int = Field(default=0, ge=0, description="Sentences kept on either side of each "
                                           "best sentence.")
    answer_excerpt_best_neighbours: int = Field(default=1, ge=0, description="Sentences kept on either side of the "
                                                "best sentence (at least answer_excerpt_neighbours).")
    answer_fact_alone: bool = Field(default=True, description="A one-sentence model answer that restates the "
                                    "question around its fact is cut to the fact (rag/answer/concise.py).")
    answer_every_holder: bool = Field(default=True, description="An answer naming one of several people the passages "
                                      "name in the role asked about names them all (rag/answer/holders.py).")
    instant_answer: bool = Field(default=True, description="Show the cited extractive answer at once, marked "
                                 "provisional, until the model's answer replaces it.")
    llm_prompt_lookup: int = Field(default=0, ge=0, description="Prompt-lookup draft tokens per step for the local "
                                   "model (0: off).")

    # --- web pages, feeds, watched folders
    fetch_allow_private: bool = Field(default=False, description="Let URL fetches reach loopback, private and link-local addresses.")
    fetch_timeout: float = Field(default=15.0, gt=0, description="Seconds for one page or feed fetch, redirects included.")
    fetch_max_mb: float = Field(default=5.0, gt=0, description="Pages and feeds larger than this are refused.")
    fetch_max_redirects: int = Field(default=5, ge=0)
    feeds_interval: float = Field(default=1800.0, ge=0, description="Seconds between feed syncs in `rag serve`; 0: never.")
    # Issue 25: a 10,000-entry feed made 3,957 page fetches in 100 s and was not done; failures were retried on
    # every sync. A sync now takes at most this many entries per feed and backs off from failing ones.
    feed_max_entries: int = Field(default=100, ge=1, description="Most new or changed entries of one feed fetched "
                                  "and ingested per sync, newest first; the rest are taken on the next syncs.")
    feed_retry_seconds: float = Field(default=3600.0, gt=0, description="Wait before a failed feed entry is tried "
                                      "again; doubled after each further failure, up to a week (a changed entry "
                                      "is tried at once).")
    watch_debounce: float = Field(default=1.0, gt=0, description="Seconds of quiet before a watched folder's changes are synced.")

    # --- questions that watch the news (rag/watches/methods.py, rag/watches/check.py); RAG_WATCHES_*, apart from the
    # folder watcher's RAG_WATCH_DEBOUNCE.
    watches_recheck: bool = Field(default=True, description="Re-check the kept questions after every ingest, sync, "
                                  "watched-folder change, feed update or delete, in the background; only those "
                                  "whose retrieved passages changed are re-asked. Off: `rag watches check` "
                                  "(Assistant.check_watches) re-checks on demand.")
    watches_max: int = Field(default=100, ge=1, description="Most kept questions per user (each re-check retrieves "
                             "for every user's kept questions: 100 in 4.5-7.8 s on the loaded 2-core dev machine, "
                             "bench/watch_cost.py).")

    # --- UI
    ui_username: str | None = None
    ui_password: str | None = None
    ui_users: str | None = Field(default=None, description="More logins, each seeing only their own chats: "
                                                            "'alice:pw1,bob:pw2'.")
    ui_max_upload_mb: float = Field(default=50.0, gt=0, description="Largest uploaded file (browser and HTTP API).")
    ui_ingest_roots: Annotated[list[Path], NoDecode] = Field(
        default_factory=list, description="Server folders the UI may ingest from (separated by ':' or ','); "
                                          "none: the UI cannot ingest server folders at all.")

    # --- HTTP API
    api_key: str | None = Field(default=None, description="Bearer token every route requires when set (needed off "
                                "loopback, at least API_KEY_MIN_CHARS long there); it may act for any user.")
    allowed_hosts: Annotated[list[str], NoDecode] = Field(
        default_factory=list, description="Host names served besides the loopback names and --host (',' separated; "
                                          "'*': any). Other Host headers get a 400 (DNS rebinding); pages of these "
                                          "names may also send state-changing requests.")
    api_max_upload_mb: float = Field(default=200.0, gt=0, description="Largest whole upload request to the HTTP API.")

    @field_validator("ui_ingest_roots", mode="before")
    @classmethod
    def _split_roots(cls, v):
        if isinstance(v, str):
            return [p.strip() for p in v.replace(",", os.pathsep).split(os.pathsep) if p.strip()]
        return v

    @field_validator("allowed_hosts", mode="before")
    @classmethod
    def _split_hosts(cls, v):
        if isinstance(v, str):
            return [h.strip() for h in v.split(",") if h.strip()]
        return v

    @field_validator("data_dir", "cache_dir", mode="after")
    @classmethod
    def _expand(cls, v: Path) -> Path:
        return v.expanduser()

    @field_validator("chroma_url", "llm_base_url", "llm_model", "llm_api_key", "api_key", mode="before")
    @classmethod
    def _blank_is_none(cls, v):
        return None if isinstance(v, str) and not v.strip() else v

    def with_overrides(self, **overrides) -> "Settings":
        """A copy with the given non-None fields replaced (CLI flags, keyword arguments)."""
        clean = {k: v for k, v in overrides.items() if v is not None}
        return self.model_validate({**self.model_dump(), **clean}) if clean else self

    @property
    def keyword_index_path(self) -> Path:
        """The SQLite FTS5 keyword index: one per collection, and one per remote collection of a Chroma server."""
        name = self.collection
        if self.chroma_url:
            import hashlib

            name += "-" + hashlib.sha256(self.chroma_url.encode()).hexdigest()[:10]
        return self.data_dir / "keywords" / f"{name}.sqlite"

    @property
    def history_path(self) -> Path:
        return self.data_dir / "conversations.sqlite3"

    @property
    def watches_path(self) -> Path:
        """The kept questions and their answers, beside the kept conversations."""
        return self.data_dir / "watches.sqlite3"

    @property
    def lock_path(self) -> Path:
        return self.data_dir / "ingest.lock"
