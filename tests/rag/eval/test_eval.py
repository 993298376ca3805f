"""`rag eval`: metrics on hand-made cases, and a small end-to-end run on a generated dataset folder."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from rag.eval.dataset import DatasetError, doc_id_of, load_dataset
from rag.eval.metrics import (QuestionScore, aggregate, contains_answer, dedupe, exact_match, normalize_answer,
                              percentile, recall_at_k, reciprocal_rank, token_f1)

# --- metrics ---------------------------------------------------------------------------------------------


def test_normalize_answer_drops_case_punctuation_and_articles():
    assert normalize_answer("  The Blue-Whale, obviously! ") == "bluewhale obviously"
    assert normalize_answer("An apple a day") == "apple day"


def test_exact_match_and_f1():
    assert exact_match("the Rhine", ["Rhine", "river Rhine"]) == 1.0
    assert exact_match("Rhine river", ["Rhine"]) == 0.0
    assert token_f1("Rhine river", ["Rhine"]) == pytest.approx(2 / 3)
    assert token_f1("nothing shared", ["Rhine"]) == 0.0
    assert token_f1("river Rhine", ["Danube", "river Rhine"]) == 1.0  # best gold wins


def test_contains_answer_matches_whole_words_only():
    assert contains_answer("Work began in 1932 and ended later.", ["1932"])
    assert not contains_answer("In 2010 it reopened.", ["10"])
    assert contains_answer("He married Anna Smith [1].", ["anna smith"])
    assert not contains_answer("anything", [""])


def test_ranking_metrics():
    ranked = dedupe(["b", "b", "a", "c", "a"])
    assert ranked == ["b", "a", "c"]
    assert recall_at_k(ranked, ["a"], 1) == 0.0
    assert recall_at_k(ranked, ["a"], 3) == 1.0
    assert recall_at_k(ranked, ["a", "z"], 3) == 0.5  # two gold documents, one found
    assert reciprocal_rank(ranked, ["c"]) == pytest.approx(1 / 3)
    assert reciprocal_rank(ranked, ["z"]) == 0.0


def test_percentile_interpolates():
    assert percentile([], 50) is None
    assert percentile([10, 20, 30, 40], 50) == 25
    assert percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 95) == pytest.approx(10.5)


def test_aggregate_separates_answerable_and_unanswerable():
    scores = [
        QuestionScore(False, ["d1", "d2"], ["d1"], refused=False, em=1, f1=1, contains=True, citations_total=1,
                      citations_supported=1, search_ms=10, ask_ms=20),
        QuestionScore(False, ["d3", "d2"], ["d2"], refused=True, search_ms=30, ask_ms=40),
        QuestionScore(True, ["d3"], [], refused=True, search_ms=20, ask_ms=30),
        QuestionScore(True, ["d1"], [], refused=False, citations_total=1, search_ms=20, ask_ms=30),
    ]
    m = aggregate(scores)
    assert (m.questions, m.answerable, m.unanswerable) == (4, 2, 2)
    assert m.recall[1] == 0.5 and m.recall[3] == 1.0
    assert m.mrr == pytest.approx(0.75)
    assert m.exact_match == 0.5 and m.contains == 0.5
    assert m.refusal_rate_answerable == 0.5
    assert m.refusal_rate_unanswerable == 0.5
    assert m.citation_precision == 1.0  # unanswerable questions' citations are not scored against gold
    assert m.search_p50_ms == 20


def test_doc_id_of_uses_the_file_stem_or_the_articles_locator():
    assert doc_id_of("/data/set/docs/Some_Topic_p003.txt") == "Some_Topic_p003"
    assert doc_id_of("/data/set/docs/feed.jsonl#wire-0912") == "wire-0912"  # one article of a feed file
    assert doc_id_of("/data/set/docs/feed.jsonl#L7") == "L7"


def test_load_dataset_lists_each_jsonl_article_and_reads_question_dates(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_text("one\n")
    (tmp_path / "docs" / "feed.jsonl").write_text(
        json.dumps({"id": "w1", "text": "x"}) + "\n\n" + json.dumps({"text": "y"}) + "\n{broken\n")
    (tmp_path / "qa.jsonl").write_text(
        json.dumps({"id": "q1", "question": "?", "answers": [], "doc_ids": ["w1"], "question_date": "2025-10-09",
                    "type": "latest"}) + "\n"
        + json.dumps({"id": "q2", "question": "?", "answers": [], "doc_ids": ["a"]}) + "\n")
    ds = load_dataset(tmp_path)
    assert ds.doc_ids == ["L3", "a", "w1"]  # the loader's locators: id, else the line number
    assert ds.items[0].question_date == date(2025, 10, 9) and ds.items[1].question_date is None
    assert ds.items[0].extra == {"type": "latest"}
    (tmp_path / "qa.jsonl").write_text(json.dumps({"question": "?", "question_date": "9 Oct"}) + "\n")
    with pytest.raises(DatasetError, match="question_date '9 Oct'"):
        load_dataset(tmp_path)


def test_load_dataset_rejects_folders_without_qa(tmp_path):
    (tmp_path / "docs").mkdir()
    with pytest.raises(DatasetError):
        load_dataset(tmp_path)


# --- end to end on a tiny generated dataset -------------------------------------------------------------

_DOCS = {
    "lighthouse": "The Harrow Point lighthouse was built in 1874 by the engineer Mara Quill. Its lamp burned whale "
                  "oil until 1910, when it was converted to kerosene.",
    "orchard": "The Velden orchard grows mostly quince and medlar. The harvest festival is held every October in "
               "the village square.",
    "glacier": "The Tessin glacier has retreated about two kilometres since 1950. Researchers measure its "
               "thickness every spring with ground radar.",
}
_QA = [
    {"id": "q1", "question": "Who built the Harrow Point lighthouse?", "answers": ["Mara Quill"],
     "doc_ids": ["lighthouse"]},
    {"id": "q2", "question": "Which fruits does the Velden orchard grow?", "answers": ["quince and medlar"],
     "doc_ids": ["orchard"]},
    {"id": "q3", "question": "What do researchers use each spring to measure the thickness of the Tessin glacier?", "answers": ["ground radar"],
     "doc_ids": ["glacier"]},
    {"id": "q4", "question": "Which team won the 1998 basketball final?", "answers": [], "doc_ids": [],
     "unanswerable": True},
]


@pytest.fixture
def tiny_dataset(tmp_path) -> Path:
    root = tmp_path / "tiny"
    (root / "docs").mkdir(parents=True)
    for name, text in _DOCS.items():
        (root / "docs" / f"{name}.txt").write_text(text + "\n")
    (root / "qa.jsonl").write_text("".join(json.dumps(q) + "\n" for q in _QA))
    return root


def test_run_eval_end_to_end(tiny_dataset, tmp_path, embedder):
    from rag import Assistant
    from rag.eval.report import write_report
    from rag.eval.runner import run_eval

    ds = load_dataset(tiny_dataset)
    a = Assistant(data_dir=tmp_path / "data", embedder=embedder, answerer="extractive")
    report = run_eval(ds, a, progress=False)
    m = report.metrics
    assert (m.questions, m.answerable, m.unanswerable) == (4, 3, 1)
    assert m.recall[1] == 1.0 and m.mrr == 1.0
    assert m.contains == 1.0
    assert m.refusal_rate_answerable == 0.0
    assert m.refusal_rate_unanswerable == 1.0
    assert report.ingest_seconds > 0 and report.chunks == 3

    paths = write_report(report, tmp_path / "out")
    saved = json.loads(paths["report"].read_text())
    assert saved["metrics"]["recall"]["@1"] == 1.0
    lines = paths["results"].read_text().splitlines()
    assert len(lines) == 4 and json.loads(lines[0])["citations"][0]["doc_id"] == "lighthouse"
    assert paths["plot"].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_rag_eval_command_json_and_gate(tiny_dataset, tmp_path, embedder, monkeypatch, capsys):
    from rag.cli import main as cli
    from rag.assistant import Assistant

    # Reuse the session's loaded model instead of loading a second copy inside the command.
    real_init = Assistant.__init__
    monkeypatch.setattr(Assistant, "__init__", lambda self, *a, **kw: real_init(self, *a, embedder=embedder, **kw))
    rc = cli.main(["eval", str(tiny_dataset), "--limit", "3", "--json", "--answerer", "extractive",
                   "--min-recall5", "0.9", "--min-contains", "0.5"])
    out = json.loads(capsys.readouterr().out)
    assert rc == 0
    assert out["metrics"]["questions"] == 3 and out["metrics"]["recall"]["@5"] == 1.0
    assert out["dataset"] == "tiny" and out["answerer"] == "extractive"

    rc = cli.main(["eval", str(tiny_dataset), "--no-answer", "--min-recall5", "1.01",
                   "--data-dir", str(tmp_path / "kept")])
    captured = capsys.readouterr()
    assert rc == 1 and "quality gate failed" in captured.err
    assert (tmp_path / "kept" / "chroma").is_dir()  # a named data dir is kept for re-runs


def test_run_eval_passes_each_questions_date_as_today(tmp_path, embedder):
    """Articles of one .jsonl feed are scored by their ids; question_date reaches search and ask as ``today``."""
    from rag import Assistant
    from rag.eval.runner import run_eval

    root = tmp_path / "dated"
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "feed.jsonl").write_text("".join(json.dumps(r) + "\n" for r in [
        {"id": "toll-0909", "date": "2025-09-09", "text": "The Vellmar Bridge car toll rose to 5.60 euros."},
        {"id": "coach-0901", "date": "2025-09-01", "text": "Brennock Rovers named Gareth Oyelaran caretaker."}]))
    (root / "qa.jsonl").write_text(
        json.dumps({"id": "q1", "question": "What does the Vellmar Bridge charge cars?", "answers": ["5.60 euros"],
                    "doc_ids": ["toll-0909"], "question_date": "2025-09-12"}) + "\n"
        + json.dumps({"id": "q2", "question": "Who is the Brennock Rovers caretaker?", "answers": ["Oyelaran"],
                      "doc_ids": ["coach-0901"]}) + "\n")
    seen = []

    class Recording(Assistant):  # the real Assistant; only notes the asking date each search received
        def _search(self, question):  # behind both search() and ask(): the one Question of each call
            seen.append(question.day)
            return super()._search(question)

    a = Recording(data_dir=tmp_path / "data", embedder=embedder, answerer="extractive")
    report = run_eval(load_dataset(root), a, progress=False)
    assert seen == [date(2025, 9, 12)] * 2 + [None] * 2  # search, then ask's own search, per question
    assert [r.question_date for r in report.results] == ["2025-09-12", None]
    assert report.metrics.recall[1] == 1.0 and report.metrics.contains == 1.0
    assert json.loads(json.dumps(report.results[0].to_dict()))["question_date"] == "2025-09-12"


def test_ci_gate_skips_cleanly_without_shared(monkeypatch, capsys):
    import importlib.util

    from tests.conftest import ROOT

    spec = importlib.util.spec_from_file_location("ci_gate", ROOT / "bench" / "ci_gate.py")
    gate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gate)
    monkeypatch.setattr(gate, "DATASET", ROOT / "no-such-shared" / "eval" / "squad_v1_dev")
    assert gate.main() == 0
    assert "skipped" in capsys.readouterr().out
