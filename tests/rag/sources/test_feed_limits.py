"""Feeds cannot fan out without bound (issue 25, item 5), against a real HTTP/1.1 server on 127.0.0.1: one sync
takes at most RAG_FEED_MAX_ENTRIES entries, newest first, over one connection; a failing entry is not fetched
again until its next-try time, which doubles."""

from __future__ import annotations

import time
from email.utils import format_datetime
from datetime import datetime, timedelta, timezone

import pytest

from tests.web import Site, article_html, rss, serving

N = 500


def _items(n: int) -> list[dict]:
    start = datetime(2025, 1, 1, 8, tzinfo=timezone.utc)
    # Oldest first in the feed: the sync must sort them (the newest are the highest numbers).
    return [{"title": f"Harbour notice {i}", "path": f"/n/{i}.html",
             "date": format_datetime(start + timedelta(hours=i), usegmt=True)} for i in range(n)]


@pytest.fixture
def site():
    s = Site(keep_alive=True)
    with serving(s) as base:
        s.base = base
        yield s


def _page_hits(site: Site) -> dict[str, int]:
    return {p: n for p, n in site.hits.items() if p.startswith("/n/")}


def test_one_sync_takes_at_most_the_cap_newest_first_over_one_connection(make_assistant, site):
    from rag.sources.feeds import FeedSync

    items = _items(N)
    for i in range(N):
        site.page(f"/n/{i}.html", article_html(f"Harbour notice {i}", f"Notice number {i} of the Port Arlen "
                                               f"harbour authority: berth {i % 37} is closed for dredging."))
    site.page("/feed.xml", rss(site.base, items), ctype="application/rss+xml")
    a = make_assistant(fetch_allow_private=True, feed_max_entries=20)
    sync = FeedSync(a)
    assert not sync.add(site.base + "/feed.xml", sync=False).failed

    before = site.connections
    report = sync.sync()
    hits = _page_hits(site)
    assert len(hits) == 20 and sum(hits.values()) == 20  # at most the cap, each page once
    assert set(hits) == {f"/n/{i}.html" for i in range(N - 20, N)}  # the newest
    assert site.connections - before <= 2  # the feed and its pages over one client (was one per page)
    assert len(report.added) == 20 and not report.failed
    (feed,) = report.feeds
    assert (feed.entries, feed.fetched, feed.over_cap, feed.backing_off) == (N, 20, N - 20, 0)
    assert "480 over the cap" in report.summary()

    nxt = sync.sync()  # the next sync takes the next 20, the first ones stay unchanged
    assert len(nxt.added) == 20 and nxt.feeds[0].unchanged == 20 and nxt.feeds[0].over_cap == N - 40
    assert set(_page_hits(site)) == {f"/n/{i}.html" for i in range(N - 40, N)}


def test_a_failing_entry_backs_off_and_its_wait_doubles(make_assistant, site):
    from rag.sources.feeds import FeedList, FeedSync

    items = _items(3)
    for i in (0, 1):
        site.page(f"/n/{i}.html", article_html(f"Harbour notice {i}", f"Berth {i} reopens after dredging."))
    site.page("/feed.xml", rss(site.base, items), ctype="application/rss+xml")  # /n/2.html is a 404
    a = make_assistant(fetch_allow_private=True, feed_retry_seconds=3.0)
    sync = FeedSync(a)
    first = sync.add(site.base + "/feed.xml")
    assert len(first.added) == 2 and [f.path for f in first.failed] == [site.base + "/n/2.html"]
    assert site.hits["/n/2.html"] == 1

    again = sync.sync()  # within its wait: not fetched, reported as backing off, not as a new failure
    assert site.hits["/n/2.html"] == 1 and not again.failed
    assert (again.feeds[0].backing_off, again.feeds[0].unchanged) == (1, 2)
    (stored,) = FeedList(a.settings.data_dir).load()[site.base + "/feed.xml"].failures.values()
    assert stored["count"] == 1 and "404" in stored["reason"]

    time.sleep(max(0.0, stored["next_try"] - time.time()) + 0.05)
    later = sync.sync()  # its time has come: tried again, fails again, waits twice as long
    assert site.hits["/n/2.html"] == 2 and len(later.failed) == 1
    (stored2,) = FeedList(a.settings.data_dir).load()[site.base + "/feed.xml"].failures.values()
    assert stored2["count"] == 2 and stored2["next_try"] - time.time() > 4.5

    site.page("/n/2.html", article_html("Harbour notice 2", "Berth 2 reopens too."))
    items[2]["summary"] = "Corrected link."  # the feed's copy changed: tried at once, stored, forgotten as failing
    site.page("/feed.xml", rss(site.base, items), ctype="application/rss+xml")
    fixed = sync.sync()
    assert len(fixed.added) == 1 and site.hits["/n/2.html"] == 3
    assert not FeedList(a.settings.data_dir).load()[site.base + "/feed.xml"].failures
