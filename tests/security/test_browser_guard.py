"""Issue 25, items 2 and 4 in a real Chromium (Playwright) against the app `rag serve` runs (tests/security/serve.py):

- with only RAG_API_KEY set, the page gets Gradio's login, and the page's own fetch() to Gradio's API routes and to
  /v1 without the credential is refused;
- a page on another local origin (a second 127.0.0.1 port) cannot plant a document: not by fetch() or a form POST
  to /v1/documents, not by Gradio's upload route and its upload event (Gradio's CORS would let such a page read
  the answers: it allows localhost origins); the same requests from the product's own page do plant one;
- a page reached under a rebound name (Chromium maps rebound.test to 127.0.0.1) is refused.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.security.serve import serving
from tests.ui.test_browser import CHROMIUM, CHROMIUM_ARGS
from tests.web import Site
from tests.web import serving as serving_site

pytestmark = pytest.mark.slow

KEY = "k" * 24
PLANTED = "# Planted harbour notice\n\nThe Port Quill harbour master is Ines Varga, appointed in May.\n"
REBOUND = "rebound.test"  # resolved to 127.0.0.1 by Chromium itself: no DNS, no traffic elsewhere

# What a hostile page runs: the API's upload by fetch(), then Gradio's upload and its `upload` event (the
# Documents tab's), reading Gradio's answers where its CORS allows. Returns what it saw.
ATTACK_JS = """async ({target, text}) => {
  const out = {};
  const form = name => { const f = new FormData(); f.append('files', new File([text], name)); return f; };
  const step = async (name, run) => { try { out[name] = await run(); } catch (e) { out[name] = 'error ' + e; } };
  await step('v1_fetch', async () => (await fetch(target + '/v1/documents',
      {method: 'POST', body: form('planted-v1.md'), mode: 'no-cors'})).status);
  let paths = null;
  await step('gradio_upload', async () => {
    const r = await fetch(target + '/gradio_api/upload', {method: 'POST', body: form('planted-gr.md'),
                                                          credentials: 'include'});
    if (r.ok) paths = await r.json();
    return r.status;
  });
  await step('gradio_event', async () => {
    if (!paths) return 'no upload';
    const file = {path: paths[0], orig_name: 'planted-gr.md', meta: {_type: 'gradio.FileData'}};
    const r = await fetch(target + '/gradio_api/call/upload', {method: 'POST', credentials: 'include',
        headers: {'Content-Type': 'application/json'}, body: JSON.stringify({data: [[file]]})});
    if (!r.ok) return r.status;
    const {event_id} = await r.json();
    return await (await fetch(target + '/gradio_api/call/upload/' + event_id, {credentials: 'include'})).text();
  });
  return out;
}"""

# A classic CSRF: a multipart form (its file set by script) posted into a hidden frame.
FORM_JS = """async ({target, text}) => {
  const frame = document.createElement('iframe'); frame.name = 'sink'; document.body.append(frame);
  const form = document.createElement('form');
  Object.assign(form, {method: 'POST', enctype: 'multipart/form-data', action: target + '/v1/documents',
                       target: 'sink'});
  const input = document.createElement('input'); input.type = 'file'; input.name = 'files';
  const dt = new DataTransfer(); dt.items.add(new File([text], 'planted-form.md')); input.files = dt.files;
  form.append(input); document.body.append(form);
  const loaded = new Promise(ok => frame.addEventListener('load', ok, {once: true}));
  form.submit();
  await loaded;
}"""


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} missing: `make browser` installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM,
                              args=[*CHROMIUM_ARGS, f"--host-resolver-rules=MAP {REBOUND} 127.0.0.1"])
        yield b
        b.close()


def _page(browser):
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.statuses = []  # type: ignore[attr-defined]  # (method, path, status) of every response the page got
    page.on("response", lambda r: page.statuses.append((r.request.method, r.url.split("/", 3)[-1], r.status)))
    return page


def _fetch_status(page, path: str, method: str = "GET", body: str | None = None) -> int:
    return page.evaluate("async ([p, m, b]) => (await fetch(p, {method: m, body: b, headers: b ? "
                         "{'Content-Type': 'application/json'} : {}})).status", [path, method, body])


def test_with_an_api_key_the_page_gets_the_login_and_gradio_routes_refuse_it(browser, make_assistant):
    a = make_assistant(api_key=KEY, ui_username=None, ui_password=None, ui_users=None)
    with serving(a) as url:
        before = {d.doc_id for d in a.documents()}
        page = _page(browser)
        page.goto(url)
        page.wait_for_selector("input[type=password]")  # Gradio's login form, not the chat
        assert page.locator("#question").count() == 0
        doc_id = sorted(before)[0]
        refused = {
            "/config": _fetch_status(page, "/config"),
            "/gradio_api/info": _fetch_status(page, "/gradio_api/info"),
            "/gradio_api/call/library": _fetch_status(page, "/gradio_api/call/library", "POST", '{"data": []}'),
            "/gradio_api/queue/join": _fetch_status(page, "/gradio_api/queue/join", "POST",
                                                    f'{{"data": ["{doc_id}"], "fn_index": 0, "session_hash": "s"}}'),
            "/v1/documents": _fetch_status(page, "/v1/documents"),
        }
        assert set(refused.values()) == {401}, refused
        out = page.evaluate(ATTACK_JS, {"target": url, "text": PLANTED})
        assert out["gradio_upload"] == 401 and out["gradio_event"] == "no upload", out
        assert {d.doc_id for d in a.documents()} == before
        # the way in: the login form, with the key as password; then the same page's fetches pass
        page.fill("input[type=text]", "ops")
        page.fill("input[type=password]", KEY)
        page.keyboard.press("Enter")
        page.wait_for_selector("#question textarea")
        assert _fetch_status(page, "/gradio_api/info") == 200
        page.context.close()


def test_another_local_origin_cannot_plant_a_document(browser, make_assistant, caplog):
    a = make_assistant(api_key=None, ui_username=None, ui_password=None, ui_users=None)
    uploads = a.settings.data_dir / "uploads"
    site = Site()
    site.page("/", "<!doctype html><title>another site</title><p>nothing to see</p>")
    with serving(a) as url, serving_site(site) as evil:
        titles = {d.title for d in a.documents()}
        page = _page(browser)
        page.goto(evil + "/")
        out = page.evaluate(ATTACK_JS, {"target": url, "text": PLANTED})
        page.evaluate(FORM_JS, {"target": url, "text": PLANTED})
        # Chromium hides a refused cross-origin answer from the page (and Playwright); the server log names each
        refused = [r.getMessage().split(":")[0] for r in caplog.records if r.name == "rag.http_api.origin"]
        assert refused == ["refused POST /v1/documents", "refused POST /gradio_api/upload",
                           "refused POST /v1/documents"], (refused, out)
        assert all(s == 403 for m, _, s in page.statuses if m == "POST"), page.statuses
        assert out["gradio_event"] == "no upload", out
        assert {d.title for d in a.documents()} == titles  # nothing planted
        assert not uploads.exists() or not any(uploads.iterdir())

        # the rebound name: the page and its own requests are refused
        port = url.rsplit(":", 1)[1]
        assert page.goto(f"http://{REBOUND}:{port}/").status == 400
        assert _fetch_status(page, "/gradio_api/info") == 400

        # the same requests from the product's own page do plant (the refusals above are the Origin check's)
        own = _page(browser)
        own.goto(url)
        own.wait_for_selector("#question textarea")
        out = own.evaluate(ATTACK_JS, {"target": url, "text": PLANTED})
        assert out["v1_fetch"] == 200 and out["gradio_upload"] == 200, out
        assert "event: complete" in out["gradio_event"] and "planted-gr.md" in out["gradio_event"], out
        assert {d.title for d in a.documents()} - titles == {"Planted harbour notice"}
        page.context.close()
        own.context.close()
