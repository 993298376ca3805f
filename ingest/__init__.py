"""Ingestion pipeline: load files → clean text → chunk to the embedder's limit → sync with the store."""
