"""A corpus of hostile files: each gets a clear per-file result, the batch finishes, memory stays bounded."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.ingest.fixtures import write_hostile_corpus

pytestmark = pytest.mark.slow

CHILD = r"""
import json, resource, sys
from rag import Assistant
a = Assistant(data_dir=sys.argv[1], answerer="extractive")
r = a.ingest([sys.argv[2]])
docs = {d.doc_id: d.source for d in a.documents()}
out = r.to_dict()
out["added_sources"] = [docs[i] for i in r.added]
out["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
ans = a.ask("When will the first ferries to Marrow sail?")
out["answer"] = ans.answer
print(json.dumps(out))
"""


def test_hostile_corpus(tmp_path):
    corpus = tmp_path / "hostile"
    expect = write_hostile_corpus(corpus, big_mb=50)
    # (An unreadable folder is covered in test_load.py: as root, chmod cannot make one here.)
    out = subprocess.run([sys.executable, "-c", CHILD, str(tmp_path / "data"), str(corpus)], cwd=ROOT,
                         capture_output=True, text=True, timeout=1200)
    assert out.returncode == 0, out.stderr[-3000:]
    report = json.loads(out.stdout.strip().splitlines()[-1])
    added = {Path(s).name for s in report["added_sources"]}
    failed = {Path(f["path"]).name: f["reason"] for f in report["failed"]}
    warned = {Path(w["path"]).name for w in report["warnings"]}
    for name, outcome in expect.items():
        if outcome == "fail":
            assert name in failed and failed[name], f"{name} should fail with a reason"
        elif outcome in ("ok", "warn"):
            assert name in added, f"{name} should be ingested; failed: {failed.get(name)}"
            if outcome == "warn":
                assert name in warned, f"{name} should carry a warning"
        else:
            assert name in added or failed.get(name), f"{name} got no result"
    assert "RAG_MAX_FILE_MB" in failed["big-50mb.txt"]
    assert "April" in report["answer"]
    # The 256 kB single line was read, chunked and embedded ("ok" above) without the process ballooning.
    assert report["maxrss_mb"] < 3000, report["maxrss_mb"]
    print(f"hostile files: {len(expect)}; added {sorted(added)}; failed {sorted(failed)}; "
          f"peak RSS {report['maxrss_mb']:.0f} MB")
