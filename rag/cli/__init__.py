"""The `rag` command line: one module per command group."""
