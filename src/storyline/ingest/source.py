"""One input to read: a file, an archive member, a WARC record or a fetched URL.

Readers get an `Input` and never touch paths or sockets themselves, so every
kind of container (folder, zip, tar, WARC, feed) feeds the same readers, and the
size caps and the gzip guard are applied in one place.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from storyline.errors import E_TOO_LARGE, E_UNREADABLE
from storyline.model import Article, IngestError, RawInput

MB = 1024 * 1024
GZIP_MAGIC = b"\x1f\x8b"


@dataclass(slots=True)
class IngestOptions:
    max_bytes: int = 20 * MB  # one document (file, member, record, response) larger than this is refused
    max_archive_bytes: int = 2 * 1024 * MB  # all members of one archive, inflated
    max_archive_files: int = 100_000
    max_ratio: int = 200  # inflated size over stored size of one archive member: past it, a bomb
    fields: dict[str, str] = field(default_factory=dict)  # JSON field mapping, ours -> theirs ("body" -> "text")
    fetch: bool = False  # fetch the pages that feed entries link to
    fetcher: object | None = None  # a storyline.ingest.fetch.Fetcher for URLs; made on first use


@dataclass(slots=True)
class Read:
    """One input: an article and its raw bytes, an error (raw kept where there is any),
    or a skip (a WARC redirect, a file of a type no reader takes) counted by its reason."""

    source: str
    article: Article | None = None
    raw: RawInput | None = None
    error: IngestError | None = None
    warnings: tuple[str, ...] = ()
    skipped: str | None = None


def failed(source: str, code: str, reason: str, raw: RawInput | None = None) -> Read:
    return Read(source, raw=raw, error=IngestError(source, code, reason, raw.id if raw else None))


class ReadProblem(Exception):
    """An input that cannot be read; the batch goes on."""

    def __init__(self, code: str, reason: str):
        super().__init__(reason)
        self.code = code
        self.reason = reason


@dataclass(slots=True)
class Input:
    name: str  # what errors and reports call it: a path, a URL, "crawl.warc.gz#1234", "pile.zip!a/b.html"
    opener: Callable[[], BinaryIO]
    size: int | None = None  # bytes as stored, when known before reading
    meta: dict = field(default_factory=dict)  # sidecar or container metadata: url, outlet, published, …
    depth: int = 0  # how many containers (archives, WARCs, feeds) it sits in

    @property
    def suffixes(self) -> str:
        """".html", ".warc.gz": the lower-cased type suffixes of the last path part."""
        tail = self.name.replace("\\", "/").rsplit("/", 1)[-1].rsplit("!", 1)[-1].lower()
        if "?" in tail:
            tail = tail.split("?", 1)[0]
        parts = tail.split(".")[1:]
        return "." + ".".join(parts[-2:]) if parts else ""


def from_bytes(name: str, data: bytes, meta: dict | None = None, depth: int = 0) -> Input:
    return Input(name, lambda: io.BytesIO(data), len(data), dict(meta or {}), depth)


def read_all(item: Input, max_bytes: int) -> bytes:
    """The input's bytes, gunzipped when they are gzip, refused past `max_bytes` either way
    (a decompression bomb stops at the cap, it is never inflated in full)."""
    if item.size is not None and item.size > max_bytes:
        raise ReadProblem(E_TOO_LARGE, f"{human_size(item.size)}, over the {human_size(max_bytes)} cap (raise it with --max-mb)")
    try:
        with item.opener() as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise ReadProblem(E_UNREADABLE, f"cannot read: {exc.strerror or exc}") from exc
    if len(data) > max_bytes:
        raise ReadProblem(E_TOO_LARGE, f"over the {human_size(max_bytes)} cap (raise it with --max-mb)")
    if data[:2] == GZIP_MAGIC:
        data = gunzip(data, max_bytes)
    return data


def gunzip(data: bytes, max_bytes: int) -> bytes:
    """Inflate at most `max_bytes`; a truncated or corrupt stream is a ReadProblem."""
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, max_bytes + 1)
    except zlib.error as exc:
        raise ReadProblem(E_UNREADABLE, f"corrupt gzip data: {exc}") from exc
    if len(out) > max_bytes or inflater.unconsumed_tail:
        raise ReadProblem(E_TOO_LARGE, f"inflates to over the {human_size(max_bytes)} cap")
    if not inflater.eof:
        raise ReadProblem(E_UNREADABLE, "truncated gzip data: the stream ends before its end marker")
    return out


def open_stream(item: Input) -> BinaryIO:
    """A streaming handle, gunzipped on the fly when the bytes are gzip (WARC, JSONL)."""
    handle = item.opener()
    head = handle.read(2)
    handle.seek(0)
    return gzip.GzipFile(fileobj=handle) if head == GZIP_MAGIC else handle


def one_document(item: Input, options: IngestOptions, build: Callable[[RawInput, bytes, dict], Article]) -> Iterator[Read]:
    """The read of a one-article input: its bytes within the caps, kept raw, and `build`'s
    article (a ReadProblem from `build` fails the input with its raw bytes kept)."""
    try:
        data = read_all(item, options.max_bytes)
    except ReadProblem as problem:
        yield failed(item.name, problem.code, problem.reason)
        return
    raw = raw_of(item.name, data)
    try:
        article = build(raw, data, item.meta)
    except ReadProblem as problem:
        yield failed(item.name, problem.code, problem.reason, raw)
        return
    # what had to be guessed or is missing is said in the output, not only stored
    shown = tuple(n for n in article.notes if n.startswith("[W") or n.startswith("title taken"))
    yield Read(item.name, article=article, raw=raw, warnings=shown)


def raw_of(source: str, data: bytes) -> RawInput:
    return RawInput(id="r" + hashlib.sha256(data).hexdigest()[:16], source=source, data=data)


def human_size(n: int) -> str:
    for unit, size in (("GB", 1024 ** 3), ("MB", MB), ("KB", 1024)):
        if n >= size:
            return f"{n / size:.1f} {unit}".replace(".0 ", " ")
    return f"{n} bytes"
