"""WARC crawls: HTML responses become articles; the rest is skipped and counted; streamed."""

from __future__ import annotations

import io
import tracemalloc

from conftest import STORIES, news_page, write
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storyline.engine import Engine
from storyline.errors import E_MALFORMED
from storyline.ingest import read_paths


def response(writer: WARCWriter, url: str, body: bytes, status: str = "200 OK", ctype: str = "text/html",
             extra: list | None = None) -> None:
    headers = StatusAndHeaders(status, [("Content-Type", ctype)] + (extra or []), protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers))


def crawl(n_pages: int = 3, gz: bool = True) -> bytes:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gz)
    for i in range(n_pages):
        title, date, text = STORIES[i % 3]
        response(writer, f"https://post.example/{i}", news_page(f"{title} ({i})", date, text, n=i).encode())
    response(writer, "https://post.example/old", b"", "301 Moved Permanently", extra=[("Location", "/0")])
    response(writer, "https://post.example/missing", b"<html>gone</html>", "404 Not Found")
    response(writer, "https://post.example/logo.png", b"\x89PNG....", ctype="image/png")
    response(writer, "https://post.example/", b"<!DOCTYPE html><html><body><a href='/0'>Home</a></body></html>")
    writer.write_record(writer.create_warc_record("https://post.example/0", "request",
                                                  payload=io.BytesIO(b"GET /0 HTTP/1.1\r\n\r\n")))
    return out.getvalue()


def test_html_responses_become_articles_and_the_rest_is_counted(tmp_path):
    write(tmp_path, "crawl.warc.gz", crawl())
    engine = Engine(db=tmp_path / "s.db")
    report = engine.ingest([tmp_path / "crawl.warc.gz"])
    assert report.ok and len(report.added) == 3
    assert report.skipped == {"WARC: redirects (301)": 1, "WARC: status 404": 1, "WARC: not HTML (image/png)": 1,
                              "WARC: pages with no story (index, error or media pages)": 1, "WARC: request records": 1}
    urls = sorted(a.url for a in engine.articles())
    assert urls == [f"https://post.example/{i}" for i in range(3)]
    engine.close()


def test_a_broken_record_stops_the_crawl_there_and_keeps_what_came_before(tmp_path):
    data = crawl(gz=False)
    cut = data.index(b"WARC/1", len(data) // 3)
    write(tmp_path, "broken.warc", data[:cut] + b"WARC/1.0\r\nGARBAGE\r\n\r\n" + data[cut:])
    reads = list(read_paths([tmp_path / "broken.warc"]))
    assert [r for r in reads if r.article]
    assert reads[-1].error.code == E_MALFORMED and "broken.warc#" in reads[-1].error.source


def test_a_large_crawl_reads_in_bounded_memory(tmp_path):
    """Memory held by reading does not grow with the crawl (the pages are not kept); the
    5,000-record run with its figures is in benchmarks/bench_ingest.py."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    for i in range(1200):
        title, date, text = STORIES[i % 3]
        response(writer, f"https://post.example/{i}", news_page(f"{title} {i}", date, text, n=i).encode())
    write(tmp_path, "big.warc.gz", out.getvalue())
    tracemalloc.start()
    count, peak_at_200 = 0, 0
    for r in read_paths([tmp_path / "big.warc.gz"]):
        count += r.article is not None
        if count == 200:
            peak_at_200 = tracemalloc.get_traced_memory()[1]
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert count == 1200
    assert peak < 2 * peak_at_200 + 10 * 1024 * 1024, (peak_at_200, peak)
