"""Polite HTTP for the URLs a user gives (and, with --fetch, the pages their feeds link to).

httpx does the transport; this module adds what a well-behaved news reader
owes a site: robots.txt honoured (RFC 9309: a missing file allows, an
unreachable one forbids), a minimum interval between requests to one host,
retries with backoff on 429/5xx and network errors (Retry-After respected),
timeouts, a size cap while streaming, redirects followed only to http(s) and
checked against robots.txt hop by hop, and a User-Agent naming storyline and
its version. Conditional requests (ETag, Last-Modified) serve `watch`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

from storyline.errors import E_FETCH
from storyline.ingest.source import IngestOptions, Read, ReadProblem, failed, from_bytes, human_size

RETRY_STATUSES = {429, 500, 502, 503, 504}
MAX_REDIRECTS = 5
MAX_RETRY_AFTER = 60.0  # seconds: a longer Retry-After fails the URL instead of stalling the batch
ROBOTS_BYTES = 512 * 1024


def user_agent() -> str:
    from storyline import __version__
    return f"storyline/{__version__} (local news reader; +https://pypi.org/project/storyline/)"


@dataclass(slots=True)
class Response:
    url: str  # after redirects
    status: int
    content: bytes = b""
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass
class Fetcher:
    max_bytes: int = 20 * 1024 * 1024
    timeout: float = 20.0
    min_interval: float = 1.0  # seconds between two requests to one host
    retries: int = 2
    backoff: float = 1.0  # seconds before the first retry; doubles each time
    robots: bool = True
    agent: str = field(default_factory=user_agent)
    _client: object = None
    _robots: dict = field(default_factory=dict)
    _last: dict = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def client(self):
        import httpx

        if self._client is None:
            self._client = httpx.Client(timeout=self.timeout, follow_redirects=False,
                                        headers={"User-Agent": self.agent, "Accept-Encoding": "gzip, deflate"})
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Response:
        """The response for `url` (a 304 when the conditional headers still hold); a
        ReadProblem (E111) when it cannot be had: network, status, robots.txt, size."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        for _ in range(MAX_REDIRECTS + 1):
            _check_scheme(url)
            if self.robots and not self.allowed(url):
                raise ReadProblem(E_FETCH, "robots.txt of the site disallows fetching this URL")
            response, location = self._get_with_retries(url, headers)
            if location is None:
                return response
            url = urljoin(url, location)
        raise ReadProblem(E_FETCH, f"more than {MAX_REDIRECTS} redirects")

    def allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        key = f"{parts.scheme}://{parts.netloc}"
        if key not in self._robots:
            self._robots[key] = self._read_robots(key)
        parser = self._robots[key]
        return True if parser is None else parser.can_fetch(self.agent, url)

    def _read_robots(self, site: str) -> RobotFileParser | None:
        parser = RobotFileParser()
        try:
            response, _ = self._get_with_retries(site + "/robots.txt", {}, cap=ROBOTS_BYTES, tries=1)
        except ReadProblem:  # unreachable: RFC 9309 says assume everything is disallowed
            parser.parse(["User-agent: *", "Disallow: /"])
            return parser
        if response.status >= 500:
            parser.parse(["User-agent: *", "Disallow: /"])
            return parser
        if response.status != 200:  # no robots.txt (4xx): everything is allowed
            return None
        parser.parse(response.content.decode("utf-8", "replace").splitlines())
        return parser

    def _get_with_retries(self, url: str, headers: dict, cap: int | None = None,
                          tries: int | None = None) -> tuple[Response, str | None]:
        import httpx

        cap = cap or self.max_bytes
        attempts = (self.retries + 1) if tries is None else tries
        delay = self.backoff
        for attempt in range(attempts):
            self._wait_turn(url)
            try:
                with self.client().stream("GET", url, headers=headers) as r:
                    if r.status_code in RETRY_STATUSES and attempt + 1 < attempts:
                        wait = _retry_after(r.headers.get("Retry-After"), delay)
                        if wait > MAX_RETRY_AFTER:
                            raise ReadProblem(E_FETCH, f"HTTP {r.status_code}, retry asked after {wait:.0f} s")
                        time.sleep(wait)
                        delay *= 2
                        continue
                    if r.is_redirect:
                        return Response(url, r.status_code), r.headers.get("Location")
                    if r.status_code == 304:
                        return Response(url, 304, etag=r.headers.get("ETag"),
                                        last_modified=r.headers.get("Last-Modified")), None
                    if url.endswith("/robots.txt") and r.status_code != 200:
                        return Response(url, r.status_code), None
                    if r.status_code != 200:
                        raise ReadProblem(E_FETCH, f"HTTP {r.status_code} {r.reason_phrase}".strip())
                    declared = r.headers.get("Content-Length")
                    if declared and declared.isdigit() and int(declared) > cap:
                        raise ReadProblem(E_FETCH, f"response of {human_size(int(declared))}, over the "
                                                   f"{human_size(cap)} cap")
                    body = bytearray()
                    for chunk in r.iter_bytes():
                        body += chunk
                        if len(body) > cap:
                            raise ReadProblem(E_FETCH, f"response over the {human_size(cap)} cap")
                    return Response(str(r.url), 200, bytes(body), r.headers.get("Content-Type", ""),
                                    r.headers.get("ETag"), r.headers.get("Last-Modified")), None
            except httpx.HTTPError as exc:
                if attempt + 1 < attempts:
                    time.sleep(delay)
                    delay *= 2
                    continue
                raise ReadProblem(E_FETCH, f"{type(exc).__name__}: {exc or 'no answer'}") from exc
        raise ReadProblem(E_FETCH, "no answer after retries")

    def _wait_turn(self, url: str) -> None:
        host = urlsplit(url).netloc.lower()
        with self._lock:
            now = time.monotonic()
            wait = self._last.get(host, 0.0) + self.min_interval - now
            self._last[host] = max(now, now + wait)
        if wait > 0:
            time.sleep(wait)


def _check_scheme(url: str) -> None:
    if urlsplit(url).scheme.lower() not in ("http", "https"):
        raise ReadProblem(E_FETCH, "only http and https URLs are fetched")


def _retry_after(value: str | None, default: float) -> float:
    if value and value.strip().isdigit():
        return float(value.strip())
    return default


def fetcher_of(options: IngestOptions) -> Fetcher:
    """The options' fetcher, made on first use with the document cap."""
    if options.fetcher is None:
        options.fetcher = Fetcher(max_bytes=options.max_bytes)
    return options.fetcher


def read_url(url: str, options: IngestOptions) -> Iterator[Read]:
    """A URL given by the user: fetched once, then read by the reader its content calls for."""
    from storyline.ingest.kinds import read_input

    try:
        response = fetcher_of(options).get(url)
    except ReadProblem as problem:
        yield failed(url, problem.code, problem.reason)
        return
    item = from_bytes(url, response.content, {"url": response.url})
    yield from read_input(item, options, kind_for(response))


def kind_for(response: Response):
    """What a response holds: its first bytes first, then its declared type."""
    from storyline.ingest.kinds import BY_NAME as kinds, sniff  # the table imports this module's readers

    seen = sniff(response.content[:4096])
    if seen is not None:
        return seen
    declared = response.content_type.lower()
    for marker, name in (("html", "html"), ("rss", "feed"), ("atom", "feed"), ("xml", "feed"), ("json", "json"),
                         ("text/plain", "text")):
        if marker in declared:
            return kinds[name]
    return None
