"""Timelines of a story: typed results, and the questions that ask for one.

"How has the Cairo reconciliation effort unfolded?", "What happened with X in October?", "Timeline of …" are
answered with a dated list of developments, oldest first, one line each, every line cited (rag/timeline/gather.py
finds the evidence across the period, rag/timeline/lines.py writes the lines). "What's new?" in a conversation is a
timeline of the story being discussed after the previous answer's day (rag/conversation/session.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from rag.retrieval.timeframe import find_timeframe, strip_timeframe
from rag.types import Answer, Citation


@dataclass
class TimelineLine:
    """One development: its day (the earliest report's publication day), the line with its ``[n]`` markers, and the
    passages cited (wire copies of a report are in each citation's ``also``). ``disagreement``: the sources give
    different values of one fact, and the line names both."""

    day: str
    text: str
    citations: list[Citation] = field(default_factory=list)
    disagreement: bool = False

    @property
    def sources(self) -> list[str]:
        """Every document behind this line, the cited ones and their wire copies: "title (file name or URL)",
        never a server path."""
        from rag.index.library import display_name

        out = []
        for c in self.citations:
            out += [f"{c.title} ({display_name(c.source)})"] + [f"{o.title} ({display_name(o.source)})" for o in c.also]
        return list(dict.fromkeys(out))

    def to_dict(self) -> dict:
        return {"day": self.day, "text": self.text, "disagreement": self.disagreement,
                "citations": [c.to_dict() for c in self.citations], "sources": self.sources}


@dataclass
class Timeline:
    """A story's developments, oldest first. ``since``/``until``: the publication days searched (inclusive);
    ``note`` says why a timeline is empty."""

    topic: str
    today: str
    since: str | None = None
    until: str | None = None
    lines: list[TimelineLine] = field(default_factory=list)
    note: str = ""

    @property
    def citations(self) -> list[Citation]:
        seen: dict[int, Citation] = {}
        for line in self.lines:
            for c in line.citations:
                seen.setdefault(c.number, c)
        return [seen[n] for n in sorted(seen)]

    def to_text(self) -> str:
        if not self.lines:
            return self.note
        return "\n".join(f"- {line.day}: {line.text}" for line in self.lines)

    def to_answer(self, question: str = "") -> Answer:
        """The timeline as an ordinary Answer (one line per development), as ``Assistant.ask`` returns it."""
        return Answer(answer=self.to_text(), citations=self.citations, refused=not self.lines,
                      question=question or self.topic, answerer="timeline", timeline=self)

    def to_dict(self) -> dict:
        return {"topic": self.topic, "today": self.today, "since": self.since, "until": self.until,
                "note": self.note, "lines": [line.to_dict() for line in self.lines]}


@dataclass(frozen=True)
class TimelineAsk:
    """A question read as a request for a timeline: the story and the days it asks about."""

    topic: str
    since: date | None = None
    until: date | None = None


_ASKS = [re.compile(p, re.I) for p in (
    r"^(?:please\s+)?(?:(?:give|show|make|build|write)\s+(?:me\s+)?)?(?:an?\s+|the\s+)?(?:timeline|chronology)"
    r"\s+(?:of|for|on|about)\s+(?P<t>.+)$",
    r"^(?P<t>.+?)\s*[:,-]\s*(?:a\s+|the\s+)?(?:timeline|chronology)$",
    r"^how\s+(?:has|have|did|is|are)\s+(?P<t>.+?)\s+(?:unfold(?:ed|ing)?|develop(?:ed|ing)?|evolv(?:ed|ing)|"
    r"progress(?:ed|ing)?|play(?:ed|ing)?\s+out|gone|changed)\b(?P<rest>.*)$",
    r"^what\s+(?:has\s+)?happened\s+(?:with|to|in\s+the\s+case\s+of)\s+(?P<t>.+)$",
    r"^what\s+(?:are|were)\s+the\s+(?:main\s+|key\s+)?(?:developments|events|milestones)\s+(?:in|of|on)\s+(?P<t>.+)$",
)]


def timeline_question(question: str, today: date) -> TimelineAsk | None:
    """The story and days of a question asking for a timeline, or None for any other question."""
    q = " ".join(question.split()).rstrip("?!. ")
    for rx in _ASKS:
        m = rx.match(q)
        if not m:
            continue
        tf = find_timeframe(q, today)
        topic = m.group("t")
        if tf is not None:
            topic = strip_timeframe(topic, find_timeframe(topic, today))
        topic = re.sub(r"^(?:the\s+)?(?:story|saga|case)\s+of\s+", "", topic.strip(" ,;:"), flags=re.I)
        if not any(ch.isalnum() for ch in topic):
            return None
        return TimelineAsk(topic, tf.start if tf else None, tf.end if tf else None)
    return None


# "What's new?", "Anything new?", "Anything since then?", "Any updates (since 10 October)?", "What has changed
# since Monday?", "Is there any news?": asked about the story of the conversation.
_NEWS = re.compile(r"^(?:so,?\s+|and\s+|ok(?:ay)?,?\s+)?(?:what'?s\s+(?:new|the\s+latest)\b|what\s+is\s+new\b|"
                   r"(?:is\s+there\s+)?any(?:thing)?\s+(?:new|news|updates?|developments?|since)\b|"
                   r"what\s+(?:has\s+)?(?:changed|happened)\s+since\b)", re.I)
MAX_NEWS_WORDS = 10  # "What's new?" is short; a longer question names its own subject


def news_since_question(question: str, today: date) -> tuple[bool, date | None]:
    """Whether a follow-up asks what is new ("What's new?", "Anything since then?", "Any updates since 10
    October?"), and the day the user names (None: after the previous answer's day)."""
    q = " ".join(question.split()).rstrip("?!. ")
    if len(q.split()) > MAX_NEWS_WORDS or not _NEWS.match(q):
        return False, None
    if re.search(r"\bsince\s+(?:then|that|the\s+last\s+(?:answer|time|update))\b", q, re.I):
        return True, None
    tf = find_timeframe(q, today)
    return True, tf.start if tf is not None and tf.start is not None else None


def story_of(standalone: str, answer, today: date) -> str:
    """The story a previous turn was about: its timeline's topic, else its question without follow-up context."""
    from rag.text import without_context

    tl = getattr(answer, "timeline", None)
    if tl is not None and getattr(tl, "topic", ""):
        return tl.topic
    q = re.sub(r"\s+since\s+\d{4}-\d\d-\d\d$", "", without_context(standalone))
    ask = timeline_question(q, today)
    return ask.topic if ask is not None else q


def day_after(d: date) -> date:
    return d + timedelta(days=1)
