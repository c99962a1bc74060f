"""`storyline export`: the store as JSON lines that `storyline ingest` reads back.

One line per record, ``"type"`` first: ``article`` (text and metadata), then
``event`` and ``storyline`` (which articles and events they hold). Ingesting an
export rebuilds events from the articles; the event lines are there for readers
of the file (and are skipped, counted, on ingest).
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from storyline.engine import Engine
from storyline.ingest.jsondump import EXPORT_FORMAT as EXPORT_VERSION
BATCH = 500


def export_lines(engine: Engine) -> Iterator[str]:
    ids = [a.id for a in engine.store.articles(light=True)]
    for start in range(0, len(ids), BATCH):
        for a in engine.store.articles(ids[start: start + BATCH]):
            yield _line({"type": "article", "format": EXPORT_VERSION, "id": a.id, "title": a.title, "body": a.body,
                         "outlet": a.outlet, "url": a.url, "author": a.author, "lang": a.lang,
                         "published": a.published_stamp,
                         "published_how": a.published_how, "published_sure": a.published_sure,
                         "translated_from": a.translated_from, "source": a.source})
    for e in engine.store.events():
        yield _line({"type": "event", "id": e.id, "label": e.label, "storyline_id": e.storyline_id,
                     "first_seen": e.first_seen.isoformat() if e.first_seen else None,
                     "last_seen": e.last_seen.isoformat() if e.last_seen else None, "article_ids": e.article_ids})
    for s in engine.store.storylines():
        yield _line({"type": "storyline", "id": s.id, "label": s.label, "event_ids": s.event_ids})


def _line(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False)
