"""Web pages and feeds through the Assistant, from a real HTTP server on 127.0.0.1: each item's outcome is in the
IngestReport, unchanged pages cost no embedding, feed entries are stored once and updated when they change."""

from __future__ import annotations

import pytest

from tests.web import Site, article_html, rss, serving, slow

QUAY = ("The Port Arlen harbour authority reopened the north quay on Friday after six weeks of repairs.\n\n"
        "Engineers replaced two cranes and dredged the channel, and container traffic is expected to return to "
        "last year's level by the summer, the authority's director Ines Valdar said.")
ORCHARD = ("The Lindqvist orchard cooperative sold its whole pear harvest to a cider maker in Brenne.\n\n"
           "The cooperative's chair said the frost in April had halved the apple crop, so pears carried the year.")


@pytest.fixture
def site():
    s = Site()
    s.page("/news/quay.html", article_html("North quay reopens", QUAY))
    s.page("/news/orchard.html", article_html("Pears carry the year", ORCHARD, date="2025-02-01"))
    s.page("/report.pdf", b"%PDF-1.4", ctype="application/octet-stream")
    s.page("/huge.html", "<html><body>" + "<p>word </p>" * 60_000 + "</body></html>")
    s.page("/slow.html", slow(3))
    s.redirect("/loop-a", "/loop-b")
    s.redirect("/loop-b", "/loop-a")
    s.page("/bad.xml", "<rss><channel><item><title>broken", ctype="application/rss+xml")
    with serving(s) as base:
        s.base = base
        yield s


@pytest.fixture
def web_assistant(make_assistant):
    return make_assistant(fetch_allow_private=True, fetch_timeout=1.5, fetch_max_mb=0.2)


def test_ingest_urls_reports_each_one(web_assistant, site):
    b = site.base
    urls = [b + "/news/quay.html", b + "/missing.html", b + "/report.pdf", b + "/huge.html", b + "/slow.html",
            b + "/loop-a"]
    report = web_assistant.ingest(urls)
    assert len(report.added) == 1 and report.chunks_embedded > 0
    reasons = {f.path.removeprefix(b): f.reason for f in report.failed}
    assert set(reasons) == {"/missing.html", "/report.pdf", "/huge.html", "/slow.html", "/loop-a"}
    assert "404" in reasons["/missing.html"] and "content type" in reasons["/report.pdf"]
    assert "too large" in reasons["/huge.html"] and "timed out" in reasons["/slow.html"]
    assert "redirect loop" in reasons["/loop-a"]
    doc = web_assistant.documents()[0]
    assert doc.source == b + "/news/quay.html" and doc.title == "North quay reopens" and doc.date == "2025-03-14"
    assert doc.author == "Mira Okafor"
    top = web_assistant.search("Who is the director of the harbour authority?")[0]
    assert top.source == b + "/news/quay.html" and "Ines Valdar" in top.text

    again = web_assistant.ingest([b + "/news/quay.html"])  # unchanged page: fetched, not embedded
    assert again.unchanged == report.added and again.chunks_embedded == 0


def test_private_addresses_are_refused_by_default(make_assistant, site):
    report = make_assistant().ingest([site.base + "/news/quay.html"])
    assert not report.added and "non-public address 127.0.0.1" in report.failed[0].reason
    assert "RAG_FETCH_ALLOW_PRIVATE" in report.failed[0].reason


def test_feeds_follow_sync_once_update_and_fail_clearly(web_assistant, site):
    from rag.sources.feeds import FeedList, FeedSync

    b = site.base
    items = [{"title": "North quay reopens", "path": "/news/quay.html", "date": "Sat, 15 Mar 2025 08:00:00 GMT"},
             {"title": "Pears carry the year", "path": "/news/orchard.html", "date": "Sun, 02 Feb 2025 07:00:00 GMT"}]
    site.page("/feed.xml", rss(b, items), ctype="application/rss+xml")
    feeds = FeedSync(web_assistant)
    report = feeds.add(b + "/feed.xml")
    assert len(report.added) == 2 and not report.failed
    docs = {d.source: d for d in web_assistant.documents()}
    assert docs[b + "/news/orchard.html"].date == "2025-02-02"  # the feed's date, not the page's
    assert "pear harvest" in web_assistant.search("Who bought the pear harvest?")[0].text
    assert [f.url for f in FeedList(web_assistant.settings.data_dir).load().values()] == [b + "/feed.xml"]

    hits = site.hits["/news/quay.html"]
    again = feeds.sync()  # nothing changed: no page is fetched, nothing embedded
    assert again.chunks_embedded == 0 and not again.added and site.hits["/news/quay.html"] == hits

    # One entry changes (new teaser and page text): only it is fetched again and updated.
    site.page("/news/orchard.html", article_html("Pears carry the year", ORCHARD + "\n\nA second cider maker, "
                                                 "in Osterby, has asked for next year's pears."))
    items[1]["summary"] = "Updated: a second buyer."
    site.page("/feed.xml", rss(b, items), ctype="application/rss+xml")
    changed = feeds.sync()
    assert len(changed.updated) == 1 and not changed.added and site.hits["/news/quay.html"] == hits
    assert "Osterby" in web_assistant.search("Which town's cider maker asked for next year's pears?")[0].text

    bad = feeds.add(b + "/bad.xml")
    assert "malformed XML" in bad.failed[0].reason
    site.page("/feed.xml", rss(b, items + [{"title": "Gone", "path": "/gone.html", "date": "Mon, 03 Mar 2025"}]),
              ctype="application/rss+xml")
    partial = feeds.sync()
    assert [f.path for f in partial.failed] == [b + "/gone.html"] and "404" in partial.failed[0].reason
    assert FeedList(web_assistant.settings.data_dir).remove(b + "/feed.xml")


def test_serve_schedule_syncs_followed_feeds(web_assistant, site):
    import time

    from rag.sources.feeds import FeedScheduler, FeedSync

    site.page("/feed.xml", rss(site.base, [{"title": "North quay reopens", "path": "/news/quay.html",
                                             "date": "Sat, 15 Mar 2025 08:00:00 GMT"}]), ctype="application/rss+xml")
    sync = FeedSync(web_assistant)
    assert not sync.add(site.base + "/feed.xml", sync=False).failed and not web_assistant.documents()
    scheduler = FeedScheduler(sync, interval=0.2).start()
    try:
        end = time.monotonic() + 60
        while not web_assistant.documents() and time.monotonic() < end:
            time.sleep(0.1)
    finally:
        scheduler.stop()
    assert [d.title for d in web_assistant.documents()] == ["North quay reopens"]
