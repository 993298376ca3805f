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

# Stems of pronouns and auxiliaries the stopword list (bm25s's 33 words) lacks: "its", "his", "has", "were". They
# are neither fact nor paraphrase, so the support check does not count them among a sentence's other words
# ("Seville shut its schools." was 1 of 3 words supported, "its" the third; issue 24).
FUNCTION_STEMS = {"it", "their", "his", "her", "our", "my", "your", "them", "he", "she", "we", "us", "him", "me",
                  "were", "has", "had", "have", "been", "be", "would", "could", "should", "might", "must"}
