"""The browser chat: a thin Gradio layer over rag.Assistant."""
