"""Roundup newsletters: "The week in brief" (each Saturday or Sunday: the week's stories, one or two sentences
each) and "Morning digest" (one weekday a week: the last two days). Each mentions 8-15 stories; a few of its
sentences hold a quiz answer, the rest are distractors (other events, everyday filler items).
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from .articles import AUTHORS, Doc, slots_on, stated
from .prose import FILLER_ITEMS, P, ROUNDUP_INTROS, ROUNDUP_TAILS, ROUNDUP_TITLES
from .world import CITIES, END, START, Event


def _item(ev: Event, d: date, rng: random.Random) -> str:
    tp = P[ev.kind]
    key = "roundup_noprice" if ev.kind == "buy" and not ev.facts["price"] else "roundup"
    s = slots_on(ev, d)
    text = rng.choice(tp[key]).format(**s) + (rng.choice(ROUNDUP_TAILS) if rng.random() < 0.5 else "")
    return text[0].upper() + text[1:]


def _covered(events: list[Event], docs: list[Doc], lo: date, hi: date) -> list[Event]:
    """Events with a report (first report or follow-up) published in [lo, hi]."""
    keys = {k for doc in docs if lo <= doc.published <= hi for k in doc.events}
    return [e for e in events if e.key in keys]


def _fillers(rng: random.Random, n: int) -> list[str]:
    out = []
    for t in rng.sample(FILLER_ITEMS, min(n, len(FILLER_ITEMS))):
        c1, c2 = rng.sample(CITIES, 2)
        out.append(t.format(city=c1, city2=c2))
    return out


def roundup(kind: str, d: date, evs: list[Event], rng: random.Random) -> Doc:
    items = rng.sample(evs, min(len(evs), rng.randint(8, 13)))
    lines = [_item(e, d, rng) for e in items]
    lines += _fillers(rng, max(0, rng.randint(10, 15) - len(lines)) if len(lines) < 14 else 1)
    rng.shuffle(lines)
    title = ROUNDUP_TITLES[kind]
    paras = [rng.choice(ROUNDUP_INTROS[kind])]
    # Two or three items to a paragraph, as newsletters set them.
    while lines:
        k = rng.choice([2, 3])
        paras.append(" ".join(lines[:k]))
        lines = lines[k:]
    paras.append("That's all for now. Reply to this newsletter to tell us what we missed.")
    facts: dict[str, str] = {}
    for e in items:
        facts.update(stated(e, d))
    slug = "week-in-brief" if kind == "brief" else "morning-digest"
    return Doc(f"{slug}-{d.isoformat()}", d, "Rim Wire Newsletters", rng.choice(AUTHORS), f"{title}: {d:%d %B %Y}",
               paras, kind, [e.key for e in items], facts)


def build_roundups(events: list[Event], docs: list[Doc], rng: random.Random) -> list[Doc]:
    out = []
    monday = START
    while monday <= END:
        day = monday + timedelta(days=rng.choice([5, 5, 6]))
        evs = _covered(events, docs, monday - timedelta(days=1), day)
        if evs:
            out.append(roundup("brief", day, evs, rng))
        dd = monday + timedelta(days=rng.randint(1, 4))
        evs = _covered(events, docs, dd - timedelta(days=2), dd - timedelta(days=1))
        if len(evs) >= 2:
            out.append(roundup("digest", dd, evs, rng))
        monday += timedelta(days=7)
    return out
