"""Reader for plain-text and Markdown articles (.txt, .md).

The title is the sidecar's, else a heading-shaped first line; the publication
date is the sidecar's, else a dateline in the first lines, else left empty.
"""

from __future__ import annotations

import re
from datetime import datetime
from email.utils import parsedate_to_datetime

from storyline.errors import W_NO_DATE, W_NO_TITLE
from storyline.ingest.decode import DecodeProblem, decode
from storyline.ingest.source import IngestOptions, Input, ReadProblem, one_document
from storyline.model import Article, RawInput, stable_id
from storyline.textutil import is_heading_shaped, normalise_line

_DATELINE = re.compile(
    r"^\s*(?:published|posted|updated|date|first published)\s*(?:on|:)?\s*:?\s*(?P<date>.{6,40}?)\s*$",
    re.IGNORECASE,
)
_BYLINE = re.compile(r"^(?:by|from|words by)\s+[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3}(?:\s+(?:and|&)\s+[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3})?(?:,\s*[\w .'-]{2,40})?$", re.IGNORECASE)
_BARE_DATE = re.compile(
    r"^\s*(?:\w+day,?\s+)?(?P<date>(?:\d{1,2}\s+[A-Z][a-z]+\.?\s+\d{4}|[A-Z][a-z]+\.?\s+\d{1,2},?\s+\d{4}|\d{4}-\d{2}-\d{2}))"
    r"(?:\s+\d{1,2}[:.]\d{2}.*)?\s*$"
)


def read_text(item: Input, options: IngestOptions):
    """A plain-text or Markdown file: one article."""
    return one_document(item, options, _text_article)


def _text_article(raw: RawInput, data: bytes, meta: dict) -> Article:
    try:
        text, warnings = decode(data)
    except DecodeProblem as problem:
        raise ReadProblem(problem.code, problem.reason) from problem
    article = read_text_article(raw, text, meta)
    article.notes[:0] = [f"[{code}] {message}" for code, message in warnings]
    return article


def read_text_article(raw: RawInput, text: str, meta: dict | None) -> Article:
    meta = meta or {}
    lines = text.split("\n")
    notes: list[str] = []
    article_id = file_article_id(meta.get("url"), meta.get("outlet"), raw)
    lines = _drop_leading_blank(lines)
    while lines and _BYLINE.match(lines[0].strip()):  # "By Marta Eld, Saltmere": an author, not a title
        notes.append(f"byline: {lines[0].strip()}")
        lines = _drop_leading_blank(lines[1:])
    published, how, offset = None, None, None
    if meta.get("published"):
        published, offset = parse_timestamp(meta["published"])
        how = meta.get("published_how", "sidecar") if published else None
        if published is None:
            notes.append(f"[{W_NO_DATE}] given date {meta['published']!r} not understood")
    if published is None:  # before the title: a dateline is not a title
        published, consumed = _dateline(lines)
        if published is not None:
            how = "text"
            lines = _drop_leading_blank(lines[:consumed[0]] + lines[consumed[1]:])
            notes.append("publication date taken from a dateline in the text")
        else:
            notes.append(f"[{W_NO_DATE}] no publication date in the sidecar or the text")

    title = meta.get("title")
    if title:
        if lines and normalise_line(lines[0]) == normalise_line(title):
            lines = lines[1:]
    elif lines and is_heading_shaped(lines[0]) and len(lines) > 1:
        # the short lines above the first paragraph: site chrome ("Radio X | Region"),
        # section names and the headline; the headline is the longest of them
        top = []
        for line in lines[: min(3, len(lines) - 1)]:
            if not line.strip() or not is_heading_shaped(line):
                break
            top.append(line.strip())
        title = max([t for t in top if " | " not in t] or top, key=len)
        notes += [f"header line dropped: {t}" for t in top if t != title]
        lines = lines[len(top):]
        notes.append("title taken from the first line" if len(top) == 1 else "title taken from the lines above the story")
    else:
        notes.append(f"[{W_NO_TITLE}] no title in the sidecar or the text")
    return Article(
        id=article_id,
        source=raw.source,
        body="\n".join(lines).strip(),
        outlet=meta.get("outlet"),
        title=title,
        url=meta.get("url"),
        published=published,
        published_how=how,
        published_sure=None if published is None else 1.0 if how != "text" else SURE_DATELINE,
        published_offset=offset,
        lang=meta.get("lang"),
        translated_from=meta.get("translated_from"),
        raw_id=raw.id,
        notes=notes,
    )


SURE_DATELINE = 0.8  # a date written at the top of the text: usually the publication date, sometimes an update

_FORMATS = ("%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y", "%B %d %Y", "%b. %d, %Y", "%Y/%m/%d", "%d/%m/%Y")


def parse_date(value: str) -> datetime | None:
    """ISO and the common English forms directly; anything else through dateparser
    (slow to start: about a second on first use)."""
    return parse_timestamp(value)[0]


def parse_timestamp(value: str) -> tuple[datetime | None, int | None]:
    """(the writer's wall-clock time, its UTC offset in minutes when the value gives one).
    The wall clock is kept, not converted to UTC: its day is the day the outlet's "today" and
    "on Monday" count from; the offset is kept beside it (`Article.published_offset`)."""
    text = value.strip()
    try:
        stamp = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        stamp = _rfc822(text)
    if stamp is not None:
        offset = stamp.utcoffset()
        return stamp.replace(tzinfo=None), None if offset is None else int(offset.total_seconds() // 60)
    return _parse_day(text), None


def _rfc822(text: str) -> datetime | None:
    """ "Mon, 11 Sep 2023 22:30:00 -0400", the form of RSS and e-mail, with its offset."""
    if not re.search(r"\d:\d\d", text):
        return None
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None


def _parse_day(text: str) -> datetime | None:
    for fmt in _FORMATS:
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    import dateparser

    parsed = dateparser.parse(text, settings={"PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False})
    return parsed.replace(tzinfo=None) if parsed else None


def article_id(url: str | None, outlet: str | None, *keys: str) -> str:
    """Same URL, same article; without one, the outlet and the input's own keys name it, so
    the same wire text from two outlets is two articles."""
    if url:
        return stable_id(normalise_url(url), prefix="a")
    return stable_id(outlet or "", *keys, prefix="a")


def file_article_id(url: str | None, outlet: str | None, raw: RawInput) -> str:
    """The id of a one-article file: its URL, else outlet, file name and the bytes' hash."""
    return article_id(url, outlet, raw.source.replace("\\", "/").rsplit("/", 1)[-1], raw.id)


def normalise_url(url: str) -> str:
    """Same article, same id: drop the fragment, tracking query and trailing slash."""
    url = url.strip().split("#", 1)[0]
    base, _, query = url.partition("?")
    kept = [p for p in query.split("&") if p and not p.lower().startswith(("utm_", "fbclid", "gclid"))]
    base = re.sub(r"^https?://(www\.)?", "", base, flags=re.IGNORECASE).rstrip("/").lower()
    return base + ("?" + "&".join(sorted(kept)) if kept else "")


def _drop_leading_blank(lines: list[str]) -> list[str]:
    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    return lines[i:]


def _dateline(lines: list[str]) -> tuple[datetime | None, tuple[int, int]]:
    """A date stated on one of the first non-empty lines; the line is then removed."""
    seen = 0
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        seen += 1
        if seen > 3:
            break
        match = _DATELINE.match(line) or _BARE_DATE.match(line)
        if match:
            parsed = parse_date(match.group("date"))
            if parsed is not None:
                return parsed, (i, i + 1)
    return None, (0, 0)
