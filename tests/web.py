"""A real HTTP server on 127.0.0.1 serving test pages and feeds (good pages, a 404, a slow page, a huge page, a
non-HTML type, a redirect loop, RSS/Atom feeds and a malformed one). Routes can be changed while it runs."""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def article_html(title: str, body: str, author: str = "Mira Okafor", date: str = "2025-03-14") -> str:
    paras = "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
    return (f"<!doctype html><html><head><title>{title}</title><meta name='author' content='{author}'>"
            f"<meta property='article:published_time' content='{date}'></head><body>"
            f"<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
            f"<article><h1>{title}</h1>{paras}</article><footer>Copyright The Daily Test</footer></body></html>")


class Site:
    """path -> (status, content type, body bytes, extra headers); a callable body is called per request."""

    def __init__(self, keep_alive: bool = False):
        self.routes: dict[str, tuple] = {}
        self.hits: dict[str, int] = {}
        self.keep_alive = keep_alive  # HTTP/1.1: a client may send many requests over one connection
        self.connections = 0  # TCP connections accepted
        self._count = threading.Lock()

    def page(self, path: str, body: str | bytes, ctype: str = "text/html; charset=utf-8", status: int = 200,
             headers: dict | None = None) -> None:
        self.routes[path] = (status, ctype, body.encode() if isinstance(body, str) else body, headers or {})

    def redirect(self, path: str, to: str, status: int = 302) -> None:
        self.routes[path] = (status, "text/plain", b"", {"Location": to})


def _handler(site: Site):
    class H(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1" if site.keep_alive else "HTTP/1.0"

        def setup(self):
            with site._count:  # one handler per accepted connection, each in its own thread
                site.connections += 1
            super().setup()

        def log_message(self, *a):  # quiet
            pass

        def do_GET(self):
            site.hits[self.path] = site.hits.get(self.path, 0) + 1
            route = site.routes.get(self.path)
            if route is None:
                self.send_error(404, "Not Found")
                return
            status, ctype, body, headers = route
            if callable(body):
                body = body(self)
                if body is None:
                    return
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            for k, v in headers.items():
                self.send_header(k, v)
            self.end_headers()
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

    return H


def slow(seconds: float):
    def body(handler):
        time.sleep(seconds)
        return b"<html><body><p>too late</p></body></html>"

    return body


@contextmanager
def serving(site: Site):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
    server.daemon_threads = True
    t = threading.Thread(target=server.serve_forever, daemon=True)
    t.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def rss(base: str, items: list[dict], title: str = "The Daily Test") -> str:
    xml = "".join(
        f"<item><title>{i['title']}</title><link>{base}{i['path']}</link><guid>{base}{i['path']}</guid>"
        f"<pubDate>{i['date']}</pubDate><description>{i.get('summary', 'A short teaser.')}</description>"
        + (f"<content:encoded><![CDATA[{i['content']}]]></content:encoded>" if i.get("content") else "")
        + "</item>" for i in items)
    return (f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0' "
            f"xmlns:content='http://purl.org/rss/1.0/modules/content/'><channel><title>{title}</title>"
            f"<link>{base}/</link><description>News</description>{xml}</channel></rss>")


def atom(base: str, entries: list[dict], title: str = "Atom Test Wire") -> str:
    xml = "".join(
        f"<entry><title>{e['title']}</title><id>urn:test:{e['path']}</id><link href='{base}{e['path']}'/>"
        f"<updated>{e['date']}</updated><author><name>{e.get('author', 'Wire Desk')}</name></author>"
        f"<content type='html'><![CDATA[{e['content']}]]></content></entry>" for e in entries)
    return (f"<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'><title>{title}</title>"
            f"<id>urn:test:feed</id><updated>2025-03-15T00:00:00Z</updated>{xml}</feed>")
