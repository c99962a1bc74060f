"""`storyline watch` and feeds: entries become articles, polls are conditional, restarts add no duplicates."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, STORIES, news_page, rss, write

from storyline.engine import Engine
from storyline.errors import E_MALFORMED
from storyline.ingest import IngestOptions, read_paths
from storyline.ingest.fetch import Fetcher
from storyline.watch import parse_every, poll

DATES = ["Thu, 06 Mar 2025 08:00:00 GMT", "Tue, 04 Mar 2025 09:00:00 GMT", "Sun, 09 Mar 2025 07:00:00 GMT"]
SECOND = ("Bridge reopening brings relief to commuters", "Thu, 06 Mar 2025 12:00:00 GMT",
          "Commuters welcomed the reopening of the Harbour Bridge in Port Elster on Thursday after six weeks of "
          "repairs to corroded steel joints on its northern span. City engineers said the work had cost 12 million crowns.")


def entries(http, n):
    return [(t, http.url(f"/s{i}"), DATES[i], f"<p>{x}</p>") for i, (t, _, x) in enumerate(STORIES[:n])]


def engine_for(tmp_path, http=None, fetch=False) -> Engine:
    fetcher = Fetcher(min_interval=0.0, backoff=0.05, timeout=2.0)
    return Engine(db=tmp_path / "s.db", ingest_options=IngestOptions(fetch=fetch, fetcher=fetcher))


def test_a_feed_file_gives_one_article_per_entry_with_the_feed_date(tmp_path):
    path = write(tmp_path, "news.rss", rss([(t, f"https://post.example/{i}", DATES[i], x) for i, (t, _, x) in enumerate(STORIES)]))
    reads = list(read_paths([path]))
    assert [r.article.title for r in reads] == [s[0] for s in STORIES]
    a = reads[0].article
    assert (a.outlet, a.published_how, a.published_sure, a.url) == ("Port Elster Post", "feed", 0.95, "https://post.example/0")
    assert a.published.isoformat() == "2025-03-06T08:00:00"


def test_invalid_feed_xml_fails_by_name_and_a_feed_cut_short_keeps_its_readable_entries(tmp_path):
    path = write(tmp_path, "broken.rss", b"<?xml version='1.0'?><rss><channel><title>x</title></chan")
    [r] = list(read_paths([path]))
    assert r.error is not None and r.error.code == E_MALFORMED and r.error.source == str(path)
    whole = rss([(t, f"https://post.example/{i}", DATES[i], x) for i, (t, _, x) in enumerate(STORIES)])
    cut = write(tmp_path, "cut.rss", whole[: whole.index(b"<item>", whole.index(b"</item>"))+ 20])
    reads = list(read_paths([cut]))
    assert reads[0].article.title == STORIES[0][0] and "not well-formed" in reads[0].warnings[-1]


def test_with_fetch_the_linked_pages_are_read_and_a_failed_fetch_falls_back_to_the_entry(tmp_path, http):
    http.routes["/feed"] = (200, {"Content-Type": "application/rss+xml"}, rss(entries(http, 2)))
    http.routes["/s0"] = (200, {"Content-Type": "text/html"}, news_page(*STORIES[0]).encode())
    reads = list(read_paths([http.url("/feed")], IngestOptions(fetch=True, fetcher=Fetcher(min_interval=0, retries=0))))
    assert len(reads) == 2
    assert "corroded steel joints on the northern span" in reads[0].article.body and reads[0].article.author == "Ines Kaur"
    assert reads[1].article.body.startswith("The Port Elster city council") and "could not fetch" in reads[1].warnings[0]


def test_polls_are_conditional_new_entries_are_reported_and_a_restart_adds_nothing(tmp_path, http):
    state = {"entries": entries(http, 1), "etag": '"1"'}

    def feed(handler):
        if handler.headers.get("If-None-Match") == state["etag"]:
            return 304, {"ETag": state["etag"]}, b""
        return 200, {"Content-Type": "application/rss+xml", "ETag": state["etag"]}, rss(state["entries"])
    http.routes["/feed"] = feed
    engine = engine_for(tmp_path)
    changes, report = poll(engine, [http.url("/feed")])
    assert [c.kind for c in changes] == ["new event"] and len(report.added) == 1

    changes, report = poll(engine, [http.url("/feed")])  # nothing new: the server answers 304
    assert changes == [] and report.added == []
    assert http.requests[-1][1].get("If-None-Match") == '"1"'

    # the feed gains two entries: one continues the first story, one is another story
    state["entries"] = state["entries"] + [(SECOND[0], http.url("/s9"), SECOND[1], f"<p>{SECOND[2]}</p>"),
                                           entries(http, 3)[2]]
    state["etag"] = '"2"'
    changes, report = poll(engine, [http.url("/feed")])
    assert len(report.added) == 2
    assert sorted(c.kind for c in changes if c.kind != "new discrepancy") == ["event grew", "new event"]
    engine.close()

    engine = engine_for(tmp_path)  # a restart: same store, the feed unchanged but asked without its ETag
    state["etag"] = '"3"'
    changes, report = poll(engine, [http.url("/feed")])
    assert changes == [] and report.added == [] and report.updated == []
    assert len(engine.articles()) == 3
    engine.close()


def test_a_feed_that_fails_is_reported_and_the_others_are_read(tmp_path, http):
    http.routes["/good"] = (200, {"Content-Type": "application/rss+xml"}, rss(entries(http, 1)))
    engine = engine_for(tmp_path)
    changes, report = poll(engine, [http.url("/gone"), http.url("/good")])
    assert changes[0].kind == "feed failed" and "HTTP 404" in changes[0].detail
    assert len(report.added) == 1
    engine.close()


def test_watch_cli_prints_json_lines_for_each_change(tmp_path, http):
    http.routes["/feed"] = (200, {"Content-Type": "application/rss+xml"}, rss(entries(http, 3)[::2]))
    result = subprocess.run([sys.executable, "-m", "storyline.cli", "watch", http.url("/feed"), "--db",
                             str(tmp_path / "w.db"), "--every", "1s", "--polls", "2", "--format", "json"],
                            capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["kind"] for line in lines] == ["new event", "new event"]  # the second poll finds nothing new


def test_durations_parse():
    assert [parse_every(x) for x in ("90s", "15m", "2h", "1d", "30")] == [90, 900, 7200, 86400, 30]


def test_a_feed_date_keeps_the_outlets_own_day_and_its_utc_offset(engine, tmp_path):
    # 22:30 in New York is 02:30 the next day in UTC: the outlet's "today" is the 11th
    late = [(STORIES[0][0], "https://post.example/late", "Mon, 11 Sep 2023 22:30:00 -0400", STORIES[0][2])]
    path = write(tmp_path, "late.rss", rss(late))
    engine.ingest([path])
    [a] = engine.articles()
    assert a.published.isoformat() == "2023-09-11T22:30:00" and a.published_offset == -240
    assert a.published_utc.isoformat() == "2023-09-12T02:30:00"
    assert a.published_stamp == "2023-09-11T22:30:00-04:00"
    gmt = list(read_paths([write(tmp_path, "gmt.rss", rss([(STORIES[1][0], "https://post.example/g", DATES[1], "x y z")]))]))
    assert gmt[0].article.published_offset == 0
