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
    before = {a.id: (a.title, a.outlet, a.published, a.published_offset, a.published_how, a.lang) for a in first.articles()}
    after = {a.id: (a.title, a.outlet, a.published, a.published_offset, a.published_how, a.lang) for a in second.articles()}
    assert after == before
    assert sorted(sorted(e.article_ids) for e in second.events()) == sorted(sorted(e.article_ids) for e in first.events())
    first.close()
    second.close()


def test_a_utc_offset_survives_the_round_trip(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "late.txt").write_text("Late sitting ends\n\nThe council sat until late on Monday.\n", encoding="utf-8")
    (folder / "meta.jsonl").write_text(json.dumps({"file": "late.txt", "outlet": "Evening Post",
                                                   "published": "2025-03-10T23:50:00+05:30"}) + "\n", encoding="utf-8")
    first = Engine(db=tmp_path / "a.db")
    first.ingest([folder])
    [line] = [json.loads(x) for x in export_lines(first) if '"article"' in x[:20]]
    assert line["published"] == "2025-03-10T23:50:00+05:30"
    (tmp_path / "export.jsonl").write_text(json.dumps(line) + "\n", encoding="utf-8")
    second = Engine(db=tmp_path / "b.db")
    second.ingest([tmp_path / "export.jsonl"])
    [a] = second.articles()
    assert (a.published.isoformat(), a.published_offset) == ("2025-03-10T23:50:00", 330)
    first.close()
    second.close()
