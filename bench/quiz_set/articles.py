"""Reports of the quiz set's events: the first report (the event's day or 1-3 days later), sibling reports by
other outlets in their own words (same or next day), wire copies (near-identical rewrites), and for developing
stories follow-up reports with the new value (an older report with the older value then competes).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from .prose import BACKGROUND, OUTLOOKS, P, QUOTES, SPEAKERS
from .world import Event

OUTLETS = ["Harbour Courier", "The Ostmark Ledger", "Velland Evening Post", "Continental Press Agency",
           "The Quenby Observer", "Rim Wire", "Daily Meridian", "The Northgate Standard", "Coastline News"]
AUTHORS = ["Petra Oyelaran", "Hugo Valdane", "Saskia Brandt-Mori", "Emil Tshabalala", "Rhea Castaneda",
           "Lorcan Whitby", "Mei Halloran", "Anton Sorokin-Vale", "Greta Ambrose", "Idris Faulkner"]
SWAPS = [("said", "stated"), ("after", "following"), ("about", "around"), ("also", "as well"),
         ("expected", "likely"), ("several", "a number of"), ("began", "started"), ("months", "many months")]


@dataclass
class Doc:
    doc_id: str
    published: date
    outlet: str
    author: str
    headline: str
    paragraphs: list[str]
    role: str  # report, sibling, wire, update, brief, digest
    events: list[str] = field(default_factory=list)  # event keys it mentions
    facts: dict[str, str] = field(default_factory=dict)  # "event:fact" -> value stated as true on its day
    copy_of: str | None = None

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)

    @property
    def words(self) -> int:
        return len(self.text.split())


def value_on(ev: Event, fact: str, d: date) -> str:
    """The value of an event's fact as reported by day ``d`` (developing stories change their main fact)."""
    v = ev.facts[fact]
    if fact == main_fact(ev):
        for day, new in ev.updates:
            if day <= d:
                v = new
    return v


def main_fact(ev: Event) -> str:
    return next(iter(ev.facts))


def slots_on(ev: Event, d: date) -> dict[str, str]:
    out = dict(ev.slots)
    out.update({k: value_on(ev, k, d) for k in ev.facts})
    out["on_day"] = f"{'early' if ev.early else 'on'} {ev.day:%A}"
    return out


def stated(ev: Event, d: date) -> dict[str, str]:
    return {f"{ev.key}:{k}": value_on(ev, k, d) for k in ev.facts if value_on(ev, k, d)}


def _pick(ev: Event, part: str) -> list[str]:
    tp = P[ev.kind]
    if ev.kind == "buy" and not ev.facts["price"] and f"{part}_noprice" in tp:
        return tp[f"{part}_noprice"]
    return tp[part]


def _body(ev: Event, s: dict, rng: random.Random) -> list[str]:
    """Detail, quote and background paragraphs, to between about 150 and 450 words."""
    detail = [t.format(**s) for t in rng.sample(P[ev.kind]["detail"], 2)]
    quotes = [q.format(quoted=rng.choice(SPEAKERS)) for q in rng.sample(QUOTES, 2)]
    bg = rng.sample(BACKGROUND, 5)
    size = rng.choice([1, 2, 3, 4])
    body = detail + quotes[:1 + (size > 2)] + bg[:size]
    rng.shuffle(body)
    return body


def pad_to_length(paras: list[str], rng: random.Random, target: int) -> None:
    """An outlook to close, and background paragraphs before it until the report reaches ``target`` words."""
    paras.append(rng.choice(OUTLOOKS))
    pool = [b for b in BACKGROUND if b not in paras]
    while sum(len(p.split()) for p in paras) < target and pool:
        paras.insert(-1, pool.pop(rng.randrange(len(pool))))


def render(ev: Event, d: date, lead_i: int, rng: random.Random, doc_id: str, role: str) -> Doc:
    s = slots_on(ev, d)
    leads = _pick(ev, "lead")
    paras = [leads[lead_i % len(leads)].format(**s)]
    paras += _body(ev, s, rng)
    pad_to_length(paras, rng, rng.choice([190, 260, 330]))
    headline = P[ev.kind]["headline"][lead_i % 3].format(**s)
    return Doc(doc_id, d, rng.choice(OUTLETS), rng.choice(AUTHORS), headline, paras, role, [ev.key], stated(ev, d))


def render_update(ev: Event, i: int, rng: random.Random, doc_id: str) -> Doc:
    d, v = ev.updates[i]
    prev = ev.updates[i - 1][1] if i else ev.facts[main_fact(ev)]
    s = slots_on(ev, d) | {"v": v, "prev": prev}
    paras = [rng.choice(P[ev.kind]["update"]).format(**s)]
    origin = P[ev.kind]["lead"][rng.randrange(3)].format(**(slots_on(ev, ev.day) | {"on_day": f"on {ev.day:%d %B}"}))
    paras.append("The story so far: " + origin.replace("At least", "at first, at least", 1))
    paras += _body(ev, s, rng)
    pad_to_length(paras, rng, rng.choice([190, 260]))
    headline = rng.choice(P[ev.kind]["headline"][1:]).format(**s)
    return Doc(doc_id, d, rng.choice(OUTLETS), rng.choice(AUTHORS), headline, paras, "update", [ev.key],
               stated(ev, d))


def wire_copy(orig: Doc, rng: random.Random, doc_id: str) -> Doc:
    outlet = rng.choice([o for o in OUTLETS if o != orig.outlet])
    swaps = dict(rng.sample(SWAPS, 3))
    paras = []
    for p in orig.paragraphs:
        for a, b in swaps.items():
            p = p.replace(f" {a} ", f" {b} ", 1)
        paras.append(p)
    if len(paras) > 4:
        i = rng.randrange(1, len(paras) - 2)
        paras[i], paras[i + 1] = paras[i + 1], paras[i]
    paras[0] = f"({outlet}) \u2014 " + paras[0]
    return Doc(doc_id, orig.published, outlet, rng.choice(AUTHORS), orig.headline, paras, "wire", list(orig.events),
               dict(orig.facts), copy_of=orig.doc_id)


def build_reports(events: list[Event], rng: random.Random) -> tuple[list[Doc], dict[str, str]]:
    """All reports, and each event's first report (the ``source_doc`` of questions written from it)."""
    docs: list[Doc] = []
    first: dict[str, str] = {}
    for ev in events:
        lead = rng.randrange(3)
        main = render(ev, ev.first_report, lead, rng, f"{ev.key}-a", "report")
        docs.append(main)
        first[ev.key] = main.doc_id
        for j in range(ev.siblings):
            d = ev.first_report + timedelta(days=rng.choice([0, 1]))
            docs.append(render(ev, d, lead + j + 1, rng, f"{ev.key}-{'bc'[j]}", "sibling"))
        if ev.wire:
            docs.append(wire_copy(main, rng, f"{ev.key}-w"))
        for i in range(len(ev.updates)):
            docs.append(render_update(ev, i, rng, f"{ev.key}-u{i + 1}"))
    return docs, first
