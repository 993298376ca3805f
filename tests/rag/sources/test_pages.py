"""Page-exact PDF citations end to end (issue 27): a two-page PDF with a text layer (no OCR, so quick), its page-2
fact cited as page 2 by Python, the CLI (JSON and text), the HTTP API (chat citations and /v1/search), MCP's
search and ask tools (the SDK's client over /mcp), and the browser's source panel ("p. 2"). Real embedder and
Chroma; the API on a real uvicorn server in a thread (tests/security/serve.py)."""

from __future__ import annotations

import json
from types import SimpleNamespace

import anyio
import httpx
import pytest

from tests.ingest.fixtures import join_pdfs, make_pdf
from tests.security.serve import serving

FERRY = ["The harbour council of Port Elden opened a ferry line to Marrow.",
         "Ferry captain Ines Okafor sails the first boat in April."]
TOLL = ["The Vellmar bridge toll will rise to four crowns in May.",
        "Minister Odile Brandt announced the new toll on Tuesday."]
QUESTION = "Which minister announced the new toll?"


@pytest.fixture(scope="module")
def paged(tmp_path_factory, embedder):
    from rag import Assistant

    work = tmp_path_factory.mktemp("pages")
    pdf = work / "harbour-news.pdf"
    pdf.write_bytes(join_pdfs(make_pdf(FERRY, title="Harbour news"), make_pdf(TOLL)))
    a = Assistant(data_dir=work / "data", embedder=embedder, answerer="extractive")
    report = a.ingest([pdf])
    assert report.added and not report.failed, report.to_dict()
    with serving(a, api_only=True, demo=False) as url:
        yield SimpleNamespace(assistant=a, url=url, doc_id=report.added[0])


def test_python_citation_names_the_page(paged):
    ans = paged.assistant.ask(QUESTION)
    [cite] = ans.citations
    assert "Odile Brandt" in cite.highlight and cite.page == 2
    assert [p.page for p in paged.assistant.search("ferry captain Okafor", top_k=1)] == [1]


def test_cli_json_and_text_name_the_page(paged, monkeypatch, capsys):
    from rag.cli import main as cli

    monkeypatch.setattr(cli, "make_assistant", lambda args: paged.assistant)  # the module's store and embedder
    assert cli.main(["ask", "--json", QUESTION]) == 0
    [cite] = json.loads(capsys.readouterr().out)["citations"]
    assert cite["page"] == 2
    assert cli.main(["ask", "--no-stream", QUESTION]) == 0
    assert "harbour-news.pdf, p. 2" in capsys.readouterr().out
    assert cli.main(["search", "--json", QUESTION]) == 0
    assert json.loads(capsys.readouterr().out)["passages"][0]["page"] == 2


def test_http_api_citations_and_search_carry_the_page(paged):
    with httpx.Client(base_url=paged.url, timeout=60) as http:
        r = http.post("/v1/chat/completions", json={"model": "rag", "messages": [{"role": "user",
                                                                                   "content": QUESTION}]})
        assert r.status_code == 200, r.text
        [cite] = r.json()["citations"]
        assert cite["page"] == 2 and cite["source"] == "harbour-news.pdf"
        r = http.post("/v1/search", json={"query": "ferry captain Okafor", "top_k": 1})
        assert r.status_code == 200, r.text
        assert [p["page"] for p in r.json()["data"]] == [1]


def test_mcp_search_and_ask_carry_the_page(paged):
    import httpx2
    from mcp import ClientSession
    from mcp.client.streamable_http import streamable_http_client

    async def run():
        async with httpx2.AsyncClient(timeout=httpx2.Timeout(30, read=60)) as http, \
                streamable_http_client(f"{paged.url}/mcp", http_client=http) as (read, write), \
                ClientSession(read, write) as session:
            await session.initialize()
            found = await session.call_tool("search", {"query": QUESTION, "top_k": 1})
            assert not found.is_error, found.content
            assert [p["page"] for p in json.loads(found.content[0].text)["passages"]] == [2]
            ans = await session.call_tool("ask", {"question": QUESTION})
            assert [c["page"] for c in json.loads(ans.content[0].text)["citations"]] == [2]

    anyio.run(run)


def test_browser_source_panel_shows_the_page(paged):
    from ui.render import answer_html

    html = answer_html(paged.assistant.ask(QUESTION))
    assert "p. 2" in html and "harbour-news.pdf" in html and str(paged.assistant.settings.data_dir) not in html


def test_page_image_renders_the_cited_page(paged, tmp_path, embedder):
    import io

    from PIL import Image

    from rag import Assistant

    a = paged.assistant
    [cite] = a.ask(QUESTION).citations
    two = a.page_image(cite)
    one = a.page_image(paged.doc_id, 1)
    assert two and one and two != one
    im = Image.open(io.BytesIO(two))
    assert im.format == "WEBP" and abs(im.width - 900) <= 1  # pdfium rounds the scaled width up
    assert abs(im.height / im.width - 792 / 612) < 0.01  # make_pdf's letter page
    assert a.page_image(paged.doc_id, 3) is None  # out of range
    # a removed file gives None
    pdf = tmp_path / "gone.pdf"
    pdf.write_bytes(make_pdf(TOLL))
    b = Assistant(data_dir=tmp_path / "data", embedder=embedder, answerer="extractive")
    [doc] = b.ingest([pdf]).added
    assert b.page_image(doc, 1)
    pdf.write_bytes(make_pdf(FERRY))  # changed since ingest: the page no longer holds the passage
    assert b.page_image(b.ask(QUESTION).citations[0]) is None
    pdf.unlink()
    assert b.page_image(doc, 1) is None


def test_answer_html_holds_the_page_as_a_data_uri(paged):
    from ui.pages import page_images
    from ui.render import answer_html

    ans = paged.assistant.ask(QUESTION)
    html = answer_html(ans, page_images(paged.assistant, ans))
    assert '<details class="rag-page"><summary>Show page 2</summary>' in html
    assert 'src="data:image/webp;base64,' in html
    assert str(paged.assistant.settings.data_dir) not in html and "/tmp" not in html.replace("data:", "")
