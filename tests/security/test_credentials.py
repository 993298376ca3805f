"""Issue 25, items 2 and 3: one credential rule for every route, Gradio's included; `user` is never taken from a
caller without a credential. Real uvicorn server (tests/security/serve.py), real httpx and openai clients."""

from __future__ import annotations

import httpx
import pytest

from tests.security.serve import serving

KEY = "k" * 24
USERS = {"alice": "pw-alice", "bob": "pw-bob"}
QUESTION = "Who led the Hamas delegation?"


@pytest.fixture(scope="module")
def key_server(tmp_path_factory, embedder):
    from rag import Assistant

    a = Assistant(data_dir=tmp_path_factory.mktemp("key") / "data", embedder=embedder, answerer="extractive",
                  api_key=KEY, ui_username=None, ui_password=None, ui_users=None)
    with serving(a) as url:
        yield url, a


def test_with_only_an_api_key_gradio_routes_need_it_too(key_server):
    url, a = key_server
    before = {d.doc_id for d in a.documents()}
    doc_id = sorted(before)[0]
    with httpx.Client(timeout=30) as anon:
        assert anon.get(f"{url}/config").status_code == 401
        assert anon.get(f"{url}/gradio_api/info").status_code == 401
        r = anon.post(f"{url}/gradio_api/queue/join", json={"data": [doc_id], "fn_index": 0, "session_hash": "x1"})
        assert r.status_code == 401, r.text
        assert anon.post(f"{url}/gradio_api/upload", files={"files": ("a.md", b"# planted\n\nplanted text")}
                         ).status_code == 401
        assert anon.get(f"{url}/v1/documents").status_code == 401
        assert anon.post(f"{url}/login", data={"username": "x", "password": "wrong"}).status_code == 400
    assert {d.doc_id for d in a.documents()} == before  # nothing deleted, nothing planted
    with httpx.Client(timeout=30) as user:  # the browser's way in: the login form, with the key as password
        assert user.post(f"{url}/login", data={"username": "ops", "password": KEY}).status_code == 200
        assert user.get(f"{url}/config").status_code == 200
        assert user.get(f"{url}/gradio_api/info").status_code == 200
    r = httpx.get(f"{url}/v1/documents", headers={"Authorization": f"Bearer {KEY}"}, timeout=30)
    assert r.status_code == 200 and len(r.json()["data"]) == len(before)
    assert httpx.get(f"{url}/health", timeout=30).status_code == 200  # health needs no credential


@pytest.fixture(scope="module")
def login_server(tmp_path_factory, embedder):
    from rag import Assistant

    a = Assistant(data_dir=tmp_path_factory.mktemp("logins") / "data", embedder=embedder, answerer="extractive",
                  api_key=None, ui_username=None, ui_password=None,
                  ui_users=",".join(f"{u}:{p}" for u, p in USERS.items()))
    with serving(a) as url:
        yield url, a


def _ask(url: str, auth, conversation_id: str, **extra) -> httpx.Response:
    return httpx.post(f"{url}/v1/chat/completions", auth=auth, timeout=60,
                      json={"messages": [{"role": "user", "content": QUESTION}], "conversation_id": conversation_id,
                            **extra})


def test_with_ui_logins_the_api_needs_a_login_and_acts_only_as_it(login_server):
    url, a = login_server
    alice = ("alice", USERS["alice"])
    assert _ask(url, alice, "alice-1").status_code == 200
    assert [c.id for c in a.history.list("alice")] == ["alice-1"]
    # without a credential: no chats listed, read or deleted, whatever `user` says
    for method, path in (("GET", "/v1/conversations"), ("GET", "/v1/conversations/alice-1"),
                         ("DELETE", "/v1/conversations/alice-1"), ("GET", "/v1/documents")):
        r = httpx.request(method, f"{url}{path}", params={"user": "alice"}, timeout=30)
        assert r.status_code == 401, (method, path, r.text)
        assert "HTTP Basic" in r.json()["error"]["message"]
    assert _ask(url, None, "anon-1", user="alice").status_code == 401
    # a login sees its own chats; naming another user is refused, not obeyed
    r = httpx.get(f"{url}/v1/conversations", auth=alice, timeout=30)
    assert [c["id"] for c in r.json()["data"]] == ["alice-1"]
    bob = ("bob", USERS["bob"])
    assert httpx.get(f"{url}/v1/conversations", auth=bob, timeout=30).json()["data"] == []
    r = httpx.get(f"{url}/v1/conversations", params={"user": "alice"}, auth=bob, timeout=30)
    assert r.status_code == 403 and r.json()["error"]["param"] == "user", r.text
    assert httpx.delete(f"{url}/v1/conversations/alice-1", auth=bob, timeout=30).status_code == 404
    assert httpx.get(f"{url}/v1/conversations", auth=("alice", "wrong"), timeout=30).status_code == 401
    assert [c.id for c in a.history.list("alice")] == ["alice-1"]  # still there
    assert httpx.delete(f"{url}/v1/conversations/alice-1", auth=alice, timeout=30).status_code == 200


def test_without_any_credential_user_cannot_be_named(tmp_path, make_assistant):
    a = make_assistant(api_key=None, ui_username=None, ui_password=None, ui_users=None)
    from rag.conversation.session import Turn
    from rag.types import Answer

    a.history.add_turn("alice-1", "alice", Turn(QUESTION, QUESTION, Answer(answer="x")))
    with serving(a, api_only=True) as url:
        r = httpx.get(f"{url}/v1/conversations", params={"user": "alice"}, timeout=30)
        assert r.status_code == 403 and "needs a credential" in r.json()["error"]["message"], r.text
        assert httpx.delete(f"{url}/v1/conversations/alice-1", params={"user": "alice"}, timeout=30
                            ).status_code == 403
        assert httpx.get(f"{url}/v1/conversations", timeout=30).json()["data"] == []  # the anonymous user's own
    assert [c.id for c in a.history.list("alice")] == ["alice-1"]
