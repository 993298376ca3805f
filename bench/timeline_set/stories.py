"""The timeline set's stories: invented places and people, each a run of dated developments over weeks.

Each ``Dev`` is one development: the day it happened, its lead sentence (``{v}`` the value the gold checks, ``{day}``
the weekday), and optionally a second outlet's report in other words (``second``), which gives ``other`` instead of
the value where the sources disagree (a planted disagreement). ``Story.quiet`` are leads of articles that report no
development (the state restated); ``background`` paragraphs recur in most articles. All prose here was written for
this set.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass
class Dev:
    day: int  # days after the story's first day
    value: str  # what identifies this development in a line (a number, a name)
    lead: str
    detail: str = ""  # a second sentence for the lead paragraph
    second: str = ""  # another outlet's report of the same development, one or two days later
    other: str = ""  # the value the second report gives, when it disagrees
    state: str = ""  # a sentence restating this development in later articles ({v})


@dataclass
class Story:
    key: str
    topic: str  # how a reader names the story
    start: date
    devs: list[Dev]
    quiet: list[str]  # leads of articles with no new development
    background: list[str]
    closing: list[str] = field(default_factory=list)


STORIES = [
    Story(
        key="halvik-floods", topic="the Varno river floods in Halvik", start=date(2025, 9, 1),
        devs=[
            Dev(0, "300", "The Varno river burst its banks at Halvik on {day}, forcing {v} residents of the low "
                "quarter from their homes.", "Firefighters used boats to reach families trapped on upper floors.",
                state="The flooding began when the Varno rose over its banks and {v} people had to leave."),
            Dev(2, "4", "Officials in Halvik confirmed on {day} that {v} people had died in the Varno flooding.",
                "Two of the victims were swept away while trying to cross the old ford by car.",
                second="The Varno flood has claimed 6 lives, the regional health office said on {day}.", other="6"),
            Dev(5, "levee", "Army engineers began building a temporary levee along Halvik's eastern embankment on "
                "{day}.", "Some 200 soldiers filled sandbags through the night."),
            Dev(9, "Amalia Strand", "Regional governor {v} declared a state of emergency in three districts "
                "around Halvik on {day}.", "The order frees money for shelters and lets the army requisition "
                "lorries."),
            Dev(13, "1,200", "A second flood crest on the Varno raised the number of evacuated Halvik residents "
                "to {v} on {day}.", "The municipal sports hall has been turned into a dormitory.",
                second="Nearly 1,200 people have now left their homes in Halvik, the civil protection agency "
                "reported on {day}, as the river peaked again."),
            Dev(18, "80", "The temporary levee gave way near Korsby bridge on {day}, flooding {v} homes in "
                "Halvik's eastern suburbs.", "Residents said the water rose knee-deep within an hour."),
            Dev(24, "warning level", "The Varno fell below its {v} at Halvik on {day} for the first time in "
                "more than three weeks.", "Hydrologists cautioned that the ground remains saturated."),
            Dev(30, "45 million", "The national government approved a {v} crown relief fund for Halvik on {day}.",
                "Households can claim up to 20,000 crowns for damaged furniture.",
                second="Ministers set aside 40 million crowns to help Halvik recover, the finance ministry "
                "announced on {day}.", other="40 million"),
            Dev(38, "schools", "Halvik's {v} reopened on {day} and the first evacuated families moved back into "
                "the low quarter.", "Cleaning crews had worked for a week to dry out the classrooms."),
            Dev(47, "Tomas Ekwall", "Hydrologist {v} was appointed on {day} to lead an independent inquiry into "
                "why the Halvik levee failed.", "His report is due before the spring thaw.",
                second="Retired judge Marit Olsen will lead the inquiry into the Halvik levee collapse, the "
                "regional council said on {day}.", other="Marit Olsen"),
        ],
        quiet=["Halvik residents were still counting the cost of the Varno flooding on {day}, with many shops "
               "in the low quarter shuttered.",
               "Volunteers kept handing out meals at Halvik's shelters on {day} as the town waited for the "
               "river to settle."],
        background=["Halvik sits on a bend of the Varno where two tributaries join, and its low quarter has "
                    "flooded four times in the last century. A plan to raise the embankments was shelved six "
                    "years ago for lack of money.",
                    "The town has about 18,000 inhabitants, most of them in the old centre on the north bank. "
                    "Farmland to the east acts as an overflow basin when the river runs high."],
        closing=["The regional council will meet again next week to review the situation.",
                 "Forecasters expect more rain in the mountains upstream."],
    ),
    Story(
        key="dunmere-strike", topic="the Dunmere rail strike", start=date(2025, 9, 8),
        devs=[
            Dev(0, "48-hour", "Train drivers on the Dunmere regional network began a {v} strike on {day} over "
                "shift rosters.", "Only one train in ten ran on the coastal line."),
            Dev(3, "Kerstin Vale", "The drivers' union named {v} as its lead negotiator on {day}, replacing the "
                "ailing Hugo Brand.", "She has led two previous rounds of talks with the operator.",
                second="Union veteran Kerstin Vale takes over the Dunmere talks from Hugo Brand, the drivers' "
                "union confirmed on {day}."),
            Dev(8, "2.8 percent", "Dunmere Rail offered its drivers a pay rise of {v} on {day}, which the union "
                "rejected within hours.", "The union wants rosters published four weeks ahead."),
            Dev(11, "five-day", "The drivers' union announced a {v} walkout on {day}, the longest on the "
                "Dunmere network in a decade.", "Commuter groups called the move a blow to workers who cannot "
                "drive to work."),
            Dev(16, "140", "The five-day walkout cancelled {v} Dunmere services a day, the operator said on "
                "{day}.", "Buses replaced trains on parts of the inland route.",
                second="About 190 trains a day were cancelled during the Dunmere walkout, the passengers' "
                "association counted on {day}.", other="190"),
            Dev(21, "mediator", "Transport minister Selin Aydar appointed a {v} in the Dunmere dispute on {day}.",
                "The mediator has three weeks to bring both sides to an agreement."),
            Dev(27, "3.6 percent", "Under mediation, Dunmere Rail raised its pay offer to {v} on {day}.",
                "The union said the offer was a step forward but the rosters still had to change."),
            Dev(33, "agreement", "Negotiators reached a provisional {v} in the Dunmere rail dispute on {day}.",
                "Members will vote on the deal within a fortnight."),
            Dev(40, "71 percent", "Dunmere drivers accepted the deal on {day}, with {v} voting in favour.",
                "Turnout in the ballot was high.",
                second="Drivers backed the Dunmere settlement by 64 percent in a ballot whose result was "
                "published on {day}.", other="64 percent"),
            Dev(44, "timetable", "Dunmere Rail restored its full {v} on {day}, ending eight weeks of "
                "disruption.", "The operator promised to publish rosters a month in advance."),
        ],
        quiet=["Commuters on the Dunmere network faced another uncertain week on {day} as talks stalled.",
               "Passengers queued for replacement buses at Dunmere central station on {day}."],
        background=["The Dunmere regional network carries about 90,000 passengers on a working day across "
                    "its coastal and inland lines. Drivers say short-notice roster changes have become routine "
                    "since the operator cut reserve staff.",
                    "Dunmere Rail is owned by the regional authority but run at arm's length; its contract "
                    "comes up for renewal in two years."],
        closing=["Both sides said they remained open to talks.",
                 "The operator advised passengers to check the journey planner before travelling."],
    ),
    Story(
        key="pellingham-bid", topic="the takeover battle for Pellingham Foods", start=date(2025, 9, 15),
        devs=[
            Dev(0, "Grainvale", "{v} Holdings made an unsolicited offer for Pellingham Foods on {day}, valuing "
                "the biscuit maker at 1.1 billion.", "Pellingham shares jumped by a quarter at the open."),
            Dev(4, "rejected", "The board of Pellingham Foods {v} the Grainvale offer on {day} as too low.",
                "Chair Rosalind Achebe said the bid ignored the value of the company's brands."),
            Dev(10, "1.3 billion", "Grainvale raised its bid for Pellingham Foods to {v} on {day}.",
                "The new offer includes a cash payment for staff pension holders.",
                second="Grainvale's improved bid puts a price of 1.25 billion on Pellingham Foods, analysts "
                "calculated on {day}.", other="1.25 billion"),
            Dev(15, "Orchard Partners", "A rival bidder, {v}, confirmed on {day} that it was considering an "
                "offer for Pellingham Foods.", "The private equity firm owns two bakery chains."),
            Dev(19, "Ivo Marchetti", "Pellingham Foods' chief executive {v} resigned on {day}, citing the strain "
                "of the takeover fight.", "The finance director will stand in until a successor is found."),
            Dev(24, "1.45 billion", "Orchard Partners tabled a formal offer of {v} for Pellingham Foods on {day}.",
                "The offer is conditional on access to the company's books."),
            Dev(29, "competition authority", "The {v} opened an inquiry into the Grainvale bid for Pellingham "
                "Foods on {day}.", "Grainvale already owns the country's second-largest cereal brand."),
            Dev(35, "recommended", "Pellingham's board {v} the Orchard Partners offer to shareholders on {day}.",
                "The board said the offer gave certainty to employees."),
            Dev(41, "withdrew", "Grainvale {v} from the contest for Pellingham Foods on {day}.",
                "It said it would not overpay for the business."),
            Dev(48, "24 November", "Pellingham shareholders approved the Orchard Partners takeover on {day}; the "
                "deal is due to complete on {v}.", "Trading in Pellingham shares will end on the day before.",
                second="The Orchard Partners purchase of Pellingham Foods will close on 1 December, the company "
                "told the stock exchange on {day}.", other="1 December"),
        ],
        quiet=["Pellingham Foods' shares traded flat on {day} as investors waited for the next move in the bid.",
               "Staff at Pellingham's bakery in Lowmarsh said on {day} they were anxious about the takeover."],
        background=["Pellingham Foods was founded in 1921 and makes biscuits and crackers at three plants. "
                    "It employs about 4,200 people and sells in eleven countries.",
                    "Food makers have become targets for buyers this year as ingredient costs eased and share "
                    "prices lagged the wider market."],
        closing=["Advisers to both bidders declined to comment.",
                 "The takeover panel has set a deadline for final offers."],
    ),
]
