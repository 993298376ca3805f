import pytest

from ingest.chunk import Chunker
from ingest.sentences import sentence_spans


@pytest.fixture(scope="module")
def chunker(embedder):
    return Chunker(embedder.count_tokens, embedder.split_tokens, max_tokens=60, overlap_tokens=15)


def _article(n: int) -> str:
    return " ".join(f"Sentence number {i} reports that the harbor council met on day {i} to discuss ferries."
                    for i in range(n))


def test_chunks_fit_the_embedders_real_limit_and_map_back_exactly(chunker, embedder):
    text = "Headline here\n\n" + _article(40) + "\n\n" + "x" * 3000 + " tail sentence."
    chunks = chunker.chunk(text)
    assert len(chunks) > 5
    for c in chunks:
        assert text[c.start:c.end] == c.text
        # Counted with special tokens, as the model reads it.
        assert len(embedder.tokenizer(c.text)["input_ids"]) <= 60 + 2
    # Everything is covered.
    covered = set()
    for c in chunks:
        covered.update(range(c.start, c.end))
    assert all(i in covered for i, ch in enumerate(text) if not ch.isspace())


def test_overlap_repeats_trailing_sentences(embedder):
    # Each sentence is ~16 word pieces: an overlap of 20 carries exactly one sentence over.
    chunker = Chunker(embedder.count_tokens, embedder.split_tokens, max_tokens=60, overlap_tokens=20)
    chunks = chunker.chunk(_article(20))
    assert len(chunks) >= 2
    for a, b in zip(chunks, chunks[1:]):
        assert b.start < a.end, "consecutive chunks share at least one sentence"
        assert b.start > a.start, "chunks always move forward"


def test_default_size_stays_within_256_word_pieces(embedder):
    ch = Chunker(embedder.count_tokens, embedder.split_tokens, max_tokens=embedder.max_tokens, overlap_tokens=40)
    text = _article(200)
    for c in ch.chunk(text):
        assert len(embedder.tokenizer(c.text)["input_ids"]) <= 256


def test_single_huge_line_is_split(chunker):
    text = "word " * 20000
    chunks = chunker.chunk(text)
    assert len(chunks) > 100
    assert all(text[c.start:c.end] == c.text for c in chunks)


def test_sentence_spans_keep_abbreviations_together():
    text = "Al-Sheikh met Maj. Gen. Hassan Rashad on Wednesday. They agreed to meet again."
    spans = [text[s:e] for s, e in sentence_spans(text)]
    assert spans == ["Al-Sheikh met Maj. Gen. Hassan Rashad on Wednesday.", "They agreed to meet again."]


def test_a_chunker_for_an_embedder_is_capped_at_what_the_model_reads(embedder):
    big = Chunker.for_embedder(embedder, size=10_000, overlap=10_000)
    assert big.max_tokens == embedder.max_tokens and big.overlap_tokens == embedder.max_tokens // 2
    small = Chunker.for_embedder(embedder, size=200, overlap=40)
    assert (small.max_tokens, small.overlap_tokens) == (200, 40)
