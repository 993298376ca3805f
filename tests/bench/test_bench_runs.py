"""Every bench script still starts: ``python -m bench.NAME --help`` exits 0, and every bench module imports (the
package and its set generators), so a rename in rag/ cannot leave bench/ broken unnoticed."""

from __future__ import annotations

import importlib
import os
import pkgutil
import subprocess
import sys

import pytest

import bench
from tests.conftest import ROOT

MODULES = sorted(m.name for m in pkgutil.walk_packages(bench.__path__, "bench.") if not m.ispkg)
SCRIPTS = [m for m in MODULES if "if __name__ ==" in (ROOT / (m.replace(".", "/") + ".py")).read_text()]


def test_bench_modules_import():
    for name in MODULES:
        importlib.import_module(name)


@pytest.mark.parametrize("name", SCRIPTS)
def test_bench_script_help(name):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    r = subprocess.run([sys.executable, "-m", name, "--help"], cwd=ROOT, env=env, capture_output=True, text=True,
                       timeout=120)
    assert r.returncode == 0, r.stderr[-2000:]
    assert "usage" in r.stdout.lower()
