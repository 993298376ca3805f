"""Fetching pages and feeds from a real HTTP server on 127.0.0.1: every failure is a clear FetchError, and
non-public addresses are refused unless allowed."""

from __future__ import annotations

import pytest

from ingest.feed_parse import FeedError, entry_document, fetch_feed
from ingest.fetch import FetchError, FetchPolicy, fetch, fetch_page
from tests.web import Site, article_html, atom, rss, serving, slow

ALLOW = FetchPolicy(timeout=1.5, max_bytes=200_000, max_redirects=3, allow_private=True)
BODY = ("The Port Arlen harbour authority reopened the north quay on Friday after six weeks of repairs.\n\n"
        "Engineers replaced two cranes and dredged the channel, the authority said, and container traffic is "
        "expected to return to last year's level by the summer.")


@pytest.fixture(scope="module")
def site():
    s = Site()
    s.page("/news/quay.html", article_html("North quay reopens", BODY))
    s.page("/huge.html", "<html><body>" + "<p>word </p>" * 60_000 + "</body></html>")
    s.page("/report.pdf", b"%PDF-1.4 not a page", ctype="application/octet-stream")
    s.page("/slow.html", slow(4))
    s.redirect("/loop-a", "/loop-b")
    s.redirect("/loop-b", "/loop-a")
    s.redirect("/moved", "/news/quay.html", 301)
    with serving(s) as base:
        s.base = base
        yield s


def test_a_page_keeps_main_text_title_author_date_and_its_url(site):
    url = site.base + "/news/quay.html"
    doc = fetch_page(url, ALLOW)
    assert doc.source == doc.url == url
    assert "dredged the channel" in doc.text and "Copyright" not in doc.text and "World" not in doc.text
    assert doc.title == "North quay reopens" and doc.author == "Mira Okafor" and doc.date == "2025-03-14"
    assert fetch(site.base + "/moved", ALLOW).url == url  # one redirect is fine


@pytest.mark.parametrize("path, reason", [
    ("/missing.html", "HTTP 404"),
    ("/huge.html", "too large"),
    ("/report.pdf", "content type 'application/octet-stream'"),
    ("/slow.html", "timed out"),
    ("/loop-a", "redirect loop"),
])
def test_each_bad_url_fails_with_its_reason(site, path, reason):
    with pytest.raises(FetchError, match=reason):
        fetch_page(site.base + path, ALLOW)


def test_non_http_schemes_are_refused():
    for url in ("file:///etc/passwd", "ftp://127.0.0.1/x", "gopher://127.0.0.1/"):
        with pytest.raises(FetchError, match="only http"):
            fetch(url, ALLOW)


def test_private_addresses_are_refused_unless_allowed(site):
    deny = FetchPolicy(timeout=1.5)
    with pytest.raises(FetchError, match="non-public address 127.0.0.1"):
        fetch(site.base + "/news/quay.html", deny)
    with pytest.raises(FetchError, match="non-public address"):
        fetch(site.base.replace("127.0.0.1", "localhost") + "/news/quay.html", deny)  # checked after DNS


def test_a_redirect_into_a_private_address_is_refused(site, monkeypatch):
    import ingest.fetch as f

    checked = []
    real = f._check_address

    def only_first_allowed(host, port, allow_private):
        checked.append(host)
        # The test server is the "public" first hop; the redirect target host must be checked and refused.
        return real(host, port, allow_private=len(checked) == 1)

    monkeypatch.setattr(f, "_check_address", only_first_allowed)
    with pytest.raises(FetchError, match="non-public address"):
        fetch(site.base + "/moved", FetchPolicy(timeout=1.5))
    assert len(checked) == 2


def test_feeds_rss_summary_entries_come_from_their_pages_atom_from_their_content(site):
    site.page("/rss.xml", rss(site.base, [{"title": "Quay reopens", "path": "/news/quay.html",
                                           "date": "Sat, 15 Mar 2025 08:00:00 GMT"}]),
              ctype="application/rss+xml")
    long = "<p>" + " ".join(["The wire desk reports that the river ferry resumed its timetable."] * 10) + "</p>"
    site.page("/atom.xml", atom(site.base, [{"title": "Ferry resumes", "path": "/nowhere.html",
                                             "date": "2025-03-16T09:00:00Z", "content": long}]),
              ctype="application/atom+xml")
    site.page("/bad.xml", "<rss><channel><item><title>broken", ctype="application/rss+xml")

    feed = fetch_feed(site.base + "/rss.xml", ALLOW)
    assert feed.title == "The Daily Test" and len(feed.entries) == 1
    doc = entry_document(feed.entries[0], ALLOW)
    assert "dredged the channel" in doc.text  # the page, not the one-line teaser
    assert doc.date == "2025-03-15" and doc.url == site.base + "/news/quay.html"

    a = fetch_feed(site.base + "/atom.xml", ALLOW)
    hits = site.hits.get("/nowhere.html", 0)
    doc = entry_document(a.entries[0], ALLOW)
    assert "river ferry" in doc.text and doc.date == "2025-03-16" and doc.author == "Wire Desk"
    assert site.hits.get("/nowhere.html", 0) == hits  # full content in the feed: the page is not fetched

    with pytest.raises(FeedError, match="not a readable RSS or Atom feed"):
        fetch_feed(site.base + "/bad.xml", ALLOW)
    with pytest.raises(FeedError, match="HTTP 404"):
        fetch_feed(site.base + "/gone.xml", ALLOW)
