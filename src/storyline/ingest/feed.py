"""Reader for RSS and Atom feeds (feedparser): each entry becomes an article.

The entry's own content (else its summary) is the text; with `--fetch` the page
it links to is fetched and read as HTML, and the entry's text serves only when
that fails. The feed's date is taken as given; the feed's title names the outlet
when the page does not.
"""

from __future__ import annotations

import calendar
import json
from collections.abc import Iterator
from datetime import datetime, timezone

from storyline.errors import E_MALFORMED, E_NO_BODY
from storyline.ingest.html import fragment_text, read_html_article
from storyline.ingest.source import IngestOptions, Input, Read, ReadProblem, failed, raw_of, read_all
from storyline.ingest.text import article_id, parse_timestamp, read_text_article

SURE_FEED = 0.95


def parse(data: bytes):
    """feedparser's result; an ReadProblem when the bytes are not a feed at all."""
    import feedparser

    parsed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=True)
    if parsed.bozo and not parsed.entries:
        raise ReadProblem(E_MALFORMED, f"not a valid RSS/Atom feed: {parsed.get('bozo_exception') or 'no entries'}")
    if not parsed.entries and not parsed.feed:
        raise ReadProblem(E_MALFORMED, "not an RSS/Atom feed: no channel and no entries")
    return parsed


def read_feed(item: Input, options: IngestOptions) -> Iterator[Read]:
    parsed = parse(read_all(item, options.max_bytes))
    warning = (f"feed is not well-formed XML ({parsed.get('bozo_exception')}); its readable entries were kept",) \
        if parsed.bozo else ()
    outlet = outlet_of(parsed)
    for number, entry in enumerate(parsed.entries, 1):
        read = entry_read(item.name, number, entry, outlet, options)
        if warning and number == 1:
            read.warnings = read.warnings + warning
        yield read


def outlet_of(parsed) -> str | None:
    """The feed's title names the outlet of its entries."""
    return (parsed.feed.get("title") or "").strip() or None


def entry_key(entry) -> str:
    """What names an entry across polls: its id, else its link, else its title."""
    return str(entry.get("id") or entry.get("link") or entry.get("title") or json.dumps(entry, default=str)[:500])


def entry_read(feed_name: str, number: int, entry, outlet: str | None, options: IngestOptions) -> Read:
    where = f"{feed_name}#{number}"
    link = entry.get("link")
    published = _when(entry)
    meta = {"title": (entry.get("title") or "").strip() or None, "url": link, "outlet": outlet,
            "author": entry.get("author"), "published": published,
            "published_how": "feed", "lang": _lang(entry)}
    if options.fetch and link:
        fetched = _fetch_page(where, link, meta, options)
        if fetched.article is not None:
            return fetched
        fallback_warning = (f"could not fetch {link}: {fetched.error.reason}; the feed's own text was used",)
    else:
        fallback_warning = ()
    raw = raw_of(where, json.dumps(_plain(entry), ensure_ascii=False, sort_keys=True, default=str).encode("utf-8"))
    text = _entry_text(entry)
    if not text.strip():
        return failed(where, E_NO_BODY, "the entry has no content or summary (fetch the page with --fetch)", raw)
    article = read_text_article(raw, text, {k: v for k, v in meta.items() if v})
    article.author = meta["author"]
    if published:
        article.published_sure = SURE_FEED
    article.id = article_id(link, outlet, entry_key(entry))
    return Read(where, article=article, raw=raw, warnings=fallback_warning)


def _fetch_page(where: str, link: str, meta: dict, options: IngestOptions) -> Read:
    from storyline.ingest.fetch import fetcher_of

    try:
        response = fetcher_of(options).get(link)
        raw = raw_of(f"{where} {link}", response.content)
        page_meta = {"url": response.url, "published": meta["published"], "published_how": "feed"}
        article = read_html_article(raw, response.content, {k: v for k, v in page_meta.items() if v})
    except ReadProblem as problem:
        return failed(f"{where} {link}", problem.code, problem.reason)
    article.title = article.title or meta["title"]
    article.outlet = article.outlet or meta["outlet"]
    article.author = article.author or meta["author"]
    if meta["published"]:
        article.published_sure = SURE_FEED
    article.id = article_id(link, None)  # the feed's link names it, whatever the redirects
    return Read(f"{where} {link}", article=article, raw=raw)


def _entry_text(entry) -> str:
    parts = entry.get("content") or []
    html = max((p.get("value") or "" for p in parts), key=len, default="") or entry.get("summary") or ""
    return fragment_text(html) if "<" in html else html


def _when(entry) -> str | None:
    """The entry's own timestamp, offset and all ("Mon, 11 Sep 2023 22:30:00 -0400"): the
    outlet's wall clock gives its day. feedparser's parsed form is UTC: the fallback."""
    for key in ("published", "updated", "created"):
        raw = entry.get(key)
        if isinstance(raw, str) and parse_timestamp(raw)[0] is not None:
            return raw
        value = entry.get(f"{key}_parsed")
        if value:
            return datetime.fromtimestamp(calendar.timegm(value), tz=timezone.utc).isoformat()
    return None


def _lang(entry) -> str | None:
    detail = entry.get("title_detail") or {}
    lang = detail.get("language") if hasattr(detail, "get") else None
    return lang.split("-")[0].lower() if lang else None


def _plain(entry) -> dict:
    return {k: v for k, v in entry.items() if not k.endswith("_parsed")}
