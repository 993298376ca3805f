"""Quiz questions over the quiz set's events, each asked as of a day the way weekly news quizzes ask them:
"this week" on a Thursday to Saturday about the seven days before (the previous weekend included), a weekday
name in the same week ("early Thursday" asked on Thursday), "last week" early in the next week, "this month",
"this year" (a recurring meeting held twice: the recent one), no time words, an explicit date, and unanswerable
ones (asked before the event was reported, or about a price never disclosed).

Gold: short answers with a few variants; ``doc_ids`` = every document published by the asking day that states the
value true on that day (developing stories: the latest value; roundups included when they state it).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from .articles import Doc, main_fact, slots_on, value_on
from .world import END, START, Event

LAST_ASK = END + timedelta(days=6)
Q = {
    ("appoint", "person"): "Who was named {role} of {org}{when}?",
    ("buy", "buyer"): "Which company agreed to buy {target}{when}?",
    ("buy", "price"): "How much did {buyer} agree to pay for {target}{when}?",
    ("fine", "amount"): "How much was {firm} fined by {regulator}{when}?",
    ("jobs", "count"): "How many jobs did {firm} say it would cut{when}?",
    ("vote", "country"): "Which country's parliament voted to {law}{when}?",
    ("prize", "winner"): "Who won the {prize}{when}?",
    ("quake", "magnitude"): "What was the magnitude of the earthquake that struck {region}{when}?",
    ("sport", "team"): "Which team won the {cup}{when}?",
    ("raise", "amount"): "How much did {startup} raise{when}?",
    ("summit", "city"): "Which city hosted {series}{when}?",
    ("toll", "count"): "How many people were confirmed dead after the {disaster} in {place}{when}?",
    ("talks", "city"): "In which city were {a} and {b} holding talks on {topic}{when}?",
}
QUOTAS = {"this_year": 14, "this_month": 16, "last_week": 20, "weekday": 26, "explicit_date": 20,
          "unanswerable": 24, "no_date": 24, "this_week": 98}


@dataclass
class Question:
    question: str
    question_date: date
    type: str
    answers: list[str]
    doc_ids: list[str]
    event: str
    fact: str
    source_doc: str | None
    lag_days: int | None

    def record(self, qid: str) -> dict:
        return {"id": qid, "question": self.question, "question_date": self.question_date.isoformat(),
                "type": self.type, "answers": self.answers, "doc_ids": self.doc_ids,
                "unanswerable": self.type == "unanswerable", "event": self.event, "fact": self.fact,
                "source_doc": self.source_doc, "lag_days": self.lag_days}


def variants(value: str, fact: str) -> list[str]:
    out = [value]
    if fact in ("person", "winner"):
        out.append(value.split(" ", 1)[1])
    elif value.startswith("$"):
        out.append(value[1:])
    elif value.endswith(" euros"):
        out += [value[:-6], "\u20ac" + value[:-6]]
    elif fact == "count" and "," in value:
        out += [f"more than {value}", value.replace(",", "")]
    elif fact == "magnitude":
        out.append(f"magnitude {value}")
    return out


class Asker:
    def __init__(self, events: list[Event], docs: list[Doc], first: dict[str, str], rng: random.Random):
        self.events, self.docs, self.first, self.rng = events, docs, first, rng
        self.by_id = {d.doc_id: d for d in docs}

    def gold(self, ev: Event, fact: str, asked: date) -> list[str]:
        v = value_on(ev, fact, asked)
        return sorted(d.doc_id for d in self.docs if d.published <= asked and d.facts.get(f"{ev.key}:{fact}") == v)

    def source(self, ev: Event, fact: str, asked: date) -> Doc:
        """The report the question is written from: the latest report (first or follow-up) by the asking day."""
        own = [d for d in self.docs if ev.key in d.events and d.role in ("report", "update") and d.published <= asked]
        return max(own, key=lambda d: d.published)

    def make(self, ev: Event, fact: str, asked: date, qtype: str, when: str) -> Question | None:
        if asked > LAST_ASK or asked < ev.first_report or not value_on(ev, fact, asked):
            return None
        gold = self.gold(ev, fact, asked)
        if not gold:
            return None
        src = self.source(ev, fact, asked)
        text = Q[(ev.kind, fact)].format(**slots_on(ev, asked), when=when)
        lag = (src.published - ev.day).days if src.role == "report" else 0
        return Question(text, asked, qtype, variants(value_on(ev, fact, asked), fact), gold, ev.key, fact,
                        src.doc_id, lag)

    def this_week(self, ev: Event, fact: str, report: date) -> Question | None:
        days = [report + timedelta(days=k) for k in range(1, 7)]
        days = [d for d in days if d.weekday() in (3, 4, 5) and not any(report < u <= d for u, _ in ev.updates)]
        if not days:
            return None
        asked = self.rng.choices(days, weights=[{3: 3, 4: 4, 5: 1}[d.weekday()] for d in days])[0]
        return self.make(ev, fact, asked, "this_week", " this week")

    def weekday(self, ev: Event, fact: str) -> Question | None:
        lo = max(ev.first_report, ev.day)
        days = [ev.day + timedelta(days=k) for k in range(0, 7)]
        days = [d for d in days if d >= lo and d.weekday() >= ev.day.weekday() and (d > ev.day or ev.early)]
        if not days:
            return None
        asked = self.rng.choice(days)
        return self.make(ev, fact, asked, "weekday", f" {'early' if ev.early else 'on'} {ev.day:%A}")

    def last_week(self, ev: Event, fact: str) -> Question | None:
        if ev.updates:
            return None  # a developing story: the value at the end of last week is not the one asked for
        monday = ev.day - timedelta(days=ev.day.weekday()) + timedelta(days=7)
        days = [d for d in (monday + timedelta(days=k) for k in range(3)) if d >= ev.first_report]
        return self.make(ev, fact, self.rng.choice(days), "last_week", " last week") if days else None

    def this_month(self, ev: Event, fact: str) -> Question | None:
        start = max(ev.first_report + timedelta(days=3), ev.day + timedelta(days=7))
        days = [start + timedelta(days=k) for k in range(12)]
        days = [d for d in days if d.month == ev.day.month]
        if not days or ev.updates:
            return None
        return self.make(ev, fact, self.rng.choice(days), "this_month",
                         self.rng.choice([" this month", " earlier this month"]))

    def this_year(self, ev: Event, fact: str) -> Question | None:
        if ev.updates or (ev.series is None and ev.day.month > 3) or (ev.series and ev.key.endswith("a")):
            return None
        asked = ev.first_report + timedelta(days=self.rng.randint(3, 25) if ev.series else self.rng.randint(40, 90))
        return self.make(ev, fact, asked, "this_year", " this year")

    def no_date(self, ev: Event, fact: str) -> Question | None:
        if ev.series:
            return None  # a meeting held twice a year: without a date the question has two answers
        return self.make(ev, fact, ev.first_report + timedelta(days=self.rng.randint(1, 20)), "no_date", "")

    def explicit(self, ev: Event, fact: str) -> Question | None:
        if ev.updates:
            return None
        d = ev.day
        when = self.rng.choice([f" on {d.day} {d:%B}", f" on {d:%B} {d.day}, {d.year}", f" on {d.day} {d:%B %Y}"])
        return self.make(ev, fact, d + timedelta(days=self.rng.randint(2, 30)), "explicit_date", when)

    def unanswerable(self, ev: Event, fact: str) -> Question | None:
        if ev.series or ev.updates:
            return None
        if not ev.facts[fact]:  # a price never disclosed
            asked = ev.first_report + timedelta(days=self.rng.randint(1, 10))
            text = Q[(ev.kind, fact)].format(**slots_on(ev, asked), when="")
            return Question(text, asked, "unanswerable", [], [], ev.key, fact, self.first[ev.key], None)
        asked = ev.day - timedelta(days=self.rng.randint(1, 4))
        if asked.weekday() not in (3, 4, 5) or asked < START:
            return None
        text = Q[(ev.kind, fact)].format(**slots_on(ev, asked), when=" this week")
        return Question(text, asked, "unanswerable", [], [], ev.key, fact, self.first[ev.key], None)


def candidates(asker: Asker, events: list[Event]) -> list[Question]:
    out: list[Question | None] = []
    for ev in events:
        for fact in ev.facts:
            if fact != main_fact(ev) and not ev.facts[fact]:
                out.append(asker.unanswerable(ev, fact))
                continue
            out.append(asker.this_week(ev, fact, ev.first_report))
            for day, _ in ev.updates:
                out.append(asker.this_week(ev, fact, day))
            for name in ("weekday", "last_week", "this_month", "this_year", "no_date", "explicit", "unanswerable"):
                out.append(getattr(asker, name)(ev, fact))
    return [q for q in out if q is not None]


def build_questions(events: list[Event], docs: list[Doc], first: dict[str, str], seed: int) -> list[Question]:
    rng = random.Random(seed)
    pool = candidates(Asker(events, docs, first, rng), events)
    rng.shuffle(pool)
    # Recurring meetings first: their "this year" question is the one with an older event of the same kind.
    pool.sort(key=lambda q: not (q.type == "this_year" and q.event.startswith("summit")))
    per_event: dict[str, int] = {}
    chosen: list[Question] = []
    for qtype, n in QUOTAS.items():
        picked = 0
        for cap in (1, 2, 3):  # spread over events: one question each first, more where the quota needs it
            for q in pool:
                if picked < n and q.type == qtype and per_event.get(q.event, 0) < cap and q not in chosen:
                    chosen.append(q)
                    per_event[q.event] = per_event.get(q.event, 0) + 1
                    picked += 1
    return sorted(chosen, key=lambda q: (q.question_date, q.event, q.question))
