"""`storyline export` writes JSON lines that `storyline ingest` reads back into the same articles."""

from __future__ import annotations

import json

from conftest import EXAMPLE

from storyline.engine import Engine
from storyline.export import export_lines


def test_an_export_round_trips_articles_and_rebuilds_the_same_events(tmp_path):
    first = Engine(db=tmp_path / "a.db")
    first.ingest([EXAMPLE])
    lines = list(export_lines(first))
    kinds = [json.loads(line)["type"] for line in lines]
    assert kinds.count("article") == len(first.articles()) and kinds.count("event") == len(first.events())
    (tmp_path / "export.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")

    second = Engine(db=tmp_path / "b.db")
    report = second.ingest([tmp_path / "export.jsonl"])
    assert report.ok and sum(report.skipped.values()) == kinds.count("event") + kinds.count("storyline")
    before = {a.id: (a.title, a.outlet, a.published, a.published_how, a.lang) for a in first.articles()}
    after = {a.id: (a.title, a.outlet, a.published, a.published_how, a.lang) for a in second.articles()}
    assert after == before
    assert sorted(sorted(e.article_ids) for e in second.events()) == sorted(sorted(e.article_ids) for e in first.events())
    first.close()
    second.close()
