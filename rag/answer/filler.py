"""Words that state no fact of their own ("This was reported in [2].", "Based on the passages, …").

Shared by the support check (rag/answer/verify.py: filler sentences, names, other words) and the number check
(rag/answer/counts.py: what a number counts).
"""

from __future__ import annotations

# Stems of words that add no fact of their own: a sentence made only of these (and stopwords) is filler.
FILLER_STEMS = {"sure", "certain", "answer", "question", "base", "accord", "passag", "sourc", "provid", "note",
                "follow", "inform", "context", "state", "found", "mention", "see", "refer", "cite", "can", "also",
                "given", "text", "document", "articl", "referenc", "report", "say", "said", "detail", "describ",
                "explain", "indic", "specifi", "confirm", "discuss", "read", "write", "written", "cover", "explicit",
                "direct", "clear", "support", "show", "as", "well", "abov", "mention", "summari", "relev",
                "specif", "particular", "addit", "furthermor", "moreov", "statement", "date", "figur", "fact"}
