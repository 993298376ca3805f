"""Fast tests of the UI's pure parts: escaping, highlight spans, markers, result tables, serve configuration."""

from __future__ import annotations

from pathlib import Path

import pytest

from rag.settings import Settings
from rag.types import Answer, Citation, DocumentInfo, FileFailure, IngestReport
from ui import render
from ui.serve import ServeConfigError, auth_for, is_loopback
from rag.sources.uploads import file_results, safe_name, store_uploads

EVIL = '<script>alert(1)</script> and <img src=x onerror=alert(2)> "quoted" & done'


def cite(number=1, text="Before. Khalil al-Hayya led it. After.", hs=8, he=31, **kw) -> Citation:
    base = dict(number=number, chunk_id=f"c{number}", doc_id="d1", source="/docs/cairo.txt", title="Cairo talks",
                text=text, score=0.5, start=100, end=100 + len(text), date="2025-10-23", highlight_start=hs,
                highlight_end=he)
    base.update(kw)
    return Citation(**base)


def test_escape_turns_markup_into_text():
    out = render.esc(EVIL)
    assert "<script>" not in out and "<img" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "&quot;quoted&quot; &amp; done" in out
    assert render.esc(None) == ""


def test_highlight_wraps_exactly_the_span():
    c = cite()
    out = render.highlighted(c.text, c.highlight_start, c.highlight_end)
    assert out == 'Before. <mark class="rag-hl">Khalil al-Hayya led it.</mark> After.'


def test_highlight_escapes_inside_and_outside_the_span():
    text = "<b>x</b> <script>alert(1)</script> tail <i>"
    s = text.index("<script>")
    out = render.highlighted(text, s, s + len("<script>alert(1)</script>"))
    assert "<script>" not in out and "<b>" not in out and "<i>" not in out
    assert '<mark class="rag-hl">&lt;script&gt;alert(1)&lt;/script&gt;</mark>' in out


@pytest.mark.parametrize("start,end", [(-5, 3), (3, 999), (10, 2), (0, 0), (999, 1000)])
def test_highlight_clamps_bad_spans(start, end):
    text = "0123456789"
    out = render.highlighted(text, start, end)
    plain = out.replace('<mark class="rag-hl">', "").replace("</mark>", "")
    assert plain == text  # never loses or duplicates text, whatever the span


def test_markers_link_only_to_existing_citations():
    out = render.answer_text_html("Khalil al-Hayya [1], see also [2] and [1, 3].", [cite(1), cite(3)])
    assert out.count('class="rag-cite rag-n-1"') == 2
    assert 'class="rag-cite rag-n-3"' in out
    assert "rag-n-2" not in out and "[2]" in out  # shown as plain text: no passage behind it
    assert 'title="[1] Cairo talks: Khalil al-Hayya led it."' in out  # hover shows the cited span


def test_answer_text_and_tooltip_are_escaped():
    c = cite(text=EVIL, hs=0, he=len(EVIL), title='T"><script>x</script>')
    out = render.answer_text_html(f"{EVIL} [1]", [c])
    assert "<script>" not in out and "<img" not in out
    assert 'title="[1] T&quot;&gt;&lt;script&gt;' in out


def test_answer_html_has_sources_with_title_date_source_and_highlight():
    ans = Answer(answer="Khalil al-Hayya led it. [1]", citations=[cite()], answerer="extractive")
    out = render.answer_html(ans)
    assert 'class="rag-sources"' in out and "Cairo talks" in out and "2025-10-23" in out and "cairo.txt" in out and "/docs/" not in out
    assert '<mark class="rag-hl">Khalil al-Hayya led it.</mark>' in out
    assert 'class="rag-src rag-n-1"' in out
    assert "answered by extractive" in out


def test_answer_html_names_the_window_and_the_other_sources_escaped():
    from rag.types import OtherSource, TimeWindow

    c = cite(also=[OtherSource("d2", "/docs/wire.txt", EVIL, "2025-10-23", "c9")])
    ans = Answer(answer="Khalil al-Hayya led it. [1]", citations=[c],
                 window=TimeWindow("2025-10-24", "2025-10-20", "2025-10-24", "this week"))
    out = render.answer_html(ans)
    assert "Searched articles dated 2025-10-20 to 2025-10-24 (“this week”)." in out
    assert "Also reported by" in out and "wire.txt" in out and "/docs/" not in out and "<script>" not in out
    assert "Searched" not in render.answer_html(Answer(answer="x [1]", citations=[cite()]))


def test_refusal_says_plainly_and_has_no_sources():
    out = render.answer_html(Answer(answer="The documents don't contain an answer to that question.", refused=True))
    assert "rag-refused" in out and "rag-sources" not in out
    assert "don&#x27;t cover" in out or "don't cover" in out


@pytest.mark.parametrize("shown, times", [("", 1), ("Khalil al-Hayya led", 2)])
def test_a_stopped_answer_says_it_stopped_once_when_nothing_was_shown(shown, times):
    """Issue 26: Stop before any word was shown gave "(stopped)" and, under it, "Stopped before the answer was
    finished.": one line now. With text shown, the text keeps its "(stopped)" mark and the note says what it is."""
    import re

    from rag.conversation.session import stopped_answer

    page = re.sub(r"<[^>]+>", " ", render.answer_html(stopped_answer(shown, None, "Who led?")))
    assert len(re.findall(r"stopped", page, re.I)) == times, page
    assert "rag-stopped" in render.answer_html(stopped_answer(shown, None, "Who led?"))


def test_streaming_text_is_escaped():
    out = render.partial_html("<script>alert(1)</script> [1")
    assert "<script>" not in out and "&lt;script&gt;" in out


def test_documents_table_escapes_titles_and_sources():
    docs = [DocumentInfo(doc_id="abc", title=EVIL, source="/x/<b>.md", chunks=3, date="2025-01-02")]
    out = render.documents_html(docs)
    assert "<script>" not in out and "<img" not in out and "<b>" not in out
    assert "abc" in out and ">3<" in out and "2025-01-02" in out
    assert "No documents" in render.documents_html([])
    assert render.document_choices(docs) == [(f"{EVIL} (2025-01-02)", "abc")]  # labels: Gradio shows them as text


def test_file_results_use_uploaded_names_and_reasons():
    report = IngestReport(added=["d1"], unchanged=["d2"], failed=[FileFailure("/data/uploads/empty.txt", "empty file")])
    docs = [DocumentInfo("d1", "New", "/data/uploads/new.md", 1), DocumentInfo("d2", "Old", "/data/uploads/a.jsonl#2", 1)]
    names = {"/data/uploads/new.md": "new.md", "/data/uploads/a.jsonl": "a.jsonl", "/data/uploads/empty.txt": "empty.txt"}
    rows = file_results(report, docs, names)
    assert [(r.name, r.status, r.detail) for r in rows] == [
        ("new.md", "added", ""), ("a.jsonl#2", "unchanged", ""), ("empty.txt", "failed", "empty file")]
    out = render.file_results_html(rows, report.summary())
    assert "rag-result-failed" in out and "empty file" in out


def test_safe_name_strips_folders_and_specials():
    assert safe_name("../../etc/passwd") == "passwd"
    assert safe_name("C:\\Users\\me\\notes.txt") == "notes.txt"
    assert safe_name("a<b>;rm -rf.md") == "a_b_rm -rf.md"
    assert safe_name("...") == "upload"


def test_uploads_over_the_limit_are_refused_with_a_reason(tmp_path: Path):
    small, big = tmp_path / "small.txt", tmp_path / "big.txt"
    small.write_text("hello there")
    big.write_bytes(b"x" * 3000)
    out = store_uploads([small, big], tmp_path / "uploads", max_mb=0.002)
    assert [p.name for p in out.paths] == ["small.txt"] and (tmp_path / "uploads" / "small.txt").exists()
    assert out.refused[0].path == "big.txt" and "upload limit" in out.refused[0].reason
    assert "RAG_UI_MAX_UPLOAD_MB" in out.refused[0].reason


@pytest.mark.parametrize("host,loop", [("127.0.0.1", True), ("localhost", True), ("::1", True), ("127.0.0.5", True),
                                       ("0.0.0.0", False), ("192.168.1.4", False), ("::", False)])
def test_is_loopback(host, loop):
    assert is_loopback(host) is loop


def test_non_loopback_needs_auth_or_insecure():
    open_settings = Settings(ui_username=None, ui_password=None, api_key=None)
    assert auth_for(open_settings, "127.0.0.1", insecure=False) is None
    with pytest.raises(ServeConfigError, match="--insecure"):
        auth_for(open_settings, "0.0.0.0", insecure=False)
    assert auth_for(open_settings, "0.0.0.0", insecure=True) is None
    locked = Settings(ui_username="ann", ui_password="pw", api_key="k" * 16)
    assert auth_for(locked, "0.0.0.0", insecure=False) == ("ann", "pw")
    with pytest.raises(ServeConfigError, match="both"):
        auth_for(Settings(ui_username="ann", ui_password=None), "127.0.0.1", insecure=False)


def test_off_loopback_a_long_key_is_needed():
    login_only = Settings(ui_username="ann", ui_password="pw", api_key=None)
    with pytest.raises(ServeConfigError, match="RAG_API_KEY") as e:
        auth_for(login_only, "0.0.0.0", insecure=False)
    assert "RAG_UI_USERNAME" not in str(e.value)
    key_only = Settings(ui_username=None, ui_password=None, api_key="k" * 16)
    # the key guards the UI too (its login takes the key as password): no separate login needed
    assert auth_for(key_only, "0.0.0.0", insecure=False) is None
    assert auth_for(key_only, "0.0.0.0", insecure=False, api_only=True) is None
    with pytest.raises(ServeConfigError, match="1-character RAG_API_KEY: use at least 16"):  # issue 25, item 7
        auth_for(Settings(api_key="k"), "0.0.0.0", insecure=False)
    assert auth_for(Settings(api_key="k"), "127.0.0.1", insecure=False) is None  # loopback: the operator's call


def test_several_logins():
    s = Settings(ui_username="ann", ui_password="pw", ui_users="bob:b:1, cy:c", api_key=None)
    assert auth_for(s, "127.0.0.1", insecure=False) == [("ann", "pw"), ("bob", "b:1"), ("cy", "c")]
    with pytest.raises(ServeConfigError, match="'dee' is not user:password"):
        auth_for(Settings(ui_users="dee"), "127.0.0.1", insecure=False)


def test_serve_is_registered_in_the_rag_cli():
    from rag.cli.main import build_parser

    args = build_parser().parse_args(["serve", "--host", "0.0.0.0", "--port", "9000", "--insecure"])
    assert (args.host, args.port, args.insecure) == ("0.0.0.0", 9000, True)
    args = build_parser().parse_args(["serve"])
    assert (args.host, args.port, args.insecure) == ("127.0.0.1", 7860, False)


def test_filters_from_the_settings_panel():
    from ui.app import make_filter

    assert make_filter(None, "", " ") is None
    f = make_filter(["d1"], "2025-10-01", "")
    assert f.doc_ids == ["d1"] and f.date_from == "2025-10-01" and f.date_to is None
    with pytest.raises(ValueError, match="like 2025-10-23"):
        make_filter([], "October", "")


def test_app_wiring_keeps_slow_answers_apart_from_document_actions(tmp_path):
    """Queue groups: answers in "chat", uploads/deletes/folder ingests in "documents", refreshes unlimited."""
    from rag import Assistant
    from ui.app import build_app

    app = build_app(Assistant(data_dir=tmp_path / "data", answerer="extractive"), chat_concurrency=1)
    groups = {}
    for fn in app.fns.values():
        groups.setdefault(fn.name, set()).add((fn.concurrency_id, fn.concurrency_limit))
    assert groups["respond"] == {("chat", 1)}
    assert groups["upload"] == groups["reingest"] == groups["delete_doc"] == groups["reingest_doc"] == {("documents", 1)}
    assert groups["new_chat"] == {(cid, None) for cid, _ in groups["new_chat"]}


class _FakeConversation:
    """Streams like an LLM answerer would: text pieces, then the validated Answer."""

    def __init__(self, pieces, final, error=None):
        self.pieces, self.final, self.error, self.calls = pieces, final, error, []

    def stream(self, question, top_k=None, filters=None, today=None):
        from rag.answer.stream import AnswerStream

        self.calls.append((question, top_k, filters))

        def gen():
            yield from self.pieces
            if self.error:
                raise self.error
            yield self.final

        return AnswerStream(gen())

    def reset(self):
        self.calls.clear()


class _FakeAssistant:
    def __init__(self, conversation):
        self.settings = Settings(data_dir="/nonexistent", answerer="extractive")
        self.conversation = conversation
        self.answerer_name = "fake-llm"

    def chat(self, owner=""):
        return self.conversation

    def documents(self):
        return []


def _handler(app, name):
    return next(fn.fn for fn in app.fns.values() if fn.name == name)


def test_chat_streams_pieces_then_the_cited_answer_whatever_the_answerer():
    from ui.app import build_app

    final = Answer(answer="Khalil al-Hayya led it. [1]", citations=[cite()], answerer="fake-llm")
    conv = _FakeConversation(["Khalil ", "al-Hayya <b>led</b>", " it. [1]"], final)
    respond = _handler(build_app(_FakeAssistant(conv)), "respond")
    steps = list(respond("Who led the Hamas delegation?", "7", None, 3, ["d1"], "2025-10-01", ""))
    shown = [step[0][-1]["content"] for step in steps]
    assert "rag-streaming" in shown[0]  # an empty placeholder first, then growing text
    assert any("al-Hayya &lt;b&gt;led&lt;/b&gt;" in s and "rag-streaming" in s for s in shown)
    assert "rag-sources" in shown[-1] and '<mark class="rag-hl">' in shown[-1]
    assert steps[-1][3] == "**Answerer:** `fake-llm`"
    # Only the last update writes the question's number to #done (the page script then sends the next one).
    assert steps[-1][1] == "7" and all(not isinstance(step[1], str) for step in steps[:-1])
    question, top_k, flt = conv.calls[0]
    assert (question, top_k, flt.doc_ids, flt.date_from) == ("Who led the Hamas delegation?", 3, ["d1"], "2025-10-01")
    session = steps[-1][2]
    assert [m["role"] for m in session.messages] == ["user", "assistant"]


def test_chat_shows_a_failing_answerer_as_an_error_message():
    from ui.app import build_app

    conv = _FakeConversation(["partial"], None, error=RuntimeError("LLM server at http://x unreachable"))
    respond = _handler(build_app(_FakeAssistant(conv)), "respond")
    last = list(respond("Anything?", "1", None, 5, [], "", ""))[-1]
    assert "rag-error" in last[0][-1]["content"] and "unreachable" in last[0][-1]["content"]


def test_messages_and_results_cut_server_paths_to_file_names_and_keep_urls():
    from rag.sources.uploads import FileResult

    out = render.file_results_html([FileResult("/srv/data/uploads/ab12/memo.pdf", "failed",
                                               "/srv/data/uploads/ab12/memo.pdf: not a PDF")], "1 failed")
    assert "memo.pdf" in out and "/srv/" not in out
    err = render.error_html("Could not read /srv/news/a.md; see https://example.org/a/b on 2025/10/23")
    assert "a.md" in err and "/srv/" not in err and "https://example.org/a/b" in err and "2025/10/23" in err
