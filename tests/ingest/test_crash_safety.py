"""Kill -9 a real ingest at random moments; the next ingest must end with exactly the store a clean run builds."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow

KILL_POINTS = int(os.environ.get("RAG_TEST_KILL_POINTS", "4"))

# Small write groups: a small corpus still gives many moments between two writes to kill at (with the default
# 1024-chunk groups the whole corpus would be one write).
CHILD = r"""
import sys, time
import ingest.sync
from rag import Assistant
ingest.sync.GROUP_CHUNKS = 24
a = Assistant(data_dir=sys.argv[1], answerer="extractive")
a.embedder.model  # load before the clock starts
print("START", flush=True)
t = time.perf_counter()
r = a.ingest([sys.argv[2]], prune=True)
print("DONE", round(time.perf_counter() - t, 3), r.summary(), flush=True)
"""

TOPICS = ["harbor", "orchard", "railway", "glacier", "library", "bakery", "stadium", "vineyard", "bridge", "museum"]


def write_corpus(root: Path, version: int, n: int = int(os.environ.get("RAG_TEST_KILL_DOCS", "12"))) -> None:
    """n articles of several chunks each; version 2 changes a third of them and drops two."""
    root.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        f = root / f"article-{i:03d}.txt"
        if version == 2 and i in (3, 7):
            f.unlink(missing_ok=True)
            continue
        edit = version == 2 and i % 3 == 0
        topic = TOPICS[i % len(TOPICS)]
        sentences = [f"Report {i} on the {topic} project, paragraph {j}: the committee reviewed budget line {j * 7 + i}"
                     f"{' after the revision' if edit else ''} and agreed to publish figures by week {j + 1}."
                     for j in range(30)]
        f.write_text(f"The {topic} file number {i}\n\n" + " ".join(sentences))


def run_killed_child(data: Path, corpus: Path, kill_after: float) -> str:
    """Start an ingest in a child process and kill -9 it kill_after seconds after its model is loaded."""
    proc = subprocess.Popen([sys.executable, "-c", CHILD, str(data), str(corpus)], cwd=ROOT, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            env={**os.environ, "RAG_CHUNK_SIZE": "64", "RAG_CHUNK_OVERLAP": "16"})
    assert proc.stdout.readline().strip() == "START"
    time.sleep(kill_after)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    return "killed" if proc.returncode == -signal.SIGKILL else "finished"


def store_state(data: Path) -> dict:
    from chromadb.api.client import SharedSystemClient

    from rag import Assistant

    # Another process (or an earlier Assistant here) wrote this store: drop the in-process client cache so Chroma
    # reads it afresh from disk.
    SharedSystemClient.clear_system_cache()
    a = Assistant(data_dir=data, answerer="extractive", chunk_size=64, chunk_overlap=16)
    got = list(a.store.iter_chunks(embeddings=True))
    return {
        "chunks": {c.chunk_id: (c.text, tuple(sorted(c.metadata.items()))) for c in got},
        "embeddings": sum(c.embedding is not None for c in got),
        "keyword_ids": a.keywords.chunk_ids(),
    }


def ingest_here(data: Path, corpus: Path, embedder) -> float:
    """The child's ingest (same settings, same 24-chunk write groups) in this process with the session's loaded
    model; returns its seconds, timed as the child times itself (the model already loaded).

    Used for the clean references and each recovery run: only a run that gets killed needs a process of its own,
    and each child costs a Python start and a model load (~10 s on 2 shared cores). The store is opened afresh
    and closed after, as by a process that starts and exits."""
    from chromadb.api.client import SharedSystemClient

    import ingest.sync
    from rag import Assistant

    SharedSystemClient.clear_system_cache()
    a = Assistant(data_dir=data, embedder=embedder, answerer="extractive", chunk_size=64, chunk_overlap=16)
    group, ingest.sync.GROUP_CHUNKS = ingest.sync.GROUP_CHUNKS, 24
    try:
        t = time.perf_counter()
        a.ingest([corpus], prune=True)
        return time.perf_counter() - t
    finally:
        ingest.sync.GROUP_CHUNKS = group
        a.keywords.close()
        SharedSystemClient.clear_system_cache()


def describe_diff(got: dict, want: dict) -> str:
    extra, missing = sorted(set(got) - set(want)), sorted(set(want) - set(got))
    changed = [k for k in set(got) & set(want) if got[k] != want[k]]
    return f"{len(extra)} extra (e.g. {extra[:3]}), {len(missing)} missing (e.g. {missing[:3]}), {len(changed)} changed"


def test_killed_ingests_converge_to_the_clean_store(tmp_path, embedder):
    corpus = tmp_path / "corpus"
    rnd = random.Random(int(os.environ.get("RAG_TEST_SEED", "11")))

    # Clean references for both corpus versions, with the ingest duration to spread kill points over.
    write_corpus(corpus, 1)
    duration = ingest_here(tmp_path / "ref1", corpus, embedder)
    v1_store = tmp_path / "v1-store"  # a clean v1 store to start each update from (a copy, not another ingest)
    shutil.copytree(tmp_path / "ref1", v1_store)
    ref1 = store_state(tmp_path / "ref1")
    write_corpus(corpus, 2)
    ingest_here(tmp_path / "ref1", corpus, embedder)
    ref2 = store_state(tmp_path / "ref1")
    assert ref1["chunks"] != ref2["chunks"] and ref2["keyword_ids"] == set(ref2["chunks"])

    outcomes = []
    for point in range(KILL_POINTS):
        version = 1 + point % 2  # alternate: first ingest of v1, then an update to v2 from a v1 store
        data = tmp_path / f"killed-{point}"
        if version == 2:
            shutil.copytree(v1_store, data)
        write_corpus(corpus, version)
        kill_after = rnd.uniform(0, duration * 1.1)
        outcomes.append(run_killed_child(data, corpus, kill_after))
        ingest_here(data, corpus, embedder)  # the recovery run: a later process, after the kill
        state = store_state(data)
        ref = ref1 if version == 1 else ref2
        assert state["chunks"] == ref["chunks"], (
            f"kill point {point} at {kill_after:.2f}s diverged: {describe_diff(state['chunks'], ref['chunks'])}")
        assert state["embeddings"] == len(ref["chunks"])
        assert state["keyword_ids"] == set(ref["chunks"]), f"kill point {point}: keyword index differs from Chroma"
    print(f"kill points: {len(outcomes)} over {duration * 1.1:.1f}s, killed mid-run: {outcomes.count('killed')}, "
          "all converged")
    assert outcomes.count("killed") >= KILL_POINTS // 2


def test_two_concurrent_ingests_leave_a_consistent_store(tmp_path, embedder):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 1, n=12)
    data = tmp_path / "data"
    procs = [subprocess.Popen([sys.executable, "-c", CHILD, str(data), str(corpus)], cwd=ROOT, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              env={**os.environ, "RAG_CHUNK_SIZE": "64", "RAG_CHUNK_OVERLAP": "16"})
             for _ in range(2)]
    outs = [p.communicate(timeout=600) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    # One did the work, the other waited for the lock and found everything unchanged. (Matched by content, not
    # sorted: each line starts with its own elapsed time, and the waiter's can be the shorter one.)
    summaries = [o[0].split("\n")[1] for o in outs]
    assert sorted("added 12," in s for s in summaries) == [False, True], summaries
    assert sorted("unchanged 12," in s for s in summaries) == [False, True], summaries
    state = store_state(data)
    ref = tmp_path / "ref"
    ingest_here(ref, corpus, embedder)
    assert state["chunks"] == store_state(ref)["chunks"]
