"""Evaluation: how often retrieval finds the right document and the answer contains the right words.

``rag eval DATASET`` (see ``rag.cli.eval``) and the benchmarks in ``bench/`` use these modules:
``dataset`` (load a docs/ + qa.jsonl folder), ``metrics`` (pure functions), ``runner`` (ingest, ask, score),
``report`` (report.json, results.jsonl, a PNG plot).
"""
