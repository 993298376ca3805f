"""The browser chat in a real Chromium (Debian's, driven by Playwright) against `rag serve` started on a free port.

One server per module (real embedding model, real Chroma in a temp data dir, demo corpus ingested on first run),
a fresh browser page per test.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.conftest import ROOT, SHARED
from tests.servers import rag_serve

pytestmark = pytest.mark.slow

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ANSWER_TIMEOUT_MS = 90_000  # 2 shared CPU cores: an answer is ~1 s alone, much more when others run tests


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} missing: `make browser` installs Debian's chromium")
    work = tmp_path_factory.mktemp("ui")
    # RAG_FETCH_ALLOW_PRIVATE: the page/feed test serves them from 127.0.0.1.
    with rag_serve(work, "", RAG_FETCH_ALLOW_PRIVATE="1", RAG_UI_INGEST_ROOTS=str(SHARED / "corpus")) as url:
        yield SimpleNamespace(url=url, work=work, log=work / "serve.log")


@pytest.fixture(scope="module")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    """A fresh page (its own Gradio session) that records dialogs, console errors and uncaught exceptions."""
    context = browser.new_context(viewport={"width": 1280, "height": 960})
    pg = context.new_page()
    pg.problems = []  # type: ignore[attr-defined]

    def on_dialog(d):
        pg.problems.append(f"dialog {d.type}: {d.message}")
        d.dismiss()

    pg.on("dialog", on_dialog)
    pg.on("console", lambda m: m.type == "error" and pg.problems.append(f"console error: {m.text}"))
    pg.on("pageerror", lambda e: pg.problems.append(f"page error: {e}"))
    pg.set_default_timeout(30_000)
    pg.goto(server.url)
    pg.wait_for_selector("#question textarea")
    pg.wait_for_selector("#answerer code")  # the load event ran: document choices and answerer are in
    yield pg
    context.close()


# --- helpers -----------------------------------------------------------------------------------------------


def ask(page, question: str):
    """Ask and wait for the finished answer; returns its message element."""
    from playwright.sync_api import expect

    done = page.locator("#chat .rag-msg:not(.rag-streaming)")
    before = done.count()
    page.fill("#question textarea", question)
    page.click("#ask")
    expect(done).to_have_count(before + 1, timeout=ANSWER_TIMEOUT_MS)
    return done.last


def open_documents(page):
    page.get_by_role("tab", name="Documents").click()
    page.wait_for_selector("#documents table")


def upload(page, paths: list[Path]) -> dict[str, tuple[str, str]]:
    """Upload files; returns {file name: (result, details)} from the per-file results table."""
    open_documents(page)
    rows_js = ("() => { const t = document.querySelector('#ingest-results table');"
               " return t ? [...t.querySelectorAll('tbody tr')].map(r => [...r.cells].map(c => c.innerText)) : null; }")
    page.set_input_files("#upload input[type=file]", [str(p) for p in paths])
    # The summary line above the table carries the timing, so a finished ingest always changes it.
    summary_js = "() => document.querySelector('#ingest-results .rag-note')?.innerText || ''"
    old_summary = page.evaluate(summary_js)
    page.wait_for_function(f"old => {{ const s = ({summary_js})(); return s && s !== old; }}", arg=old_summary,
                           timeout=ANSWER_TIMEOUT_MS)
    rows = page.evaluate(rows_js) or []
    return {name: (status, detail) for name, status, detail in rows}


def library_shows(page, text: str):
    """Wait for the library page (refreshed right after an ingest's results) to show ``text``."""
    page.wait_for_function("t => document.querySelector('#documents').innerText.includes(t)", arg=text,
                           timeout=ANSWER_TIMEOUT_MS)


def open_chat(page):
    page.get_by_role("tab", name="Chat").click()
    page.wait_for_selector("#question textarea")


def launch_chat_page(playwright, url: str, **page_options):
    """(browser, page): a new Chromium with the chat page at ``url`` loaded (its answerer shown), for tests that start
    their own server; ``page_options`` go to ``new_page`` (``viewport=...``). The caller closes the browser."""
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    page = browser.new_page(**page_options)
    page.set_default_timeout(30_000)
    page.goto(url)
    page.wait_for_selector("#answerer code")
    return browser, page


# --- tests -------------------------------------------------------------------------------------------------


def test_hamas_question_shows_answer_and_highlighted_source(page, tmp_path):
    msg = ask(page, "Who led the Hamas delegation?")
    assert "Khalil al-Hayya" in msg.locator(".rag-answer").inner_text()
    marker = msg.locator(".rag-cite").first
    assert marker.is_visible() and marker.inner_text() == "[1]"
    source = msg.locator(".rag-src.rag-n-1")
    assert source.locator(".rag-src-title").inner_text().strip()
    assert "al-Hayya" in source.locator("mark.rag-hl").inner_text()
    assert "2025-10-23" in source.locator(".rag-src-meta").inner_text()
    assert "Khalil al-Hayya" in (marker.get_attribute("title") or "")  # the hover tooltip quotes the span

    marker.hover()  # hovering a marker lights its source up
    page.wait_for_function("() => document.querySelector('#chat .rag-src.rag-n-1.rag-active') !== null")
    shot = tmp_path / "screenshot.png"  # README's screenshot is bench/screenshot.py's
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
    page.mouse.move(0, 0)
    marker.click()  # clicking jumps to (and flashes) the source
    page.wait_for_function("() => document.querySelector('#chat .rag-src.rag-n-1.rag-active') !== null")
    assert not page.problems


def test_follow_up_refusal_and_new_chat(page):
    assert "Nakhaleh" in ask(page, "Who is the secretary-general of Islamic Jihad?").inner_text()
    assert "al-Hindi" in ask(page, "Who is his deputy?").locator(".rag-answer").inner_text()
    refused = ask(page, "Who won the 2022 World Cup?")
    assert "rag-refused" in (refused.get_attribute("class") or "")
    assert "don't cover" in refused.inner_text() and refused.locator(".rag-sources").count() == 0
    page.click("#new-chat")
    page.wait_for_function("() => document.querySelectorAll('#chat .rag-msg').length === 0")


def test_upload_good_and_bad_files_then_ask(page, tmp_path):
    good = tmp_path / "lighthouse.md"
    good.write_text("---\ntitle: Zephyr Point lighthouse gets a new keeper\ndate: 2025-11-02\n---\n"
                    "The Zephyr Point lighthouse keeper is Marguerite Oyelaran, who has tended the lamp since 2019. "
                    "She replaced the previous keeper after a storm damaged the tower.\n")
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    binary = tmp_path / "garbage.pdf"
    binary.write_bytes(bytes(range(256)) * 8)
    results = upload(page, [good, empty, binary])
    assert results["lighthouse.md"][0] == "added"
    assert results["empty.txt"] == ("failed", "empty file")
    assert results["garbage.pdf"][0] == "failed" and results["garbage.pdf"][1]  # with a reason
    library_shows(page, "Zephyr Point lighthouse gets a new keeper")

    # Uploading the same file again changes nothing.
    assert upload(page, [good])["lighthouse.md"][0] == "unchanged"

    open_chat(page)
    msg = ask(page, "Who is the keeper of the Zephyr Point lighthouse?")
    assert "Marguerite Oyelaran" in msg.locator(".rag-answer").inner_text()
    assert "Zephyr Point lighthouse gets a new keeper" in msg.locator(".rag-src-title").first.inner_text()
    assert not page.problems


def test_delete_removes_document_from_list_and_answers(page, tmp_path):
    """Each row of the library has its own Delete, confirmed in the row (issue 26: a title was picked from a
    dropdown of every document); then the answers no longer use it."""
    from playwright.sync_api import expect

    doc = tmp_path / "ferry.md"
    title = "Harbour ferry gets a new captain"
    doc.write_text(f"# {title}\n\nThe captain of the Quillon harbour ferry is Desmond Achterberg, "
                   "appointed in March after twenty years as first mate.\n")
    assert upload(page, [doc])["ferry.md"][0] == "added"
    open_chat(page)
    question = "Who is the captain of the Quillon harbour ferry?"
    assert "Desmond Achterberg" in ask(page, question).inner_text()

    open_documents(page)
    # The library pages on the server: the search box narrows it and the count says how many match.
    page.fill("#lib-q textarea, #lib-q input", "harbour ferry")  # as one types, no Enter
    page.wait_for_function("() => /^1–1 of 1 \\(of [0-9,]+ documents/.test("
                           "document.querySelector('#documents .rag-lib-count')?.innerText || '')")
    assert title in page.inner_text("#documents")
    row = page.locator("#documents tr.rag-doc").filter(has_text=title)
    assert row.count() == 1
    row.locator(".rag-doc-reingest").click()  # read again: nothing changed
    page.wait_for_function("() => /unchanged 1/.test(document.querySelector('#ingest-results')?.innerText || '')",
                           timeout=ANSWER_TIMEOUT_MS)
    assert "ferry.md" in page.inner_text("#ingest-results")
    row.locator(".rag-doc-delete").click()  # asks in the row first: Cancel keeps the document
    expect(row.locator(".rag-doc-confirm")).to_contain_text("Delete this document?")
    row.locator(".rag-doc-no").click()
    expect(row.locator(".rag-doc-confirm")).to_have_count(0)
    assert title in page.inner_text("#documents")
    row.locator(".rag-doc-delete").click()
    page.keyboard.press("Escape")  # Esc keeps it too
    expect(row.locator(".rag-doc-confirm")).to_have_count(0)
    row.locator(".rag-doc-delete").click()
    row.locator(".rag-doc-yes").click()
    page.wait_for_function(f"() => !document.querySelector('#documents').innerText.includes({title!r})")
    assert "No documents match." in page.inner_text("#documents")
    page.fill("#lib-q textarea, #lib-q input", "")
    assert f"Deleted “{title}”" in page.inner_text("#ingest-results")
    library_shows(page, "cairo-unity-talks.md")
    assert title not in page.inner_text("#documents")

    open_chat(page)
    after = ask(page, question)
    assert "Achterberg" not in after.inner_text() and title not in after.inner_text()
    assert not page.problems


def test_untrusted_markup_renders_as_text_and_runs_nothing(page, tmp_path):
    doc = tmp_path / "night-market.md"
    doc.write_text("# Night market <img src=x onerror=alert(2)> opens\n\n"
                   "The chief organiser of the Vellmar night market is Tomasz Wieliczko <script>alert(1)</script>. "
                   "Stalls open at dusk ${alert(3)} {{7*7}}.\n")
    assert upload(page, [doc])["night-market.md"][0] == "added"
    library_shows(page, "<img src=x onerror=alert(2)>")  # the title, shown as text
    row = page.locator("#documents tr.rag-doc").filter(has_text="Night market <img src=x onerror=alert(2)> opens")
    assert row.locator(".rag-doc-delete").get_attribute("aria-label") == (
        "Delete Night market <img src=x onerror=alert(2)> opens")  # escaped in the attribute too

    open_chat(page)
    msg = ask(page, "Who is the chief organiser of the Vellmar night market?")
    text = msg.inner_text()
    assert "Tomasz Wieliczko" in text
    assert "<script>alert(1)</script>" in text  # visible as text in the answer or passage
    assert "<img src=x onerror=alert(2)>" in text  # the source's title
    page.wait_for_timeout(500)  # let any (wrongly) injected handler fire
    assert page.locator("#chat script, #documents script, img[src='x']").count() == 0
    assert not page.problems, page.problems


def test_no_server_path_in_the_page_after_ingest_and_answer(page, tmp_path, server):
    """Citations, the library and its rows, filter choices, ingest results and errors show file names or URLs,
    never the server's folders (the demo corpus sits under the checkout, uploads under a temp folder)."""
    good = tmp_path / "observatory.md"
    good.write_text("# Observatory gets a new director\n\nThe director of the Brandvold observatory is "
                    "Tomasz Ekwueme, named in May.\n")
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(bytes(range(256)) * 8)
    results = upload(page, [good, bad])
    assert results["observatory.md"][0] == "added" and results["broken.pdf"][0] == "failed"
    page.get_by_text("Ingest a folder on the server").click()
    page.fill("#folder textarea, #folder input", str(server.work))  # outside the allowed folder: refused
    page.click("#ingest-folder")
    page.wait_for_function("() => document.querySelector('#ingest-results').innerText.includes('outside')",
                           timeout=ANSWER_TIMEOUT_MS)
    page.fill("#folder textarea, #folder input", "")  # what the user typed is theirs; the rest is checked
    html_parts = [page.content()]
    open_chat(page)
    msg = ask(page, "Who led the Hamas delegation?")
    assert "cairo-unity-talks.md" in msg.locator(".rag-src-meta").first.inner_text()
    assert "Tomasz Ekwueme" in ask(page, "Who is the director of the Brandvold observatory?").inner_text()
    page.locator("#doc-filter input").click()
    html_parts.append(page.content())
    page.keyboard.press("Escape")
    shown = "\n".join(html_parts)
    for folder in (ROOT, SHARED, server.work, tmp_path, Path("/tmp")):
        assert str(folder) + "/" not in shown, f"server path {folder} shown in the page"
    assert not page.problems


def test_pdf_source_opens_at_its_page_as_a_data_uri(page, tmp_path, server):
    """A PDF citation's source holds its page as an image sent inside the answer (a data: URI: no file route,
    no server path), collapsed under "Show page 2"; opening it shows a decoded page."""
    from tests.ingest.fixtures import join_pdfs, make_pdf
    from tests.rag.sources.test_pages import FERRY, QUESTION, TOLL

    pdf = tmp_path / "harbour-news.pdf"
    pdf.write_bytes(join_pdfs(make_pdf(FERRY, title="Harbour news"), make_pdf(TOLL)))
    assert upload(page, [pdf])["harbour-news.pdf"][0] == "added"
    open_chat(page)
    msg = ask(page, QUESTION)
    src = msg.locator(".rag-src", has_text="harbour-news.pdf").first
    src.get_by_text("Show page 2").click()
    img = src.locator("details.rag-page img")
    img.wait_for(state="visible")
    assert img.get_attribute("src").startswith("data:image/webp;base64,")
    assert img.evaluate("i => i.complete && i.naturalWidth") > 800  # decoded, the page's full width
    shown = page.content()
    for folder in (ROOT, SHARED, server.work, tmp_path, Path("/tmp")):
        assert str(folder) + "/" not in shown, f"server path {folder} shown in the page"
    assert "/gradio_api/file=" not in shown
    assert not page.problems


def test_ingest_folder_on_the_server(page):
    folder = SHARED / "corpus"
    if not (folder / "cairo-talks.txt").exists():
        pytest.skip(f"{folder} not present")
    open_documents(page)
    page.get_by_text("Ingest a folder on the server").click()
    page.fill("#folder textarea, #folder input", str(folder))
    page.click("#ingest-folder")
    page.wait_for_function("() => document.querySelector('#ingest-results').innerText.includes('cairo-talks.txt')",
                           timeout=ANSWER_TIMEOUT_MS)
    library_shows(page, "cairo-talks.txt")
    open_chat(page)
    assert "Khalil al-Hayya" in ask(page, "Who led the Hamas delegation?").inner_text()


def _record_progress(page) -> None:
    """Keep every progress text Gradio shows from now on (a poll could miss a short stage)."""
    page.evaluate("""() => { window.seen = new Set();
      new MutationObserver(() => document.querySelectorAll('.progress-level-inner, .progress-text')
        .forEach((e) => window.seen.add(e.innerText))).observe(document.body, {subtree: true, childList: true,
                                                                              characterData: true}); }""")


def _progress_seen(page) -> str:
    return " | ".join(page.evaluate("() => [...window.seen]"))


def _results_after(page, old: str) -> str:
    """The ingest results once their summary (which carries the timing) differs from ``old``."""
    js = "() => document.querySelector('#ingest-results .rag-note')?.innerText || ''"
    page.wait_for_function(f"old => {{ const s = ({js})(); return s && s !== old; }}", arg=old,
                           timeout=ANSWER_TIMEOUT_MS)
    return page.inner_text("#ingest-results")


def test_add_a_web_page_and_follow_a_feed(page):
    """A web page, then a feed: each entry's progress (entries read, chunks embedded), then the results table; a
    sync of the followed feeds the same (issue 26: feed adds and syncs showed no progress)."""
    from tests.web import Site, article_html, rss, serving

    site = Site()
    site.page("/quay.html", article_html("North quay reopens", "The Port Arlen harbour authority reopened the "
                                          "north quay; its director Ines Valdar expects traffic back by summer."))
    site.page("/orchard.html", article_html("Pears carry the year", "The Lindqvist cooperative sold its pear "
                                            "harvest to a cider maker in Brenne."))
    towns = ["Arlo", "Brisk", "Cove", "Dunmere", "Esk", "Fallow", "Gant"]
    for t in towns:
        site.page(f"/{t.lower()}.html", article_html(f"{t} ferry timetable", f"The {t} ferry now sails at dawn; "
                                                     f"its skipper is Ada {t}son. " + "Weather permitting. " * 30))
    with serving(site) as base:
        def feed(n):
            items = [{"title": "Pears carry the year", "path": "/orchard.html", "date": "Sun, 02 Feb 2025 07:00:00 GMT"}]
            items += [{"title": f"{t} ferry timetable", "path": f"/{t.lower()}.html",
                       "date": f"Mon, {i + 3:02d} Feb 2025 07:00:00 GMT"} for i, t in enumerate(towns[:n])]
            site.page("/feed.xml", rss(base, items), ctype="application/rss+xml")

        feed(4)
        open_documents(page)
        page.get_by_text("Add a web page or follow a feed").click()
        page.fill("#source-url textarea, #source-url input", base + "/quay.html")
        page.click("#add-source")
        # The results table, not the progress line (which names the URL too).
        page.wait_for_selector("#ingest-results table.rag-results", timeout=ANSWER_TIMEOUT_MS)
        assert "quay.html" in page.inner_text("#ingest-results") and "added" in page.inner_text("#ingest-results")
        page.wait_for_function("() => document.querySelector('#documents').innerText.includes('North quay reopens')")

        summary = page.inner_text("#ingest-results .rag-note")
        _record_progress(page)
        page.fill("#source-url textarea, #source-url input", base + "/feed.xml")
        page.get_by_label("Feed (RSS/Atom)").check()
        page.click("#add-source")
        results = _results_after(page, summary)
        seen = _progress_seen(page)
        assert "/5 entr" in seen, seen  # the feed's entries read, counted
        assert "chunk" in seen, seen  # then their chunks embedded
        assert "added 5" in results and results.count("added") == 6, results  # a row per entry
        page.wait_for_function("() => document.querySelector('#feeds').innerText.includes('The Daily Test')",
                               timeout=ANSWER_TIMEOUT_MS)
        page.wait_for_function("() => document.querySelector('#documents').innerText.includes('Pears carry the year')")

        feed(7)  # three new entries: a sync reads those only
        summary = page.inner_text("#ingest-results .rag-note")
        _record_progress(page)
        page.click("#sync-feeds")
        results = _results_after(page, summary)
        assert "/3 entr" in _progress_seen(page), _progress_seen(page)
        assert "added 3" in results and "gant.html" in results, results
    open_chat(page)
    assert "Ines Valdar" in ask(page, "Who is the director of the Port Arlen harbour authority?").inner_text()
    assert page.problems == []


def test_filters_and_upload_limit(page, tmp_path):
    # A date range with nothing in it leaves nothing to cite: the answer is a plain refusal.
    # (The day pickers refuse text that is not a day in the browser: tests/ui/test_chat_browser.py.)
    page.fill("#date-from input", "2030-01-01")
    page.keyboard.press("Enter")
    msg = ask(page, "Who led the Hamas delegation?")
    assert "rag-refused" in (msg.get_attribute("class") or "")
    page.fill("#date-from input", "")
    page.keyboard.press("Enter")

    # Over the upload limit (RAG_UI_MAX_UPLOAD_MB, 50 by default): refused in the browser with a clear message.
    big = tmp_path / "huge.txt"
    with open(big, "wb") as f:
        f.truncate(51 * 1000 * 1000)
    open_documents(page)
    page.set_input_files("#upload input[type=file]", [str(big)])
    page.get_by_text("exceed the maximum allowed size").wait_for()
    assert "huge.txt" not in page.inner_text("#documents")
