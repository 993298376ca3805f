"""`rag serve`: the browser UI and the HTTP API on one port (or the API alone), registered into the rag CLI
through the ``rag.commands`` entry point (rag never imports ui)."""

from __future__ import annotations

import argparse
import ipaddress
import logging
import socket

log = logging.getLogger(__name__)


def register(sub, add_common) -> None:
    p = sub.add_parser("serve", help="start the browser chat and the HTTP API (http://127.0.0.1:7860 by default)")
    p.add_argument("--host", default="127.0.0.1", help="interface to bind (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=int, default=7860)
    p.add_argument("--api-only", action="store_true", help="serve the HTTP API (/v1, /docs) without the browser UI")
    p.add_argument("--insecure", action="store_true",
                   help="allow a non-loopback --host without a login (RAG_UI_USERNAME/RAG_UI_PASSWORD) or RAG_API_KEY")
    p.add_argument("--no-demo", action="store_true", help="do not ingest the demo corpus into an empty store")
    p.add_argument("--watch", nargs="+", metavar="FOLDER", default=[],
                   help="keep these folders synced while serving (as `rag watch`)")
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


API_KEY_MIN_CHARS = 16  # off loopback: a guessable key is no key (`openssl rand -hex 16` gives 32)


def auth_for(settings, host: str, insecure: bool, api_only: bool = False):
    """The UI logins, checked: RAG_UI_USERNAME/RAG_UI_PASSWORD and RAG_UI_USERS (a pair, a list of pairs, or None).
    Off loopback RAG_API_KEY (of API_KEY_MIN_CHARS at least) is required unless ``insecure``: it guards every
    route, the browser UI's too (its login accepts the key as password, ``gradio_auth``)."""
    user, password = settings.ui.ui_username, settings.ui.ui_password
    if bool(user) != bool(password):
        raise ServeConfigError("set both RAG_UI_USERNAME and RAG_UI_PASSWORD, or neither")
    logins = [(user, password)] if user else []
    for item in (settings.ui.ui_users or "").split(","):
        if not item.strip():
            continue
        name, sep, secret = item.strip().partition(":")
        if not sep or not name or not secret:
            raise ServeConfigError(f"RAG_UI_USERS: {item.strip()!r} is not user:password")
        logins.append((name, secret))
    auth = logins[0] if len(logins) == 1 else (logins or None)
    if not insecure and not is_loopback(host):
        missing = []
        if not settings.api.api_key:
            missing.append("a key for the HTTP API (RAG_API_KEY)")
        if missing:
            raise ServeConfigError(
                f"refusing to serve on {host} without {' and '.join(missing)}: anyone who can reach it could read "
                "and delete your documents. Set them, bind 127.0.0.1, or pass --insecure.")
        if len(settings.api.api_key) < API_KEY_MIN_CHARS:
            raise ServeConfigError(
                f"refusing to serve on {host} with a {len(settings.api.api_key)}-character RAG_API_KEY: use at least "
                f"{API_KEY_MIN_CHARS} random characters (e.g. `openssl rand -hex 16`), or pass --insecure.")
    return auth


def gradio_auth(credentials):
    """Gradio's login for ``credentials`` (rag/http_api/guard.py): a UI login, or any name with the API key as
    password (the key may act for any user); None when no credential is configured. With only an API key set,
    the browser UI is therefore behind a login too: one rule for every route that reads or changes data."""
    if not credentials.required:
        return None
    return lambda name, password: credentials.login_ok(name, password) is not None


def build_served_app(assistant, *, host: str, api_only: bool = False):
    """The app `rag serve` runs: the HTTP API, and (unless ``api_only``) the browser UI on the same port, every
    route behind the same credentials and Host/Origin checks."""
    from rag.http_api import create_app
    from rag.http_api.app import logins_of
    from rag.http_api.guard import Credentials

    s = assistant.settings
    credentials = Credentials(s.api.api_key, logins_of(s))
    app = create_app(assistant, credentials=credentials, redirect_root=api_only, bind_host=host)
    if not api_only:
        from ui.app import build_app, mount

        mount(app, build_app(assistant), auth=gradio_auth(credentials), max_upload_mb=s.ui.ui_max_upload_mb)
    return app


def _serve(args: argparse.Namespace) -> int:
    from rag.cli.common import make_assistant

    assistant = make_assistant(args)
    s = assistant.settings
    auth = auth_for(s, args.host, args.insecure, args.api_only)  # before any heavy loading: fail fast

    if not args.no_demo:
        report = ensure_demo_corpus(assistant)
        if report is not None:
            print(f"demo corpus ingested: {report.summary()}", flush=True)
    # Load the answerer now: a misconfigured LLM fails here, clearly, not in the first chat; and the first
    # answer does not pay for loading the model.
    print(f"answerer: {assistant.answerer_name}", flush=True)
    background = _start_background(assistant, args.watch)
    app = build_served_app(assistant, host=args.host, api_only=args.api_only)
    what = "API" if args.api_only else "chat and API"
    print(f"rag serve: {what} on http://{args.host}:{args.port} (API docs /docs; data dir {s.data_dir}"
          f"{', login required' if auth else ''}{', API key required' if s.api.api_key else ''})", flush=True)
    try:
        from ui.shutdown import serve

        serve(app, host=args.host, port=args.port)  # quiet and quick with pages open (ui/shutdown.py)
    finally:
        for job in background:
            job.stop()
    return 0


def ensure_demo_corpus(assistant):
    """First run: an empty store gets the bundled demo articles, so there is something to ask about."""
    if assistant.documents():
        return None
    from importlib.resources import files

    demo = files("rag") / "demo_corpus"
    log.info("empty store: ingesting the demo corpus from %s", demo)
    return assistant.ingest([str(demo)])


def _start_background(assistant, watch: list[str]) -> list:
    """Watched folders (--watch) and the feed schedule (RAG_FEEDS_INTERVAL seconds; 0 turns it off)."""
    from rag.cli.sources import start_watching

    jobs = []
    if watch:
        jobs.append(start_watching(assistant, watch, echo=lambda line: print(line, flush=True)))
    if assistant.settings.fetch.feeds_interval > 0:
        jobs.append(assistant.schedule_feeds(assistant.settings.fetch.feeds_interval))
    return jobs
