"""The MCP (Model Context Protocol) face of the Assistant: ``tools.build_server`` (work in progress, issue 27)."""
