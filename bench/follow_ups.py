"""Follow-up questions in own-words multi-turn chats: how each way of rewriting them finds the answer.

22 chats (48 turns, 26 follow-ups) written for this bench over the demo corpus (rag/demo_corpus) plus, when
present, the example article ../shared/corpus/cairo-talks.txt (a near-duplicate of one demo article: harder).
Every turn is answered by the extractive answerer (deterministic, so only the rewrite differs); a follow-up
counts as found when one of the top 3 passages contains its gold words, and as answered when the answer does.

Rewrites compared: ``none`` (the follow-up as typed), ``subject`` (the previous question's subject carried:
rag.conversation.session.condense_by_entities before issue 11), ``names`` (the previous answer's names too: rag.conversation.followup),
``llm`` (the local model rewrites it: rag.conversation.session.condense_with_llm; with its cost per follow-up).

    flock /tmp/heavy.lock .venv/bin/python -m bench.follow_ups [--modes none,subject,names,llm]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

from bench import harness
from bench.harness import CAIRO, DEMO_CORPUS

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")


# (question, gold words: any of them, case-insensitive)
CHATS: list[list[tuple[str, list[str]]]] = [
    [("Who led the Hamas delegation in Cairo?", ["al-Hayya"]),
     ("Who did the Palestinian Authority send to meet him?", ["al-Sheikh"])],
    [("Who is Egypt's intelligence chief?", ["Rashad"]),
     ("Which official did he meet on Wednesday?", ["al-Sheikh"]),
     ("What did the two agree on?", ["ceasefire"])],
    [("Who is the secretary-general of Islamic Jihad?", ["Nakhaleh"]),
     ("Who accompanied him?", ["al-Hindi"])],
    [("Who runs Hamas's department for national relations abroad?", ["Baraka"]),
     ("What did he say Israel must do first?", ["phase one", "first phase"])],
    [("Which country will host the Gaza reconstruction conference?", ["Egypt"]),
     ("When will it take place?", ["second half of November"])],
    [("Who is Majed Faraj?", ["intelligence chief"]),
     ("When did he meet Egyptian officials?", ["Wednesday"])],
    [("Which crossing did the Palestinian Authority discuss with Egypt?", ["Rafah"]),
     ("Why does it matter?", ["aid"])],
    [("Who did the Islamic Jihad leaders meet in Cairo?", ["Rashad"]),
     ("What did the meeting focus on?", ["aid", "situation"])],
    [("What plan are the Cairo talks about?", ["Trump", "Gaza plan"]),
     ("Which phase of it is being discussed?", ["second phase"])],
    [("Who said the mediators admitted Israel had not fully complied?", ["Baraka"]),
     ("Who are they in touch with?", ["U.S. administration"])],
    [("Who is Nakhaleh's deputy?", ["al-Hindi"]),
     ("Who did their delegation meet?", ["Rashad"])],
    [("Where did Hamas and the Palestinian Authority hold their first joint talks?", ["Cairo"]),
     ("On which day did they meet?", ["Thursday"])],
    [("Who headed the Palestinian Authority team?", ["al-Sheikh"]),
     ("Which Egyptian official did she meet?", ["Rashad"]),
     ("What did the two agree on?", ["ceasefire"])],
    [("What does the White House plan cover beyond the ceasefire?", ["reconstruction"]),
     ("Who would get administrative control of the Strip under it?", ["Palestinian Authority"])],
    [("Which two camps does Palestinian politics come down to, according to a PA official?", ["Fatah"]),
     ("What did he hope international pressure would achieve?", ["Authority"])],
    [("Who came to Cairo earlier in the week to follow the ceasefire?", ["Hamas"]),
     ("Whom did they meet there?", ["mediators"])],
    [("What does Egypt intend to host among the Palestinian factions?", ["unity talks"]),
     ("What are they meant to decide?", ["future"])],
    [("What did Nakhaleh call for?", ["account"]),
     ("What did he say about the ceasefire?", ["commit"])],
    [("Who is Hassan Rashad?", ["intelligence"]),
     ("Which movement's leaders did he receive this week?", ["Islamic Jihad"])],
    [("Who led the Islamic Jihad delegation?", ["Nakhaleh"]),
     ("Where did they travel?", ["Cairo"]),
     ("Whom did they talk with there?", ["Rashad"])],
    [("Who is Ali Baraka?", ["Hamas"]),
     ("What did the mediators admit, according to him?", ["complied"])],
    [("What office does Hussein al-Sheikh hold?", ["Deputy President"]),
     ("Who went to Cairo with him from the Palestinian Authority?", ["Faraj"]),
     ("Which Egyptian official did the two of them talk to?", ["Rashad"])],
]


def has(text: str, gold: list[str]) -> bool:
    t = text.lower()
    return any(g.lower() in t for g in gold)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--modes", default="none,subject,names,llm")
    args = ap.parse_args(argv)
    from rag import Assistant
    from rag.conversation.session import Turn, condense_by_entities, question_subject, condense_with_llm
    from rag.conversation.followup import rewrite_follow_up
    from rag.text import FOLLOW_UP_CONTEXT

    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    a = harness.store_for([DEMO_CORPUS] + ([CAIRO] if CAIRO.exists() else []), answerer="extractive")
    llm = None
    if "llm" in modes:
        llm = Assistant(data_dir=a.settings.data_dir, embedder=a.embedder, answerer="local").answerer.llm

    def condense(mode: str, question: str, turns: list) -> str:
        if not turns or mode == "none":
            return question
        last = turns[-1]
        earlier = FOLLOW_UP_CONTEXT.search(last.standalone)
        if mode == "subject":  # the previous question's subject only (before issue 11)
            return rewrite_follow_up(question, last.question, None, question_subject(last.question),
                                     earlier.group(1) if earlier else "")
        if mode == "names":  # rag.conversation.session.condense_by_entities now
            return condense_by_entities(question, turns)
        return condense_with_llm(question, turns, llm) or condense_by_entities(question, turns)

    n_follow = sum(len(c) - 1 for c in CHATS)
    print(f"{len(CHATS)} chats, {sum(len(c) for c in CHATS)} turns, {n_follow} follow-ups; extractive answers")
    print(f"{'rewrite':8s} {'found (top 3)':>13s} {'answered':>9s} {'rewrite s median':>17s}")
    for mode in modes:
        found = answered = 0
        costs = []
        misses = []
        for chat in CHATS:
            turns: list = []
            for i, (q, gold) in enumerate(chat):
                t = time.perf_counter()
                standalone = condense(mode, q, turns)
                cost = time.perf_counter() - t
                ans = a.ask(standalone)
                if i:
                    costs.append(cost)
                    ok_found = any(has(p.text, gold) for p in ans.passages[:3])
                    found += ok_found
                    answered += (not ans.refused) and has(ans.answer, gold)
                    if not ok_found:
                        misses.append(f"not found: {standalone}")
                    elif ans.refused or not has(ans.answer, gold):
                        misses.append(f"not answered: {standalone} -> {ans.answer[:150]}")
                turns.append(Turn(q, standalone, ans))
        print(f"{mode:8s} {found / n_follow:13.2f} {answered / n_follow:9.2f} {statistics.median(costs):17.3f}")
        for m in misses:
            print(f"    {m}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
