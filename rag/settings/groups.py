"""The groups of `rag.settings.Settings`, one per part that reads them; each keeps the flat field names, which are
also the environment variables' (``RAG_<FIELD>``)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_settings import NoDecode

MB = 1_000_000  # the settings' "MB": decimal megabytes, as the messages that quote a limit print them


def mb_bytes(mb: float) -> int:
    """Bytes in ``mb`` megabytes: the one conversion behind every *_mb setting's byte limit."""
    return int(mb * MB)


def blank_is_none(v):
    return None if isinstance(v, str) and not v.strip() else v


OptionalText = Annotated[str | None, BeforeValidator(blank_is_none)]  # a blank variable is unset


def _split_hosts(v):
    return [h.strip() for h in v.split(",") if h.strip()] if isinstance(v, str) else v


def _split_paths(v):
    return [p.strip() for p in v.replace(",", os.pathsep).split(os.pathsep) if p.strip()] if isinstance(v, str) else v


AnswererName = Literal["auto", "extractive", "local", "openai"]


class _Group(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class IngestSettings(_Group):
    """Chunking and the limits on one file (ingest/)."""

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

    @property
    def max_file_bytes(self) -> int:
        return mb_bytes(self.max_file_mb)

    def parse_limits(self):
        """The per-file limits of the parse worker (ingest/limits.py, ingest/ocr.py)."""
        from ingest.limits import ParseLimits
        from ingest.ocr import OcrLimits

        ocr = OcrLimits(pages=self.ocr_max_pages, seconds=self.ocr_timeout, min_confidence=self.ocr_min_confidence)
        return ParseLimits(seconds=self.parse_timeout, memory_mb=self.parse_max_memory_mb,
                           uncompressed_mb=self.parse_max_uncompressed_mb, elements=self.parse_max_elements,
                           pages=self.parse_max_pages, ocr=ocr)


class RetrievalSettings(_Group):
    """The ranking: fusion, re-rank, time, evidence, copies (rag/retrieval/retrieve.py)."""

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
    # Time (rag/retrieval/recency.py, rag/retrieval/dedup.py); tuned on the news set, bench/README.md. Only dated stores use them.
    recency_weight: float = Field(default=0.3, ge=0, description="Recency prior added to the re-rank score; 0 turns it off.")
    recency_half_life_days: float = Field(default=14.0, gt=0, description="Age in days at which the prior is halved.")
    # A date in the question is evidence, not a filter (rag/retrieval/recency.py, issue 24): articles in its window get a
    # bonus, those outside lose it gradually, reports a few days after the window count as in it (reporting lag).
    window_weight: float = Field(default=0.6, ge=0, description="Bonus for a passage dated inside the question's window; 0 turns the window into no signal at all.")
    window_lag_days: int = Field(default=3, ge=0, description="Days after a window's end whose reports still count as reporting on it.")
    window_half_life_days: float = Field(default=1.0, gt=0, description="Days outside the window at which its bonus is halved.")
    dedup_threshold: float = Field(default=0.7, ge=0, description="Shingle containment at which passages of different documents are copies; above 1: off.")


class TimelineSettings(_Group):
    """Timelines (rag/timeline/)."""

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


class AnswerSettings(_Group):
    """Who answers and what the model reads (rag/answer/factory.py, rag/answer/generative.py)."""

    # --- answering
    refusal_threshold: float = Field(default=0.33, description="Minimum best dense cosine for an answer; see rag/answer/refusal.py.")
    answerer: AnswererName = "auto"
    llm_model: OptionalText = Field(default=None, description="GGUF path (local) or model name (openai).")
    llm_base_url: OptionalText = None
    llm_api_key: OptionalText = None
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
    answer_excerpt_close: float = Field(default=0.0, ge=0, le=1, description="A best sentence after the first is "
                                        "read only when its score is at least this share of the first's (0: always; "
                                        "rag/answer/context.py).")
    answer_fact_alone: bool = Field(default=True, description="A one-sentence model answer that restates the "
                                    "question around its fact is cut to the fact (rag/answer/concise.py).")
    answer_every_holder: bool = Field(default=True, description="An answer naming one of several people the passages "
                                      "name in the role asked about names them all (rag/answer/holders.py).")
    instant_answer: bool = Field(default=True, description="Show the cited extractive answer at once, marked "
                                 "provisional, until the model's answer replaces it.")
    llm_prompt_lookup: int = Field(default=0, ge=0, description="Prompt-lookup draft tokens per step for the local "
                                   "model (0: off).")


class FetchSettings(_Group):
    """Web pages, feeds and watched folders (rag/sources/, ingest/fetch.py)."""

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

    @property
    def fetch_max_bytes(self) -> int:
        return mb_bytes(self.fetch_max_mb)

    def policy(self):
        """What one page or feed fetch may do (ingest/fetch.py)."""
        from ingest.fetch import FetchPolicy

        return FetchPolicy(timeout=self.fetch_timeout, max_bytes=self.fetch_max_bytes,
                           max_redirects=self.fetch_max_redirects, allow_private=self.fetch_allow_private)


class WatchesSettings(_Group):
    """Kept questions (rag/watches/)."""

    # --- questions that watch the news (rag/watches/methods.py, rag/watches/check.py); RAG_WATCHES_*, apart from the
    # folder watcher's RAG_WATCH_DEBOUNCE.
    watches_recheck: bool = Field(default=True, description="Re-check the kept questions after every ingest, sync, "
                                  "watched-folder change, feed update or delete, in the background; only those "
                                  "whose retrieved passages changed are re-asked. Off: `rag watches check` "
                                  "(Assistant.check_watches) re-checks on demand.")
    watches_facts_gate: bool = Field(default=True, description="A model re-check keeps the kept answer, with no "
                                     "generation, when the changed excerpts bring no new name or number and the "
                                     "extractive answer's facts did not move (rag/watches/gate.py): 5 of 19 model "
                                     "answers saved after a 10-article news ingest, no changed fact missed "
                                     "(bench/README.md, 'Questions that watch').")
    watches_max: int = Field(default=100, ge=1, description="Most kept questions per user (each re-check retrieves "
                             "for every user's kept questions: 100 in 4.5-7.8 s on the loaded 2-core dev machine, "
                             "bench/watch_cost.py).")


class UISettings(_Group):
    """The browser UI (ui/)."""

    # --- UI
    ui_username: str | None = None
    ui_password: str | None = None
    ui_users: str | None = Field(default=None, description="More logins, each seeing only their own chats: "
                                                            "'alice:pw1,bob:pw2'.")
    ui_max_upload_mb: float = Field(default=50.0, gt=0, description="Largest uploaded file (browser and HTTP API).")
    ui_ingest_roots: Annotated[list[Path], NoDecode, BeforeValidator(_split_paths)] = Field(
        default_factory=list, description="Server folders the UI may ingest from (separated by ':' or ','); "
                                          "none: the UI cannot ingest server folders at all.")

    @property
    def ui_max_upload_bytes(self) -> int:
        return mb_bytes(self.ui_max_upload_mb)


class APISettings(_Group):
    """The HTTP API (rag/http_api/)."""

    # --- HTTP API
    api_key: OptionalText = Field(default=None, description="Bearer token every route requires when set (needed off "
                                "loopback, at least API_KEY_MIN_CHARS long there); it may act for any user.")
    allowed_hosts: Annotated[list[str], NoDecode, BeforeValidator(_split_hosts)] = Field(
        default_factory=list, description="Host names served besides the loopback names and --host (',' separated; "
                                          "'*': any). Other Host headers get a 400 (DNS rebinding); pages of these "
                                          "names may also send state-changing requests.")
    api_max_upload_mb: float = Field(default=200.0, gt=0, description="Largest whole upload request to the HTTP API.")

    @property
    def api_max_upload_bytes(self) -> int:
        return mb_bytes(self.api_max_upload_mb)


GROUPS: dict[str, type[_Group]] = {"ingest": IngestSettings, "retrieval": RetrievalSettings,
                                   "timeline": TimelineSettings, "answer": AnswerSettings, "fetch": FetchSettings,
                                   "watches": WatchesSettings, "ui": UISettings, "api": APISettings}
# flat field name -> its group ("top_k" -> "retrieval")
GROUP_OF = {field: group for group, model in GROUPS.items() for field in model.model_fields}
