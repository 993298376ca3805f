"""The quiz set's prose, written for this set: per kind of event a few headlines, lead sentences (siblings and
wire copies use different ones), detail and quote paragraphs, and one-sentence roundup items. Slots: the event's
slots and facts by name, ``{on_day}`` ("on Tuesday" / "early Thursday"), ``{quoted}`` an invented spokesperson,
and for developing stories ``{v}`` (the new value) and ``{prev}`` (the one before).
"""

from __future__ import annotations

P = {
    "appoint": {
        "headline": ["{org} names {person} as {role}", "New {role} for {org}", "{org} turns to {person}"],
        "lead": ["{org} said {on_day} that it had named {person} as its new {role}, replacing {prev}, who is "
                 "stepping down after six years.",
                 "{person} will become {role} of {org}, the company announced {on_day}, ending a search that began "
                 "when {prev} said she would leave.",
                 "The board of {org} has picked {person} to take over as {role}, it confirmed {on_day}. "
                 "{person} succeeds {prev}."],
        "detail": ["Investors had been pressing the board for months to settle the question of who would steer "
                   "the company through a weak market. Shares rose slightly in early trading.",
                   "The appointment takes effect at the start of next quarter. The company did not say what the "
                   "new {role} would be paid."],
        "roundup": ["{org} named {person} as {role}.", "{person} was named {role} of {org}, replacing {prev}."],
    },
    "buy": {
        "headline": ["{buyer} to buy {target}", "{buyer} agrees {target} takeover", "Deal for {target}"],
        "lead": ["{buyer} has agreed to buy {target} for {price}, the two companies said {on_day}.",
                 "{target}, the {sector} group, is to be taken over by {buyer} in a deal worth {price}, "
                 "according to a statement released {on_day}.",
                 "Shareholders of {target} will receive {price} in total after {buyer} agreed {on_day} to acquire "
                 "the company."],
        "lead_noprice": ["{buyer} has agreed to buy {target}, the two companies said {on_day}. Terms were not "
                         "disclosed.",
                         "{target}, the {sector} group, is to be taken over by {buyer}, according to a statement "
                         "released {on_day}; neither side gave a price."],
        "detail": ["The deal still needs the approval of competition authorities, which are expected to look "
                   "closely at the combined group's share of the {sector} market.",
                   "Analysts said the purchase would give {buyer} a foothold in a business it has circled for years. "
                   "{target} has struggled with rising costs since 2024."],
        "roundup": ["{buyer} agreed to buy {target} for {price}.", "{target} is being bought by {buyer} ({price})."],
        "roundup_noprice": ["{buyer} agreed to buy {target}; no price was given."],
    },
    "fine": {
        "headline": ["{firm} fined {amount}", "Record penalty for {firm}", "Regulator hits {firm} with fine"],
        "lead": ["{regulator} fined {firm} {amount} {on_day} for {reason}.",
                 "{firm} must pay {amount} after {regulator} found {on_day} that it had been {reason}.",
                 "A penalty of {amount} was imposed on {firm} {on_day}, {regulator} said, over {reason}."],
        "detail": ["The company said it would study the decision and had not ruled out an appeal. It has 30 days to "
                   "respond.", "Consumer groups welcomed the ruling but said the sum was small next to the firm's "
                   "annual profits."],
        "roundup": ["{regulator} fined {firm} {amount} for {reason}.", "{firm} was fined {amount} by {regulator}."],
    },
    "jobs": {
        "headline": ["{firm} to cut {count} jobs", "Job losses at {firm}", "{firm} announces cuts in {city}"],
        "lead": ["{firm} said {on_day} that it would cut more than {count} jobs, most of them at its site in {city}.",
                 "More than {count} workers will lose their jobs at {firm}, the company announced {on_day}, as it "
                 "shuts production lines in {city}.",
                 "{firm} plans to shed more than {count} posts, it told staff {on_day}; the plant in {city} is worst hit."],
        "detail": ["Union leaders called the decision a betrayal and said they would seek talks with the regional "
                   "government. The company blamed falling orders.", "The cuts will be made over two years. Local "
                   "officials in {city} said they had not been warned."],
        "roundup": ["{firm} said it would cut more than {count} jobs, mostly in {city}.",
                    "More than {count} jobs are to go at {firm}."],
    },
    "vote": {
        "headline": ["{country} votes to {law}", "Parliament backs plan to {law}", "{country} lawmakers act"],
        "lead": ["The parliament of {country} voted {on_day} to {law}, passing the bill by {votes}.",
                 "Lawmakers in {country} approved a measure {on_day} to {law}, after a debate that ran past midnight; "
                 "the vote was {votes}.",
                 "{country} became the first country in the region to {law} when its parliament backed the bill "
                 "{on_day} by {votes}."],
        "detail": ["The law will take effect next year if, as expected, the head of state signs it. Opposition "
                   "members said they would challenge it in court.", "Polls suggest the measure is popular. "
                   "Campaigners had gathered outside parliament since the morning."],
        "roundup": ["Parliament in {country} voted to {law}.", "{country} lawmakers voted {votes} to {law}."],
    },
    "prize": {
        "headline": ["{winner} wins the {prize}", "{prize} goes to {winner}", "Surprise winner of the {prize}"],
        "lead": ["{winner} won the {prize} {on_day} for \u201c{work}\u201d, beating five other finalists.",
                 "The {prize} was awarded {on_day} to {winner}, whose \u201c{work}\u201d the judges called fearless.",
                 "\u201c{work}\u201d by {winner} took the {prize} {on_day}."],
        "detail": ["The prize carries a purse and, its organisers say, a reliable rise in sales. Last year's winner "
                   "sold out within a week.", "The ceremony was held in a converted tram depot; the shortlist had "
                   "been announced in the autumn."],
        "roundup": ["{winner} won the {prize} for \u201c{work}\u201d.", "The {prize} went to {winner}."],
    },
    "quake": {
        "headline": ["Earthquake shakes {region}", "Magnitude {magnitude} quake hits {region}", "Quake in {region}"],
        "lead": ["An earthquake of magnitude {magnitude} struck {region} {on_day}, waking residents and cutting "
                 "power to thousands of homes.",
                 "A magnitude {magnitude} earthquake hit {region} {on_day}, seismologists said; damage was reported "
                 "to roads and older buildings.",
                 "{region} was shaken {on_day} by a quake that the national observatory measured at magnitude "
                 "{magnitude}."],
        "detail": ["No deaths were reported by midday. Schools in the area were closed while engineers checked "
                   "them.", "Aftershocks continued for several hours. The region sits on a fault that produced a "
                   "larger quake in 1987."],
        "roundup": ["A magnitude {magnitude} earthquake struck {region}.", "{region} was hit by a magnitude "
                    "{magnitude} quake."],
    },
    "sport": {
        "headline": ["{team} win the {cup}", "{cup}: {team} beat {loser}", "Glory for {team}"],
        "lead": ["{team} won the {cup} {on_day}, beating {loser} {score} in the final.",
                 "{loser} were beaten {score} by {team} in the {cup} final {on_day}.",
                 "A {score} win over {loser} {on_day} gave {team} the {cup}."],
        "detail": ["It is the club's first trophy in over a decade. Fans filled the main square until late.",
                   "The final was played in heavy rain in front of a sell-out crowd."],
        "roundup": ["{team} won the {cup}, beating {loser} {score}.", "The {cup} went to {team}."],
    },
    "raise": {
        "headline": ["{startup} raises {amount}", "Investors back {startup}", "Funding round for {startup}"],
        "lead": ["{startup}, the young software company, said {on_day} it had raised {amount} in a round led by "
                 "{investor}.", "{investor} led a {amount} investment in {startup}, announced {on_day}.",
                 "The start-up {startup} has raised {amount}, it said {on_day}, with {investor} as lead investor."],
        "detail": ["The company, founded three years ago, says it will use the money to hire engineers and open an "
                   "office abroad.", "The round values the firm at several times what it was worth a year ago, "
                   "people familiar with the deal said."],
        "roundup": ["{startup} raised {amount} in a round led by {investor}.", "{investor} led a {amount} round "
                    "in {startup}."],
    },
    "summit": {
        "headline": ["{city} hosts {series}", "Ministers gather in {city}", "{series} opens in {city}"],
        "lead": ["Delegations arrived in {city} {on_day} for {series}, where {theme} will dominate the agenda.",
                 "{city} hosted {series} {on_day}, with ministers from eleven countries discussing {theme}.",
                 "{series} opened {on_day} in {city}; {theme} topped the agenda."],
        "detail": ["Security in the city centre was tight and several streets were closed to traffic.",
                   "The host government had promised a joint statement by the end of the meeting."],
        "roundup": ["{city} hosted {series}, which focused on {theme}.", "{series} was held in {city}."],
    },
    "toll": {
        "headline": ["{count} dead after {disaster} in {place}", "{disaster} in {place}: rescuers search on",
                     "Death toll rises in {place}"],
        "lead": ["At least {count} people were killed in the {disaster} in {place} {on_day}, officials said.",
                 "The {disaster} in {place} {on_day} left at least {count} people dead, rescue services said.",
                 "Rescuers in {place} recovered bodies through the night after the {disaster} {on_day}; at least "
                 "{count} people are confirmed dead."],
        "update": ["The death toll from the {disaster} in {place} has risen to {v}, officials said, up from {prev} "
                   "earlier in the week.", "Officials in {place} now say {v} people died in the {disaster}; the "
                   "previous count was {prev}.", "At least {v} people are now known to have died in the "
                   "{disaster} in {place}, according to the latest official figures."],
        "detail": ["Survivors described a wall of water and mud moving faster than anyone could run.",
                   "The regional governor declared three days of mourning and promised an inquiry."],
        "roundup": ["The death toll from the {disaster} in {place} stood at {count}.",
                    "At least {count} people are confirmed dead after the {disaster} in {place}."],
    },
    "talks": {
        "headline": ["Talks on {topic} open in {city}", "{a} and {b} meet in {city}", "Talks move to {city}"],
        "lead": ["Negotiators for {a} and {b} met {on_day} in {city} to begin talks on {topic}.",
                 "Talks between {a} and {b} on {topic} opened in {city} {on_day}, the hosts said.",
                 "{city} is hosting the talks between {a} and {b} over {topic}, which began {on_day}."],
        "update": ["The talks between {a} and {b} on {topic} have moved to {v}, after the round in {prev} ended "
                   "without agreement.", "Negotiators for {a} and {b} will meet next in {v}, leaving {prev} with "
                   "little to show.", "A new round of talks on {topic} between {a} and {b} is under way in {v}."],
        "detail": ["Neither side gave details of the first session. Observers said the tone was cautious.",
                   "Diplomats said a framework deal was possible within weeks but warned against optimism."],
        "roundup": ["Talks between {a} and {b} on {topic} were taking place in {city}.",
                    "{a} and {b} held talks on {topic} in {city}."],
    },
}

QUOTES = ["\u201cWe knew this would not be easy, and it has not been,\u201d said {quoted}. \u201cBut we have a plan "
          "now, and people can judge us on it.\u201d",
          "\u201cNobody here was surprised,\u201d {quoted} said. \u201cThe signs were there for anyone who looked.\u201d",
          "{quoted} said the decision was \u201cthe right one, taken at the right time,\u201d and declined to say "
          "more.", "\u201cThis matters to ordinary people far more than the headlines suggest,\u201d said {quoted}.",
          "\u201cWe will be watching closely,\u201d {quoted} told reporters. \u201cThere are questions still to "
          "answer.\u201d"]
SPEAKERS = ["a spokesperson", "an analyst at Corrant Securities", "a local councillor", "a union representative",
            "a senior official", "a professor at Ludmere University", "a long-time observer"]
BACKGROUND = ["The announcement comes at a difficult time for the region, where prices have risen faster than "
              "wages for two years running and confidence remains low.",
              "Officials had hinted at the move for weeks, though few expected it so soon. Opposition politicians "
              "said they had been kept in the dark.",
              "Similar decisions elsewhere have had mixed results, and experts cautioned that it would take months "
              "before the effects were clear.",
              "The news dominated local radio throughout the day, and several callers said they had feared worse.",
              "It is the latest in a series of developments that have kept the story in the public eye since the "
              "start of the year.",
              "Local newspapers had followed the matter closely for months, and several of them had predicted an "
              "outcome of this kind, though not its timing. Readers' letters in recent weeks were sharply divided.",
              "The government has so far declined to comment in detail. A minister told a morning radio programme "
              "that it was \u201cnot for politicians to second-guess\u201d decisions of this sort, but added that "
              "she would be asking questions in private.",
              "For people living nearby the news brought relief and worry in roughly equal measure. Shopkeepers on "
              "the high street said trade had already slowed while everyone waited to see what would happen.",
              "Economists point out that the wider picture is mixed: unemployment is low, but investment has "
              "stalled, and households have cut back on everything but essentials since the winter.",
              "Critics say the process has been opaque from the start. Supporters reply that it followed the rules "
              "and that the result speaks for itself."]
OUTLOOKS = ["Further details are expected in the coming days.", "A fuller statement is due later this month.",
            "Reporters will follow the story as it develops.", "The next steps remain unclear.",
            "Officials said they would give an update next week."]
ROUNDUP_TAILS = [" It was the main talking point of the week.", " More details are expected soon.",
                 " Reaction was mixed.", " Few had seen it coming.", " Officials promised a fuller update.",
                 " Critics were quick to respond."]
ROUNDUP_TITLES = {"brief": "The week in brief", "digest": "Morning digest"}
ROUNDUP_INTROS = {"brief": ["The stories that mattered this week, in a sentence or two each.",
                            "Catch up on the week's news before the weekend."],
                  "digest": ["Good morning. Here is what you need to know today.",
                             "Your quick read of the overnight and yesterday's news."]}
FILLER_ITEMS = ["Weather forecasters warned of heavy rain in {city} over the coming days.",
                "The museum in {city} reopened after a two-year renovation.",
                "Train services between {city} and {city2} were disrupted by a signal fault.",
                "Ticket prices for the summer festival in {city} went up again.",
                "A rare white stork was spotted near {city}, birdwatchers said.",
                "Road works on the ring road around {city} will last until autumn.",
                "The city council of {city} approved a plan for new cycle lanes.",
                "A strike by bus drivers in {city2} was called off at the last minute.",
                "Police in {city} asked drivers to avoid the harbour road after a lorry shed its load.",
                "The library in {city2} will stay open until midnight during exam season.",
                "Fishermen near {city} reported the best herring catch in a decade.",
                "A new ferry route between {city} and {city2} opens next month.",
                "Hospitals in {city} said waiting times had fallen for the third month in a row."]
