"""The embedder shared by ingest and questions: concurrent use from several threads (real model)."""

from __future__ import annotations

import threading

import pytest


@pytest.mark.slow  # a ~25 s stress
def test_counting_on_one_thread_never_unpads_a_question_embedded_on_another(embedder):
    # rag serve counts and splits word pieces for an ingest while it embeds questions. Before each kept its own
    # tokenizer, a count between a batch's padding and its encoding left the batch ragged ("Unable to create
    # tensor…"), and this test failed.
    texts = ["Short one.", "A longer sentence about the delegations that met in Cairo to talk about the truce. " * 3]
    errors: list[str] = []
    stop = threading.Event()

    def count():
        while not stop.is_set():
            try:
                embedder.count_tokens(texts * 4)
                embedder.split_tokens(texts[1] * 5, 50)
            except Exception as e:  # noqa: BLE001  the failure under test is any exception
                errors.append(repr(e)[:200])

    def embed():
        for _ in range(150):
            try:
                vecs = embedder.encode_queries(texts * 2)
                assert vecs.shape == (4, 384)
            except Exception as e:  # noqa: BLE001
                errors.append(repr(e)[:200])

    counters = [threading.Thread(target=count) for _ in range(2)]
    embedders = [threading.Thread(target=embed) for _ in range(2)]
    for t in counters + embedders:
        t.start()
    for t in embedders:
        t.join()
    stop.set()
    for t in counters:
        t.join()
    assert errors == []
    # The counting copy counts as the model's own tokenizer does.
    assert embedder.count_tokens(texts) == [len(embedder.model.tokenizer(t, add_special_tokens=False)["input_ids"])
                                            for t in texts]
