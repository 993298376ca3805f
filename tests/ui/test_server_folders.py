"""The UI's "Ingest a folder on the server" reads only folders the operator allows (RAG_UI_INGEST_ROOTS).

Real Assistant (extractive, real Chroma and embedder), the app's own handler: traversal by "..", by an absolute
path elsewhere, and by symlinks inside an allowed folder must read nothing from outside it.
"""

from __future__ import annotations

import html
import re

import pytest

_TAG = re.compile(r"<[^>]+>")


def _handler(app, name):
    return next(fn.fn for fn in app.fns.values() if fn.name == name)


def _text(out) -> str:
    return html.unescape(_TAG.sub(" ", str(out[0])))


def _component(app, elem_id):
    return next(b for b in app.blocks.values() if getattr(b, "elem_id", None) == elem_id)


@pytest.fixture
def tree(tmp_path):
    allowed, secret = tmp_path / "allowed", tmp_path / "secret"
    (allowed / "news").mkdir(parents=True)
    secret.mkdir()
    (allowed / "news" / "harbour.md").write_text("# Harbour\n\nThe harbour master of Vellmar is Ilse Dornbach.\n")
    (secret / "keys.md").write_text("# Keys\n\nThe vault code of the Vellmar treasury is 4471.\n")
    return allowed, secret


def test_without_allowed_folders_the_control_is_hidden_and_refuses(make_assistant, tree):
    from ui.app import build_app

    allowed, _ = tree
    a = make_assistant()
    app = build_app(a)
    assert _component(app, "server-folder").visible is False
    out = _handler(app, "reingest")(str(allowed), False)
    assert "turned off" in _text(out) and "RAG_UI_INGEST_ROOTS" in _text(out)
    assert a.documents() == []


def test_only_files_really_inside_an_allowed_folder_are_read(make_assistant, tree):
    from ui.app import build_app

    allowed, secret = tree
    (allowed / "news" / "linked.md").symlink_to(secret / "keys.md")  # a file link pointing out
    (allowed / "escape").symlink_to(secret, target_is_directory=True)  # a folder link pointing out
    a = make_assistant(ui_ingest_roots=[allowed])
    app = build_app(a)
    assert _component(app, "server-folder").visible is True
    reingest = _handler(app, "reingest")

    for attempt in (str(secret), str(allowed / ".." / "secret"), "../secret", str(allowed / "escape"), "/etc"):
        out = _text(reingest(attempt, False))
        assert "outside the folders allowed" in out, (attempt, out)
    assert a.documents() == []

    out = _text(reingest("news", False))  # relative to the allowed folder
    assert "harbour.md" in out and "outside the folders allowed" in out  # the linked file is reported, not read
    assert [d.title for d in a.documents()] == ["Harbour"]
    assert "4471" not in a.ask("What is the vault code of the Vellmar treasury?").answer
