"""RSS and Atom feeds (feedparser): a feed's entries as documents, each from the entry's full content when the feed
carries it, else from the page it links to, with the feed's date for the entry."""

from __future__ import annotations

import hashlib
import time
import warnings
from dataclasses import dataclass

from ingest.documents import SourceDocument
from ingest.fetch import FEED_TYPES, FetchError, FetchPolicy, FetchSession, fetch, fetch_page

# An entry whose content is shorter than this (in characters of text) is a teaser: the linked page is fetched.
MIN_CONTENT_CHARS = 400


class FeedError(Exception):
    """The feed itself is unusable (cannot be fetched, malformed); the message says why."""


@dataclass
class FeedEntry:
    key: str  # the entry's id, else its link
    link: str | None
    title: str
    date: str | None  # ISO date from the feed (published, else updated)
    author: str | None
    content_html: str | None  # full content when the feed carries it
    summary: str | None
    stamp: str  # changes whenever the feed's copy of the entry changes
    published: str | None = None  # ISO date and time (UTC) from the feed: orders a day's entries, newest first

    @property
    def source(self) -> str:
        return self.link or self.key


@dataclass
class Feed:
    url: str
    title: str
    entries: list[FeedEntry]


def _iso(t) -> str | None:
    return time.strftime("%Y-%m-%d", t) if t else None


def parse_feed(url: str, body: bytes) -> Feed:
    import feedparser

    with warnings.catch_warnings():  # feedparser warns about its own updated/published mapping
        warnings.simplefilter("ignore", DeprecationWarning)
        d = feedparser.parse(body)
        return _feed(url, d)


def _feed(url: str, d) -> Feed:
    from xml.sax import SAXException

    why = d.get("bozo_exception")
    # Strict about broken XML (feedparser's loose fallback would keep what it guessed of a truncated feed): the
    # feed fails as a whole, clearly, and the next sync tries again.
    if isinstance(why, SAXException) or (not d.get("version") and not d.entries):
        raise FeedError(f"not a readable RSS or Atom feed{f' (malformed XML: {why})' if why else ''}")
    entries = []
    for e in d.entries:
        link = e.get("link") or None
        key = e.get("id") or link
        if not key:
            continue  # nothing to identify it by: it could not be kept once
        content = e.get("content") or []
        html = max((c.get("value", "") for c in content), key=len, default="") or None
        summary = e.get("summary") or None
        parsed = e.get("published_parsed") or e.get("updated_parsed")
        date = _iso(parsed)
        h = hashlib.sha256()
        for part in (e.get("updated") or "", e.get("title") or "", summary or "", html or "", link or ""):
            h.update(part.encode("utf-8", "surrogatepass") + b"\x00")
        entries.append(FeedEntry(key=key, link=link, title=(e.get("title") or "").strip(), date=date,
                                 author=e.get("author") or None, content_html=html, summary=summary,
                                 stamp=h.hexdigest()[:24],
                                 published=time.strftime("%Y-%m-%dT%H:%M:%S", parsed) if parsed else None))
    return Feed(url=url, title=(d.feed.get("title") or url).strip(), entries=entries)


def fetch_feed(url: str, policy: FetchPolicy, session: FetchSession | None = None) -> Feed:
    try:
        got = fetch(url, policy, FEED_TYPES, session=session)
    except FetchError as e:
        raise FeedError(str(e)) from e
    return parse_feed(url, got.body)


def entry_document(entry: FeedEntry, policy: FetchPolicy, session: FetchSession | None = None) -> SourceDocument:
    """The entry as a document: its own full content, else its linked page; FetchError when neither works."""
    from ingest.dates import normalize_date
    from ingest.load import LoadError, html_document

    doc = None
    if entry.content_html:
        try:
            doc = html_document(entry.content_html, source=entry.source, url=entry.link,
                                fallback_title=entry.title or entry.source)
        except LoadError:
            doc = None
        if doc is not None and len(doc.text) < MIN_CONTENT_CHARS and entry.link:
            doc = None  # a teaser in a content element: the page has the article
    if doc is None:
        if not entry.link:
            raise FetchError("the entry has no content and no link to fetch it from")
        doc = fetch_page(entry.link, policy, session=session)
    doc.source = entry.source
    doc.url = entry.link
    if entry.title:
        doc.title = entry.title
    if entry.date:
        doc.date = normalize_date(entry.date) or doc.date  # the feed's date is the publication date it announces
    doc.author = doc.author or entry.author
    return doc
