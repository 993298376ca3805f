"""What re-checking watched questions costs after an ingest, against re-asking every one of them (one run).

The news set (bench/news_set/data) without its 10 newest article files is ingested; 100 of its questions are
kept as watches (``Assistant.watch``). Then two 10-article ingests, each followed by the re-check the product runs
(``Assistant.wait_for_watches``, after the ingest returned), timed:

1. the 10 newest news articles (later developments of the stories the questions ask about);
2. 10 articles on unrelated topics (baking, astronomy, ...; written here): the goal is 0 questions re-asked.

Baseline in the same run, after each ingest: the naive re-check that re-asks all 100 questions (``Assistant.ask``).
Its answers also tell whether skipping lost anything: a question not re-asked whose naive answer differs from
its kept one would be a missed change (``missed``). With ``--naive-sample N`` only N questions are re-asked
naively and the cost scaled to 100 (for the slow local model). ``--keep-answerer extractive --answerer local``:
the questions are kept with extractive answers (100 local answers would take most of an hour on the loaded dev
machine) and given what the local model reads of their passages (``prime_readings``), so that the re-checks cost
what they would for watches kept with it; ``changed`` then counts wording differences too, ``missed`` is not
measured — unless ``--keep-at-risk``: a dry run first (the news ingest with re-checks off, then removed again)
finds the watches whose excerpts it changes, and only those are answered again with ``--answerer`` before the
measured ingest, so their re-checks compare like with like.

The old code (before the facts gate, rag/watches/gate.py) in the same run: for every watch the gate kept (excerpts
changed, no new name or number), the model is asked anyway after the timed re-check (``old_s`` = the re-check plus
those answers); its answer compared with the kept one gives the changes the gate missed (``missed_facts``: names or
numbers differ; ``missed_documents``: only the cited documents do).

    PYTHONPATH=$PWD OMP_NUM_THREADS=1 python -m bench.watch_cost [--answerer extractive|local] [--questions 100]
        [--keep-answerer extractive] [--keep-at-risk] [--naive-sample 10]
"""

from __future__ import annotations

import argparse
import json
import logging
import tempfile
import time
from datetime import date
from pathlib import Path

from bench.harness import NEWS_SET

log = logging.getLogger("bench.watch_cost")

UNRELATED = {
    "sourdough": "A sourdough starter is flour and water fed daily until it bubbles. Bakers knead the dough, let it "
                 "rise overnight in a cool kitchen and bake it in a hot oven until the crust is dark and crackles.",
    "meteors": "The Perseid meteor shower peaks in mid-August, when up to a hundred shooting stars an hour cross a "
               "dark sky. Astronomers advise lying flat, away from street lights, and letting the eyes adapt.",
    "violins": "Restoring an old violin starts with loosening the top plate with a thin knife and warm water. Cracks "
               "are closed with hide glue and cleats, and the varnish is retouched by hand.",
    "tomatoes": "Tomato seedlings want sun, steady watering and a stake before the first trusses form. Pinching out "
                "side shoots keeps the plants tidy and the fruit ripening in the warm weeks.",
    "beekeeping": "A hive inspection in spring checks the brood pattern, the stores of honey and pollen, and signs of "
                  "swarming. Beekeepers add a super when the colony fills nine frames.",
    "knitting": "Cable knitting crosses groups of stitches over each other with a spare needle. A simple rope cable "
                "repeats every eight rows and suits a thick wool scarf.",
    "chess": "The Queen's Gambit offers a pawn on the second move to win control of the centre. Declining it with "
             "e6 leads to solid positions that club players study for years.",
    "pottery": "A celadon glaze owes its pale green to a little iron fired in a reducing kiln. Potters dip bisque "
               "ware quickly so that the coat stays thin and runs only slightly.",
    "birds": "Swallows leave northern Europe in September and winter in southern Africa, flying by day and feeding "
             "on insects on the wing. Ringing records show some return to the same barn for years.",
    "tea": "Green tea is brewed cooler than black tea: water at about 80 degrees for two minutes keeps it from "
           "turning bitter. The same leaves can be steeped two or three times.",
}


def unrelated_docs(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i, (name, body) in enumerate(UNRELATED.items()):
        p = folder / f"{name}.md"
        p.write_text(f"---\ntitle: {name.title()} notes\ndate: 2025-10-{10 + i:02d}\n---\n# {name.title()} notes\n\n"
                     f"{body}\n", encoding="utf-8")
        out.append(p)
    return out


def split_news(n_new: int) -> tuple[list[Path], list[Path]]:
    """(the files ingested first, the ``n_new`` newest article files held back); the wire feeds stay in the first."""
    dates = {}
    for line in (NEWS_SET / "doc_dates.jsonl").read_text().splitlines():
        d = json.loads(line)
        dates[d["doc_id"]] = d["date"]
    files = sorted(p for p in (NEWS_SET / "docs").iterdir() if p.suffix != ".jsonl")
    newest = sorted(files, key=lambda p: (dates.get(p.stem, ""), p.name))[-n_new:]
    rest = [p for p in (NEWS_SET / "docs").iterdir() if p not in newest]
    return rest, newest


def prime_readings(a, questions: list[str]) -> None:
    """Watches kept by another answerer get what ``a``'s answerer reads of their passages, as if it had answered
    them (its re-checks then cost what they would; its answers differ from the kept ones in wording)."""
    from rag.watches.check import reading_key

    for w in a.watch_store.states():
        q = a.question(w.question)
        reading = reading_key(a, q, a._search(q)[0])
        kept = a.watch_store.get(w.id, "").latest.answer  # the same answer: only passages and reading are kept
        a.watch_store.record(w.id, w.passages, kept, date.today(), reading=reading)


def at_risk(a, newest: list[Path]) -> list[str]:
    """Ids of the watches whose excerpts the ``newest`` ingest changes: ingested with re-checks off, compared,
    removed again (the store is back as it was; nothing recorded)."""
    from rag.watches.check import reading_key
    from rag.watches.gate import excerpts_part

    settings = a.settings
    a.settings = settings.with_overrides(watches_recheck=False)
    try:
        a.ingest(newest)
        out = []
        for w in a.watch_store.states():
            q = a.question(w.question)
            if excerpts_part(w.reading) != excerpts_part(reading_key(a, q, a._search(q)[0])):
                out.append(w.id)
        a.remove_sources(newest)
    finally:
        a.settings = settings
    return out


def keep_with(a, ids: list[str]) -> None:
    """Answer these watches again with ``a``'s answerer over the passages of now, and keep that answer."""
    from rag.watches.check import reading_key
    from rag.watches.store import passage_key

    wanted = set(ids)
    for w in a.watch_store.states():
        if w.id in wanted:
            q = a.question(w.question)
            passages, window = a._search(q)
            answer = a._answer_stream(q, passages, window).answer()
            a.watch_store.record(w.id, passage_key(passages), answer, date.today(), reading_key(a, q, passages))


def old_code(a, moved: set[str]) -> dict:
    """What the re-check without the facts gate would have done more: the model asked for every watch whose kept
    reading differs from its excerpts now (the gate kept its answer); seconds, and the changes it would have
    recorded."""
    from rag.watches.check import reading_key
    from rag.watches.facts import signature
    from rag.watches.gate import excerpts_part

    out = dict(old_extra_s=0.0, gated=0, missed_facts=0, missed_documents=0)
    for w in a.watch_store.states():
        if w.id not in moved:  # passages as before this ingest: the old code asks nothing
            continue
        q = a.question(w.question)
        passages, window = a._search(q)
        if w.reading is None or excerpts_part(w.reading) == excerpts_part(reading_key(a, q, passages)):
            continue
        t = time.perf_counter()
        new = json.loads(signature(a._answer_stream(q, passages, window).answer()))
        out["old_extra_s"] += time.perf_counter() - t
        out["gated"] += 1
        kept = json.loads(w.signature)
        if (new["refused"], new["names"], new["numbers"]) != (kept["refused"], kept["names"], kept["numbers"]):
            out["missed_facts"] += 1
            log.warning("gate missed a change of %r: %s -> %s", w.question, kept, new)
        elif new["documents"] != kept["documents"]:
            out["missed_documents"] += 1
    out["old_extra_s"] = round(out["old_extra_s"], 2)
    return out


def naive(a, questions: list[str], sample: int | None) -> tuple[float, dict[str, str]]:
    """Seconds to re-ask every question (scaled from ``sample`` of them) and each answer's signature."""
    from rag.watches.facts import signature

    if sample == 0:
        return 0.0, {}
    asked = questions[:sample] if sample else questions
    t = time.perf_counter()
    sigs = {q: signature(a.ask(q)) for q in asked}
    return (time.perf_counter() - t) * len(questions) / len(asked), sigs


def reading_model(a) -> bool:
    return getattr(a.answerer, "options", None) is not None and getattr(a.answerer, "fallback", None) is not None


def step(a, name: str, paths: list[Path], questions: list[str], sample: int | None) -> dict:
    from rag.watches.facts import signature

    before = {w.question: len(w.answers) for w in a.watches()}
    passages_before = {w.id: w.passages for w in a.watch_store.states()}
    stats0 = dict(vars(a.watch_stats))
    t = time.perf_counter()
    a.ingest(paths)
    t_ingest = time.perf_counter() - t
    a.wait_for_watches()
    t_check = time.perf_counter() - t - t_ingest
    delta = {k: v - stats0[k] for k, v in vars(a.watch_stats).items()}
    t_naive, sigs = naive(a, questions, sample)
    kept = {w.question: w for w in a.watches()}
    reasked_q = {q for q, w in kept.items() if len(w.answers) > before.get(q, 0)}
    missed = sum(1 for q, s in sigs.items() if signature(kept[q].latest.answer) != s and q not in reasked_q
                 and kept[q].latest.answer.answerer == a.answerer_name)  # kept by another answerer: not comparable
    row = dict(step=name, ingest_s=round(t_ingest, 2), recheck_s=round(t_check, 2), checked=delta["checked"],
               same_excerpts=delta["reread"], reasked=delta["reasked"], changed=delta["changed"], naive_s=round(t_naive, 2),
               ratio=round(t_check / t_naive, 3) if t_naive else None, missed=missed, naive_compared=len(sigs),
               same_facts=delta["same_facts"])
    if a.watch_store.states() and reading_model(a):
        row.update(old_code(a, {w.id for w in a.watch_store.states() if w.passages != passages_before.get(w.id)}))
        row["old_s"] = round(t_check + row["old_extra_s"], 2)
    print(json.dumps(row), flush=True)
    return row


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--answerer", default="extractive")
    ap.add_argument("--questions", type=int, default=100)
    ap.add_argument("--new", type=int, default=10, help="articles in each of the two ingests")
    ap.add_argument("--naive-sample", type=int, default=None, help="re-ask only this many naively; scale to all "
                    "(0: none)")
    ap.add_argument("--no-gate", action="store_true", help="re-check without the facts gate (rag/watches/gate.py)")
    ap.add_argument("--keep-at-risk", action="store_true", help="with --keep-answerer: answer the watches whose "
                    "excerpts the news ingest changes with --answerer before it (a dry run finds them)")
    ap.add_argument("--keep-answerer", default=None, help="answer the 100 questions when kept with this answerer "
                    "(extractive: minutes less setup for the local model; the re-checks still use --answerer)")
    args = ap.parse_args()
    logging.basicConfig(level=logging.WARNING)

    from rag import Assistant

    rows = [json.loads(line) for line in (NEWS_SET / "qa.jsonl").read_text().splitlines()]
    questions = list(dict.fromkeys(r["question"] for r in rows))[: args.questions]
    base, newest = split_news(args.new)
    with tempfile.TemporaryDirectory() as tmp:
        keeper = Assistant(data_dir=Path(tmp) / "data", answerer=args.keep_answerer or args.answerer)
        t = time.perf_counter()
        keeper.ingest(base)
        print(f"store: {len(base)} files, {keeper.store.count()} chunks in {time.perf_counter() - t:.1f}s", flush=True)
        t = time.perf_counter()
        for q in questions:
            keeper.watch(q)
        a = keeper if not args.keep_answerer else Assistant(data_dir=Path(tmp) / "data", answerer=args.answerer,
                                                            embedder=keeper.embedder,
                                                            watches_facts_gate=not args.no_gate)
        if a is not keeper:
            prime_readings(a, questions)
        print(f"answerer: kept with {keeper.answerer_name}, re-checked with {a.answerer_name}", flush=True)
        t_watch = time.perf_counter() - t
        print(f"kept {len(a.watches())} questions in {t_watch:.1f}s ({t_watch / len(questions) * 1000:.0f} ms each: "
              f"one answer each)", flush=True)
        if a is not keeper and args.keep_at_risk:
            ids = at_risk(a, newest)
            t1 = time.perf_counter()
            keep_with(a, ids)
            print(f"at risk: {len(ids)} watches, kept with {a.answerer_name} in {time.perf_counter() - t1:.1f}s",
                  flush=True)
        t = time.perf_counter()
        nothing = a.check_watches()
        print(f"re-check with nothing ingested: {nothing.checked} checked, {nothing.reasked} re-asked in "
              f"{time.perf_counter() - t:.1f}s", flush=True)
        step(a, "news: 10 newest articles", newest, questions, args.naive_sample)
        step(a, "unrelated: 10 articles", unrelated_docs(Path(tmp) / "unrelated"), questions, args.naive_sample)


if __name__ == "__main__":
    main()
