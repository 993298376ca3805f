"""`rag serve`: registered into the rag CLI through the ``rag.commands`` entry point (rag never imports ui)."""

from __future__ import annotations

import argparse
import ipaddress
import logging
import socket

log = logging.getLogger(__name__)


def register(sub, add_common) -> None:
    p = sub.add_parser("serve", help="start the browser chat (http://127.0.0.1:7860 by default)")
    p.add_argument("--host", default="127.0.0.1", help="interface to bind (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=int, default=7860)
    p.add_argument("--insecure", action="store_true",
                   help="allow a non-loopback --host without RAG_UI_USERNAME/RAG_UI_PASSWORD")
    p.add_argument("--no-demo", action="store_true", help="do not ingest the demo corpus into an empty store")
    add_common(p)
    p.set_defaults(handler=_serve)


def is_loopback(host: str) -> bool:
    if host in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        try:  # a host name: loopback only when every address it resolves to is
            infos = socket.getaddrinfo(host, None)
        except OSError:
            return False
        return bool(infos) and all(ipaddress.ip_address(i[4][0].split("%")[0]).is_loopback for i in infos)


class ServeConfigError(ValueError):
    pass


def auth_for(settings, host: str, insecure: bool) -> tuple[str, str] | None:
    """Gradio auth from RAG_UI_USERNAME/RAG_UI_PASSWORD; refuses an open non-loopback bind unless insecure."""
    user, password = settings.ui_username, settings.ui_password
    if bool(user) != bool(password):
        raise ServeConfigError("set both RAG_UI_USERNAME and RAG_UI_PASSWORD, or neither")
    auth = (user, password) if user else None
    if auth is None and not is_loopback(host) and not insecure:
        raise ServeConfigError(
            f"refusing to serve on {host} without a login: anyone who can reach it could read and delete your "
            "documents. Set RAG_UI_USERNAME and RAG_UI_PASSWORD, bind 127.0.0.1, or pass --insecure.")
    return auth


def _serve(args: argparse.Namespace) -> int:
    from rag.cli import make_assistant

    assistant = make_assistant(args)
    s = assistant.settings
    auth = auth_for(s, args.host, args.insecure)  # before any heavy loading: fail fast

    from ui.app import build_app, ensure_demo_corpus, launch

    if not args.no_demo:
        report = ensure_demo_corpus(assistant)
        if report is not None:
            print(f"demo corpus ingested: {report.summary()}", flush=True)
    # Load the answerer now: a misconfigured LLM fails here, clearly, not in the first chat; and the first
    # answer does not pay for loading the model.
    print(f"answerer: {assistant.answerer_name}", flush=True)
    app = build_app(assistant)
    print(f"rag serve: http://{args.host}:{args.port} (data dir {s.data_dir}"
          f"{', login required' if auth else ''})", flush=True)
    launch(app, host=args.host, port=args.port, auth=auth, max_upload_mb=s.ui_max_upload_mb)
    return 0
