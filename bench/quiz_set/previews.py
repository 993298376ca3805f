"""Previews: reports written 2-6 days *before* an event, on the same story, that state none of its facts.

Real weeks hold them for most stories a quiz asks about: a shortlist before a prize, frontrunners before an
appointment, "in talks" before a takeover, the penalty a regulator *could* impose, the job cuts unions fear, the
sum a start-up hopes to raise. They share the question's words (the firm, the prize, the role) and hold a value of
the answer's kind that is not the answer (another name, a rumoured figure), and they sit inside the seven days
before a Thursday-to-Saturday question: the within-week competition that issue 24 measured on real news (right
article first 0.74 where it was in the top 5 for 0.94). None of them is gold for any question.

Built with their own random stream after everything else, so the reports, roundups and questions of a seed are
the same with or without them.
"""

from __future__ import annotations

import random
from datetime import timedelta

from .articles import AUTHORS, OUTLETS, Doc, pad_to_length
from .prose import BACKGROUND, QUOTES, SPEAKERS
from .world import FIRMS, START, Event, money, person

# {cand} another name or value of the answer's kind; the event's own slots by name. Facts of the event are never
# stated: an appointment preview names two frontrunners (one of them, sometimes, the person later named).
PREVIEW = {
    "appoint": (["{org} close to naming new {role}", "Race to lead {org} narrows"],
                ["{org} is expected to name a new {role} within days, after {prev} said she would step down. "
                 "{cand} and {cand2} are seen as the frontrunners, according to people familiar with the search.",
                 "The search for a new {role} at {org} is nearing its end, people close to the board said. "
                 "{cand} is said to be the favourite to succeed {prev}, ahead of {cand2}."]),
    "buy": (["{target} weighs offers", "Suitors circle {target}"],
            ["{target}, the {sector} group, is in talks with possible buyers, among them {cand} and {cand2}, people "
             "familiar with the matter said. No price has been agreed.",
             "Shares in {target} jumped after reports that {cand} was preparing a bid; {cand2} is also said to be "
             "interested. {target} declined to comment."]),
    "fine": (["{firm} braces for penalty", "{regulator} set to rule on {firm}"],
             ["{regulator} is expected to decide within days whether to fine {firm} for {reason}. The company "
              "could face a penalty of up to {money}, lawyers following the case said.",
              "{firm} has set aside {money} to cover a possible fine from {regulator}, which has been looking into "
              "claims that it was {reason}."]),
    "jobs": (["Unions fear cuts at {firm}", "{firm} workers await news"],
             ["Unions at {firm} warned that as many as {number} jobs could go at its site in {city}, ahead of a "
              "board meeting next week. The company said no decision had been taken.",
              "Staff at {firm} in {city} fear deep cuts: a leaked plan seen by union officials mentions {number} "
              "posts. Management called the document out of date."]),
    "raise": (["{startup} seeks new funding", "{startup} in talks with investors"],
              ["{startup} is in talks to raise as much as {money} from investors including {investor}, people "
               "familiar with the plans said. The talks could still fall apart.",
               "The start-up {startup} has approached investors about a round of about {money}, according to two "
               "people briefed on it; {investor} is among those in discussions."]),
    "prize": (["Shortlist for the {prize} announced", "Who will win the {prize}?"],
              ["The shortlist for the {prize} was announced, with {cand}, {cand2} and {winner} among the six "
               "finalists. The winner will be named at a ceremony later this month.",
               "Critics tip {cand} to win the {prize}, though {cand2} has won over many readers. The judges will "
               "announce their choice soon."]),
    "sport": (["{team} and {loser} reach the {cup} final", "{cup} final set"],
              ["{team} and {loser} will meet in the {cup} final after semi-final wins, {team} beating {cand} and "
               "{loser} edging past {cand2} on penalties.",
               "The {cup} final will be {team} against {loser}. Bookmakers make {loser} narrow favourites."]),
    "vote": (["{country} debates plan to {law}", "Lawmakers in {country} weigh bill"],
             ["Lawmakers in {country} began debating a bill to {law}; a vote is expected in the coming days. A "
              "similar bill failed in {cand} last year.",
              "Campaigners rallied in {country} ahead of a parliamentary vote on a plan to {law}. Ministers in "
              "{cand} are said to be watching closely."]),
}
RUMOURED = {"appoint", "buy", "fine", "jobs", "raise", "prize", "sport", "vote"}


def _fill(ev: Event, rng: random.Random, used: set[str]) -> dict[str, str]:
    s = dict(ev.slots) | {k: v for k, v in ev.facts.items() if v}
    if ev.kind in ("appoint", "prize"):
        key = "person" if ev.kind == "appoint" else "winner"
        first = ev.facts[key] if rng.random() < 0.4 else person(rng, used)
        s |= {"cand": first, "cand2": person(rng, used)}
    elif ev.kind == "buy":
        rivals = [f for f in FIRMS if f not in (ev.slots["target"], ev.facts["buyer"])]
        first = ev.facts["buyer"] if rng.random() < 0.4 else rng.choice(rivals)
        s |= {"cand": first, "cand2": rng.choice([f for f in rivals if f != first])}
    elif ev.kind == "sport":
        s |= dict(zip(("cand", "cand2"), rng.sample(["Varnholt Town", "Sable Point FC", "Mirecourt Rovers",
                                                     "Ostheim Athletic"], 2)))
    elif ev.kind == "vote":
        s["cand"] = rng.choice(["Tessaly", "Kastria", "Brisca", "Quellan"])
    s["money"] = money(rng, used)
    s["number"] = f"{rng.randint(2, 48) * 50:,}"
    return s


def build_previews(events: list[Event], seed: int, share: float = 0.7) -> list[Doc]:
    """A preview for about ``share`` of the events of the kinds in ``RUMOURED``, 2-6 days before the event."""
    rng = random.Random(seed)
    used = {v for ev in events for v in ev.facts.values()}
    out = []
    for ev in events:
        if ev.kind not in RUMOURED or rng.random() >= share:
            continue
        day = ev.day - timedelta(days=rng.randint(2, 6))
        if day < START:
            continue
        heads, leads = PREVIEW[ev.kind]
        s = _fill(ev, rng, used)
        paras = [rng.choice(leads).format(**s), rng.choice(QUOTES).format(quoted=rng.choice(SPEAKERS))]
        paras += rng.sample(BACKGROUND, 2)
        pad_to_length(paras, rng, rng.choice([160, 220]))
        out.append(Doc(f"{ev.key}-p", day, rng.choice(OUTLETS), rng.choice(AUTHORS), rng.choice(heads).format(**s),
                       paras, "preview", [ev.key], {}))
    return out
