"""One typed settings object: defaults < RAG_* environment variables < explicit overrides (CLI flags).

`Settings` holds where things live and the embedder at its top, and one group per part that reads the rest:
``ingest`` (chunking, file and parse limits), ``retrieval`` (the ranking), ``answer`` (the answerer and what the
model reads), ``timeline``, ``fetch`` (pages, feeds, watched folders), ``watches``, ``ui`` and ``api``. Each part is
handed its group whole (``HybridRetriever(settings.retrieval, …)``, ``GenerativeAnswerer(…, settings.answer)``).

A group's fields keep their flat names, so the environment variables stay ``RAG_<FIELD>`` (``RAG_TOP_K``, not
``RAG_RETRIEVAL__TOP_K``), flags and keyword overrides stay flat (``Settings(top_k=3)``,
``Assistant(fetch_max_mb=0.2)``), and ``settings.top_k`` still reads (and assigns) ``settings.retrieval.top_k``
for users' code and the bench scripts. Product code (rag/, ingest/, ui/) reads its group (issue 29: about 60 flat
reads moved), so each part's dependence on the settings is its group: ``FLAT_READS.fail`` (set for the whole test
suite by tests/conftest.py) makes a flat read from a product module raise ``FlatSettingRead``, naming the group
read to write instead. A static scan cannot tell a Settings from a group (``HybridRetriever.settings`` is the
retrieval group; ``s`` is either), the caller's module can, at the cost of one frame look-up per flat read only.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from pydantic import BaseModel, Field, field_validator, model_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from rag.settings.groups import (GROUP_OF, GROUPS, MB, APISettings, AnswererName, AnswerSettings,  # noqa: F401
                                 FetchSettings, IngestSettings, RetrievalSettings, TimelineSettings, UISettings,
                                 OptionalText, WatchesSettings, mb_bytes)


def _default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "rag-assistant"


def _default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "rag-assistant"


_REPO = str(Path(__file__).resolve().parents[2])


class FlatSettingRead(RuntimeError):
    """Product code read a grouped setting by its flat name (``settings.top_k``) with ``FLAT_READS.fail`` set."""


class _FlatReads:
    """``fail``: raise ``FlatSettingRead`` when a module of the product reads or assigns a flat name, except those
    under ``exempt`` (folders relative to the repository, e.g. "rag/watches/")."""

    fail = False
    exempt: tuple[str, ...] = ()
    _PRODUCT = tuple(os.path.join(_REPO, pkg, "") for pkg in ("rag", "ingest", "ui"))
    _OWN = os.path.join(_REPO, "rag", "settings", "")

    def check(self, name: str) -> None:
        if not self.fail:
            return
        caller = sys._getframe(2).f_code.co_filename  # 0: check, 1: Settings.__getattr__/__setattr__
        exempt = tuple(os.path.join(_REPO, e) for e in self.exempt)
        if caller.startswith(self._PRODUCT) and not caller.startswith((self._OWN, *exempt)):
            raise FlatSettingRead(f"{caller}: settings.{name} is a flat read; product code reads its group: "
                                  f"settings.{GROUP_OF[name]}.{name}")


FLAT_READS = _FlatReads()


class _FlatEnv(PydanticBaseSettingsSource):
    """RAG_<FIELD> for the grouped fields (the stock source would read RAG_<GROUP> as JSON)."""

    def get_field_value(self, field, field_name):  # pragma: no cover - __call__ does the work
        return None, field_name, False

    def __call__(self) -> dict:
        env = {k.upper(): v for k, v in os.environ.items()}
        out: dict[str, dict] = {}
        for field, group in GROUP_OF.items():
            if f"RAG_{field.upper()}" in env:
                out.setdefault(group, {})[field] = env[f"RAG_{field.upper()}"]
        return out


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="RAG_", extra="ignore", validate_assignment=True)

    # --- where things live
    data_dir: Path = Field(default_factory=_default_data_dir, description="Embedded Chroma store, BM25 index, locks.")
    cache_dir: Path = Field(default_factory=_default_cache_dir, description="Assembled model files.")
    chroma_url: OptionalText = Field(default=None, description="Use a Chroma server (http://host:port) instead of the embedded store.")
    collection: str = Field(default="chunks", description="Chroma collection name.")

    # --- embedding and chunking
    embed_model: str = Field(default="all-MiniLM-L6-v2", description="Packaged model name or a local sentence-transformers path.")
    embed_batch_size: int = Field(default=64, ge=1)

    ingest: IngestSettings = Field(default_factory=IngestSettings)
    retrieval: RetrievalSettings = Field(default_factory=RetrievalSettings)
    timeline: TimelineSettings = Field(default_factory=TimelineSettings)
    answer: AnswerSettings = Field(default_factory=AnswerSettings)
    fetch: FetchSettings = Field(default_factory=FetchSettings)
    watches: WatchesSettings = Field(default_factory=WatchesSettings)
    ui: UISettings = Field(default_factory=UISettings)
    api: APISettings = Field(default_factory=APISettings)

    @classmethod
    def settings_customise_sources(cls, settings_cls, init_settings, env_settings, dotenv_settings,
                                   file_secret_settings):
        return init_settings, _FlatEnv(settings_cls), env_settings, dotenv_settings, file_secret_settings

    @model_validator(mode="before")
    @classmethod
    def _into_groups(cls, data):
        """Flat keys (``top_k=3``, a flag, an override) go into their group, over what the group already has."""
        if not isinstance(data, dict) or not any(k in GROUP_OF for k in data):
            return data
        data = dict(data)
        for key in [k for k in data if k in GROUP_OF]:
            name = GROUP_OF[key]
            group = data.get(name) or {}
            group = group.model_dump() if isinstance(group, BaseModel) else dict(group)
            group[key] = data.pop(key)
            data[name] = group
        return data

    def __getattr__(self, name: str):
        if name in GROUP_OF:  # flat reads: settings.top_k is settings.retrieval.top_k
            FLAT_READS.check(name)
            return getattr(getattr(self, GROUP_OF[name]), name)
        return super().__getattr__(name)

    def __setattr__(self, name: str, value) -> None:
        if name in GROUP_OF:
            FLAT_READS.check(name)
            setattr(getattr(self, GROUP_OF[name]), name, value)
        else:
            super().__setattr__(name, value)

    @field_validator("data_dir", "cache_dir", mode="after")
    @classmethod
    def _expand(cls, v: Path) -> Path:
        return v.expanduser()


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
