"""Measurement scripts, each run from the repo root as ``python -m bench.NAME`` (bench/README.md)."""
