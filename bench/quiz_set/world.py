"""The quiz set's invented world: places, people and firms, and the events of 19 weeks (2 February to 14 June 2026)
as data. An ``Event`` happens on one day and has facts (slot -> value); a developing event (a death toll, a venue
of talks) has a value that changes on later days (``updates``). Recurring meetings happen twice in the year in
different cities (a February one and a later one), so "this year" has an older event of the same kind.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

START = date(2026, 2, 2)  # a Monday
END = date(2026, 6, 14)  # a Sunday: 19 weeks

FIRMS = ["Halvorsen Motors", "Quillfeather Media", "Ostrander Chemicals", "Brightwater Rail", "Kestrel Avionics",
         "Marlowe & Finch", "Tarrant Steelworks", "Vossberg Pharma", "Calloway Foods", "Pemberton Logistics",
         "Lindqvist Shipping", "Orsova Telecom", "Greyhollow Mining", "Aldmere Bank", "Fenwick Textiles",
         "Corvane Energy", "Drummond Paper", "Ysolde Cosmetics", "Harrowgate Insurance", "Northvale Dairies",
         "Sabrecourt Software", "Tiverton Glass", "Umbrian Airways", "Wexcombe Tools", "Zelland Batteries",
         "Ravensholt Brewing", "Ember Lane Studios", "Castelmar Cement", "Holloway Instruments", "Merriden Retail",
         "Pallister Robotics", "Stonebridge Foods", "Ashcombe Hotels", "Bellcastle Games", "Dunmore Fibre"]
STARTUPS = ["Larkspur AI", "Tidewell", "Pocketfarm", "Gridlark", "Nimbleroot", "Quaymint", "Saltmarsh Labs",
            "Verdigrid", "Hushboard", "Cobblestack", "Flintwave", "Moonwharf"]
REGULATORS = ["the Corrant Competition Authority", "the Velish Data Protection Office",
              "the Ostmark Financial Conduct Board", "the Saravine Energy Regulator", "the Nordreach Transport Agency"]
COUNTRIES = ["Velland", "Ostmark", "Saravine", "Corrant", "Nordreach", "Ilvania", "Tessaly", "Marrowind",
             "Kastria", "Dovrenia", "Pellucia", "Aramount", "Brisca", "Quellan", "Surrhea"]
CITIES = ["Port Avelin", "Kessary", "Dunhollow", "Marisport", "Elbridge", "Torvale", "Saint Orrin", "Ludmere",
          "Castrova", "Wendham", "Belmaris", "Rookhaven", "Oskarsby", "Tellurine", "Varnholt", "Quenby", "Halmstrand",
          "Ivorsea", "Penmark", "Gallowmere", "Nethercoombe", "Arlesford", "Brynmoor", "Corvale", "Sable Point",
          "Thistlebury", "Vannes Ridge", "Mirecourt", "Ostheim", "Lanverne"]
FIRST = ["Ines", "Bartholomew", "Freya", "Kojo", "Lucinda", "Matthias", "Odile", "Ravi", "Sunniva", "Teodor",
         "Ysolde", "Caspian", "Delphine", "Emeric", "Hanna", "Ignatius", "Juno", "Leopold", "Marguerite", "Nikolai",
         "Orla", "Pascal", "Rosalind", "Soren", "Tamsin", "Valentin", "Wilhelmina", "Anouk", "Bertrand", "Coralie"]
LAST = ["Achterberg", "Brennan-Ruiz", "Castellvi", "Dunleavy", "Ekwueme", "Falkenrath", "Grimaldi", "Holmqvist",
        "Iwasaki", "Jurgensen", "Kovalenko", "Lindgard", "Moreau-Tan", "Nakashima", "Okonkwo", "Pelletier",
        "Quarrington", "Rasmussen", "Szabo", "Thorvaldsen", "Underhill", "Vasquez", "Wojcik", "Yilmaz", "Zanetti",
        "Abernethy", "Bellweather", "Corcoran", "Delacroix", "Esterhazy", "Fairbanks", "Gunnarsson", "Hartigan"]
ROLES = ["chief executive", "finance director", "chair", "chief operating officer"]
PRIZES = ["Halden Prize for fiction", "Marisport Photography Award", "Velland Book of the Year", "Corrant Medal for "
          "architecture", "Orrin Prize for poetry", "Ostmark Science Award", "Tessaly Film Critics' Prize",
          "Belmaris Prize for journalism"]
CUPS = ["Ostmark Cup", "Velland Shield", "Continental Rowing Trophy", "Kessary Marathon", "Saravine Open",
        "Nordreach Cycling Classic", "Ilvania Basketball Final", "Harbour Sevens"]
TEAMS = ["Ludmere Athletic", "Torvale Rovers", "Port Avelin United", "Castrova FC", "Elbridge Harriers",
         "Wendham Town", "Rookhaven City", "Quenby Wanderers", "Ivorsea Albion", "Penmark Rangers"]
LAWS = ["ban single-use vapes", "lower the voting age to 16", "allow four-day working weeks in the civil service",
        "cap rents in its largest cities", "ban phones in primary schools", "legalise assisted dying",
        "end daylight saving time", "require labels on AI-generated images", "tax private jet flights",
        "ban fur farming", "make lunches free in all state schools", "decriminalise cannabis possession"]
SERIES = ["the Meridian Basin foreign ministers' meeting", "the North Sound climate forum",
          "the Continental Digital Summit", "the Tessaly Rim trade council", "the Harbour States health conference",
          "the Ilvanian Sea security dialogue", "the Blue Corridor energy summit"]
DISASTERS = ["floods", "landslide", "factory fire", "ferry sinking", "bus crash", "storm", "apartment collapse"]
TALKS = [("Velland", "Ostmark", "a fishing-rights dispute"), ("Kastria", "Dovrenia", "a border ceasefire"),
         ("the Corrant dockworkers' union", "Pemberton Logistics", "a pay dispute"),
         ("Saravine", "Marrowind", "a gas-pipeline deal"), ("Brisca", "Quellan", "a water-sharing treaty")]
REGIONS = ["the Ostmark highlands", "northern Kastria", "the Pellucian coast", "western Dovrenia", "the Aramount "
           "valley", "southern Surrhea", "the Tessaly islands", "eastern Brisca"]


@dataclass
class Event:
    key: str
    kind: str  # appoint, buy, fine, jobs, vote, prize, quake, sport, raise, summit, toll, talks
    day: date
    slots: dict[str, str]  # names that describe the event (firm, city, ...)
    facts: dict[str, str]  # fact -> value, as first reported ("" = never disclosed)
    lag: int = 0  # days from the event to its first report
    siblings: int = 0  # other outlets' reports (same or next day)
    wire: bool = False  # a near-identical wire copy of the first report
    updates: list[tuple[date, str]] = field(default_factory=list)  # developing: (day, new value of the main fact)
    series: str | None = None  # recurring meeting: the series it belongs to
    early: bool = False  # happened "early {day}" (a quake before dawn)

    @property
    def first_report(self) -> date:
        return self.day + timedelta(days=self.lag)


def person(rng: random.Random, used: set[str]) -> str:
    while True:
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        if name not in used:
            used.add(name)
            return name


def money(rng: random.Random, used: set[str]) -> str:
    while True:
        if rng.random() < 0.55:
            v = rng.choice([f"${rng.randint(12, 95)} million", f"${rng.randint(2, 9)}.{rng.randint(1, 9)} billion"])
        else:
            v = rng.choice([f"{rng.randint(2, 9)}.{rng.randint(1, 9)} billion euros",
                            f"{rng.randint(14, 880)} million euros"])
        if v not in used:
            used.add(v)
            return v


def _day(rng: random.Random, lo: date = START, hi: date = END - timedelta(days=5), weekend: float = 0.3) -> date:
    while True:
        d = lo + timedelta(days=rng.randint(0, (hi - lo).days))
        if (d.weekday() >= 5) == (rng.random() < weekend):
            return d


def _single(kind: str, rng: random.Random, pools: dict, used: set[str]) -> tuple[dict, dict]:
    take = lambda name: pools[name].pop()  # noqa: E731
    if kind == "appoint":
        return ({"org": take("firms"), "role": rng.choice(ROLES), "prev": person(rng, used)},
                {"person": person(rng, used)})
    if kind == "buy":
        price = money(rng, used) if rng.random() < 0.8 else ""
        return {"target": take("firms"), "sector": rng.choice(["frozen-food", "freight", "software", "packaging"])}, \
            {"buyer": take("firms"), "price": price}
    if kind == "fine":
        return ({"regulator": rng.choice(REGULATORS), "firm": take("firms"),
                 "reason": rng.choice(["misleading customers about prices", "mishandling customer data",
                                       "breaching safety rules", "delaying refunds"])}, {"amount": money(rng, used)})
    if kind == "jobs":
        return {"firm": take("firms"), "city": take("cities")}, {"count": f"{rng.randint(2, 48) * 50:,}"}
    if kind == "vote":
        return {"law": take("laws"), "votes": f"{rng.randint(150, 240)} to {rng.randint(40, 140)}"}, \
            {"country": take("countries")}
    if kind == "prize":
        return {"prize": take("prizes"), "work": rng.choice(["The Salt Orchard", "Lanterns Over Ivorsea",
                                                             "A Map of Quiet Rooms", "The Ninth Tide",
                                                             "Glass Harvest", "Winter at Ostheim"])}, \
            {"winner": person(rng, used)}
    if kind == "quake":
        return {"region": take("regions")}, {"magnitude": f"{rng.randint(5, 7)}.{rng.randint(1, 9)}"}
    if kind == "sport":
        teams = rng.sample(TEAMS, 2)
        return {"cup": take("cups"), "loser": teams[1], "score": f"{rng.randint(2, 4)}-{rng.randint(0, 1)}"}, \
            {"team": teams[0]}
    if kind == "raise":
        return {"startup": take("startups"), "investor": take("firms")}, {"amount": money(rng, used)}
    raise ValueError(kind)


KINDS = {"appoint": 17, "buy": 16, "fine": 12, "jobs": 14, "vote": 11, "prize": 8, "quake": 8, "sport": 8,
         "raise": 11}


def build_world(seed: int) -> list[Event]:
    rng = random.Random(seed)
    pools = {"firms": rng.sample(FIRMS * 3, len(FIRMS) * 3), "cities": rng.sample(CITIES, len(CITIES)),
             "laws": rng.sample(LAWS, len(LAWS)), "countries": rng.sample(COUNTRIES * 2, len(COUNTRIES) * 2),
             "prizes": rng.sample(PRIZES, len(PRIZES)), "cups": rng.sample(CUPS, len(CUPS)),
             "startups": rng.sample(STARTUPS, len(STARTUPS)), "regions": rng.sample(REGIONS, len(REGIONS))}
    used: set[str] = set()
    events: list[Event] = []
    for kind, n in KINDS.items():
        for i in range(n):
            slots, facts = _single(kind, rng, pools, used)
            lag = rng.choices([0, 1, 2, 3], weights=[5, 3, 1, 1])[0]
            ev = Event(f"{kind}-{i + 1:02d}", kind, _day(rng), slots, facts, lag=lag,
                       siblings=rng.choices([0, 1, 2], weights=[3, 5, 2])[0], wire=rng.random() < 0.2,
                       early=kind == "quake" and rng.random() < 0.7)
            if ev.early:
                ev.lag = 0
            events.append(ev)
    events += _summits(rng) + _developing(rng, pools)
    return sorted(events, key=lambda e: (e.day, e.key))


def _summits(rng: random.Random) -> list[Event]:
    out = []
    cities = rng.sample(CITIES, len(CITIES))
    for i, series in enumerate(SERIES):
        for j, (lo, hi) in enumerate([(date(2026, 2, 3), date(2026, 3, 6)), (date(2026, 4, 20), date(2026, 6, 5))]):
            city = cities[2 * i + j]
            out.append(Event(f"summit-{i + 1}{'ab'[j]}", "summit", _day(rng, lo, hi, weekend=0.2),
                             {"series": series, "theme": rng.choice(["shipping lanes", "grain prices",
                                                                     "cable security", "heat waves"])},
                             {"city": city}, lag=rng.choice([0, 0, 1]), siblings=rng.choice([0, 1]), series=series))
    return out


def _developing(rng: random.Random, pools: dict) -> list[Event]:
    out = []
    for i, disaster in enumerate(rng.sample(DISASTERS, 6)):
        day = _day(rng, hi=END - timedelta(days=30), weekend=0.5)
        n = rng.randint(4, 15)
        ev = Event(f"toll-{i + 1}", "toll", day, {"disaster": disaster, "place": pools["cities"].pop()},
                   {"count": str(n)}, lag=rng.choice([0, 1]), siblings=1, wire=rng.random() < 0.4)
        d = ev.first_report
        for _ in range(rng.randint(2, 3)):
            d += timedelta(days=rng.randint(2, 8))
            n += rng.randint(3, 30)
            ev.updates.append((d, str(n)))
        out.append(ev)
    cities = rng.sample(CITIES, len(CITIES))
    for i, (a, b, topic) in enumerate(TALKS):
        day = _day(rng, hi=END - timedelta(days=40), weekend=0.2)
        ev = Event(f"talks-{i + 1}", "talks", day, {"a": a, "b": b, "topic": topic}, {"city": cities.pop()},
                   lag=0, siblings=1)
        d = day
        for _ in range(rng.randint(2, 3)):
            d += timedelta(days=rng.randint(6, 12))
            ev.updates.append((d, cities.pop()))
        out.append(ev)
    return out
