"""The news set's recurring stories: invented places, people and firms, each with facts that change over time.

Every ``Fact`` has a timeline of ``Step``s (the day a value became true and the value). Articles state the value
true on their publication day; questions ask for it as of a day. Template slots: ``{v}`` the value, ``{prev}``
the value before it, ``{day}`` the weekday of the article's publication ("on {day}"). All prose here was
written for this set.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass
class Step:
    start: date
    value: str
    variants: list[str] = field(default_factory=list)  # other ways to write the answer
    state: list[str] = field(default_factory=list)  # overrides the fact's state templates for this value
    change: list[str] = field(default_factory=list)  # overrides the fact's change templates for this value
    ask_replace: bool = True  # False where the fact's q_replace would not fit the next value (an interim one)

    @property
    def answers(self) -> list[str]:
        return [self.value, *self.variants]


@dataclass
class Fact:
    key: str
    steps: list[Step]
    state: list[str]  # sentences stating the value holds ({v}; may use {prev} only when a step before exists)
    change: list[str]  # lead sentences announcing the change to {v} from {prev}, on {day}
    headline: list[str]  # headlines for a change article
    q_now: list[str]  # present tense, no date words: "Who leads ...?"
    q_then: list[str]  # past tense with {when}: "Who led ... {when}?"
    q_event: list[str]  # the change itself with {when}: "Who was put in charge of ... {when}?"
    q_replace: list[str] = field(default_factory=list)  # "Who took over from {prev} ...?" (asked too early: unanswerable)
    q_since: list[str] = field(default_factory=list)  # perfect tense with {when} = "since Monday"

    def value_on(self, day: date) -> Step | None:
        cur = None
        for s in self.steps:
            if s.start <= day:
                cur = s
        return cur

    def prev_of(self, step: Step) -> Step | None:
        i = self.steps.index(step)
        return self.steps[i - 1] if i else None


@dataclass
class Story:
    key: str
    slug: str  # used in file names
    facts: list[Fact]
    updates: list[str]  # lead sentences for articles that report no change ({day})
    update_headlines: list[str]
    background: list[str]  # context paragraphs
    quotes: list[str]  # paragraphs with a quotation
    outlooks: list[str]  # closing paragraphs
    first: date = date(2025, 8, 4)
    last: date = date(2025, 10, 31)
    every: tuple[int, int] = (6, 10)  # days between update articles (min, max)
    never: list[str] = field(default_factory=list)  # questions this story never answers


D = date

STORIES: list[Story] = [
    Story(
        key="dock", slug="calderport-port",
        facts=[
            Fact(
                key="negotiator",
                steps=[Step(D(2025, 6, 2), "Ilse Marroquin", ["Marroquin"]),
                       Step(D(2025, 9, 12), "Tobias Fenwright", ["Fenwright"]),
                       Step(D(2025, 10, 21), "Priya Castellanos", ["Castellanos"])],
                state=["The dockworkers' side at the table is led by {v} of the Harbour and Transport Union.",
                       "{v}, who heads the union's bargaining team, told members the gap was still wide.",
                       "Union negotiators, with {v} at their head, met the employers' association again.",
                       "For the union, chief negotiator {v} has kept the strike threat on the table."],
                change=["The Harbour and Transport Union replaced its chief negotiator on {day}, handing the "
                        "Calderport talks to {v} after {prev} stepped aside.",
                        "{v} took charge of the union's bargaining team at Calderport on {day}, succeeding {prev}, "
                        "who had led the talks since the spring.",
                        "In a surprise reshuffle announced on {day}, the dockworkers' union named {v} to lead its "
                        "delegation, ending the tenure of {prev}."],
                headline=["Dockers' union changes its lead negotiator", "New face at the head of Calderport talks",
                          "{v} to lead union side in port dispute"],
                q_now=["Who heads the union delegation in the Calderport harbour pay dispute?",
                       "Who is the dock workers' chief bargainer in the Calderport port talks?"],
                q_then=["Who was leading the dock workers' delegation in the Calderport pay talks {when}?",
                        "Who represented the port workers as lead negotiator at Calderport {when}?"],
                q_event=["Who did the port workers' union put in charge of the Calderport negotiations {when}?",
                         "Which new chief negotiator did the Calderport dockers' union appoint {when}?"],
                q_replace=["Who succeeded {prev} as head of the union team in the Calderport port talks?"],
                q_since=["Who has been leading the dockers' side in the Calderport wage talks {when}?"]),
            Fact(
                key="offer",
                steps=[Step(D(2025, 6, 2), "3.5 percent", ["3.5%", "3.5"]),
                       Step(D(2025, 8, 27), "4.2 percent", ["4.2%", "4.2"]),
                       Step(D(2025, 10, 8), "5.1 percent", ["5.1%", "5.1"])],
                state=["The employers' current offer stands at a {v} pay rise spread over one year.",
                       "Terminal operators are offering {v} more in basic pay, which the union calls too little.",
                       "On the table from the port employers is a raise of {v}."],
                change=["Calderport's terminal operators raised their pay offer to {v} on {day}, up from {prev}.",
                        "The employers' association improved its offer on {day}: a {v} rise instead of the "
                        "{prev} proposed before."],
                headline=["Port employers sweeten pay offer", "Calderport operators raise offer to {v}"],
                q_now=["How big a pay rise are the Calderport terminal operators proposing?",
                       "What wage increase have the port employers offered the Calderport dockers?"],
                q_then=["What pay increase were the Calderport port employers offering {when}?"],
                q_event=["To what level did the Calderport port employers lift their wage offer {when}?"],
                q_since=["What pay rise have the Calderport terminal operators been offering {when}?"]),
        ],
        updates=["Talks between the Calderport dockworkers and the terminal operators resumed on {day} after a "
                 "short pause, with no breakthrough reported.",
                 "Dockworkers at Calderport staged a four-hour stoppage on {day}, the latest in a series of "
                 "warning actions in the pay dispute.",
                 "Shipping lines warned on {day} that container traffic through Calderport could shift to rival "
                 "ports if the labour dispute drags on.",
                 "A state mediator sat in on the Calderport pay talks for the first time on {day}.",
                 "Queues of lorries stretched several kilometres outside Calderport's east gate on {day} as a "
                 "go-slow by dockers entered its second day."],
        update_headlines=["Calderport talks grind on", "Port dispute: no deal in sight",
                          "Dockers keep pressure on Calderport operators", "Shippers fret over Calderport standoff"],
        background=["Calderport handles roughly a fifth of the country's container traffic, and a prolonged "
                    "dispute there would ripple through supply chains for retailers and car makers alike. The "
                    "last major strike at the port, eleven years ago, lasted nine days.",
                    "The dispute began in early summer when the old wage agreement expired. Workers argue that "
                    "rents in the harbour district have climbed far faster than their pay, while the operators "
                    "point to falling volumes and expensive new cranes.",
                    "About 3,800 people work at the port's three terminals, most of them members of the Harbour "
                    "and Transport Union. Crane drivers and lashers have been the most vocal about shift patterns.",
                    "The employers' association, which speaks for the three terminal operators, says automation "
                    "spending has squeezed margins and that any deal must include more flexible rosters."],
        quotes=["\"We are not going to sign something that leaves our members worse off than last year,\" a union "
                "shop steward said outside the negotiating venue.",
                "\"Every day of uncertainty costs the port business,\" said a spokesperson for the employers' "
                "association. \"We want an agreement, but it has to be affordable.\"",
                "\"The mood on the quay is tense but disciplined,\" said one crane operator with twenty years at "
                "the port, who asked not to be named."],
        outlooks=["Another round of talks is pencilled in for next week.",
                  "The union has said it will consult members before deciding on further action.",
                  "Neither side would say when the two delegations will meet again."],
        never=["How many days did the all-out strike at Calderport port last this autumn?"],
    ),
    Story(
        key="toll", slug="vellmar-bridge-toll",
        facts=[
            Fact(
                key="toll",
                steps=[Step(D(2025, 1, 1), "4.80 euros", ["4.80"]),
                       Step(D(2025, 9, 9), "5.60 euros", ["5.60"]),
                       Step(D(2025, 10, 9), "5.20 euros", ["5.20"])],
                state=["A single crossing of the Vellmar Bridge by car currently costs {v}.",
                       "Motorists pay {v} each way to cross the estuary on the Vellmar Bridge.",
                       "The car toll on the Vellmar crossing stands at {v}."],
                change=["The regional transport authority set a new car toll of {v} for the Vellmar Bridge on "
                        "{day}, replacing the {prev} charge drivers have paid until now.",
                        "Drivers crossing the Vellmar Bridge will pay {v} per trip, the transport authority "
                        "decided on {day}, compared with {prev} before.",
                        "After weeks of argument, the authority's board voted on {day} to change the Vellmar "
                        "Bridge car toll from {prev} to {v}."],
                headline=["Vellmar Bridge toll changed", "New car toll for Vellmar crossing: {v}",
                          "Transport board revises bridge charge"],
                q_now=["How much does a car driver pay to cross the Vellmar estuary bridge?",
                       "What is the price for a car to use the Vellmar Bridge?"],
                q_then=["What did it cost to drive a car over the Vellmar Bridge {when}?",
                        "How much was the Vellmar Bridge car charge {when}?"],
                q_event=["What car toll did the transport authority set for the Vellmar Bridge {when}?",
                         "What new price for crossing the Vellmar Bridge by car was decided {when}?"],
                q_replace=["What charge replaced the {prev} car toll on the Vellmar Bridge?"],
                q_since=["What has a car crossing of the Vellmar Bridge cost {when}?"]),
        ],
        updates=["Commuters protested on the approach road to the Vellmar Bridge on {day}, slowing traffic for "
                 "most of the morning rush.",
                 "Figures published on {day} show traffic on the Vellmar Bridge dipped slightly over the summer "
                 "holidays.",
                 "Opposition councillors demanded on {day} that the transport authority publish the bridge's "
                 "maintenance accounts in full.",
                 "A petition against the bridge charges passed 40,000 signatures on {day}, organisers said."],
        update_headlines=["Vellmar toll row rumbles on", "Bridge charges anger commuters",
                          "Councillors press authority on bridge finances"],
        background=["The Vellmar Bridge, opened in 1998, is the only road link across the estuary for about 30 "
                    "kilometres and carries some 52,000 vehicles on a typical weekday.",
                    "The transport authority says toll income pays for resurfacing and for the cable inspection "
                    "programme, which engineers brought forward after corrosion was found in 2023.",
                    "Lorries and buses pay separate, higher charges, while residents of the two bridge towns can "
                    "buy a discounted annual pass.",
                    "Critics argue the bridge paid for itself long ago and that the toll has become a hidden tax "
                    "on people who live on one bank and work on the other."],
        quotes=["\"People on the south bank have no real alternative,\" said a member of the commuters' "
                "action group. \"It is a tax on where you live.\"",
                "\"The money goes back into the structure, every cent of it,\" the authority's finance director "
                "told reporters.",
                "\"I cross twice a day for work, so every change is felt at the end of the month,\" said a nurse "
                "waiting at the toll plaza."],
        outlooks=["The authority has promised a review of resident discounts by the end of the year.",
                  "Campaigners say they will keep up their protests until the charge is scrapped.",
                  "The transport committee of the regional assembly is due to discuss the bridge next month."],
        never=["How much do motorcyclists pay to cross the Vellmar Bridge?"],
    ),
    Story(
        key="court", slug="hallberg-cartel-case",
        facts=[
            Fact(
                key="fine",
                steps=[Step(D(2025, 6, 18), "42 million euros", ["42 million"]),
                       Step(D(2025, 9, 24), "overturned", ["annulled", "quashed", "nothing"],
                            state=["The 42 million euro penalty against Hallberg Foods was {v} by the appeal "
                                   "court, so for now the company owes nothing.",
                                   "Since the appeal judges {v} the cartel fine, Hallberg has no penalty to pay "
                                   "unless a higher court rules otherwise."],
                            change=["The court of appeal {v} the competition board's 42 million euro fine on "
                                    "Hallberg Foods on {day}, ruling that the cartel evidence had been gathered "
                                    "improperly.",
                                    "Hallberg Foods won its appeal on {day}: the judges {v} the cartel fine, "
                                    "saying the board's dawn raid had exceeded its warrant."]),
                       Step(D(2025, 10, 22), "18 million euros", ["18 million"],
                            change=["The supreme court on {day} partly restored the cartel penalty on Hallberg "
                                    "Foods, ordering the company to pay {v} after the appeal court had thrown "
                                    "the original fine out.",
                                    "Hallberg Foods must pay {v} after all, the supreme court ruled on {day}, "
                                    "reinstating a reduced cartel fine."])],
                state=["Hallberg Foods faces a cartel penalty of {v}.",
                       "The fine imposed on Hallberg Foods for price fixing currently stands at {v}.",
                       "The competition case leaves Hallberg owing {v}."],
                change=["The penalty on Hallberg Foods was set at {v} on {day}."],
                headline=["Court ruling on Hallberg cartel fine", "Hallberg fine: judges decide",
                          "Twist in Hallberg price-fixing case"],
                q_now=["What is the status of the penalty on Hallberg Foods in the price-fixing case?",
                       "How much must Hallberg Foods pay over the cartel affair?"],
                q_then=["What was the state of Hallberg Foods' cartel penalty {when}?"],
                q_event=["What did the court decide about Hallberg Foods' cartel fine {when}?"]),
        ],
        updates=["Lawyers for Hallberg Foods and the competition board exchanged written arguments on {day}, "
                 "court filings show.",
                 "Two supermarket chains said on {day} they would seek damages from Hallberg Foods whatever the "
                 "outcome of the appeal.",
                 "Hallberg Foods shares moved sharply on {day} as investors weighed the legal risk.",
                 "The competition board defended its investigation methods in a statement released on {day}."],
        update_headlines=["Hallberg case: arguments exchanged", "Retailers eye damages from Hallberg",
                          "Competition board defends cartel probe"],
        background=["The competition board accused Hallberg Foods and two smaller dairies of agreeing on "
                    "wholesale cheese prices between 2019 and 2022. The smaller firms settled early.",
                    "Hallberg, which employs about 6,000 people in four countries, has always denied taking part "
                    "in a cartel and argued that price moves simply followed the cost of milk.",
                    "The case turned on documents seized during an early-morning search of Hallberg's "
                    "headquarters, the admissibility of which has been disputed from the start.",
                    "Consumer groups estimate the alleged price fixing added several cents to a kilo of cheese "
                    "on supermarket shelves."],
        quotes=["\"This case was always about the rule of law as much as about cheese,\" Hallberg's general "
                "counsel said.",
                "\"Cartels hurt every household,\" a competition board spokesperson said. \"We stand by our "
                "findings.\"",
                "\"The legal uncertainty is the real cost here,\" said a competition law professor who follows "
                "the case."],
        outlooks=["Further appeals remain possible, lawyers on both sides said.",
                  "Analysts expect the ruling to be cited in other competition cases.",
                  "Hallberg said it would comment further once it had studied the judgment."],
        never=["How much did the smaller dairies pay to settle the cheese cartel case?"],
    ),
    Story(
        key="coach", slug="brennock-rovers",
        facts=[
            Fact(
                key="coach",
                steps=[Step(D(2024, 5, 1), "Marco Di Stefano", ["Di Stefano"], ask_replace=False),
                       Step(D(2025, 9, 1), "Gareth Oyelaran", ["Oyelaran"],
                            state=["Gareth Oyelaran, promoted from the under-21 side, is in charge of Brennock "
                                   "Rovers on an interim basis.",
                                   "Caretaker manager Gareth Oyelaran picks the Rovers team for now."]),
                       Step(D(2025, 10, 6), "Lena Kowalczyk", ["Kowalczyk"])],
                state=["Brennock Rovers are managed by {v}.",
                       "{v} is the manager in the Rovers dugout.",
                       "The Rovers, under manager {v}, trained behind closed doors this week."],
                change=["Brennock Rovers sacked {prev} on {day} and handed the team to {v}.",
                        "{v} took over as Brennock Rovers manager on {day}, the club confirmed, with {prev} "
                        "leaving the post.",
                        "Brennock Rovers named {v} as their new head coach on {day}, replacing {prev}."],
                headline=["Rovers change manager", "{v} takes the Brennock hot seat", "Brennock Rovers part ways "
                          "with coach"],
                q_now=["Who is in charge of the Brennock Rovers first team?",
                       "Who manages the Brennock football club?"],
                q_then=["Who was managing Brennock Rovers {when}?",
                        "Who sat in the Brennock Rovers dugout as head coach {when}?"],
                q_event=["Who did Brennock Rovers appoint to run the team {when}?"],
                q_replace=["Who will permanently succeed {prev} as Brennock Rovers boss?"],
                q_since=["Who has been in charge of the Brennock Rovers squad {when}?"]),
            Fact(
                key="position",
                steps=[Step(D(2025, 7, 1), "12th", ["twelfth"]),
                       Step(D(2025, 8, 16), "15th", ["fifteenth"]),
                       Step(D(2025, 8, 30), "18th", ["eighteenth"]),
                       Step(D(2025, 9, 20), "16th", ["sixteenth"]),
                       Step(D(2025, 10, 11), "13th", ["thirteenth"]),
                       Step(D(2025, 10, 25), "10th", ["tenth"])],
                state=["The Rovers sit {v} in the league table.",
                       "Brennock are {v} in the standings.",
                       "The result leaves Brennock {v} in the division."],
                change=["Brennock Rovers are {v} in the league after the weekend's results, compared with {prev} "
                        "before them; the new table was confirmed on {day}."],
                headline=["Brennock now {v} in the table", "Rovers' league slide", "Brennock on the move"],
                q_now=["Where do Brennock Rovers stand in the league table?"],
                q_then=["What league position did Brennock Rovers hold {when}?"],
                q_event=["Which league position did Brennock Rovers reach {when}?"]),
        ],
        updates=["Brennock Rovers drew 1-1 away from home on {day} in a scrappy league match.",
                 "Brennock Rovers lost 2-0 at home on {day}, and fans booed the team off the pitch.",
                 "Brennock Rovers beat a fellow struggler 3-1 on {day}, their first win in weeks.",
                 "The Brennock Rovers board met on {day} to discuss the club's poor start to the season."],
        update_headlines=["Rovers held to a draw", "Brennock beaten again", "Relief for Rovers",
                          "Board meets as Brennock struggle"],
        background=["Brennock Rovers were promoted two seasons ago and spent heavily in the summer transfer "
                    "window, bringing in six new players.",
                    "The club's owners have set a target of a top-half finish, which looked ambitious after a "
                    "winless August.",
                    "Attendance at the Millrace Ground has stayed above 14,000 despite the poor results, a "
                    "figure the club often cites as proof of its loyal support.",
                    "Injuries to both first-choice centre-backs have forced the Rovers to field teenagers in "
                    "defence for several matches."],
        quotes=["\"We need points, not excuses,\" said the chairman of the supporters' trust.",
                "\"The group is together and working hard,\" the manager told reporters after training.",
                "\"You could feel the frustration in the stands,\" said a season-ticket holder of thirty "
                "years."],
        outlooks=["Brennock travel to the coast next weekend.",
                  "The next home game is a local derby, already sold out.",
                  "The international break gives the squad two weeks to regroup."],
        never=["How much did Brennock Rovers pay in compensation to their sacked manager?"],
    ),
    Story(
        key="cap", slug="northmarch-price-cap",
        facts=[
            Fact(
                key="cap",
                steps=[Step(D(2025, 4, 1), "31.4 cents", ["31.4"]),
                       Step(D(2025, 8, 19), "28.9 cents", ["28.9"]),
                       Step(D(2025, 10, 14), "30.2 cents", ["30.2"])],
                state=["Under the regulator's cap, households pay at most {v} per kilowatt-hour of electricity.",
                       "The ceiling on household power prices is {v} a kilowatt-hour.",
                       "The capped unit price for domestic electricity in Northmarch is {v} per kilowatt-hour."],
                change=["The Northmarch Energy Authority set the household electricity price cap at {v} per "
                        "kilowatt-hour on {day}, down from {prev}.",
                        "Northmarch's energy regulator announced on {day} that the cap on domestic power prices "
                        "would move from {prev} to {v} per kilowatt-hour.",
                        "Households in Northmarch will pay no more than {v} per kilowatt-hour under a revised "
                        "cap published on {day}; the previous ceiling was {prev}."],
                headline=["Power price cap revised", "Regulator sets new electricity ceiling",
                          "Electricity cap now {v}"],
                q_now=["What is the maximum a Northmarch household can be charged per unit of electricity?",
                       "At what level is the regulated ceiling on home power prices in Northmarch?"],
                q_then=["What was the Northmarch household electricity price limit {when}?"],
                q_event=["At what level did the Northmarch regulator fix the domestic power price cap {when}?"],
                q_replace=["What cap will replace the {prev} ceiling on Northmarch household power prices?"],
                q_since=["What limit on household electricity prices has applied in Northmarch {when}?"]),
        ],
        updates=["Consumer groups in Northmarch said on {day} that many households are still behind on their "
                 "winter bills.",
                 "Wholesale electricity prices in the region fell for a third straight week, traders said on "
                 "{day}.",
                 "Two small suppliers told the Northmarch Energy Authority on {day} that the cap leaves them "
                 "selling at a loss.",
                 "The Northmarch parliament debated on {day} whether the price cap should cover small "
                 "businesses too."],
        update_headlines=["Energy bills: pressure on households", "Suppliers complain about Northmarch cap",
                          "Wholesale power prices slide", "Lawmakers debate extending cap"],
        background=["The cap was introduced three years ago, after a spike in wholesale gas prices sent "
                    "household bills soaring, and is reviewed every quarter by the regulator.",
                    "Roughly 2.1 million households in Northmarch are on capped tariffs; the rest have fixed "
                    "deals that are not directly affected.",
                    "The regulator calculates the ceiling from wholesale prices, network charges and an "
                    "allowance for suppliers' operating costs.",
                    "Campaigners say standing charges, which the cap does not limit, have become the bigger "
                    "burden for low-income households."],
        quotes=["\"Any relief is welcome, but bills are still far above where they were five years ago,\" said "
                "the head of a consumer advice charity.",
                "\"The methodology is transparent and applied the same way every quarter,\" the authority's "
                "chief economist said.",
                "\"We plan the family budget around that number,\" said a retired teacher in the capital."],
        outlooks=["The next quarterly review is due in the new year.",
                  "Suppliers have until the end of the month to update their tariffs.",
                  "The regulator will publish a consultation on standing charges in the coming weeks."],
        never=["What is the Northmarch cap on the price of household gas?"],
    ),
    Story(
        key="truce", slug="kessary-dorvan-truce",
        facts=[
            Fact(
                key="envoy",
                steps=[Step(D(2025, 5, 1), "Amara Quist", ["Quist"]),
                       Step(D(2025, 9, 5), "Henrik Solvang", ["Solvang"])],
                state=["The talks between Kessary and Dorvan are mediated by the regional envoy {v}.",
                       "Envoy {v} has been shuttling between the two capitals.",
                       "{v}, the envoy overseeing the truce talks, urged both sides to hold their fire."],
                change=["The regional council appointed {v} as its envoy for the Kessary-Dorvan conflict on {day}, "
                        "succeeding {prev}, who is moving to a post abroad.",
                        "{v} took over mediation between Kessary and Dorvan on {day}, replacing {prev}."],
                headline=["New mediator for Kessary-Dorvan talks", "{v} named envoy to border conflict"],
                q_now=["Who is mediating between Kessary and Dorvan?",
                       "Which envoy brokers the contacts between the Kessary and Dorvan governments?"],
                q_then=["Who was the mediator between Kessary and Dorvan {when}?"],
                q_event=["Who was made envoy for the Kessary and Dorvan talks {when}?"],
                q_since=["Who has been mediating between Kessary and Dorvan {when}?"]),
            Fact(
                key="monitors",
                steps=[Step(D(2025, 8, 18), "40 monitors", ["40"],
                            change=["Kessary and Dorvan agreed a ceasefire on {day}, and the regional council "
                                    "said {v} would be sent to watch the line of contact."]),
                       Step(D(2025, 9, 2), "120 monitors", ["120"]),
                       Step(D(2025, 10, 1), "35 monitors", ["35"],
                            change=["The ceasefire between Kessary and Dorvan collapsed on {day} when artillery "
                                    "fire hit the border town of Irvetz; the regional council pulled most of its "
                                    "observers back, leaving {v} in place, down from {prev}."])],
                state=["{v} from the regional council are deployed along the line of contact.",
                       "The ceasefire mission now counts {v} on the ground.",
                       "The observer mission has {v} stationed near the border."],
                change=["The regional council increased its observer mission along the Kessary-Dorvan line to "
                        "{v} on {day}, up from {prev}."],
                headline=["Truce monitors: mission changes size", "Observer mission now {v}",
                          "Kessary-Dorvan ceasefire update"],
                q_now=["How many observers does the regional council have along the Kessary-Dorvan front?"],
                q_then=["How many ceasefire observers were stationed between Kessary and Dorvan {when}?"],
                q_event=["How many ceasefire observers did the regional council keep on the ground after its decision "
                         "{when}?"],
                q_replace=[]),
        ],
        updates=["Villagers near the Kessary-Dorvan border began returning to their farms on {day}, aid "
                 "workers reported.",
                 "Both governments accused each other of troop movements on {day}, though no shots were "
                 "reported.",
                 "A prisoner exchange between Kessary and Dorvan was postponed on {day} over a dispute about "
                 "the lists of names.",
                 "Aid convoys reached the valley towns on {day} for the first time in a month."],
        update_headlines=["Fragile calm on Kessary-Dorvan border", "Accusations fly across the border",
                          "Prisoner swap delayed", "Aid reaches border valley"],
        background=["The conflict between Kessary and Dorvan flared in the spring over a disputed river valley "
                    "rich in farmland and a hydroelectric dam built in the 1980s.",
                    "More than 60,000 people fled the valley during the worst of the fighting, most of them to "
                    "camps on the Kessary side.",
                    "The regional council, a grouping of eleven states, has tried to broker a settlement since "
                    "May, with mixed success.",
                    "The border town of Irvetz, whose market square was damaged in the spring, has become a "
                    "symbol of the conflict for both sides."],
        quotes=["\"People want to plant before the frost, and for that they need quiet,\" said an aid worker "
                "in the valley.",
                "\"Dialogue is the only path,\" the envoy told journalists at the border crossing.",
                "\"We have heard promises before,\" said a schoolteacher who fled Irvetz in April."],
        outlooks=["The next round of talks is expected in the coming weeks.",
                  "Diplomats caution that the situation remains fragile.",
                  "The regional council will review the mission's mandate at its next summit."],
        never=["How many soldiers were killed when the Kessary-Dorvan ceasefire broke down?"],
    ),
    Story(
        key="ceo", slug="lumora-telecom",
        facts=[
            Fact(
                key="ceo",
                steps=[Step(D(2021, 3, 1), "Patrice Vandermeer", ["Vandermeer"], ask_replace=False),
                       Step(D(2025, 9, 19), "Anjali Roos", ["Roos"],
                            state=["Finance chief Anjali Roos is running Lumora Telecom as interim chief executive "
                                   "while the board searches for a permanent leader.",
                                   "Anjali Roos, the interim CEO, told staff the strategy would not change."],
                            change=["Lumora Telecom chief executive {prev} resigned on {day} after a network "
                                    "outage and a profit warning, and finance chief {v} took over on an interim "
                                    "basis.",
                                    "{prev} stepped down as head of Lumora Telecom on {day}; the board asked "
                                    "{v}, the chief financial officer, to lead the company in the meantime."]),
                       Step(D(2025, 10, 27), "Kenji Barraclough", ["Barraclough"])],
                state=["Lumora Telecom is run by chief executive {v}.",
                       "{v}, Lumora's chief executive, presented the company's plans to analysts.",
                       "Under CEO {v}, Lumora has promised to invest in fibre."],
                change=["Lumora Telecom named {v} as its permanent chief executive on {day}, ending a five-week "
                        "search after the departure of Patrice Vandermeer; interim boss {prev} returns to the "
                        "finance role.",
                        "The board of Lumora Telecom appointed {v} chief executive on {day}. {prev}, who had led "
                        "the company since September, goes back to being finance chief."],
                headline=["Lumora Telecom leadership change", "Lumora gets a new boss",
                          "Shake-up at the top of Lumora"],
                q_now=["Who runs Lumora Telecom?", "Who is the top executive at the telecoms group Lumora?"],
                q_then=["Who was at the helm of Lumora Telecom {when}?"],
                q_event=["Who became the head of Lumora Telecom {when}?"],
                q_replace=["Who did Lumora's board pick as permanent chief executive after Patrice Vandermeer's "
                           "exit?"],
                q_since=["Who has been running Lumora Telecom {when}?"]),
        ],
        updates=["Lumora Telecom's shares slipped on {day} as analysts cut their forecasts.",
                 "Lumora Telecom restored full mobile service on {day} after a second, shorter outage.",
                 "A large Lumora Telecom shareholder called on {day} for a strategic review of the group.",
                 "Lumora Telecom reported on {day} that it had lost about 90,000 mobile subscribers in the "
                 "quarter."],
        update_headlines=["Lumora shares under pressure", "Lumora restores service",
                          "Investor pushes Lumora for review", "Lumora loses subscribers"],
        background=["Lumora Telecom is the country's second-largest mobile operator, with about 7.5 million "
                    "customers, and has been investing heavily in fibre broadband.",
                    "A nationwide network outage in early September left millions of customers without mobile "
                    "data for most of a day and drew a rebuke from the telecoms regulator.",
                    "The group issued a profit warning in September, blaming higher energy costs and the price "
                    "of compensating customers for the outage.",
                    "Lumora's largest shareholder is a pension fund that owns about 14 percent of the company."],
        quotes=["\"The board wants stability and a clear plan,\" a person familiar with its thinking said.",
                "\"Customers care about the network working, not about who sits in the corner office,\" said a "
                "telecoms analyst.",
                "\"We owe our customers an apology and a better network,\" the company said in a statement."],
        outlooks=["Lumora publishes its third-quarter results next month.",
                  "The regulator's review of the outage is expected to conclude before the end of the year.",
                  "Unions at the company have asked for talks about planned job cuts."],
        never=["How large a severance payment did Patrice Vandermeer receive from Lumora?"],
    ),
    Story(
        key="mayor", slug="ardleigh-mayoral-race",
        facts=[
            Fact(
                key="leader",
                steps=[Step(D(2025, 6, 1), "Simone Achterberg", ["Achterberg"]),
                       Step(D(2025, 9, 10), "Callum Reddy", ["Reddy"]),
                       Step(D(2025, 10, 8), "Simone Achterberg", ["Achterberg"])],
                state=["In the latest polling for Ardleigh's mayoral election, {v} is ahead.",
                       "Surveys put {v} in front in the race for Ardleigh city hall.",
                       "{v} holds the polling lead in the Ardleigh mayoral contest."],
                change=["A poll published on {day} put {v} ahead in the Ardleigh mayoral race, overtaking "
                        "{prev}.",
                        "{v} moved into the lead in the contest for Ardleigh mayor, according to a survey "
                        "released on {day}, with {prev} slipping to second."],
                headline=["Ardleigh poll shows new leader", "Lead changes in Ardleigh race",
                          "{v} ahead in Ardleigh"],
                q_now=["Which candidate leads the opinion polls for mayor of Ardleigh?"],
                q_then=["Who was ahead in the polls for Ardleigh mayor {when}?"],
                q_event=["Who took the poll lead in the Ardleigh mayoral race {when}?"]),
            Fact(
                key="winner",
                steps=[Step(D(2025, 10, 24), "Callum Reddy", ["Reddy"],
                            state=["{v} won the Ardleigh mayoral election and takes office next month.",
                                   "Mayor-elect {v} has begun naming his team at Ardleigh city hall."],
                            change=["{v} was elected mayor of Ardleigh on {day}, beating Simone Achterberg by "
                                    "fewer than 900 votes despite trailing in the final polls.",
                                    "Ardleigh voters chose {v} as their mayor, the count completed on {day} "
                                    "showed, a narrow upset over Simone Achterberg."])],
                state=[], change=[],
                headline=["Reddy wins Ardleigh", "Upset in Ardleigh mayoral vote", "Ardleigh elects new mayor"],
                q_now=["Who won the race to become mayor of Ardleigh?"],
                q_then=["Who had been elected mayor of Ardleigh {when}?"],
                q_event=["Who was elected mayor of Ardleigh {when}?"],
                q_replace=["Who won the Ardleigh mayoral election?"]),
        ],
        updates=["The candidates for Ardleigh mayor clashed over housing in a televised debate on {day}.",
                 "Turnout in Ardleigh's early voting period was higher than expected, officials said on {day}.",
                 "A third candidate in the Ardleigh mayoral race dropped out on {day} and endorsed no one.",
                 "The Ardleigh candidates set out rival plans for the tram network on {day}."],
        update_headlines=["Ardleigh candidates spar over housing", "Early voting strong in Ardleigh",
                          "Ardleigh race narrows to two", "Trams take centre stage in Ardleigh"],
        background=["Ardleigh, a port city of about 480,000 people, elects its mayor directly every five years. "
                    "The incumbent is not standing again.",
                    "Housing costs dominate the campaign: rents in the city rose by about a third in four years.",
                    "Simone Achterberg, a former deputy mayor, is running on a promise to build 12,000 social "
                    "homes. Callum Reddy, a businessman and newcomer to politics, wants to cut city taxes.",
                    "The election is also seen as a test for the national governing party, which backs neither "
                    "of the two leading candidates officially."],
        quotes=["\"This city needs homes people can afford, not slogans,\" one candidate told a rally.",
                "\"I have run businesses; I can run a city budget,\" the other said in the debate.",
                "\"I still have not made up my mind,\" said a voter outside a polling station in the old town."],
        outlooks=["Polling stations open at seven in the morning on election day.",
                  "Both campaigns plan final rallies in the city centre.",
                  "Results are expected late in the evening after polls close."],
        last=date(2025, 10, 31),
        never=["What share of the vote did the third Ardleigh mayoral candidate receive?"],
    ),
    Story(
        key="fire", slug="sorrel-ridge-fire",
        facts=[
            Fact(
                key="area",
                steps=[Step(D(2025, 8, 5), "1,200 hectares", ["1,200", "1200"]),
                       Step(D(2025, 8, 8), "4,800 hectares", ["4,800", "4800"]),
                       Step(D(2025, 8, 12), "9,300 hectares", ["9,300", "9300"]),
                       Step(D(2025, 8, 19), "11,600 hectares", ["11,600", "11600"])],
                state=["The Sorrel Ridge fire has burned about {v} of forest and scrub.",
                       "Officials estimate the blaze has scorched {v}.",
                       "Satellite mapping puts the burned area at roughly {v}."],
                change=["The Sorrel Ridge wildfire grew to about {v} by {day}, up from {prev}, fanned by dry "
                        "easterly winds.",
                        "Fire crews said on {day} the Sorrel Ridge blaze now covers {v}, compared with {prev} "
                        "in the previous estimate."],
                headline=["Sorrel Ridge fire spreads", "Wildfire now {v}", "Blaze keeps growing"],
                q_now=["How large an area has the Sorrel Ridge wildfire burned?"],
                q_then=["How much land had the Sorrel Ridge blaze consumed {when}?"],
                q_event=["What burned area did officials report for the Sorrel Ridge fire {when}?"]),
            Fact(
                key="contained",
                steps=[Step(D(2025, 8, 12), "20 percent", ["20%"]),
                       Step(D(2025, 8, 15), "55 percent", ["55%"]),
                       Step(D(2025, 8, 22), "90 percent", ["90%"]),
                       Step(D(2025, 9, 2), "100 percent", ["100%", "fully contained"])],
                state=["Firefighters have the blaze {v} contained.",
                       "Containment of the Sorrel Ridge fire stands at {v}."],
                change=["Crews reported on {day} that the Sorrel Ridge fire was {v} contained, up from {prev}."],
                headline=["Crews gain ground on Sorrel Ridge fire", "Sorrel Ridge blaze {v} contained"],
                q_now=["How much of the Sorrel Ridge wildfire is under control?"],
                q_then=["What share of the Sorrel Ridge fire was contained {when}?"],
                q_event=["What containment figure did fire crews give for Sorrel Ridge {when}?"]),
        ],
        updates=["Evacuation orders for two hamlets near Sorrel Ridge were lifted on {day}.",
                 "Water-bombing aircraft flew more than forty sorties over Sorrel Ridge on {day}.",
                 "Residents near Sorrel Ridge were allowed back briefly on {day} to collect belongings.",
                 "Investigators said on {day} they were examining whether a power line started the Sorrel Ridge "
                 "fire."],
        update_headlines=["Sorrel Ridge: some residents return", "Air crews battle Sorrel Ridge blaze",
                          "Cause of Sorrel Ridge fire investigated"],
        background=["The fire started in dry pine forest on the eastern slope of Sorrel Ridge and spread quickly "
                    "after weeks without rain.",
                    "About 2,300 residents were evacuated at the height of the fire, and a main road across the "
                    "ridge remains closed.",
                    "More than 600 firefighters, some of them volunteers from neighbouring provinces, have been "
                    "deployed.",
                    "Forestry officials say this summer has been the driest in the area for at least thirty "
                    "years."],
        quotes=["\"The wind is our worst enemy,\" a crew leader said, his face black with soot.",
                "\"We left with the clothes we were wearing,\" said a woman staying at a school gym.",
                "\"The crews have done extraordinary work in terrible conditions,\" the provincial governor said."],
        outlooks=["Forecasters expect cooler weather later in the week.",
                  "Officials warned the fire could flare again if the wind picks up.",
                  "A damage assessment will begin once the area is safe."],
        first=date(2025, 8, 5), last=date(2025, 9, 6), every=(2, 4),
        never=["How many homes were destroyed by the Sorrel Ridge wildfire?"],
    ),
    Story(
        key="rate", slug="nordavia-central-bank",
        facts=[
            Fact(
                key="rate",
                steps=[Step(D(2025, 5, 22), "4.00 percent", ["4.00%", "4%", "4.00"]),
                       Step(D(2025, 8, 28), "3.75 percent", ["3.75%", "3.75"]),
                       Step(D(2025, 10, 23), "3.50 percent", ["3.50%", "3.5%", "3.50"])],
                state=["The Bank of Nordavia's main policy rate stands at {v}.",
                       "Nordavia's benchmark interest rate is {v}.",
                       "With the key rate at {v}, mortgage costs remain high for new buyers."],
                change=["The Bank of Nordavia cut its key interest rate to {v} on {day}, from {prev}, citing "
                        "slowing inflation.",
                        "Nordavia's central bank lowered borrowing costs on {day}, taking its policy rate down "
                        "from {prev} to {v}."],
                headline=["Bank of Nordavia cuts rates", "Nordavia rate now {v}", "Central bank eases policy"],
                q_now=["What is the Bank of Nordavia's benchmark rate?",
                       "Where has Nordavia's central bank set its policy interest rate?"],
                q_then=["What was Nordavia's key interest rate {when}?"],
                q_event=["What level did the Bank of Nordavia take its main rate to {when}?"],
                q_replace=["What rate did the Bank of Nordavia move to after holding at {prev}?"],
                q_since=["What has the Bank of Nordavia's key rate been {when}?"]),
        ],
        updates=["Nordavia's inflation rate eased to 2.6 percent, statistics published on {day} showed.",
                 "The Bank of Nordavia kept its policy rate unchanged at its meeting on {day}.",
                 "The Bank of Nordavia's governor said on {day} that further moves would depend on wage data.",
                 "House prices in Nordavia rose for the fourth month in a row, figures released on {day} "
                 "showed."],
        update_headlines=["Nordavia inflation eases", "Bank of Nordavia holds steady",
                          "Governor signals caution", "Nordavia house prices climb"],
        background=["The Bank of Nordavia raised rates sharply two years ago to fight inflation, which peaked "
                    "above nine percent.",
                    "Most Nordavian mortgages are on variable rates, so changes in the policy rate feed through "
                    "to households within weeks.",
                    "The bank's rate-setting committee has seven members and meets eight times a year.",
                    "Exporters have complained that the strong currency is hurting their competitiveness."],
        quotes=["\"We are not declaring victory over inflation,\" the governor told a news conference.",
                "\"Markets had priced this in,\" said the chief economist at a Nordavian bank.",
                "\"Every quarter point matters when you have a big mortgage,\" said a young father in the "
                "capital."],
        outlooks=["The next rate decision is due in six weeks.",
                  "Economists are split on whether another move will come this year.",
                  "The bank publishes its updated forecasts alongside the next decision."],
        never=["What reserve requirement does the Bank of Nordavia impose on commercial banks?"],
    ),
    Story(
        key="metro", slug="corriden-metro-line4",
        facts=[
            Fact(
                key="opening",
                steps=[Step(D(2023, 1, 1), "November 2025", ["November"]),
                       Step(D(2025, 9, 5), "March 2026", ["March"]),
                       Step(D(2025, 10, 17), "June 2026", ["June"])],
                state=["The Line 4 extension in Corriden is due to open in {v}.",
                       "Passengers should be able to ride the new Line 4 section from {v}.",
                       "The city's timetable has the Line 4 extension opening in {v}."],
                change=["Corriden's transit agency pushed the opening of the Line 4 extension back to {v} on "
                        "{day}; it had previously promised {prev}.",
                        "The Line 4 metro extension will not open until {v}, Corriden officials admitted on {day}, "
                        "a delay from the earlier target of {prev}."],
                headline=["Line 4 extension delayed", "Corriden metro opening slips to {v}",
                          "Another delay for Line 4"],
                q_now=["When is Corriden's extended Line 4 metro expected to start carrying passengers?",
                       "What is the planned opening date of the Corriden Line 4 extension?"],
                q_then=["When was the Corriden Line 4 extension due to open, as planned {when}?"],
                q_event=["To when was the opening of Corriden's Line 4 extension postponed {when}?"],
                q_replace=["What new opening date replaced {prev} for the Corriden Line 4 extension?"],
                q_since=["What opening date has Corriden given for the Line 4 extension {when}?"]),
            Fact(
                key="cost",
                steps=[Step(D(2023, 1, 1), "1.9 billion euros", ["1.9 billion"]),
                       Step(D(2025, 9, 5), "2.3 billion euros", ["2.3 billion"]),
                       Step(D(2025, 10, 17), "2.6 billion euros", ["2.6 billion"])],
                state=["The extension's budget now stands at {v}.",
                       "The projected cost of the Line 4 works is {v}."],
                change=["The estimated cost of the Line 4 extension rose to {v} on {day}, from {prev}."],
                headline=["Line 4 costs rise", "Corriden metro bill climbs to {v}"],
                q_now=["How much is the Corriden Line 4 metro extension expected to cost?"],
                q_then=["What was the projected price tag of Corriden's Line 4 works {when}?"],
                q_event=["What cost estimate for Line 4 did Corriden announce {when}?"]),
        ],
        updates=["Tunnel boring under Corriden's old town reached the future Harbour Gate station on {day}.",
                 "Shopkeepers on Corriden's Avenue Ostra complained on {day} about dust and lost trade from the "
                 "Line 4 works.",
                 "Corriden's city council questioned the transit agency's director about Line 4 on {day}.",
                 "The first train for the Line 4 extension was delivered to the depot on {day}."],
        update_headlines=["Line 4 tunnel reaches Harbour Gate", "Shopkeepers hit by metro works",
                          "Council grills transit chiefs", "First Line 4 train delivered"],
        background=["The extension adds 7.4 kilometres and five stations to Line 4, linking the northern "
                    "suburbs to Corriden's harbour district.",
                    "Construction started in 2021. Flooding in a shaft in 2024 and problems with the signalling "
                    "contractor have slowed progress.",
                    "The transit agency expects about 90,000 passengers a day to use the new section once it is "
                    "running.",
                    "The project is financed jointly by the city, the region and a loan from a development bank."],
        quotes=["\"We would rather open late than open unsafe,\" the transit agency's director said.",
                "\"Every delay means another winter of buses stuck in traffic,\" a commuter group said.",
                "\"The city needs a straight answer on the budget,\" an opposition councillor said."],
        outlooks=["Test runs on the new section are expected to begin next spring.",
                  "The council will vote on extra funding later this year.",
                  "An independent audit of the project is under way."],
        never=["How many trains will run per hour on the Corriden Line 4 extension?"],
    ),
    Story(
        key="breach", slug="harwick-data-breach",
        facts=[
            Fact(
                key="affected",
                steps=[Step(D(2025, 8, 12), "1.2 million", [],
                            change=["Insurer Harwick Mutual disclosed a cyber attack on {day}, saying the personal "
                                    "data of about {v} customers may have been stolen."]),
                       Step(D(2025, 9, 2), "3.4 million", []),
                       Step(D(2025, 10, 13), "5.9 million", [])],
                state=["Harwick Mutual now says about {v} customers were affected by the data breach.",
                       "The breach exposed the records of roughly {v} Harwick Mutual customers, according to "
                       "the insurer.",
                       "Around {v} policyholders had data taken, the insurer estimates."],
                change=["Harwick Mutual raised its estimate of customers hit by the data breach to {v} on {day}, "
                        "from {prev} previously.",
                        "The Harwick Mutual breach is bigger than thought: the insurer said on {day} that {v} "
                        "customers were affected, not {prev}."],
                headline=["Harwick breach grows", "Harwick Mutual: {v} customers hit",
                          "Insurer revises breach figures"],
                q_now=["How many Harwick Mutual policyholders had their data exposed in the cyber attack?",
                       "What number of customers does Harwick Mutual say the hack touched?"],
                q_then=["How many customers did Harwick Mutual say were hit by the hack {when}?"],
                q_event=["What count of affected customers did Harwick Mutual give {when}?"],
                q_replace=["What is Harwick Mutual's revised count of customers affected, replacing {prev}?"],
                q_since=["How many affected customers has Harwick Mutual reported {when}?"]),
        ],
        updates=["The data protection authority opened a formal inquiry into Harwick Mutual on {day}.",
                 "Harwick Mutual began writing to affected customers on {day}, offering free credit monitoring.",
                 "Stolen Harwick Mutual records appeared for sale on a criminal forum, researchers said on {day}.",
                 "A group of Harwick Mutual customers filed a class action on {day}."],
        update_headlines=["Regulator probes Harwick", "Harwick writes to customers",
                          "Harwick data offered for sale", "Customers sue Harwick Mutual"],
        background=["Harwick Mutual is one of the largest home and car insurers in the country, with about 8 "
                    "million policies.",
                    "The attackers are believed to have entered through a contractor's account and moved "
                    "through the network for several weeks before being detected.",
                    "Names, addresses, dates of birth and in some cases bank details were taken, the company "
                    "says; it insists no passwords were exposed.",
                    "Security researchers have linked the attack to a ransomware group that has targeted "
                    "insurers in several countries."],
        quotes=["\"Customers deserved to hear the full scale of this much sooner,\" said a consumer rights "
                "lawyer.",
                "\"We are deeply sorry and are working around the clock,\" Harwick Mutual said in a statement.",
                "\"Check your bank statements and be wary of calls claiming to be from your insurer,\" a "
                "police cyber unit advised."],
        outlooks=["The regulator can impose fines of up to four percent of annual turnover.",
                  "Harwick says it will publish a full account once the forensic review is complete.",
                  "Customers can call a dedicated helpline for advice."],
        first=date(2025, 8, 12),
        never=["How much ransom did the hackers demand from Harwick Mutual?"],
    ),
]
