"""Fetch a web page or feed for ingestion, safely: http(s) only, a timeout, a size cap, few redirects, a checked
content type, and never a loopback, link-local or private address unless the operator allows it.

The address check runs after DNS resolution and again on every redirect hop, and the request then goes to the
address that was checked (the URL's host is kept for the Host header and TLS SNI/certificate check), so a DNS
answer that changes between check and connect cannot steer the fetch inside the network. Redirects are followed
here, one hop at a time, for that reason (httpx underneath; trafilatura's own downloader checks none of this).
"""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit, urlunsplit

from ingest.documents import SourceDocument

PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml",
              "application/feed+json", "application/json") + PAGE_TYPES[:2]
USER_AGENT = "rag-assistant/0.1 (+https://github.com/; news ingestion)"


class FetchError(Exception):
    """A URL could not be fetched; the message says why, in words for the ingest report."""


@dataclass(frozen=True)
class FetchPolicy:
    timeout: float = 15.0  # seconds for the whole fetch, redirects included
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    allow_private: bool = False  # RAG_FETCH_ALLOW_PRIVATE: loopback/private/link-local addresses allowed


@dataclass
class Fetched:
    url: str  # after redirects
    content_type: str
    body: bytes
    charset: str | None = None
    headers: dict = field(default_factory=dict)

    def text(self) -> str:
        from ingest.load import decode_bytes

        if self.charset:
            try:
                return self.body.decode(self.charset)
            except (LookupError, UnicodeDecodeError):
                pass
        return decode_bytes(self.body)[0]


def _check_address(host: str, port: int, allow_private: bool) -> str:
    """Resolve ``host``; refuse non-public addresses; return the address to connect to."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as e:
        raise FetchError(f"cannot resolve host {host!r}: {e.strerror or e}") from e
    addrs = [ipaddress.ip_address(i[4][0].split("%")[0]) for i in infos]
    if not addrs:
        raise FetchError(f"host {host!r} has no address")
    if not allow_private:
        for a in addrs:
            if not a.is_global or a.is_multicast:
                raise FetchError(f"refused: {host} resolves to the non-public address {a} (loopback, private or "
                                 "link-local addresses need RAG_FETCH_ALLOW_PRIVATE=1)")
    return str(addrs[0])


class FetchSession:
    """HTTP clients reused across many fetches (a feed sync): one per host name, closed together.

    Per host, not one for all: requests go to the checked address, so a client for every host would pool one
    connection to a shared address (a CDN) and send a second host's request over the first host's TLS (SNI).
    A 500-entry feed of one site was one connection instead of 500 (tests/rag/sources/test_feed_limits.py).
    """

    def __init__(self, policy: FetchPolicy):
        self.policy = policy
        self._clients: dict[str, object] = {}

    def client(self, host: str):
        import httpx

        c = self._clients.get(host)
        if c is None:
            c = self._clients[host] = httpx.Client(timeout=self.policy.timeout, follow_redirects=False,
                                                   trust_env=False)
        return c

    def close(self) -> None:
        for c in self._clients.values():
            c.close()
        self._clients.clear()

    def __enter__(self) -> "FetchSession":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def fetch(url: str, policy: FetchPolicy = FetchPolicy(), accept: tuple[str, ...] = PAGE_TYPES,
          headers: dict | None = None, session: FetchSession | None = None) -> Fetched:
    """GET ``url`` under ``policy``; FetchError with the reason when anything is off. ``session``: reuse its
    clients (and their open connections); without one, a client lives for this fetch only."""
    if session is None:
        with FetchSession(policy) as own:
            return _fetch(url, policy, accept, headers, own)
    return _fetch(url, policy, accept, headers, session)


def _fetch(url: str, policy: FetchPolicy, accept: tuple[str, ...], headers: dict | None,
           session: FetchSession) -> Fetched:
    import httpx

    deadline = time.monotonic() + policy.timeout
    seen: list[str] = []
    while True:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError(f"only http:// and https:// URLs can be fetched, not {url!r}")
        if url in seen:
            raise FetchError(f"redirect loop at {url}")
        if len(seen) > policy.max_redirects:
            raise FetchError(f"more than {policy.max_redirects} redirects")
        seen.append(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        addr = _check_address(parts.hostname, port, policy.allow_private)
        host_in_url = f"[{addr}]" if ":" in addr else addr
        pinned = urlunsplit((parts.scheme, f"{host_in_url}:{port}", parts.path or "/", parts.query, ""))
        host = parts.netloc.rsplit("@", 1)[-1]
        hdrs = {"User-Agent": USER_AGENT, "Accept": ", ".join(accept) + ", */*;q=0.1", "Host": host,
                **(headers or {})}
        client = session.client(host)
        req = client.build_request("GET", pinned, headers=hdrs,
                                   extensions={"sni_hostname": parts.hostname,
                                               "timeout": _timeouts(deadline)})
        try:
            resp = client.send(req, stream=True)
        except httpx.TimeoutException as e:
            raise FetchError(f"timed out after {policy.timeout:.0f}s") from e
        except httpx.HTTPError as e:
            raise FetchError(f"cannot connect: {e}") from e
        try:
            if resp.is_redirect:
                loc = resp.headers.get("location")
                if not loc:
                    raise FetchError(f"HTTP {resp.status_code} redirect without a Location")
                url = urljoin(url, loc)
                continue
            if resp.status_code == 304:
                return Fetched(url, "", b"", headers=dict(resp.headers) | {"status": "304"})
            if resp.status_code >= 400:
                raise FetchError(f"HTTP {resp.status_code} {resp.reason_phrase}".strip())
            ctype = resp.headers.get("content-type", "").split(";")[0].strip().lower()
            if ctype and not any(ctype == a for a in accept):
                raise FetchError(f"content type {ctype!r} is not one of {', '.join(accept)}")
            body = _read_body(resp, policy, deadline)
            return Fetched(url, ctype, bytes(body), resp.charset_encoding, dict(resp.headers))
        finally:
            resp.close()


def _read_body(resp, policy: FetchPolicy, deadline: float) -> bytes:
    """The response's body within the size cap and the deadline."""
    import httpx

    size = int(resp.headers.get("content-length") or 0)
    if size > policy.max_bytes:
        raise FetchError(f"too large: {size} bytes (limit {policy.max_bytes})")
    body = bytearray()
    try:
        for piece in resp.iter_bytes():
            body += piece
            if len(body) > policy.max_bytes:
                raise FetchError(f"too large: more than {policy.max_bytes} bytes")
            if time.monotonic() > deadline:
                raise FetchError(f"timed out after {policy.timeout:.0f}s")
    except httpx.TimeoutException as e:
        raise FetchError(f"timed out after {policy.timeout:.0f}s") from e
    except httpx.HTTPError as e:
        raise FetchError(f"connection failed while reading: {e}") from e
    return bytes(body)


def _timeouts(deadline: float) -> dict:
    left = max(0.1, deadline - time.monotonic())
    return {"connect": left, "read": left, "write": left, "pool": left}


def page_document(url: str, fetched: Fetched, *, date: str | None = None, title: str | None = None) -> SourceDocument:
    """The stored document of a fetched page: its main text and metadata; its URL is its source."""
    from ingest.load import LoadError, html_document

    if fetched.content_type == "text/plain":
        text = fetched.text()
        doc = SourceDocument(source=url, url=url, text=text, title=title or text.strip().split("\n", 1)[0][:200])
    else:
        try:
            doc = html_document(fetched.text(), source=url, url=url, fallback_title=title or url)
        except LoadError as e:
            raise FetchError(str(e)) from e
    from ingest.dates import document_date

    if title and not doc.title:
        doc.title = title
    doc.date, warning = document_date(doc.date or date)  # one date format for every source (ingest/dates.py)
    if warning:
        doc.warnings.append(warning)
    return doc


def fetch_page(url: str, policy: FetchPolicy, *, date: str | None = None, title: str | None = None,
               session: FetchSession | None = None) -> SourceDocument:
    return page_document(url, fetch(url, policy, PAGE_TYPES, session=session), date=date, title=title)
