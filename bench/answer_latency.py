"""Local-LLM answer speed and honesty, old vs new, in one run: time to first words, total, quality, support.

Variants of the generative answerer run interleaved question by question (so load on the shared machine hits them
alike) over one question set:

- ``old``: today's answerer before issue 11: whole chunks in the prompt, no instant answer, 256 reply tokens, no
  support check, the wordy prompt (``wordy``: rule 1 and the closing line before "The fact alone" let the model
  restate the question around the answer);
- ``excerpts``, ``lookup``, ``cache``, ``tokens``, ``verify``: ``old`` plus one lever each (best sentences with
  neighbours; prompt-lookup decoding; a RAM prefix cache; 128 reply tokens; the support check);
- ``nocache``: ``old`` with the llama context reset before each question (what llama.cpp's own prefix reuse of
  the constant system prompt saves);
- ``new``: the product's defaults now; ``new+LEVER``: those plus one lever (``new+wordy``: the short reply's own
  effect; ``new+long``: ISO dates in the passage headers and the 24-token closing line used before "Compact dates
  and a shorter closing line" in bench/CHANGELOG.md; ``new+late``: the answer line after the question, as before "The
  answer line first"; ``new+topSnN[bB]``: excerpts of the best S sentences with N neighbours each, B for the best;
  ``new+whole``: whole chunks; ``new+rank``: excerpts ordered by their best sentence's rank; ``new+qfirst``: the
  question also before the sources; ``new+sentence``: one short sentence in the passage's words instead of the fact
  alone).

Every variant runs on its own llama context: llama.cpp reuses the longest prefix a prompt shares with the one before
on its context, so on a shared one the variant asked second would find the same question's passages already
evaluated, and prompts with different constant prefixes would evict each other's.

Per variant: first words on screen (the instant answer, or the first generated piece), first generated piece
(TTFT), whole answer: median and p90 seconds, and their ratio to ``old``; the share of answers containing a gold
answer and their SQuAD F1 (which does not reward quoting more); refusals; the share of answer sentences their
citation supports (`Answer.verify()`).

    flock /tmp/heavy.lock .venv/bin/python -m bench.answer_latency --set cairo
    flock /tmp/heavy.lock .venv/bin/python -m bench.answer_latency --set ../shared/eval/squad_v1_dev -n 30
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import statistics
import sys
import time
from contextlib import ExitStack, contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from bench import harness
from bench.harness import CAIRO, percentile

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

# Own questions about the example article (gold answers are a few words; "" = the article does not say).
CAIRO_QUESTIONS = [
    ("Who led the Hamas delegation?", ["al-Hayya"]),
    ("Who headed the Palestinian Authority team?", ["al-Sheikh"]),
    ("What position does Majed Faraj hold?", ["intelligence chief"]),
    ("Where did the delegations meet?", ["Cairo"]),
    ("Who is Egypt's intelligence chief?", ["Rashad"]),
    ("When will the reconstruction conference take place?", ["second half of November"]),
    ("Who is Ali Baraka?", ["Department of National Relations Abroad", "head"]),
    ("Who leads Islamic Jihad?", ["Nakhaleh"]),
    ("Who is the deputy of the Islamic Jihad secretary-general?", ["al-Hindi"]),
    ("What did al-Sheikh and Rashad agree on?", ["ceasefire"]),
    ("Which border crossing was discussed with Egypt?", ["Rafah"]),
    ("Which country will host the reconstruction conference?", ["Egypt"]),
    ("On which day did the Hamas and Palestinian Authority delegations meet?", ["Thursday"]),
    ("What does Hamas say Israel must do before the next stage?", ["first phase"]),
    ("Whose plan are the talks about?", ["Trump"]),
    ("What is the population of Gaza?", []),
    ("How many aid trucks entered Gaza last week?", []),
    ("Who is the prime minister of Egypt?", []),
]

OLD = dict(excerpts=False, instant=False, verify=False, max_tokens=256, newest_first=False, wordy=True, long=True)
LEVERS = {
    "wordy": dict(wordy=True),
    "excerpts": dict(excerpts=True),
    "lookup": dict(prompt_lookup=10),
    "cache": dict(prefix_cache_mb=512),
    "tokens": dict(max_tokens=128),
    "instant": dict(instant=True),
    "verify": dict(verify=True),
    "nocache": dict(reset=True),
    "long": dict(long=True),
    "late": dict(late=True),
    "whole": dict(excerpts=False),
    "rank": dict(rank=True),
    "sentence": dict(sentence=True),
    "qfirst": dict(qfirst=True),
}


# The prompt before "The fact alone" (bench/CHANGELOG.md): the model restated the question around the answer.
WORDY_RULE_1 = "1. Answer briefly, in one to three sentences, with the words of the passages."
WORDY_CLOSING = "Answer briefly and cite the sources by number, like [1]."


@contextmanager
def prompt_rewrite(rewrite, new_rule_1: str | None = None):
    """The product's prompt module with the user message passed through ``rewrite(text, question, P)`` and, when
    given, rule 1 replaced, for the duration."""
    import rag.answer.prompt as P

    saved = P.SYSTEM_PROMPT, P.user_message
    if new_rule_1:
        rule_1 = next(line for line in P.SYSTEM_PROMPT.splitlines() if line.startswith("1. "))
        P.SYSTEM_PROMPT = P.SYSTEM_PROMPT.replace(rule_1, new_rule_1)
    P.user_message = lambda question, rendered, today: rewrite(saved[1](question, rendered, today), question, P)
    try:
        yield
    finally:
        P.SYSTEM_PROMPT, P.user_message = saved


def wordy_prompt():
    """The product's prompt module patched back to the wordy prompt: the answer line, first or last, is replaced by
    the wordy closing line."""
    return prompt_rewrite(lambda text, question, P: "\n".join(
        line for line in text.split("\n") if line not in (P.ANSWER_LINE, LONG_CLOSING)) + "\n" + WORDY_CLOSING,
        WORDY_RULE_1)


# The prompt before "Compact dates and a shorter closing line" (bench/CHANGELOG.md): ISO dates, "N days before today",
# and a 24-token closing line.
LONG_CLOSING = "Answer with only the fact asked for, not the question's words, and cite its source number, like [1]."


@contextmanager
def long_prompt():
    """The product's prompt module patched back to ISO dates and the long closing line for the duration."""
    import rag.answer.prompt as P

    saved = P.user_message, P.published_note

    def published_note(p, today):
        try:
            d = date.fromisoformat(p.date[:10]) if p.date else None
        except ValueError:
            d = None
        if d is None:
            return None
        n = (today - d).days
        rel = saved[1](p, today).rsplit(", ", 1)[1]
        if rel.endswith(" ago"):
            rel = rel[: -len(" ago")] + " before today"
        elif rel.startswith("in ") and n < 0:
            rel = rel[len("in "):] + " after today"
        return f"published {d.isoformat()}, {rel}"

    def user_message(question, rendered, today):
        sources = "\n\n".join(rendered)
        return f"Today's date: {today.isoformat()}\n\nSources:\n\n{sources}\n\nQuestion: {question}\n{LONG_CLOSING}"

    P.user_message, P.published_note = user_message, published_note
    try:
        yield
    finally:
        P.user_message, P.published_note = saved


# One short sentence in the passage's words instead of the fact alone: a middle way between "The fact alone" and the
# wordy prompt, whose longer replies matched gold answers that the bare fact cut short ("Leukocytes" for
# "Leukocytes (white blood cells)").
SENTENCE_RULE_1 = ("1. Answer in one short sentence that gives the fact in the exact words of the passage; do not "
                   "repeat the question. Add a second sentence only when needed.")
SENTENCE_LINE = "Answer in one short sentence, in the passage's exact words, cited like [1]."


def sentence_prompt():
    """Rule 1 and the answer line asking for one short sentence in the passage's words."""
    return prompt_rewrite(lambda text, question, P: text.replace(P.ANSWER_LINE, SENTENCE_LINE, 1), SENTENCE_RULE_1)


@contextmanager
def rank_order():
    """Excerpts ordered by their best sentence's rank (the passage holding the best sentence first) instead of
    retrieval order."""
    import rag.answer.generative as G

    saved = G.excerpt_passages

    def excerpt_passages(ranked, passages, **kw):
        shown = saved(ranked, passages, **kw)
        first_rank = {}
        for r, c in enumerate(ranked):
            first_rank.setdefault(passages[c.passage_index].chunk_id, r)
        return sorted(shown, key=lambda p: first_rank.get(p.chunk_id, len(ranked)))

    G.excerpt_passages = excerpt_passages
    try:
        yield
    finally:
        G.excerpt_passages = saved


def question_first():
    """The question also before the sources, so the model reads them knowing what it looks for."""
    return prompt_rewrite(lambda text, question, P: text.replace(
        "\n\nSources:\n\n", f"\nQuestion: {question}\n\nSources:\n\n", 1))


def late_answer_line():
    """The answer line after the question, as before "The answer line first" (bench/CHANGELOG.md): evaluated for every
    answer instead of being part of the constant prefix llama.cpp reuses."""
    return prompt_rewrite(lambda text, question, P: text[text.index("\n") + 1:] + "\n" + P.ANSWER_LINE)



PATCHES = {"long": long_prompt, "wordy": wordy_prompt, "late": late_answer_line, "rank": rank_order,
           "qfirst": question_first, "sentence": sentence_prompt}

def lever(name: str) -> dict:
    """A named lever, or ``topSnN[bB]``: excerpts of the best S sentences with N neighbours each (B for the best
    one)."""
    m = re.fullmatch(r"top(\d+)n(\d+)(?:b(\d+))?", name)
    if m:
        return dict(excerpts=True, excerpt_sentences=int(m[1]), excerpt_neighbours=int(m[2]),
                    excerpt_best_neighbours=int(m[3] or 0))
    m = re.fullmatch(r"close(\d+)", name)
    if m:
        return dict(excerpt_close=int(m[1]) / 100)
    m = re.fullmatch(r"max(\d+)", name)
    if m:
        return dict(max_tokens=int(m[1]))
    return dict(LEVERS[name])


def variant_spec(name: str) -> dict:
    """'old', a lever ('excerpts' = old + excerpts), 'new' (the product's defaults) or 'new+lever[+lever]'."""
    if name == "old":
        return dict(OLD)
    if name == "new":
        return {}
    if name.startswith("new+"):
        spec: dict = {}
        for part in name[4:].split("+"):
            spec.update(lever(part))
        return spec
    return {**OLD, **lever(name)}


@dataclass
class Runs:
    first_visible: list[float] = field(default_factory=list)
    first_token: list[float] = field(default_factory=list)
    total: list[float] = field(default_factory=list)
    hits: int = 0
    f1: float = 0.0  # SQuAD word-overlap F1, summed over answerable questions
    answerable: int = 0
    refused_answerable: int = 0
    unanswerable: int = 0
    refused_unanswerable: int = 0
    sentences: int = 0
    supported: int = 0
    evaluated: list[int] = field(default_factory=list)  # prompt tokens the model evaluated per answer (no prefix)


def med(xs):
    return statistics.median(xs) if xs else float("nan")


def configure(assistant, base_answerer, spec: dict):
    """The assistant's generative answerer set up as ``spec`` says (a shared model per llama.cpp option set)."""
    from rag.llm.local import LocalLLM

    a = base_answerer
    llm = a.llm
    if spec.get("prompt_lookup") or spec.get("prefix_cache_mb"):
        llm = LocalLLM(llm.model_path, llm.context_window, llm.threads, prompt_lookup=spec.get("prompt_lookup", 0),
                       prefix_cache_mb=spec.get("prefix_cache_mb", 0))
    else:
        # Its own llama context (see the module docstring): interleaved on a shared one, the second variant asked
        # found the first one's prompt for the same question cached (new+top4n0's first token 0.83× new's, with
        # more tokens to read).
        llm = LocalLLM(llm.model_path, llm.context_window, llm.threads, shared=False)
    from rag.answer.generative import GenerativeAnswerer
    from rag.settings import AnswerSettings

    defaults = AnswerSettings()
    # the spec's lever names -> the answer settings' fields
    fields = dict(max_tokens="llm_max_tokens", excerpts="answer_excerpts", instant="instant_answer",
                  excerpt_sentences="answer_excerpt_sentences", excerpt_neighbours="answer_excerpt_neighbours",
                  excerpt_best_neighbours="answer_excerpt_best_neighbours", excerpt_close="answer_excerpt_close")
    options = a.options.model_copy(update={"answer_excerpts": defaults.answer_excerpts,
                                           "instant_answer": defaults.instant_answer,
                                           "answer_fact_alone": defaults.answer_fact_alone}
                                   | {f: spec[k] for k, f in fields.items() if k in spec})
    g = GenerativeAnswerer(llm, a.fallback, options, max_prompt_tokens=a.max_prompt_tokens,
                           verify=spec.get("verify", True), newest_first=spec.get("newest_first", a.newest_first))
    g.prompt_patch = lambda: prompt_patches(spec)
    return g


@contextmanager
def prompt_patches(spec: dict):
    """The prompt levers of ``spec`` applied for the duration, in PATCHES' order (long dates and closing first, then
    the wordy rule, then the late answer line, …)."""
    with ExitStack() as stack:
        for key, patch in PATCHES.items():
            if spec.get(key):
                stack.enter_context(patch())
        yield


@contextmanager
def evaluated_tokens(llm, calls: list):
    """Records in ``calls`` the length of each batch the llama context evaluates: the first one of an answer is the
    prompt left after llama.cpp's reuse of the prefix shared with the context's previous prompt."""
    llama = getattr(llm, "llama", None)
    if llama is None:
        yield
        return
    orig = llama.eval
    llama.eval = lambda tokens: (calls.append(len(tokens)), orig(tokens))[1]
    try:
        yield
    finally:
        del llama.eval


def ask_timed(assistant, answerer, question: str, reset: bool, today=None, calls: list | None = None):
    """(first visible s, first generated piece s, total s, final Answer); ``calls``: see `evaluated_tokens`."""
    if reset:
        answerer.llm.llama.reset()
    assistant.answerer = answerer
    t0 = time.perf_counter()
    first_visible = first_token = None
    final = None
    with getattr(answerer, "prompt_patch", nullcontext)(), evaluated_tokens(answerer.llm, [] if calls is None else calls):
        for kind, item in assistant.stream(question, today=today).events():
            now = time.perf_counter() - t0
            if kind == "provisional":
                first_visible = first_visible or now
            elif kind == "final":
                final = item
            elif first_token is None:
                first_token = now
                first_visible = first_visible or now
    total = time.perf_counter() - t0
    return first_visible or total, first_token or total, total, final


def load_questions(set_arg: str, n: int, every: int):
    if set_arg == "cairo":
        return "cairo", [CAIRO], [(q, g, None) for q, g in CAIRO_QUESTIONS][:n], {}
    from rag.eval.dataset import load_dataset

    ds = load_dataset(set_arg, limit=n, every=every)
    return ds.name, [ds.docs_dir], [(q.question, [] if q.unanswerable else q.answers, q.question_date)
                                    for q in ds.items], {" ".join(q.question.split()): (q.doc_ids, q.answers) for q in ds.items}


def remove_answers(assistant, gold: dict) -> None:
    """Make every question unanswerable: its gold documents' passages and any passage holding a gold answer are
    left out of what search returns (bench/refusal_gate.py builds the same copies)."""
    from bench.answer_quality import normalize

    from rag.eval.dataset import doc_id_of

    search = assistant.search

    def without(question, top_k=None, filters=None, **kw):
        doc_ids, answers = gold.get(" ".join(question.split()), ([], []))
        golds = [normalize(g) for g in answers if normalize(g)]
        kept = [p for p in search(question, 20, filters, **kw)
                if doc_id_of(p.source) not in doc_ids and not any(f" {g} " in f" {normalize(p.text)} " for g in golds)]
        return kept[: top_k or assistant.settings.top_k]

    assistant.search = without


def prompt_tokens(assistant, answerer, name: str, questions) -> int:
    """Prompt tokens the model must evaluate per question (the constant system prompt is reused from the previous
    call by llama.cpp, so it is not counted), whole chunks vs excerpts; CPU prompt time is about linear in it."""
    from rag.answer.context import excerpt_passages
    from rag.answer.prompt import SYSTEM_PROMPT, build_prompt

    llm = answerer.llm
    system = llm.count_tokens(SYSTEM_PROMPT)
    sizes = [(4, 1, 0), (3, 1, 0), (4, 0, 0), (3, 0, 1), (3, 0, 0), (2, 1, 0), (2, 0, 0)]
    from bench.answer_quality import contains_gold

    counts: dict = {"whole chunks": []}
    counts.update({f"top{t}n{n}" + (f"b{b}" if b else ""): [] for t, n, b in sizes})
    holds = {k: 0 for k in counts}  # answerable questions whose shown text holds a gold answer
    answerable = 0
    for q, gold, today in questions:
        passages = assistant.search(q, today=today)
        if not passages:
            continue
        ranked = answerer.fallback.rank_sentences(q, passages)
        shown_by = {"whole chunks": passages}
        for t, n, b in sizes:
            shown_by[f"top{t}n{n}" + (f"b{b}" if b else "")] = (
                excerpt_passages(ranked, passages, top=t, neighbours=n, best_neighbours=b) if ranked else passages)
        answerable += bool(gold)
        for key, shown in shown_by.items():
            holds[key] += bool(gold) and contains_gold(" ".join(p.text for p in shown), gold)
            p = build_prompt(q, shown, count_tokens=llm.count_tokens, context_window=llm.context_window,
                             reply_tokens=answerer.options.llm_max_tokens, today=today, max_prompt_tokens=answerer.max_prompt_tokens)
            counts[key].append(p.prompt_tokens - system)
    old = counts["whole chunks"]
    print(f"{name}: {len(old)} questions; prompt tokens to evaluate per answer (system prompt excluded: reused); "
          f"'holds': share of the {answerable} answerable ones whose shown text contains a gold answer")
    for key, xs in counts.items():
        print(f"  {key:13s} median {med(xs):5.0f}, p90 {percentile(xs, 90):5.0f}, "
              f"median / whole chunks {med(xs) / med(old):.2f}, "
              f"holds {holds[key] / max(1, answerable):.2f}")
    return 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", default="cairo", help="'cairo' (the example article) or an eval dataset folder")
    ap.add_argument("-n", type=int, default=100)
    ap.add_argument("--every", type=int, default=1)
    ap.add_argument("--variants", default="old,excerpts,lookup,nocache,new")
    ap.add_argument("--data-dir", type=Path)
    ap.add_argument("--out", type=Path, help="per-answer JSONL")
    ap.add_argument("--prompt-tokens", action="store_true",
                    help="no generation: count the prompt tokens old (whole chunks) vs new (excerpts) per question")
    ap.add_argument("--remove-answer", action="store_true",
                    help="unanswerable copies: passages holding the answer are removed from what search returns")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")

    from bench.answer_quality import contains_gold, token_f1

    name, docs, questions, gold = load_questions(args.set, args.n, args.every)
    a = harness.store_for(docs, args.data_dir, answerer="local")
    if args.remove_answer:
        remove_answers(a, gold)
        questions = [(q, [], today) for q, _, today in questions]  # every one is now unanswerable
        name += " (answers removed)"
    base = a.answerer
    if args.prompt_tokens:
        return prompt_tokens(a, base, name, questions)
    variants = [v.strip() for v in args.variants.split(",") if v.strip()]
    answerers = {v: configure(a, base, variant_spec(v)) for v in variants}
    for v in variants:  # warm-up: model load, first prompt; not timed
        ask_timed(a, answerers[v], "Who are you?", reset=False)
    runs = {v: Runs() for v in variants}
    out = open(args.out, "w") if args.out else None
    for i, (q, gold, today) in enumerate(questions, 1):
        for v in variants:
            calls: list[int] = []
            fv, ft, tot, ans = ask_timed(a, answerers[v], q, reset=variant_spec(v).get("reset", False), today=today,
                                         calls=calls)
            r = runs[v]
            if calls:
                r.evaluated.append(calls[0])
            r.first_visible.append(fv)
            r.first_token.append(ft)
            r.total.append(tot)
            if gold:
                r.answerable += 1
                r.refused_answerable += ans.refused
                r.hits += (not ans.refused) and contains_gold(ans.answer, gold)
                r.f1 += 0.0 if ans.refused else token_f1(ans.answer, gold)
            else:
                r.unanswerable += 1
                r.refused_unanswerable += ans.refused
            checks = [c for c in ans.verify() if not c.filler]
            r.sentences += len(checks)
            r.supported += sum(c.supported for c in checks)
            if out:
                out.write(json.dumps({"variant": v, "question": q, "gold": gold, "answer": ans.answer,
                                      "refused": ans.refused, "answerer": ans.answerer, "first_visible": round(fv, 2),
                                      "first_token": round(ft, 2), "total": round(tot, 2),
                                      "unsupported": [c.sentence for c in checks if not c.supported]}) + "\n")
                out.flush()
        print(f"  {i}/{len(questions)}", file=sys.stderr, flush=True)
    base_v = "old" if "old" in runs else variants[0]
    b = runs[base_v]
    print(f"\n{name}: {len(questions)} questions, local model, {a.answerer.llm.threads} threads; "
          f"ratios against '{base_v}' (same run, interleaved)")
    print(f"{'variant':9s} {'first words':>17s} {'first token':>17s} {'whole answer':>17s} {'ratio':>17s} "
          f"{'contains':>8s} {'F1':>5s} {'refused ans.':>12s} {'refused unans.':>14s} {'supported':>9s}")
    for v in variants:
        r = runs[v]
        ratio = f"{med(r.first_token) / med(b.first_token):.2f} / {med(r.total) / med(b.total):.2f}"
        ans_n, un_n = max(1, r.answerable), max(1, r.unanswerable)
        print(f"{v:9s} {med(r.first_visible):7.2f} / {percentile(r.first_visible, 90):6.2f} "
              f"{med(r.first_token):7.2f} / {percentile(r.first_token, 90):6.2f} "
              f"{med(r.total):7.2f} / {percentile(r.total, 90):6.2f} "
              f"{ratio:>17s} {r.hits / ans_n:8.2f} {r.f1 / ans_n:5.2f} {r.refused_answerable / ans_n:12.2f} "
              f"{(r.refused_unanswerable / un_n) if r.unanswerable else float('nan'):14.2f} "
              f"{(r.supported / r.sentences) if r.sentences else float('nan'):9.2f}")
    print("(seconds: median / p90; ratio: first token / whole answer, median against the baseline)")
    print("prompt tokens evaluated per answer (after llama.cpp's prefix reuse), median / p90: " + ", ".join(
        f"{v} {med(runs[v].evaluated):.0f} / {percentile(runs[v].evaluated, 90):.0f}" for v in variants))
    if out:
        out.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
