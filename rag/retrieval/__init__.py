"""Retrieval: hybrid search, re-ranking, time in retrieval, the answer-evidence stage."""
