"""JSON and JSONL dumps: field mappings, dataset shapes, bad lines, and our own export."""

from __future__ import annotations

import gzip
import json
from datetime import datetime

import pytest
from conftest import EVAL, STORIES, need, write

from storyline.engine import Engine
from storyline.errors import E_MALFORMED, E_NO_BODY, E_TOO_LARGE
from storyline.ingest import IngestOptions, read_paths
from storyline.ingest.jsondump import parse_mapping


def lines(*records) -> str:
    return "\n".join(json.dumps(r) for r in records) + "\n"


def test_usual_field_names_are_found_without_a_mapping(tmp_path):
    title, date, text = STORIES[0]
    path = write(tmp_path, "dump.jsonl", lines(
        {"headline": title, "content": text, "publishedAt": date, "link": "https://post.example/bridge",
         "source": {"id": None, "name": "Port Elster Post"}, "authors": ["Ines Kaur", "Tom Vale"]}))
    [r] = list(read_paths([path]))
    a = r.article
    assert (a.title, a.outlet, a.url, a.author) == (title, "Port Elster Post", "https://post.example/bridge",
                                                    "Ines Kaur, Tom Vale")
    assert a.published == datetime(2025, 3, 6) and a.published_how == "json"
    assert a.body.startswith("The Harbour Bridge")


def test_a_mapping_names_their_fields_including_nested_ones(tmp_path):
    title, date, text = STORIES[1]
    path = write(tmp_path, "dump.jsonl", lines({"h": title, "t": text, "when": date, "meta": {"site": "Tram Daily"}}))
    options = IngestOptions(fields=parse_mapping("title=h,body=t,published=when,outlet=meta.site"))
    [r] = list(read_paths([path], options))
    assert (r.article.title, r.article.outlet, r.article.published) == (title, "Tram Daily", datetime(2025, 3, 4))


@pytest.mark.parametrize("spec", ["title", "headline=", "colour=red"])
def test_a_bad_mapping_is_refused_with_the_reason(spec):
    with pytest.raises(ValueError):
        parse_mapping(spec)


def test_cluster_lines_multinews_documents_and_json_lists(tmp_path):
    a, b, c = STORIES
    write(tmp_path, "clusters.jsonl", lines({"id": "c1", "date": "2025-03-06", "articles": [
        {"id": "x1", "title": a[0], "text": a[2]}, {"id": "x2", "title": b[0], "text": b[2], "date": b[1]}]}))
    write(tmp_path, "multi.jsonl", lines({"document": f"{a[2]} ||||| {c[2]} |||||  ", "summary": "Two stories."}))
    write(tmp_path, "list.json", json.dumps([{"title": c[0], "text": c[2]}]))
    reads = [r for r in read_paths([tmp_path]) if r.article]
    by = {r.source.rsplit("/", 1)[-1]: r.article for r in reads}
    assert by["clusters.jsonl:1[1]"].published == datetime(2025, 3, 6)  # the cluster's date, as a fallback
    assert by["clusters.jsonl:1[2]"].published == datetime(2025, 3, 4)  # the article's own date wins
    assert by["multi.jsonl:1[1]"].body.startswith("The Harbour Bridge") and by["multi.jsonl:1[2]"].body.startswith("Heavy rain")
    assert by["list.json#1"].title == c[0]
    assert len(reads) == 5


def test_bad_lines_fail_alone_and_say_where(tmp_path):
    title, _, text = STORIES[0]
    path = write(tmp_path, "dump.jsonl.gz", gzip.compress((
        lines({"title": title, "text": text}) + '{"title": "cut off\n' + "[1, 2]\n" +
        lines({"title": "no text", "text": "   "}) + "x" * 5000 + "\n" + lines({"title": "last", "text": text})
    ).encode()))
    reads = list(read_paths([path], IngestOptions(max_bytes=4000)))
    problems = {r.source.rsplit("/", 1)[-1]: r.error.code for r in reads if r.error}
    assert problems == {"dump.jsonl.gz:2": E_MALFORMED, "dump.jsonl.gz:3": E_MALFORMED,
                        "dump.jsonl.gz:4": E_NO_BODY, "dump.jsonl.gz:5": E_TOO_LARGE}
    assert [r.article.title for r in reads if r.article] == [title, "last"]
    assert all(r.raw is not None for r in reads if r.error and r.error.code == E_MALFORMED and ":2" in r.source)


def test_a_json_file_with_no_articles_is_skipped_not_failed(tmp_path):
    write(tmp_path, "gold.json", json.dumps({"events": [["a", "b"]], "storylines": []}))
    [r] = list(read_paths([tmp_path]))
    assert r.error is None and r.skipped.startswith("JSON records with no article text")


def test_the_same_record_in_two_dumps_is_one_article(tmp_path):
    record = {"id": "wire-7", "source": "Elster Wire", "title": STORIES[2][0], "text": STORIES[2][2]}
    write(tmp_path / "a", "one.jsonl", lines(record))
    write(tmp_path / "b", "two.jsonl", lines({**record, "extra": 1}))
    engine = Engine(db=tmp_path / "s.db")
    report = engine.ingest([tmp_path / "a", tmp_path / "b"])
    assert len(report.added) == 1 and len(report.updated) == 1
    engine.close()


def test_the_shared_eval_files_read_as_dumps():
    path = need(EVAL / "mds" / "t17_dev.jsonl")
    reads = []
    for r in read_paths([path]):
        reads.append(r)
        if len(reads) == 50:
            break
    assert all(r.article is not None and r.article.body for r in reads), [r.error for r in reads if r.error][:3]
