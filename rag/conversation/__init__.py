"""Conversations: follow-ups, kept chats, transcripts, feedback."""
