"""The second-stage re-ranker: best-sentence coverage, pure functions (no model)."""

from rag.retrieval.rerank import rerank_scores, sentence_coverage
from rag.text import content_terms


def test_coverage_counts_the_best_single_sentence():
    q = set(content_terms("When did the ferry to Kilmore start running?"))
    idf = {t: 1.0 for t in q}
    together = "The ferry to Kilmore started running in 1921. It carried mail."
    apart = "A ferry crossed the bay. Kilmore was a small port. Service started in 1921."
    assert sentence_coverage(q, together, idf) == 1.0
    assert sentence_coverage(q, apart, idf) < 0.5
    assert sentence_coverage(set(), together, idf) == 0.0


def test_rare_terms_weigh_more():
    q = set(content_terms("Which harbour did Oswin Tarrel sail from?"))
    idf = {t: (5.0 if t.startswith(("oswin", "tarrel")) else 1.0) for t in q}
    rare = sentence_coverage(q, "Oswin Tarrel was a sailor.", idf)
    common = sentence_coverage(q, "Ships sail from the harbour.", idf)
    assert rare > common


def test_rerank_scores_mix_cosine_and_coverage():
    texts = ["Kilmore ferry service began in 1921.", "Ferries are boats."]
    out = rerank_scores("When did the Kilmore ferry begin?", texts, [0.5, 0.6], lambda ts: {t: 1.0 for t in ts},
                        dense_weight=1.0, sentence_weight=1.0)
    assert out[0] > out[1]
    only_dense = rerank_scores("When did the Kilmore ferry begin?", texts, [0.5, 0.6],
                               lambda ts: {t: 1.0 for t in ts}, dense_weight=1.0, sentence_weight=0.0)
    assert only_dense == [0.5, 0.6]


def test_chunk_coverage_counts_terms_anywhere():
    from rag.retrieval.rerank import chunk_coverage

    q = set(content_terms("When did the ferry to Kilmore start running?"))
    idf = {t: 1.0 for t in q}
    assert chunk_coverage(q, "A ferry crossed the bay. Kilmore was a small port. Service started running.", idf) == 1.0
