"""Sentence-aligned chunks that fit the embedder's real input limit, with character offsets.

Written by hand because llama-index's SentenceSplitter counts tiktoken tokens (not MiniLM word pieces) and
does not guarantee its chunk text is a verbatim slice of the source, which exact citation spans need.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ingest.sentences import sentence_spans

# Count word pieces for a batch of strings (no special tokens).
TokenCounter = Callable[[Sequence[str]], list[int]]
# Split one over-long string into pieces of at most n word pieces: returns (start, end) char offsets.
TokenSplitter = Callable[[str, int], list[tuple[int, int]]]


@dataclass(frozen=True)
class Chunk:
    index: int
    start: int
    end: int
    text: str
    n_tokens: int


class Chunker:
    def __init__(self, count_tokens: TokenCounter, split_tokens: TokenSplitter, max_tokens: int, overlap_tokens: int):
        if overlap_tokens >= max_tokens:
            raise ValueError(f"chunk overlap ({overlap_tokens}) must be smaller than chunk size ({max_tokens})")
        self.count_tokens = count_tokens
        self.split_tokens = split_tokens
        self.max_tokens = max_tokens
        self.overlap_tokens = overlap_tokens

    @classmethod
    def for_embedder(cls, embedder, size: int, overlap: int) -> "Chunker":
        """Chunks of ``size`` word pieces of ``embedder``'s own tokenizer, capped at what it reads
        (``max_tokens``), with at most half a chunk of ``overlap``."""
        size = min(size, embedder.max_tokens)
        return cls(embedder.count_tokens, embedder.split_tokens, size, min(overlap, size // 2))

    @property
    def config(self) -> str:
        return f"sent-v1:{self.max_tokens}:{self.overlap_tokens}"

    def _units(self, text: str) -> list[tuple[int, int, int]]:
        """Sentences as (start, end, tokens), with sentences over the limit cut into token windows."""
        spans = sentence_spans(text)
        # Very long "sentences" (a 5 MB line) are pre-cut on whitespace so tokenizing stays cheap.
        max_chars = self.max_tokens * 12
        pieces: list[tuple[int, int]] = []
        for s, e in spans:
            while e - s > max_chars:
                cut = text.rfind(" ", s + max_chars // 2, s + max_chars)
                cut = cut if cut > s else s + max_chars
                pieces.append((s, cut))
                s = cut
                while s < e and text[s].isspace():
                    s += 1
            if e > s:
                pieces.append((s, e))
        units: list[tuple[int, int, int]] = []
        batch = 2048
        for i in range(0, len(pieces), batch):
            part = pieces[i:i + batch]
            counts = self.count_tokens([text[s:e] for s, e in part])
            for (s, e), n in zip(part, counts):
                if n <= self.max_tokens:
                    units.append((s, e, n))
                    continue
                for ss, ee in self.split_tokens(text[s:e], self.max_tokens):
                    sub = text[s + ss:s + ee]
                    units.append((s + ss, s + ee, self.count_tokens([sub])[0]))
        return units

    def chunk(self, text: str) -> list[Chunk]:
        units = self._units(text)
        chunks: list[Chunk] = []
        i = 0
        while i < len(units):
            j, total = i, 0
            # Joining sentences adds about one word piece per gap; count it so we never pass the limit.
            while j < len(units) and total + units[j][2] + (1 if j > i else 0) <= self.max_tokens:
                total += units[j][2] + (1 if j > i else 0)
                j += 1
            if j == i:  # a single unit at the limit
                j, total = i + 1, units[i][2]
            start, end = units[i][0], units[j - 1][1]
            chunks.append(Chunk(len(chunks), start, end, text[start:end], total))
            if j >= len(units):
                break
            # Next chunk starts with trailing sentences worth up to overlap_tokens, but always moves forward.
            k, back = j, 0
            while k - 1 > i and back + units[k - 1][2] <= self.overlap_tokens:
                back += units[k - 1][2]
                k -= 1
            i = k
        return chunks

    def chunk_pages(self, text: str, starts: list[int]) -> list[Chunk]:
        """Chunks that never cross a page: each page (``text`` from one start to the next) is chunked alone.

        A chunk spanning two pages would cite only one of them, and with the overlap most first chunks of a page
        would start on the page before; chunking per page (as LlamaIndex's and LangChain's PDF readers load one
        document per page) keeps every citation's page exact, at the cost of a sentence broken across a page.
        """
        chunks: list[Chunk] = []
        bounds = list(starts[1:]) + [len(text)]
        for start, end in zip(starts, bounds):
            for c in self.chunk(text[start:end]):
                chunks.append(Chunk(len(chunks), start + c.start, start + c.end, c.text, c.n_tokens))
        return chunks
