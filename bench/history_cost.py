"""What keeping conversations costs per turn, against answering the same turns without saving (one run).

Two conversations over the demo corpus ask the same questions turn by turn, interleaved (so machine load hits
both alike): one not kept (``keep=False``), one kept (every turn saved to SQLite). Prints the per-turn answer time
of each, and the save itself timed directly around ``ConversationStore.add_turn`` (the difference of two noisy
answer timings is a weak estimate of a millisecond). Then resumes the kept chat in a fresh Assistant and times
loading its turns. Last, searching past chats (``ConversationStore.search``, the browser's sidebar search) over
``--search-chats`` chats of 5 saved turns, against listing them (``list``) in the same run.

    OMP_NUM_THREADS=1 python -m bench.history_cost [--turns 50] [--search-chats 1000]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from bench.harness import DEMO_CORPUS, percentile

QUESTIONS = ["Who is the secretary-general of Islamic Jihad?", "Who is his deputy?",
             "Who led the Hamas delegation?", "Where will Egypt host the reconstruction conference?",
             "When will it take place?"]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--turns", type=int, default=50)
    ap.add_argument("--search-chats", type=int, default=1000)
    args = ap.parse_args()

    from rag import Assistant

    demo = DEMO_CORPUS
    with tempfile.TemporaryDirectory() as tmp:
        a = Assistant(data_dir=tmp, answerer="extractive")
        a.ingest([demo])
        a.ask(QUESTIONS[0])  # warm-up: model and index loaded before timing
        plain, kept = a.chat(keep=False), a.chat()
        saves: list[float] = []
        store, save = a.history, kept.on_turn

        def timed_save(conv, turn):
            t = time.perf_counter()
            save(conv, turn)
            saves.append(time.perf_counter() - t)

        kept.on_turn = timed_save
        t_plain, t_kept = [], []
        for i in range(args.turns):
            q = QUESTIONS[i % len(QUESTIONS)]
            for conv, sink in ((plain, t_plain), (kept, t_kept)) if i % 2 == 0 else ((kept, t_kept), (plain, t_plain)):
                t = time.perf_counter()
                conv.ask(q)
                sink.append(time.perf_counter() - t)
        wal = Path(str(store.path) + "-wal")
        size_kb = (Path(store.path).stat().st_size + (wal.stat().st_size if wal.exists() else 0)) / 1024
        t = time.perf_counter()
        resumed = Assistant(data_dir=tmp, answerer="extractive", embedder=a.embedder).chat(kept.id)
        t_resume = time.perf_counter() - t
        assert len(resumed.turns) == args.turns
        t_search, t_list = search_cost(Path(tmp) / "search.sqlite3", kept.turns, args.search_chats)

    ms = 1000.0
    p50p, p50k = statistics.median(t_plain) * ms, statistics.median(t_kept) * ms
    print(f"{args.turns} turns, extractive answerer, demo corpus")
    print(f"answer without saving   median {p50p:8.1f} ms/turn   mean {statistics.mean(t_plain) * ms:8.1f}")
    print(f"answer and save         median {p50k:8.1f} ms/turn   mean {statistics.mean(t_kept) * ms:8.1f}"
          f"   (ratio of medians {p50k / p50p:.3f})")
    print(f"the save itself         median {statistics.median(saves) * ms:8.2f} ms   mean {statistics.mean(saves) * ms:.2f}"
          f"   p95 {percentile(saves, 95) * ms:.2f}   max {max(saves) * ms:.2f}   "
          f"({statistics.mean(saves) / statistics.mean(t_plain) * 100:.2f}% of a turn; goal < 5 ms)")
    print(f"resume {args.turns} turns in a new Assistant: {t_resume * ms:.1f} ms; database with WAL {size_kb:.0f} kB")
    print(f"search {args.search_chats} chats of 5 turns: median {statistics.median(t_search) * ms:.1f} ms, "
          f"max {max(t_search) * ms:.1f} ms; list them "
          f"{statistics.median(t_list) * ms:.1f} ms (ratio {statistics.median(t_search) / statistics.median(t_list):.1f})")


def search_cost(path: Path, turns: list, chats: int) -> tuple[list[float], list[float]]:
    """Median-ready timings of searching ``chats`` saved chats (real answers, 5 turns each) and of listing them."""
    from rag.conversation.kept import ConversationStore

    store = ConversationStore(path)
    for c in range(chats):
        for turn in turns[:5]:
            store.add_turn(f"chat-{c}", "", turn)
    words = ["nakhaleh", "deputy", "Hamas delegation", "reconstruction", "no such words"]
    t_search, t_list = [], []
    for i in range(20):
        t = time.perf_counter()
        store.search("", words[i % len(words)])
        t_search.append(time.perf_counter() - t)
        t = time.perf_counter()
        store.list("")
        t_list.append(time.perf_counter() - t)
    store.close()
    return t_search, t_list


if __name__ == "__main__":
    main()
