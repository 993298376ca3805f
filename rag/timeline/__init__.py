"""Timelines of a story: the question, the evidence across a period, the cited lines."""
