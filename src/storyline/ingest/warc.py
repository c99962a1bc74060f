"""Reader for WARC crawls (.warc, .warc.gz): the HTML responses become articles.

Streamed record by record with warcio (pure Python, reads and writes WARC; our
time goes to extraction, not to parsing the container), so a crawl of any size
reads in constant memory: the size cap applies to one record's payload. Requests,
metadata, redirects, other statuses, non-HTML responses and pages with no story
are skipped and counted by why.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator

from storyline.errors import E_MALFORMED, E_TOO_LARGE
from storyline.ingest.html import looks_like_html, read_html_article
from storyline.ingest.source import IngestOptions, Input, Read, ReadProblem, failed, human_size, open_stream, raw_of

MIN_WORDS = 40  # an extracted text shorter than this is an index or error page, not an article


def read_warc(item: Input, options: IngestOptions) -> Iterator[Read]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    with open_stream(item) as handle:
        records = iter(ArchiveIterator(handle, arc2warc=True))
        number = 0
        while True:
            try:
                record = next(records)
            except StopIteration:
                return
            except (ArchiveLoadFailed, ValueError, EOFError, OSError, zlib.error) as exc:
                # the container cannot be followed past a broken record: what was read stays read
                yield failed(f"{item.name}#{number + 1}", E_MALFORMED, f"broken WARC record, reading stops here: {exc}")
                return
            number += 1
            headers = record.rec_headers
            if not headers.get_header("WARC-Type") or not (headers.get_header("Content-Length") or "").isdigit():
                yield failed(f"{item.name}#{number}", E_MALFORMED,
                             "broken WARC record (no WARC-Type or Content-Length), reading stops here")
                return
            yield from _record(item, number, record, options)


def _record(item: Input, number: int, record, options: IngestOptions) -> Iterator[Read]:
    kind = record.rec_type
    if kind in ("request", "metadata", "warcinfo", "resource", "revisit", "conversion", "continuation"):
        if kind != "warcinfo":
            yield Read(f"{item.name}#{number}", skipped=f"WARC: {kind} records")
        return
    uri = record.rec_headers.get_header("WARC-Target-URI") or ""
    where = f"{item.name}#{number} {uri}".strip()
    status = record.http_headers.get_statuscode() if record.http_headers else None
    if status and status.startswith("3"):
        yield Read(where, skipped=f"WARC: redirects ({status})")
        return
    if status and status != "200":
        yield Read(where, skipped=f"WARC: status {status}")
        return
    content_type = (record.http_headers.get_header("Content-Type") or "").lower() if record.http_headers else ""
    if content_type and "html" not in content_type:
        yield Read(where, skipped=f"WARC: not HTML ({content_type.split(';')[0].strip()})")
        return
    try:
        data = record.content_stream().read(options.max_bytes + 1)
    except (OSError, ValueError, EOFError, zlib.error) as exc:  # a payload cut short, a bad transfer encoding
        yield failed(where, E_MALFORMED, f"unreadable WARC payload: {exc}")
        return
    if len(data) > options.max_bytes:
        yield failed(where, E_TOO_LARGE, f"record over the {human_size(options.max_bytes)} cap")
        return
    if not content_type and not looks_like_html(data):
        yield Read(where, skipped="WARC: not HTML")
        return
    raw = raw_of(where, data)
    meta = {**item.meta, "url": uri} if uri else dict(item.meta)
    try:
        article = read_html_article(raw, data, meta)
    except ReadProblem as problem:
        yield failed(where, problem.code, problem.reason, raw)
        return
    if len(article.body.split()) < MIN_WORDS:
        yield Read(where, skipped="WARC: pages with no story (index, error or media pages)")
        return
    yield Read(where, article=article, raw=raw,
               warnings=tuple(n for n in article.notes if n.startswith("[W")))
