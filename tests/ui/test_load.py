"""The load test's small mode (bench/load_test.py --sessions 4 --seconds 10): a real `rag serve`, concurrent chat
sessions through the app's chat endpoint while a folder ingest runs in the app. A behaviour test: no errors, every
answer right; the latency figures it prints are for bench/README.md, not asserted here."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow


def test_small_load_has_no_errors_and_right_answers(tmp_path):
    out = tmp_path / "load.json"
    cmd = [sys.executable, str(ROOT / "bench" / "load_test.py"), "--sessions", "4", "--seconds", "10",
           "--articles", "20", "--json", str(out)]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=900)
    report = proc.stdout[-6000:] + proc.stderr[-3000:]
    assert out.exists(), report
    fig = json.loads(out.read_text())
    assert fig["failures"] == [], report
    assert proc.returncode == 0, report
    load, base = fig["load"], fig["baseline"]
    assert base["errors"] == base["wrong"] == 0, report
    assert load["errors"] == 0 and load["wrong"] == 0, report
    assert load["fixed_asked"] >= 4 and load["fixed_wrong"] == 0, report  # every session asked it at least once
    assert fig["ingest"]["rounds"] and fig["ingest"]["rounds"][0]["added"] == 20, report
    assert fig["server_tracebacks"] == 0, report
