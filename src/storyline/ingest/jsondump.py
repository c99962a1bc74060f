"""Reader for JSON and JSONL dumps of news datasets.

A record becomes an article through a field mapping: ours (title, body,
published, url, outlet, author, lang, id) to theirs, given with `--map` or found
among the usual names. Records are found in the shapes datasets use:

- one article a line (JSONL) or a JSON list of articles;
- a cluster a line, ``{"articles": [...]}`` (WCEP, ../shared/eval/mds, our piles);
- Multi-News, ``{"document": "first ||||| second", "summary": ...}``: one article
  per ``|||||``-separated document;
- our own ``storyline export`` lines (``"type": "article"``; event and storyline
  lines are skipped, as events are rebuilt from the articles).

JSONL is streamed line by line, so a dump of any size reads in bounded memory.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime

from storyline.errors import E_MALFORMED, E_NO_BODY, E_TOO_LARGE
from storyline.ingest.html import fragment_text, has_markup
from storyline.ingest.source import IngestOptions, Input, Read, ReadProblem, failed, human_size, open_stream, raw_of, read_all
from storyline.ingest.text import article_id, read_text_article

FIELDS: dict[str, tuple[str, ...]] = {
    "id": ("id", "article_id", "doc_id", "uuid", "guid"),
    "title": ("title", "headline", "name", "heading"),
    "body": ("body", "text", "content", "articleBody", "article", "maintext", "full_text", "story", "document",
             "description", "summary_text"),
    "published": ("published", "date", "publish_date", "date_publish", "pubDate", "published_at", "publishedAt",
                  "datetime", "time", "timestamp", "seendate", "date_published"),
    "url": ("url", "link", "source_url", "uri", "canonical_url", "href"),
    "outlet": ("outlet", "source", "source_name", "site", "source_domain", "sitename", "site_name", "publisher",
               "domain", "media"),
    "author": ("author", "authors", "byline", "creator"),
    "lang": ("lang", "language"),
}
MULTI_NEWS_SEPARATOR = "|||||"
EXPORT_FORMAT = "storyline-export/1"  # the "format" of `storyline export` article lines
EXPORT_SKIPPED = {"event", "storyline"}


def parse_mapping(spec: str) -> dict[str, str]:
    """"title=headline,body=text" -> {"title": "headline", "body": "text"}; a dotted name
    (``outlet=source.name``) reaches into nested objects."""
    mapping = {}
    for part in (p.strip() for p in spec.split(",")):
        if not part:
            continue
        ours, sep, theirs = part.partition("=")
        ours, theirs = ours.strip(), theirs.strip()
        if not sep or not theirs:
            raise ValueError(f"{part!r} is not ours=theirs")
        if ours not in FIELDS:
            raise ValueError(f"{ours!r} is not a field storyline maps; it maps {', '.join(FIELDS)}")
        mapping[ours] = theirs
    return mapping


def read_json(item: Input, options: IngestOptions) -> Iterator[Read]:
    """Every record of a JSON document or a JSONL stream."""
    if item.suffixes.startswith(".json") and not item.suffixes.startswith(".jsonl"):
        data = read_all(item, options.max_bytes)
        try:
            value = json.loads(data)
        except json.JSONDecodeError as exc:
            if exc.msg != "Extra data":  # several objects: JSON lines in a .json file
                raise ReadProblem(E_MALFORMED, f"malformed JSON ({exc.msg} at line {exc.lineno} column {exc.colno})") from exc
        else:
            records = value if isinstance(value, list) else [value]
            for number, record in enumerate(records, 1):
                yield from _records(f"{item.name}#{number}", record, options, item.meta)
            return
    with open_stream(item) as handle:
        number = 0
        while True:
            line = handle.readline(options.max_bytes + 1)
            if not line:
                return
            number += 1
            where = f"{item.name}:{number}"
            if len(line) > options.max_bytes and not line.endswith(b"\n"):
                while (rest := handle.readline(1024 * 1024)) and not rest.endswith(b"\n"):
                    pass  # skip to the end of the oversized line
                yield failed(where, E_TOO_LARGE, f"line over the {human_size(options.max_bytes)} cap")
                continue
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                reason = exc.msg if isinstance(exc, json.JSONDecodeError) else "not UTF-8"
                yield failed(where, E_MALFORMED, f"malformed JSON line ({reason})", raw_of(where, line))
                continue
            yield from _records(where, record, options, item.meta)


def _records(where: str, record, options: IngestOptions, meta: dict) -> Iterator[Read]:
    """The articles one JSON value holds, by its shape."""
    if not isinstance(record, dict):
        yield failed(where, E_MALFORMED, f"a record must be a JSON object, not {type(record).__name__}")
        return
    kind = record.get("type")
    if isinstance(kind, str) and kind in EXPORT_SKIPPED:
        yield Read(where, skipped=f"storyline export: {kind} lines (rebuilt from the articles)")
        return
    if isinstance(record.get("articles"), list):  # a cluster: its articles, with its date as a fallback
        shared = {k: record[k] for k in ("date", "published") if isinstance(record.get(k), str)}
        for number, inner in enumerate(record["articles"], 1):
            if isinstance(inner, dict):
                yield from _records(f"{where}[{number}]", {**shared, **inner}, options, meta)
            else:
                yield failed(f"{where}[{number}]", E_MALFORMED, "an article must be a JSON object")
        return
    body = _field(record, "body", options.fields)
    if isinstance(body, str) and MULTI_NEWS_SEPARATOR in body:
        for number, part in enumerate(body.split(MULTI_NEWS_SEPARATOR), 1):
            if part.strip():
                yield _article(f"{where}[{number}]", {**record, "document": part}, options, meta,
                               {"body": "document"})
        return
    yield _article(where, record, options, meta)


def _article(where: str, record: dict, options: IngestOptions, meta: dict, forced: dict | None = None) -> Read:
    mapping = {**options.fields, **(forced or {})}
    raw = raw_of(where, json.dumps(record, ensure_ascii=False, sort_keys=True).encode("utf-8"))
    body = _field(record, "body", mapping)
    if body is None and "body" not in mapping:  # a JSON file that holds no articles (a gold file, a config)
        return Read(where, skipped="JSON records with no article text field (name one with --map body=FIELD)")
    if not isinstance(body, str) or not body.strip():
        return failed(where, E_NO_BODY, f"no text in the record (looked for {_names('body', mapping)}; "
                                        "name it with --map body=FIELD)", raw)
    if has_markup(body):
        body = fragment_text(body)
    found = {key: _text(_field(record, key, mapping)) for key in FIELDS if key != "body"}
    given = {**{k: v for k, v in found.items() if v}, **{k: v for k, v in meta.items() if v}}
    given["published_how"] = "json"
    article = read_text_article(raw, body, given)
    # the dataset's own id names the article, else its content does
    article.id = article_id(given.get("url"), given.get("outlet"), given.get("id") or raw.id)
    article.author = given.get("author")
    if record.get("format") == EXPORT_FORMAT:  # our own export: ids and date provenance come back as they were
        article.id = str(record.get("id") or article.id)
        article.published_how = record.get("published_how") or article.published_how
        article.published_sure = record.get("published_sure")
        article.title, article.outlet = record.get("title"), record.get("outlet")  # "source" there is our path
    shown = tuple(n for n in article.notes if n.startswith("[W"))
    return Read(where, article=article, raw=raw, warnings=shown)


def _field(record: dict, ours: str, mapping: dict[str, str]):
    if ours in mapping:
        value = record
        for part in mapping[ours].split("."):
            value = value.get(part) if isinstance(value, dict) else None
        return value
    for name in FIELDS[ours]:
        if record.get(name) not in (None, "", []):
            return record[name]
    return None


def _names(ours: str, mapping: dict[str, str]) -> str:
    return mapping[ours] if ours in mapping else ", ".join(FIELDS[ours])


def _text(value) -> str | None:
    """A field as text: lists of authors joined, a nested {"name": …} (NewsAPI's source) read,
    numbers (epoch seconds) as an ISO date."""
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, list):
        parts = [_text(v) for v in value]
        return ", ".join(p for p in parts if p) or None
    if isinstance(value, dict):
        return _text(value.get("name") or value.get("title") or value.get("id"))
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        seconds = value / 1000 if value > 10 ** 11 else value
        try:
            return datetime.utcfromtimestamp(seconds).isoformat()
        except (OverflowError, OSError, ValueError):
            return None
    return str(value)
