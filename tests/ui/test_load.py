"""The load test's small mode (bench/load_test.py --sessions 4 --seconds 6 --baseline-cycles 1): a real `rag serve`,
concurrent chat sessions through the app's chat endpoint while a folder ingest runs in the app. A behaviour test: no
errors, every answer right; the latency figures it prints are for bench/README.md, not asserted here."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow


def test_small_load_has_no_errors_and_right_answers(tmp_path):
    out = tmp_path / "load.json"
    # One baseline cycle (its figures are not asserted, only that it has no errors), a 6 s window and 12 articles:
    # the background ingest runs round after round until the window ends, so one is in flight throughout; fewer
    # articles only shorten the round still running after it (was 10 s, 3 cycles, 20 articles: 51 s -> 46 s).
    cmd = [sys.executable, "-m", "bench.load_test", "--sessions", "4", "--seconds", "6",
           "--baseline-cycles", "1", "--articles", "12", "--json", str(out)]
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
    assert fig["ingest"]["rounds"] and fig["ingest"]["rounds"][0]["added"] == 12, report
    assert fig["server_tracebacks"] == 0, report
