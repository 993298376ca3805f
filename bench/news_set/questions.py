"""Questions of the news set, each with its asking date, derived from the stories' fact timelines.

Types: ``latest`` (present tense plus "now"-like words), ``no_date`` (no time words: recency must decide),
``past_period`` ("in early September", "in the week of 8 September"), ``explicit_date`` ("on 9 October 2025"),
``relative`` ("yesterday", "last week", "two weeks ago", "this month", "this week", "since Monday") and
``unanswerable`` (the fact is only reported after the asking date, or never). Gold documents: every article
(wire copies included) that states the answer as true for the time asked about, published on or before the
asking date. For a question about an earlier time, that is every article that stated the value between the day
it became true and the end of the time asked about (it still held then).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from .articles import Article
from .stories import STORIES, Fact, Step, Story

LAST_ASK = date(2025, 11, 7)
NOW_WORDS = ["As things stand, ", "At the moment, ", "Currently, ", "As of today, ", "Right now, ", "These days, "]


@dataclass
class Question:
    question: str
    question_date: date
    type: str
    answers: list[str]
    doc_ids: list[str]
    story: str
    fact: str
    relative: str | None = None  # the relative expression used, for per-expression analysis
    future_answers: list[str] = field(default_factory=list)  # unanswerable: what later articles say

    def record(self, qid: str) -> dict:
        rec = {"id": qid, "question": self.question, "question_date": self.question_date.isoformat(),
               "type": self.type, "answers": self.answers, "doc_ids": self.doc_ids,
               "unanswerable": self.type == "unanswerable", "story": self.story, "fact": self.fact}
        if self.relative:
            rec["relative"] = self.relative
        if self.future_answers:
            rec["future_answers"] = self.future_answers
        return rec


def _span(fact: Fact, step: Step) -> tuple[date, date]:
    i = fact.steps.index(step)
    end = fact.steps[i + 1].start if i + 1 < len(fact.steps) else date(2100, 1, 1)
    return step.start, end


def _stating(arts: list[Article], story: Story, fact: Fact, step: Step, lo: date, hi: date) -> list[Article]:
    """Articles published in [lo, hi] that state ``step``'s value as then true."""
    s0, s1 = _span(fact, step)
    return [a for a in arts if a.story == story.key and lo <= a.published <= hi and s0 <= a.published < s1
            and a.facts.get(fact.key) == step.value]


def _reporting_change(arts: list[Article], story: Story, fact: Fact, step: Step, asked: date) -> list[Article]:
    """Articles reporting the change to ``step`` (on its day, or retold later with its date) before ``asked``."""
    return [a for a in arts if a.story == story.key and a.published <= asked and (
        (a.published == step.start and fact.key in a.changes) or (fact.key, step.value) in a.recaps)]


def _part_of_month(d: date) -> tuple[str, date, date]:
    import calendar

    last = calendar.monthrange(d.year, d.month)[1]
    month = d.strftime("%B")
    if d.day <= 10:
        return f"in early {month}", d.replace(day=1), d.replace(day=10)
    if d.day <= 20:
        return f"in mid-{month}", d.replace(day=11), d.replace(day=20)
    return f"in late {month}", d.replace(day=21), d.replace(day=last)


def _explicit(d: date, rng: random.Random) -> str:
    return rng.choice([f"on {d.day} {d:%B %Y}", f"on {d:%B} {d.day}, {d.year}", f"on {d.isoformat()}",
                       f"on {d:%A}, {d.day} {d:%B %Y}"])


def _ids(arts: list[Article]) -> list[str]:
    return sorted({a.doc_id for a in arts})


def candidates(arts: list[Article], rng: random.Random) -> list[Question]:
    out: list[Question] = []
    for story in STORIES:
        for fact in story.facts:
            for step in fact.steps:
                out += _for_step(arts, story, fact, step, rng)
        for q in story.never:
            out.append(Question(q, story.first + timedelta(days=rng.randint(20, 80)), "unanswerable", [], [],
                                story.key, "never"))
    return out


def _for_step(arts: list[Article], story: Story, fact: Fact, step: Step, rng: random.Random) -> list[Question]:
    out: list[Question] = []
    s0, s1 = _span(fact, step)
    mine = sorted((a for a in arts if a.story == story.key and a.facts.get(fact.key) == step.value
                   and s0 <= a.published < s1), key=lambda a: a.published)
    if not mine:
        return out
    ans = step.answers

    def add(text, asked, qtype, gold, relative=None):
        if gold and asked <= LAST_ASK:
            out.append(Question(text, asked, qtype, ans, _ids(gold), story.key, fact.key, relative))

    # Latest state: asked 1-4 days after an article stating it, before the next change.
    for qtype in ("latest", "no_date"):
        a = rng.choice(mine)
        asked = a.published + timedelta(days=rng.randint(1, 4))
        if asked < s1:
            q = rng.choice(fact.q_now)
            if qtype == "latest":
                q = rng.choice(NOW_WORDS) + q[0].lower() + q[1:]
            add(q, asked, qtype, _stating(arts, story, fact, step, s0, asked))
    # An earlier part of a month, asked after the value changed.
    for a in (rng.sample(mine, k=min(3, len(mine))) if s1 < LAST_ASK else []):
        when, lo, hi = _part_of_month(a.published)
        if rng.random() < 0.35:
            monday = a.published - timedelta(days=a.published.weekday())
            when, lo, hi = f"in the week of {monday.day} {monday:%B}", monday, monday + timedelta(days=6)
        if s0 <= lo and hi < s1:
            asked = s1 + timedelta(days=rng.randint(3, 25))
            # Gold: articles that stated the value by the end of the period (it had not changed since).
            add(rng.choice(fact.q_then).format(when=when), asked, "past_period",
                _stating(arts, story, fact, step, s0, hi))
            break
    # The change itself, by explicit date, "yesterday", "this week"/"since Monday", "this month".
    if story.first <= step.start <= story.last and fact.q_event:
        asked = step.start + timedelta(days=rng.randint(2, 30))
        add(rng.choice(fact.q_event).format(when=_explicit(step.start, rng)), asked, "explicit_date",
            _reporting_change(arts, story, fact, step, asked))
        asked = step.start + timedelta(days=1)
        add(rng.choice(fact.q_event).format(when="yesterday"), asked, "relative",
            _reporting_change(arts, story, fact, step, asked), "yesterday")
        if step.start.weekday() <= 3:
            asked = step.start + timedelta(days=rng.randint(1, 4 - step.start.weekday()))
            if fact.q_since and rng.random() < 0.6:
                rel = f"since {step.start:%A}"
                add(rng.choice(fact.q_since).format(when=rel), asked, "relative",
                    _stating(arts, story, fact, step, step.start, asked), rel)
            else:
                add(rng.choice(fact.q_event).format(when="this week"), asked, "relative",
                    _reporting_change(arts, story, fact, step, asked), "this week")
        others = [s for s in fact.steps if s is not step and s.start.month == step.start.month
                  and s.start.year == step.start.year]
        if not others and step.start.day <= 22:
            asked = step.start + timedelta(days=rng.randint(3, 6))
            rel = rng.choice(["this month", "earlier this month"])
            add(rng.choice(fact.q_event).format(when=rel), asked, "relative",
                _reporting_change(arts, story, fact, step, asked), rel)
    # An article's day seen from one or two weeks later.
    a = rng.choice(mine)
    monday = a.published - timedelta(days=a.published.weekday())
    sunday = monday + timedelta(days=6)
    if s0 <= monday and sunday < s1:
        asked = sunday + timedelta(days=rng.randint(1, 5))
        add(rng.choice(fact.q_then).format(when="last week"), asked, "relative",
            _stating(arts, story, fact, step, s0, sunday), "last week")
    a = rng.choice(mine)
    asked = a.published + timedelta(days=14)
    if a.published - timedelta(days=3) >= s0:
        add(rng.choice(fact.q_then).format(when="two weeks ago"), asked, "relative",
            _stating(arts, story, fact, step, s0, a.published + timedelta(days=3)),
            "two weeks ago")
    # Asked before the next change was reported: only later articles hold the answer.
    nxt = fact.steps[fact.steps.index(step) + 1] if s1 < date(2100, 1, 1) else None
    if nxt and fact.q_replace and step.ask_replace and nxt.start <= story.last:
        asked = nxt.start - timedelta(days=rng.randint(2, 8))
        if asked >= mine[0].published:
            q = Question(rng.choice(fact.q_replace).format(prev=step.value), asked, "unanswerable", [], [],
                         story.key, fact.key, future_answers=nxt.answers)
            out.append(q)
    return out


def first_report_questions(arts: list[Article], rng: random.Random) -> list[Question]:
    """Facts whose very first value appears inside the period, asked before that day (unanswerable)."""
    out = []
    for story in STORIES:
        for fact in story.facts:
            st = fact.steps[0]
            if story.first < st.start and fact.q_replace and "{prev}" not in fact.q_replace[0]:
                asked = st.start - timedelta(days=rng.randint(3, 10))
                out.append(Question(fact.q_replace[0], asked, "unanswerable", [], [], story.key, fact.key,
                                    future_answers=st.answers))
    return out


QUOTAS = {"latest": 32, "no_date": 32, "past_period": 26, "explicit_date": 28, "relative": 36, "unanswerable": 20}


def build_questions(arts: list[Article], seed: int) -> list[Question]:
    rng = random.Random(seed)
    pool = candidates(arts, rng) + first_report_questions(arts, rng)
    rng.shuffle(pool)
    chosen: list[Question] = []
    seen: set[tuple[str, str]] = set()
    for qtype, n in QUOTAS.items():
        of_type = [q for q in pool if q.type == qtype]
        # Spread each type over stories: round-robin by story.
        by_story: dict[str, list[Question]] = {}
        for q in of_type:
            by_story.setdefault(q.story, []).append(q)
        picked: list[Question] = []
        while len(picked) < n and any(by_story.values()):
            for k in list(by_story):
                if by_story[k] and len(picked) < n:
                    q = by_story[k].pop()
                    if (q.question, q.question_date.isoformat()) not in seen:
                        seen.add((q.question, q.question_date.isoformat()))
                        picked.append(q)
        chosen += picked
    return sorted(chosen, key=lambda q: (q.question_date, q.story, q.question))
