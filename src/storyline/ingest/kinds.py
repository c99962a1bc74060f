"""The one table of readers: which inputs each takes, by name or by content.

Every place that needs to know what storyline reads (folder walks, archives,
URLs, the E107 message, the README) asks this table.
"""

from __future__ import annotations

import logging
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from storyline.errors import E_MALFORMED, E_UNSUPPORTED
from storyline.ingest.source import GZIP_MAGIC, IngestOptions, Input, Read, ReadProblem, failed

log = logging.getLogger(__name__)
MAX_DEPTH = 3  # containers inside containers: an archive in an archive in an archive, no deeper

Reader = Callable[[Input, IngestOptions], Iterator[Read]]


@dataclass(frozen=True, slots=True)
class Kind:
    name: str
    label: str  # how E107 and the ingest table name it
    suffixes: tuple[str, ...]  # longest first where they overlap (".warc.gz" before ".gz")
    reader: Callable[[], Reader]  # imported on first use: HTML and WARC pull in heavy modules
    sniff: Callable[[bytes], bool] | None = None  # recognises the kind from the first bytes


def _text():
    from storyline.ingest.text import read_text
    return read_text


def _html():
    from storyline.ingest.html import read_html
    return read_html


def _warc():
    from storyline.ingest.warc import read_warc
    return read_warc


def _feed():
    from storyline.ingest.feed import read_feed
    return read_feed


def _json():
    from storyline.ingest.jsondump import read_json
    return read_json


def _archive():
    from storyline.ingest.archive import read_archive
    return read_archive


def _is_html(head: bytes) -> bool:
    from storyline.ingest.html import looks_like_html
    return looks_like_html(head)


def _is_feed(head: bytes) -> bool:
    start = head[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return (start.startswith((b"<?xml", b"<rss", b"<feed", b"<rdf")) and
            any(tag in head[:4096].lower() for tag in (b"<rss", b"<feed", b"<rdf:rdf", b"<channel")))


def _is_warc(head: bytes) -> bool:
    return head.startswith((b"WARC/1.", b"WARC/0."))


def _is_json(head: bytes) -> bool:
    return head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"[")


def _is_archive(head: bytes) -> bool:
    return head.startswith(b"PK\x03\x04") or head[257:262] == b"ustar"


KINDS = (
    Kind("archive", "archives (.zip, .tar, .tar.gz, .tgz)", (".tar.gz", ".tgz", ".tar", ".zip"), _archive, _is_archive),
    Kind("warc", "WARC crawls (.warc, .warc.gz)", (".warc.gz", ".warc"), _warc, _is_warc),
    Kind("html", "HTML pages (.html, .htm, .xhtml, gzipped too)",
         (".html.gz", ".htm.gz", ".html", ".htm", ".xhtml", ".shtml"), _html, _is_html),
    Kind("feed", "RSS/Atom feeds (.rss, .atom, .xml)", (".rss", ".atom", ".xml", ".rss.gz", ".xml.gz"), _feed, _is_feed),
    Kind("json", "JSON and JSONL dumps (.json, .jsonl, .ndjson, gzipped too)",
         (".jsonl.gz", ".json.gz", ".ndjson.gz", ".jsonl", ".ndjson", ".json"), _json, _is_json),
    Kind("text", "plain text (.txt, .md, .markdown, .text)", (".txt", ".md", ".markdown", ".text"), _text),
)
BY_NAME = {k.name: k for k in KINDS}
SNIFF_BYTES = 4096


def described() -> str:
    """What storyline reads, for messages: "HTML pages (.html, …), …"."""
    return "; ".join(k.label for k in KINDS)


def by_suffix(name: str) -> Kind | None:
    lower = name.lower().split("?", 1)[0]
    for kind in KINDS:
        if lower.endswith(kind.suffixes):
            return kind
    return None


def sniff(head: bytes) -> Kind | None:
    """The kind the content shows (gzip looked into), or None for anything else."""
    if head[:2] == GZIP_MAGIC:
        try:
            head = _gunzip_head(head)
        except ReadProblem:
            return None
    for kind in KINDS:
        if kind.sniff is not None and kind.sniff(head):
            return kind
    return None


def _gunzip_head(head: bytes) -> bytes:
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, SNIFF_BYTES)
    except zlib.error as exc:
        raise ReadProblem(E_MALFORMED, f"corrupt gzip data: {exc}") from exc


def kind_of(item: Input) -> Kind | None:
    """By name first; a text file holding an HTML page, or a file with no known suffix,
    by its first bytes."""
    named = by_suffix(item.name)
    if named is not None and named.sniff is not None:
        return named
    try:
        with item.opener() as handle:
            head = handle.read(SNIFF_BYTES)
    except OSError:
        return named  # the reader reports the failure with its reason
    seen = sniff(head)
    if named is not None and named.name == "text":
        return BY_NAME["html"] if seen is not None and seen.name == "html" else named
    return seen


def read_input(item: Input, options: IngestOptions, kind: Kind | None = None) -> Iterator[Read]:
    """Every read of one input, by the reader of its kind; a reader that breaks on hostile
    input fails that input only."""
    kind = kind or kind_of(item)
    if kind is None:
        yield failed(item.name, E_UNSUPPORTED, f"no reader for this file type; storyline reads {described()}")
        return
    if kind.name in ("archive", "warc", "feed", "json") and item.depth >= MAX_DEPTH:
        yield failed(item.name, E_UNSUPPORTED, f"nested {MAX_DEPTH} containers deep: not opened")
        return
    try:
        yield from kind.reader()(item, options)
    except ReadProblem as problem:
        yield failed(item.name, problem.code, problem.reason)
    except Exception as exc:  # noqa: BLE001 — parsers (warcio, feedparser, lxml) raise anything on hostile bytes
        log.debug("reader %s failed on %s", kind.name, item.name, exc_info=True)
        yield failed(item.name, E_MALFORMED, f"unreadable {kind.name} input: {type(exc).__name__}: {exc}")


__all__ = ["KINDS", "Kind", "by_suffix", "described", "kind_of", "read_input", "sniff"]
