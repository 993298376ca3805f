"""Articles of the news set: when each story is reported (every change of a fact, plus status updates between),
what each article says (the values true on its day), and wire copies (same-day near-identical rewrites).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from .stories import STORIES, Fact, Step, Story

OUTLETS = ["Meridian Wire", "The Northmarch Herald", "Eastbank Chronicle", "Riverside Times", "The Morning Lantern",
           "Continental News Service", "Ledger Daily", "Harbourside Gazette"]
AUTHORS = ["Mira Haldane", "Jonas Pretorius", "Aisha Verbeek", "Tom Castellane", "Nadia Lindqvist", "Owen Mbeki",
           "Clara Fontaine", "Ruben Sakamoto", "Elif Marsh", "Declan Ortiz"]
# Wire copies reword a report lightly: same facts, same order mostly, a few words swapped.
SWAPS = [("said", "stated"), ("about", "around"), ("told", "informed"), ("after", "following"),
         ("however", "though"), ("because", "as"), ("also", "as well"), ("new", "fresh"), ("raised", "increased"),
         ("spokesperson", "representative"), ("expected", "likely"), ("remains", "is still")]


@dataclass
class Article:
    doc_id: str
    story: str
    published: date
    outlet: str
    author: str
    headline: str
    paragraphs: list[str]
    facts: dict[str, str] = field(default_factory=dict)  # fact key -> value stated as true on the day
    changes: list[str] = field(default_factory=list)  # fact keys whose change this article reports
    recaps: list[tuple[str, str]] = field(default_factory=list)  # (fact, value) of earlier changes it retells, dated
    copy_of: str | None = None  # the original report, for wire copies

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)

    @property
    def words(self) -> int:
        return len(self.text.split())


def _weekday(d: date) -> str:
    return d.strftime("%A")


def _fill(template: str, step: Step, prev: Step | None, d: date) -> str:
    return template.format(v=step.value, prev=prev.value if prev else "", day=_weekday(d))


def _state_sentence(rng: random.Random, fact: Fact, step: Step, d: date) -> str:
    templates = step.state or fact.state
    # State templates never use {prev}; pick one the article has not used yet where possible.
    return _fill(rng.choice(templates), step, None, d)


def _change_sentence(rng: random.Random, fact: Fact, step: Step, d: date) -> str:
    prev = fact.prev_of(step)
    templates = step.change or fact.change
    if prev is None:
        templates = [t for t in templates if "{prev}" not in t] or [_fill(fact.state[0], step, None, d)]
    return _fill(rng.choice(templates), step, prev, d)


def schedule(story: Story, rng: random.Random) -> list[tuple[date, list[str]]]:
    """Publication days of a story: each day a fact changes (with the changed facts), plus update days."""
    changes: dict[date, list[str]] = {}
    for fact in story.facts:
        for step in fact.steps:
            if story.first <= step.start <= story.last:
                changes.setdefault(step.start, []).append(fact.key)
    days = dict(changes)
    d = story.first + timedelta(days=rng.randint(0, 2))
    while d <= story.last:
        if all(abs((d - c).days) > 1 for c in changes):
            days.setdefault(d, [])
        d += timedelta(days=rng.randint(*story.every))
    return sorted(days.items())


def render(story: Story, d: date, changed: list[str], rng: random.Random, doc_id: str) -> Article:
    facts_now = {f.key: f.value_on(d) for f in story.facts}
    facts_now = {k: s for k, s in facts_now.items() if s is not None}
    by_key = {f.key: f for f in story.facts}
    paras: list[str] = []
    if changed:
        main = by_key[changed[0]]
        lead = _change_sentence(rng, main, facts_now[main.key], d)
        headline = rng.choice(main.headline).format(v=facts_now[main.key].value)
        extra = [_change_sentence(rng, by_key[k], facts_now[k], d) for k in changed[1:]]
        paras.append(" ".join([lead, *extra]))
    else:
        paras.append(rng.choice(story.updates).format(day=_weekday(d)))
        headline = rng.choice(story.update_headlines)
    states = [_state_sentence(rng, by_key[k], s, d) for k, s in facts_now.items() if k not in changed]
    bg = rng.sample(story.background, k=len(story.background))
    quotes = rng.sample(story.quotes, k=len(story.quotes))
    size = rng.choices(["short", "medium", "long"], weights=[3, 4, 3])[0]
    n_bg, n_q = {"short": (1, 0), "medium": (2, 1), "long": (4, 3)}[size]
    body = []
    if states:
        body.append(" ".join(states + [bg.pop(0)]))
    elif bg:
        body.append(bg.pop(0))
    body += bg[:n_bg - 1] if n_bg > 1 else []
    body += quotes[:n_q]
    rng.shuffle(body)
    if changed and size != "short":
        # A restatement after the quotes, as reports often do: the new value once more, in other words.
        main = by_key[changed[0]]
        body.append(_state_sentence(rng, main, facts_now[main.key], d))
    recaps: list[tuple[str, str]] = []
    if size == "long":
        # "The story so far": earlier changes retold with their dates, as longer reports do.
        told = []
        for f in story.facts:
            for st in f.steps:
                if story.first <= st.start < d:
                    tmpl = rng.choice(st.change or f.change)
                    prev = f.prev_of(st)
                    if "{prev}" in tmpl and prev is None:
                        continue
                    told.append((st.start, tmpl.format(v=st.value, prev=prev.value if prev else "",
                                                       day=f"{st.start.day} {st.start:%B}"), (f.key, st.value)))
        told.sort(key=lambda t: t[0])
        if told:
            body.append("The story so far: " + " ".join(t[1] for t in told[-4:]))
            recaps = [t[2] for t in told[-4:]]
    paras += body
    paras.append(rng.choice(story.outlooks))
    if sum(len(p.split()) for p in paras) < 150:  # the set promises 150-600 words per article
        rest = [b for b in story.background + story.quotes if b not in paras]
        while sum(len(p.split()) for p in paras) < 150 and rest:
            paras.insert(-1, rest.pop(0))
    return Article(doc_id=doc_id, story=story.key, published=d, outlet=rng.choice(OUTLETS),
                   author=rng.choice(AUTHORS), headline=headline, paragraphs=paras,
                   facts={k: s.value for k, s in facts_now.items()}, changes=list(changed), recaps=recaps)


def wire_copy(orig: Article, rng: random.Random, doc_id: str, headlines: list[str]) -> Article:
    """Another outlet's rewrite of the same report: a dateline, a few words swapped, a paragraph dropped or moved."""
    paras = list(orig.paragraphs)
    outlet = rng.choice([o for o in OUTLETS if o != orig.outlet])
    if len(paras) > 3 and orig.words > 190 and rng.random() < 0.6:
        del paras[rng.randrange(1, len(paras) - 1)]
    elif len(paras) > 3:
        i = rng.randrange(1, len(paras) - 2)
        paras[i], paras[i + 1] = paras[i + 1], paras[i]
    words = dict(rng.sample(SWAPS, k=4))
    out = []
    for p in paras:
        for a, b in words.items():
            p = p.replace(f" {a} ", f" {b} ", 1)
        out.append(p)
    out[0] = f"({outlet}) — " + out[0]
    # A different headline: the outlet's own wording of the same story.
    others = [h for h in headlines if h != orig.headline]
    head = rng.choice(others) if others and rng.random() < 0.7 else orig.headline
    return Article(doc_id=doc_id, story=orig.story, published=orig.published, outlet=outlet,
                   author=rng.choice(AUTHORS), headline=head, paragraphs=out, facts=dict(orig.facts),
                   changes=list(orig.changes), recaps=list(orig.recaps), copy_of=orig.doc_id)


def _fact(story: Story, key: str) -> Fact:
    return next(f for f in story.facts if f.key == key)


def build_articles(seed: int) -> list[Article]:
    rng = random.Random(seed)
    arts: list[Article] = []
    for story in STORIES:
        for d, changed in schedule(story, rng):
            doc_id = f"{story.slug}-{rng.getrandbits(24):06x}"
            a = render(story, d, changed, rng, doc_id)
            arts.append(a)
            # Changes are what the wires carry: most get one or two copies; routine updates rarely.
            n_copies = rng.choices([0, 1, 2], weights=[3, 4, 3])[0] if changed else int(rng.random() < 0.12)
            for _ in range(n_copies):
                value = a.facts.get(changed[0], "") if changed else ""
                heads = ([h.format(v=value) for h in _fact(story, changed[0]).headline] if changed
                         else story.update_headlines)
                arts.append(wire_copy(a, rng, f"{story.slug}-{rng.getrandbits(24):06x}", heads))
    return arts
