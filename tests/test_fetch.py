"""Fetching URLs politely, against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import time

import pytest
from conftest import STORIES, news_page

from storyline.errors import E_FETCH
from storyline.ingest import IngestOptions, read_paths
from storyline.ingest.fetch import Fetcher, user_agent
from storyline.ingest.source import ReadProblem

PAGE = news_page(*STORIES[0]).encode()


def fetcher(**kw) -> Fetcher:
    return Fetcher(**{"min_interval": 0.0, "backoff": 0.05, "timeout": 2.0, **kw})


def test_a_url_on_the_command_line_is_fetched_and_read_as_a_page(http):
    http.routes["/story"] = (200, {"Content-Type": "text/html; charset=utf-8"}, PAGE)
    [r] = list(read_paths([http.url("/story")], IngestOptions(fetcher=fetcher())))
    assert r.article is not None and r.article.title == STORIES[0][0]
    assert r.article.url == http.url("/story")
    _, headers = next(x for x in http.requests if x[0] == "/story")
    assert headers["User-Agent"] == user_agent() and "storyline/" in headers["User-Agent"]


def test_redirects_are_followed_and_404_slow_and_oversized_answers_fail_by_url(http):
    http.routes["/old"] = (301, {"Location": "/story"}, b"")
    http.routes["/story"] = (200, {"Content-Type": "text/html"}, PAGE)
    http.routes["/slow"] = (200, {"Content-Type": "text/html"}, PAGE, 3.0)
    http.routes["/huge"] = (200, {"Content-Type": "text/html"}, b"<html>" + b"x" * 300_000)
    options = IngestOptions(max_bytes=200_000, fetcher=fetcher(timeout=0.5, retries=0, max_bytes=200_000))
    reads = {r.source: r for r in read_paths([http.url(p) for p in ("/old", "/missing", "/slow", "/huge")], options)}
    assert reads[http.url("/old")].article.url == http.url("/story")
    for path, words in (("/missing", "HTTP 404"), ("/slow", "Timeout"), ("/huge", "cap")):
        error = reads[http.url(path)].error
        assert error.code == E_FETCH and words in error.reason, (path, error)


def test_robots_txt_is_honoured(http):
    http.routes["/robots.txt"] = (200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /private/\n")
    http.routes["/private/story"] = (200, {"Content-Type": "text/html"}, PAGE)
    http.routes["/story"] = (200, {"Content-Type": "text/html"}, PAGE)
    f = fetcher()
    with pytest.raises(ReadProblem, match="robots.txt"):
        f.get(http.url("/private/story"))
    assert f.get(http.url("/story")).status == 200
    assert http.hits("/private/story") == 0 and http.hits("/robots.txt") == 1


def test_server_errors_are_retried_with_backoff_then_succeed(http):
    answers = iter([(503, {"Retry-After": "0"}, b"busy"), (502, {}, b"bad gateway"),
                    (200, {"Content-Type": "text/html"}, PAGE)])
    http.routes["/flaky"] = lambda handler: next(answers)
    response = fetcher(retries=2).get(http.url("/flaky"))
    assert response.status == 200 and http.hits("/flaky") == 3


def test_requests_to_one_host_keep_the_minimum_interval(http):
    http.routes["/a"] = (200, {"Content-Type": "text/html"}, PAGE)
    f = fetcher(min_interval=0.3)
    started = time.monotonic()
    for _ in range(3):
        f.get(http.url("/a"))
    assert time.monotonic() - started >= 0.6


def test_etag_answers_304_and_only_http_is_fetched(http):
    def answer(handler):
        if handler.headers.get("If-None-Match") == '"v1"':
            return 304, {"ETag": '"v1"'}, b""
        return 200, {"Content-Type": "application/rss+xml", "ETag": '"v1"'}, b"<rss/>"
    http.routes["/feed"] = answer
    f = fetcher()
    first = f.get(http.url("/feed"))
    assert first.status == 200 and first.etag == '"v1"'
    assert f.get(http.url("/feed"), etag=first.etag).not_modified
    with pytest.raises(ReadProblem, match="only http"):
        f.get("file:///etc/passwd")
